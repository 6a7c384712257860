//! Parsers for the values users type: data sizes (`2TB`, `1.5TiB`), counts (`7B`, `125M`),
//! positive numbers (hours, requests per second) and dollar amounts.
//!
//! Each parser rejects garbage with a message that names the value and what was expected; none
//! panics. Decimal inputs are converted with exact integer arithmetic.

use std::fmt;

use crate::money::Usd;

/// Why a value could not be parsed. The message names the value and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// An error with this message (it should name the value and what was expected).
    pub fn new(message: impl Into<String>) -> ParseError {
        ParseError(message.into())
    }
}

const SIZE_UNITS: [(&str, u128); 11] = [
    ("b", 1),
    ("kb", 1_000),
    ("mb", 1_000_000),
    ("gb", 1_000_000_000),
    ("tb", 1_000_000_000_000),
    ("pb", 1_000_000_000_000_000),
    ("kib", 1 << 10),
    ("mib", 1 << 20),
    ("gib", 1 << 30),
    ("tib", 1 << 40),
    ("pib", 1 << 50),
];

const SIZE_EXPECTED: &str =
    "a positive size with a unit, e.g. 500GB, 2TB, 1.5TiB, 100MB (B, KB, MB, GB, TB, PB or KiB … PiB)";

/// Parse a data size into bytes: a positive decimal number and a unit, decimal (`KB`…`PB`) or
/// binary (`KiB`…`PiB`), case-insensitive, with an optional space between.
pub fn parse_size(input: &str) -> Result<u64, ParseError> {
    let err = |why: &str| {
        ParseError(format!(
            "invalid size `{input}`: {why}; expected {SIZE_EXPECTED}"
        ))
    };
    let (number, unit_typed) = split_number(input);
    let unit = unit_typed.to_ascii_lowercase();
    if number.is_empty() {
        return Err(err("no number"));
    }
    if unit.is_empty() {
        return Err(err("no unit"));
    }
    let Some(&(_, multiplier)) = SIZE_UNITS.iter().find(|(u, _)| *u == unit) else {
        return Err(err(&format!("unknown unit `{unit_typed}`")));
    };
    let bytes = scale_decimal(number, multiplier).ok_or_else(|| err("not a decimal number"))?;
    if bytes == 0 {
        return Err(err("the size must be more than zero"));
    }
    u64::try_from(bytes).map_err(|_| err("too large (the limit is about 18 EB)"))
}

/// `"1.5 TiB"` → (`"1.5"`, `"TiB"`): the leading digits and dots, with an exponent (`7e9`,
/// `2.5E-3`) when one follows, and the rest trimmed.
fn split_number(input: &str) -> (&str, &str) {
    let s = input.trim();
    let mut split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let rest = &s.as_bytes()[split..];
    if split > 0 && matches!(rest.first(), Some(b'e' | b'E')) {
        let signed = usize::from(matches!(rest.get(1), Some(b'+' | b'-')));
        let digits = rest[1 + signed..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 {
            split += 1 + signed + digits;
        }
    }
    let (number, rest) = s.split_at(split);
    (number, rest.trim())
}

const COUNT_EXPECTED: &str = "a positive count, e.g. 7B, 125M, 1.5T or 2000 (suffixes K, M, B, T)";

/// Parse a count with an optional decimal suffix: `K` (10³), `M` (10⁶), `B` (10⁹), `T` (10¹²),
/// case-insensitive (`7B` parameters, `2T` tokens, `125M`).
pub fn parse_count(input: &str) -> Result<u64, ParseError> {
    let err = |why: &str| {
        ParseError(format!(
            "invalid count `{input}`: {why}; expected {COUNT_EXPECTED}"
        ))
    };
    let (number, suffix) = split_number(input);
    if number.is_empty() {
        return Err(err("no number"));
    }
    let multiplier: u128 = match suffix.to_ascii_lowercase().as_str() {
        "" => 1,
        "k" => 1_000,
        "m" => 1_000_000,
        "b" | "g" => 1_000_000_000,
        "t" => 1_000_000_000_000,
        other => return Err(err(&format!("unknown suffix `{other}`"))),
    };
    let n = scale_decimal(number, multiplier).ok_or_else(|| err("not a decimal number"))?;
    if n == 0 {
        return Err(err("the count must be at least 1"));
    }
    u64::try_from(n).map_err(|_| err("too large"))
}

/// `digits[.digits][e±digits]` × multiplier, rounded half up to an integer; None if not a
/// number or too long to be meaningful.
fn scale_decimal(number: &str, multiplier: u128) -> Option<u128> {
    if let Some((mantissa, exponent)) = number.split_once(['e', 'E']) {
        let exponent: i32 = exponent.parse().ok()?;
        if !(-30..=30).contains(&exponent) {
            return None;
        }
        let power = 10u128.checked_pow(exponent.unsigned_abs())?;
        return if exponent >= 0 {
            scale_decimal(mantissa, multiplier.checked_mul(power)?)
        } else {
            scale_decimal(mantissa, multiplier).map(|n| (n + power / 2) / power)
        };
    }
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number, ""),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 30
    {
        return None;
    }
    let int: u128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let whole = int.checked_mul(multiplier)?;
    // the fraction: only as many digits as can matter, then round half up
    let frac = &frac[..frac.len().min(24)];
    if frac.is_empty() {
        return Some(whole);
    }
    let digits: u128 = frac.parse().ok()?;
    let scale = 10u128.checked_pow(frac.len() as u32)?;
    let part = digits.checked_mul(multiplier)?;
    whole.checked_add((part + scale / 2) / scale)
}

