//! `GET /v1/calendar.ics`: the deadlines as a subscribable calendar (RFC 5545).

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate};

use crate::engine::catalog::Catalog;
use crate::engine::deadlines::{Event, EventKind};
use crate::engine::formula;
use crate::engine::vocab;
use crate::http::dto::vocab::*;
use crate::http::filters::{source_url, Filters, PARAMETERS};
use crate::http::ical::{push_line, push_text};
use crate::http::problem::{ApiError, Problem};
use crate::http::query::Query;
use crate::http::respond::cached_bytes;
use crate::http::state::{AppState, Snapshot};

/// The calendar's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    fn pick(self, t: &crate::engine::text::Text) -> &str {
        match self {
            Lang::Ja => &t.ja,
            Lang::En => &t.en,
        }
    }
}

/// The first day SEQUENCE counts from.
const SEQUENCE_EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// SEQUENCE of every event of a catalog: the days from 2024-01-01 to its `verified_on`. A new
/// edition (the only way a date moves) is verified later, so an event whose date moved is sent
/// with a higher SEQUENCE under the same UID and calendars update it in place. Deterministic:
/// the same catalog always gives the same calendar (and ETag).
pub fn sequence(catalog: &Catalog) -> i64 {
    (catalog.verified_on - SEQUENCE_EPOCH).num_days().max(0)
}

/// The UID of an event: from program, frame, window id and kind, never a date.
pub fn uid(e: &Event<'_>) -> String {
    format!("{}@hojokin.dev", e.key())
}

fn summary(e: &Event<'_>, lang: Lang) -> String {
    let time = e
        .closes_at
        .map(|t| t.format(" %H:%M").to_string())
        .unwrap_or_default();
    let what = match (e.kind, lang) {
        (EventKind::Closes, Lang::Ja) => format!("締切{time}"),
        (EventKind::Closes, Lang::En) if e.closes_at.is_some() => format!("Deadline{time} JST"),
        (EventKind::Closes, Lang::En) => "Deadline".to_string(),
        (EventKind::Opens, Lang::Ja) => "受付開始".to_string(),
        (EventKind::Opens, Lang::En) => "Opens".to_string(),
    };
    let window = e
        .window
        .name
        .as_ref()
        .map(|n| format!(" ({})", lang.pick(n)))
        .unwrap_or_default();
    format!(
        "{what}: {} {}{window}",
        lang.pick(&e.program.def.name),
        lang.pick(&e.frame.def.name)
    )
}

/// The window and the subsidy rule in one line each, and the source.
fn description(e: &Event<'_>, lang: Lang) -> String {
    let mut lines = Vec::new();
    let (frame_label, window_label, rule_label, source_label, confidence_label) = match lang {
        Lang::Ja => ("枠", "申請期間", "補助の規則", "出典", "確度"),
        Lang::En => ("Frame", "Window", "Rule", "Source", "Confidence"),
    };
    lines.push(format!(
        "{frame_label}: {} ({})",
        lang.pick(&e.frame.def.name),
        e.frame.def.id
    ));
    let opens = e.window.opens.map(|d| d.0.to_string()).unwrap_or_default();
    let closes = match (e.window.closes_at, e.window.closes) {
        (Some(t), _) => format!("{} JST", t.0.format("%Y-%m-%d %H:%M")),
        (None, Some(d)) => d.0.to_string(),
        (None, None) => String::new(),
    };
    let mut window = format!("{window_label}: {opens}〜{closes}");
    if let Some(c) = e.window.complete_by {
        window.push_str(&match lang {
            Lang::Ja => format!(" (導入完了期限 {})", c.0),
            Lang::En => format!(" (introduction complete by {})", c.0),
        });
    }
    lines.push(window);
    if let Some(term) = e.frame.terms_at(e.date, None).next() {
        let rule = formula::formula_text(&term.formula);
        let one_line = lang
            .pick(&rule)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(format!("{rule_label}: {one_line}"));
    }
    let url = source_url(e.program, &e.window.source).unwrap_or(&e.window.source);
    lines.push(format!("{source_label}: {url}"));
    lines.push(format!(
        "{confidence_label}: {}",
        e.window.confidence.as_str()
    ));
    lines.join("\n")
}

fn calendar_name(f: &Filters, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(p) = f.prefecture.and_then(vocab::prefecture_name) {
        parts.push(lang.pick(&p).to_string());
    }
    if let Some(ft) = f.facility_type {
        parts.push(lang.pick(&ft.label()).to_string());
    }
    if let Some(id) = &f.program_id {
        parts.push(id.clone());
    }
    let base = match lang {
        Lang::Ja => "医療DX 補助金 締切",
        Lang::En => "Medical DX subsidy deadlines",
    };
    if parts.is_empty() {
        base.to_string()
    } else {
        let sep = if lang == Lang::Ja { "・" } else { ", " };
        format!("{base} ({})", parts.join(sep))
    }
}

