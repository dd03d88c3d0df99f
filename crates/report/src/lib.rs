//! Scenario reports and data exports: a run, or a comparison of runs, as a PDF, a
//! self-contained HTML file, a tidy CSV or an XLSX workbook. The CLI and the desktop app both
//! call [`render`]; everything here works from stored results (no re-simulation).
//!
//! - [`charts`] draws every chart with plotters (SVG for the documents, PNG on request);
//! - [`text`] writes the executive summary, the KPI tables and the assumptions appendix once,
//!   for every format;
//! - [`pdf`], [`html`], [`tidy`] and [`xlsx`] lay them out;
//! - [`brief`] writes the two-page decision brief from the decision analyses' reports.

pub mod brief;
pub mod charts;
pub mod fonts;
pub mod format;
pub mod html;
pub mod pdf;
pub mod text;
pub mod tidy;
pub mod xlsx;

use std::path::Path;

use serde::{Deserialize, Serialize};

use ecosim_core::analysis::compare::{paired, Pairing};
use ecosim_core::analysis::sensitivity::TornadoReport;
use ecosim_core::model::{MarketModelDoc, ScenarioDoc};
use ecosim_core::output::RunReport;

/// One simulated design in a report: its results and the documents it was simulated from.
/// The caller gathers it (from the store, or from a run just made); this crate never reads the
/// store.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The stored run, when the results come from the store.
    pub run_id: Option<i64>,
    pub report: RunReport,
    pub scenario: ScenarioDoc,
    pub model: MarketModelDoc,
    /// Per-trial values of headline KPIs, in trial order (`total_revenue`, …), when known.
    pub trials: Vec<(String, Vec<f64>)>,
}

impl Subject {
    pub fn segment_name(&self, id: &str) -> String {
        self.model.market.segments.iter().find(|s| s.id == id).map_or_else(|| id.to_string(), |s| s.name.clone())
    }

    pub fn region_name(&self, id: &str) -> String {
        self.model.market.regions.iter().find(|s| s.id == id).map_or_else(|| id.to_string(), |s| s.name.clone())
    }

    pub fn type_name(&self, id: &str) -> String {
        self.model.partner_types.iter().find(|s| s.id == id).map_or_else(|| id.to_string(), |s| s.name.clone())
    }

    /// A reader's name for an uncertain input's document path, e.g.
    /// `partner_types[0].win_rate` → "Value-added reseller · win rate".
    pub fn input_label(&self, path: &str) -> String {
        ecosim_core::words::input_label(&self.model, path)
    }
}

/// Who the report is for and from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ReportOptions {
    /// The consultant's firm, printed on the title page and in the footer.
    #[serde(default)]
    pub firm: Option<String>,
    /// A PNG or SVG logo file for the title page.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub logo: Option<std::path::PathBuf>,
    /// Add every trial's headline KPIs (CSV and XLSX).
    #[serde(default)]
    pub include_trials: bool,
}

/// A logo read and checked before anything is drawn.
#[derive(Debug, Clone)]
pub enum Logo {
    Png(Vec<u8>),
    Svg(String),
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct ReportDoc {
    /// One design (a run report) or 2–4 (a comparison; the first is the base).
    pub subjects: Vec<Subject>,
    /// B − A trial by trial against the first design (comparisons only).
    pub pairings: Vec<Pairing>,
    pub tornado: Option<TornadoReport>,
    pub firm: Option<String>,
    pub logo: Option<Logo>,
    pub include_trials: bool,
    /// The report's date, YYYY-MM-DD.
    pub date: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Render(String),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// The file formats a report can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ReportFormat")]
pub enum Format {
    Pdf,
    Html,
    Csv,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Html, Format::Csv, Format::Xlsx];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Format::Pdf => "PDF report",
            Format::Html => "HTML report (one file, opens offline)",
            Format::Csv => "CSV data (tidy)",
            Format::Xlsx => "Excel workbook",
        }
    }

    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Result<Format, ReportError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        match ext.as_str() {
            "pdf" => Ok(Format::Pdf),
            "html" | "htm" => Ok(Format::Html),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "" => Err(ReportError::Invalid(format!("--out {}: the file name needs an extension: .pdf, .html, .csv or .xlsx", path.display()))),
            other => Err(ReportError::Invalid(format!("--out {}: .{other} is not a report format; use .pdf, .html, .csv or .xlsx", path.display()))),
        }
    }
}

