//! Exact search: branch and bound over purchases, one option each (a frame, a base frame with its
//! top-up, or none).
//!
//! Objective, compared lexicographically: most subsidy, then fewest applications, then earliest
//! applications (sum of days from `as_of`). A node is pruned when even its upper bound cannot beat
//! the best plan found, so the plan returned is optimal once the search ends. The upper bound:
//! frames whose lines are all decided count their exact value (the engine's calculation); open
//! frames count `min(max, rate × cost)` with the undecided lines shared out by the exact
//! fractional relaxation (a polymatroid, solved greedily by rate with max-flow ranks).
//! Purchases that share no frame are solved as separate components.

use super::model::{Bits, Opt, Problem};
use super::{SolverReport, SolverStatus};

/// A complete assignment: the option chosen for each purchase.
#[derive(Debug, Clone)]
pub struct Solution {
    pub choice: Vec<Option<Opt>>,
    pub value: i64,
    pub apps: usize,
    pub days: i64,
}

impl Solution {
    /// Frames used, with their lines, in frame order.
    pub fn frame_sets(&self, problem: &Problem) -> Vec<(usize, Bits)> {
        let mut sets = vec![Bits::default(); problem.frames.len()];
        for (i, c) in self.choice.iter().enumerate() {
            if let Some(o) = c {
                for f in o.members() {
                    sets[f] = sets[f].with(i);
                }
            }
        }
        sets.into_iter()
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .collect()
    }

    /// The base a top-up frame is stacked on (the first stacked line's base).
    pub fn stacked_base(&self, _problem: &Problem, f: usize) -> Option<usize> {
        self.choice
            .iter()
            .flatten()
            .find(|o| o.topup == Some(f))
            .map(|o| o.frame)
    }

    fn key(&self) -> (i64, i64, i64) {
        (self.value, -(self.apps as i64), -self.days)
    }
}

/// Value, applications and days of a full choice.
pub fn evaluate(problem: &Problem, choice: &[Option<Opt>]) -> Solution {
    let mut s = Solution {
        choice: choice.to_vec(),
        value: 0,
        apps: 0,
        days: 0,
    };
    for (f, set) in s.frame_sets(problem) {
        let base = s.stacked_base(problem, f);
        s.value += problem.value(f, &set, base);
        s.apps += 1;
        let applied = set
            .iter()
            .filter_map(|i| problem.cand(i, f))
            .map(|c| c.applied_on)
            .max()
            .unwrap_or(problem.as_of);
        s.days += (applied - problem.as_of).num_days();
    }
    s
}

#[derive(Clone, Copy)]
struct FrameState {
    set: Bits,
    count: usize,
    cost: i64,
    value: i64,
    day: i64,
    stacked: Option<usize>,
    /// Cost of undecided lines that could still join.
    pot: i64,
}

struct Search<'p, 'a> {
    problem: &'p Problem<'a>,
    order: Vec<usize>,
    frames: Vec<usize>,
    state: Vec<FrameState>,
    choice: Vec<Option<Opt>>,
    value: i64,
    apps: usize,
    days: i64,
    best: Option<Solution>,
    nodes: u64,
    budget: u64,
    aborted: bool,
    root_bound: Option<f64>,
    topup: Vec<bool>,
}

const LP_EXACT_FRAMES: usize = 12;

impl Search<'_, '_> {
    fn day_of(&self, i: usize, f: usize) -> i64 {
        self.problem
            .cand(i, f)
            .map_or(0, |c| (c.applied_on - self.problem.as_of).num_days())
    }

