//! The report as a PDF (A4, fonts embedded and subset, charts as vectors, selectable text,
//! bookmarks for each section) with krilla. Layout is two passes: [`Layout`] places every
//! element on pages, then each page is drawn, so the footer can say "page 3 of 11".

use std::sync::{Arc, OnceLock};

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

use super::charts;
use super::fonts::{self, text_width, wrap};
use super::format::{long_date, money_short, pct};
use super::text::{self, Cell, Table};
use super::{Logo, ReportDoc, ReportError, ReportProgress};

pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 54.0;
pub(crate) const TOP: f32 = 60.0;
pub(crate) const BOTTOM: f32 = 66.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const PDF_CHART_WIDTH: u32 = 720;

pub(crate) type Rgb = (u8, u8, u8);
pub(crate) const INK: Rgb = (0x1f, 0x29, 0x37);
pub(crate) const MUTED: Rgb = (0x5b, 0x66, 0x75);
pub(crate) const LINE: Rgb = (0xdd, 0xe1, 0xe6);
pub(crate) const ACCENT: Rgb = (0, 114, 178);
pub(crate) const HEAD_BG: Rgb = (0xf3, 0xf5, 0xf8);

pub(crate) enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: String },
    Rect { x: f32, y: f32, w: f32, h: f32, color: Rgb },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb },
    Svg { x: f32, y: f32, w: f32, h: f32, tree: Arc<usvg::Tree> },
    Png { x: f32, y: f32, w: f32, h: f32, data: Arc<Vec<u8>> },
}

/// Pages of drawing operations, with a cursor where the next block goes.
pub(crate) struct Layout {
    pub(crate) pages: Vec<Vec<Op>>,
    pub(crate) y: f32,
    /// (title, page, y) of each bookmark.
    pub(crate) marks: Vec<(String, usize, f32)>,
}

impl Layout {
    pub(crate) fn new() -> Layout {
        Layout { pages: vec![Vec::new()], y: TOP, marks: Vec::new() }
    }

    pub(crate) fn page(&self) -> usize {
        self.pages.len() - 1
    }

    pub(crate) fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Make room for `h` points, starting a page when they do not fit.
    pub(crate) fn need(&mut self, h: f32) {
        if self.y + h > PAGE_H - BOTTOM && self.y > TOP + 1.0 {
            self.new_page();
        }
    }

    pub(crate) fn text(&mut self, x: f32, size: f32, bold: bool, color: Rgb, text: impl Into<String>) {
        let y = self.y;
        self.push(Op::Text { x, y, size, bold, color, text: text.into() });
    }

