//! Value of information: for a choice between 2–4 designs, what knowing an uncertain input
//! before choosing would be worth, in money — which uncertainty is worth a pilot or a market
//! study first.
//!
//! The designs run on one model with the same seed and trials (common random numbers), so
//! trial t of each sees the same inputs. With payoff NB_d(t) (e.g. net contribution):
//!
//! * **EVPI** = mean_t max_d NB_d(t) − max_d mean_t NB_d: the value of knowing each future
//!   before choosing. It includes the luck of the draw no study can reveal, so it bounds every
//!   input's value from above.
//! * **EVPPI** of input θ = E_θ[max_d E[NB_d | θ]] − max_d E[NB_d], estimated from the trials
//!   already run with the regression method of Strong, Oakley & Brennan (2014): each design's
//!   payoff is regressed on θ with a natural cubic spline (knots at θ's quantiles), and the
//!   fitted values stand in for E[NB_d | θ]. The least-squares fit keeps each design's mean, so
//!   the estimate is never negative; it is capped at the EVPI.
//!
//! An estimate from finite trials is biased upward a little (the maximum of noisy fits). Its
//! noise floor is measured, not assumed: the same estimate with θ shuffled across trials (no
//! information at all), over several shuffles; an input whose EVPPI (and the low end of its
//! bootstrap interval) does not clear that floor, widened so that the chance of any input
//! crossing it by chance is 1 %, is reported as within noise.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::compare::{check_designs, CompareError};
use super::sensitivity::kpi_column;
use crate::engine::rng::{key, Stream};
use crate::engine::{self, Counterfactuals, RunOptions};
use crate::model::{Loaded, Sampling};
use crate::output::DocRef;

/// Knots of the natural cubic spline behind each EVPPI.
pub const KNOTS: usize = 6;
/// Shuffles of an input behind its noise floor.
pub const SHUFFLES: usize = 40;
/// The chance that any input is called worth finding out when none carries information.
pub const FAMILY_ERROR: f64 = 0.01;
/// Bootstrap resamples behind each EVPPI's interval.
pub const RESAMPLES: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct VoiRequest {
    /// The payoff: one of the sensitivity KPIs (default net_contribution).
    pub kpi: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    pub sampling: Sampling,
}

/// Default trials of a value-of-information analysis.
pub const VOI_TRIALS: u64 = 5_000;

/// One design's payoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct VoiDesign {
    pub scenario: DocRef,
    pub mean: f64,
    /// Share of trials in which this design pays most (ties shared).
    pub probability_best: f64,
}

/// The value of knowing one input before choosing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct InputValue {
    pub input: String,
    pub label: String,
    pub evppi: f64,
    /// 5th–95th percentile of the estimate over bootstrap resamples of the trials.
    pub interval: [f64; 2],
    /// What the estimate reaches with the input shuffled across trials (no information): the
    /// shuffles' mean plus the normal score that keeps the chance of any input crossing it to
    /// [`FAMILY_ERROR`] times their spread, and at least their 95th percentile.
    pub noise: f64,
    /// Whether even the interval's low end clears the noise: worth finding out.
    pub beyond_noise: bool,
    /// Which design each tenth of the input's range favours (index into `designs`), from the
    /// fitted payoffs: where the choice would switch if the input were known.
    pub best_by_decile: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct VoiReport {
    pub kpi: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    pub designs: Vec<VoiDesign>,
    /// The design chosen on what is known now: the highest mean payoff.
    pub chosen: u32,
    /// Expected value of perfect information (knowing each future before choosing).
    pub evpi: f64,
    /// Largest EVPPI first.
    pub inputs: Vec<InputValue>,
    pub wall_seconds: f64,
}

/// EVPI of payoffs `nb[d][t]`.
pub fn evpi(nb: &[Vec<f64>]) -> f64 {
    let n = nb.first().map_or(0, Vec::len);
    if n == 0 {
        return 0.0;
    }
    let best_mean = nb.iter().map(|d| d.iter().sum::<f64>() / n as f64).fold(f64::NEG_INFINITY, f64::max);
    let perfect = (0..n).map(|t| nb.iter().map(|d| d[t]).fold(f64::NEG_INFINITY, f64::max)).sum::<f64>() / n as f64;
    (perfect - best_mean).max(0.0)
}

