//! class_rates (区分6): rates by expense class (asset-forming 9/10, other 10/10), clamped to a
//! per-unit 基準額.

use rust_decimal::Decimal;

use super::bound::{per_unit_cap, rate_f, slack_of, BoundCtx, FrameBound};
use super::describe::{rate_item, FigureItem};
use super::eval::{rate_value, round_step, Env, Evaluated};
use crate::engine::calc::breakdown::{d, y, Figure, Step, StepInput, StepKind};
use crate::engine::catalog::raw::RawClassRates;
use crate::engine::input_key::{ExpenseField, InputKey};
use crate::engine::money::{decimal_to_yen, Rate};
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, Interpretation, NumberField, Op};

// The amount and its breakdown.

/// The amount: each class of cost at its rate, up to the per-unit 基準額.
pub(super) fn evaluate(c: &RawClassRates, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    let prov = env.prov.clone();
    let capped_cost = env.reading(&mut ev, Interpretation::KikinKubun6Mix) == "capped_cost";
    let mut missing = Vec::new();
    for (i, l) in env.lines.iter().enumerate() {
        if l.asset_forming.is_none() {
            let _ = i;
            missing.push(InputKey::Expenses(ExpenseField::AssetForming));
        }
    }
    if !missing.is_empty() {
        missing.dedup();
        return ev.missing(&missing);
    }
    let Some(units) = env.facility.number(c.cap_per_unit.basis) else {
        return ev.missing(&[c.cap_per_unit.basis.into()]);
    };
    let base_amount = units.saturating_mul(c.cap_per_unit.yen);
    let (uj, ue) = c.cap_per_unit.basis.unit();
    ev.push(|| {
        Step::new(
            StepKind::PerUnit,
            base_amount,
            Text::new(
                format!(
                    "基準額: {} {units}{uj} × {}円 = {}円",
                    c.cap_per_unit.basis.label().ja,
                    y(c.cap_per_unit.yen),
                    y(base_amount)
                ),
                format!(
                    "base amount: {units} {} × ¥{} = ¥{}",
                    c.cap_per_unit.basis.unit_en(units),
                    y(c.cap_per_unit.yen),
                    y(base_amount)
                ),
            ),
        )
        .input(StepInput::count(c.cap_per_unit.basis.as_str(), units, ue))
        .figure(
            Figure::PerUnit {
                yen: c.cap_per_unit.yen,
            },
            &prov,
        )
    });
    // Q12 other reading: the cost is capped at the base amount first, shared between the
    // classes in proportion to their cost, then each share takes its rate.
    let total: i64 = env.lines.iter().map(|l| l.amount_yen).sum();
    let counted = if capped_cost {
        total.min(base_amount)
    } else {
        total
    };
    if capped_cost {
        ev.push(|| {
            Step::new(
                StepKind::CostCap,
                counted,
                Text::new(
                    format!(
                        "基準額で経費を上限: min({}円, {}円) = {}円",
                        y(total),
                        y(base_amount),
                        y(counted)
                    ),
                    format!(
                        "cost capped at the base amount: min(¥{}, ¥{}) = ¥{}",
                        y(total),
                        y(base_amount),
                        y(counted)
                    ),
                ),
            )
            .input(StepInput::yen("cost", total))
            .input(StepInput::yen("base_amount", base_amount))
        });
    }
    let mut raw = Decimal::ZERO;
    for (asset, r) in [(true, &c.asset_rate), (false, &c.other_rate)] {
        let class_cost: i64 = env
            .lines
            .iter()
            .filter(|l| l.asset_forming == Some(asset))
            .map(|l| l.amount_yen)
            .sum();
        if class_cost == 0 {
            continue;
        }
        let share = if total > 0 && counted < total {
            Decimal::from(class_cost) * Decimal::from(counted) / Decimal::from(total)
        } else {
            Decimal::from(class_cost)
        };
        let cost = decimal_to_yen(share.round_dp(0));
        let (rate, rprov) = env.rate_of(r);
        let part = rate.apply(share);
        raw += part;
        let (kj, ke) = if asset {
            ("資産形成経費", "asset-forming costs")
        } else {
            ("その他経費", "other costs")
        };
        ev.push(|| {
            Step::new(
                StepKind::Rate,
                decimal_to_yen(part),
                Text::new(
                    format!("{kj} {}円 × {} = {}円", y(cost), rate.text(), d(part)),
                    format!("{ke} ¥{} × {} = ¥{}", y(cost), rate.text(), d(part)),
                ),
            )
            .input(StepInput::yen("cost", cost))
            .figure(Figure::Rate { rate }, &rprov)
            .exact(part)
        });
    }
    let amount = round_step(&mut ev, raw, &c.rounding, &prov);
    let out = amount.min(base_amount);
    ev.push(|| {
        Step::new(
            StepKind::SubsidyCap,
            out,
            Text::new(
                format!(
                    "基準額で上限: min({}円, {}円) = {}円",
                    y(amount),
                    y(base_amount),
                    y(out)
                ),
                format!(
                    "capped at the base amount: min(¥{}, ¥{}) = ¥{}",
                    y(amount),
                    y(base_amount),
                    y(out)
                ),
            ),
        )
        .input(StepInput::yen("amount", amount))
        .figure(
            Figure::Limit {
                yen: base_amount,
                op: Op::Le,
            },
            &prov,
        )
    });
    ev.finish(out)
}

