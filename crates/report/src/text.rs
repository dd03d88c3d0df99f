//! The words and tables of a report, written once for every format: the executive summary,
//! the KPI tables (typed cells, so the workbook gets numbers and the PDF gets formatted text)
//! and the appendix of assumptions.

use serde_json::Value;

use super::charts::{kpi_name, source_name};
use super::format::{group, money, money_short, pct, signed_pct};
use super::{ReportDoc, Subject};
use ecosim_core::model::{Sampling, TargetMetric};
use ecosim_core::stats::Summary;

/// A table cell: a value with its kind, formatted by each renderer in its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// An amount in the report's currency.
    Money(f64),
    /// A share, 0..1, shown as a percentage.
    Share(f64),
    /// A plain number with this many decimals.
    Number(f64, usize),
    /// A ratio such as the ecosystem multiplier.
    Ratio(f64),
}

impl Cell {
    pub fn display(&self, currency: &str) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Money(v) => money(*v, currency),
            Cell::Share(v) => pct(*v, 1),
            Cell::Number(v, d) => group(*v, *d),
            Cell::Ratio(v) => format!("{v:.3}×"),
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }

    pub fn value(&self) -> Option<f64> {
        match self {
            Cell::Text(_) => None,
            Cell::Money(v) | Cell::Share(v) | Cell::Number(v, _) | Cell::Ratio(v) => Some(*v),
        }
    }
}

/// A table of the report: a title, a header and rows of typed cells.
#[derive(Debug, Clone)]
pub struct Table {
    /// Short name, also the workbook sheet: `KPIs`, `By quarter`, …
    pub name: String,
    pub title: String,
    pub note: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

// A KPI's unit is the core's (`ecosim_core::words::Kpi::unit`); a report adds how it fills a cell.
pub use ecosim_core::words::Unit;

/// The cell a value of `unit` fills in a table.
pub fn unit_cell(unit: Unit, v: f64) -> Cell {
    match unit {
        Unit::Money => Cell::Money(v),
        Unit::Share => Cell::Share(v),
        Unit::Count => Cell::Number(v, 1),
        Unit::Ratio => Cell::Ratio(v),
    }
}

/// The headline KPIs of a run: (key, label, unit, summary).
pub fn kpis(s: &Subject) -> Vec<(&'static str, &'static str, Unit, &Summary)> {
    use ecosim_core::words::Kpi;
    let k = &s.report.kpis;
    let row = |kpi: Kpi, x| (kpi.id(), kpi.label(), kpi.unit(), x);
    let mut v = vec![
        row(Kpi::TotalRevenue, &k.total_revenue),
        row(Kpi::FinalQuarterRevenue, &k.final_quarter_revenue),
        row(Kpi::Bookings, &k.bookings),
    ];
    if s.report.revenue_recognition == ecosim_core::model::RevenueRecognition::Subscription {
        v.push(row(Kpi::ArrFinal, &k.arr_final));
        if let Some(nrr) = &k.net_revenue_retention {
            v.push(row(Kpi::NetRevenueRetention, nrr));
        }
    }
    v.extend([row(Kpi::CoverageFinal, &k.coverage_final), row(Kpi::NetContribution, &k.net_contribution), row(Kpi::TotalCosts, &k.total_costs)]);
    if s.report.collaboration_measured {
        v.push(row(Kpi::InterPartnerRevenue, &k.inter_partner_revenue));
        v.push(row(Kpi::NetInterPartnerValue, &k.net_inter_partner_value));
        v.push(row(Kpi::RevenueWithoutCollaboration, &k.revenue_without_collaboration));
    }
    if k.referrals_unserved.max > 0.0 {
        v.push(row(Kpi::ReferralsUnserved, &k.referrals_unserved));
    }
    if k.collaboration_unserved.max > 0.0 {
        v.push(row(Kpi::CollaborationUnserved, &k.collaboration_unserved));
    }
    v.push(row(Kpi::ActivePartnersFinal, &k.active_partners_final));
    if let Some(p) = &k.probability_of_target {
        v.push(row(Kpi::ProbabilityOfTarget, p));
    }
    v
}

/// The statistics every summary carries, in column order: (key, header, value).
pub fn statistics(s: &Summary) -> [(&'static str, &'static str, f64); 12] {
    [
        ("mean", "Mean", s.mean),
        ("std_dev", "Std. dev.", s.std_dev),
        ("std_error", "Std. error", s.std_error),
        ("min", "Min", s.min),
        ("p5", "P5", s.p5),
        ("p10", "P10", s.p10),
        ("p25", "P25", s.p25),
        ("p50", "P50", s.p50),
        ("p75", "P75", s.p75),
        ("p90", "P90", s.p90),
        ("p95", "P95", s.p95),
        ("max", "Max", s.max),
    ]
}

fn sampling_name(s: Sampling) -> &'static str {
    match s {
        Sampling::MonteCarlo => "Monte Carlo",
        Sampling::LatinHypercube => "Latin hypercube",
    }
}

