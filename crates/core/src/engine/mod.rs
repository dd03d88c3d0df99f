//! The Monte Carlo engine: many trials of one scenario, in parallel, folded into summaries.
//!
//! Trials run on a rayon pool in batches; each batch's records are folded into the
//! accumulators in trial order, so results are bit-identical whatever the thread count.
//! Between batches the engine reports progress and honours cancellation (workers also stop
//! starting new trials once cancelled). Memory: the headline KPIs keep one `f64` per trial
//! each (exact percentiles, paired comparisons, raw export) — 15 columns, 120 MB for a
//! 1,000,000-trial run — and every breakdown series is a fixed-size sketch; a batch buffer of
//! at most 2,048 records is the only other per-run allocation that scales with anything.

pub mod correlate;
pub mod rng;
pub mod shard;
pub mod trial;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::model::{Model, Sampling, Scenario};
use crate::stats::SeriesAcc;
pub use trial::{Counterfactuals, History, Layout, TraceDeal, TracePartner, TraceSource, Work, KPI_NAMES, N_KPI, QUARTER_SERIES, SOURCES};
use trial::{Plan, Scratch};

/// How to run a scenario; defaults come from the scenario's `simulation` block.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub trials: u64,
    pub seed: u64,
    pub sampling: Sampling,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    pub counterfactuals: Counterfactuals,
    /// How many trials (the first ones) also measure each pattern's counterfactual. Common
    /// random numbers make these paired differences precise with far fewer trials than the
    /// forecast needs, and each costs a full extra simulation per enabled pattern.
    pub pattern_trials: u64,
    /// Chosen values of the uncertain inputs instead of sampled ones (sensitivity analysis).
    pub design: Option<std::sync::Arc<InputDesign>>,
    /// Stop as soon as total revenue is known this precisely; `trials` is then the most to run.
    pub precision: Option<Precision>,
    /// Whether the breakdowns (by type, source, pattern, program, cell and quarter, partner
    /// earnings) are summarised. An analysis that reads only the headline KPI columns turns
    /// this off: the KPIs are the same bit for bit, at less work a trial.
    pub breakdowns: bool,
    /// Whether each trial's headline KPIs are kept (exact percentiles, paired comparisons,
    /// the raw export). Off, they are summarised like the breakdowns — mean and spread exact,
    /// percentiles from sketches within 1 % — and the run's memory does not grow with its
    /// trials: for runs of millions of trials.
    pub keep_trials: bool,
}

/// A run that stops when the standard error of mean total revenue falls below
/// `relative_std_error` × the mean (checked between batches, after at least 1,000 trials).
/// Such runs sample Monte Carlo: a Latin hypercube needs its trial count in advance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Precision {
    pub relative_std_error: f64,
}

/// The smallest run a precision target may stop at.
pub const PRECISION_MIN_TRIALS: u64 = 1_000;

/// Mean total revenue and its standard error after `trials` trials: the convergence chart.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConvergencePoint {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    pub mean: f64,
    pub std_error: f64,
}

/// Uncertain inputs set by the analyst rather than sampled: trial `t` takes the uniforms of
/// `rows[t]` (one per uncertain input, in the model's input order, each in (0, 1)) and draws
/// its within-trial randomness as trial `stream_trials[t]` — so rows that share a stream trial
/// differ only by their inputs (common random numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct InputDesign {
    pub rows: Vec<Vec<f64>>,
    pub stream_trials: Vec<u64>,
}

/// Default of [`RunOptions::pattern_trials`].
pub const DEFAULT_PATTERN_TRIALS: u64 = 2_000;

impl RunOptions {
    pub fn for_scenario(s: &Scenario) -> RunOptions {
        RunOptions { trials: s.trials, seed: s.seed, sampling: s.sampling, threads: None, counterfactuals: Counterfactuals::PerPattern, pattern_trials: DEFAULT_PATTERN_TRIALS, design: None, precision: None, breakdowns: true, keep_trials: true }
    }
}

/// Progress of a run, reported between batches.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub elapsed: Duration,
}

