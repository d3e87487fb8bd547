//! Three-valued evaluation of catalog criteria against a facility profile.
//!
//! `decide` is the single place where a criterion's verdict is made; `outcome` adds the reason
//! code, the value read and the missing inputs; `write_reason` writes the ja/en sentence from the
//! same criterion and context, only where an answer shows it.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::raw::{OthersVerdict, RawCriterion};
use super::facility::Facility;
use super::input_key::{ExpenseField, FacilityField, InputKey};
use super::text::{write_date, write_yen, DateText, Text};
use super::vocab::{ExpenseCategory, NumberField, Op, System, PREFECTURES};

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
    fn from_opt(b: Option<bool>) -> Tri {
        match b {
            Some(true) => Tri::Met,
            Some(false) => Tri::NotMet,
            None => Tri::Unknown,
        }
    }
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

/// The language of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    fn pick(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

fn write_int<W: fmt::Write>(out: &mut W, v: i64) -> fmt::Result {
    write!(out, "{v}")
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

fn write_list<W: fmt::Write, T: Copy>(
    out: &mut W,
    lang: Lang,
    items: &[T],
    label: fn(T) -> (&'static str, &'static str),
) -> fmt::Result {
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.write_str(lang.pick("・", ", "))?;
        }
        let (ja, en) = label(*t);
        out.write_str(lang.pick(ja, en))?;
    }
    Ok(())
}

/// ` (入力: …)` / ` (input: …)` with a fixed word per language.
fn write_input<W: fmt::Write>(
    out: &mut W,
    lang: Lang,
    word: (&'static str, &'static str),
) -> fmt::Result {
    out.write_str(lang.pick(" (入力: ", " (input: "))?;
    out.write_str(lang.pick(word.0, word.1))?;
    out.write_str(")")
}

fn write_not_given<W: fmt::Write>(out: &mut W, lang: Lang) -> fmt::Result {
    out.write_str(lang.pick(" (未入力)", " (not given)"))
}

