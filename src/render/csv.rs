//! CSV rendering: a header row and one row per item (option, type, region, diagnostic), for
//! spreadsheets and scripts. Amounts are plain numbers in USD; empty cells mean "none".

use std::io::{self, Write};

use crate::answer::catalog::{ListReport, RegionsReport, ShowReport, ValidateReport};
use crate::answer::compare::CompareReport;
use crate::answer::diff::DiffReport;
use crate::answer::import::ImportReport;
use crate::answer::plan::PlanReport;
use crate::answer::recommend::RecommendReport;
use crate::answer::{Document, Report};
use crate::money::Usd;

/// The CSV writer every report kind writes its rows to.
type Csv<'a> = csv::Writer<&'a mut dyn Write>;

fn usd(u: Option<Usd>) -> String {
    u.map(|u| u.to_string()).unwrap_or_default()
}

fn cents(u: Option<Usd>) -> String {
    u.map(|u| format!("{:.2}", u.cents())).unwrap_or_default()
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// Render a document as CSV: a header row and one row per item of its report.
pub(super) fn render(doc: &Document, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    match &doc.report {
        Report::CatalogList(r) => catalog_list(&mut w, r)?,
        Report::CatalogShow(r) => catalog_show(&mut w, r)?,
        Report::CatalogRegions(r) => catalog_regions(&mut w, r)?,
        Report::CatalogModels(r) => catalog_models(&mut w, r)?,
        Report::CatalogValidate(r) => catalog_validate(&mut w, r)?,
        Report::Recommend(r) => recommend(&mut w, r)?,
        Report::Plan(p) => plan(&mut w, p)?,
        Report::CatalogDiff(r) => catalog_diff(&mut w, r)?,
        Report::CatalogImport(r) => catalog_import(&mut w, r)?,
        Report::Compare(r) => compare(&mut w, r)?,
        Report::Rightsize(r) => rightsize(&mut w, r)?,
    }
    w.flush()
}

/// Writes `advisor catalog list`: one row per instance type, priced in the report's region.
fn catalog_list(w: &mut Csv<'_>, r: &ListReport) -> io::Result<()> {
    w.write_record([
        "instance_type",
        "family",
        "category",
        "vcpus",
        "memory_gib",
        "accelerator",
        "accelerator_count",
        "accelerator_memory_gib_each",
        "network_gbps",
        "efa_devices",
        "region",
        "on_demand_hourly_usd",
        "spot_hourly_usd",
        "estimated",
        "regions",
    ])
    .map_err(io::Error::other)?;
    for e in &r.instances {
        w.write_record([
            e.instance_type.clone(),
            e.family.clone(),
            e.category.to_string(),
            e.vcpus.to_string(),
            e.memory_gib.to_string(),
            opt(e.accelerator.as_ref().map(|a| a.name.clone())),
            opt(e.accelerator.as_ref().map(|a| a.count)),
            opt(e.accelerator.as_ref().map(|a| a.memory_gib_each)),
            e.network_gbps.to_string(),
            e.efa_devices.to_string(),
            r.region.clone(),
            usd(e.on_demand_hourly_usd),
            usd(e.spot_hourly_usd),
            e.estimated.join(" "),
            e.regions.join(" "),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor catalog show`: one row per region that prices the instance type.
fn catalog_show(w: &mut Csv<'_>, r: &ShowReport) -> io::Result<()> {
    w.write_record([
        "instance_type",
        "region",
        "on_demand_hourly_usd",
        "spot_hourly_usd",
        "spot_zone_min_hourly_usd",
        "reserved_1yr_hourly_usd",
        "reserved_3yr_hourly_usd",
        "reserved_1yr_partial_upfront_hourly_usd",
        "reserved_1yr_all_upfront_hourly_usd",
        "reserved_3yr_partial_upfront_hourly_usd",
        "reserved_3yr_all_upfront_hourly_usd",
        "spot_interruption_band",
        "estimated",
    ])
    .map_err(io::Error::other)?;
    for p in &r.instance.prices {
        w.write_record([
            r.instance.instance_type.clone(),
            p.region.clone(),
            p.on_demand_hourly_usd.to_string(),
            usd(p.spot_hourly_usd),
            usd(p.spot_zone_min_hourly_usd),
            usd(p.reserved_1yr_hourly_usd),
            usd(p.reserved_3yr_hourly_usd),
            usd(p.reserved_1yr_partial_upfront_hourly_usd),
            usd(p.reserved_1yr_all_upfront_hourly_usd),
            usd(p.reserved_3yr_partial_upfront_hourly_usd),
            usd(p.reserved_3yr_all_upfront_hourly_usd),
            opt(p.spot_interruption_band.clone()),
            p.estimated.join(" "),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor catalog regions`: one row per region.
fn catalog_regions(w: &mut Csv<'_>, r: &RegionsReport) -> io::Result<()> {
    w.write_record(["code", "name", "instance_types_priced"])
        .map_err(io::Error::other)?;
    for reg in &r.regions {
        w.write_record([
            reg.code.clone(),
            reg.name.clone(),
            reg.instance_types_priced.to_string(),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor catalog models`: one row per model.
fn catalog_models(w: &mut Csv<'_>, r: &crate::answer::catalog::ModelsReport) -> io::Result<()> {
    w.write_record([
        "id",
        "kind",
        "params",
        "active_params",
        "layers",
        "heads",
        "kv_heads",
        "head_dim",
        "kv_bytes_per_token",
        "context",
        "source",
    ])
    .map_err(io::Error::other)?;
    for m in &r.models {
        let s = &m.model;
        w.write_record([
            s.id.clone(),
            s.kind.id().to_string(),
            s.params.to_string(),
            s.active_params.to_string(),
            s.layers.to_string(),
            s.heads.to_string(),
            s.kv_heads.to_string(),
            s.head_dim.to_string(),
            m.kv_bytes_per_token.to_string(),
            s.context.map_or(String::new(), |c| c.to_string()),
            s.source.clone(),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor catalog validate`: one row per diagnostic.
fn catalog_validate(w: &mut Csv<'_>, r: &ValidateReport) -> io::Result<()> {
    w.write_record([
        "severity", "code", "file", "line", "column", "message", "help",
    ])
    .map_err(io::Error::other)?;
    for d in &r.diagnostics {
        let loc = d.location.as_ref();
        w.write_record([
            format!("{:?}", d.severity).to_lowercase(),
            d.code.to_string(),
            opt(loc.map(|l| l.file.clone())),
            opt(loc.map(|l| l.line)),
            opt(loc.map(|l| l.column)),
            d.message.clone(),
            opt(d.help.clone()),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor recommend`: one row per recommended option.
fn recommend(w: &mut Csv<'_>, r: &RecommendReport) -> io::Result<()> {
    w.write_record([
        "rank",
        "instance_type",
        "count",
        "pricing_model",
        "hourly_usd",
        "monthly_usd",
        "job_hours",
        "job_usd",
        "accelerator",
        "accelerator_count",
        "category",
        "vcpus",
        "memory_gib",
        "price_estimated",
        "usd_per_1k_requests",
        "usd_per_million_items",
        "service",
        "units",
        "units_count",
    ])
    .map_err(io::Error::other)?;
    for o in &r.recommendations {
        w.write_record([
            o.rank.to_string(),
            o.instance_type.clone(),
            o.count.to_string(),
            o.pricing_model.clone(),
            o.hourly_usd.to_string(),
            cents(Some(o.monthly_usd)),
            opt(o.job_hours),
            cents(o.job_usd),
            opt(o.accelerator.as_ref().map(|a| a.name.clone())),
            opt(o.accelerator.as_ref().map(|a| a.count)),
            opt(o.category),
            opt(o.vcpus),
            opt(o.memory_gib),
            o.price_estimated.to_string(),
            cents(o.usd_per_1k_requests),
            cents(o.usd_per_million_items),
            opt(o.service.clone()),
            opt(o.units.as_ref().map(|u| u.name.clone())),
            opt(o.units.as_ref().map(|u| u.count)),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor plan`: one row per workload, with its best option.
fn plan(w: &mut Csv<'_>, p: &PlanReport) -> io::Result<()> {
    w.write_record([
        "workload",
        "kind",
        "outcome",
        "instance_type",
        "count",
        "pricing_model",
        "hourly_usd",
        "monthly_usd",
        "job_hours",
        "job_usd",
        "total_monthly_usd",
        "covers",
    ])
    .map_err(io::Error::other)?;
    for wl in &p.workloads {
        let r = &wl.result;
        let best = r.recommendations.first();
        w.write_record([
            wl.name.clone(),
            r.input.workload.to_string(),
            r.outcome.id().to_string(),
            opt(best.map(|b| b.instance_type.clone())),
            opt(best.map(|b| b.count)),
            opt(best.map(|b| b.pricing_model.clone())),
            usd(best.map(|b| b.hourly_usd)),
            cents(best.map(|b| b.monthly_usd)),
            opt(best.and_then(|b| b.job_hours)),
            cents(best.and_then(|b| b.job_usd)),
            cents(r.total.as_ref().map(|t| t.monthly_usd)),
            String::new(),
        ])
        .map_err(io::Error::other)?;
    }
    // a rightsize entry: its best type (the running one when none is cheaper)
    for e in &p.rightsize {
        let r = &e.result;
        let after = r.after();
        w.write_record([
            e.name.clone(),
            "rightsize".to_string(),
            e.outcome.id().to_string(),
            after.instance_type.clone(),
            after.count.to_string(),
            after.pricing_model.clone(),
            after.hourly_usd.to_string(),
            cents(Some(after.monthly_usd)),
            String::new(),
            String::new(),
            cents(Some(after.monthly_usd)),
            String::new(),
        ])
        .map_err(io::Error::other)?;
    }
    // the plan's total: its own row, saying which workloads it covers
    w.write_record([
        "(total)".to_string(),
        "plan".to_string(),
        p.outcome.id().to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        cents(Some(p.total.job_usd)),
        cents(Some(p.total.monthly_usd)),
        super::table_recommend::coverage(p),
    ])
    .map_err(io::Error::other)?;
    Ok(())
}

/// Writes `advisor catalog diff`: one row per price change.
fn catalog_diff(w: &mut Csv<'_>, r: &DiffReport) -> io::Result<()> {
    w.write_record([
        "instance_type",
        "region",
        "price",
        "change",
        "old_hourly_usd",
        "new_hourly_usd",
        "change_pct",
        "old_source",
        "new_source",
    ])
    .map_err(io::Error::other)?;
    for c in &r.changes {
        w.write_record([
            c.instance_type.clone(),
            c.region.clone(),
            c.price.to_string(),
            c.change.id().to_string(),
            usd(c.old_hourly_usd),
            usd(c.new_hourly_usd),
            opt(c.change_pct.map(|p| format!("{p:.2}"))),
            opt(c.old_source.clone()),
            opt(c.new_source.clone()),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor catalog import`: one row per offer file read.
fn catalog_import(w: &mut Csv<'_>, r: &ImportReport) -> io::Result<()> {
    w.write_record([
        "file",
        "publication_date",
        "products_seen",
        "products_kept",
        "prices",
        "prices_skipped",
    ])
    .map_err(io::Error::other)?;
    for o in &r.offers {
        w.write_record([
            o.file.clone(),
            opt(o.publication_date.clone()),
            o.products_seen.to_string(),
            o.products_kept.to_string(),
            o.prices.to_string(),
            o.prices_skipped.to_string(),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Writes `advisor compare`: one row per instance type compared.
fn compare(w: &mut Csv<'_>, r: &CompareReport) -> io::Result<()> {
    w.write_record([
        "instance_type",
        "vcpus",
        "memory_gib",
        "accelerator",
        "accelerator_count",
        "network_gbps",
        "on_demand_hourly_usd",
        "spot_hourly_usd",
        "reserved_1yr_hourly_usd",
        "reserved_3yr_hourly_usd",
        "monthly_usd",
        "yearly_usd",
        "price_ratio_to_first",
        "estimated",
    ])
    .map_err(io::Error::other)?;
    for c in &r.instances {
        w.write_record([
            c.instance_type.clone(),
            c.vcpus.to_string(),
            c.memory_gib.to_string(),
            opt(c.accelerator.as_ref().map(|a| a.name.clone())),
            opt(c.accelerator.as_ref().map(|a| a.count)),
            c.network_gbps.to_string(),
            usd(c.on_demand_hourly_usd),
            usd(c.spot_hourly_usd),
            usd(c.reserved_1yr_hourly_usd),
            usd(c.reserved_3yr_hourly_usd),
            cents(c.monthly_usd),
            cents(c.yearly_usd),
            opt(c.price_ratio_to_first),
            c.estimated.join(" "),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}

/// One row per type that fits, cheapest first, then the running type if it does not fit.
fn rightsize(w: &mut Csv<'_>, r: &crate::answer::rightsize::RightsizeReport) -> io::Result<()> {
    w.write_record([
        "instance_type",
        "running",
        "count",
        "pricing_model",
        "price_estimated",
        "hourly_usd",
        "monthly_usd",
        "vcpus",
        "memory_gib",
        "accelerator",
        "accelerator_count",
        "binding",
        "binding_pct",
        "risks",
    ])
    .map_err(io::Error::other)?;
    let current = &r.current;
    let rows = r.candidates.iter().chain(
        (!r.candidates
            .iter()
            .any(|f| f.instance_type == current.instance_type))
        .then_some(current),
    );
    for f in rows {
        w.write_record([
            f.instance_type.clone(),
            (f.instance_type == current.instance_type).to_string(),
            f.count.to_string(),
            f.pricing_model.clone(),
            f.price_estimated.to_string(),
            f.hourly_usd.to_string(),
            cents(Some(f.monthly_usd)),
            f.vcpus.to_string(),
            f.memory_gib.to_string(),
            opt(f.accelerator.as_ref().map(|a| a.name.clone())),
            opt(f.accelerator.as_ref().map(|a| a.count)),
            f.binding.clone(),
            f.binding_pct.to_string(),
            f.risks.join("; "),
        ])
        .map_err(io::Error::other)?;
    }
    Ok(())
}
