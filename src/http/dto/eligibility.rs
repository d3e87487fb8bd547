//! The `POST /v1/eligibility` answer: programs, frames and criteria as the contract shows them,
//! borrowed from the engine's results (the summary is written directly by the route).

use chrono::NaiveDate;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use utoipa::ToSchema;

use crate::engine::catalog::Criterion;
use crate::engine::criteria::{self, Ctx, Fact, Lang};
use crate::engine::eligibility::IdText;
use crate::http::dto::common::{
    CatalogRef, LocalizedText, TextRef, ThresholdDto, WarningDto, WarningRef, WindowStatusDto,
    WindowStatusRef,
};
use crate::http::dto::vocab::*;

/// One criterion of a frame, evaluated.
#[derive(Serialize, ToSchema)]
#[schema(as = CriterionResult)]
pub struct CriterionResultDto<'a> {
    /// Stable id within the frame.
    #[schema(value_type = String)]
    #[serde(serialize_with = "display")]
    pub id: IdText<'static>,
    /// Reason code (one per criterion kind).
    pub code: ReasonCodeV,
    pub verdict: CriterionVerdictV,
    /// The rule and the facility's input, in words.
    #[schema(value_type = LocalizedText)]
    pub reason: ReasonText<'a>,
    /// The facility value the criterion read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<CriterionValue>)]
    pub value: Option<Fact>,
    /// The threshold with its operator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<ThresholdDto>,
    /// Inputs that would settle an unknown criterion (JSON Pointers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<std::borrow::Cow<'static, str>>,
}

/// One frame, evaluated.
#[derive(Serialize, ToSchema)]
pub struct FrameEligibility<'a> {
    pub frame_id: &'a str,
    /// Frame name (omitted with `detail = summary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<LocalizedText>)]
    pub name: Option<TextRef<'a>>,
    pub verdict: VerdictV,
    /// Criteria (omitted with `detail = summary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Vec<CriterionResultDto<'a>>>,
    /// Window status at `as_of` (eligibility and window are separate answers); the window
    /// itself is omitted with `detail = summary`.
    #[schema(value_type = WindowStatusDto)]
    pub window: WindowStatusRef<'a>,
    /// Largest subsidy computable from the profile (e.g. beds × ¥40,000), when the figures allow (full answers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_subsidy_yen: Option<i64>,
    /// The frame's warnings (`no_term_in_force`…; omitted with `detail = summary`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<WarningDto>)]
    pub warnings: Vec<WarningRef<'a>>,
}

/// A system that must be in operation first.
#[derive(Serialize, ToSchema)]
#[schema(as = PrerequisiteStatus)]
pub struct PrerequisiteDto<'a> {
    pub system: SystemV,
    /// The program that funds it.
    pub program_id: &'a str,
    /// `missing` (known not in operation) or `unknown`.
    #[schema(value_type = PrerequisiteStateV)]
    pub state: &'static str,
    /// 1 オンライン資格確認 → 2 電子処方箋 → 3 電子カルテ情報共有サービス.
    pub order: u8,
}

/// A preparation step (never changes the verdict).
#[derive(Serialize, ToSchema)]
#[schema(as = PreparationStatus)]
pub struct PreparationDto<'a> {
    pub item: PreparationItemV,
    #[schema(value_type = LocalizedText)]
    pub label: TextRef<'static>,
    /// `done`, `not_done` or `unknown`.
    #[schema(value_type = PreparationStateV)]
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_time_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<LocalizedText>)]
    pub note: Option<TextRef<'a>>,
}

/// One program, evaluated.
#[derive(Serialize, ToSchema)]
pub struct ProgramEligibility<'a> {
    pub program_id: &'a str,
    /// Program name (omitted with `detail = summary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<LocalizedText>)]
    pub name: Option<TextRef<'a>>,
    /// The best verdict of its frames.
    pub verdict: VerdictV,
    /// The best window status of its frames.
    pub status: WindowStatusV,
    /// Why the program has this status: the deciding frame's window and dates, what is not
    /// confirmed and since when, the successor.
    #[schema(value_type = LocalizedText)]
    pub status_reason: TextRef<'a>,
    /// Largest computable subsidy among its eligible or undetermined frames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_subsidy_yen: Option<i64>,
    /// The earliest known closing date (YYYY-MM-DD) among its frames' open or upcoming windows
    /// (omitted when none is known, and with `detail = summary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date, value_type = Option<String>)]
    pub next_deadline: Option<NaiveDate>,
    pub frames: Vec<FrameEligibility<'a>>,
    /// Systems to introduce first, in roadmap order.
    pub prerequisites: Vec<PrerequisiteDto<'a>>,
    /// Application preparation (omitted with `detail = summary`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preparation: Vec<PreparationDto<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<WarningDto>)]
    pub warnings: Vec<WarningRef<'a>>,
}

/// An input that would settle undetermined frames.
#[derive(Serialize, ToSchema)]
#[schema(as = MissingInput)]
pub struct MissingDto {
    /// JSON Pointer of the input.
    pub field: String,
    /// Undetermined frames with an unknown criterion that needs it.
    pub frames: usize,
    /// The question to ask.
    pub question: LocalizedText,
}

/// The answer.
#[derive(Serialize, ToSchema)]
pub struct EligibilityResponse<'a> {
    #[schema(format = Date)]
    pub as_of: String,
    pub catalog: CatalogRef,
    pub results: Vec<ProgramEligibility<'a>>,
    /// Missing inputs ranked by the number of undetermined frames each would settle.
    pub missing: Vec<MissingDto>,
    /// Cursor of the next page, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Warnings about the request as a whole (`catalog_outdated`, `profile_inconsistent`).
    pub warnings: Vec<WarningDto>,
}

/// A criterion's sentence in both languages, written while the answer is serialized.
pub struct ReasonText<'a> {
    pub criterion: &'a Criterion,
    pub ctx: Ctx<'a>,
}

impl Serialize for ReasonText<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Each sentence is written into one reused buffer and handed to the serializer whole:
        // escaping one string is far cheaper than escaping its dozen fragments one by one.
        thread_local! {
            static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        let mut m = s.serialize_struct("LocalizedText", 2)?;
        for (key, lang) in [("ja", Lang::Ja), ("en", Lang::En)] {
            SCRATCH.with_borrow_mut(|buf| {
                buf.clear();
                // Writing into a String cannot fail.
                let _ = criteria::write_reason(buf, self.criterion, &self.ctx, lang, true);
                m.serialize_field(key, buf.as_str())
            })?;
        }
        m.end()
    }
}

pub fn display<T: std::fmt::Display, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}
