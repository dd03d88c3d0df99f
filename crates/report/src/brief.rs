//! The decision brief: two A4 pages for an executive, in plain sentences generated from the
//! results — the recommendation and the chance it beats each alternative, what it takes to
//! reach the target, what drives the downside, and what to find out first.
//!
//! The caller runs the analyses (the application crate does, for the app and the CLI alike)
//! and hands their reports over; this module only writes and lays them out. [`sentences`] is
//! the words, testable without a PDF; [`render`] lays them out on two pages.

use ecosim_core::analysis::compare::CompareReport;
use ecosim_core::analysis::drivers::{Breakdown, DriversReport, Tail};
use ecosim_core::analysis::goal::Statistic;
use ecosim_core::analysis::solve::{Side, SolveOutcome, SolveReport};
use ecosim_core::analysis::voi::VoiReport;
use ecosim_core::words::{money_short, percent};

use super::pdf::{self, Layout, Op, ACCENT, CONTENT_W, HEAD_BG, INK, MARGIN_X, MUTED};
use super::text::{Cell, Table};
use super::ReportError;

/// Everything a brief says, from the analyses the caller ran.
#[derive(Debug, Clone)]
pub struct Brief {
    pub firm: Option<String>,
    /// YYYY-MM-DD.
    pub date: String,
    /// The designs compared trial by trial, the recommended one first.
    pub compare: CompareReport,
    /// The KPI the recommendation is judged on (one of the paired KPIs).
    pub kpi: String,
    /// What it takes for the recommended design to reach its target.
    pub solve: Option<SolveReport>,
    /// What drives the recommended design's bad futures.
    pub drivers: Option<DriversReport>,
    /// What to find out before choosing.
    pub voi: Option<VoiReport>,
}

/// The brief's words, section by section.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentences {
    pub title: String,
    pub recommendation: Vec<String>,
    pub takes: Vec<String>,
    pub downside: Vec<String>,
    pub first: Vec<String>,
    pub method: String,
}

fn kpi_words(kpi: &str) -> String {
    ecosim_core::words::Kpi::from_id(kpi).map_or_else(|| kpi.replace('_', " "), |k| k.label().to_lowercase())
}

fn value(kpi: &str, v: f64, currency: &str) -> String {
    ecosim_core::words::kpi_value(kpi, v, currency, true)
}

impl Brief {
    fn currency(&self) -> &str {
        &self.compare.reports[0].currency
    }

    /// The mean of the judged KPI for design `i`.
    fn mean(&self, i: usize) -> f64 {
        let k = &self.compare.reports[i].kpis;
        match self.kpi.as_str() {
            "total_revenue" => k.total_revenue.mean,
            "coverage_final" => k.coverage_final.mean,
            _ => k.net_contribution.mean,
        }
    }
}

