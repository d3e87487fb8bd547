//! Calculation: the exact subsidy of one frame for planned expenses, with its breakdown.

pub mod breakdown;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::raw::RawTerm;
use super::catalog::{Catalog, Frame, Program};
use super::criteria::Line;
use super::eligibility::{self, FrameResult, Verdict, Warning};
use super::facility::Facility;
use super::formula;
pub use super::formula::{max_subsidy, Applied, Evaluated, Status};
use super::input_key::{FacilityField, InputKey};
use super::text::{yen, DateText, Text};
use super::vocab::{Confidence, ExpenseCategory, Interpretation};
pub use breakdown::{Figure, Prov, Step, StepInput, StepKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountStatus {
    Computed,
    MissingInput,
    UnknownFigure,
    NoTermInForce,
    InKind,
}

impl AmountStatus {
    pub const ALL: &'static [AmountStatus] = &[
        AmountStatus::Computed,
        AmountStatus::MissingInput,
        AmountStatus::UnknownFigure,
        AmountStatus::NoTermInForce,
        AmountStatus::InKind,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AmountStatus::Computed => "computed",
            AmountStatus::MissingInput => "missing_input",
            AmountStatus::UnknownFigure => "unknown_figure",
            AmountStatus::NoTermInForce => "no_term_in_force",
            AmountStatus::InKind => "in_kind",
        }
    }
}

/// One expense line of a request.
#[derive(Debug, Clone)]
pub struct Expense {
    pub category: ExpenseCategory,
    pub amount_yen: i64,
    pub quantity: i64,
    pub description: Option<String>,
    pub spent_on: Option<NaiveDate>,
    pub asset_forming: Option<bool>,
}

pub struct Request<'a> {
    pub program_id: &'a str,
    pub frame_id: Option<&'a str>,
    pub as_of: NaiveDate,
    pub facility: &'a Facility,
    pub expenses: &'a [Expense],
    pub interpretations: &'a BTreeMap<Interpretation, String>,
}

#[derive(Debug)]
pub enum CalcError {
    /// No program of this id (the id as asked).
    ProgramNotFound { program_id: String },
    /// The program has no frame of this id.
    FrameNotFound {
        program_id: String,
        frame_id: String,
    },
    /// The profile does not select exactly one frame.
    FrameAmbiguous(Vec<String>),
}

#[derive(Debug)]
pub struct Calculation<'a> {
    pub program: &'a Program,
    pub frame_result: FrameResult<'a>,
    /// The criteria not met or unknown, with their sentences for this facility.
    pub open_criteria: Vec<OpenCriterion>,
    pub verdict: Verdict,
    pub amount_status: AmountStatus,
    pub subsidy_yen: Option<i64>,
    pub eligible_cost_yen: i64,
    pub ineligible_cost_yen: i64,
    pub self_pay_yen: Option<i64>,
    pub steps: Vec<Step>,
    pub warnings: Vec<Warning>,
    pub interpretations: Vec<Applied>,
    pub missing: Vec<InputKey>,
    /// Why the formula rules the application out (below a minimum, hardware only…).
    pub formula_reason: Option<Text>,
    pub term: Option<&'a RawTerm>,
    pub known_max_yen: Option<i64>,
}

fn prov_of(term: &RawTerm) -> Prov {
    Prov {
        source: term.source.to_string(),
        confidence: term.confidence,
        derived: term.derived,
    }
}

/// Picks the frame the profile selects when the request names none.
fn choose_frame<'a>(
    catalog: &Catalog,
    program: &'a Program,
    facility: &Facility,
    as_of: NaiveDate,
) -> Result<&'a Frame, CalcError> {
    if program.frames.len() == 1 {
        return Ok(&program.frames[0]);
    }
    let results: Vec<FrameResult> = program
        .frames
        .iter()
        .map(|f| eligibility::evaluate_frame(catalog, program, f, facility, as_of, false))
        .collect();
    let possible: Vec<&FrameResult> = results
        .iter()
        .filter(|r| r.verdict != Verdict::NotEligible)
        .collect();
    let in_force: Vec<&&FrameResult> = possible.iter().filter(|r| r.term_in_force).collect();
    if in_force.len() == 1 {
        return Ok(in_force[0].frame);
    }
    if possible.len() == 1 {
        return Ok(possible[0].frame);
    }
    let eligible: Vec<&&FrameResult> = in_force
        .iter()
        .copied()
        .filter(|r| r.verdict == Verdict::Eligible)
        .collect();
    if eligible.len() == 1 {
        return Ok(eligible[0].frame);
    }
    let candidates: Vec<String> = if possible.is_empty() {
        program
            .frames
            .iter()
            .map(|f| f.def.id.to_string())
            .collect()
    } else {
        possible
            .iter()
            .map(|r| r.frame.def.id.to_string())
            .collect()
    };
    Err(CalcError::FrameAmbiguous(candidates))
}

