//! The embedded catalog's stored form (`data/catalog.bin`).

use std::borrow::Cow;
use std::cell::RefCell;

use super::instances::Instances;
use super::{Catalog, Category, InstanceType, RegionPrice};
#[cfg(test)]
use serde::Serialize;
use serde::{Deserialize, Deserializer};

/// Everything but the instance types, then each family as a section, in id order: its name,
/// its types' categories, how many types it has, and its encoded types ([`decode_family`]).
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

/// One family's section: its types without their prices, then each region's prices as a
/// section of its own: the indices (within the family) of the types priced there, as a
/// postcard `Vec<u32>`, then their `RegionPrice`s one after another. A command about one
/// region decodes only that region's, straight into the types' price lists.
type StoredFamily = (Vec<InstanceType>, Vec<(&'static str, &'static [u8])>);

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

thread_local! {
    /// The distinct strings [`repeated_str`] has seen, most recent first.
    static SEEN: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Deserialize a string the embedded catalog repeats (source ids, spot bands, families):
/// bytes equal to a string seen before are that string, which skips validating their UTF-8
/// again, thousands of times. Stored exactly as a `str` (postcard writes both alike).
pub(super) fn repeated_str<'de, D>(d: D) -> Result<Cow<'static, str>, D::Error>
where
    D: Deserializer<'de>,
    'de: 'static,
{
    struct Visitor;
    impl<'de: 'static> serde::de::Visitor<'de> for Visitor {
        type Value = Cow<'static, str>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_bytes<E: serde::de::Error>(self, b: &'de [u8]) -> Result<Self::Value, E> {
            SEEN.with_borrow_mut(|seen| {
                if let Some(k) = seen.iter().position(|s| s.as_bytes() == b) {
                    let s = seen[k];
                    seen[..=k].rotate_right(1);
                    return Ok(Cow::Borrowed(s));
                }
                let s = std::str::from_utf8(b).map_err(E::custom)?;
                seen.insert(0, s);
                seen.truncate(16);
                Ok(Cow::Borrowed(s))
            })
        }
        fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(s))
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(s.to_owned()))
        }
    }
    d.deserialize_bytes(Visitor)
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

/// Decode one family's types with every region's prices, or only `region`'s.
///
/// # Panics
/// When the section is not one [`encode`] wrote: the embedded bytes are fixed at build time
/// and the blob test decodes every family of them.
pub(super) fn decode_family(bytes: &'static [u8], region: Option<&str>) -> Vec<InstanceType> {
    decode_family_checked(bytes, region)
        .expect("the embedded catalog decodes: the blob test decodes every family")
}

fn decode_family_checked(bytes: &'static [u8], region: Option<&str>) -> Option<Vec<InstanceType>> {
    let (mut types, regions): StoredFamily = postcard::from_bytes(bytes).ok()?;
    let mut sections: Vec<(&'static str, Vec<u32>, &'static [u8])> = Vec::new();
    for (code, section) in regions {
        if region.is_none_or(|r| r == code) {
            let (indices, rest) = postcard::take_from_bytes(section).ok()?;
            sections.push((code, indices, rest));
        }
    }
    // exact capacities first: growing many small vectors price by price costs more than
    // decoding them
    let mut counts = vec![0usize; types.len()];
    for i in sections.iter().flat_map(|(_, indices, _)| indices) {
        *counts.get_mut(*i as usize)? += 1;
    }
    for (t, n) in types.iter_mut().zip(counts) {
        t.prices.reserve_exact(n);
    }
    // regions are sorted and each type's prices are sorted by region: appending region by
    // region keeps that order
    for (code, indices, mut rest) in sections {
        for i in indices {
            let (mut price, tail) = postcard::take_from_bytes::<RegionPrice>(rest).ok()?;
            price.region = Cow::Borrowed(code);
            rest = tail;
            types.get_mut(i as usize)?.prices.push(price);
        }
    }
    Some(types)
}
