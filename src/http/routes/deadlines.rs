//! `GET /v1/deadlines`: every known window opening and closing in a range.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::engine::catalog::Catalog;
use crate::http::dto::common::{CatalogRef, LocalizedText};
use crate::http::dto::vocab::*;
use crate::http::problem::{ApiError, Problem};
use crate::http::query::Query;
use crate::http::respond::cached_json;
use crate::http::state::{AppState, Snapshot};

pub use crate::http::filters::{source_url, Filters, PARAMETERS};

/// One opening or closing of a window.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineItem {
    /// Stable id of this event: `<program>/<frame>/<window>/<opens|closes>` (no date in it; the
    /// calendar's UID is built from it).
    #[schema(example = "digital-ai-2026/tsujo-1process/round-1/closes")]
    pub id: String,
    /// `opens` (first day applications are accepted) or `closes` (last day, JST).
    #[schema(example = "closes", value_type = DeadlineKindV)]
    pub kind: String,
    /// The date (YYYY-MM-DD, Japan time).
    #[schema(format = Date, example = "2026-05-12")]
    pub date: String,
    /// The deadline with its time of day (RFC 3339, +09:00), when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2026-05-12T17:00:00+09:00", format = DateTime)]
    pub closes_at: Option<String>,
    pub program_id: String,
    pub program_name: LocalizedText,
    pub frame_id: String,
    pub frame_name: LocalizedText,
    /// Stable id of the window within its frame.
    pub window_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_name: Option<LocalizedText>,
    /// The window's status today (Japan time).
    pub status: WindowStatusV,
    /// Introduction must be completed by this date (導入完了期限), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub complete_by: Option<String>,
    /// Prefectures the window belongs to (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<PrefectureCodeV>>)]
    pub prefectures: Option<Vec<String>>,
    /// Source id (see the program's `sources`).
    pub source: String,
    /// The source's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    pub confidence: ConfidenceV,
    /// True for high and medium confidence.
    pub verified: bool,
}

/// A program whose next window the catalog does not know.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnknownDeadline {
    pub program_id: String,
    pub program_name: LocalizedText,
    /// The program's status at `from`: `unknown`, or `closed` between rounds.
    pub status: WindowStatusV,
    /// Why no date is given.
    pub reason: LocalizedText,
}

/// Deadlines in a range.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "catalog": {"edition": "2026-11-25", "hash": "0123456789abcdef"},
    "as_of": "2026-03-01", "from": "2026-03-01", "to": "2026-06-30",
    "deadlines": [{"id": "digital-ai-2026/tsujo-1process/round-1/closes", "kind": "closes", "date": "2026-05-12",
        "closes_at": "2026-05-12T17:00:00+09:00",
        "program_id": "digital-ai-2026", "program_name": {"ja": "デジタル化・AI導入補助金2026", "en": "Digitalisation & AI Introduction Subsidy 2026"},
        "frame_id": "tsujo-1process", "frame_name": {"ja": "通常枠 1プロセス以上", "en": "Regular frame, 1+ business processes"},
        "window_id": "round-1", "window_name": {"ja": "1次締切", "en": "Round 1"}, "status": "upcoming",
        "source": "samurai-sec", "source_url": "https://samurai-match.jp/subsidylist/116105/subsidydetail", "confidence": "medium", "verified": true}],
    "unknown": [{"program_id": "ict-kinmu-model",
        "program_name": {"ja": "ICT機器を活用した勤務環境改善の先駆的取組を行うモデル医療機関調査支援事業", "en": "Model Medical Institutions for ICT-based Workplace Improvement (survey support programme)"},
        "status": "unknown",
        "reason": {"ja": "カタログに申請期間 (公募の回) の情報がありません。公募要領の公表を確認してください",
                   "en": "the catalog knows no application window for this program; check for a published call"}}]
}))]
pub struct DeadlineList {
    pub catalog: CatalogRef,
    /// Today in Japan: the date statuses are computed at.
    #[schema(format = Date)]
    pub as_of: String,
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    /// Openings and closings in `[from, to]`, by date (closings first on a day).
    pub deadlines: Vec<DeadlineItem>,
    /// Programs with no known window ahead, each once, with the reason.
    pub unknown: Vec<UnknownDeadline>,
}

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
