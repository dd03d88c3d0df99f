//! How an ecosystem builds up over the horizon, as the app's results screen shows it
//! (`ui/src/results/charts/overTime.ts`): recognised revenue by partner type as stacked areas,
//! and the new ACV booked each quarter against the revenue recognised. Both read the
//! per-quarter breakdowns that schema-2 runs carry; an older run has none, and its report
//! leaves them out.

use super::*;

/// One partner type's mean recognised revenue in each quarter, from Q1.
pub(super) struct TypeSeries {
    pub name: String,
    pub values: Vec<f64>,
}

/// Partner types that recognised any revenue, largest over the horizon first: the layers of
/// the stack from the bottom up, and the legend's order (as in the app).
pub(super) fn type_series(r: &RunReport) -> Vec<TypeSeries> {
    let mut v: Vec<TypeSeries> =
        r.by_partner_type.iter().filter(|t| !t.revenue_by_quarter.is_empty() && t.revenue.mean > 0.0).map(|t| TypeSeries { name: t.name.clone(), values: t.revenue_by_quarter.iter().map(|s| s.mean).collect() }).collect();
    v.sort_by(|a, b| b.values.iter().sum::<f64>().total_cmp(&a.values.iter().sum::<f64>()));
    v
}

/// Whether the run carries per-quarter breakdowns (schema-2 runs do).
pub(super) fn has_quarter_breakdowns(r: &RunReport) -> bool {
    r.by_partner_type.iter().any(|t| !t.revenue_by_quarter.is_empty())
}

/// The quarters of the run in order.
pub(super) fn quarters(r: &RunReport) -> Vec<&QuarterRow> {
    let mut q: Vec<&QuarterRow> = r.by_quarter.iter().collect();
    q.sort_by_key(|x| x.quarter);
    q
}

/// Stacked areas, one per partner type with revenue, in the app's categorical colours; a
/// white edge on top of each layer keeps neighbours apart in greyscale, and the legend sits
/// above the plot, where it cannot cover a layer.
pub(super) fn type_area<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: &RunReport) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let series = type_series(r);
    let color = |i: usize| CATEGORICAL[i % CATEGORICAL.len()];
    let items: Vec<(String, Swatch)> = series.iter().enumerate().map(|(i, s)| (shorten(&s.name, 40), Swatch::Fill(color(i), 0.85))).collect();
    let area = legend_strip(area, &items)?;
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(r.by_quarter.len()) as i32;
    // Each layer's bottom and top, quarter by quarter.
    let mut lower = vec![0.0f64; n as usize];
    let mut layers = Vec::with_capacity(series.len());
    for s in &series {
        let upper: Vec<f64> = lower.iter().enumerate().map(|(q, lo)| lo + s.values.get(q).copied().unwrap_or(0.0)).collect();
        layers.push((lower.clone(), upper.clone()));
        lower = upper;
    }
    let top = lower.iter().copied().fold(0.0, f64::max);
    let bottom = layers.iter().flat_map(|(lo, hi)| lo.iter().chain(hi)).copied().fold(0.0, f64::min);
    let (lo, hi) = head_room(bottom, top);
    let mut chart = quarter_chart(&area, n, lo, hi, &r.currency, "Recognised revenue per quarter (mean)")?;
    let x = |q: usize| q as i32 + 1;
    for (i, (lo, hi)) in layers.iter().enumerate() {
        let mut pts: Vec<(i32, f64)> = hi.iter().enumerate().map(|(q, v)| (x(q), *v)).collect();
        pts.extend(lo.iter().enumerate().rev().map(|(q, v)| (x(q), *v)));
        chart.draw_series(std::iter::once(Polygon::new(pts, color(i).mix(0.85).filled())))?;
    }
    for (_, hi) in &layers {
        chart.draw_series(std::iter::once(PathElement::new(hi.iter().enumerate().map(|(q, v)| (x(q), *v)).collect::<Vec<_>>(), WHITE.stroke_width(px(1)))))?;
    }
    // Each layer also named inside itself, at the right where it is thick enough to hold the
    // name: in greyscale a layer is found by its name, not only by its shade.
    let size = px(12);
    let plot = chart.plotting_area().strip_coord_spec();
    let base = plot.get_base_pixel();
    for (i, ((lo, hi), s)) in layers.iter().zip(&series).enumerate() {
        let name = shorten(&s.name, 40);
        let at = |q: usize, v: f64| {
            let (px_x, px_y) = chart.backend_coord(&(x(q), v));
            (px_x - base.0, px_y - base.1)
        };
        if let Some((tx, ty)) = label_spot(&(0..lo.len()).map(|q| (at(q, hi[q]), at(q, lo[q]))).collect::<Vec<_>>(), fonts::text_width(&name, size as f32, false).ceil() as i32, size as i32) {
            let c = color(i);
            let grey = 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
            let ink: &'static RGBColor = if grey < 150.0 { &WHITE } else { &INK };
            plot.draw(&Text::new(name, (tx, ty), font(size).color(ink).pos(Pos::new(HPos::Right, VPos::Center))))?;
        }
    }
    Ok(())
}

