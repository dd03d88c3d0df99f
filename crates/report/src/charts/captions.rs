//! The words of the charts: which charts a report carries, in reading order, each with its
//! title and caption (what the chart shows, in a sentence with the figures), and the names of
//! the KPIs and revenue sources inside them — the core's (`ecosim_core::words`). Drawing is
//! `charts.rs`'s; nothing here touches plotters. These are the only words of these charts: the
//! app's results screen shows them too (`run_charts`), and its compare and sensitivity screens
//! receive the words of their charts with each analysis (the compare fan and S-curve, the
//! tornado, the spider, the Sobol indices, the attribution: the `*_words` functions below), so
//! a caption is written once, here.

use super::over_time::{has_quarter_breakdowns, quarters, type_series};
use super::*;
use crate::format::pct;
use ecosim_core::analysis::sensitivity::{SobolReport, SpiderReport, RANDOMNESS};
use ecosim_core::analysis::shapley::ShapleyReport;
use ecosim_core::model::{MarketModelDoc, RevenueRecognition};
use ecosim_core::words::{input_label, kpi_value, Kpi};

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
        let reports: Vec<&RunReport> = doc.subjects.iter().map(|s| &s.report).collect();
        let fan = compare_fan_words(&reports);
        out.push(mk(Kind::CompareFan, "compare-fan", fan.title, fan.caption, HEIGHT));
        let curves = compare_s_curve_words(&reports);
        out.push(mk(Kind::CompareSCurve, "compare-s-curve", curves.title, curves.caption, HEIGHT));
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
        let words = tornado_words(t, &s.model, cur);
        out.push(mk(Kind::Tornado, "tornado", words.title, words.caption, 60 + 34 * t.bars.len().min(TORNADO_BARS) as u32));
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

/// A chart's title and caption, apart from its drawing: what the app's screens show above and
/// below a chart they draw themselves, and what a report prints with its own drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub title: String,
    pub caption: String,
}

fn words(title: impl Into<String>, caption: impl Into<String>) -> Words {
    Words { title: title.into(), caption: caption.into() }
}

/// A KPI's name at the start of a sentence: the core's label ("Total revenue").
fn kpi_label(kpi: &str) -> String {
    Kpi::from_id(kpi).map_or_else(|| ecosim_core::words::humanize(kpi), |k| k.label().to_string())
}

/// What each compared design is called in a sentence: its scenario's name — or, when two of
/// them share a name, its letter and name ("B · Balanced ecosystem"), as the app's legend
/// writes every design (A is the base).
fn design_labels(reports: &[&RunReport]) -> Vec<String> {
    let name = |r: &RunReport| r.scenario.name.clone();
    reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let shared = reports.iter().filter(|o| o.scenario.name == r.scenario.name).count() > 1;
            if shared {
                format!("{} · {}", char::from(b'A' + (i % 26) as u8), name(r))
            } else {
                name(r)
            }
        })
        .collect()
}

const NO_COMPARED_QUARTERS: &str = "The scenarios have no quarters to show.";

/// The compare fan (each design's median revenue per quarter over its P10–P90 band): who runs
/// highest in the last quarter, against what, and whether its band clears the others'.
pub fn compare_fan_words(reports: &[&RunReport]) -> Words {
    let title = "Revenue per quarter, design by design";
    let how = "Each line is a design's median revenue per quarter; its shaded band holds 8 in 10 futures (P10–P90).";
    let labels = design_labels(reports);
    let n = reports.iter().flat_map(|r| r.by_quarter.iter().map(|q| q.quarter)).max().unwrap_or(0);
    // Each design's last-quarter revenue; a design whose horizon ends earlier has none.
    let mut last: Vec<(&str, &Summary)> = reports
        .iter()
        .zip(&labels)
        .filter_map(|(r, label)| r.by_quarter.iter().find(|q| q.quarter == n).map(|q| (label.as_str(), &q.revenue)))
        .filter(|(_, rev)| rev.p50.is_finite())
        .collect();
    if n == 0 || last.is_empty() {
        return words(title, format!("{how} {NO_COMPARED_QUARTERS}"));
    }
    let cur = &reports[0].currency;
    let m = |v: f64| money_short(v, cur);
    // Highest median first; designs that tie keep their order.
    last.sort_by(|a, b| b.1.p50.total_cmp(&a.1.p50));
    let (top, top_rev) = last[0];
    let others = &last[1..];
    let lead = format!("In Q{n}, {top} runs highest at {} a quarter (median)", m(top_rev.p50));
    if others.is_empty() {
        return words(title, format!("{how} {lead}."));
    }
    let against = others.iter().map(|(label, rev)| format!("{} for {label}", m(rev.p50))).collect::<Vec<_>>().join(", ");
    let verdict = if others.iter().all(|(_, rev)| top_rev.p10 > rev.p90) {
        "its P10–P90 band lies above the others’, so it leads in most futures"
    } else {
        "the P10–P90 bands overlap, so the lead does not hold in every future"
    };
    words(title, format!("{how} {lead}, against {against}; {verdict}."))
}