/// The brief in plain sentences.
pub fn sentences(b: &Brief) -> Sentences {
    let cur = b.currency().to_string();
    let rec = &b.compare.reports[0];
    let name = rec.scenario.name.clone();
    let kw = kpi_words(&b.kpi);
    let mut recommendation = Vec::new();
    let n = b.compare.reports.len();
    recommendation.push(format!(
        "Recommend “{name}”. Of the {n} designs simulated on the same {} futures, it has the highest expected {kw}: {}.",
        super::format::group(b.compare.trials as f64, 0),
        value(&b.kpi, b.mean(0), &cur)
    ));
    for p in &b.compare.pairings {
        if let Some(d) = p.differences.iter().find(|d| d.kpi == b.kpi) {
            let beats = 1.0 - d.probability_b_beats_a - d.probability_tie;
            recommendation.push(format!(
                "Against “{}” it comes out ahead in {} of futures, by {} on average (P10 {} to P90 {}).",
                p.b.name,
                percent(beats, 0),
                value(&b.kpi, -d.difference.mean, &cur),
                value(&b.kpi, -d.difference.p90, &cur),
                value(&b.kpi, -d.difference.p10, &cur),
            ));
        }
    }
    if let (Some(t), Some(p)) = (&rec.target, &rec.kpis.probability_of_target) {
        let metric = serde_json::to_value(t.metric).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        recommendation.push(format!("It meets the target of {} {} in {} of futures.", value(&metric, t.value, &cur), kpi_words(&metric), percent(p.mean, 0)));
    }

    let mut takes = Vec::new();
    match &b.solve {
        None => takes.push("No target was set, so there is nothing to solve for: give the scenario a target to see what reaching it takes.".into()),
        Some(s) => {
            let v = |x: f64| if s.integer { super::format::group(x, 0) } else { format!("{x:.2}") };
            let goal = goal_words(s, &cur);
            match (s.outcome, s.answer) {
                (SolveOutcome::NotReachable, _) | (_, None) => takes.push(format!("{goal} is not reachable by {} alone: no value from {} to {} is enough. It needs more than one lever, or a lower target.", s.lever_label, v(s.range[0]), v(s.range[1]))),
                (SolveOutcome::AlreadyMet, Some(a)) => takes.push(format!("{goal} already holds with as little as {} of {}.", v(a), s.lever_label)),
                (_, Some(a)) => {
                    let side = if s.side == Side::AtLeast { "at least" } else { "at most" };
                    let range = s.interval.map_or(String::new(), |[l, h]| format!(" (between {} and {} allowing for simulation noise)", v(l), v(h)));
                    takes.push(format!("{goal} takes {side} {} of {}{range}; the design has {}.", v(a), s.lever_label, v(s.current)));
                }
            }
            if !s.monotone {
                takes.push("More of this lever does not always help (conflict or saturation bend it back), so treat the figure as the first that works, not a rule.".into());
            }
        }
    }

    let mut downside = Vec::new();
    if let Some(d) = &b.drivers {
        let tail = if d.tail == Tail::Bottom { "worst" } else { "best" };
        downside.push(format!(
            "In the {tail} {} of futures, {} {} {} (against {} on average).",
            percent(d.share, 0),
            kpi_words(&d.kpi),
            if d.tail == Tail::Bottom { "averages" } else { "reaches" },
            value(&d.kpi, d.kpi_mean_tail, &cur),
            value(&d.kpi, d.kpi_mean_all, &cur)
        ));
        let beyond: Vec<_> = d.inputs.iter().filter(|i| i.beyond_noise).take(3).collect();
        if beyond.is_empty() {
            downside.push("No uncertain input stands out in those futures: they are the luck of the deals, not a wrong assumption.".into());
        } else {
            let parts: Vec<String> = beyond.iter().map(|i| format!("{} runs {} ({:.1} standard deviations)", i.label, if i.shift < 0.0 { "low" } else { "high" }, i.shift.abs())).collect();
            downside.push(format!("What sets them apart: {}.", join(&parts)));
        }
        let short: Vec<String> = [Breakdown::PartnerType, Breakdown::Pattern]
            .iter()
            .filter_map(|k| d.shortfalls.iter().filter(|s| s.breakdown == *k && s.change < 0.0).min_by(|a, b| a.change.total_cmp(&b.change)))
            .map(|s| format!("{} ({} , {})", s.name, money_short(s.change, &cur), super::format::signed_pct(s.relative_change)).replace(" ,", ","))
            .collect();
        if !short.is_empty() {
            downside.push(format!("What falls short most there: {}.", join(&short)));
        }
    } else {
        downside.push("The drivers of the downside were not analysed for this brief.".into());
    }

    let mut first = Vec::new();
    if let Some(v) = &b.voi {
        first.push(format!("Knowing every future before choosing would be worth {} of {}: no study or pilot is worth more than that.", money_short(v.evpi, &cur), kpi_words(&v.kpi)));
        let worth: Vec<_> = v.inputs.iter().filter(|i| i.beyond_noise).take(3).collect();
        if worth.is_empty() {
            first.push("No single uncertainty is worth finding out first: whatever any one input turns out to be, the choice stays the same.".into());
        } else {
            let parts: Vec<String> = worth.iter().map(|i| format!("{} ({})", i.label, money_short(i.evppi, &cur))).collect();
            first.push(format!("Worth finding out before choosing: {}. A pilot or market study that settles one of them for less than its value pays for itself.", join(&parts)));
        }
    } else {
        first.push("The value of information was not analysed for this brief.".into());
    }
    let method = format!(
        "How these figures were made: every design was simulated with the Ecosim Studio engine {} on the same {} futures (seed {}), so differences between designs are the designs’ own. The requirement is solved on common random numbers with a bootstrap range; the drivers compare the inputs of the tail’s trials with all trials; the value of information uses the regression estimator of Strong, Oakley and Brennan on the trials already run.",
        b.compare.engine_version,
        super::format::group(b.compare.trials as f64, 0),
        b.compare.seed
    );
    Sentences { title: format!("{name}: decision brief"), recommendation, takes, downside, first, method }
}

