//! Every chart of the results and compare views, drawn with plotters as SVG (for the PDF and
//! HTML reports) or PNG. Each chart is a function of the report's data onto any plotters
//! backend, so the vector and the bitmap versions cannot drift apart.
//!
//! How they look (palette, type, grid, legends) is `charts/style.rs`'s; what they are called
//! and what their captions say is `charts/captions.rs`'s; the per-quarter breakdowns (revenue
//! by partner type over quarters, bookings against recognised revenue) are drawn in
//! `charts/over_time.rs`.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::{money_short, money_tick};
use super::fonts;
use super::{ReportDoc, Subject};
use ecosim_core::analysis::sensitivity::TornadoReport;
use ecosim_core::model::TargetMetric;
use ecosim_core::output::{QuarterRow, RunReport};
use ecosim_core::stats::Summary;

// The house style: palette, looks, type, grid, legends and the per-quarter frame.
mod style;
pub use style::{Look, Marker, BLACK_INK, BLUE, CATEGORICAL, GREEN, INK, LOOKS, MUTED, ORANGE, PURPLE, SKY, VERMILLION, YELLOW};
use style::*;
// Ours, not the prelude's of the same name.
use style::DrawResult;

// Revenue by partner type over quarters, and bookings against recognised revenue.
mod over_time;
pub use over_time::{partners_by_quarter, PartnersByQuarter};

/// Default pixel size of a chart (SVG user units; PNG pixels at scale 1).
pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 480;

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fan,
    /// ARR at the end of each quarter as a fan (subscription models only).
    ArrFan,
    /// Mean recognised revenue of each partner type, stacked, quarter by quarter.
    TypeArea,
    /// New ACV booked each quarter (bars) against the revenue recognised (line).
    Bookings,
    Distribution,
    ByType,
    BySource,
    Coverage,
    ByPattern,
    /// Per partner program: the revenue it adds (bar, P10–P90) with its cost and ROI.
    ByProgram,
    /// Partners over quarters: planned and organic active, and those who left (network models).
    PartnersOverTime,
    /// What each type's partners earn a quarter: the median partner, P10–P90 across partners.
    Earnings,
    Tornado,
    CompareFan,
    CompareSCurve,
    CompareDifference,
}

/// One chart of a report, with the words that go with it.
#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: Kind,
    /// File-name stem: `fan`, `distribution`, …
    pub id: &'static str,
    pub title: String,
    /// What the chart shows, in a sentence or two a reader can take away.
    pub caption: String,
    pub height: u32,
}

// What each chart is called and what its caption says: the words, apart from the drawing.
mod captions;
pub use captions::{attribution_words, compare_fan_words, compare_s_curve_words, empty_by_pattern, kpi_name, list, sobol_words, source_name, spider_words, tornado_words, Words, BY_PATTERN};

pub const TORNADO_BARS: usize = 12;

/// Draw `chart` as an SVG document.
pub fn svg(doc: &ReportDoc, chart: &Chart, titled: bool) -> Result<String, String> {
    svg_sized(doc, chart, titled, (WIDTH, chart.height))
}

/// Draw `chart` as an SVG document of `size` units (a page lays charts out tighter than a screen).
pub fn svg_sized(doc: &ReportDoc, chart: &Chart, titled: bool, size: (u32, u32)) -> Result<String, String> {
    fonts::register();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(doc, chart, &root, titled).map_err(|e| format!("the {} chart could not be drawn: {e}", chart.id))?;
        root.present().map_err(|e| format!("the {} chart could not be finished: {e}", chart.id))?;
    }
    Ok(out)
}

/// Draw `chart` as a PNG image, `scale` times the SVG's size.
pub fn png(doc: &ReportDoc, chart: &Chart, titled: bool, scale: u32) -> Result<Vec<u8>, String> {
    fonts::register();
    let (w, h) = (WIDTH * scale, chart.height * scale);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw_scaled(doc, chart, &root, titled, scale).map_err(|e| format!("the {} chart could not be drawn: {e}", chart.id))?;
        root.present().map_err(|e| format!("the {} chart could not be finished: {e}", chart.id))?;
    }
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    }
    Ok(bytes)
}

