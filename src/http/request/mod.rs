//! The request types of the contract: each both reads its JSON and documents it.
//!
//! A request body is read twice at most (`http::body::Body::read`). First straight from its
//! bytes into the request type ([`Field::fast`], written by `request_object!` from the same field
//! list): a valid request costs one typed parse and no `serde_json::Value`. When that reader
//! refuses the body, for any reason, the body is parsed into a `serde_json::Value`
//! (`http::body`: syntax, duplicate keys, depth) and read by the type's [`Field::read`], which
//! records every invalid field with its JSON Pointer so that one answer lists them all
//! (PRODUCT.md §5). Both give the same request wherever the first succeeds (tested in
//! `tests/api/request_reading.rs`). The request is then converted into the engine's own types
//! (`From`), which know nothing of JSON. The OpenAPI schema of each type
//! is written from the same declaration (`request_object!`, `Bounded`, `Text`, `List`, the
//! vocabularies), so a range, an enum or a field is stated once.
//!
//! Why this and not serde or `deserr`: serde stops at the first error, so a typed parse would
//! still need a second reader to list the rest; `deserr` collects errors but brings its own
//! error kinds, and the answers here depend on finer distinctions it does not draw the same
//! way (a wrong type is 400 and an out-of-range value 422 in the same answer, `150.0` is the
//! integer 150, a `null` list item is refused, unknown keys share one `allowed_fields` list,
//! the 100-error bound). The reader that already made these answers is kept and driven by the
//! types instead of by hand-written code per field, with no new dependency.

pub mod bounded;
pub mod calculation;
pub mod eligibility;
pub mod expense;
pub mod facility;
pub mod field;
pub mod options;
pub mod plan;
pub mod pointer;
pub mod reader;

pub use bounded::Bounded;
pub use field::Field;
pub use reader::Reader;

use serde_json::Value;

use crate::http::problem::ApiError;
use reader::FieldErrorKind;

/// The read value, or one problem listing every error the reader found.
pub fn finish<T>(mut r: Reader, value: Option<T>) -> Result<T, ApiError> {
    match value {
        Some(v) if r.errors.is_empty() && r.omitted == 0 => Ok(v),
        _ => {
            if r.count() == 0 {
                r.error(
                    "",
                    FieldErrorKind::InvalidType,
                    "本文は JSON オブジェクトで送ってください".into(),
                    "the body must be a JSON object".into(),
                );
            }
            Err(ApiError::from_reader(r))
        }
    }
}

/// Reads a whole body as `T`.
pub fn read_body<T: Field>(body: &Value) -> Result<T, ApiError> {
    let mut r = Reader::default();
    let value = T::read(&mut r, body, "");
    finish(r, value)
}
