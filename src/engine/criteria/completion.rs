//! `completed_by` and `completed_from`: the introduction was completed (`completed_on`) on or
//! before a date, or on or after it.

use std::fmt;

use chrono::NaiveDate;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_date_input, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::text::write_date;

/// Which side of the date the completion must fall on (the date itself counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `completed_by`: on or before.
    By,
    /// `completed_from`: on or after.
    From,
}

pub fn decide(ctx: &Ctx, date: NaiveDate, side: Side) -> Tri {
    Tri::from_opt(ctx.facility.completed_on.map(|d| match side {
        Side::By => d <= date,
        Side::From => d >= date,
    }))
}

pub fn outcome(ctx: &Ctx, date: NaiveDate, side: Side) -> Outcome {
    Outcome::plain(
        match side {
            Side::By => "completed_by",
            Side::From => "completed_from",
        },
        decide(ctx, date, side),
        read(
            ctx.facility.completed_on,
            Fact::Date,
            FacilityField::CompletedOn.into(),
        ),
    )
}

/// `導入完了が<date>以前` / `introduction completed on or before <date>`, or `以降` / after.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    date: NaiveDate,
    side: Side,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str("導入完了が")?;
        write_date(out, date)?;
        out.write_str(match side {
            Side::By => "以前",
            Side::From => "以降",
        })?;
    } else {
        out.write_str(match side {
            Side::By => "introduction completed on or before ",
            Side::From => "introduction completed on or after ",
        })?;
        write_date(out, date)?;
    }
    if input {
        write_date_input(out, lang, ctx.facility.completed_on)?;
    }
    Ok(())
}