fn draw_scaled<DB: DrawingBackend>(doc: &ReportDoc, chart: &Chart, area: &DrawingArea<DB, Shift>, titled: bool, scale: u32) -> DrawResult
where
    DB::ErrorType: 'static,
{
    SCALE.with(|s| s.set(scale));
    let r = draw(doc, chart, area, titled);
    SCALE.with(|s| s.set(1));
    r
}

fn draw<DB: DrawingBackend>(doc: &ReportDoc, chart: &Chart, area: &DrawingArea<DB, Shift>, titled: bool) -> DrawResult
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let area = if titled {
        let (top, rest) = area.split_vertically(px(40));
        top.draw(&Text::new(chart.title.clone(), (px(14) as i32, px(10) as i32), bold(px(19))))?;
        rest
    } else {
        area.clone()
    };
    let s = &doc.subjects[0];
    match chart.kind {
        Kind::Fan => fan(&area, &s.report, |q| &q.revenue, "Revenue per quarter"),
        Kind::ArrFan => fan(&area, &s.report, |q| &q.arr, "ARR at the end of the quarter"),
        Kind::TypeArea => over_time::type_area(&area, &s.report),
        Kind::Bookings => over_time::bookings(&area, &s.report),
        Kind::Distribution => distribution(&area, &s.report),
        Kind::ByType => {
            let rows: Vec<Bar> = s.report.by_partner_type.iter().map(|t| Bar { label: t.name.clone(), mean: t.revenue.mean, lo: t.revenue.p10, hi: t.revenue.p90, note: ecosim_core::words::percent(t.share_of_revenue, 0) }).collect();
            bars(&area, &rows, &s.report.currency, BLUE, "Revenue over the horizon (mean, P10–P90)")
        }
        Kind::BySource => {
            let rows: Vec<Bar> = s.report.by_source.iter().map(|x| Bar { label: source_name(x.source), mean: x.revenue.mean, lo: x.revenue.p10, hi: x.revenue.p90, note: ecosim_core::words::percent(x.share_of_revenue, 0) }).collect();
            bars(&area, &rows, &s.report.currency, GREEN, "Revenue over the horizon (mean, P10–P90)")
        }
        Kind::ByPattern => {
            let rows: Vec<Bar> = s.report.by_pattern.iter().map(|p| Bar { label: shorten(&p.name, 44), mean: p.revenue_added.mean, lo: p.revenue_added.p10, hi: p.revenue_added.p90, note: String::new() }).collect();
            bars(&area, &rows, &s.report.currency, ORANGE, "Revenue added over the horizon (mean, P10–P90)")
        }
        Kind::ByProgram => {
            let rows: Vec<Bar> = s
                .report
                .by_program
                .iter()
                .map(|p| Bar {
                    label: shorten(&p.name, 44),
                    mean: p.revenue_added.mean,
                    lo: p.revenue_added.p10,
                    hi: p.revenue_added.p90,
                    note: format!("cost {}{}", money_short(p.cost.mean, &s.report.currency), p.roi.map_or(String::new(), |x| format!(", ROI {}", ecosim_core::words::percent(x, 0)))),
                })
                .collect();
            bars(&area, &rows, &s.report.currency, GREEN, "Revenue added over the horizon (mean, P10–P90)")
        }
        Kind::PartnersOverTime => over_time::partners_over_time(&area, &s.report),
        Kind::Earnings => {
            let rows: Vec<Bar> = captions::earnings_rows(&s.report).into_iter().map(|(name, p10, p50, p90)| Bar { label: shorten(&name, 44), mean: p50, lo: p10, hi: p90, note: String::new() }).collect();
            bars(&area, &rows, &s.report.currency, SKY, "Earnings of a partner a quarter (median partner, P10–P90 of partners)")
        }
        Kind::Coverage => coverage(&area, s),
        Kind::Tornado => match &doc.tornado {
            Some(t) => tornado(&area, t, s),
            None => Ok(()),
        },
        Kind::CompareFan => compare_fan(&area, &doc.subjects),
        Kind::CompareSCurve => compare_s_curve(&area, &doc.subjects),
        Kind::CompareDifference => compare_difference(&area, doc),
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>().trim_end().to_string() + "…"
    }
}

