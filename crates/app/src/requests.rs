//! What a person asks of each decision analysis, with its defaults: each `Default` here is the
//! one place that default lives, for the desktop app and the CLI alike (they used to keep
//! their own, and a comparison from the CLI ran more trials than the same one from the app).
//! Unset seeds are the scenario's own.

use ecosim_core::model::{Sampling, Scenario};

/// Trials of a comparison when none are asked for: the first scenario's, at most this many.
pub const COMPARE_DEFAULT_MAX_TRIALS: u64 = 10_000;

/// A comparison of 2–4 designs on one model, trial by trial.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareRequest {
    /// Trials per design (default: the first scenario's, at most [`COMPARE_DEFAULT_MAX_TRIALS`]).
    pub trials: Option<u64>,
    /// Default: the first scenario's seed.
    pub seed: Option<u64>,
}

impl CompareRequest {
    /// The trials, seed and sampling every design is run with, from the baseline `first`.
    pub fn settings(&self, first: &Scenario) -> (u64, u64, Sampling) {
        (self.trials.unwrap_or(first.trials.min(COMPARE_DEFAULT_MAX_TRIALS)), self.seed.unwrap_or(first.seed), first.sampling)
    }
}

/// A tornado: each uncertain input at its P10 and P90, the others at their median.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRequest {
    pub kpi: String,
    /// Trials at each point.
    pub trials: u64,
    pub seed: Option<u64>,
}

impl Default for TornadoRequest {
    fn default() -> Self {
        TornadoRequest { kpi: "total_revenue".into(), trials: 1_000, seed: None }
    }
}

/// Trials at each point of the tornado a report includes (`ecosim report --tornado`): fewer
/// than an interactive tornado's, since a report draws it for every run.
pub const REPORT_TORNADO_TRIALS: u64 = 500;

/// Sobol indices by Saltelli sampling.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolRequest {
    pub kpi: String,
    /// Base samples (each costs one trial per input plus two).
    pub samples: u64,
    pub seed: Option<u64>,
}

impl Default for SobolRequest {
    fn default() -> Self {
        SobolRequest { kpi: "total_revenue".into(), samples: 500, seed: None }
    }
}

/// Shapley attribution of revenue and coverage to partner types.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionRequest {
    /// Trials per coalition of partner types.
    pub trials: u64,
    pub seed: Option<u64>,
}

impl Default for AttributionRequest {
    fn default() -> Self {
        AttributionRequest { trials: 500, seed: None }
    }
}

/// Trials that estimate what a scenario costs (the optimiser's default budget).
pub const COST_TRIALS: u64 = 300;

/// Fill an optional override from a request's default: `pick(trials, TornadoRequest::default().trials)`.
pub fn pick<T>(value: Option<T>, default: T) -> T {
    value.unwrap_or(default)
}

/// What a design costs over its horizon (mean total cost over `trials` trials, without the
/// counterfactual runs): the optimiser's default budget, for the app and the CLI alike.
pub fn scenario_cost(l: &ecosim_core::model::Loaded, trials: u64, seed: Option<u64>) -> Result<f64, ecosim_core::engine::RunError> {
    use ecosim_core::engine::{self, Counterfactuals, RunOptions};
    let mut o = RunOptions::for_scenario(&l.scenario);
    o.trials = trials.max(1);
    if let Some(s) = seed {
        o.seed = s;
    }
    o.counterfactuals = Counterfactuals::Off;
    let r = engine::run_simple(&l.model, &l.scenario, &o)?;
    Ok(r.kpis[engine::trial::K_COSTS].iter().sum::<f64>() / o.trials as f64)
}

/// Requirement solving: one lever searched until a goal holds.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveRequest {
    /// Trials at each lever value.
    pub trials: u64,
    pub seed: Option<u64>,
    /// The lever's range (default: the lever's own, from the scenario).
    pub range: Option<[f64; 2]>,
}

impl Default for SolveRequest {
    fn default() -> Self {
        SolveRequest { trials: ecosim_core::analysis::solve::SOLVE_TRIALS, seed: None, range: None }
    }
}

/// What drives a KPI's bottom (or top) tail.
#[derive(Debug, Clone, PartialEq)]
pub struct DriversRequest {
    pub kpi: String,
    pub tail: ecosim_core::analysis::drivers::Tail,
    /// Share of trials in the tail.
    pub share: f64,
    pub trials: u64,
    pub seed: Option<u64>,
}

impl Default for DriversRequest {
    fn default() -> Self {
        DriversRequest { kpi: "total_revenue".into(), tail: ecosim_core::analysis::drivers::Tail::Bottom, share: 0.1, trials: ecosim_core::analysis::drivers::DRIVERS_TRIALS, seed: None }
    }
}

/// A stress test: inputs held in a percentile range.
#[derive(Debug, Clone, PartialEq)]
pub struct StressRequest {
    pub kpi: String,
    pub trials: u64,
    pub seed: Option<u64>,
}

impl Default for StressRequest {
    fn default() -> Self {
        StressRequest { kpi: "total_revenue".into(), trials: ecosim_core::analysis::stress::STRESS_TRIALS, seed: None }
    }
}

/// The value of information for a choice between designs.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiRequest {
    /// The payoff the choice is judged on.
    pub kpi: String,
    pub trials: u64,
    /// Default: the first scenario's seed.
    pub seed: Option<u64>,
}

impl Default for VoiRequest {
    fn default() -> Self {
        VoiRequest { kpi: "net_contribution".into(), trials: ecosim_core::analysis::voi::VOI_TRIALS, seed: None }
    }
}

impl VoiRequest {
    /// The core's request, with the baseline `first`'s seed and sampling where unset.
    pub fn resolve(&self, first: &Scenario) -> ecosim_core::analysis::voi::VoiRequest {
        ecosim_core::analysis::voi::VoiRequest { kpi: self.kpi.clone(), trials: self.trials, seed: self.seed.unwrap_or(first.seed), sampling: first.sampling }
    }
}

/// Trials behind each of the decision brief's analyses, by default.
pub const BRIEF_TRIALS: u64 = 2_000;
/// The chance of meeting the target the decision brief solves for.
pub const BRIEF_TARGET_PROBABILITY: f64 = 0.8;

/// A spider chart: each top input swept over its percentiles.
#[derive(Debug, Clone, PartialEq)]
pub struct SpiderRequest {
    pub kpi: String,
    /// Trials at each point.
    pub trials: u64,
    pub seed: Option<u64>,
    /// How many inputs the chart shows (those that move the KPI most).
    pub top: usize,
}

impl Default for SpiderRequest {
    fn default() -> Self {
        SpiderRequest { kpi: "total_revenue".into(), trials: 500, seed: None, top: 8 }
    }
}

/// Backtest defaults: the quarters held out (a year), the simulated histories of the forecast,
/// and the seed they are drawn with.
pub const BACKTEST_HOLDOUT: u32 = 4;
pub const BACKTEST_TRIALS: u64 = 500;
pub const BACKTEST_SEED: u64 = 2024;