/// The verdict of one criterion, without any text: the single place where criteria decide.
pub fn decide(c: &RawCriterion, ctx: &Ctx) -> Tri {
    let f = ctx.facility;
    match c {
        RawCriterion::FacilityType { values } => {
            Tri::from_opt(f.facility_type.map(|t| values.contains(&t)))
        }
        RawCriterion::Number { field, op, value } => {
            Tri::from_opt(f.number(*field).map(|x| op.holds(x, *value)))
        }
        RawCriterion::Prefecture { values, others } => match f.prefecture {
            None => Tri::Unknown,
            Some(p) if values.iter().any(|c| c == p) => Tri::Met,
            Some(_) if *others == Some(OthersVerdict::Unknown) => Tri::Unknown,
            Some(_) => Tri::NotMet,
        },
        RawCriterion::System {
            system,
            accepts_intention,
        } => match (f.has_system(*system), f.intends_system(*system)) {
            (Some(true), _) => Tri::Met,
            (_, Some(true)) if *accepts_intention => Tri::Met,
            (Some(false), Some(false)) => Tri::NotMet,
            (Some(false), None) if *accepts_intention => Tri::Unknown,
            (Some(false), _) => Tri::NotMet,
            (None, _) => Tri::Unknown,
        },
        RawCriterion::NoSystem { system } => Tri::from_opt(f.has_system(*system).map(|h| !h)),
        RawCriterion::FeeNotified { fee, by } => match f.fee_notifications.as_ref() {
            None => Tri::Unknown,
            Some(list) => {
                let mut found = list.iter().filter(|n| n.fee == *fee).peekable();
                if found.peek().is_none() {
                    return Tri::NotMet;
                }
                let mut unknown = false;
                for n in found {
                    match n.notified_on {
                        Some(d) if d <= by.0 => return Tri::Met,
                        None => unknown = true,
                        Some(_) => {}
                    }
                }
                if unknown {
                    Tri::Unknown
                } else {
                    Tri::NotMet
                }
            }
        },
        RawCriterion::FeePledged { fee, by } => match f.fee_pledges.as_ref() {
            None => Tri::Unknown,
            Some(list) => list
                .iter()
                .filter(|p| p.fee == *fee)
                .fold(Tri::NotMet, |acc, p| {
                    acc.or(Tri::from_opt(p.notify_by.map(|d| d <= by.0)))
                }),
        },
        RawCriterion::Designation { designation } => Tri::from_opt(f.has_designation(*designation)),
        RawCriterion::NotDesignation { designation } => {
            Tri::from_opt(f.has_designation(*designation).map(|h| !h))
        }
        RawCriterion::OperatorIn { values } => {
            Tri::from_opt(f.operator_type.map(|o| values.contains(&o)))
        }
        RawCriterion::OperatorNotIn { values } => {
            Tri::from_opt(f.operator_type.map(|o| !values.contains(&o)))
        }
        RawCriterion::Service { service } => {
            Tri::from_opt(f.services.as_ref().map(|l| l.contains(service)))
        }
        RawCriterion::LargeChainPharmacy { value } => {
            Tri::from_opt(f.large_chain_pharmacy.map(|b| b == *value))
        }
        RawCriterion::NotPreviouslyGranted { .. } => {
            Tri::from_opt(granted_before(c, f).map(|hit| !hit))
        }
        RawCriterion::PreviouslyGranted { .. } => Tri::from_opt(granted_before(c, f)),
        RawCriterion::CompletedBy { by } => Tri::from_opt(f.completed_on.map(|d| d <= by.0)),
        RawCriterion::CompletedFrom { from } => Tri::from_opt(f.completed_on.map(|d| d >= from.0)),
        RawCriterion::ContractedBetween { from, until } => {
            Tri::from_opt(f.contracted_on.map(|d| d >= from.0 && d <= until.0))
        }
        RawCriterion::Incident { kinds, from } => {
            let incident = f.incident.as_ref();
            // Each frame reads its own condition from what happened: one attack may be a leak
            // and a closure at once.
            let kind = match incident.and_then(|i| i.kind.map(|k| (i, k))) {
                None => Tri::Unknown,
                Some((i, k)) => kinds
                    .iter()
                    .fold(Tri::NotMet, |acc, want| acc.or(incident_is(i, k, *want))),
            };
            let date = match from {
                None => Tri::Met,
                Some(from) => {
                    Tri::from_opt(incident.and_then(|i| i.occurred_on).map(|d| d >= from.0))
                }
            };
            kind.and(date)
        }
        RawCriterion::MinWageNear {
            share_percent,
            months,
            basis,
        } => match f.min_wage_near.as_ref() {
            None => Tri::Unknown,
            Some(m) => {
                let figures = match (m.share_percent, m.months) {
                    (Some(s), Some(mo)) => {
                        Tri::from_opt(Some(s >= *share_percent && mo >= *months))
                    }
                    (Some(s), _) if s < *share_percent => Tri::NotMet,
                    (_, Some(mo)) if mo < *months => Tri::NotMet,
                    _ => Tri::Unknown,
                };
                // Figures measured against another test say nothing about this one.
                let test = match (basis, m.basis) {
                    (None, _) => Tri::Met,
                    (Some(b), Some(given)) if *b == given => Tri::Met,
                    (Some(_), _) => Tri::Unknown,
                };
                figures.and(test)
            }
        },
        RawCriterion::ExpenseTotal {
            categories,
            op,
            yen,
        } => Tri::from_opt(expense_total(ctx, categories).map(|total| op.holds(total, *yen))),
        RawCriterion::ExpenseCategory { category } => Tri::from_opt(
            ctx.lines
                .map(|ls| ls.iter().any(|l| l.category == *category)),
        ),
        RawCriterion::All { of } => of.iter().fold(Tri::Met, |acc, c| acc.and(decide(c, ctx))),
        RawCriterion::Any { of } => of.iter().fold(Tri::NotMet, |acc, c| acc.or(decide(c, ctx))),
    }
}

/// Whether an incident of kind `k` is also an incident of kind `want`: an attack with a leak
/// that closed the facility (`days_closed` ≥ 1) is a closure by an attack; an attack that closed
/// it and leaked data (`leak = true`) is an attack with a leak.
fn incident_is(
    i: &super::facility::Incident,
    k: super::vocab::IncidentKind,
    want: super::vocab::IncidentKind,
) -> Tri {
    use super::vocab::IncidentKind as K;
    match (k, want) {
        _ if k == want => Tri::Met,
        (K::AttackWithLeak, K::AttackClosure) => Tri::from_opt(i.days_closed.map(|d| d >= 1)),
        (K::AttackClosure, K::AttackWithLeak) => Tri::from_opt(Some(i.leak == Some(true))),
        _ => Tri::NotMet,
    }
}

/// A number criterion's facility value, an optional flag as a fact, and the key it lacks.
fn read<T>(
    v: Option<T>,
    fact: impl FnOnce(T) -> Fact,
    key: InputKey,
) -> (Option<Fact>, Vec<InputKey>) {
    match v {
        Some(x) => (Some(fact(x)), Vec::new()),
        None => (None, vec![key]),
    }
}

