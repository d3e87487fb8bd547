//! The committed contract equals what the code generates.
//!
//! Regenerate with `cargo run -- openapi > openapi/openapi.json`.

use crate::helpers::*;

fn committed() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
    let text = std::fs::read_to_string(path).expect("openapi/openapi.json is committed");
    serde_json::from_str(&text).expect("openapi/openapi.json is JSON")
}

#[test]
fn generated_document_equals_the_committed_contract() {
    let generated = serde_json::to_value(hojokin::http::openapi_document()).unwrap();
    assert!(
        generated == committed(),
        "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json` and review the diff"
    );
}

#[actix_web::test]
async fn served_document_equals_the_committed_contract() {
    let res = get("/openapi.json").await;
    assert_eq!(res.status, 200);
    assert!(
        res.body == committed(),
        "/openapi.json differs from openapi/openapi.json"
    );
}

#[test]
fn every_operation_has_its_stable_id_and_documents_its_errors() {
    let doc = committed();
    let mut ids = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has an operationId"));
            ids.push(id.to_string());
            if path.starts_with("/v1/") {
                let responses = op["responses"].as_object().unwrap();
                for status in ["400", "405"] {
                    assert!(
                        responses.contains_key(status),
                        "{method} {path} documents {status}"
                    );
                }
                if method == "post" {
                    for status in ["404", "413", "415", "422"] {
                        assert!(
                            responses.contains_key(status),
                            "{method} {path} documents {status}"
                        );
                    }
                }
            }
        }
    }
    for id in [
        "listPrograms",
        "getProgram",
        "getCatalog",
        "evaluateEligibility",
        "calculateSubsidy",
        "listVocabulary",
        "planFunding",
    ] {
        assert!(ids.iter().any(|x| x == id), "operationId {id}");
    }
}

#[test]
fn the_engine_knows_nothing_of_http() {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    let mut files = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/engine")),
        &mut files,
    );
    assert!(files.len() > 5);
    for (name, text) in files {
        for banned in ["actix", "utoipa", "crate::http", "crate::startup"] {
            assert!(
                !text.contains(banned),
                "{name} mentions {banned}: the engine must not depend on HTTP"
            );
        }
        // Requests are read into the engine's types by `http::request`: no JSON values here.
        assert!(
            !text.contains("serde_json"),
            "{name} mentions serde_json: the engine reads typed values, not JSON"
        );
        // Routes and statuses belong to the HTTP layer.
        for banned in ["\"/v1", "StatusCode", "status: u16", "HttpResponse"] {
            assert!(
                !text.contains(banned),
                "{name} mentions {banned}: routes and statuses are the HTTP layer's"
            );
        }
        for status in ["400", "422"] {
            assert!(
                status_literals(&text, status).is_empty(),
                "{name} has {status} as a number: statuses are the HTTP layer's"
            );
        }
        // Missing inputs are typed keys (`engine::input_key`); `http::request::pointer` writes
        // them as JSON Pointers.
        assert!(
            !text.contains("\"/facility"),
            "{name} writes a JSON Pointer: the engine names inputs by `InputKey`"
        );
        // The engine takes the date it is given (`as_of`); the clock is read by the caller.
        for banned in ["Utc::now", "Local::now", "SystemTime", "today("] {
            assert!(
                !text.contains(banned),
                "{name} mentions {banned}: the engine never reads the clock for a date"
            );
        }
    }
}

/// Where `number` stands alone in `text` (not part of a larger figure such as `1,400,000`).
fn status_literals(text: &str, number: &str) -> Vec<usize> {
    let figure =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || ",._".contains(c));
    text.match_indices(number)
        .map(|(i, _)| i)
        .filter(|&i| {
            !figure(text[..i].chars().next_back())
                && !figure(text[i + number.len()..].chars().next())
        })
        .collect()
}
