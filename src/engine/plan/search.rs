//! Branch and bound over (purchase, option) pairs: each node either puts a purchase on an option
//! or rules that option out for it; a purchase with every option ruled out is not funded.
//!
//! Pairs are taken by falling rate, a frame's pairs together, largest line first: the first dive
//! fills the dearest frames greedily, and a capped frame's fill is settled line by line (a
//! knapsack, where the fractional bound is exact once the frame is settled). A node is pruned when
//! no completion can beat the best plan found: its subsidy bound is lower, or equal while the
//! applications it must still open (a bound from each unused frame's own most) or its days already
//! reach the best plan's.

use super::improve;
use super::model::{Bits, Opt, Problem};
use super::relax::{self, Column};
use super::solution::Solution;

#[derive(Clone, Copy, Default)]
struct FrameState {
    set: Bits,
    count: usize,
    cost: i64,
    value: i64,
    day: i64,
    stacked: Option<usize>,
}

/// What a search of one component found.
pub struct Outcome {
    pub best: Option<Solution>,
    pub nodes: u64,
    pub aborted: bool,
    /// Upper bound on the component's subsidy at the root.
    pub root_bound: f64,
}

const NO_COLUMN: usize = usize::MAX;
/// Rounding room between the float bound and whole yen.
const EPS_YEN: f64 = 0.01;

pub struct Search<'p, 'a> {
    pb: &'p Problem<'a>,
    lines: Vec<usize>,
    frames: Vec<usize>,
    /// (purchase, option index), in branching order.
    pairs: Vec<(usize, usize)>,
    /// Per purchase: the options not ruled out (bit = option index).
    open: Vec<Bits>,
    /// Per purchase and option: what the bound needs of it, worked out once.
    info: Vec<Vec<OptInfo>>,
    assigned: Vec<bool>,
    choice: Vec<Option<Opt>>,
    state: Vec<FrameState>,
    /// Top-ups are bounded on their own (their lines are their base's).
    topup: Vec<bool>,
    /// First part index of each frame; part costs are kept per part.
    part_base: Vec<usize>,
    part_cost: Vec<i64>,
    value: i64,
    apps: usize,
    days: i64,
    best: Option<Solution>,
    nodes: u64,
    budget: u64,
    aborted: bool,
    // Scratch for the bound.
    pot: Vec<i64>,
    part_pot: Vec<i64>,
    stamp: Vec<usize>,
    column_of: Vec<usize>,
    columns: Vec<Col>,
    masks: Vec<(u64, f64)>,
}

/// What putting a purchase on an option changed.
struct Undo {
    frames: [Option<(usize, FrameState)>; 2],
    value: i64,
    apps: usize,
    days: i64,
}

/// An option of a purchase as the bound sees it.
#[derive(Clone, Copy)]
struct OptInfo {
    /// The part of each member frame (base, then top-up) paying for the purchase.
    parts: [Option<usize>; 2],
    /// No member excludes another frame, so the option is always usable.
    free: bool,
}

impl<'p, 'a> Search<'p, 'a> {
    /// A search of one component (purchases sharing frames), starting from `start` when given.
    pub fn new(
        pb: &'p Problem<'a>,
        lines: &[usize],
        budget: u64,
        start: Option<Solution>,
    ) -> Search<'p, 'a> {
        let n = pb.purchases.len();
        let m = pb.frames.len();
        let mut frames: Vec<usize> = lines
            .iter()
            .flat_map(|&i| pb.options[i].iter().flat_map(|o| o.members()))
            .collect();
        frames.sort_unstable();
        frames.dedup();
        let mut part_base = Vec::with_capacity(m);
        let mut parts = 0;
        for f in &pb.frames {
            part_base.push(parts);
            parts += f.bound.parts.len();
        }
        // Options fit in a `Bits`: a purchase has at most one option per frame and one per
        // declared stack, far fewer than 256 in any catalog this serves.
        let mut open = vec![Bits::default(); n];
        for &i in lines {
            for oi in 0..pb.options[i].len().min(256) {
                open[i] = open[i].with(oi);
            }
        }
        let part = |i: usize, f: usize| {
            pb.frames[f]
                .bound
                .part_of(pb.purchases[i].category)
                .map(|p| part_base[f] + p)
        };
        let info = (0..n)
            .map(|i| {
                pb.options[i]
                    .iter()
                    .map(|o| OptInfo {
                        parts: [part(i, o.frame), o.topup.and_then(|t| part(i, t))],
                        free: o.members().all(|f| pb.frames[f].excludes.is_empty()),
                    })
                    .collect()
            })
            .collect();
        let mut s = Search {
            pb,
            lines: lines.to_vec(),
            frames,
            pairs: Vec::new(),
            open,
            info,
            assigned: vec![false; n],
            choice: vec![None; n],
            state: vec![FrameState::default(); m],
            topup: pb.frames.iter().map(|f| !f.bases.is_empty()).collect(),
            part_base,
            part_cost: vec![0; parts],
            value: 0,
            apps: 0,
            days: 0,
            best: start,
            nodes: 0,
            budget,
            aborted: false,
            pot: vec![0; m],
            part_pot: vec![0; parts],
            stamp: vec![usize::MAX; m],
            column_of: vec![NO_COLUMN; parts],
            columns: Vec::new(),
            masks: Vec::new(),
        };
        s.pairs = s.branching_order();
        s
    }

