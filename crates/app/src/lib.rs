//! The studio's operations as the desktop app uses them: the store and the engine combined
//! (new scenario from a template, live preview that a newer edit cancels, runs with progress
//! and cancel, recorded with their results), with errors shaped for a person to read.
//!
//! It lives in the core, not in the Tauri shell, so that the shell stays a list of one-line
//! commands and everything here is tested without a window. Every type that crosses to the
//! web UI derives `TS`; `bindings::typescript()` writes them for the UI.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use ecosim_core::engine::{Counterfactuals, RunError, RunOptions};
use ecosim_core::model::{LoadError, MarketModelDoc, Model, Problem, Sampling, Scenario, ScenarioDoc};
use ecosim_core::output::{Kpis, RunReport};
use ecosim_store::{ModelInfo, RunInfo, ScenarioInfo, Store, StoreError, VersionInfo};

pub mod actuals;
pub mod bindings;
pub mod brief;
mod commands;
pub mod requests;
pub mod run;
pub mod shard;

pub use commands::COMMANDS;

// The crates beneath the application API, re-exported so a front end depends on this crate
// alone and names their types through it.
pub use ecosim_core::{analysis, engine, model, output, shipped, stats, ENGINE_VERSION};
pub use ecosim_report as report;
pub use ecosim_store as store;

/// A stored run as a report's subject: its summary, the documents it simulated and its
/// per-trial KPIs (when stored). The report crate renders what it is given; loading it from
/// the store is the application's job.
pub fn subject_from_run(store: &Store, run_id: i64) -> Result<ecosim_report::Subject, StoreError> {
    let report = store.run_report(run_id)?;
    let (scenario, model) = store.run_documents(run_id)?;
    let mut trials = Vec::new();
    for (kpi, _) in ecosim_core::analysis::compare::PAIRED_KPIS {
        match store.run_trials(run_id, kpi) {
            Ok(v) => trials.push((kpi.to_string(), v)),
            Err(StoreError::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(ecosim_report::Subject { run_id: Some(run_id), report, scenario, model, trials })
}

/// Trials of a live preview: enough for stable headline percentiles, fast enough to follow
/// typing (about 0.1–0.3 s for the shipped scenarios on two cores).
pub const PREVIEW_TRIALS: u64 = 1_000;

/// An error as the UI shows it: a sentence, and the document problems by path when the cause
/// was an invalid document (so the editor can mark each field).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    pub problems: Vec<Problem>,
}

/// What kind of failure an [`AppError`] is: what the UI does about it depends on it (a
/// `cancelled` preview is ignored, `invalid` marks the fields by path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A document or request is not valid; `problems` says where.
    Invalid,
    /// The scenario, model, run or template asked for does not exist.
    NotFound,
    /// Stopped on request (or replaced by a newer preview).
    Cancelled,
    /// The database cannot be used.
    Database,
    /// Anything else that went wrong (a file that cannot be written, an engine error).
    Failed,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> AppError {
        AppError { kind, message: message.into(), problems: Vec::new() }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::Invalid(le) => le.into(),
            StoreError::NotFound { .. } => AppError::new(ErrorKind::NotFound, e.to_string()),
            StoreError::Refused(m) => AppError::new(ErrorKind::Failed, m),
            other => AppError::new(ErrorKind::Database, other.to_string()),
        }
    }
}

impl From<LoadError> for AppError {
    fn from(e: LoadError) -> AppError {
        let problems = e.problems();
        let message = match &e {
            LoadError::Invalid(p) if p.len() == 1 => format!("The document has a problem: {}", problems[0]),
            LoadError::Invalid(p) => format!("The document has {} problems; the first: {}", p.len(), problems[0]),
            other => other.to_string(),
        };
        AppError { kind: ErrorKind::Invalid, message, problems }
    }
}

impl From<RunError> for AppError {
    fn from(e: RunError) -> AppError {
        match e {
            RunError::Cancelled => AppError::new(ErrorKind::Cancelled, "The run was cancelled."),
            other => AppError::new(ErrorKind::Failed, other.to_string()),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A shipped scenario offered as the start of a new one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// A scenario opened in the designer: its latest version and the model it runs against.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScenarioDetail {
    pub info: ScenarioInfo,
    pub version: i64,
    pub doc: ScenarioDoc,
    pub model: MarketModelDoc,
    /// Paths of the model's uncertain inputs (`partner_types[0].win_rate`, …), in the model's
    /// order: what a scenario's correlations may name.
    pub uncertain_inputs: Vec<String>,
}

/// The headline of a quick run while a person edits: an estimate as trials finish (after about
/// 100, within 100 ms even for thousands of partners), then the final figure.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Preview {
    /// Trials behind these figures so far.
    pub trials: u64,
    /// Trials the preview runs in all: `trials < of_trials` is an estimate still being refined.
    pub of_trials: u64,
    pub currency: String,
    pub horizon_quarters: u32,
    pub kpis: Kpis,
    pub wall_seconds: f64,
}

/// What a person sets in the run dialog; unset fields keep the scenario's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct RunRequest {
    #[ts(type = "number | null")]
    pub trials: Option<u64>,
    #[ts(type = "number | null")]
    pub seed: Option<u64>,
    pub sampling: Option<Sampling>,
    /// A new horizon is saved as a new version of the scenario before the run.
    pub horizon_quarters: Option<u32>,
    /// Run until the standard error of mean total revenue is below this share of the mean;
    /// `trials` is then the most to run.
    pub precision: Option<f64>,
    /// How the engine spends its effort; the CLI's options, not the run dialog's.
    #[serde(skip)]
    #[ts(skip)]
    pub tuning: Tuning,
}

