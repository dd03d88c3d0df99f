//! The words of the charts: which charts a report carries, in reading order, each with its
//! title and caption (what the chart shows, in a sentence with the figures), and the names of
//! the KPIs and revenue sources inside them — the core's (`ecosim_core::words`). Drawing is
//! `charts.rs`'s; nothing here touches plotters. These are the only words of these charts: the
//! app's results screen shows them too (`run_charts`), so a caption is written once, here.

use super::over_time::{has_quarter_breakdowns, quarters, type_series};
use super::*;
use crate::format::pct;
use ecosim_core::model::RevenueRecognition;
use ecosim_core::words::Kpi;

/// The title of the chart of revenue added by each collaboration pattern.
pub const BY_PATTERN: &str = "Revenue added by each collaboration pattern";

/// The words of the pattern chart when a run has nothing to show in it — no pattern enabled,
/// or not measured: the reports leave that chart out, and the app's results screen explains
/// its empty chart with these (`run_charts`). `None` when the run measured its patterns.
pub fn empty_by_pattern(r: &RunReport) -> Option<(&'static str, &'static str)> {
    if !r.by_pattern.is_empty() && r.by_pattern_trials > 0 {
        return None;
    }
    let caption = if r.by_pattern.is_empty() && r.collaboration_measured { "No collaboration pattern is enabled in this design." } else { "This run did not measure what each pattern adds." };
    Some((BY_PATTERN, caption))
}

