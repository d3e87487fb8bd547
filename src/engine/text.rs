//! Japanese and English text, Japanese first.

use serde::{Deserialize, Serialize};

/// A human text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }
}

/// Writes yen with thousands separators, without allocating.
pub fn write_yen<W: std::fmt::Write>(out: &mut W, amount: i64) -> std::fmt::Result {
    let mut buf = [0u8; 27];
    let mut n = amount.unsigned_abs();
    let mut at = buf.len();
    let mut digits = 0;
    loop {
        if digits > 0 && digits % 3 == 0 {
            at -= 1;
            buf[at] = b',';
        }
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        digits += 1;
        if n == 0 {
            break;
        }
    }
    if amount < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    // Only ASCII digits, commas and a minus sign above.
    out.write_str(std::str::from_utf8(&buf[at..]).map_err(|_| std::fmt::Error)?)
}

/// Appends yen with thousands separators, without allocating.
pub fn push_yen(out: &mut String, amount: i64) {
    // Writing into a String cannot fail.
    let _ = write_yen(out, amount);
}

/// A date as `2025-12-25`, written without chrono's formatting machinery (dates are written by
/// the hundred in a full answer).
#[derive(Debug, Clone, Copy)]
pub struct DateText(pub chrono::NaiveDate);

impl std::fmt::Display for DateText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_date(f, self.0)
    }
}

/// Writes a date as `2025-12-25`.
pub fn write_date<W: std::fmt::Write>(out: &mut W, d: chrono::NaiveDate) -> std::fmt::Result {
    use chrono::Datelike;
    let y = d.year();
    if !(0..=9999).contains(&y) {
        return write!(out, "{d}");
    }
    let (m, day) = (d.month(), d.day());
    let digits = [
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (day / 10) as u8,
        b'0' + (day % 10) as u8,
    ];
    // Only ASCII digits and dashes above.
    out.write_str(std::str::from_utf8(&digits).map_err(|_| std::fmt::Error)?)
}

/// Formats yen with thousands separators: 6579000 → "6,579,000".
pub fn yen(amount: i64) -> String {
    let mut out = String::with_capacity(27);
    push_yen(&mut out, amount);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_does() {
        for (y, m, d) in [
            (2025, 12, 25),
            (2026, 4, 1),
            (1999, 1, 9),
            (9999, 12, 31),
            (10000, 1, 1),
            (-5, 3, 3),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
            assert_eq!(DateText(date).to_string(), date.to_string());
        }
    }

    #[test]
    fn yen_groups_thousands() {
        assert_eq!(yen(0), "0");
        assert_eq!(yen(999), "999");
        assert_eq!(yen(1_000), "1,000");
        assert_eq!(yen(6_579_000), "6,579,000");
        assert_eq!(yen(-50_000), "-50,000");
        for v in [
            0,
            7,
            999,
            1_000,
            12_345,
            6_579_000,
            -1_234_567,
            i64::MAX,
            i64::MIN,
        ] {
            let mut s = String::new();
            push_yen(&mut s, v);
            assert_eq!(s, yen(v), "{v}");
        }
    }
}