/// The term whose figures apply at `as_of` for the facility's prefecture, and the amount status
/// that overrides the formula's when the figures do not apply (prefecture unknown or not covered,
/// no term in force).
pub fn term_at<'a>(
    frame: &'a Frame,
    facility: &Facility,
    as_of: NaiveDate,
) -> (Option<&'a RawTerm>, Option<AmountStatus>) {
    let prefecture = facility.prefecture;
    match frame.terms_at(as_of, prefecture).next() {
        // One prefecture's figures, and the facility's prefecture is not given.
        Some(t) if t.prefectures.is_some() && prefecture.is_none() => {
            (Some(t), Some(AmountStatus::MissingInput))
        }
        Some(t) => (Some(t), None),
        None => {
            let any_date = frame
                .terms()
                .iter()
                .any(|t| super::date::within(as_of, Some(t.from.0), t.until.map(|u| u.0)));
            if any_date && prefecture.is_some() {
                // Terms exist at this date, but for other prefectures: figures unknown here.
                (
                    frame.terms_at(as_of, None).next(),
                    Some(AmountStatus::UnknownFigure),
                )
            } else {
                (None, Some(AmountStatus::NoTermInForce))
            }
        }
    }
}

/// The formula of `term` on lines already filtered to the frame's categories.
pub fn evaluate_term(
    term: &RawTerm,
    facility: &Facility,
    as_of: NaiveDate,
    lines: &[Line],
    interpretations: &BTreeMap<Interpretation, String>,
    explain: bool,
) -> Evaluated {
    let env = formula::Env {
        facility,
        as_of,
        lines,
        chosen: interpretations,
        term_interpretations: &term.interpretations,
        prov: prov_of(term),
        explain,
    };
    formula::evaluate(&term.formula, &env)
}

/// The subsidy in yen an eligible facility receives from the frame for these lines, or `None`
/// when the amount is not computed (missing input, unknown figure, no term, in kind). The same
/// path as `calculate`, without the eligibility criteria and the breakdown's wrapping.
pub fn subsidy_for(
    frame: &Frame,
    facility: &Facility,
    as_of: NaiveDate,
    lines: &[Line],
    interpretations: &BTreeMap<Interpretation, String>,
) -> Option<i64> {
    let (term, status_override) = term_at(frame, facility, as_of);
    if status_override.is_some() {
        return None;
    }
    // Amount only: the planner evaluates many assignments and needs no sentences.
    let ev = evaluate_term(term?, facility, as_of, lines, interpretations, false);
    match (ev.status, ev.not_eligible) {
        (Status::Computed, Some(_)) => Some(0),
        (Status::Computed, None) => Some(ev.subsidy.unwrap_or(0)),
        _ => None,
    }
}

/// A criterion that is not met or unknown, in words.
#[derive(Debug, Clone)]
pub struct OpenCriterion {
    pub code: &'static str,
    pub verdict: super::criteria::Tri,
    pub reason: Text,
}