/// A layer's top and bottom at one quarter, as (x, y) pixels.
type Edges = ((i32, i32), (i32, i32));

/// Where a name `w` wide and `h` high fits inside a layer, right-aligned a little before its
/// last point: the layer's (top, bottom) pixels at each quarter, left to right (y grows
/// down). The edges are straight between quarters, so the layer's narrowest over the name's
/// span is at the span's ends or at a quarter inside it. Returns the name's right end and
/// middle, or none when the layer is too thin there.
fn label_spot(edges: &[Edges], w: i32, h: i32) -> Option<(i32, i32)> {
    let (first, last) = (edges.first()?.0 .0, edges.last()?.0 .0);
    let right = last - px(8) as i32;
    let left = right - w;
    if left <= first {
        return None;
    }
    // Top and bottom at pixel column `px_x`, between the quarters either side of it.
    let at = |px_x: i32| -> (f64, f64) {
        let k = edges.windows(2).position(|e| e[0].0 .0 <= px_x && px_x <= e[1].0 .0).unwrap_or(0);
        let (a, b) = (edges[k], edges[(k + 1).min(edges.len() - 1)]);
        let t = if b.0 .0 > a.0 .0 { (px_x - a.0 .0) as f64 / (b.0 .0 - a.0 .0) as f64 } else { 0.0 };
        let lerp = |p: i32, q: i32| p as f64 + (q - p) as f64 * t;
        (lerp(a.0 .1, b.0 .1), lerp(a.1 .1, b.1 .1))
    };
    let inside = edges.iter().filter(|e| left < e.0 .0 && e.0 .0 < right).map(|e| (e.0 .1 as f64, e.1 .1 as f64));
    let samples: Vec<(f64, f64)> = [at(left), at(right)].into_iter().chain(inside).collect();
    let top = samples.iter().map(|s| s.0).fold(f64::NEG_INFINITY, f64::max);
    let bottom = samples.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    (bottom - top >= (h + px(6) as i32) as f64).then(|| (right, ((top + bottom) / 2.0).round() as i32))
}

const BOOKED: &str = "New ACV booked";
const RECOGNISED: &str = "Revenue recognised";

/// New ACV booked each quarter as light bars, the revenue recognised as a dark line with a
/// dot per quarter (means over trials): lightness and shape tell them apart without colour.
pub(super) fn bookings<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: &RunReport) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let rows = quarters(r);
    let items = [(BOOKED.to_string(), Swatch::Fill(SKY, 0.85)), (RECOGNISED.to_string(), Swatch::Line { color: BLUE, width: 3, dash: None, dot: true })];
    let area = legend_strip(area, &items)?;
    let n = rows.len() as i32;
    let values = || rows.iter().flat_map(|q| [q.bookings.mean, q.revenue.mean]);
    let (lo, hi) = head_room(values().fold(0.0, f64::min), values().fold(0.0, f64::max));
    let mut chart = quarter_segments(&area, n, lo, hi, &|y| money_tick(y, &r.currency), "Per quarter (mean)")?;
    // Bars at most 28 px wide, as on screen, and never wider than 60 % of a quarter.
    let seg = chart.plotting_area().dim_in_pixel().0 as f64 / n.max(1) as f64;
    let bar = (seg * 0.6).min(px(28) as f64);
    let gap = ((seg - bar) / 2.0).max(1.0).round() as u32;
    chart.draw_series(rows.iter().map(|q| {
        let k = q.quarter as i32;
        let mut b = Rectangle::new([(SegmentValue::Exact(k), 0.0), (SegmentValue::Exact(k + 1), q.bookings.mean)], SKY.mix(0.85).filled());
        b.set_margin(0, 0, gap, gap);
        b
    }))?;
    chart.draw_series(LineSeries::new(rows.iter().map(|q| (SegmentValue::CenterOf(q.quarter as i32), q.revenue.mean)), BLUE.stroke_width(px(3))))?;
    chart.draw_series(rows.iter().map(|q| Circle::new((SegmentValue::CenterOf(q.quarter as i32), q.revenue.mean), px(4), BLUE.filled())))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{label_spot, Edges};

    /// A layer over quarters 100 px apart, its top and bottom at each given by `f(x)`.
    fn layer(f: impl Fn(i32) -> (i32, i32)) -> Vec<Edges> {
        (0..6).map(|k| k * 100).map(|x| ((x, f(x).0), (x, f(x).1))).collect()
    }

    #[test]
    fn a_name_goes_inside_a_layer_only_where_the_layer_holds_it() {
        // Flat and 40 px thick: the name ends 8 px before the last quarter, in the middle.
        assert_eq!(label_spot(&layer(|_| (100, 140)), 120, 12), Some((492, 120)));
        // Too thin for the name's height.
        assert_eq!(label_spot(&layer(|_| (100, 115)), 120, 12), None);
        // Wider than the plot.
        assert_eq!(label_spot(&layer(|_| (100, 140)), 600, 12), None);
        // Thick enough at every quarter, but rising steeply: over the name's span the band
        // left between the edges is too narrow, so the name would cross them.
        assert_eq!(label_spot(&layer(|x| (300 - x / 2, 330 - x / 2)), 200, 12), None);
        // The same slope with room to spare: the name sits between the edges over its span.
        let (right, mid) = label_spot(&layer(|x| (300 - x / 2, 420 - x / 2)), 200, 12).unwrap();
        assert_eq!(right, 492);
        let (left_top, right_bottom) = (300 - (right - 200) / 2, 420 - right / 2);
        assert!(left_top + 6 <= mid && mid <= right_bottom - 6, "{left_top} < {mid} < {right_bottom}");
    }
}

