//! Act: `ecosim report` — a report of stored runs, or of scenarios run (and paired) now.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ecosim_core::model;
use ecosim_core::output;
use ecosim_store::{self as store, Store};

use crate::analyse::load_named;
use crate::library::looks_like_file;
use crate::term::*;

pub(crate) struct ReportRequest {
    pub(crate) target: String,
    pub(crate) compare: Vec<String>,
    pub(crate) out: Option<PathBuf>,
    pub(crate) charts: Option<PathBuf>,
    pub(crate) png: bool,
    pub(crate) options: ecosim_report::ReportOptions,
    pub(crate) tornado: Option<u64>,
    pub(crate) rerun: bool,
    pub(crate) trials: Option<u64>,
}

/// What a report argument names: a stored run (a number, or `run:N`) or a scenario.
pub(crate) fn run_number(arg: &str) -> Option<i64> {
    arg.strip_prefix("run:").unwrap_or(arg).parse::<i64>().ok().filter(|n| *n > 0)
}

pub(crate) fn report_command(db: &Path, req: ReportRequest) -> Result<ExitCode, String> {
    use ecosim_report::{self as report, ReportDoc, Subject};
    // Check the output before any simulation: a typo should not cost a run.
    let format = match &req.out {
        Some(p) => Some(report::Format::from_path(p).map_err(|e| e.to_string())?),
        None => None,
    };
    let names: Vec<&String> = std::iter::once(&req.target).chain(&req.compare).collect();
    let mut store: Option<Store> = None;
    let open = |store: &mut Option<Store>| -> Result<(), String> {
        if store.is_none() {
            *store = Some(Store::open(db).map_err(|e| e.to_string())?);
        }
        Ok(())
    };
    let simulate = |l: &model::Loaded| -> Result<Subject, String> {
        let opts = ecosim_app::RunRequest { trials: req.trials, ..Default::default() }.options(&l.scenario).map_err(|e| e.message)?;
        let bar = Bar::new(opts.trials, "trials");
        let outcome = ecosim_app::run::run_and_record(l, &opts, None, &|_| {}, &|p| {
            bar.set(p.done);
        }, &INTERRUPTED);
        drop(bar);
        match outcome {
            Ok((_, ecosim_app::run::RunEnd::Finished { report, trials, .. })) => Ok(Subject { run_id: None, report, scenario: l.scenario.doc.clone(), model: l.model.doc.clone(), trials }),
            Ok((_, ecosim_app::run::RunEnd::Cancelled)) => Err(ecosim_core::engine::RunError::Cancelled.to_string()),
            Err((_, failure)) => Err(ecosim_app::AppError::from(failure).message),
        }
    };
    let all_runs = names.iter().all(|n| run_number(n).is_some());
    let mut doc = if names.len() == 1 || all_runs {
        // Stored runs (or one scenario): reports from what is stored, no re-simulation.
        let mut subjects = Vec::new();
        for n in &names {
            let subject = match run_number(n) {
                Some(id) => {
                    open(&mut store)?;
                    ecosim_app::subject_from_run(store.as_ref().expect("opened"), id).map_err(|e| e.to_string())?
                }
                None if looks_like_file(n) => simulate(&model::load_scenario(Path::new(n.as_str()), None).map_err(|e| format!("{n}: {e}"))?)?,
                None => {
                    open(&mut store)?;
                    let st = store.as_ref().expect("opened");
                    let id = st.resolve(store::parse_ref(n)).map_err(|e| e.to_string())?;
                    let last = if req.rerun { None } else { st.list_runs(Some(id), 50).map_err(|e| e.to_string())?.into_iter().find(|r| r.status == store::RunStatus::Completed) };
                    match last {
                        Some(run) => {
                            eprintln!("using run {} of “{}” ({} trials, finished {})", run.id, run.scenario_name, output::group(run.trials as f64, 0), run.finished_at.as_deref().unwrap_or("?"));
                            ecosim_app::subject_from_run(st, run.id).map_err(|e| e.to_string())?
                        }
                        None => simulate(&st.load_for_run(id).map_err(|e| e.to_string())?.0)?,
                    }
                }
            };
            subjects.push(subject);
        }
        if subjects.len() == 1 {
            ReportDoc::single(subjects.pop().expect("one"), &req.options)
        } else {
            ReportDoc::comparison(subjects, None, &req.options)
        }
        .map_err(|e| e.to_string())?
    } else {
        // Scenarios compared: run together with one seed, so the pairing is exact.
        let mut designs = Vec::new();
        for n in &names {
            if run_number(n).is_some() {
                return Err(format!("{n}: a comparison mixes a stored run with scenarios; name only runs (paired from their stored trials) or only scenarios (run together)"));
            }
            designs.push(load_named(db, &mut store, n)?);
        }
        let first = &designs[0].scenario;
        let (trials, seed, sampling) = ecosim_app::requests::CompareRequest { trials: req.trials, seed: None }.settings(first);
        let bar = Bar::new(trials * designs.len() as u64, "trials");
        let result = ecosim_core::analysis::compare::compare(&mut ecosim_core::engine::shard::Runner::Local, &designs, trials, seed, sampling, &|done, _| {
            bar.set(done);
        }, &INTERRUPTED);
        drop(bar);
        let cmp = result.map_err(|e| e.to_string())?;
        let subjects = designs.iter().zip(cmp.reports).map(|(l, r)| Subject { run_id: None, report: r, scenario: l.scenario.doc.clone(), model: l.model.doc.clone(), trials: Vec::new() }).collect();
        ReportDoc::comparison(subjects, Some(cmp.pairings), &req.options).map_err(|e| e.to_string())?
    };
    if let Some(per_point) = req.tornado {
        if doc.is_comparison() {
            return Err("--tornado applies to the report of one design, not to a comparison".into());
        }
        let s = &doc.subjects[0];
        let m = model::Model::from_doc(s.model.clone()).map_err(|e| e.to_string())?;
        let sc = model::Scenario::from_doc(s.scenario.clone(), &m).map_err(|e| e.to_string())?;
        let k = m.inputs.paths.len() as u64;
        let bar = Bar::new(2 * k * per_point, "trials");
        let t = ecosim_core::analysis::sensitivity::tornado(&mut ecosim_core::engine::shard::Runner::Local, &m, &sc, "total_revenue", per_point, s.report.seed, &|done, total| {
            bar.set_of(done, total);
        }, &INTERRUPTED);
        drop(bar);
        doc.tornado = Some(t.map_err(|e| e.to_string())?);
    }
    if let Some(dir) = &req.charts {
        let files = report::write_charts(&doc, dir, req.png).map_err(|e| e.to_string())?;
        eprintln!("wrote {} charts to {}", files.len(), dir.display());
    }
    if let (Some(path), Some(format)) = (&req.out, format) {
        check_output(path).map_err(|e| e.to_string())?;
        let bar = Bar::new(1, "steps");
        report::write(&doc, format, path, &|p| bar.set_stage(p.done as u64, p.total as u64, p.stage))
        .map_err(|e| e.to_string())?;
        drop(bar);
        eprintln!("wrote {} ({})", path.display(), format.description());
    }
    Ok(ExitCode::SUCCESS)
}

