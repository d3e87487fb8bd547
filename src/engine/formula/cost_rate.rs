//! cost_rate: rate × min(eligible cost, cost cap), rounded once, clamped to the published cap, with
//! a band minimum; figures may depend on the facility (tiers).

use rust_decimal::Decimal;

use super::bound::{
    limit, may_raise, min_known, per_unit_cap, rate_f, slack_of, BoundCtx, FrameBound,
};
use super::describe::{
    limit_en, limit_ja, limit_text, push_limit, rate_item, rounding_text, FigureItem,
};
use super::eval::{cap_limit, rate_step, rate_value, round_step, sum_lines, Env, Evaluated};
use crate::engine::calc::breakdown::{y, Figure, Prov, Step, StepInput, StepKind};
use crate::engine::catalog::raw::{
    RawCostRate, RawCriterion, RawLimit, RawPerUnit, RawRate, RawRounding, RawTier,
    RoundingDirection,
};
use crate::engine::criteria::Tri;
use crate::engine::facility::Facility;
use crate::engine::input_key::InputKey;
use crate::engine::money::{round, Rate};
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, Interpretation, NumberField, Op};

// The amount and its breakdown.

/// The amount: Σ eligible cost → cost cap → × rate → round once → published cap → band minimum,
/// with the figures of the facility's tier when the formula has tiers.
pub(super) fn evaluate(c: &RawCostRate, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    let mut fig = Figures {
        cost_cap: c.cost_cap,
        cost_cap_per_unit: c.cost_cap_per_unit.as_ref(),
        rate: c.rate.as_ref(),
        subsidy_cap: c.subsidy_cap,
        subsidy_min: c.subsidy_min,
        prov: env.prov.clone(),
    };
    let mut tier_label = None;
    if !c.tiers.is_empty() {
        match select_tier(&c.tiers, env, &mut ev) {
            Err(missing) => return ev.missing(&missing),
            Ok(None) => {
                return ev.unknown_figure(|| {
                    (
                        "この施設に当てはまる区分の数値がカタログにありません".into(),
                        "the catalog has no figures for this facility's tier".into(),
                    )
                })
            }
            Ok(Some(t)) => {
                if t.unknown {
                    return ev.unknown_figure(|| {
                        (
                            format!("{} の数値は未確認です", t.label.ja),
                            format!("the figures of {} are not confirmed", t.label.en),
                        )
                    });
                }
                fig.cost_cap = t.cost_cap.or(fig.cost_cap);
                fig.cost_cap_per_unit = t.cost_cap_per_unit.as_ref().or(fig.cost_cap_per_unit);
                fig.rate = t.rate.as_ref().or(fig.rate);
                fig.subsidy_cap = t.subsidy_cap.or(fig.subsidy_cap);
                fig.subsidy_min = t.subsidy_min.or(fig.subsidy_min);
                fig.prov = fig
                    .prov
                    .overridden(t.source.as_deref(), t.confidence, t.derived);
                tier_label = Some(t.label.clone());
            }
        }
    }
    let Some(base_rate) = fig.rate else {
        return ev.unknown_figure(|| {
            (
                "補助率が未確認です".into(),
                "the rate is not confirmed".into(),
            )
        });
    };
    let prov = fig.prov.clone();

    // 1. Σ eligible cost.
    let eligible = sum_lines(env.lines);
    let (tj, te) = match &tier_label {
        Some(t) => (format!(" ({})", t.ja), format!(" ({})", t.en)),
        None => (String::new(), String::new()),
    };
    ev.push(|| {
        Step::new(
            StepKind::Sum,
            eligible,
            Text::new(
                format!("補助対象経費の合計{tj} = {}円", y(eligible)),
                format!("eligible cost{te} = ¥{}", y(eligible)),
            ),
        )
        .input(StepInput::count("lines", env.lines.len() as i64, "lines"))
    });

    // Cost band (事業費 30万円未満は対象外).
    if let Some(min) = c.cost_min {
        if let Some(reject) = check_minimum(
            &mut ev,
            ("事業費", "cost"),
            "eligible_cost",
            eligible,
            &min,
            &prov,
        ) {
            return reject;
        }
    }

    // 2. Cost cap: fixed 事業額上限 and/or per-unit 基準額.
    let mut cap = fig.cost_cap.map(|l| cap_limit(&l));
    if let Some(pu) = fig.cost_cap_per_unit {
        let Some(units) = env.facility.number(pu.basis) else {
            return ev.missing(&[pu.basis.into()]);
        };
        let amount = units.saturating_mul(pu.yen);
        let (uj, ue) = pu.basis.unit();
        ev.push(|| {
            Step::new(
                StepKind::PerUnit,
                amount,
                Text::new(
                    format!(
                        "{} {units}{uj} × {}円 = {}円",
                        pu.basis.label().ja,
                        y(pu.yen),
                        y(amount)
                    ),
                    format!(
                        "{units} {} ({}) × ¥{} = ¥{}",
                        pu.basis.unit_en(units),
                        pu.basis.label().en,
                        y(pu.yen),
                        y(amount)
                    ),
                ),
            )
            .input(StepInput::count(pu.basis.as_str(), units, ue))
            .figure(Figure::PerUnit { yen: pu.yen }, &prov)
        });
        cap = Some(cap.map_or(amount, |c| c.min(amount)));
    }

    let published_cap_reading = fig.cost_cap.is_some()
        && fig.subsidy_cap.is_some()
        && env.relies_on(Interpretation::CapBasis)
        && env.reading(&mut ev, Interpretation::CapBasis) == "published_cap";
    let flat = env.relies_on(Interpretation::SeisanseiFlat)
        && env.reading(&mut ev, Interpretation::SeisanseiFlat) == "flat";

    let mut base = eligible;
    if let Some(cap) = cap {
        base = cost_cap_step(
            &mut ev,
            fig.cost_cap,
            cap,
            eligible,
            flat,
            published_cap_reading,
            &prov,
        );
    }

    // 3. Rate.
    let (rate, rate_prov, raised) = env.pick_rate(&mut ev, base_rate, c.raised_rate.as_ref());
    let raw = rate_step(&mut ev, "base", base, rate, raised.as_ref(), &rate_prov);

    // 4. Round once.
    let rounding = c.rounding;
    let mut amount = round_step(&mut ev, raw, &rounding, &prov);

    // 5. Published cap.
    if let Some(sc) = fig.subsidy_cap {
        let limit = cap_limit(&sc);
        let before = amount;
        if sc.op == Op::Lt
            && amount >= sc.yen
            && env.relies_on(Interpretation::TsujoBandUpper)
            && env.reading(&mut ev, Interpretation::TsujoBandUpper) == "reject"
        {
            let (lj, le) = limit_text(&sc);
            return ev.reject(|| {
                (
                    format!(
                        "補助額 {}円 が上限 ({lj}) を超えます。上位の枠を検討してください",
                        y(amount)
                    ),
                    format!(
                        "the subsidy ¥{} is not {le}; consider the higher frame",
                        y(amount)
                    ),
                )
            });
        }
        amount = amount.min(limit);
        subsidy_cap_step(&mut ev, sc, before, limit, amount, &prov);
        if before > limit && sc.op == Op::Lt && env.relies_on(Interpretation::TsujoBandUpper) {
            ev.warn("band_upper_clamped", || (format!("補助額は{}円未満の枠のため{}円に抑えました。4プロセス以上なら上位の枠を検討してください", y(sc.yen), y(limit)), format!("this band is below ¥{}, so the subsidy was held at ¥{}; with four or more processes consider the higher frame", y(sc.yen), y(limit))));
        }
        if fig.cost_cap.is_some() && !published_cap_reading {
            // Q7: show the computed maximum next to the published cap when they differ.
            if let Some(cc) = fig.cost_cap {
                warn_published_cap_differs(&mut ev, env, cc, sc, rate, &rounding);
            }
        }
    }

    // 6. Band minimum.
    if let Some(min) = fig.subsidy_min {
        if let Some(reject) = check_minimum(
            &mut ev,
            ("補助額", "subsidy"),
            "amount",
            amount,
            &min,
            &prov,
        ) {
            return reject;
        }
    }
    ev.finish(amount)
}