/// A per-quarter figure as a fan: the median line inside a P25–P75 band inside a P10–P90 band
/// (recognised revenue, or ARR at each quarter's end), `y_desc` saying which.
fn fan<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: &RunReport, metric: fn(&QuarterRow) -> &Summary, y_desc: &str) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let cur = r.currency.clone();
    let q = &r.by_quarter;
    let n = q.len() as i32;
    let (lo, hi) = head_room(q.iter().map(|x| metric(x).p10).fold(0.0, f64::min), q.iter().map(|x| metric(x).p90).fold(0.0, f64::max));
    // Room above the bands for the legend.
    let hi = hi + (hi - lo) * 0.2;
    let mut chart = quarter_chart(area, n, lo, hi, &cur, y_desc)?;
    let band = |f: &dyn Fn(&Summary) -> (f64, f64)| -> Vec<(i32, f64)> {
        let mut pts: Vec<(i32, f64)> = q.iter().map(|x| (x.quarter as i32, f(metric(x)).1)).collect();
        pts.extend(q.iter().rev().map(|x| (x.quarter as i32, f(metric(x)).0)));
        pts
    };
    chart
        .draw_series(std::iter::once(Polygon::new(band(&|x| (x.p10, x.p90)), BLUE.mix(0.16).filled())))?
        .label(ecosim_core::words::OUTER_BAND)
        .legend(legend_box(BLUE, 0.16));
    chart
        .draw_series(std::iter::once(Polygon::new(band(&|x| (x.p25, x.p75)), BLUE.mix(0.34).filled())))?
        .label(ecosim_core::words::INNER_BAND)
        .legend(legend_box(BLUE, 0.34));
    let w = px(3);
    chart
        .draw_series(LineSeries::new(q.iter().map(|x| (x.quarter as i32, metric(x).p50)), BLUE.stroke_width(w)).point_size(px(4)))?
        .label("Median (P50)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + px(20) as i32, y)], BLUE.stroke_width(w)));
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

fn distribution<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: &RunReport) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let cur = r.currency.clone();
    let h = &r.total_revenue_distribution.histogram;
    let total: u64 = h.counts.iter().sum::<u64>().max(1);
    let (mut x0, mut x1) = (h.edges.first().copied().unwrap_or(0.0), h.edges.last().copied().unwrap_or(1.0));
    let target = r.target.as_ref().filter(|t| t.metric == TargetMetric::TotalRevenue).map(|t| t.value);
    if let Some(t) = target {
        x0 = x0.min(t);
        x1 = x1.max(t);
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let pad = (x1 - x0) * 0.03;
    let (x0, x1) = (x0 - pad, x1 + pad);
    let ymax = h.counts.iter().map(|&c| c as f64 / total as f64).fold(0.0, f64::max).max(1e-9) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .margin(px(14))
        .x_label_area_size(px(46))
        .y_label_area_size(px(64))
        .right_y_label_area_size(px(64))
        .build_cartesian_2d(x0..x1, 0.0..ymax)?
        .set_secondary_coord(x0..x1, 0.0..1.0);
    house_style(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels(7)
        .x_label_formatter(&|x| money_tick(*x, &cur))
        .y_labels(5)
        .y_label_formatter(&|y| ecosim_core::words::percent(*y, 0))
        .x_desc("Total revenue over the horizon")
        .y_desc("Share of futures")
        .draw()?;
    chart
        .configure_secondary_axes()
        .axis_style(AXIS)
        .y_labels(5)
        .y_label_formatter(&|y| ecosim_core::words::percent(*y, 0))
        .y_desc("Chance of at most x")
        .label_style(font(px(13)))
        .axis_desc_style(font(px(13)).color(&MUTED))
        .draw()?;
    chart
        .draw_series(h.counts.iter().enumerate().map(|(i, &c)| {
            let mut r = Rectangle::new([(h.edges[i], 0.0), (h.edges[i + 1], c as f64 / total as f64)], SKY.mix(0.75).filled());
            r.set_margin(0, 0, 1, 1);
            r
        }))?
        .label("Share of futures")
        .legend(legend_box(SKY, 0.75));
    let w = px(3);
    let pct = &r.total_revenue_distribution.percentiles;
    chart
        .draw_secondary_series(LineSeries::new(pct.iter().enumerate().map(|(i, &v)| (v, (i + 1) as f64 / 100.0)), BLUE.stroke_width(w)))?
        .label("S-curve: chance of at most x")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + px(20) as i32, y)], BLUE.stroke_width(w)));
    if let Some(t) = target {
        let style = VERMILLION.stroke_width(px(2));
        chart
            .draw_series(DashedLineSeries::new(vec![(t, 0.0), (t, ymax)], px(8), px(5), style))?
            .label(format!("Target {}", money_short(t, &cur)))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + px(20) as i32, y)], style));
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