/// Why expense line `i` is left out of the amount, or `None` when it counts.
fn not_counted(
    i: usize,
    e: &Expense,
    frame: &Frame,
    period: Option<super::catalog::raw::RawPeriod>,
) -> Option<Warning> {
    let label = e.category.label();
    let amount = yen(e.amount_yen);
    if let Some(p) = period.filter(|p| e.spent_on.is_some_and(|d| d < p.from.0 || d > p.until.0)) {
        let (from, until) = (DateText(p.from.0), DateText(p.until.0));
        return Some(Warning::on_line(i, "expense_outside_period", Text::new(
                format!("支出日が対象期間 ({from}〜{until}) の外です ({amount}円を除外)"),
                format!(
                    "spent outside the eligible spending period ({from} to {until}); ¥{amount} not counted"
                ),
            )));
    }
    if let Some(u) = frame.def.unpriced.iter().find(|u| u.category == e.category) {
        let (mj, me) = match u.max {
            Some(m) => (
                format!("上限 {}円とされるが補助率は公表されていない", yen(m.yen)),
                format!("stated maximum ¥{}, rate not published", yen(m.yen)),
            ),
            None => (
                "補助の規則は公表されていない".to_string(),
                "its rule is not published".to_string(),
            ),
        };
        return Some(Warning::on_line(
            i,
            "expense_amount_unknown",
            Text::new(
                format!(
                    "{} ({amount}円) は対象経費だが、{mj}ため計算に含めない",
                    label.ja
                ),
                format!(
                    "{} (¥{amount}) is an eligible cost, but {me}; not included in the amount",
                    label.en
                ),
            ),
        ));
    }
    // A frame without expense categories funds no cost (a per-bed, per-day or fixed payment):
    // its lines are reported like any other category it does not fund.
    if frame.def.expense_categories.contains(&e.category) {
        return None;
    }
    Some(Warning::on_line(
        i,
        "expense_not_eligible",
        Text::new(
            format!("{} ({amount}円) はこの枠の対象経費ではありません", label.ja),
            format!(
                "{} (¥{amount}) is not an eligible cost of this frame",
                label.en
            ),
        ),
    ))
}
/// The interpretations the formula consulted, then those the term relies on but the formula did
/// not consult, each with the reading applied.
fn interpretations_of(
    ev: &Evaluated,
    term: &RawTerm,
    chosen: &BTreeMap<Interpretation, String>,
) -> Vec<Applied> {
    let mut out = ev.interpretations.clone();
    for q in &term.interpretations {
        if !out.iter().any(|a| a.id == *q) {
            let readings = q.readings();
            let applied = chosen
                .get(q)
                .and_then(|c| readings.iter().find(|r| **r == c.as_str()).copied())
                .unwrap_or(readings[0]);
            out.push(Applied {
                id: *q,
                applied,
                alternatives: readings.iter().copied().filter(|r| *r != applied).collect(),
            });
        }
    }
    out
}