    pub fn run(mut self) -> Outcome {
        if let Some(start) = &self.best {
            self.best = Some(improve::improve(self.pb, &self.lines, start));
        }
        let root = self.bound(false, &mut Vec::new());
        self.dfs(0, Some(root));
        Outcome {
            root_bound: root,
            best: self.best,
            nodes: self.nodes,
            aborted: self.aborted,
        }
    }

    fn amount(&self, i: usize) -> i64 {
        self.pb.purchases[i].amount_yen
    }

    /// The part of member `k` (0 base, 1 top-up) of option `oi` paying for purchase `i`.
    fn part(&self, i: usize, oi: usize, k: usize) -> Option<usize> {
        self.info[i][oi].parts[k]
    }

    /// Whether an open option of a purchase is usable now.
    fn live(&self, i: usize, oi: usize) -> bool {
        self.open[i].contains(oi) && (self.info[i][oi].free || self.usable(&self.pb.options[i][oi]))
    }

    /// Subsidy per yen an option can pay for a purchase, by the frames' bounds (a frame whose
    /// amount does not follow the spend: what it pays for the line alone).
    fn rate(&self, i: usize, o: &Opt) -> f64 {
        let amount = self.amount(i).max(1) as f64;
        o.members()
            .map(|f| {
                let b = &self.pb.frames[f].bound;
                match b.rate {
                    Some(_) => b
                        .part_of(self.pb.purchases[i].category)
                        .map_or(0.0, |p| b.parts[p].rate),
                    None => self.pb.value(f, &Bits::default().with(i), None) as f64 / amount,
                }
            })
            .sum()
    }

    /// By falling rate, then larger frames first (fewer applications), a frame's pairs together,
    /// a stack before its base alone, larger lines first.
    fn branching_order(&self) -> Vec<(usize, usize)> {
        type Key = (f64, f64, usize, usize, i64, usize);
        let mut keyed: Vec<(Key, (usize, usize))> = Vec::new();
        for &i in &self.lines {
            for (oi, o) in self.pb.options[i].iter().enumerate().take(256) {
                let size = self.pb.frames[o.frame].bound.max.unwrap_or(f64::INFINITY);
                let topup = o.topup.map_or(0, |t| t + 1);
                let key = (self.rate(i, o), size, o.frame, topup, self.amount(i), i);
                keyed.push((key, (i, oi)));
            }
        }
        keyed.sort_by(|(x, _), (y, _)| {
            y.0.total_cmp(&x.0)
                .then(y.1.total_cmp(&x.1))
                .then(x.2.cmp(&y.2))
                .then(y.3.cmp(&x.3))
                .then(y.4.cmp(&x.4))
                .then(x.5.cmp(&y.5))
        });
        keyed.into_iter().map(|(_, pair)| pair).collect()
    }

    /// Whether no frame of the option is excluded by a frame in use.
    fn usable(&self, o: &Opt) -> bool {
        o.members().all(|f| {
            self.pb.frames[f]
                .excludes
                .iter()
                .all(|&g| self.state[g].count == 0 || o.members().any(|m| m == g))
        })
    }

    fn day_of(&self, i: usize, f: usize) -> i64 {
        self.pb
            .cand(i, f)
            .map_or(0, |c| (c.applied_on - self.pb.as_of).num_days())
    }

    fn stacked_with(&self, f: usize, o: &Opt) -> Option<usize> {
        let st = &self.state[f];
        if o.topup == Some(f) {
            st.stacked.or(Some(o.frame))
        } else {
            st.stacked
        }
    }

