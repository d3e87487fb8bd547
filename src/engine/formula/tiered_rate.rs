//! tiered_rate (インボイス枠): a lower rate on the first band of subsidy, an upper rate above, plus
//! per-category hardware lines that need the primary software.

use rust_decimal::Decimal;

use super::bound::{may_raise, rate_f, slack_of, BoundCtx, FrameBound, Part};
use super::describe::{
    limit_en, limit_item, limit_ja, limit_text, push_limit, rate_item, FigureItem,
};
use super::eval::{cap_limit, rate_value, round_step, Env, Evaluated};
use crate::engine::calc::breakdown::{d, y, Figure, Step, StepInput, StepKind};
use crate::engine::catalog::raw::{
    RawCategoryCap, RawLimit, RawRounding, RawTieredRate, RoundingDirection,
};
use crate::engine::criteria::Line;
use crate::engine::facility::Facility;
use crate::engine::money::{decimal_to_yen, round, Rate};
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, Interpretation, NumberField, Op};

// The amount and its breakdown.

/// The amount: the software at the banded rates up to its cap, plus each hardware category at
/// its rate up to its cap.
pub(super) fn evaluate(t: &RawTieredRate, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    let prov = env.prov.clone();
    let primary: Vec<&Line> = env
        .lines
        .iter()
        .filter(|l| t.categories.contains(&l.category))
        .collect();
    let p_cost: i64 = primary.iter().map(|l| l.amount_yen).sum();
    ev.push(|| {
        Step::new(
            StepKind::Sum,
            p_cost,
            Text::new(
                format!("ソフトウェア等の補助対象経費 = {}円", y(p_cost)),
                format!("eligible software cost = ¥{}", y(p_cost)),
            ),
        )
        .input(StepInput::count("lines", primary.len() as i64, "lines"))
    });
    let mut total = 0i64;
    let mut hardware_counted = 0usize;
    if p_cost > 0 {
        let raw = band_step(&mut ev, env, t, p_cost);
        let mut amount = round_step(&mut ev, raw, &t.rounding, &prov);
        let functions = env.facility.number(NumberField::InvoiceFunctions);
        let cap = match (functions, t.subsidy_cap_single_function) {
            (Some(1), Some(single)) => single,
            (None, Some(single)) if amount > cap_limit(&single) => {
                return ev.missing(&[NumberField::InvoiceFunctions.into()]);
            }
            _ => t.subsidy_cap,
        };
        let before = amount;
        amount = amount.min(cap_limit(&cap));
        ev.push(|| {
            let (lj, le) = limit_text(&cap);
            Step::new(
                StepKind::SubsidyCap,
                amount,
                Text::new(
                    format!(
                        "補助上限 {lj}: min({}円, {}円) = {}円",
                        y(before),
                        y(cap.yen),
                        y(amount)
                    ),
                    format!(
                        "subsidy cap {le}: min(¥{}, ¥{}) = ¥{}",
                        y(before),
                        y(cap.yen),
                        y(amount)
                    ),
                ),
            )
            .input(StepInput::yen("amount", before))
            .figure(
                Figure::Limit {
                    yen: cap.yen,
                    op: cap.op,
                },
                &prov,
            )
        });
        total = amount;
    }
    let scope = if t.category_caps.is_empty() {
        "per_application"
    } else {
        env.reading(&mut ev, Interpretation::HardwareCapScope)
    };
    for cc in &t.category_caps {
        let lines: Vec<&Line> = env
            .lines
            .iter()
            .filter(|l| cc.categories.contains(&l.category))
            .collect();
        if lines.is_empty() {
            continue;
        }
        let cost: i64 = lines.iter().map(|l| l.amount_yen).sum();
        if cc.requires_primary && p_cost == 0 {
            ev.warn("hardware_requires_software", || {
                (
                    format!(
                        "{} はソフトウェアと同時の申請でのみ対象です ({}円 を対象外としました)",
                        cc.label.ja,
                        y(cost)
                    ),
                    format!(
                        "{} counts only alongside eligible software (¥{} not counted)",
                        cc.label.en,
                        y(cost)
                    ),
                )
            });
            continue;
        }
        let amount = category_cap_step(&mut ev, env, cc, &lines, cost, scope, &t.rounding);
        total += amount;
        hardware_counted += 1;
    }
    if p_cost == 0 {
        return ev.reject(|| {
            (
                "インボイス対応ソフトウェアの経費がありません (ハードウェアのみは対象外)".into(),
                "no eligible invoice software in the application (hardware alone is not eligible)"
                    .into(),
            )
        });
    }
    if hardware_counted > 0 {
        ev.push(|| {
            Step::new(
                StepKind::Sum,
                total,
                Text::new(
                    format!("補助額の合計 = {}円", y(total)),
                    format!("total subsidy = ¥{}", y(total)),
                ),
            )
        });
    }
    ev.finish(total)
}

