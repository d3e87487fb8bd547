//! The closed formula vocabulary, evaluated with its breakdown.
//!
//! Default order (domain rules): Σ eligible cost → cost cap → × rate → round once → clamp to the
//! published cap → band minimum. Kinds that differ (tiered rates, lesser-of, per-day, parts) keep
//! the same habits: exact decimals, multiply before dividing, one rounding where the rule says.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::breakdown::{d, y, Figure, Prov, Step, StepInput, StepKind};
use super::describe::limit_text;
use crate::engine::catalog::raw::{
    RawCategoryCap, RawClassRates, RawCostRate, RawCriterion, RawFormula, RawLesserOfGoals,
    RawLimit, RawPart, RawPercentOf, RawRaisedRate, RawRate, RawRounding, RawSumOfParts, RawTerm,
    RawTier, RawTieredRate, RoundingDirection,
};
use crate::engine::catalog::{Frame, Program};
use crate::engine::criteria::{self, Ctx, Line, Tri};
use crate::engine::facility::Facility;
use crate::engine::input_key::{ExpenseField, FacilityField, InputKey};
use crate::engine::money::{round, Rate};
use crate::engine::text::Text;
use crate::engine::vocab::{Interpretation, NumberField, Op};

/// What the formula could say about the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Computed,
    MissingInput,
    UnknownFigure,
    InKind,
}

#[derive(Debug, Clone)]
pub struct Warning {
    pub code: &'static str,
    pub message: Text,
}

#[derive(Debug, Clone)]
pub struct Applied {
    pub id: Interpretation,
    pub applied: &'static str,
    pub alternatives: Vec<&'static str>,
}

/// Result of one formula.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub status: Status,
    pub subsidy: Option<i64>,
    pub steps: Vec<Step>,
    pub warnings: Vec<Warning>,
    pub missing: Vec<InputKey>,
    /// The formula itself rules the application out (below a minimum, hardware only…).
    pub not_eligible: Option<Text>,
    pub interpretations: Vec<Applied>,
    /// Largest figure known when the amount cannot be computed.
    pub known_max: Option<i64>,
    /// Build the breakdown (false when only the amount is wanted, e.g. a maximum for eligibility).
    explain: bool,
}

impl Evaluated {
    fn new() -> Evaluated {
        Evaluated {
            status: Status::Computed,
            subsidy: None,
            steps: Vec::new(),
            warnings: Vec::new(),
            missing: Vec::new(),
            not_eligible: None,
            interpretations: Vec::new(),
            known_max: None,
            explain: true,
        }
    }

    fn for_env(env: &Env) -> Evaluated {
        let mut ev = Evaluated::new();
        ev.explain = env.explain;
        ev
    }

    /// Records a step; its text is only built when the breakdown is wanted.
    fn push(&mut self, step: impl FnOnce() -> Step) {
        if self.explain {
            self.steps.push(step());
        }
    }
    /// Records a warning; its text is only built when the breakdown is wanted (an amount-only
    /// evaluation keeps the code, which is all its callers read).
    fn warn(&mut self, code: &'static str, text: impl FnOnce() -> (String, String)) {
        let message = if self.explain {
            let (ja, en) = text();
            Text::new(ja, en)
        } else {
            Text::new("", "")
        };
        self.warnings.push(Warning { code, message });
    }
    fn missing(mut self, keys: &[InputKey]) -> Evaluated {
        self.status = Status::MissingInput;
        self.subsidy = None;
        for k in keys {
            if !self.missing.contains(k) {
                self.missing.push(*k);
            }
        }
        self
    }
    fn unknown_figure(mut self, text: impl FnOnce() -> (String, String)) -> Evaluated {
        self.status = Status::UnknownFigure;
        self.subsidy = None;
        self.warn("figure_unconfirmed", text);
        self
    }
    fn finish(mut self, amount: i64) -> Evaluated {
        self.subsidy = Some(amount);
        self
    }
    /// The formula rules the application out; the reason's text is built only when the
    /// breakdown is wanted.
    fn reject(mut self, text: impl FnOnce() -> (String, String)) -> Evaluated {
        let (ja, en) = if self.explain {
            text()
        } else {
            (String::new(), String::new())
        };
        self.not_eligible = Some(Text::new(ja, en));
        self.subsidy = Some(0);
        self
    }
}

