//! Terminal rendering: comfy-table tables plus a one-line summary. No colour, no computing.

use std::io::{self, Write};

use super::cells::{accel, new_table, num, right_align, write_table};
use super::options::RenderOptions;
use crate::answer::catalog::{ListReport, RegionsReport, ShowInstance, ShowReport, ValidateReport};
use crate::answer::{Document, Report};
use crate::money::Usd;

pub(super) fn render(doc: &Document, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    match &doc.report {
        Report::CatalogList(r) => list(doc, r, opts, out)?,
        Report::CatalogShow(r) => show(r, opts, out)?,
        Report::CatalogRegions(r) => regions(r, opts, out)?,
        Report::CatalogModels(r) => models(r, opts, out)?,
        Report::CatalogValidate(r) => validate(r, out)?,
        Report::Recommend(r) if opts.markdown => super::markdown::recommend(r, opts, out)?,
        Report::Recommend(r) => super::table_recommend::render(r, opts, out)?,
        Report::Compare(r) => super::table_compare::render(r, opts, out)?,
        Report::Plan(r) if opts.markdown => super::markdown::plan(r, opts, out)?,
        Report::Plan(r) => super::table_recommend::render_plan(r, opts, out)?,
        Report::CatalogImport(r) => import(r, out)?,
        Report::CatalogDiff(r) => diff(r, opts, out)?,
        Report::Rightsize(r) => super::table_rightsize::render(r, opts, out)?,
    }
    if let (Some(c), false) = (
        &doc.catalog,
        matches!(doc.report, Report::CatalogValidate(_)),
    ) {
        writeln!(
            out,
            "catalog {} ({}), data as of {}",
            c.version, c.source, c.as_of
        )?;
    }
    // warnings go to stderr (the binary writes them), never into the report
    Ok(())
}

fn price(p: Option<Usd>, estimated: bool) -> String {
    match p {
        Some(p) if estimated => format!("{p}*"),
        Some(p) => p.to_string(),
        None => "-".into(),
    }
}

fn list(
    doc: &Document,
    r: &ListReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let _ = doc;
    if r.instances.is_empty() {
        return writeln!(
            out,
            "no instance type matches these filters in {}",
            r.region
        );
    }
    let mut t = new_table(
        opts,
        &[
            "type",
            "category",
            "vCPU",
            "memory GiB",
            "accelerator",
            "network Gbps",
            "on-demand $/h",
            "spot $/h",
            "regions",
        ],
    );
    let mut any_estimate = false;
    for e in &r.instances {
        let spot_est = e.estimated.contains(&"spot");
        any_estimate |= spot_est || e.estimated.contains(&"on_demand");
        t.add_row(vec![
            e.instance_type.clone(),
            e.category.to_string(),
            e.vcpus.to_string(),
            num(e.memory_gib),
            accel(&e.accelerator),
            num(e.network_gbps),
            price(e.on_demand_hourly_usd, e.estimated.contains(&"on_demand")),
            price(e.spot_hourly_usd, spot_est),
            e.regions.len().to_string(),
        ]);
    }
    right_align(&mut t, &[2, 3, 5, 6, 7, 8]);
    write_table(out, &t)?;
    write!(
        out,
        "{} instance type(s), prices in {} (Linux, shared tenancy)",
        r.instances.len(),
        r.region
    )?;
    if any_estimate {
        write!(
            out,
            "; * = estimate (`advisor catalog show TYPE` names the rule)"
        )?;
    }
    writeln!(out)
}

/// Render `advisor catalog show`: the instance type's specs, its prices in every region and the
/// sources behind them.
fn show(r: &ShowReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    specs(r, opts, out)?;
    let i = &r.instance;
    if i.prices.is_empty() {
        writeln!(out, "no prices in any region")?;
    } else {
        prices(i, opts, out)?;
        upfront_prices(i, opts, out)?;
    }
    sources(r, out)
}

/// Writes the instance type's specs, one `name value` row each, with its accelerator model's.
fn specs(r: &ShowReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let i = &r.instance;
    let mut specs = new_table(opts, &[]);
    let mut row = |k: &str, v: String| {
        specs.add_row(vec![k.to_string(), v]);
    };
    row("type", i.instance_type.clone());
    row(
        "family",
        format!("{} (generation {})", i.family, i.generation),
    );
    row("category", i.category.to_string());
    row("vCPU", i.vcpus.to_string());
    row("memory", format!("{} GiB", num(i.memory_gib)));
    row("architecture", i.arch.to_string());
    row("accelerator", accel(&i.accelerator));
    if let Some(m) = &r.accelerator_model {
        let tflops = m.dense_16bit_tflops().map_or("not in catalog".into(), |x| {
            format!("{} TFLOPS dense 16-bit", num(x))
        });
        let bw = m
            .memory_bandwidth_gb_per_s
            .map_or("not in catalog".into(), |x| format!("{} GB/s", num(x)));
        row(
            "accelerator model",
            format!("{} ({}): {tflops}, memory {bw}", m.name, m.id),
        );
    }
    row("network", format!("{} Gbps", num(i.network_gbps)));
    row(
        "local NVMe",
        i.local_nvme_gb.map_or("none".into(), |g| format!("{g} GB")),
    );
    row(
        "EFA",
        if i.efa_devices > 0 {
            format!("yes ({} devices)", i.efa_devices)
        } else {
            "no".into()
        },
    );
    row("specs from", i.spec_source.clone());
    if let Some(n) = &i.note {
        row("note", n.clone());
    }
    write_table(out, &specs)
}

