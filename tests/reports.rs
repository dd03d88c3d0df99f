//! Reports and exports, opened by tools that are not ours: the PDF by poppler's `pdfinfo` and
//! `pdftotext`, the workbook by calamine (and LibreOffice when it is installed), the CSV by a
//! CSV parser, the HTML by an HTML parser; in each, the numbers must be the run's.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use ecosim_core::analysis::compare::compare;
use ecosim_core::engine::{run_simple, RunOptions};
use ecosim_core::model::{load_scenario, RevenueRecognition};
use ecosim_core::output::RunReport;
use ecosim_report::{self as report, charts, format::money, Format, ReportDoc, ReportOptions, Subject};
use ecosim_store::Store;
use ecosim_app::{RunRequest, Studio};

/// A studio in a temp folder with one stored run of each named scenario (same seed and trials).
fn studio_with_runs(slugs: &[&str], trials: u64) -> (tempfile::TempDir, Studio, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let s = Studio::open(&dir.path().join("studio.db")).unwrap();
    let runs = slugs
        .iter()
        .map(|slug| {
            let id = s.list(slug, false).unwrap().into_iter().find(|x| x.slug == *slug).unwrap().id;
            s.run(id, &RunRequest { trials: Some(trials), seed: Some(7), sampling: None, horizon_quarters: None, precision: None, ..Default::default() }, &|_| {}).unwrap()
        })
        .collect();
    (dir, s, runs)
}

fn subject(dir: &Path, run: i64) -> Subject {
    let st = Store::open(&dir.join("studio.db")).unwrap();
    ecosim_app::subject_from_run(&st, run).unwrap()
}

/// Run an external tool, or fail with the line that installs it.
fn tool(name: &str, args: &[&str], package: &str) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed to check reports ({e}); install it with: apt-get install {package}"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_opens_in_poppler_with_the_runs_numbers_in_its_text() {
    let (dir, _s, runs) = studio_with_runs(&["reseller-heavy"], 300);
    let sub = subject(dir.path(), runs[0]);
    let r = sub.report.clone();
    let doc = ReportDoc::single(sub, &ReportOptions { firm: Some("Harbour & Finch Advisory".into()), ..Default::default() }).unwrap();
    let path = dir.path().join("report.pdf");
    let stages = std::sync::Mutex::new(Vec::new());
    report::write(&doc, Format::Pdf, &path, &|p| stages.lock().unwrap().push((p.done, p.total))).unwrap();
    let stages = stages.into_inner().unwrap();
    assert!(stages.len() >= 5 && stages.last().map(|(d, t)| d == t) == Some(true), "progress ends at done = total: {stages:?}");

    let p = path.to_str().unwrap();
    let info = tool("pdfinfo", &[p], "poppler-utils");
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!((6..=60).contains(&pages), "{pages} pages");
    assert!(info.contains("Reseller-heavy channel — Ecosim Studio report") || info.contains(&format!("{} — Ecosim Studio report", r.scenario.name)), "{info}");
    assert!(info.contains("Harbour & Finch Advisory"), "the firm is the author: {info}");
    assert!(info.contains("A4"), "{info}");

    let text = tool("pdftotext", &["-layout", p, "-"], "poppler-utils");
    for needle in ["Executive summary", "Charts", "KPI tables", "Appendix: assumptions", "Revenue per quarter", "Distribution of total revenue", "Market coverage by segment and region", r.scenario.name.as_str(), "Harbour & Finch Advisory"] {
        assert!(text.contains(needle), "the PDF text has {needle:?}");
    }
    // The KPI table carries the run's figures, formatted as the studio formats money.
    let k = &r.kpis.total_revenue;
    let row = text.lines().find(|l| l.trim_start().starts_with("Total revenue") && l.matches('$').count() >= 5).expect("a total revenue row in the KPI table");
    for v in [k.mean, k.p10, k.p50, k.p90] {
        assert!(row.contains(&money(v, &r.currency)), "{row:?} has {}", money(v, &r.currency));
    }
    // And the appendix lets a reader reproduce it: seed, trials, engine.
    assert!(text.contains("Seed") && text.lines().any(|l| l.contains("Seed") && l.contains('7')));
    assert!(text.contains(&r.engine_version));
    assert!(text.contains("Value-added reseller"), "model assumptions are listed");
}

#[test]
fn the_html_is_one_file_that_fetches_nothing_and_carries_the_exact_numbers() {
    let (dir, _s, runs) = studio_with_runs(&["balanced-ecosystem"], 200);
    let sub = subject(dir.path(), runs[0]);
    let r = sub.report.clone();
    let doc = ReportDoc::single(sub, &ReportOptions::default()).unwrap();
    let html = String::from_utf8(report::render(&doc, Format::Html, &|_| {}).unwrap()).unwrap();
    let dom = tl::parse(&html, tl::ParserOptions::default()).unwrap();
    let parser = dom.parser();
    let title = dom.query_selector("title").unwrap().next().unwrap().get(parser).unwrap().inner_text(parser);
    assert!(title.contains("Balanced ecosystem"), "{title}");
    // Every chart inline as SVG, one per figure.
    let figures = dom.query_selector("figure").unwrap().count();
    assert_eq!(figures, charts::list(&doc).len());
    assert_eq!(dom.query_selector("svg").unwrap().count(), figures);
    assert!(figures >= 6);
    // Nothing is fetched: every src/href is a data URI or an in-page anchor, and no script.
    assert_eq!(dom.query_selector("script").unwrap().count(), 0);
    for node in dom.nodes() {
        if let Some(tag) = node.as_tag() {
            for attr in ["src", "href"] {
                if let Some(Some(v)) = tag.attributes().get(attr) {
                    let v = v.as_utf8_str();
                    assert!(v.starts_with("data:") || v.starts_with('#'), "{attr}={v} would be fetched");
                }
            }
        }
    }
    assert!(html.contains("font-src data:") && html.contains("@font-face"), "fonts travel inside the file");
    // The KPI table's cells carry the run's numbers exactly.
    let table = dom.get_element_by_id("table-kpis").expect("a KPI table").get(parser).unwrap();
    let all = table.children().unwrap().all(parser);
    let row = all.iter().filter_map(|n| n.as_tag()).find(|t| t.name() == "tr" && t.inner_text(parser).contains("Total revenue")).expect("a total revenue row");
    let values: Vec<f64> = row.children().all(parser).iter().filter_map(|n| n.as_tag()).filter_map(|t| t.attributes().get("data-value").flatten()).map(|v| v.as_utf8_str().parse().unwrap()).collect();
    let k = &r.kpis.total_revenue;
    assert_eq!(values[..7], [k.mean, k.p10, k.p25, k.p50, k.p75, k.p90, k.std_error]);
    // The executive summary speaks in sentences with the figures.
    let summary = dom.query_selector("#summary").unwrap().next().unwrap().get(parser).unwrap().inner_text(parser);
    assert!(summary.contains("Balanced ecosystem brings"), "{summary}");
    assert!(summary.contains(&report::format::money_short(k.p50, "USD")), "{summary}");
}

