//! What every formula kind's plan bound shares: the bound's shape and its float helpers.

//!
//! Upper bounds on what a frame can pay, read from its formulas: the highest rate any line can earn
//! and the most the frame can pay in total, split by expense category where the formula pays
//! categories separately (a tiered rate's hardware share). They only prune the search (an
//! optimistic bound never loses the optimum); every amount the plan reports comes from the
//! engine's calculation.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::eval::chosen_reading;
use crate::engine::catalog::raw::{
    RawCriterion, RawLimit, RawPerUnit, RawRaisedRate, RawRounding, RoundingDirection,
};
use crate::engine::catalog::{Frame, Term};
use crate::engine::criteria::{self, Ctx, Tri};
use crate::engine::facility::Facility;
use crate::engine::money::Rate;
use crate::engine::vocab::{ExpenseCategory, Interpretation};

/// What a term's bound depends on besides its formula.
pub struct BoundCtx<'a> {
    pub frame: &'a Frame,
    pub term: &'a Term,
    pub facility: &'a Facility,
    /// Start of the horizon (a term that starts later is bounded from its own start).
    pub from: NaiveDate,
    /// Readings chosen by the caller.
    pub chosen: &'a BTreeMap<Interpretation, String>,
}

impl BoundCtx<'_> {
    /// The reading of a question the term relies on (the default unless the caller chose one).
    pub(super) fn reading(&self, q: Interpretation) -> Option<&'static str> {
        if !self.term.interpretations.contains(&q) {
            return None;
        }
        Some(chosen_reading(self.chosen, q))
    }

    /// Whether the small-business reading counts up to 20 employees where the catalog says 5.
    pub(super) fn widened(&self) -> bool {
        self.reading(Interpretation::ShokiboIryohojin) == Some("other_20")
    }
}

/// `value(lines) ≤ min(max, rate × cost(lines) + slack)`, and, when `rate` is known,
/// `value(lines) ≤ Σ parts min(max, rate × cost(lines of the part's categories) + slack)`.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameBound {
    /// Highest subsidy per yen of cost; `None` when the amount does not follow the spend
    /// (fixed amounts, per-day, sums of parts): then only `max` bounds it.
    pub rate: Option<f64>,
    /// Most the frame can pay; `None` = no known limit.
    pub max: Option<f64>,
    /// Rounding that can go up adds up to one unit.
    pub slack: f64,
    /// Categories paid separately (empty when `rate` is `None`); their categories never overlap.
    pub parts: Vec<Part>,
    /// Every amount the frame pays is a multiple of this (rounded down to it, caps on it).
    pub unit: i64,
}

/// A share of a frame that pays its own categories at its own rate up to its own limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Empty = every category the frame takes.
    pub categories: Vec<ExpenseCategory>,
    pub rate: f64,
    pub max: Option<f64>,
    pub slack: f64,
    /// The part that must hold a line for this one to pay (hardware only beside software).
    pub requires: Option<usize>,
}

impl FrameBound {
    /// Nothing at all: no rate, no amount.
    pub fn nothing() -> FrameBound {
        FrameBound::whole(Some(0.0), Some(0.0), 0.0)
    }

    pub(super) fn whole(rate: Option<f64>, max: Option<f64>, slack: f64) -> FrameBound {
        FrameBound {
            rate,
            max,
            slack,
            parts: rate
                .map(|rate| Part {
                    categories: Vec::new(),
                    rate,
                    max,
                    slack,
                    requires: None,
                })
                .into_iter()
                .collect(),
            unit: 1,
        }
    }

    pub(super) fn in_units(mut self, unit: i64) -> FrameBound {
        self.unit = unit.max(1);
        self
    }

    /// The part paying for a category (None: the frame pays nothing for it).
    pub fn part_of(&self, category: ExpenseCategory) -> Option<usize> {
        self.parts
            .iter()
            .position(|p| p.categories.is_empty() || p.categories.contains(&category))
    }

    /// Two terms' bounds together: part by part when both split the categories the same way,
    /// else one part at the higher rate up to the higher limit.
    pub fn join(self, b: FrameBound) -> FrameBound {
        let rate = match (self.rate, b.rate) {
            (Some(x), Some(y)) => Some(x.max(y)),
            _ => None,
        };
        let max = max_opt(self.max, b.max);
        let slack = self.slack.max(b.slack);
        let unit = gcd(self.unit, b.unit);
        let same = self.parts.len() == b.parts.len()
            && self
                .parts
                .iter()
                .zip(&b.parts)
                .all(|(x, y)| x.categories == y.categories && x.requires == y.requires);
        if rate.is_none() || !same {
            return FrameBound::whole(rate, max, slack).in_units(unit);
        }
        let parts = self
            .parts
            .into_iter()
            .zip(b.parts)
            .map(|(x, y)| Part {
                categories: x.categories,
                rate: x.rate.max(y.rate),
                max: max_opt(x.max, y.max),
                slack: x.slack.max(y.slack),
                requires: x.requires,
            })
            .collect();
        FrameBound {
            rate,
            max,
            slack,
            parts,
            unit,
        }
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

pub(super) fn rate_f(r: &Rate) -> f64 {
    // Rounded up a hair so float error never makes the bound smaller than the truth.
    (r.numerator as f64 / r.denominator as f64) * (1.0 + 1e-12)
}

pub(super) fn slack_of(r: &RawRounding) -> f64 {
    match r.direction {
        RoundingDirection::Down => 0.0,
        _ => r.unit as f64,
    }
}

fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a?.max(b?))
}

pub(super) fn min_known(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

pub(super) fn limit(l: &Option<RawLimit>) -> Option<f64> {
    l.map(|l| l.yen as f64)
}

pub(super) fn per_unit_cap(pu: Option<&RawPerUnit>, facility: &Facility) -> Option<Option<f64>> {
    // Outer None: no per-unit cap; inner None: the count is unknown (no limit known).
    pu.map(|pu| facility.number(pu.basis).map(|n| n as f64 * pu.yen as f64))
}

/// Whether a raised rate's condition can hold for this facility: a condition on the profile alone
/// (type, numbers, place, designations, operator) is the same at every application date, so one
/// that fails now never holds. Conditions on dates, systems, grants or lines may change.
pub(super) fn may_raise(rr: &RawRaisedRate, facility: &Facility, widened: bool) -> bool {
    // The small-business reading counts up to 20 employees where the catalog says 5.
    if widened {
        return true;
    }
    let ctx = Ctx {
        facility,
        as_of: NaiveDate::MIN,
        lines: None,
    };
    rr.when.iter().all(|c| !never(c, &ctx))
}

fn never(c: &RawCriterion, ctx: &Ctx) -> bool {
    match c {
        RawCriterion::All { of } => of.iter().any(|c| never(c, ctx)),
        RawCriterion::Any { of } => of.iter().all(|c| never(c, ctx)),
        RawCriterion::FacilityType { .. }
        | RawCriterion::Number { .. }
        | RawCriterion::Prefecture { .. }
        | RawCriterion::Designation { .. }
        | RawCriterion::NotDesignation { .. }
        | RawCriterion::OperatorIn { .. }
        | RawCriterion::OperatorNotIn { .. } => criteria::decide(c, ctx) == Tri::NotMet,
        _ => false,
    }
}
