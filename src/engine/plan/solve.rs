//! Exact search for the best plan: the purchases are split into components that share no frame,
//! and each is searched by branch and bound (`search`), proving the optimum unless the node
//! budget runs out.
//!
//! Objective, compared lexicographically: most subsidy, then fewest applications, then earliest
//! applications (sum of days from `as_of`).

use super::model::{Opt, Problem};
use super::search::Search;
pub use super::solution::{evaluate, Solution};
use super::{SolverReport, SolverStatus};

fn components(problem: &Problem) -> Vec<Vec<usize>> {
    let n = problem.purchases.len();
    let m = problem.frames.len();
    let mut parent: Vec<usize> = (0..n + m).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            p[ra] = rb;
        }
    };
    for (i, opts) in problem.options.iter().enumerate() {
        for o in opts {
            for f in o.members() {
                union(&mut parent, i, n + f);
            }
        }
    }
    for (f, pf) in problem.frames.iter().enumerate() {
        for &g in &pf.excludes {
            union(&mut parent, n + f, n + g);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        if !problem.options[i].is_empty() {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
    }
    groups.into_values().collect()
}

/// The optimal plan (or the best found within the node budget).
pub fn solve(problem: &Problem, budget: u64) -> (Solution, SolverReport) {
    solve_from(problem, budget, None)
}

/// The same, starting from a known plan (another problem's choice over the same purchases and
/// frames): options it names that this problem lacks are dropped, and it is kept unless the
/// search finds better.
pub fn solve_from(
    problem: &Problem,
    budget: u64,
    start: Option<&[Option<Opt>]>,
) -> (Solution, SolverReport) {
    let n = problem.purchases.len();
    let mut choice: Vec<Option<Opt>> = vec![None; n];
    let mut nodes = 0u64;
    let mut aborted = false;
    let mut bound_extra = 0.0f64;
    let mut comps = components(problem);
    // Small components first, so a budget spent on a large one leaves them proved.
    comps.sort_by_key(|c| c.len());
    for comp in comps {
        let known = start.and_then(|s| incumbent(problem, &comp, s));
        let out = Search::new(problem, &comp, budget.saturating_sub(nodes), known).run();
        nodes += out.nodes;
        if let Some(best) = &out.best {
            for &i in &comp {
                choice[i] = best.choice[i];
            }
        }
        if out.aborted {
            aborted = true;
            let found = out.best.as_ref().map_or(0.0, |b| b.value as f64);
            bound_extra += (out.root_bound - found).max(0.0);
        }
    }
    let solution = cleanup(problem, evaluate(problem, &choice));
    let report = SolverReport {
        status: if problem.cancel.is_cancelled() {
            SolverStatus::TimeLimit
        } else if aborted {
            SolverStatus::Feasible
        } else {
            SolverStatus::Optimal
        },
        objective_yen: solution.value,
        bound_yen: solution.value + (bound_extra + 0.01).floor().max(0.0) as i64,
        nodes,
        evaluations: problem.evaluations.get(),
    };
    (solution, report)
}

/// A known plan restricted to one component, if its options are all this problem's and no two
/// of its frames exclude each other.
fn incumbent(problem: &Problem, comp: &[usize], start: &[Option<Opt>]) -> Option<Solution> {
    let mut choice: Vec<Option<Opt>> = vec![None; problem.purchases.len()];
    for &i in comp {
        choice[i] = start
            .get(i)
            .copied()
            .flatten()
            .filter(|o| problem.options[i].contains(o));
    }
    let used: Vec<usize> = choice.iter().flatten().flat_map(|o| o.members()).collect();
    let clash = used
        .iter()
        .any(|&a| used.iter().any(|&b| a != b && problem.excluded(a, b)));
    (!clash).then(|| evaluate(problem, &choice))
}

/// Drops lines that earn nothing where they are (a saturated frame): the objective is unchanged
/// or better, and the plan does not claim costs the subsidy does not cover.
fn cleanup(problem: &Problem, mut s: Solution) -> Solution {
    let mut order: Vec<usize> = (0..s.choice.len())
        .filter(|&i| s.choice[i].is_some())
        .collect();
    order.sort_by_key(|&i| (problem.purchases[i].amount_yen, i));
    for i in order {
        let mut trial = s.choice.clone();
        trial[i] = None;
        let t = evaluate(problem, &trial);
        if t.key() >= s.key() {
            s = t;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::model::Bits;

    #[test]
    fn bits_hold_every_index() {
        let b = Bits::default().with(0).with(63).with(64).with(199);
        assert_eq!(b.iter().collect::<Vec<_>>(), [0, 63, 64, 199]);
        assert!(b.without(64).iter().all(|i| i != 64));
    }
}