/// A natural cubic spline basis in `x` (ESL 5.2.1), with knots at `x`'s quantiles: columns
/// 1, x, then K − 2 cubic terms, row-major `n × width`. `x` is standardised first.
fn spline_basis(x: &[f64]) -> (Vec<f64>, usize) {
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let sd = (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64).sqrt();
    let z: Vec<f64> = x.iter().map(|v| if sd > 0.0 { (v - mean) / sd } else { 0.0 }).collect();
    let mut sorted = z.clone();
    sorted.sort_by(f64::total_cmp);
    let mut knots: Vec<f64> = (0..KNOTS).map(|i| crate::stats::quantile_sorted(&sorted, 0.05 + 0.9 * i as f64 / (KNOTS - 1) as f64)).collect();
    knots.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    let k = knots.len();
    let width = if k >= 3 { k } else { 2 };
    let mut basis = Vec::with_capacity(n * width);
    let cube = |v: f64| if v > 0.0 { v * v * v } else { 0.0 };
    for &v in &z {
        basis.push(1.0);
        basis.push(v);
        if k >= 3 {
            let last = knots[k - 1];
            let d = |j: usize| (cube(v - knots[j]) - cube(v - last)) / (last - knots[j]);
            let dk = d(k - 2);
            for j in 0..k - 2 {
                basis.push(d(j) - dk);
            }
        }
    }
    (basis, width)
}

/// Least-squares fitted values of `y` on `basis` (`n × w`), by the normal equations with a
/// whisker of ridge for columns that coincide.
fn fitted(basis: &[f64], w: usize, y: &[f64]) -> Vec<f64> {
    let n = y.len();
    let mut a = vec![0.0; w * w];
    let mut b = vec![0.0; w];
    for t in 0..n {
        let row = &basis[t * w..(t + 1) * w];
        for i in 0..w {
            b[i] += row[i] * y[t];
            for j in 0..=i {
                a[i * w + j] += row[i] * row[j];
            }
        }
    }
    for i in 0..w {
        for j in 0..i {
            a[j * w + i] = a[i * w + j];
        }
    }
    let ridge = 1e-10 * (0..w).map(|i| a[i * w + i]).sum::<f64>() / w as f64;
    // Cholesky of A + ridge·I.
    let mut l = vec![0.0; w * w];
    for j in 0..w {
        let mut d = a[j * w + j] + ridge - (0..j).map(|k| l[j * w + k] * l[j * w + k]).sum::<f64>();
        d = d.max(ridge.max(f64::MIN_POSITIVE)).sqrt();
        l[j * w + j] = d;
        for i in j + 1..w {
            let s = a[i * w + j] - (0..j).map(|k| l[i * w + k] * l[j * w + k]).sum::<f64>();
            l[i * w + j] = s / d;
        }
    }
    let mut z = vec![0.0; w];
    for i in 0..w {
        z[i] = (b[i] - (0..i).map(|k| l[i * w + k] * z[k]).sum::<f64>()) / l[i * w + i];
    }
    let mut beta = vec![0.0; w];
    for i in (0..w).rev() {
        beta[i] = (z[i] - (i + 1..w).map(|k| l[k * w + i] * beta[k]).sum::<f64>()) / l[i * w + i];
    }
    (0..n).map(|t| basis[t * w..(t + 1) * w].iter().zip(&beta).map(|(x, c)| x * c).sum()).collect()
}

/// EVPPI of the input whose per-trial values are `x`, for payoffs `nb[d][t]` (regression
/// estimator; never negative).
pub fn evppi(nb: &[Vec<f64>], x: &[f64]) -> f64 {
    evppi_fit(nb, x).0
}

/// The EVPPI and each design's fitted payoff per trial.
fn evppi_fit(nb: &[Vec<f64>], x: &[f64]) -> (f64, Vec<Vec<f64>>) {
    let n = x.len();
    if n < 3 || nb.is_empty() {
        return (0.0, Vec::new());
    }
    let (basis, w) = spline_basis(x);
    // Fit the differences from the first design (what the choice turns on; the first
    // design's own fit cancels in the maximum), which keeps their means exactly.
    let base_mean = nb[0].iter().sum::<f64>() / n as f64;
    let mut g: Vec<Vec<f64>> = vec![vec![base_mean; n]];
    for d in &nb[1..] {
        let diff: Vec<f64> = d.iter().zip(&nb[0]).map(|(a, b)| a - b).collect();
        g.push(fitted(&basis, w, &diff).into_iter().map(|v| v + base_mean).collect());
    }
    let best_mean = g.iter().map(|d| d.iter().sum::<f64>() / n as f64).fold(f64::NEG_INFINITY, f64::max);
    let informed = (0..n).map(|t| g.iter().map(|d| d[t]).fold(f64::NEG_INFINITY, f64::max)).sum::<f64>() / n as f64;
    ((informed - best_mean).max(0.0), g)
}

