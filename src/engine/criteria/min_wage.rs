//! `min_wage_near` (最低賃金近傍事業者): at least a share of staff near the minimum wage for a
//! number of months, measured by the program's test when it names one.

use std::fmt;

use super::context::{missing_if_unknown, Ctx, Fact, Outcome, Threshold, Tri};
use super::words::{write_input, write_int, write_not_given, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::vocab::{MinWageBasis, Op};

pub fn decide(ctx: &Ctx, share_percent: i64, months: i64, basis: Option<MinWageBasis>) -> Tri {
    match ctx.facility.min_wage_near.as_ref() {
        None => Tri::Unknown,
        Some(m) => {
            let figures = match (m.share_percent, m.months) {
                (Some(s), Some(mo)) => Tri::from_opt(Some(s >= share_percent && mo >= months)),
                (Some(s), _) if s < share_percent => Tri::NotMet,
                (_, Some(mo)) if mo < months => Tri::NotMet,
                _ => Tri::Unknown,
            };
            // Figures measured against another test say nothing about this one.
            let test = match (basis, m.basis) {
                (None, _) => Tri::Met,
                (Some(b), Some(given)) if b == given => Tri::Met,
                (Some(_), _) => Tri::Unknown,
            };
            figures.and(test)
        }
    }
}

/// The share of staff near the minimum wage against the criterion's threshold.
pub fn outcome(ctx: &Ctx, share_percent: i64, months: i64, basis: Option<MinWageBasis>) -> Outcome {
    let verdict = decide(ctx, share_percent, months, basis);
    Outcome {
        code: "min_wage_near",
        verdict,
        value: ctx
            .facility
            .min_wage_near
            .as_ref()
            .and_then(|m| m.share_percent)
            .map(Fact::Int),
        threshold: Some(Threshold {
            op: Op::Ge,
            value: share_percent,
        }),
        missing: missing_if_unknown(verdict, FacilityField::MinWageNear.into()),
    }
}

/// `最低賃金近傍の従業員が30%以上、3か月以上 (基準: …)` / `at least 30% of staff near the
/// minimum wage for 3+ months (test: …)`.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    share_percent: i64,
    months: i64,
    basis: Option<MinWageBasis>,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str("最低賃金近傍の従業員が")?;
        write_int(out, share_percent)?;
        out.write_str("%以上、")?;
        write_int(out, months)?;
        out.write_str("か月以上")?;
    } else {
        out.write_str("at least ")?;
        write_int(out, share_percent)?;
        out.write_str("% of staff near the minimum wage for ")?;
        write_int(out, months)?;
        out.write_str("+ months")?;
    }
    if let Some(b) = basis {
        out.write_str(lang.pick(" (基準: ", " (test: "))?;
        out.write_str(lang.pick(b.ja(), b.en()))?;
        out.write_str(")")?;
        if input {
            match ctx.facility.min_wage_near.as_ref().and_then(|m| m.basis) {
                Some(g) => write_input(out, lang, (g.ja(), g.en()))?,
                None => write_not_given(out, lang)?,
            }
        }
    }
    Ok(())
}
