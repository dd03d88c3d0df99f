//! The tidy CSV export: one row per scenario × section × KPI × item × quarter × statistic, so a
//! spreadsheet pivot or a data frame takes it as it is. Numbers are written in full precision
//! (they read back bit for bit); optional per-trial rows carry the raw headline KPIs.

use super::text::statistics;
use super::{ReportDoc, ReportError};
use ecosim_core::stats::Summary;

pub const HEADER: [&str; 9] = ["scenario", "run", "section", "kpi", "item", "quarter", "statistic", "value", "unit"];

struct Rows<'a> {
    w: csv::Writer<Vec<u8>>,
    scenario: &'a str,
    run: String,
}

impl Rows<'_> {
    // One argument per column of the tidy table, in its order.
    #[allow(clippy::too_many_arguments)]
    fn row(&mut self, section: &str, kpi: &str, item: &str, quarter: Option<u32>, statistic: &str, value: f64, unit: &str) -> Result<(), csv::Error> {
        let q = quarter.map(|q| q.to_string()).unwrap_or_default();
        self.w.write_record([self.scenario, &self.run, section, kpi, item, &q, statistic, &value.to_string(), unit])
    }

    fn summary(&mut self, section: &str, kpi: &str, item: &str, quarter: Option<u32>, s: &Summary, unit: &str) -> Result<(), csv::Error> {
        for (key, _, v) in statistics(s) {
            self.row(section, kpi, item, quarter, key, v, unit)?;
        }
        Ok(())
    }
}

