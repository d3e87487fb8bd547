//! The one app factory (shared by `main` and the tests) and the server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::http::state::AppState;
use crate::http::{self, MethodTable};

/// The application with every route, the Swagger UI and the fallbacks.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(http::openapi::ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .configure(http::configure)
        .split_for_parts();
    let table = MethodTable::from_document(&api);
    app.app_data(web::Data::new(table))
        .service(
            SwaggerUi::new("/swagger-ui/{_:.*}")
                .url("/openapi.json", api)
                .config(
                    // No validator badge: it would call validator.swagger.io from the browser.
                    Config::default()
                        .validator_url("none")
                        .try_it_out_enabled(true)
                        .display_operation_id(true),
                ),
        )
        .default_service(web::to(http::fallback))
        .wrap(from_fn(http::middleware::request_context))
}

/// Starts the server on a bound listener.
pub fn run(
    listener: TcpListener,
    state: AppState,
    workers: Option<usize>,
) -> std::io::Result<Server> {
    let mut server = HttpServer::new(move || app(state.clone())).listen(listener)?;
    if let Some(w) = workers {
        server = server.workers(w.max(1));
    }
    Ok(server.run())
}

/// Binds the address.
pub fn bind(host: &str, port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind((host, port))
}

pub fn state(catalog: Arc<crate::engine::catalog::Catalog>) -> AppState {
    AppState::new(catalog)
}
