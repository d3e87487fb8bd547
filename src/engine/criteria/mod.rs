//! Three-valued evaluation of catalog criteria against a facility profile.
//!
//! Each criterion kind lives in one file with its verdict, its outcome (reason code, the value
//! read, the missing inputs) and its ja/en sentence, side by side; a kind and its negation, its
//! mirror or its close sibling (a fee notified, a fee pledged) share a file. This file only sends
//! each criterion to its kind's file: `decide` gives the verdict alone, `outcome` adds the reason
//! code, the value read and the missing inputs, and `write_reason` writes the sentence from the
//! same criterion and context, only where an answer shows it. The shared types are in `context`,
//! the shared words in `words`; `tests/structure.rs` keeps each kind matched here and in its own
//! file only.

use std::fmt;

use chrono::NaiveDate;

use super::catalog::Criterion;
use super::facility::Facility;
use super::text::Text;

mod combinators;
mod completion;
mod context;
mod contract;
mod designation;
mod expenses;
mod facility_type;
mod fee;
mod grant;
mod incident;
mod large_chain_pharmacy;
mod min_wage;
mod number;
mod operator;
mod prefecture;
mod service;
mod system;
mod words;

use combinators::Join;
use completion::Side;
use context::Sense;
pub use context::{Ctx, Fact, Line, Outcome, Threshold, Tri, REASON_CODES};
pub use words::Lang;

/// The verdict of one criterion, without any text: the single place where criteria decide.
pub fn decide(c: &Criterion, ctx: &Ctx) -> Tri {
    match c {
        Criterion::FacilityType { values } => facility_type::decide(ctx, values),
        Criterion::Number { field, op, value } => number::decide(ctx, *field, *op, *value),
        Criterion::Prefecture { values, others } => prefecture::decide(ctx, values, *others),
        Criterion::System {
            system,
            accepts_intention,
        } => system::decide_in_operation(ctx, *system, *accepts_intention),
        Criterion::NoSystem { system } => system::decide_not_in_operation(ctx, *system),
        Criterion::FeeNotified { fee, by } => fee::decide_notified(ctx, *fee, by.0),
        Criterion::FeePledged { fee, by } => fee::decide_pledged(ctx, *fee, by.0),
        Criterion::Designation { designation } => designation::decide(ctx, *designation, Sense::Is),
        Criterion::NotDesignation { designation } => {
            designation::decide(ctx, *designation, Sense::Not)
        }
        Criterion::OperatorIn { values } => operator::decide(ctx, values, Sense::Is),
        Criterion::OperatorNotIn { values } => operator::decide(ctx, values, Sense::Not),
        Criterion::Service { service } => service::decide(ctx, *service),
        Criterion::LargeChainPharmacy { value } => large_chain_pharmacy::decide(ctx, *value),
        Criterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            fiscal_year,
        } => grant::decide_not_granted(ctx, program_id, frame_id.as_deref(), *fiscal_year),
        Criterion::PreviouslyGranted {
            program_id,
            fiscal_years,
        } => grant::decide_granted(ctx, program_id, fiscal_years),
        Criterion::CompletedBy { by } => completion::decide(ctx, by.0, Side::By),
        Criterion::CompletedFrom { from } => completion::decide(ctx, from.0, Side::From),
        Criterion::ContractedBetween { from, until } => contract::decide(ctx, from.0, until.0),
        Criterion::Incident { kinds, from } => incident::decide(ctx, kinds, from.map(|d| d.0)),
        Criterion::MinWageNear {
            share_percent,
            months,
            basis,
        } => min_wage::decide(ctx, *share_percent, *months, *basis),
        Criterion::ExpenseTotal {
            categories,
            op,
            yen,
        } => expenses::decide_total(ctx, categories, *op, *yen),
        Criterion::ExpenseCategory { category } => expenses::decide_category(ctx, *category),
        Criterion::All { of } => combinators::decide(of, Join::All, |p| decide(p, ctx)),
        Criterion::Any { of } => combinators::decide(of, Join::Any, |p| decide(p, ctx)),
    }
}

/// Evaluates one criterion: verdict, reason code, the value read and the inputs it lacks.
pub fn outcome(c: &Criterion, ctx: &Ctx) -> Outcome {
    let part = |p: &Criterion| decide(p, ctx);
    let part_missing = |p: &Criterion| outcome(p, ctx).missing;
    match c {
        Criterion::FacilityType { values } => facility_type::outcome(ctx, values),
        Criterion::Number { field, op, value } => number::outcome(ctx, *field, *op, *value),
        Criterion::Prefecture { values, others } => prefecture::outcome(ctx, values, *others),
        Criterion::System {
            system,
            accepts_intention,
        } => system::outcome_in_operation(ctx, *system, *accepts_intention),
        Criterion::NoSystem { system } => system::outcome_not_in_operation(ctx, *system),
        Criterion::FeeNotified { fee, by } => fee::outcome_notified(ctx, *fee, by.0),
        Criterion::FeePledged { fee, by } => fee::outcome_pledged(ctx, *fee, by.0),
        Criterion::Designation { designation } => {
            designation::outcome(ctx, *designation, Sense::Is)
        }
        Criterion::NotDesignation { designation } => {
            designation::outcome(ctx, *designation, Sense::Not)
        }
        Criterion::OperatorIn { values } => operator::outcome(ctx, values, Sense::Is),
        Criterion::OperatorNotIn { values } => operator::outcome(ctx, values, Sense::Not),
        Criterion::Service { service } => service::outcome(ctx, *service),
        Criterion::LargeChainPharmacy { value } => large_chain_pharmacy::outcome(ctx, *value),
        Criterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            fiscal_year,
        } => grant::outcome_not_granted(ctx, program_id, frame_id.as_deref(), *fiscal_year),
        Criterion::PreviouslyGranted {
            program_id,
            fiscal_years,
        } => grant::outcome_granted(ctx, program_id, fiscal_years),
        Criterion::CompletedBy { by } => completion::outcome(ctx, by.0, Side::By),
        Criterion::CompletedFrom { from } => completion::outcome(ctx, from.0, Side::From),
        Criterion::ContractedBetween { from, until } => contract::outcome(ctx, from.0, until.0),
        Criterion::Incident { kinds, from } => incident::outcome(ctx, kinds, from.map(|d| d.0)),
        Criterion::MinWageNear {
            share_percent,
            months,
            basis,
        } => min_wage::outcome(ctx, *share_percent, *months, *basis),
        Criterion::ExpenseTotal {
            categories,
            op,
            yen,
        } => expenses::outcome_total(ctx, categories, *op, *yen),
        Criterion::ExpenseCategory { category } => expenses::outcome_category(ctx, *category),
        Criterion::All { of } => combinators::outcome(of, Join::All, part, part_missing),
        Criterion::Any { of } => combinators::outcome(of, Join::Any, part, part_missing),
    }
}