const PLANNED: &str = "Planned, active";
const ORGANIC: &str = "Organic, active";
const LEFT: &str = "Left this quarter";

/// Partners over quarters (models with `network`): those the scenario planned and those who
/// came by themselves, active at each quarter's end, stacked above the axis; those who left in
/// the quarter below it (means over trials), as the app shows them.
pub(super) fn partners_over_time<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: &RunReport) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let p = partners_by_quarter(r);
    let items = [(PLANNED.to_string(), Swatch::Fill(BLUE, 0.85)), (ORGANIC.to_string(), Swatch::Fill(GREEN, 0.85)), (LEFT.to_string(), Swatch::Fill(VERMILLION, 0.85))];
    let area = legend_strip(area, &items)?;
    let n = p.planned.len() as i32;
    let top = p.planned.iter().zip(&p.organic).map(|(a, b)| a + b).fold(0.0, f64::max);
    let bottom = -p.churned.iter().copied().fold(0.0, f64::max);
    let (lo, hi) = head_room(bottom, top);
    let mut chart = quarter_segments(&area, n, lo, hi, &|y| crate::format::group(y.abs(), 0), "Partners (mean)")?;
    let seg = chart.plotting_area().dim_in_pixel().0 as f64 / n.max(1) as f64;
    let bar = (seg * 0.6).min(px(28) as f64);
    let gap = ((seg - bar) / 2.0).max(1.0).round() as u32;
    let rect = |k: i32, y0: f64, y1: f64, c: RGBColor| {
        let mut b = Rectangle::new([(SegmentValue::Exact(k), y0), (SegmentValue::Exact(k + 1), y1)], c.mix(0.85).filled());
        b.set_margin(0, 0, gap, gap);
        b
    };
    for q in 0..n as usize {
        let k = q as i32 + 1;
        chart.draw_series([rect(k, 0.0, p.planned[q], BLUE), rect(k, p.planned[q], p.planned[q] + p.organic[q], GREEN), rect(k, -p.churned[q], 0.0, VERMILLION)])?;
    }
    Ok(())
}

/// Partners by quarter over every type with partner economics, means over trials. The app's
/// chart, which can show one type at a time, follows the same rule; `ui/src/api/rules.json`
/// holds this function's figures for the UI's fixture run, which the UI's tests compare.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartnersByQuarter {
    pub planned: Vec<f64>,
    pub organic: Vec<f64>,
    pub churned: Vec<f64>,
}

pub fn partners_by_quarter(r: &RunReport) -> PartnersByQuarter {
    let n = r.by_quarter.len();
    let types: Vec<_> = r.by_partner_type.iter().filter_map(|t| t.network.as_ref().map(|x| (t, x))).collect();
    let sum = |f: &dyn Fn(&ecosim_core::output::TypeRow, &ecosim_core::output::TypeNetworkRow, usize) -> f64| (0..n).map(|q| types.iter().map(|(t, x)| f(t, x, q)).sum::<f64>()).collect::<Vec<f64>>();
    let organic = sum(&|_, x, q| x.organic_active_by_quarter.get(q).map_or(0.0, |s| s.mean));
    let active = sum(&|t, _, q| t.active_partners_by_quarter.get(q).map_or(0.0, |s| s.mean));
    PartnersByQuarter {
        planned: active.iter().zip(&organic).map(|(a, o)| (a - o).max(0.0)).collect(),
        organic,
        churned: sum(&|_, x, q| x.churned_by_quarter.get(q).map_or(0.0, |s| s.mean)),
    }
}