/// Computes the subsidy.
pub fn calculate<'a>(catalog: &'a Catalog, req: &Request) -> Result<Calculation<'a>, CalcError> {
    let program = catalog
        .program(req.program_id)
        .ok_or_else(|| CalcError::ProgramNotFound {
            program_id: req.program_id.to_string(),
        })?;
    let frame = match req.frame_id {
        Some(id) => program.frame(id).ok_or_else(|| CalcError::FrameNotFound {
            program_id: req.program_id.to_string(),
            frame_id: id.to_string(),
        })?,
        None => choose_frame(catalog, program, req.facility, req.as_of)?,
    };
    let frame_result =
        eligibility::evaluate_frame(catalog, program, frame, req.facility, req.as_of, true);
    let mut warnings: Vec<Warning> =
        eligibility::request_warnings(catalog, req.facility, req.as_of);
    warnings.extend(eligibility::sources_outdated(catalog, program, req.as_of));

    let (term, status_override) = term_at(frame, req.facility, req.as_of);
    let term = term.or(match status_override {
        Some(AmountStatus::NoTermInForce) => frame_result.term,
        _ => None,
    });

    // Lines spent outside the term's spend period, in categories the frame does not accept, or
    // whose rule is not published are reported, never counted.
    let period = term.and_then(|t| t.spend_period);
    let mut lines = Vec::new();
    let mut ineligible = 0i64;
    let mut total = 0i64;
    for (i, e) in req.expenses.iter().enumerate() {
        total = total.saturating_add(e.amount_yen);
        match not_counted(i, e, frame, period) {
            Some(w) => {
                ineligible = ineligible.saturating_add(e.amount_yen);
                warnings.push(w);
            }
            None => lines.push(Line {
                category: e.category,
                amount_yen: e.amount_yen,
                quantity: e.quantity,
                asset_forming: e.asset_forming,
            }),
        }
    }
    let eligible_cost: i64 = lines.iter().map(|l| l.amount_yen).sum();

    let open_criteria = frame_result
        .criteria
        .iter()
        .filter(|c| c.outcome.verdict != super::criteria::Tri::Met)
        .map(|c| OpenCriterion {
            code: c.outcome.code,
            verdict: c.outcome.verdict,
            reason: c.reason(req.facility, req.as_of),
        })
        .collect();
    let mut calc = Calculation {
        program,
        open_criteria,
        verdict: frame_result.verdict,
        amount_status: AmountStatus::Computed,
        subsidy_yen: None,
        eligible_cost_yen: eligible_cost,
        ineligible_cost_yen: ineligible,
        self_pay_yen: None,
        steps: Vec::new(),
        warnings: Vec::new(),
        interpretations: Vec::new(),
        missing: Vec::new(),
        formula_reason: None,
        term,
        known_max_yen: None,
        frame_result,
    };
    let Some(term) = term else {
        calc.amount_status = AmountStatus::UnknownFigure;
        calc.warnings = warnings;
        return Ok(calc);
    };
    // Every line sent is ineligible and the amount is bounded by the cost: ¥0, and no input the
    // formula would otherwise ask for can change it.
    let ev = if lines.is_empty()
        && !req.expenses.is_empty()
        && formula::bounded_by_cost(&term.formula)
    {
        formula::nothing_eligible(true)
    } else {
        evaluate_term(
            term,
            req.facility,
            req.as_of,
            &lines,
            req.interpretations,
            true,
        )
    };
    calc.interpretations = interpretations_of(&ev, term, req.interpretations);
    calc.steps = ev.steps;
    calc.missing = ev.missing.clone();
    calc.known_max_yen = ev.known_max;
    warnings.extend(ev.warnings);
    calc.amount_status = match (status_override, ev.status) {
        (Some(s), _) => s,
        (None, Status::Computed) => AmountStatus::Computed,
        (None, Status::MissingInput) => AmountStatus::MissingInput,
        (None, Status::UnknownFigure) => AmountStatus::UnknownFigure,
        (None, Status::InKind) => AmountStatus::InKind,
    };
    if calc.amount_status == AmountStatus::MissingInput
        && status_override.is_some()
        && !calc.missing.contains(&FacilityField::Prefecture.into())
    {
        calc.missing.push(FacilityField::Prefecture.into());
    }
    if status_override == Some(AmountStatus::UnknownFigure) {
        warnings.push(Warning::new(
            "prefecture_not_covered",
            Text::new(
                "この都道府県の数値はカタログにありません".to_string(),
                "the catalog has no figures for this prefecture".to_string(),
            ),
        ));
    }
    if let Some(reason) = ev.not_eligible {
        calc.verdict = Verdict::NotEligible;
        calc.formula_reason = Some(reason);
    }
    if calc.amount_status == AmountStatus::Computed {
        let amount = ev.subsidy.unwrap_or(0);
        calc.subsidy_yen = Some(match calc.verdict {
            Verdict::NotEligible => 0,
            _ => amount,
        });
        if calc.verdict == Verdict::Undetermined {
            let unknown: Vec<String> = calc
                .frame_result
                .criteria
                .iter()
                .filter(|c| c.outcome.verdict == super::criteria::Tri::Unknown)
                .map(|c| c.outcome.code.to_string())
                .collect();
            warnings.push(Warning::new(
                "conditional_on_unknown_criteria",
                Text::new(
                    format!(
                        "未確認の要件 ({}) を満たす場合の金額です",
                        unknown.join(", ")
                    ),
                    format!(
                        "the amount assumes the unknown criteria hold: {}",
                        unknown.join(", ")
                    ),
                ),
            ));
        }
        // What the facility pays itself of the costs the frame co-funds: never negative, and
        // absent where the frame funds no cost (a payment per bed, per day or a fixed sum).
        calc.self_pay_yen = if frame.def.expense_categories.is_empty() || total == 0 {
            None
        } else {
            calc.subsidy_yen.map(|s| (total - s).max(0))
        };
        let unverified = calc.steps.iter().any(|s| {
            matches!(
                s.confidence,
                Some(Confidence::Low | Confidence::ArticleOnly)
            )
        });
        if unverified {
            warnings.push(Warning::new(
                "figure_unverified",
                Text::new(
                    "確度の低い数値 (単一の第三者資料または記事のみ) を使っています".to_string(),
                    "a figure used is unverified (single third-party source or article only)"
                        .to_string(),
                ),
            ));
        }
    }
    calc.warnings = warnings;
    Ok(calc)
}