/// Parse a finite number greater than zero (hours, requests per second, epochs).
pub fn parse_positive(input: &str) -> Result<f64, ParseError> {
    let s = input.trim();
    let err = |why: &str| {
        Err(ParseError(format!(
            "invalid value `{input}`: {why}; expected a positive number such as 8, 0.5 or 1e3"
        )))
    };
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (number, rest) = split_number(unsigned);
    if number.is_empty() || !rest.is_empty() || !looks_decimal(number) {
        return err("not a number");
    }
    match s.parse::<f64>() {
        Ok(x) if !x.is_finite() => err("too large"),
        Ok(x) if x <= 0.0 => err("must be more than zero"),
        Ok(x) => Ok(x),
        Err(_) => err("not a number"),
    }
}

/// Decimal notation with an optional exponent (`1e3`, `2.5E-3`): no `inf`, `NaN` or signs
/// before the number.
fn looks_decimal(s: &str) -> bool {
    let mantissa = s.split(['e', 'E']).next().unwrap_or_default();
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|&b| b == b'.').count() <= 1
        && mantissa.bytes().any(|b| b.is_ascii_digit())
}

/// A percent: `35%` or `35`, more than 0 and at most 100.
pub fn parse_percent(input: &str) -> Result<f64, ParseError> {
    let p = parse_percent_or_zero(input)?;
    if p == 0.0 || p > 100.0 {
        return Err(ParseError(format!(
            "invalid percent `{input}`: expected more than 0 and at most 100, e.g. 35%"
        )));
    }
    Ok(p)
}

/// A percent of 0 or more: `20%`, `0`.
pub fn parse_percent_or_zero(input: &str) -> Result<f64, ParseError> {
    let s = input.trim().trim_end_matches('%').trim();
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 && looks_decimal(s) => Ok(x),
        _ => Err(ParseError(format!(
            "invalid percent `{input}`: expected a number of 0 or more, e.g. 20%"
        ))),
    }
}

/// A size (`40GiB`), or a percent (`30%`) of something the caller knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SizeOrPercent {
    /// Bytes.
    Bytes(u64),
    /// Percent.
    Percent(f64),
}

/// Parse `40GiB` or `30%`.
pub fn parse_size_or_percent(input: &str) -> Result<SizeOrPercent, ParseError> {
    if input.trim().ends_with('%') {
        parse_percent(input).map(SizeOrPercent::Percent)
    } else {
        parse_size(input).map(SizeOrPercent::Bytes)
    }
}

/// A network rate in Gbps: `3Gbps`, `500Mbps`, `25` (Gbps).
pub fn parse_rate_gbps(input: &str) -> Result<f64, ParseError> {
    let (number, unit) = split_number(input);
    let scale = match unit.to_ascii_lowercase().as_str() {
        "" | "gbps" | "gbit/s" => 1.0,
        "mbps" | "mbit/s" => 1e-3,
        "tbps" => 1e3,
        _ => {
            return Err(ParseError(format!(
                "invalid rate `{input}`: expected a positive rate such as 3Gbps or 500Mbps"
            )))
        }
    };
    parse_positive(number).map(|x| x * scale).map_err(|_| {
        ParseError(format!(
            "invalid rate `{input}`: expected a positive rate such as 3Gbps or 500Mbps"
        ))
    })
}

/// Parse hours per month: more than 0 and at most 744 (31 days × 24 h).
pub fn parse_hours_per_month(input: &str) -> Result<f64, ParseError> {
    let h = parse_positive(input)?;
    if h > 744.0 {
        return Err(ParseError(format!(
            "invalid hours per month `{input}`: a month has at most 744 hours (730 on average)"
        )));
    }
    Ok(h)
}

/// Parse a dollar amount greater than zero, with an optional leading `$`.
pub fn parse_usd(input: &str) -> Result<Usd, ParseError> {
    let s = input.trim();
    let s = s.strip_prefix('$').unwrap_or(s);
    let x = parse_positive(s).map_err(|_| {
        ParseError(format!(
            "invalid amount `{input}`: expected a positive number of US dollars such as 5000 or 1250.50"
        ))
    })?;
    Usd::from_dollars(x).map_err(|_| ParseError(format!("invalid amount `{input}`: too large")))
}

/// A positive whole number (counts such as `--max-gpus`, `--top`).
pub fn parse_whole(input: &str) -> Result<u32, ParseError> {
    match input.trim().parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ParseError(format!(
            "invalid value `{input}`: expected a whole number of 1 or more"
        ))),
    }
}

