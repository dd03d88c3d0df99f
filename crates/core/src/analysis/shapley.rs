//! Which partner types the ecosystem's revenue and coverage are owed to, counting what they do
//! through each other: the Shapley value of each type.
//!
//! A type's Shapley value is its marginal contribution — revenue (or coverage) with it minus
//! without it — averaged over every order in which the types could be added to the ecosystem.
//! "Revenue transacted by the type" credits only the partner on the invoice; a distributor
//! that ramps resellers faster, or a referral partner whose leads resellers close, transacts
//! little and contributes much. Where the two measures disagree is where the connections
//! matter.
//!
//! Every coalition (subset of the scenario's types) is simulated with the same seed and
//! trials, so partners present in two coalitions draw the same random numbers and marginal
//! contributions are paired differences. Exact over all 2ⁿ coalitions up to
//! [`EXACT_MAX_TYPES`] types; beyond, averaged over sampled orders.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;
use crate::engine::rng::{key, Stream};
use crate::engine::trial::{K_COVERAGE, K_TOTAL};
use crate::engine::shard::Runner;
use crate::engine::{Counterfactuals, RunError, RunOptions};
use crate::model::{LoadError, Model, Scenario};

/// Up to this many partner types every coalition is simulated (2¹⁰ = 1,024).
pub const EXACT_MAX_TYPES: usize = 10;
/// Orders sampled when there are more types.
pub const SAMPLED_ORDERS: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ShapleyRow {
    pub partner_type: String,
    pub name: String,
    /// Average marginal contribution to mean total revenue.
    pub revenue: f64,
    /// Average marginal contribution to final-quarter market coverage.
    pub coverage: f64,
    /// Mean revenue the type's partners transact themselves in the full scenario.
    pub transacted_revenue: f64,
    /// Shares of the full scenario's revenue: by Shapley value and by transaction.
    pub revenue_share: f64,
    pub transacted_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ShapleyReport {
    pub scenario: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials_per_coalition: u64,
    /// Coalitions simulated.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub coalitions: u64,
    /// Whether every coalition was simulated (else orders were sampled).
    pub exact: bool,
    /// Mean total revenue and coverage of the full scenario.
    pub total_revenue: f64,
    pub coverage: f64,
    /// Largest Shapley revenue first.
    pub rows: Vec<ShapleyRow>,
    /// Wall-clock seconds the analysis took, on the machine that ran it.
    #[serde(default)]
    pub wall_seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum ShapleyError {
    #[error("the scenario has no partners, so there is nothing to attribute")]
    Empty,
    #[error(transparent)]
    Invalid(#[from] LoadError),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// The scenario restricted to the partner types in `keep` (indices into `present`).
fn coalition(model: &Model, scenario: &Scenario, keep: &[String]) -> Result<Scenario, LoadError> {
    let mut doc = scenario.doc.clone();
    doc.composition.retain(|t, _| keep.contains(t));
    doc.recruitment.retain(|r| keep.contains(&r.partner_type));
    doc.correlations.clear();
    Scenario::from_doc(doc, model).map(|mut s| {
        s.parts_mut().correlation = scenario.correlation.clone();
        s
    })
}

/// Shapley values of the scenario's partner types for total revenue and coverage.
///
/// `runner` carries its engine runs out: `&mut Runner::Local` in this process, or shard K of N
/// of each, or each merged from its shards (scale-out, bit for bit).
pub fn shapley(
    runner: &mut Runner,
    model: &Model,
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Result<ShapleyReport, ShapleyError> {
    let started = std::time::Instant::now();
    let counts = scenario.partners_per_type();
    let present: Vec<usize> = (0..model.partner_types.len()).filter(|&t| counts[t] > 0).collect();
    let n = present.len();
    if n == 0 {
        return Err(ShapleyError::Empty);
    }
    let ids: Vec<String> = present.iter().map(|&t| model.partner_types[t].id.clone()).collect();
    let exact = n <= EXACT_MAX_TYPES;
    // The coalitions to simulate, as bit masks over `present`.
    let orders: Vec<Vec<usize>> = if exact {
        Vec::new()
    } else {
        (0..SAMPLED_ORDERS)
            .map(|o| {
                let mut order: Vec<usize> = (0..n).collect();
                let mut s = Stream::new(key(&[seed, 0x5A, o as u64]));
                for i in (1..n).rev() {
                    order.swap(i, s.below(i + 1));
                }
                order
            })
            .collect()
    };
    let masks: Vec<u64> = if exact {
        (0..1u64 << n).collect()
    } else {
        let mut m: Vec<u64> = orders.iter().flat_map(|o| o.iter().scan(0u64, |acc, &i| { *acc |= 1 << i; Some(*acc) })).collect();
        m.push(0);
        m.sort_unstable();
        m.dedup();
        m
    };
    let total_trials = trials * masks.len() as u64;
    let mut value: BTreeMap<u64, (f64, f64)> = BTreeMap::new();
    let mut transacted = vec![0.0; n];
    for (ci, &mask) in masks.iter().enumerate() {
        if mask == 0 {
            value.insert(0, (0.0, 0.0));
            continue;
        }
        let keep: Vec<String> = (0..n).filter(|&i| mask & (1 << i) != 0).map(|i| ids[i].clone()).collect();
        let s = coalition(model, scenario, &keep)?;
        let mut opts = RunOptions::for_scenario(scenario);
        opts.trials = trials;
        opts.seed = seed;
        opts.counterfactuals = Counterfactuals::Off;
        // Only the grand coalition's breakdown (revenue each type transacts) is read.
        opts.breakdowns = mask == (1u64 << n) - 1;
        let before = ci as u64 * trials;
        let r = runner.run(model, &s, &opts, &|p| progress(before + p.done, total_trials), cancel)?;
        let mean = |col: &[f64]| col.iter().sum::<f64>() / col.len() as f64;
        value.insert(mask, (mean(&r.kpis[K_TOTAL]), mean(&r.kpis[K_COVERAGE])));
        if mask == (1u64 << n) - 1 {
            for (i, &t) in present.iter().enumerate() {
                transacted[i] = r.series(r.layout.type_revenue(t)).mean;
            }
        }
    }
    let v = |m: u64| value[&m];
    let mut phi = vec![(0.0, 0.0); n];
    if exact {
        let fact: Vec<f64> = (0..=n).scan(1.0, |f, i| { if i > 0 { *f *= i as f64; } Some(*f) }).collect();
        for i in 0..n {
            for mask in 0..1u64 << n {
                if mask & (1 << i) != 0 {
                    continue;
                }
                let size = mask.count_ones() as usize;
                let w = fact[size] * fact[n - size - 1] / fact[n];
                let (with, without) = (v(mask | 1 << i), v(mask));
                phi[i].0 += w * (with.0 - without.0);
                phi[i].1 += w * (with.1 - without.1);
            }
        }
    } else {
        for order in &orders {
            let mut mask = 0u64;
            for &i in order {
                let (before, after) = (v(mask), v(mask | 1 << i));
                phi[i].0 += (after.0 - before.0) / orders.len() as f64;
                phi[i].1 += (after.1 - before.1) / orders.len() as f64;
                mask |= 1 << i;
            }
        }
    }
    let (total_revenue, coverage) = v((1u64 << n) - 1);
    let share = |x: f64| if total_revenue.abs() > 0.0 { x / total_revenue } else { 0.0 };
    let mut rows: Vec<ShapleyRow> = (0..n)
        .map(|i| ShapleyRow {
            partner_type: ids[i].clone(),
            name: model.partner_types[present[i]].name.clone(),
            revenue: phi[i].0,
            coverage: phi[i].1,
            transacted_revenue: transacted[i],
            revenue_share: share(phi[i].0),
            transacted_share: share(transacted[i]),
        })
        .collect();
    rows.sort_by(|a, b| b.revenue.total_cmp(&a.revenue));
    Ok(ShapleyReport { scenario: scenario.doc.id.clone(), trials_per_coalition: trials, coalitions: masks.len() as u64, exact, total_revenue, coverage, rows, wall_seconds: started.elapsed().as_secs_f64() })
}
