//! The plan's request and answer types, apart from the work that fills them so every step of
//! the planner can read them.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Cancel;
use crate::engine::calc::Calculation;
use crate::engine::catalog::{Frame, Program};
use crate::engine::eligibility::Warning;
use crate::engine::facility::Facility;
use crate::engine::input_key::InputKey;
use crate::engine::text::Text;
use crate::engine::vocab::{ExpenseCategory, Goal, Interpretation, System, Timing};
use crate::engine::window::WindowAt;

/// Limits of a plan request.
pub const MAX_PURCHASES: usize = 200;
pub const MAX_HORIZON_YEARS: u32 = 5;
pub const DEFAULT_HORIZON_YEARS: u32 = 3;
/// Search nodes before the solver settles for its best plan and reports `feasible`.
pub const DEFAULT_NODE_BUDGET: u64 = 200_000;

/// One planned purchase (one cost line).
#[derive(Debug, Clone)]
pub struct Purchase {
    pub id: String,
    pub category: ExpenseCategory,
    pub amount_yen: i64,
    pub quantity: i64,
    pub description: Option<String>,
    /// The system this purchase brings into operation (`e_prescription`).
    pub introduces: Option<System>,
    pub earliest_on: Option<NaiveDate>,
    pub latest_on: Option<NaiveDate>,
}

/// A plan request.
pub struct Request<'a> {
    pub as_of: NaiveDate,
    pub facility: &'a Facility,
    pub purchases: &'a [Purchase],
    pub goals: &'a [Goal],
    pub horizon_years: u32,
    pub interpretations: &'a BTreeMap<Interpretation, String>,
    /// Restricts the frames considered (`program/frame` ids); `None` = the whole catalog.
    pub only_frames: Option<&'a [String]>,
    pub node_budget: u64,
    /// Re-plans for each counterfactual change (off inside a counterfactual itself).
    pub counterfactuals: bool,
    /// Stops the work (deadline or caller gone); the best plan found so far is answered.
    pub cancel: &'a Cancel,
}

/// The plan was stopped before any plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineExceeded;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolverStatus {
    /// The search finished: no assignment pays more (or equal with fewer or earlier applications).
    Optimal,
    /// The node budget ran out; `bound_yen` bounds what any plan could pay.
    Feasible,
    /// The deadline passed (or the caller went away): the best plan found by then.
    TimeLimit,
}

impl SolverStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SolverStatus::Optimal => "optimal",
            SolverStatus::Feasible => "feasible",
            SolverStatus::TimeLimit => "time_limit",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SolverReport {
    pub status: SolverStatus,
    pub objective_yen: i64,
    /// Upper bound on any plan's subsidy (equals the objective when optimal).
    pub bound_yen: i64,
    pub nodes: u64,
    /// Distinct frame calculations the search ran.
    pub evaluations: u64,
}

/// Why a purchase is not funded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unfunded {
    WindowClosed,
    AmountUnknown,
    Undetermined,
    BelowMinimum,
    ExcludedByOtherAssignment,
    NoEligibleFrame,
}

impl Unfunded {
    pub const ALL: &'static [Unfunded] = &[
        Unfunded::NoEligibleFrame,
        Unfunded::WindowClosed,
        Unfunded::BelowMinimum,
        Unfunded::ExcludedByOtherAssignment,
        Unfunded::AmountUnknown,
        Unfunded::Undetermined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Unfunded::NoEligibleFrame => "no_eligible_frame",
            Unfunded::WindowClosed => "window_closed",
            Unfunded::BelowMinimum => "below_minimum",
            Unfunded::ExcludedByOtherAssignment => "excluded_by_other_assignment",
            Unfunded::AmountUnknown => "amount_unknown",
            Unfunded::Undetermined => "undetermined",
        }
    }
}

/// A frame as the plan refers to it.
#[derive(Debug, Clone, Copy)]
pub struct FrameRef<'a> {
    pub program: &'a Program,
    pub frame: &'a Frame,
}

impl FrameRef<'_> {
    pub fn key(&self) -> String {
        format!("{}/{}", self.program.def.id, self.frame.def.id)
    }
    pub fn timing(&self) -> Timing {
        self.frame
            .def
            .timing
            .or(self.program.def.timing)
            .unwrap_or(Timing::ApprovalFirst)
    }
}

