//! `all` and `any`: criteria combined. The parts are read through functions the dispatcher
//! passes in, so this file evaluates and words the combination without naming the dispatcher
//! (which would make the two files import each other).

use std::fmt;

use super::context::{Outcome, Tri};
use super::words::Lang;
use crate::engine::catalog::Criterion;
use crate::engine::input_key::InputKey;

/// How the parts combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// `all`: every part holds.
    All,
    /// `any`: some part holds.
    Any,
}

pub fn decide(of: &[Criterion], join: Join, part: impl Fn(&Criterion) -> Tri) -> Tri {
    match join {
        Join::All => of.iter().fold(Tri::Met, |acc, c| acc.and(part(c))),
        Join::Any => of.iter().fold(Tri::NotMet, |acc, c| acc.or(part(c))),
    }
}

/// The combination's verdict; when it is unknown, the inputs the parts lack, each once, in
/// order.
pub fn outcome(
    of: &[Criterion],
    join: Join,
    part: impl Fn(&Criterion) -> Tri,
    part_missing: impl Fn(&Criterion) -> Vec<InputKey>,
) -> Outcome {
    let verdict = decide(of, join, part);
    let mut missing: Vec<InputKey> = Vec::new();
    if verdict == Tri::Unknown {
        for p in of {
            for m in part_missing(p) {
                if !missing.contains(&m) {
                    missing.push(m);
                }
            }
        }
    }
    Outcome {
        code: match join {
            Join::All => "all_of",
            Join::Any => "any_of",
        },
        verdict,
        value: None,
        threshold: None,
        missing,
    }
}

/// `(<part> かつ <part>)` / `(<part> or <part>)`.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    lang: Lang,
    of: &[Criterion],
    join: Join,
    mut part: impl FnMut(&mut W, &Criterion) -> fmt::Result,
) -> fmt::Result {
    let sep = match (lang, join) {
        (Lang::Ja, Join::Any) => " または ",
        (Lang::Ja, Join::All) => " かつ ",
        (Lang::En, Join::Any) => " or ",
        (Lang::En, Join::All) => " and ",
    };
    out.write_str("(")?;
    for (i, p) in of.iter().enumerate() {
        if i > 0 {
            out.write_str(sep)?;
        }
        part(out, p)?;
    }
    out.write_str(")")
}
