//! Upper bounds on what a frame can pay, read from its formulas: the highest rate any line can earn
//! and the most the frame can pay in total, split by expense category where the formula pays
//! categories separately (a tiered rate's hardware share). They only prune the search (an
//! optimistic bound never loses the optimum); every amount the plan reports comes from the
//! engine's calculation.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::FrameRef;
use crate::engine::calc;
use crate::engine::catalog::raw::{
    RawCostRate, RawCriterion, RawLimit, RawPerUnit, RawRaisedRate, RawRate, RawRounding,
    RoundingDirection,
};
use crate::engine::catalog::Formula;
use crate::engine::criteria::{self, Ctx, Tri};
use crate::engine::facility::Facility;
use crate::engine::money::Rate;
use crate::engine::vocab::{ExpenseCategory, Interpretation};

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
    fn whole(rate: Option<f64>, max: Option<f64>, slack: f64) -> FrameBound {
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

    fn in_units(mut self, unit: i64) -> FrameBound {
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
    fn join(self, b: FrameBound) -> FrameBound {
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

fn rate_f(r: &Rate) -> f64 {
    // Rounded up a hair so float error never makes the bound smaller than the truth.
    (r.numerator as f64 / r.denominator as f64) * (1.0 + 1e-12)
}

fn raw_rate(r: &RawRate) -> Rate {
    match r {
        RawRate::Plain(x) => *x,
        RawRate::Sourced(s) => s.value,
    }
}

fn slack_of(r: &RawRounding) -> f64 {
    match r.direction {
        RoundingDirection::Down => 0.0,
        _ => r.unit as f64,
    }
}

fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a?.max(b?))
}

fn min_known(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn limit(l: &Option<RawLimit>) -> Option<f64> {
    l.map(|l| l.yen as f64)
}

fn per_unit_cap(pu: Option<&RawPerUnit>, facility: &Facility) -> Option<Option<f64>> {
    // Outer None: no per-unit cap; inner None: the count is unknown (no limit known).
    pu.map(|pu| facility.number(pu.basis).map(|n| n as f64 * pu.yen as f64))
}

/// Whether a raised rate's condition can hold for this facility: a condition on the profile alone
/// (type, numbers, place, designations, operator) is the same at every application date, so one
/// that fails now never holds. Conditions on dates, systems, grants or lines may change.
fn may_raise(rr: &RawRaisedRate, facility: &Facility, widened: bool) -> bool {
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

fn cost_rate(
    c: &RawCostRate,
    facility: &Facility,
    published_cap: bool,
    widened: bool,
) -> FrameBound {
    let slack = slack_of(&c.rounding);
    let raised = c
        .raised_rate
        .as_ref()
        .filter(|r| may_raise(r, facility, widened))
        .map(|r| rate_f(&raw_rate(&r.rate)));
    let row = |rate: Option<&RawRate>,
               cost_cap: &Option<RawLimit>,
               per_unit: Option<&RawPerUnit>,
               subsidy_cap: &Option<RawLimit>|
     -> (f64, Option<f64>) {
        let r = rate
            .map(|r| rate_f(&raw_rate(r)))
            .unwrap_or(0.0)
            .max(raised.unwrap_or(0.0));
        let cost = match per_unit_cap(per_unit, facility) {
            None => limit(cost_cap),
            Some(None) => None,
            Some(Some(pu)) => min_known(limit(cost_cap), Some(pu)),
        };
        let by_cost = if published_cap {
            None
        } else {
            cost.map(|c| c * r + slack)
        };
        (r, min_known(limit(subsidy_cap), by_cost))
    };
    let rows: Vec<(f64, Option<f64>)> = if c.tiers.is_empty() {
        vec![row(
            c.rate.as_ref(),
            &c.cost_cap,
            c.cost_cap_per_unit.as_ref(),
            &c.subsidy_cap,
        )]
    } else {
        c.tiers
            .iter()
            .filter(|t| !t.unknown)
            .map(|t| {
                row(
                    t.rate.as_ref().or(c.rate.as_ref()),
                    &t.cost_cap.or(c.cost_cap),
                    t.cost_cap_per_unit
                        .as_ref()
                        .or(c.cost_cap_per_unit.as_ref()),
                    &t.subsidy_cap.or(c.subsidy_cap),
                )
            })
            .collect()
    };
    let rate = rows.iter().map(|r| r.0).fold(0.0, f64::max);
    let max = rows
        .iter()
        .map(|r| r.1)
        .try_fold(0.0f64, |acc, m| m.map(|m| acc.max(m)));
    // Rounded down to a unit, then capped: a multiple of the unit when every cap is one.
    let unit = match c.rounding.direction {
        RoundingDirection::Down if c.rounding.unit > 1 => {
            let u = c.rounding.unit;
            let caps = c
                .subsidy_cap
                .iter()
                .chain(c.tiers.iter().filter_map(|t| t.subsidy_cap.as_ref()));
            if caps.into_iter().all(|l| cap_limit(l) % u == 0) {
                u
            } else {
                1
            }
        }
        _ => 1,
    };
    FrameBound::whole(Some(rate), max, slack).in_units(unit)
}

/// The limit a cap allows (`lt` stops one yen below it), as the calculation applies it.
fn cap_limit(l: &RawLimit) -> i64 {
    match l.op {
        crate::engine::vocab::Op::Lt => l.yen - 1,
        _ => l.yen,
    }
}

/// A tiered rate pays its primary categories and each capped category separately; a per-unit
/// hardware cap has no limit per application.
fn tiered(
    t: &crate::engine::catalog::raw::RawTieredRate,
    facility: &Facility,
    per_unit: bool,
    widened: bool,
) -> FrameBound {
    let slack = slack_of(&t.rounding);
    let mut rate = rate_f(&raw_rate(&t.lower_rate)).max(rate_f(&raw_rate(&t.upper_rate)));
    if let Some(rr) = &t.lower_raised_rate {
        if may_raise(rr, facility, widened) {
            rate = rate.max(rate_f(&raw_rate(&rr.rate)));
        }
    }
    let mut cap = t.subsidy_cap.yen as f64;
    if let Some(s) = t.subsidy_cap_single_function {
        cap = cap.max(s.yen as f64);
    }
    let mut parts = vec![Part {
        categories: t.categories.clone(),
        rate,
        max: Some(cap + slack),
        slack,
        requires: None,
    }];
    let mut max = Some(cap + slack);
    let mut total_slack = slack;
    for cc in &t.category_caps {
        let r = rate_f(&raw_rate(&cc.rate));
        let part_max = (!per_unit).then_some(cc.cap.yen as f64 + slack);
        rate = rate.max(r);
        max = max.zip(part_max).map(|(a, b)| a + b);
        total_slack += slack;
        parts.push(Part {
            categories: cc.categories.clone(),
            rate: r,
            max: part_max,
            slack,
            requires: cc.requires_primary.then_some(0),
        });
    }
    // Per-unit rounding that can go up has no bound per application.
    let rounds_up = per_unit && t.rounding.direction != RoundingDirection::Down;
    let overlap = parts.iter().enumerate().any(|(i, p)| {
        p.categories.is_empty()
            || parts[i + 1..]
                .iter()
                .any(|q| q.categories.iter().any(|c| p.categories.contains(c)))
    });
    if rounds_up {
        return FrameBound::whole(None, None, 0.0);
    }
    if overlap {
        // A line counted in two parts earns both rates.
        let sum: f64 = parts.iter().map(|p| p.rate).sum();
        return FrameBound::whole(Some(sum), max, total_slack);
    }
    FrameBound {
        rate: Some(rate),
        max,
        slack: total_slack,
        parts,
        unit: 1,
    }
}

fn reading(
    chosen: &BTreeMap<Interpretation, String>,
    relies: &[Interpretation],
    q: Interpretation,
) -> Option<&'static str> {
    if !relies.contains(&q) {
        return None;
    }
    let readings = q.readings();
    Some(
        chosen
            .get(&q)
            .and_then(|c| readings.iter().find(|r| **r == c.as_str()).copied())
            .unwrap_or(readings[0]),
    )
}

/// The bound over every term of the frame in force between `from` and `until`.
pub fn frame_bound(
    r: FrameRef,
    facility: &Facility,
    from: NaiveDate,
    until: NaiveDate,
    chosen: &BTreeMap<Interpretation, String>,
) -> FrameBound {
    let mut out: Option<FrameBound> = None;
    for term in r
        .frame
        .terms()
        .iter()
        .filter(|t| t.from.0 <= until && t.until.is_none_or(|u| u.0 >= from))
    {
        let relies = &term.interpretations;
        let widened = reading(chosen, relies, Interpretation::ShokiboIryohojin) == Some("other_20");
        let b = match &term.formula {
            Formula::CostRate(c) => {
                let published =
                    reading(chosen, relies, Interpretation::CapBasis) == Some("published_cap");
                let b = cost_rate(c, facility, published, widened);
                if reading(chosen, relies, Interpretation::SeisanseiFlat) == Some("flat") {
                    FrameBound::whole(None, b.max, b.slack)
                } else {
                    b
                }
            }
            Formula::TieredRate(t) => tiered(
                t,
                facility,
                reading(chosen, relies, Interpretation::HardwareCapScope) == Some("per_unit"),
                widened,
            ),
            Formula::LesserOfGoals(l) => {
                let mut rate = rate_f(&raw_rate(&l.rate));
                if let Some(rr) = l.raised_rate.as_ref() {
                    if may_raise(rr, facility, widened) {
                        rate = rate.max(rate_f(&raw_rate(&rr.rate)));
                    }
                }
                FrameBound::whole(
                    Some(rate),
                    Some(l.course_max.yen as f64),
                    slack_of(&l.rounding),
                )
            }
            Formula::Fixed(f) => FrameBound::whole(
                f.limited_to_spend.then_some(1.0 + 1e-12),
                Some(f.yen as f64),
                0.0,
            ),
            Formula::PerDay(p) => FrameBound::whole(None, Some(p.cap.yen as f64), 0.0),
            Formula::ClassRates(c) => FrameBound::whole(
                Some(rate_f(&raw_rate(&c.asset_rate)).max(rate_f(&raw_rate(&c.other_rate)))),
                per_unit_cap(Some(&c.cap_per_unit), facility)
                    .flatten()
                    .map(|m| m + slack_of(&c.rounding)),
                slack_of(&c.rounding),
            ),
            // A sum of parts follows the profile, not the spend: its largest value is its bound.
            Formula::SumOfParts(_) => FrameBound::whole(
                None,
                calc::max_subsidy(r.program, r.frame, term, facility, term.from.0.max(from))
                    .map(|m| m as f64),
                0.0,
            ),
            Formula::InKind(_) | Formula::Unknown(_) => {
                FrameBound::whole(Some(0.0), Some(0.0), 0.0)
            }
        };
        out = Some(match out {
            None => b,
            Some(a) => a.join(b),
        });
    }
    out.unwrap_or(FrameBound::whole(Some(0.0), Some(0.0), 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog;
    use crate::engine::vocab::{FacilityType, NumberField};

    #[test]
    fn karte_bound_is_its_cap_and_half_rate() {
        let c = catalog::embedded().unwrap();
        let p = c.program("denshi-karte-kyoyu").unwrap();
        let r = FrameRef {
            program: p,
            frame: p.frame("3bunsho-chusho").unwrap(),
        };
        let mut f = Facility::default();
        f.facility_type = Some(FacilityType::Hospital);
        f.set_number(NumberField::Beds, Some(150));
        let d = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let b = frame_bound(r, &f, d, d, &BTreeMap::new());
        assert!((b.rate.unwrap() - 0.5).abs() < 1e-9);
        // min(published cap 5,457,000, cost cap 10,913,000 × 1/2).
        assert!((b.max.unwrap() - 5_456_500.0).abs() < 1.0);
    }

    fn bound_of(program: &str, frame: &str, employees: Option<i64>) -> FrameBound {
        let c = catalog::embedded().unwrap();
        let p = c.program(program).unwrap();
        let r = FrameRef {
            program: p,
            frame: p.frame(frame).unwrap(),
        };
        let mut f = Facility::default();
        f.facility_type = Some(FacilityType::Hospital);
        f.set_number(NumberField::Beds, Some(150));
        f.set_number(NumberField::Employees, employees);
        let d = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        frame_bound(r, &f, d, d, &BTreeMap::new())
    }

    #[test]
    fn invoice_hardware_is_a_capped_share_beside_software() {
        let b = bound_of("it-donyu-2025", "invoice-taio", Some(180));
        let sw = b.part_of(ExpenseCategory::Software).unwrap();
        let hw = b.part_of(ExpenseCategory::HardwarePc).unwrap();
        assert_ne!(sw, hw);
        // 3/4: the 4/5 of small businesses (5 or fewer employees) can never apply to 180.
        assert!((b.parts[sw].rate - 0.75).abs() < 1e-9);
        assert!((b.parts[hw].rate - 0.5).abs() < 1e-9);
        assert_eq!(b.parts[hw].max, Some(100_000.0));
        assert_eq!(b.parts[hw].requires, Some(sw));
        assert_eq!(b.part_of(ExpenseCategory::Network), None);
        // Unknown headcount: the raised rate may apply.
        let b = bound_of("it-donyu-2025", "invoice-taio", None);
        let sw = b.part_of(ExpenseCategory::Software).unwrap();
        assert!((b.parts[sw].rate - 0.8).abs() < 1e-9);
    }

    #[test]
    fn units_follow_rounding_and_caps() {
        // ½ rounded down to ¥1,000 under a cap in thousands.
        assert_eq!(
            bound_of("iryo-setsubi-seibi", "enkaku-byori-shien", Some(180)).unit,
            1000
        );
        // Rounded to the yen.
        assert_eq!(bound_of("ict-kinmu-model", "model-2025", Some(180)).unit, 1);
        assert_eq!(bound_of("it-donyu-2025", "invoice-taio", Some(180)).unit, 1);
    }
}
