//! lesser_of_goals (働き方改革): the lesser of Σ achieved goal caps (within the course maximum) and
//! cost × rate.

use super::bound::{may_raise, rate_f, slack_of, BoundCtx, FrameBound};
use super::describe::{limit_item, rate_item, FigureItem};
use super::eval::{cap_limit, rate_step, rate_value, round_step, sum_lines, Env, Evaluated};
use crate::engine::calc::breakdown::{y, Figure, Step, StepInput, StepKind};
use crate::engine::catalog::raw::{RawLesserOfGoals, RawLimit};
use crate::engine::input_key::{FacilityField, InputKey};
use crate::engine::money::Rate;
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, Interpretation, Op};

// The amount and its breakdown.

/// The amount: the lesser of Σ achieved goal caps (within the course maximum) and cost × rate.
pub(super) fn evaluate(l: &RawLesserOfGoals, env: &Env) -> Evaluated {
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

// The formula in words, its figures, its maxima and its rates.

/// The lesser of achieved goals and cost × rate, in words.
pub(super) fn text(l: &RawLesserOfGoals) -> Text {
    let r = rate_value(&l.rate);
    let raised = l
        .raised_rate
        .as_ref()
        .map(|x| {
            (
                format!(" ({}: {})", x.label.ja, rate_value(&x.rate).text()),
                format!(" ({}: {})", x.label.en, rate_value(&x.rate).text()),
            )
        })
        .unwrap_or_default();
    Text::new(
        format!(
            "min(達成した成果目標の上限額の合計 (コース上限 {}円), 経費 × {}{})",
            yen(l.course_max.yen),
            r.text(),
            raised.0
        ),
        format!(
            "min(sum of achieved goal caps (course maximum ¥{}), cost × {}{})",
            yen(l.course_max.yen),
            r.text(),
            raised.1
        ),
    )
}

/// The figures of the lesser of goals: the rates, the course maximum and each goal's cap.
pub(super) fn figures(
    out: &mut Vec<FigureItem>,
    l: &RawLesserOfGoals,
    src: &str,
    conf: Confidence,
    der: bool,
) {
    out.push(rate_item(
        "rate",
        Text::new("補助率", "rate"),
        &l.rate,
        src,
        conf,
        der,
    ));
    if let Some(r) = &l.raised_rate {
        out.push(rate_item(
            "raised_rate",
            r.label.clone(),
            &r.rate,
            src,
            conf,
            der,
        ));
    }
    out.push(limit_item(
        "course_max",
        Text::new("コース上限", "course maximum"),
        &l.course_max,
        src,
        conf,
        der,
    ));
    for g in &l.goals {
        if let Some(y) = g.cap_yen {
            out.push(limit_item(
                &format!("goals.{}", g.goal),
                g.label.clone(),
                &RawLimit { yen: y, op: Op::Le },
                src,
                conf,
                der,
            ));
        }
    }
}

/// The course maximum.
pub(super) fn max_amount(l: &RawLesserOfGoals) -> Option<i64> {
    Some(l.course_max.yen)
}

/// The rate and the raised rate.
pub(super) fn rates(l: &RawLesserOfGoals) -> Vec<Rate> {
    let mut out = vec![rate_value(&l.rate)];
    out.extend(l.raised_rate.as_ref().map(|r| rate_value(&r.rate)));
    out
}

// The plan's upper bound (in f64: a relaxation that only prunes the search, never below the
// amount).

/// The plan's bound: cost × the higher rate that may apply, up to the course maximum.
pub(super) fn bound(l: &RawLesserOfGoals, ctx: &BoundCtx) -> FrameBound {
    let mut rate = rate_f(&rate_value(&l.rate));
    if let Some(rr) = l.raised_rate.as_ref() {
        if may_raise(rr, ctx.facility, ctx.widened()) {
            rate = rate.max(rate_f(&rate_value(&rr.rate)));
        }
    }
    FrameBound::whole(
        Some(rate),
        Some(l.course_max.yen as f64),
        slack_of(&l.rounding),
    )
}