    fn upper_bound(&self, k: usize) -> f64 {
        let pb = self.problem;
        let mut ub = 0.0;
        let mut lp: Vec<(usize, f64, f64)> = Vec::new();
        for &f in &self.frames {
            let st = &self.state[f];
            if st.pot == 0 {
                ub += st.value as f64;
                continue;
            }
            let b = pb.frames[f].bound;
            let max = b.max.unwrap_or(f64::INFINITY);
            match b.rate {
                None => ub += max,
                Some(r) if self.topup[f] => {
                    ub += max.min(r * (st.cost + st.pot) as f64 + b.slack);
                }
                Some(r) => {
                    let base = max.min(r * st.cost as f64 + b.slack);
                    ub += base;
                    let h = max - base;
                    if h > 0.0 && r > 0.0 {
                        lp.push((f, r, h / r));
                    }
                }
            }
        }
        if !lp.is_empty() {
            ub += self.relaxation(k, &mut lp);
        }
        ub
    }

    /// max Σ rate_f × y_f over fractional assignments of the undecided lines to LP frames, with
    /// y_f ≤ capacity_f: greedy by rate over prefix ranks (max-flow = min-cut over subsets).
    fn relaxation(&self, k: usize, lp: &mut [(usize, f64, f64)]) -> f64 {
        lp.sort_by(|a, b| b.1.total_cmp(&a.1));
        let m = lp.len();
        let pb = self.problem;
        let mut lines: Vec<(u64, f64)> = Vec::new();
        for &i in &self.order[k..] {
            let mut mask = 0u64;
            for o in &pb.options[i] {
                if let Some(j) = lp.iter().position(|x| x.0 == o.frame) {
                    if j < 64 {
                        mask |= 1 << j;
                    }
                }
            }
            if mask != 0 {
                lines.push((mask, pb.purchases[i].amount_yen as f64));
            }
        }
        if m > LP_EXACT_FRAMES {
            return flow_relaxation(&lines, lp);
        }
        let full = (1usize << m) - 1;
        let mut g = vec![0.0f64; 1 << m];
        let mut total = 0.0;
        for (mask, c) in &lines {
            g[*mask as usize] += c;
            total += c;
        }
        for bit in 0..m {
            for x in 0..=full {
                if x & (1 << bit) != 0 {
                    g[x] += g[x ^ (1 << bit)];
                }
            }
        }
        let mut caps = vec![0.0f64; 1 << m];
        for x in 1..=full {
            let low = x.trailing_zeros() as usize;
            caps[x] = caps[x & (x - 1)] + lp[low].2;
        }
        let mut value = 0.0;
        let mut prev = 0.0;
        for (j, &(_, rate, _)) in lp.iter().enumerate() {
            let s = (1usize << (j + 1)) - 1;
            // rank(S) = min over W ⊆ S of capacity(S \ W) + cost of lines touching W.
            let mut rank = f64::INFINITY;
            let mut w = s;
            loop {
                let v = caps[s & !w] + (total - g[full & !w]);
                if v < rank {
                    rank = v;
                }
                if w == 0 {
                    break;
                }
                w = (w - 1) & s;
            }
            value += rate * (rank - prev).max(0.0);
            prev = rank.max(prev);
        }
        value
    }

    fn allowed(&self, o: &Opt) -> bool {
        o.members().all(|f| {
            self.problem.frames[f]
                .excludes
                .iter()
                .all(|&g| self.state[g].count == 0 || o.members().any(|m| m == g))
        })
    }

