//! Every calculation worked example of `tests/cases/*.toml`, sent through `POST /v1/calculations`:
//! the HTTP path (request reading, frame choice, response) gives the same verdict, status and yen.

use actix_web::dev::Service;
use actix_web::test::{self as atest, TestRequest};
use serde_json::{json, Value};

use crate::helpers::state;

use crate::toml_json::to_json;

#[actix_web::test]
async fn every_calculation_case_holds_over_http() {
    let app = atest::init_service(hojokin::startup::app(state(), &[])).await;
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let doc: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in doc
            .get("case")
            .and_then(|c| c.as_array())
            .cloned()
            .unwrap_or_default()
        {
            if case.get("kind").and_then(|k| k.as_str()) != Some("calculation") {
                continue;
            }
            let c = to_json(&case);
            let mut body = json!({
                "program_id": c["program"],
                "as_of": c["as_of"],
                "facility": c.get("facility").cloned().unwrap_or(json!({})),
                "expenses": c.get("expenses").cloned().unwrap_or(json!([])),
            });
            if let Some(f) = c.get("frame") {
                body["frame_id"] = f.clone();
            }
            if let Some(i) = c.get("interpretations") {
                body["options"] = json!({ "interpretations": i });
            }
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
    }
    assert!(checked > 300, "only {checked} calculation cases found");
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