// The formula in words, its figures, its maxima and its rates.

/// Rates by expense class in words.
pub(super) fn text(c: &RawClassRates) -> Text {
    Text::new(
        format!(
            "資産形成経費 × {} + その他経費 × {}、上限 {} × {}円",
            rate_value(&c.asset_rate).text(),
            rate_value(&c.other_rate).text(),
            c.cap_per_unit.basis.label().ja,
            yen(c.cap_per_unit.yen)
        ),
        format!(
            "asset-forming costs × {} + other costs × {}, capped at {} × ¥{}",
            rate_value(&c.asset_rate).text(),
            rate_value(&c.other_rate).text(),
            c.cap_per_unit.basis.label().en,
            yen(c.cap_per_unit.yen)
        ),
    )
}

/// The figures of rates by expense class: the per-unit base and both rates.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    c: &RawClassRates,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(FigureItem {
        name: "cap_per_unit".into(),
        label: Text::new("基準額 (単位あたり)", "base amount per unit"),
        rate: None,
        yen: Some(c.cap_per_unit.yen),
        op: None,
        per: Some(c.cap_per_unit.basis),
        source: src.into(),
        confidence: conf,
        derived: der,
    });
    out.push(rate_item(
        "asset_rate",
        Text::new("資産形成経費の補助率", "asset-forming rate"),
        &c.asset_rate,
        src,
        conf,
        der,
    ));
    out.push(rate_item(
        "other_rate",
        Text::new("その他経費の補助率", "other costs rate"),
        &c.other_rate,
        src,
        conf,
        der,
    ));
}

/// The per-unit 基準額 is a maximum per unit.
pub(super) fn per_unit_max(c: &RawClassRates) -> Option<(i64, NumberField)> {
    Some((c.cap_per_unit.yen, c.cap_per_unit.basis))
}

/// Both class rates.
pub(super) fn rates(c: &RawClassRates) -> Vec<Rate> {
    vec![rate_value(&c.asset_rate), rate_value(&c.other_rate)]
}

// The plan's upper bound (in f64: a relaxation that only prunes the search, never below the
// amount).

/// The plan's bound: the higher class rate up to the per-unit 基準額 (no limit while the count is
/// unknown).
pub(super) fn bound(c: &RawClassRates, ctx: &BoundCtx) -> FrameBound {
    FrameBound::whole(
        Some(rate_f(&rate_value(&c.asset_rate)).max(rate_f(&rate_value(&c.other_rate)))),
        per_unit_cap(Some(&c.cap_per_unit), ctx.facility)
            .flatten()
            .map(|m| m + slack_of(&c.rounding)),
        slack_of(&c.rounding),
    )
}
