//! The answer of `POST /v1/calculations`.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::common::{CatalogRef, LocalizedText, RateDto, WarningDto, WindowStatusDto};
use super::vocab::*;

/// An input of a breakdown step.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StepInput)]
pub struct StepInputDto {
    pub name: String,
    /// An integer, or a decimal string when the value has a fraction.
    #[schema(value_type = StepValue)]
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