fn range(s: &Summary, cur: &str) -> String {
    format!("P10 {} – P90 {}", money_short(s.p10, cur), money_short(s.p90, cur))
}

/// The executive summary: plain sentences generated from the results.
pub fn summary(doc: &ReportDoc) -> Vec<String> {
    if doc.is_comparison() {
        return comparison_summary(doc);
    }
    let s = &doc.subjects[0];
    let r = &s.report;
    let cur = &r.currency;
    let k = &r.kpis;
    let mut out = Vec::new();
    out.push(format!(
        "{} brings {} in total revenue over {} quarters ({}), ending at {} a quarter.",
        r.scenario.name,
        money_short(k.total_revenue.p50, cur),
        r.horizon_quarters,
        range(&k.total_revenue, cur),
        money_short(k.final_quarter_revenue.p50, cur)
    ));
    if let (Some(t), Some(p)) = (&r.target, &k.probability_of_target) {
        let what = match t.metric {
            TargetMetric::TotalRevenue => format!("total revenue of {}", money_short(t.value, cur)),
            TargetMetric::FinalQuarterRevenue => format!("a final-quarter revenue of {}", money_short(t.value, cur)),
            TargetMetric::CoverageFinal => format!("a market coverage of {}", pct(t.value, 0)),
            TargetMetric::NetContribution => format!("a net contribution of {}", money_short(t.value, cur)),
        };
        let verdict = match p.mean {
            x if x >= 0.9 => "very likely",
            x if x >= 0.6 => "likely",
            x if x >= 0.4 => "about as likely as not",
            x if x >= 0.1 => "unlikely",
            _ => "very unlikely",
        };
        out.push(format!("The target of {what} is {verdict}: it is met in {:.0}% of the simulated futures.", p.mean * 100.0));
    }
    out.push(format!(
        "By the last quarter the ecosystem reaches {} of the market's accounts (P10 {} – P90 {}).",
        pct(k.coverage_final.p50, 1),
        pct(k.coverage_final.p10, 1),
        pct(k.coverage_final.p90, 1)
    ));
    out.push(format!(
        "After partner margins and {} of programme costs, the vendor's net contribution is {} ({}){}.",
        money_short(k.total_costs.mean, cur),
        money_short(k.net_contribution.p50, cur),
        range(&k.net_contribution, cur),
        if k.net_contribution.p10 < 0.0 { "; in at least one future in ten the ecosystem loses money" } else { "" }
    ));
    if let (true, Some(multiplier)) = (r.collaboration_measured, k.ecosystem_multiplier) {
        out.push(format!(
            "Collaboration between partners is worth {} on average ({} after what collaboration costs): the same partners working alone would bring {}, so the ecosystem multiplies mean revenue by {:.2}.",
            money_short(k.inter_partner_revenue.mean, cur),
            money_short(k.net_inter_partner_value.mean, cur),
            money_short(k.revenue_without_collaboration.mean, cur),
            multiplier
        ));
    }
    if let Some(top) = r.by_partner_type.iter().max_by(|a, b| a.revenue.mean.total_cmp(&b.revenue.mean)) {
        let referral = r.by_source.iter().find(|x| x.source == ecosim_core::output::RevenueSource::ReferralSourced).map_or(0.0, |x| x.share_of_revenue);
        let influenced = r.by_source.iter().find(|x| x.source == ecosim_core::output::RevenueSource::CollaborationInfluenced).map_or(0.0, |x| x.share_of_revenue);
        out.push(format!(
            "{} is the partner type that transacts the most ({:.0}% of revenue); {:.0}% of revenue is referred by another partner and {:.0}% is influenced by a collaboration.",
            top.name,
            top.share_of_revenue * 100.0,
            referral * 100.0,
            influenced * 100.0
        ));
    }
    if r.by_pattern_trials > 0 {
        if let Some(p) = r.by_pattern.iter().max_by(|a, b| a.revenue_added.mean.total_cmp(&b.revenue_added.mean)) {
            out.push(format!("The most valuable collaboration pattern is “{}”, which adds {} over the horizon.", p.name, money_short(p.revenue_added.mean, cur)));
        }
    }
    if let Some(t) = &doc.tornado {
        if let Some(b) = t.bars.first() {
            out.push(format!("The forecast of {} is most sensitive to {}.", kpi_name(&t.kpi), s.input_label(&b.input).to_lowercase()));
        }
    }
    out.push(format!(
        "These figures summarise {} simulated futures ({} sampling, seed {}); the mean total revenue is known to within ±{} (95% confidence).",
        group(r.trials as f64, 0),
        sampling_name(r.sampling),
        r.seed,
        money_short(1.96 * k.total_revenue.std_error, cur)
    ));
    out
}

