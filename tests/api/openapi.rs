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
        // No JSON Pointer or path of any kind: a string literal that starts with `/` and a
        // letter (`"/facility/beds"`, `"/expenses/{i}: …"`).
        let pointers: Vec<&str> = text
            .match_indices("\"/")
            .filter(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_ascii_alphabetic()))
            .map(|(i, _)| &text[i..(i + 30).min(text.len())])
            .collect();
        assert!(
            pointers.is_empty(),
            "{name} writes a JSON Pointer or a path ({pointers:?}): the engine names inputs by \
             `InputKey` and expense lines by their index"
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

/// Schemas of answers, as clients name their types.
fn response_schemas(doc: &serde_json::Value) -> Vec<String> {
    fn refs(v: &serde_json::Value, doc: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(name) = o
                    .get("$ref")
                    .and_then(|r| r.as_str())
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    if !out.iter().any(|n| n == name) {
                        out.push(name.to_string());
                        refs(&doc["components"]["schemas"][name], doc, out);
                    }
                }
                o.values().for_each(|x| refs(x, doc, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, doc, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            refs(&op["responses"], doc, &mut out);
        }
    }
    out
}

#[test]
fn schemas_are_named_without_implementation_suffixes() {
    let doc = committed();
    let names = response_schemas(&doc);
    assert!(names.len() > 50);
    // Request schemas too: clients see every name in `components/schemas`.
    let names: Vec<String> = names
        .into_iter()
        .chain(
            doc["components"]["schemas"]
                .as_object()
                .unwrap()
                .keys()
                .cloned(),
        )
        .collect();
    for name in names {
        for suffix in ["Dto", "Doc", "Ref", "Desc"] {
            assert!(!name.ends_with(suffix), "schema {name} ends with {suffix}");
        }
        assert!(
            !(name.ends_with('V') && name[..name.len() - 1].ends_with(char::is_lowercase)),
            "schema {name} ends with V"
        );
    }
}

#[test]
fn no_response_schema_is_nullable() {
    let doc = committed();
    for name in response_schemas(&doc) {
        let text = doc["components"]["schemas"][&name].to_string();
        assert!(
            !text.contains("\"null\""),
            "{name} is nullable: an absent value is omitted from answers"
        );
    }
}

#[test]
fn every_operation_documents_500_503_and_the_request_id() {
    let doc = committed();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for status in ["500", "503"] {
                assert_eq!(
                    responses[status]["content"]["application/problem+json"]["schema"]["$ref"],
                    "#/components/schemas/Problem",
                    "{method} {path} documents {status}"
                );
            }
            for (status, r) in responses {
                assert!(
                    r["headers"]["x-request-id"].is_object(),
                    "{method} {path} {status} documents x-request-id"
                );
                if status.starts_with('2') {
                    assert!(r["headers"]["x-catalog-edition"].is_object());
                }
            }
            if responses.contains_key("304") {
                assert!(responses["200"]["headers"]["ETag"].is_object());
                let params = op["parameters"].as_array().unwrap();
                assert!(params.iter().any(|p| p["name"] == "If-None-Match"));
            }
        }
    }
}

#[test]
fn the_tagged_unions_have_a_discriminator_and_dates_a_format() {
    let doc = committed();
    let schemas = &doc["components"]["schemas"];
    for (name, tag) in [
        ("RoadmapStep", "kind"),
        ("Assignment", "status"),
        ("StepFigure", "kind"),
        ("Change", "kind"),
    ] {
        assert_eq!(
            schemas[name]["discriminator"]["propertyName"], tag,
            "{name}"
        );
        for variant in schemas[name]["oneOf"].as_array().unwrap() {
            let v = variant["$ref"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap();
            assert_eq!(
                schemas[v]["properties"][tag]["enum"]
                    .as_array()
                    .unwrap()
                    .len(),
                1
            );
        }
    }
    for name in response_schemas(&doc) {
        let Some(props) = schemas[&name]["properties"].as_object() else {
            continue;
        };
        for (p, s) in props {
            let date_like = p == "as_of"
                || p.ends_with("_on")
                || [
                    "from",
                    "until",
                    "on",
                    "due_by",
                    "by",
                    "opens",
                    "closes",
                    "complete_by",
                ]
                .contains(&p.as_str())
                || p == "next_deadline"
                || p == "sources_checked_through";
            if date_like && s["type"] == "string" {
                assert_eq!(s["format"], "date", "{name}.{p}");
            }
        }
    }
}

#[test]
fn every_warning_code_the_engine_writes_is_in_the_schema() {
    let mut files = Vec::new();
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/engine")),
        &mut files,
    );
    let mut found = 0;
    for text in files {
        // The code is the first argument of `Warning::new` and of `warn`, the second of
        // `Warning::on_line`, wherever the line breaks.
        for marker in ["Warning::new(", "warn(", "Warning::on_line("] {
            for (i, _) in text.match_indices(marker) {
                let mut rest = text[i + marker.len()..].trim_start();
                if marker == "Warning::on_line(" {
                    rest = rest[rest.find(',').unwrap() + 1..].trim_start();
                }
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                let code = &rest[..rest.find('"').unwrap()];
                found += 1;
                assert!(
                    hojokin::http::dto::vocab::WARNING_CODES.contains(&code),
                    "warning {code} is missing from WarningCode"
                );
            }
        }
    }
    assert!(found > 15);
}

#[actix_web::test]
async fn answers_hold_no_null() {
    fn no_null(v: &serde_json::Value, at: &str) {
        match v {
            serde_json::Value::Null => panic!("null at {at}: absent values are omitted"),
            serde_json::Value::Object(o) => {
                o.iter().for_each(|(k, x)| no_null(x, &format!("{at}/{k}")))
            }
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| no_null(x, &format!("{at}/{i}"))),
            _ => {}
        }
    }
    let hospital = serde_json::json!({
        "facility_type": "hospital", "beds": 150, "operator_type": "medical_corporation",
        "employees": 180, "prefecture": "13",
        "introduced": ["online_eligibility", "health_checkup_system"], "previous_grants": []
    });
    let answers = [
        get("/v1/programs").await,
        get("/v1/catalog").await,
        get("/v1/vocabulary").await,
        get("/v1/deadlines").await,
        post_json("/v1/eligibility", &serde_json::json!({"facility": hospital})).await,
        post_json(
            "/v1/calculations",
            &serde_json::json!({
                "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-daikibo", "facility": {"facility_type": "hospital"},
                "expenses": [{"category": "ehr_standardization", "amount_yen": 20_000_000}]
            }),
        )
        .await,
        post_json(
            "/v1/plans",
            &serde_json::json!({
                "facility": hospital,
                "purchases": [
                    {"id": "karte", "category": "software", "amount_yen": 30_000_000, "introduces": "e_prescription"},
                    {"id": "pc", "category": "hardware_pc", "amount_yen": 2_000_000},
                    {"id": "x", "category": "network", "amount_yen": 5_000_000}
                ]
            }),
        )
        .await,
    ];
    for res in answers {
        assert_eq!(res.status, 200, "{}", res.body);
        no_null(&res.body, "");
    }
    let list = get("/v1/programs").await;
    for p in list.body["items"].as_array().unwrap() {
        let id = p["program_id"].as_str().unwrap();
        let detail = get(&format!("/v1/programs/{id}")).await;
        no_null(&detail.body, id);
    }
}
