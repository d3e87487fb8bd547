//! `incident`: an incident of one of the listed kinds, occurred on or after a date when given.

use std::fmt;

use chrono::NaiveDate;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_date_input, write_input, write_list, write_not_given, Lang};
use crate::engine::facility::Incident;
use crate::engine::input_key::{FacilityField, InputKey};
use crate::engine::text::write_date;
use crate::engine::vocab::{IncidentKind, NumberField};

pub fn decide(ctx: &Ctx, kinds: &[IncidentKind], from: Option<NaiveDate>) -> Tri {
    let incident = ctx.facility.incident.as_ref();
    // Each frame reads its own condition from what happened: one attack may be a leak
    // and a closure at once.
    let kind = match incident.and_then(|i| i.kind.map(|k| (i, k))) {
        None => Tri::Unknown,
        Some((i, k)) => kinds
            .iter()
            .fold(Tri::NotMet, |acc, want| acc.or(incident_is(i, k, *want))),
    };
    let date = match from {
        None => Tri::Met,
        Some(from) => Tri::from_opt(incident.and_then(|i| i.occurred_on).map(|d| d >= from)),
    };
    kind.and(date)
}

/// Whether an incident of kind `k` is also an incident of kind `want`: an attack with a leak
/// that closed the facility (`days_closed` ≥ 1) is a closure by an attack; an attack that closed
/// it and leaked data (`leak = true`) is an attack with a leak.
fn incident_is(i: &Incident, k: IncidentKind, want: IncidentKind) -> Tri {
    use IncidentKind as K;
    match (k, want) {
        _ if k == want => Tri::Met,
        (K::AttackWithLeak, K::AttackClosure) => Tri::from_opt(i.days_closed.map(|d| d >= 1)),
        (K::AttackClosure, K::AttackWithLeak) => Tri::from_opt(Some(i.leak == Some(true))),
        _ => Tri::NotMet,
    }
}

/// The incident's kind as a fact, and the incident details an unknown verdict lacks.
pub fn outcome(ctx: &Ctx, kinds: &[IncidentKind], from: Option<NaiveDate>) -> Outcome {
    let f = ctx.facility;
    let verdict = decide(ctx, kinds, from);
    let (value, mut missing) = read(
        f.incident.as_ref().and_then(|i| i.kind),
        |k| Fact::Str(k.as_str()),
        FacilityField::IncidentKind.into(),
    );
    if from.is_some()
        && verdict == Tri::Unknown
        && f.incident.as_ref().and_then(|i| i.occurred_on).is_none()
    {
        missing.push(FacilityField::IncidentOccurredOn.into());
    }
    if verdict == Tri::Unknown
        && f.incident.as_ref().is_some_and(|i| {
            i.kind == Some(IncidentKind::AttackWithLeak) && i.days_closed.is_none()
        })
    {
        missing.push(InputKey::from(NumberField::DaysClosed));
    }
    Outcome::plain("incident", verdict, (value, missing))
}

/// `被害の種類: <kinds>、<date>以降に発生` / `incident: <kinds>; occurred on or after <date>`.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    kinds: &[IncidentKind],
    from: Option<NaiveDate>,
) -> fmt::Result {
    let f = ctx.facility;
    out.write_str(lang.pick("被害の種類: ", "incident: "))?;
    write_list(out, lang, kinds, |k| (k.ja(), k.en()))?;
    if input {
        match f.incident.as_ref().and_then(|i| i.kind) {
            Some(k) => write_input(out, lang, (k.ja(), k.en()))?,
            None => write_not_given(out, lang)?,
        }
    }
    if let Some(from) = from {
        out.write_str(lang.pick("、", "; occurred on or after "))?;
        write_date(out, from)?;
        if lang == Lang::Ja {
            out.write_str("以降に発生")?;
        }
        if input {
            write_date_input(out, lang, f.incident.as_ref().and_then(|i| i.occurred_on))?;
        }
    }
    Ok(())
}
