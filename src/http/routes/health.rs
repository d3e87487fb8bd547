//! Liveness and readiness.

use actix_web::{get, HttpResponse};

use crate::http::state::Snapshot;

use crate::http::dto::health::Health;

/// Liveness: the process answers.
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "getHealth",
    tag = "operations",
    responses(
        (status = 200, description = "Alive", body = Health),
        (status = 405, description = "Method not allowed", body = crate::http::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(Health {
            status: "ok",
            catalog_edition: None,
            programs: None,
        })
}

/// Readiness: a valid catalog is being served (the service refuses to start otherwise, and a
/// reload that fails keeps the edition it had).
#[utoipa::path(
    get,
    path = "/readyz",
    operation_id = "getReadiness",
    tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 405, description = "Method not allowed", body = crate::http::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(catalog: Snapshot) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(Health {
            status: "ok",
            catalog_edition: Some(catalog.edition.clone()),
            programs: Some(catalog.programs.len()),
        })
}

/// Prometheus text exposition (not part of the JSON contract).
#[get("/metrics")]
pub async fn metrics(state: actix_web::web::Data<crate::http::state::AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("content-type", "text/plain; version=0.0.4; charset=utf-8"))
        .insert_header(("cache-control", "no-store"))
        .body(state.metrics.render())
}