/// The value of information on each uncertain input for a choice between `designs`.
pub fn value_of_information(designs: &[Loaded], req: &VoiRequest, progress: &(dyn Fn(u64, u64) + Sync), cancel: &AtomicBool) -> Result<VoiReport, CompareError> {
    let started = Instant::now();
    check_designs(designs)?;
    let column = kpi_column(&req.kpi).map_err(|e| CompareError::Invalid(e.to_string()))?;
    let first = &designs[0];
    if designs.iter().any(|d| d.scenario.correlation != first.scenario.correlation) {
        return Err(CompareError::Invalid("the designs correlate their uncertain inputs differently, so their trials would not see the same futures; give them the same correlations".into()));
    }
    let model = &first.model;
    if model.inputs.paths.is_empty() {
        return Err(CompareError::Invalid("the model has no uncertain inputs: every number is fixed, so there is nothing to find out".into()));
    }
    let total = req.trials * designs.len() as u64;
    let mut nb = Vec::with_capacity(designs.len());
    let mut opts = RunOptions::for_scenario(&first.scenario);
    for (i, d) in designs.iter().enumerate() {
        opts = RunOptions::for_scenario(&d.scenario);
        opts.trials = req.trials;
        opts.seed = req.seed;
        opts.sampling = req.sampling;
        opts.counterfactuals = Counterfactuals::to_measure(column);
        let before = i as u64 * req.trials;
        let r = engine::run(&d.model, &d.scenario, &opts, &|p| progress(before + p.done, total), cancel)?;
        nb.push(r.kpis[column].clone());
    }
    let n = req.trials as usize;
    let uniforms = engine::trial_input_uniforms(model, &first.scenario, &opts);
    let means: Vec<f64> = nb.iter().map(|d| d.iter().sum::<f64>() / n as f64).collect();
    let chosen = means.iter().enumerate().fold(0, |b, (i, &m)| if m > means[b] { i } else { b });
    let mut best_count = vec![0.0; nb.len()];
    for t in 0..n {
        let top = nb.iter().map(|d| d[t]).fold(f64::NEG_INFINITY, f64::max);
        let winners: Vec<usize> = (0..nb.len()).filter(|&d| nb[d][t] == top).collect();
        for &d in &winners {
            best_count[d] += 1.0 / winners.len() as f64;
        }
    }
    let evpi_all = evpi(&nb);
    let band = crate::stats::linalg::std_normal_quantile(1.0 - FAMILY_ERROR / model.inputs.paths.len() as f64);
    let mut inputs: Vec<InputValue> = (0..model.inputs.paths.len())
        .map(|j| {
            let x: Vec<f64> = uniforms.iter().map(|u| model.inputs.dists[j].quantile(u[j])).collect();
            let (v, g) = evppi_fit(&nb, &x);
            let mut null: Vec<f64> = (0..SHUFFLES)
                .map(|s| {
                    let mut st = Stream::new(key(&[req.seed, 0x7011, j as u64, s as u64]));
                    let mut xs = x.clone();
                    for i in (1..n).rev() {
                        xs.swap(i, st.below(i + 1));
                    }
                    evppi(&nb, &xs)
                })
                .collect();
            null.sort_by(f64::total_cmp);
            let (m, sd) = {
                let m = null.iter().sum::<f64>() / null.len() as f64;
                (m, (null.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (null.len() as f64 - 1.0)).sqrt())
            };
            let noise = crate::stats::quantile_sorted(&null, 0.95).max(m + band * sd);
            let mut boot: Vec<f64> = (0..RESAMPLES)
                .map(|b| {
                    let mut st = Stream::new(key(&[req.seed, 0xB0075, j as u64, b as u64]));
                    let idx: Vec<usize> = (0..n).map(|_| st.below(n)).collect();
                    let nbb: Vec<Vec<f64>> = nb.iter().map(|d| idx.iter().map(|&t| d[t]).collect()).collect();
                    let xb: Vec<f64> = idx.iter().map(|&t| x[t]).collect();
                    evppi(&nbb, &xb)
                })
                .collect();
            boot.sort_by(f64::total_cmp);
            let interval = [crate::stats::quantile_sorted(&boot, 0.05).min(evpi_all), crate::stats::quantile_sorted(&boot, 0.95).min(evpi_all)];
            // The favoured design in each tenth of the input's range.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
            let best_by_decile = (0..10)
                .map(|q| {
                    let part = &order[q * n / 10..((q + 1) * n / 10).max(q * n / 10 + 1).min(n)];
                    let m = |d: usize| part.iter().map(|&t| g[d][t]).sum::<f64>();
                    (0..g.len()).fold(0, |b, d| if m(d) > m(b) { d } else { b }) as u32
                })
                .collect();
            let evppi = v.min(evpi_all);
            InputValue { input: model.inputs.paths[j].clone(), label: crate::words::input_label(&model.doc, &model.inputs.paths[j]), evppi, interval, noise, beyond_noise: evppi > noise && interval[0] > noise, best_by_decile }
        })
        .collect();
    inputs.sort_by(|a, b| b.evppi.total_cmp(&a.evppi));
    Ok(VoiReport {
        kpi: req.kpi.clone(),
        trials: req.trials,
        seed: req.seed,
        designs: designs
            .iter()
            .zip(&means)
            .zip(&best_count)
            .map(|((d, &mean), &c)| VoiDesign { scenario: DocRef { id: d.scenario.doc.id.clone(), name: d.scenario.doc.name.clone() }, mean, probability_best: c / n as f64 })
            .collect(),
        chosen: chosen as u32,
        evpi: evpi_all,
        inputs,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

impl VoiReport {
    /// The analysis as a person reads it in a terminal.
    pub fn to_table(&self, currency: &str) -> String {
        use crate::output::{money, table};
        let mut out = format!("Value of information on {} — {} trials per design, seed {}\n\n", self.kpi.replace('_', " "), crate::output::group(self.trials as f64, 0), self.seed);
        let rows: Vec<Vec<String>> = self
            .designs
            .iter()
            .enumerate()
            .map(|(i, d)| vec![format!("{}{}", d.scenario.name, if i as u32 == self.chosen { " (chosen now)" } else { "" }), money(d.mean, currency), crate::words::percent(d.probability_best, 0)])
            .collect();
        out.push_str(&table(&["design", "mean payoff", "P(best)"], &rows));
        out.push_str(&format!("\nEVPI (knowing each future before choosing): {}\n\n", money(self.evpi, currency)));
        let rows: Vec<Vec<String>> = self
            .inputs
            .iter()
            .map(|v| vec![v.label.clone(), money(v.evppi, currency), format!("{} – {}", money(v.interval[0], currency), money(v.interval[1], currency)), money(v.noise, currency), if v.beyond_noise { "yes".into() } else { "–".into() }])
            .collect();
        out.push_str(&table(&["input", "EVPPI", "P5 – P95", "noise floor", "worth finding out"], &rows));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::linalg::std_normal_quantile;

    fn normal_pdf(z: f64) -> f64 {
        (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
    }
    fn normal_cdf(z: f64) -> f64 {
        0.5 * (1.0 + statrs::function::erf::erf(z / std::f64::consts::SQRT_2))
    }

    #[test]
    fn evppi_of_a_linear_payoff_matches_its_closed_form() {
        // A pays 0; B pays a + b·θ + noise with θ ~ N(0, 1): EVPPI(θ) = E[max(0, a + bθ)] − max(0, a).
        let (a, b, n) = (0.3, 1.0, 20_000);
        let mut s = Stream::new(key(&[1, 2, 3]));
        let theta: Vec<f64> = (0..n).map(|_| std_normal_quantile(s.uniform().clamp(1e-12, 1.0 - 1e-12))).collect();
        let other: Vec<f64> = (0..n).map(|_| s.uniform()).collect();
        let noise: Vec<f64> = (0..n).map(|_| 2.0 * std_normal_quantile(s.uniform().clamp(1e-12, 1.0 - 1e-12))).collect();
        let nb = vec![vec![0.0; n], (0..n).map(|t| a + b * theta[t] + noise[t]).collect()];
        let exact = a * normal_cdf(a / b) + b * normal_pdf(a / b) - a.max(0.0);
        let est = evppi(&nb, &theta);
        assert!((est - exact).abs() < 0.1 * exact, "EVPPI {est} against the closed form {exact}");
        let total = evpi(&nb);
        assert!(est <= total, "EVPPI {est} above EVPI {total}");
        let unrelated = evppi(&nb, &other);
        assert!(unrelated < 0.1 * exact, "an unrelated input is worth {unrelated}");
    }
}
