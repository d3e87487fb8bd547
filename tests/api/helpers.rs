//! The test app: `startup::app()` with a fixed clock.

use std::sync::{Arc, OnceLock};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test as atest;
use chrono::NaiveDate;
use hojokin::engine::catalog::{self, Catalog};
use hojokin::http::state::AppState;
use serde_json::Value;

pub fn catalog() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Arc::new(catalog::embedded().expect("embedded catalog is valid")))
        .clone()
}

/// "Today" in the tests: the date of the FY2026 facts.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

pub fn state() -> AppState {
    AppState::with_clock(catalog(), Arc::new(today))
}

pub struct Res {
    pub status: u16,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: Value,
    pub raw: Vec<u8>,
}

impl Res {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Asserts a problem+json answer with status and code; returns the body.
    pub fn assert_problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status, status, "status; body: {}", self.body);
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "content type"
        );
        assert_eq!(self.body["code"], code, "code; body: {}", self.body);
        assert_eq!(self.body["status"], status);
        let rid = self.body["request_id"].as_str().unwrap_or_default();
        assert!(!rid.is_empty(), "request_id in the body");
        assert_eq!(
            self.header("x-request-id").as_deref(),
            Some(rid),
            "request id header equals body"
        );
        &self.body
    }
}

/// Reads a response of an app the test built itself.
pub async fn read_response<B: MessageBody>(res: ServiceResponse<B>) -> Res {
    read(res).await
}

async fn read<B: MessageBody>(res: ServiceResponse<B>) -> Res {
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

pub async fn call(req: actix_web::test::TestRequest) -> Res {
    let app = atest::init_service(hojokin::startup::app(state(), &[])).await;
    let res = app.call(req.to_request()).await.expect("service answers");
    read(res).await
}

pub async fn get(uri: &str) -> Res {
    call(atest::TestRequest::get().uri(uri)).await
}

pub async fn post_json(uri: &str, body: &Value) -> Res {
    call(
        atest::TestRequest::post()
            .uri(uri)
            .insert_header(("content-type", "application/json"))
            .set_payload(body.to_string()),
    )
    .await
}

/// The base profile P of the eligibility acceptance checks.
pub fn base_profile() -> Value {
    serde_json::json!({
        "operator_type": "medical_corporation", "employees": 150, "prefecture": "13",
        "introduced": ["online_eligibility", "e_prescription", "health_checkup_system"],
        "intends": [], "previous_grants": [], "designations": [], "fee_notifications": []
    })
}

pub fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            if v.is_null() {
                b.remove(k);
            } else {
                b.insert(k.clone(), v.clone());
            }
        }
    }
    base
}

/// Every worked example of `tests/cases/*.toml` as JSON, with its file name, in file order.
pub fn worked_examples() -> Vec<(String, Value)> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let doc: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in doc
            .get("case")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            out.push((file.clone(), crate::toml_json::to_json(case)));
        }
    }
    out
}

/// The `POST /v1/calculations` body of a worked example.
pub fn calculation_body(case: &Value) -> Value {
    let mut body = serde_json::json!({
        "program_id": case["program"],
        "as_of": case["as_of"],
        "facility": case.get("facility").cloned().unwrap_or(serde_json::json!({})),
        "expenses": case.get("expenses").cloned().unwrap_or(serde_json::json!([])),
    });
    if let Some(f) = case.get("frame") {
        body["frame_id"] = f.clone();
    }
    if let Some(i) = case.get("interpretations") {
        body["options"] = serde_json::json!({ "interpretations": i });
    }
    body
}
