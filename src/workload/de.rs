//! Reading a plan file's workload keys with the parsers the command-line flags use, so that a
//! key and its flag accept exactly the same values: `data-size = "2TB"`, `epochs = 2`,
//! `precision = "BF16"`.

use serde::{Deserialize, Deserializer};

use crate::money::Usd;
use crate::suggest;
use crate::units::{self, ParseError};
use crate::vocab::{Commitment, Keep, Method, Precision, Schedule, Stat, Traffic, WorkloadKind};

/// A TOML value given where the flag takes text: a string or a number, as its decimal text.
#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    String(String),
    Integer(i64),
    Float(f64),
}

impl Text {
    fn into_string(self) -> String {
        match self {
            Text::String(s) => s,
            Text::Integer(i) => i.to_string(),
            Text::Float(f) => f.to_string(),
        }
    }
}

fn parsed<'de, D, T>(d: D, parse: fn(&str) -> Result<T, ParseError>) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    let text = Text::deserialize(d)
        .map_err(|_| serde::de::Error::custom("invalid type: expected a string or a number"))?
        .into_string();
    parse(&text).map(Some).map_err(serde::de::Error::custom)
}

/// A size: `500GB`, `2TB`.
pub fn size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    parsed(d, units::parse_size)
}

/// A count: `7B`, `10M`.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    parsed(d, units::parse_count)
}

/// A positive number.
pub fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    parsed(d, units::parse_positive)
}

/// A whole number.
pub fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    parsed(d, units::parse_whole)
}

/// Hours in a month.
pub fn hours_per_month<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    parsed(d, units::parse_hours_per_month)
}

/// A stream's retention, 24 to 8760 hours.
pub fn retention<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    parsed(d, units::parse_retention)
}

/// A percent, more than 0 and at most 100: `35%`.
pub fn percent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    parsed(d, units::parse_percent)
}

/// A percent of 0 or more: `20%`, `0`.
pub fn percent_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    parsed(d, units::parse_percent_or_zero)
}

/// A size or a percent: `40GiB`, `30%`.
pub fn size_or_percent<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<units::SizeOrPercent>, D::Error> {
    parsed(d, units::parse_size_or_percent)
}

/// A network rate: `3Gbps`, `500Mbps`.
pub fn rate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    parsed(d, units::parse_rate_gbps)
}

/// US dollars.
pub fn usd<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Usd>, D::Error> {
    parsed(d, units::parse_usd)
}

/// One of a closed set of ids, named by the key it is read from.
pub trait Choice: Sized + Copy {
    /// The plan key (and flag) the value is given with.
    const KEY: &'static str;
    /// Every id.
    const IDS: &'static [&'static str];
    /// The value of a lower-case id (or alias).
    fn from_name(name: &str) -> Option<Self>;
}

macro_rules! choice {
    ($t:ty, $key:literal, $from:path) => {
        impl Choice for $t {
            const KEY: &'static str = $key;
            const IDS: &'static [&'static str] = <$t>::IDS;
            fn from_name(name: &str) -> Option<Self> {
                $from(name)
            }
        }
    };
}

choice!(WorkloadKind, "workload", WorkloadKind::from_name);
choice!(Commitment, "commitment", Commitment::from_id);
choice!(Traffic, "traffic", Traffic::from_id);
choice!(Precision, "precision", Precision::from_id);
choice!(Method, "method", Method::from_id);
choice!(Schedule, "schedule", Schedule::from_id);
choice!(Stat, "stat", Stat::from_id);
choice!(Keep, "keep", Keep::from_id);

/// The message of a value that is not one of `T`'s ids, naming the key, with "did you mean".
pub fn invalid_choice<T: Choice>(given: &str) -> String {
    let mut message = format!(
        "invalid `{}` `{given}`; expected one of {}",
        T::KEY,
        T::IDS.join(", ")
    );
    if let Some(help) = suggest::did_you_mean(given, T::IDS.iter().copied()) {
        message.push_str("; ");
        message.push_str(&help);
    }
    message
}

/// One of a closed set of ids, case-insensitive.
pub fn choice<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Choice,
{
    let given = String::deserialize(d)?;
    T::from_name(&given.to_ascii_lowercase())
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(invalid_choice::<T>(&given)))
}

/// A list of ids of a closed set, case-insensitive: `["efa", "nvme"]`.
pub fn choices<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Choice,
{
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|given| {
            T::from_name(&given.to_ascii_lowercase())
                .ok_or_else(|| serde::de::Error::custom(invalid_choice::<T>(given)))
        })
        .collect()
}