fn goal_words(s: &SolveReport, cur: &str) -> String {
    let kw = kpi_words(&s.goal.kpi);
    let cmp = if s.goal.at_least { "at least" } else { "at most" };
    match s.goal.statistic {
        Statistic::Probability { threshold, .. } => format!("Reaching {} {kw} in {} of futures", value(&s.goal.kpi, threshold, cur), percent(s.goal.value, 0)),
        Statistic::Percentile { p } => format!("A P{} {kw} of {cmp} {}", super::format::group(p * 100.0, 0), value(&s.goal.kpi, s.goal.value, cur)),
        Statistic::Mean => format!("An expected {kw} of {cmp} {}", value(&s.goal.kpi, s.goal.value, cur)),
    }
}

fn join(parts: &[String]) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        _ => format!("{} and {}", parts[..parts.len() - 1].join(", "), parts[parts.len() - 1]),
    }
}

/// Horizontal bars, one per row: a label, a bar from zero scaled to the largest |value|, the
/// value's words; a row marked strong is drawn in the accent colour, the others grey.
fn bars(l: &mut Layout, rows: &[(String, f64, String, bool)]) {
    let label_w = CONTENT_W * 0.42;
    let value_w = 70.0;
    let bar_w = CONTENT_W - label_w - value_w - 12.0;
    let max = rows.iter().map(|r| r.1.abs()).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let signed = rows.iter().any(|r| r.1 < 0.0);
    let zero = if signed { MARGIN_X + label_w + bar_w / 2.0 } else { MARGIN_X + label_w };
    let scale = if signed { bar_w / 2.0 } else { bar_w } / max as f32;
    for (label, v, words, strong) in rows {
        l.need(18.0);
        let y = l.y;
        let text = super::fonts::wrap(label, 8.5, false, label_w - 8.0).into_iter().next().unwrap_or_default();
        l.push(Op::Text { x: MARGIN_X, y: y + 10.0, size: 8.5, bold: false, color: INK, text });
        let w = (*v as f32 * scale).abs().max(0.5);
        let x = if *v < 0.0 { zero - w } else { zero };
        l.push(Op::Rect { x, y: y + 2.0, w, h: 10.0, color: if *strong { ACCENT } else { (0xc9, 0xd0, 0xd9) } });
        l.push(Op::Text { x: MARGIN_X + CONTENT_W - value_w, y: y + 10.0, size: 8.5, bold: *strong, color: INK, text: words.clone() });
        l.y += 16.0;
    }
    if signed {
        let (y0, y1) = (l.y - 16.0 * rows.len() as f32, l.y);
        l.push(Op::Line { x1: zero, y1: y0, x2: zero, y2: y1, width: 0.75, color: MUTED });
    }
    l.y += 6.0;
}

fn heading(l: &mut Layout, title: &str) {
    l.y += 18.0;
    l.text(MARGIN_X, 13.5, true, INK, title);
    l.y += 6.0;
    let y = l.y;
    l.push(Op::Line { x1: MARGIN_X, y1: y, x2: MARGIN_X + 60.0, y2: y, width: 1.5, color: ACCENT });
    l.y += 12.0;
}

fn paragraphs(l: &mut Layout, ps: &[String]) {
    for p in ps {
        l.paragraph(p, 10.5, false, INK, CONTENT_W);
        l.y += 5.0;
    }
}

