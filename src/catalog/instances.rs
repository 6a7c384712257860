//! A catalog's instance types, grouped by family. A catalog read from TOML holds every type
//! from the start; the embedded catalog decodes a family's types (and their prices) the first
//! time a command asks for that family, so a training recommendation never decodes the
//! thousand CPU types it does not consider.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use super::family::decode_family;
use super::types::{Category, InstanceType};

/// Every instance type of a catalog, by family.
#[derive(Debug, Clone, Default)]
pub(super) struct Instances {
    /// Every type, sorted by id: a TOML catalog's from the start, the embedded catalog's the
    /// first time a command asks for all of them.
    all: OnceLock<Vec<InstanceType>>,
    /// The families in the order of their types' ids (a family's ids are a run of `all`:
    /// every one starts with `<family>.`).
    families: Vec<Family>,
    /// The embedded catalog's region, when only its prices are decoded.
    region: Option<String>,
}

/// One family: what a command filters on without decoding its types.
#[derive(Debug, Clone)]
pub(super) struct Family {
    pub(super) name: Cow<'static, str>,
    /// The categories of its types, sorted, without repeats.
    pub(super) categories: Vec<Category>,
    /// Its types' positions in `all`.
    run: Range<usize>,
    /// The embedded catalog's encoded types, and them decoded once asked for.
    stored: Option<(&'static [u8], OnceLock<Vec<InstanceType>>)>,
}

impl Instances {
    /// A TOML catalog's types, sorted by id.
    pub(super) fn new(all: Vec<InstanceType>) -> Instances {
        let mut families: Vec<Family> = Vec::new();
        for (i, t) in all.iter().enumerate() {
            match families.last_mut() {
                Some(f) if f.name == t.family => {
                    f.run.end = i + 1;
                    if !f.categories.contains(&t.category) {
                        f.categories.push(t.category);
                        f.categories.sort();
                    }
                }
                _ => families.push(Family {
                    name: t.family.clone(),
                    categories: vec![t.category],
                    run: i..i + 1,
                    stored: None,
                }),
            }
        }
        Instances {
            all: OnceLock::from(all),
            families,
            region: None,
        }
    }

    /// The embedded catalog's families: (name, categories, number of types, encoded types),
    /// in id order, decoded with `region`'s prices only, or every region's.
    pub(super) fn stored(
        families: impl IntoIterator<Item = (&'static str, Vec<Category>, usize, &'static [u8])>,
        region: Option<String>,
    ) -> Instances {
        let mut start = 0;
        let families = families
            .into_iter()
            .map(|(name, categories, count, bytes)| {
                let run = start..start + count;
                start += count;
                Family {
                    name: Cow::Borrowed(name),
                    categories,
                    run,
                    stored: Some((bytes, OnceLock::new())),
                }
            })
            .collect();
        Instances {
            all: OnceLock::new(),
            families,
            region,
        }
    }

    /// Every type, sorted by id.
    pub(super) fn all(&self) -> &[InstanceType] {
        self.all.get_or_init(|| {
            let mut all = Vec::with_capacity(self.families.last().map_or(0, |f| f.run.end));
            // (a TOML catalog's are set when loaded; a family decoded before is decoded again,
            // which costs less than keeping its copy and this one in step)
            for (bytes, _) in self.families.iter().filter_map(|f| f.stored.as_ref()) {
                all.extend(decode_family(bytes, self.region.as_deref()));
            }
            all
        })
    }

    /// The families, in id order.
    pub(super) fn families(&self) -> &[Family] {
        &self.families
    }

    /// A family's types, sorted by id.
    pub(super) fn of<'a>(&'a self, family: &'a Family) -> &'a [InstanceType] {
        if let Some(all) = self.all.get() {
            return &all[family.run.clone()];
        }
        match &family.stored {
            Some((bytes, decoded)) => {
                decoded.get_or_init(|| decode_family(bytes, self.region.as_deref()))
            }
            None => &[],
        }
    }

    /// A family by name.
    pub(super) fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.name == name)
    }

    /// A type by id (its family is the part before the first `.`, which validation checks).
    pub(super) fn get(&self, id: &str) -> Option<&InstanceType> {
        let family = self.family(id.split_once('.')?.0)?;
        let types = self.of(family);
        types
            .binary_search_by(|t| (*t.id).cmp(id))
            .ok()
            .map(|i| &types[i])
    }
}
