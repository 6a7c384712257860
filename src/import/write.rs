//! Write a catalog as a directory of TOML files in the catalog format (docs/catalog-format.md),
//! prices as `[[price-table]]` rows grouped by region and sources.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::catalog::{
    Accelerator, InstanceType, Meta, PricingModel, Region, RegionPrice, RegionRate, ServicePrice,
    Software, Source, StorageClass, StorageKind,
};

/// Everything a catalog directory holds. Rules and coefficients are inherited from the built-in
/// catalog, except those a user catalog defined, carried over as they were written.
pub struct Parts<'a> {
    pub meta: Meta,
    /// `[meta] builtin-rules = false` of the user catalog.
    pub builtin_rules_off: bool,
    /// The user catalog's own `[[rule]]` and `[[coefficient]]` entries, as a TOML document.
    pub own_rules: Option<String>,
    pub sources: Vec<Source>,
    pub regions: Vec<Region>,
    pub accelerators: &'a [Accelerator],
    pub instances: Vec<InstanceType>,
    pub storage_classes: &'a [StorageClass],
    pub pricing_models: &'a [PricingModel],
    pub service_prices: &'a [ServicePrice],
}

/// A TOML string literal.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML float (always with a decimal point or exponent).
fn n(x: f64) -> String {
    toml::Value::Float(x).to_string()
}

