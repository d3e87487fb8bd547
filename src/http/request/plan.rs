//! `POST /v1/plans`: the request.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};
use serde_json::Value;

use super::bounded::Bounded;
use super::expense::PurchaseLine;
use super::facility::{FacilityProfile, ProfileList};
use super::field::{request_object, Date, Field, List};
use super::finish;
use super::options::CalculationOptions;
use super::reader::{FieldErrorKind, Reader};
use crate::engine::facility::Facility;
use crate::engine::plan::{Purchase, DEFAULT_HORIZON_YEARS, MAX_HORIZON_YEARS, MAX_PURCHASES};
use crate::engine::vocab::{Goal, Interpretation};
use crate::http::problem::ApiError;

request_object! {
    /// A plan request.
    "PlanRequest" pub struct PlanRequest {
        /// Date the plan starts (YYYY-MM-DD, Japan time); default today.
        pub as_of: Option<Date>,
        /// The facility profile (as in `/v1/eligibility`); absent fields are unknown.
        pub facility: Option<FacilityProfile>,
        /// The planned purchases (at most 200).
        pub purchases: List<PurchaseLine, MAX_PURCHASES>,
        /// What the investment is for; each application says which goals it serves.
        pub goals: Option<ProfileList<Goal>>,
        /// Years the plan covers from `as_of` (1–5, default 3).
        pub horizon_years: Option<Bounded<1, { MAX_HORIZON_YEARS as i64 }>>,
        pub options: Option<CalculationOptions>,
    }
}

/// A plan request, read: defaults applied, in the engine's terms.
pub struct PlanInput {
    pub as_of: NaiveDate,
    pub facility: Facility,
    pub purchases: Vec<Purchase>,
    pub goals: Vec<Goal>,
    pub horizon_years: u32,
    pub interpretations: BTreeMap<Interpretation, String>,
}

impl PlanRequest {
    /// The request for `today` when it names no date; purchase dates outside the plan's
    /// period and repeated ids are reported in `r`.
    fn resolve(self, today: NaiveDate, r: &mut Reader) -> PlanInput {
        let as_of = self.as_of.map_or(today, |d| d.0);
        let horizon_years = self
            .horizon_years
            .map_or(DEFAULT_HORIZON_YEARS, |h| h.get() as u32);
        let horizon_end = as_of
            .checked_add_months(Months::new(12 * horizon_years))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .unwrap_or(as_of);
        let mut purchases: Vec<Purchase> = Vec::with_capacity(self.purchases.0.len());
        for (i, line) in self.purchases.0.into_iter().enumerate() {
            let purchase = Purchase::from(line);
            check_dates(r, &purchase, i, as_of, horizon_end);
            if purchases.iter().any(|x| x.id == purchase.id) {
                let p = format!("/purchases/{i}");
                let shown: String = purchase.id.chars().take(60).collect();
                r.error(
                    &format!("{p}/id"),
                    FieldErrorKind::InvalidField,
                    format!("{p}/id: `{shown}` が重複しています"),
                    format!("{p}/id: `{shown}` is used by another purchase"),
                );
            } else {
                purchases.push(purchase);
            }
        }
        let mut goals: Vec<Goal> = Vec::new();
        for g in self.goals.map(|l| l.0).unwrap_or_default() {
            if !goals.contains(&g) {
                goals.push(g);
            }
        }
        PlanInput {
            as_of,
            facility: self.facility.map(Into::into).unwrap_or_default(),
            purchases,
            goals,
            horizon_years,
            interpretations: CalculationOptions::interpretations(self.options),
        }
    }
}

/// A purchase's dates within the plan's period.
fn check_dates(r: &mut Reader, x: &Purchase, i: usize, as_of: NaiveDate, end: NaiveDate) {
    let p = format!("/purchases/{i}");
    if x.earliest_on.is_some_and(|e| e > end) {
        r.error(
            &format!("{p}/earliest_on"),
            FieldErrorKind::InvalidField,
            format!("{p}/earliest_on: プラン期間の終わり ({end}) より後です"),
            format!("{p}/earliest_on: after the end of the horizon ({end})"),
        );
    }
    if let Some(l) = x.latest_on {
        if l < as_of || x.earliest_on.is_some_and(|e| l < e) {
            r.error(
                &format!("{p}/latest_on"),
                FieldErrorKind::InvalidField,
                format!("{p}/latest_on: as_of と earliest_on 以降の日付を指定してください"),
                format!("{p}/latest_on: must not be before as_of or earliest_on"),
            );
        }
    }
}

/// Reads a request body (or a tool's arguments, or a plan case).
pub fn read(body: &Value, today: NaiveDate) -> Result<PlanInput, ApiError> {
    let mut r = Reader::default();
    let input = PlanRequest::read(&mut r, body, "").map(|q| q.resolve(today, &mut r));
    finish(r, input)
}
