//! `contracted_between`: the contract or order (`contracted_on`) is dated between two dates,
//! both included.

use std::fmt;

use chrono::NaiveDate;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_date_input, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::text::write_date;

pub fn decide(ctx: &Ctx, from: NaiveDate, until: NaiveDate) -> Tri {
    Tri::from_opt(ctx.facility.contracted_on.map(|d| d >= from && d <= until))
}

pub fn outcome(ctx: &Ctx, from: NaiveDate, until: NaiveDate) -> Outcome {
    Outcome::plain(
        "contracted_between",
        decide(ctx, from, until),
        read(
            ctx.facility.contracted_on,
            Fact::Date,
            FacilityField::ContractedOn.into(),
        ),
    )
}

/// `契約・発注日が<from>〜<until>` / `contract or order dated <from> to <until>`.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    from: NaiveDate,
    until: NaiveDate,
) -> fmt::Result {
    out.write_str(lang.pick("契約・発注日が", "contract or order dated "))?;
    write_date(out, from)?;
    out.write_str(lang.pick("〜", " to "))?;
    write_date(out, until)?;
    if input {
        write_date_input(out, lang, ctx.facility.contracted_on)?;
    }
    Ok(())
}