/// The inline tables of per-region rates (`prices = [...]`), the amount under `usd_key`.
fn rates(prices: &[RegionRate], usd_key: &str) -> String {
    prices
        .iter()
        .map(|p| {
            format!(
                "{{ region = {}, {usd_key} = {}, source = {}, estimated = {} }}",
                q(&p.region),
                n(p.usd.dollars()),
                q(&p.source),
                p.estimated
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first lines of every file an import writes.
const HEAD: &str =
    "# Written by `advisor catalog import`. The built-in rules and sizing coefficients are\n\
                # inherited unless `builtin-rules = false` (docs/rules.md).\nschema-version = 1\n";

/// (file name, text) of every file of the catalog directory, in a fixed order.
pub fn files(p: &Parts) -> Vec<(String, String)> {
    let mut out = vec![
        ("catalog.toml".to_string(), catalog_toml(p)),
        ("accelerators.toml".to_string(), accelerators_toml(p)),
        ("instances.toml".to_string(), instances_toml(p)),
        ("prices.toml".to_string(), prices_toml(p)),
    ];
    if let Some(rules) = &p.own_rules {
        out.push(("rules.toml".to_string(), rules_toml(rules)));
    }
    out.push((
        "storage-and-services.toml".to_string(),
        storage_and_services_toml(p),
    ));
    out
}

/// catalog.toml: `[meta]`, the sources, regions and pricing models.
fn catalog_toml(p: &Parts) -> String {
    let mut c = String::from(HEAD);
    let _ = writeln!(
        c,
        "\n[meta]\nversion = {}\nas-of = {}",
        q(&p.meta.version),
        q(&p.meta.as_of)
    );
    if let Some(d) = &p.meta.description {
        let _ = writeln!(c, "description = {}", q(d));
    }
    if p.builtin_rules_off {
        c.push_str("builtin-rules = false\n");
    }
    for s in &p.sources {
        write_source(&mut c, s);
    }
    for r in &p.regions {
        let _ = write!(
            c,
            "\n[[region]]\ncode = {}\nname = {}\n",
            q(&r.code),
            q(&r.name)
        );
        if let Some(source) = &r.not_offered_source {
            let names: Vec<String> = r.not_offered.iter().map(|x| q(x)).collect();
            let _ = write!(
                c,
                "not-offered = [{}]\nnot-offered-source = {}\n",
                names.join(", "),
                q(source)
            );
        }
    }
    for m in p.pricing_models {
        write_pricing_model(&mut c, m);
    }
    c
}

/// One `[[source]]` of catalog.toml.
fn write_source(c: &mut String, s: &Source) {
    let _ = write!(
        c,
        "\n[[source]]\nid = {}\nkind = {}\nname = {}\nas-of = {}\nlocation = {}\n",
        q(&s.id),
        q(if s.estimate { "estimate" } else { "published" }),
        q(&s.name),
        q(&s.as_of),
        q(&s.location)
    );
    if s.as_of_approximate {
        c.push_str("as-of-approximate = true\n");
    }
    if let Some(m) = &s.method {
        let _ = writeln!(c, "method = {}", q(m));
    }
    if let Some(d) = s.discount_pct {
        let _ = writeln!(c, "discount-pct = {}", n(d));
    }
    if let Some(note) = &s.note {
        let _ = writeln!(c, "note = {}", q(note));
    }
}

/// One `[[pricing-model]]` of catalog.toml.
fn write_pricing_model(c: &mut String, m: &PricingModel) {
    let _ = write!(
        c,
        "\n[[pricing-model]]\nid = {}\nname = {}\nterm-years = {}\ndescription = {}\nsuits = {}\nsources = [{}]\n",
        q(&m.id),
        q(&m.name),
        m.term_years,
        q(&m.description),
        q(&m.suits),
        m.sources.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    );
    if let Some(d) = m.max_discount_pct {
        let _ = writeln!(c, "max-discount-pct = {}", n(d));
    }
    if let Some(s) = m.interruption_notice_seconds {
        let _ = writeln!(c, "interruption-notice-seconds = {s}");
    }
}

/// accelerators.toml: one `[[accelerator]]` per accelerator model.
fn accelerators_toml(p: &Parts) -> String {
    let mut a = String::from(HEAD);
    for x in p.accelerators {
        let _ = write!(
            a,
            "\n[[accelerator]]\nid = {}\nname = {}\nvendor = {}\nsoftware = {}\nmemory-gb = {}\nsources = [{}]\n",
            q(&x.id),
            q(&x.name),
            q(&x.vendor),
            q(match x.software {
                Software::Cuda => "cuda",
                Software::Neuron => "neuron",
                Software::Other => "other",
            }),
            n(x.memory_gb),
            x.sources.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
        );
        for (key, v) in [
            ("memory-bandwidth-gb-per-s", x.memory_bandwidth_gb_per_s),
            ("fp16-tflops", x.fp16_tflops),
            ("bf16-tflops", x.bf16_tflops),
            ("fp32-tflops", x.fp32_tflops),
            ("fp8-tflops", x.fp8_tflops),
        ] {
            if let Some(v) = v {
                let _ = writeln!(a, "{key} = {}", n(v));
            }
        }
        if let Some(f) = x.fp8 {
            let _ = writeln!(a, "fp8 = {f}");
        }
        if let Some(cc) = &x.compute_capability {
            let _ = writeln!(a, "compute-capability = {}", q(cc));
        }
        if let Some(g) = x.generation {
            let _ = writeln!(a, "generation = {g}");
        }
        if !x.estimated.is_empty() {
            let _ = writeln!(
                a,
                "estimated = [{}]",
                x.estimated
                    .iter()
                    .map(|s| q(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if let Some(note) = &x.note {
            let _ = writeln!(a, "note = {}", q(note));
        }
    }
    a
}

/// instances.toml: one `[[instance]]` per instance type, its specs without its prices.
fn instances_toml(p: &Parts) -> String {
    let mut i = String::from(HEAD);
    for t in &p.instances {
        let _ = write!(
            i,
            "\n[[instance]]\ntype = {}\nfamily = {}\ncategory = {}\ngeneration = {}\nvcpus = {}\nmemory-gib = {}\narch = {}\nnetwork-gbps = {}\nefa-devices = {}\nspec-source = {}\n",
            q(&t.id),
            q(&t.family),
            q(t.category.id()),
            t.generation,
            t.vcpus,
            n(t.memory_gib),
            q(t.arch.id()),
            n(t.network_gbps),
            t.efa_devices,
            q(&t.spec_source)
        );
        if let Some(acc) = &t.accelerator {
            let _ = write!(
                i,
                "accelerator = {}\naccelerator-count = {}\naccelerator-memory-gib = {}\n",
                q(&acc.model),
                acc.count,
                n(acc.memory_gib_each)
            );
        }
        if let Some(g) = t.local_nvme_gb {
            let _ = writeln!(i, "local-nvme-gb = {g}");
        }
        if t.capacity_block_only {
            i.push_str("capacity-block-only = true\n");
        }
        if let Some(note) = &t.note {
            let _ = writeln!(i, "note = {}", q(note));
        }
    }
    i
}

/// A price table's key: its region, the source of each price column (None: column absent) and
/// the spot band's source.
type PriceTableKey = (String, [Option<String>; 9], Option<String>);

/// The rows (`  [type, price, ...],`) of every instance type's prices, grouped into one table
/// per region and sources of its columns.
fn price_tables(p: &Parts) -> BTreeMap<PriceTableKey, Vec<String>> {
    let mut tables: BTreeMap<PriceTableKey, Vec<String>> = BTreeMap::new();
    for t in &p.instances {
        for price in &t.prices {
            let points = price.points();
            let key: PriceTableKey = (
                price.region.to_string(),
                points.map(|(_, p)| p.map(|p| p.source.to_string())),
                price
                    .spot_interruption
                    .as_ref()
                    .map(|s| s.source.to_string()),
            );
            let mut row = vec![q(&t.id)];
            for (_, x) in points {
                if let Some(x) = x {
                    row.push(n(x.usd.dollars()));
                }
            }
            if let Some(s) = &price.spot_interruption {
                row.push(q(&s.band));
                row.push(s.savings_pct.to_string());
            }
            tables
                .entry(key)
                .or_default()
                .push(format!("  [{}],", row.join(", ")));
        }
    }
    tables
}

/// prices.toml: one `[[price-table]]` per region and the sources of its columns.
fn prices_toml(p: &Parts) -> String {
    let mut pr = String::from(HEAD);
    let names = RegionPrice::FIELDS;
    for ((region, sources, band_source), rows) in &price_tables(p) {
        let mut columns = vec![q("type")];
        let mut source_keys = Vec::new();
        for (name, source) in names.iter().zip(sources) {
            if let Some(s) = source {
                let name = name.replace('_', "-");
                columns.push(q(&name));
                source_keys.push(format!("{name} = {}", q(s)));
            }
        }
        if let Some(s) = band_source {
            columns.push(q("spot-band"));
            columns.push(q("spot-savings-pct"));
            source_keys.push(format!("spot-interruption = {}", q(s)));
        }
        let _ = write!(
            pr,
            "\n[[price-table]]\nregion = {}\ncolumns = [{}]\nsources = {{ {} }}\nrows = [\n{}\n]\n",
            q(region),
            columns.join(", "),
            source_keys.join(", "),
            rows.join("\n")
        );
    }
    pr
}

/// rules.toml: the rules and coefficients a user catalog defined itself, carried over.
fn rules_toml(rules: &str) -> String {
    format!(
        "# Written by `advisor catalog import`: the rules and coefficients of the catalog it\n\
         # updated, carried over.\nschema-version = 1\n\n{rules}"
    )
}

/// storage-and-services.toml: the storage classes and service prices.
fn storage_and_services_toml(p: &Parts) -> String {
    let mut s = String::from(HEAD);
    for c in p.storage_classes {
        write_storage_class(&mut s, c);
    }
    for sp in p.service_prices {
        let _ = write!(
            s,
            "\n[[service-price]]\nid = {}\nservice = {}\nunit = {}\nprices = [{}]\n",
            q(&sp.id),
            q(&sp.service),
            q(&sp.unit),
            rates(&sp.prices, "usd")
        );
        if let Some(note) = &sp.note {
            let _ = writeln!(s, "note = {}", q(note));
        }
    }
    s
}

/// One `[[storage-class]]` of storage-and-services.toml.
fn write_storage_class(s: &mut String, c: &StorageClass) {
    let _ = write!(
        s,
        "\n[[storage-class]]\nid = {}\nname = {}\nkind = {}\nshareable = {}\nthroughput = {}\nsuits = {}\nprices = [{}]\n",
        q(&c.id),
        q(&c.name),
        q(match c.kind {
            StorageKind::Object => "object",
            StorageKind::Block => "block",
            StorageKind::File => "file",
        }),
        c.shareable,
        q(&c.throughput),
        q(&c.suits),
        rates(&c.prices, "usd-per-gb-month")
    );
    for (key, v) in [
        ("retrieval-usd-per-gb", c.retrieval_usd_per_gb),
        (
            "monitoring-usd-per-1000-objects",
            c.monitoring_usd_per_1000_objects,
        ),
    ] {
        if let Some(v) = v {
            let _ = writeln!(s, "{key} = {}", n(v.dollars()));
        }
    }
    for (key, v) in [
        ("min-duration-days", c.min_duration_days),
        ("min-object-kb", c.min_object_kb),
        ("baseline-iops", c.baseline_iops),
        (
            "baseline-throughput-mib-per-s",
            c.baseline_throughput_mib_per_s,
        ),
        ("max-iops", c.max_iops),
        ("max-throughput-mib-per-s", c.max_throughput_mib_per_s),
        ("max-size-gib", c.max_size_gib),
        ("throughput-mb-per-s-per-tib", c.throughput_mb_per_s_per_tib),
    ] {
        if let Some(v) = v {
            let _ = writeln!(s, "{key} = {v}");
        }
    }
    if let Some(note) = &c.note {
        let _ = writeln!(s, "note = {}", q(note));
    }
}
