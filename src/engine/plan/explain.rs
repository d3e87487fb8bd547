//! What the plan says about each purchase, each used frame's headroom and the thresholds it sits
//! next to.

use super::model::{Bits, Diag, Problem};
use super::solution::Solution;
use super::{Application, Assignment, Headroom, Unfunded};
use crate::engine::calc::breakdown::{Figure, StepKind};
use crate::engine::catalog::raw::RawCriterion;
use crate::engine::criteria::Line;
use crate::engine::eligibility::Warning;
use crate::engine::input::MAX_AMOUNT_YEN;
use crate::engine::input_key::{ExpenseField, InputKey};
use crate::engine::text::{yen, Text};
use crate::engine::vocab::NumberField;

fn diag_text(d: &Diag) -> Text {
    match d {
        Diag::WindowClosed => Text::new(
            "プラン期間内に申請できる受付期間がありません (終了または期間外)",
            "no application window within the plan's horizon (closed, ended or later)",
        ),
        Diag::NotEligible(reasons) => {
            let ja = reasons
                .iter()
                .map(|r| r.ja.as_str())
                .collect::<Vec<_>>()
                .join("、");
            let en = reasons
                .iter()
                .map(|r| r.en.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            Text::new(
                format!("要件を満たしません: {ja}"),
                format!("criteria not met: {en}"),
            )
        }
        Diag::Undetermined(missing) => {
            let names = missing
                .iter()
                .map(|k| input_name(*k))
                .collect::<Vec<_>>()
                .join(", ");
            Text::new(
                format!("入力が不足し判定できません: {names}"),
                format!("undetermined; missing inputs: {names}"),
            )
        }
        Diag::AmountUnknown => Text::new(
            "補助額が未確認のため計算できません",
            "the amount cannot be computed (figures not confirmed)",
        ),
        Diag::Fundable(v) => Text::new(
            format!("単独では {}円", yen(*v)),
            format!("¥{} on its own", yen(*v)),
        ),
    }
}

/// An input by its place in the request ("beds", "incident/kind", "expenses"), for sentences;
/// clients see inputs as JSON Pointers in the structured fields, written by the HTTP layer.
fn input_name(k: InputKey) -> std::borrow::Cow<'static, str> {
    match k {
        InputKey::Expenses(ExpenseField::Lines) => "expenses".into(),
        InputKey::Expenses(ExpenseField::AssetForming) => "expenses/asset_forming".into(),
        InputKey::Facility(f) => f.path().into(),
        InputKey::GoalCap(i) => format!("work_style_goals/{i}/cap_yen").into(),
    }
}

/// The ja/en sentence of a reason code.
pub fn reason_text(u: Unfunded) -> Text {
    match u {
        Unfunded::NoEligibleFrame => Text::new(
            "この経費を補助できる対象の枠がありません",
            "no frame the facility is eligible for funds this cost",
        ),
        Unfunded::WindowClosed => Text::new(
            "対象となる枠の受付がプラン期間内にありません",
            "the frames that would fund it take no applications within the horizon",
        ),
        Unfunded::BelowMinimum => Text::new(
            "補助の下限 (事業費・補助額) に届きません",
            "below the frames' minimum cost or subsidy",
        ),
        Unfunded::ExcludedByOtherAssignment => Text::new(
            "対象の枠は他の購入に使う方が補助額が大きくなります (上限・併用不可)",
            "the frames that fit pay more when used for other purchases (caps or exclusions)",
        ),
        Unfunded::AmountUnknown => Text::new(
            "対象の枠はあるが補助額が未確認です",
            "an eligible frame exists but its amount is not confirmed",
        ),
        Unfunded::Undetermined => Text::new(
            "入力が不足しているため対象か判定できません",
            "eligibility is undetermined: inputs are missing",
        ),
    }
}

/// One entry per purchase: the frame that funds it, or why none does.
pub fn assignments<'a>(problem: &Problem<'a>, solution: &Solution) -> Vec<Assignment<'a>> {
    (0..problem.purchases.len())
        .map(|i| {
            let considered = problem.diags[i]
                .iter()
                .map(|(f, d)| (problem.frames[*f].r, diag_text(d)))
                .collect();
            match solution.choice[i] {
                Some(o) => Assignment {
                    purchase: i,
                    planned_on: problem.effective_on(i, o.frame),
                    frame: Some(problem.frames[o.frame].r),
                    stacked: o.topup.map(|t| problem.frames[t].r),
                    unfunded: None,
                    message: None,
                    considered,
                },
                None => {
                    let reason = unfunded_reason(problem, i);
                    Assignment {
                        purchase: i,
                        planned_on: problem.planned[i],
                        frame: None,
                        stacked: None,
                        unfunded: Some(reason),
                        message: Some(reason_text(reason)),
                        considered,
                    }
                }
            }
        })
        .collect()
}