    fn assign(&mut self, i: usize, oi: usize) -> Undo {
        let o = self.pb.options[i][oi];
        let mut undo = Undo {
            frames: [None; 2],
            value: self.value,
            apps: self.apps,
            days: self.days,
        };
        let amount = self.amount(i);
        for (k, f) in o.members().enumerate() {
            undo.frames[k] = Some((f, self.state[f]));
            let day = self.day_of(i, f);
            let stacked = self.stacked_with(f, &o);
            if let Some(p) = self.part(i, oi, k) {
                self.part_cost[p] += amount;
            }
            let st = &mut self.state[f];
            st.stacked = stacked;
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
            let v = self.pb.value(f, &set, stacked);
            self.value += v - self.state[f].value;
            self.state[f].value = v;
        }
        self.assigned[i] = true;
        self.choice[i] = Some(o);
        undo
    }

    fn unassign(&mut self, i: usize, oi: usize, undo: Undo) {
        let amount = self.amount(i);
        for (k, saved) in undo.frames.into_iter().enumerate() {
            let Some((f, st)) = saved else { continue };
            if let Some(p) = self.part(i, oi, k) {
                self.part_cost[p] -= amount;
            }
            self.state[f] = st;
        }
        self.value = undo.value;
        self.apps = undo.apps;
        self.days = undo.days;
        self.assigned[i] = false;
        self.choice[i] = None;
    }

    /// `ub`: the node's bound when the parent computed it.
    fn dfs(&mut self, from: usize, ub: Option<f64>) {
        // Pairs that are no longer choices are passed over; an option excluded by a frame in use
        // stays excluded below this node (frames in use only gain lines).
        let mut k = from;
        let mut closed: Vec<(usize, usize)> = Vec::new();
        while let Some(&(i, oi)) = self.pairs.get(k) {
            if self.assigned[i] || !self.open[i].contains(oi) {
                k += 1;
                continue;
            }
            if !self.usable(&self.pb.options[i][oi]) {
                self.open[i] = self.open[i].without(oi);
                closed.push((i, oi));
                k += 1;
                continue;
            }
            break;
        }
        self.branch(k, ub);
        for (i, oi) in closed {
            self.open[i] = self.open[i].with(oi);
        }
    }

    fn branch(&mut self, k: usize, ub: Option<f64>) {
        self.nodes += 1;
        if (self.best.is_some() && self.nodes > self.budget) || self.pb.cancel.is_cancelled() {
            self.aborted = true;
            return;
        }
        if k == self.pairs.len() {
            let s = Solution {
                choice: self.choice.clone(),
                value: self.value,
                apps: self.apps,
                days: self.days,
            };
            match &self.best {
                // The first plan found is improved locally before the search goes on.
                None => self.best = Some(improve::improve(self.pb, &self.lines, &s)),
                Some(b) if s.key() > b.key() => self.best = Some(s),
                _ => {}
            }
            return;
        }
        let ub = ub.unwrap_or_else(|| self.bound(false, &mut Vec::new()));
        if self.pruned(ub) {
            return;
        }
        let (i, oi) = self.pairs[k];
        // The child with the higher bound first (the line on the option when equal), so the first
        // dives find good plans and later nodes prune against them.
        let undo = self.assign(i, oi);
        let ub_yes = self.bound(false, &mut Vec::new());
        self.unassign(i, oi, undo);
        self.open[i] = self.open[i].without(oi);
        let ub_no = self.bound(false, &mut Vec::new());
        self.open[i] = self.open[i].with(oi);
        let yes_first = ub_yes >= ub_no;
        for yes in [yes_first, !yes_first] {
            if self.aborted {
                break;
            }
            if yes {
                let undo = self.assign(i, oi);
                self.dfs(k + 1, Some(ub_yes));
                self.unassign(i, oi, undo);
            } else {
                self.open[i] = self.open[i].without(oi);
                self.dfs(k + 1, Some(ub_no));
                self.open[i] = self.open[i].with(oi);
            }
        }
    }

    /// Whether no completion of this node can beat the best plan.
    fn pruned(&mut self, ub: f64) -> bool {
        let ub_int = (ub + EPS_YEN).floor() as i64;
        let Some((value, apps, days)) = self.best.as_ref().map(|b| (b.value, b.apps, b.days))
        else {
            return false;
        };
        if ub_int != value {
            return ub_int < value;
        }
        // Only ties on the subsidy remain: fewer applications, or as many and earlier.
        if self.apps > apps || (self.apps == apps && self.days >= days) {
            return true;
        }
        match self.applications_needed(value) {
            None => true,
            Some(more) => {
                let at_least = self.apps + more;
                at_least > apps || (at_least == apps && self.days >= days)
            }
        }
    }