fn comparison_summary(doc: &ReportDoc) -> Vec<String> {
    let a = &doc.subjects[0].report;
    let cur = &a.currency;
    let mut out = vec![format!(
        "{} brings {} in total revenue over {} quarters ({}); it is the base every other design is measured against, in the same {} simulated futures.",
        a.scenario.name,
        money_short(a.kpis.total_revenue.p50, cur),
        a.horizon_quarters,
        range(&a.kpis.total_revenue, cur),
        group(a.trials as f64, 0)
    )];
    for (b, p) in doc.subjects[1..].iter().zip(&doc.pairings) {
        let br = &b.report;
        let d = |kpi: &str| p.differences.iter().find(|x| x.kpi == kpi);
        let rel = if a.kpis.total_revenue.p50.abs() > 0.0 { br.kpis.total_revenue.p50 / a.kpis.total_revenue.p50 - 1.0 } else { 0.0 };
        let word = if rel >= 0.0 { "above" } else { "below" };
        let mut s = format!(
            "{} reaches {} ({}), {} {} {}",
            br.scenario.name,
            money_short(br.kpis.total_revenue.p50, cur),
            range(&br.kpis.total_revenue, cur),
            signed_pct(rel).trim_start_matches(['+', '−']),
            word,
            a.scenario.name
        );
        if let Some(x) = d("total_revenue") {
            s.push_str(&format!(", with a {:.0}% chance of beating it trial by trial.", x.probability_b_beats_a * 100.0));
        } else {
            s.push('.');
        }
        out.push(s);
        if let (Some(c), Some(n)) = (d("coverage_final"), d("net_contribution")) {
            out.push(format!(
                "It covers {} of the market against {} ({:.1} points, better in {:.0}% of futures), and its net contribution differs by {} on average (better in {:.0}% of futures).",
                pct(br.kpis.coverage_final.p50, 1),
                pct(a.kpis.coverage_final.p50, 1),
                c.difference.mean * 100.0,
                c.probability_b_beats_a * 100.0,
                money_short(n.difference.mean, cur),
                n.probability_b_beats_a * 100.0
            ));
        }
    }
    if let Some(best) = doc.subjects.iter().max_by(|x, y| x.report.kpis.total_revenue.p50.total_cmp(&y.report.kpis.total_revenue.p50)) {
        out.push(format!("By median total revenue the strongest design is {}.", best.report.scenario.name));
    }
    out
}