/// Writes the sentence of one criterion in one language. `input` adds what the facility gave
/// (" (入力: 19床)"), or that it gave nothing; catalog descriptions leave it out.
pub fn write_reason<W: fmt::Write>(
    out: &mut W,
    c: &Criterion,
    ctx: &Ctx,
    lang: Lang,
    input: bool,
) -> fmt::Result {
    let part = |out: &mut W, p: &Criterion| write_reason(out, p, ctx, lang, input);
    match c {
        Criterion::FacilityType { values } => {
            facility_type::write_reason(out, ctx, lang, input, values)
        }
        Criterion::Number { field, op, value } => {
            number::write_reason(out, ctx, lang, input, *field, *op, *value)
        }
        Criterion::Prefecture { values, others } => {
            prefecture::write_reason(out, ctx, lang, input, values, *others)
        }
        Criterion::System {
            system,
            accepts_intention,
        } => system::write_in_operation(out, ctx, lang, input, *system, *accepts_intention),
        Criterion::NoSystem { system } => {
            system::write_not_in_operation(out, ctx, lang, input, *system)
        }
        Criterion::FeeNotified { fee, by } => {
            fee::write_notified(out, ctx, lang, input, *fee, by.0)
        }
        Criterion::FeePledged { fee, by } => fee::write_pledged(out, ctx, lang, input, *fee, by.0),
        Criterion::Designation { designation } => {
            designation::write_reason(out, ctx, lang, input, *designation, Sense::Is)
        }
        Criterion::NotDesignation { designation } => {
            designation::write_reason(out, ctx, lang, input, *designation, Sense::Not)
        }
        Criterion::OperatorIn { values } => {
            operator::write_reason(out, ctx, lang, input, values, Sense::Is)
        }
        Criterion::OperatorNotIn { values } => {
            operator::write_reason(out, ctx, lang, input, values, Sense::Not)
        }
        Criterion::Service { service } => service::write_reason(out, ctx, lang, input, *service),
        Criterion::LargeChainPharmacy { value } => {
            large_chain_pharmacy::write_reason(out, ctx, lang, input, *value)
        }
        Criterion::NotPreviouslyGranted {
            program_id,
            frame_id,
            fiscal_year,
        } => grant::write_not_granted(
            out,
            ctx,
            lang,
            input,
            program_id,
            frame_id.as_deref(),
            *fiscal_year,
        ),
        Criterion::PreviouslyGranted {
            program_id,
            fiscal_years,
        } => grant::write_granted(out, lang, program_id, fiscal_years),
        Criterion::CompletedBy { by } => {
            completion::write_reason(out, ctx, lang, input, by.0, Side::By)
        }
        Criterion::CompletedFrom { from } => {
            completion::write_reason(out, ctx, lang, input, from.0, Side::From)
        }
        Criterion::ContractedBetween { from, until } => {
            contract::write_reason(out, ctx, lang, input, from.0, until.0)
        }
        Criterion::Incident { kinds, from } => {
            incident::write_reason(out, ctx, lang, input, kinds, from.map(|d| d.0))
        }
        Criterion::MinWageNear {
            share_percent,
            months,
            basis,
        } => min_wage::write_reason(out, ctx, lang, input, *share_percent, *months, *basis),
        Criterion::ExpenseTotal {
            categories,
            op,
            yen,
        } => expenses::write_total(out, ctx, lang, input, categories, *op, *yen),
        Criterion::ExpenseCategory { category } => expenses::write_category(out, lang, *category),
        Criterion::All { of } => combinators::write_reason(out, lang, of, Join::All, part),
        Criterion::Any { of } => combinators::write_reason(out, lang, of, Join::Any, part),
    }
}

/// The sentence of one criterion in both languages, with the facility's input.
pub fn reason(c: &Criterion, ctx: &Ctx) -> Text {
    let mut ja = String::with_capacity(96);
    let mut en = String::with_capacity(96);
    // Writing into a String cannot fail.
    let _ = write_reason(&mut ja, c, ctx, Lang::Ja, true);
    let _ = write_reason(&mut en, c, ctx, Lang::En, true);
    Text::new(ja, en)
}

/// All criteria must hold.
pub fn all_hold(criteria: &[Criterion], ctx: &Ctx) -> Tri {
    combinators::decide(criteria, Join::All, |c| decide(c, ctx))
}

/// A criterion in words, without any facility's input (for the catalog endpoints).
pub fn describe(c: &Criterion, as_of: NaiveDate) -> (Outcome, Text) {
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
