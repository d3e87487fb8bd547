//! The closed formula vocabulary (PRODUCT.md §3), one file per kind: each kind's file holds its
//! arithmetic (the amount and its breakdown steps), its description (the formula in words and its
//! figures) and its plan bound, side by side. This file matches the kind once per aspect and hands
//! over to the kind's file; what the kinds share lives in `eval` (arithmetic), `describe` (words
//! and figures) and `bound` (the plan's upper bound).
//!
//! Default order of the arithmetic (domain rules): Σ eligible cost → cost cap → × rate → round
//! once → clamp to the published cap → band minimum. Kinds that differ (tiered rates, lesser-of,
//! per-day, parts) keep the same habits: exact decimals, multiply before dividing, one rounding
//! where the rule says.

mod bound;
mod class_rates;
mod cost_rate;
mod describe;
mod eval;
mod fixed;
mod in_kind;
mod lesser_of_goals;
mod per_day;
mod sum_of_parts;
mod tiered_rate;
mod unknown;

use chrono::NaiveDate;

use crate::engine::catalog::raw::{MaxScope, RawCriterion, RawFrame, RawGoalCap};
use crate::engine::catalog::{Formula, Frame, Program, Term};
use crate::engine::facility::Facility;
use crate::engine::money::Rate;
use crate::engine::text::Text;

pub use bound::{BoundCtx, FrameBound, Part};
pub use describe::{FigureItem, MaxAmount};
pub use eval::{nothing_eligible, Applied, Env, Evaluated, Status, Warning};

/// Evaluates a formula: the amount with its breakdown.
pub fn evaluate(formula: &Formula, env: &Env) -> Evaluated {
    match formula {
        Formula::CostRate(c) => cost_rate::evaluate(c, env),
        Formula::TieredRate(t) => tiered_rate::evaluate(t, env),
        Formula::LesserOfGoals(l) => lesser_of_goals::evaluate(l, env),
        Formula::PerDay(p) => per_day::evaluate(p, env),
        Formula::Fixed(f) => fixed::evaluate(f, env),
        Formula::ClassRates(c) => class_rates::evaluate(c, env),
        Formula::SumOfParts(s) => sum_of_parts::evaluate(s, env),
        Formula::InKind(_) => in_kind::evaluate(env),
        Formula::Unknown(u) => unknown::evaluate(u, env),
    }
}

/// Whether the formula's amount is bounded by the eligible cost (no cost, no money): then an
/// application whose every line is ineligible receives 0 whatever else the profile says.
pub fn bounded_by_cost(f: &Formula) -> bool {
    match f {
        Formula::CostRate(_)
        | Formula::TieredRate(_)
        | Formula::LesserOfGoals(_)
        | Formula::ClassRates(_) => true,
        Formula::Fixed(x) => fixed::bounded_by_cost(x),
        Formula::PerDay(_) | Formula::SumOfParts(_) | Formula::InKind(_) | Formula::Unknown(_) => {
            false
        }
    }
}

/// Whether the formula can pay money at all (an unconfirmed rule or support in kind cannot).
pub fn pays_money(f: &Formula) -> bool {
    !matches!(f, Formula::Unknown(_) | Formula::InKind(_))
}

/// The conditions that pick the facility's tier of figures (a cost rate's tiers).
pub fn tier_conditions(f: &Formula) -> Vec<&RawCriterion> {
    match f {
        Formula::CostRate(c) => cost_rate::tier_conditions(c),
        _ => Vec::new(),
    }
}

/// The goals a formula pays for (the lesser of goals' 成果目標).
pub fn goals(f: &Formula) -> &[RawGoalCap] {
    match f {
        Formula::LesserOfGoals(l) => &l.goals,
        _ => &[],
    }
}

/// The largest subsidy the facility could receive from the frame's term, when the profile is
/// enough to compute it.
pub fn max_subsidy(
    program: &Program,
    frame: &Frame,
    term: &Term,
    facility: &Facility,
    as_of: NaiveDate,
) -> Option<i64> {
    let _ = program;
    evaluate(
        &term.formula,
        &Env::for_maximum(frame, term, facility, as_of),
    )
    .computed()
}

/// The formula of a term in words.
pub fn formula_text(f: &Formula) -> Text {
    match f {
        Formula::CostRate(c) => cost_rate::text(c),
        Formula::TieredRate(t) => tiered_rate::text(t),
        Formula::LesserOfGoals(l) => lesser_of_goals::text(l),
        Formula::PerDay(p) => per_day::text(p),
        Formula::Fixed(f) => fixed::text(f),
        Formula::ClassRates(c) => class_rates::text(c),
        Formula::SumOfParts(s) => sum_of_parts::text(s),
        Formula::InKind(_) => in_kind::text(),
        Formula::Unknown(u) => unknown::text(u),
    }
}

