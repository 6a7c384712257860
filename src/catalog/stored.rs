//! The embedded catalog's stored form (`data/catalog.bin`).

use serde::Deserialize;
#[cfg(test)]
use serde::Serialize;

use super::instances::Instances;
use super::model::Catalog;
use super::types::Category;
#[cfg(test)]
use super::types::{InstanceType, RegionPrice};

/// Everything but the instance types, then each family as a section, in id order: its name,
/// its types' categories, how many types it has, and its encoded types (`family::decode_family`).
/// A command decodes only the families it asks for (`Instances`).
#[derive(Deserialize)]
struct Stored {
    catalog: Catalog,
    #[serde(borrow)]
    families: Vec<(&'static str, Vec<Category>, u32, &'static [u8])>,
}

/// [`Stored`] as written (the same layout, borrowing what it writes).
#[cfg(test)]
#[derive(Serialize)]
struct StoredRef<'a> {
    catalog: &'a Catalog,
    families: Vec<(&'a str, &'a [Category], u32, &'a [u8])>,
}

/// The stored form of a validated catalog.
#[cfg(test)]
pub(crate) fn encode(catalog: &Catalog) -> Vec<u8> {
    let sections: Vec<(&super::instances::Family, u32, Vec<u8>)> = catalog
        .instances
        .families()
        .iter()
        .map(|f| {
            let types = catalog.instances.of(f);
            let count = u32::try_from(types.len()).expect("fewer than 4 billion types a family");
            (f, count, encode_family(types))
        })
        .collect();
    let stored = StoredRef {
        catalog,
        families: sections
            .iter()
            .map(|(f, count, bytes)| (&*f.name, f.categories.as_slice(), *count, bytes.as_slice()))
            .collect(),
    };
    postcard::to_allocvec(&stored).expect("a catalog serializes")
}

/// One family's section ([`StoredFamily`]).
#[cfg(test)]
fn encode_family(types: &[InstanceType]) -> Vec<u8> {
    let mut by_region: std::collections::BTreeMap<&str, Vec<(u32, &RegionPrice)>> =
        std::collections::BTreeMap::new();
    for (i, t) in types.iter().enumerate() {
        for p in &t.prices {
            let i = u32::try_from(i).expect("fewer than 4 billion types a family");
            by_region.entry(&p.region).or_default().push((i, p));
        }
    }
    let bare: Vec<InstanceType> = types
        .iter()
        .map(|t| InstanceType {
            prices: Vec::new(),
            ..t.clone()
        })
        .collect();
    let sections: Vec<(&str, Vec<u8>)> = by_region
        .into_iter()
        .map(|(region, prices)| {
            let indices: Vec<u32> = prices.iter().map(|(i, _)| *i).collect();
            let mut bytes = postcard::to_allocvec(&indices).expect("indices serialize");
            for (_, p) in prices {
                bytes.extend(postcard::to_allocvec(p).expect("a price serializes"));
            }
            (region, bytes)
        })
        .collect();
    let sections: Vec<(&str, &[u8])> = sections.iter().map(|(r, b)| (*r, b.as_slice())).collect();
    postcard::to_allocvec(&(bare, sections)).expect("a family serializes")
}

/// Decode the stored form, its families left encoded until asked for: with every region's
/// prices, or only `region`'s. None when the bytes are not a stored catalog (the caller then
/// falls back to the TOML).
pub(crate) fn decode(bytes: &'static [u8], region: Option<&str>) -> Option<Catalog> {
    let stored: Stored = postcard::from_bytes(bytes).ok()?;
    let mut catalog = stored.catalog;
    let families = stored
        .families
        .into_iter()
        .map(|(name, categories, count, bytes)| (name, categories, count as usize, bytes));
    catalog.instances = Instances::stored(families, region.map(str::to_owned));
    Some(catalog)
}
