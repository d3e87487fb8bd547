//! When each purchase happens: its own dates, then after the purchases that bring into operation
//! a system its frames require (オンライン資格確認 → 電子処方箋 → 電子カルテ情報共有サービス).
//!
//! The schedule does not depend on which frame funds a purchase, so the facility as it will be on
//! any date is known before the search starts.

use chrono::{Days, NaiveDate};

use super::frame::{fits, PFrame};
use super::Purchase;
use crate::engine::catalog::raw::RawCriterion;
use crate::engine::catalog::Catalog;
use crate::engine::eligibility::Warning;
use crate::engine::facility::Facility;
use crate::engine::text::Text;
use crate::engine::vocab::System;

fn system_criteria(c: &RawCriterion, out: &mut Vec<(System, bool)>) {
    match c {
        RawCriterion::System {
            system,
            accepts_intention,
        } => out.push((*system, *accepts_intention)),
        RawCriterion::All { of } => of.iter().for_each(|c| system_criteria(c, out)),
        _ => {}
    }
}

/// Systems a frame needs in operation (its own criteria, its program's and its terms').
pub fn required_systems(frame: &PFrame) -> Vec<(System, bool)> {
    let mut out = Vec::new();
    let r = frame.r;
    for c in r
        .program
        .def
        .criteria
        .iter()
        .chain(r.frame.def.criteria.iter())
        .chain(r.frame.def.terms.iter().flat_map(|t| t.criteria.iter()))
    {
        system_criteria(c, &mut out);
    }
    for p in &r.program.def.prerequisites {
        out.push((p.system, p.accepts_intention));
    }
    out
}

/// The planned date of each purchase, and warnings for orders the dates could not honour.
pub fn planned_dates(
    catalog: &Catalog,
    as_of: NaiveDate,
    horizon_end: NaiveDate,
    facility: &Facility,
    purchases: &[Purchase],
    frames: &[PFrame],
) -> (Vec<NaiveDate>, Vec<Warning>) {
    let mut dates: Vec<NaiveDate> = purchases
        .iter()
        .map(|p| p.earliest_on.map_or(as_of, |e| e.max(as_of)))
        .collect();
    // What each purchase waits for: systems some frame of its category requires, that the
    // facility does not run yet and another purchase introduces.
    let needs: Vec<Vec<System>> = purchases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut systems = Vec::new();
            for f in frames.iter().filter(|f| {
                f.r.frame.def.expense_categories.contains(&p.category)
                    && fits(catalog, frames, f.r, p)
            }) {
                for (s, intention_ok) in required_systems(f) {
                    let running = facility.has_system(s) == Some(true);
                    let declared = intention_ok && facility.intends_system(s) == Some(true);
                    let introduced_here = purchases
                        .iter()
                        .enumerate()
                        .any(|(j, q)| j != i && q.introduces == Some(s));
                    if !running
                        && !declared
                        && introduced_here
                        && p.introduces != Some(s)
                        && !systems.contains(&s)
                    {
                        systems.push(s);
                    }
                }
            }
            systems
        })
        .collect();
    let mut warnings = Vec::new();
    let mut unmet: Vec<(usize, System)> = Vec::new();
    // Dates only move later, so a cycle stops at the horizon or a latest date.
    for _ in 0..=purchases.len() {
        let mut changed = false;
        for i in 0..purchases.len() {
            for s in &needs[i] {
                let after = purchases
                    .iter()
                    .enumerate()
                    .filter(|(j, q)| *j != i && q.introduces == Some(*s))
                    .filter_map(|(j, _)| dates[j].checked_add_days(Days::new(1)))
                    .min();
                let Some(after) = after else { continue };
                if after <= dates[i] {
                    continue;
                }
                let latest = purchases[i]
                    .latest_on
                    .unwrap_or(horizon_end)
                    .min(horizon_end);
                if after > latest {
                    if !unmet.contains(&(i, *s)) {
                        unmet.push((i, *s));
                    }
                    continue;
                }
                dates[i] = after;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (i, s) in unmet {
        let id: String = purchases[i].id.chars().take(100).collect();
        let label = s.label();
        warnings.push(Warning::new("prerequisite_order_not_possible", Text::new(
                format!(
                    "{id}: {}の導入後に実施できません (latest_on またはプラン期間の制約)。{}を前提とする枠はこの購入を補助できません",
                    label.ja, label.ja
                ),
                format!(
                    "{id}: cannot follow the introduction of {} (latest_on or the horizon); frames that require it cannot fund this purchase",
                    label.en
                ),
            )));
    }
    (dates, warnings)
}
