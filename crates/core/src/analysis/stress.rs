//! Stress tests: the forecast with chosen uncertain inputs held in a tail of their
//! distribution ("win rates in their worst 10 %", "market growth below its P25"), one input at
//! a time and jointly, against the base forecast.
//!
//! A stressed input keeps its distribution but is drawn only from the chosen percentile range:
//! its uniform u becomes lo + u·(hi − lo), which leaves every other input as sampled and, since
//! the map is increasing, keeps the input's rank correlations with the others. Every case runs
//! the base run's trials (the same inputs and stream trials), so the difference from the base
//! is paired trial by trial: it is the stress's doing, not the dice's.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::sensitivity::{kpi_column, SensitivityError};
use crate::engine::{self, Counterfactuals, InputDesign, RunOptions};
use crate::model::{Model, Scenario};
use crate::stats::Summary;

/// One input held within a percentile range of its distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct StressInput {
    /// Document path of an uncertain input, e.g. `partner_types[0].win_rate`.
    pub input: String,
    /// Lowest and highest percentile, as shares: [0, 0.1] is the bottom decile.
    pub range: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct StressRequest {
    pub kpi: String,
    pub inputs: Vec<StressInput>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
}

/// Default trials of a stress test.
pub const STRESS_TRIALS: u64 = 2_000;

/// The forecast under one stress (one input, or all together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct StressCase {
    /// The inputs held, with their ranges.
    pub inputs: Vec<StressInput>,
    /// Readable names of the inputs held.
    pub label: String,
    /// The inputs' values at the ends of their ranges, in the same order.
    pub values: Vec<[f64; 2]>,
    pub summary: Summary,
    /// Stressed − base, trial by trial.
    pub difference: Summary,
    /// Share of trials meeting the scenario's target under the stress (with a target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_probability: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct StressReport {
    pub kpi: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    pub base: Summary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_target_probability: Option<f64>,
    /// Each input alone, in the order asked, then (with more than one) all together.
    pub cases: Vec<StressCase>,
    pub wall_seconds: f64,
}

