//! Funding plans: planned purchases in, the best assignment of each purchase to a frame (or a
//! declared stack of frames) out, with the dated roadmap that gets the money.
//!
//! The plan is exact: `solve` searches every assignment with branch and bound and proves the
//! optimum (most subsidy; ties → fewer applications, then earlier applications). Amounts always
//! come from the engine's calculation (`calc::subsidy_for` / `calc::calculate`); this module only
//! decides which lines go where and when. Pure and synchronous: `as_of` is passed in.

pub mod bound;
pub mod cancel;
pub mod counterfactual;
pub mod explain;
pub mod improve;
pub mod model;
pub mod relax;
pub mod roadmap;
pub mod schedule;
pub mod search;
pub mod solve;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::calc::{self, Calculation, Expense};
use super::catalog::{Catalog, Frame, Program};
use super::eligibility::Warning;
use super::facility::Facility;
use super::input_key::InputKey;
use super::text::Text;
use super::vocab::{ExpenseCategory, Goal, Interpretation, System, Timing};
use super::window::WindowAt;

pub use cancel::{Cancel, CancelOnDrop};
pub use model::Problem;

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
    NotifyFee(super::vocab::Fee, NaiveDate),
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
    pub kind: roadmap::StepKind,
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

/// Plans the purchases: the optimal plan, or the best found when `req.cancel` stops the work
/// (`SolverStatus::TimeLimit`; the counterfactuals and headroom are then left out), or
/// `DeadlineExceeded` when it stopped before any plan was found.
pub fn plan<'a>(catalog: &'a Catalog, req: &Request) -> Result<Plan<'a>, DeadlineExceeded> {
    let problem = Problem::build(catalog, req);
    if req.cancel.is_cancelled() {
        return Err(DeadlineExceeded);
    }
    let (solution, solver) = solve::solve(&problem, req.node_budget);
    let stopped = solver.status == SolverStatus::TimeLimit;
    let assignable = problem.options.iter().any(|o| !o.is_empty());
    if stopped && assignable && solution.choice.iter().all(Option::is_none) {
        return Err(DeadlineExceeded);
    }
    let applications = applications(&problem, &solution);
    let total_subsidy_yen: i64 = applications.iter().map(|a| a.subsidy_yen).sum();
    let total_cost_yen: i64 = req.purchases.iter().map(|p| p.amount_yen).sum();
    let assignments = explain::assignments(&problem, &solution);
    // Headroom and counterfactuals are extra searches: a stopped plan answers without them.
    let headroom = if req.cancel.is_cancelled() {
        Vec::new()
    } else {
        applications
            .iter()
            .filter_map(|a| explain::headroom(&problem, a))
            .collect()
    };
    let mut warnings = super::eligibility::request_warnings(catalog, req.facility, req.as_of);
    warnings.extend(problem.schedule_warnings());
    warnings.extend(explain::threshold_warnings(&problem, &applications));
    let roadmap = roadmap::build(&problem, &applications, &assignments, &mut warnings);
    let counterfactuals = if req.counterfactuals && !req.cancel.is_cancelled() {
        counterfactual::find(catalog, req, &problem, &solution, total_subsidy_yen)
    } else {
        Vec::new()
    };
    let goals = req
        .goals
        .iter()
        .map(|g| {
            let used: Vec<&Application> = applications
                .iter()
                .filter(|a| a.goals.contains(g))
                .collect();
            GoalCoverage {
                goal: *g,
                frames: used.iter().map(|a| a.frame).collect(),
                subsidy_yen: used.iter().map(|a| a.subsidy_yen).sum(),
            }
        })
        .collect();
    let solver = SolverReport {
        objective_yen: solution.value,
        // Cancelled during the counterfactuals: the plan itself is complete, but the answer
        // says that the work was cut short.
        status: if req.cancel.is_cancelled() && solver.status == SolverStatus::Optimal {
            SolverStatus::TimeLimit
        } else {
            solver.status
        },
        ..solver
    };
    Ok(Plan {
        as_of: req.as_of,
        purchase_ids: req.purchases.iter().map(|p| p.id.clone()).collect(),
        horizon_end: problem.horizon_end,
        assignments,
        applications,
        total_subsidy_yen,
        total_cost_yen,
        // Payments that fund no cost (per bed, per day) can exceed the spend: never negative.
        self_pay_yen: (total_cost_yen - total_subsidy_yen).max(0),
        roadmap,
        counterfactuals,
        headroom,
        warnings,
        goals,
        solver,
    })
}

/// The applications of a solution, each recomputed with the full calculation (the same answer
/// `/v1/calculations` gives for these lines, at the application date, for the facility as it
/// will be then).
fn applications<'a>(problem: &Problem<'a>, solution: &solve::Solution) -> Vec<Application<'a>> {
    let mut out = Vec::new();
    for (f, set) in solution.frame_sets(problem) {
        let stacked_base = solution.stacked_base(problem, f);
        let lines: Vec<usize> = set.iter().collect();
        let Some(ctx) = problem.context(f, &set, stacked_base) else {
            continue;
        };
        let expenses: Vec<Expense> = lines
            .iter()
            .map(|&i| {
                let p = &problem.purchases[i];
                Expense {
                    category: p.category,
                    amount_yen: p.amount_yen,
                    quantity: p.quantity,
                    description: p.description.clone(),
                    spent_on: Some(problem.effective_on(i, f)),
                    asset_forming: None,
                }
            })
            .collect();
        let fr = problem.frames[f].r;
        let calc_req = calc::Request {
            program_id: &fr.program.def.id,
            frame_id: Some(&fr.frame.def.id),
            as_of: ctx.applied_on,
            facility: &ctx.facility,
            expenses: &expenses,
            interpretations: &problem.interpretations,
        };
        let Ok(calculation) = calc::calculate(problem.catalog, &calc_req) else {
            continue;
        };
        let subsidy_yen = calculation.subsidy_yen.unwrap_or(0);
        let goals = Goal::ALL
            .iter()
            .copied()
            .filter(|g| {
                g.categories()
                    .iter()
                    .any(|c| fr.program.def.categories.contains(c))
            })
            .collect();
        out.push(Application {
            frame: fr,
            stacked_on: stacked_base.map(|b| problem.frames[b].r),
            purchases: lines,
            applied_on: ctx.applied_on,
            completed_on: ctx.completed_on,
            window: super::window::status_at(fr.frame, ctx.applied_on, problem.facility.prefecture),
            subsidy_yen,
            calculation,
            goals,
        });
    }
    out.sort_by(|a, b| {
        a.applied_on
            .cmp(&b.applied_on)
            .then(a.stacked_on.is_some().cmp(&b.stacked_on.is_some()))
            .then(a.frame.key().cmp(&b.frame.key()))
    });
    out
}
