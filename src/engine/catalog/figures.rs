//! Money figures checked where they are written, on the TOML tree of each program file, before
//! it is read into the catalog's types: every yen figure within 0..=10^13, every rate
//! 0 < r <= 1, every per-unit amount positive. Checking the tree by key name reports each figure
//! at its exact key path (`frames[1].terms[0].formula.rate`), every one of them in a file, and
//! holds for any formula kind the catalog adds.

use toml::{Table, Value};

use super::error::CatalogError;
use crate::engine::money::Rate;

/// Largest yen figure a catalog may state (10 trillion yen).
pub const MAX_YEN: i64 = 10_000_000_000_000;

/// Whether a key names a yen figure: `yen`, `cap_yen`, `yen_per_day`, …
fn is_yen_key(k: &str) -> bool {
    k == "yen" || k.ends_with("_yen") || k.starts_with("yen_")
}

/// Whether a key names a rate: `rate`, `lower_rate`, `raised_rate`, …
fn is_rate_key(k: &str) -> bool {
    k == "rate" || k.ends_with("_rate")
}

/// The walk over one file's tree. The key path of the value being looked at is kept in one
/// buffer, extended and cut back as the walk goes, so a file's thousands of keys cost no string
/// each; a path is copied out only for an error.
struct Walk<'a> {
    file: &'a str,
    path: String,
    errors: Vec<CatalogError>,
}

impl Walk<'_> {
    fn err(&mut self, message: String) {
        self.errors.push(CatalogError {
            file: self.file.to_string(),
            path: self.path.clone(),
            message,
        });
    }

    fn table(&mut self, t: &Table) {
        // A per-unit amount (`{ yen = 40_000, basis = "beds" }`) multiplies a count: it must pay
        // something.
        let per_unit = t.contains_key("basis");
        let len = self.path.len();
        for (k, v) in t {
            if len > 0 {
                self.path.push('.');
            }
            self.path.push_str(k);
            if is_yen_key(k) {
                self.yen(v, per_unit || k.starts_with("yen_per"));
            } else if is_rate_key(k) {
                self.rate(v);
            } else {
                self.value(v);
            }
            self.path.truncate(len);
        }
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Table(t) => self.table(t),
            Value::Array(items) => {
                let len = self.path.len();
                for (i, item) in items.iter().enumerate() {
                    use std::fmt::Write;
                    // Writing to a String cannot fail.
                    let _ = write!(self.path, "[{i}]");
                    self.value(item);
                    self.path.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn yen(&mut self, v: &Value, positive: bool) {
        match v {
            Value::Integer(y) => {
                let min = i64::from(positive);
                if *y < min || *y > MAX_YEN {
                    let what = if positive {
                        "a per-unit amount must be from 1"
                    } else {
                        "a yen figure must be from 0"
                    };
                    self.err(format!("{what} to {MAX_YEN} (got {y})"));
                }
            }
            Value::Table(t) => self.table(t),
            Value::Array(_) => self.value(v),
            other => self.err(format!(
                "a yen figure must be an integer (got {})",
                other.type_str()
            )),
        }
    }

    fn rate(&mut self, v: &Value) {
        match v {
            Value::String(s) => self.fraction(s),
            // `{ value = "2/3", source = … }`, or a raised rate `{ rate = …, when = … }`.
            Value::Table(t) => match t.get("value") {
                Some(value) => {
                    let len = self.path.len();
                    self.path.push_str(".value");
                    match value {
                        Value::String(s) => self.fraction(s),
                        other => self.err(format!(
                            "a rate must be a string like \"1/2\" (got {})",
                            other.type_str()
                        )),
                    }
                    self.path.truncate(len);
                }
                None => self.table(t),
            },
            Value::Array(_) => self.value(v),
            other => self.err(format!(
                "a rate must be a string like \"1/2\" (got {})",
                other.type_str()
            )),
        }
    }

    fn fraction(&mut self, s: &str) {
        match Rate::parse(s) {
            Ok(r) if r.numerator > 0 => {}
            Ok(_) => self.err(format!(
                "rate `{s}` must be more than 0 (a frame that pays nothing has no rate)"
            )),
            Err(e) => self.err(format!("{e}; a rate is 0 < r <= 1, like \"1/2\"")),
        }
    }
}

/// Every out-of-range money figure of one parsed file.
pub fn check(file: &str, doc: &Table) -> Vec<CatalogError> {
    let mut w = Walk {
        file,
        path: String::new(),
        errors: Vec::new(),
    };
    w.table(doc);
    w.errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<String> {
        let doc: Table = toml::from_str(text).unwrap();
        check("f.toml", &doc)
            .into_iter()
            .map(|e| format!("{}: {}", e.path, e.message))
            .collect()
    }

    #[test]
    fn figures_out_of_range_are_reported_at_their_key() {
        let found = paths(
            r#"
            [[frames]]
            [[frames.terms]]
            formula = { kind = "cost_rate", cost_cap = { yen = -1, op = "le" }, rate = "0/3" }
            [[frames.terms]]
            formula = { kind = "x", subsidy_cap = { yen = 9223372036854775807, op = "le" }, rate = { value = "3/2" }, per_unit = { yen = 0, basis = "beds" }, fixed_yen = 10000000000000 }
            [[frames]]
            [[frames.terms]]
            formula = { kind = "x", raised_rate = { rate = "1/1", when = [] }, lower_rate = "1/2", tiers = [{ rate = "a/b" }] }
            "#,
        );
        let at: Vec<&str> = found.iter().map(|l| l.split(':').next().unwrap()).collect();
        assert_eq!(
            at,
            [
                "frames[0].terms[0].formula.cost_cap.yen",
                "frames[0].terms[0].formula.rate",
                "frames[0].terms[1].formula.per_unit.yen",
                "frames[0].terms[1].formula.rate.value",
                "frames[0].terms[1].formula.subsidy_cap.yen",
                "frames[1].terms[0].formula.tiers[0].rate",
            ],
            "{found:#?}"
        );
    }
}
