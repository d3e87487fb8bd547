//! sum_of_parts: per-unit amounts (with a small-facility fixed alternative), fixed amounts, a
//! highest-of add-on and parts paid per percentage point.

use rust_decimal::Decimal;

use super::bound::{BoundCtx, FrameBound};
use super::describe::{limit_item, rate_item, FigureItem};
use super::eval::{rate_value, round_step, Env, Evaluated};
use crate::engine::calc::breakdown::{d, y, Figure, Prov, Step, StepInput, StepKind};
use crate::engine::catalog::raw::{
    RawCriterion, RawLimit, RawOption, RawPart, RawPercentOf, RawSumOfParts,
};
use crate::engine::criteria::Tri;
use crate::engine::input_key::InputKey;
use crate::engine::money::{decimal_to_yen, round, Rate};
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, NumberField, Op};

// The amount and its breakdown.

/// The amount: the sum of the parts whose conditions hold.
pub(super) fn evaluate(s: &RawSumOfParts, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    let mut total = Decimal::ZERO;
    let mut counted = 0usize;
    let mut missing: Vec<InputKey> = Vec::new();
    for part in &s.parts {
        let prov = part_prov(part, env);
        let (verdict, m) = env.holds(&mut ev, &part.when);
        match verdict {
            Tri::NotMet => continue,
            Tri::Unknown => {
                missing.extend(m);
                continue;
            }
            Tri::Met => {}
        }
        if let Some(pu) = &part.per_unit {
            let fixed = match &part.fixed_instead {
                Some(fi) => {
                    let (v, m) = env.holds(&mut ev, &fi.when);
                    match v {
                        Tri::Met => Some(fi.yen),
                        Tri::NotMet => None,
                        Tri::Unknown => {
                            missing.extend(m);
                            continue;
                        }
                    }
                }
                None => None,
            };
            if let Some(amount) = fixed {
                push_fixed(&mut ev, &part.label, amount, &prov);
                total += Decimal::from(amount);
                counted += 1;
                continue;
            }
            let Some(units) = env.facility.number(pu.basis) else {
                // The amount itself is counted in these units: without them nothing is computed.
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
                            "{}: {}円 × {units}{uj} = {}円",
                            part.label.ja,
                            y(pu.yen),
                            y(amount)
                        ),
                        format!(
                            "{}: ¥{} × {units} {} = ¥{}",
                            part.label.en,
                            y(pu.yen),
                            pu.basis.unit_en(units),
                            y(amount)
                        ),
                    ),
                )
                .input(StepInput::count(pu.basis.as_str(), units, ue))
                .figure(Figure::PerUnit { yen: pu.yen }, &prov)
            });
            total += Decimal::from(amount);
            counted += 1;
        } else if let Some(amount) = part.fixed_yen {
            push_fixed(&mut ev, &part.label, amount, &prov);
            total += Decimal::from(amount);
            counted += 1;
        } else if !part.highest_of.is_empty() {
            let mut best: Option<&RawOption> = None;
            let mut undecided = Vec::new();
            for o in &part.highest_of {
                let (v, m) = env.holds(&mut ev, &o.when);
                match v {
                    Tri::Met => {
                        if best.is_none_or(|b| o.yen > b.yen) {
                            best = Some(o);
                        }
                    }
                    Tri::Unknown => undecided.push((o, m)),
                    Tri::NotMet => {}
                }
            }
            let best_yen = best.map_or(0, |b| b.yen);
            let higher: Vec<_> = undecided.iter().filter(|(o, _)| o.yen > best_yen).collect();
            if !higher.is_empty() {
                let names_ja = higher
                    .iter()
                    .map(|(o, _)| o.label.ja.clone())
                    .collect::<Vec<_>>()
                    .join("、");
                let names_en = higher
                    .iter()
                    .map(|(o, _)| o.label.en.clone())
                    .collect::<Vec<_>>()
                    .join(", ");
                ev.warn("higher_amount_condition_unknown", || (format!("{}: より高い加算 ({names_ja}) の条件が不明のため、確認できた加算のみで計算しました", part.label.ja), format!("{}: a higher add-on ({names_en}) was not applied because its condition is unknown", part.label.en)));
            }
            match best {
                Some(b) => {
                    ev.push(|| {
                        Step::new(
                            StepKind::Fixed,
                            b.yen,
                            Text::new(
                                format!(
                                    "{}: 該当する最も高い区分「{}」 {}円",
                                    part.label.ja,
                                    b.label.ja,
                                    y(b.yen)
                                ),
                                format!(
                                    "{}: highest applicable tier \"{}\" ¥{}",
                                    part.label.en,
                                    b.label.en,
                                    y(b.yen)
                                ),
                            ),
                        )
                        .figure(
                            Figure::Limit {
                                yen: b.yen,
                                op: Op::Le,
                            },
                            &prov,
                        )
                    });
                    total += Decimal::from(b.yen);
                    counted += 1;
                }
                None if !undecided.is_empty() => {
                    for (_, m) in &undecided {
                        missing.extend(m.iter().copied());
                    }
                }
                None => {}
            }
        } else if let Some(po) = &part.percent_of {
            let amount = match percent_part(po, &part.label, env, &mut ev) {
                Ok(amount) => amount,
                Err(key) => return ev.missing(&[key]),
            };
            total += amount;
            counted += 1;
        }
    }
    if !missing.is_empty() && counted == 0 {
        missing.dedup();
        return ev.missing(&missing);
    }
    if !missing.is_empty() {
        missing.dedup();
        ev.missing = missing;
        ev.warn("part_condition_unknown", || {
            (
                "一部の加算・区分の条件が不明なため、確認できた部分のみで計算しました".into(),
                "some parts were left out because their conditions are unknown".into(),
            )
        });
    }
    let prov = env.prov.clone();
    let amount = round(total, s.rounding.unit, s.rounding.direction);
    ev.push(|| {
        Step::new(
            StepKind::Sum,
            decimal_to_yen(total),
            Text::new(
                format!("各部分の合計 = {}円", d(total)),
                format!("sum of the parts = ¥{}", d(total)),
            ),
        )
        .exact(total)
    });
    if Decimal::from(amount) != total {
        round_step(&mut ev, total, &s.rounding, &prov);
    }
    ev.finish(amount)
}