struct Bar {
    label: String,
    mean: f64,
    lo: f64,
    hi: f64,
    note: String,
}

/// Horizontal bars (first row on top) with P10–P90 whiskers and the value at each bar's end.
fn bars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, rows: &[Bar], currency: &str, color: RGBColor, x_desc: &str) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let cur = currency.to_string();
    let n = rows.len() as i32;
    if n == 0 {
        return Ok(());
    }
    let lo = rows.iter().map(|b| b.lo.min(b.mean)).fold(0.0, f64::min);
    let hi = rows.iter().map(|b| b.hi.max(b.mean)).fold(0.0, f64::max);
    let (lo, hi) = (lo - (hi - lo) * if lo < 0.0 { 0.05 } else { 0.0 }, hi + (hi - lo).max(1.0) * 0.22);
    let label_w = rows.iter().map(|b| fonts::text_width(&b.label, 13.0, false)).fold(60.0, f32::max) as u32 + 16;
    let mut chart = ChartBuilder::on(area).margin(px(14)).x_label_area_size(px(40)).y_label_area_size(px(label_w)).build_cartesian_2d(lo..hi, (0..n - 1).into_segmented())?;
    let label = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) if (0..n).contains(i) => rows[(n - 1 - i) as usize].label.clone(),
        _ => String::new(),
    };
    house_style(&mut chart.configure_mesh())
        .disable_y_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| money_tick(*x, &cur))
        .y_labels(rows.len())
        .y_label_formatter(&label)
        .x_desc(x_desc)
        .draw()?;
    let at = |i: usize| n - 1 - i as i32;
    chart.draw_series(rows.iter().enumerate().map(|(i, b)| {
        let y = at(i);
        let mut r = Rectangle::new([(0.0, SegmentValue::Exact(y)), (b.mean, SegmentValue::Exact(y + 1))], color.mix(0.85).filled());
        r.set_margin(px(7), px(7), 0, 0);
        r
    }))?;
    chart.draw_series(rows.iter().enumerate().map(|(i, b)| ErrorBar::new_horizontal(SegmentValue::CenterOf(at(i)), b.lo, b.mean, b.hi, INK.stroke_width(px(1)), px(10))))?;
    chart.draw_series(rows.iter().enumerate().map(|(i, b)| {
        let text = if b.note.is_empty() { money_short(b.mean, &cur) } else { format!("{}  ({})", money_short(b.mean, &cur), b.note) };
        let x = b.hi.max(b.mean).max(0.0);
        Text::new(format!("  {text}"), (x, SegmentValue::CenterOf(at(i))), font(px(12)).pos(Pos::new(HPos::Left, VPos::Center)))
    }))?;
    Ok(())
}

