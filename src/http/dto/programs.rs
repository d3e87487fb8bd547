//! Catalog responses: program summaries and program details.

use serde::Serialize;
use utoipa::ToSchema;

use super::common::{
    CatalogRef, FigureDto, LocalizedText, RateDto, ThresholdDto, WindowDto, WindowStatusDto,
};
use super::vocab::{
    CategoryV, ConfidenceV, FacilityTypeV, FormulaKindV, InterpretationV, MaxAmountPerV,
    PrefectureCodeV, PreparationItemV, ReasonCodeV, SystemV, TimingV, WindowStatusV,
};

/// A program in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramSummary {
    pub program_id: String,
    pub name: LocalizedText,
    /// 実施主体.
    pub authority: LocalizedText,
    pub categories: Vec<CategoryV>,
    pub facility_types: Vec<FacilityTypeV>,
    /// Prefectures the program is limited to (absent: nationwide).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<PrefectureCodeV>>)]
    pub prefectures: Option<Vec<String>>,
    /// Best window status of its frames at `as_of`.
    pub status: WindowStatusV,
    /// Why: the deciding frame's window and dates, what is not confirmed and since when, the successor.
    pub status_reason: LocalizedText,
    /// How far the public sources behind the program reach (unlike the catalog's `verified_on`, the
    /// day the figures were checked). Later `as_of` dates still use the last terms, with a warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub sources_checked_through: Option<String>,
    /// The largest amount one facility can receive from a frame in force at `as_of` (subsidy cap, fixed amount or
    /// stated maximum). Absent when a frame pays per bed or per unit without a cap (the amount grows with the
    /// facility; see each frame's `max_amount`) or none states one; a group's total is never counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_amount_yen: Option<i64>,
    /// Lowest and highest rate in force at `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_min: Option<RateDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_max: Option<RateDto>,
    /// Next deadline among open or upcoming windows (date, JST).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub next_deadline: Option<String>,
    /// Lowest confidence among the figures in force at `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<ConfidenceV>,
    /// Number of frames (枠・類型・事業).
    pub frames: usize,
    /// The program was researched beyond the source article.
    pub not_in_article: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<String>,
}

/// A page of programs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramList {
    pub catalog: CatalogRef,
    /// The date statuses and figures were evaluated at.
    #[schema(format = Date)]
    pub as_of: String,
    /// Number of programs matching the filters (all pages).
    pub total: usize,
    pub items: Vec<ProgramSummary>,
    /// Cursor of the next page, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A criterion in words.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Criterion)]
pub struct CriterionDesc {
    /// Stable id within the frame (`facility_type`, `program.0.beds`, `frame.1.beds`).
    pub id: String,
    pub code: ReasonCodeV,
    pub text: LocalizedText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<ThresholdDto>,
}

/// A dated term: the figures in force between two dates.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Term)]
pub struct TermDto {
    /// First day in force.
    #[schema(format = Date)]
    pub from: String,
    /// Last day in force (absent: until the next term).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub until: Option<String>,
    /// Prefectures whose figures these are (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<PrefectureCodeV>>)]
    pub prefectures: Option<Vec<String>>,
    /// This term is in force at `as_of`.
    pub in_force: bool,
    /// Formula kind of the closed vocabulary (`cost_rate`, `tiered_rate`, `lesser_of_goals`, `per_day`, `fixed`, `class_rates`, `sum_of_parts`, `in_kind`, `unknown`).
    #[schema(value_type = FormulaKindV)]
    pub formula_kind: String,
    /// The formula in words.
    pub formula: LocalizedText,
    pub figures: Vec<FigureDto>,
    pub source: String,
    pub confidence: ConfidenceV,
    pub verified: bool,
    pub derived: bool,
    /// Open interpretation questions this term relies on.
    pub interpretations: Vec<InterpretationV>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalizedText>,
    /// Criteria in force only during this term.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionDesc>,
    /// Period in which costs must be spent (expense lines with `spent_on` outside it are not counted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spend_period: Option<PeriodDto>,
}

/// An eligible cost whose subsidy rule is not published.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = UnpricedCost)]
pub struct UnpricedCostDto {
    pub category: super::vocab::ExpenseCategoryV,
    /// The stated maximum, when one is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_yen: Option<i64>,
}

/// A period of days, both ends included.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Period)]
pub struct PeriodDto {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub until: String,
}

