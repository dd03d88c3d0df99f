//! Which uncertain inputs move a forecast: a tornado (one input at a time) and Sobol indices
//! (how much of the output's variance each input explains, alone and with its interactions).
//!
//! Both run the engine on an [`InputDesign`]: the analyst chooses the uniforms of the
//! uncertain inputs, and rows that share a stream trial share all within-trial randomness, so
//! differences between rows are the inputs' doing (common random numbers).
//!
//! Sobol indices use Saltelli's sampling (matrices A, B and A with column i from B) and
//! Jansen's estimators, with bootstrap confidence intervals over the base sample rows. The
//! engine's own within-trial randomness is part of the output's variance, so it is treated as
//! one more input — the stream trial of a row — that A and B draw independently and that the
//! mixed matrices take from A like every column but the one swapped. Its own indices are
//! reported as "simulation randomness": the part of the spread no input explains.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;
use crate::engine::rng::{key, Stream};
use crate::engine::trial::{K_COVERAGE, K_FINAL_Q, K_INTER, K_MULT, K_NET, K_TOTAL};
use crate::engine::shard::Runner;
use crate::engine::{Counterfactuals, InputDesign, RunError, RunOptions};
use crate::model::{Model, Scenario};

/// The KPIs a sensitivity analysis can explain, with their per-trial column.
pub const KPIS: [(&str, usize); 6] = [
    ("total_revenue", K_TOTAL),
    ("final_quarter_revenue", K_FINAL_Q),
    ("coverage_final", K_COVERAGE),
    ("net_contribution", K_NET),
    ("inter_partner_revenue", K_INTER),
    ("ecosystem_multiplier", K_MULT),
];