fn coverage<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Subject) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let segs = &s.model.market.segments;
    let regs = &s.model.market.regions;
    let (ns, nr) = (segs.len() as i32, regs.len() as i32);
    let label_w = segs.iter().map(|x| fonts::text_width(&x.name, 13.0, false)).fold(60.0, f32::max).min(300.0) as u32 + 16;
    let mut chart = ChartBuilder::on(area).margin(px(14)).x_label_area_size(px(34)).y_label_area_size(px(label_w)).build_cartesian_2d((0..nr - 1).into_segmented(), (0..ns - 1).into_segmented())?;
    let xl = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if (0..nr).contains(i) => regs[*i as usize].name.clone(),
        _ => String::new(),
    };
    let yl = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if (0..ns).contains(i) => shorten(&segs[(ns - 1 - i) as usize].name, 40),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(WHITE)
        .x_labels(regs.len())
        .y_labels(segs.len())
        .x_label_formatter(&xl)
        .y_label_formatter(&yl)
        .label_style(font(px(13)))
        .draw()?;
    let max = s.report.by_cell.iter().map(|c| c.coverage_final.mean).fold(0.0, f64::max).max(1e-9);
    let cell = |seg: &str, reg: &str| s.report.by_cell.iter().find(|c| c.segment == seg && c.region == reg);
    let mut rects = Vec::new();
    let mut labels = Vec::new();
    for (si, seg) in segs.iter().enumerate() {
        for (ri, reg) in regs.iter().enumerate() {
            let y = ns - 1 - si as i32;
            let x = ri as i32;
            let v = cell(&seg.id, &reg.id).map_or(0.0, |c| c.coverage_final.mean);
            let t = (v / max).clamp(0.0, 1.0);
            // Light to dark blue: lightness carries the value, so greyscale keeps the order.
            let lerp = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
            let fill = RGBColor(lerp(0xee, 0x08), lerp(0xf4, 0x3a), lerp(0xfa, 0x7a));
            let mut r = Rectangle::new([(SegmentValue::Exact(x), SegmentValue::Exact(y)), (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1))], fill.filled());
            r.set_margin(px(2), px(2), px(2), px(2));
            rects.push(r);
            let ink: &'static RGBColor = if t > 0.5 { &WHITE } else { &INK };
            let accounts = cell(&seg.id, &reg.id).map_or(0.0, |c| c.accounts);
            labels.push(Text::new(ecosim_core::words::percent(v, 1), (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)), bold(px(16)).color(ink).pos(Pos::new(HPos::Center, VPos::Bottom))));
            labels.push(Text::new(format!("of {} accounts", super::format::group(accounts, 0)), (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)), font(px(11)).color(ink).pos(Pos::new(HPos::Center, VPos::Top))));
        }
    }
    chart.draw_series(rects)?;
    chart.draw_series(labels)?;
    Ok(())
}

