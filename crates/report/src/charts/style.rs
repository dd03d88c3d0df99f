//! The house style every chart is drawn in: the palette, the scenario looks of comparisons,
//! type sizes, the grid and axes, legends, and the frame of the per-quarter charts. Drawing a
//! chart is `charts.rs`'s (and `over_time.rs`'s); nothing here knows a report.
//!
//! The palette is Okabe–Ito (safe for the common colour-vision deficiencies); series that
//! must be told apart also differ in dash pattern and marker, and bands in lightness, so a
//! greyscale print still reads.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use crate::fonts::{self, FAMILY};
use crate::format::money_tick;

pub const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
pub const MUTED: RGBColor = RGBColor(0x5b, 0x66, 0x75);
pub(super) const GRID: RGBColor = RGBColor(0xe5, 0xe8, 0xec);
pub(super) const AXIS: RGBColor = RGBColor(0x9a, 0xa3, 0xad);
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const SKY: RGBColor = RGBColor(86, 180, 233);
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
pub const YELLOW: RGBColor = RGBColor(240, 228, 66);
pub const BLACK_INK: RGBColor = RGBColor(0, 0, 0);

/// Categories (partner types) in the app's order, which alternates light and dark so that
/// neighbours in a stack differ in greyscale too (`ui/src/common/palette.ts`, `CATEGORICAL`):
/// the same type has the same colour on screen and on paper.
pub const CATEGORICAL: [RGBColor; 8] = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, BLACK_INK];

/// How the n-th scenario of a comparison is drawn: colour, dash (none = solid) and marker.
#[derive(Clone, Copy)]
pub struct Look {
    pub color: RGBColor,
    pub dash: Option<(u32, u32)>,
    pub marker: Marker,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Marker {
    Circle,
    Triangle,
    Square,
    Cross,
}

pub const LOOKS: [Look; 4] = [
    Look { color: BLUE, dash: None, marker: Marker::Circle },
    Look { color: VERMILLION, dash: Some((10, 5)), marker: Marker::Triangle },
    Look { color: GREEN, dash: Some((3, 4)), marker: Marker::Square },
    Look { color: PURPLE, dash: Some((14, 4)), marker: Marker::Cross },
];

pub(super) type DrawResult = Result<(), Box<dyn std::error::Error>>;

thread_local! {
    pub(super) static SCALE: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// `v` pixels at the scale the chart is being drawn at (PNG exports draw at 2×).
pub(super) fn px(v: u32) -> u32 {
    v * SCALE.with(|s| s.get())
}

pub(super) fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size as f64).into_font().color(&INK)
}

pub(super) fn bold(size: u32) -> TextStyle<'static> {
    (FAMILY, size as f64, FontStyle::Bold).into_font().color(&INK)
}

/// A y axis range with some head room: 0 (or the lowest value) up to above the highest.
pub(super) fn head_room(lo: f64, hi: f64) -> (f64, f64) {
    let lo = lo.min(0.0);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    (lo - (hi - lo) * if lo < 0.0 { 0.08 } else { 0.0 }, hi + (hi - lo) * 0.08)
}

pub(super) fn legend_box(c: RGBColor, alpha: f64) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - px(6) as i32), (x + px(20) as i32, y + px(6) as i32)], c.mix(alpha).filled())
}

/// The grid and axes every chart shares: faint horizontal lines, grey axes, 13 px labels.
pub(super) fn house_style<'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(m: &'b mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>) -> &'b mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB> {
    m.light_line_style(WHITE).bold_line_style(GRID).axis_style(AXIS).label_style(font(px(13))).axis_desc_style(font(px(13)).color(&MUTED))
}

/// The legend box every chart uses.
pub(super) fn legend<'a, DB, CT>(chart: &mut ChartContext<'a, DB, CT>, position: SeriesLabelPosition) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: plotters::coord::CoordTranslate,
{
    chart.configure_series_labels().position(position).label_font(font(px(13))).background_style(WHITE.mix(0.9)).border_style(GRID).margin(px(10)).legend_area_size(px(30)).draw()?;
    Ok(())
}

/// What stands for a series in a legend strip.
#[derive(Clone, Copy)]
pub(super) enum Swatch {
    /// A filled box (areas, bars, bands).
    Fill(RGBColor, f64),
    /// A line of this width, solid or dashed, with a dot at its middle when `dot`.
    Line { color: RGBColor, width: u32, dash: Option<(u32, u32)>, dot: bool },
}

