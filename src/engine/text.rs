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

/// Appends yen with thousands separators, without allocating.
pub fn push_yen(out: &mut String, amount: i64) {
    let mut buf = [0u8; 20];
    let mut n = amount.unsigned_abs();
    let mut len = 0;
    loop {
        buf[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    if amount < 0 {
        out.push('-');
    }
    for i in (0..len).rev() {
        out.push(buf[i] as char);
        if i > 0 && i % 3 == 0 {
            out.push(',');
        }
    }
}

/// Formats yen with thousands separators: 6579000 → "6,579,000".
pub fn yen(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