    pub(crate) fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: Rgb, width: f32) {
        let lh = size * 1.45;
        for line in wrap(text, size, bold, width) {
            self.need(lh);
            self.y += size;
            self.text(MARGIN_X, size, bold, color, line);
            self.y += lh - size;
        }
    }

    /// A section heading that starts a page and is bookmarked.
    fn section(&mut self, title: &str) {
        if !self.pages.last().expect("a page").is_empty() {
            self.new_page();
        }
        self.marks.push((title.to_string(), self.page(), self.y));
        self.y += 20.0;
        self.text(MARGIN_X, 20.0, true, INK, title);
        self.y += 8.0;
        let y = self.y;
        self.push(Op::Line { x1: MARGIN_X, y1: y, x2: MARGIN_X + CONTENT_W, y2: y, width: 1.5, color: ACCENT });
        self.y += 16.0;
    }

    pub(crate) fn heading(&mut self, title: &str, keep: f32) {
        self.need(28.0 + keep);
        self.y += 13.0;
        self.text(MARGIN_X, 12.5, true, INK, title);
        self.y += 8.0;
    }

    pub(crate) fn table(&mut self, t: &Table, currency: &str) {
        let cols = t.header.len();
        let cell_text = |r: &Vec<Cell>, i: usize| r.get(i).map(|c| c.display(currency)).unwrap_or_default();
        let numeric: Vec<bool> = (0..cols).map(|i| t.rows.first().and_then(|r| r.get(i)).is_some_and(Cell::is_numeric)).collect();
        let mut size = 8.5f32;
        let pad = 5.0;
        let natural = |size: f32| -> Vec<f32> {
            (0..cols)
                .map(|i| {
                    let head = text_width(&t.header[i], size, true);
                    let body = t.rows.iter().map(|r| text_width(&cell_text(r, i), size, false)).fold(0.0, f32::max);
                    head.max(body) + 2.0 * pad
                })
                .collect()
        };
        let mut w = natural(size);
        while w.iter().sum::<f32>() > CONTENT_W && size > 7.0 {
            size -= 0.25;
            w = natural(size);
        }
        // Numbers never wrap: if they and a narrow share for each text column still do not
        // fit, the whole table gets smaller type.
        let floor = |w: &[f32]| -> f32 { (0..cols).map(|i| if numeric[i] { w[i] } else { w[i].min(70.0) }).sum() };
        while floor(&w) > CONTENT_W && size > 5.5 {
            size -= 0.25;
            w = natural(size);
        }
        let total: f32 = w.iter().sum();
        if total > CONTENT_W {
            // Numbers keep their width; text columns share what is left and wrap.
            let fixed: f32 = (0..cols).filter(|&i| numeric[i]).map(|i| w[i]).sum();
            let room = (CONTENT_W - fixed).max(CONTENT_W * 0.3);
            // A share of the room by natural width, with no column claiming more than 60 % of
            // it, so one long text cannot squeeze the others into a letter per line.
            for i in 0..cols {
                if !numeric[i] {
                    w[i] = w[i].min(room * 0.6);
                }
            }
            let flexible: f32 = (0..cols).filter(|&i| !numeric[i]).map(|i| w[i]).sum();
            for i in 0..cols {
                if !numeric[i] {
                    w[i] = room * w[i] / flexible;
                }
            }
            let sum: f32 = w.iter().sum();
            if sum > CONTENT_W {
                let k = CONTENT_W / sum;
                w.iter_mut().for_each(|x| *x *= k);
            }
        } else {
            w[0] += CONTENT_W - total;
        }
        let lh = size * 1.35;
        // Each cell's lines, and the row's height.
        let row_lines = |cells: Vec<String>, bold: bool| -> (Vec<Vec<String>>, f32) {
            let lines: Vec<Vec<String>> = cells.iter().enumerate().map(|(i, c)| if numeric[i] && !bold { vec![c.clone()] } else { wrap(c, size, bold, w[i] - 2.0 * pad) }).collect();
            let n = lines.iter().map(Vec::len).max().unwrap_or(1) as f32;
            (lines, n * lh + 2.0 * pad - (lh - size))
        };
        // Numbers align right, text left; the cursor moves below the row.
        let put_row = |l: &mut Layout, lines: &[Vec<String>], h: f32, bold: bool| {
            let y0 = l.y;
            let mut x = MARGIN_X;
            for (i, cell) in lines.iter().enumerate() {
                for (k, line) in cell.iter().enumerate() {
                    let tx = if numeric[i] { x + w[i] - pad - text_width(line, size, bold) } else { x + pad };
                    l.push(Op::Text { x: tx, y: y0 + pad + size + k as f32 * lh, size, bold, color: INK, text: line.clone() });
                }
                x += w[i];
            }
            l.y = y0 + h;
        };
        let (head, head_h) = row_lines(t.header.clone(), true);
        let draw_header = |l: &mut Layout| {
            let y = l.y;
            l.push(Op::Rect { x: MARGIN_X, y, w: CONTENT_W, h: head_h, color: HEAD_BG });
            put_row(l, &head, head_h, true);
        };
        self.need(3.0 * lh + 20.0);
        draw_header(self);
        for r in &t.rows {
            let (lines, h) = row_lines((0..cols).map(|i| cell_text(r, i)).collect(), false);
            if self.y + h > PAGE_H - BOTTOM {
                self.new_page();
                draw_header(self);
            }
            put_row(self, &lines, h, false);
            let y = self.y;
            self.push(Op::Line { x1: MARGIN_X, y1: y, x2: MARGIN_X + CONTENT_W, y2: y, width: 0.5, color: LINE });
        }
        self.y += 6.0;
    }
}

fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(fonts::REGULAR.to_vec());
        db.load_font_data(fonts::SEMIBOLD.to_vec());
        db.set_sans_serif_family(fonts::FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// A logo's SVG, read with no access to anything outside it (the logo was checked on reading).
fn logo_tree(svg: &str) -> Result<usvg::Tree, ReportError> {
    let opts = usvg::Options {
        fontdb: fontdb(),
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver { resolve_data: usvg::ImageHrefResolver::default_data_resolver(), resolve_string: Box::new(|_, _| None) },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &opts).map_err(|e| ReportError::Render(format!("the logo could not be read for the PDF: {e}")))
}

fn svg_tree(svg: &str) -> Result<usvg::Tree, ReportError> {
    let opts = usvg::Options { fontdb: fontdb(), ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &opts).map_err(|e| ReportError::Render(format!("a chart could not be read back for the PDF: {e}")))
}

/// Render the report as a PDF.
pub fn render(doc: &ReportDoc, progress: &dyn Fn(ReportProgress)) -> Result<Vec<u8>, ReportError> {
    let list = charts::list(doc);
    let total = list.len() as u32 + 2;
    let s0 = &doc.subjects[0];
    let cur = s0.report.currency.clone();
    let title = doc.title();
    let mut l = Layout::new();

    // Title page.
    let mut y = 90.0;
    if let Some(logo) = &doc.logo {
        let (w, h, op) = match logo {
            Logo::Png(b) => {
                let (pw, ph) = png_size(b).unwrap_or((200, 60));
                let scale = (160.0 / pw as f32).min(60.0 / ph as f32);
                (pw as f32 * scale, ph as f32 * scale, None)
            }
            Logo::Svg(s) => {
                let tree = logo_tree(s)?;
                let (tw, th) = (tree.size().width(), tree.size().height());
                let scale = (160.0 / tw).min(60.0 / th);
                (tw * scale, th * scale, Some(Arc::new(tree)))
            }
        };
        let x = PAGE_W - MARGIN_X - w;
        match (logo, op) {
            (_, Some(tree)) => l.push(Op::Svg { x, y: y - 30.0, w, h, tree }),
            (Logo::Png(b), None) => l.push(Op::Png { x, y: y - 30.0, w, h, data: Arc::new(b.clone()) }),
            _ => {}
        }
    }
    l.y = y;
    l.text(MARGIN_X, 11.0, true, MUTED, doc.firm.clone().unwrap_or_else(|| "Ecosim Studio".into()));
    y += 150.0;
    l.y = y;
    l.text(MARGIN_X, 10.5, true, ACCENT, if doc.is_comparison() { "ECOSYSTEM COMPARISON" } else { "ECOSYSTEM SCENARIO REPORT" });
    l.y += 12.0;
    for line in wrap(&title, 28.0, true, CONTENT_W) {
        l.y += 32.0;
        l.text(MARGIN_X, 28.0, true, INK, line);
    }
    l.y += 22.0;
    if !doc.is_comparison() && !s0.scenario.description.is_empty() {
        l.paragraph(&s0.scenario.description, 10.5, false, INK, CONTENT_W);
        l.y += 10.0;
    }
    for (k, v) in [
        ("Market model", s0.model.name.clone()),
        ("Date", long_date(&doc.date)),
        ("Horizon", format!("{} quarters", s0.report.horizon_quarters)),
        ("Trials", format!("{} (seed {})", super::format::group(s0.report.trials as f64, 0), s0.report.seed)),
        ("Engine", format!("Ecosim Studio engine {}", s0.report.engine_version)),
    ] {
        l.y += 16.0;
        l.text(MARGIN_X, 10.0, true, MUTED, k);
        l.text(MARGIN_X + 90.0, 10.0, false, INK, v);
    }
    if !doc.is_comparison() {
        // Headline cards.
        l.y += 40.0;
        let k = text::kpis(s0);
        let pick: Vec<_> = k.iter().filter(|(key, ..)| matches!(*key, "total_revenue" | "final_quarter_revenue" | "coverage_final" | "arr_final" | "net_contribution" | "probability_of_target")).collect();
        let cw = (CONTENT_W - 2.0 * 10.0) / 3.0;
        for (i, (key, label, unit, x)) in pick.iter().enumerate() {
            let cx = MARGIN_X + (i % 3) as f32 * (cw + 10.0);
            let cy = l.y + (i / 3) as f32 * 74.0;
            let f = |v: f64| match unit {
                text::Unit::Money => money_short(v, &cur),
                text::Unit::Share => pct(v, 1),
                text::Unit::Ratio => format!("{v:.2}×"),
                text::Unit::Count => super::format::group(v, 0),
            };
            let (value, range) = if *key == "probability_of_target" { (pct(x.mean, 0), "of futures meet the target".to_string()) } else { (f(x.p50), format!("P10 {} – P90 {}", f(x.p10), f(x.p90))) };
            l.push(Op::Rect { x: cx, y: cy, w: cw, h: 64.0, color: HEAD_BG });
            l.push(Op::Rect { x: cx, y: cy, w: 3.0, h: 64.0, color: ACCENT });
            l.push(Op::Text { x: cx + 12.0, y: cy + 17.0, size: 8.5, bold: false, color: MUTED, text: label.to_string() });
            l.push(Op::Text { x: cx + 12.0, y: cy + 39.0, size: 17.0, bold: true, color: INK, text: value });
            l.push(Op::Text { x: cx + 12.0, y: cy + 54.0, size: 8.0, bold: false, color: MUTED, text: range });
        }
    }

    // Executive summary.
    progress(ReportProgress { done: 0, total, stage: "Writing the summary".into() });
    l.section("Executive summary");
    for p in text::summary(doc) {
        l.paragraph(&p, 11.0, false, INK, CONTENT_W);
        l.y += 7.0;
    }

    // Charts, two to a page where they fit.
    l.section("Charts");
    for (i, c) in list.iter().enumerate() {
        progress(ReportProgress { done: 1 + i as u32, total, stage: format!("Drawing “{}”", c.title) });
        // Drawn narrower than on screen, so its labels print at about 9 pt.
        // and a little flatter, so two charts with their captions share a page.
        let px_h = (c.height as f32 * 0.8).round() as u32;
        let svg = charts::svg_sized(doc, c, false, (PDF_CHART_WIDTH, px_h)).map_err(ReportError::Render)?;
        let tree = Arc::new(svg_tree(&svg)?);
        let h = CONTENT_W * px_h as f32 / PDF_CHART_WIDTH as f32;
        let caption_lines = wrap(&c.caption, 9.0, false, CONTENT_W).len() as f32;
        l.heading(&c.title, h + caption_lines * 13.0);
        let y = l.y;
        l.push(Op::Svg { x: MARGIN_X, y, w: CONTENT_W, h, tree });
        l.y += h + 4.0;
        l.paragraph(&c.caption, 9.0, false, MUTED, CONTENT_W);
        l.y += 10.0;
    }

    // Tables.
    progress(ReportProgress { done: total - 1, total, stage: "Laying out the tables".into() });
    l.section("KPI tables");
    for t in text::tables(doc) {
        l.heading(&t.title, 60.0);
        l.paragraph(&t.note, 8.5, false, MUTED, CONTENT_W);
        l.y += 4.0;
        l.table(&t, &cur);
    }

    // Evidence.
    if let Some(e) = text::evidence(doc) {
        l.section("Evidence");
        if let Some(o) = &e.overview {
            l.paragraph(o, 9.5, false, INK, CONTENT_W);
            l.y += 6.0;
        }
        l.paragraph(&e.summary, 9.5, false, MUTED, CONTENT_W);
        l.y += 4.0;
        let rows = e
            .items
            .iter()
            .map(|i| {
                vec![
                    Cell::Text(i.topic.clone()),
                    Cell::Text(i.kind.name().into()),
                    Cell::Text(i.text.clone()),
                ]
            })
            .collect();
        let t = Table {
            name: "Evidence".into(),
            title: "Evidence".into(),
            note: String::new(),
            header: vec!["Input".into(), "Basis".into(), "Where it comes from".into()],
            rows,
        };
        l.table(&t, &cur);
    }

    // Appendix.
    l.section("Appendix: assumptions");
    l.paragraph("Every input of the run, so that a reader can reproduce it: the run settings, the scenario and the market model as simulated.", 9.5, false, MUTED, CONTENT_W);
    let all = text::assumptions(doc);
    let mut sections: Vec<(String, Vec<Vec<Cell>>)> = Vec::new();
    for a in all {
        if sections.last().map_or(true, |(s, _)| *s != a.section) {
            sections.push((a.section.clone(), Vec::new()));
        }
        sections.last_mut().expect("a section").1.push(vec![Cell::Text(a.item), Cell::Text(a.value)]);
    }
    for (name, rows) in sections {
        l.heading(&name, 40.0);
        let t = Table { name: name.clone(), title: name, note: String::new(), header: vec!["Item".into(), "Value".into()], rows };
        l.table(&t, &cur);
    }

    // Draw.
    progress(ReportProgress { done: total - 1, total, stage: "Writing the PDF".into() });
    let footer_left = format!("{}{}", doc.firm.as_ref().map(|f| format!("{f} · ")).unwrap_or_default(), title);
    let bytes = draw(&l, &Meta { title: format!("{title} — Ecosim Studio report"), footer_left, firm: doc.firm.clone(), date: doc.date.clone() })?;
    progress(ReportProgress { done: total, total, stage: "Done".into() });
    Ok(bytes)
}


/// What a PDF says about itself beyond its pages.
pub(crate) struct Meta {
    /// The document title in the PDF's metadata.
    pub title: String,
    /// The footer's left side, on every page but the first.
    pub footer_left: String,
    pub firm: Option<String>,
    /// YYYY-MM-DD.
    pub date: String,
}

/// Draw laid-out pages into a PDF: fonts embedded, a footer with page numbers from the second
/// page on, bookmarks and metadata.
pub(crate) fn draw(l: &Layout, meta: &Meta) -> Result<Vec<u8>, ReportError> {
    let regular = Font::new(fonts::REGULAR.to_vec().into(), 0).ok_or_else(|| ReportError::Render("the shipped regular font cannot be embedded".into()))?;
    let semibold = Font::new(fonts::SEMIBOLD.to_vec().into(), 0).ok_or_else(|| ReportError::Render("the shipped semibold font cannot be embedded".into()))?;
    let mut pdf = Document::new();
    let n = l.pages.len();
    let footer_left = &meta.footer_left;
    for (i, ops) in l.pages.iter().enumerate() {
        let mut page = pdf.start_page_with(PageSettings::new(Size::from_wh(PAGE_W, PAGE_H).expect("A4")));
        let mut s = page.surface();
        let fill = |c: Rgb| Fill { paint: rgb::Color::new(c.0, c.1, c.2).into(), opacity: NormalizedF32::ONE, rule: Default::default() };
        for op in ops {
            match op {
                Op::Text { x, y, size, bold, color, text } => {
                    s.set_fill(Some(fill(*color)));
                    s.draw_text(Point::from_xy(*x, *y), if *bold { semibold.clone() } else { regular.clone() }, *size, text, false, TextDirection::Auto);
                }
                Op::Rect { x, y, w, h, color } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x, *y);
                    pb.line_to(x + w, *y);
                    pb.line_to(x + w, y + h);
                    pb.line_to(*x, y + h);
                    pb.close();
                    if let Some(p) = pb.finish() {
                        s.set_fill(Some(fill(*color)));
                        s.set_stroke(None);
                        s.draw_path(&p);
                    }
                }
                Op::Line { x1, y1, x2, y2, width, color } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(p) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke { paint: rgb::Color::new(color.0, color.1, color.2).into(), width: *width, ..Default::default() }));
                        s.draw_path(&p);
                        s.set_stroke(None);
                    }
                }
                Op::Svg { x, y, w, h, tree } => {
                    s.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                    // Sizes are checked where charts and logos are read; one that is not a size
                    // is left out rather than taken down with the report.
                    if let Some(size) = Size::from_wh(*w, *h) {
                        s.draw_svg(tree, size, SvgSettings::default());
                    }
                    s.pop();
                }
                Op::Png { x, y, w, h, data } => {
                    if let Ok(img) = krilla::image::Image::from_png(data.as_ref().clone().into(), true) {
                        s.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                        if let Some(size) = Size::from_wh(*w, *h) {
                            s.draw_image(img, size);
                        }
                        s.pop();
                    }
                }
            }
        }
        if i > 0 {
            // Footer.
            let fy = PAGE_H - 34.0;
            s.set_fill(Some(fill(MUTED)));
            let right = format!("Ecosim Studio · page {} of {}", i + 1, n);
            let room = CONTENT_W - text_width(&right, 8.0, false) - 24.0;
            let left = fit(footer_left, 8.0, room);
            s.draw_text(Point::from_xy(MARGIN_X, fy), regular.clone(), 8.0, &left, false, TextDirection::Auto);
            s.draw_text(Point::from_xy(PAGE_W - MARGIN_X - text_width(&right, 8.0, false), fy), regular.clone(), 8.0, &right, false, TextDirection::Auto);
        }
        s.finish();
        page.finish();
    }
    let mut outline = Outline::new();
    for (t, p, y) in &l.marks {
        outline.push_child(OutlineNode::new(t.clone(), krilla::destination::XyzDestination::new(*p, Point::from_xy(0.0, *y))));
    }
    pdf.set_outline(outline);
    let mut info = krilla::metadata::Metadata::new().title(meta.title.clone()).creator(format!("Ecosim Studio {}", env!("CARGO_PKG_VERSION"))).producer("Ecosim Studio (krilla)".into());
    if let Some(f) = &meta.firm {
        info = info.authors(vec![f.clone()]);
    }
    if let Some(date) = pdf_date(&meta.date) {
        info = info.creation_date(date);
    }
    pdf.set_metadata(info);
    pdf.finish().map_err(|e| ReportError::Render(format!("the PDF could not be written: {e:?}")))
}

/// `text` shortened with an ellipsis to fit `width` at `size`.
fn fit(text: &str, size: f32, width: f32) -> String {
    if text_width(text, size, false) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() && text_width(&(chars.iter().collect::<String>() + "…"), size, false) > width {
        chars.pop();
    }
    chars.iter().collect::<String>().trim_end().to_string() + "…"
}

fn pdf_date(iso: &str) -> Option<krilla::metadata::DateTime> {
    let mut it = iso.split('-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    Some(krilla::metadata::DateTime::new(y).month(m as u8).day(d as u8))
}

/// Width and height of a PNG from its header.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 24 {
        return None;
    }
    Some((u32::from_be_bytes(b[16..20].try_into().ok()?), u32::from_be_bytes(b[20..24].try_into().ok()?)))
}
