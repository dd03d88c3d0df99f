//! What drives the bad (or good) futures: for the trials in a KPI's bottom (or top) tail,
//! which uncertain inputs sit furthest from their usual values, and which partner types,
//! revenue sources and patterns fall short there.
//!
//! The scenario runs once; its trials' sampled inputs are known (the engine draws them from
//! keyed streams). For each input, the shift is the difference between its median over the
//! tail's trials and its median over all trials, in the input's standard deviations across
//! all trials. Its noise is what a random subset of trials of the tail's size gives: the spread
//! of the shift over random subsets, widened so that the chance of any input of the model
//! crossing it by chance is 1 % — a shift beyond it is the tail's doing.
//!
//! The tail's breakdowns come from replaying exactly its trials (same input values, same
//! stream trials: the engine reproduces each trial bit for bit) with every pattern's
//! counterfactual measured, against the run's own breakdowns.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::sensitivity::{kpi_column, SensitivityError};
use crate::engine::rng::{key, Stream};
use crate::engine::{self, Counterfactuals, InputDesign, RunOptions};
use crate::model::{Model, Scenario};
use crate::output::RunReport;
use crate::stats::quantile_sorted;

/// Which end of the KPI's distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Tail {
    Bottom,
    Top,
}

impl Tail {
    /// Parse `bottom-10`, `top-5`, `bottom` (10 %): the tail and its share.
    pub fn parse(text: &str) -> Result<(Tail, f64), String> {
        let t = text.trim().to_ascii_lowercase();
        let (side, pct) = t.split_once(['-', ':', ' ']).unwrap_or((&t, "10"));
        let tail = match side {
            "bottom" | "worst" | "low" => Tail::Bottom,
            "top" | "best" | "high" => Tail::Top,
            _ => return Err(format!("a tail looks like bottom-10 or top-5 (the share of trials in percent), got {text:?}")),
        };
        let pct: f64 = pct.trim_end_matches('%').parse().map_err(|_| format!("a tail's share must be a percentage, e.g. bottom-10; got {text:?}"))?;
        if !(pct > 0.0 && pct <= 50.0) {
            return Err(format!("a tail's share must be more than 0 % and at most 50 %, got {pct}"));
        }
        Ok((tail, pct / 100.0))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DriversRequest {
    pub kpi: String,
    pub tail: Tail,
    /// Share of trials in the tail (0.1 = the bottom or top decile).
    pub share: f64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
}

/// Default trials of a drivers analysis.
pub const DRIVERS_TRIALS: u64 = 5_000;
/// Random subsets behind each input's noise.
const NULL_SUBSETS: usize = 200;
/// The chance that any input of the model is called beyond noise when the tail is no different
/// from a random set of trials of its size.
pub const FAMILY_ERROR: f64 = 0.01;

/// One uncertain input in the tail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DriverInput {
    /// Document path of the input.
    pub input: String,
    pub label: String,
    pub median_all: f64,
    pub median_tail: f64,
    /// (median_tail − median_all) / the input's standard deviation over all trials.
    pub shift: f64,
    /// How far a random subset of trials of the tail's size shifts by chance: the spread of
    /// its shift times the normal score that keeps the chance of any input of the model
    /// crossing it to [`FAMILY_ERROR`]. Shifts within it are noise.
    pub noise: f64,
    pub beyond_noise: bool,
}

/// What kind of breakdown a shortfall is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    PartnerType,
    Source,
    Pattern,
}

/// One partner type, revenue source or pattern: its mean over all trials and over the tail's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Shortfall {
    pub breakdown: Breakdown,
    pub id: String,
    pub name: String,
    pub mean_all: f64,
    pub mean_tail: f64,
    /// mean_tail − mean_all (negative: it falls short in those futures).
    pub change: f64,
    /// change ÷ mean_all (0 where mean_all is 0).
    pub relative_change: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DriversReport {
    pub kpi: String,
    pub tail: Tail,
    pub share: f64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub tail_trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    /// The KPI value that bounds the tail (its P10 for the bottom decile).
    pub threshold: f64,
    pub kpi_mean_all: f64,
    pub kpi_mean_tail: f64,
    /// Largest |shift| first.
    pub inputs: Vec<DriverInput>,
    /// Largest shortfall (most negative change) first, within each breakdown.
    pub shortfalls: Vec<Shortfall>,
    pub wall_seconds: f64,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    quantile_sorted(v, 0.5)
}

/// The median of `values[idx]`.
fn median_of(values: &[f64], idx: &[usize], buf: &mut Vec<f64>) -> f64 {
    buf.clear();
    buf.extend(idx.iter().map(|&i| values[i]));
    median(buf)
}

