//! The catalog embedded in the binary: the files under `data/`, loaded through the same path as
//! a user's catalog under the display names `<builtin>/<file>`.

/// The files of `data/`, in load order. Only the inherited ones are embedded as text; the
/// rest are embedded through `BLOB` and read from disk by [`super::load_builtin_toml`].
pub const FILES: &[&str] = &[
    "catalog.toml",
    "accelerators.toml",
    "instances.toml",
    "prices.toml",
    "pricing-models.toml",
    "storage.toml",
    "services.toml",
    "rules.toml",
    "sizing.toml",
    "models.toml",
];

/// The built-in catalog, validated and serialized with postcard (a generated file: see
/// `.gitattributes`). Regenerate after changing anything under `data/`:
/// `ADVISOR_BLESS=1 cargo test --lib blob` (a test fails until then).
pub(super) const BLOB: &[u8] = include_bytes!("../../data/catalog.bin");

/// The built-in files a user catalog inherits entries from (rules and coefficients it does not
/// define itself): the only TOML the binary needs at run time.
pub(super) const INHERITED: &[(&str, &str)] = &[
    ("rules.toml", include_str!("../../data/rules.toml")),
    ("sizing.toml", include_str!("../../data/sizing.toml")),
    ("models.toml", include_str!("../../data/models.toml")),
];

/// The embedded catalog's `[meta]`, for `advisor --version`.
const META: &str = include_str!("../../data/catalog.toml");

/// The embedded catalog's version and the date of its newest data, from its `[meta]` table
/// (`version = "…"`, `as-of = "…"`): read without decoding the catalog.
pub fn meta() -> (&'static str, &'static str) {
    let table = META.split("[meta]").nth(1).unwrap_or_default();
    let table = table.split("\n[").next().unwrap_or_default();
    let value = |key: &str| {
        table
            .lines()
            .find_map(|l| l.trim().strip_prefix(key)?.trim().strip_prefix('='))
            .map_or("unknown", |v| v.trim().trim_matches('"'))
    };
    (value("version"), value("as-of"))
}

#[cfg(test)]
mod tests {
    use crate::catalog::{Catalog, Category};
    use crate::money::Usd;

    /// `advisor --version` names the embedded catalog as its `[meta]` does.
    #[test]
    fn meta_reads_the_version_and_date() {
        let c = catalog();
        assert_eq!(
            super::meta(),
            (c.meta().version.as_str(), c.meta().as_of.as_str())
        );
    }

