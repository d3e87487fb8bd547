//! `POST /v1/calculations`.

use std::collections::BTreeMap;

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::engine::calc::{self, breakdown::Figure, CalcError, Expense};
use crate::engine::catalog::Catalog;
use crate::engine::criteria::Tri;
use crate::engine::facility::Facility;
use crate::engine::input::{FieldErrorKind, Reader, MAX_AMOUNT_YEN, MAX_EXPENSES};
use crate::engine::vocab::{ExpenseCategory, Interpretation};
use crate::http::body::read_post;
use crate::http::dto::calculations::*;
use crate::http::dto::common::{CatalogRef, LocalizedText, WindowStatusDto};
use crate::http::dto::facility::FacilityProfile;
use crate::http::dto::vocab::*;
use crate::http::problem::{ApiError, ErrorCode, FieldProblem, Problem};
use crate::http::respond::json;
use crate::http::state::{AppState, Snapshot};

/// One planned expense line.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpenseLine {
    pub category: ExpenseCategoryV,
    /// The line total in yen, tax excluded (税抜).
    #[schema(minimum = 0, maximum = 1000000000000_i64)]
    pub amount_yen: i64,
    /// Unit count (default 1).
    #[schema(minimum = 1, maximum = 1000000)]
    pub quantity: Option<i64>,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// Date of spending. A line dated outside the term's spend period is not counted (it is
    /// reported in `warnings` and counted in `ineligible_cost_yen`).
    #[schema(format = Date, max_length = 10)]
    pub spent_on: Option<String>,
    /// 資産形成経費 (for 地域医療介護総合確保基金 区分6).
    pub asset_forming: Option<bool>,
}

/// Calculation options.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalculationOptions {
    /// Chosen readings of ambiguous rules, by interpretation id (`{"invoice_band": "cost_band"}`); see `/v1/vocabulary`.
    pub interpretations: Option<InterpretationChoices>,
}

/// Readings chosen per interpretation id; each value is one of that question's readings.
#[derive(Debug, Serialize)]
pub struct InterpretationChoices(pub BTreeMap<String, String>);

impl utoipa::PartialSchema for InterpretationChoices {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
        let mut obj = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("Chosen readings by interpretation id (Q1–Q16); the first reading of each is the default."))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for q in Interpretation::ALL {
            obj = obj.property(
                q.as_str(),
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(q.readings().to_vec()))
                    .description(Some(q.label().en)),
            );
        }
        obj.into()
    }
}

impl utoipa::ToSchema for InterpretationChoices {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("InterpretationChoices")
    }
}

/// A calculation request.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalculationRequest {
    #[schema(max_length = 100)]
    pub program_id: String,
    /// Frame id; when omitted the profile must select exactly one frame.
    #[schema(max_length = 100)]
    pub frame_id: Option<String>,
    /// Date (YYYY-MM-DD, Japan time); default today.
    #[schema(format = Date, max_length = 10)]
    pub as_of: Option<String>,
    pub facility: Option<FacilityProfile>,
    /// Planned expense lines (at most 200).
    #[schema(max_items = 200)]
    pub expenses: Option<Vec<ExpenseLine>>,
    pub options: Option<CalculationOptions>,
}

struct Parsed {
    program_id: String,
    frame_id: Option<String>,
    as_of: chrono::NaiveDate,
    facility: Facility,
    expenses: Vec<Expense>,
    interpretations: BTreeMap<Interpretation, String>,
}