fn unfunded_reason(problem: &Problem, i: usize) -> Unfunded {
    let diags = &problem.diags[i];
    if !problem.options[i].is_empty() {
        let alone_pays = diags
            .iter()
            .any(|(_, d)| matches!(d, Diag::Fundable(v) if *v > 0));
        return if alone_pays {
            Unfunded::ExcludedByOtherAssignment
        } else {
            Unfunded::BelowMinimum
        };
    }
    let has = |pred: fn(&Diag) -> bool| diags.iter().any(|(_, d)| pred(d));
    if has(|d| matches!(d, Diag::WindowClosed)) {
        Unfunded::WindowClosed
    } else if has(|d| matches!(d, Diag::AmountUnknown)) {
        Unfunded::AmountUnknown
    } else if has(|d| matches!(d, Diag::Undetermined(_))) {
        Unfunded::Undetermined
    } else {
        Unfunded::NoEligibleFrame
    }
}

fn set_of(problem: &Problem, app: &Application) -> (usize, Bits, Option<usize>) {
    let f = problem
        .frames
        .iter()
        .position(|pf| pf.r.key() == app.frame.key())
        .unwrap_or(0);
    let set = app
        .purchases
        .iter()
        .fold(Bits::default(), |b, &i| b.with(i));
    let base = app
        .stacked_on
        .and_then(|b| problem.frames.iter().position(|pf| pf.r.key() == b.key()));
    (f, set, base)
}

/// Spend that reaches the frame's cap, and spend beyond which nothing more is earned, found with
/// the engine's own calculation on one line of the frame's first category.
pub fn headroom<'a>(problem: &Problem<'a>, app: &Application<'a>) -> Option<Headroom<'a>> {
    let (f, set, base) = set_of(problem, app);
    let first = *app.purchases.first()?;
    let category = problem.purchases[first].category;
    let at = |spend: i64| -> i64 {
        let line = Line {
            category,
            amount_yen: spend,
            quantity: 1,
            asset_forming: None,
        };
        problem.value_with_spend(f, &set, base, &[line])
    };
    let spend_yen: i64 = app
        .purchases
        .iter()
        .map(|&i| problem.purchases[i].amount_yen)
        .sum();
    let max_subsidy_yen = at(MAX_AMOUNT_YEN).max(app.subsidy_yen);
    let cap_yen = app
        .calculation
        .steps
        .iter()
        .rev()
        .find(|s| s.kind == StepKind::SubsidyCap)
        .and_then(|s| match s.figure {
            Some(Figure::Limit { yen, .. }) => Some(yen),
            _ => None,
        })
        .or_else(|| {
            // The cap may not have been reached by these lines; read it at full spend.
            let r = problem.frames[f].r;
            let ctx = problem.context(f, &set, base)?;
            let (term, _) = crate::engine::calc::term_at(r.frame, &ctx.facility, ctx.applied_on);
            let line = Line {
                category,
                amount_yen: MAX_AMOUNT_YEN,
                quantity: 1,
                asset_forming: None,
            };
            let ev = crate::engine::calc::evaluate_term(
                term?,
                &ctx.facility,
                ctx.applied_on,
                &[line],
                &problem.interpretations,
                true,
            );
            ev.steps
                .iter()
                .find(|s| s.kind == StepKind::SubsidyCap)
                .and_then(|s| match s.figure {
                    Some(Figure::Limit { yen, .. }) => Some(yen),
                    _ => None,
                })
        });
    // Smallest spend whose subsidy reaches `target` (subsidies rise with spend above minimums).
    let first_reaching = |target: i64| -> Option<i64> {
        if at(MAX_AMOUNT_YEN) < target {
            return None;
        }
        let (mut lo, mut hi) = (0i64, MAX_AMOUNT_YEN);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if at(mid) >= target {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(lo)
    };
    let spend_saturation_yen = first_reaching(max_subsidy_yen).unwrap_or(spend_yen);
    let spend_to_reach_cap_yen = cap_yen.and_then(|c| {
        let limit = match app.calculation.steps.iter().find_map(|s| match s.figure {
            Some(Figure::Limit { yen, op }) if yen == c && s.kind == StepKind::SubsidyCap => {
                Some(op)
            }
            _ => None,
        }) {
            Some(crate::engine::vocab::Op::Lt) => c - 1,
            _ => c,
        };
        first_reaching(limit)
    });
    Some(Headroom {
        frame: app.frame,
        spend_yen,
        subsidy_yen: app.subsidy_yen,
        max_subsidy_yen,
        cap_yen,
        spend_to_reach_cap_yen,
        spend_saturation_yen,
    })
}

fn bed_thresholds(c: &RawCriterion, out: &mut Vec<(crate::engine::vocab::Op, i64)>) {
    match c {
        RawCriterion::Number {
            field: NumberField::Beds,
            op,
            value,
        } => out.push((*op, *value)),
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            of.iter().for_each(|c| bed_thresholds(c, out))
        }
        _ => {}
    }
}