/// The figures in force: the formula's, or its tier's where the tier sets them.
struct Figures<'a> {
    cost_cap: Option<RawLimit>,
    cost_cap_per_unit: Option<&'a RawPerUnit>,
    rate: Option<&'a RawRate>,
    subsidy_cap: Option<RawLimit>,
    subsidy_min: Option<RawLimit>,
    prov: Prov,
}

/// The first tier whose conditions hold; `Err` with the inputs that would decide it.
fn select_tier<'a>(
    tiers: &'a [RawTier],
    env: &Env,
    ev: &mut Evaluated,
) -> Result<Option<&'a RawTier>, Vec<InputKey>> {
    let mut missing = Vec::new();
    for t in tiers {
        let (verdict, m) = env.holds(ev, &t.when);
        match verdict {
            Tri::Met if missing.is_empty() => return Ok(Some(t)),
            Tri::Met => return Err(missing),
            Tri::Unknown => missing.extend(m),
            Tri::NotMet => {}
        }
    }
    if missing.is_empty() {
        Ok(None)
    } else {
        Err(missing)
    }
}

/// A band minimum (事業費 or 補助額): records the step, and answers the rejection when `value`
/// falls short.
fn check_minimum(
    ev: &mut Evaluated,
    (what_ja, what_en): (&str, &str),
    input: &str,
    value: i64,
    min: &RawLimit,
    prov: &Prov,
) -> Option<Evaluated> {
    let ok = min.op.holds(value, min.yen);
    ev.push(|| {
        let (lj, le) = limit_text(min);
        Step::new(
            StepKind::Minimum,
            if ok { value } else { 0 },
            Text::new(
                format!(
                    "{what_ja}の下限 {lj}: {}円 → {}",
                    y(value),
                    if ok { "対象" } else { "対象外" }
                ),
                format!(
                    "minimum {what_en} {le}: ¥{} → {}",
                    y(value),
                    if ok { "eligible" } else { "not eligible" }
                ),
            ),
        )
        .input(StepInput::yen(input, value))
        .figure(
            Figure::Limit {
                yen: min.yen,
                op: min.op,
            },
            prov,
        )
    });
    if ok {
        return None;
    }
    Some(std::mem::replace(ev, Evaluated::new()).reject(|| {
        let (lj, le) = limit_text(min);
        (
            format!("{what_ja} {}円 が下限 ({lj}) を満たしません", y(value)),
            format!("the {what_en} ¥{} is below the minimum ({le})", y(value)),
        )
    }))
}