fn parse(body: &Value, today: chrono::NaiveDate) -> Result<Parsed, ApiError> {
    let mut r = Reader::default();
    let m = r.object(
        body,
        "",
        &[
            "program_id",
            "frame_id",
            "as_of",
            "facility",
            "expenses",
            "options",
        ],
    );
    let get = |k: &str| m.and_then(|m| m.get(k));
    let program_id = r
        .string(get("program_id"), "/program_id")
        .map(str::to_string);
    if get("program_id").is_none_or(Value::is_null) {
        r.error(
            "/program_id",
            FieldErrorKind::InvalidField,
            "program_id は必須です".into(),
            "program_id is required".into(),
        );
    }
    let frame_id = r.string(get("frame_id"), "/frame_id").map(str::to_string);
    let as_of = r.date(get("as_of"), "/as_of").unwrap_or(today);
    let facility = match get("facility") {
        Some(v) => Facility::read(&mut r, v, "/facility"),
        None => Facility::default(),
    };
    let mut expenses = Vec::new();
    if let Some(items) = r.list(get("expenses"), "/expenses", MAX_EXPENSES) {
        let cats: Vec<&str> = ExpenseCategory::ALL.iter().map(|c| c.as_str()).collect();
        for (i, item) in items.iter().enumerate() {
            let p = format!("/expenses/{i}");
            if item.is_null() {
                r.error(
                    &p,
                    FieldErrorKind::InvalidType,
                    format!("{p}: 経費行はオブジェクトで指定してください"),
                    format!("{p}: expected an object"),
                );
                continue;
            }
            let Some(o) = r.object(
                item,
                &p,
                &[
                    "category",
                    "amount_yen",
                    "quantity",
                    "description",
                    "spent_on",
                    "asset_forming",
                ],
            ) else {
                continue;
            };
            let category = r.enumerated(
                o.get("category"),
                &format!("{p}/category"),
                ExpenseCategory::parse,
                &cats,
            );
            let amount = r.int(
                o.get("amount_yen"),
                &format!("{p}/amount_yen"),
                0,
                MAX_AMOUNT_YEN,
            );
            for (k, v) in [
                ("category", category.is_none()),
                ("amount_yen", amount.is_none()),
            ] {
                if v && o.get(k).is_none_or(Value::is_null) {
                    r.error(
                        &format!("{p}/{k}"),
                        FieldErrorKind::InvalidField,
                        format!("{p}/{k} は必須です"),
                        format!("{p}/{k} is required"),
                    );
                }
            }
            let quantity = r
                .int(o.get("quantity"), &format!("{p}/quantity"), 1, 1_000_000)
                .unwrap_or(1);
            let description = r
                .string(o.get("description"), &format!("{p}/description"))
                .map(str::to_string);
            let spent_on = r.date(o.get("spent_on"), &format!("{p}/spent_on"));
            let asset_forming = r.bool(o.get("asset_forming"), &format!("{p}/asset_forming"));
            if let (Some(category), Some(amount_yen)) = (category, amount) {
                expenses.push(Expense {
                    category,
                    amount_yen,
                    quantity,
                    description,
                    spent_on,
                    asset_forming,
                });
            }
        }
    }
    let interpretations =
        crate::engine::input::read_interpretations(&mut r, get("options"), "/options");
    if !r.errors.is_empty() {
        return Err(ApiError::from_reader(r));
    }
    Ok(Parsed {
        program_id: program_id.unwrap_or_default(),
        frame_id,
        as_of,
        facility,
        expenses,
        interpretations,
    })
}

fn figure_dto(f: &Figure) -> StepFigureDto {
    match f {
        Figure::Rate { rate } => StepFigureDto {
            kind: "rate".into(),
            rate: Some((*rate).into()),
            yen: None,
            op: None,
            unit: None,
            direction: None,
        },
        Figure::Limit { yen, op } => StepFigureDto {
            kind: "limit".into(),
            rate: None,
            yen: Some(*yen),
            op: Some(OpV(op.as_str())),
            unit: None,
            direction: None,
        },
        Figure::PerUnit { yen } => StepFigureDto {
            kind: "per_unit".into(),
            rate: None,
            yen: Some(*yen),
            op: None,
            unit: None,
            direction: None,
        },
        Figure::Rounding { unit, direction } => StepFigureDto {
            kind: "rounding".into(),
            rate: None,
            yen: None,
            op: None,
            unit: Some(*unit),
            direction: Some(direction.to_string()),
        },
    }
}