/// The tables of a report, in reading order.
pub fn tables(doc: &ReportDoc) -> Vec<Table> {
    if doc.is_comparison() {
        return comparison_tables(doc);
    }
    let s = &doc.subjects[0];
    let r = &s.report;
    let mut out = Vec::new();
    out.push(Table {
        name: "KPIs".into(),
        title: "Headline KPIs".into(),
        note: format!("Over {} quarters, {} trials.", r.horizon_quarters, group(r.trials as f64, 0)),
        header: ["KPI", "Mean", "P10", "P25", "P50", "P75", "P90", "Std. error"].map(String::from).to_vec(),
        rows: kpis(s)
            .into_iter()
            .map(|(key, label, unit, x)| {
                if key == "probability_of_target" {
                    // A share of trials: its percentiles (0 or 1) say nothing.
                    let dash = || Cell::Text("—".into());
                    vec![Cell::Text(label.into()), unit_cell(unit, x.mean), dash(), dash(), dash(), dash(), dash(), unit_cell(unit, x.std_error)]
                } else {
                    vec![Cell::Text(label.into()), unit_cell(unit, x.mean), unit_cell(unit, x.p10), unit_cell(unit, x.p25), unit_cell(unit, x.p50), unit_cell(unit, x.p75), unit_cell(unit, x.p90), unit_cell(unit, x.std_error)]
                }
            })
            .collect(),
    });
    out.push(Table {
        name: "By quarter".into(),
        title: "Revenue and reach by quarter".into(),
        note: "Revenue recognised per quarter (percentiles over trials), the new ACV booked and the ARR at the quarter's end (means), with the median coverage and number of active partners.".into(),
        header: ["Quarter", "P10", "P25", "P50", "P75", "P90", "Mean", "Bookings", "ARR", "Coverage P50", "Active partners P50", "Net contribution P50"].map(String::from).to_vec(),
        rows: r
            .by_quarter
            .iter()
            .map(|q| {
                vec![
                    Cell::Text(format!("Q{}", q.quarter)),
                    Cell::Money(q.revenue.p10),
                    Cell::Money(q.revenue.p25),
                    Cell::Money(q.revenue.p50),
                    Cell::Money(q.revenue.p75),
                    Cell::Money(q.revenue.p90),
                    Cell::Money(q.revenue.mean),
                    Cell::Money(q.bookings.mean),
                    Cell::Money(q.arr.mean),
                    Cell::Share(q.coverage.p50),
                    Cell::Number(q.active_partners.p50, 0),
                    Cell::Money(q.net_contribution.p50),
                ]
            })
            .collect(),
    });
    out.push(Table {
        name: "By partner type".into(),
        title: "Revenue transacted by partner type".into(),
        note: "Revenue each type transacts over the horizon.".into(),
        header: ["Partner type", "Mean", "Share", "P10", "P50", "P90", "Active partners (final, mean)"].map(String::from).to_vec(),
        rows: r
            .by_partner_type
            .iter()
            .map(|t| vec![Cell::Text(t.name.clone()), Cell::Money(t.revenue.mean), Cell::Share(t.share_of_revenue), Cell::Money(t.revenue.p10), Cell::Money(t.revenue.p50), Cell::Money(t.revenue.p90), Cell::Number(t.active_partners_final.mean, 1)])
            .collect(),
    });
    let typed: Vec<_> = r.by_partner_type.iter().filter(|t| t.revenue_by_quarter.len() == r.by_quarter.len() && t.revenue.mean > 0.0).collect();
    if !typed.is_empty() {
        out.push(Table {
            name: "Type by quarter".into(),
            title: "Revenue by partner type, quarter by quarter".into(),
            note: "Mean revenue recognised in each quarter from the deals each partner type transacted.".into(),
            header: std::iter::once("Quarter".to_string()).chain(typed.iter().map(|t| t.name.clone())).collect(),
            rows: (0..r.by_quarter.len())
                .map(|q| std::iter::once(Cell::Text(format!("Q{}", q + 1))).chain(typed.iter().map(|t| Cell::Money(t.revenue_by_quarter[q].mean))).collect())
                .collect(),
        });
    }
    out.push(Table {
        name: "By source".into(),
        title: "Revenue by source".into(),
        note: "Own pipeline, referral-sourced, collaboration-influenced and marketplace revenue.".into(),
        header: ["Source", "Mean", "Share", "P10", "P50", "P90"].map(String::from).to_vec(),
        rows: r.by_source.iter().map(|x| vec![Cell::Text(source_name(x.source)), Cell::Money(x.revenue.mean), Cell::Share(x.share_of_revenue), Cell::Money(x.revenue.p10), Cell::Money(x.revenue.p50), Cell::Money(x.revenue.p90)]).collect(),
    });
    if r.by_pattern_trials > 0 && !r.by_pattern.is_empty() {
        out.push(Table {
            name: "By pattern".into(),
            title: crate::charts::BY_PATTERN.into(),
            note: format!("Measured against the same design without the pattern, with common random numbers, over {} trials.", group(r.by_pattern_trials as f64, 0)),
            header: ["Pattern", "From", "To", "Intensity", "Mean", "P10", "P50", "P90"].map(String::from).to_vec(),
            rows: r
                .by_pattern
                .iter()
                .map(|p| vec![Cell::Text(p.name.clone()), Cell::Text(s.type_name(&p.from)), Cell::Text(s.type_name(&p.to)), Cell::Number(p.intensity, 2), Cell::Money(p.revenue_added.mean), Cell::Money(p.revenue_added.p10), Cell::Money(p.revenue_added.p50), Cell::Money(p.revenue_added.p90)])
                .collect(),
        });
    }
    if r.by_pattern_trials > 0 && !r.by_program.is_empty() {
        out.push(Table {
            name: "By program".into(),
            title: "Partner programs: cost, revenue added and return".into(),
            note: format!("Each program's cost over the horizon and the revenue it adds, measured against the same design without it, with common random numbers, over {} trials; ROI is (revenue added − cost) ÷ cost.", group(r.by_pattern_trials as f64, 0)),
            header: ["Program", "Partner types", "Level", "Cost", "Revenue added", "P10", "P90", "ROI"].map(String::from).to_vec(),
            rows: r
                .by_program
                .iter()
                .map(|p| {
                    vec![
                        Cell::Text(p.name.clone()),
                        Cell::Text(p.partner_types.iter().map(|t| s.type_name(t)).collect::<Vec<_>>().join(", ")),
                        Cell::Number(p.level, 2),
                        Cell::Money(p.cost.mean),
                        Cell::Money(p.revenue_added.mean),
                        Cell::Money(p.revenue_added.p10),
                        Cell::Money(p.revenue_added.p90),
                        p.roi.map_or(Cell::Text("—".into()), Cell::Share),
                    ]
                })
                .collect(),
        });
    }
    let networked: Vec<_> = r.by_partner_type.iter().filter_map(|t| t.network.as_ref().map(|n| (t, n))).collect();
    if !networked.is_empty() {
        out.push(Table {
            name: "Partner economics".into(),
            title: "Partner economics and attraction by partner type".into(),
            note: "Organic recruits (partners nobody recruited) and partners who left unprofitable, over the horizon, and what a partner earns a quarter — its discounts, fees and margins on the deals it transacted or enabled — across the type's partners (means over trials).".into(),
            header: ["Partner type", "Organic recruits", "Left unprofitable", "Earnings P10", "Earnings P50", "Earnings P90"].map(String::from).to_vec(),
            rows: networked
                .iter()
                .map(|(t, n)| vec![Cell::Text(t.name.clone()), Cell::Number(n.organic_recruits.mean, 1), Cell::Number(n.unprofitable_churn.mean, 1), Cell::Money(n.earnings_p10.mean), Cell::Money(n.earnings_p50.mean), Cell::Money(n.earnings_p90.mean)])
                .collect(),
        });
    }
    out.push(Table {
        name: "By cell".into(),
        title: "Coverage and revenue by segment and region".into(),
        note: "Coverage in the final quarter and revenue over the horizon of each market cell.".into(),
        header: ["Segment", "Region", "Accounts", "Coverage mean", "Coverage P10", "Coverage P90", "Revenue mean", "Revenue P50"].map(String::from).to_vec(),
        rows: r
            .by_cell
            .iter()
            .map(|c| {
                vec![
                    Cell::Text(s.segment_name(&c.segment)),
                    Cell::Text(s.region_name(&c.region)),
                    Cell::Number(c.accounts, 0),
                    Cell::Share(c.coverage_final.mean),
                    Cell::Share(c.coverage_final.p10),
                    Cell::Share(c.coverage_final.p90),
                    Cell::Money(c.revenue.mean),
                    Cell::Money(c.revenue.p50),
                ]
            })
            .collect(),
    });
    if let Some(t) = &doc.tornado {
        let unit = if t.kpi == "coverage_final" { Unit::Share } else { Unit::Money };
        out.push(Table {
            name: "Sensitivity".into(),
            title: format!("Sensitivity of {} (tornado)", kpi_name(&t.kpi)),
            note: format!("Each input at its P10 and P90, everything else at its median; {} trials per point.", group(t.trials_per_point as f64, 0)),
            header: ["Input", "Input at P10", "Input at P90", "Result at P10", "Result at P90", "Swing"].map(String::from).to_vec(),
            rows: t.bars.iter().map(|b| vec![Cell::Text(s.input_label(&b.input)), Cell::Number(b.value_low, 3), Cell::Number(b.value_high, 3), unit_cell(unit, b.kpi_low), unit_cell(unit, b.kpi_high), unit_cell(unit, b.swing)]).collect(),
        });
    }
    out
}