/// The charts a report of `doc` carries, in reading order.
pub fn list(doc: &ReportDoc) -> Vec<Chart> {
    let mut out = Vec::new();
    let mk = |kind, id, title: String, caption: String, height| Chart { kind, id, title, caption, height };
    if doc.is_comparison() {
        let names: Vec<&str> = doc.subjects.iter().map(|s| s.report.scenario.name.as_str()).collect();
        let cur = &doc.subjects[0].report.currency;
        out.push(mk(
            Kind::CompareFan,
            "compare-fan",
            "Revenue per quarter, design by design".into(),
            format!(
                "Each line is a design's median revenue per quarter; its shaded band holds 8 in 10 futures (P10–P90). {}",
                doc.subjects.iter().map(|s| format!("{} ends at {} a quarter.", s.report.scenario.name, money_short(s.report.by_quarter.last().map_or(0.0, |q| q.revenue.p50), cur))).collect::<Vec<_>>().join(" ")
            ),
            HEIGHT,
        ));
        out.push(mk(
            Kind::CompareSCurve,
            "compare-s-curve",
            "Total revenue: the chance of reaching each figure".into(),
            format!("For any total revenue on the horizontal axis, each curve gives the chance that its design stays at or below it. A curve further right is the better design; where curves cross, the ranking depends on luck. Designs: {}.", names.join(", ")),
            HEIGHT,
        ));
        out.push(mk(
            Kind::CompareDifference,
            "compare-difference",
            format!("Paired difference in total revenue against {}", names[0]),
            "The bar is the mean difference trial by trial (the same market in each trial, so shared luck cancels); the whisker spans P10–P90 of that difference. A whisker that stays right of zero means the design wins in most futures.".into(),
            220 + 60 * (names.len() as u32 - 1),
        ));
        return out;
    }
    let s = &doc.subjects[0];
    let r = &s.report;
    let cur = &r.currency;
    out.push(mk(Kind::Fan, "fan", "Revenue per quarter".into(), fan_caption(r), HEIGHT));
    // The per-quarter breakdowns, as the app's results screen shows them after its revenue fan.
    if r.revenue_recognition == RevenueRecognition::Subscription {
        out.push(mk(Kind::ArrFan, "arr-fan", ARR_FAN.into(), arr_fan_caption(r), HEIGHT));
    }
    if has_quarter_breakdowns(r) {
        // Taller than the fans by about its legend, which stands above the plot.
        out.push(mk(Kind::TypeArea, "type-area", TYPE_AREA.into(), type_area_caption(r), HEIGHT + 60));
        out.push(mk(Kind::Bookings, "bookings", BOOKINGS.into(), bookings_caption(r), HEIGHT));
    }
    out.push(mk(Kind::Distribution, "distribution", "Distribution of total revenue".into(), distribution_caption(r), HEIGHT));
    out.push(mk(Kind::ByType, "by-partner-type", "Revenue transacted by partner type".into(), by_type_caption(r), 60 + 44 * r.by_partner_type.len() as u32));
    out.push(mk(Kind::BySource, "by-source", "Revenue by source".into(), by_source_caption(r), 60 + 52 * r.by_source.len() as u32));
    out.push(mk(Kind::Coverage, "coverage", "Market coverage by segment and region".into(), coverage_caption(s), 120 + 70 * s.model.market.segments.len() as u32));
    if !r.by_pattern.is_empty() && r.by_pattern_trials > 0 {
        out.push(mk(Kind::ByPattern, "by-pattern", BY_PATTERN.into(), by_pattern_caption(r), 60 + 40 * r.by_pattern.len() as u32));
    }
    if !r.by_program.is_empty() && r.by_pattern_trials > 0 {
        out.push(mk(Kind::ByProgram, "by-program", "Partner programs: revenue added and cost".into(), by_program_caption(r), 60 + 44 * r.by_program.len() as u32));
    }
    if r.by_partner_type.iter().any(|t| t.network.is_some()) {
        out.push(mk(Kind::PartnersOverTime, "partners-over-time", PARTNERS_OVER_TIME.into(), partners_caption(r), HEIGHT + 30));
        let rows = earnings_rows(r);
        if !rows.is_empty() {
            out.push(mk(Kind::Earnings, "earnings", "What a partner earns a quarter, by partner type".into(), earnings_caption(r, &rows), 60 + 40 * rows.len() as u32));
        }
    }
    if let Some(t) = &doc.tornado {
        let top = t.bars.first();
        out.push(mk(
            Kind::Tornado,
            "tornado",
            format!("What moves {} most", kpi_name(&t.kpi)),
            format!(
                "Each uncertain input is set to its P10 (blue) and its P90 (orange) with everything else at its median; bars are ranked by the swing they cause. {}",
                top.map(|b| format!("{} matters most: it moves the result from {} to {}.", s.input_label(&b.input), money_short(b.kpi_low.min(b.kpi_high), cur), money_short(b.kpi_low.max(b.kpi_high), cur))).unwrap_or_default()
            ),
            60 + 34 * t.bars.len().min(TORNADO_BARS) as u32,
        ));
    }
    out
}

/// A KPI's name inside a sentence or title: the core's label, in lower case.
pub fn kpi_name(kpi: &str) -> String {
    match ecosim_core::words::Kpi::from_id(kpi) {
        Some(k) => k.label().to_lowercase(),
        None => kpi.replace('_', " "),
    }
}

pub fn source_name(source: ecosim_core::output::RevenueSource) -> String {
    source.label().to_string()
}

// The per-quarter charts' titles (the tests name them).
const ARR_FAN: &str = "ARR at the end of each quarter";
const TYPE_AREA: &str = "Revenue by partner type over quarters";
const BOOKINGS: &str = "Bookings and recognised revenue";
const NO_QUARTERS: &str = "The run has no quarters to show.";

fn arr_fan_caption(r: &RunReport) -> String {
    let Some(last) = quarters(r).last().copied() else { return NO_QUARTERS.into() };
    let m = |v: f64| money_short(v, &r.currency);
    let nrr = r.kpis.net_revenue_retention.as_ref().map(|x| {
        format!(", keeping {} of a year-old customer base's ARR ({})", ecosim_core::words::percent(x.p50, 0), Kpi::NetRevenueRetention.label().to_lowercase())
    });
    format!(
        "Partner-sourced ARR reaches {} by the end of Q{} (median; 8 in 10 futures between {} and {}){}.",
        m(last.arr.p50),
        last.quarter,
        m(last.arr.p10),
        m(last.arr.p90),
        nrr.unwrap_or_default()
    )
}

