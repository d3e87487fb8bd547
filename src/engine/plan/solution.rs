//! A complete assignment and its value: what the exact search, the local improvement and the
//! explanations all read.

use super::model::{Bits, Opt, Problem};

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

    pub fn key(&self) -> (i64, i64, i64) {
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
