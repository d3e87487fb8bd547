//! Every error is problem+json with the status and code of PRODUCT.md §5.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::helpers::*;

#[actix_web::test]
async fn unknown_route_is_404() {
    get("/v2/nothing").await.assert_problem(404, "not_found");
    get("/v1/nothing").await.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn unknown_program_is_404_naming_the_parameter() {
    let res = get("/v1/programs/no-such-program").await;
    let body = res.assert_problem(404, "program_not_found");
    assert_eq!(body["errors"][0]["parameter"], "program_id");
}

#[actix_web::test]
async fn wrong_method_is_405_with_allow() {
    let res = call(TestRequest::delete().uri("/v1/programs")).await;
    res.assert_problem(405, "method_not_allowed");
    assert_eq!(res.header("allow").as_deref(), Some("GET, HEAD"));
    let res = call(TestRequest::get().uri("/v1/eligibility")).await;
    res.assert_problem(405, "method_not_allowed");
    assert_eq!(res.header("allow").as_deref(), Some("POST"));
}

#[actix_web::test]
async fn bad_query_parameters_are_400_naming_the_parameter() {
    for uri in [
        "/v1/programs?limit=0",
        "/v1/programs?limit=101",
        "/v1/programs?limit=ten",
        "/v1/programs?as_of=2025-13-01",
        "/v1/programs?as_of=%2B2025-1-25",
        "/v1/programs?as_of=%202025-1-05",
        "/v1/programs?status=open-ish",
        "/v1/programs?cursor=zzz",
        "/v1/programs?prefecture=48",
        "/v1/programs?limit=5&limit=6",
    ] {
        let res = get(uri).await;
        let body = res.assert_problem(400, "invalid_parameter");
        assert!(body["errors"][0]["parameter"].is_string(), "{uri}");
    }
}

#[actix_web::test]
async fn unknown_query_parameters_are_ignored() {
    for uri in [
        "/v1/programs?utm_source=portal",
        "/v1/programs/denshi-karte-kyoyu?as_of=2025-12-25&utm_source=portal",
        "/v1/catalog?x=1",
        "/v1/vocabulary?lang=ja",
    ] {
        let res = get(uri).await;
        assert_eq!(res.status, 200, "{uri}");
    }
}

#[actix_web::test]
async fn wrong_content_type_is_415() {
    let res = call(
        TestRequest::post()
            .uri("/v1/eligibility")
            .insert_header(("content-type", "text/plain"))
            .set_payload("{}"),
    )
    .await;
    res.assert_problem(415, "unsupported_media_type");
    let res = call(
        TestRequest::post()
            .uri("/v1/calculations")
            .set_payload("{}"),
    )
    .await;
    res.assert_problem(415, "unsupported_media_type");
}

#[actix_web::test]
async fn body_over_one_mebibyte_is_413() {
    let big = format!(
        "{{\"facility\": {{\"beds\": 1}}, \"pad\": \"{}\"}}",
        "x".repeat(1_100_000)
    );
    let res = call(
        TestRequest::post()
            .uri("/v1/eligibility")
            .insert_header(("content-type", "application/json"))
            .set_payload(big),
    )
    .await;
    res.assert_problem(413, "payload_too_large");
}

#[actix_web::test]
async fn malformed_json_is_400() {
    let res = call(
        TestRequest::post()
            .uri("/v1/eligibility")
            .insert_header(("content-type", "application/json"))
            .set_payload("{\"facility\": "),
    )
    .await;
    res.assert_problem(400, "malformed_json");
}

#[actix_web::test]
async fn deep_nesting_is_rejected() {
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    let res = call(
        TestRequest::post()
            .uri("/v1/eligibility")
            .insert_header(("content-type", "application/json"))
            .set_payload(deep),
    )
    .await;
    res.assert_problem(400, "malformed_json");
    let mut v = json!(1);
    for _ in 0..40 {
        v = json!([v]);
    }
    let res = post_json(
        "/v1/eligibility",
        &json!({"facility": {"beds": 1}, "programs": v}),
    )
    .await;
    res.assert_problem(400, "malformed_json");
}

#[actix_web::test]
async fn huge_numbers_and_wrong_types_are_400() {
    let res = call(
        TestRequest::post()
            .uri("/v1/eligibility")
            .insert_header(("content-type", "application/json"))
            .set_payload("{\"facility\": {\"beds\": 1e30, \"employees\": \"many\"}}"),
    )
    .await;
    let body = res.assert_problem(400, "invalid_type");
    let pointers: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/facility/beds", "/facility/employees"]);
}

#[actix_web::test]
async fn error_codes_are_unique_snake_case_and_exported() {
    use hojokin::http::problem::ErrorCode;
    let doc = serde_json::to_value(hojokin::http::openapi_document()).unwrap();
    let exported: Vec<&str> = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut seen = std::collections::HashSet::new();
    for c in ErrorCode::ALL {
        let s = c.as_str();
        assert!(seen.insert(s), "duplicate {s}");
        assert!(
            s.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
            "{s} is snake_case"
        );
        assert!(exported.contains(&s), "{s} in the OpenAPI document");
        assert_eq!(serde_json::to_value(c).unwrap(), s);
    }
}