/// Inputs of a formula evaluation.
pub struct Env<'a> {
    pub facility: &'a Facility,
    pub as_of: chrono::NaiveDate,
    /// Lines in the frame's categories.
    pub lines: &'a [Line],
    /// Readings chosen by the caller (`options.interpretations`).
    pub chosen: &'a BTreeMap<Interpretation, String>,
    /// Interpretations the term relies on.
    pub term_interpretations: &'a [Interpretation],
    pub prov: Prov,
    /// Build the breakdown steps (false: amount only).
    pub explain: bool,
}

impl Env<'_> {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            facility: self.facility,
            as_of: self.as_of,
            lines: Some(self.lines),
        }
    }

    /// The reading for a question (default first) and records it as applied.
    fn reading(&self, ev: &mut Evaluated, q: Interpretation) -> &'static str {
        let readings = q.readings();
        let chosen = self
            .chosen
            .get(&q)
            .and_then(|c| readings.iter().find(|r| **r == c.as_str()).copied())
            .unwrap_or(readings[0]);
        // The readings applied are reported with a breakdown only.
        if ev.explain && !ev.interpretations.iter().any(|a| a.id == q) {
            ev.interpretations.push(Applied {
                id: q,
                applied: chosen,
                alternatives: readings.iter().copied().filter(|r| *r != chosen).collect(),
            });
        }
        chosen
    }

    fn relies_on(&self, q: Interpretation) -> bool {
        self.term_interpretations.contains(&q)
    }

    fn rate_of(&self, r: &RawRate) -> (Rate, Prov) {
        // Provenance is shown in breakdown steps only; an amount-only evaluation skips the copy.
        if !self.explain {
            let rate = match r {
                RawRate::Plain(rate) => *rate,
                RawRate::Sourced(s) => s.value,
            };
            return (rate, Prov::quiet());
        }
        match r {
            RawRate::Plain(rate) => (*rate, self.prov.clone()),
            RawRate::Sourced(s) => (
                s.value,
                self.prov
                    .overridden(s.source.as_deref(), s.confidence, s.derived),
            ),
        }
    }

    /// Evaluates conditions, widening 小規模 (Q5) when the caller chose the other reading.
    fn holds(&self, ev: &mut Evaluated, when: &[RawCriterion]) -> (Tri, Vec<InputKey>) {
        let widened;
        let when = if self.relies_on(Interpretation::ShokiboIryohojin)
            && self.reading(ev, Interpretation::ShokiboIryohojin) == "other_20"
        {
            widened = when
                .iter()
                .map(|c| match c {
                    RawCriterion::Number {
                        field: NumberField::Employees,
                        op: Op::Le,
                        value: 5,
                    } => RawCriterion::Number {
                        field: NumberField::Employees,
                        op: Op::Le,
                        value: 20,
                    },
                    other => other.clone(),
                })
                .collect::<Vec<_>>();
            widened.as_slice()
        } else {
            when
        };
        let ctx = self.ctx();
        let mut verdict = Tri::Met;
        let mut missing = Vec::new();
        for c in when {
            let v = criteria::decide(c, &ctx);
            verdict = verdict.and(v);
            if v == Tri::Unknown {
                missing.extend(criteria::outcome(c, &ctx).missing);
            }
        }
        (verdict, missing)
    }

    /// The base rate or the raised one, with a warning when the raise's condition is unknown.
    fn pick_rate(
        &self,
        ev: &mut Evaluated,
        base: &RawRate,
        raised: Option<&RawRaisedRate>,
    ) -> (Rate, Prov, Option<Text>) {
        if let Some(r) = raised {
            let (verdict, _) = self.holds(ev, &r.when);
            match verdict {
                Tri::Met => {
                    let (rate, prov) = self.rate_of(&r.rate);
                    return (rate, prov, Some(r.label.clone()));
                }
                Tri::Unknown => {
                    let (rate, _) = self.rate_of(&r.rate);
                    ev.warn("raised_rate_condition_unknown", || {
                        (
                            format!(
                                "{} ({}) の条件が不明のため基本補助率を適用しました",
                                r.label.ja,
                                rate.text()
                            ),
                            format!(
                                "the raised rate {} ({}) was not applied: its condition is unknown",
                                rate.text(),
                                r.label.en
                            ),
                        )
                    });
                }
                Tri::NotMet => {}
            }
        }
        let (rate, prov) = self.rate_of(base);
        (rate, prov, None)
    }
}

