//! Local improvement of a plan before the search has to prove it: a purchase moved to another of
//! its options (or none), or two purchases trading options, kept while the objective improves.
//! A better plan early prunes more of the search; the search alone decides optimality.

use super::model::{Bits, Opt, Problem};
use super::solution::{evaluate, Solution};

/// Passes over every move at most (each pass that changes nothing ends it earlier).
const PASSES: usize = 8;

struct Local<'p, 'a> {
    pb: &'p Problem<'a>,
    lines: Vec<usize>,
    choice: Vec<Option<Opt>>,
    sets: Vec<Bits>,
    /// Per frame: subsidy, and the application's day (0 when unused).
    value: Vec<i64>,
    day: Vec<i64>,
}

impl Local<'_, '_> {
    fn members(o: Option<Opt>) -> impl Iterator<Item = usize> {
        o.into_iter().flat_map(|o| o.members())
    }

    /// The base a top-up frame is stacked on (the first stacked line's base), as `evaluate`.
    fn stacked(&self, f: usize) -> Option<usize> {
        self.choice
            .iter()
            .flatten()
            .find(|o| o.topup == Some(f))
            .map(|o| o.frame)
    }

    fn frame_day(&self, f: usize) -> i64 {
        self.sets[f]
            .iter()
            .filter_map(|i| self.pb.cand(i, f))
            .map(|c| (c.applied_on - self.pb.as_of).num_days())
            .max()
            .unwrap_or(0)
    }

    /// Whether no frame in use excludes another.
    fn allowed(&self, frames: &[usize]) -> bool {
        frames.iter().all(|&f| {
            self.sets[f].is_empty()
                || self.pb.frames[f]
                    .excludes
                    .iter()
                    .all(|&g| self.sets[g].is_empty())
        })
    }

    /// Applies the changes when they improve the plan (more subsidy, or as much with fewer or
    /// earlier applications); reports whether they did.
    fn try_move(&mut self, changes: &[(usize, Option<Opt>)]) -> bool {
        let mut frames: Vec<usize> = Vec::with_capacity(4);
        for &(i, o) in changes {
            for f in Self::members(self.choice[i]).chain(Self::members(o)) {
                if !frames.contains(&f) {
                    frames.push(f);
                }
            }
        }
        let old: Vec<Option<Opt>> = changes.iter().map(|&(i, _)| self.choice[i]).collect();
        let saved: Vec<(usize, Bits, i64, i64)> = frames
            .iter()
            .map(|&f| (f, self.sets[f], self.value[f], self.day[f]))
            .collect();
        for &(i, o) in changes {
            for f in Self::members(self.choice[i]) {
                self.sets[f] = self.sets[f].without(i);
            }
            self.choice[i] = o;
        }
        for &(i, o) in changes {
            for f in Self::members(o) {
                self.sets[f] = self.sets[f].with(i);
            }
        }
        let (mut dv, mut da, mut dd) = (0i64, 0i64, 0i64);
        if self.allowed(&frames) {
            for &(f, set, value, day) in &saved {
                let v = self.pb.value(f, &self.sets[f], self.stacked(f));
                let d = self.frame_day(f);
                dv += v - value;
                da += i64::from(!self.sets[f].is_empty()) - i64::from(!set.is_empty());
                dd += d - day;
                self.value[f] = v;
                self.day[f] = d;
            }
            if (dv, -da, -dd) > (0, 0, 0) {
                return true;
            }
        }
        for (&(i, _), o) in changes.iter().zip(old) {
            self.choice[i] = o;
        }
        for (f, set, value, day) in saved {
            self.sets[f] = set;
            self.value[f] = value;
            self.day[f] = day;
        }
        false
    }

    fn pass(&mut self) -> bool {
        let pb = self.pb;
        let mut changed = false;
        for a in 0..self.lines.len() {
            if pb.cancel.is_cancelled() {
                return false;
            }
            let i = self.lines[a];
            for o in std::iter::once(None).chain(pb.options[i].iter().copied().map(Some)) {
                if o != self.choice[i] && self.try_move(&[(i, o)]) {
                    changed = true;
                }
            }
            for b in a + 1..self.lines.len() {
                let j = self.lines[b];
                let (x, y) = (self.choice[i], self.choice[j]);
                let fits = |k: usize, o: Option<Opt>| o.is_none_or(|o| pb.options[k].contains(&o));
                if x != y && fits(i, y) && fits(j, x) && self.try_move(&[(i, y), (j, x)]) {
                    changed = true;
                }
            }
        }
        changed
    }
}

/// The plan improved by moves and swaps within one component (`lines`).
pub fn improve(pb: &Problem, lines: &[usize], start: &Solution) -> Solution {
    let m = pb.frames.len();
    let mut local = Local {
        pb,
        lines: lines.to_vec(),
        choice: start.choice.clone(),
        sets: vec![Bits::default(); m],
        value: vec![0; m],
        day: vec![0; m],
    };
    for (i, o) in start.choice.iter().enumerate() {
        for f in Local::members(*o) {
            local.sets[f] = local.sets[f].with(i);
        }
    }
    for f in 0..m {
        if !local.sets[f].is_empty() {
            local.value[f] = pb.value(f, &local.sets[f], local.stacked(f));
            local.day[f] = local.frame_day(f);
        }
    }
    for _ in 0..PASSES {
        if !local.pass() {
            break;
        }
    }
    let better = evaluate(pb, &local.choice);
    if better.key() > start.key() {
        better
    } else {
        start.clone()
    }
}