/// The brief as a two-page PDF.
pub fn render(b: &Brief) -> Result<Vec<u8>, ReportError> {
    if b.compare.reports.len() < 2 {
        return Err(ReportError::Invalid("a decision brief compares 2 to 4 designs".into()));
    }
    let s = sentences(b);
    let cur = b.currency().to_string();
    let mut l = Layout::new();
    // Page 1: the recommendation and what it takes.
    l.y = 54.0;
    l.text(MARGIN_X, 9.5, true, MUTED, b.firm.clone().unwrap_or_else(|| "Ecosim Studio".into()));
    l.y += 26.0;
    l.text(MARGIN_X, 9.5, true, ACCENT, "DECISION BRIEF");
    for line in super::fonts::wrap(&s.title, 22.0, true, CONTENT_W) {
        l.y += 27.0;
        l.text(MARGIN_X, 22.0, true, INK, line);
    }
    l.y += 16.0;
    l.text(MARGIN_X, 9.0, false, MUTED, format!("{} · {} · {} designs compared", super::format::long_date(&b.date), b.compare.model.name, b.compare.reports.len()));
    l.y += 8.0;
    heading(&mut l, "Recommendation");
    paragraphs(&mut l, &s.recommendation);
    let rows: Vec<Vec<Cell>> = b
        .compare
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Cell::Text(format!("{}{}", r.scenario.name, if i == 0 { " (recommended)" } else { "" })),
                Cell::Text(value(&b.kpi, b.mean(i), &cur)),
                Cell::Text(format!("{} – {}", money_short(r.kpis.total_revenue.p10, &cur), money_short(r.kpis.total_revenue.p90, &cur))),
                Cell::Text(r.kpis.probability_of_target.as_ref().map_or("–".into(), |p| percent(p.mean, 0))),
            ]
        })
        .collect();
    let t = Table { name: "designs".into(), title: String::new(), note: String::new(), header: vec!["Design".into(), format!("Expected {}", kpi_words(&b.kpi)), "Total revenue P10 – P90".into(), "P(target)".into()], rows };
    l.y += 4.0;
    l.table(&t, &cur);
    heading(&mut l, "What it takes to reach the target");
    paragraphs(&mut l, &s.takes);
    if let Some(sv) = &b.solve {
        let v = |x: f64| if sv.integer { super::format::group(x, 0) } else { format!("{x:.2}") };
        let stat = |x: f64| if matches!(sv.goal.statistic, Statistic::Probability { .. }) { percent(x, 1) } else { value(&sv.goal.kpi, x, &cur) };
        let rows: Vec<(String, f64, String, bool)> = sv.points.iter().filter(|p| p.value <= sv.answer.unwrap_or(f64::INFINITY) * 2.0 + 1.0).take(9).map(|p| (format!("{} = {}", short_lever(&sv.lever_label), v(p.value)), p.statistic, stat(p.statistic), p.meets)).collect();
        if !rows.is_empty() {
            l.y += 2.0;
            bars(&mut l, &rows);
        }
    }

    // Page 2: the downside and what to find out first.
    l.new_page();
    heading(&mut l, "What drives the downside");
    paragraphs(&mut l, &s.downside);
    if let Some(d) = &b.drivers {
        let rows: Vec<(String, f64, String, bool)> = d.inputs.iter().take(6).map(|i| (i.label.clone(), i.shift, format!("{:+.2} sd", i.shift), i.beyond_noise)).collect();
        bars(&mut l, &rows);
    }
    heading(&mut l, "What to find out first");
    paragraphs(&mut l, &s.first);
    if let Some(v) = &b.voi {
        let rows: Vec<(String, f64, String, bool)> = v.inputs.iter().take(6).map(|i| (i.label.clone(), i.evppi, money_short(i.evppi, &cur), i.beyond_noise)).collect();
        bars(&mut l, &rows);
    }
    l.y += 10.0;
    let y = l.y;
    l.push(Op::Rect { x: MARGIN_X, y, w: CONTENT_W, h: 1.0, color: HEAD_BG });
    l.y += 8.0;
    l.paragraph(&s.method, 8.0, false, MUTED, CONTENT_W);
    let footer_left = format!("{}{}", b.firm.as_ref().map(|f| format!("{f} · ")).unwrap_or_default(), s.title);
    pdf::draw(&l, &pdf::Meta { title: format!("{} — Ecosim Studio", s.title), footer_left, firm: b.firm.clone(), date: b.date.clone() })
}

/// "Managed service provider in EMEA (starting partners)" → "Managed service provider in EMEA".
fn short_lever(label: &str) -> String {
    label.split(" (").next().unwrap_or(label).to_string()
}