fn tornado<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, t: &TornadoReport, s: &Subject) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let cur = s.report.currency.clone();
    let coverage = t.kpi == "coverage_final";
    let fmt = move |v: f64| if coverage { ecosim_core::words::percent(v, 1) } else { money_tick(v, &cur) };
    let bars: Vec<_> = t.bars.iter().take(TORNADO_BARS).collect();
    let n = bars.len() as i32;
    if n == 0 {
        return Ok(());
    }
    let lo = bars.iter().map(|b| b.kpi_low.min(b.kpi_high)).fold(t.base, f64::min);
    let hi = bars.iter().map(|b| b.kpi_low.max(b.kpi_high)).fold(t.base, f64::max);
    let pad = (hi - lo).max(1e-9) * 0.06;
    let labels: Vec<String> = bars.iter().map(|b| shorten(&s.input_label(&b.input), 46)).collect();
    let label_w = labels.iter().map(|l| fonts::text_width(l, 13.0, false)).fold(60.0, f32::max) as u32 + 16;
    let mut chart = ChartBuilder::on(area).margin(px(14)).x_label_area_size(px(40)).y_label_area_size(px(label_w)).build_cartesian_2d((lo - pad)..(hi + pad), (0..n - 1).into_segmented())?;
    let yl = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if (0..n).contains(i) => labels[(n - 1 - i) as usize].clone(),
        _ => String::new(),
    };
    house_style(&mut chart.configure_mesh())
        .disable_y_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| fmt(*x))
        .y_labels(bars.len())
        .y_label_formatter(&yl)
        .x_desc(format!("Mean {} (base {})", kpi_name(&t.kpi), fmt(t.base)))
        .draw()?;
    let rect = |i: usize, v: f64, c: RGBColor| {
        let y = n - 1 - i as i32;
        let mut r = Rectangle::new([(t.base, SegmentValue::Exact(y)), (v, SegmentValue::Exact(y + 1))], c.filled());
        r.set_margin(px(6), px(6), 0, 0);
        r
    };
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| rect(i, b.kpi_low, BLUE)))?.label("Input at its P10").legend(legend_box(BLUE, 1.0));
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| rect(i, b.kpi_high, ORANGE)))?.label("Input at its P90").legend(legend_box(ORANGE, 1.0));
    chart.draw_series(std::iter::once(PathElement::new(vec![(t.base, SegmentValue::Exact(0)), (t.base, SegmentValue::Exact(n))], INK.stroke_width(px(1)))))?;
    legend(&mut chart, SeriesLabelPosition::LowerRight)?;
    Ok(())
}

/// A scenario's markers at `pts`, drawn as their own series (concrete element types per marker).
fn markers<'a, DB, X, Y>(chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>, look: Look, pts: Vec<(X::ValueType, Y::ValueType)>) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged,
    Y: Ranged,
    X::ValueType: Clone + 'static,
    Y::ValueType: Clone + 'static,
{
    let r = px(5) as i32;
    let c = look.color;
    match look.marker {
        Marker::Circle => {
            chart.draw_series(pts.into_iter().map(|p| Circle::new(p, r, c.filled())))?;
        }
        Marker::Triangle => {
            chart.draw_series(pts.into_iter().map(|p| TriangleMarker::new(p, r + 1, c.filled())))?;
        }
        Marker::Square => {
            chart.draw_series(pts.into_iter().map(|p| EmptyElement::at(p) + Rectangle::new([(1 - r, 1 - r), (r - 1, r - 1)], c.filled())))?;
        }
        Marker::Cross => {
            chart.draw_series(pts.into_iter().map(|p| Cross::new(p, r, c.stroke_width(px(2)))))?;
        }
    }
    Ok(())
}

/// A line in a scenario's look: dashed or solid, with its markers at the points.
fn look_line<'a, DB, X, Y>(chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>, look: Look, pts: Vec<(X::ValueType, Y::ValueType)>, with_markers: bool, name: &str) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    X: Ranged,
    Y: Ranged,
    X::ValueType: Clone + 'static,
    Y::ValueType: Clone + 'static,
{
    let style = look.color.stroke_width(px(3));
    let w = px(28) as i32;
    match look.dash {
        None => {
            chart.draw_series(LineSeries::new(pts.clone(), style))?.label(name).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + w, y)], style));
        }
        Some((d, g)) => {
            let (d, g) = (px(d), px(g));
            chart.draw_series(DashedLineSeries::new(pts.clone(), d, g, style))?.label(name).legend(move |(x, y)| DashedPathElement::new(vec![(x, y), (x + w, y)], d, g, style));
        }
    }
    if with_markers {
        markers(chart, look, pts)?;
    }
    Ok(())
}