/// Bytes as a short human size in decimal units (`2 TB`, `500 GB`, `1.5 MB`).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [(&str, f64); 6] = [
        ("PB", 1e15),
        ("TB", 1e12),
        ("GB", 1e9),
        ("MB", 1e6),
        ("KB", 1e3),
        ("B", 1.0),
    ];
    let b = bytes as f64;
    for (name, size) in UNITS {
        if b >= size {
            let v = b / size;
            let s = format!("{v:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            return format!("{s} {name}");
        }
    }
    "0 B".into()
}

/// A count as a short human number (`7B`, `125M`, `1.5T`).
pub fn format_count(n: u64) -> String {
    for (suffix, size) in [("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)] {
        if n as f64 >= size {
            let s = format!("{:.2}", n as f64 / size);
            return format!("{}{suffix}", s.trim_end_matches('0').trim_end_matches('.'));
        }
    }
    n.to_string()
}

/// A stream's retention: 24 hours to a year.
pub fn parse_retention(input: &str) -> Result<f64, ParseError> {
    let h = parse_positive(input)?;
    if !(24.0..=8760.0).contains(&h) {
        return Err(ParseError::new(format!(
            "invalid retention `{input}`: a stream keeps events from 24 to 8760 hours"
        )));
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let cases: [(&str, u64); 10] = [
            ("2TB", 2_000_000_000_000),
            ("500GB", 500_000_000_000),
            ("1.5TiB", 1_649_267_441_664),
            ("100MB", 100_000_000),
            ("100mb", 100_000_000),
            ("2 tb", 2_000_000_000_000),
            ("0.1GB", 100_000_000),
            ("1B", 1),
            (".5KB", 500),
            ("16EB", 0),
        ];
        for (input, want) in cases {
            if want == 0 {
                assert!(parse_size(input).is_err(), "{input}");
            } else {
                assert_eq!(parse_size(input), Ok(want), "{input}");
            }
        }
    }

    #[test]
    fn bad_sizes_name_the_value() {
        for bad in [
            "2XB",
            "-5GB",
            "0",
            "0GB",
            "GB",
            "",
            "2",
            "NaNGB",
            "1..2GB",
            "99999999999999999999TB",
            "1e309",
            "inf",
        ] {
            let e = parse_size(bad).unwrap_err().to_string();
            assert!(e.contains(&format!("`{bad}`")), "{bad}: {e}");
            assert!(e.contains("expected"), "{bad}: {e}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("7B"), Ok(7_000_000_000));
        assert_eq!(parse_count("125M"), Ok(125_000_000));
        assert_eq!(parse_count("1.5t"), Ok(1_500_000_000_000));
        assert_eq!(parse_count("2000"), Ok(2000));
        for bad in ["0", "7X", "-7B", "B", "", "1e", "1e99"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }

    /// Scientific notation wherever a number is expected (`--rps 1e3`, `--model-params 7e9`,
    /// `1e3GB`), exactly; and an error says what was wrong with the value.
    #[test]
    fn scientific_notation_is_a_number() {
        assert_eq!(parse_count("7e9"), Ok(7_000_000_000));
        assert_eq!(parse_count("1.5E3"), Ok(1_500));
        assert_eq!(parse_count("2e-1K"), Ok(200));
        assert_eq!(parse_size("1e3GB"), Ok(1_000_000_000_000));
        assert_eq!(parse_positive("1e3"), Ok(1000.0));
        assert_eq!(parse_positive("2.5E-1"), Ok(0.25));
        let why = |v| parse_positive(v).unwrap_err().to_string();
        assert!(why("1e309").contains("too large"), "{}", why("1e309"));
        assert!(
            why("-5").contains("must be more than zero"),
            "{}",
            why("-5")
        );
        assert!(
            why("0e3").contains("must be more than zero"),
            "{}",
            why("0e3")
        );
        assert!(why("abc").contains("not a number"), "{}", why("abc"));
        assert!(why("NaN").contains("not a number"), "{}", why("NaN"));
        assert!(why("1e3x").contains("not a number"), "{}", why("1e3x"));
    }

    #[test]
    fn positive_numbers_hours_and_money() {
        assert_eq!(parse_positive("0.5"), Ok(0.5));
        for bad in ["0", "-1", "NaN", "inf", "1e309", "abc", "", "-0"] {
            assert!(parse_positive(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_hours_per_month("730"), Ok(730.0));
        assert!(parse_hours_per_month("745").is_err());
        assert_eq!(parse_usd("$5000"), Ok(Usd::from_dollars(5000.0).unwrap()));
        assert!(parse_usd("lots").is_err());
        assert_eq!(parse_whole("3"), Ok(3));
        assert!(parse_whole("0").is_err());
    }

    #[test]
    fn formatting() {
        assert_eq!(format_bytes(2_000_000_000_000), "2 TB");
        assert_eq!(format_bytes(1_649_267_441_664), "1.65 TB");
        assert_eq!(format_bytes(100_000_000), "100 MB");
        assert_eq!(format_count(7_000_000_000), "7B");
        assert_eq!(format_count(125_000_000), "125M");
    }
}
