//! The one app factory (shared by `main` and the tests) and the server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpServer};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::http::state::AppState;
use crate::http::{self, MethodTable};

/// Server settings beyond the shared state.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub workers: Option<usize>,
    /// Origins allowed by CORS; empty = no CORS headers at all.
    pub cors_origins: Vec<String>,
    pub shutdown_grace_secs: u64,
    /// Serve MCP over streamable HTTP at `/mcp`.
    pub mcp: bool,
    /// Host names `/mcp` answers besides loopback (DNS-rebinding defence).
    pub mcp_allowed_hosts: Vec<String>,
}

/// The MCP endpoint, shared by every worker so sessions survive across them.
pub type McpService = rmcp_actix_web::transport::StreamableHttpService<
    crate::mcp::Hojokin,
    rmcp_actix_web::transport::LocalSessionManager,
>;

/// The streamable HTTP MCP service over the state, within the REST body limit.
pub fn mcp_service(state: &AppState, allowed_hosts: &[String]) -> McpService {
    let server = crate::mcp::Hojokin::new(state.clone());
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "::1"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    hosts.extend(
        allowed_hosts
            .iter()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty()),
    );
    rmcp_actix_web::transport::StreamableHttpService::builder()
        .service_factory(Arc::new(move || Ok(server.clone())))
        .session_manager(Arc::new(
            rmcp_actix_web::transport::LocalSessionManager::default(),
        ))
        .stateful_mode(true)
        .max_request_body_bytes(crate::http::body::MAX_BODY)
        .allowed_hosts(hosts)
        .build()
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "HEAD", "POST", "OPTIONS"])
        .allowed_headers(["content-type", "x-request-id", "if-none-match"])
        .expose_headers(["x-request-id", "x-catalog-edition", "etag"])
        .max_age(600);
    for o in origins {
        cors = cors.allowed_origin(o);
    }
    cors
}

/// The application with every route, the Swagger UI and the fallbacks.
pub fn app(
    state: AppState,
    cors_origins: &[String],
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    app_with(state, cors_origins, None)
}

/// The application, with MCP at `/mcp` when given.
pub fn app_with(
    state: AppState,
    cors_origins: &[String],
    mcp: Option<McpService>,
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
    let origins: Vec<String> = cors_origins
        .iter()
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect();
    app.app_data(web::Data::new(table))
        .configure(|cfg| {
            if let Some(service) = mcp {
                cfg.service(web::scope("/mcp").service(service.scope()));
            }
        })
        .service(http::metrics::metrics)
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
        .wrap(Condition::new(!origins.is_empty(), cors(&origins)))
        .wrap(from_fn(http::middleware::request_context))
}

/// Starts the server on a bound listener. SIGTERM and SIGINT stop it gracefully: in-flight
/// requests finish within the grace period.
pub fn run(listener: TcpListener, state: AppState, options: Options) -> std::io::Result<Server> {
    let origins = options.cors_origins.clone();
    let mcp = options
        .mcp
        .then(|| mcp_service(&state, &options.mcp_allowed_hosts));
    let mut server = HttpServer::new(move || app_with(state.clone(), &origins, mcp.clone()))
        .shutdown_timeout(options.shutdown_grace_secs)
        .listen(listener)?;
    if let Some(w) = options.workers {
        server = server.workers(w.max(1));
    }
    Ok(server.run())
}

/// Binds the address.
pub fn bind(host: &str, port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind((host, port))
}

pub fn state(catalog: Arc<crate::engine::catalog::Catalog>, request_timeout_secs: u64) -> AppState {
    let mut state = AppState::new(catalog);
    state.request_timeout = std::time::Duration::from_secs(request_timeout_secs.max(1));
    state
}