/// A stage of writing a report, for a progress bar.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReportProgress {
    pub done: u32,
    pub total: u32,
    pub stage: String,
}

impl ReportDoc {
    /// A report of one run.
    pub fn single(subject: Subject, options: &ReportOptions) -> Result<ReportDoc, ReportError> {
        Self::build(vec![subject], Vec::new(), options)
    }

    /// A comparison of 2–4 designs against the first. The pairings are taken trial by trial,
    /// which is only meaningful with common random numbers: the same model, seed, trials and
    /// sampling. `pairings` may come from a comparison run; otherwise they are computed from
    /// the subjects' per-trial values.
    pub fn comparison(subjects: Vec<Subject>, pairings: Option<Vec<Pairing>>, options: &ReportOptions) -> Result<ReportDoc, ReportError> {
        if !(2..=4).contains(&subjects.len()) {
            return Err(ReportError::Invalid(format!("a comparison report needs 2 to 4 designs, got {}", subjects.len())));
        }
        let a = &subjects[0];
        for b in &subjects[1..] {
            let what = |b: &Subject| b.run_id.map_or_else(|| format!("“{}”", b.report.scenario.name), |id| format!("run {id}"));
            let mismatch = |field: &str, x: String, y: String| {
                ReportError::Invalid(format!(
                    "{} and {} differ in {field} ({x} vs {y}); a paired comparison needs the same model, seed, trials and sampling. Compare the scenarios instead (name them, not their runs) to run them together.",
                    what(a),
                    what(b)
                ))
            };
            if a.model.id != b.model.id {
                return Err(mismatch("market model", a.model.id.clone(), b.model.id.clone()));
            }
            if a.report.seed != b.report.seed {
                return Err(mismatch("seed", a.report.seed.to_string(), b.report.seed.to_string()));
            }
            if a.report.trials != b.report.trials {
                return Err(mismatch("trials", a.report.trials.to_string(), b.report.trials.to_string()));
            }
            if a.report.sampling != b.report.sampling {
                return Err(mismatch("sampling", format!("{:?}", a.report.sampling), format!("{:?}", b.report.sampling)));
            }
        }
        let pairings = match pairings {
            Some(p) => p,
            None => {
                let mut out = Vec::new();
                for b in &subjects[1..] {
                    let mut differences = Vec::new();
                    for (kpi, _) in ecosim_core::analysis::compare::PAIRED_KPIS {
                        let col = |s: &Subject| s.trials.iter().find(|(k, _)| k == kpi).map(|(_, v)| v.clone());
                        match (col(a), col(b)) {
                            (Some(x), Some(y)) if x.len() == y.len() => differences.push(paired(kpi, &x, &y)),
                            _ => return Err(ReportError::Invalid(format!("the per-trial {kpi} of “{}” or “{}” is not stored, so they cannot be paired; compare the scenarios instead", a.report.scenario.name, b.report.scenario.name))),
                        }
                    }
                    out.push(Pairing { a: a.report.scenario.clone(), b: b.report.scenario.clone(), differences });
                }
                out
            }
        };
        Self::build(subjects, pairings, options)
    }

