//! Metrics, CORS and security headers.

use actix_web::dev::Service;
use actix_web::test::{self as atest, TestRequest};

use crate::helpers::*;

#[actix_web::test]
async fn metrics_count_the_requests_just_made() {
    let app = atest::init_service(hojokin::startup::app(state(), &[])).await;
    for _ in 0..3 {
        let res = app
            .call(TestRequest::get().uri("/v1/catalog").to_request())
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = app
        .call(TestRequest::get().uri("/v1/programs/nope").to_request())
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .call(TestRequest::get().uri("/metrics").to_request())
        .await
        .unwrap();
    assert!(res
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = String::from_utf8(atest::read_body(res).await.to_vec()).unwrap();
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.starts_with("hojokin_http_requests_total") && l.contains(needle))
            .map(str::to_string)
    };
    let catalog = line("route=\"/v1/catalog\"").expect("catalog requests counted");
    assert!(
        catalog.contains("status=\"200\"") && catalog.ends_with(" 3"),
        "{catalog}"
    );
    let missing =
        line("route=\"/v1/programs/{program_id}\"").expect("route pattern, not the raw path");
    assert!(missing.contains("status=\"404\""), "{missing}");
    assert!(text.contains("hojokin_http_request_duration_seconds_bucket"));
    assert!(text.contains("hojokin_catalog_info{edition=\"2026-11-25\""));
    // Every sample line parses as `name{labels} value`.
    for l in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let value = l.rsplit(' ').next().unwrap();
        assert!(value.parse::<f64>().is_ok(), "{l}");
    }
}

#[actix_web::test]
async fn cors_answers_only_listed_origins() {
    let app = atest::init_service(hojokin::startup::app(
        state(),
        &["https://portal.example.jp".to_string()],
    ))
    .await;
    let res = app
        .call(
            TestRequest::get()
                .uri("/v1/catalog")
                .insert_header(("origin", "https://portal.example.jp"))
                .to_request(),
        )
        .await
        .unwrap();
    assert_eq!(
        res.headers().get("access-control-allow-origin").unwrap(),
        "https://portal.example.jp"
    );
    let preflight = app
        .call(
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/v1/eligibility")
                .insert_header(("origin", "https://portal.example.jp"))
                .insert_header(("access-control-request-method", "POST"))
                .insert_header(("access-control-request-headers", "content-type"))
                .to_request(),
        )
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    let other = app
        .call(
            TestRequest::get()
                .uri("/v1/catalog")
                .insert_header(("origin", "https://evil.example"))
                .to_request(),
        )
        .await;
    let allowed = other
        .ok()
        .and_then(|r| r.headers().get("access-control-allow-origin").cloned());
    assert!(allowed.is_none(), "an unlisted origin is not allowed");

    let closed = get("/v1/catalog").await;
    assert!(
        closed.header("access-control-allow-origin").is_none(),
        "no CORS by default"
    );
}

#[actix_web::test]
async fn security_headers_on_every_response() {
    let api = get("/v1/catalog").await;
    assert_eq!(
        api.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        api.header("content-security-policy").as_deref(),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
    assert!(api.header("server").is_none());
    let docs = get("/swagger-ui/").await;
    assert!(docs
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    let problem = get("/nothing").await;
    assert_eq!(
        problem.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
}
