//! `designation` and `not_designation`: the facility holds a designation, or does not.

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Sense, Tri};
use super::words::{write_input, write_not_given, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::vocab::Designation;

pub fn decide(ctx: &Ctx, designation: Designation, sense: Sense) -> Tri {
    let held = ctx.facility.has_designation(designation);
    Tri::from_opt(match sense {
        Sense::Is => held,
        Sense::Not => held.map(|h| !h),
    })
}

pub fn outcome(ctx: &Ctx, designation: Designation, sense: Sense) -> Outcome {
    Outcome::plain(
        match sense {
            Sense::Is => "designation",
            Sense::Not => "not_designation",
        },
        decide(ctx, designation, sense),
        read(
            ctx.facility.has_designation(designation),
            Fact::Bool,
            FacilityField::Designations.into(),
        ),
    )
}

/// `<designation>であること` / `is a <designation>`, or `でないこと` / `not a`.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    designation: Designation,
    sense: Sense,
) -> fmt::Result {
    match (lang, sense) {
        (Lang::Ja, _) => {
            out.write_str(designation.ja())?;
            out.write_str(match sense {
                Sense::Is => "であること",
                Sense::Not => "でないこと",
            })?;
        }
        (Lang::En, Sense::Not) => {
            out.write_str("not a ")?;
            out.write_str(designation.en())?;
        }
        (Lang::En, Sense::Is) => {
            out.write_str("is a ")?;
            out.write_str(designation.en())?;
        }
    }
    if input {
        match ctx.facility.has_designation(designation) {
            Some(true) => write_input(out, lang, ("該当", "held"))?,
            Some(false) => write_input(out, lang, ("非該当", "not held"))?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}