/// Every figure of a term, flattened.
pub fn figures(term: &Term) -> Vec<FigureItem> {
    let src = term.source.as_str();
    let conf = term.confidence;
    let der = term.derived;
    let mut out = Vec::new();
    match &term.formula {
        Formula::CostRate(c) => cost_rate::figures(&mut out, c, src, conf, der),
        Formula::TieredRate(t) => tiered_rate::figures(&mut out, t, src, conf, der),
        Formula::LesserOfGoals(l) => lesser_of_goals::figures(&mut out, l, src, conf, der),
        Formula::PerDay(p) => per_day::figures(&mut out, p, src, conf, der),
        Formula::Fixed(f) => fixed::figures(&mut out, f, src, conf, der),
        Formula::ClassRates(c) => class_rates::figures(&mut out, c, src, conf, der),
        Formula::SumOfParts(s) => sum_of_parts::figures(&mut out, s, src, conf, der),
        Formula::InKind(_) => {}
        Formula::Unknown(u) => unknown::figures(&mut out, u, src, conf, der),
    }
    out
}

/// The largest published amount of a formula (caps, fixed amounts, stated maxima), or the
/// computed maximum of a cost cap × rate when no cap is published.
pub fn max_amount(f: &Formula) -> Option<i64> {
    match f {
        Formula::CostRate(c) => cost_rate::max_amount(c),
        Formula::TieredRate(t) => tiered_rate::max_amount(t),
        Formula::LesserOfGoals(l) => lesser_of_goals::max_amount(l),
        Formula::PerDay(p) => per_day::max_amount(p),
        Formula::Fixed(x) => fixed::max_amount(x),
        Formula::ClassRates(_) | Formula::InKind(_) => None,
        Formula::SumOfParts(s) => sum_of_parts::max_amount(s),
        Formula::Unknown(u) => unknown::max_amount(u),
    }
}

/// The maximum of a frame under one term's formula, with what it is a maximum of.
pub fn frame_max(frame: &RawFrame, f: &Formula) -> Option<MaxAmount> {
    let per_unit = match f {
        Formula::SumOfParts(s) => sum_of_parts::per_unit_max(s),
        Formula::CostRate(c) => cost_rate::per_unit_max(c),
        Formula::ClassRates(c) => class_rates::per_unit_max(c),
        _ => None,
    };
    if let Some((yen, per)) = per_unit {
        return Some(MaxAmount::PerUnit { yen, per });
    }
    let m = max_amount(f)?;
    Some(match frame.max_scope {
        MaxScope::Facility => MaxAmount::Facility(m),
        MaxScope::Group => MaxAmount::Group(m),
    })
}

/// Every rate of a formula (for rate ranges).
pub fn rates(f: &Formula) -> Vec<Rate> {
    match f {
        Formula::CostRate(c) => cost_rate::rates(c),
        Formula::TieredRate(t) => tiered_rate::rates(t),
        Formula::LesserOfGoals(l) => lesser_of_goals::rates(l),
        Formula::ClassRates(c) => class_rates::rates(c),
        Formula::Unknown(u) => unknown::rates(u),
        Formula::SumOfParts(s) => sum_of_parts::rates(s),
        Formula::PerDay(_) | Formula::Fixed(_) | Formula::InKind(_) => Vec::new(),
    }
}

/// The formula kind's wire name.
pub fn kind_name(f: &Formula) -> &'static str {
    match f {
        Formula::CostRate(_) => "cost_rate",
        Formula::TieredRate(_) => "tiered_rate",
        Formula::LesserOfGoals(_) => "lesser_of_goals",
        Formula::PerDay(_) => "per_day",
        Formula::Fixed(_) => "fixed",
        Formula::ClassRates(_) => "class_rates",
        Formula::SumOfParts(_) => "sum_of_parts",
        Formula::InKind(_) => "in_kind",
        Formula::Unknown(_) => "unknown",
    }
}

/// An upper bound on what one term pays, for the planner.
pub fn bound(f: &Formula, ctx: &BoundCtx) -> FrameBound {
    match f {
        Formula::CostRate(c) => cost_rate::bound(c, ctx),
        Formula::TieredRate(t) => tiered_rate::bound(t, ctx),
        Formula::LesserOfGoals(l) => lesser_of_goals::bound(l, ctx),
        Formula::Fixed(x) => fixed::bound(x),
        Formula::PerDay(p) => per_day::bound(p),
        Formula::ClassRates(c) => class_rates::bound(c, ctx),
        Formula::SumOfParts(s) => sum_of_parts::bound(s, ctx),
        Formula::InKind(_) | Formula::Unknown(_) => FrameBound::nothing(),
    }
}
