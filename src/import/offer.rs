//! Streaming reader of AWS Price List bulk offer files (AmazonEC2 `index.json`, hundreds of MB):
//! one pass with serde visitors, keeping only the Linux, shared-tenancy, on-demand-capacity
//! products and their on-demand and standard no-upfront reserved rates. The whole document is
//! never held in memory.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use crate::money::Usd;

/// One instance type in one region, as the offer file prices it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferPrice {
    /// vCPUs from the product attributes.
    pub vcpus: Option<u32>,
    /// Memory in GiB from the product attributes (`"61 GiB"`).
    pub memory_gib: Option<f64>,
    /// GPUs from the product attributes.
    pub gpus: Option<u32>,
    /// On-demand, USD per hour.
    pub on_demand: Option<Usd>,
    /// Reserved, standard, 1 year, no upfront, USD per hour.
    pub reserved_1yr: Option<Usd>,
    /// Reserved, standard, 3 years, no upfront, USD per hour.
    pub reserved_3yr: Option<Usd>,
    /// Reserved, standard, 1 year, partial upfront: effective USD per hour.
    pub reserved_1yr_partial_upfront: Option<Usd>,
    /// Reserved, standard, 1 year, all upfront: effective USD per hour.
    pub reserved_1yr_all_upfront: Option<Usd>,
    /// Reserved, standard, 3 years, partial upfront: effective USD per hour.
    pub reserved_3yr_partial_upfront: Option<Usd>,
    /// Reserved, standard, 3 years, all upfront: effective USD per hour.
    pub reserved_3yr_all_upfront: Option<Usd>,
}

/// Hours in a reserved term, as AWS counts them for effective rates (365 days a year).
pub const HOURS_PER_TERM_YEAR: f64 = 8_760.0;