/// Run the scenario with the inputs held in their ranges, one at a time and jointly.
pub fn stress(model: &Model, scenario: &Scenario, req: &StressRequest, progress: &(dyn Fn(u64, u64) + Sync), cancel: &AtomicBool) -> Result<StressReport, SensitivityError> {
    let started = Instant::now();
    let column = kpi_column(&req.kpi)?;
    if req.inputs.is_empty() {
        return Err(SensitivityError::Invalid("inputs: name at least one uncertain input to hold in a range".into()));
    }
    if req.trials == 0 {
        return Err(SensitivityError::Invalid("trials: must be at least 1".into()));
    }
    let mut index = Vec::with_capacity(req.inputs.len());
    for (i, s) in req.inputs.iter().enumerate() {
        let Some(j) = model.inputs.paths.iter().position(|p| *p == s.input) else {
            let known = if model.inputs.paths.is_empty() { "the model has none".to_string() } else { format!("one of {}", model.inputs.paths.join(", ")) };
            return Err(SensitivityError::Invalid(format!("inputs[{i}].input: {:?} is not an uncertain input of the model; {known}", s.input)));
        };
        let [lo, hi] = s.range;
        if !(lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo < hi && hi <= 1.0) {
            return Err(SensitivityError::Invalid(format!("inputs[{i}].range: must be percentiles as shares with 0 ≤ low < high ≤ 1 (0..0.1 is the bottom decile), got {lo}..{hi}")));
        }
        index.push(j);
    }
    let mut opts = RunOptions::for_scenario(scenario);
    opts.trials = req.trials;
    opts.seed = req.seed;
    opts.counterfactuals = Counterfactuals::to_measure(column);
    let uniforms = engine::trial_input_uniforms(model, scenario, &opts);
    let mut cases: Vec<Vec<usize>> = (0..req.inputs.len()).map(|i| vec![i]).collect();
    if req.inputs.len() > 1 {
        cases.push((0..req.inputs.len()).collect());
    }
    let total = req.trials * (cases.len() as u64 + 1);
    let run_design = |rows: Vec<Vec<f64>>, step: u64| -> Result<Vec<f64>, SensitivityError> {
        let mut o = opts.clone();
        o.design = Some(Arc::new(InputDesign { rows, stream_trials: (0..req.trials).collect() }));
        let r = engine::run(model, scenario, &o, &|p| progress(step * req.trials + p.done, total), cancel)?;
        Ok(r.kpis[column].clone())
    };
    let base = run_design(uniforms.clone(), 0)?;
    let target = scenario.target.as_ref().and_then(|t| {
        let c = crate::engine::trial::target_column(t.metric);
        (c == column).then_some(t.value)
    });
    let share = |v: &[f64]| target.map(|x| v.iter().filter(|&&y| y >= x).count() as f64 / v.len() as f64);
    let mut out = Vec::with_capacity(cases.len());
    for (step, case) in cases.iter().enumerate() {
        let rows: Vec<Vec<f64>> = uniforms
            .iter()
            .map(|u| {
                let mut r = u.clone();
                for &i in case {
                    let [lo, hi] = req.inputs[i].range;
                    let j = index[i];
                    // Strictly inside (0, 1), as the engine asks of a design.
                    r[j] = (lo + u[j] * (hi - lo)).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON);
                }
                r
            })
            .collect();
        let v = run_design(rows, step as u64 + 1)?;
        let diff: Vec<f64> = v.iter().zip(&base).map(|(a, b)| a - b).collect();
        let inputs: Vec<StressInput> = case.iter().map(|&i| req.inputs[i].clone()).collect();
        out.push(StressCase {
            label: case.iter().map(|&i| crate::words::input_label(&model.doc, &req.inputs[i].input)).collect::<Vec<_>>().join(" + "),
            values: case.iter().map(|&i| {
                let [lo, hi] = req.inputs[i].range;
                let d = &model.inputs.dists[index[i]];
                [d.quantile(lo.max(1e-9)), d.quantile(hi.min(1.0 - 1e-9))]
            }).collect(),
            inputs,
            summary: Summary::of(&v),
            difference: Summary::of(&diff),
            target_probability: share(&v),
        });
    }
    Ok(StressReport { kpi: req.kpi.clone(), trials: req.trials, seed: req.seed, base: Summary::of(&base), base_target_probability: share(&base), cases: out, wall_seconds: started.elapsed().as_secs_f64() })
}

impl StressReport {
    /// The stress test as a person reads it in a terminal.
    pub fn to_table(&self, currency: &str) -> String {
        use crate::output::table;
        let v = |x: f64| crate::words::kpi_value(&self.kpi, x, currency, false);
        let mut out = format!("Stress test of {} — {} trials, seed {}, paired with the base trial by trial\n\n", self.kpi.replace('_', " "), crate::output::group(self.trials as f64, 0), self.seed);
        let mut rows = vec![vec!["Base (as sampled)".to_string(), v(self.base.mean), format!("{} – {}", v(self.base.p10), v(self.base.p90)), "–".into(), self.base_target_probability.map_or("–".into(), |p| crate::words::percent(p, 0))]];
        for c in &self.cases {
            let ranges: Vec<String> = c.inputs.iter().map(|s| format!("P{}–P{}", crate::output::group(s.range[0] * 100.0, 0), crate::output::group(s.range[1] * 100.0, 0))).collect();
            rows.push(vec![
                format!("{} ({})", c.label, ranges.join(", ")),
                v(c.summary.mean),
                format!("{} – {}", v(c.summary.p10), v(c.summary.p90)),
                format!("{}{}", if c.difference.mean >= 0.0 { "+" } else { "−" }, v(c.difference.mean.abs())),
                c.target_probability.map_or("–".into(), |p| crate::words::percent(p, 0)),
            ]);
        }
        out.push_str(&table(&["case", "mean", "P10 – P90", "mean vs base", "P(target)"], &rows));
        out
    }
}