    /// How many unused frames any completion paying `target` must open (None: none can).
    fn applications_needed(&mut self, target: i64) -> Option<usize> {
        let mut alone = Vec::new();
        let mut reach = self.bound(true, &mut alone) + EPS_YEN;
        let target = target as f64;
        if reach >= target {
            return Some(0);
        }
        alone.sort_by(|a, b| b.total_cmp(a));
        for (k, a) in alone.iter().enumerate() {
            reach += a;
            if reach >= target {
                return Some(k + 1);
            }
        }
        None
    }

    /// Upper bound on the subsidy of any completion: frames with no line left to decide count
    /// their exact value; the others their bound on the lines they hold, and the undecided lines
    /// shared out by the fractional relaxation. Frames that pay in whole units (¥1,000) are
    /// rounded down to them, alone or, where the relaxation links only such frames, together (a
    /// sum of multiples is one). With `opened_only`, frames not in use are left out and each
    /// one's own most (alone, with every line it could take) goes to `alone`: the relaxation with
    /// them is at most the one without them plus those.
    fn bound(&mut self, opened_only: bool, alone: &mut Vec<f64>) -> f64 {
        let pb = self.pb;
        for &f in &self.frames {
            self.pot[f] = 0;
            self.stamp[f] = usize::MAX;
            let base = self.part_base[f];
            for p in base..base + pb.frames[f].bound.parts.len() {
                self.part_pot[p] = 0;
            }
        }
        let mut undecided = 0i64;
        for &i in &self.lines {
            if self.assigned[i] || self.open[i].is_empty() {
                continue;
            }
            let a = self.amount(i);
            let mut any = false;
            for (oi, o) in pb.options[i].iter().enumerate().take(256) {
                if !self.live(i, oi) {
                    continue;
                }
                any = true;
                for (k, f) in o.members().enumerate() {
                    if self.stamp[f] != i {
                        self.stamp[f] = i;
                        self.pot[f] += a;
                        if let Some(p) = self.part(i, oi, k) {
                            self.part_pot[p] += a;
                        }
                    }
                }
            }
            if any {
                undecided += a;
            }
        }
        let mut ub = 0.0;
        let mut columns = std::mem::take(&mut self.columns);
        columns.clear();
        for &f in &self.frames {
            let st = self.state[f];
            let pot = self.pot[f];
            if pot == 0 {
                ub += st.value as f64;
                continue;
            }
            let b = &pb.frames[f].bound;
            let max = b.max.unwrap_or(f64::INFINITY);
            let unused = opened_only && st.count == 0;
            let first = self.part_base[f];
            // A frame paid in units and split in parts has its parts rounded apart: units apply
            // to whole frames of one part.
            let unit = if b.parts.len() == 1 { b.unit } else { 1 };
            let dead = |k: usize| {
                b.parts[k].requires.is_some_and(|q| {
                    self.part_cost[first + q] == 0 && self.part_pot[first + q] == 0
                })
            };
            let own = match b.rate {
                None => max,
                Some(r) if self.topup[f] => max.min(r * (st.cost + pot) as f64 + b.slack),
                Some(_) if unused => {
                    let most: f64 = (0..b.parts.len())
                        .filter(|&k| !dead(k))
                        .map(|k| {
                            let p = &b.parts[k];
                            let reach =
                                (self.part_pot[first + k] + self.part_cost[first + k]) as f64;
                            p.max.unwrap_or(f64::INFINITY).min(p.rate * reach + p.slack)
                        })
                        .sum();
                    in_units(most, unit)
                }
                Some(_) => {
                    for k in 0..b.parts.len() {
                        if dead(k) {
                            continue;
                        }
                        let p = &b.parts[k];
                        let part = first + k;
                        let pmax = p.max.unwrap_or(f64::INFINITY);
                        let base = pmax.min(p.rate * self.part_cost[part] as f64 + p.slack);
                        let room = pmax - base;
                        if room > 0.0 && p.rate > 0.0 && self.part_pot[part] > 0 {
                            columns.push(Col {
                                rate: p.rate,
                                room: room / p.rate,
                                part,
                                base,
                                unit,
                            });
                        } else {
                            ub += in_units(base, unit);
                        }
                    }
                    continue;
                }
            };
            if unused {
                alone.push(own);
            } else {
                ub += own;
            }
        }
        if columns.is_empty() {
            self.columns = columns;
            return ub;
        }
        columns.sort_by(|a, b| b.rate.total_cmp(&a.rate).then(a.part.cmp(&b.part)));
        // Beyond 64 columns the rest count alone, each filled as far as the lines allow.
        for (c, col) in columns.iter().enumerate() {
            if c < 64 {
                self.column_of[col.part] = c;
            } else {
                ub += col.base + col.rate * col.room.min(undecided as f64);
            }
        }
        let mut lines = std::mem::take(&mut self.masks);
        lines.clear();
        for &i in &self.lines {
            if self.assigned[i] {
                continue;
            }
            let mut mask = 0u64;
            for oi in 0..pb.options[i].len().min(256) {
                if !self.live(i, oi) {
                    continue;
                }
                if let Some(p) = self.part(i, oi, 0) {
                    let c = self.column_of[p];
                    if c != NO_COLUMN {
                        mask |= 1 << c;
                    }
                }
            }
            if mask == 0 {
                continue;
            }
            let a = self.amount(i) as f64;
            match lines.iter_mut().find(|l| l.0 == mask) {
                Some(l) => l.1 += a,
                None => lines.push((mask, a)),
            }
        }
        for col in &columns {
            self.column_of[col.part] = NO_COLUMN;
        }
        let lp = linked(&columns[..columns.len().min(64)], &lines);
        self.columns = columns;
        self.masks = lines;
        ub + lp
    }
}