/// What an offer file gave.
#[derive(Debug, Clone, Default)]
pub struct Offer {
    /// `publicationDate`, as `YYYY-MM-DD`.
    pub publication_date: Option<String>,
    /// `version`.
    pub version: Option<String>,
    /// `offerCode`: `AmazonEC2` for the files `catalog import` reads.
    pub offer_code: Option<String>,
    /// (instance type, region code) → prices.
    pub prices: BTreeMap<(String, String), OfferPrice>,
    /// Products seen and products kept.
    pub products_seen: usize,
    /// Products that passed the filter.
    pub products_kept: usize,
    /// Prices (and products) not used because a value or the instance name is bad.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Product {
    product_family: Option<String>,
    #[serde(default)]
    attributes: Attributes,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Attributes {
    instance_type: Option<String>,
    region_code: Option<String>,
    location: Option<String>,
    vcpu: Option<String>,
    memory: Option<String>,
    gpu: Option<String>,
    operating_system: Option<String>,
    tenancy: Option<String>,
    capacitystatus: Option<String>,
    pre_installed_sw: Option<String>,
    license_model: Option<String>,
}

impl Attributes {
    /// Linux, shared tenancy, on-demand capacity, no pre-installed software, no licence.
    fn wanted(&self) -> bool {
        self.operating_system.as_deref() == Some("Linux")
            && self.tenancy.as_deref() == Some("Shared")
            && self.capacitystatus.as_deref() == Some("Used")
            && self.pre_installed_sw.as_deref() == Some("NA")
            && self.license_model.as_deref() == Some("No License required")
            && self.instance_type.is_some()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Term {
    #[serde(default)]
    price_dimensions: BTreeMap<String, Dimension>,
    #[serde(default)]
    term_attributes: TermAttributes,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Dimension {
    unit: Option<String>,
    #[serde(default)]
    price_per_unit: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TermAttributes {
    lease_contract_length: Option<String>,
    offering_class: Option<String>,
    purchase_option: Option<String>,
}

impl Term {
    /// The USD amount of the term's dimension with this unit (`Hrs`, or `Quantity` for an
    /// upfront fee): `None` when the term has no such dimension, else the amount (zero
    /// included) or what is wrong with it.
    fn dimension(&self, unit: &str) -> Option<Result<Amount, String>> {
        let d = self
            .price_dimensions
            .values()
            .find(|d| d.unit.as_deref() == Some(unit))?;
        Some(amount(d.price_per_unit.get("USD").map(String::as_str)))
    }

    /// The hourly USD rate of the term (its `Hrs` dimension), which must be above zero.
    fn hourly(&self) -> Option<Result<Usd, String>> {
        Some(self.dimension("Hrs")?.and_then(|a| a.positive()))
    }

    /// The effective hourly rate of an upfront option: the upfront fee (above zero) spread over
    /// the term's hours plus the hourly rate (zero for All Upfront).
    fn effective_hourly(&self, years: f64) -> Option<Result<Usd, String>> {
        let fee = self.dimension("Quantity")?;
        let hourly = self.dimension("Hrs").unwrap_or_else(|| Ok(Amount::zero()));
        Some(fee.and_then(|fee| {
            let hourly = hourly?;
            fee.positive()?;
            Amount {
                usd: fee.usd / (HOURS_PER_TERM_YEAR * years) + hourly.usd,
                text: format!("{} upfront + {}/h", fee.text, hourly.text),
            }
            .positive()
        }))
    }
}

/// A price of an offer file: its value and its text as written.
struct Amount {
    usd: f64,
    text: String,
}

impl Amount {
    /// No hourly dimension: zero, written as such in messages.
    fn zero() -> Amount {
        Amount {
            usd: 0.0,
            text: "0".into(),
        }
    }

    /// The amount as [`Usd`], when above zero.
    fn positive(&self) -> Result<Usd, String> {
        if self.usd == 0.0 {
            return Err(format!("`{}` is zero", self.text));
        }
        Usd::from_dollars(self.usd)
            .ok()
            .filter(|u| u.micros() > 0)
            .ok_or_else(|| format!("`{}` is out of range", self.text))
    }
}

/// A price string of an offer file as a non-negative, finite number, or what is wrong with it.
fn amount(raw: Option<&str>) -> Result<Amount, String> {
    let text = raw.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err("the price is empty".into());
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && x < 0.0 => Err(format!("`{text}` is negative")),
        Ok(x) if x.is_finite() => Ok(Amount {
            usd: x,
            text: text.to_string(),
        }),
        _ => Err(format!("`{text}` is not a number")),
    }
}

/// Whether an instance name is `family.size` in lower-case ASCII letters, digits and dashes.
pub fn valid_instance_name(name: &str) -> bool {
    let part = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    matches!(name.split_once('.'), Some((f, s)) if part(f) && part(s))
}

/// A price of the offer file that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The product's SKU.
    pub sku: String,
    /// The instance type, as the file spells it.
    pub instance_type: String,
    /// The region code.
    pub region: String,
    /// Which price: `on-demand`, `reserved-1yr`, … or `product` for a bad instance name or
    /// region code.
    pub price: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

/// State shared by the visitors.
struct State<'a> {
    /// Region display name → code, for files without `regionCode`.
    locations: &'a HashMap<String, String>,
    /// SKU → key of `offer.prices`.
    skus: HashMap<String, (String, String)>,
    offer: Offer,
    /// `terms` came before `products`: a second pass is needed.
    terms_first: bool,
    /// Read only the terms (second pass).
    terms_only: bool,
}

struct Top<'s, 'a>(&'s mut State<'a>);

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an AWS Price List offer file (a JSON object with products and terms)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut saw_products = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "publicationDate" if !self.0.terms_only => {
                    let d: String = map.next_value()?;
                    self.0.offer.publication_date = Some(d.chars().take(10).collect());
                }
                "version" if !self.0.terms_only => self.0.offer.version = Some(map.next_value()?),
                "offerCode" if !self.0.terms_only => {
                    self.0.offer.offer_code = Some(map.next_value()?)
                }
                "products" if !self.0.terms_only => {
                    saw_products = true;
                    map.next_value_seed(Products(self.0))?;
                }
                "terms" if saw_products || self.0.terms_only => {
                    map.next_value_seed(Terms(self.0))?
                }
                "terms" => {
                    self.0.terms_first = true;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

struct Products<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Products<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Products<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of SKU to product")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            let p: Product = map.next_value()?;
            self.0.offer.products_seen += 1;
            let family = p.product_family.as_deref().unwrap_or_default();
            if !family.starts_with("Compute Instance") || !p.attributes.wanted() {
                continue;
            }
            let a = p.attributes;
            let region = a.region_code.clone().or_else(|| {
                a.location
                    .as_ref()
                    .and_then(|l| self.0.locations.get(l).cloned())
            });
            let (Some(t), Some(region)) = (a.instance_type, region) else {
                continue;
            };
            if !crate::catalog::validate_region_code(&region) {
                self.0.offer.skipped.push(Skipped {
                    sku,
                    problem: format!("region code `{region}` is not an AWS region code"),
                    instance_type: t,
                    region,
                    price: "product",
                });
                continue;
            }
            if !valid_instance_name(&t) {
                self.0.offer.skipped.push(Skipped {
                    sku,
                    problem: format!(
                        "instance name `{t}` is not `family.size` in lower-case ASCII"
                    ),
                    instance_type: t,
                    region,
                    price: "product",
                });
                continue;
            }
            self.0.offer.products_kept += 1;
            let entry = self
                .0
                .offer
                .prices
                .entry((t.clone(), region.clone()))
                .or_default();
            entry.vcpus = a.vcpu.as_deref().and_then(|v| v.trim().parse().ok());
            entry.memory_gib = a.memory.as_deref().and_then(|m| {
                m.trim()
                    .trim_end_matches("GiB")
                    .trim()
                    .replace(',', "")
                    .parse()
                    .ok()
            });
            entry.gpus = a.gpu.as_deref().and_then(|g| g.trim().parse().ok());
            self.0.skus.insert(sku, (t, region));
        }
        Ok(())
    }
}

struct Terms<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Terms<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Terms<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of term type (OnDemand, Reserved) to terms")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(kind) = map.next_key::<String>()? {
            match kind.as_str() {
                "OnDemand" => map.next_value_seed(TermsBySku(self.0, false))?,
                "Reserved" => map.next_value_seed(TermsBySku(self.0, true))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `{sku: {offerTermCode: term}}` of one kind; `.1` is true for reserved terms.
struct TermsBySku<'s, 'a>(&'s mut State<'a>, bool);

impl<'de> DeserializeSeed<'de> for TermsBySku<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermsBySku<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of SKU to its terms")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            let Some(key) = self.0.skus.get(&sku).cloned() else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let terms: BTreeMap<String, Term> = map.next_value()?;
            let Some(entry) = self.0.offer.prices.get_mut(&key) else {
                continue;
            };
            let skipped = &mut self.0.offer.skipped;
            let mut record = |price: &'static str, result: Option<Result<Usd, String>>| match result
            {
                Some(Ok(usd)) => Some(usd),
                Some(Err(problem)) => {
                    skipped.push(Skipped {
                        sku: sku.clone(),
                        instance_type: key.0.clone(),
                        region: key.1.clone(),
                        price,
                        problem,
                    });
                    None
                }
                None => None,
            };
            for term in terms.values() {
                if !self.1 {
                    if let Some(h) = record("on-demand", term.hourly()) {
                        entry.on_demand = Some(h);
                    }
                    continue;
                }
                let a = &term.term_attributes;
                if a.offering_class.as_deref() != Some("standard") {
                    continue;
                }
                let (years, names, slots) = match a.lease_contract_length.as_deref() {
                    Some("1yr") => (
                        1.0,
                        [
                            "reserved-1yr",
                            "reserved-1yr-partial-upfront",
                            "reserved-1yr-all-upfront",
                        ],
                        [
                            &mut entry.reserved_1yr,
                            &mut entry.reserved_1yr_partial_upfront,
                            &mut entry.reserved_1yr_all_upfront,
                        ],
                    ),
                    Some("3yr") => (
                        3.0,
                        [
                            "reserved-3yr",
                            "reserved-3yr-partial-upfront",
                            "reserved-3yr-all-upfront",
                        ],
                        [
                            &mut entry.reserved_3yr,
                            &mut entry.reserved_3yr_partial_upfront,
                            &mut entry.reserved_3yr_all_upfront,
                        ],
                    ),
                    _ => continue,
                };
                let [none, partial, all] = slots;
                match a.purchase_option.as_deref() {
                    Some("No Upfront") => *none = record(names[0], term.hourly()),
                    Some("Partial Upfront") => {
                        *partial = record(names[1], term.effective_hourly(years))
                    }
                    Some("All Upfront") => *all = record(names[2], term.effective_hourly(years)),
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// Read an offer file; `reopen` gives the file again for the rare layout where `terms` come
/// before `products` (a second pass then reads the terms). `locations` maps region display
/// names to codes for files without `regionCode`.
pub fn read_offer<R: Read>(
    reader: R,
    reopen: impl FnOnce() -> std::io::Result<R>,
    locations: &HashMap<String, String>,
) -> Result<Offer, OfferError> {
    let mut state = State {
        locations,
        skus: HashMap::new(),
        offer: Offer::default(),
        terms_first: false,
        terms_only: false,
    };
    pass(reader, &mut state)?;
    if state.terms_first {
        state.terms_only = true;
        pass(reopen().map_err(OfferError::Io)?, &mut state)?;
    }
    state.offer.prices.retain(|_, p| p.on_demand.is_some());
    Ok(state.offer)
}

fn pass<R: Read>(reader: R, state: &mut State) -> Result<(), OfferError> {
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 20, reader));
    Top(state)
        .deserialize(&mut de)
        .map_err(|e| OfferError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
    de.end().map_err(|e| OfferError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// Why an offer file could not be read.
#[derive(Debug)]
pub enum OfferError {
    /// The file could not be read.
    Io(std::io::Error),
    /// Malformed or truncated JSON, or not the expected shape, at a line and column.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
}
