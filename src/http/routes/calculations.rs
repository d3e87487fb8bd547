//! `POST /v1/calculations`.

use actix_web::{post, web, HttpRequest, HttpResponse};

use crate::engine::calc;
use crate::engine::catalog::Catalog;
use crate::http::body::{read_post, Body};
pub use crate::http::dto::calculation::{response_of, CalculationResponse};
use crate::http::problem::{ApiError, Problem};
use crate::http::request::calculation::{self as request, CalculationRequest};
use crate::http::respond::json;
use crate::http::state::{AppState, Snapshot};

/// Computes one calculation.
pub fn compute(
    state: &AppState,
    catalog: &Catalog,
    body: &Body,
) -> Result<CalculationResponse, ApiError> {
    let p = request::read(body, (state.today)())?;
    let req = calc::Request {
        program_id: &p.program_id,
        frame_id: p.frame_id.as_deref(),
        as_of: p.as_of,
        facility: &p.facility,
        expenses: &p.expenses,
        interpretations: &p.interpretations,
    };
    let c = calc::calculate(catalog, &req)?;
    Ok(response_of(catalog, &c, p.as_of))
}

/// The exact subsidy in yen for planned expenses, with a step-by-step breakdown.
///
/// Rates are exact fractions, amounts are multiplied before they are divided and rounded once
/// where the program's rule says; each step names its figure, source and confidence.
#[utoipa::path(
    post,
    path = "/calculations",
    operation_id = "calculateSubsidy",
    tag = "calculation",
    request_body(content = CalculationRequest, content_type = "application/json", examples(
        ("karte_daikibo" = (summary = "電子カルテ共有 大規模病院 (250床, 2千万円)", value = json!({
            "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-daikibo", "as_of": "2025-12-25",
            "facility": {"facility_type": "hospital", "beds": 250, "operator_type": "medical_corporation", "prefecture": "13",
                "introduced": ["online_eligibility", "e_prescription", "health_checkup_system"], "intends": [], "previous_grants": [],
                "completed_on": "2026-03-31"},
            "expenses": [{"category": "ehr_standardization", "amount_yen": 18000000, "description": "HL7 FHIR 標準規格化"},
                         {"category": "checkup_integration", "amount_yen": 2000000, "description": "健診部門システム連携"}]
        }))),
        ("seisansei_50" = (summary = "生産性向上 病院50床", value = json!({
            "program_id": "seisansei-kojo", "as_of": "2025-12-25",
            "facility": {"facility_type": "hospital", "beds": 50, "prefecture": "20", "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}]},
            "expenses": [{"category": "ict_equipment", "amount_yen": 1234567, "description": "インカム・見守りセンサー"}]
        }))),
        ("invoice_hardware" = (summary = "IT導入 インボイス枠 ソフト + ハードウェア", value = json!({
            "program_id": "it-donyu-2025", "frame_id": "invoice-taio", "as_of": "2025-06-01",
            "facility": {"facility_type": "medical_clinic", "beds": 0, "operator_type": "medical_corporation", "employees": 12, "capital_yen": 0, "prefecture": "13", "it_tool": {"processes": 1, "invoice_functions": 1}},
            "expenses": [{"category": "software", "amount_yen": 400000}, {"category": "hardware_pc", "amount_yen": 300000}, {"category": "hardware_register", "amount_yen": 300000}]
        }))),
        ("hatarakikata_small" = (summary = "働き方改革 労働者25人", value = json!({
            "program_id": "hatarakikata-kaikaku", "frame_id": "jitan-nenkyu", "as_of": "2025-06-01",
            "facility": {"facility_type": "medical_clinic", "operator_type": "medical_corporation", "employees": 25, "capital_yen": 0, "prefecture": "13",
                "work_style_goals": [{"goal": "overtime_60h", "cap_yen": 1000000}]},
            "expenses": [{"category": "labor_management", "amount_yen": 400000, "description": "勤怠管理システム"}]
        }))),
    )),
    responses(
        (status = 200, description = "The subsidy and its breakdown", body = CalculationResponse),
        (status = 400, description = "Malformed JSON or wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown program or frame", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Method not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or unknown field, too many lines, or frame ambiguous", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calculations")]
pub async fn calculate_subsidy(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    catalog: Snapshot,
) -> Result<HttpResponse, ApiError> {
    let body = read_post(&req, payload, &state).await?;
    let response = compute(&state, &catalog, &body)?;
    Ok(json(&response))
}
