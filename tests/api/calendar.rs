//! `GET /v1/calendar.ics`.

use crate::helpers::*;

const Q: &str = "from=2025-04-01&to=2026-12-31&prefecture=13&facility_type=hospital";

fn text(res: &Res) -> String {
    String::from_utf8(res.raw.clone()).unwrap()
}

/// Unfolded content lines.
fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn values<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines.iter().filter_map(|l| l.strip_prefix(name)).collect()
}

#[actix_web::test]
async fn calendar_has_one_event_per_deadline_with_its_date_and_uid() {
    let json = get(&format!("/v1/deadlines?{Q}")).await;
    let cal = get(&format!("/v1/calendar.ics?{Q}")).await;
    assert_eq!(cal.status, 200);
    assert_eq!(
        cal.header("content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert!(cal.header("etag").is_some());
    assert_eq!(
        cal.header("cache-control").as_deref(),
        Some("public, max-age=300")
    );
    let ics = text(&cal);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    for raw in ics.split("\r\n") {
        assert!(raw.len() <= 75, "folded at 75 octets: {raw}");
    }
    let lines = unfold(&ics);
    let items = json.body["deadlines"].as_array().unwrap();
    assert!(items.len() > 5);
    let uids = values(&lines, "UID:");
    let starts = values(&lines, "DTSTART;VALUE=DATE:");
    assert_eq!(uids.len(), items.len());
    assert_eq!(starts.len(), items.len());
    for ((item, uid), start) in items.iter().zip(&uids).zip(&starts) {
        assert_eq!(
            *uid,
            format!("{}@hojokin.dev", item["id"].as_str().unwrap())
        );
        assert_eq!(*start, item["date"].as_str().unwrap().replace('-', ""));
    }
    assert_eq!(
        values(&lines, "X-WR-CALNAME:"),
        vec!["医療DX 補助金 締切 (東京都・病院)"]
    );
    let summaries = values(&lines, "SUMMARY:");
    assert!(summaries.iter().any(|s| s.starts_with("締切")));
    assert!(summaries.iter().any(|s| s.starts_with("受付開始")));
    let desc = values(&lines, "DESCRIPTION:");
    assert!(
        desc.iter().all(|d| d.contains("出典: https://")),
        "{desc:?}"
    );
    assert!(desc
        .iter()
        .all(|d| d.contains("\\n枠") || d.starts_with("枠")));
}

#[actix_web::test]
async fn english_calendar_and_a_deadline_with_a_time() {
    let cal =
        get("/v1/calendar.ics?from=2026-05-01&to=2026-05-31&program_id=digital-ai-2026&lang=en")
            .await;
    assert_eq!(cal.status, 200);
    let lines = unfold(&text(&cal));
    let summaries = values(&lines, "SUMMARY:");
    assert!(
        summaries.contains(&"Deadline 17:00 JST: Digitalisation & AI Introduction Subsidy 2026 Regular frame\\, 1+ business processes (Round 1)"),
        "{summaries:?}"
    );
    assert_eq!(
        values(&lines, "X-WR-CALNAME:"),
        vec!["Medical DX subsidy deadlines (digital-ai-2026)"]
    );
}

#[actix_web::test]
async fn if_none_match_answers_304_and_bad_lang_400() {
    let first = get("/v1/calendar.ics?prefecture=13").await;
    let tag = first.header("etag").unwrap();
    let again = call(
        actix_web::test::TestRequest::get()
            .uri("/v1/calendar.ics?prefecture=13")
            .insert_header(("if-none-match", tag.as_str())),
    )
    .await;
    assert_eq!(again.status, 304);
    let res = get("/v1/calendar.ics?lang=fr").await;
    let body = res.assert_problem(400, "invalid_parameter");
    assert_eq!(body["errors"][0]["parameter"], "lang");
}