#[test]
fn the_csv_is_tidy_and_reads_back_bit_for_bit() {
    let (dir, _s, runs) = studio_with_runs(&["two-tier-distribution"], 250);
    let sub = subject(dir.path(), runs[0]);
    let r = sub.report.clone();
    let trials = sub.trials.clone();
    let doc = ReportDoc::single(sub, &ReportOptions { include_trials: true, ..Default::default() }).unwrap();
    let bytes = report::render(&doc, Format::Csv, &|_| {}).unwrap();
    let mut rd = csv::Reader::from_reader(&bytes[..]);
    assert_eq!(rd.headers().unwrap().iter().collect::<Vec<_>>(), report::tidy::HEADER);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    let find = |section: &str, kpi: &str, item: &str, quarter: &str, stat: &str| -> f64 {
        let row = rows.iter().find(|r| &r[2] == section && &r[3] == kpi && &r[4] == item && &r[5] == quarter && &r[6] == stat).unwrap_or_else(|| panic!("no row {section} {kpi} {item} {quarter} {stat}"));
        row[7].parse().unwrap()
    };
    assert_eq!(find("kpi", "total_revenue", "", "", "p50"), r.kpis.total_revenue.p50);
    assert_eq!(find("kpi", "coverage_final", "", "", "mean"), r.kpis.coverage_final.mean);
    assert_eq!(find("by_quarter", "revenue", "", "3", "p90"), r.by_quarter[2].revenue.p90);
    assert_eq!(find("by_partner_type", "revenue", "reseller", "", "mean"), r.by_partner_type.iter().find(|t| t.partner_type == "reseller").unwrap().revenue.mean);
    assert_eq!(find("distribution", "total_revenue", "", "", "p50"), r.total_revenue_distribution.percentiles[49]);
    // One row per quarter × statistic for each quarterly KPI.
    assert_eq!(rows.iter().filter(|x| &x[2] == "by_quarter" && &x[3] == "revenue").count(), r.by_quarter.len() * 12);
    // The raw trials, in order, equal to the stored ones.
    let raw: Vec<f64> = rows.iter().filter(|x| &x[2] == "trial" && &x[3] == "total_revenue").map(|x| x[7].parse().unwrap()).collect();
    assert_eq!(raw, trials.iter().find(|(k, _)| k == "total_revenue").unwrap().1);
    assert_eq!(raw.len() as u64, r.trials);
    let mean = raw.iter().sum::<f64>() / raw.len() as f64;
    assert!((mean - r.kpis.total_revenue.mean).abs() <= 1e-9 * mean.abs());
}

#[test]
fn the_workbook_has_numbers_with_formats_on_every_sheet() {
    let (dir, _s, runs) = studio_with_runs(&["si-isv-solutions"], 200);
    let sub = subject(dir.path(), runs[0]);
    let r = sub.report.clone();
    let doc = ReportDoc::single(sub, &ReportOptions { include_trials: true, firm: Some("Harbour & Finch".into()), ..Default::default() }).unwrap();
    let bytes = report::render(&doc, Format::Xlsx, &|_| {}).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let names = wb.sheet_names();
    for s in ["Summary", "By quarter", "By partner type", "By source", "By cell", "Distribution", "Assumptions", "Trials"] {
        assert!(names.iter().any(|n| n == s), "sheet {s} in {names:?}");
    }
    let summary = wb.worksheet_range("Summary").unwrap();
    let (row, _) = summary.cells().find(|(_, _, v)| matches!(v, Data::String(s) if s == "Total revenue")).map(|(r, c, _)| (r, c)).unwrap();
    let k = &r.kpis.total_revenue;
    let got: Vec<Data> = (1..=7).map(|c| summary.get((row, c)).cloned().unwrap()).collect();
    assert_eq!(got, [k.mean, k.p10, k.p25, k.p50, k.p75, k.p90, k.std_error].map(Data::Float).to_vec(), "numbers, not text");
    let q = wb.worksheet_range("By quarter").unwrap();
    let q1 = q.rows().find(|row| matches!(&row[0], Data::String(s) if s == "Q1")).unwrap();
    assert_eq!(q1[3], Data::Float(r.by_quarter[0].revenue.p50));
    let trials = wb.worksheet_range("Trials").unwrap();
    assert_eq!(trials.height() as u64, r.trials + 1);
    // Number formats travel with the numbers: currency, percentages.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("$#,##0"), "a currency format: {styles}");
    assert!(styles.contains("0.0%"), "a percentage format");
    // LibreOffice, where installed, converts it: another reader agrees.
    if let Ok(out) = Command::new("soffice").arg("--version").output() {
        if out.status.success() {
            let x = dir.path().join("book.xlsx");
            std::fs::write(&x, &bytes).unwrap();
            let st = Command::new("soffice").args(["--headless", "--convert-to", "csv", "--outdir"]).arg(dir.path()).arg(&x).status().unwrap();
            assert!(st.success());
            let csv = std::fs::read_to_string(dir.path().join("book.csv")).unwrap();
            assert!(csv.contains(&r.scenario.name));
        }
    } else {
        eprintln!("LibreOffice is not installed: checked the workbook with calamine only");
    }
}