impl Progress {
    /// Trials per second so far.
    pub fn rate(&self) -> f64 {
        self.done as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
    /// Estimated time left at the current rate.
    pub fn remaining(&self) -> Duration {
        if self.done == 0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64((self.total - self.done) as f64 / self.rate())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the run was cancelled")]
    Cancelled,
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// Everything a run produced: per-trial headline KPIs and summarised breakdowns.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The options as run (with the trials actually run, for a precision target).
    pub options: RunOptions,
    /// Running mean of total revenue and its standard error, after each batch.
    pub convergence: Vec<ConvergencePoint>,
    pub layout: Layout,
    /// Model pattern indices that the scenario enables, in `by_pattern` order.
    pub enabled_patterns: Vec<usize>,
    /// Model program indices that the scenario runs, in `by_program` order.
    pub programs: Vec<usize>,
    /// One column per KPI of [`KPI_NAMES`], one value per trial in trial order (empty columns
    /// when the run did not keep its trials: see `kpi_summaries`).
    pub kpis: Vec<Vec<f64>>,
    /// Per KPI, its summary accumulator, when the run did not keep its trials (else empty).
    pub kpi_summaries: Vec<SeriesAcc>,
    /// Whether each trial reached the scenario's target (1) or not (0), summarised, when the
    /// run did not keep its trials and the scenario has a target.
    pub target_hits: Option<SeriesAcc>,
    /// Accumulators of every breakdown value of the record, by layout offset − N_KPI.
    pub series: Vec<SeriesAcc>,
    pub work: Work,
    pub partner_instances: usize,
    pub wall: Duration,
}

impl RunResult {
    /// Whether each trial's KPIs were kept (`RunOptions::keep_trials`).
    pub fn kept_trials(&self) -> bool {
        self.kpi_summaries.is_empty()
    }
    /// The summary of KPI `k` (exact from its column when the trials were kept).
    pub fn kpi_summary(&self, k: usize) -> crate::stats::Summary {
        if self.kept_trials() {
            crate::stats::Summary::of(&self.kpis[k])
        } else {
            self.kpi_summaries[k].summary()
        }
    }
    /// The mean of KPI `k`.
    pub fn kpi_mean(&self, k: usize) -> f64 {
        if self.kept_trials() {
            self.kpis[k].iter().sum::<f64>() / self.kpis[k].len().max(1) as f64
        } else {
            self.kpi_summaries[k].moments.mean
        }
    }
    /// The summary of the breakdown value at record offset `offset`.
    pub fn series(&self, offset: usize) -> crate::stats::Summary {
        self.series[offset - N_KPI].summary()
    }
}

/// Run a scenario. `progress` is called from the calling thread after every batch; setting
/// `cancel` stops the run between trials with [`RunError::Cancelled`].
pub fn run(model: &Model, scenario: &Scenario, opts: &RunOptions, progress: &(dyn Fn(Progress) + Sync), cancel: &AtomicBool) -> Result<RunResult, RunError> {
    let (opts, pool) = prepare(model, opts)?;
    let opts = &opts;
    let plan = Plan::new(model, scenario, opts);
    let started = Instant::now();
    let total = opts.trials;
    let mut fold = Fold::new(plan.layout.width(), total, opts, &plan);
    let batch = fold.batch(opts);
    let width = plan.layout.width();
    let mut buf = vec![0.0f64; batch * width];
    while fold.done < total {
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        let len = batch.min((total - fold.done) as usize);
        let works = simulate_batch(&pool, &plan, fold.done, &mut buf[..len * width], cancel);
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        let point = fold.add(&pool, &buf[..len * width], &works);
        progress(Progress {
            done: fold.done,
            total,
            elapsed: started.elapsed(),
        });
        if let Some(p) = opts.precision {
            if fold.done >= PRECISION_MIN_TRIALS
                && point.std_error <= p.relative_std_error * point.mean.abs()
            {
                break;
            }
        }
    }
    Ok(fold.finish(opts, &plan, started.elapsed()))
}

/// When a progressive run reports its estimate so far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Checkpoints {
    /// The first estimate comes once this many trials are done…
    pub first_trials: u64,
    /// …or this much time has passed, whichever is sooner (at least one batch is done).
    pub first_after: Duration,
    /// Then the next estimate this much later…
    pub every: Duration,
    /// …and each gap after that this many times the one before (1: evenly spaced), so a long
    /// preview refines often at first and then settles, without re-folding its trials every
    /// few hundred milliseconds.
    pub growth: f64,
}

impl Default for Checkpoints {
    /// The live preview's: a first figure after 100 trials or 80 ms, the next 200 ms later,
    /// each gap after that half as long again.
    fn default() -> Checkpoints {
        Checkpoints { first_trials: 100, first_after: Duration::from_millis(80), every: Duration::from_millis(200), growth: 1.5 }
    }
}

/// A run that reports its estimate as it goes: `estimate` receives the result of the trials
/// done so far at each checkpoint — the first *n* trials of this very run, exactly (trials are
/// keyed, so they are the same trials whatever the batches) — and the full result is returned.
/// Batches are sized from the time trials take, so a checkpoint is met however large the
/// scenario. The returned KPIs, breakdowns and work equal [`run`]'s for the same options bit
/// for bit; only the convergence trace, one point per batch, has other points. A precision
/// target is not supported here (a preview runs a fixed number of trials).
pub fn run_progressive(model: &Model, scenario: &Scenario, opts: &RunOptions, at: Checkpoints, estimate: &(dyn Fn(RunResult) + Sync), cancel: &AtomicBool) -> Result<RunResult, RunError> {
    if opts.precision.is_some() {
        return Err(RunError::Invalid("a progressive run takes a number of trials, not a precision target".into()));
    }
    let (opts, pool) = prepare(model, opts)?;
    let opts = &opts;
    let plan = Plan::new(model, scenario, opts);
    let started = Instant::now();
    let total = opts.trials;
    let width = plan.layout.width();
    let mut fold = Fold::new(width, total, opts, &plan);
    let threads = pool.current_num_threads().max(1);
    let mut buf = Vec::new();
    let mut next = Some(at.first_after);
    let mut reported_first = false;
    let mut per_trial: Option<f64> = None; // seconds of wall time per trial, once measured
    let mut gap = at.every;
    while fold.done < total {
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        let elapsed = started.elapsed();
        // Enough trials to reach the next checkpoint (or the first-trials mark), a whole number
        // of rounds of the pool; a first batch of one trial per thread measures the pace.
        let mut len = match (per_trial, next) {
            (Some(t), Some(due)) if t > 0.0 => ((due.saturating_sub(elapsed).as_secs_f64() / t) as usize).max(threads),
            (Some(_), _) => 2048,
            (None, _) => threads,
        };
        if !reported_first && fold.done < at.first_trials {
            len = len.min((at.first_trials - fold.done) as usize);
        }
        len = len.clamp(1, 2048).min((total - fold.done) as usize);
        buf.resize(len * width, 0.0);
        let t0 = Instant::now();
        let works = simulate_batch(&pool, &plan, fold.done, &mut buf[..len * width], cancel);
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        let took = t0.elapsed().as_secs_f64() / len as f64;
        per_trial = Some(per_trial.map_or(took, |p| 0.5 * p + 0.5 * took));
        fold.add(&pool, &buf[..len * width], &works);
        if fold.done >= total {
            break;
        }
        let now = started.elapsed();
        // The first figure is due at its mark of trials, at its time, or now when one more
        // round of the pool would end past that time.
        let round = Duration::from_secs_f64(per_trial.unwrap_or(0.0) * threads as f64);
        let due = if reported_first { next.is_some_and(|d| now >= d) } else { fold.done >= at.first_trials || now + round > at.first_after };
        if due {
            estimate(fold.clone().finish(opts, &plan, now));
            if reported_first {
                gap = gap.mul_f64(at.growth.max(1.0));
            }
            reported_first = true;
            next = Some(now + gap);
        }
    }
    Ok(fold.finish(opts, &plan, started.elapsed()))
}

/// Check a run's options and make its worker pool: the options as they will run (a precision
/// target samples Monte Carlo).
fn prepare(model: &Model, opts: &RunOptions) -> Result<(RunOptions, rayon::ThreadPool), RunError> {
    if opts.trials == 0 || opts.trials > crate::model::validate::MAX_TRIALS {
        return Err(RunError::Invalid(format!("trials must be between 1 and {}, got {}", crate::output::group(crate::model::validate::MAX_TRIALS as f64, 0), opts.trials)));
    }
    if opts.threads == Some(0) {
        return Err(RunError::Invalid("threads must be at least 1".into()));
    }
    if let Some(d) = &opts.design {
        let k = model.inputs.paths.len();
        if d.rows.len() as u64 != opts.trials || d.stream_trials.len() as u64 != opts.trials {
            return Err(RunError::Invalid(format!("an input design must give one row and one stream trial per trial ({} trials)", opts.trials)));
        }
        if let Some(bad) = d.rows.iter().find(|r| r.len() != k || r.iter().any(|&u| !(u > 0.0 && u < 1.0))) {
            return Err(RunError::Invalid(format!("an input design row must hold {k} uniforms in (0, 1), got {bad:?}")));
        }
    }
    let mut opts = opts.clone();
    if let Some(p) = opts.precision {
        if !(p.relative_std_error > 0.0 && p.relative_std_error < 1.0) {
            return Err(RunError::Invalid(format!("a precision target must be a relative standard error between 0 and 1, got {}", p.relative_std_error)));
        }
        opts.sampling = Sampling::MonteCarlo;
    }
    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(t) = opts.threads {
            b = b.num_threads(t);
        }
        b.build().map_err(|e| RunError::Threads { threads: opts.threads.unwrap_or(0), message: e.to_string() })?
    };
    Ok((opts, pool))
}