/// Whether the facility received a grant the criterion names (`None` = grants not given).
fn granted_before(c: &RawCriterion, f: &Facility) -> Option<bool> {
    match c {
        RawCriterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            fiscal_year,
        } => f.previous_grants.as_ref().map(|l| {
            l.iter().any(|g| {
                g.program_id == *program_id
                    && frame_id
                        .as_ref()
                        .is_none_or(|fid| g.frame_id.as_ref().is_none_or(|gf| gf == fid))
                    && fiscal_year.is_none_or(|y| g.fiscal_year.is_none_or(|gy| gy == y))
            })
        }),
        RawCriterion::PreviouslyGranted {
            program_id,
            fiscal_years,
        } => f.previous_grants.as_ref().map(|l| {
            l.iter().any(|g| {
                g.program_id == *program_id
                    && g.fiscal_year.is_none_or(|y| fiscal_years.contains(&y))
            })
        }),
        _ => None,
    }
}

/// The earliest date a fee was notified, and whether the facility listed the fee at all.
fn fee_state(f: &Facility, fee: crate::engine::vocab::Fee) -> Option<(bool, Option<NaiveDate>)> {
    f.fee_notifications.as_ref().map(|l| {
        let mut any = false;
        let mut first: Option<NaiveDate> = None;
        for n in l.iter().filter(|n| n.fee == fee) {
            any = true;
            if let Some(d) = n.notified_on {
                first = Some(first.map_or(d, |x| x.min(d)));
            }
        }
        (any, first)
    })
}

fn expense_total(ctx: &Ctx, categories: &[ExpenseCategory]) -> Option<i64> {
    ctx.lines.map(|ls| {
        ls.iter()
            .filter(|l| categories.contains(&l.category))
            .map(|l| l.amount_yen)
            .sum()
    })
}

/// A system criterion: whether the system is in operation (or declared), and what would tell.
fn system_outcome(f: &Facility, system: System, verdict: Tri) -> Outcome {
    let has = f.has_system(system);
    let state = system_state(has, f.intends_system(system));
    let mut missing = Vec::new();
    if has.is_none() {
        missing.push(FacilityField::Introduced.into());
    } else if verdict == Tri::Unknown {
        missing.push(FacilityField::Intends.into());
    }
    Outcome {
        code: "system_in_operation",
        verdict,
        value: state.map(|(_, e)| Fact::Str(e)),
        threshold: None,
        missing,
    }
}

/// An incident criterion's kind as a fact, and the incident details an unknown verdict lacks.
fn incident_read(f: &Facility, dated: bool, verdict: Tri) -> (Option<Fact>, Vec<InputKey>) {
    let (value, mut missing) = read(
        f.incident.as_ref().and_then(|i| i.kind),
        |k| Fact::Str(k.as_str()),
        FacilityField::IncidentKind.into(),
    );
    if dated && verdict == Tri::Unknown && f.incident.as_ref().and_then(|i| i.occurred_on).is_none()
    {
        missing.push(FacilityField::IncidentOccurredOn.into());
    }
    if verdict == Tri::Unknown
        && f.incident.as_ref().is_some_and(|i| {
            i.kind == Some(super::vocab::IncidentKind::AttackWithLeak) && i.days_closed.is_none()
        })
    {
        missing.push(InputKey::from(NumberField::DaysClosed));
    }
    (value, missing)
}

/// The share of staff near the minimum wage against the criterion's threshold.
fn min_wage_outcome(f: &Facility, share_percent: i64, verdict: Tri) -> Outcome {
    Outcome {
        code: "min_wage_near",
        verdict,
        value: f
            .min_wage_near
            .as_ref()
            .and_then(|m| m.share_percent)
            .map(Fact::Int),
        threshold: Some(Threshold {
            op: Op::Ge,
            value: share_percent,
        }),
        missing: if verdict == Tri::Unknown {
            vec![FacilityField::MinWageNear.into()]
        } else {
            Vec::new()
        },
    }
}

/// The inputs the parts of a combined criterion lack, each once, in order.
fn parts_missing(of: &[RawCriterion], ctx: &Ctx) -> Vec<InputKey> {
    let mut missing: Vec<InputKey> = Vec::new();
    for part in of {
        for m in outcome(part, ctx).missing {
            if !missing.contains(&m) {
                missing.push(m);
            }
        }
    }
    missing
}

