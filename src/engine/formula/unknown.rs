//! unknown: the amount rule is not confirmed; known partial figures are kept for display only.

use super::describe::{limit_item, rate_item, FigureItem};
use super::eval::{rate_value, Env, Evaluated};
use crate::engine::calc::breakdown::y;
use crate::engine::catalog::raw::RawUnknownFormula;
use crate::engine::criteria::Tri;
use crate::engine::money::Rate;
use crate::engine::text::{yen, Text};
use crate::engine::vocab::Confidence;

// The amount and its breakdown.

/// No amount: the rule is unconfirmed; the stated maximum (the facility's when it is known) is
/// kept as the largest figure known.
pub(super) fn evaluate(u: &RawUnknownFormula, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    let mut max = u.max;
    for t in &u.max_tiers {
        let (verdict, _) = env.holds(&mut ev, &t.when);
        match verdict {
            Tri::Met => {
                max = Some(t.max);
                break;
            }
            // Until the facility is known, the general (largest) maximum is the honest bound.
            Tri::Unknown => break,
            Tri::NotMet => {}
        }
    }
    ev.known_max = max.map(|m| m.yen);
    let (mj, me) = match max {
        Some(m) => (
            format!(" (公表・報道上の上限 {}円)", y(m.yen)),
            format!(" (stated maximum ¥{})", y(m.yen)),
        ),
        None => (String::new(), String::new()),
    };
    ev.unknown_figure(|| {
        (
            format!("{}{mj}", u.reason.ja),
            format!("{}{me}", u.reason.en),
        )
    })
}

// The formula in words, its figures, its maxima and its rates.

/// An unconfirmed amount in words, with any stated maximum.
pub(super) fn text(u: &RawUnknownFormula) -> Text {
    let (mj, me) = match &u.max {
        Some(m) => (
            format!(" (最大 {}円とされる)", yen(m.yen)),
            format!(" (stated maximum ¥{})", yen(m.yen)),
        ),
        None => (String::new(), String::new()),
    };
    Text::new(
        format!("金額未確認: {}{mj}", u.reason.ja),
        format!("amount unconfirmed: {}{me}", u.reason.en),
    )
}

/// The figures kept with an unconfirmed amount: stated maxima and any rate.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    u: &RawUnknownFormula,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    if let Some(m) = &u.max {
        out.push(limit_item(
            "max",
            Text::new("上限 (未確認の規則)", "stated maximum (rule unconfirmed)"),
            m,
            src,
            conf,
            der,
        ));
    }
    for (i, t) in u.max_tiers.iter().enumerate() {
        out.push(limit_item(
            &format!("max_tiers.{i}"),
            Text::new(
                format!("上限: {}", t.label.ja),
                format!("stated maximum: {}", t.label.en),
            ),
            &t.max,
            src,
            conf,
            der,
        ));
    }
    if let Some(r) = &u.rate {
        out.push(rate_item(
            "rate",
            Text::new("補助率", "rate"),
            r,
            src,
            conf,
            der,
        ));
    }
}

/// The stated maximum.
pub(super) fn max_amount(u: &RawUnknownFormula) -> Option<i64> {
    u.max.map(|m| m.yen)
}

/// The rate, when one is known.
pub(super) fn rates(u: &RawUnknownFormula) -> Vec<Rate> {
    u.rate.as_ref().map(rate_value).into_iter().collect()
}
