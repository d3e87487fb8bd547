//! `GET /v1/programs`, `GET /v1/programs/{id}`, `GET /v1/catalog`, `GET /v1/vocabulary`.

use crate::helpers::*;

const ARTICLE_PROGRAMS: [&str; 15] = [
    "it-donyu-2025",
    "denshi-karte-kyoyu",
    "online-shikaku",
    "denshi-shohosen",
    "seisansei-kojo",
    "hatarakikata-kaikaku",
    "ict-kinmu-model",
    "tokyo-ai-katsuyo",
    "iryo-setsubi-seibi",
    "kindaika-seibi",
    "chiiki-iryo-kikin",
    "cyber-kakuho",
    "tokyo-cyber",
    "jma-cyber-shienkin",
    "tokyo-shinryo-digital",
];

#[actix_web::test]
async fn list_returns_every_program_of_the_domain_research() {
    let res = get("/v1/programs?limit=100").await;
    assert_eq!(res.status, 200);
    let ids: Vec<&str> = res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["program_id"].as_str().unwrap())
        .collect();
    for id in ARTICLE_PROGRAMS {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    for id in [
        "digital-ai-2026",
        "chinage-bukka-2026",
        "byosho-tekiseika",
        "shisetsu-seibi-sokushin",
        "sanka-shoni-shien",
    ] {
        assert!(ids.contains(&id), "{id} missing from today's list");
    }
    assert!(res.body["next_cursor"].is_null());
}

#[actix_web::test]
async fn list_pages_with_a_cursor() {
    let first = get("/v1/programs?limit=7").await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 7);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
    let second = get(&format!("/v1/programs?limit=7&cursor={cursor}")).await;
    let a: Vec<_> = first.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["program_id"].clone())
        .collect();
    let b: Vec<_> = second.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["program_id"].clone())
        .collect();
    assert!(a.iter().all(|x| !b.contains(x)), "pages do not overlap");
}

#[actix_web::test]
async fn list_filters_by_prefecture_text_and_status() {
    let osaka = get("/v1/programs?limit=100&prefecture=27").await;
    let ids: Vec<&str> = osaka.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["program_id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"tokyo-ai-katsuyo"));
    assert!(
        ids.contains(&"denshi-karte-kyoyu"),
        "national programs always match"
    );
    let tokyo = get("/v1/programs?limit=100&prefecture=%E6%9D%B1%E4%BA%AC%E9%83%BD").await;
    assert!(tokyo.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["program_id"] == "tokyo-ai-katsuyo"));
    let q = get("/v1/programs?q=%E9%9B%BB%E5%AD%90%E5%87%A6%E6%96%B9%E7%AE%8B").await; // 電子処方箋
    assert!(q.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["program_id"] == "denshi-shohosen"));
    let ended = get("/v1/programs?limit=100&status=ended&as_of=2026-11-25").await;
    assert!(ended.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["program_id"] == "seisansei-kojo"));
}

#[actix_web::test]
async fn every_program_shows_frames_figures_sources_and_confidence() {
    for id in ARTICLE_PROGRAMS {
        let res = get(&format!("/v1/programs/{id}?as_of=2025-12-25")).await;
        assert_eq!(res.status, 200, "{id}");
        let frames = res.body["frames"].as_array().unwrap();
        assert!(!frames.is_empty(), "{id} has frames");
        assert!(
            !res.body["sources"].as_array().unwrap().is_empty(),
            "{id} has sources"
        );
        let sources: Vec<&str> = res.body["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        for f in frames {
            for t in f["terms"].as_array().unwrap() {
                assert!(
                    sources.contains(&t["source"].as_str().unwrap()),
                    "{id}: term source resolves"
                );
                assert!(t["confidence"].is_string());
                for fig in t["figures"].as_array().unwrap() {
                    assert!(
                        sources.contains(&fig["source"].as_str().unwrap()),
                        "{id}: figure source resolves"
                    );
                }
            }
        }
    }
}

