//! Upper bounds on what a frame can pay, read from its formulas: the highest rate any line can earn
//! and the most the frame can pay in total. They only prune the search (an optimistic bound never
//! loses the optimum); every amount the plan reports comes from the engine's calculation.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::FrameRef;
use crate::engine::calc;
use crate::engine::catalog::raw::{
    RawCostRate, RawLimit, RawPerUnit, RawRate, RawRounding, RoundingDirection,
};
use crate::engine::catalog::Formula;
use crate::engine::facility::Facility;
use crate::engine::money::Rate;
use crate::engine::vocab::Interpretation;

/// `value(lines) ≤ min(max, rate × cost(lines) + slack)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameBound {
    /// Highest subsidy per yen of cost; `None` when the amount does not follow the spend
    /// (fixed amounts, per-day, sums of parts): then only `max` bounds it.
    pub rate: Option<f64>,
    /// Most the frame can pay; `None` = no known limit.
    pub max: Option<f64>,
    /// Rounding that can go up adds up to one unit.
    pub slack: f64,
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

fn cost_rate(c: &RawCostRate, facility: &Facility, published_cap: bool) -> FrameBound {
    let slack = slack_of(&c.rounding);
    let raised = c.raised_rate.as_ref().map(|r| rate_f(&raw_rate(&r.rate)));
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
    FrameBound {
        rate: Some(rate),
        max,
        slack,
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
        let b = match &term.formula {
            Formula::CostRate(c) => {
                let published =
                    reading(chosen, relies, Interpretation::CapBasis) == Some("published_cap");
                let mut b = cost_rate(c, facility, published);
                if reading(chosen, relies, Interpretation::SeisanseiFlat) == Some("flat") {
                    b.rate = None;
                }
                b
            }
            Formula::TieredRate(t) => {
                let mut rate =
                    rate_f(&raw_rate(&t.lower_rate)).max(rate_f(&raw_rate(&t.upper_rate)));
                if let Some(rr) = &t.lower_raised_rate {
                    rate = rate.max(rate_f(&raw_rate(&rr.rate)));
                }
                let mut max = t.subsidy_cap.yen as f64;
                if let Some(s) = t.subsidy_cap_single_function {
                    max = max.max(s.yen as f64);
                }
                let mut slack = slack_of(&t.rounding);
                for cc in &t.category_caps {
                    rate = rate.max(rate_f(&raw_rate(&cc.rate)));
                    max += cc.cap.yen as f64;
                    slack += slack_of(&t.rounding);
                }
                FrameBound {
                    rate: Some(rate),
                    max: Some(max + slack),
                    slack,
                }
            }
            Formula::LesserOfGoals(l) => {
                let mut rate = rate_f(&raw_rate(&l.rate));
                if let Some(rr) = &l.raised_rate {
                    rate = rate.max(rate_f(&raw_rate(&rr.rate)));
                }
                FrameBound {
                    rate: Some(rate),
                    max: Some(l.course_max.yen as f64),
                    slack: slack_of(&l.rounding),
                }
            }
            Formula::Fixed(f) => FrameBound {
                rate: f.limited_to_spend.then_some(1.0 + 1e-12),
                max: Some(f.yen as f64),
                slack: 0.0,
            },
            Formula::PerDay(p) => FrameBound {
                rate: None,
                max: Some(p.cap.yen as f64),
                slack: 0.0,
            },
            Formula::ClassRates(c) => FrameBound {
                rate: Some(rate_f(&raw_rate(&c.asset_rate)).max(rate_f(&raw_rate(&c.other_rate)))),
                max: per_unit_cap(Some(&c.cap_per_unit), facility)
                    .flatten()
                    .map(|m| m + slack_of(&c.rounding)),
                slack: slack_of(&c.rounding),
            },
            // A sum of parts follows the profile, not the spend: its largest value is its bound.
            Formula::SumOfParts(_) => FrameBound {
                rate: None,
                max: calc::max_subsidy(r.program, r.frame, term, facility, term.from.0.max(from))
                    .map(|m| m as f64),
                slack: 0.0,
            },
            Formula::InKind(_) | Formula::Unknown(_) => FrameBound {
                rate: Some(0.0),
                max: Some(0.0),
                slack: 0.0,
            },
        };
        out = Some(match out {
            None => b,
            Some(a) => FrameBound {
                rate: match (a.rate, b.rate) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    _ => None,
                },
                max: max_opt(a.max, b.max),
                slack: a.slack.max(b.slack),
            },
        });
    }
    out.unwrap_or(FrameBound {
        rate: Some(0.0),
        max: Some(0.0),
        slack: 0.0,
    })
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
}