    fn dfs(&mut self, k: usize) {
        self.nodes += 1;
        if self.nodes > self.budget {
            self.aborted = true;
            return;
        }
        let key = (self.value, -(self.apps as i64), -self.days);
        if k == self.order.len() {
            if self.best.as_ref().is_none_or(|b| key > b.key()) {
                self.best = Some(Solution {
                    choice: self.choice.clone(),
                    value: self.value,
                    apps: self.apps,
                    days: self.days,
                });
            }
            return;
        }
        let ub = self.upper_bound(k);
        if self.root_bound.is_none() {
            self.root_bound = Some(ub);
        }
        if let Some(b) = &self.best {
            let ub_int = (ub + 0.01).floor() as i64;
            if (ub_int, key.1, key.2) <= b.key() {
                return;
            }
        }
        let i = self.order[k];
        let amount = self.problem.purchases[i].amount_yen;
        let mut touched: Vec<usize> = Vec::new();
        for o in &self.problem.options[i] {
            for f in o.members() {
                if !touched.contains(&f) {
                    touched.push(f);
                }
            }
        }
        for &f in &touched {
            self.state[f].pot -= amount;
        }
        // Children: best immediate gain first, then fewer new applications, then earlier.
        let mut children: Vec<(i64, usize, i64, Option<Opt>)> = vec![(0, 0, 0, None)];
        for o in self.problem.options[i].clone() {
            if !self.allowed(&o) {
                continue;
            }
            let mut gain = 0;
            let mut new_apps = 0;
            let mut new_days = 0;
            for f in o.members() {
                let st = &self.state[f];
                let stacked = if o.topup == Some(f) {
                    st.stacked.or(Some(o.frame))
                } else {
                    st.stacked
                };
                gain += self.problem.value(f, &st.set.with(i), stacked) - st.value;
                let d = self.day_of(i, f);
                if st.count == 0 {
                    new_apps += 1;
                    new_days += d;
                } else {
                    new_days += (d - st.day).max(0);
                }
            }
            children.push((gain, new_apps, new_days, Some(o)));
        }
        children.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, _, _, child) in children {
            if self.aborted {
                break;
            }
            match child {
                None => self.dfs(k + 1),
                Some(o) => {
                    // Children leave `pot` as they found it, so whole states restore cleanly.
                    let saved: Vec<(usize, FrameState)> =
                        o.members().map(|f| (f, self.state[f])).collect();
                    let (v0, a0, d0) = (self.value, self.apps, self.days);
                    for f in o.members() {
                        let day = self.day_of(i, f);
                        let st = &mut self.state[f];
                        if o.topup == Some(f) && st.stacked.is_none() {
                            st.stacked = Some(o.frame);
                        }
                        st.set = st.set.with(i);
                        st.cost += amount;
                        if st.count == 0 {
                            self.apps += 1;
                            self.days += day;
                            st.day = day;
                        } else if day > st.day {
                            self.days += day - st.day;
                            st.day = day;
                        }
                        st.count += 1;
                        let (set, stacked) = (st.set, st.stacked);
                        let v = self.problem.value(f, &set, stacked);
                        self.value += v - self.state[f].value;
                        self.state[f].value = v;
                    }
                    self.choice[i] = Some(o);
                    self.dfs(k + 1);
                    self.choice[i] = None;
                    for (f, st) in saved {
                        self.state[f] = st;
                    }
                    self.value = v0;
                    self.apps = a0;
                    self.days = d0;
                }
            }
        }
        for &f in &touched {
            self.state[f].pot += amount;
        }
    }
}

