//! The `catalog import` report.

use serde::Serialize;

/// What an import did.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ImportReport {
    /// The directory written.
    pub out: String,
    /// Per offer file: products seen and kept, prices read.
    pub offers: Vec<OfferSummary>,
    /// Prices updated (type × region).
    pub prices_updated: usize,
    /// Prices added (type × region not in the catalog before).
    pub prices_added: usize,
    /// Instance types added (families the catalog knows).
    pub instance_types_added: Vec<String>,
    /// Instance types skipped: their family is not in the catalog.
    pub instance_types_skipped: usize,
    /// Regions added.
    pub regions_added: Vec<String>,
    /// Spot interruption bands updated.
    pub spot_bands_updated: usize,
    /// Offer prices not used: NaN, negative, zero, empty or not a number, or a product whose
    /// instance name is not `family.size` in lower-case ASCII (each counted once per price).
    pub prices_skipped: usize,
    /// Each skipped price, in file order.
    pub skipped: Vec<SkippedPrice>,
}

/// An offer price that was not used.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SkippedPrice {
    /// The offer file.
    pub file: String,
    /// The product's SKU.
    pub sku: String,
    /// The instance type, as the file spells it.
    pub instance_type: String,
    /// The region code.
    pub region: String,
    /// Which price: `on-demand`, `reserved-1yr`, `reserved-3yr-all-upfront`, … or `product`
    /// (the whole product, for a bad instance name).
    pub price: String,
    /// What is wrong with it.
    pub problem: String,
    /// The price that stays in its place once every file is read (the catalog's or another
    /// offer file's), USD per hour; null when there is none.
    pub kept_usd_per_hour: Option<f64>,
}

/// One offer file's contribution.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OfferSummary {
    /// The file.
    pub file: String,
    /// Its `publicationDate`.
    pub publication_date: Option<String>,
    /// Products in the file.
    pub products_seen: usize,
    /// Linux, shared-tenancy compute products kept.
    pub products_kept: usize,
    /// (type, region) prices read.
    pub prices: usize,
    /// Prices of this file skipped as bad (see `skipped`).
    pub prices_skipped: usize,
}
