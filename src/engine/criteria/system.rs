//! `system` and `no_system`: a system is in operation (or, where accepted, declared as
//! intended), or known not to be in operation (a first introduction only).

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_input, write_not_given, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::vocab::System;

pub fn decide_in_operation(ctx: &Ctx, system: System, accepts_intention: bool) -> Tri {
    let f = ctx.facility;
    match (f.has_system(system), f.intends_system(system)) {
        (Some(true), _) => Tri::Met,
        (_, Some(true)) if accepts_intention => Tri::Met,
        (Some(false), Some(false)) => Tri::NotMet,
        (Some(false), None) if accepts_intention => Tri::Unknown,
        (Some(false), _) => Tri::NotMet,
        (None, _) => Tri::Unknown,
    }
}

/// Whether the system is in operation (or declared), and what would tell.
pub fn outcome_in_operation(ctx: &Ctx, system: System, accepts_intention: bool) -> Outcome {
    let f = ctx.facility;
    let verdict = decide_in_operation(ctx, system, accepts_intention);
    let has = f.has_system(system);
    let state = system_state(has, f.intends_system(system));
    let mut missing = Vec::new();
    if has.is_none() {
        missing.push(FacilityField::Introduced.into());
    } else if verdict == Tri::Unknown {
        missing.push(FacilityField::Intends.into());
    }
    Outcome {
        code: "system_in_operation",
        verdict,
        value: state.map(|(_, e)| Fact::Str(e)),
        threshold: None,
        missing,
    }
}

/// `健診部門システムが導入済み (未入力)` / `health check-up department system in operation (not
/// given)`, with `(導入予定の表明も可)` where a declared intention counts.
pub fn write_in_operation<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    system: System,
    accepts_intention: bool,
) -> fmt::Result {
    let f = ctx.facility;
    if lang == Lang::Ja {
        out.write_str(system.ja())?;
        out.write_str("が")?;
    } else {
        out.write_str(system.en())?;
        out.write_str(" ")?;
    }
    out.write_str(match (accepts_intention, lang) {
        (true, Lang::Ja) => "導入済み (導入予定の表明も可)",
        (true, Lang::En) => "in operation (a declared intention also counts)",
        (false, _) => lang.pick("導入済み", "in operation"),
    })?;
    if input {
        match system_state(f.has_system(system), f.intends_system(system)) {
            Some(s) => write_input(out, lang, s)?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}

pub fn decide_not_in_operation(ctx: &Ctx, system: System) -> Tri {
    Tri::from_opt(ctx.facility.has_system(system).map(|h| !h))
}

pub fn outcome_not_in_operation(ctx: &Ctx, system: System) -> Outcome {
    Outcome::plain(
        "system_not_in_operation",
        decide_not_in_operation(ctx, system),
        read(
            ctx.facility.has_system(system),
            Fact::Bool,
            FacilityField::Introduced.into(),
        ),
    )
}

/// `健診部門システムが未導入 (未入力)` / `… not yet in operation (not given)`.
pub fn write_not_in_operation<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    system: System,
) -> fmt::Result {
    out.write_str(lang.pick(system.ja(), system.en()))?;
    out.write_str(lang.pick("が未導入", " not yet in operation"))?;
    if input {
        match ctx.facility.has_system(system) {
            Some(true) => write_input(out, lang, ("導入済み", "in operation"))?,
            Some(false) => write_input(out, lang, ("未導入", "not in operation"))?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}

/// A system's state in words: in operation, intended, not in operation.
fn system_state(has: Option<bool>, intends: Option<bool>) -> Option<(&'static str, &'static str)> {
    match (has, intends) {
        (Some(true), _) => Some(("導入済み", "in operation")),
        (_, Some(true)) => Some(("導入予定", "intended")),
        (Some(false), _) => Some(("未導入", "not in operation")),
        _ => None,
    }
}