#[test]
fn a_comparison_from_stored_runs_pairs_their_trials_as_the_compare_command_does() {
    let (dir, s, runs) = studio_with_runs(&["reseller-heavy", "balanced-ecosystem"], 300);
    let a = subject(dir.path(), runs[0]);
    let b = subject(dir.path(), runs[1]);
    let doc = ReportDoc::comparison(vec![a.clone(), b.clone()], None, &ReportOptions::default()).unwrap();
    // The same pairing the compare command computes, running both together.
    let st = Store::open(&dir.path().join("studio.db")).unwrap();
    let designs: Vec<_> = ["reseller-heavy", "balanced-ecosystem"].iter().map(|slug| st.load_for_run(st.resolve(ecosim_store::parse_ref(slug)).unwrap()).unwrap().0).collect();
    let fresh = compare(&mut ecosim_core::engine::shard::Runner::Local, &designs, 300, 7, a.report.sampling, &|_, _| {}, &std::sync::atomic::AtomicBool::new(false)).unwrap();
    assert_eq!(doc.pairings[0].differences, fresh.pairings[0].differences);
    // A design against itself differs by exactly nothing.
    let same = ReportDoc::comparison(vec![a.clone(), a.clone()], None, &ReportOptions::default()).unwrap();
    for d in &same.pairings[0].differences {
        assert_eq!((d.difference.min, d.difference.max, d.probability_tie), (0.0, 0.0, 1.0), "{}", d.kpi);
    }
    // Every format renders a comparison; the PDF says who beat whom.
    for f in Format::ALL {
        assert!(!report::render(&doc, f, &|_| {}).unwrap().is_empty());
    }
    let path = dir.path().join("cmp.pdf");
    s.export_report(&runs, Format::Pdf, &path, &ReportOptions::default(), &|_| {}).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"], "poppler-utils");
    assert!(text.contains("chance of beating it"), "{text}");
    assert!(text.contains("Paired differences"));
    // Runs with different seeds cannot be paired, and the error says why.
    let mut other = b.clone();
    other.report.seed = 8;
    let err = ReportDoc::comparison(vec![a, other], None, &ReportOptions::default()).unwrap_err().to_string();
    assert!(err.contains("seed") && err.contains("7 vs 8"), "{err}");
}

#[test]
fn bad_options_are_refused_with_the_field_and_nothing_is_written() {
    let (dir, s, runs) = studio_with_runs(&["reseller-heavy"], 100);
    assert!(Format::from_path(Path::new("out.docx")).unwrap_err().to_string().contains(".docx is not a report format"));
    assert!(Format::from_path(Path::new("report")).unwrap_err().to_string().contains("needs an extension"));
    let bad_logo = dir.path().join("logo.png");
    std::fs::write(&bad_logo, b"not an image").unwrap();
    let err = s.export_report(&runs, Format::Pdf, &dir.path().join("x.pdf"), &ReportOptions { logo: Some(bad_logo), ..Default::default() }, &|_| {}).unwrap_err();
    assert!(err.message.contains("--logo") && err.message.contains("not a PNG"), "{}", err.message);
    assert!(!dir.path().join("x.pdf").exists());
    // A report over an existing file replaces it whole, never half.
    let target = dir.path().join("keep.html");
    std::fs::write(&target, "previous").unwrap();
    assert!(s.export_report(&[9999], Format::Html, &target, &ReportOptions::default(), &|_| {}).is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous");
}

#[test]
fn a_logo_goes_on_the_title_page_and_charts_export_as_png_and_svg() {
    let (dir, _s, runs) = studio_with_runs(&["marketplace-cosell"], 150);
    // A small PNG logo, made here.
    let logo = dir.path().join("logo.png");
    {
        let f = std::fs::File::create(&logo).unwrap();
        let mut enc = png::Encoder::new(f, 40, 20);
        enc.set_color(png::ColorType::Rgb);
        enc.write_header().unwrap().write_image_data(&vec![0x30u8; 40 * 20 * 3]).unwrap();
    }
    let sub = subject(dir.path(), runs[0]);
    let doc = ReportDoc::single(sub, &ReportOptions { logo: Some(logo), ..Default::default() }).unwrap();
    let html = String::from_utf8(report::render(&doc, Format::Html, &|_| {}).unwrap()).unwrap();
    assert!(html.contains("<img alt=\"logo\" src=\"data:image/png;base64,"));
    let pdf = dir.path().join("logo.pdf");
    report::write(&doc, Format::Pdf, &pdf, &|_| {}).unwrap();
    let images = tool("pdfimages", &["-list", pdf.to_str().unwrap()], "poppler-utils");
    assert!(images.lines().any(|l| l.contains(" 40 ") && l.contains(" 20 ")), "the logo is in the PDF: {images}");
    let files = report::write_charts(&doc, &dir.path().join("png"), true).unwrap();
    assert_eq!(files.len(), charts::list(&doc).len());
    for f in &files {
        assert!(std::fs::read(f).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"), "{}", f.display());
    }
    let files = report::write_charts(&doc, &dir.path().join("svg"), false).unwrap();
    for f in &files {
        let svg = std::fs::read_to_string(f).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("font-family=\"Inter\""), "{}", f.display());
    }
}

/// The three per-quarter charts of the app's results screen, by the titles they carry there.
const ARR_FAN: &str = "ARR at the end of each quarter";
const TYPE_AREA: &str = "Revenue by partner type over quarters";
const BOOKINGS: &str = "Bookings and recognised revenue";

/// Text with every run of white space made one space: a caption wrapped over lines reads whole.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `needle` first occurs in `text`, or a failure naming it.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the text"))
}

/// Partner types that recognised revenue: the layers the stacked area must have.
fn types_with_revenue(r: &RunReport) -> Vec<&str> {
    r.by_partner_type.iter().filter(|t| !t.revenue_by_quarter.is_empty() && t.revenue.mean > 0.0).map(|t| t.name.as_str()).collect()
}

