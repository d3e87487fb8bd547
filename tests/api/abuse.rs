//! Hostile input: whatever a client sends, the answer is a bounded problem, never a copy of the
//! input multiplied.

use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::helpers::*;

/// Largest error answer the service may give (issue 16: 64 KB).
const MAX_PROBLEM: usize = 64 * 1024;

fn post_raw(uri: &str, body: String) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header(("content-type", "application/json"))
        .set_payload(body)
}

/// `n` distinct short keys: `{"k0":0,"k1":0,…}` in base 36.
fn many_keys(n: usize, prefix: &str) -> String {
    let mut s = String::from("{");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let mut k = String::new();
        let mut x = i;
        loop {
            k.insert(0, char::from_digit((x % 36) as u32, 36).unwrap());
            x /= 36;
            if x == 0 {
                break;
            }
        }
        s.push_str(&format!("\"{prefix}{k}\":0"));
    }
    s.push('}');
    s
}

fn pointers(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["pointer"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_hundred_thousand_unknown_keys_get_a_small_422() {
    let body = many_keys(100_000, "");
    assert!(body.len() < 1024 * 1024, "under the body limit");
    for uri in ["/v1/eligibility", "/v1/calculations", "/v1/plans"] {
        let res = call(post_raw(uri, body.clone())).await;
        let problem = res.assert_problem(422, "too_many_items");
        assert!(res.raw.len() < 4096, "{uri}: {} bytes", res.raw.len());
        assert_eq!(problem["errors"][0]["pointer"], "");
    }
    // Nested too: the object is named.
    let res = call(post_raw(
        "/v1/eligibility",
        format!("{{\"facility\":{}}}", many_keys(5000, "")),
    ))
    .await;
    let problem = res.assert_problem(422, "too_many_items");
    assert_eq!(problem["errors"][0]["pointer"], "/facility");
}

#[actix_web::test]
async fn many_unknown_keys_list_a_hundred_then_count_the_rest() {
    let body = many_keys(999, "");
    for uri in ["/v1/eligibility", "/v1/calculations", "/v1/plans"] {
        let res = call(post_raw(uri, body.clone())).await;
        let problem = res.assert_problem(422, "unknown_field");
        assert!(
            res.raw.len() < MAX_PROBLEM,
            "{uri}: {} bytes",
            res.raw.len()
        );
        let listed = problem["errors"].as_array().unwrap().len();
        assert_eq!(listed, 100, "{uri}: the first 100 errors are listed");
        let omitted = problem["omitted_errors"].as_u64().unwrap() as usize;
        // The unknown keys, plus any required field the request lacks.
        assert!(listed + omitted >= 999, "{uri}: {omitted} counted");
        // The allowed keys appear once, not in each error.
        let allowed = problem["allowed_fields"].as_array().unwrap();
        assert_eq!(allowed.len(), 1, "{uri}");
        assert_eq!(allowed[0]["pointers"], json!([""]));
        assert!(allowed[0]["fields"]
            .as_array()
            .unwrap()
            .contains(&json!("facility")));
        let first = &problem["errors"][0];
        assert!(
            !first["message"]["en"]
                .as_str()
                .unwrap()
                .contains("facility"),
            "{first}"
        );
        assert!(problem["detail"].as_str().unwrap().len() < 2000);
    }
}

#[actix_web::test]
async fn unknown_keys_in_many_objects_list_the_allowed_keys_once() {
    let purchases: Vec<Value> = (0..150)
        .map(|i| json!({"id": format!("p{i}"), "category": "software", "amount_yen": 1000, "colour": "red", "size": 3}))
        .collect();
    let res = post_json(
        "/v1/plans",
        &json!({"as_of": "2026-06-01", "purchases": purchases}),
    )
    .await;
    let problem = res.assert_problem(422, "unknown_field");
    assert!(res.raw.len() < MAX_PROBLEM, "{} bytes", res.raw.len());
    assert_eq!(problem["errors"].as_array().unwrap().len(), 100);
    assert_eq!(problem["omitted_errors"], 200);
    let allowed = problem["allowed_fields"].as_array().unwrap();
    assert_eq!(allowed.len(), 1, "one list for every purchase");
    assert_eq!(allowed[0]["pointers"].as_array().unwrap().len(), 50);
    assert_eq!(allowed[0]["pointers"][0], "/purchases/0");
}

#[actix_web::test]
async fn long_keys_and_values_are_clipped_in_the_answer() {
    let key = "x".repeat(900_000);
    let res = call(post_raw(
        "/v1/eligibility",
        format!(
            "{{\"facility\":{{\"{key}\":1,\"prefecture\":\"{}\"}}}}",
            "y".repeat(400)
        ),
    ))
    .await;
    let problem = res.assert_problem(422, "invalid_field");
    assert!(res.raw.len() < 8 * 1024, "{} bytes", res.raw.len());
    for p in pointers(problem) {
        assert!(p.chars().count() <= 201, "{} characters", p.len());
    }
    // A long query path is clipped in `instance` too.
    let long = format!("/v1/{}", "z".repeat(6000));
    let res = get(&long).await;
    let problem = res.assert_problem(404, "not_found");
    assert!(problem["instance"].as_str().unwrap().chars().count() <= 201);
    assert!(res.raw.len() < 4 * 1024);
}

#[actix_web::test]
async fn many_bad_values_are_bounded_too() {
    // 100 purchases with every field wrong: each gives several errors.
    let purchases: Vec<Value> = (0..200)
        .map(|i| json!({"id": "d", "category": "x".repeat(400), "amount_yen": -1, "quantity": 0, "earliest_on": format!("{i}"), "description": "y".repeat(600)}))
        .collect();
    let res = post_json("/v1/plans", &json!({"purchases": purchases})).await;
    let problem = res.assert_problem(422, "invalid_field");
    assert!(res.raw.len() < MAX_PROBLEM, "{} bytes", res.raw.len());
    let listed = problem["errors"].as_array().unwrap().len();
    assert!(listed <= 100);
    assert!(listed + problem["omitted_errors"].as_u64().unwrap() as usize >= 800);
}

#[actix_web::test]
async fn problem_answers_are_not_cached() {
    let res = post_json("/v1/eligibility", &json!({"nope": 1})).await;
    res.assert_problem(422, "unknown_field");
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
    let res = get("/v1/nothing").await;
    res.assert_problem(404, "not_found");
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
}

#[actix_web::test]
async fn duplicate_keys_are_400_with_the_pointer() {
    for (uri, body, pointer) in [
        (
            "/v1/eligibility",
            r#"{"facility":{"facility_type":"hospital","beds":10,"beds":250}}"#,
            "/facility/beds",
        ),
        (
            "/v1/eligibility",
            r#"{"as_of":"2026-06-01","as_of":"2026-06-02"}"#,
            "/as_of",
        ),
        (
            "/v1/plans",
            r#"{"purchases":[{"id":"a","category":"software","amount_yen":1},{"id":"b","id":"c","category":"software","amount_yen":1}]}"#,
            "/purchases/1/id",
        ),
        (
            "/v1/calculations",
            r#"{"program_id":"x","options":{"interpretations":{"a/b~c":1,"a/b~c":2}}}"#,
            "/options/interpretations/a~1b~0c",
        ),
    ] {
        let res = call(post_raw(uri, body.to_string())).await;
        let problem = res.assert_problem(400, "duplicate_key");
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{body}");
        assert_eq!(problem["errors"][0]["code"], "duplicate_key");
    }
    // The same key in two different objects is fine.
    let res = call(post_raw(
        "/v1/eligibility",
        r#"{"facility":{"facility_type":"hospital","beds":10},"programs":["denshi-karte-kyoyu"]}"#
            .to_string(),
    ))
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[actix_web::test]
async fn head_is_served_wherever_get_is() {
    use actix_web::http::Method;
    for uri in [
        "/healthz",
        "/readyz",
        "/v1/programs",
        "/v1/programs/denshi-karte-kyoyu",
        "/v1/catalog",
        "/v1/vocabulary",
        "/metrics",
        "/openapi.json",
        "/swagger-ui/",
    ] {
        let get = call(TestRequest::get().uri(uri)).await;
        let head = call(TestRequest::default().method(Method::HEAD).uri(uri)).await;
        assert_eq!(head.status, get.status, "HEAD {uri}");
        assert_eq!(head.status, 200, "HEAD {uri}");
        assert_eq!(
            head.header("content-type"),
            get.header("content-type"),
            "{uri}"
        );
        assert_eq!(head.header("etag"), get.header("etag"), "{uri}");
    }
    // A POST-only path still answers 405 to HEAD, naming the methods it takes.
    let res = call(
        TestRequest::default()
            .method(Method::HEAD)
            .uri("/v1/eligibility"),
    )
    .await;
    res.assert_problem(405, "method_not_allowed");
    assert_eq!(res.header("allow").as_deref(), Some("POST"));
}

#[actix_web::test]
async fn invented_methods_add_no_metric_series() {
    use actix_web::dev::Service;
    use actix_web::http::Method;
    let app = actix_web::test::init_service(hojokin::startup::app(state(), &[])).await;
    let series = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("hojokin_http_requests_total"))
            .count()
    };
    let metrics = || TestRequest::get().uri("/metrics").to_request();
    // Warm: every label combination the invented methods could land in already exists.
    let warm = Method::from_bytes(b"WARMUP").unwrap();
    for uri in ["/healthz", "/v1/nothing", "/metrics"] {
        let _ = app
            .call(
                TestRequest::default()
                    .method(warm.clone())
                    .uri(uri)
                    .to_request(),
            )
            .await;
    }
    let _ = app.call(metrics()).await.unwrap();
    let res = app.call(metrics()).await.unwrap();
    let before = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    for i in 0..500 {
        let long = format!("M{i}{}", "X".repeat(if i % 50 == 0 { 8000 } else { 10 }));
        let m = Method::from_bytes(long.as_bytes()).unwrap();
        let uri = ["/healthz", "/v1/nothing", "/metrics"][i % 3];
        let res = app
            .call(TestRequest::default().method(m).uri(uri).to_request())
            .await
            .unwrap();
        assert!(
            matches!(res.status().as_u16(), 404 | 405),
            "{}",
            res.status()
        );
    }
    let res = app.call(metrics()).await.unwrap();
    let after = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    assert_eq!(series(&after), series(&before), "no new series");
    assert!(after.contains("method=\"other\""));
    assert!(!after.contains("M1X"), "no invented method in a label");
    assert!(after.len() < before.len() + 2000, "{} bytes", after.len());
}

/// The worst plan request the limits allow: 200 purchases over every category the catalog funds.
fn worst_plan() -> Value {
    let categories = [
        "software",
        "cloud_service",
        "implementation",
        "hardware_pc",
        "ict_equipment",
        "network",
        "security_service",
        "labor_management",
        "ehr_standardization",
        "checkup_integration",
    ];
    let mut purchases = vec![json!({
        "id": "eprescription", "category": "software", "amount_yen": 4_059_000, "introduces": "e_prescription"
    })];
    for i in 1..200 {
        let amount = 60_000 + ((i * 7_919) % 97) as i64 * 61_000;
        let mut p = json!({"id": format!("p{i:03}"), "category": categories[i % categories.len()], "amount_yen": amount});
        if i % 11 == 0 {
            p["earliest_on"] = "2026-04-01".into();
        }
        purchases.push(p);
    }
    json!({
        "as_of": "2025-06-01",
        "facility": {"facility_type": "hospital", "beds": 150, "operator_type": "medical_corporation", "employees": 180,
            "capital_yen": 0, "prefecture": "31", "introduced": ["online_eligibility", "health_checkup_system"], "intends": [],
            "previous_grants": [], "designations": [], "services": [],
            "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}],
            "it_tool": {"processes": 4, "invoice_functions": 2}},
        "purchases": purchases,
        "goals": ["efficiency", "information_sharing"],
        "horizon_years": 3
    })
}

async fn post_with(state: hojokin::http::state::AppState, uri: &str, body: &Value) -> Res {
    use actix_web::dev::Service;
    let app = actix_web::test::init_service(hojokin::startup::app(state, &[])).await;
    let res = app
        .call(post_raw(uri, body.to_string()).to_request())
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let raw = actix_web::test::read_body(res).await.to_vec();
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    Res {
        status,
        headers,
        body,
        raw,
    }
}

#[actix_web::test]
async fn plans_beyond_the_slots_are_503_overloaded_at_once() {
    let mut s = state();
    s.plan_slots = hojokin::http::admission::Slots::new(1);
    let held = s.plan_slots.try_take().expect("a free slot");
    let started = std::time::Instant::now();
    let res = post_with(s.clone(), "/v1/plans", &worst_plan()).await;
    res.assert_problem(503, "overloaded");
    assert_eq!(res.header("retry-after").as_deref(), Some("1"));
    assert!(started.elapsed() < std::time::Duration::from_millis(500));
    drop(held);
    let small = json!({"as_of": "2025-06-01", "purchases": [{"id": "a", "category": "software", "amount_yen": 100000}]});
    let res = post_with(s, "/v1/plans", &small).await;
    assert_eq!(res.status, 200, "the slot is free again: {}", res.body);
}

#[actix_web::test]
async fn a_plan_past_its_deadline_answers_the_best_so_far_or_503() {
    let mut s = state();
    s.plan_deadline = std::time::Duration::ZERO;
    let res = post_with(s.clone(), "/v1/plans", &worst_plan()).await;
    res.assert_problem(503, "deadline_exceeded");
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
    // A short deadline: either the best plan found by then, said to be cut short, or 503. Either
    // way the answer comes at the deadline, not when a full search would end.
    s.plan_deadline = std::time::Duration::from_millis(300);
    let started = std::time::Instant::now();
    let res = post_with(s, "/v1/plans", &worst_plan()).await;
    let took = started.elapsed();
    if res.status == 200 {
        assert_eq!(
            res.body["solver"]["status"], "time_limit",
            "{}",
            res.body["solver"]
        );
        assert_eq!(res.body["counterfactuals"], json!([]));
        assert!(res.body["total_subsidy_yen"].as_i64().unwrap() > 0);
    } else {
        res.assert_problem(503, "deadline_exceeded");
    }
    // Unoptimised test builds are slow to turn the plan into an answer; the release figures
    // are in docs/robustness.md.
    assert!(took < std::time::Duration::from_secs(4), "{took:?}");
}

#[actix_web::test]
async fn cors_rejections_and_the_early_413_are_problems_a_browser_can_read() {
    use actix_web::dev::Service;
    let portal = "https://portal.example.jp";
    let app =
        actix_web::test::init_service(hojokin::startup::app(state(), &[portal.to_string()])).await;
    let preflight = TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/v1/eligibility")
        .insert_header(("origin", "https://evil.example"))
        .insert_header(("access-control-request-method", "POST"))
        .to_request();
    let res = answer(app.call(preflight).await).await;
    res.assert_problem(400, "cors_rejected");
    // 413 from Content-Length, before the body is read, with the CORS headers.
    let big = TestRequest::post()
        .uri("/v1/eligibility")
        .insert_header(("origin", portal))
        .insert_header(("content-type", "application/json"))
        .insert_header(("content-length", "2000000"))
        .to_request();
    let res = answer(app.call(big).await).await;
    res.assert_problem(413, "payload_too_large");
    assert_eq!(
        res.header("access-control-allow-origin").as_deref(),
        Some(portal)
    );
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
}

/// What the client receives, also when the service answers with an error (as the server does).
async fn answer<B: actix_web::body::MessageBody + 'static>(
    r: Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
) -> Res {
    let res = match r {
        Ok(res) => res.into_parts().1.map_into_boxed_body(),
        Err(e) => e.error_response(),
    };
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let raw = actix_web::body::to_bytes(res.into_body())
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    Res {
        status,
        headers,
        body: serde_json::from_slice(&raw).unwrap_or(Value::Null),
        raw,
    }
}
