//! `large_chain_pharmacy`: the pharmacy belongs to a large chain (40,000+ prescriptions a month
//! in the group), or does not, as the criterion's `value` says.

use std::fmt;

use super::context::{read, Ctx, Fact, Outcome, Tri};
use super::words::{write_input, write_not_given, Lang};
use crate::engine::input_key::FacilityField;

pub fn decide(ctx: &Ctx, value: bool) -> Tri {
    Tri::from_opt(ctx.facility.large_chain_pharmacy.map(|b| b == value))
}

pub fn outcome(ctx: &Ctx, value: bool) -> Outcome {
    Outcome::plain(
        "large_chain_pharmacy",
        decide(ctx, value),
        read(
            ctx.facility.large_chain_pharmacy,
            Fact::Bool,
            FacilityField::LargeChainPharmacy.into(),
        ),
    )
}

pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
    value: bool,
) -> fmt::Result {
    out.write_str(if value {
        lang.pick(
            "大型チェーン薬局 (グループで月4万回以上)",
            "a large chain pharmacy (40,000+ prescriptions a month in the group)",
        )
    } else {
        lang.pick("大型チェーン薬局以外", "not a large chain pharmacy")
    })?;
    if input {
        match ctx.facility.large_chain_pharmacy {
            Some(true) => write_input(out, lang, ("大型チェーン", "large chain"))?,
            Some(false) => write_input(out, lang, ("大型チェーン以外", "not a large chain"))?,
            None => write_not_given(out, lang)?,
        }
    }
    Ok(())
}