#[test]
fn a_subscription_report_has_the_arr_fan_revenue_by_type_over_quarters_and_bookings_after_the_revenue_fan() {
    let (dir, _s, runs) = studio_with_runs(&["balanced-ecosystem"], 200);
    let sub = subject(dir.path(), runs[0]);
    let r = sub.report.clone();
    assert_eq!(r.revenue_recognition, RevenueRecognition::Subscription);
    let doc = ReportDoc::single(sub, &ReportOptions::default()).unwrap();
    let ids: Vec<&str> = charts::list(&doc).iter().map(|c| c.id).collect();
    assert_eq!(ids[..5], ["fan", "arr-fan", "type-area", "bookings", "distribution"], "{ids:?}");

    let cur = r.currency.as_str();
    let m = |v: f64| report::format::money_short(v, cur);
    let last = r.by_quarter.last().unwrap();
    let q = last.quarter;
    assert!(last.arr.p50 > 0.0 && last.bookings.mean > 0.0, "a subscription run has ARR and bookings");
    // The captions say the run's figures, in the app's words.
    let arr = format!("Partner-sourced ARR reaches {} by the end of Q{q} (median; 8 in 10 futures between {} and {})", m(last.arr.p50), m(last.arr.p10), m(last.arr.p90));
    let booked: f64 = r.by_quarter.iter().map(|x| x.bookings.mean).sum();
    let bookings = format!(
        "{} of new annual contract value is booked over the horizon; recognised a quarter at a time, it builds to {} in Q{q}, against {} booked that quarter (means).",
        m(booked),
        m(last.revenue.mean),
        m(last.bookings.mean)
    );
    let mut lead: Vec<(&str, f64)> = r.by_partner_type.iter().filter(|t| t.revenue.mean > 0.0).map(|t| (t.name.as_str(), t.revenue_by_quarter.last().unwrap().mean)).collect();
    lead.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = lead.iter().map(|x| x.1).sum();
    let by_type = format!("By the last quarter {} brings {} of the {} recognised (mean), then {} with {}.", lead[0].0, report::format::pct(lead[0].1 / total, 0), m(total), lead[1].0, report::format::pct(lead[1].1 / total, 0));

    // The PDF: titles in reading order, the captions whole with their figures.
    let path = dir.path().join("report.pdf");
    report::write(&doc, Format::Pdf, &path, &|_| {}).unwrap();
    let text = one_line(&tool("pdftotext", &[path.to_str().unwrap(), "-"], "poppler-utils"));
    let fan = at(&text, "The line is the median forecast");
    let (a, t, b) = (at(&text, ARR_FAN), at(&text, TYPE_AREA), at(&text, BOOKINGS));
    assert!(fan < a && a < t && t < b && b < at(&text, "Distribution of total revenue"), "the new charts follow the revenue fan: {fan} {a} {t} {b}");
    for caption in [&arr, &bookings, &by_type] {
        assert!(text.contains(caption.as_str()), "the PDF says {caption:?}");
    }

    // The HTML: each a figure with its title and caption, in the same order.
    let html = String::from_utf8(report::render(&doc, Format::Html, &|_| {}).unwrap()).unwrap();
    let dom = tl::parse(&html, tl::ParserOptions::default()).unwrap();
    let parser = dom.parser();
    let figures: Vec<String> = dom.query_selector("figure").unwrap().filter_map(|h| h.get(parser)?.as_tag()?.attributes().id().map(|i| i.as_utf8_str().to_string())).collect();
    assert_eq!(figures[..5], ["chart-fan", "chart-arr-fan", "chart-type-area", "chart-bookings", "chart-distribution"], "{figures:?}");
    for (id, title, caption) in [("chart-arr-fan", ARR_FAN, &arr), ("chart-type-area", TYPE_AREA, &by_type), ("chart-bookings", BOOKINGS, &bookings)] {
        let fig = dom.get_element_by_id(id).unwrap().get(parser).unwrap().as_tag().unwrap();
        let part = |sel: &str| fig.query_selector(parser, sel).unwrap().next().unwrap().get(parser).unwrap().inner_text(parser).to_string();
        assert_eq!(part("h3"), title);
        assert!(html_unescape(&part("figcaption")).contains(caption.as_str()), "{id}: {:?} has {caption:?}", part("figcaption"));
        assert_eq!(fig.query_selector(parser, "svg").unwrap().count(), 1, "{id} is drawn inline");
    }
    // The bookings chart has a bar per quarter, the ARR fan its two bands.
    let svg = |id: &str| {
        let c = charts::list(&doc).into_iter().find(|c| c.id == id).unwrap();
        charts::svg(&doc, &c, false).unwrap()
    };
    let bars = svg("bookings").matches("<rect").count();
    assert!(bars >= r.by_quarter.len(), "{bars} rectangles for {} quarters", r.by_quarter.len());
    assert_eq!(svg("arr-fan").matches("<polygon").count(), 2, "P10–P90 and P25–P75");
}