fn comparison_tables(doc: &ReportDoc) -> Vec<Table> {
    let names: Vec<String> = doc.subjects.iter().map(|s| s.report.scenario.name.clone()).collect();
    let mut out = Vec::new();
    let first = kpis(&doc.subjects[0]);
    let mut rows = Vec::new();
    for (key, label, unit, _) in &first {
        let mut row = vec![Cell::Text(format!("{label} (P50)"))];
        for s in &doc.subjects {
            match kpis(s).into_iter().find(|(k, ..)| k == key) {
                Some((.., x)) => row.push(unit_cell(*unit, if *key == "probability_of_target" { x.mean } else { x.p50 })),
                None => row.push(Cell::Text("—".into())),
            }
        }
        rows.push(row);
    }
    out.push(Table {
        name: "KPIs".into(),
        title: "Headline KPIs side by side".into(),
        note: format!("Median over {} common trials (the chance of meeting the target is a mean).", group(doc.subjects[0].report.trials as f64, 0)),
        header: std::iter::once("KPI".to_string()).chain(names.iter().cloned()).collect(),
        rows,
    });
    let mut rows = Vec::new();
    for p in &doc.pairings {
        for d in &p.differences {
            let unit = if d.kpi == "coverage_final" { Unit::Share } else { Unit::Money };
            rows.push(vec![
                Cell::Text(format!("{} − {}", p.b.name, p.a.name)),
                Cell::Text(kpi_name(&d.kpi)),
                unit_cell(unit, d.difference.mean),
                unit_cell(unit, d.difference.p10),
                unit_cell(unit, d.difference.p50),
                unit_cell(unit, d.difference.p90),
                Cell::Share(d.probability_b_beats_a),
            ]);
        }
    }
    out.push(Table {
        name: "Differences".into(),
        title: "Paired differences, trial by trial".into(),
        note: "B − A in each simulated future; P(B better) is the share of futures in which B does better.".into(),
        header: ["Designs", "KPI", "Mean", "P10", "P50", "P90", "P(B better)"].map(String::from).to_vec(),
        rows,
    });
    let q = doc.subjects.iter().map(|s| s.report.by_quarter.len()).max().unwrap_or(0);
    out.push(Table {
        name: "By quarter".into(),
        title: "Median revenue by quarter".into(),
        note: "P50 revenue per quarter of each design.".into(),
        header: std::iter::once("Quarter".to_string()).chain(names.iter().cloned()).collect(),
        rows: (0..q).map(|i| std::iter::once(Cell::Text(format!("Q{}", i + 1))).chain(doc.subjects.iter().map(|s| s.report.by_quarter.get(i).map_or(Cell::Text("—".into()), |x| Cell::Money(x.revenue.p50)))).collect()).collect(),
    });
    out.push(Table {
        name: "By partner type".into(),
        title: "Mean revenue by partner type".into(),
        note: "Revenue each partner type transacts over the horizon, per design.".into(),
        header: std::iter::once("Partner type".to_string()).chain(names.iter().cloned()).collect(),
        rows: doc.subjects[0]
            .report
            .by_partner_type
            .iter()
            .map(|t| std::iter::once(Cell::Text(t.name.clone())).chain(doc.subjects.iter().map(|s| s.report.by_partner_type.iter().find(|x| x.partner_type == t.partner_type).map_or(Cell::Text("—".into()), |x| Cell::Money(x.revenue.mean)))).collect())
            .collect(),
    });
    out
}