/// Engine settings that change how a run is computed, not the design it simulates: set from
/// the command line (`--threads`, `--pattern-trials`, `--quick`); the app keeps the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tuning {
    /// Worker threads (default: all cores). Results never depend on it.
    pub threads: Option<usize>,
    /// Trials that measure by-pattern revenue (0: all of them).
    pub pattern_trials: Option<u64>,
    /// Skip the counterfactual runs (no inter-partner value or by-pattern revenue).
    pub quick: bool,
    /// Keep summaries only, not each trial's KPIs: memory stays flat however many trials
    /// (percentiles from sketches, within 1 %); the run cannot be paired in a comparison.
    pub summaries_only: bool,
}

/// Events of a run, streamed to the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RunEvent {
    Started {
        run_id: i64,
        #[ts(type = "number")]
        total: u64,
    },
    Progress {
        run_id: i64,
        #[ts(type = "number")]
        done: u64,
        #[ts(type = "number")]
        total: u64,
        /// Trials per second so far.
        rate: f64,
        elapsed_seconds: f64,
        remaining_seconds: f64,
    },
    Finished {
        run_id: i64,
        wall_seconds: f64,
    },
    Cancelled {
        run_id: i64,
    },
    Failed {
        run_id: i64,
        message: String,
    },
}

/// The studio: one store, the runs in flight, and the preview generation.
pub struct Studio {
    store: Mutex<Store>,
    runs: Mutex<HashMap<i64, Arc<AtomicBool>>>,
    /// Analyses in flight, by job id (negative, so they never collide with run ids).
    jobs: Mutex<HashMap<i64, Arc<AtomicBool>>>,
    next_job: AtomicU64,
    preview: Mutex<Arc<AtomicBool>>,
    preview_generation: AtomicU64,
}

impl Studio {
    pub fn open(path: &Path) -> Result<Studio, StoreError> {
        Ok(Studio::new(Store::open(path)?))
    }

