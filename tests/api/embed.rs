//! The embeddable checker's files and framing rules, CORS for any origin, the `list` detail level
//! and compressed answers.

use actix_web::dev::Service;
use actix_web::http::Method;
use actix_web::test::{self as atest, TestRequest};
use serde_json::{json, Value};

use crate::helpers::*;

async fn with_origins(cors: &[&str], embed: &[&str], req: TestRequest) -> Res {
    let cors: Vec<String> = cors.iter().map(|s| s.to_string()).collect();
    let embed: Vec<String> = embed.iter().map(|s| s.to_string()).collect();
    let app = atest::init_service(hojokin::startup::app_with(state(), &cors, &embed, None)).await;
    let res = app.call(req.to_request()).await.expect("service answers");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let raw = atest::read_body(res).await.to_vec();
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    Res {
        status,
        headers,
        body,
        raw,
    }
}

fn frame_ancestors(res: &Res) -> String {
    let csp = res.header("content-security-policy").expect("a CSP");
    csp.split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("frame-ancestors "))
        .expect("frame-ancestors")
        .to_string()
}

#[actix_web::test]
async fn the_page_and_script_are_served_from_the_binary_with_validators() {
    let page = get("/embed/").await;
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = String::from_utf8(page.raw.clone()).unwrap();
    assert!(html.contains("<hojokin-checker"), "{html}");
    assert!(html.contains("hojokin-checker.js"));
    assert!(
        html.contains("name=\"hojokin-embed-origins\" content=\"*\""),
        "the page learns who may receive its messages: {html}"
    );
    assert!(page.header("etag").is_some());
    assert_eq!(page.header("cache-control").as_deref(), Some("no-cache"));

    let js = get("/embed/hojokin-checker.js").await;
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js.raw.len() > 1000, "the bundle, not a placeholder");
    assert_eq!(
        js.header("cache-control").as_deref(),
        Some("public, max-age=300")
    );
    let tag = js.header("etag").expect("an ETag");
    let again = call(
        TestRequest::get()
            .uri("/embed/hojokin-checker.js")
            .insert_header(("if-none-match", tag.as_str())),
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.raw.is_empty());

    let head = call(TestRequest::default().method(Method::HEAD).uri("/embed/")).await;
    assert_eq!(head.status, 200);

    let missing = get("/embed/nothing.js").await;
    missing.assert_problem(404, "not_found");
    assert_eq!(
        frame_ancestors(&missing),
        "'none'",
        "an error under /embed/ is not frameable"
    );

    let bare = get("/embed?facility_type=pharmacy").await;
    assert_eq!(bare.status, 308);
    assert_eq!(
        bare.header("location").as_deref(),
        Some("/embed/?facility_type=pharmacy")
    );
}