/// A legend set in rows above the plot, wrapped to the area's width, in the order given;
/// returns the area left for the chart. Unlike [`legend`], it can never cover the data, so
/// it is the one for charts whose every corner may be full (stacks, bars).
pub(super) fn legend_strip<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, items: &[(String, Swatch)]) -> Result<DrawingArea<DB, Shift>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    if items.is_empty() {
        return Ok(area.clone());
    }
    let (w, _) = area.dim_in_pixel();
    let (left, right) = (px(14) as i32, w as i32 - px(14) as i32);
    let (swatch, gap, after) = (px(20) as i32, px(7) as i32, px(20) as i32);
    let row_h = px(22) as i32;
    let size = px(13);
    // Place every item, wrapping to a new row when it would pass the right edge.
    let mut placed = Vec::with_capacity(items.len());
    let (mut x, mut row) = (left, 0i32);
    for (label, s) in items {
        let width = swatch + gap + fonts::text_width(label, size as f32, false).ceil() as i32;
        if x > left && x + width > right {
            x = left;
            row += 1;
        }
        placed.push((x, row, label, *s));
        x += width + after;
    }
    let rows = row + 1;
    let top = px(10) as i32;
    for (x, row, label, s) in placed {
        let y = top + row * row_h + row_h / 2;
        match s {
            Swatch::Fill(c, alpha) => {
                area.draw(&Rectangle::new([(x, y - px(6) as i32), (x + swatch, y + px(6) as i32)], c.mix(alpha).filled()))?;
            }
            Swatch::Line { color, width, dash, dot } => {
                let style = color.stroke_width(px(width));
                match dash {
                    None => area.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], style))?,
                    Some((d, g)) => area.draw(&DashedPathElement::new(vec![(x, y), (x + swatch, y)], px(d), px(g), style))?,
                }
                if dot {
                    area.draw(&Circle::new((x + swatch / 2, y), px(4), color.filled()))?;
                }
            }
        }
        area.draw(&Text::new(label.clone(), (x + swatch + gap, y), font(size).pos(Pos::new(HPos::Left, VPos::Center))))?;
    }
    let used = (top + rows * row_h) as u32;
    let (_, rest) = area.split_vertically(used);
    Ok(rest)
}

/// The plot's frame for quarters Q1…Qn across and money per quarter up (`y_desc` says what):
/// the fan charts' and the per-quarter charts' frame.
pub(super) fn quarter_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    n: i32,
    lo: f64,
    hi: f64,
    cur: &str,
    y_desc: &str,
) -> Result<ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordi32, plotters::coord::types::RangedCoordf64>>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(area).margin(px(14)).x_label_area_size(px(46)).y_label_area_size(px(78)).build_cartesian_2d(0..n + 1, lo..hi)?;
    house_style(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels((n + 2) as usize)
        .x_label_formatter(&|x| if (1..=n).contains(x) { format!("Q{x}") } else { String::new() })
        .y_labels(6)
        .y_label_formatter(&|y| money_tick(*y, cur))
        .x_desc("Quarter")
        .y_desc(y_desc)
        .draw()?;
    Ok(chart)
}

/// Like [`quarter_chart`], with each quarter a segment of its own: for bars per quarter (a
/// line's points go at the segments' centres).
#[allow(clippy::type_complexity)]
pub(super) fn quarter_segments<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    n: i32,
    lo: f64,
    hi: f64,
    tick: &dyn Fn(f64) -> String,
    y_desc: &str,
) -> Result<ChartContext<'a, DB, Cartesian2d<plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32>, plotters::coord::types::RangedCoordf64>>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(area).margin(px(14)).x_label_area_size(px(46)).y_label_area_size(px(78)).build_cartesian_2d((1..n.max(1)).into_segmented(), lo..hi)?;
    house_style(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels(n.max(1) as usize)
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(q) if (1..=n).contains(q) => format!("Q{q}"),
            _ => String::new(),
        })
        .y_labels(6)
        .y_label_formatter(&|y| tick(*y))
        .x_desc("Quarter")
        .y_desc(y_desc)
        .draw()?;
    Ok(chart)
}