/// What one input's numbers rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    /// Fitted from the vendor's own partner and deal history (a calibration).
    Fitted,
    /// A stated assumption (or an engine default).
    Assumption,
    /// A number taken from a named source.
    Cited,
}

impl EvidenceKind {
    pub fn name(self) -> &'static str {
        match self {
            EvidenceKind::Fitted => "Fitted from the vendor's history",
            EvidenceKind::Assumption => "Stated assumption",
            EvidenceKind::Cited => "Cited source",
        }
    }
}

/// One documented input of the market model.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceItem {
    /// A reader's name for it: "Value-added reseller · win rate", "Market buy rate".
    pub topic: String,
    pub kind: EvidenceKind,
    pub text: String,
}

/// The report's "Evidence" section: where the market model's numbers come from, as the model
/// records it in `sources` — fitted from the vendor's data (with the sample and the period),
/// assumed, or cited.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The model's own overview, when it has one.
    pub overview: Option<String>,
    pub summary: String,
    /// Fitted first, then cited, then assumed; each group in the model's order.
    pub items: Vec<EvidenceItem>,
}

/// The evidence behind the (first) design's market model; None when it records no sources.
pub fn evidence(doc: &ReportDoc) -> Option<Evidence> {
    let m = &doc.subjects[0].model;
    if m.sources.is_empty() {
        return None;
    }
    let overview = m.sources.get("overview").cloned();
    let calibration = m.sources.get("calibration").cloned();
    let mut items: Vec<EvidenceItem> = m
        .sources
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "overview" | "calibration"))
        .map(|(k, v)| {
            let lower = v.trim_start().to_lowercase();
            let kind = if lower.starts_with("fitted") {
                EvidenceKind::Fitted
            } else if lower.starts_with("assumption") || lower.starts_with("engine default") {
                EvidenceKind::Assumption
            } else {
                EvidenceKind::Cited
            };
            let label = ecosim_core::words::input_label(m, k);
            let topic = if label == *k {
                ecosim_core::words::humanize(&k.replace('.', " "))
            } else {
                label
            };
            EvidenceItem {
                topic,
                kind,
                text: v.clone(),
            }
        })
        .collect();
    items.sort_by_key(|i| i.kind as u8);
    let count = |k: EvidenceKind| items.iter().filter(|i| i.kind == k).count();
    let (fitted, assumed, cited) = (
        count(EvidenceKind::Fitted),
        count(EvidenceKind::Assumption),
        count(EvidenceKind::Cited),
    );
    let mut summary = format!(
        "The market model “{}” documents {} topics: {fitted} fitted from the vendor's own partner and deal history, {cited} from a cited source and {assumed} stated as assumptions.",
        m.name,
        items.len()
    );
    match calibration {
        Some(c) => {
            summary.push(' ');
            summary.push_str(&c);
        }
        None if fitted == 0 => summary.push_str(" Nothing in it is fitted from the vendor's data yet: calibrating it from the vendor's own history (the Actuals area, or `ecosim calibrate`) replaces assumptions with measured rates and their uncertainty."),
        None => {}
    }
    Some(Evidence {
        overview,
        summary,
        items,
    })
}

