//! Write a synthetic catalog directory in the real format, for benchmarks and scaling tests:
//!
//!     cargo run --release --example synth_catalog -- --types 1000 --regions 30 --out /tmp/synth
//!     advisor --catalog /tmp/synth recommend --workload training --data-size 2TB
//!
//! Instance types are variants of the built-in ones (same specs and accelerators, families
//! renamed `<family>v<k>`), priced in every region (the built-in us-east-1 price, 1% dearer per
//! region index). Sources, accelerators, storage classes and pricing models are the built-in
//! ones; rules and sizing coefficients are inherited as for any user catalog. The numbers are
//! synthetic: use the output for timing only.

use std::fmt::Write as _;
use std::path::PathBuf;

use advisor::Catalog;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let types: usize = arg(&args, "--types")
        .unwrap_or_else(|| "1000".into())
        .parse()?;
    let regions: usize = arg(&args, "--regions")
        .unwrap_or_else(|| "30".into())
        .parse()?;
    let out = PathBuf::from(arg(&args, "--out").ok_or("--out DIR is required")?);
    let builtin = Catalog::builtin()?;
    std::fs::create_dir_all(&out)?;

    // the built-in files that carry no instance data are copied as they are
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for name in ["accelerators.toml", "storage.toml", "pricing-models.toml"] {
        std::fs::copy(data.join(name), out.join(name))?;
    }
    // us-east-1 first (the copied storage prices are in it), then the other real regions, then
    // made-up codes if more are asked for
    let mut real: Vec<String> = vec!["us-east-1".into()];
    real.extend(
        builtin
            .regions()
            .iter()
            .map(|r| r.code.clone())
            .filter(|c| c != "us-east-1"),
    );
    let region_codes: Vec<String> = (0..regions.max(1))
        .map(|i| {
            real.get(i)
                .cloned()
                .unwrap_or_else(|| format!("zz-synth-{}", i + 1))
        })
        .collect();

    let mut catalog = String::from(
        "schema-version = 1\n\n[meta]\nversion = \"synthetic\"\nas-of = \"2026-07-20\"\n",
    );
    for s in builtin.sources() {
        let kind = if s.estimate { "estimate" } else { "published" };
        write!(
            catalog,
            "\n[[source]]\nid = {:?}\nkind = \"{kind}\"\nname = {:?}\nas-of = {:?}\nlocation = {:?}\n",
            s.id, s.name, s.as_of, s.location
        )?;
        if let Some(m) = &s.method {
            writeln!(catalog, "method = {m:?}")?;
        }
    }
    for (i, code) in region_codes.iter().enumerate() {
        write!(
            catalog,
            "\n[[region]]\ncode = {code:?}\nname = \"Synthetic region {}\"\n",
            i + 1
        )?;
    }
    std::fs::write(out.join("catalog.toml"), catalog)?;

    let templates: Vec<_> = builtin
        .instances()
        .iter()
        .filter(|t| t.price("us-east-1").is_some())
        .collect();
    let mut instances = String::from("schema-version = 1\n");
    // one compact [[price-table]] per region
    let mut prices: Vec<String> = region_codes
        .iter()
        .map(|code| {
            format!(
                "schema-version = 1\n\n[[price-table]]\nregion = {code:?}\n\
                 columns = [\"type\", \"on-demand\", \"spot-band\", \"spot-savings-pct\"]\n\
                 sources = {{ on-demand = \"karpenter-pricing\", spot-interruption = \"spot-advisor\" }}\n\
                 rows = [\n"
            )
        })
        .collect();
    for i in 0..types {
        let t = templates[i % templates.len()];
        let variant = i / templates.len();
        let family = format!("{}v{variant}", t.family);
        let size = t.id.split_once('.').map_or("large", |(_, s)| s);
        let id = format!("{family}.{size}");
        write!(
            instances,
            "\n[[instance]]\ntype = {id:?}\nfamily = {family:?}\ncategory = \"{}\"\ngeneration = {}\nvcpus = {}\nmemory-gib = {:?}\narch = \"{}\"\nnetwork-gbps = {:?}\nefa-devices = {}\nspec-source = {:?}\n",
            t.category, t.generation, t.vcpus, t.memory_gib, t.arch.id(), t.network_gbps, t.efa_devices, &*t.spec_source
        )?;
        if let Some(a) = &t.accelerator {
            write!(
                instances,
                "accelerator = {:?}\naccelerator-count = {}\naccelerator-memory-gib = {:?}\n",
                a.model, a.count, a.memory_gib_each
            )?;
        }
        let base = t
            .price("us-east-1")
            .expect("filtered above")
            .on_demand
            .usd
            .dollars();
        for (r, code) in region_codes.iter().enumerate() {
            let od = (base * (1.0 + r as f64 * 0.01) * 1e6).round() / 1e6;
            let _ = code;
            writeln!(prices[r], "  [{id:?}, {od:?}, \">20%\", 60],")?;
        }
    }
    std::fs::write(out.join("instances.toml"), instances)?;
    for (r, text) in prices.iter_mut().enumerate() {
        text.push_str("]\n");
        std::fs::write(out.join(format!("prices-{:02}.toml", r + 1)), text)?;
    }
    eprintln!(
        "wrote {} instance types × {} regions to {}",
        types,
        regions,
        out.display()
    );
    Ok(())
}
