//! What every formula kind's arithmetic shares: its inputs (`Env`), its result with the breakdown
//! (`Evaluated`), and the common steps (rate, rounding, caps).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::engine::calc::breakdown::{d, y, Figure, Prov, Step, StepInput, StepKind};
use crate::engine::catalog::raw::{
    RawCriterion, RawLimit, RawRaisedRate, RawRate, RawRounding, RoundingDirection,
};
use crate::engine::catalog::{Frame, Term};
use crate::engine::criteria::{self, Ctx, Line, Tri};
use crate::engine::facility::Facility;
use crate::engine::input_key::InputKey;
use crate::engine::money::{decimal_to_yen, round, Rate};
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

pub use crate::engine::warning::Warning;

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
    pub(super) explain: bool,
}

impl Evaluated {
    pub(super) fn new() -> Evaluated {
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

    pub(super) fn for_env(env: &Env) -> Evaluated {
        let mut ev = Evaluated::new();
        ev.explain = env.explain;
        ev
    }

    /// Records a step; its text is only built when the breakdown is wanted.
    pub(super) fn push(&mut self, step: impl FnOnce() -> Step) {
        if self.explain {
            self.steps.push(step());
        }
    }
    /// Records a warning; its text is only built when the breakdown is wanted (an amount-only
    /// evaluation keeps the code, which is all its callers read).
    pub(super) fn warn(&mut self, code: &'static str, text: impl FnOnce() -> (String, String)) {
        let message = if self.explain {
            let (ja, en) = text();
            Text::new(ja, en)
        } else {
            Text::new("", "")
        };
        self.warnings.push(Warning::new(code, message));
    }
    pub(super) fn missing(mut self, keys: &[InputKey]) -> Evaluated {
        self.status = Status::MissingInput;
        self.subsidy = None;
        for k in keys {
            if !self.missing.contains(k) {
                self.missing.push(*k);
            }
        }
        self
    }
    pub(super) fn unknown_figure(mut self, text: impl FnOnce() -> (String, String)) -> Evaluated {
        self.status = Status::UnknownFigure;
        self.subsidy = None;
        self.warn("figure_unconfirmed", text);
        self
    }
    /// The amount, when the formula computed one and did not rule the application out.
    pub fn computed(self) -> Option<i64> {
        match (self.status, self.not_eligible) {
            (Status::Computed, None) => self.subsidy,
            _ => None,
        }
    }
    pub(super) fn finish(mut self, amount: i64) -> Evaluated {
        self.subsidy = Some(amount);
        self
    }
    /// The formula rules the application out; the reason's text is built only when the
    /// breakdown is wanted.
    pub(super) fn reject(mut self, text: impl FnOnce() -> (String, String)) -> Evaluated {
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
    pub as_of: NaiveDate,
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

/// The reading the caller chose for a question, or its default (the first).
pub(super) fn chosen_reading(
    chosen: &BTreeMap<Interpretation, String>,
    q: Interpretation,
) -> &'static str {
    let readings = q.readings();
    chosen
        .get(&q)
        .and_then(|c| readings.iter().find(|r| **r == c.as_str()).copied())
        .unwrap_or(readings[0])
}

/// The readings of a maximum: none chosen, so every question takes its default.
static DEFAULT_READINGS: BTreeMap<Interpretation, String> = BTreeMap::new();

impl<'a> Env<'a> {
    /// The inputs of the largest amount the facility could receive from the frame's term: every
    /// line the frame prices, without a limit, at the default readings, amount only.
    pub fn for_maximum(
        frame: &'a Frame,
        term: &'a Term,
        facility: &'a Facility,
        as_of: NaiveDate,
    ) -> Env<'a> {
        Env {
            facility,
            as_of,
            lines: &frame.unlimited_lines,
            chosen: &DEFAULT_READINGS,
            term_interpretations: &term.interpretations,
            prov: Prov::quiet(),
            explain: false,
        }
    }
}

impl Env<'_> {
    pub(super) fn ctx(&self) -> Ctx<'_> {
        Ctx {
            facility: self.facility,
            as_of: self.as_of,
            lines: Some(self.lines),
        }
    }

    /// The reading for a question (default first) and records it as applied.
    pub(super) fn reading(&self, ev: &mut Evaluated, q: Interpretation) -> &'static str {
        let readings = q.readings();
        let chosen = chosen_reading(self.chosen, q);
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

    pub(super) fn relies_on(&self, q: Interpretation) -> bool {
        self.term_interpretations.contains(&q)
    }

    pub(super) fn rate_of(&self, r: &RawRate) -> (Rate, Prov) {
        // Provenance is shown in breakdown steps only; an amount-only evaluation skips the copy.
        if !self.explain {
            return (rate_value(r), Prov::quiet());
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
    pub(super) fn holds(&self, ev: &mut Evaluated, when: &[RawCriterion]) -> (Tri, Vec<InputKey>) {
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
    pub(super) fn pick_rate(
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

pub(super) fn sum_lines(lines: &[Line]) -> i64 {
    lines.iter().map(|l| l.amount_yen).sum()
}

pub(super) fn rounding_figure(r: &RawRounding) -> Figure {
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
pub(super) fn rate_step(
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
            decimal_to_yen(raw),
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
pub(super) fn round_step(ev: &mut Evaluated, value: Decimal, r: &RawRounding, prov: &Prov) -> i64 {
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
pub(super) fn cap_limit(l: &RawLimit) -> i64 {
    match l.op {
        Op::Lt => l.yen - 1,
        _ => l.yen,
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

/// The value of a rate, with or without its own provenance.
pub(super) fn rate_value(r: &RawRate) -> Rate {
    match r {
        RawRate::Plain(r) => *r,
        RawRate::Sourced(s) => s.value,
    }
}