fn type_area_caption(r: &RunReport) -> String {
    let series = type_series(r);
    if series.is_empty() {
        return "No partner type recognised revenue in this run.".into();
    }
    let mut last: Vec<(&str, f64)> = series.iter().map(|s| (s.name.as_str(), s.values.last().copied().unwrap_or(0.0))).collect();
    last.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = last.iter().map(|x| x.1).sum();
    let share = |v: f64| pct(if total > 0.0 { v / total } else { 0.0 }, 0);
    let then = last.get(1).map(|(name, v)| format!(", then {name} with {}", share(*v))).unwrap_or_default();
    format!("By the last quarter {} brings {} of the {} recognised (mean){then}.", last[0].0, share(last[0].1), money_short(total, &r.currency))
}

fn bookings_caption(r: &RunReport) -> String {
    let rows = quarters(r);
    let Some(last) = rows.last().copied() else { return NO_QUARTERS.into() };
    let m = |v: f64| money_short(v, &r.currency);
    let booked: f64 = rows.iter().map(|q| q.bookings.mean).sum();
    if r.revenue_recognition != RevenueRecognition::Subscription {
        return format!("One-time revenue: each quarter's bookings are its revenue, {} over the horizon (mean).", m(booked));
    }
    format!(
        "{} of new annual contract value is booked over the horizon; recognised a quarter at a time, it builds to {} in Q{}, against {} booked that quarter (means).",
        m(booked),
        m(last.revenue.mean),
        last.quarter,
        m(last.bookings.mean)
    )
}

/// How revenue moves from the first quarter to the last (grows, falls or holds, in medians)
/// and how wide the last quarter is, after what the lines and bands are.
fn fan_caption(r: &RunReport) -> String {
    let rows = quarters(r);
    let (Some(first), Some(last)) = (rows.first().copied(), rows.last().copied()) else { return NO_QUARTERS.into() };
    let m = |v: f64| money_short(v, &r.currency);
    let (a, b) = (first.revenue.p50, last.revenue.p50);
    let change = if a != 0.0 { (b - a) / a.abs() } else if b > 0.0 { 1.0 } else { 0.0 };
    let trend = if rows.len() == 1 {
        format!("Revenue in Q{} is {} (median)", first.quarter, m(a))
    } else if change.abs() < 0.02 {
        format!("Revenue holds at about {} a quarter from Q{} to Q{} (median)", m(b), first.quarter, last.quarter)
    } else {
        format!("Revenue {} from {} in Q{} to {} in Q{} (median)", if change > 0.0 { "grows" } else { "falls" }, m(a), first.quarter, m(b), last.quarter)
    };
    format!(
        "The line is the median forecast; the darker band holds half of the futures (P25–P75), the lighter one 8 in 10 (P10–P90). {trend}; the last quarter lands between {} and {} in 8 in 10 futures.",
        m(last.revenue.p10),
        m(last.revenue.p90)
    )
}

/// The median and the range of total revenue, and the chance of the target when the chart
/// draws it (a total-revenue target).
fn distribution_caption(r: &RunReport) -> String {
    let m = |v: f64| money_short(v, &r.currency);
    let k = &r.kpis.total_revenue;
    let target = r.target.as_ref().filter(|t| t.metric == TargetMetric::TotalRevenue);
    let chance = match (target, &r.kpis.probability_of_target) {
        (Some(t), Some(p)) => format!(" The dashed line marks the {} target: there is a {} chance of reaching it.", m(t.value), pct(p.mean, 0)),
        _ => String::new(),
    };
    format!(
        "Bars: the share of futures in each revenue range. Curve (right axis): the chance that total revenue stays at or below a figure. Total revenue is {} in the median future; 8 in 10 futures land between {} and {}.{chance}",
        m(k.p50),
        m(k.p10),
        m(k.p90)
    )
}