/// Trials `first ..` of `rows.len() / width` records, simulated on `pool` into `rows`; the work
/// of each, in trial order.
fn simulate_batch(
    pool: &rayon::ThreadPool,
    plan: &Plan,
    first: u64,
    rows: &mut [f64],
    cancel: &AtomicBool,
) -> Vec<Work> {
    let width = plan.layout.width();
    pool.install(|| {
        rows.par_chunks_mut(width)
            .enumerate()
            .map_init(Scratch::default, |sc, (i, row)| {
                if cancel.load(Ordering::Relaxed) {
                    return Work::default();
                }
                sc.work = Work::default();
                trial::simulate(plan, first + i as u64, sc, row);
                sc.work
            })
            .collect()
    })
}

/// A run's records folded batch by batch in trial order: the headline KPI columns, the
/// breakdown accumulators, the work, and the convergence after each batch. A run and a merge
/// of its shards fold the same records in the same batches, so they give the same bits.
#[derive(Clone)]
struct Fold {
    width: usize,
    total: u64,
    done: u64,
    kpis: Vec<Vec<f64>>,
    series: Vec<SeriesAcc>,
    work: Work,
    convergence: Vec<ConvergencePoint>,
    sum: f64,
    sum_sq: f64,
    /// Whether the breakdown accumulators are fed (`RunOptions::breakdowns`).
    breakdowns: bool,
    /// When the trials are not kept: the KPIs' accumulators, and the target's column and value
    /// with whether each trial reached it.
    kpi_acc: Vec<SeriesAcc>,
    target: Option<(usize, f64, SeriesAcc)>,
}

