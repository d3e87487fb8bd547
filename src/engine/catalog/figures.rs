//! Money figures checked where they are written, on the TOML tree of each program file, before
//! it is read into the catalog's types: every yen figure within 0..=10^13, every rate
//! 0 < r <= 1, every per-unit amount positive. Checking the tree by key name reports each figure
//! at its exact key path (`frames[1].terms[0].formula.rate`), every one of them in a file, and
//! holds for any formula kind the catalog adds.

use toml::{Table, Value};

use super::error::CatalogError;
use super::raw::{
    RawCriterion, RawFormula, RawLimit, RawPerUnit, RawProgram, RawRaisedRate, RawRate,
};
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

/// Whether every money figure of a program read into its types is within the bounds `check`
/// enforces on the tree (yen 0..=10^13, per-unit amounts from 1, rates above 0; a rate's upper
/// bound is its type's own). A valid file is thus checked without a tree of its text; a program
/// out of bounds is read again as a tree by `check`, which locates every figure.
pub fn within_bounds(p: &RawProgram) -> bool {
    let frames = p.frames.iter().all(|f| {
        f.unpriced.iter().all(|u| u.max.as_ref().is_none_or(limit))
            && criteria(&f.criteria)
            && f.terms
                .iter()
                .all(|t| criteria(&t.criteria) && formula(&t.formula))
    });
    frames && criteria(&p.criteria)
}

fn yen(y: i64) -> bool {
    (0..=MAX_YEN).contains(&y)
}

fn per_unit_yen(y: i64) -> bool {
    (1..=MAX_YEN).contains(&y)
}

fn limit(l: &RawLimit) -> bool {
    yen(l.yen)
}

fn per_unit(u: &RawPerUnit) -> bool {
    per_unit_yen(u.yen)
}

fn rate(r: &RawRate) -> bool {
    match r {
        RawRate::Plain(r) => r.numerator > 0,
        RawRate::Sourced(s) => s.value.numerator > 0,
    }
}

fn raised(r: &RawRaisedRate) -> bool {
    rate(&r.rate) && criteria(&r.when)
}

fn criteria(list: &[RawCriterion]) -> bool {
    list.iter().all(|c| match c {
        RawCriterion::ExpenseTotal { yen: y, .. } => yen(*y),
        RawCriterion::All { of } | RawCriterion::Any { of } => criteria(of),
        _ => true,
    })
}

fn formula(f: &RawFormula) -> bool {
    let opt = |o: &Option<RawLimit>| o.as_ref().is_none_or(limit);
    match f {
        RawFormula::CostRate(c) => {
            opt(&c.cost_cap)
                && c.cost_cap_per_unit.as_ref().is_none_or(per_unit)
                && opt(&c.cost_min)
                && c.rate.as_ref().is_none_or(rate)
                && c.raised_rate.as_ref().is_none_or(raised)
                && opt(&c.subsidy_cap)
                && opt(&c.subsidy_min)
                && c.tiers.iter().all(|t| {
                    criteria(&t.when)
                        && opt(&t.cost_cap)
                        && t.cost_cap_per_unit.as_ref().is_none_or(per_unit)
                        && t.rate.as_ref().is_none_or(rate)
                        && opt(&t.subsidy_cap)
                        && opt(&t.subsidy_min)
                })
        }
        RawFormula::TieredRate(t) => {
            yen(t.band_yen)
                && rate(&t.lower_rate)
                && t.lower_raised_rate.as_ref().is_none_or(raised)
                && rate(&t.upper_rate)
                && limit(&t.subsidy_cap)
                && opt(&t.subsidy_cap_single_function)
                && t.category_caps
                    .iter()
                    .all(|c| rate(&c.rate) && limit(&c.cap))
        }
        RawFormula::LesserOfGoals(g) => {
            g.goals.iter().all(|g| {
                [g.cap_yen, g.cap_min_yen, g.cap_max_yen]
                    .iter()
                    .all(|y| y.is_none_or(yen))
            }) && limit(&g.course_max)
                && rate(&g.rate)
                && g.raised_rate.as_ref().is_none_or(raised)
        }
        RawFormula::PerDay(d) => per_unit_yen(d.yen_per_day) && limit(&d.cap),
        RawFormula::Fixed(x) => yen(x.yen),
        RawFormula::ClassRates(c) => {
            per_unit(&c.cap_per_unit) && rate(&c.asset_rate) && rate(&c.other_rate)
        }
        RawFormula::SumOfParts(s) => s.parts.iter().all(|p| {
            criteria(&p.when)
                && p.per_unit.as_ref().is_none_or(per_unit)
                && p.fixed_instead
                    .as_ref()
                    .is_none_or(|x| criteria(&x.when) && yen(x.yen))
                && p.fixed_yen.is_none_or(yen)
                && p.highest_of.iter().all(|o| yen(o.yen) && criteria(&o.when))
                && p.percent_of
                    .as_ref()
                    .is_none_or(|x| per_unit_yen(x.yen_per_percent) && rate(&x.rate))
        }),
        RawFormula::InKind(_) => true,
        RawFormula::Unknown(u) => {
            opt(&u.max)
                && u.rate.as_ref().is_none_or(rate)
                && u.max_tiers
                    .iter()
                    .all(|t| criteria(&t.when) && limit(&t.max))
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