#[derive(Debug, thiserror::Error)]
pub enum SensitivityError {
    #[error("unknown KPI {0:?}; one of total_revenue, final_quarter_revenue, coverage_final, net_contribution, inter_partner_revenue, ecosystem_multiplier")]
    Kpi(String),
    #[error("the scenario and its model have no uncertain inputs: every number is fixed, so nothing can be ranked (give some inputs a distribution)")]
    NoInputs,
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// One input of the tornado: the KPI's mean with the input at its P10 and at its P90.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TornadoBar {
    /// Document path of the input, e.g. `partner_types[0].win_rate`.
    pub input: String,
    pub value_low: f64,
    pub value_high: f64,
    pub kpi_low: f64,
    pub kpi_high: f64,
    /// |kpi_high − kpi_low|.
    pub swing: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TornadoReport {
    pub kpi: String,
    /// The KPI's mean with every input at its median.
    pub base: f64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials_per_point: u64,
    /// Largest swing first.
    pub bars: Vec<TornadoBar>,
    /// Wall-clock seconds the analysis took, on the machine that ran it.
    #[serde(default)]
    pub wall_seconds: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SobolIndex {
    pub input: String,
    pub first_order: f64,
    /// 95 % bootstrap interval.
    pub first_order_ci: [f64; 2],
    pub total: f64,
    pub total_ci: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SobolReport {
    pub kpi: String,
    /// Rows of each Saltelli matrix.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub base_samples: u64,
    /// Engine trials in all: base_samples × (inputs + 3).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub evaluations: u64,
    pub variance: f64,
    /// Largest total index first.
    pub indices: Vec<SobolIndex>,
    /// Wall-clock seconds the analysis took, on the machine that ran it.
    #[serde(default)]
    pub wall_seconds: f64,
}

pub(crate) fn kpi_column(kpi: &str) -> Result<usize, SensitivityError> {
    KPIS.iter().find(|(n, _)| *n == kpi).map(|&(_, c)| c).ok_or_else(|| SensitivityError::Kpi(kpi.into()))
}

/// Run the engine on `rows` (uniforms per input) with their stream trials; the KPI per row.
fn evaluate(
    runner: &mut Runner,
    model: &Model,
    scenario: &Scenario,
    seed: u64,
    column: usize,
    design: InputDesign,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<f64>, SensitivityError> {
    let mut opts = RunOptions::for_scenario(scenario);
    opts.trials = design.rows.len() as u64;
    opts.seed = seed;
    opts.counterfactuals = Counterfactuals::to_measure(column);
    opts.breakdowns = false;
    opts.design = Some(Arc::new(design));
    let r = runner.run(model, scenario, &opts, &|p| progress(p.done, p.total), cancel)?;
    Ok(r.kpis[column].clone())
}

/// The uncertain inputs `scenario` cannot feel: those of a pattern it does not enable, a
/// governance policy it does not adopt, a program it does not run, or a partner type it has no
/// partner of (planned or organic). The engine never reads them for this scenario, so every
/// trial is the same bit for bit whatever their values: an analysis of one input at a time
/// need not simulate them (their swing is exactly 0, as simulating them would show).
pub fn inert_inputs(model: &Model, scenario: &Scenario) -> Vec<bool> {
    let plan = crate::engine::trial::Plan::new(model, scenario, &RunOptions::for_scenario(scenario));
    let mut present = vec![false; model.partner_types.len()];
    for p in &plan.partners {
        present[p.ty] = true;
    }
    let index = |rest: &str| rest.split(']').next().and_then(|i| i.parse::<usize>().ok());
    model
        .inputs
        .paths
        .iter()
        .map(|path| {
            if let Some(rest) = path.strip_prefix("patterns[") {
                index(rest).is_some_and(|i| scenario.intensity.get(i).is_some_and(|&x| x <= 0.0))
            } else if let Some(rest) = path.strip_prefix("governance.policies[") {
                index(rest).is_some_and(|i| scenario.adopted.get(i).is_some_and(|&a| !a))
            } else if let Some(rest) = path.strip_prefix("programs[") {
                index(rest).is_some_and(|i| scenario.levels.get(i).is_some_and(|&x| x <= 0.0))
            } else if let Some(rest) = path.strip_prefix("partner_types[") {
                index(rest).is_some_and(|i| present.get(i).is_some_and(|&here| !here))
            } else if let Some(rest) = path.strip_prefix("network.partner_types.") {
                let id = rest.split('.').next().unwrap_or("");
                model.type_index(id).is_some_and(|t| !present[t])
            } else {
                false
            }
        })
        .collect()
}

/// Tornado: each uncertain input at its P10 and P90 with every other at its median, `trials`
/// trials per point (the same stream trials at every point).
///
/// `runner` carries its engine runs out: `&mut Runner::Local` in this process, or shard K of N
/// of each, or each merged from its shards (scale-out, bit for bit).
#[allow(clippy::too_many_arguments)]
pub fn tornado(
    runner: &mut Runner,
    model: &Model,
    scenario: &Scenario,
    kpi: &str,
    trials: u64,
    seed: u64,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<TornadoReport, SensitivityError> {
    let started = std::time::Instant::now();
    let column = kpi_column(kpi)?;
    let k = model.inputs.paths.len();
    if k == 0 {
        return Err(SensitivityError::NoInputs);
    }
    let n = trials.max(1) as usize;
    // Inputs the scenario cannot feel are not simulated: at P10 and P90 they give the base.
    let inert = inert_inputs(model, scenario);
    let live: Vec<usize> = (0..k).filter(|&j| !inert[j]).collect();
    let mut rows = Vec::with_capacity((2 * live.len() + 1) * n);
    let mut streams = Vec::with_capacity(rows.capacity());
    for point in 0..2 * live.len() + 1 {
        let mut u = vec![0.5; k];
        if point > 0 {
            u[live[(point - 1) / 2]] = if point % 2 == 1 { 0.1 } else { 0.9 };
        }
        for t in 0..n {
            rows.push(u.clone());
            streams.push(t as u64);
        }
    }
    let out = evaluate(runner, model, scenario, seed, column, InputDesign { rows, stream_trials: streams }, progress, cancel)?;
    let mean = |point: usize| out[point * n..(point + 1) * n].iter().sum::<f64>() / n as f64;
    let base = mean(0);
    let mut bars: Vec<TornadoBar> = (0..k)
        .map(|j| {
            let (lo, hi) = match live.iter().position(|&x| x == j) {
                Some(i) => (mean(1 + 2 * i), mean(2 + 2 * i)),
                None => (base, base),
            };
            let (value_low, value_high) = model.inputs.quantiles(j, 0.1, 0.9);
            TornadoBar { input: model.inputs.paths[j].clone(), value_low, value_high, kpi_low: lo, kpi_high: hi, swing: (hi - lo).abs() }
        })
        .collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(TornadoReport { kpi: kpi.into(), base, trials_per_point: n as u64, bars, wall_seconds: started.elapsed().as_secs_f64() })
}

/// Sobol indices of the scenario's uncertain inputs for `kpi`, from `n` base samples.
///
/// `runner` carries its engine runs out: `&mut Runner::Local` in this process, or shard K of N
/// of each, or each merged from its shards (scale-out, bit for bit).
#[allow(clippy::too_many_arguments)]
pub fn sobol(
    runner: &mut Runner,
    model: &Model,
    scenario: &Scenario,
    kpi: &str,
    n: u64,
    seed: u64,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<SobolReport, SensitivityError> {
    let started = std::time::Instant::now();
    let column = kpi_column(kpi)?;
    let k = model.inputs.paths.len();
    if k == 0 {
        return Err(SensitivityError::NoInputs);
    }
    let mut failure = None;
    // The block of an input the scenario cannot feel (A with that column from B, on A's stream
    // trials) gives A's outputs exactly: it is copied from A, not simulated.
    let inert = inert_inputs(model, scenario);
    let est = saltelli_jansen(k, n.max(2) as usize, seed, 500, 0.95, |rows, streams| {
        let m = rows.len() / (k + 3);
        let simulated: Vec<usize> = (0..k + 3).filter(|&b| b < 2 || b >= k + 2 || !inert[b - 2]).collect();
        let design = InputDesign { rows: blocks(rows, m, &simulated), stream_trials: blocks(streams, m, &simulated) };
        match evaluate(runner, model, scenario, seed, column, design, progress, cancel) {
            Ok(v) => {
                let mut out = vec![0.0; rows.len()];
                for (i, &b) in simulated.iter().enumerate() {
                    out[b * m..(b + 1) * m].copy_from_slice(&v[i * m..(i + 1) * m]);
                }
                for b in (2..k + 2).filter(|&b| inert[b - 2]) {
                    out.copy_within(0..m, b * m);
                }
                out
            }
            Err(e) => {
                failure = Some(e);
                vec![0.0; rows.len()]
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let mut indices: Vec<SobolIndex> = est.indices.into_iter().enumerate().map(|(j, mut ix)| {
        ix.input = model.inputs.paths.get(j).cloned().unwrap_or_else(|| RANDOMNESS.into());
        ix
    }).collect();
    indices.sort_by(|a, b| b.total.total_cmp(&a.total));
    Ok(SobolReport { kpi: kpi.into(), base_samples: n, evaluations: n * (k as u64 + 3), variance: est.variance, indices, wall_seconds: started.elapsed().as_secs_f64() })
}

/// Blocks `which` (of `m` items each) of `v`, in order.
fn blocks<T: Clone>(v: &[T], m: usize, which: &[usize]) -> Vec<T> {
    which.iter().flat_map(|&b| v[b * m..(b + 1) * m].iter().cloned()).collect()
}

/// What the estimator returns: indices in input order (unnamed) and the output variance.
pub struct Estimate {
    pub indices: Vec<SobolIndex>,
    pub variance: f64,
}

/// Input name of the simulation's own randomness in a [`SobolReport`].
pub const RANDOMNESS: &str = "(simulation randomness)";

/// Saltelli sampling with Jansen's estimators for `k` inputs uniform on (0, 1), `n` base rows
/// and `bootstrap` resamples giving `level` (e.g. 0.95) percentile intervals. `f` evaluates all
/// rows at once and returns one output per row: blocks A, B, then A with column i from B for
/// each i, then (the k+1-th "input") A's values with B's stream trials. A's row r has stream
/// trial r and B's n + r; each mixed row takes A's, except the randomness block. The result
/// has k + 1 indices, the last for the randomness (0 for a deterministic `f`).
pub fn saltelli_jansen(k: usize, n: usize, seed: u64, bootstrap: usize, level: f64, mut f: impl FnMut(&[Vec<f64>], &[u64]) -> Vec<f64>) -> Estimate {
    let draw = |m: u64, r: usize, j: usize| Stream::new(key(&[seed, 0x50B0, m, r as u64, j as u64])).uniform();
    let a: Vec<Vec<f64>> = (0..n).map(|r| (0..k).map(|j| draw(0, r, j)).collect()).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|r| (0..k).map(|j| draw(1, r, j)).collect()).collect();
    let mut rows = Vec::with_capacity(n * (k + 3));
    rows.extend(a.iter().cloned());
    rows.extend(b.iter().cloned());
    for i in 0..k {
        rows.extend(a.iter().zip(&b).map(|(ra, rb)| {
            let mut r = ra.clone();
            r[i] = rb[i];
            r
        }));
    }
    rows.extend(a.iter().cloned());
    let (from_a, from_b) = (0..n as u64, n as u64..2 * n as u64);
    let mut streams: Vec<u64> = from_a.clone().chain(from_b.clone()).collect();
    for _ in 0..k {
        streams.extend(from_a.clone());
    }
    streams.extend(from_b);
    let k = k + 1;
    let y = f(&rows, &streams);
    let ya = &y[..n];
    let yb = &y[n..2 * n];
    let yab = |i: usize| &y[(2 + i) * n..(3 + i) * n];
    // Estimates on a multiset of base rows (the identity for the point estimate).
    let estimate = |idx: &[usize]| -> (f64, Vec<(f64, f64)>) {
        let m = idx.len() as f64;
        let all = idx.iter().flat_map(|&r| [ya[r], yb[r]]);
        let mean = all.clone().sum::<f64>() / (2.0 * m);
        let var = all.map(|v| (v - mean) * (v - mean)).sum::<f64>() / (2.0 * m - 1.0);
        let per = (0..k)
            .map(|i| {
                let ab = yab(i);
                let first = idx.iter().map(|&r| (yb[r] - ab[r]).powi(2)).sum::<f64>() / (2.0 * m);
                let total = idx.iter().map(|&r| (ya[r] - ab[r]).powi(2)).sum::<f64>() / (2.0 * m);
                if var > 0.0 {
                    ((var - first) / var, total / var)
                } else {
                    (0.0, 0.0)
                }
            })
            .collect();
        (var, per)
    };
    let identity: Vec<usize> = (0..n).collect();
    let (variance, point) = estimate(&identity);
    let mut boot: Vec<Vec<(f64, f64)>> = Vec::with_capacity(bootstrap);
    for b in 0..bootstrap {
        let mut s = Stream::new(key(&[seed, 0xB007, b as u64]));
        let idx: Vec<usize> = (0..n).map(|_| s.below(n)).collect();
        boot.push(estimate(&idx).1);
    }
    let ci = |i: usize, which: usize| -> [f64; 2] {
        let mut v: Vec<f64> = boot.iter().map(|e| if which == 0 { e[i].0 } else { e[i].1 }).collect();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return [f64::NAN, f64::NAN];
        }
        let tail = (1.0 - level) / 2.0;
        [crate::stats::quantile_sorted(&v, tail), crate::stats::quantile_sorted(&v, 1.0 - tail)]
    };
    let indices = (0..k)
        .map(|i| SobolIndex { input: String::new(), first_order: point[i].0, first_order_ci: ci(i, 0), total: point[i].1, total_ci: ci(i, 1) })
        .collect();
    Estimate { indices, variance }
}

/// Percentiles at which a spider chart sets each input.
pub const SPIDER_PERCENTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

/// One input of a spider chart: the KPI's mean with the input at each of
/// [`SPIDER_PERCENTILES`] and every other input at its median.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SpiderLine {
    pub input: String,
    pub label: String,
    /// The input's value at each percentile.
    pub values: Vec<f64>,
    /// The KPI's mean at each percentile.
    pub kpi: Vec<f64>,
    /// Highest minus lowest of `kpi`.
    pub range: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SpiderReport {
    pub kpi: String,
    /// The KPI's mean with every input at its median.
    pub base: f64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials_per_point: u64,
    pub percentiles: Vec<f64>,
    /// Widest range first; at most the `top` asked for.
    pub lines: Vec<SpiderLine>,
    pub wall_seconds: f64,
}

/// Spider chart: each uncertain input swept over its percentiles (P5…P95) with every other at
/// its median, `trials` trials per point (the same stream trials at every point); the `top`
/// inputs whose sweep moves the KPI most.
#[allow(clippy::too_many_arguments)]
pub fn spider(
    model: &Model,
    scenario: &Scenario,
    kpi: &str,
    trials: u64,
    seed: u64,
    top: usize,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<SpiderReport, SensitivityError> {
    let started = std::time::Instant::now();
    let column = kpi_column(kpi)?;
    let k = model.inputs.paths.len();
    if k == 0 {
        return Err(SensitivityError::NoInputs);
    }
    let n = trials.max(1) as usize;
    let sweep: Vec<f64> = SPIDER_PERCENTILES.iter().copied().filter(|&p| p != 0.5).collect();
    let mut rows = Vec::with_capacity((sweep.len() * k + 1) * n);
    let mut streams = Vec::with_capacity(rows.capacity());
    let mut push = |u: Vec<f64>| {
        for t in 0..n {
            rows.push(u.clone());
            streams.push(t as u64);
        }
    };
    push(vec![0.5; k]);
    // Inputs the scenario cannot feel are not simulated: at every percentile they give the base.
    let inert = inert_inputs(model, scenario);
    let live: Vec<usize> = (0..k).filter(|&j| !inert[j]).collect();
    for &j in &live {
        for &p in &sweep {
            let mut u = vec![0.5; k];
            u[j] = p;
            push(u);
        }
    }
    let out = evaluate(&mut Runner::Local, model, scenario, seed, column, InputDesign { rows, stream_trials: streams }, progress, cancel)?;
    let mean = |point: usize| out[point * n..(point + 1) * n].iter().sum::<f64>() / n as f64;
    let base = mean(0);
    let mut lines: Vec<SpiderLine> = (0..k)
        .map(|j| {
            let mut kpis = Vec::with_capacity(SPIDER_PERCENTILES.len());
            let mut s = 0;
            let at = live.iter().position(|&x| x == j);
            for &p in &SPIDER_PERCENTILES {
                if p == 0.5 || at.is_none() {
                    kpis.push(base);
                } else {
                    kpis.push(mean(1 + at.unwrap_or(0) * sweep.len() + s));
                    s += 1;
                }
            }
            let range = kpis.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b)) - kpis.iter().fold(f64::INFINITY, |a, &b| a.min(b));
            SpiderLine {
                input: model.inputs.paths[j].clone(),
                label: crate::words::input_label(&model.doc, &model.inputs.paths[j]),
                values: SPIDER_PERCENTILES.iter().map(|&p| model.inputs.dists[j].quantile(p)).collect(),
                kpi: kpis,
                range,
            }
        })
        .collect();
    lines.sort_by(|a, b| b.range.total_cmp(&a.range));
    lines.truncate(top.max(1));
    Ok(SpiderReport { kpi: kpi.into(), base, trials_per_point: n as u64, percentiles: SPIDER_PERCENTILES.to_vec(), lines, wall_seconds: started.elapsed().as_secs_f64() })
}