fn part_prov(p: &RawPart, env: &Env) -> Prov {
    env.prov
        .overridden(p.source.as_deref(), p.confidence, false)
}

/// A fixed amount of a part, as a step.
fn push_fixed(ev: &mut Evaluated, label: &Text, amount: i64, prov: &Prov) {
    ev.push(|| {
        Step::new(
            StepKind::Fixed,
            amount,
            Text::new(
                format!("{}: 定額 {}円", label.ja, y(amount)),
                format!("{}: fixed ¥{}", label.en, y(amount)),
            ),
        )
        .figure(
            Figure::Limit {
                yen: amount,
                op: Op::Le,
            },
            prov,
        )
    });
}

/// A part paid per percentage point (times a count when the part says so), at its rate; `Err`
/// with the input it lacks.
fn percent_part(
    po: &RawPercentOf,
    label: &Text,
    env: &Env,
    ev: &mut Evaluated,
) -> Result<Decimal, InputKey> {
    let Some(pct) = env.facility.number(po.percent) else {
        return Err(po.percent.into());
    };
    let times = match po.times {
        Some(f) => match env.facility.number(f) {
            Some(v) => Some((f, v)),
            None => return Err(f.into()),
        },
        None => None,
    };
    let used = pct.min(po.percent_cap);
    let mut base = po.yen_per_percent.saturating_mul(used);
    if let Some((_, v)) = times {
        base = base.saturating_mul(v);
    }
    let (rate, rprov) = env.rate_of(&po.rate);
    let amount = rate.apply(Decimal::from(base));
    let times_text = times
        .map(|(f, v)| {
            (
                format!(" × {v}{}", f.unit().0),
                format!(" × {v} {}", f.unit_en(v)),
            )
        })
        .unwrap_or_default();
    ev.push(|| {
        Step::new(
            StepKind::PerUnit,
            decimal_to_yen(amount),
            Text::new(
                format!(
                    "{}: {}円 × {used}% (上限{}%){} × {} = {}円",
                    label.ja,
                    y(po.yen_per_percent),
                    po.percent_cap,
                    times_text.0,
                    rate.text(),
                    d(amount)
                ),
                format!(
                    "{}: ¥{} × {used}% (max {}%){} × {} = ¥{}",
                    label.en,
                    y(po.yen_per_percent),
                    po.percent_cap,
                    times_text.1,
                    rate.text(),
                    d(amount)
                ),
            ),
        )
        .input(StepInput::count(po.percent.as_str(), pct, "%"))
        .figure(Figure::Rate { rate }, &rprov)
        .exact(amount)
    });
    Ok(amount)
}