/// Step 2 of a cost rate: the cost capped (or, read flat, the base amount paid whatever the
/// spend); under the published-cap reading the cost stays as it is.
fn cost_cap_step(
    ev: &mut Evaluated,
    cost_cap: Option<RawLimit>,
    cap: i64,
    eligible: i64,
    flat: bool,
    published_cap_reading: bool,
    prov: &Prov,
) -> i64 {
    let mut base = eligible;
    if flat {
        base = cap;
        ev.push(|| {
            Step::new(
                StepKind::CostCap,
                base,
                Text::new(
                    format!("定額給付の解釈: 基準額 {}円 を支給額の基礎とする", y(cap)),
                    format!(
                        "flat reading: the base amount ¥{} is paid regardless of spend",
                        y(cap)
                    ),
                ),
            )
            .input(StepInput::yen("base_amount", cap))
        });
    } else if !published_cap_reading {
        base = eligible.min(cap);
        let fig_limit = cost_cap
            .map(|l| Figure::Limit {
                yen: l.yen,
                op: l.op,
            })
            .unwrap_or(Figure::Limit {
                yen: cap,
                op: Op::Le,
            });
        ev.push(|| {
            Step::new(
                StepKind::CostCap,
                base,
                Text::new(
                    format!(
                        "事業額上限 (基準額) {}円: min({}円, {}円) = {}円",
                        y(cap),
                        y(eligible),
                        y(cap),
                        y(base)
                    ),
                    format!(
                        "cost cap ¥{}: min(¥{}, ¥{}) = ¥{}",
                        y(cap),
                        y(eligible),
                        y(cap),
                        y(base)
                    ),
                ),
            )
            .input(StepInput::yen("eligible_cost", eligible))
            .input(StepInput::yen("cost_cap", cap))
            .figure(fig_limit, prov)
        });
        if eligible > cap {
            ev.warn("cost_above_cap", || {
                (
                    format!("経費のうち {}円 を超える部分は補助額に影響しません", y(cap)),
                    format!("costs above ¥{} earn nothing more", y(cap)),
                )
            });
        }
    }
    base
}

