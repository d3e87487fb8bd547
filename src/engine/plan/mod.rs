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
pub mod frame;
pub mod improve;
pub mod model;
pub mod relax;
pub mod roadmap;
pub mod schedule;
pub mod search;
pub mod solution;
pub mod solve;
pub mod types;

use super::calc::{self, Expense};
use super::catalog::Catalog;
use super::vocab::Goal;

pub use cancel::{Cancel, CancelOnDrop};
pub use model::Problem;
pub use types::{
    Application, Assignment, Change, ChangeItem, Counterfactual, DeadlineExceeded, FiscalYear,
    FrameRef, GoalCoverage, Headroom, Plan, Purchase, Request, SolverReport, SolverStatus, Step,
    Unfunded, DEFAULT_HORIZON_YEARS, DEFAULT_NODE_BUDGET, MAX_HORIZON_YEARS, MAX_PURCHASES,
};

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
