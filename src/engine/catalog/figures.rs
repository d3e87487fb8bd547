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

struct Walk<'a> {
    file: &'a str,
    errors: Vec<CatalogError>,
}

impl Walk<'_> {
    fn err(&mut self, path: &str, message: String) {
        self.errors.push(CatalogError {
            file: self.file.to_string(),
            path: path.to_string(),
            message,
        });
    }

    fn table(&mut self, path: &str, t: &Table) {
        // A per-unit amount (`{ yen = 40_000, basis = "beds" }`) multiplies a count: it must pay
        // something.
        let per_unit = t.contains_key("basis");
        for (k, v) in t {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if is_yen_key(k) {
                self.yen(&p, v, per_unit || k.starts_with("yen_per"));
            } else if is_rate_key(k) {
                self.rate(&p, v);
            } else {
                self.value(&p, v);
            }
        }
    }

    fn value(&mut self, path: &str, v: &Value) {
        match v {
            Value::Table(t) => self.table(path, t),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(&format!("{path}[{i}]"), item);
                }
            }
            _ => {}
        }
    }

    fn yen(&mut self, path: &str, v: &Value, positive: bool) {
        match v {
            Value::Integer(y) => {
                let min = i64::from(positive);
                if *y < min || *y > MAX_YEN {
                    let what = if positive {
                        "a per-unit amount must be from 1"
                    } else {
                        "a yen figure must be from 0"
                    };
                    self.err(path, format!("{what} to {MAX_YEN} (got {y})"));
                }
            }
            Value::Table(t) => self.table(path, t),
            Value::Array(_) => self.value(path, v),
            other => self.err(
                path,
                format!("a yen figure must be an integer (got {})", other.type_str()),
            ),
        }
    }

    fn rate(&mut self, path: &str, v: &Value) {
        match v {
            Value::String(s) => self.fraction(path, s),
            // `{ value = "2/3", source = … }`, or a raised rate `{ rate = …, when = … }`.
            Value::Table(t) => match t.get("value") {
                Some(Value::String(s)) => self.fraction(&format!("{path}.value"), s),
                Some(other) => self.err(
                    &format!("{path}.value"),
                    format!(
                        "a rate must be a string like \"1/2\" (got {})",
                        other.type_str()
                    ),
                ),
                None => self.table(path, t),
            },
            Value::Array(_) => self.value(path, v),
            other => self.err(
                path,
                format!(
                    "a rate must be a string like \"1/2\" (got {})",
                    other.type_str()
                ),
            ),
        }
    }

    fn fraction(&mut self, path: &str, s: &str) {
        match Rate::parse(s) {
            Ok(r) if r.numerator > 0 => {}
            Ok(_) => self.err(
                path,
                format!("rate `{s}` must be more than 0 (a frame that pays nothing has no rate)"),
            ),
            Err(e) => self.err(path, format!("{e}; a rate is 0 < r <= 1, like \"1/2\"")),
        }
    }
}

/// Every out-of-range money figure of one parsed file.
pub fn check(file: &str, doc: &Table) -> Vec<CatalogError> {
    let mut w = Walk {
        file,
        errors: Vec::new(),
    };
    w.table("", doc);
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
