//! The `GET /v1/vocabulary` answer.

use serde::Serialize;
use utoipa::ToSchema;

use crate::http::dto::common::{CatalogRef, LocalizedText};
use crate::http::dto::vocab::*;

/// A value of a closed vocabulary with its labels.
#[derive(Debug, Serialize, ToSchema)]
pub struct VocabularyTerm {
    pub value: String,
    pub label: LocalizedText,
}

/// A prefecture.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrefectureTerm {
    /// JIS X 0401 code.
    #[schema(value_type = PrefectureCodeV)]
    pub code: String,
    pub name: LocalizedText,
}

/// An interpretation question with its readings (the first is the default).
#[derive(Debug, Serialize, ToSchema)]
pub struct InterpretationTerm {
    pub value: String,
    pub label: LocalizedText,
    pub readings: Vec<String>,
}

/// Every enum the requests and responses use, with ja/en labels, for building forms.
#[derive(Debug, Serialize, ToSchema)]
pub struct Vocabulary {
    pub catalog: CatalogRef,
    pub facility_types: Vec<VocabularyTerm>,
    pub operator_types: Vec<VocabularyTerm>,
    pub systems: Vec<VocabularyTerm>,
    pub fees: Vec<VocabularyTerm>,
    pub designations: Vec<VocabularyTerm>,
    pub services: Vec<VocabularyTerm>,
    pub expense_categories: Vec<VocabularyTerm>,
    pub categories: Vec<VocabularyTerm>,
    pub prefectures: Vec<PrefectureTerm>,
    pub preparation_items: Vec<VocabularyTerm>,
    pub incident_kinds: Vec<VocabularyTerm>,
    /// Tests of `min_wage_near.basis`.
    pub min_wage_bases: Vec<VocabularyTerm>,
    pub number_fields: Vec<VocabularyTerm>,
    pub confidences: Vec<VocabularyTerm>,
    pub operators: Vec<VocabularyTerm>,
    pub timings: Vec<VocabularyTerm>,
    pub window_statuses: Vec<VocabularyTerm>,
    pub amount_statuses: Vec<VocabularyTerm>,
    pub verdicts: Vec<VocabularyTerm>,
    pub criterion_verdicts: Vec<VocabularyTerm>,
    #[schema(value_type = Vec<ReasonCodeV>)]
    pub reason_codes: Vec<String>,
    #[schema(value_type = Vec<StepKindV>)]
    pub step_kinds: Vec<String>,
    pub interpretations: Vec<InterpretationTerm>,
    #[schema(value_type = Vec<crate::http::problem::ErrorCode>)]
    pub error_codes: Vec<String>,
    /// Goal ids of 働き方改革 成果目標 (`work_style_goals[].goal`).
    pub work_style_goals: Vec<VocabularyTerm>,
    /// What a facility wants from its investment (`POST /v1/plans` `goals[]`).
    pub plan_goals: Vec<VocabularyTerm>,
    /// Why a purchase is not funded in a plan (`assignments[].reason`).
    pub unfunded_reasons: Vec<VocabularyTerm>,
}