/// Evaluates one criterion: verdict, reason code, the value read and the inputs it lacks.
pub fn outcome(c: &RawCriterion, ctx: &Ctx) -> Outcome {
    let f = ctx.facility;
    let verdict = decide(c, ctx);
    let plain = |code: &'static str, (value, missing): (Option<Fact>, Vec<InputKey>)| Outcome {
        code,
        verdict,
        value,
        threshold: None,
        missing,
    };
    match c {
        RawCriterion::FacilityType { .. } => plain(
            "facility_type",
            read(
                f.facility_type,
                |t| Fact::Str(t.as_str()),
                FacilityField::FacilityType.into(),
            ),
        ),
        RawCriterion::Number { field, op, value } => {
            let (v, missing) = read(f.number(*field), Fact::Int, (*field).into());
            Outcome {
                code: field.as_str(),
                verdict,
                value: v,
                threshold: Some(Threshold {
                    op: *op,
                    value: *value,
                }),
                missing,
            }
        }
        RawCriterion::Prefecture { .. } => plain(
            "prefecture",
            read(f.prefecture, Fact::Str, FacilityField::Prefecture.into()),
        ),
        RawCriterion::System { system, .. } => system_outcome(f, *system, verdict),
        RawCriterion::NoSystem { system } => plain(
            "system_not_in_operation",
            read(
                f.has_system(*system),
                Fact::Bool,
                FacilityField::Introduced.into(),
            ),
        ),
        RawCriterion::FeeNotified { fee, .. } => Outcome {
            code: "fee_notified",
            verdict,
            value: fee_state(f, *fee).and_then(|(_, d)| d).map(Fact::Date),
            threshold: None,
            missing: if verdict == Tri::Unknown {
                vec![FacilityField::FeeNotifications.into()]
            } else {
                Vec::new()
            },
        },
        RawCriterion::FeePledged { .. } => Outcome {
            code: "fee_pledged",
            verdict,
            value: None,
            threshold: None,
            missing: if verdict == Tri::Unknown {
                vec![FacilityField::FeePledges.into()]
            } else {
                Vec::new()
            },
        },
        RawCriterion::Designation { designation }
        | RawCriterion::NotDesignation { designation } => plain(
            if matches!(c, RawCriterion::NotDesignation { .. }) {
                "not_designation"
            } else {
                "designation"
            },
            read(
                f.has_designation(*designation),
                Fact::Bool,
                FacilityField::Designations.into(),
            ),
        ),
        RawCriterion::OperatorIn { .. } | RawCriterion::OperatorNotIn { .. } => plain(
            if matches!(c, RawCriterion::OperatorNotIn { .. }) {
                "operator_excluded"
            } else {
                "operator_type"
            },
            read(
                f.operator_type,
                |o| Fact::Str(o.as_str()),
                FacilityField::OperatorType.into(),
            ),
        ),
        RawCriterion::Service { service } => plain(
            "service",
            read(
                f.services.as_ref().map(|l| l.contains(service)),
                Fact::Bool,
                FacilityField::Services.into(),
            ),
        ),
        RawCriterion::LargeChainPharmacy { .. } => plain(
            "large_chain_pharmacy",
            read(
                f.large_chain_pharmacy,
                Fact::Bool,
                FacilityField::LargeChainPharmacy.into(),
            ),
        ),
        RawCriterion::NotPreviouslyGranted { .. } | RawCriterion::PreviouslyGranted { .. } => {
            plain(
                if matches!(c, RawCriterion::PreviouslyGranted { .. }) {
                    "previously_granted"
                } else {
                    "not_previously_granted"
                },
                read(
                    granted_before(c, f),
                    Fact::Bool,
                    FacilityField::PreviousGrants.into(),
                ),
            )
        }
        RawCriterion::CompletedBy { .. } | RawCriterion::CompletedFrom { .. } => plain(
            if matches!(c, RawCriterion::CompletedBy { .. }) {
                "completed_by"
            } else {
                "completed_from"
            },
            read(
                f.completed_on,
                Fact::Date,
                FacilityField::CompletedOn.into(),
            ),
        ),
        RawCriterion::ContractedBetween { .. } => plain(
            "contracted_between",
            read(
                f.contracted_on,
                Fact::Date,
                FacilityField::ContractedOn.into(),
            ),
        ),
        RawCriterion::Incident { from, .. } => {
            plain("incident", incident_read(f, from.is_some(), verdict))
        }
        RawCriterion::MinWageNear { share_percent, .. } => {
            min_wage_outcome(f, *share_percent, verdict)
        }
        RawCriterion::ExpenseTotal {
            categories,
            op,
            yen: limit,
        } => {
            let (value, missing) = read(
                expense_total(ctx, categories),
                Fact::Int,
                InputKey::Expenses(ExpenseField::Lines),
            );
            Outcome {
                code: "expense_total",
                verdict,
                value,
                threshold: Some(Threshold {
                    op: *op,
                    value: *limit,
                }),
                missing,
            }
        }
        RawCriterion::ExpenseCategory { category } => plain(
            "expense_category",
            read(
                ctx.lines
                    .map(|ls| ls.iter().any(|l| l.category == *category)),
                Fact::Bool,
                InputKey::Expenses(ExpenseField::Lines),
            ),
        ),
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            let missing = if verdict == Tri::Unknown {
                parts_missing(of, ctx)
            } else {
                Vec::new()
            };
            Outcome {
                code: if matches!(c, RawCriterion::Any { .. }) {
                    "any_of"
                } else {
                    "all_of"
                },
                verdict,
                value: None,
                threshold: None,
                missing,
            }
        }
    }
}

