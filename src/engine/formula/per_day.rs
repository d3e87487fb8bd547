//! per_day: an amount per day of an incident (days closed), with a cap.

use super::bound::FrameBound;
use super::describe::{limit_en, limit_item, limit_ja, limit_text, FigureItem};
use super::eval::{cap_limit, Env, Evaluated};
use crate::engine::calc::breakdown::{y, Figure, Step, StepInput, StepKind};
use crate::engine::catalog::raw::RawPerDay;
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, NumberField};

// The amount and its breakdown.

/// The amount: days closed × the daily amount, up to the cap.
pub(super) fn evaluate(p: &RawPerDay, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    let Some(days) = env.facility.number(NumberField::DaysClosed) else {
        return ev.missing(&[NumberField::DaysClosed.into()]);
    };
    let raw = days.saturating_mul(p.yen_per_day);
    ev.push(|| {
        Step::new(
            StepKind::PerUnit,
            raw,
            Text::new(
                format!("休業日数 {days}日 × {}円 = {}円", y(p.yen_per_day), y(raw)),
                format!(
                    "{days} {} closed × ¥{} = ¥{}",
                    NumberField::DaysClosed.unit_en(days),
                    y(p.yen_per_day),
                    y(raw)
                ),
            ),
        )
        .input(StepInput::count("days_closed", days, "days"))
        .figure(Figure::PerUnit { yen: p.yen_per_day }, &env.prov)
    });
    let cap = cap_limit(&p.cap);
    let out = raw.min(cap);
    ev.push(|| {
        let (lj, le) = limit_text(&p.cap);
        Step::new(
            StepKind::SubsidyCap,
            out,
            Text::new(
                format!("上限 {lj}: min({}円, {}円) = {}円", y(raw), y(cap), y(out)),
                format!("cap {le}: min(¥{}, ¥{}) = ¥{}", y(raw), y(cap), y(out)),
            ),
        )
        .input(StepInput::yen("amount", raw))
        .figure(
            Figure::Limit {
                yen: p.cap.yen,
                op: p.cap.op,
            },
            &env.prov,
        )
    });
    ev.finish(out)
}

// The formula in words, its figures, its maxima and its rates.

/// An amount per day closed, in words.
pub(super) fn text(p: &RawPerDay) -> Text {
    Text::new(
        format!(
            "休業日数 × {}円、上限 {}",
            yen(p.yen_per_day),
            limit_ja(&p.cap)
        ),
        format!(
            "days closed × ¥{}, {}",
            yen(p.yen_per_day),
            limit_en(&p.cap)
        ),
    )
}

/// The figures of an amount per day: the daily amount and its cap.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    p: &RawPerDay,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(FigureItem {
        name: "yen_per_day".into(),
        label: Text::new("1日あたり", "per day"),
        rate: None,
        yen: Some(p.yen_per_day),
        op: None,
        per: Some(NumberField::DaysClosed),
        source: src.into(),
        confidence: conf,
        derived: der,
    });
    out.push(limit_item(
        "cap",
        Text::new("上限", "cap"),
        &p.cap,
        src,
        conf,
        der,
    ));
}

/// The cap.
pub(super) fn max_amount(p: &RawPerDay) -> Option<i64> {
    Some(p.cap.yen)
}

// The plan's upper bound (in f64: a relaxation that only prunes the search, never below the
// amount).

/// The plan's bound: the cap, whatever the spend.
pub(super) fn bound(p: &RawPerDay) -> FrameBound {
    FrameBound::whole(None, Some(p.cap.yen as f64), 0.0)
}
