//! Compare 2–4 designs on one market model, trial by trial.
//!
//! Every scenario runs with the same seed, trials and sampling, so trial *i* of each sees the
//! same uncertain inputs, and partners they share (same type, region and ordinal) draw the same
//! random numbers: the engine's common random numbers. The difference B − A is then taken per
//! trial (a paired difference), which removes the noise both designs share: what remains is
//! what the design changes. Comparing a scenario with itself gives exactly 0 in every trial.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;
use crate::engine::trial::{K_COVERAGE, K_NET, K_TOTAL};
use crate::engine::shard::Runner;
use crate::engine::{Counterfactuals, RunError, RunOptions};
use crate::model::{Loaded, Sampling};
use crate::output::{DocRef, RunReport};
use crate::stats::Summary;

/// The KPIs compared trial by trial.
pub const PAIRED_KPIS: [(&str, usize); 3] = [("total_revenue", K_TOTAL), ("coverage_final", K_COVERAGE), ("net_contribution", K_NET)];

/// B − A for one KPI, over paired trials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PairedDifference {
    pub kpi: String,
    /// Summary of B − A per trial (mean, P10–P90, …).
    pub difference: Summary,
    /// Share of trials in which B is strictly better than A.
    pub probability_b_beats_a: f64,
    /// Share of trials in which they are exactly equal.
    pub probability_tie: f64,
}