/// A note (discrepancy with the article, caveat).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Note)]
pub struct NoteDto {
    pub text: LocalizedText,
    /// Discrepancy id (`D6`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discrepancy: Option<String>,
    /// The article's figure, when the catalog follows another source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One frame (枠・類型・事業) of a program.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrameDetail {
    pub frame_id: String,
    pub name: LocalizedText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    pub timing: TimingV,
    /// What follows the last term: `ended`, `unknown` or `successor:<program>/<frame>`.
    pub after: String,
    pub recurring: bool,
    /// Expense categories this frame accepts (empty: the amount does not depend on expenses).
    pub expense_categories: Vec<super::vocab::ExpenseCategoryV>,
    /// Eligible costs whose subsidy rule is not published: reported, never counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unpriced_costs: Vec<UnpricedCostDto>,
    /// Criteria of the program and the frame, in words.
    pub criteria: Vec<CriterionDesc>,
    /// The frame's maximum in force at `as_of` and what it is a maximum of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<MaxAmountDto>,
    /// Window status at `as_of`.
    pub window: WindowStatusDto,
    /// Every known window.
    pub windows: Vec<WindowDto>,
    /// The term in force at `as_of` (absent: none; see `terms`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force: Option<TermDto>,
    /// Every term, oldest first (the history of the figures).
    pub terms: Vec<TermDto>,
    pub notes: Vec<NoteDto>,
}

/// A frame's maximum and its unit.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = MaxAmount)]
pub struct MaxAmountDto {
    pub yen: i64,
    /// `facility` (one facility's maximum), `group` (the total of a group of applicants, 複数者連携), or the
    /// number field the amount is paid per (`beds`, `beds_cut`, `beds_in_use_max`…: an amount per unit, no cap).
    #[schema(value_type = MaxAmountPerV)]
    pub per: String,
}

/// A prerequisite system.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Prerequisite)]
pub struct PrerequisiteDesc {
    pub system: SystemV,
    /// The program that funds introducing it.
    pub program_id: String,
    /// Position in the national roadmap: 1 オンライン資格確認 → 2 電子処方箋 → 3 電子カルテ情報共有サービス.
    pub order: u8,
    /// A declared intention counts.
    pub accepts_intention: bool,
    pub source: String,
}

/// An application preparation step.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PreparationRequirement)]
pub struct PreparationDesc {
    pub item: PreparationItemV,
    pub label: LocalizedText,
    /// Lead time in days (gBizIDプライム: several weeks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_time_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalizedText>,
}

/// A source of figures.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Source)]
pub struct SourceDto {
    pub id: String,
    pub title: String,
    pub url: String,
    /// Date the source was retrieved.
    #[schema(format = Date)]
    pub retrieved: String,
}

/// One program with all its frames, figures, windows and sources.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramDetail {
    pub catalog: CatalogRef,
    #[schema(format = Date)]
    pub as_of: String,
    pub program_id: String,
    pub name: LocalizedText,
    pub authority: LocalizedText,
    pub summary: LocalizedText,
    pub categories: Vec<CategoryV>,
    pub facility_types: Vec<FacilityTypeV>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<PrefectureCodeV>>)]
    pub prefectures: Option<Vec<String>>,
    pub timing: TimingV,
    /// Best window status of its frames at `as_of`.
    pub status: WindowStatusV,
    /// Why: the deciding frame's window and dates, what is not confirmed and since when, the successor.
    pub status_reason: LocalizedText,
    /// How far the public sources behind the program reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub sources_checked_through: Option<String>,
    /// Warnings about this answer (`sources_outdated` when `as_of` is past the sources, with the official page).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<super::common::WarningDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    pub not_in_article: bool,
    pub prerequisites: Vec<PrerequisiteDesc>,
    pub preparation: Vec<PreparationDesc>,
    pub notes: Vec<NoteDto>,
    pub sources: Vec<SourceDto>,
    pub frames: Vec<FrameDetail>,
}

/// The catalog as a whole.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogInfo {
    pub edition: String,
    /// Content hash of the catalog files.
    pub hash: String,
    pub schema_version: u32,
    pub programs: usize,
    pub frames: usize,
    /// Date the figures were last checked against their sources; responses warn `catalog_outdated` 180 days after it.
    #[schema(format = Date)]
    pub verified_on: String,
    /// How far the public sources behind the catalog reach (e.g. 2026-03-31): answers at a later
    /// `as_of` warn `sources_outdated` with the program's official page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub sources_checked_through: Option<String>,
    /// Number of worked examples is not part of the catalog; sources are counted here.
    pub sources: usize,
}