/// The type that transacts the most, and how concentrated revenue is in the top three.
fn by_type_caption(r: &RunReport) -> String {
    let mut types: Vec<_> = r.by_partner_type.iter().filter(|t| t.revenue.max > 0.0).collect();
    types.sort_by(|a, b| b.revenue.mean.total_cmp(&a.revenue.mean));
    let Some(top) = types.first() else { return "No partner type transacted revenue in this run.".into() };
    let top3 = if types.len() > 3 {
        format!("; the top three of {} types bring {}", types.len(), pct(types.iter().take(3).map(|t| t.share_of_revenue).sum(), 0))
    } else {
        String::new()
    };
    format!(
        "Mean revenue each partner type transacts over the horizon, with its P10–P90 range. {} is the type that transacts the most: {} ({} of the total){top3}.",
        top.name,
        money_short(top.revenue.mean, &r.currency),
        pct(top.share_of_revenue, 0)
    )
}

/// The split of revenue by source; marketplace buyers only when a run has any.
fn by_source_caption(r: &RunReport) -> String {
    use ecosim_core::output::RevenueSource as S;
    if r.by_source.is_empty() {
        return "The run has no revenue by source.".into();
    }
    let share = |s: S| r.by_source.iter().find(|x| x.source == s).map_or(0.0, |x| x.share_of_revenue);
    let marketplace = share(S::Marketplace);
    format!(
        "{} of revenue comes from partners' own pipeline; referrals source {} and collaboration influences {}{}.",
        pct(share(S::OwnPipeline), 0),
        pct(share(S::ReferralSourced), 0),
        pct(share(S::CollaborationInfluenced), 0),
        if marketplace > 0.0 { format!("; marketplace buyers bring {}", pct(marketplace, 0)) } else { String::new() }
    )
}

/// How much of the market partners work, and the best and least covered cells, by name.
fn coverage_caption(s: &Subject) -> String {
    let r = &s.report;
    let best = r.by_cell.iter().max_by(|a, b| a.coverage_final.mean.total_cmp(&b.coverage_final.mean));
    let worst = r.by_cell.iter().min_by(|a, b| a.coverage_final.mean.total_cmp(&b.coverage_final.mean));
    let (Some(b), Some(w)) = (best, worst) else { return "The run has no cells to show.".into() };
    format!(
        "The share of each cell's accounts the ecosystem reaches by the last quarter (mean over trials). Partners work {} of the whole market by then (median). Best covered: {} in {} ({}); least: {} in {} ({}).",
        pct(r.kpis.coverage_final.p50, 0),
        s.segment_name(&b.segment),
        s.region_name(&b.region),
        pct(b.coverage_final.mean, 0),
        s.segment_name(&w.segment),
        s.region_name(&w.region),
        pct(w.coverage_final.mean, 0)
    )
}

/// The pattern that adds the most, with its range, and how many cost more in fees than they add.
fn by_pattern_caption(r: &RunReport) -> String {
    let m = |v: f64| money_short(v, &r.currency);
    let best = r.by_pattern.iter().max_by(|a, b| a.revenue_added.mean.total_cmp(&b.revenue_added.mean));
    let lead = best
        .map(|p| format!(" “{}” adds the most: {} on average (P10–P90 {} to {}).", p.name, m(p.revenue_added.mean), m(p.revenue_added.p10), m(p.revenue_added.p90)))
        .unwrap_or_default();
    let negative = r.by_pattern.iter().filter(|p| p.revenue_added.mean < 0.0).count();
    let fees = match negative {
        0 => String::new(),
        1 => " 1 pattern takes more in fees than it adds.".into(),
        n => format!(" {n} patterns take more in fees than they add."),
    };
    format!(
        "What switching each pattern off would cost: the revenue it adds, with its P10–P90 range, measured with the same random numbers as the full design over {} trials.{lead}{fees}",
        crate::format::group(r.by_pattern_trials as f64, 0)
    )
}