/// `&amp;` and friends back to their characters (the parser returns the text as written).
fn html_unescape(s: &str) -> String {
    s.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[test]
fn a_one_time_report_has_no_arr_fan_but_keeps_revenue_by_type_and_bookings() {
    // A schema-1 design: migrated on load, its revenue is one-time.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema1/scenarios/reseller-heavy.json");
    let l = load_scenario(&fixture, None).unwrap();
    let mut o = RunOptions::for_scenario(&l.scenario);
    o.trials = 150;
    o.seed = 7;
    let r = RunReport::new(&l.model, &l.scenario, &run_simple(&l.model, &l.scenario, &o).unwrap());
    assert_eq!(r.revenue_recognition, RevenueRecognition::OneTime);
    assert_eq!(r.kpis.arr_final.max, 0.0, "no ARR to draw");
    let sub = Subject { run_id: None, report: r.clone(), scenario: l.scenario.doc.clone(), model: l.model.doc.clone(), trials: Vec::new() };
    let doc = ReportDoc::single(sub, &ReportOptions::default()).unwrap();
    let list = charts::list(&doc);
    let ids: Vec<&str> = list.iter().map(|c| c.id).collect();
    assert_eq!(ids[..4], ["fan", "type-area", "bookings", "distribution"], "no ARR fan, not an empty one: {ids:?}");
    let booked: f64 = r.by_quarter.iter().map(|x| x.bookings.mean).sum();
    let caption = format!("One-time revenue: each quarter's bookings are its revenue, {} over the horizon (mean).", report::format::money_short(booked, &r.currency));
    assert_eq!(list[2].caption, caption);

    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("one-time-report.pdf");
    report::write(&doc, Format::Pdf, &path, &|_| {}).unwrap();
    let text = one_line(&tool("pdftotext", &[path.to_str().unwrap(), "-"], "poppler-utils"));
    assert!(!text.contains(ARR_FAN) && !text.contains("Partner-sourced ARR"), "no ARR fan in the PDF");
    assert!(text.contains(TYPE_AREA) && text.contains(BOOKINGS) && text.contains(&caption));
    let html = String::from_utf8(report::render(&doc, Format::Html, &|_| {}).unwrap()).unwrap();
    assert!(!html.contains(ARR_FAN) && !html.contains("id=\"chart-arr-fan\""));
    assert!(html.contains("id=\"chart-type-area\"") && html.contains("id=\"chart-bookings\""));
    // Nor among the exported chart files.
    let files = report::write_charts(&doc, &Path::new(env!("CARGO_TARGET_TMPDIR")).join("one-time-charts"), false).unwrap();
    let names: Vec<String> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(names.contains(&"bookings.svg".to_string()) && !names.iter().any(|n| n.starts_with("arr")), "{names:?}");
}

#[test]
fn the_stacked_area_has_one_filled_layer_per_partner_type_with_revenue() {
    let (dir, _s, runs) = studio_with_runs(&["marketplace-cosell"], 200);
    let sub = subject(dir.path(), runs[0]);
    let r = sub.report.clone();
    let doc = ReportDoc::single(sub, &ReportOptions::default()).unwrap();
    let chart = charts::list(&doc).into_iter().find(|c| c.id == "type-area").expect("a stacked area of revenue by type");
    assert_eq!(chart.title, TYPE_AREA);
    let svg = charts::svg(&doc, &chart, true).unwrap();
    let with = types_with_revenue(&r);
    assert!(with.len() >= 2 && with.len() < r.by_partner_type.len(), "some types recognise revenue, some none: {with:?}");
    // One filled polygon per type, each in its own colour of the palette, largest first.
    let fills: Vec<&str> = svg.match_indices("<polygon").map(|(i, _)| {
        let tag = &svg[i..i + svg[i..].find("/>").unwrap()];
        let f = &tag[tag.find("fill=\"").unwrap() + 6..];
        &f[..f.find('"').unwrap()]
    }).collect();
    assert_eq!(fills.len(), with.len(), "layers {fills:?} for types {with:?}");
    let palette: Vec<String> = charts::CATEGORICAL.iter().take(with.len()).map(|c| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)).collect();
    assert_eq!(fills, palette);
    // The legend names every type with revenue and no other.
    let texts: Vec<&str> = svg.match_indices("<text").map(|(i, _)| {
        let t = &svg[i..];
        &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()]
    }).collect();
    for t in &r.by_partner_type {
        let named = texts.iter().any(|x| html_unescape(x.trim()) == t.name);
        assert_eq!(named, with.contains(&t.name.as_str()), "{} (mean revenue {}) in the legend: {named}", t.name, t.revenue.mean);
    }
    // Stacked: each layer sits on the one below (its lower edge is that layer's upper edge),
    // the first on a flat baseline; quarter by quarter, left to right.
    let n = r.by_quarter.len();
    let points: Vec<Vec<(i32, i32)>> = svg.match_indices("<polygon").map(|(i, _)| {
        let tag = &svg[i..];
        let p = &tag[tag.find("points=\"").unwrap() + 8..];
        p[..p.find('"').unwrap()].split_whitespace().map(|xy| {
            let (x, y) = xy.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        }).collect()
    }).collect();
    for (k, layer) in points.iter().enumerate() {
        assert_eq!(layer.len(), 2 * n, "layer {k}: an upper and a lower edge over {n} quarters");
        let (upper, lower) = layer.split_at(n);
        let lower: Vec<(i32, i32)> = lower.iter().rev().copied().collect();
        assert!(upper.windows(2).all(|w| w[0].0 < w[1].0), "layer {k} runs left to right");
        if k == 0 {
            assert!(lower.iter().all(|p| p.1 == lower[0].1), "the first layer stands on the baseline");
        } else {
            assert_eq!(lower, points[k - 1][..n], "layer {k} sits on layer {}", k - 1);
        }
        assert!(upper.iter().zip(&lower).all(|(u, l)| u.1 <= l.1) && upper.iter().zip(&lower).any(|(u, l)| u.1 < l.1), "layer {k} has thickness");
    }
}

/// The charts of a report of `sub`, its run first changed by `edit`.
fn charts_of(sub: &Subject, edit: impl FnOnce(&mut RunReport)) -> Vec<charts::Chart> {
    let mut s = sub.clone();
    edit(&mut s.report);
    charts::list(&ReportDoc::single(s, &ReportOptions::default()).unwrap())
}

/// The caption of the chart `id`, or a failure naming the charts there are.
fn caption_of(list: &[charts::Chart], id: &str) -> String {
    list.iter().find(|c| c.id == id).map(|c| c.caption.clone()).unwrap_or_else(|| panic!("no {id} chart among {:?}", list.iter().map(|c| c.id).collect::<Vec<_>>()))
}