    fn build(subjects: Vec<Subject>, pairings: Vec<Pairing>, options: &ReportOptions) -> Result<ReportDoc, ReportError> {
        let logo = match &options.logo {
            None => None,
            Some(path) => Some(read_logo(path)?),
        };
        let firm = options.firm.as_ref().map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
        if let Some(f) = &firm {
            if f.chars().count() > 120 {
                return Err(ReportError::Invalid(format!("firm: at most 120 characters, got {}", f.chars().count())));
            }
        }
        Ok(ReportDoc { subjects, pairings, tornado: None, firm, logo, include_trials: options.include_trials, date: format::today() })
    }

    pub fn is_comparison(&self) -> bool {
        self.subjects.len() > 1
    }

    /// The report's title: the scenario, or "A vs B".
    pub fn title(&self) -> String {
        if self.is_comparison() {
            self.subjects.iter().map(|s| s.report.scenario.name.as_str()).collect::<Vec<_>>().join(" vs ")
        } else {
            self.subjects[0].report.scenario.name.clone()
        }
    }

    /// A file-name stem for the report: `balanced-ecosystem` or `balanced-ecosystem-vs-reseller-heavy`.
    pub fn file_stem(&self) -> String {
        self.subjects.iter().map(|s| s.report.scenario.id.as_str()).collect::<Vec<_>>().join("-vs-")
    }
}

/// Check that a file is a logo a report can carry (PNG or SVG, at most 5 MB).
pub fn check_logo(path: &Path) -> Result<(), ReportError> {
    read_logo(path).map(drop)
}

fn read_logo(path: &Path) -> Result<Logo, ReportError> {
    let bad = |why: String| ReportError::Invalid(format!("--logo {}: {why}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    if bytes.len() > 5 * 1024 * 1024 {
        return Err(bad(format!("{} MB is too large for a logo (at most 5 MB)", bytes.len() / (1024 * 1024))));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        // Decoded here, so a truncated or signature-only file is refused with a reason rather
        // than left out of the report without a word.
        let size = png_size(&bytes).ok_or_else(|| bad("is a PNG file without its image header (truncated or damaged)".into()))?;
        check_logo_size(size.0 as f64, size.1 as f64).map_err(bad)?;
        if !png_decodes(&bytes) {
            return Err(bad("is a PNG file whose image cannot be decoded (truncated or damaged)".into()));
        }
        return Ok(Logo::Png(bytes));
    }
    let text = String::from_utf8(bytes).map_err(|_| bad("not a PNG or SVG image".into()))?;
    // Deep nesting would exhaust the stack of every SVG reader downstream.
    let depth = svg_depth(&text);
    if depth > MAX_SVG_DEPTH {
        return Err(bad(format!("an SVG nested {depth} elements deep is not a logo (at most {MAX_SVG_DEPTH})")));
    }
    // A logo carries everything it shows: an image it refers to (a file on this machine, a
    // web address) is refused, never fetched into a report.
    let outside = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = outside.clone();
    let opts = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(move |href: &str, _| {
                if let Ok(mut v) = seen.lock() {
                    v.push(href.to_string());
                }
                None
            }),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&text, &opts).map_err(|e| bad(format!("not a PNG or a readable SVG image ({e})")))?;
    if let Some(href) = outside.lock().ok().and_then(|v| v.first().cloned()) {
        return Err(bad(format!("the SVG refers to an image outside itself ({href:?}); embed it as a data: URL or use a PNG")));
    }
    check_logo_size(tree.size().width() as f64, tree.size().height() as f64).map_err(bad)?;
    Ok(Logo::Svg(text))
}

/// The deepest an SVG logo may nest its elements.
const MAX_SVG_DEPTH: usize = 256;

/// How deeply the elements of an XML text nest (a scan of its tags, before any parser).
fn svg_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let Some(&next) = b.get(i) else { break };
        let end = b[i..].iter().position(|&c| c == b'>').map_or(b.len(), |e| i + e);
        match next {
            b'/' => depth = depth.saturating_sub(1),
            b'?' | b'!' => {}
            _ if end > 0 && b.get(end - 1) == Some(&b'/') => {}
            _ => {
                depth += 1;
                max = max.max(depth);
            }
        }
        i = end.min(b.len());
        if i >= b.len() {
            break;
        }
    }
    max
}