impl Fold {
    fn new(width: usize, total: u64, opts: &RunOptions, plan: &Plan) -> Fold {
        let breakdowns = opts.breakdowns;
        let keep = opts.keep_trials;
        // Grown as trials finish, not reserved for the most asked: a cancelled or
        // precision-stopped run holds only what it ran.
        let kpis = (0..N_KPI)
            .map(|_| Vec::with_capacity(if keep { total.min(100_000) as usize } else { 0 }))
            .collect();
        let kpi_acc = if keep { Vec::new() } else { vec![SeriesAcc::default(); N_KPI] };
        let target = plan
            .scenario
            .target
            .as_ref()
            .filter(|_| !keep)
            .map(|t| (trial::target_column(t.metric), t.value, SeriesAcc::default()));
        Fold {
            width,
            total,
            done: 0,
            kpis,
            series: vec![SeriesAcc::default(); width - N_KPI],
            work: Work::default(),
            convergence: Vec::new(),
            sum: 0.0,
            sum_sq: 0.0,
            breakdowns,
            kpi_acc,
            target,
        }
    }

    /// Trials per batch. A precision target is checked between batches: small ones, so the run
    /// stops close to it.
    fn batch(&self, opts: &RunOptions) -> usize {
        if opts.precision.is_some() {
            256
        } else {
            (self.total / 100).clamp(64, 2048) as usize
        }
    }