/// The index of the design whose total revenue is at least every other's at every percentile
/// and above somewhere (its S-curve lies to the right of the others'), if one is.
fn dominant(reports: &[&RunReport]) -> Option<usize> {
    let ps: Vec<&[f64]> = reports.iter().map(|r| r.total_revenue_distribution.percentiles.as_slice()).collect();
    let at = |p: &[f64], k: usize| p.get(k).copied().unwrap_or(f64::NEG_INFINITY);
    (0..ps.len()).find(|&i| {
        let others: Vec<&[f64]> = ps.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| *p).collect();
        !others.is_empty() && others.iter().all(|o| o.iter().enumerate().all(|(k, v)| at(ps[i], k) >= *v) && o.iter().enumerate().any(|(k, v)| at(ps[i], k) > *v))
    })
}

/// The S-curves of total revenue: a design ahead at every percentile, or who leads at the median
/// and who in the worst tenth of futures.
pub fn compare_s_curve_words(reports: &[&RunReport]) -> Words {
    let title = "Total revenue: the chance of reaching each figure";
    let how = "For any total revenue on the horizontal axis, each curve gives the chance that its design stays at or below it; a curve further right is the better design.";
    if reports.len() < 2 {
        return words(title, format!("{how} Pick at least two scenarios to compare their S-curves."));
    }
    let labels = design_labels(reports);
    let cur = &reports[0].currency;
    let m = |v: f64| money_short(v, cur);
    // Percentile k (1..=99) of design i's total revenue.
    let at = |i: usize, k: usize| reports[i].total_revenue_distribution.percentiles.get(k - 1).copied().unwrap_or(f64::NAN);
    let finding = if let Some(d) = dominant(reports) {
        format!("{} lies to the right of the others at every percentile: it earns more in bad futures and good ones alike (median {}).", labels[d], m(at(d, 50)))
    } else {
        // The first design with the highest percentile k.
        let best = |k: usize| (1..reports.len()).fold(0, |b, i| if at(i, k) > at(b, k) { i } else { b });
        let (b50, b10) = (best(50), best(10));
        if b50 == b10 {
            format!("{} leads at the median ({}) and in the worst tenth of futures (P10 {}), though the curves cross in the tails.", labels[b50], m(at(b50, 50)), m(at(b50, 10)))
        } else {
            format!(
                "The curves cross: {} has the higher median ({}), but {} does better in the worst tenth of futures (P10 {} against {}).",
                labels[b50],
                m(at(b50, 50)),
                labels[b10],
                m(at(b10, 10)),
                m(at(b50, 10))
            )
        }
    };
    words(title, format!("{how} {finding}"))
}

/// The tornado: the input the KPI is most sensitive to, how far it moves the mean, and what
/// comes second. `model` names the inputs; the KPI's values are in `currency`.
pub fn tornado_words(t: &TornadoReport, model: &MarketModelDoc, currency: &str) -> Words {
    let k = kpi_name(&t.kpi);
    let title = format!("What moves {k} most");
    let how = "Each uncertain input is set to its P10 and its P90 with everything else at its median; bars are ranked by the swing they cause.";
    let mut bars: Vec<_> = t.bars.iter().collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    let Some(top) = bars.first() else {
        return words(title, format!("{how} No uncertain input moves {k}: every input of this scenario is a fixed number."));
    };
    let f = |v: f64| kpi_value(&t.kpi, v, currency, true);
    let direction = if top.kpi_high >= top.kpi_low { "" } else { " (higher values lower it)" };
    let lead = format!(
        "{} is most sensitive to {}{direction}: between its P10 and P90 the mean moves from {} to {}, a swing of {}",
        kpi_label(&t.kpi),
        input_label(model, &top.input),
        f(top.kpi_low),
        f(top.kpi_high),
        f(top.swing)
    );
    let caption = match bars.get(1) {
        Some(next) => format!("{how} {lead}; next comes {}, with a swing of {}.", input_label(model, &next.input), f(next.swing)),
        None => format!("{how} {lead}."),
    };
    words(title, caption)
}