/// Writes the on-demand, spot and no-upfront reserved prices, one row per region, and what they
/// mean.
fn prices(i: &ShowInstance, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut t = new_table(
        opts,
        &[
            "region",
            "on-demand $/h",
            "spot $/h",
            "cheapest zone",
            "reserved 1yr $/h",
            "reserved 3yr $/h",
            "spot interruptions",
        ],
    );
    for p in &i.prices {
        let est = |f: &str| p.estimated.contains(&f);
        t.add_row(vec![
            p.region.clone(),
            price(Some(p.on_demand_hourly_usd), est("on_demand")),
            price(p.spot_hourly_usd, est("spot")),
            price(p.spot_zone_min_hourly_usd, est("spot_zone_min")),
            price(p.reserved_1yr_hourly_usd, est("reserved_1yr")),
            price(p.reserved_3yr_hourly_usd, est("reserved_3yr")),
            p.spot_interruption_band
                .clone()
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    right_align(&mut t, &[1, 2, 3, 4, 5, 6]);
    write_table(out, &t)?;
    writeln!(
        out,
        "Linux, shared tenancy; spot = the median over the region's zones (source skypilot-v8, \
         cheapest zone beside it) or one snapshot (older sources); reserved = standard, no \
         upfront; * = estimate (rule below)"
    )
}

/// Writes the effective hourly rates of the upfront reserved prices, one row per region that
/// has any, and how they are computed; nothing if no region has one.
fn upfront_prices(i: &ShowInstance, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let upfront: Vec<_> = i
        .prices
        .iter()
        .filter(|p| {
            p.reserved_1yr_partial_upfront_hourly_usd.is_some()
                || p.reserved_1yr_all_upfront_hourly_usd.is_some()
                || p.reserved_3yr_partial_upfront_hourly_usd.is_some()
                || p.reserved_3yr_all_upfront_hourly_usd.is_some()
        })
        .collect();
    if !upfront.is_empty() {
        let mut t = new_table(
            opts,
            &[
                "region",
                "1yr partial upfront $/h",
                "1yr all upfront $/h",
                "3yr partial upfront $/h",
                "3yr all upfront $/h",
            ],
        );
        for p in upfront {
            let est = |f: &str| p.estimated.contains(&f);
            t.add_row(vec![
                p.region.clone(),
                price(
                    p.reserved_1yr_partial_upfront_hourly_usd,
                    est("reserved_1yr_partial_upfront"),
                ),
                price(
                    p.reserved_1yr_all_upfront_hourly_usd,
                    est("reserved_1yr_all_upfront"),
                ),
                price(
                    p.reserved_3yr_partial_upfront_hourly_usd,
                    est("reserved_3yr_partial_upfront"),
                ),
                price(
                    p.reserved_3yr_all_upfront_hourly_usd,
                    est("reserved_3yr_all_upfront"),
                ),
            ]);
        }
        right_align(&mut t, &[1, 2, 3, 4]);
        write_table(out, &t)?;
        writeln!(
            out,
            "effective hourly rate = upfront fee / hours in the term (8,760 a year) + hourly rate"
        )?;
    }
    Ok(())
}

/// Writes the sources the specs and prices refer to, one line each.
fn sources(r: &ShowReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "sources:")?;
    for s in &r.sources {
        let approx = if s.as_of_approximate {
            " (upper bound)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {} [{}, as of {}{approx}]: {}; {}",
            s.id, s.kind, s.as_of, s.name, s.location
        )?;
    }
    Ok(())
}

fn import(r: &crate::answer::import::ImportReport, out: &mut dyn Write) -> io::Result<()> {
    for o in &r.offers {
        writeln!(
            out,
            "{}: {} products, {} kept (Linux, shared tenancy), {} prices, published {}",
            o.file,
            o.products_seen,
            o.products_kept,
            o.prices,
            o.publication_date.as_deref().unwrap_or("-")
        )?;
    }
    writeln!(
        out,
        "wrote {}: {} prices updated, {} added, {} bad prices skipped, {} instance types added, {} skipped (unknown family), {} regions added, {} spot bands updated",
        r.out,
        r.prices_updated,
        r.prices_added,
        r.prices_skipped,
        r.instance_types_added.len(),
        r.instance_types_skipped,
        r.regions_added.len(),
        r.spot_bands_updated
    )?;
    writeln!(out, "use it with: advisor --catalog {} ...", r.out)
}

fn diff(
    r: &crate::answer::diff::DiffReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    use crate::answer::diff::ChangeKind;
    for (label, c) in [("old", &r.old), ("new", &r.new)] {
        writeln!(
            out,
            "{label}: catalog {} ({}), data as of {}",
            c.version, c.source, c.as_of
        )?;
    }
    for (label, items) in [
        ("instance types added", &r.instance_types_added),
        ("instance types removed", &r.instance_types_removed),
        ("regions added", &r.regions_added),
        ("regions removed", &r.regions_removed),
    ] {
        if !items.is_empty() {
            writeln!(out, "{label} ({}): {}", items.len(), items.join(" "))?;
        }
    }
    if r.changes.is_empty() {
        writeln!(out, "no price changes")?;
    } else {
        let mut t = new_table(
            opts,
            &["type", "region", "price", "old $/h", "new $/h", "change"],
        );
        for c in &r.changes {
            let change = match (c.change, c.change_pct) {
                (ChangeKind::Added | ChangeKind::Removed, _) => c.change.id().to_string(),
                (_, Some(pct)) => format!("{pct:+.1}%"),
                (_, None) => "-".to_string(),
            };
            t.add_row(vec![
                c.instance_type.clone(),
                c.region.clone(),
                c.price.replace('_', "-"),
                price(c.old_hourly_usd, false),
                price(c.new_hourly_usd, false),
                change,
            ]);
        }
        right_align(&mut t, &[3, 4, 5]);
        write_table(out, &t)?;
    }
    let s = &r.summary;
    writeln!(
        out,
        "{} increased, {} decreased, {} added, {} removed, {} unchanged{}{}",
        s.increased,
        s.decreased,
        s.added,
        s.removed,
        s.unchanged,
        r.region
            .as_ref()
            .map(|x| format!(" (region {x})"))
            .unwrap_or_default(),
        if r.min_change_pct > 0.0 {
            format!(
                " (changes under {}% counted as unchanged)",
                r.min_change_pct
            )
        } else {
            String::new()
        }
    )
}

fn regions(r: &RegionsReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut t = new_table(
        opts,
        &[
            "code",
            "name",
            "types priced",
            "CPU types",
            "on-demand observed",
            "spot observed",
            "spot estimated",
            "with estimates",
        ],
    );
    for reg in &r.regions {
        t.add_row(vec![
            reg.code.clone(),
            reg.name.clone(),
            reg.instance_types_priced.to_string(),
            reg.cpu_types_priced.to_string(),
            reg.on_demand_observed.to_string(),
            reg.spot_observed.to_string(),
            reg.spot_estimated.to_string(),
            reg.with_estimates.to_string(),
        ]);
    }
    right_align(&mut t, &[2, 3, 4, 5, 6, 7]);
    write_table(out, &t)?;
    writeln!(out, "{} region(s)", r.regions.len())?;
    writeln!(
        out,
        "observed = from a published price list; estimated = derived by a rule \
         (`advisor catalog show TYPE` names it); most reserved prices are estimates"
    )
}

fn models(
    r: &crate::answer::catalog::ModelsReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut t = new_table(
        opts,
        &[
            "model",
            "kind",
            "params",
            "active",
            "layers",
            "heads",
            "KV heads",
            "head dim",
            "KV KiB/token",
            "context",
        ],
    );
    for m in &r.models {
        let s = &m.model;
        let count = |x: f64| crate::units::format_count(x.round() as u64);
        t.add_row(vec![
            s.id.clone(),
            s.kind.id().to_string(),
            count(s.params),
            if s.active_params < s.params {
                count(s.active_params)
            } else {
                "-".into()
            },
            num(s.layers),
            num(s.heads),
            num(s.kv_heads),
            num(s.head_dim),
            num((m.kv_bytes_per_token / 1024.0 * 100.0).round() / 100.0),
            s.context.map_or("-".into(), |c| c.to_string()),
        ]);
    }
    right_align(&mut t, &[2, 3, 4, 5, 6, 7, 8, 9]);
    write_table(out, &t)?;
    writeln!(out, "{} model(s)", r.models.len())?;
    writeln!(
        out,
        "KV KiB/token: 2 × layers × KV heads × head dim × 2 bytes (a 16-bit cache); `--model ID` \
         uses one, --format json has the sources"
    )
}

fn validate(r: &ValidateReport, out: &mut dyn Write) -> io::Result<()> {
    for d in &r.diagnostics {
        writeln!(out, "{d}")?;
    }
    match &r.counts {
        Some(c) if r.valid => writeln!(
            out,
            "ok: catalog `{}` is valid: {} instance types, {} prices in {} regions, {} accelerators, \
             {} storage classes, {} pricing models, {} sources ({} warning(s))",
            r.path,
            c.instance_types,
            c.prices,
            c.regions,
            c.accelerators,
            c.storage_classes,
            c.pricing_models,
            c.sources,
            r.warning_count
        ),
        _ => writeln!(
            out,
            "error: catalog `{}` is invalid: {} error(s), {} warning(s)",
            r.path, r.error_count, r.warning_count
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(num(61.0), "61");
        assert_eq!(num(15.25), "15.25");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(22.35), "22.35");
    }
}
