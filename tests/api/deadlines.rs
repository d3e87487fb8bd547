//! `GET /v1/deadlines`.

use crate::helpers::*;

fn ids(res: &Res) -> Vec<String> {
    res.body["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn range_defaults_to_one_year_from_today_in_japan() {
    let res = get("/v1/deadlines").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.body["from"], "2026-11-25");
    assert_eq!(res.body["to"], "2027-11-25");
    assert_eq!(res.body["as_of"], "2026-11-25");
    assert!(res.header("etag").is_some());
    assert_eq!(
        res.header("cache-control").as_deref(),
        Some("public, max-age=300")
    );
}

#[actix_web::test]
async fn tokyo_hospital_gets_tokyo_and_national_windows_sorted() {
    let res =
        get("/v1/deadlines?from=2025-04-01&to=2026-12-31&prefecture=13&facility_type=hospital")
            .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let items = res.body["deadlines"].as_array().unwrap();
    let dates: Vec<&str> = items.iter().map(|d| d["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "sorted by date");
    assert!(dates
        .iter()
        .all(|d| *d >= "2025-04-01" && *d <= "2026-12-31"));
    let ids = ids(&res);
    // 東京都 top-up of 電子処方箋: accepting until 2025-12-26; Yamaguchi's window is not Tokyo's.
    let tokyo = items
        .iter()
        .find(|d| d["id"] == "denshi-shohosen/ken-doji/tokyo/closes")
        .unwrap_or_else(|| panic!("Tokyo window in {ids:?}"));
    assert_eq!(tokyo["date"], "2025-12-26");
    // A past window takes its frame's status (the engine's window rules), as the program shows it.
    let detail = get("/v1/programs/denshi-shohosen").await;
    let frame = detail.body["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["frame_id"] == "ken-doji")
        .unwrap();
    assert_eq!(tokyo["status"], frame["window"]["status"]);
    assert!(tokyo["source_url"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    assert!(!ids.iter().any(|i| i.contains("/yamaguchi/")));
    // The pharmacy frame of 賃上げ・物価 is not a hospital's; its hospital frame is.
    assert!(!ids
        .iter()
        .any(|i| i.starts_with("chinage-bukka-2026/yakkyoku/")));
    assert!(ids.contains(
        &"chinage-bukka-2026/byoin/mhlw-application-system-hospitals/closes".to_string()
    ));
    // A deadline with a time of day.
    let round1 = items
        .iter()
        .find(|d| d["id"] == "digital-ai-2026/tsujo-1process/round-1/closes")
        .unwrap();
    assert_eq!(round1["closes_at"], "2026-05-12T17:00:00+09:00");
    assert_ne!(round1["status"], "open");
    assert_ne!(round1["status"], "upcoming");
    let opens = items
        .iter()
        .find(|d| d["id"] == "digital-ai-2026/tsujo-1process/round-1/opens")
        .unwrap();
    assert_eq!(opens["date"], "2026-03-30");
    assert!(opens.get("closes_at").is_none());
}

#[actix_web::test]
async fn programs_without_a_known_next_window_are_listed_once_with_a_reason() {
    let res = get("/v1/deadlines?from=2026-11-25").await;
    let unknown = res.body["unknown"].as_array().unwrap();
    let ids: Vec<&str> = unknown
        .iter()
        .map(|u| u["program_id"].as_str().unwrap())
        .collect();
    let mut dedup = ids.clone();
    dedup.dedup();
    assert_eq!(ids, dedup, "each program once");
    let ict = unknown
        .iter()
        .find(|u| u["program_id"] == "ict-kinmu-model")
        .unwrap_or_else(|| panic!("ict-kinmu-model (no window in the catalog) in {ids:?}"));
    assert!(!ict["reason"]["ja"].as_str().unwrap().is_empty());
    assert!(!ict["reason"]["en"].as_str().unwrap().is_empty());
    // None of them has an event in the list.
    let events = res.body["deadlines"].as_array().unwrap();
    for id in &ids {
        assert!(!events.iter().any(|e| e["program_id"] == *id), "{id}");
    }
}

#[actix_web::test]
async fn one_program_only() {
    let res = get("/v1/deadlines?from=2025-01-01&to=2026-12-31&program_id=digital-ai-2026").await;
    assert_eq!(res.status, 200);
    let items = res.body["deadlines"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|d| d["program_id"] == "digital-ai-2026"));
}

#[actix_web::test]
async fn bad_filters_are_problems_naming_the_parameter() {
    let res = get("/v1/deadlines?program_id=no-such-program").await;
    let body = res.assert_problem(404, "program_not_found");
    assert_eq!(body["errors"][0]["parameter"], "program_id");
    let res = get("/v1/deadlines?from=2026-02-30").await;
    let body = res.assert_problem(400, "invalid_parameter");
    assert_eq!(body["errors"][0]["parameter"], "from");
    let res = get("/v1/deadlines?from=2026-05-01&to=2026-04-01").await;
    let body = res.assert_problem(422, "invalid_field");
    assert_eq!(body["errors"][0]["parameter"], "to");
    let res = get("/v1/deadlines?prefecture=Tokyo").await;
    res.assert_problem(400, "invalid_parameter");
    let res = get("/v1/deadlines?facility_type=castle").await;
    res.assert_problem(400, "invalid_parameter");
    // Unknown parameters are ignored, as on every GET.
    let res = get("/v1/deadlines?as_of=2026-01-01").await;
    assert_eq!(res.status, 200);
}