/// The spider: how far the input whose sweep moves the KPI most takes its mean.
pub fn spider_words(r: &SpiderReport, model: &MarketModelDoc, currency: &str) -> Words {
    let k = kpi_name(&r.kpi);
    let title = format!("Spider of {k}");
    let Some(top) = r.lines.first() else { return words(title, format!("No uncertain input moves {k}.")) };
    let f = |v: f64| kpi_value(&r.kpi, v, currency, true);
    let at = |p: Option<&f64>, or: &str| p.map_or_else(|| or.to_string(), |p| format!("P{:.0}", p * 100.0));
    let first = top.kpi.first().copied().unwrap_or(r.base);
    let last = top.kpi.last().copied().unwrap_or(r.base);
    words(
        title,
        format!(
            "Swept from its {} to its {}, {} moves mean {k} from {} to {}; a steeper line is a more sensitive input, a bent one a threshold.",
            at(r.percentiles.first(), "P5"),
            at(r.percentiles.last(), "P95"),
            input_label(model, &top.input),
            f(first),
            f(last)
        ),
    )
}

/// The Sobol indices: what the input with the largest total index explains alone (and with its
/// interactions, when they add), and what simulation randomness leaves unexplained.
pub fn sobol_words(r: &SobolReport, model: &MarketModelDoc) -> Words {
    let k = kpi_name(&r.kpi);
    let title = format!("Sobol indices of {k}");
    let mut indices: Vec<_> = r.indices.iter().collect();
    indices.sort_by(|a, b| b.total.total_cmp(&a.total));
    let noise = indices.iter().find(|i| i.input == RANDOMNESS).map(|i| format!("simulation randomness — which deals a trial happens to win — leaves {} that no input explains", pct(i.total, 0)));
    let Some(top) = indices.iter().find(|i| i.input != RANDOMNESS) else {
        return words(title, noise.map_or_else(|| format!("No uncertain input moves {k}."), |n| format!("No uncertain input moves {k}: {n}.")));
    };
    let interactions = if top.total - top.first_order > 0.05 { format!(" ({} with its interactions)", pct(top.total, 0)) } else { String::new() };
    let lead = format!("{} alone explains {} of the spread of {k}{interactions}", input_label(model, &top.input), pct(top.first_order, 0));
    words(title, noise.map_or_else(|| format!("{lead}."), |n| format!("{lead}; {n}.")))
}

