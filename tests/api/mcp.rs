//! The MCP tools answer what the REST routes answer, and `/mcp` is mounted only when enabled.

use actix_web::dev::Service;
use actix_web::test as atest;
use serde_json::{json, Value};

use crate::helpers::*;

fn calculation() -> Value {
    json!({
        "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-daikibo", "as_of": "2025-12-25",
        "facility": {"facility_type": "hospital", "beds": 250, "operator_type": "medical_corporation",
                     "introduced": ["online_eligibility", "e_prescription", "health_checkup_system"], "previous_grants": []},
        "expenses": [{"category": "ehr_standardization", "amount_yen": 20000000}]
    })
}

#[actix_web::test]
async fn calculate_subsidy_tool_equals_the_rest_answer() {
    let body = calculation();
    let rest = post_json("/v1/calculations", &body).await;
    assert_eq!(rest.status, 200);
    let tool = hojokin::mcp::call(&state(), "calculate_subsidy", body)
        .await
        .unwrap();
    assert_eq!(tool, rest.body);
    assert_eq!(tool["subsidy_yen"], 6_579_000);
    let text = hojokin::mcp::summary_text("calculate_subsidy", &tool);
    assert!(text.contains("6,579,000"), "{text}");
    assert!(text.contains(catalog().edition.as_str()), "{text}");
}

#[actix_web::test]
async fn get_tools_go_through_the_same_parameter_checks() {
    let tool = hojokin::mcp::call(
        &state(),
        "list_deadlines",
        json!({"from": "2025-04-01", "to": "2026-12-31", "prefecture": "東京都"}),
    )
    .await
    .unwrap();
    let rest =
        get("/v1/deadlines?from=2025-04-01&to=2026-12-31&prefecture=%E6%9D%B1%E4%BA%AC%E9%83%BD")
            .await;
    assert_eq!(tool, rest.body);
    let search = hojokin::mcp::call(&state(), "search_programs", json!({"limit": 5}))
        .await
        .unwrap();
    assert_eq!(search, get("/v1/programs?limit=5").await.body);
    for (name, args, code) in [
        ("search_programs", json!({"limit": 0}), "invalid_parameter"),
        (
            "search_programs",
            json!({"colour": "red"}),
            "invalid_parameter",
        ),
        ("get_program", json!({}), "invalid_parameter"),
        (
            "list_deadlines",
            json!({"to": "2020-01-01"}),
            "invalid_field",
        ),
        // Body tools read their arguments with the request types: unknown ones are refused.
        (
            "check_eligibility",
            json!({"colour": "red"}),
            "unknown_field",
        ),
        (
            "calculate_subsidy",
            json!({"program_id": "it-donyu-2025", "colour": "red"}),
            "unknown_field",
        ),
        (
            "plan_funding",
            json!({"purchases": [], "colour": "red"}),
            "unknown_field",
        ),
        (
            "check_eligibility",
            json!({"facility": {"beds": 10_001}}),
            "invalid_field",
        ),
    ] {
        let e = hojokin::mcp::call(&state(), name, args).await.unwrap_err();
        assert_eq!(e.code.as_str(), code, "{name}");
        let r = hojokin::mcp::error_result(name, &e);
        assert_eq!(r.is_error, Some(true));
        assert_eq!(r.structured_content.as_ref().unwrap()["code"], code);
    }
}

#[actix_web::test]
async fn arguments_have_the_body_limits() {
    let deep = (0..40).fold(json!(1), |v, _| json!([v]));
    let e = hojokin::mcp::call(&state(), "calculate_subsidy", json!({"expenses": deep}))
        .await
        .unwrap_err();
    assert_eq!(e.code.as_str(), "malformed_json");
    let big = "x".repeat(1_100_000);
    let e = hojokin::mcp::call(&state(), "check_eligibility", json!({"cursor": big}))
        .await
        .unwrap_err();
    assert_eq!(e.code.as_str(), "payload_too_large");
}

fn initialize() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"}}})
}

#[actix_web::test]
async fn mcp_is_off_unless_enabled() {
    let res = post_json("/mcp", &initialize()).await;
    res.assert_problem(404, "not_found");
    let app = atest::init_service(hojokin::startup::app_with(
        state(),
        &[],
        &[],
        Some(hojokin::startup::mcp_service(&state(), &[])),
    ))
    .await;
    let req = atest::TestRequest::post()
        .uri("/mcp")
        .insert_header(("host", "127.0.0.1"))
        .insert_header(("content-type", "application/json"))
        .insert_header(("accept", "application/json, text/event-stream"))
        .set_payload(initialize().to_string())
        .to_request();
    let res = app.call(req).await.unwrap();
    assert_eq!(res.status(), 200);
    let body = String::from_utf8(atest::read_body(res).await.to_vec()).unwrap();
    assert!(body.contains("\"serverInfo\""), "{body}");
    assert!(body.contains("hojokin"), "{body}");
    // Over the body limit: refused from Content-Length, as on the REST routes.
    let req = atest::TestRequest::post()
        .uri("/mcp")
        .insert_header(("host", "127.0.0.1"))
        .insert_header(("content-type", "application/json"))
        .insert_header(("content-length", "2000000"))
        .to_request();
    let res = app.call(req).await.unwrap();
    assert_eq!(res.status(), 413);
}