pub fn render(doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
    let err = |e: csv::Error| ReportError::Render(format!("the CSV could not be written: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).map_err(err)?;
    for s in &doc.subjects {
        let r = &s.report;
        let cur = r.currency.as_str();
        let mut rows = Rows { w, scenario: &r.scenario.id, run: s.run_id.map(|i| i.to_string()).unwrap_or_default() };
        (|| -> Result<(), csv::Error> {
            for (key, _, unit, x) in super::text::kpis(s) {
                rows.summary("kpi", key, "", None, x, if unit == super::text::Unit::Money { cur } else { unit.name() })?;
            }
            for q in &r.by_quarter {
                rows.summary("by_quarter", "revenue", "", Some(q.quarter), &q.revenue, cur)?;
                rows.summary("by_quarter", "coverage", "", Some(q.quarter), &q.coverage, "share")?;
                rows.summary("by_quarter", "net_contribution", "", Some(q.quarter), &q.net_contribution, cur)?;
                rows.summary("by_quarter", "costs", "", Some(q.quarter), &q.costs, cur)?;
                rows.summary("by_quarter", "active_partners", "", Some(q.quarter), &q.active_partners, "count")?;
                rows.summary("by_quarter", "opportunities_lost_to_conflict", "", Some(q.quarter), &q.opportunities_lost_to_conflict, "count")?;
                rows.summary("by_quarter", "bookings", "", Some(q.quarter), &q.bookings, cur)?;
                rows.summary("by_quarter", "arr", "", Some(q.quarter), &q.arr, cur)?;
                rows.summary("by_quarter", "referrals_unserved", "", Some(q.quarter), &q.referrals_unserved, "count")?;
            }
            // Every breakdown per quarter too (schema-2 runs; older runs have none).
            let quarterly = |rows: &mut Rows, section: &str, kpi: &str, item: &str, v: &[Summary], unit: &str| -> Result<(), csv::Error> {
                for (q, x) in v.iter().enumerate() {
                    rows.summary(section, kpi, item, Some(q as u32 + 1), x, unit)?;
                }
                Ok(())
            };
            for t in &r.by_partner_type {
                rows.summary("by_partner_type", "revenue", &t.partner_type, None, &t.revenue, cur)?;
                rows.row("by_partner_type", "share_of_revenue", &t.partner_type, None, "mean", t.share_of_revenue, "share")?;
                rows.summary("by_partner_type", "active_partners_final", &t.partner_type, None, &t.active_partners_final, "count")?;
                quarterly(&mut rows, "by_partner_type", "revenue", &t.partner_type, &t.revenue_by_quarter, cur)?;
                quarterly(&mut rows, "by_partner_type", "active_partners", &t.partner_type, &t.active_partners_by_quarter, "count")?;
            }
            for x in &r.by_source {
                rows.summary("by_source", "revenue", x.source.id(), None, &x.revenue, cur)?;
                rows.row("by_source", "share_of_revenue", x.source.id(), None, "mean", x.share_of_revenue, "share")?;
                quarterly(&mut rows, "by_source", "revenue", x.source.id(), &x.revenue_by_quarter, cur)?;
            }
            for c in &r.by_cell {
                let item = format!("{}/{}", c.segment, c.region);
                rows.row("by_cell", "accounts", &item, None, "value", c.accounts, "count")?;
                rows.summary("by_cell", "coverage_final", &item, None, &c.coverage_final, "share")?;
                rows.summary("by_cell", "revenue", &item, None, &c.revenue, cur)?;
                quarterly(&mut rows, "by_cell", "revenue", &item, &c.revenue_by_quarter, cur)?;
                quarterly(&mut rows, "by_cell", "coverage", &item, &c.coverage_by_quarter, "share")?;
            }
            if r.by_pattern_trials > 0 {
                for p in &r.by_pattern {
                    rows.row("by_pattern", "intensity", &p.pattern, None, "value", p.intensity, "ratio")?;
                    rows.summary("by_pattern", "revenue_added", &p.pattern, None, &p.revenue_added, cur)?;
                    quarterly(&mut rows, "by_pattern", "revenue_added", &p.pattern, &p.revenue_added_by_quarter, cur)?;
                }
            }
            if r.by_pattern_trials > 0 {
                for p in &r.by_program {
                    rows.row("by_program", "level", &p.program, None, "value", p.level, "ratio")?;
                    rows.summary("by_program", "cost", &p.program, None, &p.cost, cur)?;
                    rows.summary("by_program", "revenue_added", &p.program, None, &p.revenue_added, cur)?;
                    if let Some(roi) = p.roi {
                        rows.row("by_program", "roi", &p.program, None, "mean", roi, "ratio")?;
                    }
                    quarterly(&mut rows, "by_program", "revenue_added", &p.program, &p.revenue_added_by_quarter, cur)?;
                }
            }
            for t in &r.by_partner_type {
                let Some(n) = &t.network else { continue };
                let id = &t.partner_type;
                rows.summary("partner_economics", "organic_recruits", id, None, &n.organic_recruits, "count")?;
                rows.summary("partner_economics", "unprofitable_churn", id, None, &n.unprofitable_churn, "count")?;
                rows.summary("partner_economics", "earnings_p10", id, None, &n.earnings_p10, cur)?;
                rows.summary("partner_economics", "earnings_p50", id, None, &n.earnings_p50, cur)?;
                rows.summary("partner_economics", "earnings_p90", id, None, &n.earnings_p90, cur)?;
                quarterly(&mut rows, "partner_economics", "organic_recruits", id, &n.organic_recruits_by_quarter, "count")?;
                quarterly(&mut rows, "partner_economics", "churned", id, &n.churned_by_quarter, "count")?;
                quarterly(&mut rows, "partner_economics", "unprofitable_churn", id, &n.unprofitable_churn_by_quarter, "count")?;
                quarterly(&mut rows, "partner_economics", "organic_active", id, &n.organic_active_by_quarter, "count")?;
                quarterly(&mut rows, "partner_economics", "earnings_p50", id, &n.earnings_p50_by_quarter, cur)?;
            }
            for (i, v) in r.total_revenue_distribution.percentiles.iter().enumerate() {
                rows.row("distribution", "total_revenue", "", None, &format!("p{}", i + 1), *v, cur)?;
            }
            if doc.include_trials {
                for (kpi, vals) in &s.trials {
                    let unit = if kpi == "coverage_final" { "share" } else { cur };
                    for (i, v) in vals.iter().enumerate() {
                        rows.row("trial", kpi, &(i + 1).to_string(), None, "value", *v, unit)?;
                    }
                }
            }
            Ok(())
        })()
        .map_err(err)?;
        w = rows.w;
    }
    for p in &doc.pairings {
        let cur = doc.subjects[0].report.currency.as_str();
        let mut rows = Rows { w, scenario: &p.b.id, run: String::new() };
        (|| -> Result<(), csv::Error> {
            for d in &p.differences {
                let item = format!("{} - {}", p.b.id, p.a.id);
                let unit = if d.kpi == "coverage_final" { "share" } else { cur };
                rows.summary("paired_difference", &d.kpi, &item, None, &d.difference, unit)?;
                rows.row("paired_difference", &d.kpi, &item, None, "probability_b_beats_a", d.probability_b_beats_a, "share")?;
                rows.row("paired_difference", &d.kpi, &item, None, "probability_tie", d.probability_tie, "share")?;
            }
            Ok(())
        })()
        .map_err(err)?;
        w = rows.w;
    }
    w.into_inner().map_err(|e| ReportError::Render(format!("the CSV could not be written: {e}")))
}
