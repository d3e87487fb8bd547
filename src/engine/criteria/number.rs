//! `number`: a number of the profile compared with a threshold (`beds ge 20` = 20床以上).

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Threshold, Tri};
use super::words::{write_not_given, Lang};
use crate::engine::text::write_yen;
use crate::engine::vocab::{NumberField, Op};

pub fn decide(ctx: &Ctx, field: NumberField, op: Op, value: i64) -> Tri {
    Tri::from_opt(ctx.facility.number(field).map(|x| op.holds(x, value)))
}

pub fn outcome(ctx: &Ctx, field: NumberField, op: Op, value: i64) -> Outcome {
    let (v, missing) = read(ctx.facility.number(field), Fact::Int, field.into());
    Outcome {
        code: field.as_str(),
        verdict: decide(ctx, field, op, value),
        value: v,
        threshold: Some(Threshold { op, value }),
        missing,
    }
}

/// `許可病床数が200床未満 (入力: 19床)` / `licensed beds less than 200 beds (input: 19 beds)`
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    field: NumberField,
    op: Op,
    value: i64,
) -> fmt::Result {
    if lang == Lang::Ja {
        out.write_str(field.ja())?;
        out.write_str("が")?;
        write_amount(out, lang, field, value)?;
        out.write_str(op.ja())?;
    } else {
        out.write_str(field.en())?;
        out.write_str(" ")?;
        out.write_str(op.en_before())?;
        out.write_str(" ")?;
        write_amount(out, lang, field, value)?;
    }
    if input {
        match ctx.facility.number(field) {
            Some(x) => {
                out.write_str(lang.pick(" (入力: ", " (input: "))?;
                write_amount(out, lang, field, x)?;
                out.write_str(")")?;
            }
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}

/// A number with its unit: `20床` / `20 beds`, and yen as `1,000円` / `¥1,000`.
fn write_amount<W: fmt::Write>(out: &mut W, lang: Lang, f: NumberField, v: i64) -> fmt::Result {
    let uj = f.unit().0;
    match (lang, f == NumberField::CapitalYen) {
        (Lang::Ja, true) => {
            write_yen(out, v)?;
            out.write_str("円")
        }
        (Lang::Ja, false) => {
            write_yen(out, v)?;
            out.write_str(uj)
        }
        (Lang::En, true) => {
            out.write_str("¥")?;
            write_yen(out, v)
        }
        (Lang::En, false) => {
            write_yen(out, v)?;
            out.write_str(" ")?;
            out.write_str(f.unit_en(v))
        }
    }
}