/// What the plan does with one purchase.
#[derive(Debug, Clone)]
pub struct Assignment<'a> {
    pub purchase: usize,
    /// The purchase's planned date (contract, or completion for after-completion programs).
    pub planned_on: NaiveDate,
    /// The frame that funds it, and the top-up stacked on that frame's grant.
    pub frame: Option<FrameRef<'a>>,
    pub stacked: Option<FrameRef<'a>>,
    pub unfunded: Option<Unfunded>,
    pub message: Option<Text>,
    /// Frames considered for the purchase and why each did not fund it.
    pub considered: Vec<(FrameRef<'a>, Text)>,
}

/// One application: a frame with the lines it funds.
#[derive(Debug)]
pub struct Application<'a> {
    pub frame: FrameRef<'a>,
    /// The base frame when this application is a top-up on it.
    pub stacked_on: Option<FrameRef<'a>>,
    pub purchases: Vec<usize>,
    pub applied_on: NaiveDate,
    pub completed_on: NaiveDate,
    pub window: WindowAt<'a>,
    pub subsidy_yen: i64,
    /// The engine's calculation for these lines, at `applied_on`, for the facility as it will be then.
    pub calculation: Calculation<'a>,
    pub goals: Vec<Goal>,
}

/// Spend and subsidy left in a used frame.
#[derive(Debug, Clone)]
pub struct Headroom<'a> {
    pub frame: FrameRef<'a>,
    pub spend_yen: i64,
    pub subsidy_yen: i64,
    pub max_subsidy_yen: i64,
    /// The published subsidy cap, when the formula has one.
    pub cap_yen: Option<i64>,
    /// Total spend at which the subsidy reaches the published cap (None: never reached).
    pub spend_to_reach_cap_yen: Option<i64>,
    /// Total spend beyond which nothing more is earned.
    pub spend_saturation_yen: i64,
}

/// A change to the facility that would make a frame fund something.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    IntroduceSystem(System),
    DeclareIntention(System),
    NotifyFee(crate::engine::vocab::Fee, NaiveDate),
    ProvideInput(InputKey),
    /// A structural fact or a past date: not something the facility can change.
    Fact(&'static str),
}

#[derive(Debug, Clone)]
pub struct ChangeItem {
    pub change: Change,
    pub actionable: bool,
    pub text: Text,
}

#[derive(Debug, Clone)]
pub struct Counterfactual<'a> {
    pub frame: FrameRef<'a>,
    pub changes: Vec<ChangeItem>,
    pub actionable: bool,
    /// Extra subsidy of the best plan with the changes made (None when not computable).
    pub extra_subsidy_yen: Option<i64>,
    pub purchases: Vec<usize>,
}

/// One dated step of the roadmap.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub on: NaiveDate,
    pub kind: StepKind,
    pub title: Text,
    pub notes: Vec<Text>,
    pub frame: Option<FrameRef<'a>>,
    pub purchases: Vec<usize>,
    pub system: Option<System>,
    /// Preparation: start or finish by this date.
    pub due_by: Option<NaiveDate>,
    pub window: Option<WindowAt<'a>>,
}

#[derive(Debug, Clone)]
pub struct FiscalYear<'a> {
    pub year: i32,
    pub steps: Vec<Step<'a>>,
}

#[derive(Debug, Clone)]
pub struct GoalCoverage<'a> {
    pub goal: Goal,
    pub frames: Vec<FrameRef<'a>>,
    pub subsidy_yen: i64,
}

/// The answer.
#[derive(Debug)]
pub struct Plan<'a> {
    pub as_of: NaiveDate,
    /// The purchases' ids, by index.
    pub purchase_ids: Vec<String>,
    pub horizon_end: NaiveDate,
    pub assignments: Vec<Assignment<'a>>,
    pub applications: Vec<Application<'a>>,
    pub total_subsidy_yen: i64,
    pub total_cost_yen: i64,
    pub self_pay_yen: i64,
    pub roadmap: Vec<FiscalYear<'a>>,
    pub counterfactuals: Vec<Counterfactual<'a>>,
    pub headroom: Vec<Headroom<'a>>,
    pub warnings: Vec<Warning>,
    pub goals: Vec<GoalCoverage<'a>>,
    pub solver: SolverReport,
}

/// What a roadmap step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StepKind {
    Preparation,
    Application,
    IntroduceSystem,
    Purchase,
}

impl StepKind {
    pub const ALL: &'static [StepKind] = &[
        StepKind::Preparation,
        StepKind::Application,
        StepKind::IntroduceSystem,
        StepKind::Purchase,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Preparation => "preparation",
            StepKind::Application => "application",
            StepKind::IntroduceSystem => "introduce_system",
            StepKind::Purchase => "purchase",
        }
    }
}
