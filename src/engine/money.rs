//! Money: integer yen outside, exact arithmetic inside.
//!
//! Rates are exact fractions kept as published ("9/10" is not reduced). Amounts are multiplied
//! before they are divided, and rounded once, where the program's rule says.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// Which way a figure is rounded to its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingDirection {
    Down,
    HalfUp,
    Up,
}

/// An exact fraction `numerator/denominator`, as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
}

impl Rate {
    pub fn parse(s: &str) -> Result<Rate, String> {
        let (n, d) = s
            .split_once('/')
            .ok_or_else(|| format!("rate `{s}` must be a fraction like \"1/2\""))?;
        let numerator: i64 = n
            .trim()
            .parse()
            .map_err(|_| format!("rate `{s}`: numerator is not an integer"))?;
        let denominator: i64 = d
            .trim()
            .parse()
            .map_err(|_| format!("rate `{s}`: denominator is not an integer"))?;
        if denominator <= 0 || numerator < 0 || numerator > denominator {
            return Err(format!("rate `{s}` must be between 0/d and d/d with d > 0"));
        }
        Ok(Rate {
            numerator,
            denominator,
        })
    }

    pub fn text(&self) -> String {
        format!("{}/{}", self.numerator, self.denominator)
    }

    /// amount × rate, exact (multiply first, then divide).
    pub fn apply(&self, amount: Decimal) -> Decimal {
        amount * Decimal::from(self.numerator) / Decimal::from(self.denominator)
    }

    /// amount ÷ rate, exact: the cost that earns `amount` at this rate.
    pub fn invert(&self, amount: Decimal) -> Decimal {
        if self.numerator == 0 {
            return Decimal::ZERO;
        }
        amount * Decimal::from(self.denominator) / Decimal::from(self.numerator)
    }

    pub fn gt(&self, other: &Rate) -> bool {
        (self.numerator as i128) * (other.denominator as i128)
            > (other.numerator as i128) * (self.denominator as i128)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Rounds `value` to a multiple of `unit` yen in the given direction.
pub fn round(value: Decimal, unit: i64, direction: RoundingDirection) -> i64 {
    let unit_d = Decimal::from(unit.max(1));
    let q = value / unit_d;
    let r = match direction {
        RoundingDirection::Down => q.floor(),
        RoundingDirection::Up => q.ceil(),
        RoundingDirection::HalfUp => {
            q.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }
    };
    decimal_to_yen(r * unit_d)
}

/// Converts an integral decimal to yen, saturating far outside any real amount.
pub fn decimal_to_yen(d: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    d.trunc().to_i64().unwrap_or(if d.is_sign_negative() {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// Decimal text with at most two decimals, for breakdown sentences ("5,456,500" or "49,999.5").
pub fn decimal_text(d: Decimal) -> String {
    let r = d.round_dp(2).normalize();
    let int = decimal_to_yen(r.trunc());
    let frac = (r - r.trunc()).abs();
    let mut s = super::text::yen(int);
    if r.is_sign_negative() && int == 0 && !frac.is_zero() {
        s = format!("-{s}");
    }
    if !frac.is_zero() {
        let f = frac.to_string();
        s.push_str(f.trim_start_matches('0'));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_exact_and_unreduced() {
        let r = Rate::parse("9/10").unwrap();
        assert_eq!(r.text(), "9/10");
        assert!(Rate::parse("0.5").is_err());
        assert!(Rate::parse("3/2").is_err());
        assert!(Rate::parse("1/0").is_err());
    }

    #[test]
    fn multiply_before_divide_keeps_thirds_exact() {
        let third = Rate::parse("1/3").unwrap();
        let v = third.apply(Decimal::from(6_022_000));
        assert_eq!(round(v, 1, RoundingDirection::Down), 2_007_333);
        assert_eq!(round(v, 1000, RoundingDirection::Down), 2_007_000);
    }

    #[test]
    fn rounding_directions() {
        let v = Decimal::new(1935, 1) * Decimal::from(1000); // 193,500
        assert_eq!(round(v, 1000, RoundingDirection::Down), 193_000);
        assert_eq!(round(v, 1000, RoundingDirection::HalfUp), 194_000);
        assert_eq!(round(v, 1000, RoundingDirection::Up), 194_000);
        assert_eq!(
            round(Decimal::new(499995, 1), 1, RoundingDirection::Down),
            49_999
        );
    }

    #[test]
    fn decimal_text_shows_fractions() {
        assert_eq!(decimal_text(Decimal::new(499995, 1)), "49,999.5");
        assert_eq!(decimal_text(Decimal::from(5_456_500)), "5,456,500");
    }
}