/// How far a median sits from the median of all trials, in `sd`s.
fn shift(median: f64, median_all: f64, sd: f64) -> f64 {
    if sd > 0.0 {
        (median - median_all) / sd
    } else {
        0.0
    }
}

/// The inputs and breakdowns that set the scenario's tail futures apart.
pub fn drivers(model: &Model, scenario: &Scenario, req: &DriversRequest, progress: &(dyn Fn(u64, u64) + Sync), cancel: &AtomicBool) -> Result<DriversReport, SensitivityError> {
    let started = Instant::now();
    let column = kpi_column(&req.kpi)?;
    if model.inputs.paths.is_empty() {
        return Err(SensitivityError::NoInputs);
    }
    if !(req.share > 0.0 && req.share <= 0.5) {
        return Err(SensitivityError::Invalid(format!("share: the tail must hold more than 0 % and at most 50 % of trials, got {}", req.share)));
    }
    if req.trials < 100 {
        return Err(SensitivityError::Invalid(format!("trials: a tail needs at least 100 trials, got {}", req.trials)));
    }
    let mut opts = RunOptions::for_scenario(scenario);
    opts.trials = req.trials;
    opts.seed = req.seed;
    opts.counterfactuals = Counterfactuals::PerPattern;
    let tail_len = ((req.trials as f64 * req.share).round() as usize).max(1);
    let total = req.trials + tail_len as u64;
    let base = engine::run(model, scenario, &opts, &|p| progress(p.done, total), cancel)?;
    let kpi = &base.kpis[column];
    let n = kpi.len();
    // The tail: the trials with the lowest (highest) KPI, ties broken by trial order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| kpi[a].total_cmp(&kpi[b]).then(a.cmp(&b)));
    if req.tail == Tail::Top {
        order.reverse();
    }
    let mut tail: Vec<usize> = order[..tail_len].to_vec();
    tail.sort_unstable();
    let threshold = kpi[order[tail_len - 1]];
    let uniforms = engine::trial_input_uniforms(model, scenario, &opts);
    let k = model.inputs.paths.len();
    let values: Vec<Vec<f64>> = (0..k).map(|j| uniforms.iter().map(|u| model.inputs.dists[j].quantile(u[j])).collect()).collect();
    // Random subsets of the tail's size: the noise of a shift.
    let subsets: Vec<Vec<usize>> = (0..NULL_SUBSETS)
        .map(|s| {
            let mut st = Stream::new(key(&[req.seed, 0xD21E, s as u64]));
            let mut idx: Vec<usize> = (0..n).collect();
            for i in 0..tail_len {
                let j = i + st.below(n - i);
                idx.swap(i, j);
            }
            idx.truncate(tail_len);
            idx
        })
        .collect();
    let mut buf = Vec::with_capacity(n);
    let band = crate::stats::linalg::std_normal_quantile(1.0 - FAMILY_ERROR / (2.0 * k as f64));
    let mut inputs: Vec<DriverInput> = (0..k)
        .map(|j| {
            let v = &values[j];
            let mut all = v.clone();
            let median_all = median(&mut all);
            let mean = v.iter().sum::<f64>() / n as f64;
            let sd = (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n as f64 - 1.0)).sqrt();

            // The shifts random subsets give are centred on 0; the band is their spread times
            // the normal score that keeps the chance of any input of the model crossing it by
            // chance alone to 1 % (Bonferroni over the inputs).
            let null: Vec<f64> = subsets.iter().map(|idx| shift(median_of(v, idx, &mut buf), median_all, sd)).collect();
            let spread = (null.iter().map(|x| x * x).sum::<f64>() / null.len() as f64).sqrt();
            let noise = band * spread;
            let median_tail = median_of(v, &tail, &mut buf);
            let s = shift(median_tail, median_all, sd);
            DriverInput {
                input: model.inputs.paths[j].clone(),
                label: crate::words::input_label(&model.doc, &model.inputs.paths[j]),
                median_all,
                median_tail,
                shift: s,
                noise,
                beyond_noise: s.abs() > noise,
            }
        })
        .collect();
    inputs.sort_by(|a, b| b.shift.abs().total_cmp(&a.shift.abs()));
    // Replay the tail's trials exactly, with every pattern's counterfactual.
    let design = InputDesign { rows: tail.iter().map(|&t| uniforms[t].clone()).collect(), stream_trials: tail.iter().map(|&t| t as u64).collect() };
    let mut t_opts = opts.clone();
    t_opts.trials = tail_len as u64;
    t_opts.pattern_trials = tail_len as u64;
    t_opts.design = Some(Arc::new(design));
    let replay = engine::run(model, scenario, &t_opts, &|p| progress(req.trials + p.done, total), cancel)?;
    debug_assert!(tail.iter().zip(&replay.kpis[column]).all(|(&t, &v)| v == kpi[t] || Counterfactuals::to_measure(column) != Counterfactuals::Off));
    let all = RunReport::new(model, scenario, &base);
    let tail_report = RunReport::new(model, scenario, &replay);
    let mut shortfalls = Vec::new();
    let push = |breakdown: Breakdown, id: String, name: String, mean_all: f64, mean_tail: f64, out: &mut Vec<Shortfall>| {
        let change = mean_tail - mean_all;
        out.push(Shortfall { breakdown, id, name, mean_all, mean_tail, change, relative_change: if mean_all != 0.0 { change / mean_all.abs() } else { 0.0 } });
    };
    let mut block = Vec::new();
    for (a, t) in all.by_partner_type.iter().zip(&tail_report.by_partner_type) {
        push(Breakdown::PartnerType, a.partner_type.clone(), a.name.clone(), a.revenue.mean, t.revenue.mean, &mut block);
    }
    block.sort_by(|a, b| a.change.total_cmp(&b.change));
    shortfalls.append(&mut block);
    for (a, t) in all.by_source.iter().zip(&tail_report.by_source) {
        let id = serde_json::to_value(a.source).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        push(Breakdown::Source, id.clone(), crate::words::humanize(&id), a.revenue.mean, t.revenue.mean, &mut block);
    }
    block.sort_by(|a, b| a.change.total_cmp(&b.change));
    shortfalls.append(&mut block);
    for (a, t) in all.by_pattern.iter().zip(&tail_report.by_pattern) {
        push(Breakdown::Pattern, a.pattern.clone(), a.name.clone(), a.revenue_added.mean, t.revenue_added.mean, &mut block);
    }
    block.sort_by(|a, b| a.change.total_cmp(&b.change));
    shortfalls.append(&mut block);
    let mean_of = |idx: &[usize]| idx.iter().map(|&i| kpi[i]).sum::<f64>() / idx.len().max(1) as f64;
    Ok(DriversReport {
        kpi: req.kpi.clone(),
        tail: req.tail,
        share: req.share,
        trials: req.trials,
        tail_trials: tail_len as u64,
        seed: req.seed,
        threshold,
        kpi_mean_all: kpi.iter().sum::<f64>() / n as f64,
        kpi_mean_tail: mean_of(&tail),
        inputs,
        shortfalls,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

impl DriversReport {
    /// The analysis as a person reads it in a terminal.
    pub fn to_table(&self, currency: &str) -> String {
        use crate::output::{money, table};
        let tail = format!("{} {}", if self.tail == Tail::Bottom { "bottom" } else { "top" }, crate::words::percent(self.share, 0));
        let kpi = self.kpi.replace('_', " ");
        let v = |x: f64| crate::words::kpi_value(&self.kpi, x, currency, false);
        let mut out = format!(
            "What drives the {tail} of {kpi} — {} trials, seed {}\nThe {} trials at or {} {} average {} (all trials: {}).\n\n",
            crate::output::group(self.trials as f64, 0),
            self.seed,
            crate::output::group(self.tail_trials as f64, 0),
            if self.tail == Tail::Bottom { "below" } else { "above" },
            v(self.threshold),
            v(self.kpi_mean_tail),
            v(self.kpi_mean_all)
        );
        let num = |x: f64| if x.abs() >= 1000.0 { crate::output::group(x, 0) } else { format!("{x:.3}") };
        let rows: Vec<Vec<String>> = self
            .inputs
            .iter()
            .map(|d| vec![d.label.clone(), num(d.median_all), num(d.median_tail), format!("{:+.2} sd", d.shift), format!("± {:.2}", d.noise), if d.beyond_noise { "yes".into() } else { "–".into() }])
            .collect();
        out.push_str(&table(&["input", "median (all)", "median (tail)", "shift", "noise", "beyond noise"], &rows));
        out.push_str("\nWhat falls short in those futures (mean over the tail against all trials):\n");
        let rows: Vec<Vec<String>> = self
            .shortfalls
            .iter()
            .map(|s| {
                let kind = match s.breakdown {
                    Breakdown::PartnerType => "partner type",
                    Breakdown::Source => "source",
                    Breakdown::Pattern => "pattern",
                };
                vec![kind.into(), s.name.clone(), money(s.mean_all, currency), money(s.mean_tail, currency), crate::words::signed_percent(s.relative_change)]
            })
            .collect();
        out.push_str(&table(&["", "name", "all trials", "tail", "change"], &rows));
        out
    }
}
