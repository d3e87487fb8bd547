//! `prefecture`: the facility is in one of the listed prefectures; elsewhere `not_met`, or
//! `unknown` for a top-up the catalog has not researched there (`others = "unknown"`).

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_input, write_not_given, Lang};
use crate::engine::catalog::raw::OthersVerdict;
use crate::engine::input_key::FacilityField;
use crate::engine::vocab::PREFECTURES;

pub fn decide(ctx: &Ctx, values: &[impl AsRef<str>], others: Option<OthersVerdict>) -> Tri {
    match ctx.facility.prefecture {
        None => Tri::Unknown,
        Some(p) if values.iter().any(|c| c.as_ref() == p) => Tri::Met,
        Some(_) if others == Some(OthersVerdict::Unknown) => Tri::Unknown,
        Some(_) => Tri::NotMet,
    }
}

pub fn outcome(ctx: &Ctx, values: &[impl AsRef<str>], others: Option<OthersVerdict>) -> Outcome {
    Outcome::plain(
        "prefecture",
        decide(ctx, values, others),
        read(
            ctx.facility.prefecture,
            Fact::Str,
            FacilityField::Prefecture.into(),
        ),
    )
}

/// `所在地: <prefectures> (入力: <prefecture>)` / `located in: …`, and where the catalog has not
/// researched the facility's prefecture, that it has not.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    values: &[impl AsRef<str>],
    others: Option<OthersVerdict>,
) -> fmt::Result {
    let f = ctx.facility;
    out.write_str(lang.pick("所在地: ", "located in: "))?;
    let mut first = true;
    for (nj, ne) in values.iter().filter_map(|p| prefecture_names(p.as_ref())) {
        if !first {
            out.write_str(lang.pick("・", ", "))?;
        }
        first = false;
        out.write_str(lang.pick(nj, ne))?;
    }
    if input {
        match f.prefecture.and_then(prefecture_names) {
            Some(n) => write_input(out, lang, n)?,
            None => write_not_given(out, lang)?,
        }
        if others == Some(OthersVerdict::Unknown)
            && f.prefecture.is_some()
            && decide(ctx, values, others) == Tri::Unknown
        {
            out.write_str(lang.pick(
                "。この都道府県の事業はカタログ未調査です",
                "; this prefecture's program is not in the catalog",
            ))?;
        }
    }
    Ok(())
}

fn prefecture_names(code: &str) -> Option<(&'static str, &'static str)> {
    // Codes are "01"–"47" in order, so the code is the index; the check keeps it honest.
    let i = code.parse::<usize>().ok()?.checked_sub(1)?;
    PREFECTURES
        .get(i)
        .filter(|(c, _, _)| *c == code)
        .map(|(_, ja, en)| (*ja, *en))
}
