//! `GET /v1/deadlines`: every known window opening and closing in a range.

use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::engine::catalog::Catalog;
use crate::http::dto::common::CatalogRef;
use crate::http::dto::vocab::*;
use crate::http::problem::{ApiError, Problem};
use crate::http::query::Query;
use crate::http::respond::cached_json;
use crate::http::state::{AppState, Snapshot};

pub use crate::http::filters::{source_url, Filters, PARAMETERS};

use crate::http::dto::deadlines::{DeadlineItem, DeadlineList, UnknownDeadline};

/// The answer for validated filters (shared by the route and the MCP tool `list_deadlines`).
pub fn list(catalog: &Catalog, f: &Filters) -> DeadlineList {
    let d = f.compute(catalog);
    DeadlineList {
        catalog: CatalogRef::of(catalog),
        as_of: f.today.to_string(),
        from: f.from.to_string(),
        to: f.to.to_string(),
        deadlines: d
            .events
            .iter()
            .map(|e| DeadlineItem {
                id: e.key(),
                kind: e.kind.as_str().to_string(),
                date: e.date.to_string(),
                closes_at: e.closes_at.map(|t| t.to_rfc3339()),
                program_id: e.program.def.id.to_string(),
                program_name: (&e.program.def.name).into(),
                frame_id: e.frame.def.id.to_string(),
                frame_name: (&e.frame.def.name).into(),
                window_id: e.window_id.clone(),
                window_name: e.window.name.as_ref().map(Into::into),
                status: WindowStatusV(e.status.as_str()),
                complete_by: e.window.complete_by.map(|d| d.0.to_string()),
                prefectures: e
                    .window
                    .prefectures
                    .as_ref()
                    .map(|v| v.iter().map(|s| s.to_string()).collect()),
                source: e.window.source.to_string(),
                source_url: source_url(e.program, &e.window.source).map(str::to_string),
                confidence: ConfidenceV(e.window.confidence.as_str()),
                verified: e.window.confidence.verified(),
            })
            .collect(),
        unknown: d
            .unknown
            .iter()
            .map(|u| UnknownDeadline {
                program_id: u.program.def.id.to_string(),
                program_name: (&u.program.def.name).into(),
                status: WindowStatusV(u.status.as_str()),
                reason: (&u.reason).into(),
            })
            .collect(),
    }
}

/// Application deadlines (締切カレンダー).
///
/// Every window opening and closing the catalog knows in `[from, to]`, sorted by date, with the
/// program, frame, status today, source and confidence. Nothing is invented: a program whose
/// next window is not known is listed once in `unknown` with the reason. The same filters give
/// the subscribable calendar `GET /v1/calendar.ics`.
#[utoipa::path(
    get,
    path = "/deadlines",
    operation_id = "listDeadlines",
    tag = "catalog",
    params(
        ("from" = Option<String>, Query, description = "First date (YYYY-MM-DD, Japan time); default today.", format = Date, example = "2025-04-01"),
        ("to" = Option<String>, Query, description = "Last date (YYYY-MM-DD); default one year after `from`.", format = Date, example = "2026-12-31"),
        ("prefecture" = Option<PrefectureInputV>, Query, description = "Windows of this prefecture (code or name) and national ones."),
        ("facility_type" = Option<FacilityTypeV>, Query, description = "Programs and frames open to this facility type."),
        ("program_id" = Option<String>, Query, description = "One program only.", max_length = 100, example = "digital-ai-2026"),
    ),
    responses(
        (status = 200, description = "Deadlines in the range", body = DeadlineList),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Invalid query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown program", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deadlines")]
pub async fn list_deadlines(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    let query = Query::parse(&req, PARAMETERS)?;
    let today = (state.today)();
    let filters = Filters::read(&query, today, &catalog)?;
    let body = list(&catalog, &filters);
    Ok(cached_json(&req, &catalog, Some(today), &body))
}
