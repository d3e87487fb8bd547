//! fixed: a fixed amount, or the lesser of it and the spend.

use super::bound::FrameBound;
use super::describe::{limit_item, FigureItem};
use super::eval::{sum_lines, Env, Evaluated};
use crate::engine::calc::breakdown::{y, Figure, Step, StepInput, StepKind};
use crate::engine::catalog::raw::{RawFixed, RawLimit};
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, Op};

// The amount and its breakdown.

/// The amount: the fixed amount, or the lesser of it and the spend.
pub(super) fn evaluate(f: &RawFixed, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    ev.push(|| {
        Step::new(
            StepKind::Fixed,
            f.yen,
            Text::new(
                format!("定額 {}円", y(f.yen)),
                format!("fixed amount ¥{}", y(f.yen)),
            ),
        )
        .figure(
            Figure::Limit {
                yen: f.yen,
                op: Op::Le,
            },
            &env.prov,
        )
    });
    if f.limited_to_spend {
        let spend = sum_lines(env.lines);
        let out = spend.min(f.yen);
        ev.push(|| {
            Step::new(
                StepKind::LesserOf,
                out,
                Text::new(
                    format!(
                        "定額と実支出の少ない方: min({}円, {}円) = {}円",
                        y(f.yen),
                        y(spend),
                        y(out)
                    ),
                    format!(
                        "lesser of the fixed amount and spend: min(¥{}, ¥{}) = ¥{}",
                        y(f.yen),
                        y(spend),
                        y(out)
                    ),
                ),
            )
            .input(StepInput::yen("fixed", f.yen))
            .input(StepInput::yen("spend", spend))
        });
        return ev.finish(out);
    }
    ev.finish(f.yen)
}

/// Only the lesser of the amount and the spend follows the cost.
pub(super) fn bounded_by_cost(f: &RawFixed) -> bool {
    f.limited_to_spend
}

// The formula in words, its figures, its maxima and its rates.

/// A fixed amount in words, or the lesser of it and the spend.
pub(super) fn text(f: &RawFixed) -> Text {
    if f.limited_to_spend {
        Text::new(
            format!("min({}円, 実支出額)", yen(f.yen)),
            format!("min(¥{}, spend)", yen(f.yen)),
        )
    } else {
        Text::new(
            format!("定額 {}円", yen(f.yen)),
            format!("fixed ¥{}", yen(f.yen)),
        )
    }
}

/// The figure of a fixed amount.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    f: &RawFixed,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(limit_item(
        "fixed",
        Text::new("定額", "fixed amount"),
        &RawLimit {
            yen: f.yen,
            op: Op::Le,
        },
        src,
        conf,
        der,
    ));
}

/// The fixed amount.
pub(super) fn max_amount(f: &RawFixed) -> Option<i64> {
    Some(f.yen)
}

// The plan's upper bound (in f64: a relaxation that only prunes the search, never below the
// amount).

/// The plan's bound: the amount, and yen for yen of the spend when limited to it.
pub(super) fn bound(f: &RawFixed) -> FrameBound {
    FrameBound::whole(
        f.limited_to_spend.then_some(1.0 + 1e-12),
        Some(f.yen as f64),
        0.0,
    )
}