fn prefecture_names(code: &str) -> Option<(&'static str, &'static str)> {
    // Codes are "01"–"47" in order, so the code is the index; the check keeps it honest.
    let i = code.parse::<usize>().ok()?.checked_sub(1)?;
    PREFECTURES
        .get(i)
        .filter(|(c, _, _)| *c == code)
        .map(|(_, ja, en)| (*ja, *en))
}

/// A system's state in words: in operation, intended, not in operation.
fn system_state(has: Option<bool>, intends: Option<bool>) -> Option<(&'static str, &'static str)> {
    match (has, intends) {
        (Some(true), _) => Some(("導入済み", "in operation")),
        (_, Some(true)) => Some(("導入予定", "intended")),
        (Some(false), _) => Some(("未導入", "not in operation")),
        _ => None,
    }
}

/// Writes the sentence of one criterion in one language. `input` adds what the facility gave
/// (" (入力: 19床)"), or that it gave nothing; catalog descriptions leave it out.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    match c {
        RawCriterion::FacilityType { .. }
        | RawCriterion::Number { .. }
        | RawCriterion::Prefecture { .. } => reason_facility(out, c, ctx, lang, input)?,
        RawCriterion::System { .. } | RawCriterion::NoSystem { .. } => {
            reason_system(out, c, ctx, lang, input)?
        }
        RawCriterion::FeeNotified { .. } | RawCriterion::FeePledged { .. } => {
            reason_fee(out, c, ctx, lang, input)?
        }
        RawCriterion::Designation { .. }
        | RawCriterion::NotDesignation { .. }
        | RawCriterion::OperatorIn { .. }
        | RawCriterion::OperatorNotIn { .. }
        | RawCriterion::Service { .. }
        | RawCriterion::LargeChainPharmacy { .. } => reason_standing(out, c, ctx, lang, input)?,
        RawCriterion::NotPreviouslyGranted { .. } | RawCriterion::PreviouslyGranted { .. } => {
            reason_grant(out, c, ctx, lang, input)?
        }
        RawCriterion::CompletedBy { .. }
        | RawCriterion::CompletedFrom { .. }
        | RawCriterion::ContractedBetween { .. }
        | RawCriterion::Incident { .. } => reason_dates(out, c, ctx, lang, input)?,
        RawCriterion::MinWageNear { .. }
        | RawCriterion::ExpenseTotal { .. }
        | RawCriterion::ExpenseCategory { .. } => reason_costs(out, c, ctx, lang, input)?,
        RawCriterion::All { of } | RawCriterion::Any { of } => {
            let sep = match (lang, matches!(c, RawCriterion::Any { .. })) {
                (Lang::Ja, true) => " または ",
                (Lang::Ja, false) => " かつ ",
                (Lang::En, true) => " or ",
                (Lang::En, false) => " and ",
            };
            out.write_str("(")?;
            for (i, part) in of.iter().enumerate() {
                if i > 0 {
                    out.write_str(sep)?;
                }
                write_reason(out, part, ctx, lang, input)?;
            }
            out.write_str(")")?;
        }
    }
    Ok(())
}

