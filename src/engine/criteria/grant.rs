//! `not_previously_granted` and `previously_granted`: no earlier grant of a program (and frame
//! and fiscal year, when given), or an earlier grant of it in one of the fiscal years.

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_input, write_int, write_not_given, Lang};
use crate::engine::facility::Facility;
use crate::engine::input_key::FacilityField;

/// Whether the facility received a grant of the program, frame and year (`None`: grants not
/// given). A grant without a frame or a year matches any.
fn granted_before(
    f: &Facility,
    program_id: &str,
    frame_id: Option<&str>,
    fiscal_year: Option<i32>,
) -> Option<bool> {
    f.previous_grants.as_ref().map(|l| {
        l.iter().any(|g| {
            g.program_id == program_id
                && frame_id.is_none_or(|fid| g.frame_id.as_deref().is_none_or(|gf| gf == fid))
                && fiscal_year.is_none_or(|y| g.fiscal_year.is_none_or(|gy| gy == y))
        })
    })
}

pub fn decide_not_granted(
    ctx: &Ctx,
    program_id: &str,
    frame_id: Option<&str>,
    fiscal_year: Option<i32>,
) -> Tri {
    Tri::from_opt(granted_before(ctx.facility, program_id, frame_id, fiscal_year).map(|hit| !hit))
}

pub fn outcome_not_granted(
    ctx: &Ctx,
    program_id: &str,
    frame_id: Option<&str>,
    fiscal_year: Option<i32>,
) -> Outcome {
    Outcome::plain(
        "not_previously_granted",
        decide_not_granted(ctx, program_id, frame_id, fiscal_year),
        read(
            granted_before(ctx.facility, program_id, frame_id, fiscal_year),
            Fact::Bool,
            FacilityField::PreviousGrants.into(),
        ),
    )
}

/// `<program>/<frame> (2024年度) の交付を過去に受けていないこと` /
/// `no earlier grant of <program>/<frame> in fiscal year 2024`.
pub fn write_not_granted<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    program_id: &str,
    frame_id: Option<&str>,
    fiscal_year: Option<i32>,
) -> fmt::Result {
    let ja = lang == Lang::Ja;
    if !ja {
        out.write_str("no earlier grant of ")?;
    }
    out.write_str(program_id)?;
    if let Some(fr) = frame_id {
        out.write_str("/")?;
        out.write_str(fr)?;
    }
    if let Some(y) = fiscal_year {
        out.write_str(lang.pick(" (", " in fiscal year "))?;
        write_int(out, i64::from(y))?;
        out.write_str(lang.pick("年度)", ""))?;
    }
    if ja {
        out.write_str(" の交付を過去に受けていないこと")?;
    }
    if input {
        match granted_before(ctx.facility, program_id, frame_id, fiscal_year) {
            Some(true) => write_input(out, lang, ("交付実績あり", "granted before"))?,
            Some(false) => write_input(out, lang, ("交付実績なし", "not granted before"))?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}

/// Whether the facility received a grant of the program in one of the fiscal years (`None`:
/// grants not given). A grant without a year matches any.
fn granted_in(f: &Facility, program_id: &str, fiscal_years: &[i32]) -> Option<bool> {
    f.previous_grants.as_ref().map(|l| {
        l.iter().any(|g| {
            g.program_id == program_id && g.fiscal_year.is_none_or(|y| fiscal_years.contains(&y))
        })
    })
}

pub fn decide_granted(ctx: &Ctx, program_id: &str, fiscal_years: &[i32]) -> Tri {
    Tri::from_opt(granted_in(ctx.facility, program_id, fiscal_years))
}

pub fn outcome_granted(ctx: &Ctx, program_id: &str, fiscal_years: &[i32]) -> Outcome {
    Outcome::plain(
        "previously_granted",
        decide_granted(ctx, program_id, fiscal_years),
        read(
            granted_in(ctx.facility, program_id, fiscal_years),
            Fact::Bool,
            FacilityField::PreviousGrants.into(),
        ),
    )
}

/// `<program> の交付実績 (2023, 2024年度) があること` / `granted <program> in fiscal year …`;
/// the facility's input is not repeated.
pub fn write_granted<W: fmt::Write>(
    out: &mut W,
    lang: Lang,
    program_id: &str,
    fiscal_years: &[i32],
) -> fmt::Result {
    out.write_str(lang.pick("", "granted "))?;
    out.write_str(program_id)?;
    out.write_str(lang.pick(" の交付実績 (", " in fiscal year "))?;
    for (i, y) in fiscal_years.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        write_int(out, i64::from(*y))?;
    }
    out.write_str(lang.pick("年度) があること", ""))
}