/// `ecosim report --brief`: the decision brief of 2–4 scenarios, their analyses run now.
pub(crate) fn brief_command(db: &Path, target: &str, compare: &[String], out: Option<&Path>, firm: Option<String>, trials: Option<u64>) -> Result<ExitCode, String> {
    let path = out.ok_or("--brief writes a PDF: give it --out FILE.pdf")?;
    if ecosim_report::Format::from_path(path).map_err(|e| e.to_string())? != ecosim_report::Format::Pdf {
        return Err(format!("--out: a decision brief is a PDF, got {}", path.display()));
    }
    check_output(path).map_err(|e| e.to_string())?;
    let mut store = None;
    let mut designs = Vec::new();
    for n in std::iter::once(target).chain(compare.iter().map(String::as_str)) {
        if run_number(n).is_some() {
            return Err(format!("{n}: a brief runs its analyses on scenarios, not on stored runs"));
        }
        designs.push(load_named(db, &mut store, n)?);
    }
    let bar = Bar::new(ecosim_app::brief::BRIEF_STEPS, "analyses");
    let b = ecosim_app::brief::decision_brief(designs, firm, trials, &|d, t| bar.set_of(d, t), &INTERRUPTED).map_err(|e| e.message)?;
    drop(bar);
    ecosim_report::write_brief(&b, path).map_err(|e| e.to_string())?;
    eprintln!("wrote {} (decision brief: recommends “{}”)", path.display(), b.compare.reports[0].scenario.name);
    Ok(ExitCode::SUCCESS)
}