/// The same relaxation for many frames: frames in decreasing rate, each filled by augmenting
/// paths that may reroute lines already placed (incremental max-flow keeps earlier inflows).
fn flow_relaxation(lines: &[(u64, f64)], lp: &[(usize, f64, f64)]) -> f64 {
    const EPS: f64 = 1e-9;
    let m = lp.len().min(64);
    let n = lines.len();
    let mut supply: Vec<f64> = lines.iter().map(|l| l.1).collect();
    let mut x = vec![0.0f64; n * m];
    let on = |l: usize, f: usize| lines[l].0 & (1 << f) != 0;
    let mut value = 0.0;
    for k in 0..m {
        let mut inflow = 0.0;
        loop {
            let room = lp[k].2 - inflow;
            if room <= EPS {
                break;
            }
            // Backward search from frame k: lines that can send to a frame, frames whose
            // senders can be rerouted.
            let mut line_to = vec![usize::MAX; n];
            let mut frame_from = vec![usize::MAX; m];
            let mut seen_frame = vec![false; m];
            seen_frame[k] = true;
            let mut queue = vec![k];
            let mut found = None;
            let mut head = 0;
            while head < queue.len() && found.is_none() {
                let f = queue[head];
                head += 1;
                for l in 0..n {
                    if line_to[l] != usize::MAX || !on(l, f) {
                        continue;
                    }
                    line_to[l] = f;
                    if supply[l] > EPS {
                        found = Some(l);
                        break;
                    }
                    for g in 0..=k {
                        if !seen_frame[g] && x[l * m + g] > EPS {
                            seen_frame[g] = true;
                            frame_from[g] = l;
                            queue.push(g);
                        }
                    }
                }
            }
            let Some(start) = found else { break };
            let mut delta = room.min(supply[start]);
            let (mut l, mut f) = (start, line_to[start]);
            while f != k {
                let back = frame_from[f];
                delta = delta.min(x[back * m + f]);
                l = back;
                f = line_to[l];
            }
            let _ = l;
            let (mut l, mut f) = (start, line_to[start]);
            supply[start] -= delta;
            loop {
                x[l * m + f] += delta;
                if f == k {
                    break;
                }
                let back = frame_from[f];
                x[back * m + f] -= delta;
                l = back;
                f = line_to[l];
            }
            inflow += delta;
        }
        value += lp[k].1 * inflow;
    }
    value
}

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
    let n = problem.purchases.len();
    let mut choice: Vec<Option<Opt>> = vec![None; n];
    let mut nodes = 0u64;
    let mut aborted = false;
    let mut bound_extra = 0.0f64;
    let topup: Vec<bool> = problem.frames.iter().map(|f| !f.bases.is_empty()).collect();
    for comp in components(problem) {
        let mut frames: Vec<usize> = comp
            .iter()
            .flat_map(|&i| problem.options[i].iter().flat_map(|o| o.members()))
            .collect();
        frames.sort_unstable();
        frames.dedup();
        let potential = |i: usize| -> f64 {
            let best_rate = problem.options[i]
                .iter()
                .map(|o| {
                    o.members()
                        .map(|f| problem.frames[f].bound.rate.unwrap_or(1.0))
                        .sum::<f64>()
                })
                .fold(0.0, f64::max);
            best_rate * problem.purchases[i].amount_yen as f64
        };
        let mut order = comp.clone();
        order.sort_by(|a, b| potential(*b).total_cmp(&potential(*a)).then(a.cmp(b)));
        let mut state: Vec<FrameState> = (0..problem.frames.len())
            .map(|_| FrameState {
                set: Bits::default(),
                count: 0,
                cost: 0,
                value: 0,
                day: 0,
                stacked: None,
                pot: 0,
            })
            .collect();
        for &i in &comp {
            let mut seen: Vec<usize> = Vec::new();
            for o in &problem.options[i] {
                for f in o.members() {
                    if !seen.contains(&f) {
                        seen.push(f);
                        state[f].pot += problem.purchases[i].amount_yen;
                    }
                }
            }
        }
        let mut search = Search {
            problem,
            order,
            frames,
            state,
            choice: vec![None; n],
            value: 0,
            apps: 0,
            days: 0,
            best: None,
            nodes: 0,
            budget: budget.saturating_sub(nodes).max(1),
            aborted: false,
            root_bound: None,
            topup: topup.clone(),
        };
        search.dfs(0);
        nodes += search.nodes;
        if let Some(best) = &search.best {
            for &i in &comp {
                choice[i] = best.choice[i];
            }
            if search.aborted {
                aborted = true;
                bound_extra += search.root_bound.unwrap_or(0.0) - best.value as f64;
            }
        } else if search.aborted {
            aborted = true;
            bound_extra += search.root_bound.unwrap_or(0.0);
        }
    }
    let solution = cleanup(problem, evaluate(problem, &choice));
    let report = SolverReport {
        status: if aborted {
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
    use super::*;

    #[test]
    fn bits_hold_every_index() {
        let b = Bits::default().with(0).with(63).with(64).with(199);
        assert_eq!(b.iter().collect::<Vec<_>>(), [0, 63, 64, 199]);
        assert!(b.without(64).iter().all(|i| i != 64));
    }
}