// The formula in words, its figures, its maxima and its rates.

/// A sum of parts in words, one part after another.
pub(super) fn text(s: &RawSumOfParts) -> Text {
    let ja = s
        .parts
        .iter()
        .map(|p| {
            if let Some(pu) = &p.per_unit {
                let mut t = format!(
                    "{}: {} × {}円",
                    p.label.ja,
                    pu.basis.label().ja,
                    yen(pu.yen)
                );
                if let Some(fi) = &p.fixed_instead {
                    t.push_str(&format!(" (小規模は定額 {}円)", yen(fi.yen)));
                }
                t
            } else if let Some(y) = p.fixed_yen {
                format!("{}: {}円", p.label.ja, yen(y))
            } else if !p.highest_of.is_empty() {
                let max = p.highest_of.iter().map(|o| o.yen).max().unwrap_or(0);
                format!(
                    "{}: 該当区分のうち最も高い額 (最大 {}円)",
                    p.label.ja,
                    yen(max)
                )
            } else if let Some(po) = &p.percent_of {
                format!(
                    "{}: {}円 × 減少率 (上限{}%) × {}",
                    p.label.ja,
                    yen(po.yen_per_percent),
                    po.percent_cap,
                    rate_value(&po.rate).text()
                )
            } else {
                p.label.ja.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" + ");
    let en = s
        .parts
        .iter()
        .map(|p| {
            if let Some(pu) = &p.per_unit {
                let mut t = format!("{}: {} × ¥{}", p.label.en, pu.basis.label().en, yen(pu.yen));
                if let Some(fi) = &p.fixed_instead {
                    t.push_str(&format!(" (small facilities: fixed ¥{})", yen(fi.yen)));
                }
                t
            } else if let Some(y) = p.fixed_yen {
                format!("{}: ¥{}", p.label.en, yen(y))
            } else if !p.highest_of.is_empty() {
                let max = p.highest_of.iter().map(|o| o.yen).max().unwrap_or(0);
                format!(
                    "{}: the highest applicable tier (up to ¥{})",
                    p.label.en,
                    yen(max)
                )
            } else if let Some(po) = &p.percent_of {
                format!(
                    "{}: ¥{} × decline % (max {}%) × {}",
                    p.label.en,
                    yen(po.yen_per_percent),
                    po.percent_cap,
                    rate_value(&po.rate).text()
                )
            } else {
                p.label.en.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" + ");
    Text::new(ja, en)
}

/// The figures of a sum of parts, part by part.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    s: &RawSumOfParts,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    for p in &s.parts {
        let ps = p.source.as_deref().unwrap_or(src);
        let pc = p.confidence.unwrap_or(conf);
        if let Some(pu) = &p.per_unit {
            out.push(FigureItem {
                name: format!("parts.{}", p.id),
                label: p.label.clone(),
                rate: None,
                yen: Some(pu.yen),
                op: None,
                per: Some(pu.basis),
                source: ps.into(),
                confidence: pc,
                derived: der,
            });
            if let Some(fi) = &p.fixed_instead {
                out.push(limit_item(
                    &format!("parts.{}.fixed_instead", p.id),
                    Text::new(
                        format!("{} (定額)", p.label.ja),
                        format!("{} (fixed)", p.label.en),
                    ),
                    &RawLimit {
                        yen: fi.yen,
                        op: Op::Le,
                    },
                    ps,
                    pc,
                    der,
                ));
            }
        }
        if let Some(y) = p.fixed_yen {
            out.push(limit_item(
                &format!("parts.{}", p.id),
                p.label.clone(),
                &RawLimit { yen: y, op: Op::Le },
                ps,
                pc,
                der,
            ));
        }
        for o in &p.highest_of {
            out.push(limit_item(
                &format!("parts.{}.{}", p.id, o.id),
                Text::new(
                    format!("{}: {}", p.label.ja, o.label.ja),
                    format!("{}: {}", p.label.en, o.label.en),
                ),
                &RawLimit {
                    yen: o.yen,
                    op: Op::Le,
                },
                ps,
                pc,
                der,
            ));
        }
        if let Some(po) = &p.percent_of {
            out.push(FigureItem {
                name: format!("parts.{}", p.id),
                label: p.label.clone(),
                rate: None,
                yen: Some(po.yen_per_percent),
                op: None,
                per: Some(po.percent),
                source: ps.into(),
                confidence: pc,
                derived: der,
            });
            out.push(rate_item(
                &format!("parts.{}.rate", p.id),
                Text::new(
                    format!("{} 補助率", p.label.ja),
                    format!("{} rate", p.label.en),
                ),
                &po.rate,
                ps,
                pc,
                der,
            ));
        }
    }
}

/// The largest amount one facility gets: the parts without conditions plus its best tier; none
/// when a part grows with the facility (per unit, per percentage point).
pub(super) fn max_amount(s: &RawSumOfParts) -> Option<i64> {
    if s.parts
        .iter()
        .any(|p| p.per_unit.is_some() || p.percent_of.is_some())
    {
        return None;
    }
    // Parts with the same conditions are paid together; parts with different conditions
    // are the facility tiers (店舗数 ≤ 5 / 6–19 / ≥ 20): one facility gets the parts without
    // conditions plus one tier, the best.
    let amount = |p: &RawPart| {
        p.fixed_yen.unwrap_or(0) + p.highest_of.iter().map(|o| o.yen).max().unwrap_or(0)
    };
    let mut tiers: Vec<(String, i64)> = Vec::new();
    // Tiers are told apart by their number conditions (店舗数, 病床数); other conditions
    // (a fee notified, a pledge) are ones a facility can meet.
    let tier_key = |p: &RawPart| {
        let numbers: Vec<_> = p
            .when
            .iter()
            .filter(|c| matches!(c, RawCriterion::Number { .. }))
            .collect();
        format!("{numbers:?}")
    };
    let always: i64 = s
        .parts
        .iter()
        .filter(|p| tier_key(p) == "[]")
        .map(amount)
        .sum();
    for p in s.parts.iter().filter(|p| tier_key(p) != "[]") {
        let key = tier_key(p);
        match tiers.iter_mut().find(|(k, _)| *k == key) {
            Some((_, y)) => *y += amount(p),
            None => tiers.push((key, amount(p))),
        }
    }
    let best = always + tiers.iter().map(|(_, y)| *y).max().unwrap_or(0);
    (best > 0).then_some(best)
}

/// The per-unit amounts on the first part's basis, summed: a maximum per unit.
pub(super) fn per_unit_max(s: &RawSumOfParts) -> Option<(i64, NumberField)> {
    let first = s.parts.iter().find_map(|p| p.per_unit.as_ref());
    first.map(|u| {
        let yen = s
            .parts
            .iter()
            .filter_map(|p| p.per_unit.as_ref())
            .filter(|x| x.basis == u.basis)
            .map(|x| x.yen)
            .sum();
        (yen, u.basis)
    })
}

/// The rates of parts paid per percentage point.
pub(super) fn rates(s: &RawSumOfParts) -> Vec<Rate> {
    s.parts
        .iter()
        .filter_map(|p| p.percent_of.as_ref().map(|po| rate_value(&po.rate)))
        .collect()
}

// The plan's upper bound (in f64: a relaxation that only prunes the search, never below the
// amount).

/// The plan's bound: a sum of parts follows the profile, not the spend, so its largest value for
/// this facility is its bound.
pub(super) fn bound(s: &RawSumOfParts, ctx: &BoundCtx) -> FrameBound {
    let as_of = ctx.term.from.0.max(ctx.from);
    let env = Env::for_maximum(ctx.frame, ctx.term, ctx.facility, as_of);
    FrameBound::whole(None, evaluate(s, &env).computed().map(|m| m as f64), 0.0)
}
