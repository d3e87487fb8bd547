//! `facility_type`: the facility is one of the listed types.

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_input, write_list, write_not_given, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::vocab::FacilityType;

pub fn decide(ctx: &Ctx, values: &[FacilityType]) -> Tri {
    Tri::from_opt(ctx.facility.facility_type.map(|t| values.contains(&t)))
}

pub fn outcome(ctx: &Ctx, values: &[FacilityType]) -> Outcome {
    Outcome::plain(
        "facility_type",
        decide(ctx, values),
        read(
            ctx.facility.facility_type,
            |t| Fact::Str(t.as_str()),
            FacilityField::FacilityType.into(),
        ),
    )
}

/// `対象施設: 病院・医科診療所 (入力: 病院)`
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    values: &[FacilityType],
) -> fmt::Result {
    out.write_str(lang.pick("対象施設: ", "eligible facility types: "))?;
    write_list(out, lang, values, |t| (t.ja(), t.en()))?;
    if input {
        match ctx.facility.facility_type {
            Some(t) => write_input(out, lang, (t.ja(), t.en()))?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}
