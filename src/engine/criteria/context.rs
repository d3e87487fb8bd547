//! What every criterion kind shares: the verdict, the context it is evaluated in and the outcome
//! it reports.

use chrono::NaiveDate;
use serde::Serialize;

use crate::engine::facility::Facility;
use crate::engine::input_key::InputKey;
use crate::engine::text::DateText;
use crate::engine::vocab::{ExpenseCategory, Op};

/// Verdict of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    Met,
    NotMet,
    Unknown,
}

impl Tri {
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::NotMet, _) | (_, Tri::NotMet) => Tri::NotMet,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::Met,
        }
    }
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Met, _) | (_, Tri::Met) => Tri::Met,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::NotMet,
        }
    }
    pub(super) fn from_opt(b: Option<bool>) -> Tri {
        match b {
            Some(true) => Tri::Met,
            Some(false) => Tri::NotMet,
            None => Tri::Unknown,
        }
    }
}

/// A criterion or its negation, for the kinds that come as such a pair (`designation` and
/// `not_designation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Is,
    Not,
}

/// The published reason codes, one per criterion kind (number criteria use the field name).
pub const REASON_CODES: &[&str] = &[
    "facility_type",
    "beds",
    "beds_in_use_max",
    "employees",
    "capital_yen",
    "card_readers_free",
    "it_processes",
    "invoice_functions",
    "days_closed",
    "ambulance_acceptances",
    "surgeries_deliveries",
    "anesthesia_surgeries",
    "deliveries",
    "pharmacy_group_stores",
    "beds_cut",
    "beds_idled",
    "occupancy_percent",
    "deliveries_half_year",
    "delivery_decline_percent",
    "inpatient_decline_percent",
    "pediatric_beds",
    "prefecture",
    "system_in_operation",
    "system_not_in_operation",
    "fee_notified",
    "fee_pledged",
    "designation",
    "not_designation",
    "operator_type",
    "operator_excluded",
    "service",
    "large_chain_pharmacy",
    "not_previously_granted",
    "previously_granted",
    "completed_by",
    "completed_from",
    "contracted_between",
    "incident",
    "min_wage_near",
    "expense_total",
    "expense_category",
    "all_of",
    "any_of",
    "minimum",
];

/// One expense line as the criteria and formulas see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub category: ExpenseCategory,
    pub amount_yen: i64,
    pub quantity: i64,
    pub asset_forming: Option<bool>,
}

/// What a criterion is evaluated against.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub facility: &'a Facility,
    pub as_of: NaiveDate,
    /// Expense lines, in a calculation; `None` in eligibility.
    pub lines: Option<&'a [Line]>,
}

/// The result of one criterion, without its sentence: the sentence is written only where an
/// answer shows it (`write_reason`), from the same criterion and context, so it cannot disagree
/// with the verdict and costs nothing when a summary leaves it out.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub code: &'static str,
    pub verdict: Tri,
    /// The facility value the criterion read, when known.
    pub value: Option<Fact>,
    /// The threshold with its operator, for number criteria.
    pub threshold: Option<Threshold>,
    /// Inputs that would settle an unknown verdict.
    pub missing: Vec<InputKey>,
}

impl Outcome {
    /// An outcome without a threshold, from what `read` gives.
    pub(super) fn plain(
        code: &'static str,
        verdict: Tri,
        (value, missing): (Option<Fact>, Vec<InputKey>),
    ) -> Outcome {
        Outcome {
            code,
            verdict,
            value,
            threshold: None,
            missing,
        }
    }
}

/// A facility value as a criterion read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Int(i64),
    Bool(bool),
    Str(&'static str),
    Date(NaiveDate),
}

impl Serialize for Fact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Fact::Int(v) => s.serialize_i64(*v),
            Fact::Bool(v) => s.serialize_bool(*v),
            Fact::Str(v) => s.serialize_str(v),
            Fact::Date(d) => s.collect_str(&DateText(*d)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Threshold {
    pub op: Op,
    pub value: i64,
}

/// A criterion's facility value as a fact, or the key it lacks.
pub(super) fn read<T>(
    v: Option<T>,
    fact: impl FnOnce(T) -> Fact,
    key: InputKey,
) -> (Option<Fact>, Vec<InputKey>) {
    match v {
        Some(x) => (Some(fact(x)), Vec::new()),
        None => (None, vec![key]),
    }
}

/// `key` as the input that would settle an unknown verdict; nothing otherwise.
pub(super) fn missing_if_unknown(verdict: Tri, key: InputKey) -> Vec<InputKey> {
    if verdict == Tri::Unknown {
        vec![key]
    } else {
        Vec::new()
    }
}