/// One assumption of the appendix.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    pub section: String,
    pub item: String,
    pub value: String,
}

/// Every assumption a reader needs to reproduce the report: the run settings, each scenario
/// and the market model, field by field.
pub fn assumptions(doc: &ReportDoc) -> Vec<Assumption> {
    let mut out = Vec::new();
    let r0 = &doc.subjects[0].report;
    let mut push = |section: &str, item: &str, value: String| out.push(Assumption { section: section.into(), item: item.into(), value });
    let run = "Run settings";
    push(run, "Engine version", r0.engine_version.clone());
    push(run, "Seed", r0.seed.to_string());
    push(run, "Trials", group(r0.trials as f64, 0));
    push(run, "Sampling", sampling_name(r0.sampling).into());
    push(run, "Horizon", format!("{} quarters", r0.horizon_quarters));
    push(run, "Currency", r0.currency.clone());
    for s in &doc.subjects {
        if let Some(id) = s.run_id {
            push(run, &format!("Stored run of {}", s.report.scenario.name), format!("run {id}"));
        }
        if s.report.by_pattern_trials > 0 {
            push(run, &format!("Pattern values of {} measured over", s.report.scenario.name), format!("{} trials", group(s.report.by_pattern_trials as f64, 0)));
        }
    }
    if let Some(t) = &doc.tornado {
        push(run, "Sensitivity", format!("tornado of {}, {} trials per point", kpi_name(&t.kpi), group(t.trials_per_point as f64, 0)));
    }
    for s in &doc.subjects {
        let section = format!("Scenario: {}", s.scenario.name);
        let mut v = serde_json::to_value(&s.scenario).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.remove("embedded_model");
        }
        flatten(&v, "", &mut |k, val| out.push(Assumption { section: section.clone(), item: k, value: val }));
    }
    let m = &doc.subjects[0].model;
    let section = format!("Market model: {}", m.name);
    let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        // Shown, topic by topic, in the Evidence section.
        m.remove("sources");
    }
    flatten(&v, "", &mut |k, val| {
        out.push(Assumption {
            section: section.clone(),
            item: k,
            value: val,
        })
    });
    out
}

