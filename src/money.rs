//! Money: exact integer micro-dollars, one rounding rule.

use std::fmt;
use std::ops::{Add, Sub};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount in US dollars, stored as integer micro-dollars (1e-6 USD).
///
/// Catalog prices have at most six decimals, so they are held exactly. Arithmetic stays in
/// micro-dollars; rounding happens once, when an amount is shown (see [`Usd::cents`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Usd(i64);

/// Why a number is not a usable amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsdError {
    /// NaN or infinite.
    NotFinite,
    /// Larger than the representable range (about 9.2 trillion dollars).
    TooLarge,
}

impl Usd {
    /// Zero dollars.
    pub const ZERO: Usd = Usd(0);
    const MAX_DOLLARS: f64 = 9.0e12;

    /// From a dollar amount, rounded to the nearest micro-dollar.
    pub fn from_dollars(dollars: f64) -> Result<Usd, UsdError> {
        if !dollars.is_finite() {
            return Err(UsdError::NotFinite);
        }
        if dollars.abs() > Self::MAX_DOLLARS {
            return Err(UsdError::TooLarge);
        }
        Ok(Usd((dollars * 1e6).round() as i64))
    }

    /// From micro-dollars.
    pub const fn from_micros(micros: i64) -> Usd {
        Usd(micros)
    }

    /// The amount in micro-dollars.
    pub const fn micros(self) -> i64 {
        self.0
    }

    /// The exact amount as a float of dollars (for JSON at full precision).
    pub fn dollars(self) -> f64 {
        self.0 as f64 / 1e6
    }

    /// Rounded to whole cents, half away from zero, as dollars.
    pub fn cents(self) -> f64 {
        let cents = (self.0 as f64 / 1e4).round();
        cents / 100.0
    }

    /// Multiply by a non-negative factor (hours, counts), rounding to the nearest micro-dollar.
    pub fn times(self, factor: f64) -> Usd {
        Usd((self.0 as f64 * factor).round() as i64)
    }

    /// `$2,233.80`: rounded to whole cents, with thousands separators (for people).
    pub fn format_cents(self) -> String {
        let micros = i128::from(self.0);
        let cents = (micros + if micros >= 0 { 5_000 } else { -5_000 }) / 10_000;
        let sign = if cents < 0 { "-" } else { "" };
        let cents = cents.unsigned_abs();
        let whole = (cents / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("{sign}${grouped}.{:02}", cents % 100)
    }

    /// Money as tables show it: two decimals with thousands separators at or above $1
    /// (`$1,394.80`), up to four significant digits below (`$0.5197`, `$0.04`, `$0.000111`).
    pub fn format_money(self) -> String {
        let micros = self.0;
        if micros == 0 || micros.unsigned_abs() >= 1_000_000 {
            return self.format_cents();
        }
        let sign = if micros < 0 { "-" } else { "" };
        let a = micros.unsigned_abs();
        let digits = a.to_string().len() as u32;
        let unit = 10u64.pow(digits.saturating_sub(4));
        let rounded = (a + unit / 2) / unit * unit;
        if rounded >= 1_000_000 {
            return format!("{sign}$1.00");
        }
        let decimals = format!("{rounded:06}");
        let decimals = decimals.trim_end_matches('0');
        format!("{sign}$0.{decimals:0<2}")
    }

    /// `self / other` as a ratio (None when `other` is zero).
    pub fn ratio(self, other: Usd) -> Option<f64> {
        (other.0 != 0).then(|| self.0 as f64 / other.0 as f64)
    }
}

impl Add for Usd {
    type Output = Usd;
    fn add(self, rhs: Usd) -> Usd {
        Usd(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Usd {
    type Output = Usd;
    fn sub(self, rhs: Usd) -> Usd {
        Usd(self.0.saturating_sub(rhs.0))
    }
}

impl fmt::Display for Usd {
    /// Rates: as many decimals as the amount needs (at least two, at most six).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / 1_000_000;
        let frac = format!("{:06}", abs % 1_000_000);
        let trimmed = frac.trim_end_matches('0');
        let frac = if trimmed.len() < 2 {
            &frac[..2]
        } else {
            trimmed
        };
        write!(f, "{sign}{whole}.{frac}")
    }
}

impl<'de> Deserialize<'de> for Usd {
    /// From dollars, as [`Serialize`] writes them (exact for amounts of six decimals or fewer).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Usd, D::Error> {
        let dollars = f64::deserialize(d)?;
        Usd::from_dollars(dollars).map_err(|_| serde::de::Error::custom("not a finite amount"))
    }
}

impl schemars::JsonSchema for Usd {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Usd".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number", "description": "US dollars" })
    }
}