/// The software band of a tiered rate: the lower rate up to the band, the upper rate above,
/// the band read on the cost or on the subsidy as the interpretation says.
fn band_step(ev: &mut Evaluated, env: &Env, t: &RawTieredRate, p_cost: i64) -> Decimal {
    let (lower, lower_prov, raised) =
        env.pick_rate(ev, &t.lower_rate, t.lower_raised_rate.as_ref());
    let (upper, _) = env.rate_of(&t.upper_rate);
    let band = Decimal::from(t.band_yen);
    let cost = Decimal::from(p_cost);
    let reading = env.reading(ev, Interpretation::InvoiceBand);
    let raw = if reading == "cost_band" {
        let lower_part = cost.min(band);
        lower.apply(lower_part) + upper.apply((cost - band).max(Decimal::ZERO))
    } else {
        // 「50万円以下の部分」 read as the subsidy: the lower rate runs up to the cost that earns band_yen.
        let threshold = lower.invert(band);
        if cost <= threshold {
            lower.apply(cost)
        } else {
            band + upper.apply(cost - threshold)
        }
    };
    let (rj, re) = match &raised {
        Some(l) => (format!(" ({})", l.ja), format!(" ({})", l.en)),
        None => (String::new(), String::new()),
    };
    ev.push(|| {
        Step::new(
            StepKind::TieredRate,
            decimal_to_yen(raw),
            if reading == "cost_band" {
                Text::new(
                    format!(
                        "経費のうち{}円以下の部分 × {}{rj}、超える部分 × {} = {}円",
                        y(t.band_yen),
                        lower.text(),
                        upper.text(),
                        d(raw)
                    ),
                    format!(
                        "cost up to ¥{} × {}{re}, the rest × {} = ¥{}",
                        y(t.band_yen),
                        lower.text(),
                        upper.text(),
                        d(raw)
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "補助額{}円以下の部分 × {}{rj}、超える部分 × {} = {}円",
                        y(t.band_yen),
                        lower.text(),
                        upper.text(),
                        d(raw)
                    ),
                    format!(
                        "subsidy up to ¥{} at {}{re}, above at {} = ¥{}",
                        y(t.band_yen),
                        lower.text(),
                        upper.text(),
                        d(raw)
                    ),
                )
            },
        )
        .input(StepInput::yen("cost", p_cost))
        .input(StepInput::yen("band", t.band_yen))
        .figure(Figure::Rate { rate: lower }, &lower_prov)
        .exact(raw)
    });
    raw
}

/// One hardware category of a tiered rate: its rate and cap, per unit or per application.
fn category_cap_step(
    ev: &mut Evaluated,
    env: &Env,
    cc: &RawCategoryCap,
    lines: &[&Line],
    cost: i64,
    scope: &str,
    rounding: &RawRounding,
) -> i64 {
    let cprov = env
        .prov
        .overridden(cc.source.as_deref(), cc.confidence, false);
    let (rate, _) = env.rate_of(&cc.rate);
    let cap = cap_limit(&cc.cap);
    let amount = if scope == "per_unit" {
        lines
            .iter()
            .map(|l| {
                let q = l.quantity.max(1);
                let per_unit = round(
                    rate.apply(Decimal::from(l.amount_yen)) / Decimal::from(q),
                    rounding.unit,
                    rounding.direction,
                );
                per_unit.min(cap).saturating_mul(q)
            })
            .sum::<i64>()
    } else {
        round(
            rate.apply(Decimal::from(cost)),
            rounding.unit,
            rounding.direction,
        )
        .min(cap)
    };
    ev.push(|| {
        let (lj, le) = limit_text(&cc.cap);
        Step::new(
            StepKind::PerCategoryCap,
            amount,
            if scope == "per_unit" {
                Text::new(
                    format!(
                        "{}: 1台あたり {}円 × {} (上限 {lj}) の合計 = {}円",
                        cc.label.ja,
                        y(cost),
                        rate.text(),
                        y(amount)
                    ),
                    format!(
                        "{}: per unit × {} capped {le}, summed = ¥{}",
                        cc.label.en,
                        rate.text(),
                        y(amount)
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "{}: min({}円 × {}, {}円) = {}円",
                        cc.label.ja,
                        y(cost),
                        rate.text(),
                        y(cap),
                        y(amount)
                    ),
                    format!(
                        "{}: min(¥{} × {}, ¥{}) = ¥{}",
                        cc.label.en,
                        y(cost),
                        rate.text(),
                        y(cap),
                        y(amount)
                    ),
                )
            },
        )
        .input(StepInput::yen("cost", cost))
        .figure(
            Figure::Limit {
                yen: cc.cap.yen,
                op: cc.cap.op,
            },
            &cprov,
        )
    });
    amount
}

// The formula in words, its figures, its maxima and its rates.