// The captions are the app's too (its results screen shows them through `run_charts`), so
// what they say is pinned here, case by case: the trend of the revenue fan, the leading type
// and the concentration, the target line, the best and least covered cells, the pattern that
// adds most with its range.
#[test]
fn chart_captions_say_the_trend_the_leaders_the_target_the_covered_cells_and_the_best_pattern() {
    use ecosim_core::model::TargetMetric;
    use ecosim_core::output::{RevenueSource, TargetInfo};
    let (dir, _s, runs) = studio_with_runs(&["balanced-ecosystem"], 200);
    let sub = subject(dir.path(), runs[0]);
    let r = sub.report.clone();
    let cur = r.currency.clone();
    let m = |v: f64| report::format::money_short(v, &cur);
    let p = |v: f64| report::format::pct(v, 0);
    let list = charts_of(&sub, |_| {});

    // Revenue per quarter: what the bands are, how revenue moves from the first quarter to the
    // last, and the last quarter's range.
    let (q1, qn) = (&r.by_quarter[0], r.by_quarter.last().unwrap());
    let n = qn.quarter;
    assert_eq!(q1.quarter, 1);
    assert!(qn.revenue.p50 > q1.revenue.p50 * 1.02, "subscription revenue builds up from the first quarter");
    assert_eq!(
        caption_of(&list, "fan"),
        format!(
            "The line is the median forecast; the darker band holds half of the futures (P25–P75), the lighter one 8 in 10 (P10–P90). Revenue grows from {} in Q1 to {} in Q{n} (median); the last quarter lands between {} and {} in 8 in 10 futures.",
            m(q1.revenue.p50),
            m(qn.revenue.p50),
            m(qn.revenue.p10),
            m(qn.revenue.p90)
        )
    );
    let trend = |first: f64, last: f64| {
        caption_of(
            &charts_of(&sub, |r| {
                r.by_quarter[0].revenue.p50 = first;
                r.by_quarter.last_mut().unwrap().revenue.p50 = last;
            }),
            "fan",
        )
    };
    for (first, last, says) in [
        (3_400_000.0, 6_000_000.0, format!("Revenue grows from $3.4M in Q1 to $6M in Q{n} (median);")),
        (3_400_000.0, 2_000_000.0, format!("Revenue falls from $3.4M in Q1 to $2M in Q{n} (median);")),
        (3_400_000.0, 3_434_000.0, format!("Revenue holds at about $3.4M a quarter from Q1 to Q{n} (median);")),
        (0.0, 0.0, format!("Revenue holds at about $0 a quarter from Q1 to Q{n} (median);")),
    ] {
        let c = trend(first, last);
        assert!(c.contains(&says), "{first} → {last}: {c:?} says {says:?}");
    }
    let one = caption_of(&charts_of(&sub, |r| r.by_quarter.truncate(1)), "fan");
    assert!(one.contains(&format!("Revenue in Q1 is {} (median); the last quarter lands between {} and {}", m(q1.revenue.p50), m(q1.revenue.p10), m(q1.revenue.p90))), "{one}");

    // ARR: the net revenue retention when the run has one.
    let nrr = r.kpis.net_revenue_retention.as_ref().expect("a subscription run keeps its NRR");
    let arr = caption_of(&list, "arr-fan");
    assert!(arr.ends_with(&format!(" (median; 8 in 10 futures between {} and {}), keeping {} of a year-old customer base's ARR (net revenue retention).", m(qn.arr.p10), m(qn.arr.p90), p(nrr.p50))), "{arr}");
    let arr = caption_of(&charts_of(&sub, |r| r.kpis.net_revenue_retention = None), "arr-fan");
    assert!(arr.ends_with(&format!("(median; 8 in 10 futures between {} and {}).", m(qn.arr.p10), m(qn.arr.p90))), "{arr}");

    // The distribution: the median, the range, and the target the dashed line marks.
    let k = &r.kpis.total_revenue;
    let spread = format!("Total revenue is {} in the median future; 8 in 10 futures land between {} and {}.", m(k.p50), m(k.p10), m(k.p90));
    let target = r.target.as_ref().expect("the scenario has a target");
    assert_eq!(target.metric, TargetMetric::TotalRevenue);
    let chance = r.kpis.probability_of_target.as_ref().unwrap().mean;
    assert_eq!(
        caption_of(&list, "distribution"),
        format!(
            "Bars: the share of futures in each revenue range. Curve (right axis): the chance that total revenue stays at or below a figure. {spread} The dashed line marks the {} target: there is a {} chance of reaching it.",
            m(target.value),
            p(chance)
        )
    );
    let edits: [fn(&mut RunReport); 2] = [|r| r.target = None, |r| r.target = Some(TargetInfo { metric: TargetMetric::CoverageFinal, value: 0.3 })];
    for edit in edits {
        let c = caption_of(&charts_of(&sub, edit), "distribution");
        assert!(c.ends_with(&spread) && !c.contains("target"), "no revenue target, no line: {c}");
    }

    // By partner type: the type that transacts the most, and the top three's share.
    let mut types: Vec<_> = r.by_partner_type.iter().filter(|t| t.revenue.max > 0.0).collect();
    types.sort_by(|a, b| b.revenue.mean.total_cmp(&a.revenue.mean));
    assert!(types.len() > 3, "{} types transact", types.len());
    let top = types[0];
    let lead = format!(
        "Mean revenue each partner type transacts over the horizon, with its P10–P90 range. {} is the type that transacts the most: {} ({} of the total)",
        top.name,
        m(top.revenue.mean),
        p(top.share_of_revenue)
    );
    let top3: f64 = types.iter().take(3).map(|t| t.share_of_revenue).sum();
    assert_eq!(caption_of(&list, "by-partner-type"), format!("{lead}; the top three of {} types bring {}.", types.len(), p(top3)));
    let keep: Vec<String> = types.iter().take(3).map(|t| t.partner_type.clone()).collect();
    let few = charts_of(&sub, |r| r.by_partner_type.iter_mut().filter(|t| !keep.contains(&t.partner_type)).for_each(|t| t.revenue.max = 0.0));
    assert_eq!(caption_of(&few, "by-partner-type"), format!("{lead}."), "three types or fewer: no concentration to speak of");
    let none = charts_of(&sub, |r| r.by_partner_type.iter_mut().for_each(|t| t.revenue.max = 0.0));
    assert_eq!(caption_of(&none, "by-partner-type"), "No partner type transacted revenue in this run.");

    // By source: the split, with marketplace buyers only when they bring any.
    let share = |r: &RunReport, s: RevenueSource| p(r.by_source.iter().find(|x| x.source == s).unwrap().share_of_revenue);
    let split = |r: &RunReport| {
        format!(
            "{} of revenue comes from partners' own pipeline; referrals source {} and collaboration influences {}",
            share(r, RevenueSource::OwnPipeline),
            share(r, RevenueSource::ReferralSourced),
            share(r, RevenueSource::CollaborationInfluenced)
        )
    };
    let with_market = |r: &mut RunReport| r.by_source.iter_mut().find(|x| x.source == RevenueSource::Marketplace).unwrap().share_of_revenue = 0.13;
    let mut r13 = r.clone();
    with_market(&mut r13);
    assert_eq!(caption_of(&charts_of(&sub, with_market), "by-source"), format!("{}; marketplace buyers bring 13%.", split(&r13)));
    let no_market = charts_of(&sub, |r| r.by_source.iter_mut().find(|x| x.source == RevenueSource::Marketplace).unwrap().share_of_revenue = 0.0);
    assert_eq!(caption_of(&no_market, "by-source"), format!("{}.", split(&r)));
    let without = charts_of(&sub, |r| r.by_source.retain(|x| x.source != RevenueSource::Marketplace));
    assert_eq!(caption_of(&without, "by-source"), format!("{}.", split(&r)));
    assert_eq!(caption_of(&charts_of(&sub, |r| r.by_source.clear()), "by-source"), "The run has no revenue by source.");

    // Coverage: the whole market, and the best and least covered cells by the model's names.
    let cells = charts_of(&sub, |r| {
        for c in &mut r.by_cell {
            c.coverage_final.mean = match (c.segment.as_str(), c.region.as_str()) {
                ("mid_market", "latam") => 0.95,
                ("smb", "apac") => 0.01,
                _ => 0.4,
            };
        }
    });
    let (seg, reg) = (sub.segment_name("mid_market"), sub.region_name("latam"));
    assert_ne!(seg, "mid_market", "the model names its segments");
    assert_eq!(
        caption_of(&cells, "coverage"),
        format!(
            "The share of each cell's accounts the ecosystem reaches by the last quarter (mean over trials). Partners work {} of the whole market by then (median). Best covered: {seg} in {reg} (95%); least: {} in {} (1%).",
            p(r.kpis.coverage_final.p50),
            sub.segment_name("smb"),
            sub.region_name("apac")
        )
    );
    assert_eq!(caption_of(&charts_of(&sub, |r| r.by_cell.clear()), "coverage"), "The run has no cells to show.");

    // By pattern: the one that adds the most with its range, the trials measured, and the
    // patterns that cost more in fees than they add.
    assert!(r.by_pattern.len() >= 3 && r.by_pattern_trials > 0, "{} patterns over {} trials", r.by_pattern.len(), r.by_pattern_trials);
    let positive = |r: &mut RunReport| r.by_pattern.iter_mut().for_each(|p| p.revenue_added.mean = p.revenue_added.mean.abs());
    let mut rp = r.clone();
    positive(&mut rp);
    let best = rp.by_pattern.iter().max_by(|a, b| a.revenue_added.mean.total_cmp(&b.revenue_added.mean)).unwrap();
    let s = &best.revenue_added;
    let said = format!(
        "What switching each pattern off would cost: the revenue it adds, with its P10–P90 range, measured with the same random numbers as the full design over {} trials. “{}” adds the most: {} on average (P10–P90 {} to {}).",
        report::format::group(r.by_pattern_trials as f64, 0),
        best.name,
        m(s.mean),
        m(s.p10),
        m(s.p90)
    );
    assert_eq!(caption_of(&charts_of(&sub, positive), "by-pattern"), said);
    let best_id = best.pattern.clone();
    let costly = |k: usize| {
        caption_of(
            &charts_of(&sub, |r| {
                positive(r);
                r.by_pattern.iter_mut().filter(|p| p.pattern != best_id).take(k).for_each(|p| p.revenue_added.mean = -20_000.0);
            }),
            "by-pattern",
        )
    };
    assert_eq!(costly(1), format!("{said} 1 pattern takes more in fees than it adds."));
    assert_eq!(costly(2), format!("{said} 2 patterns take more in fees than they add."));
    // Not measured, no chart (the app explains its empty chart in words of its own).
    assert!(!charts_of(&sub, |r| r.by_pattern_trials = 0).iter().any(|c| c.id == "by-pattern"));
}

