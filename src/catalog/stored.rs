//! The embedded catalog's stored form (`data/catalog.bin`).

use std::borrow::Cow;
use std::cell::RefCell;

use super::{Catalog, RegionPrice};
#[cfg(test)]
use serde::Serialize;
use serde::{Deserialize, Deserializer};

/// Everything but the instance prices, then each region's prices as a section: the indices
/// of the instance types priced there (a postcard `Vec<u32>`), then their `RegionPrice`s one
/// after another. A command about one region decodes only that section, straight into the
/// types' price lists.
#[derive(Deserialize)]
struct Stored {
    catalog: Catalog,
    #[serde(borrow)]
    regions: Vec<(&'static str, &'static [u8])>,
}

/// [`Stored`] as written (the same layout, borrowing what it writes).
#[cfg(test)]
#[derive(Serialize)]
struct StoredRef<'a> {
    catalog: &'a Catalog,
    regions: Vec<(&'a str, &'a [u8])>,
}

/// The stored form of a validated catalog.
#[cfg(test)]
pub(crate) fn encode(catalog: &Catalog) -> Vec<u8> {
    let mut bare = catalog.clone();
    let mut by_region: std::collections::BTreeMap<&str, Vec<(u32, &RegionPrice)>> =
        std::collections::BTreeMap::new();
    for (i, t) in catalog.instances.iter().enumerate() {
        for p in &t.prices {
            let i = u32::try_from(i).expect("fewer than 4 billion instance types");
            by_region.entry(&p.region).or_default().push((i, p));
        }
    }
    for t in &mut bare.instances {
        t.prices.clear();
    }
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
    let stored = StoredRef {
        catalog: &bare,
        regions: sections.iter().map(|(r, b)| (*r, b.as_slice())).collect(),
    };
    postcard::to_allocvec(&stored).expect("a catalog serializes")
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

/// Decode the stored form: every region's prices, or only `region`'s. None when the bytes
/// are not a stored catalog (the caller then falls back to the TOML).
pub(crate) fn decode(bytes: &'static [u8], region: Option<&str>) -> Option<Catalog> {
    let stored: Stored = postcard::from_bytes(bytes).ok()?;
    let mut catalog = stored.catalog;
    let mut sections: Vec<(&'static str, Vec<u32>, &'static [u8])> = Vec::new();
    for (code, section) in stored.regions {
        if region.is_none_or(|r| r == code) {
            let (indices, rest) = postcard::take_from_bytes(section).ok()?;
            sections.push((code, indices, rest));
        }
    }
    // exact capacities first: growing a thousand small vectors price by price costs more
    // than decoding them
    let mut counts = vec![0usize; catalog.instances.len()];
    for i in sections.iter().flat_map(|(_, indices, _)| indices) {
        *counts.get_mut(*i as usize)? += 1;
    }
    for (t, n) in catalog.instances.iter_mut().zip(counts) {
        t.prices.reserve_exact(n);
    }
    // regions are sorted and each type's prices are sorted by region: appending region by
    // region keeps that order
    for (code, indices, mut rest) in sections {
        for i in indices {
            let (mut price, tail) = postcard::take_from_bytes::<RegionPrice>(rest).ok()?;
            price.region = Cow::Borrowed(code);
            rest = tail;
            catalog.instances.get_mut(i as usize)?.prices.push(price);
        }
    }
    Some(catalog)
}