/// A tiered rate in words: the lower and upper bands and the category lines.
pub(super) fn text(t: &RawTieredRate) -> Text {
    let lower = rate_value(&t.lower_rate);
    let upper = rate_value(&t.upper_rate);
    let raised = t
        .lower_raised_rate
        .as_ref()
        .map(|r| {
            (
                format!(" ({}: {})", r.label.ja, rate_value(&r.rate).text()),
                format!(" ({}: {})", r.label.en, rate_value(&r.rate).text()),
            )
        })
        .unwrap_or_default();
    let mut ja = format!(
        "ソフトウェア: 補助額{}円以下の部分 × {}{}、超える部分 × {}、上限 {}",
        yen(t.band_yen),
        lower.text(),
        raised.0,
        upper.text(),
        limit_ja(&t.subsidy_cap)
    );
    let mut en = format!(
        "software: subsidy up to ¥{} at {}{}, above at {}, subsidy {}",
        yen(t.band_yen),
        lower.text(),
        raised.1,
        upper.text(),
        limit_en(&t.subsidy_cap)
    );
    if let Some(s) = &t.subsidy_cap_single_function {
        ja.push_str(&format!(" (1機能のみ {})", limit_ja(s)));
        en.push_str(&format!(" (one function only: {})", limit_en(s)));
    }
    for c in &t.category_caps {
        let r = rate_value(&c.rate);
        ja.push_str(&format!(
            "; {}: × {}、上限 {}",
            c.label.ja,
            r.text(),
            limit_ja(&c.cap)
        ));
        en.push_str(&format!(
            "; {}: × {}, {}",
            c.label.en,
            r.text(),
            limit_en(&c.cap)
        ));
    }
    Text::new(ja, en)
}

/// The figures of a tiered rate: both rates, the band, the caps and each category line.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    t: &RawTieredRate,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(rate_item(
        "lower_rate",
        Text::new("下位部分の補助率", "rate on the lower band"),
        &t.lower_rate,
        src,
        conf,
        der,
    ));
    if let Some(r) = &t.lower_raised_rate {
        out.push(rate_item(
            "lower_raised_rate",
            r.label.clone(),
            &r.rate,
            src,
            conf,
            der,
        ));
    }
    out.push(rate_item(
        "upper_rate",
        Text::new("上位部分の補助率", "rate above the band"),
        &t.upper_rate,
        src,
        conf,
        der,
    ));
    out.push(limit_item(
        "band",
        Text::new("下位部分の上限 (補助額)", "lower band (subsidy)"),
        &RawLimit {
            yen: t.band_yen,
            op: Op::Le,
        },
        src,
        conf,
        der,
    ));
    out.push(limit_item(
        "subsidy_cap",
        Text::new("補助上限", "subsidy cap"),
        &t.subsidy_cap,
        src,
        conf,
        der,
    ));
    push_limit(
        out,
        "subsidy_cap_single_function",
        Text::new("補助上限 (1機能のみ)", "subsidy cap (one function)"),
        &t.subsidy_cap_single_function,
        src,
        conf,
        der,
    );
    for c in &t.category_caps {
        let cs = c.source.as_deref().unwrap_or(src);
        let cc = c.confidence.unwrap_or(conf);
        out.push(rate_item(
            &format!("category_caps.{}.rate", c.id),
            Text::new(
                format!("{} 補助率", c.label.ja),
                format!("{} rate", c.label.en),
            ),
            &c.rate,
            cs,
            cc,
            der,
        ));
        out.push(limit_item(
            &format!("category_caps.{}.cap", c.id),
            Text::new(
                format!("{} 上限", c.label.ja),
                format!("{} cap", c.label.en),
            ),
            &c.cap,
            cs,
            cc,
            der,
        ));
    }
}

/// The software cap plus every category's cap.
pub(super) fn max_amount(t: &RawTieredRate) -> Option<i64> {
    Some(t.subsidy_cap.yen + t.category_caps.iter().map(|c| c.cap.yen).sum::<i64>())
}

/// Both band rates, the raised lower rate and every category's rate.
pub(super) fn rates(t: &RawTieredRate) -> Vec<Rate> {
    let mut out = vec![rate_value(&t.lower_rate), rate_value(&t.upper_rate)];
    out.extend(t.lower_raised_rate.as_ref().map(|r| rate_value(&r.rate)));
    out.extend(t.category_caps.iter().map(|c| rate_value(&c.rate)));
    out
}

// The plan's upper bound (in f64: a relaxation that only prunes the search, never below the
// amount).

/// A tiered rate pays its primary categories and each capped category separately; a per-unit
/// hardware cap has no limit per application.
pub(super) fn bound(t: &RawTieredRate, ctx: &BoundCtx) -> FrameBound {
    let per_unit = ctx.reading(Interpretation::HardwareCapScope) == Some("per_unit");
    bound_of(t, ctx.facility, per_unit, ctx.widened())
}

fn bound_of(t: &RawTieredRate, facility: &Facility, per_unit: bool, widened: bool) -> FrameBound {
    let slack = slack_of(&t.rounding);
    let mut rate = rate_f(&rate_value(&t.lower_rate)).max(rate_f(&rate_value(&t.upper_rate)));
    if let Some(rr) = &t.lower_raised_rate {
        if may_raise(rr, facility, widened) {
            rate = rate.max(rate_f(&rate_value(&rr.rate)));
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
        let r = rate_f(&rate_value(&cc.rate));
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