    #[test]
    fn blob_matches_the_toml() {
        let from_toml = catalog();
        let bytes = crate::catalog::stored::encode(&from_toml);
        if std::env::var_os("ADVISOR_BLESS").is_some() {
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalog.bin"),
                &bytes,
            )
            .expect("data/catalog.bin is writable");
            return;
        }
        assert!(
            bytes == super::BLOB,
            "data/catalog.bin is stale: run `ADVISOR_BLESS=1 cargo test --lib blob` after \
             changing data/*.toml"
        );
        // and the embedded form loads to the same catalog
        let loaded = Catalog::builtin().unwrap();
        assert_eq!(crate::catalog::stored::encode(&loaded), bytes);
        // one region: the same catalog with only that region's prices
        let east =
            crate::catalog::load_region(&crate::CatalogSource::Builtin, "eu-west-1").unwrap();
        assert_eq!(east.instances().len(), loaded.instances().len());
        for (a, b) in east.instances().iter().zip(loaded.instances()) {
            assert_eq!(a.id, b.id);
            let want: Vec<_> = b
                .prices
                .iter()
                .filter(|p| p.region == "eu-west-1")
                .collect();
            assert_eq!(a.prices.len(), want.len(), "{}", a.id);
            for (x, y) in a.prices.iter().zip(want) {
                assert_eq!(
                    postcard::to_allocvec(x).unwrap(),
                    postcard::to_allocvec(y).unwrap()
                );
            }
        }
    }

    fn catalog() -> Catalog {
        match crate::catalog::load_builtin_toml(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data"
        ))) {
            Ok(c) => c,
            Err(crate::Error::Invalid { diagnostics, .. }) => {
                let all: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
                panic!("built-in catalog is invalid:\n{}", all.join("\n"))
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn validates_with_zero_diagnostics() {
        let c = catalog();
        let warnings: Vec<String> = c.warnings().iter().map(|d| d.to_string()).collect();
        assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    }

    #[test]
    fn has_at_least_300_types_and_20_regions_with_accelerated_prices() {
        let c = catalog();
        assert!(c.instances().len() >= 300, "{}", c.instances().len());
        let accel_regions: std::collections::BTreeSet<&str> = c
            .instances()
            .iter()
            .filter(|t| t.category.is_accelerated())
            .flat_map(|t| t.prices.iter().map(|p| &*p.region))
            .collect();
        assert!(accel_regions.len() >= 20, "{accel_regions:?}");
    }

    #[test]
    fn every_purchasable_type_has_a_us_east_1_on_demand_price() {
        let c = catalog();
        for t in c.instances() {
            if t.capacity_block_only {
                assert!(
                    t.prices.is_empty(),
                    "{} is capacity-block-only but priced",
                    t.id
                );
                continue;
            }
            let p = t.price("us-east-1");
            assert!(p.is_some(), "{} has no us-east-1 price", t.id);
            assert!(!p.unwrap().on_demand.estimated, "{}", t.id);
        }
    }

    #[test]
    fn every_accelerated_type_has_an_accelerator_model_with_specs() {
        let c = catalog();
        for t in c.instances().iter().filter(|t| t.category.is_accelerated()) {
            let spec = t.accelerator.as_ref().unwrap_or_else(|| panic!("{}", t.id));
            let model = c.accelerator(&spec.model).unwrap();
            assert!(spec.count > 0 && spec.memory_gib_each > 0.0, "{}", t.id);
            assert!(model.memory_gb > 0.0, "{}", model.id);
            // usable memory reported by EC2 is never more than the nominal figure
            assert!(
                spec.memory_gib_each <= model.memory_gb * 1.0001,
                "{} {}",
                t.id,
                model.id
            );
        }
        for t in c
            .instances()
            .iter()
            .filter(|t| !t.category.is_accelerated())
        {
            assert!(t.accelerator.is_none(), "{}", t.id);
        }
    }

    #[test]
    fn seed_prices() {
        let c = catalog();
        let od = |t: &str| {
            c.instance(t)
                .unwrap()
                .price("us-east-1")
                .unwrap()
                .on_demand
                .usd
        };
        assert_eq!(od("p3.2xlarge"), Usd::from_dollars(3.06).unwrap());
        assert_eq!(od("p3.8xlarge"), Usd::from_dollars(12.24).unwrap());
        assert_eq!(od("p5.48xlarge"), Usd::from_dollars(55.04).unwrap());
        assert_eq!(od("m5.large"), Usd::from_dollars(0.096).unwrap());
        let p3 = c.instance("p3.2xlarge").unwrap();
        assert_eq!(p3.category, Category::AcceleratedGpu);
        let spec = p3.accelerator.as_ref().unwrap();
        assert_eq!((spec.model.as_str(), spec.count), ("v100", 1));
    }

    #[test]
    fn estimates_follow_their_documented_rule() {
        let c = catalog();
        for t in c.instances() {
            for p in &t.prices {
                for point in [&p.spot, &p.reserved_1yr, &p.reserved_3yr]
                    .into_iter()
                    .flatten()
                {
                    if !point.estimated {
                        continue;
                    }
                    let rule = c.source(&point.source).unwrap();
                    let discount = match rule.method.as_deref() {
                        Some("discount-from-on-demand") => rule.discount_pct.unwrap(),
                        Some("spot-from-advisor-savings") => {
                            f64::from(p.spot_interruption.as_ref().unwrap().savings_pct)
                        }
                        other => panic!("unknown method {other:?}"),
                    };
                    let want = p.on_demand.usd.times(1.0 - discount / 100.0);
                    let diff = (want.micros() - point.usd.micros()).abs();
                    assert!(
                        diff <= 1,
                        "{} {}: {} vs {}",
                        t.id,
                        p.region,
                        point.usd,
                        want
                    );
                }
            }
        }
    }

    #[test]
    fn sources_cover_every_number_and_dates_are_set() {
        let c = catalog();
        assert!(crate::catalog::age::valid_date(&c.meta().as_of));
        assert!(!c.sources().is_empty());
        for s in c.sources() {
            assert!(crate::catalog::age::valid_date(&s.as_of), "{}", s.id);
        }
        for sc in c.storage_classes() {
            assert!(sc.price("us-east-1").is_some(), "{}", sc.id);
        }
    }

    #[test]
    fn spec_ids_are_present() {
        let c = catalog();
        let storage: Vec<&str> = c.storage_classes().iter().map(|s| &*s.id).collect();
        for id in [
            "s3-standard",
            "s3-intelligent-tiering",
            "s3-standard-ia",
            "s3-one-zone-ia",
            "s3-glacier-instant",
            "s3-glacier-flexible",
            "s3-glacier-deep-archive",
            "ebs-gp3",
            "ebs-gp2",
            "ebs-io2",
            "ebs-st1",
            "ebs-sc1",
            "efs-standard",
            "efs-ia",
            "fsx-lustre",
        ] {
            assert!(storage.contains(&id), "{id}");
        }
        let models: Vec<&str> = c.pricing_models().iter().map(|m| &*m.id).collect();
        assert_eq!(
            models,
            [
                "on-demand",
                "spot",
                "reserved-1yr",
                "reserved-3yr",
                "savings-plan-1yr",
                "savings-plan-3yr"
            ]
        );
    }
}