/// The calendar for validated filters.
pub fn render(catalog: &Catalog, f: &Filters, lang: Lang) -> String {
    let d = f.compute(catalog);
    let seq = sequence(catalog);
    let stamp = format!("{}T000000Z", catalog.verified_on.format("%Y%m%d"));
    let mut out = String::with_capacity(512 + d.events.len() * 600);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hojokin//medical DX subsidy deadlines//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    push_text(&mut out, "X-WR-CALNAME", &calendar_name(f, lang));
    push_text(
        &mut out,
        "X-WR-CALDESC",
        &match lang {
            Lang::Ja => format!("カタログ版 {} の申請受付と締切", catalog.edition),
            Lang::En => format!(
                "Application openings and deadlines, catalog edition {}",
                catalog.edition
            ),
        },
    );
    push_line(&mut out, "X-WR-TIMEZONE:Asia/Tokyo");
    push_line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:P1D");
    push_line(&mut out, "X-PUBLISHED-TTL:P1D");
    for e in &d.events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_text(&mut out, "UID", &uid(e));
        push_line(&mut out, &format!("SEQUENCE:{seq}"));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")),
        );
        push_line(
            &mut out,
            &format!(
                "DTEND;VALUE=DATE:{}",
                (e.date + Duration::days(1)).format("%Y%m%d")
            ),
        );
        push_text(&mut out, "SUMMARY", &summary(e, lang));
        push_text(&mut out, "DESCRIPTION", &description(e, lang));
        if let Some(url) = source_url(e.program, &e.window.source) {
            push_line(&mut out, &format!("URL:{url}"));
        }
        push_text(&mut out, "CATEGORIES", lang.pick(&e.program.def.name));
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// Application deadlines as a calendar (iCalendar, RFC 5545) to subscribe to.
///
/// The events of `GET /v1/deadlines` with the same filters: one all-day event per known opening
/// and closing, titled in Japanese (`lang=en`: English), with the frame, the window, the
/// subsidy rule in one line and the source in the description. Each event's UID is built from
/// program, frame and window (never the date), so a subscribed calendar updates a moved date
/// in place (SEQUENCE rises with the catalog's `verified_on`) instead of duplicating it.
#[utoipa::path(
    get,
    path = "/calendar.ics",
    operation_id = "getDeadlineCalendar",
    tag = "catalog",
    params(
        ("from" = Option<String>, Query, description = "First date (YYYY-MM-DD, Japan time); default today.", format = Date, example = "2025-04-01"),
        ("to" = Option<String>, Query, description = "Last date (YYYY-MM-DD); default one year after `from`.", format = Date, example = "2026-12-31"),
        ("prefecture" = Option<PrefectureInputV>, Query, description = "Windows of this prefecture (code or name) and national ones."),
        ("facility_type" = Option<FacilityTypeV>, Query, description = "Programs and frames open to this facility type."),
        ("program_id" = Option<String>, Query, description = "One program only.", max_length = 100, example = "digital-ai-2026"),
        ("lang" = inline(Option<crate::http::dto::vocab::CalendarLang>), Query, description = "`ja` (default) or `en`."),
    ),
    responses(
        (status = 200, description = "The calendar", content_type = "text/calendar; charset=utf-8", body = String, example = json!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hojokin//medical DX subsidy deadlines//JA\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:医療DX 補助金 締切 (東京都・病院)\r\nX-WR-TIMEZONE:Asia/Tokyo\r\nBEGIN:VEVENT\r\nUID:digital-ai-2026/tsujo-1process/round-1/closes@hojokin.dev\r\nSEQUENCE:1059\r\nDTSTAMP:20261125T000000Z\r\nDTSTART;VALUE=DATE:20260512\r\nDTEND;VALUE=DATE:20260513\r\nSUMMARY:締切 17:00: デジタル化・AI導入補助金2026 通常枠 1プロセス以上 (1次締切\r\n )\r\nDESCRIPTION:枠: 通常枠 1プロセス以上 (tsujo-1process)\\n申請期間: 2026-03-30〜2026-05-1\r\n 2 17:00 JST\\n…\r\nURL:https://samurai-match.jp/subsidylist/116105/subsidydetail\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Invalid query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown program", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calendar.ics")]
pub async fn get_calendar(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    let mut allowed = PARAMETERS.to_vec();
    allowed.push("lang");
    let query = Query::parse(&req, &allowed)?;
    let today = (state.today)();
    let filters = Filters::read(&query, today, &catalog)?;
    let lang = match query.choice("lang", &["ja", "en"])? {
        Some("en") => Lang::En,
        _ => Lang::Ja,
    };
    let body = render(&catalog, &filters, lang);
    Ok(cached_bytes(
        &req,
        &catalog,
        Some(today),
        "text/calendar; charset=utf-8",
        body.into_bytes(),
    ))
}
