//! `POST /v1/calculations`: the request.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::expense::ExpenseLine;
use super::facility::FacilityProfile;
use super::field::{request_object, Date, List, Text};
use super::options::CalculationOptions;
use super::reader::MAX_EXPENSES;
use crate::engine::calc::Expense;
use crate::engine::facility::Facility;
use crate::engine::vocab::Interpretation;
use crate::http::body::Body;
use crate::http::problem::ApiError;

/// A program or frame id.
pub type CatalogId = Text<0, 100>;

request_object! {
    /// A calculation request.
    "CalculationRequest" pub struct CalculationRequest {
        pub program_id: CatalogId,
        /// Frame id; when omitted the profile must select exactly one frame.
        pub frame_id: Option<CatalogId>,
        /// Date (YYYY-MM-DD, Japan time); default today.
        pub as_of: Option<Date>,
        pub facility: Option<FacilityProfile>,
        /// Planned expense lines (at most 200).
        pub expenses: Option<List<ExpenseLine, MAX_EXPENSES>>,
        pub options: Option<CalculationOptions>,
    }
}

/// The request, read: defaults applied, in the engine's terms.
pub struct Calculation {
    pub program_id: String,
    pub frame_id: Option<String>,
    pub as_of: NaiveDate,
    pub facility: Facility,
    pub expenses: Vec<Expense>,
    pub interpretations: BTreeMap<Interpretation, String>,
}

impl CalculationRequest {
    pub fn resolve(self, today: NaiveDate) -> Calculation {
        Calculation {
            program_id: self.program_id.0,
            frame_id: self.frame_id.map(|f| f.0),
            as_of: self.as_of.map_or(today, |d| d.0),
            facility: self.facility.map(Into::into).unwrap_or_default(),
            expenses: self
                .expenses
                .map(|l| l.0.into_iter().map(Into::into).collect())
                .unwrap_or_default(),
            interpretations: CalculationOptions::interpretations(self.options),
        }
    }
}

/// Reads a request body (or a tool's arguments).
pub fn read(body: &Body, today: NaiveDate) -> Result<Calculation, ApiError> {
    body.read::<CalculationRequest>().map(|q| q.resolve(today))
}