fn sum_lines(lines: &[Line]) -> i64 {
    lines.iter().map(|l| l.amount_yen).sum()
}

fn rounding_figure(r: &RawRounding) -> Figure {
    Figure::Rounding {
        unit: r.unit,
        direction: match r.direction {
            RoundingDirection::Down => "down",
            RoundingDirection::Up => "up",
            RoundingDirection::HalfUp => "half_up",
        },
    }
}

/// amount × rate, exact, recorded as a step naming the raised rate when one applied.
fn rate_step(
    ev: &mut Evaluated,
    input: &str,
    amount: i64,
    rate: Rate,
    raised: Option<&Text>,
    prov: &Prov,
) -> Decimal {
    let raw = rate.apply(Decimal::from(amount));
    ev.push(|| {
        let (rj, re) = match raised {
            Some(l) => (format!(" ({})", l.ja), format!(" ({})", l.en)),
            None => (String::new(), String::new()),
        };
        Step::new(
            StepKind::Rate,
            crate::engine::money::decimal_to_yen(raw),
            Text::new(
                format!("{}円 × {}{rj} = {}円", y(amount), rate.text(), d(raw)),
                format!("¥{} × {}{re} = ¥{}", y(amount), rate.text(), d(raw)),
            ),
        )
        .input(StepInput::yen(input, amount))
        .figure(Figure::Rate { rate }, prov)
        .exact(raw)
    });
    raw
}

/// Rounds once and records the step.
fn round_step(ev: &mut Evaluated, value: Decimal, r: &RawRounding, prov: &Prov) -> i64 {
    let out = round(value, r.unit, r.direction);
    ev.push(|| {
        let (ja, en) = match (r.unit, r.direction) {
            (1, RoundingDirection::Down) => ("1円未満切り捨て", "rounded down to the yen"),
            (1000, RoundingDirection::Down) => ("千円未満切り捨て", "rounded down to ¥1,000"),
            (_, RoundingDirection::Down) => ("切り捨て", "rounded down"),
            (_, RoundingDirection::Up) => ("切り上げ", "rounded up"),
            (_, RoundingDirection::HalfUp) => ("四捨五入", "rounded half up"),
        };
        Step::new(
            StepKind::Round,
            out,
            Text::new(
                format!("{}円 → {ja} = {}円", d(value), y(out)),
                format!("¥{} {en} = ¥{}", d(value), y(out)),
            ),
        )
        .input(StepInput::decimal("amount", value))
        .figure(
            rounding_figure(r),
            &prov.overridden(None, r.confidence, r.derived),
        )
        .exact(value)
    });
    out
}

/// Clamp to a cap: `le` keeps the cap itself, `lt` stops one yen below it.
fn cap_limit(l: &RawLimit) -> i64 {
    match l.op {
        Op::Lt => l.yen - 1,
        _ => l.yen,
    }
}