fn compare_fan<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, subjects: &[Subject]) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let cur = subjects[0].report.currency.clone();
    let n = subjects.iter().map(|s| s.report.by_quarter.len()).max().unwrap_or(1) as i32;
    let lo = subjects.iter().flat_map(|s| s.report.by_quarter.iter().map(|q| q.revenue.p10)).fold(0.0, f64::min);
    let hi = subjects.iter().flat_map(|s| s.report.by_quarter.iter().map(|q| q.revenue.p90)).fold(0.0, f64::max);
    let (lo, hi) = head_room(lo, hi);
    let hi = hi + (hi - lo) * 0.12 * subjects.len() as f64;
    let mut chart = quarter_chart(area, n, lo, hi, &cur, "Revenue per quarter")?;
    for (i, s) in subjects.iter().enumerate() {
        let q = &s.report.by_quarter;
        let mut pts: Vec<(i32, f64)> = q.iter().map(|x| (x.quarter as i32, x.revenue.p90)).collect();
        pts.extend(q.iter().rev().map(|x| (x.quarter as i32, x.revenue.p10)));
        chart.draw_series(std::iter::once(Polygon::new(pts, LOOKS[i % 4].color.mix(0.10).filled())))?;
    }
    for (i, s) in subjects.iter().enumerate() {
        let pts = s.report.by_quarter.iter().map(|x| (x.quarter as i32, x.revenue.p50)).collect();
        look_line(&mut chart, LOOKS[i % 4], pts, true, &s.report.scenario.name)?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

fn compare_s_curve<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, subjects: &[Subject]) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let cur = subjects[0].report.currency.clone();
    let all = || subjects.iter().flat_map(|s| s.report.total_revenue_distribution.percentiles.iter().copied());
    let (mut x0, mut x1) = (all().fold(f64::INFINITY, f64::min), all().fold(f64::NEG_INFINITY, f64::max));
    if !x0.is_finite() || !x1.is_finite() || x1 <= x0 {
        x0 = 0.0;
        x1 = 1.0;
    }
    let pad = (x1 - x0) * 0.04;
    let mut chart = ChartBuilder::on(area).margin(px(14)).x_label_area_size(px(46)).y_label_area_size(px(64)).build_cartesian_2d((x0 - pad)..(x1 + pad), 0.0..1.0)?;
    house_style(&mut chart.configure_mesh())
        .x_labels(7)
        .x_label_formatter(&|x| money_tick(*x, &cur))
        .y_labels(6)
        .y_label_formatter(&|y| ecosim_core::words::percent(*y, 0))
        .x_desc("Total revenue over the horizon")
        .y_desc("Chance of at most x")
        .draw()?;
    for (i, s) in subjects.iter().enumerate() {
        let p = &s.report.total_revenue_distribution.percentiles;
        let pts: Vec<(f64, f64)> = p.iter().enumerate().map(|(k, &v)| (v, (k + 1) as f64 / 100.0)).collect();
        look_line(&mut chart, LOOKS[i % 4], pts.clone(), false, &s.report.scenario.name)?;
        // Markers at the deciles only, so dense curves stay readable.
        markers(&mut chart, LOOKS[i % 4], pts.into_iter().enumerate().filter(|(k, _)| (k + 1) % 10 == 0).map(|(_, p)| p).collect())?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

fn compare_difference<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, doc: &ReportDoc) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let cur = &doc.subjects[0].report.currency;
    let rows: Vec<Bar> = doc
        .pairings
        .iter()
        .filter_map(|p| {
            p.differences.iter().find(|d| d.kpi == "total_revenue").map(|d| Bar {
                label: format!("{} − {}", shorten(&p.b.name, 28), shorten(&p.a.name, 28)),
                mean: d.difference.mean,
                lo: d.difference.p10,
                hi: d.difference.p90,
                note: format!("wins in {:.0}%", d.probability_b_beats_a * 100.0),
            })
        })
        .collect();
    bars(area, &rows, cur, VERMILLION, "Difference in total revenue, trial by trial (mean, P10–P90)")
}
