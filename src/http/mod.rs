//! The HTTP layer: routes, request context, problem responses. Business logic lives in the engine.

pub mod admission;
pub mod answers;
pub mod body;
pub mod conn;
pub mod dated;
pub mod dto;
pub mod embed;
pub mod filters;
pub mod ical;
pub mod json_out;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod problem;
pub mod query;
pub mod ratelimit;
pub mod request;
pub mod respond;
pub mod routes;
pub mod state;

use actix_web::dev::ResourceDef;
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::AppExt;

use problem::{ApiError, ErrorCode};

/// Registers every documented route (shared by the server and the contract test).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(routes::health::healthz)
        .service(routes::health::readyz)
        .service(
            utoipa_actix_web::scope("/v1")
                .service(routes::programs::list_programs)
                .service(routes::programs::get_program)
                .service(routes::catalog::get_catalog)
                .service(routes::catalog::list_vocabulary)
                .service(routes::eligibility::evaluate_eligibility)
                .service(routes::calculations::calculate_subsidy)
                .service(routes::plans::plan_funding)
                .service(routes::deadlines::list_deadlines)
                .service(routes::calendar::get_calendar)
                .default_service(web::to(fallback)),
        );
}

/// The OpenAPI document, generated from the code.
pub fn openapi_document() -> serde_json::Value {
    let (_, api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .configure(configure)
        .split_for_parts();
    openapi::document(api)
}

/// Paths and the methods they answer, for 405 answers.
#[derive(Clone)]
pub struct MethodTable(pub std::sync::Arc<Vec<(ResourceDef, String)>>);

impl MethodTable {
    pub fn from_document(api: &utoipa::openapi::OpenApi) -> MethodTable {
        let mut table = Vec::new();
        for (path, item) in api.paths.paths.iter() {
            let mut methods = Vec::new();
            if item.get.is_some() {
                methods.push("GET");
                methods.push("HEAD");
            }
            if item.post.is_some() {
                methods.push("POST");
            }
            table.push((ResourceDef::new(path.as_str()), methods.join(", ")));
        }
        table.push((ResourceDef::new("/openapi.json"), "GET, HEAD".into()));
        table.push((ResourceDef::new("/metrics"), "GET, HEAD".into()));
        table.push((ResourceDef::new("/swagger-ui/{_:.*}"), "GET, HEAD".into()));
        MethodTable(std::sync::Arc::new(table))
    }
}

/// 404 for unknown routes, 405 with `Allow` for known paths with another method.
pub fn route_error(method: &str, path: &str, table: Option<&MethodTable>) -> ApiError {
    let method = crate::http::request::reader::clip(method, 32);
    if let Some((_, allow)) = table.and_then(|t| t.0.iter().find(|(def, _)| def.is_match(path))) {
        let mut e = ApiError::new(
            ErrorCode::MethodNotAllowed,
            format!("{method} is not allowed on this path; use {allow}"),
        );
        e.allow = Some(allow.as_str().into());
        return e;
    }
    let shown: String = path.chars().take(200).collect();
    ApiError::new(
        ErrorCode::NotFound,
        format!("no route {shown}; see /openapi.json or /swagger-ui/"),
    )
}

/// The default service of the app and of `/v1`.
pub async fn fallback(
    req: HttpRequest,
    table: web::Data<MethodTable>,
) -> Result<HttpResponse, ApiError> {
    Err(route_error(req.method().as_str(), req.path(), Some(&table)))
}