#[test]
fn a_logo_that_is_not_one_is_refused_with_its_reason_and_never_reads_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let check = |p: &std::path::Path| report::check_logo(p).map_err(|e| e.to_string());
    // A PNG made here, then the same file cut short, and a signature alone.
    let mut good = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut good, 40, 20);
        enc.set_color(png::ColorType::Rgb);
        enc.write_header().unwrap().write_image_data(&vec![0x30u8; 40 * 20 * 3]).unwrap();
    }
    assert!(check(&write("good.png", &good)).is_ok());
    let err = check(&write("sig.png", b"\x89PNG\r\n\x1a\n")).unwrap_err();
    assert!(err.contains("sig.png") && err.contains("without its image header"), "{err}");
    let err = check(&write("cut.png", &good[..good.len() / 2])).unwrap_err();
    assert!(err.contains("cut.png") && err.contains("cannot be decoded"), "{err}");
    // An SVG a million times wider than high.
    let err = check(&write("thin.svg", br#"<svg xmlns="http://www.w3.org/2000/svg" width="1000000" height="1"><rect width="10" height="1"/></svg>"#)).unwrap_err();
    assert!(err.contains("thin.svg") && (err.contains("larger than a logo") || err.contains("long and thin")), "{err}");
    let err = check(&write("wide.svg", br#"<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="2"><rect width="10" height="1"/></svg>"#)).unwrap_err();
    assert!(err.contains("too long and thin"), "{err}");
    // 200,000 nested groups: refused before any parser recurses into them.
    let deep = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{}{}</svg>", "<g>".repeat(200_000), "</g>".repeat(200_000));
    let err = check(&write("deep.svg", deep.as_bytes())).unwrap_err();
    assert!(err.contains("nested") && err.contains("deep"), "{err}");
    // An image inside the SVG that points at a file on this machine is refused, not embedded.
    let secret = write("secret.png", &good);
    let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20"><image href="{}" width="40" height="20"/></svg>"#, secret.display());
    let err = check(&write("leak.svg", svg.as_bytes())).unwrap_err();
    assert!(err.contains("refers to an image outside itself") && err.contains("secret.png"), "{err}");
    // The same through a report: the export fails with the reason and writes nothing.
    let (d2, s, runs) = studio_with_runs(&["marketplace-cosell"], 50);
    let out = d2.path().join("r.pdf");
    let e = s.export_report(&runs, Format::Pdf, &out, &ReportOptions { logo: Some(dir.path().join("leak.svg")), ..Default::default() }, &|_| {}).unwrap_err();
    assert!(e.message.contains("outside itself"), "{}", e.message);
    assert!(!out.exists());
}

#[test]
fn the_decision_brief_is_two_pages_of_sentences_from_the_analyses() {
    let dir = tempfile::tempdir().unwrap();
    let s = Studio::open(&dir.path().join("studio.db")).unwrap();
    let id = |slug: &str| s.list(slug, false).unwrap().into_iter().find(|x| x.slug == slug).unwrap().id;
    let ids = [id("balanced-ecosystem"), id("reseller-heavy")];
    let path = dir.path().join("brief.pdf");
    let steps = std::sync::Mutex::new(Vec::new());
    s.export_brief(&ids, &path, &ReportOptions { firm: Some("Harbour & Finch Advisory".into()), ..Default::default() }, &|e| {
        if let ecosim_app::AnalysisEvent::Progress { done, total, .. } = e {
            steps.lock().unwrap().push((done, total));
        }
    })
    .unwrap();
    let steps = steps.into_inner().unwrap();
    assert_eq!(steps.last().map(|(d, t)| d == t), Some(true), "progress ends at done = total: {steps:?}");
    let p = path.to_str().unwrap();
    let info = tool("pdfinfo", &[p], "poppler-utils");
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert_eq!(pages, 2, "{info}");
    let text = one_line(&tool("pdftotext", &[p, "-"], "poppler-utils"));
    for needle in ["DECISION BRIEF", "Recommendation", "What it takes to reach the target", "What drives the downside", "What to find out first", "of futures", "Harbour & Finch Advisory", "Strong, Oakley and Brennan"] {
        assert!(text.contains(needle), "the brief says {needle:?}: {text}");
    }
    // The recommendation is the design with the higher expected net contribution, and the brief
    // says how often it beats the other on the same futures.
    let rec = if text.contains("Recommend “Reseller-heavy channel”") { "Reseller-heavy channel" } else { "Balanced ecosystem" };
    assert!(text.contains(&format!("Recommend “{rec}”")), "{text}");
    let other = if rec == "Balanced ecosystem" { "Reseller-heavy channel" } else { "Balanced ecosystem" };
    assert!(text.contains(&format!("Against “{other}” it comes out ahead in")), "{text}");
    // A brief of one design is refused by name, and a non-PDF file too.
    let e = s.export_brief(&ids[..1], &path, &ReportOptions::default(), &|_| {}).unwrap_err();
    assert!(e.message.contains("2 to 4 designs"), "{}", e.message);
    let e = s.export_brief(&ids, &dir.path().join("brief.html"), &ReportOptions::default(), &|_| {}).unwrap_err();
    assert!(e.message.contains("is a PDF"), "{}", e.message);
}

#[test]
fn the_evidence_section_says_what_was_fitted_from_the_vendors_data_and_what_is_assumed() {
    let (dir, _s, runs) = studio_with_runs(&["balanced-ecosystem"], 100);
    let mut sub = subject(dir.path(), runs[0]);
    let reseller = sub.model.partner_types[0].name.clone();
    sub.model.sources.insert("partner_types[0].win_rate".into(), "fitted from 420 closed deals worked alone of 61 partners, 2024-Q1 – 2026-Q4: Beta(130, 292), median 0.308".into());
    sub.model.sources.insert(
        "calibration".into(),
        "Calibrated from 5,319 deals of 206 partners, 2024-Q1 – 2026-Q4. Fitted: 1 parameters."
            .into(),
    );
    let assumed = sub
        .model
        .sources
        .values()
        .filter(|v| v.starts_with("Assumption") || v.starts_with("Engine default"))
        .count();
    assert!(assumed > 0, "the shipped model states its assumptions");
    let doc = ReportDoc::single(sub, &ReportOptions::default()).unwrap();
    let e = report::text::evidence(&doc).expect("the model documents its sources");
    assert_eq!(
        e.items[0].topic,
        format!("{reseller} · win rate"),
        "fitted inputs come first, named as a reader would"
    );
    assert_eq!(e.items[0].kind, report::text::EvidenceKind::Fitted);
    assert_eq!(
        e.items
            .iter()
            .filter(|i| i.kind == report::text::EvidenceKind::Assumption)
            .count(),
        assumed
    );
    assert!(
        e.summary
            .contains("1 fitted from the vendor's own partner and deal history")
            && e.summary.contains("Calibrated from 5,319 deals"),
        "{}",
        e.summary
    );
    assert!(e.overview.is_some());
    // The same section in the HTML, the PDF and the workbook; the appendix no longer repeats it.
    let html = String::from_utf8(report::render(&doc, Format::Html, &|_| {}).unwrap()).unwrap();
    let dom = tl::parse(&html, tl::ParserOptions::default()).unwrap();
    let section = dom
        .get_element_by_id("evidence")
        .expect("an Evidence section")
        .get(dom.parser())
        .unwrap()
        .inner_text(dom.parser());
    let section = html_unescape(&section);
    assert!(
        section.contains(&format!("{reseller} · win rate"))
            && section.contains("fitted from 420 closed deals"),
        "{section}"
    );
    let appendix = html_unescape(
        &dom.get_element_by_id("appendix")
            .unwrap()
            .get(dom.parser())
            .unwrap()
            .inner_text(dom.parser()),
    );
    assert!(
        !appendix.contains("fitted from 420 closed deals"),
        "the appendix repeats the sources"
    );
    let pdf = dir.path().join("r.pdf");
    std::fs::write(&pdf, report::render(&doc, Format::Pdf, &|_| {}).unwrap()).unwrap();
    let text = one_line(&tool(
        "pdftotext",
        &["-layout", pdf.to_str().unwrap(), "-"],
        "poppler-utils",
    ));
    assert!(at(&text, "Evidence") < at(&text, "Appendix: assumptions"));
    assert!(
        text.contains("Calibrated from 5,319 deals of 206 partners"),
        "{text}"
    );
    let bytes = report::render(&doc, Format::Xlsx, &|_| {}).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let ev = wb.worksheet_range("Evidence").unwrap();
    let row = ev
        .rows()
        .find(|r| matches!(&r[0], Data::String(s) if s.ends_with("· win rate")))
        .expect("the fitted row");
    assert_eq!(
        row[1],
        Data::String("Fitted from the vendor's history".into())
    );
}