/// Step 5 of a cost rate: the amount held at the published cap.
fn subsidy_cap_step(
    ev: &mut Evaluated,
    sc: RawLimit,
    before: i64,
    limit: i64,
    amount: i64,
    prov: &Prov,
) {
    ev.push(|| {
        let (lj, le) = limit_text(&sc);
        Step::new(
            StepKind::SubsidyCap,
            amount,
            Text::new(
                format!(
                    "補助上限 {lj}: min({}円, {}円) = {}円",
                    y(before),
                    y(limit),
                    y(amount)
                ),
                format!(
                    "subsidy cap {le}: min(¥{}, ¥{}) = ¥{}",
                    y(before),
                    y(limit),
                    y(amount)
                ),
            ),
        )
        .input(StepInput::yen("amount", before))
        .figure(
            Figure::Limit {
                yen: sc.yen,
                op: sc.op,
            },
            prov,
        )
    });
}

/// Q7: warns when the cost cap × rate, rounded, is not the published cap.
fn warn_published_cap_differs(
    ev: &mut Evaluated,
    env: &Env,
    cc: RawLimit,
    sc: RawLimit,
    rate: Rate,
    rounding: &RawRounding,
) {
    let computed_max = cost_times_rate(cap_limit(&cc), rate, rounding);
    if computed_max != sc.yen && env.relies_on(Interpretation::CapBasis) {
        env.reading(ev, Interpretation::CapBasis);
        ev.warn("published_cap_differs", || {
            (
                format!(
                    "事業額上限×補助率の最大 {}円 と公表上限 {}円 が異なります (Q7)",
                    y(computed_max),
                    y(sc.yen)
                ),
                format!(
                    "the computed maximum ¥{} differs from the published cap ¥{} (Q7)",
                    y(computed_max),
                    y(sc.yen)
                ),
            )
        });
    }
}

/// The cost-rate rule without its breakdown: cost × rate, rounded once. `evaluate` records the
/// same two operations as steps (`rate_step`, `round_step`).
fn cost_times_rate(cost: i64, rate: Rate, rounding: &RawRounding) -> i64 {
    round(
        rate.apply(Decimal::from(cost)),
        rounding.unit,
        rounding.direction,
    )
}

/// The conditions that pick a tier.
pub(super) fn tier_conditions(c: &RawCostRate) -> Vec<&RawCriterion> {
    c.tiers.iter().flat_map(|t| t.when.iter()).collect()
}

// The formula in words, its figures, its maxima and its rates.

