//! Rate limits per client address: 429 problem+json with `Retry-After`, probes exempt,
//! `X-Forwarded-For` read only from trusted proxies, counted in /metrics.

use std::sync::Arc;

use actix_web::dev::Service;
use actix_web::test as atest;
use hojokin::http::ratelimit::{parse_net, RateLimit};

use crate::helpers::*;

fn limited_state(trusted: &[&str]) -> hojokin::http::state::AppState {
    let mut s = state();
    s.rate_limit = Some(Arc::new(RateLimit::new(
        "2/min".parse().unwrap(),
        None,
        trusted.iter().map(|t| parse_net(t).unwrap()).collect(),
    )));
    s
}

fn from(peer: &str, uri: &str) -> atest::TestRequest {
    atest::TestRequest::get()
        .uri(uri)
        .peer_addr(format!("{peer}:40000").parse().unwrap())
}

#[actix_web::test]
async fn over_the_limit_is_429_rate_limited_with_retry_after() {
    let app = atest::init_service(hojokin::startup::app(limited_state(&[]), &[])).await;
    let send = |r: atest::TestRequest| app.call(r.to_request());
    for _ in 0..2 {
        let res = send(from("203.0.113.5", "/v1/catalog")).await.unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = read_response(send(from("203.0.113.5", "/v1/catalog")).await.unwrap()).await;
    let body = res.assert_problem(429, "rate_limited");
    assert!(body["detail"].as_str().unwrap().contains("2/min"));
    // 2/min refills one request every 30 s.
    let retry: u64 = res.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry), "Retry-After {retry}");
    // POSTs count against the same client; another client is not limited.
    let post = atest::TestRequest::post()
        .uri("/v1/eligibility")
        .peer_addr("203.0.113.5:1".parse().unwrap())
        .insert_header(("content-type", "application/json"))
        .set_payload(r#"{"facility":{"facility_type":"hospital"}}"#);
    assert_eq!(send(post).await.unwrap().status(), 429);
    assert_eq!(
        send(from("203.0.113.6", "/v1/catalog"))
            .await
            .unwrap()
            .status(),
        200
    );
    // Probes and scrapes are exempt, and the scrape counts the refusals.
    for path in ["/healthz", "/readyz", "/metrics"] {
        let res = send(from("203.0.113.5", path)).await.unwrap();
        assert_eq!(res.status(), 200, "{path} is exempt");
    }
    let metrics = read_response(send(from("203.0.113.5", "/metrics")).await.unwrap()).await;
    let text = String::from_utf8_lossy(&metrics.raw);
    assert!(
        text.contains("hojokin_rate_limited_total 2"),
        "counted: {text}"
    );
    assert!(text.contains(r#"status="429""#));
}

#[actix_web::test]
async fn forwarded_for_counts_only_behind_a_trusted_proxy() {
    let app = atest::init_service(hojokin::startup::app(limited_state(&["10.0.0.0/8"]), &[])).await;
    let via = |peer: &str, client: &str| {
        from(peer, "/v1/catalog").insert_header(("x-forwarded-for", client.to_string()))
    };
    // Behind the proxy, two clients each get their own two requests.
    for client in ["198.51.100.1", "198.51.100.2"] {
        for _ in 0..2 {
            let res = app
                .call(via("10.0.0.2", client).to_request())
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{client}");
        }
    }
    let res = app
        .call(via("10.0.0.2", "198.51.100.1").to_request())
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    // A client that is not a proxy cannot pick a fresh key by sending the header itself.
    for (i, fake) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"].iter().enumerate() {
        let res = app
            .call(via("203.0.113.9", fake).to_request())
            .await
            .unwrap();
        let want = if i < 2 { 200 } else { 429 };
        assert_eq!(res.status(), want, "request {i} from 203.0.113.9");
    }
}

#[actix_web::test]
async fn without_a_limit_nothing_is_refused() {
    let app = atest::init_service(hojokin::startup::app(state(), &[])).await;
    for _ in 0..50 {
        let res = app
            .call(from("203.0.113.5", "/v1/catalog").to_request())
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
}

#[test]
fn every_v1_operation_documents_429_with_retry_after() {
    let doc = serde_json::to_value(hojokin::http::openapi_document()).unwrap();
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let r = &op["responses"]["429"];
            if path.starts_with("/v1/") {
                seen += 1;
                assert!(
                    r["headers"]["Retry-After"].is_object(),
                    "{method} {path} documents 429 with Retry-After"
                );
                assert!(r["content"]["application/problem+json"].is_object());
            } else {
                assert!(r.is_null(), "{method} {path} is exempt");
            }
        }
    }
    assert!(seen >= 7);
    let codes = &doc["components"]["schemas"]["ErrorCode"]["enum"];
    assert!(codes
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "rate_limited"));
}
