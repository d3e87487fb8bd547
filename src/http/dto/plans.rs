//! The answer of `POST /v1/plans`.

use serde::Serialize;
use utoipa::ToSchema;

use super::calculation::CalculationResponse;
use super::common::{CatalogRef, LocalizedText, WarningDto, WindowStatusDto};
use super::vocab::*;

/// A frame, by id and name.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NamedFrame)]
pub struct FrameRefDto {
    pub program_id: String,
    pub frame_id: String,
    pub program_name: LocalizedText,
    pub frame_name: LocalizedText,
}

/// A frame considered for a purchase, and what it would do with it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ConsideredFrame)]
pub struct ConsideredDto {
    pub program_id: String,
    pub frame_id: String,
    pub note: LocalizedText,
}

/// What the plan does with one purchase.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Assignment)]
pub struct AssignmentDto {
    pub purchase_id: String,
    /// `funded` or `unfunded`.
    #[schema(value_type = AssignmentStatusV)]
    pub status: String,
    /// Planned contract date (approval-first) or completion date (after-completion).
    #[schema(format = Date)]
    pub planned_on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_id: Option<String>,
    /// The top-up frame that funds the same cost on top (a declared stack).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stacked: Option<FrameRefDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<UnfundedV>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<LocalizedText>,
    /// Every frame that takes this expense category, with what it would do.
    pub considered: Vec<ConsideredDto>,
}

/// One application: a frame with the purchases it funds and its full calculation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Application)]
pub struct ApplicationDto {
    pub program_id: String,
    pub frame_id: String,
    pub program_name: LocalizedText,
    pub frame_name: LocalizedText,
    /// The base frame this top-up is stacked on (same costs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stacked_on: Option<FrameRefDto>,
    pub purchase_ids: Vec<String>,
    /// Application date.
    #[schema(format = Date)]
    pub applied_on: String,
    /// Fiscal year (年度) of the application.
    pub fiscal_year: i32,
    /// Completion (after-completion) or contract (approval-first) date of its last line.
    #[schema(format = Date)]
    pub completed_on: String,
    pub timing: TimingV,
    /// The window on the application date.
    pub window: WindowStatusDto,
    pub subsidy_yen: i64,
    pub goals: Vec<GoalV>,
    /// The same answer `POST /v1/calculations` gives for these lines, at the application date,
    /// for the facility as it will be then.
    pub calculation: CalculationResponse,
}

/// One dated step.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RoadmapStep)]
pub struct RoadmapStepDto {
    #[schema(format = Date)]
    pub on: String,
    pub kind: RoadmapStepKindV,
    pub title: LocalizedText,
    pub notes: Vec<LocalizedText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_id: Option<String>,
    pub purchase_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemV>,
    /// Start or finish by (preparation lead time, application deadline, latest purchase date).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub due_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowStatusDto>,
}

/// The steps of one fiscal year (年度, April–March).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FiscalYear)]
pub struct FiscalYearDto {
    pub fiscal_year: i32,
    pub label: LocalizedText,
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub until: String,
    pub steps: Vec<RoadmapStepDto>,
}

/// One change to the facility.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Change)]
pub struct ChangeDto {
    /// `introduce_system`, `declare_intention`, `notify_fee`, `provide_input` or `fact`
    /// (a structural fact or a past date: not actionable).
    #[schema(value_type = ChangeKindV)]
    pub kind: String,
    pub actionable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemV>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<FeeV>,
    /// Notify by this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub by: Option<String>,
    /// The input to provide (JSON Pointer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The criterion code of a fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ChangeCodeV>)]
    pub code: Option<String>,
    pub text: LocalizedText,
}

/// A frame the facility does not qualify for, and the smallest change that would let it fund
/// some of the purchases.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Counterfactual)]
pub struct CounterfactualDto {
    pub program_id: String,
    pub frame_id: String,
    pub frame_name: LocalizedText,
    /// True when every change is something the facility can do.
    pub actionable: bool,
    pub changes: Vec<ChangeDto>,
    /// How much more the best plan pays with the changes made (absent when not actionable or
    /// when it depends on an answer not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_subsidy_yen: Option<i64>,
    pub purchase_ids: Vec<String>,
}

/// Spend and subsidy left in a used frame.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Headroom)]
pub struct HeadroomDto {
    pub program_id: String,
    pub frame_id: String,
    pub spend_yen: i64,
    pub subsidy_yen: i64,
    pub max_subsidy_yen: i64,
    /// The published subsidy cap, when the frame has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_yen: Option<i64>,
    /// Total spend at which the subsidy reaches the published cap (absent: never reached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spend_to_reach_cap_yen: Option<i64>,
    /// Total spend beyond which nothing more is earned.
    pub spend_saturation_yen: i64,
    /// Spend that would still earn more (saturation − spend, at least 0).
    pub headroom_spend_yen: i64,
    pub headroom_subsidy_yen: i64,
}

/// How the plan serves one goal.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = GoalFunding)]
pub struct GoalDto {
    pub goal: GoalV,
    pub label: LocalizedText,
    pub frames: Vec<FrameRefDto>,
    pub subsidy_yen: i64,
}

/// The optimisation's result.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Solver)]
pub struct SolverDto {
    /// `optimal`: the search finished and no plan pays more (ties: fewer applications, then earlier).
    pub status: SolverStatusV,
    pub objective_yen: i64,
    /// Upper bound on any plan (equals the objective when optimal).
    pub bound_yen: i64,
    /// Branch-and-bound nodes explored.
    pub nodes: u64,
    /// Distinct frame calculations run.
    pub evaluations: u64,
}

/// The plan's period.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Horizon)]
pub struct HorizonDto {
    pub years: u32,
    #[schema(format = Date)]
    pub until: String,
}

/// The best funding plan for the purchases.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanResponse {
    #[schema(format = Date)]
    pub as_of: String,
    pub catalog: CatalogRef,
    pub horizon: HorizonDto,
    pub solver: SolverDto,
    pub total_subsidy_yen: i64,
    pub total_cost_yen: i64,
    pub self_pay_yen: i64,
    /// One entry per purchase, in request order.
    pub assignments: Vec<AssignmentDto>,
    pub applications: Vec<ApplicationDto>,
    /// Dated steps grouped by fiscal year.
    pub roadmap: Vec<FiscalYearDto>,
    pub counterfactuals: Vec<CounterfactualDto>,
    pub headroom: Vec<HeadroomDto>,
    pub goals: Vec<GoalDto>,
    /// `threshold_proximity`, `prerequisite_order_not_possible`, `preparation_late`,
    /// `catalog_outdated`, `profile_inconsistent`.
    pub warnings: Vec<WarningDto>,
}
