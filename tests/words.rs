//! Words and numbers written once: a run's headline figures, rendered through the core's
//! formatting (`ecosim_core::words`), read the same in the PDF (as poppler extracts its text),
//! the HTML, the XLSX workbook and — through `ui/src/api/words.json`, whose cases the UI's
//! `src/common/words.test.ts` checks against its own formatting — on the app's screens.

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use ecosim_app::{RunRequest, Studio};
use ecosim_core::output::RevenueSource;
use ecosim_core::words::{money_short, money_short_cases, words_json};
use ecosim_report::{self as report, Format, ReportDoc, ReportOptions};
use ecosim_store::Store;

fn pdf_text(bytes: &[u8], dir: &std::path::Path) -> String {
    let path = dir.join("words.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed to check the PDF's words ({e}); install it with: apt-get install poppler-utils"));
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    // pdftotext lays text out in columns: compare words, not spacing.
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn xlsx_text(bytes: &[u8]) -> String {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for (_, _, v) in range.cells() {
            if let Data::String(s) = v {
                text.push_str(s);
                text.push('\n');
            }
        }
    }
    text
}

/// A new studio (its shipped scenarios seeded) in a temporary folder, and the balanced
/// ecosystem's id in it.
fn balanced_studio() -> (tempfile::TempDir, Studio, i64) {
    let dir = tempfile::tempdir().unwrap();
    let studio = Studio::open(&dir.path().join("studio.db")).unwrap();
    let id = studio.list("balanced-ecosystem", false).unwrap().into_iter().find(|s| s.slug == "balanced-ecosystem").unwrap().id;
    (dir, studio, id)
}

#[test]
fn a_runs_figures_read_the_same_in_the_pdf_the_html_and_the_workbook() {
    let (dir, studio, id) = balanced_studio();
    let run = studio.run(id, &RunRequest { trials: Some(200), seed: Some(3), ..Default::default() }, &|_| {}).unwrap();
    let subject = ecosim_app::subject_from_run(&Store::open(&dir.path().join("studio.db")).unwrap(), run).unwrap();
    let r = subject.report.clone();
    let doc = ReportDoc::single(subject, &ReportOptions::default()).unwrap();

    let pdf = pdf_text(&report::render(&doc, Format::Pdf, &|_| {}).unwrap(), dir.path());
    let html = String::from_utf8(report::render(&doc, Format::Html, &|_| {}).unwrap()).unwrap();
    let xlsx = xlsx_text(&report::render(&doc, Format::Xlsx, &|_| {}).unwrap());

    // The executive summary's figures, in the one short-money rule.
    let cur = &r.currency;
    let k = &r.kpis;
    let figures = [money_short(k.total_revenue.p50, cur), money_short(k.total_costs.mean, cur), money_short(k.net_contribution.p50, cur)];
    for f in &figures {
        assert!(pdf.contains(f.as_str()), "the PDF says {f}");
        assert!(html.contains(f.as_str()), "the HTML says {f}");
        assert!(xlsx.contains(f.as_str()), "the workbook says {f}");
    }
    // The revenue sources' names, the core's.
    for s in RevenueSource::ALL {
        assert!(pdf.contains(s.label()), "the PDF names {}", s.label());
        assert!(html.contains(s.label()), "the HTML names {}", s.label());
        assert!(xlsx.contains(s.label()), "the workbook names {}", s.label());
    }
}

#[test]
fn the_ui_is_handed_the_same_rule_and_names() {
    // What words.json carries is what the reports use (bindings.rs keeps the file current).
    let w = words_json();
    for (i, (value, currency, text)) in money_short_cases().into_iter().enumerate() {
        assert_eq!(w["money_short"][i]["value"].as_f64(), Some(value));
        assert_eq!(w["money_short"][i]["currency"].as_str(), Some(currency));
        assert_eq!(w["money_short"][i]["text"].as_str(), Some(text.as_str()));
        assert_eq!(text, report::format::money_short(value, currency), "the reports' short money is the core's");
    }
    for s in RevenueSource::ALL {
        assert_eq!(w["sources"][s.id()].as_str(), Some(s.label()));
        assert_eq!(report::charts::source_name(s), s.label());
    }
}