/// One bed or one yen from a line that changes the result.
pub fn threshold_warnings(problem: &Problem, applications: &[Application]) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Some(beds) = problem.facility.beds_value() {
        let mut seen: Vec<(String, i64)> = Vec::new();
        for a in applications {
            let r = a.frame;
            let mut thresholds = Vec::new();
            for c in r
                .program
                .def
                .criteria
                .iter()
                .chain(r.frame.def.criteria.iter())
            {
                bed_thresholds(c, &mut thresholds);
            }
            if let Some(term) = a.calculation.term {
                for c in &term.criteria {
                    bed_thresholds(c, &mut thresholds);
                }
                for c in crate::engine::formula::tier_conditions(&term.formula) {
                    bed_thresholds(c, &mut thresholds);
                }
            }
            for (op, value) in thresholds {
                let now = op.holds(beds, value);
                let near = [beds - 1, beds + 1]
                    .into_iter()
                    .find(|b| *b >= 0 && op.holds(*b, value) != now);
                let key = (r.key(), value);
                if let (Some(b), false) = (near, seen.contains(&key)) {
                    seen.push(key);
                    out.push(Warning::new("threshold_proximity", Text::new(
                            format!(
                                "許可病床数 {beds}床: {b}床 になると {} の条件・区分 ({value}床{}) が変わります",
                                r.frame.def.name.ja,
                                op.ja()
                            ),
                            format!(
                                "{beds} licensed beds: at {b} beds the criteria or tier of {} ({} {value} beds) change",
                                r.frame.def.name.en,
                                op.symbol()
                            ),
                        )));
                }
            }
        }
    }
    for a in applications {
        let (f, set, base) = set_of(problem, a);
        let Some(&largest) = a
            .purchases
            .iter()
            .max_by_key(|&&i| problem.purchases[i].amount_yen)
        else {
            continue;
        };
        let lines_with = |delta: i64| -> Vec<Line> {
            a.purchases
                .iter()
                .map(|&i| {
                    let mut l = problem.line(i);
                    if i == largest {
                        l.amount_yen = (l.amount_yen + delta).max(0);
                    }
                    l
                })
                .collect()
        };
        let now = a.subsidy_yen;
        let less = problem.value_with_spend(f, &set, base, &lines_with(-1));
        let more = problem.value_with_spend(f, &set, base, &lines_with(1));
        let spend: i64 = a
            .purchases
            .iter()
            .map(|&i| problem.purchases[i].amount_yen)
            .sum();
        let name = &a.frame.frame.def.name;
        if now - less > 1 {
            out.push(Warning::new("threshold_proximity", Text::new(
                    format!(
                        "{}: 経費 {}円 は境界上です。1円少ないと補助額は {}円 → {}円",
                        name.ja,
                        yen(spend),
                        yen(now),
                        yen(less)
                    ),
                    format!(
                        "{}: the cost ¥{} sits on a threshold; one yen less and the subsidy falls from ¥{} to ¥{}",
                        name.en,
                        yen(spend),
                        yen(now),
                        yen(less)
                    ),
                )));
        }
        if more < now || more - now > 1 {
            out.push(Warning::new("threshold_proximity", Text::new(
                    format!(
                        "{}: 経費 {}円 は境界の手前です。1円多いと補助額は {}円 → {}円",
                        name.ja,
                        yen(spend),
                        yen(now),
                        yen(more)
                    ),
                    format!(
                        "{}: the cost ¥{} is one yen from a threshold; one yen more and the subsidy goes from ¥{} to ¥{}",
                        name.en,
                        yen(spend),
                        yen(now),
                        yen(more)
                    ),
                )));
        }
    }
    out
}
