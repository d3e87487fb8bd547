//! Every calculation worked example of `tests/cases/*.toml`, sent through `POST /v1/calculations`:
//! the HTTP path (request reading, frame choice, response) gives the same verdict, status and yen.

use actix_web::dev::Service;
use actix_web::test::{self as atest, TestRequest};
use serde_json::Value;

use crate::helpers::{calculation_body, state, worked_examples};

#[actix_web::test]
async fn every_calculation_case_holds_over_http() {
    let app = atest::init_service(hojokin::startup::app(state(), &[])).await;
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, c) in worked_examples() {
        if c.get("kind").and_then(|k| k.as_str()) != Some("calculation") {
            continue;
        }
        let body = calculation_body(&c);
        let req = TestRequest::post()
            .uri("/v1/calculations")
            .insert_header(("content-type", "application/json"))
            .set_payload(body.to_string())
            .to_request();
        let res = app.call(req).await.unwrap();
        let status = res.status().as_u16();
        let got: Value =
            serde_json::from_slice(&atest::read_body(res).await).unwrap_or(Value::Null);
        let name = format!("{file} › {}", c["name"].as_str().unwrap_or(""));
        if status != 200 {
            failures.push(format!("{name}: HTTP {status} {got}"));
            continue;
        }
        let expect = &c["expect"];
        for key in [
            "verdict",
            "amount_status",
            "subsidy_yen",
            "eligible_cost_yen",
            "known_max_yen",
        ] {
            if let Some(want) = expect.get(key) {
                if &got[key] != want {
                    failures.push(format!("{name}: {key} expected {want}, got {}", got[key]));
                }
            }
        }
        if let Some(frame) = expect.get("frame") {
            if &got["frame_id"] != frame {
                failures.push(format!(
                    "{name}: frame expected {frame}, got {}",
                    got["frame_id"]
                ));
            }
        }
        checked += 1;
    }
    assert!(checked > 300, "only {checked} calculation cases found");
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
