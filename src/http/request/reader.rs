//! Reading request values field by field, collecting every problem with its JSON Pointer.
//!
//! A body the typed reader (`Field::fast`) refuses is parsed into `serde_json::Value` and read
//! here by the request types (`Field::read`), so one response can name every invalid field, not
//! only the first.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::engine::text::Text;

/// Limits of PRODUCT.md §5.
pub const MAX_STRING: usize = 500;
pub const MAX_EXPENSES: usize = 200;
pub const MAX_DEPTH: usize = 32;
/// Field errors listed in one answer; any beyond are counted, not listed, so a body with
/// 100,000 bad keys costs no more to answer than one with 100.
pub const MAX_FIELD_ERRORS: usize = 100;
/// Longest pointer or message (in characters) an error repeats back.
pub const MAX_ECHO_CHARS: usize = 200;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldErrorKind {
    /// Wrong JSON type, or an integer outside i64 (400).
    InvalidType,
    /// Well-typed but out of range or not in the enum (422).
    InvalidField,
    UnknownField,
    TooManyItems,
}

impl FieldErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldErrorKind::InvalidType => "invalid_type",
            FieldErrorKind::InvalidField => "invalid_field",
            FieldErrorKind::UnknownField => "unknown_field",
            FieldErrorKind::TooManyItems => "too_many_items",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub pointer: String,
    pub kind: FieldErrorKind,
    pub message: Text,
}

/// The keys an object allows, given once for every object in the request that had an unknown
/// key with the same allowed keys (not repeated in each error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedFields {
    /// Objects (JSON Pointers) with an unknown key listed among the errors.
    pub pointers: Vec<String>,
    pub fields: Vec<String>,
}

/// Collects field errors while a request is read: the first [`MAX_FIELD_ERRORS`] in full, the
/// rest counted.
#[derive(Debug, Default)]
pub struct Reader {
    pub errors: Vec<FieldError>,
    /// Errors found beyond [`MAX_FIELD_ERRORS`].
    pub omitted: usize,
    /// Allowed keys of the objects with unknown keys.
    pub allowed: Vec<AllowedFields>,
}

/// `s` cut to at most `max` characters, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((at, _)) => format!("{}…", &s[..at]),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Reader {
    /// Every error found so far, listed or not.
    pub fn count(&self) -> usize {
        self.errors.len() + self.omitted
    }

    /// Whether the list is full (further errors are only counted).
    fn full(&self) -> bool {
        self.errors.len() >= MAX_FIELD_ERRORS
    }

    pub fn error(&mut self, pointer: &str, kind: FieldErrorKind, ja: String, en: String) {
        if self.full() {
            self.omitted += 1;
            return;
        }
        let fit = |s: String| {
            if s.chars().count() > 2 * MAX_ECHO_CHARS {
                clip(&s, 2 * MAX_ECHO_CHARS)
            } else {
                s
            }
        };
        self.errors.push(FieldError {
            pointer: clip(pointer, MAX_ECHO_CHARS),
            kind,
            message: Text::new(fit(ja), fit(en)),
        });
    }

    /// Records that the object at `ptr` allows `allowed` (once per distinct list).
    fn allow(&mut self, ptr: &str, allowed: &[&str]) {
        let ptr = clip(ptr, MAX_ECHO_CHARS);
        if let Some(a) = self.allowed.iter_mut().find(|a| {
            a.fields
                .iter()
                .map(String::as_str)
                .eq(allowed.iter().copied())
        }) {
            if !a.pointers.contains(&ptr) {
                a.pointers.push(ptr);
            }
            return;
        }
        self.allowed.push(AllowedFields {
            pointers: vec![ptr],
            fields: allowed.iter().map(|s| s.to_string()).collect(),
        });
    }

    pub fn wrong_type(&mut self, ptr: &str, expected_ja: &str, expected_en: &str, v: &Value) {
        self.error(
            ptr,
            FieldErrorKind::InvalidType,
            format!(
                "{ptr}: {expected_ja}を指定してください (入力: {})",
                type_name(v)
            ),
            format!("{ptr}: expected {expected_en}, got {}", type_name(v)),
        );
    }

    /// An object whose keys must all be in `allowed`; unknown keys are reported.
    pub fn object<'a>(
        &mut self,
        v: &'a Value,
        ptr: &str,
        allowed: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(m) => {
                let mut listed = false;
                for k in m.keys() {
                    if allowed.contains(&k.as_str()) {
                        continue;
                    }
                    if self.full() {
                        self.omitted += 1;
                        continue;
                    }
                    let p = format!("{ptr}/{}", escape(&clip(k, MAX_ECHO_CHARS)));
                    let k_short = clip(k, 60);
                    // The allowed keys are listed once in the answer (`allowed_fields`), not
                    // in every error: a body of many unknown keys must not multiply them.
                    self.error(
                        &p,
                        FieldErrorKind::UnknownField,
                        format!("未知の項目 `{k_short}` です (使える項目は allowed_fields)"),
                        format!(
                            "unknown field `{k_short}` (the allowed fields are in allowed_fields)"
                        ),
                    );
                    listed = true;
                }
                if listed {
                    self.allow(ptr, allowed);
                }
                Some(m)
            }
            Value::Null => None,
            other => {
                self.wrong_type(ptr, "オブジェクト", "an object", other);
                None
            }
        }
    }
}

/// An RFC 3339 full-date, `YYYY-MM-DD` in digits, that exists in the calendar.
pub fn full_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// JSON Pointer escaping of one key.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Depth of nested arrays and objects.
pub fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates_are_digits_that_exist() {
        let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(full_date("2025-12-25"), d(2025, 12, 25));
        assert_eq!(full_date("2024-02-29"), d(2024, 2, 29));
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-12-32",
            "+2025-1-25",
            "2025-1-025",
            "2025/12/25",
            "25-12-2025",
            "2025-12-5",
            "2025-12-05 ",
            "２０２５-12-25",
            "",
        ] {
            assert_eq!(full_date(bad), None, "{bad}");
        }
    }
    use serde_json::json;

    #[test]
    fn depth_counts_nesting() {
        assert_eq!(depth(&json!({"a": [1, {"b": 2}]})), 3);
    }
}