#[test]
fn an_empty_pattern_chart_is_explained_in_the_reports_words_which_the_app_receives() {
    let (_dir, studio, id) = balanced_studio();
    let run = studio.run(id, &RunRequest { trials: Some(100), seed: Some(3), ..Default::default() }, &|_| {}).unwrap();
    let r = studio.report(run).unwrap();
    // A run that measured its patterns: the chart is in the reports, with its own caption.
    assert_eq!(report::charts::empty_by_pattern(&r), None);
    let words = studio.run_charts(run).unwrap();
    assert_eq!(words.iter().filter(|w| w.id == "by-pattern").count(), 1);
    // Not measured, or no pattern at all: the reports leave the chart out; the app is told why.
    let mut r2 = r.clone();
    r2.by_pattern_trials = 0;
    assert_eq!(report::charts::empty_by_pattern(&r2), Some((report::charts::BY_PATTERN, "This run did not measure what each pattern adds.")));
    r2.by_pattern.clear();
    assert_eq!(report::charts::empty_by_pattern(&r2).map(|w| w.1), Some("No collaboration pattern is enabled in this design."));
    r2.collaboration_measured = false;
    assert_eq!(report::charts::empty_by_pattern(&r2).map(|w| w.1), Some("This run did not measure what each pattern adds."));
    let quick = studio.run(id, &RunRequest { trials: Some(50), seed: Some(3), tuning: ecosim_app::Tuning { quick: true, ..Default::default() }, ..Default::default() }, &|_| {}).unwrap();
    let words = studio.run_charts(quick).unwrap();
    let pattern = words.iter().find(|w| w.id == "by-pattern").expect("the app's empty chart has words");
    assert_eq!((pattern.title.as_str(), pattern.caption.as_str()), (report::charts::BY_PATTERN, "This run did not measure what each pattern adds."));
}

#[test]
fn the_analyses_the_app_shows_carry_the_words_the_reports_print() {
    let (dir, studio, id) = balanced_studio();
    let other = studio.list("reseller-heavy", false).unwrap().into_iter().find(|s| s.slug == "reseller-heavy").unwrap().id;
    let model = studio.detail(id).unwrap().model;
    let words = |charts: &[ecosim_app::ChartWords], id: &str| charts.iter().find(|w| w.id == id).map(|w| report::charts::Words { title: w.title.clone(), caption: w.caption.clone() });

    // The comparison on screen says what the comparison's report says, chart by chart.
    let compared = studio.compare(&[id, other], Some(40), Some(5), &|_| {}).unwrap();
    let reports: Vec<&ecosim_core::output::RunReport> = compared.report.reports.iter().collect();
    let fan = report::charts::compare_fan_words(&reports);
    assert!(fan.caption.contains(" runs highest at "), "{}", fan.caption);
    assert_eq!(words(&compared.charts, "compare-fan"), Some(fan.clone()));
    assert_eq!(words(&compared.charts, "compare-s-curve"), Some(report::charts::compare_s_curve_words(&reports)));
    let path = dir.path().join("comparison.html");
    studio.export_comparison(&[id, other], Some(40), Some(5), Format::Html, &path, &ReportOptions::default(), &|_| {}).unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains(&report::html::escape(&fan.caption)), "the comparison report prints the caption the compare screen shows");

    // Each sensitivity analysis, in the words of the model's inputs and currency.
    let tornado = studio.tornado(id, "total_revenue", Some(10), &|_| {}).unwrap();
    assert_eq!(tornado.charts.len(), 1);
    assert_eq!(words(&tornado.charts, "tornado"), Some(report::charts::tornado_words(&tornado.report, &model, &model.currency)));
    assert!(tornado.charts[0].caption.contains("Total revenue is most sensitive to "), "{}", tornado.charts[0].caption);
    let spider = studio.spider(id, "total_revenue", Some(10), &|_| {}).unwrap();
    assert_eq!(words(&spider.charts, "spider"), Some(report::charts::spider_words(&spider.report, &model, &model.currency)));
    let sobol = studio.sobol(id, "total_revenue", Some(8), &|_| {}).unwrap();
    assert_eq!(words(&sobol.charts, "sobol"), Some(report::charts::sobol_words(&sobol.report, &model)));
    let attribution = studio.attribution(id, Some(10), &|_| {}).unwrap();
    assert_eq!(words(&attribution.charts, "attribution"), Some(report::charts::attribution_words(&attribution.report)));
}
