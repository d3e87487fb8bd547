//! The calculation as the contract shows it, shared by `POST /v1/calculations` and
//! `POST /v1/plans`.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::engine::calc;
use crate::engine::calc::breakdown::{Figure, StepValue as EngineStepValue};
use crate::engine::criteria::Tri;
use crate::http::dto::common::{CatalogRef, LocalizedText, RateDto, WarningDto, WindowStatusDto};
use crate::http::dto::vocab::*;
use crate::http::request::pointer::json_pointer;

/// An input of a breakdown step.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StepInput)]
pub struct StepInputDto {
    pub name: String,
    /// An integer, or a decimal string when the value has a fraction.
    #[schema(value_type = crate::http::dto::vocab::StepValue)]
    pub value: Value,
    pub unit: String,
}

/// The figure a step used.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StepFigure)]
pub struct StepFigureDto {
    /// `rate`, `limit`, `per_unit` or `rounding`.
    #[schema(value_type = StepFigureKindV)]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<RateDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yen: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<OpV>,
    /// Rounding unit in yen (1, 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<i64>,
    /// Rounding direction (`down`, `up`, `half_up`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<RoundingDirectionV>)]
    pub direction: Option<String>,
}

/// One step of the breakdown.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CalculationStep)]
pub struct StepDto {
    pub kind: StepKindV,
    pub inputs: Vec<StepInputDto>,
    pub output_yen: i64,
    /// The exact value before rounding, when it has a fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<StepFigureDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<ConfidenceV>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    pub derived: bool,
    /// The step as a sentence ("補助対象経費 9,000,000円 × 1/2 = 4,500,000円").
    pub text: LocalizedText,
}

/// An ambiguous rule and the reading used.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Interpretation)]
pub struct InterpretationDto {
    pub id: InterpretationV,
    pub label: LocalizedText,
    pub applied: String,
    pub alternatives: Vec<String>,
}

/// A criterion that was not met or is unknown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionBrief {
    pub code: ReasonCodeV,
    pub verdict: CriterionVerdictV,
    pub reason: LocalizedText,
}

/// The exact subsidy with its breakdown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalculationResponse {
    #[schema(format = Date)]
    pub as_of: String,
    pub catalog: CatalogRef,
    pub program_id: String,
    pub frame_id: String,
    pub frame_name: LocalizedText,
    /// The frame's verdict (a formula minimum can make it `not_eligible`).
    pub verdict: VerdictV,
    /// Criteria not met or unknown, and formula reasons.
    pub reasons: Vec<CriterionBrief>,
    pub amount_status: AmountStatusV,
    /// Integer yen when `computed` (0 when not eligible; when undetermined, the amount if the unknown criteria hold); otherwise absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsidy_yen: Option<i64>,
    /// Lines counted in the amount.
    pub eligible_cost_yen: i64,
    /// Lines not counted: not an eligible cost of the frame, spent outside the spend period, or an
    /// eligible cost whose rule is not published (each named in `warnings`).
    pub ineligible_cost_yen: i64,
    /// Sum of all lines − subsidy_yen (absent when the subsidy is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_pay_yen: Option<i64>,
    /// One step per operation; the last step's output equals `subsidy_yen`.
    pub breakdown: Vec<StepDto>,
    /// Largest stated amount when the rule is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_max_yen: Option<i64>,
    /// Inputs the formula lacks (JSON Pointers).
    pub missing: Vec<String>,
    pub warnings: Vec<WarningDto>,
    pub interpretations: Vec<InterpretationDto>,
    pub window: WindowStatusDto,
    /// `approval_first` (contract only after 交付決定) or `after_completion` (apply after completion).
    pub timing: TimingV,
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
        program_id: c.program.def.id.to_string(),
        frame_id: frame.def.id.to_string(),
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
                        value: match &i.value {
                            EngineStepValue::Int(n) => Value::from(*n),
                            EngineStepValue::Decimal(s) => Value::from(s.as_str()),
                        },
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
        missing: c
            .missing
            .iter()
            .map(|m| json_pointer(*m).into_owned())
            .collect(),
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
