//! What every formula kind's description shares: limits and rounding in words ("min(経費,
//! 13,158,000円) × 1/2, 上限 6,579,000円" is built from them), and the flat list of figures with
//! their provenance.

use crate::engine::catalog::raw::{RawLimit, RawRate, RawRounding, RoundingDirection};
use crate::engine::money::Rate;
use crate::engine::text::{yen, Text};
use crate::engine::vocab::{Confidence, NumberField, Op};

/// One figure of a term, with its provenance.
#[derive(Debug, Clone)]
pub struct FigureItem {
    /// Path of the figure in the formula (`subsidy_cap`, `tiers.byoin-daikibo.rate`).
    pub name: String,
    pub label: Text,
    pub rate: Option<Rate>,
    pub yen: Option<i64>,
    pub op: Option<Op>,
    pub per: Option<NumberField>,
    pub source: String,
    pub confidence: Confidence,
    pub derived: bool,
}

/// A limit in Japanese: "1,500,000円未満".
pub(super) fn limit_ja(l: &RawLimit) -> String {
    format!("{}円{}", yen(l.yen), l.op.ja())
}

/// A limit in English: "less than ¥1,500,000".
pub(super) fn limit_en(l: &RawLimit) -> String {
    format!("{} ¥{}", l.op.en_before(), yen(l.yen))
}

/// A limit in both languages.
pub(super) fn limit_text(l: &RawLimit) -> (String, String) {
    (limit_ja(l), limit_en(l))
}

pub(super) fn rounding_text(r: &RawRounding) -> (String, String) {
    let (ja, en): (String, String) = match (r.unit, r.direction) {
        (1, RoundingDirection::Down) => {
            ("1円未満切り捨て".into(), "rounded down to the yen".into())
        }
        (1000, RoundingDirection::Down) => {
            ("千円未満切り捨て".into(), "rounded down to ¥1,000".into())
        }
        (u, RoundingDirection::Down) => (
            format!("{u}円未満切り捨て"),
            format!("rounded down to ¥{u}"),
        ),
        (u, RoundingDirection::Up) => (format!("{u}円単位切り上げ"), format!("rounded up to ¥{u}")),
        (u, RoundingDirection::HalfUp) => (
            format!("{u}円単位四捨五入"),
            format!("rounded half up to ¥{u}"),
        ),
    };
    if r.confidence.is_some_and(|c| !c.verified()) || r.derived {
        return (
            format!("{ja} (規則は未確認)"),
            format!("{en} (rule unconfirmed)"),
        );
    }
    (ja, en)
}

pub(super) fn limit_item(
    name: &str,
    label: Text,
    l: &RawLimit,
    src: &str,
    conf: Confidence,
    derived: bool,
) -> FigureItem {
    FigureItem {
        name: name.to_string(),
        label,
        rate: None,
        yen: Some(l.yen),
        op: Some(l.op),
        per: None,
        source: src.to_string(),
        confidence: conf,
        derived,
    }
}

pub(super) fn rate_item(
    name: &str,
    label: Text,
    r: &RawRate,
    src: &str,
    conf: Confidence,
    derived: bool,
) -> FigureItem {
    let (rate, src, conf, derived) = match r {
        RawRate::Plain(r) => (*r, src.to_string(), conf, derived),
        RawRate::Sourced(s) => (
            s.value,
            s.source.as_deref().unwrap_or(src).to_string(),
            s.confidence.unwrap_or(conf),
            s.derived || derived,
        ),
    };
    FigureItem {
        name: name.to_string(),
        label,
        rate: Some(rate),
        yen: None,
        op: None,
        per: None,
        source: src,
        confidence: conf,
        derived,
    }
}

/// Pushes the figure of a limit when the catalog gives one.
pub(super) fn push_limit(
    out: &mut Vec<FigureItem>,
    name: &str,
    label: Text,
    l: &Option<RawLimit>,
    src: &str,
    conf: Confidence,
    derived: bool,
) {
    if let Some(l) = l {
        out.push(limit_item(name, label, l, src, conf, derived));
    }
}

/// What a frame's maximum is: one facility's, a group's total, or an amount per unit (per bed…)
/// that grows with the facility and so is no maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxAmount {
    Facility(i64),
    Group(i64),
    PerUnit {
        yen: i64,
        per: crate::engine::vocab::NumberField,
    },
}
