//! `operator_in` and `operator_not_in`: the facility's operator (開設者) is, or is not, one of
//! the listed types.

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Sense, Tri};
use super::words::{write_input, write_list, write_not_given, Lang};
use crate::engine::input_key::FacilityField;
use crate::engine::vocab::OperatorType;

pub fn decide(ctx: &Ctx, values: &[OperatorType], sense: Sense) -> Tri {
    Tri::from_opt(ctx.facility.operator_type.map(|o| match sense {
        Sense::Is => values.contains(&o),
        Sense::Not => !values.contains(&o),
    }))
}

pub fn outcome(ctx: &Ctx, values: &[OperatorType], sense: Sense) -> Outcome {
    Outcome::plain(
        match sense {
            Sense::Is => "operator_type",
            Sense::Not => "operator_excluded",
        },
        decide(ctx, values, sense),
        read(
            ctx.facility.operator_type,
            |o| Fact::Str(o.as_str()),
            FacilityField::OperatorType.into(),
        ),
    )
}

/// `開設者が<types>であること` / `operator is one of: <types>`, or its negation.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    values: &[OperatorType],
    sense: Sense,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str("開設者が")?;
        write_list(out, lang, values, |o| (o.ja(), o.en()))?;
        out.write_str(match sense {
            Sense::Is => "であること",
            Sense::Not => "でないこと",
        })?;
    } else {
        out.write_str(match sense {
            Sense::Is => "operator is one of: ",
            Sense::Not => "operator is not: ",
        })?;
        write_list(out, lang, values, |o| (o.ja(), o.en()))?;
    }
    if input {
        match ctx.facility.operator_type {
            Some(o) => write_input(out, lang, (o.ja(), o.en()))?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}
