//! One family's section of the embedded catalog, decoded on demand.

use std::borrow::Cow;

use super::types::{InstanceType, RegionPrice};

/// One family's section: its types without their prices, then each region's prices as a
/// section of its own: the indices (within the family) of the types priced there, as a
/// postcard `Vec<u32>`, then their `RegionPrice`s one after another. A command about one
/// region decodes only that region's, straight into the types' price lists.
pub(super) type StoredFamily = (Vec<InstanceType>, Vec<(&'static str, &'static [u8])>);

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