/// One design against the baseline (the first scenario).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Pairing {
    pub a: DocRef,
    pub b: DocRef,
    pub differences: Vec<PairedDifference>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct CompareReport {
    pub engine_version: String,
    pub model: DocRef,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    pub sampling: Sampling,
    /// Each scenario's own forecast, in the order given.
    pub reports: Vec<RunReport>,
    /// Every scenario after the first against the first.
    pub pairings: Vec<Pairing>,
    /// Wall-clock seconds the analysis took, on the machine that ran it.
    #[serde(default)]
    pub wall_seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("compare takes 2 to 4 scenarios, got {0}")]
    Count(usize),
    #[error("scenario {b:?} runs against the model {model_b:?}, but {a:?} against {model_a:?}: compared designs must share one market model")]
    Models { a: String, model_a: String, b: String, model_b: String },
    #[error("scenario {b:?} and {a:?} are run against different versions of the model {model:?}; compare them on one version")]
    ModelVersions { a: String, b: String, model: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// Run each scenario with the same `trials`, `seed` and `sampling` and pair their trials.
/// `progress(done, total)` counts trials over all scenarios.
///
/// `runner` carries its engine runs out: `&mut Runner::Local` in this process, or shard K of N
/// of each, or each merged from its shards (scale-out, bit for bit).
pub fn compare(
    runner: &mut Runner,
    designs: &[Loaded],
    trials: u64,
    seed: u64,
    sampling: Sampling,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<CompareReport, CompareError> {
    let started = std::time::Instant::now();
    check_designs(designs)?;
    let total = trials * designs.len() as u64;
    let mut results = Vec::with_capacity(designs.len());
    for (i, d) in designs.iter().enumerate() {
        let mut opts = RunOptions::for_scenario(&d.scenario);
        opts.trials = trials;
        opts.seed = seed;
        opts.sampling = sampling;
        opts.counterfactuals = Counterfactuals::Total;
        let before = i as u64 * trials;
        let r = runner.run(&d.model, &d.scenario, &opts, &|p| progress(before + p.done, total), cancel)?;
        results.push(r);
    }
    let reports: Vec<RunReport> = designs.iter().zip(&results).map(|(d, r)| RunReport::new(&d.model, &d.scenario, r)).collect();
    let pairings = (1..designs.len())
        .map(|j| Pairing {
            a: reports[0].scenario.clone(),
            b: reports[j].scenario.clone(),
            differences: PAIRED_KPIS.iter().map(|&(name, k)| paired(name, &results[0].kpis[k], &results[j].kpis[k])).collect(),
        })
        .collect();
    Ok(CompareReport { engine_version: crate::ENGINE_VERSION.into(), model: reports[0].model.clone(), seed, trials, sampling, reports, pairings, wall_seconds: started.elapsed().as_secs_f64() })
}

/// Designs compared trial by trial must be 2–4 and share one version of one model.
pub fn check_designs(designs: &[Loaded]) -> Result<(), CompareError> {
    if !(2..=4).contains(&designs.len()) {
        return Err(CompareError::Count(designs.len()));
    }
    let a = &designs[0];
    for b in &designs[1..] {
        if b.model.doc.id != a.model.doc.id {
            return Err(CompareError::Models { a: a.scenario.doc.id.clone(), model_a: a.model.doc.id.clone(), b: b.scenario.doc.id.clone(), model_b: b.model.doc.id.clone() });
        }
        if b.model.doc != a.model.doc {
            return Err(CompareError::ModelVersions { a: a.scenario.doc.id.clone(), b: b.scenario.doc.id.clone(), model: a.model.doc.id.clone() });
        }
    }
    Ok(())
}

/// Paired difference B − A of two per-trial columns.
pub fn paired(kpi: &str, a: &[f64], b: &[f64]) -> PairedDifference {
    let diff: Vec<f64> = a.iter().zip(b).map(|(x, y)| y - x).collect();
    let n = diff.len().max(1) as f64;
    PairedDifference {
        kpi: kpi.to_string(),
        probability_b_beats_a: diff.iter().filter(|&&d| d > 0.0).count() as f64 / n,
        probability_tie: diff.iter().filter(|&&d| d == 0.0).count() as f64 / n,
        difference: Summary::of(&diff),
    }
}

impl CompareReport {
    /// The comparison as a person reads it in a terminal.
    pub fn to_table(&self) -> String {
        use crate::output::{group, money, table};
        let cur = &self.reports[0].currency;
        let mut out = format!(
            "Comparison on {} — {} trials each, seed {}, paired trial by trial, in {:.1} s\n\n",
            self.model.name,
            group(self.trials as f64, 0),
            self.seed,
            self.wall_seconds
        );
        let mut header = vec!["KPI (P50, P10–P90)"];
        let names: Vec<String> = self.reports.iter().map(|r| r.scenario.name.clone()).collect();
        header.extend(names.iter().map(String::as_str));
        let cell_money = |s: &Summary| format!("{} ({} – {})", money(s.p50, cur), money(s.p10, cur), money(s.p90, cur));
        let cell_pct = |s: &Summary| format!("{:.1}% ({:.1} – {:.1})", s.p50 * 100.0, s.p10 * 100.0, s.p90 * 100.0);
        let rows = vec![
            std::iter::once("Total revenue".to_string()).chain(self.reports.iter().map(|r| cell_money(&r.kpis.total_revenue))).collect(),
            std::iter::once("Market coverage".to_string()).chain(self.reports.iter().map(|r| cell_pct(&r.kpis.coverage_final))).collect(),
            std::iter::once("Net contribution".to_string()).chain(self.reports.iter().map(|r| cell_money(&r.kpis.net_contribution))).collect(),
            std::iter::once("Ecosystem multiplier".to_string()).chain(self.reports.iter().map(|r| r.kpis.ecosystem_multiplier.map_or("–".to_string(), |m| format!("{m:.2}×")))).collect(),
        ];
        out.push_str(&table(&header, &rows));
        for p in &self.pairings {
            out.push_str(&format!("\n{} − {} (paired):\n", p.b.name, p.a.name));
            let rows: Vec<Vec<String>> = p
                .differences
                .iter()
                .map(|d| {
                    let f = |v: f64| if d.kpi == "coverage_final" { format!("{:+.2} pts", v * 100.0) } else { money(v, cur) };
                    vec![d.kpi.replace('_', " "), f(d.difference.mean), format!("{} – {}", f(d.difference.p10), f(d.difference.p90)), crate::words::percent(d.probability_b_beats_a, 0)]
                })
                .collect();
            out.push_str(&table(&["KPI", "mean B − A", "P10 – P90", "P(B beats A)"], &rows));
        }
        out
    }
}
