//! A run, from request to stored row, the same for every front end: the desktop app's
//! `Studio::run` and the `ecosim run` command both turn a [`RunRequest`] into the engine's
//! options here, and both record the run here (begun, then finished with its summary and
//! per-trial KPIs, or ended as cancelled or failed). So a run asked for from the CLI and the
//! same run asked for from the app leave identical rows, and the defaults live in one place.

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::Instant;

use ecosim_core::analysis::compare::PAIRED_KPIS;
use ecosim_core::engine::{self, Counterfactuals, Progress, RunError, RunOptions};
use ecosim_core::model::{LoadError, Loaded, Problems, Scenario};
use ecosim_core::output::RunReport;
use ecosim_store::{RunStatus, Store, StoreError};

use crate::{AppError, RunRequest};

/// The most trials a run to a precision target makes when the request sets no limit.
pub const DEFAULT_PRECISION_MAX_TRIALS: u64 = 200_000;

/// The most trials a request may ask for.
pub const MAX_TRIALS: u64 = 100_000_000;

impl RunRequest {
    /// The engine's options for `scenario` under this request: unset fields keep the
    /// scenario's own; a precision target runs at most `trials` (default
    /// [`DEFAULT_PRECISION_MAX_TRIALS`]).
    pub fn options(&self, scenario: &Scenario) -> Result<RunOptions, AppError> {
        let mut opts = RunOptions::for_scenario(scenario);
        if let Some(t) = self.trials {
            if !(1..=MAX_TRIALS).contains(&t) {
                let mut p = Problems::default();
                p.push("trials", format!("must be between 1 and 100,000,000, got {t}"));
                return Err(LoadError::Invalid(p).into());
            }
            opts.trials = t;
        }
        if let Some(s) = self.seed {
            opts.seed = s;
        }
        if let Some(s) = self.sampling {
            opts.sampling = s;
        }
        if let Some(p) = self.precision {
            opts.precision = Some(engine::Precision { relative_std_error: p });
            opts.trials = self.trials.unwrap_or(DEFAULT_PRECISION_MAX_TRIALS);
        }
        opts.threads = self.tuning.threads;
        if let Some(n) = self.tuning.pattern_trials {
            opts.pattern_trials = if n == 0 { u64::MAX } else { n };
        }
        if self.tuning.quick {
            opts.counterfactuals = Counterfactuals::Off;
        }
        opts.keep_trials = !self.tuning.summaries_only;
        Ok(opts)
    }
}

/// Where a run is recorded: the store, and the scenario and model versions it simulates.
pub struct Record<'a> {
    pub store: &'a Mutex<Store>,
    pub scenario_version: i64,
    pub model_version: i64,
}

/// A run that completed or was cancelled.
#[derive(Debug)]
pub enum RunEnd {
    /// The summary, and the per-trial values of the headline KPIs (`PAIRED_KPIS`, in trial
    /// order) that comparisons pair.
    Finished { report: RunReport, trials: Vec<(String, Vec<f64>)>, wall_seconds: f64 },
    Cancelled,
}

/// Why a run did not complete.
#[derive(Debug)]
pub enum RunFailure {
    /// The run could not be recorded.
    Store(StoreError),
    /// The engine stopped (never `Cancelled`: that is [`RunEnd::Cancelled`]).
    Engine(RunError),
}

impl From<RunFailure> for AppError {
    fn from(f: RunFailure) -> AppError {
        match f {
            RunFailure::Store(e) => e.into(),
            RunFailure::Engine(e) => e.into(),
        }
    }
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    // Every write is a transaction, so a lock poisoned by a panic is safe to take over.
    store.lock().unwrap_or_else(|p| p.into_inner())
}

/// Run `loaded` with `opts` and record it when `record` says where: the run's row is begun
/// (its id goes to `started`, before the first trial), then finished with the summary and the
/// per-trial headline KPIs, or ended as cancelled or failed. The store is not held while
/// the trials run.
pub fn run_and_record(
    loaded: &Loaded,
    opts: &RunOptions,
    record: Option<Record<'_>>,
    started: &dyn Fn(Option<i64>),
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<(Option<i64>, RunEnd), (Option<i64>, RunFailure)> {
    let run_id = match &record {
        Some(r) => Some(lock(r.store).begin_run(r.scenario_version, r.model_version, opts).map_err(|e| (None, RunFailure::Store(e)))?),
        None => None,
    };
    started(run_id);
    let clock = Instant::now();
    let result = engine::run(&loaded.model, &loaded.scenario, opts, progress, cancel);
    let wall = clock.elapsed().as_secs_f64();
    let store = |f: &mut dyn FnMut(&mut Store) -> Result<(), StoreError>| -> Result<(), (Option<i64>, RunFailure)> {
        match &record {
            Some(r) => f(&mut lock(r.store)).map_err(|e| (run_id, RunFailure::Store(e))),
            None => Ok(()),
        }
    };
    match result {
        Ok(r) => {
            let report = RunReport::new(&loaded.model, &loaded.scenario, &r);
            // A run that kept only summaries stores none of its trials.
            let cols: Vec<(&str, &[f64])> = PAIRED_KPIS.iter().filter(|_| r.kept_trials()).map(|&(name, k)| (name, &r.kpis[k][..])).collect();
            store(&mut |st| st.finish_run(run_id.expect("recorded runs have an id"), &report, &cols))?;
            let trials = cols.iter().map(|(name, v)| (name.to_string(), v.to_vec())).collect();
            Ok((run_id, RunEnd::Finished { report, trials, wall_seconds: wall }))
        }
        Err(RunError::Cancelled) => {
            store(&mut |st| st.end_run(run_id.expect("recorded runs have an id"), RunStatus::Cancelled, None, wall))?;
            Ok((run_id, RunEnd::Cancelled))
        }
        Err(e) => {
            let message = e.to_string();
            store(&mut |st| st.end_run(run_id.expect("recorded runs have an id"), RunStatus::Failed, Some(&message), wall))?;
            Err((run_id, RunFailure::Engine(e)))
        }
    }
}