impl Serialize for Usd {
    /// JSON gets the exact amount in dollars.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.dollars())
    }
}

/// Serialize an amount rounded to cents (totals: monthly, per job). Use with
/// `#[serde(serialize_with = "crate::money::cents")]`.
pub fn cents<S: Serializer>(u: &Usd, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(u.cents())
}

/// [`cents`] for an optional amount (null stays null).
pub fn cents_opt<S: Serializer>(u: &Option<Usd>, s: S) -> Result<S::Ok, S::Error> {
    match u {
        Some(u) => s.serialize_f64(u.cents()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_one_format_cents_above_a_dollar_four_digits_below() {
        for (input, shown) in [
            (1394.8, "$1,394.80"),
            (265370.0, "$265,370.00"),
            (21.957642, "$21.96"),
            (1.0, "$1.00"),
            (0.999999, "$1.00"),
            (0.5197, "$0.5197"),
            (0.04, "$0.04"),
            (0.5, "$0.50"),
            (0.0057785, "$0.005779"),
            (0.000111, "$0.000111"),
            (0.433445, "$0.4334"),
            (0.0, "$0.00"),
        ] {
            assert_eq!(
                Usd::from_dollars(input).unwrap().format_money(),
                shown,
                "{input}"
            );
        }
    }

    #[test]
    fn parses_and_prints_catalog_prices_exactly() {
        for (input, shown) in [
            (3.06, "3.06"),
            (12.24, "12.24"),
            (0.0255, "0.0255"),
            (21.957642, "21.957642"),
            (55.04, "55.04"),
            (1.0, "1.00"),
            (0.00099, "0.00099"),
        ] {
            let usd = Usd::from_dollars(input).unwrap();
            assert_eq!(usd.to_string(), shown);
            assert_eq!(usd.dollars(), input);
        }
    }

    #[test]
    fn formats_cents_for_people() {
        let f = |x: f64| Usd::from_dollars(x).unwrap().format_cents();
        assert_eq!(f(2233.8), "$2,233.80");
        assert_eq!(f(0.096), "$0.10");
        assert_eq!(f(80409.6), "$80,409.60");
        assert_eq!(f(1234567.891), "$1,234,567.89");
        assert_eq!(f(0.0), "$0.00");
        assert_eq!(f(-12.345), "-$12.35");
    }

    #[test]
    fn rejects_non_finite_and_huge() {
        assert_eq!(Usd::from_dollars(f64::NAN), Err(UsdError::NotFinite));
        assert_eq!(Usd::from_dollars(f64::INFINITY), Err(UsdError::NotFinite));
        assert_eq!(Usd::from_dollars(1e300), Err(UsdError::TooLarge));
    }

    #[test]
    fn rounds_to_cents_once() {
        let hourly = Usd::from_dollars(3.06).unwrap();
        let monthly = hourly.times(730.0);
        assert_eq!(monthly.cents(), 2233.8);
        assert_eq!(Usd::from_micros(12_345).cents(), 0.01);
        assert_eq!(Usd::from_micros(15_000).cents(), 0.02);
    }
}