/// A logo is drawn in a 160 × 60 pt box: its sides must be finite, positive, at most 20,000
/// units and within 1:50 of each other, or it would shrink to nothing on the title page.
fn check_logo_size(w: f64, h: f64) -> Result<(), String> {
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(format!("has no usable size ({w} × {h})"));
    }
    if w > 20_000.0 || h > 20_000.0 {
        return Err(format!("is {w:.0} × {h:.0}, larger than a logo can be (at most 20,000 on a side)"));
    }
    let ratio = (w / h).max(h / w);
    if ratio > 50.0 {
        return Err(format!("is {w:.0} × {h:.0}, too long and thin for a logo (sides within 1:50 of each other)"));
    }
    Ok(())
}

/// Whether the whole image of a PNG file decodes (checked within the size limit above).
fn png_decodes(b: &[u8]) -> bool {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(b));
    decoder.set_limits(png::Limits { bytes: 256 * 1024 * 1024 });
    let Ok(mut reader) = decoder.read_info() else { return false };
    let mut buf = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut buf).is_ok()
}

fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 24 || &b[12..16] != b"IHDR" {
        return None;
    }
    Some((u32::from_be_bytes(b[16..20].try_into().ok()?), u32::from_be_bytes(b[20..24].try_into().ok()?)))
}

/// Render `doc` as `format`, reporting each stage to `progress`.
pub fn render(doc: &ReportDoc, format: Format, progress: &dyn Fn(ReportProgress)) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Pdf => pdf::render(doc, progress),
        Format::Html => html::render(doc, progress).map(String::into_bytes),
        Format::Csv => {
            progress(ReportProgress { done: 0, total: 1, stage: "Writing the CSV".into() });
            let out = tidy::render(doc);
            progress(ReportProgress { done: 1, total: 1, stage: "Done".into() });
            out
        }
        Format::Xlsx => {
            progress(ReportProgress { done: 0, total: 1, stage: "Writing the workbook".into() });
            let out = xlsx::render(doc);
            progress(ReportProgress { done: 1, total: 1, stage: "Done".into() });
            out
        }
    }
}

/// Render and write atomically: a failed export never leaves a half-written file behind.
pub fn write(doc: &ReportDoc, format: Format, path: &Path, progress: &dyn Fn(ReportProgress)) -> Result<(), ReportError> {
    let bytes = render(doc, format, progress)?;
    ecosim_core::write_atomic(path, &bytes).map_err(|source| ReportError::Write { path: path.display().to_string(), source })
}

/// Write every chart of `doc` into `dir` as SVG or PNG files (with titles); returns the files.
pub fn write_charts(doc: &ReportDoc, dir: &Path, png: bool) -> Result<Vec<std::path::PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Write { path: dir.display().to_string(), source })?;
    let mut out = Vec::new();
    for c in charts::list(doc) {
        let path = dir.join(format!("{}.{}", c.id, if png { "png" } else { "svg" }));
        let bytes = if png { charts::png(doc, &c, true, 2).map_err(ReportError::Render)? } else { charts::svg(doc, &c, true).map_err(ReportError::Render)?.into_bytes() };
        ecosim_core::write_atomic(&path, &bytes).map_err(|source| ReportError::Write { path: path.display().to_string(), source })?;
        out.push(path);
    }
    Ok(out)
}

/// Write a decision brief as a PDF, atomically.
pub fn write_brief(b: &brief::Brief, path: &Path) -> Result<(), ReportError> {
    if Format::from_path(path)? != Format::Pdf {
        return Err(ReportError::Invalid(format!("a decision brief is a PDF: give {} a .pdf name", path.display())));
    }
    let bytes = brief::render(b)?;
    ecosim_core::write_atomic(path, &bytes).map_err(|source| ReportError::Write { path: path.display().to_string(), source })
}