/// A distribution written as a reader would: PERT(min 0.18, mode 0.25, max 0.32).
fn dist(m: &serde_json::Map<String, Value>) -> Option<String> {
    let kind = m.get("dist")?.as_str()?;
    let name = match kind {
        "normal" => "Normal",
        "lognormal" => "Lognormal",
        "beta" => "Beta",
        "triangular" => "Triangular",
        "pert" => "PERT",
        "uniform" => "Uniform",
        other => other,
    };
    const ORDER: [&str; 10] = ["min", "mode", "max", "mean", "std_dev", "median", "p90", "alpha", "beta", "low"];
    let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len());
    let mut keys: Vec<&String> = m.keys().filter(|k| k.as_str() != "dist").collect();
    keys.sort_by_key(|k| rank(k));
    let args: Vec<String> = keys.into_iter().map(|k| format!("{} {}", k.replace('_', " "), scalar(&m[k]))).collect();
    Some(format!("{name}({})", args.join(", ")))
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map(|f| if f.fract() == 0.0 && f.abs() >= 1000.0 { group(f, 0) } else { n.to_string() }).unwrap_or_else(|| n.to_string()),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

fn humanize(key: &str) -> String {
    key.replace('_', " ")
}

/// Walk a document, calling `f(item, value)` for every leaf; arrays of objects with a `name`
/// or `id` are labelled by it, lists of plain values are joined.
fn flatten(v: &Value, prefix: &str, f: &mut dyn FnMut(String, String)) {
    let join = |p: &str, k: &str| if p.is_empty() { k.to_string() } else { format!("{p} › {k}") };
    match v {
        Value::Object(m) => {
            if let Some(d) = dist(m) {
                f(prefix.to_string(), d);
                return;
            }
            for (k, x) in m {
                if k == "schema_version" {
                    continue;
                }
                flatten(x, &join(prefix, &humanize(k)), f);
            }
        }
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => f(prefix.to_string(), if a.is_empty() { "none".into() } else { a.iter().map(scalar).collect::<Vec<_>>().join(", ") }),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let label = x.get("name").and_then(Value::as_str).or_else(|| x.get("id").and_then(Value::as_str)).map(str::to_string).unwrap_or_else(|| format!("{}", i + 1));
                flatten(x, &join(prefix, &label), f);
            }
        }
        leaf => f(prefix.to_string(), scalar(leaf)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_flattening() {
        let doc = serde_json::json!({"partner_types": [{"id": "reseller", "name": "Value-added reseller", "win_rate": {"dist": "pert", "min": 0.18, "mode": 0.25, "max": 0.32}}], "conflict": {"loss_share": 0.4}});
        let mut rows = Vec::new();
        flatten(&doc, "", &mut |k, v| rows.push((k, v)));
        assert!(rows.contains(&("partner types › Value-added reseller › win rate".into(), "PERT(min 0.18, mode 0.25, max 0.32)".into())), "{rows:?}");
        assert!(rows.contains(&("conflict › loss share".into(), "0.4".into())));
    }
}
