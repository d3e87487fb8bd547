//! Reading request values field by field, collecting every problem with its JSON Pointer.
//!
//! Requests are parsed into `serde_json::Value` first and then read here, so one response can
//! name every invalid field, not only the first.

use std::fmt::Write;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::text::Text;

/// Limits of PRODUCT.md §5.
pub const MAX_STRING: usize = 500;
pub const MAX_LIST: usize = 100;
pub const MAX_EXPENSES: usize = 200;
pub const MAX_DEPTH: usize = 32;
pub const MAX_AMOUNT_YEN: i64 = 1_000_000_000_000;
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

    fn wrong_type(&mut self, ptr: &str, expected_ja: &str, expected_en: &str, v: &Value) {
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

    /// An integer within `min..=max`; `null`/absent is `None`.
    pub fn int(&mut self, v: Option<&Value>, ptr: &str, min: i64, max: i64) -> Option<i64> {
        let v = v?;
        match v {
            Value::Null => None,
            Value::Number(n) => match n.as_i64() {
                Some(i) if i >= min && i <= max => Some(i),
                Some(i) => {
                    self.error(
                        ptr,
                        FieldErrorKind::InvalidField,
                        format!("{ptr}: {min}以上{max}以下の整数を指定してください (入力: {i})"),
                        format!("{ptr}: must be an integer from {min} to {max} (got {i})"),
                    );
                    None
                }
                None => {
                    if n.is_f64()
                        && n.as_f64()
                            .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    {
                        // 150.0 is an integer written as a float; accept it when exact.
                        let i = n.as_f64().map(|f| f as i64).unwrap_or_default();
                        if i >= min && i <= max {
                            return Some(i);
                        }
                        self.error(
                            ptr,
                            FieldErrorKind::InvalidField,
                            format!(
                                "{ptr}: {min}以上{max}以下の整数を指定してください (入力: {i})"
                            ),
                            format!("{ptr}: must be an integer from {min} to {max} (got {i})"),
                        );
                        return None;
                    }
                    self.error(
                        ptr,
                        FieldErrorKind::InvalidType,
                        format!("{ptr}: 整数を指定してください (入力: {n})"),
                        format!("{ptr}: expected an integer within 64 bits, got {n}"),
                    );
                    None
                }
            },
            other => {
                self.wrong_type(ptr, "整数", "an integer", other);
                None
            }
        }
    }

    pub fn bool(&mut self, v: Option<&Value>, ptr: &str) -> Option<bool> {
        match v? {
            Value::Null => None,
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(ptr, "真偽値", "a boolean", other);
                None
            }
        }
    }

    pub fn string<'a>(&mut self, v: Option<&'a Value>, ptr: &str) -> Option<&'a str> {
        match v? {
            Value::Null => None,
            Value::String(s) => {
                if s.chars().count() > MAX_STRING {
                    self.error(
                        ptr,
                        FieldErrorKind::InvalidField,
                        format!("{ptr}: {MAX_STRING}文字以内で指定してください"),
                        format!("{ptr}: at most {MAX_STRING} characters"),
                    );
                    None
                } else {
                    Some(s.as_str())
                }
            }
            other => {
                self.wrong_type(ptr, "文字列", "a string", other);
                None
            }
        }
    }

    /// A string from a closed vocabulary.
    pub fn enumerated<T: Copy>(
        &mut self,
        v: Option<&Value>,
        ptr: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<T> {
        let s = self.string(v, ptr)?;
        match parse(s) {
            Some(t) => Some(t),
            None => {
                let shown: String = s.chars().take(60).collect();
                let list = if all.len() > 12 {
                    format!("{}, … (GET /v1/vocabulary)", all[..12].join(", "))
                } else {
                    all.join(", ")
                };
                self.error(
                    ptr,
                    FieldErrorKind::InvalidField,
                    format!("{ptr}: `{shown}` は使えません。使える値: {list}"),
                    format!("{ptr}: `{shown}` is not allowed; expected one of: {list}"),
                );
                None
            }
        }
    }

    pub fn date(&mut self, v: Option<&Value>, ptr: &str) -> Option<NaiveDate> {
        let s = self.string(v, ptr)?;
        match full_date(s) {
            Some(d) => Some(d),
            None => {
                let shown: String = s.chars().take(40).collect();
                self.error(
                    ptr,
                    FieldErrorKind::InvalidField,
                    format!("{ptr}: 日付は YYYY-MM-DD で指定してください (入力: {shown})"),
                    format!("{ptr}: expected a date YYYY-MM-DD (got {shown})"),
                );
                None
            }
        }
    }

    /// An array of at most `max` items; `null` is `None`.
    pub fn list<'a>(&mut self, v: Option<&'a Value>, ptr: &str, max: usize) -> Option<&'a [Value]> {
        match v? {
            Value::Null => None,
            Value::Array(items) => {
                if items.len() > max {
                    self.error(
                        ptr,
                        FieldErrorKind::TooManyItems,
                        format!("{ptr}: 最大{max}件です (入力: {}件)", items.len()),
                        format!("{ptr}: at most {max} items (got {})", items.len()),
                    );
                    None
                } else {
                    let before = self.count();
                    for (i, item) in items.iter().enumerate() {
                        if item.is_null() {
                            self.wrong_type(
                                &format!("{ptr}/{i}"),
                                "null 以外の値",
                                "a value (not null)",
                                item,
                            );
                        }
                    }
                    (self.count() == before).then_some(items.as_slice())
                }
            }
            other => {
                self.wrong_type(ptr, "配列", "an array", other);
                None
            }
        }
    }

    /// A list of vocabulary strings, deduplicated.
    pub fn enum_list<T: Copy + PartialEq>(
        &mut self,
        v: Option<&Value>,
        ptr: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<Vec<T>> {
        let items = self.list(v, ptr, MAX_LIST)?;
        let mut out = Vec::with_capacity(items.len());
        let before = self.count();
        let mut p = String::with_capacity(ptr.len() + 4);
        for (i, item) in items.iter().enumerate() {
            p.clear();
            // Writing into a String cannot fail.
            let _ = write!(p, "{ptr}/{i}");
            if let Some(t) = self.enumerated(Some(item), &p, parse, all) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        (self.count() == before).then_some(out)
    }
}

/// `options.interpretations`: chosen readings of ambiguous rules, by interpretation id.
pub fn read_interpretations(
    r: &mut Reader,
    options: Option<&Value>,
    ptr: &str,
) -> std::collections::BTreeMap<super::vocab::Interpretation, String> {
    use super::vocab::Interpretation;
    let mut out = std::collections::BTreeMap::new();
    let Some(opts) = options.and_then(|v| r.object(v, ptr, &["interpretations"])) else {
        return out;
    };
    let ip = format!("{ptr}/interpretations");
    let ids: Vec<&str> = Interpretation::ALL.iter().map(|i| i.as_str()).collect();
    let Some(map) = opts
        .get("interpretations")
        .and_then(|v| r.object(v, &ip, &ids))
    else {
        return out;
    };
    for (k, v) in map {
        let Some(q) = Interpretation::parse(k) else {
            continue;
        };
        let p = format!("{ip}/{k}");
        if v.is_null() {
            r.error(
                &p,
                FieldErrorKind::InvalidType,
                format!("{p}: 解釈を文字列で指定してください"),
                format!("{p}: expected a string"),
            );
        }
        if let Some(s) = r.string(Some(v), &p) {
            if q.readings().contains(&s) {
                out.insert(q, s.to_string());
            } else {
                r.error(
                    &p,
                    FieldErrorKind::InvalidField,
                    format!("{p}: 使える解釈: {}", q.readings().join(", ")),
                    format!("{p}: expected one of: {}", q.readings().join(", ")),
                );
            }
        }
    }
    out
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
    fn collects_every_bad_field() {
        let mut r = Reader::default();
        let v = json!({"beds": -1, "employees": "many", "oops": 1});
        let m = r.object(&v, "/facility", &["beds", "employees"]).unwrap();
        r.int(m.get("beds"), "/facility/beds", 0, 10_000);
        r.int(m.get("employees"), "/facility/employees", 0, 1_000_000);
        let ptrs: Vec<_> = r.errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            ptrs,
            ["/facility/oops", "/facility/beds", "/facility/employees"]
        );
        assert_eq!(r.errors[1].kind, FieldErrorKind::InvalidField);
        assert_eq!(r.errors[2].kind, FieldErrorKind::InvalidType);
    }

    #[test]
    fn huge_numbers_are_type_errors() {
        let mut r = Reader::default();
        let v: Value = serde_json::from_str("1e30").unwrap();
        assert_eq!(r.int(Some(&v), "/facility/beds", 0, 10_000), None);
        assert_eq!(r.errors[0].kind, FieldErrorKind::InvalidType);
    }

    #[test]
    fn depth_counts_nesting() {
        assert_eq!(depth(&json!({"a": [1, {"b": 2}]})), 3);
    }
}