/// A cost rate in words: the capped cost times the rate, rounding, limits and tiers.
pub(super) fn text(c: &RawCostRate) -> Text {
    let mut ja;
    let mut en;
    let cost_ja = match (&c.cost_cap, &c.cost_cap_per_unit) {
        (Some(cap), _) => format!("min(経費, {}円)", yen(cap.yen)),
        (None, Some(pu)) => {
            format!("min(経費, {} × {}円)", pu.basis.label().ja, yen(pu.yen))
        }
        (None, None) => "経費".to_string(),
    };
    let cost_en = match (&c.cost_cap, &c.cost_cap_per_unit) {
        (Some(cap), _) => format!("min(cost, ¥{})", yen(cap.yen)),
        (None, Some(pu)) => {
            format!("min(cost, {} × ¥{})", pu.basis.label().en, yen(pu.yen))
        }
        (None, None) => "cost".to_string(),
    };
    match &c.rate {
        Some(r) => {
            let r = rate_value(r);
            ja = format!("{cost_ja} × {}", r.text());
            en = format!("{cost_en} × {}", r.text());
        }
        None => {
            ja = format!("{cost_ja} × 区分別の補助率");
            en = format!("{cost_en} × the tier's rate");
        }
    }
    if let Some(rr) = &c.raised_rate {
        let r = rate_value(&rr.rate);
        ja.push_str(&format!(" ({}: {})", rr.label.ja, r.text()));
        en.push_str(&format!(" ({}: {})", rr.label.en, r.text()));
    }
    let (rj, re) = rounding_text(&c.rounding);
    ja.push_str(&format!("、{rj}"));
    en.push_str(&format!(", {re}"));
    if let Some(cap) = &c.subsidy_cap {
        ja.push_str(&format!("、上限 {}", limit_ja(cap)));
        en.push_str(&format!(", subsidy {}", limit_en(cap)));
    }
    if let Some(min) = &c.subsidy_min {
        ja.push_str(&format!("、補助額 {}", limit_ja(min)));
        en.push_str(&format!(", subsidy {}", limit_en(min)));
    }
    if let Some(min) = &c.cost_min {
        ja.push_str(&format!("、事業費 {}", limit_ja(min)));
        en.push_str(&format!(", cost {}", limit_en(min)));
    }
    if !c.tiers.is_empty() {
        let tj = c
            .tiers
            .iter()
            .map(|t| {
                let mut s = t.label.ja.to_string();
                if t.unknown {
                    s.push_str(": 未確認");
                } else {
                    let mut parts = Vec::new();
                    if let Some(cc) = &t.cost_cap {
                        parts.push(format!("事業額上限 {}円", yen(cc.yen)));
                    }
                    if let Some(r) = &t.rate {
                        parts.push(rate_value(r).text());
                    }
                    if let Some(sc) = &t.subsidy_cap {
                        parts.push(format!("上限 {}", limit_ja(sc)));
                    }
                    s.push_str(&format!(": {}", parts.join("・")));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" / ");
        let te = c
            .tiers
            .iter()
            .map(|t| {
                let mut s = t.label.en.to_string();
                if t.unknown {
                    s.push_str(": unconfirmed");
                } else {
                    let mut parts = Vec::new();
                    if let Some(cc) = &t.cost_cap {
                        parts.push(format!("cost cap ¥{}", yen(cc.yen)));
                    }
                    if let Some(r) = &t.rate {
                        parts.push(rate_value(r).text());
                    }
                    if let Some(sc) = &t.subsidy_cap {
                        parts.push(format!("subsidy {}", limit_en(sc)));
                    }
                    s.push_str(&format!(": {}", parts.join(", ")));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" / ");
        ja.push_str(&format!(" [区分: {tj}]"));
        en.push_str(&format!(" [tiers: {te}]"));
    }
    Text::new(ja, en)
}

/// The figures of a cost rate: cost caps, rates, subsidy limits, then each tier's.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    c: &RawCostRate,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    push_limit(
        out,
        "cost_cap",
        Text::new("事業額上限 (基準額)", "cost cap"),
        &c.cost_cap,
        src,
        conf,
        der,
    );
    if let Some(pu) = &c.cost_cap_per_unit {
        out.push(FigureItem {
            name: "cost_cap_per_unit".into(),
            label: Text::new("基準額 (単位あたり)", "base amount per unit"),
            rate: None,
            yen: Some(pu.yen),
            op: None,
            per: Some(pu.basis),
            source: src.into(),
            confidence: conf,
            derived: der,
        });
    }
    push_limit(
        out,
        "cost_min",
        Text::new("事業費の下限", "minimum cost"),
        &c.cost_min,
        src,
        conf,
        der,
    );
    if let Some(r) = &c.rate {
        out.push(rate_item(
            "rate",
            Text::new("補助率", "rate"),
            r,
            src,
            conf,
            der,
        ));
    }
    if let Some(rr) = &c.raised_rate {
        out.push(rate_item(
            "raised_rate",
            rr.label.clone(),
            &rr.rate,
            src,
            conf,
            der,
        ));
    }
    push_limit(
        out,
        "subsidy_cap",
        Text::new("補助上限", "subsidy cap"),
        &c.subsidy_cap,
        src,
        conf,
        der,
    );
    push_limit(
        out,
        "subsidy_min",
        Text::new("補助額の下限", "minimum subsidy"),
        &c.subsidy_min,
        src,
        conf,
        der,
    );
    for t in &c.tiers {
        let ts = t.source.as_deref().unwrap_or(src);
        let tc = t.confidence.unwrap_or(conf);
        let td = t.derived || der;
        let p = format!("tiers.{}", t.id);
        push_limit(
            out,
            &format!("{p}.cost_cap"),
            Text::new(
                format!("{} 事業額上限", t.label.ja),
                format!("{} cost cap", t.label.en),
            ),
            &t.cost_cap,
            ts,
            tc,
            td,
        );
        if let Some(r) = &t.rate {
            out.push(rate_item(
                &format!("{p}.rate"),
                Text::new(
                    format!("{} 補助率", t.label.ja),
                    format!("{} rate", t.label.en),
                ),
                r,
                ts,
                tc,
                td,
            ));
        }
        push_limit(
            out,
            &format!("{p}.subsidy_cap"),
            Text::new(
                format!("{} 補助上限", t.label.ja),
                format!("{} subsidy cap", t.label.en),
            ),
            &t.subsidy_cap,
            ts,
            tc,
            td,
        );
        push_limit(
            out,
            &format!("{p}.subsidy_min"),
            Text::new(
                format!("{} 補助額の下限", t.label.ja),
                format!("{} minimum subsidy", t.label.en),
            ),
            &t.subsidy_min,
            ts,
            tc,
            td,
        );
        if let Some(pu) = &t.cost_cap_per_unit {
            out.push(FigureItem {
                name: format!("{p}.cost_cap_per_unit"),
                label: Text::new(
                    format!("{} 基準額 (単位あたり)", t.label.ja),
                    format!("{} base amount per unit", t.label.en),
                ),
                rate: None,
                yen: Some(pu.yen),
                op: None,
                per: Some(pu.basis),
                source: ts.into(),
                confidence: tc,
                derived: td,
            });
        }
    }
}

/// The published cap, or cost cap × rate when no cap is published.
fn max_of(
    cost_cap: Option<&RawLimit>,
    rate: Option<&RawRate>,
    cap: Option<&RawLimit>,
    rounding: &RawRounding,
) -> Option<i64> {
    cap.map(|c| c.yen).or_else(|| match (cost_cap, rate) {
        (Some(cc), Some(r)) => Some(cost_times_rate(cc.yen, rate_value(r), rounding)),
        _ => None,
    })
}

/// The largest amount of the formula or of any confirmed tier.
pub(super) fn max_amount(c: &RawCostRate) -> Option<i64> {
    let top = max_of(
        c.cost_cap.as_ref(),
        c.rate.as_ref(),
        c.subsidy_cap.as_ref(),
        &c.rounding,
    );
    let tiers = c.tiers.iter().filter(|t| !t.unknown).filter_map(|t| {
        max_of(
            t.cost_cap.as_ref().or(c.cost_cap.as_ref()),
            t.rate.as_ref().or(c.rate.as_ref()),
            t.subsidy_cap.as_ref().or(c.subsidy_cap.as_ref()),
            &c.rounding,
        )
    });
    top.into_iter().chain(tiers).max()
}

/// Without a published cap, a per-unit cost cap × rate is a maximum per unit (per bed…).
pub(super) fn per_unit_max(c: &RawCostRate) -> Option<(i64, NumberField)> {
    if c.subsidy_cap.is_some() {
        return None;
    }
    match (c.cost_cap_per_unit.as_ref(), c.rate.as_ref()) {
        (Some(u), Some(r)) => Some((cost_times_rate(u.yen, rate_value(r), &c.rounding), u.basis)),
        _ => None,
    }
}

/// The base rate, the raised rate and every tier's rate.
pub(super) fn rates(c: &RawCostRate) -> Vec<Rate> {
    let mut out = Vec::new();
    out.extend(c.rate.as_ref().map(rate_value));
    out.extend(c.raised_rate.as_ref().map(|r| rate_value(&r.rate)));
    out.extend(
        c.tiers
            .iter()
            .filter_map(|t| t.rate.as_ref().map(rate_value)),
    );
    out
}

// The plan's upper bound (in f64: a relaxation that only prunes the search, never below the
// amount).

/// The plan's bound: the highest rate of any tier (or the raised rate when it may apply) up to
/// the largest cap; read flat, the amount no longer follows the spend.
pub(super) fn bound(c: &RawCostRate, ctx: &BoundCtx) -> FrameBound {
    let published = ctx.reading(Interpretation::CapBasis) == Some("published_cap");
    let b = bound_of(c, ctx.facility, published, ctx.widened());
    if ctx.reading(Interpretation::SeisanseiFlat) == Some("flat") {
        FrameBound::whole(None, b.max, b.slack)
    } else {
        b
    }
}

/// The bound of each confirmed tier (or of the formula without tiers), the highest taken.
fn bound_of(
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
        .map(|r| rate_f(&rate_value(&r.rate)));
    let row = |rate: Option<&RawRate>,
               cost_cap: &Option<RawLimit>,
               per_unit: Option<&RawPerUnit>,
               subsidy_cap: &Option<RawLimit>|
     -> (f64, Option<f64>) {
        let r = rate
            .map(|r| rate_f(&rate_value(r)))
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