/// The attribution: the partner type whose share of the revenue it creates (Shapley) differs
/// most from the share it transacts, and which way.
pub fn attribution_words(r: &ShapleyReport) -> Words {
    let title = "Revenue share by partner type: created vs transacted";
    let gap = |row: &ecosim_core::analysis::shapley::ShapleyRow| row.revenue_share - row.transacted_share;
    // The first row with the largest gap either way.
    let Some(biggest) = r.rows.iter().reduce(|b, row| if gap(row).abs() > gap(b).abs() { row } else { b }) else {
        return words(title, "The scenario has no partner types to attribute revenue to.");
    };
    let g = gap(biggest);
    if g.abs() < 0.01 {
        return words(title, "Each partner type creates about the share of revenue it transacts: partners here work mostly on their own.");
    }
    let why = if g > 0.0 { "it earns through other partners, so transaction counts undervalue it" } else { "part of what it sells is made possible by other partners" };
    words(
        title,
        format!("The biggest disagreement is {}: it transacts {} of revenue but creates {} — {why}.", biggest.name, pct(biggest.transacted_share, 0), pct(biggest.revenue_share, 0)),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use ecosim_core::analysis::sensitivity::{SobolIndex, SpiderLine, TornadoBar};
    use ecosim_core::analysis::shapley::ShapleyRow;
    use ecosim_core::engine::{self, Counterfactuals, RunOptions};
    use ecosim_core::model::{Model, Scenario};
    use ecosim_core::shipped::{MODELS, SCENARIOS};
    use ecosim_core::stats::Summary;
    use std::sync::atomic::AtomicBool;

    /// The shipped Northwind model, whose first partner type is the value-added reseller.
    fn northwind() -> Model {
        Model::from_json(MODELS[0]).unwrap()
    }

    /// The Northwind model's document, which names the inputs.
    fn names() -> MarketModelDoc {
        northwind().doc.clone()
    }

    /// A real (tiny) run of the balanced ecosystem, renamed, over `quarters` quarters whose last
    /// has the revenue band `last`, and whose total revenue's percentile k is `k × scale` million:
    /// what a caption reads is set here, so the sentences below do not move with the engine.
    fn design(name: &str, quarters: u32, last: (f64, f64, f64), scale: f64) -> RunReport {
        let model = northwind();
        let scenario = Scenario::from_doc(Scenario::from_json(SCENARIOS[0]).unwrap(), &model).unwrap();
        let opts = RunOptions { trials: 8, counterfactuals: Counterfactuals::Off, threads: Some(1), ..RunOptions::for_scenario(&scenario) };
        let mut r = RunReport::new(&model, &scenario, &engine::run(&model, &scenario, &opts, &|_| {}, &AtomicBool::new(false)).unwrap());
        r.scenario.name = name.into();
        r.by_quarter.truncate(quarters as usize);
        let q = r.by_quarter.last_mut().unwrap();
        assert_eq!(q.quarter, quarters);
        q.revenue = Summary { mean: last.1, p10: last.0, p50: last.1, p90: last.2, ..Summary::default() };
        r.total_revenue_distribution.percentiles = (1..=99).map(|k| k as f64 * scale * 1e6).collect();
        r
    }

    const FAN_HOW: &str = "Each line is a design's median revenue per quarter; its shaded band holds 8 in 10 futures (P10–P90).";
    const CURVE_HOW: &str = "For any total revenue on the horizontal axis, each curve gives the chance that its design stays at or below it; a curve further right is the better design.";
    const TORNADO_HOW: &str = "Each uncertain input is set to its P10 and its P90 with everything else at its median; bars are ranked by the swing they cause.";

    #[test]
    fn the_compare_fan_names_the_leader_and_whether_its_band_clears_the_others() {
        let a = design("Balanced ecosystem", 12, (8e6, 10e6, 12e6), 1.0);
        let b = design("Reseller-heavy channel", 12, (13e6, 15e6, 18e6), 1.2);
        let w = compare_fan_words(&[&a, &b]);
        assert_eq!(w.title, "Revenue per quarter, design by design");
        assert_eq!(
            w.caption,
            format!("{FAN_HOW} In Q12, Reseller-heavy channel runs highest at $15M a quarter (median), against $10M for Balanced ecosystem; its P10–P90 band lies above the others’, so it leads in most futures.")
        );
        // B's band reaches down into A's: the lead does not hold in every future.
        let b = design("Reseller-heavy channel", 12, (11.5e6, 15e6, 18e6), 1.2);
        assert_eq!(
            compare_fan_words(&[&a, &b]).caption,
            format!("{FAN_HOW} In Q12, Reseller-heavy channel runs highest at $15M a quarter (median), against $10M for Balanced ecosystem; the P10–P90 bands overlap, so the lead does not hold in every future.")
        );
    }

    #[test]
    fn the_compare_fan_reads_the_last_quarter_of_the_longest_horizon_and_tells_namesakes_apart() {
        let a = design("Balanced ecosystem", 12, (8e6, 10e6, 12e6), 1.0);
        let b = design("Balanced ecosystem", 12, (7e6, 9.5e6, 11e6), 1.0);
        // A shorter horizon has no last quarter to compare.
        let c = design("Short horizon", 8, (20e6, 30e6, 40e6), 1.0);
        assert_eq!(
            compare_fan_words(&[&a, &b, &c]).caption,
            format!("{FAN_HOW} In Q12, A · Balanced ecosystem runs highest at $10M a quarter (median), against $9.5M for B · Balanced ecosystem; the P10–P90 bands overlap, so the lead does not hold in every future.")
        );
    }

    #[test]
    fn the_s_curves_name_a_design_ahead_everywhere_or_where_the_curves_cross() {
        let a = design("Balanced ecosystem", 12, (8e6, 10e6, 12e6), 1.0);
        let mut b = design("Reseller-heavy channel", 12, (8e6, 10e6, 12e6), 1.2);
        let w = compare_s_curve_words(&[&a, &b]);
        assert_eq!(w.title, "Total revenue: the chance of reaching each figure");
        assert_eq!(dominant(&[&a, &b]), Some(1));
        assert_eq!(w.caption, format!("{CURVE_HOW} Reseller-heavy channel lies to the right of the others at every percentile: it earns more in bad futures and good ones alike (median $60M)."));
        // B: the higher median, but a worse downside.
        b.total_revenue_distribution.percentiles = a.total_revenue_distribution.percentiles.iter().enumerate().map(|(i, p)| if i < 30 { p * 0.8 } else { p * 1.3 }).collect();
        assert_eq!(dominant(&[&a, &b]), None);
        assert_eq!(
            compare_s_curve_words(&[&a, &b]).caption,
            format!("{CURVE_HOW} The curves cross: Reseller-heavy channel has the higher median ($65M), but Balanced ecosystem does better in the worst tenth of futures (P10 $10M against $8M).")
        );
        // B ahead at the median and at P10, behind in the top tail.
        b.total_revenue_distribution.percentiles = a.total_revenue_distribution.percentiles.iter().enumerate().map(|(i, p)| if i < 90 { p * 1.1 } else { p * 0.9 }).collect();
        assert_eq!(
            compare_s_curve_words(&[&a, &b]).caption,
            format!("{CURVE_HOW} Reseller-heavy channel leads at the median ($55M) and in the worst tenth of futures (P10 $11M), though the curves cross in the tails.")
        );
    }

    fn tornado() -> TornadoReport {
        let bar = |input: &str, kpi_low: f64, kpi_high: f64| TornadoBar { input: input.into(), value_low: 0.0, value_high: 1.0, kpi_low, kpi_high, swing: (kpi_high - kpi_low).abs() };
        TornadoReport {
            kpi: "total_revenue".into(),
            base: 42e6,
            trials_per_point: 1000,
            // Not in swing order: the caption ranks them.
            bars: vec![bar("market.growth", 40e6, 44.5e6), bar("partner_types[0].win_rate", 36e6, 49e6), bar("conflict.loss_share", 43e6, 41e6)],
            wall_seconds: 1.0,
        }
    }

    #[test]
    fn the_tornado_names_its_top_two_inputs_and_their_swings() {
        let m = names();
        let w = tornado_words(&tornado(), &m, "USD");
        assert_eq!(w.title, "What moves total revenue most");
        assert_eq!(
            w.caption,
            format!("{TORNADO_HOW} Total revenue is most sensitive to Value-added reseller · win rate: between its P10 and P90 the mean moves from $36M to $49M, a swing of $13M; next comes Market growth, with a swing of $4.5M.")
        );
        // An input that lowers the KPI as it rises, alone.
        let mut t = tornado();
        t.bars.retain(|b| b.input == "conflict.loss_share");
        assert_eq!(
            tornado_words(&t, &m, "EUR").caption,
            format!("{TORNADO_HOW} Total revenue is most sensitive to Conflict · share of conflicts lost (higher values lower it): between its P10 and P90 the mean moves from €43M to €41M, a swing of €2M.")
        );
        t.bars.clear();
        assert_eq!(tornado_words(&t, &m, "USD").caption, format!("{TORNADO_HOW} No uncertain input moves total revenue: every input of this scenario is a fixed number."));
        // Coverage reads as a share.
        let t = TornadoReport { kpi: "coverage_final".into(), bars: vec![TornadoBar { input: "market.growth".into(), value_low: 0.0, value_high: 1.0, kpi_low: 0.2, kpi_high: 0.26, swing: 0.06 }], ..tornado() };
        let w = tornado_words(&t, &m, "USD");
        assert_eq!(w.title, "What moves market coverage (final quarter) most");
        assert!(w.caption.ends_with("Market coverage (final quarter) is most sensitive to Market growth: between its P10 and P90 the mean moves from 20.0% to 26.0%, a swing of 6.0%."), "{}", w.caption);
    }

    #[test]
    fn the_sobol_indices_say_what_the_main_input_explains_and_what_is_left_to_chance() {
        let m = names();
        let ix = |input: &str, first_order: f64, total: f64| SobolIndex { input: input.into(), first_order, first_order_ci: [0.0, 1.0], total, total_ci: [0.0, 1.0] };
        let mut r = SobolReport {
            kpi: "total_revenue".into(),
            base_samples: 500,
            evaluations: 3000,
            variance: 1.0,
            indices: vec![ix(RANDOMNESS, 0.25, 0.25), ix("market.growth", 0.1, 0.14), ix("partner_types[0].win_rate", 0.52, 0.58)],
            wall_seconds: 1.0,
        };
        let w = sobol_words(&r, &m);
        assert_eq!(w.title, "Sobol indices of total revenue");
        assert_eq!(w.caption, "Value-added reseller · win rate alone explains 52% of the spread of total revenue (58% with its interactions); simulation randomness — which deals a trial happens to win — leaves 25% that no input explains.");
        r.indices.retain(|i| i.input == RANDOMNESS);
        assert_eq!(sobol_words(&r, &m).caption, "No uncertain input moves total revenue: simulation randomness — which deals a trial happens to win — leaves 25% that no input explains.");
    }

    #[test]
    fn the_spider_says_how_far_its_widest_input_takes_the_mean() {
        let r = SpiderReport {
            kpi: "total_revenue".into(),
            base: 49e6,
            trials_per_point: 500,
            percentiles: vec![0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95],
            lines: vec![SpiderLine { input: "partner_types[0].win_rate".into(), label: String::new(), values: vec![0.2; 7], kpi: vec![41e6, 43e6, 46e6, 49e6, 52e6, 55e6, 57e6], range: 16e6 }],
            wall_seconds: 1.0,
        };
        let w = spider_words(&r, &names(), "USD");
        assert_eq!(w.title, "Spider of total revenue");
        assert_eq!(w.caption, "Swept from its P5 to its P95, Value-added reseller · win rate moves mean total revenue from $41M to $57M; a steeper line is a more sensitive input, a bent one a threshold.");
    }

    #[test]
    fn the_attribution_names_the_biggest_disagreement_and_which_way_it_goes() {
        let row = |name: &str, revenue_share: f64, transacted_share: f64| ShapleyRow { partner_type: name.to_lowercase(), name: name.into(), revenue: 0.0, coverage: 0.0, transacted_revenue: 0.0, revenue_share, transacted_share };
        let mut r = ShapleyReport {
            scenario: "reseller-heavy".into(),
            trials_per_coalition: 500,
            coalitions: 8,
            exact: true,
            total_revenue: 40e6,
            coverage: 0.24,
            rows: vec![row("Value-added reseller", 0.65, 0.75), row("Referral partner", 0.2, 0.0), row("Hyperscaler marketplace", 0.15, 0.25)],
            wall_seconds: 1.0,
        };
        let w = attribution_words(&r);
        assert_eq!(w.title, "Revenue share by partner type: created vs transacted");
        assert_eq!(w.caption, "The biggest disagreement is Referral partner: it transacts 0% of revenue but creates 20% — it earns through other partners, so transaction counts undervalue it.");
        r.rows = vec![row("Value-added reseller", 0.4, 0.75)];
        assert_eq!(attribution_words(&r).caption, "The biggest disagreement is Value-added reseller: it transacts 75% of revenue but creates 40% — part of what it sells is made possible by other partners.");
        r.rows = vec![row("Value-added reseller", 0.7, 0.705)];
        assert_eq!(attribution_words(&r).caption, "Each partner type creates about the share of revenue it transacts: partners here work mostly on their own.");
    }

    #[test]
    fn a_comparison_report_prints_the_words_the_app_shows() {
        let a = design("Balanced ecosystem", 12, (8e6, 10e6, 12e6), 1.0);
        let b = design("Reseller-heavy channel", 12, (13e6, 15e6, 18e6), 1.2);
        let m = names();
        let scenario = Scenario::from_json(SCENARIOS[0]).unwrap();
        let subject = |r: &RunReport| crate::Subject { run_id: None, report: r.clone(), scenario: scenario.clone(), model: m.clone(), trials: Vec::new() };
        let doc = ReportDoc::comparison(vec![subject(&a), subject(&b)], Some(Vec::new()), &crate::ReportOptions::default()).unwrap();
        let charts = list(&doc);
        let words_of = |id: &str| charts.iter().find(|c| c.id == id).map(|c| words(c.title.clone(), c.caption.clone())).unwrap();
        assert_eq!(words_of("compare-fan"), compare_fan_words(&[&a, &b]));
        assert_eq!(words_of("compare-s-curve"), compare_s_curve_words(&[&a, &b]));
        let mut single = ReportDoc::single(subject(&a), &crate::ReportOptions::default()).unwrap();
        single.tornado = Some(tornado());
        let charts = list(&single);
        let t = charts.iter().find(|c| c.id == "tornado").unwrap();
        assert_eq!(words(t.title.clone(), t.caption.clone()), tornado_words(&tornado(), &m, "USD"));
    }
}
