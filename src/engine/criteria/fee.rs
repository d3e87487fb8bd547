//! `fee_notified` and `fee_pledged`: a fee notified (date received) on or before a date, or a
//! pledge to notify it by then.

use std::fmt;

use chrono::NaiveDate;

use super::context::{missing_if_unknown, Ctx, Fact, Outcome, Tri};
use super::words::{write_input, write_not_given, Lang};
use crate::engine::facility::Facility;
use crate::engine::input_key::FacilityField;
use crate::engine::text::write_date;
use crate::engine::vocab::Fee;

pub fn decide_notified(ctx: &Ctx, fee: Fee, by: NaiveDate) -> Tri {
    match ctx.facility.fee_notifications.as_ref() {
        None => Tri::Unknown,
        Some(list) => {
            let mut found = list.iter().filter(|n| n.fee == fee).peekable();
            if found.peek().is_none() {
                return Tri::NotMet;
            }
            let mut unknown = false;
            for n in found {
                match n.notified_on {
                    Some(d) if d <= by => return Tri::Met,
                    None => unknown = true,
                    Some(_) => {}
                }
            }
            if unknown {
                Tri::Unknown
            } else {
                Tri::NotMet
            }
        }
    }
}

pub fn outcome_notified(ctx: &Ctx, fee: Fee, by: NaiveDate) -> Outcome {
    let verdict = decide_notified(ctx, fee, by);
    Outcome {
        code: "fee_notified",
        verdict,
        value: fee_state(ctx.facility, fee)
            .and_then(|(_, d)| d)
            .map(Fact::Date),
        threshold: None,
        missing: missing_if_unknown(verdict, FacilityField::FeeNotifications.into()),
    }
}

/// `ベースアップ評価料の届出が2025-03-31までに受理 (入力: 2025-04-01 受理)` / `base-up evaluation
/// fee notified (received) by 2025-03-31 (input: received 2025-04-01)`.
pub fn write_notified<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    fee: Fee,
    by: NaiveDate,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str(fee.ja())?;
        out.write_str("の届出が")?;
        write_date(out, by)?;
        out.write_str("までに受理")?;
    } else {
        out.write_str(fee.en())?;
        out.write_str(" notified (received) by ")?;
        write_date(out, by)?;
    }
    if input {
        match fee_state(ctx.facility, fee) {
            Some((_, Some(d))) => {
                out.write_str(lang.pick(" (入力: ", " (input: received "))?;
                write_date(out, d)?;
                out.write_str(lang.pick(" 受理)", ")"))?;
            }
            Some((false, None)) => write_input(out, lang, ("届出なし", "not notified"))?,
            _ => write_not_given(out, lang)?,
        }
    }
    Ok(())
}

/// The earliest date a fee was notified, and whether the facility listed the fee at all.
fn fee_state(f: &Facility, fee: Fee) -> Option<(bool, Option<NaiveDate>)> {
    f.fee_notifications.as_ref().map(|l| {
        let mut any = false;
        let mut first: Option<NaiveDate> = None;
        for n in l.iter().filter(|n| n.fee == fee) {
            any = true;
            if let Some(d) = n.notified_on {
                first = Some(first.map_or(d, |x| x.min(d)));
            }
        }
        (any, first)
    })
}

pub fn decide_pledged(ctx: &Ctx, fee: Fee, by: NaiveDate) -> Tri {
    match ctx.facility.fee_pledges.as_ref() {
        None => Tri::Unknown,
        Some(list) => list
            .iter()
            .filter(|p| p.fee == fee)
            .fold(Tri::NotMet, |acc, p| {
                acc.or(Tri::from_opt(p.notify_by.map(|d| d <= by)))
            }),
    }
}

pub fn outcome_pledged(ctx: &Ctx, fee: Fee, by: NaiveDate) -> Outcome {
    let verdict = decide_pledged(ctx, fee, by);
    Outcome {
        code: "fee_pledged",
        verdict,
        value: None,
        threshold: None,
        missing: missing_if_unknown(verdict, FacilityField::FeePledges.into()),
    }
}

/// `ベースアップ評価料を2026-06-01までに届け出る誓約 (入力: 誓約あり)` / `pledge to notify …`.
pub fn write_pledged<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    fee: Fee,
    by: NaiveDate,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str(fee.ja())?;
        out.write_str("を")?;
        write_date(out, by)?;
        out.write_str("までに届け出る誓約")?;
    } else {
        out.write_str("pledge to notify ")?;
        out.write_str(fee.en())?;
        out.write_str(" by ")?;
        write_date(out, by)?;
    }
    if input {
        match ctx.facility.fee_pledges.as_ref() {
            None => write_not_given(out, lang)?,
            Some(l) if l.iter().any(|p| p.fee == fee) => {
                write_input(out, lang, ("誓約あり", "pledged"))?
            }
            Some(_) => write_input(out, lang, ("誓約なし", "no pledge"))?,
        }
    }
    Ok(())
}