const PARTNERS_OVER_TIME: &str = "Partners over quarters: planned, organic and leaving";

/// Per type with partner economics and partners: (name, P10, P50, P90) of its partners'
/// quarterly earnings over the horizon (means over trials), highest median first.
pub(super) fn earnings_rows(r: &RunReport) -> Vec<(String, f64, f64, f64)> {
    let mut rows: Vec<(String, f64, f64, f64)> = r
        .by_partner_type
        .iter()
        .filter(|t| t.active_partners_final.max > 0.0)
        .filter_map(|t| t.network.as_ref().map(|n| (t.name.clone(), n.earnings_p10.mean, n.earnings_p50.mean, n.earnings_p90.mean)))
        .collect();
    rows.sort_by(|a, b| b.2.total_cmp(&a.2));
    rows
}

fn by_program_caption(r: &RunReport) -> String {
    let m = |v: f64| money_short(v, &r.currency);
    let cost: f64 = r.by_program.iter().map(|p| p.cost.mean).sum();
    let added: f64 = r.by_program.iter().map(|p| p.revenue_added.mean).sum();
    let best = r.by_program.iter().filter(|p| p.roi.is_some()).max_by(|a, b| a.roi.unwrap_or(0.0).total_cmp(&b.roi.unwrap_or(0.0)));
    let lead = best.map(|p| format!(" “{}” pays back best: {} added for {} (ROI {}).", p.name, m(p.revenue_added.mean), m(p.cost.mean), ecosim_core::words::percent(p.roi.unwrap_or(0.0), 0))).unwrap_or_default();
    let losing = r.by_program.iter().filter(|p| p.revenue_added.mean < p.cost.mean).count();
    let losing = match losing {
        0 => String::new(),
        1 => " 1 program adds less revenue than it costs.".into(),
        n => format!(" {n} programs add less revenue than they cost."),
    };
    format!(
        "The programs cost {} over the horizon and add {} of revenue (means; each program switched off in turn on the same random numbers, over {} trials).{lead}{losing}",
        m(cost),
        m(added),
        crate::format::group(r.by_pattern_trials as f64, 0)
    )
}

fn partners_caption(r: &RunReport) -> String {
    let organic: f64 = r.by_partner_type.iter().filter_map(|t| t.network.as_ref()).map(|n| n.organic_recruits.mean).sum();
    let unprofitable: f64 = r.by_partner_type.iter().filter_map(|t| t.network.as_ref()).map(|n| n.unprofitable_churn.mean).sum();
    let top = r.by_partner_type.iter().filter_map(|t| t.network.as_ref().map(|n| (t, n))).max_by(|a, b| a.1.organic_recruits.mean.total_cmp(&b.1.organic_recruits.mean));
    let lead = top.filter(|(_, n)| n.organic_recruits.mean >= 0.5).map(|(t, n)| format!(", most of them {} ({:.0})", t.name, n.organic_recruits.mean)).unwrap_or_default();
    format!(
        "Active partners at each quarter's end, those the scenario planned and those who came by themselves, with those who left below the line (means). {:.0} partners arrive organically over the horizon{lead}; {:.0} leave because the ecosystem stopped paying them.",
        organic, unprofitable
    )
}

fn earnings_caption(r: &RunReport, rows: &[(String, f64, f64, f64)]) -> String {
    let m = |v: f64| money_short(v, &r.currency);
    let top = &rows[0];
    let starved: Vec<&str> = rows.iter().filter(|x| x.2 <= 0.0).map(|x| x.0.as_str()).collect();
    let starved = if starved.is_empty() { String::new() } else { format!(" The median {} earns nothing.", starved.join(", ")) };
    format!(
        "A partner's discounts, fees and margins on the deals it transacted or enabled, a quarter, across the type's partners (P10–P90; the bar is the median partner; means over trials). The median {} earns {} a quarter, P90 {}.{starved}",
        top.0,
        m(top.2),
        m(top.3)
    )
}
