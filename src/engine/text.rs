//! Japanese and English text, Japanese first.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A human text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub ja: Str,
    pub en: Str,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: Str::Owned(ja.into()),
            en: Str::Owned(en.into()),
        }
    }
}

/// An immutable string: a text written for one answer is owned, a text read from the catalog
/// is shared. Catalog files repeat the same words (source ids, publishers, notes, category
/// words) in thousands of places; read while [`interning`] is on, each distinct string is kept
/// once and every place holding it shares it.
#[derive(Clone)]
pub enum Str {
    Shared(Arc<str>),
    Owned(String),
}

impl Str {
    pub fn as_str(&self) -> &str {
        match self {
            Str::Shared(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl Default for Str {
    fn default() -> Self {
        Str::Owned(String::new())
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for Str {}
impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}
impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self == other.as_str()
    }
}
impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        *self == other.as_str()
    }
}
impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}
impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Str {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}
impl std::hash::Hash for Str {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl From<String> for Str {
    fn from(s: String) -> Self {
        Str::Owned(s)
    }
}
impl From<&str> for Str {
    fn from(s: &str) -> Self {
        Str::Owned(s.to_string())
    }
}
impl From<Str> for String {
    fn from(s: Str) -> Self {
        match s {
            Str::Shared(s) => s.to_string(),
            Str::Owned(s) => s,
        }
    }
}

impl Serialize for Str {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Str;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str, E> {
                Ok(intern(v))
            }
        }
        d.deserialize_str(V)
    }
}

thread_local! {
    /// The strings read so far on this thread while [`interning`] is on.
    static INTERNED: std::cell::RefCell<Option<std::collections::HashSet<Arc<str>>>> =
        const { std::cell::RefCell::new(None) };
}

/// A string read from a file: shared with an equal one read before on this thread while
/// [`interning`] is on, else owned.
fn intern(v: &str) -> Str {
    INTERNED.with(|cell| match cell.borrow_mut().as_mut() {
        Some(set) => match set.get(v) {
            Some(s) => Str::Shared(Arc::clone(s)),
            None => {
                let s: Arc<str> = Arc::from(v);
                set.insert(Arc::clone(&s));
                Str::Shared(s)
            }
        },
        None => Str::Owned(v.to_string()),
    })
}

/// Runs `f` with the strings it deserializes on this thread kept once each (see [`Str`]); the
/// table of them is dropped at the end, the strings live on where they are held.
pub fn interning<R>(f: impl FnOnce() -> R) -> R {
    struct Off(Option<std::collections::HashSet<Arc<str>>>);
    impl Drop for Off {
        fn drop(&mut self) {
            let previous = self.0.take();
            INTERNED.with(|cell| *cell.borrow_mut() = previous);
        }
    }
    let previous = INTERNED.with(|cell| cell.borrow_mut().replace(Default::default()));
    let _off = Off(previous);
    f()
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
