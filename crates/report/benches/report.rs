//! Report rendering benchmark: a run of 10 quarters and 8 partner types (the balanced
//! ecosystem over a 10-quarter horizon) rendered as PDF, HTML, XLSX and CSV. The target is a
//! report in under 2 s; figures are the median of 5 renders, and ratios to that target.

use std::path::Path;
use std::time::Instant;

use ecosim_core::engine::{self, RunOptions};
use ecosim_core::model::{load_scenario, Scenario};
use ecosim_core::output::RunReport;
use ecosim_report::{self as report, Format, ReportDoc, ReportOptions, Subject};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let root = &Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let l = load_scenario(&root.join("scenarios/balanced-ecosystem.json"), None).expect("the shipped scenario loads");
    let mut doc = l.scenario.doc.clone();
    doc.horizon_quarters = 10;
    let scenario = Scenario::from_doc(doc, &l.model).expect("a 10-quarter horizon is valid");
    let mut opts = RunOptions::for_scenario(&scenario);
    opts.trials = 2_000;
    opts.counterfactuals = engine::Counterfactuals::PerPattern;
    let r = engine::run(&l.model, &scenario, &opts, &|_| {}, &std::sync::atomic::AtomicBool::new(false)).expect("the run completes");
    let subject = Subject { run_id: None, report: RunReport::new(&l.model, &scenario, &r), scenario: scenario.doc.clone(), model: l.model.doc.clone(), trials: Vec::new() };
    let doc = ReportDoc::single(subject, &ReportOptions { firm: Some("Benchmark & Co".into()), ..Default::default() }).expect("a report");
    println!(
        "Report benchmark — {} quarters, {} partner types, {} charts; median of 5 renders; target 2 s per report\n",
        doc.subjects[0].report.horizon_quarters,
        doc.subjects[0].report.by_partner_type.len(),
        report::charts::list(&doc).len()
    );
    println!("{:<6} {:>10} {:>12} {:>14}", "format", "seconds", "size", "vs 2 s target");
    for f in Format::ALL {
        let _ = report::render(&doc, f, &|_| {}); // warm-up: fonts, caches
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            let t = Instant::now();
            size = report::render(&doc, f, &|_| {}).expect("renders").len();
            times.push(t.elapsed().as_secs_f64());
        }
        let s = median(times);
        println!("{:<6} {:>10.3} {:>10} kB {:>13.2}×", f.extension(), s, size / 1024, s / 2.0);
    }
}