#[actix_web::test]
async fn only_the_checker_may_be_framed_and_only_by_the_listed_origins() {
    // Unset: any origin may frame the checker.
    let page = get("/embed/").await;
    assert_eq!(frame_ancestors(&page), "*");
    let csp = page.header("content-security-policy").unwrap();
    for d in [
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "style-src 'self'",
    ] {
        assert!(csp.contains(d), "{d} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    let listed = ["https://portal.example.jp", "http://127.0.0.1:9000"];
    for uri in ["/embed/", "/embed/hojokin-checker.js"] {
        let res = with_origins(&[], &listed, TestRequest::get().uri(uri)).await;
        assert_eq!(res.status, 200);
        assert_eq!(
            frame_ancestors(&res),
            "https://portal.example.jp http://127.0.0.1:9000"
        );
    }
    let res = with_origins(&[], &listed, TestRequest::get().uri("/embed/")).await;
    let html = String::from_utf8(res.raw).unwrap();
    assert!(html.contains("content=\"https://portal.example.jp http://127.0.0.1:9000\""));

    // Every other path still forbids framing, whatever the setting.
    for uri in [
        "/v1/catalog",
        "/v1/vocabulary",
        "/swagger-ui/",
        "/healthz",
        "/nothing",
    ] {
        let res = with_origins(&[], &["*"], TestRequest::get().uri(uri)).await;
        assert_eq!(frame_ancestors(&res), "'none'", "{uri}");
    }
}

#[actix_web::test]
async fn cors_star_allows_any_origin_without_credentials() {
    let res = with_origins(
        &["*"],
        &[],
        TestRequest::get()
            .uri("/v1/vocabulary")
            .insert_header(("origin", "https://any-portal.example")),
    )
    .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(res.header("access-control-allow-credentials").is_none());

    let preflight = with_origins(
        &["*"],
        &[],
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/v1/eligibility")
            .insert_header(("origin", "http://127.0.0.1:41234"))
            .insert_header(("access-control-request-method", "POST"))
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert!(
        (200..300).contains(&preflight.status),
        "{}",
        preflight.status
    );
    assert_eq!(
        preflight.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(preflight
        .header("access-control-allow-methods")
        .unwrap_or_default()
        .contains("POST"));
    assert!(preflight
        .header("access-control-allow-credentials")
        .is_none());
}

fn profile() -> Value {
    json!({"facility_type": "hospital", "beds": 250, "prefecture": "13",
           "introduced": ["online_eligibility", "e_prescription"]})
}

#[actix_web::test]
async fn list_detail_keeps_names_status_deadline_and_maximum_without_reasons() {
    for as_of in ["2025-06-01", "2025-12-25", "2026-11-25"] {
        let mut body = json!({"as_of": as_of, "facility": profile(), "detail": "full"});
        let full = post_json("/v1/eligibility", &body).await;
        body["detail"] = json!("list");
        let list = post_json("/v1/eligibility", &body).await;
        assert_eq!(full.status, 200, "{}", full.body);
        assert_eq!(list.status, 200, "{}", list.body);
        // The list is the full answer without criteria, preparation, frame names, window
        // details, the frames' status reasons and frame warnings, nothing else.
        let mut expected = full.body.clone();
        for r in expected["results"].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("preparation");
            for f in r["frames"].as_array_mut().unwrap() {
                let f = f.as_object_mut().unwrap();
                for key in ["criteria", "name", "warnings"] {
                    f.remove(key);
                }
                let w = f["window"].as_object_mut().unwrap();
                w.remove("window");
                w.remove("status_reason");
            }
        }
        assert_eq!(list.body, expected, "{as_of}");
        let text = String::from_utf8(list.raw.clone()).unwrap();
        assert!(!text.contains("\"reason\""));
        assert!(
            list.raw.len() * 4 < full.raw.len(),
            "list {} bytes, full {}",
            list.raw.len(),
            full.raw.len()
        );
        let results = list.body["results"].as_array().unwrap();
        assert!(results.iter().all(|r| r["name"]["ja"].is_string()));
        assert!(results.iter().all(|r| r["status"].is_string()));
        assert!(
            results
                .iter()
                .any(|r| r["max_subsidy_yen"].as_i64() > Some(0)),
            "{as_of}"
        );
    }
}

#[actix_web::test]
async fn next_deadline_is_the_earliest_open_or_upcoming_close() {
    let body = json!({"as_of": "2025-12-25", "facility": profile(), "detail": "full"});
    let full = post_json("/v1/eligibility", &body).await;
    let mut with_deadline = 0;
    for r in full.body["results"].as_array().unwrap() {
        let closes: Vec<&str> = r["frames"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| matches!(f["window"]["status"].as_str(), Some("open" | "upcoming")))
            .filter_map(|f| f["window"]["window"]["closes"].as_str())
            .filter(|d| *d >= "2025-12-25")
            .collect();
        match closes.iter().min() {
            Some(d) => {
                with_deadline += 1;
                assert_eq!(r["next_deadline"].as_str(), Some(*d), "{}", r["program_id"]);
            }
            None => assert!(r.get("next_deadline").is_none(), "{}", r["program_id"]),
        }
    }
    assert!(with_deadline > 0, "some program has a known deadline");
}

#[actix_web::test]
async fn answers_are_compressed_when_asked() {
    let body = json!({"as_of": "2025-12-25", "facility": profile(), "detail": "list"});
    let plain = post_json("/v1/eligibility", &body).await;
    for (encoding, magic) in [("br", None), ("gzip", Some(&[0x1f, 0x8b][..]))] {
        let res = call(
            TestRequest::post()
                .uri("/v1/eligibility")
                .insert_header(("content-type", "application/json"))
                .insert_header(("accept-encoding", encoding))
                .set_payload(body.to_string()),
        )
        .await;
        assert_eq!(res.status, 200);
        assert_eq!(res.header("content-encoding").as_deref(), Some(encoding));
        assert!(
            res.raw.len() * 3 < plain.raw.len(),
            "{encoding}: {} of {}",
            res.raw.len(),
            plain.raw.len()
        );
        if let Some(m) = magic {
            assert!(res.raw.starts_with(m));
        }
    }
    assert!(plain.header("content-encoding").is_none());
    // Problem answers go through the same layer and stay readable once decoded.
    let bad = call(
        TestRequest::post()
            .uri("/v1/eligibility")
            .insert_header(("content-type", "application/json"))
            .insert_header(("accept-encoding", "gzip"))
            .set_payload("{\"detail\": \"tiny\"}"),
    )
    .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.header("content-encoding").as_deref(), Some("gzip"));
}
