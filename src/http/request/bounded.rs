//! Whole numbers within a range: the range is stated once, in the type, and both the reader
//! and the schema (`minimum`, `maximum`) take it from there.

use serde_json::{json, Value};

use serde::de::{Deserializer, Visitor};

use super::field::{refuse, Field};
use super::reader::{FieldErrorKind, Reader};

/// An integer from `MIN` to `MAX`. `150.0` is read as 150 (an integer written as a float);
/// a fraction or a number beyond 64 bits is a type error (400), an integer out of range is
/// an invalid field (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bounded<const MIN: i64, const MAX: i64>(pub i64);

impl<const MIN: i64, const MAX: i64> Bounded<MIN, MAX> {
    pub const MIN: i64 = MIN;
    pub const MAX: i64 = MAX;

    pub fn get(self) -> i64 {
        self.0
    }
}

impl<const MIN: i64, const MAX: i64> Field for Bounded<MIN, MAX> {
    /// Integers only: a number written with a fraction or an exponent (`150.0`) is left to
    /// `read`, which takes it when it is whole.
    fn fast<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const MIN: i64, const MAX: i64>;
        impl<'de, const MIN: i64, const MAX: i64> Visitor<'de> for V<MIN, MAX> {
            type Value = Bounded<MIN, MAX>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                if (MIN..=MAX).contains(&v) {
                    Ok(Bounded(v))
                } else {
                    Err(refuse("out of range"))
                }
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                match i64::try_from(v) {
                    Ok(v) => self.visit_i64(v),
                    Err(_) => Err(refuse("out of range")),
                }
            }
        }
        d.deserialize_i64(V::<MIN, MAX>)
    }

    fn read(r: &mut Reader, v: &Value, ptr: &str) -> Option<Self> {
        let n = match v {
            Value::Number(n) => n,
            other => {
                r.wrong_type(ptr, "整数", "an integer", other);
                return None;
            }
        };
        let i = match n.as_i64() {
            Some(i) => i,
            None => match n.as_f64() {
                Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => f as i64,
                _ => {
                    r.error(
                        ptr,
                        FieldErrorKind::InvalidType,
                        format!("{ptr}: 整数を指定してください (入力: {n})"),
                        format!("{ptr}: expected an integer within 64 bits, got {n}"),
                    );
                    return None;
                }
            },
        };
        if (MIN..=MAX).contains(&i) {
            return Some(Bounded(i));
        }
        r.error(
            ptr,
            FieldErrorKind::InvalidField,
            format!("{ptr}: {MIN}以上{MAX}以下の整数を指定してください (入力: {i})"),
            format!("{ptr}: must be an integer from {MIN} to {MAX} (got {i})"),
        );
        None
    }

    fn schema() -> Value {
        json!({"type": "integer", "format": "int64", "minimum": MIN, "maximum": MAX})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_floats_and_huge_numbers() {
        let mut r = Reader::default();
        let read = |r: &mut Reader, v: Value| Bounded::<0, 10_000>::read(r, &v, "/facility/beds");
        assert_eq!(read(&mut r, json!(150.0)), Some(Bounded(150)));
        assert_eq!(read(&mut r, json!(-1)), None);
        assert_eq!(r.errors[0].kind, FieldErrorKind::InvalidField);
        let huge: Value = serde_json::from_str("1e30").unwrap();
        assert_eq!(read(&mut r, huge), None);
        assert_eq!(r.errors[1].kind, FieldErrorKind::InvalidType);
        assert_eq!(read(&mut r, json!("many")), None);
        assert_eq!(r.errors[2].kind, FieldErrorKind::InvalidType);
    }
}