/// A column of the relaxation with the frame part behind it.
struct Col {
    rate: f64,
    room: f64,
    part: usize,
    /// The part's bound on the lines it holds.
    base: f64,
    unit: i64,
}

fn in_units(yen: f64, unit: i64) -> f64 {
    if unit <= 1 || !yen.is_finite() {
        return yen;
    }
    let u = unit as f64;
    ((yen + EPS_YEN) / u).floor() * u
}

/// The relaxation solved for each group of columns that lines link, each group's total (its
/// parts' bounds and what the lines add) rounded down to the units all its frames pay in.
fn linked(columns: &[Col], lines: &[(u64, f64)]) -> f64 {
    let m = columns.len();
    let mut parent = [0usize; 64];
    for (c, p) in parent.iter_mut().enumerate() {
        *p = c;
    }
    fn root(p: &mut [usize; 64], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(mask, _) in lines {
        let first = root(&mut parent, mask.trailing_zeros() as usize);
        let mut rest = mask & (mask - 1);
        while rest != 0 {
            let c = root(&mut parent, rest.trailing_zeros() as usize);
            rest &= rest - 1;
            if c != first {
                parent[c] = first;
            }
        }
    }
    // Each group as a mask of columns.
    let mut groups = [0u64; 64];
    for c in 0..m {
        let r = root(&mut parent, c);
        groups[r] |= 1 << c;
    }
    let mut total = 0.0;
    let mut cols: Vec<Column> = Vec::with_capacity(m);
    let mut sub: Vec<(u64, f64)> = Vec::with_capacity(lines.len());
    for &group in groups.iter().take(m).filter(|g| **g != 0) {
        let mut unit = 0i64;
        let mut value = 0.0;
        cols.clear();
        let mut rest = group;
        while rest != 0 {
            let c = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            unit = gcd(unit, columns[c].unit);
            value += columns[c].base;
            cols.push(Column {
                rate: columns[c].rate,
                room: columns[c].room,
            });
        }
        sub.clear();
        for &(mask, a) in lines {
            if mask & group == 0 {
                continue;
            }
            // Columns of the group renumbered in order.
            let mut bits = 0u64;
            let mut k = 0;
            let mut rest = group;
            while rest != 0 {
                let c = rest.trailing_zeros();
                rest &= rest - 1;
                if mask & (1 << c) != 0 {
                    bits |= 1 << k;
                }
                k += 1;
            }
            sub.push((bits, a));
        }
        value += relax::relaxation(&sub, &cols);
        total += in_units(value, unit);
    }
    total
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn half(part: usize, unit: i64) -> Col {
        Col {
            rate: 0.5,
            room: 10_000.0,
            part,
            base: 0.0,
            unit,
        }
    }

    #[test]
    fn linked_groups_round_down_to_their_units() {
        // One line of ¥3,000 shared by two ½ frames paid in ¥1,000: ¥1,000 however it is split.
        assert_eq!(
            linked(&[half(0, 1000), half(1, 1000)], &[(0b11, 3000.0)]),
            1000.0
        );
        // A frame paid to the yen in the group: ¥1,500 is possible.
        assert_eq!(
            linked(&[half(0, 1000), half(1, 1)], &[(0b11, 3000.0)]),
            1500.0
        );
        // Groups no line links are rounded apart.
        let lines = [(0b01, 3000.0), (0b10, 3000.0)];
        assert_eq!(linked(&[half(0, 1000), half(1, 1000)], &lines), 2000.0);
    }
}