/// `write_reason` for the facility itself: its type, a number, its prefecture.
fn reason_facility<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let f = ctx.facility;
    let ja = lang == Lang::Ja;
    match c {
        RawCriterion::FacilityType { values } => {
            out.write_str(lang.pick("対象施設: ", "eligible facility types: "))?;
            write_list(out, lang, values, |t| (t.ja(), t.en()))?;
            if input {
                match f.facility_type {
                    Some(t) => write_input(out, lang, (t.ja(), t.en()))?,
                    None => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::Number { field, op, value } => {
            if ja {
                out.write_str(field.ja())?;
                out.write_str("が")?;
                write_amount(out, lang, *field, *value)?;
                out.write_str(op.ja())?;
            } else {
                out.write_str(field.en())?;
                out.write_str(" ")?;
                out.write_str(op.en_before())?;
                out.write_str(" ")?;
                write_amount(out, lang, *field, *value)?;
            }
            if input {
                match f.number(*field) {
                    Some(x) => {
                        out.write_str(lang.pick(" (入力: ", " (input: "))?;
                        write_amount(out, lang, *field, x)?;
                        out.write_str(")")?;
                    }
                    None => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::Prefecture { values, others } => {
            out.write_str(lang.pick("所在地: ", "located in: "))?;
            let mut first = true;
            for (nj, ne) in values.iter().filter_map(|p| prefecture_names(p)) {
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
                if *others == Some(OthersVerdict::Unknown)
                    && f.prefecture.is_some()
                    && decide(c, ctx) == Tri::Unknown
                {
                    out.write_str(lang.pick(
                        "。この都道府県の事業はカタログ未調査です",
                        "; this prefecture's program is not in the catalog",
                    ))?;
                }
            }
        }
        // `write_reason` sends only this family here.
        _ => {}
    }
    Ok(())
}

/// `write_reason` for systems in operation or not.
fn reason_system<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let f = ctx.facility;
    let ja = lang == Lang::Ja;
    match c {
        RawCriterion::System {
            system,
            accepts_intention,
        } => {
            if ja {
                out.write_str(system.ja())?;
                out.write_str("が")?;
            } else {
                out.write_str(system.en())?;
                out.write_str(" ")?;
            }
            out.write_str(match (*accepts_intention, lang) {
                (true, Lang::Ja) => "導入済み (導入予定の表明も可)",
                (true, Lang::En) => "in operation (a declared intention also counts)",
                (false, _) => lang.pick("導入済み", "in operation"),
            })?;
            if input {
                match system_state(f.has_system(*system), f.intends_system(*system)) {
                    Some(s) => write_input(out, lang, s)?,
                    None => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::NoSystem { system } => {
            out.write_str(lang.pick(system.ja(), system.en()))?;
            out.write_str(lang.pick("が未導入", " not yet in operation"))?;
            if input {
                match f.has_system(*system) {
                    Some(true) => write_input(out, lang, ("導入済み", "in operation"))?,
                    Some(false) => write_input(out, lang, ("未導入", "not in operation"))?,
                    None => write_not_given(out, lang)?,
                }
            }
        }
        // `write_reason` sends only this family here.
        _ => {}
    }
    Ok(())
}

/// `write_reason` for fee notifications and pledges.
fn reason_fee<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let f = ctx.facility;
    let ja = lang == Lang::Ja;
    match c {
        RawCriterion::FeeNotified { fee, by } => {
            if ja {
                out.write_str(fee.ja())?;
                out.write_str("の届出が")?;
                write_date(out, by.0)?;
                out.write_str("までに受理")?;
            } else {
                out.write_str(fee.en())?;
                out.write_str(" notified (received) by ")?;
                write_date(out, by.0)?;
            }
            if input {
                match fee_state(f, *fee) {
                    Some((_, Some(d))) => {
                        out.write_str(lang.pick(" (入力: ", " (input: received "))?;
                        write_date(out, d)?;
                        out.write_str(lang.pick(" 受理)", ")"))?;
                    }
                    Some((false, None)) => write_input(out, lang, ("届出なし", "not notified"))?,
                    _ => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::FeePledged { fee, by } => {
            if ja {
                out.write_str(fee.ja())?;
                out.write_str("を")?;
                write_date(out, by.0)?;
                out.write_str("までに届け出る誓約")?;
            } else {
                out.write_str("pledge to notify ")?;
                out.write_str(fee.en())?;
                out.write_str(" by ")?;
                write_date(out, by.0)?;
            }
            if input {
                match f.fee_pledges.as_ref() {
                    None => write_not_given(out, lang)?,
                    Some(l) if l.iter().any(|p| p.fee == *fee) => {
                        write_input(out, lang, ("誓約あり", "pledged"))?
                    }
                    Some(_) => write_input(out, lang, ("誓約なし", "no pledge"))?,
                }
            }
        }
        // `write_reason` sends only this family here.
        _ => {}
    }
    Ok(())
}

/// `write_reason` for designations, operator, services and chain size.
fn reason_standing<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let f = ctx.facility;
    let ja = lang == Lang::Ja;
    match c {
        RawCriterion::Designation { designation }
        | RawCriterion::NotDesignation { designation } => {
            let negate = matches!(c, RawCriterion::NotDesignation { .. });
            match (lang, negate) {
                (Lang::Ja, _) => {
                    out.write_str(designation.ja())?;
                    out.write_str(if negate {
                        "でないこと"
                    } else {
                        "であること"
                    })?;
                }
                (Lang::En, true) => {
                    out.write_str("not a ")?;
                    out.write_str(designation.en())?;
                }
                (Lang::En, false) => {
                    out.write_str("is a ")?;
                    out.write_str(designation.en())?;
                }
            }
            if input {
                match f.has_designation(*designation) {
                    Some(true) => write_input(out, lang, ("該当", "held"))?,
                    Some(false) => write_input(out, lang, ("非該当", "not held"))?,
                    None => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::OperatorIn { values } | RawCriterion::OperatorNotIn { values } => {
            let negate = matches!(c, RawCriterion::OperatorNotIn { .. });
            if ja {
                out.write_str("開設者が")?;
                write_list(out, lang, values, |o| (o.ja(), o.en()))?;
                out.write_str(if negate {
                    "でないこと"
                } else {
                    "であること"
                })?;
            } else {
                out.write_str(if negate {
                    "operator is not: "
                } else {
                    "operator is one of: "
                })?;
                write_list(out, lang, values, |o| (o.ja(), o.en()))?;
            }
            if input {
                match f.operator_type {
                    Some(o) => write_input(out, lang, (o.ja(), o.en()))?,
                    None => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::Service { service } => {
            if ja {
                out.write_str(service.ja())?;
                out.write_str("を実施")?;
            } else {
                out.write_str("provides ")?;
                out.write_str(service.en())?;
            }
            if input {
                match f.services.as_ref().map(|l| l.contains(service)) {
                    Some(true) => write_input(out, lang, ("実施", "provided"))?,
                    Some(false) => write_input(out, lang, ("未実施", "not provided"))?,
                    None => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::LargeChainPharmacy { value } => {
            out.write_str(if *value {
                lang.pick(
                    "大型チェーン薬局 (グループで月4万回以上)",
                    "a large chain pharmacy (40,000+ prescriptions a month in the group)",
                )
            } else {
                lang.pick("大型チェーン薬局以外", "not a large chain pharmacy")
            })?;
            if input {
                match f.large_chain_pharmacy {
                    Some(true) => write_input(out, lang, ("大型チェーン", "large chain"))?,
                    Some(false) => {
                        write_input(out, lang, ("大型チェーン以外", "not a large chain"))?
                    }
                    None => write_not_given(out, lang)?,
                }
            }
        }
        // `write_reason` sends only this family here.
        _ => {}
    }
    Ok(())
}

/// `write_reason` for earlier grants.
fn reason_grant<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let f = ctx.facility;
    let ja = lang == Lang::Ja;
    match c {
        RawCriterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            fiscal_year,
        } => {
            if !ja {
                out.write_str("no earlier grant of ")?;
            }
            out.write_str(program_id)?;
            if let Some(fr) = frame_id {
                out.write_str("/")?;
                out.write_str(fr)?;
            }
            if let Some(y) = fiscal_year {
                out.write_str(" (")?;
                write_int(out, i64::from(*y))?;
                out.write_str("年度)")?;
            }
            if ja {
                out.write_str(" の交付を過去に受けていないこと")?;
            }
            if input {
                match granted_before(c, f) {
                    Some(true) => write_input(out, lang, ("交付実績あり", "granted before"))?,
                    Some(false) => write_input(out, lang, ("交付実績なし", "not granted before"))?,
                    None => write_not_given(out, lang)?,
                }
            }
        }
        RawCriterion::PreviouslyGranted {
            program_id,
            fiscal_years,
        } => {
            out.write_str(lang.pick("", "granted "))?;
            out.write_str(program_id)?;
            out.write_str(lang.pick(" の交付実績 (", " in fiscal year "))?;
            for (i, y) in fiscal_years.iter().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                write_int(out, i64::from(*y))?;
            }
            out.write_str(lang.pick("年度) があること", ""))?;
        }
        // `write_reason` sends only this family here.
        _ => {}
    }
    Ok(())
}

/// `write_reason` for completion, contract and incident dates.
fn reason_dates<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let f = ctx.facility;
    let ja = lang == Lang::Ja;
    match c {
        RawCriterion::CompletedBy { by } | RawCriterion::CompletedFrom { from: by } => {
            let before = matches!(c, RawCriterion::CompletedBy { .. });
            if ja {
                out.write_str("導入完了が")?;
                write_date(out, by.0)?;
                out.write_str(if before { "以前" } else { "以降" })?;
            } else {
                out.write_str(if before {
                    "introduction completed on or before "
                } else {
                    "introduction completed on or after "
                })?;
                write_date(out, by.0)?;
            }
            if input {
                write_date_input(out, lang, f.completed_on)?;
            }
        }
        RawCriterion::ContractedBetween { from, until } => {
            out.write_str(lang.pick("契約・発注日が", "contract or order dated "))?;
            write_date(out, from.0)?;
            out.write_str(lang.pick("〜", " to "))?;
            write_date(out, until.0)?;
            if input {
                write_date_input(out, lang, f.contracted_on)?;
            }
        }
        RawCriterion::Incident { kinds, from } => {
            out.write_str(lang.pick("被害の種類: ", "incident: "))?;
            write_list(out, lang, kinds, |k| (k.ja(), k.en()))?;
            if input {
                match f.incident.as_ref().and_then(|i| i.kind) {
                    Some(k) => write_input(out, lang, (k.ja(), k.en()))?,
                    None => write_not_given(out, lang)?,
                }
            }
            if let Some(from) = from {
                out.write_str(lang.pick("、", "; occurred on or after "))?;
                write_date(out, from.0)?;
                if ja {
                    out.write_str("以降に発生")?;
                }
                if input {
                    write_date_input(out, lang, f.incident.as_ref().and_then(|i| i.occurred_on))?;
                }
            }
        }
        // `write_reason` sends only this family here.
        _ => {}
    }
    Ok(())
}

/// `write_reason` for wages and expenses.
fn reason_costs<W: fmt::Write>(
    out: &mut W,
    c: &RawCriterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let f = ctx.facility;
    let ja = lang == Lang::Ja;
    match c {
        RawCriterion::MinWageNear {
            share_percent,
            months,
            basis,
        } => {
            if ja {
                out.write_str("最低賃金近傍の従業員が")?;
                write_int(out, *share_percent)?;
                out.write_str("%以上、")?;
                write_int(out, *months)?;
                out.write_str("か月以上")?;
            } else {
                out.write_str("at least ")?;
                write_int(out, *share_percent)?;
                out.write_str("% of staff near the minimum wage for ")?;
                write_int(out, *months)?;
                out.write_str("+ months")?;
            }
            if let Some(b) = basis {
                out.write_str(lang.pick(" (基準: ", " (test: "))?;
                out.write_str(lang.pick(b.ja(), b.en()))?;
                out.write_str(")")?;
                if input {
                    match f.min_wage_near.as_ref().and_then(|m| m.basis) {
                        Some(g) => write_input(out, lang, (g.ja(), g.en()))?,
                        None => write_not_given(out, lang)?,
                    }
                }
            }
        }
        RawCriterion::ExpenseTotal {
            categories,
            op,
            yen: limit,
        } => {
            write_list(out, lang, categories, |c| (c.ja(), c.en()))?;
            if ja {
                out.write_str("の経費が")?;
                write_yen(out, *limit)?;
                out.write_str("円")?;
                out.write_str(op.ja())?;
            } else {
                out.write_str(" costs ")?;
                out.write_str(op.en_before())?;
                out.write_str(" ¥")?;
                write_yen(out, *limit)?;
            }
            if input {
                match expense_total(ctx, categories) {
                    Some(t) => {
                        out.write_str(lang.pick(" (入力: ", " (input: "))?;
                        write_yen(out, t)?;
                        out.write_str("円)")?;
                    }
                    None => out.write_str(lang.pick(" (経費未入力)", " (not given)"))?,
                }
            }
        }
        RawCriterion::ExpenseCategory { category } => {
            if ja {
                out.write_str(category.ja())?;
                out.write_str("の経費を含む")?;
            } else {
                out.write_str("includes ")?;
                out.write_str(category.en())?;
                out.write_str(" costs")?;
            }
        }
        // `write_reason` sends only this family here.
        _ => {}
    }
    Ok(())
}

fn write_date_input<W: fmt::Write>(out: &mut W, lang: Lang, d: Option<NaiveDate>) -> fmt::Result {
    match d {
        Some(d) => {
            out.write_str(lang.pick(" (入力: ", " (input: "))?;
            write_date(out, d)?;
            out.write_str(")")
        }
        None => write_not_given(out, lang),
    }
}

/// The sentence of one criterion in both languages, with the facility's input.
pub fn reason(c: &RawCriterion, ctx: &Ctx) -> Text {
    let mut ja = String::with_capacity(96);
    let mut en = String::with_capacity(96);
    // Writing into a String cannot fail.
    let _ = write_reason(&mut ja, c, ctx, Lang::Ja, true);
    let _ = write_reason(&mut en, c, ctx, Lang::En, true);
    Text::new(ja, en)
}

/// All criteria must hold.
pub fn all_hold(criteria: &[RawCriterion], ctx: &Ctx) -> Tri {
    criteria
        .iter()
        .fold(Tri::Met, |acc, c| acc.and(decide(c, ctx)))
}

/// A criterion in words, without any facility's input (for the catalog endpoints).
pub fn describe(c: &RawCriterion, as_of: NaiveDate) -> (Outcome, Text) {
    let empty = Facility::default();
    let ctx = Ctx {
        facility: &empty,
        as_of,
        lines: None,
    };
    let mut o = outcome(c, &ctx);
    o.missing.clear();
    let mut ja = String::new();
    let mut en = String::new();
    let _ = write_reason(&mut ja, c, &ctx, Lang::Ja, false);
    let _ = write_reason(&mut en, c, &ctx, Lang::En, false);
    (o, Text::new(ja, en))
}