/// Evaluates a formula.
pub fn evaluate(formula: &RawFormula, env: &Env) -> Evaluated {
    match formula {
        RawFormula::CostRate(c) => cost_rate(c, env),
        RawFormula::TieredRate(t) => tiered_rate(t, env),
        RawFormula::LesserOfGoals(l) => lesser_of_goals(l, env),
        RawFormula::PerDay(p) => {
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
        RawFormula::Fixed(f) => {
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
        RawFormula::ClassRates(c) => class_rates(c, env),
        RawFormula::SumOfParts(s) => sum_of_parts(s, env),
        RawFormula::InKind(_) => {
            let mut ev = Evaluated::for_env(env);
            ev.status = Status::InKind;
            ev.warn("in_kind", || {
                (
                    "金銭の補助ではなく、委託事業者による現物の支援です".into(),
                    "support is delivered in kind by a contracted vendor, not paid in money".into(),
                )
            });
            ev
        }
        RawFormula::Unknown(u) => {
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
    }
}

struct Figures<'a> {
    cost_cap: Option<RawLimit>,
    cost_cap_per_unit: Option<&'a crate::engine::catalog::raw::RawPerUnit>,
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

fn cost_rate(c: &RawCostRate, env: &Env) -> Evaluated {
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
    let computed_max = round(
        rate.apply(Decimal::from(cap_limit(&cc))),
        rounding.unit,
        rounding.direction,
    );
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

fn tiered_rate(t: &RawTieredRate, env: &Env) -> Evaluated {
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
            crate::engine::money::decimal_to_yen(raw),
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

/// Whether the formula's amount is bounded by the eligible cost (no cost, no money): then an
/// application whose every line is ineligible receives 0 whatever else the profile says.
pub fn bounded_by_cost(f: &RawFormula) -> bool {
    match f {
        RawFormula::CostRate(_)
        | RawFormula::TieredRate(_)
        | RawFormula::LesserOfGoals(_)
        | RawFormula::ClassRates(_) => true,
        RawFormula::Fixed(x) => x.limited_to_spend,
        RawFormula::PerDay(_)
        | RawFormula::SumOfParts(_)
        | RawFormula::InKind(_)
        | RawFormula::Unknown(_) => false,
    }
}

/// The amount when no line is eligible and the formula is bounded by the cost: 0, asking for
/// nothing (no input could change it).
pub fn nothing_eligible(explain: bool) -> Evaluated {
    let mut ev = Evaluated::new();
    ev.explain = explain;
    ev.subsidy = Some(0);
    ev.push(|| {
        Step::new(
            StepKind::Sum,
            0,
            Text::new(
                "補助対象経費 0円 (対象となる経費がないため、他の入力によらず 0円)",
                "eligible cost ¥0 (no eligible line, so ¥0 whatever the other inputs)",
            ),
        )
    });
    ev
}

fn lesser_of_goals(l: &RawLesserOfGoals, env: &Env) -> Evaluated {
    let mut ev = Evaluated::for_env(env);
    let prov = env.prov.clone();
    env.reading(&mut ev, Interpretation::HatarakikataCaps);
    let Some(achieved) = env.facility.work_style_goals.as_ref() else {
        return ev.missing(&[FacilityField::WorkStyleGoals.into()]);
    };
    // (a) Σ caps of achieved goals, within the course maximum.
    let mut goals_sum = 0i64;
    for g in &l.goals {
        let Some((ai, a)) = achieved.iter().enumerate().find(|(_, a)| a.goal == g.goal) else {
            continue;
        };
        let cap = match (g.cap_yen, a.cap_yen) {
            (Some(fixed), _) => fixed,
            (None, Some(supplied)) => {
                let lo = g.cap_min_yen.unwrap_or(0);
                let hi = g.cap_max_yen.unwrap_or(supplied);
                if supplied < lo || supplied > hi {
                    ev.warn("goal_cap_out_of_range", || (format!("{} の上限 {}円 は公表の範囲 ({}〜{}円) 外のため範囲内に補正しました", g.label.ja, y(supplied), y(lo), y(hi)), format!("the cap ¥{} given for {} is outside the published range (¥{}–¥{}) and was clamped", y(supplied), g.label.en, y(lo), y(hi))));
                }
                supplied.clamp(lo, hi.max(lo))
            }
            // The goal is listed without its cap: that cap is the one input missing.
            (None, None) => {
                return ev.missing(&[InputKey::GoalCap(ai)]);
            }
        };
        ev.push(|| {
            Step::new(
                StepKind::Fixed,
                cap,
                Text::new(
                    format!("成果目標 {} の上限額 {}円", g.label.ja, y(cap)),
                    format!("goal {} cap ¥{}", g.label.en, y(cap)),
                ),
            )
            .figure(
                Figure::Limit {
                    yen: cap,
                    op: Op::Le,
                },
                &prov,
            )
        });
        goals_sum += cap;
    }
    let course = cap_limit(&l.course_max);
    let goals_capped = goals_sum.min(course);
    ev.push(|| {
        Step::new(
            StepKind::SubsidyCap,
            goals_capped,
            Text::new(
                format!(
                    "成果目標の上限額の合計 {}円、コース上限 {}円: {}円",
                    y(goals_sum),
                    y(course),
                    y(goals_capped)
                ),
                format!(
                    "sum of goal caps ¥{}, course maximum ¥{}: ¥{}",
                    y(goals_sum),
                    y(course),
                    y(goals_capped)
                ),
            ),
        )
        .input(StepInput::yen("goals_sum", goals_sum))
        .figure(
            Figure::Limit {
                yen: l.course_max.yen,
                op: l.course_max.op,
            },
            &prov,
        )
    });
    // (b) cost × rate.
    let cost = sum_lines(env.lines);
    ev.push(|| {
        Step::new(
            StepKind::Sum,
            cost,
            Text::new(
                format!("対象経費の合計 = {}円", y(cost)),
                format!("eligible cost = ¥{}", y(cost)),
            ),
        )
        .input(StepInput::count("lines", env.lines.len() as i64, "lines"))
    });
    let (rate, rate_prov, raised) = env.pick_rate(&mut ev, &l.rate, l.raised_rate.as_ref());
    let raw = rate_step(&mut ev, "cost", cost, rate, raised.as_ref(), &rate_prov);
    let by_cost = round_step(&mut ev, raw, &l.rounding, &prov);
    let out = goals_capped.min(by_cost);
    ev.push(|| {
        Step::new(
            StepKind::LesserOf,
            out,
            Text::new(
                format!(
                    "少ない方: min({}円, {}円) = {}円",
                    y(goals_capped),
                    y(by_cost),
                    y(out)
                ),
                format!(
                    "lesser of: min(¥{}, ¥{}) = ¥{}",
                    y(goals_capped),
                    y(by_cost),
                    y(out)
                ),
            ),
        )
        .input(StepInput::yen("goals", goals_capped))
        .input(StepInput::yen("cost_times_rate", by_cost))
    });
    ev.finish(out)
}

fn class_rates(c: &RawClassRates, env: &Env) -> Evaluated {
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
        let cost = crate::engine::money::decimal_to_yen(share.round_dp(0));
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
                crate::engine::money::decimal_to_yen(part),
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

fn part_prov(p: &RawPart, env: &Env) -> Prov {
    env.prov
        .overridden(p.source.as_deref(), p.confidence, false)
}

fn sum_of_parts(s: &RawSumOfParts, env: &Env) -> Evaluated {
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
            let mut best: Option<&crate::engine::catalog::raw::RawOption> = None;
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
            crate::engine::money::decimal_to_yen(total),
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
            crate::engine::money::decimal_to_yen(amount),
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

/// The largest subsidy the facility could receive from the frame's term, when the profile is
/// enough to compute it.
pub fn max_subsidy(
    program: &Program,
    frame: &Frame,
    term: &RawTerm,
    facility: &Facility,
    as_of: chrono::NaiveDate,
) -> Option<i64> {
    let _ = program;
    let lines = &frame.unlimited_lines;
    let chosen = BTreeMap::new();
    let env = Env {
        facility,
        as_of,
        lines,
        chosen: &chosen,
        term_interpretations: &term.interpretations,
        prov: Prov::quiet(),
        explain: false,
    };
    let ev = evaluate(&term.formula, &env);
    match (ev.status, ev.not_eligible) {
        (Status::Computed, None) => ev.subsidy,
        _ => None,
    }
}