#[actix_web::test]
async fn karte_frames_show_the_published_figures_with_operators() {
    let res = get("/v1/programs/denshi-karte-kyoyu?as_of=2025-12-25").await;
    let frame = res.body["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["frame_id"] == "3bunsho-daikibo")
        .unwrap();
    let figures = frame["in_force"]["figures"].as_array().unwrap();
    let cap = figures.iter().find(|f| f["name"] == "subsidy_cap").unwrap();
    assert_eq!(cap["yen"], 6_579_000);
    assert_eq!(cap["op"], "le");
    let cost = figures.iter().find(|f| f["name"] == "cost_cap").unwrap();
    assert_eq!(cost["yen"], 13_158_000);
    let rate = figures.iter().find(|f| f["name"] == "rate").unwrap();
    assert_eq!(rate["rate"]["text"], "1/2");
    assert_eq!(frame["window"]["status"], "open");
    assert!(frame["in_force"]["formula"]["ja"]
        .as_str()
        .unwrap()
        .contains("13,158,000円"));
}

async fn frame_status(program: &str, frame: &str, as_of: &str) -> String {
    let res = get(&format!("/v1/programs/{program}?as_of={as_of}")).await;
    let f = res.body["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["frame_id"] == frame)
        .unwrap()
        .clone();
    f["window"]["status"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn as_of_changes_status_per_frame() {
    assert_eq!(
        frame_status("online-shikaku", "core-shinryojo", "2022-03-01").await,
        "open"
    );
    assert_eq!(
        frame_status("online-shikaku", "core-shinryojo", "2025-12-25").await,
        "ended"
    );
    assert_eq!(
        frame_status("online-shikaku", "iryohi-josei", "2025-12-25").await,
        "open"
    );
    assert_eq!(
        frame_status("denshi-karte-kyoyu", "3bunsho-daikibo", "2025-12-25").await,
        "open"
    );
    // The in-kind frame has ended, but the 令和7年度補正 frame starts on 2026-04-01.
    let cyber = get("/v1/programs/cyber-kakuho?as_of=2025-12-25").await;
    assert_eq!(cyber.body["status"], "unknown");
    // An annual intake is closed after its window within that fiscal year, unknown in the next.
    assert_eq!(
        frame_status("hatarakikata-kaikaku", "jitan-nenkyu", "2026-03-31").await,
        "closed"
    );
    assert_eq!(
        frame_status("hatarakikata-kaikaku", "jitan-nenkyu", "2026-04-01").await,
        "unknown"
    );
}

#[actix_web::test]
async fn today_is_fy2026() {
    let res = get("/v1/programs?limit=100").await;
    let status = |id: &str| {
        res.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["program_id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(res.body["as_of"], "2026-11-25");
    assert_eq!(status("seisansei-kojo"), "ended");
    assert_eq!(status("cyber-kakuho"), "unknown");
}

#[actix_web::test]
async fn get_with_if_none_match_answers_304() {
    let first = get("/v1/programs").await;
    let etag = first.header("etag").expect("etag");
    assert!(first.header("cache-control").unwrap().contains("max-age"));
    let second = call(
        actix_web::test::TestRequest::get()
            .uri("/v1/programs")
            .insert_header(("if-none-match", etag.clone())),
    )
    .await;
    assert_eq!(second.status, 304);
    let other = call(
        actix_web::test::TestRequest::get()
            .uri("/v1/programs?limit=5")
            .insert_header(("if-none-match", etag)),
    )
    .await;
    assert_eq!(other.status, 200, "a different request has a different tag");
}

#[actix_web::test]
async fn every_response_names_its_request_and_catalog() {
    let res = call(
        actix_web::test::TestRequest::get()
            .uri("/v1/catalog")
            .insert_header(("x-request-id", "abc-123")),
    )
    .await;
    assert_eq!(res.header("x-request-id").as_deref(), Some("abc-123"));
    assert!(res.header("x-catalog-edition").unwrap().contains("hash="));
    assert_eq!(res.body["programs"], 20);
    let bad = call(
        actix_web::test::TestRequest::get()
            .uri("/v1/catalog")
            .insert_header(("x-request-id", "has spaces and ; semicolons")),
    )
    .await;
    assert_ne!(
        bad.header("x-request-id").as_deref(),
        Some("has spaces and ; semicolons")
    );
    assert_eq!(
        bad.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
}

#[actix_web::test]
async fn vocabulary_lists_every_enum() {
    let res = get("/v1/vocabulary").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body["prefectures"].as_array().unwrap().len(), 47);
    for key in [
        "facility_types",
        "operator_types",
        "systems",
        "designations",
        "expense_categories",
        "reason_codes",
        "interpretations",
        "error_codes",
    ] {
        assert!(!res.body[key].as_array().unwrap().is_empty(), "{key}");
    }
}

#[actix_web::test]
async fn swagger_ui_is_served_offline() {
    let page = get("/swagger-ui/").await;
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.raw).to_string();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external host in the page"
    );
    let init = get("/swagger-ui/swagger-initializer.js").await;
    let js = String::from_utf8_lossy(&init.raw).to_string();
    assert!(js.contains("\"/openapi.json\""));
    assert!(
        js.contains("\"validatorUrl\": \"none\""),
        "no call to the online validator"
    );
    assert!(!js.contains("https://"));
    let bundle = get("/swagger-ui/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status, 200);
}