/// Computes one calculation.
pub fn compute(
    state: &AppState,
    catalog: &Catalog,
    body: &Value,
) -> Result<CalculationResponse, ApiError> {
    let p = parse(body, (state.today)())?;
    let req = calc::Request {
        program_id: &p.program_id,
        frame_id: p.frame_id.as_deref(),
        as_of: p.as_of,
        facility: &p.facility,
        expenses: &p.expenses,
        interpretations: &p.interpretations,
    };
    let c = calc::calculate(catalog, &req).map_err(|e| {
        let shown = |s: &str| s.chars().take(100).collect::<String>();
        match e {
            CalcError::ProgramNotFound => {
                let mut e = ApiError::new(
                    ErrorCode::ProgramNotFound,
                    format!(
                        "no program `{}`; see GET /v1/programs",
                        shown(&p.program_id)
                    ),
                );
                e.errors.push(FieldProblem {
                    pointer: Some("/program_id".into()),
                    parameter: None,
                    code: ErrorCode::ProgramNotFound,
                    message: LocalizedText {
                        ja: format!("制度 `{}` はカタログにありません", shown(&p.program_id)),
                        en: format!("no program `{}` in the catalog", shown(&p.program_id)),
                    },
                });
                e
            }
            CalcError::FrameNotFound => {
                let fid = shown(p.frame_id.as_deref().unwrap_or(""));
                let mut e = ApiError::new(
                    ErrorCode::FrameNotFound,
                    format!("program `{}` has no frame `{fid}`", p.program_id),
                );
                e.errors.push(FieldProblem {
                    pointer: Some("/frame_id".into()),
                    parameter: None,
                    code: ErrorCode::FrameNotFound,
                    message: LocalizedText {
                        ja: format!("制度 `{}` に枠 `{fid}` はありません", p.program_id),
                        en: format!("program `{}` has no frame `{fid}`", p.program_id),
                    },
                });
                e
            }
            CalcError::FrameAmbiguous(candidates) => {
                let mut e = ApiError::new(
                    ErrorCode::FrameAmbiguous,
                    format!(
                        "the profile does not select exactly one frame; give frame_id, one of: {}",
                        candidates.join(", ")
                    ),
                );
                e.errors.push(FieldProblem {
                    pointer: Some("/frame_id".into()),
                    parameter: None,
                    code: ErrorCode::FrameAmbiguous,
                    message: LocalizedText {
                        ja: format!(
                            "枠を一つに決められません。frame_id を指定してください (候補: {})",
                            candidates.join(", ")
                        ),
                        en: format!(
                            "the profile matches several frames; give frame_id (candidates: {})",
                            candidates.join(", ")
                        ),
                    },
                });
                e.candidates = candidates;
                e
            }
        }
    })?;
    Ok(response_of(catalog, &c, p.as_of))
}

/// The calculation as the contract shows it (shared with `POST /v1/plans`).
pub fn response_of(
    catalog: &crate::engine::catalog::Catalog,
    c: &calc::Calculation,
    as_of: chrono::NaiveDate,
) -> CalculationResponse {
    let mut reasons: Vec<CriterionBrief> = c
        .open_criteria
        .iter()
        .map(|x| CriterionBrief {
            code: ReasonCodeV(x.code),
            verdict: CriterionVerdictV(if x.verdict == Tri::NotMet {
                "not_met"
            } else {
                "unknown"
            }),
            reason: (&x.reason).into(),
        })
        .collect();
    if let Some(r) = &c.formula_reason {
        reasons.push(CriterionBrief {
            code: ReasonCodeV("minimum"),
            verdict: CriterionVerdictV("not_met"),
            reason: r.into(),
        });
    }
    let frame = c.frame_result.frame;
    let timing = frame
        .def
        .timing
        .or(c.program.def.timing)
        .unwrap_or(crate::engine::vocab::Timing::ApprovalFirst);
    CalculationResponse {
        as_of: as_of.to_string(),
        catalog: CatalogRef::of(catalog),
        program_id: c.program.def.id.clone(),
        frame_id: frame.def.id.clone(),
        frame_name: (&frame.def.name).into(),
        verdict: VerdictV(c.verdict.as_str()),
        reasons,
        amount_status: AmountStatusV(c.amount_status.as_str()),
        subsidy_yen: c.subsidy_yen,
        eligible_cost_yen: c.eligible_cost_yen,
        ineligible_cost_yen: c.ineligible_cost_yen,
        self_pay_yen: c.self_pay_yen,
        breakdown: c
            .steps
            .iter()
            .map(|s| StepDto {
                kind: StepKindV(s.kind.as_str()),
                inputs: s
                    .inputs
                    .iter()
                    .map(|i| StepInputDto {
                        name: i.name.clone(),
                        value: i.value.clone(),
                        unit: i.unit.to_string(),
                    })
                    .collect(),
                output_yen: s.output_yen,
                exact: s.exact.clone(),
                figure: s.figure.as_ref().map(figure_dto),
                source: s.source.clone(),
                confidence: s.confidence.map(|x| ConfidenceV(x.as_str())),
                verified: s.confidence.map(|x| x.verified()),
                derived: s.derived,
                text: (&s.text).into(),
            })
            .collect(),
        known_max_yen: c.known_max_yen,
        missing: c.missing.iter().map(|m| m.to_string()).collect(),
        warnings: c.warnings.iter().map(Into::into).collect(),
        interpretations: c
            .interpretations
            .iter()
            .map(|a| InterpretationDto {
                id: InterpretationV(a.id.as_str()),
                label: a.id.label().into(),
                applied: a.applied.to_string(),
                alternatives: a.alternatives.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
        window: WindowStatusDto::of(
            catalog,
            &c.frame_result.window,
            as_of,
            c.program.sources_checked_through(catalog),
        ),
        timing: TimingV(timing.as_str()),
    }
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