    /// Fold a batch of records (trial order) and their work; the convergence point after it.
    fn add(&mut self, pool: &rayon::ThreadPool, rows: &[f64], works: &[Work]) -> ConvergencePoint {
        let width = self.width;
        for w in works {
            self.work.add(w);
        }
        for row in rows.chunks_exact(width) {
            if self.kpi_acc.is_empty() {
                for (k, col) in self.kpis.iter_mut().enumerate() {
                    col.push(row[k]);
                }
            } else {
                for (acc, &v) in self.kpi_acc.iter_mut().zip(row) {
                    // NaN marks a value the trial has none of (retention without customers).
                    if !v.is_nan() {
                        acc.add(v);
                    }
                }
                if let Some((col, value, hits)) = &mut self.target {
                    hits.add(if row[*col] >= *value { 1.0 } else { 0.0 });
                }
            }
            self.sum += row[trial::K_TOTAL];
            self.sum_sq += row[trial::K_TOTAL] * row[trial::K_TOTAL];
        }
        // The breakdowns, a block of columns per task (each column still in trial order).
        const BLOCK: usize = 64;
        pool.install(|| {
            if !self.breakdowns {
                return;
            }
            self.series
                .par_chunks_mut(BLOCK)
                .enumerate()
                .for_each(|(b, accs)| {
                    let first = N_KPI + b * BLOCK;
                    for row in rows.chunks_exact(width) {
                        for (acc, &v) in accs.iter_mut().zip(&row[first..]) {
                            // NaN marks a value this trial did not measure (pattern counterfactuals
                            // beyond `pattern_trials`).
                            if !v.is_nan() {
                                acc.add(v);
                            }
                        }
                    }
                })
        });
        let len = (rows.len() / width) as u64;
        self.done += len;
        let n = self.done as f64;
        let mean = self.sum / n;
        let std_error = if self.done > 1 {
            ((self.sum_sq - self.sum * mean).max(0.0) / (n - 1.0) / n).sqrt()
        } else {
            0.0
        };
        let point = ConvergencePoint {
            trials: self.done,
            mean,
            std_error,
        };
        self.convergence.push(point);
        point
    }

    fn finish(self, opts: &RunOptions, plan: &Plan, wall: Duration) -> RunResult {
        let mut options = opts.clone();
        options.trials = self.done;
        RunResult {
            convergence: self.convergence,
            options,
            layout: plan.layout.clone(),
            enabled_patterns: plan.enabled.clone(),
            programs: plan.programs.clone(),
            kpis: self.kpis,
            kpi_summaries: self.kpi_acc,
            target_hits: self.target.map(|t| t.2),
            series: self.series,
            work: self.work,
            partner_instances: plan.partners.len(),
            wall,
        }
    }
}

/// Where each value sits in the records of a run of `scenario` with `opts` (what a shard's
/// rows hold, without its run's summaries).
pub fn layout_of(model: &Model, scenario: &Scenario, opts: &RunOptions) -> Layout {
    Plan::new(model, scenario, opts).layout
}

/// Run without progress or cancellation.
pub fn run_simple(model: &Model, scenario: &Scenario, opts: &RunOptions) -> Result<RunResult, RunError> {
    run(model, scenario, opts, &|_| {}, &AtomicBool::new(false))
}

/// Trial `trial` of a run with `opts` (counterfactuals are not run), with every partner's
/// arrival and departure and every opportunity that reached a decision: a history the engine
/// made, for synthetic actuals and for backtests that aggregate simulated deals exactly as they
/// aggregate recorded ones. Its KPIs are the same trial's of an ordinary run.
pub fn trace(model: &Model, scenario: &Scenario, opts: &RunOptions, trial: u64) -> trial::History {
    let opts = RunOptions { counterfactuals: Counterfactuals::Off, trials: opts.trials.max(trial + 1), ..opts.clone() };
    let plan = Plan::new(model, scenario, &opts);
    let mut sc = Scratch::default();
    sc.trace = Some(Box::default());
    let mut row = vec![0.0; plan.layout.width()];
    trial::simulate(&plan, trial, &mut sc, &mut row);
    *sc.trace.take().unwrap_or_default()
}

/// The uniforms that drive each trial's uncertain inputs (for tests and diagnostics).
pub fn trial_input_uniforms(model: &Model, scenario: &Scenario, opts: &RunOptions) -> Vec<Vec<f64>> {
    let plan = Plan::new(model, scenario, opts);
    (0..opts.trials)
        .map(|t| {
            let mut u = Vec::new();
            plan.input_uniforms(t, &mut u);
            u
        })
        .collect()
}