    pub fn new(store: Store) -> Studio {
        Studio { store: Mutex::new(store), runs: Mutex::default(), jobs: Mutex::default(), next_job: AtomicU64::new(1), preview: Mutex::new(Arc::new(AtomicBool::new(false))), preview_generation: AtomicU64::new(0) }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the database inconsistent (every write
        // is a transaction), so a poisoned lock is safe to take over.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Refuse an output file that is the studio's own database (or a link to it).
    pub fn check_output(&self, path: &Path) -> AppResult<()> {
        Ok(ecosim_store::check_output(path, self.store().path())?)
    }

    pub fn db_path(&self) -> String {
        self.store().path().display().to_string()
    }

    /// Messages for the person that no front end has shown yet (such as "this model was
    /// upgraded to schema 2"); each is returned once.
    pub fn take_notices(&self) -> AppResult<Vec<String>> {
        Ok(self.store().take_notices()?)
    }

    // --- library ---------------------------------------------------------------------------

    pub fn list(&self, search: &str, trash: bool) -> AppResult<Vec<ScenarioInfo>> {
        Ok(self.store().list_scenarios(search, trash)?)
    }

    pub fn models(&self) -> AppResult<Vec<ModelInfo>> {
        Ok(self.store().list_models()?)
    }

    pub fn templates(&self) -> Vec<Template> {
        ecosim_core::shipped::SCENARIOS
            .iter()
            .filter_map(|t| Scenario::from_json(t).ok())
            .map(|d| Template { id: d.id, name: d.name, description: d.description })
            .collect()
    }

    /// A new scenario from a shipped template, named `name`.
    pub fn create_from_template(&self, template: &str, name: &str) -> AppResult<ScenarioInfo> {
        let name = checked_name(name)?;
        let mut doc = ecosim_core::shipped::SCENARIOS
            .iter()
            .filter_map(|t| Scenario::from_json(t).ok())
            .find(|d| d.id == template)
            .ok_or_else(|| AppError::new(ErrorKind::NotFound, format!("There is no template {template:?}.")))?;
        let mut st = self.store();
        let base = slug(&name);
        doc.name = name;
        let id = st.create_scenario_free_id(doc, &base, &format!("new from the template {template}"))?;
        Ok(st.scenario_info(id)?)
    }

    pub fn detail(&self, id: i64) -> AppResult<ScenarioDetail> {
        let st = self.store();
        let s = st.scenario(id, None)?;
        let (_, model) = st.model(&s.doc.model)?;
        Ok(ScenarioDetail { info: s.info, version: s.version, doc: s.doc, uncertain_inputs: model.inputs.paths.clone(), model: model.into_doc() })
    }

    /// Every problem of an edited scenario given as JSON, whatever shape it has (a negative
    /// count, a word where a number belongs): the core's own messages, by path.
    pub fn check_json(&self, doc: &serde_json::Value) -> AppResult<Vec<Problem>> {
        match Scenario::from_json(&doc.to_string()) {
            Ok(d) => self.check(&d),
            Err(e) => Ok(e.problems()),
        }
    }

    /// Every problem of an edited market model given as JSON, by path.
    pub fn check_model_json(&self, doc: &serde_json::Value) -> Vec<Problem> {
        match ecosim_core::model::Model::from_json(&doc.to_string()) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems(),
        }
    }

    /// Every problem of an edited scenario, by path (empty when it is valid).
    pub fn check(&self, doc: &ScenarioDoc) -> AppResult<Vec<Problem>> {
        match self.store().check_scenario(doc) {
            Ok(()) => Ok(Vec::new()),
            Err(StoreError::Invalid(le)) => Ok(le.problems()),
            Err(e) => Err(e.into()),
        }
    }

    /// Save an edited scenario as its next version; an invalid one is refused with its problems.
    pub fn save(&self, id: i64, doc: ScenarioDoc, note: &str) -> AppResult<ScenarioDetail> {
        self.store().save_scenario(id, doc, note)?;
        self.detail(id)
    }

    /// Save an edited market model as its next version (its scenarios run against it from now on).
    pub fn save_model(&self, doc: MarketModelDoc, note: &str) -> AppResult<i64> {
        Ok(self.store().save_model(doc, note)?)
    }

    pub fn duplicate(&self, id: i64, name: &str) -> AppResult<ScenarioInfo> {
        let name = checked_name(name)?;
        let mut st = self.store();
        let new = st.duplicate(id, &name)?;
        Ok(st.scenario_info(new)?)
    }

    pub fn rename(&self, id: i64, name: &str) -> AppResult<ScenarioInfo> {
        let mut st = self.store();
        st.rename(id, name)?;
        Ok(st.scenario_info(id)?)
    }

    pub fn trash(&self, id: i64) -> AppResult<()> {
        Ok(self.store().trash(id)?)
    }

    pub fn untrash(&self, id: i64) -> AppResult<()> {
        Ok(self.store().untrash(id)?)
    }

    pub fn purge(&self, id: i64) -> AppResult<()> {
        Ok(self.store().purge(id)?)
    }

    pub fn history(&self, id: i64) -> AppResult<Vec<VersionInfo>> {
        Ok(self.store().history(id)?)
    }

    pub fn restore_version(&self, id: i64, version: i64) -> AppResult<ScenarioDetail> {
        self.store().restore_version(id, version)?;
        self.detail(id)
    }

    /// Import a model or scenario file chosen by the person; returns what was imported.
    pub fn import(&self, path: &Path) -> AppResult<String> {
        Ok(self.store().import_file(path)?.to_string())
    }

    /// Export a scenario, its model embedded, to a file chosen by the person.
    pub fn export(&self, id: i64, path: &Path) -> AppResult<()> {
        let doc = self.store().export(id, None)?;
        self.check_output(path)?;
        let text = serde_json::to_string_pretty(&doc).expect("documents serialise") + "\n";
        ecosim_core::write_atomic(path, text.as_bytes()).map_err(|e| AppError::new(ErrorKind::Failed, format!("Cannot write {}: {e}", path.display())))
    }

    // --- preview and runs ------------------------------------------------------------------

    /// A quick run of an edited (unsaved) scenario. Starting a preview cancels the one before,
    /// which then returns a `cancelled` error the UI ignores.
    pub fn preview(&self, doc: &ScenarioDoc) -> AppResult<Preview> {
        self.preview_with_model(doc, None)
    }

    /// A quick run of an edited scenario against an edited (unsaved) market model, so a person
    /// sees what a change to the shared model would do before saving it for every scenario;
    /// `None` uses the stored model.
    pub fn preview_with_model(&self, doc: &ScenarioDoc, model: Option<&MarketModelDoc>) -> AppResult<Preview> {
        self.preview_progressive(doc, model, &|_| {})
    }

    /// The live preview as it refines: `estimate` receives the figures of the trials done so far
    /// (after about 100 trials or 80 ms, then every 200 ms), and the final figures are returned.
    /// A newer preview cancels this one between batches.
    pub fn preview_progressive(&self, doc: &ScenarioDoc, model: Option<&MarketModelDoc>, estimate: &(dyn Fn(Preview) + Sync)) -> AppResult<Preview> {
        let cancel = Arc::new(AtomicBool::new(false));
        {
            let mut current = self.preview.lock().unwrap_or_else(|p| p.into_inner());
            current.store(true, Ordering::Relaxed);
            *current = cancel.clone();
        }
        self.preview_generation.fetch_add(1, Ordering::Relaxed);
        let (model, scenario) = {
            let model = match model {
                Some(m) => Model::from_doc(m.clone())?,
                None => self.store().model(&doc.model)?.1,
            };
            let scenario = Scenario::from_doc(doc.clone(), &model)?;
            (model, scenario)
        };
        let mut opts = RunOptions::for_scenario(&scenario);
        opts.trials = PREVIEW_TRIALS;
        opts.counterfactuals = Counterfactuals::Total;
        let started = Instant::now();
        let preview = |result: &engine::RunResult| {
            let report = RunReport::new(&model, &scenario, result);
            Preview { trials: result.options.trials, of_trials: opts.trials, currency: report.currency, horizon_quarters: report.horizon_quarters, kpis: report.kpis, wall_seconds: started.elapsed().as_secs_f64() }
        };
        let result = engine::run_progressive(&model, &scenario, &opts, engine::Checkpoints::default(), &|partial| estimate(preview(&partial)), &cancel)?;
        Ok(preview(&result))
    }

    /// Run a stored scenario to completion on the calling thread, streaming `events`; the run
    /// and its results are stored. Returns the run id (also for a cancelled run).
    pub fn run(&self, id: i64, req: &RunRequest, events: &(dyn Fn(RunEvent) + Sync)) -> AppResult<i64> {
        let (loaded, opts, sv, mv) = {
            let mut st = self.store();
            if let Some(h) = req.horizon_quarters {
                let mut doc = st.scenario(id, None)?.doc;
                if doc.horizon_quarters != h {
                    doc.horizon_quarters = h;
                    st.save_scenario(id, doc, &format!("horizon set to {h} quarters for a run"))?;
                }
            }
            let (loaded, sv, mv) = st.load_for_run(id)?;
            let opts = req.options(&loaded.scenario)?;
            (loaded, opts, sv, mv)
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let run_id = std::sync::OnceLock::new();
        let record = run::Record { store: &self.store, scenario_version: sv, model_version: mv };
        let started = |id: Option<i64>| {
            let id = id.expect("a recorded run has an id");
            let _ = run_id.set(id);
            self.runs.lock().unwrap_or_else(|p| p.into_inner()).insert(id, cancel.clone());
            events(RunEvent::Started { run_id: id, total: opts.trials });
        };
        let progress = |p: engine::Progress| {
            events(RunEvent::Progress {
                run_id: *run_id.get().expect("started before progress"),
                done: p.done,
                total: p.total,
                rate: p.rate(),
                elapsed_seconds: p.elapsed.as_secs_f64(),
                remaining_seconds: p.remaining().as_secs_f64(),
            })
        };
        let outcome = run::run_and_record(&loaded, &opts, Some(record), &started, &progress, &cancel);
        if let Some(id) = run_id.get() {
            self.runs.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
        }
        match outcome {
            Ok((Some(run_id), run::RunEnd::Finished { wall_seconds, .. })) => {
                events(RunEvent::Finished { run_id, wall_seconds });
                Ok(run_id)
            }
            Ok((Some(run_id), run::RunEnd::Cancelled)) => {
                events(RunEvent::Cancelled { run_id });
                Ok(run_id)
            }
            Ok((None, _)) => unreachable!("a recorded run has an id"),
            Err((Some(run_id), run::RunFailure::Engine(e))) => {
                events(RunEvent::Failed { run_id, message: e.to_string() });
                Err(e.into())
            }
            Err((_, failure)) => Err(failure.into()),
        }
    }

    /// Ask a run in flight to stop (between trials); false if it is not running.
    pub fn cancel_run(&self, run_id: i64) -> bool {
        match self.runs.lock().unwrap_or_else(|p| p.into_inner()).get(&run_id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    // --- decision analysis -----------------------------------------------------------------

    /// Run an analysis as a cancellable job: `events` gets `Started` with the job id, then
    /// progress; `cancel_run(job id)` stops it between trials.
    fn job<T>(&self, events: &(dyn Fn(AnalysisEvent) + Sync), work: impl FnOnce(&AtomicBool, &(dyn Fn(u64, u64) + Sync)) -> AppResult<T>) -> AppResult<T> {
        let job_id = -(self.next_job.fetch_add(1, Ordering::Relaxed) as i64);
        let cancel = Arc::new(AtomicBool::new(false));
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).insert(job_id, cancel.clone());
        events(AnalysisEvent::Started { job_id });
        let started = Instant::now();
        let progress = |done: u64, total: u64| {
            let elapsed = started.elapsed().as_secs_f64();
            let remaining = if done > 0 { elapsed * (total.saturating_sub(done)) as f64 / done as f64 } else { 0.0 };
            events(AnalysisEvent::Progress { job_id, done, total, elapsed_seconds: elapsed, remaining_seconds: remaining });
        };
        let result = work(&cancel, &progress);
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).remove(&job_id);
        result
    }

    fn loaded(&self, id: i64) -> AppResult<ecosim_core::model::Loaded> {
        Ok(self.store().load_for_run(id)?.0)
    }

    /// Compare 2–4 stored scenarios trial by trial (same seed and trials), with the words of
    /// the compare fan and the S-curves.
    pub fn compare(&self, ids: &[i64], trials: Option<u64>, seed: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<Charted<ecosim_core::analysis::compare::CompareReport>> {
        let designs = ids.iter().map(|&id| self.loaded(id)).collect::<AppResult<Vec<_>>>()?;
        let first = designs.first().ok_or_else(|| AppError::new(ErrorKind::Invalid, "Choose 2 to 4 scenarios to compare."))?;
        let (trials, seed, sampling) = requests::CompareRequest { trials, seed }.settings(&first.scenario);
        let report = self.job(events, |cancel, progress| {
            ecosim_core::analysis::compare::compare(&mut ecosim_core::engine::shard::Runner::Local, &designs, trials, seed, sampling, progress, cancel).map_err(|e| match e {
                ecosim_core::analysis::compare::CompareError::Run(r) => r.into(),
                other => AppError::new(ErrorKind::Invalid, other.to_string()),
            })
        })?;
        let reports: Vec<&RunReport> = report.reports.iter().collect();
        let charts = vec![ChartWords::of("compare-fan", ecosim_report::charts::compare_fan_words(&reports)), ChartWords::of("compare-s-curve", ecosim_report::charts::compare_s_curve_words(&reports))];
        Ok(Charted { report, charts })
    }

    /// Write a report of stored runs to `path`: one run, or 2–4 compared trial by trial from
    /// their stored per-trial KPIs (they need the same model, seed, trials and sampling).
    pub fn export_report(&self, run_ids: &[i64], format: ecosim_report::Format, path: &Path, options: &ecosim_report::ReportOptions, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<()> {
        use ecosim_report::ReportDoc;
        let subjects = {
            let st = self.store();
            run_ids.iter().map(|&id| subject_from_run(&st, id)).collect::<Result<Vec<_>, _>>()?
        };
        let doc = match subjects.len() {
            0 => return Err(AppError::new(ErrorKind::Invalid, "Choose a run to report.")),
            1 => ReportDoc::single(subjects.into_iter().next().expect("one"), options),
            _ => ReportDoc::comparison(subjects, None, options),
        }
        .map_err(report_error)?;
        self.check_output(path)?;
        self.job(events, |_, progress| ecosim_report::write(&doc, format, path, &|p| progress(p.done as u64, p.total as u64)).map_err(report_error))
    }

    /// Compare stored scenarios as [`Studio::compare`] does (same defaults, so the same
    /// figures) and write the comparison report to `path`.
    #[allow(clippy::too_many_arguments)]
    pub fn export_comparison(&self, ids: &[i64], trials: Option<u64>, seed: Option<u64>, format: ecosim_report::Format, path: &Path, options: &ecosim_report::ReportOptions, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<()> {
        use ecosim_report::{ReportDoc, Subject};
        let designs = ids.iter().map(|&id| self.loaded(id)).collect::<AppResult<Vec<_>>>()?;
        let first = designs.first().ok_or_else(|| AppError::new(ErrorKind::Invalid, "Choose 2 to 4 scenarios to compare."))?;
        let (trials, seed, sampling) = requests::CompareRequest { trials, seed }.settings(&first.scenario);
        self.check_output(path)?;
        self.job(events, |cancel, progress| {
            let sims = trials * designs.len() as u64;
            let cmp = ecosim_core::analysis::compare::compare(&mut ecosim_core::engine::shard::Runner::Local, &designs, trials, seed, sampling, &|d, _| progress(d, sims + 10), cancel).map_err(|e| match e {
                ecosim_core::analysis::compare::CompareError::Run(r) => AppError::from(r),
                other => AppError::new(ErrorKind::Invalid, other.to_string()),
            })?;
            let subjects = designs.iter().zip(cmp.reports).map(|(l, r)| Subject { run_id: None, report: r, scenario: l.scenario.doc.clone(), model: l.model.doc.clone(), trials: Vec::new() }).collect();
            let doc = ReportDoc::comparison(subjects, Some(cmp.pairings), options).map_err(report_error)?;
            ecosim_report::write(&doc, format, path, &|p| progress(sims + (10 * p.done / p.total.max(1)) as u64, sims + 10)).map_err(report_error)
        })
    }

    /// Run the decision brief's analyses over 2–4 stored scenarios and write it to `path`
    /// (a PDF); progress counts its analyses.
    pub fn export_brief(&self, ids: &[i64], path: &Path, options: &ecosim_report::ReportOptions, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<()> {
        let designs = ids.iter().map(|&id| self.loaded(id)).collect::<AppResult<Vec<_>>>()?;
        self.check_output(path)?;
        self.job(events, |cancel, progress| {
            let steps = brief::BRIEF_STEPS + 1;
            let b = brief::decision_brief(designs, options.firm.clone(), None, &|d, _| progress(d, steps), cancel)?;
            ecosim_report::write_brief(&b, path).map_err(report_error)?;
            progress(steps, steps);
            Ok(())
        })
    }

    /// A file name for a report of these runs: `balanced-ecosystem-2026-11-25.pdf`.
    pub fn report_file_name(&self, run_ids: &[i64], scenario_ids: &[i64], format: ecosim_report::Format) -> AppResult<String> {
        let st = self.store();
        let mut slugs = Vec::new();
        for &id in run_ids {
            slugs.push(st.run_info(id)?.scenario_slug);
        }
        for &id in scenario_ids {
            slugs.push(st.scenario_info(id)?.slug);
        }
        Ok(format!("{}-{}.{}", slugs.join("-vs-"), ecosim_report::format::today(), format.extension()))
    }

    /// Tornado of a stored scenario's uncertain inputs for `kpi`, with its chart's words.
    pub fn tornado(&self, id: i64, kpi: &str, trials: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<Charted<ecosim_core::analysis::sensitivity::TornadoReport>> {
        let l = self.loaded(id)?;
        let report = self.job(events, |cancel, progress| {
            ecosim_core::analysis::sensitivity::tornado(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, kpi, requests::pick(trials, requests::TornadoRequest::default().trials), l.scenario.seed, progress, cancel).map_err(sensitivity_error)
        })?;
        let words = ecosim_report::charts::tornado_words(&report, &l.model.doc, &l.model.doc.currency);
        Ok(Charted { report, charts: vec![ChartWords::of("tornado", words)] })
    }

    /// Sobol indices of a stored scenario's uncertain inputs for `kpi`, with their chart's words.
    pub fn sobol(&self, id: i64, kpi: &str, samples: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<Charted<ecosim_core::analysis::sensitivity::SobolReport>> {
        let l = self.loaded(id)?;
        let report = self.job(events, |cancel, progress| {
            ecosim_core::analysis::sensitivity::sobol(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, kpi, requests::pick(samples, requests::SobolRequest::default().samples), l.scenario.seed, progress, cancel).map_err(sensitivity_error)
        })?;
        let words = ecosim_report::charts::sobol_words(&report, &l.model.doc);
        Ok(Charted { report, charts: vec![ChartWords::of("sobol", words)] })
    }

    /// Shapley attribution of a stored scenario's revenue and coverage to its partner types,
    /// with its chart's words.
    pub fn attribution(&self, id: i64, trials: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<Charted<ecosim_core::analysis::shapley::ShapleyReport>> {
        let l = self.loaded(id)?;
        let report = self.job(events, |cancel, progress| {
            ecosim_core::analysis::shapley::shapley(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, requests::pick(trials, requests::AttributionRequest::default().trials), l.scenario.seed, progress, cancel).map_err(|e| match e {
                ecosim_core::analysis::shapley::ShapleyError::Run(r) => r.into(),
                other => AppError::new(ErrorKind::Invalid, other.to_string()),
            })
        })?;
        let words = ecosim_report::charts::attribution_words(&report);
        Ok(Charted { report, charts: vec![ChartWords::of("attribution", words)] })
    }

    /// What a stored scenario costs over its horizon (mean total cost): the default budget.
    pub fn cost(&self, id: i64, trials: u64) -> AppResult<f64> {
        let l = self.loaded(id)?;
        Ok(requests::scenario_cost(&l, trials, None)?)
    }

    /// Search a stored scenario's composition for the best design within a budget.
    pub fn optimize(&self, id: i64, req: &ecosim_core::analysis::optimize::OptimizeRequest, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<ecosim_core::analysis::optimize::OptimizeReport> {
        let l = self.loaded(id)?;
        self.job(events, |cancel, progress| {
            let designs = |done: usize, total: usize| progress(done as u64, total as u64);
            ecosim_core::analysis::optimize::optimize(&l.model, &l.scenario, req, &designs, cancel).map_err(|e| match e {
                ecosim_core::analysis::optimize::OptimizeError::Run(r) => r.into(),
                ecosim_core::analysis::optimize::OptimizeError::Invalid(le) => le.into(),
            })
        })
    }

    /// How much of one lever a stored scenario needs until `goal` holds.
    pub fn solve(&self, id: i64, lever: ecosim_core::analysis::solve::Lever, goal: ecosim_core::analysis::goal::Goal, range: Option<[f64; 2]>, trials: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<ecosim_core::analysis::solve::SolveReport> {
        use ecosim_core::analysis::solve::{solve, SolveError, SolveRequest};
        let l = self.loaded(id)?;
        let d = requests::SolveRequest::default();
        let req = SolveRequest { lever, goal, range: range.or(d.range), trials: trials.unwrap_or(d.trials), seed: d.seed.unwrap_or(l.scenario.seed) };
        self.job(events, |cancel, progress| {
            solve(&l.model, &l.scenario, &req, &|done, total| progress(done as u64, total.max(done) as u64), cancel).map_err(|e| match e {
                SolveError::Run(r) => r.into(),
                SolveError::Invalid(le) => le.into(),
                other => AppError::new(ErrorKind::Invalid, other.to_string()),
            })
        })
    }

    /// What drives a stored scenario's KPI into its bottom (or top) tail.
    pub fn drivers(&self, id: i64, kpi: &str, tail: ecosim_core::analysis::drivers::Tail, share: Option<f64>, trials: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<ecosim_core::analysis::drivers::DriversReport> {
        let l = self.loaded(id)?;
        let d = requests::DriversRequest::default();
        let req = ecosim_core::analysis::drivers::DriversRequest { kpi: kpi.into(), tail, share: share.unwrap_or(d.share), trials: trials.unwrap_or(d.trials), seed: d.seed.unwrap_or(l.scenario.seed) };
        self.job(events, |cancel, progress| ecosim_core::analysis::drivers::drivers(&l.model, &l.scenario, &req, progress, cancel).map_err(sensitivity_error))
    }

    /// A stored scenario's forecast with inputs held in percentile ranges.
    pub fn stress(&self, id: i64, kpi: &str, inputs: Vec<ecosim_core::analysis::stress::StressInput>, trials: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<ecosim_core::analysis::stress::StressReport> {
        let l = self.loaded(id)?;
        let d = requests::StressRequest::default();
        let req = ecosim_core::analysis::stress::StressRequest { kpi: kpi.into(), inputs, trials: trials.unwrap_or(d.trials), seed: d.seed.unwrap_or(l.scenario.seed) };
        self.job(events, |cancel, progress| ecosim_core::analysis::stress::stress(&l.model, &l.scenario, &req, progress, cancel).map_err(sensitivity_error))
    }

    /// What knowing each uncertain input is worth before choosing between 2–4 stored scenarios.
    pub fn value_of_information(&self, ids: &[i64], kpi: &str, trials: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<ecosim_core::analysis::voi::VoiReport> {
        let designs = ids.iter().map(|&id| self.loaded(id)).collect::<AppResult<Vec<_>>>()?;
        let first = designs.first().ok_or_else(|| AppError::new(ErrorKind::Invalid, "Choose 2 to 4 scenarios to choose between."))?;
        let d = requests::VoiRequest::default();
        let req = requests::VoiRequest { kpi: kpi.into(), trials: trials.unwrap_or(d.trials), seed: None }.resolve(&first.scenario);
        self.job(events, |cancel, progress| {
            ecosim_core::analysis::voi::value_of_information(&designs, &req, progress, cancel).map_err(|e| match e {
                ecosim_core::analysis::compare::CompareError::Run(r) => r.into(),
                other => AppError::new(ErrorKind::Invalid, other.to_string()),
            })
        })
    }

    /// A spider chart of a stored scenario's top inputs for `kpi`, with its words.
    pub fn spider(&self, id: i64, kpi: &str, trials: Option<u64>, events: &(dyn Fn(AnalysisEvent) + Sync)) -> AppResult<Charted<ecosim_core::analysis::sensitivity::SpiderReport>> {
        let l = self.loaded(id)?;
        let d = requests::SpiderRequest::default();
        let report = self.job(events, |cancel, progress| ecosim_core::analysis::sensitivity::spider(&l.model, &l.scenario, kpi, trials.unwrap_or(d.trials), d.seed.unwrap_or(l.scenario.seed), d.top, progress, cancel).map_err(sensitivity_error))?;
        let words = ecosim_report::charts::spider_words(&report, &l.model.doc, &l.model.doc.currency);
        Ok(Charted { report, charts: vec![ChartWords::of("spider", words)] })
    }

    /// Save a recommended design as a new scenario named `name`.
    pub fn save_as_new(&self, mut doc: ScenarioDoc, name: &str) -> AppResult<ScenarioInfo> {
        let name = checked_name(name)?;
        let mut st = self.store();
        let base = slug(&name);
        doc.name = name;
        doc.embedded_model = None;
        let id = st.create_scenario_free_id(doc, &base, "saved from an analysis")?;
        Ok(st.scenario_info(id)?)
    }

    /// Ask an analysis in flight to stop; false if it is not running.
    pub fn cancel_job(&self, job_id: i64) -> bool {
        match self.jobs.lock().unwrap_or_else(|p| p.into_inner()).get(&job_id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    pub fn runs(&self, scenario: Option<i64>) -> AppResult<Vec<RunInfo>> {
        Ok(self.store().list_runs(scenario, 200)?)
    }

    /// A stored run's report, as it was: no re-simulation.
    pub fn report(&self, run_id: i64) -> AppResult<RunReport> {
        Ok(self.store().run_report(run_id)?)
    }

    /// The titles and captions of a stored run's charts, in reading order: the report's own
    /// words (`ecosim_report::charts::list`), so the results screen and the PDF say the same.
    pub fn run_charts(&self, run_id: i64) -> AppResult<Vec<ChartWords>> {
        // The words need the report and its documents, not the per-trial KPIs a full subject reads.
        let subject = {
            let st = self.store();
            let (scenario, model) = st.run_documents(run_id)?;
            ecosim_report::Subject { run_id: Some(run_id), report: st.run_report(run_id)?, scenario, model, trials: Vec::new() }
        };
        let doc = ecosim_report::ReportDoc::single(subject, &ecosim_report::ReportOptions::default()).map_err(report_error)?;
        let mut words: Vec<ChartWords> = ecosim_report::charts::list(&doc).into_iter().map(|c| ChartWords { id: c.id.to_string(), title: c.title, caption: c.caption }).collect();
        // The app draws the pattern chart even when it is empty (the reports leave it out).
        if let Some((title, caption)) = ecosim_report::charts::empty_by_pattern(&doc.subjects[0].report) {
            words.push(ChartWords { id: "by-pattern".into(), title: title.into(), caption: caption.into() });
        }
        Ok(words)
    }
}

/// A chart's words: its id (a run's `fan`, `arr-fan`, `type-area`, `bookings`, `distribution`,
/// `by-partner-type`, `by-source`, `coverage`, `by-pattern`, `by-program`,
/// `partners-over-time`, `earnings`; an analysis's `compare-fan`, `compare-s-curve`,
/// `tornado`, `spider`, `sobol`, `attribution`), title and caption.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChartWords {
    pub id: String,
    pub title: String,
    pub caption: String,
}

impl ChartWords {
    fn of(id: &str, words: ecosim_report::charts::Words) -> ChartWords {
        ChartWords { id: id.into(), title: words.title, caption: words.caption }
    }
}

/// An analysis's report with the titles and captions of the charts the app draws from it, in
/// the report crate's words (`ecosim_report::charts`): a screen writes none of its own, and a
/// report drawing the same chart prints the same sentence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Charted<R> {
    pub report: R,
    pub charts: Vec<ChartWords>,
}

fn sensitivity_error(e: ecosim_core::analysis::sensitivity::SensitivityError) -> AppError {
    match e {
        ecosim_core::analysis::sensitivity::SensitivityError::Run(r) => r.into(),
        other => AppError::new(ErrorKind::Invalid, other.to_string()),
    }
}

/// Progress of an analysis (compare, sensitivity, attribution, optimisation), streamed to the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AnalysisEvent {
    /// The job's id, for `cancel_analysis`.
    Started { job_id: i64 },
    Progress {
        job_id: i64,
        /// Trials (or, for an optimisation, designs) done and in all.
        #[ts(type = "number")]
        done: u64,
        #[ts(type = "number")]
        total: u64,
        elapsed_seconds: f64,
        remaining_seconds: f64,
    },
}

fn report_error(e: ecosim_report::ReportError) -> AppError {
    match e {
        ecosim_report::ReportError::Invalid(m) => AppError::new(ErrorKind::Invalid, m),
        other => AppError::new(ErrorKind::Failed, other.to_string()),
    }
}

/// A document id from a name: lower case, words joined by hyphens.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "scenario".into()
    } else {
        s
    }
}

fn checked_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        let mut p = ecosim_core::model::Problems::default();
        p.push("name", "must not be empty");
        return Err(LoadError::Invalid(p).into());
    }
    Ok(name.to_string())
}

/// The database could not be opened: what the app shows before anything else.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DbProblem {
    pub path: String,
    pub message: String,
    /// Whether moving the file aside and starting fresh is the way out.
    pub can_start_fresh: bool,
}

impl DbProblem {
    pub fn of(path: &Path, e: &StoreError) -> DbProblem {
        DbProblem {
            path: path.display().to_string(),
            message: e.to_string(),
            can_start_fresh: matches!(e, StoreError::NotADatabase { .. } | StoreError::Corrupt { .. } | StoreError::TooNew { .. }),
        }
    }
}

/// Which database the app has open, or why it could not open one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DbStatus {
    pub path: String,
    pub problem: Option<DbProblem>,
    /// Messages to show once, as the studio opens (see [`Studio::take_notices`]).
    pub notices: Vec<String>,
}

impl DbStatus {
    /// The status of the database at `path`, opened as `studio` (or not): takes its notices.
    pub fn of(path: &Path, studio: &Result<Arc<Studio>, DbProblem>) -> DbStatus {
        let (problem, notices) = match studio {
            Ok(s) => (None, s.take_notices().unwrap_or_else(|e| vec![format!("The studio's messages could not be read: {}", e.message)])),
            Err(p) => (Some(p.clone()), Vec::new()),
        };
        DbStatus { path: path.display().to_string(), problem, notices }
    }
}

/// Move the unusable database aside and open a fresh one; returns where the old one went.
pub fn start_fresh(path: &Path) -> Result<(Studio, String), StoreError> {
    let moved = store::move_aside(path).map_err(|e| StoreError::Refused(format!("cannot move {} aside: {e}", path.display())))?;
    Ok((Studio::open(path)?, moved.display().to_string()))
}
