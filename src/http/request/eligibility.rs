//! `POST /v1/eligibility`: the question.

use chrono::NaiveDate;
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::bounded::Bounded;
use super::facility::{FacilityProfile, ProfileList};
use super::field::{
    one_of, reference, request_object, string, vocabulary_field, Components, Date, Field, FreeText,
};
use super::reader::{FieldErrorKind, Reader};
use crate::engine::facility::Facility;
use crate::http::body::Body;
use crate::http::problem::ApiError;
use crate::http::query::decode_cursor;

/// Level of detail of an eligibility answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum Detail {
    /// Criteria with reasons (default).
    Full,
    /// Verdicts, windows and missing inputs only.
    Summary,
    /// For result lists: each program's name, verdict, window status and its reason, next
    /// deadline, `max_subsidy_yen`, prerequisites and warnings; each frame's verdict, window
    /// status and maximum; the missing inputs with their questions. No criteria, reasons, frame
    /// names, window details, frames' status reasons or preparation.
    List,
}

impl Detail {
    const NAMES: &'static [&'static str] = &["full", "summary", "list"];
    const ALL: [Detail; 3] = [Detail::Full, Detail::Summary, Detail::List];

    fn parse(s: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }
}

vocabulary_field!(Detail => Detail);

/// The `next_cursor` of a previous page: an offset into the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(pub usize);

impl Field for Cursor {
    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        let s = string(r, v, ptr)?;
        if let Some(o) = decode_cursor(s) {
            return Some(Cursor(o));
        }
        r.error(
            ptr,
            FieldErrorKind::InvalidField,
            "cursor は前の応答の next_cursor をそのまま指定してください".into(),
            "cursor must be the next_cursor of a previous response".into(),
        );
        None
    }

    fn schema() -> Value {
        // The form `query::encode_cursor` writes.
        json!({"type": "string", "maxLength": 20, "pattern": "^o[0-9]{1,9}$"})
    }
}

request_object! {
    /// An eligibility question.
    "EligibilityRequest" pub struct EligibilityRequest {
        /// Date to evaluate (YYYY-MM-DD, Japan time); default today.
        pub as_of: Option<Date>,
        /// The facility profile; absent fields are unknown.
        pub facility: Option<FacilityProfile>,
        /// Program ids to evaluate (default: the whole catalog, paged).
        pub programs: Option<ProfileList<FreeText>>,
        /// Include programs whose status is `ended` (default true).
        pub include_ended: Option<bool>,
        /// `full` (default), `list` or `summary`.
        pub detail: Option<Detail>,
        /// Programs per page when `programs` is not given (1–100, default 100).
        pub limit: Option<Bounded<1, 100>>,
        /// The `next_cursor` of the previous page.
        pub cursor: Option<Cursor>,
    }
}

/// The question, read: defaults applied, the profile in the engine's terms.
pub struct Eligibility {
    pub as_of: NaiveDate,
    pub facility: Facility,
    pub programs: Option<Vec<String>>,
    pub include_ended: bool,
    pub detail: Detail,
    pub limit: usize,
    pub offset: usize,
}

impl EligibilityRequest {
    /// The question for `today` when it names no date.
    pub fn resolve(self, today: NaiveDate) -> Eligibility {
        Eligibility {
            as_of: self.as_of.map_or(today, |d| d.0),
            facility: self.facility.map(Into::into).unwrap_or_default(),
            programs: self
                .programs
                .map(|l| l.0.into_iter().map(|t| t.0).collect()),
            include_ended: self.include_ended.unwrap_or(true),
            detail: self.detail.unwrap_or(Detail::Full),
            limit: self.limit.map_or(100, |l| l.get() as usize),
            offset: self.cursor.map_or(0, |c| c.0),
        }
    }
}

/// Reads a request body (or a tool's arguments).
pub fn read(body: &Body, today: NaiveDate) -> Result<Eligibility, ApiError> {
    body.read::<EligibilityRequest>().map(|q| q.resolve(today))
}
