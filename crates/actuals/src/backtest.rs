//! Backtest: fit on all but the history's last quarters, forecast those quarters by simulating
//! the history's actual composition (partners as they joined) with the fitted model, and set the
//! forecast beside what happened.
//!
//! The measure is the ACV won per quarter, from the recorded deals ([`won_by_quarter`]) and from
//! each simulated trial's traced deals ([`traced_won_by_quarter`]: the same sum the trial written
//! out as a history would give, without writing it out — a test holds the two equal). For a one-time model it is the revenue of the
//! quarter; for a subscription model it is the new ACV booked, which recognised revenue follows.

use serde::{Deserialize, Serialize};

use rayon::prelude::*;

use ecosim_core::engine::{self, History, RunOptions};
use ecosim_core::model::{MarketModelDoc, Model, Scenario};

use super::calibrate::{calibrate, Calibration};
use super::replay::{self, period_index, quarter_index, quarter_name, Span};
use super::{Dataset, Outcome};

/// One forecast quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BacktestQuarter {
    /// 2026-Q2.
    pub quarter: String,
    pub actual: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    /// Whether the actual lies inside the P10–P90 band.
    pub inside: bool,
}

/// The backtest of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backtest {
    /// What is compared: "ACV won per quarter", in `currency`.
    pub measure: String,
    pub currency: String,
    /// The quarters fitted on ("2024-Q1 – 2025-Q4") and the quarters forecast.
    pub fitted_on: String,
    pub forecast: String,
    /// The fitted quarters' ACV won, for the chart's history line.
    pub history: Vec<(String, f64)>,
    pub quarters: Vec<BacktestQuarter>,
    /// Share of forecast quarters whose actual lies inside the P10–P90 band.
    pub share_inside: f64,
    /// Mean absolute percentage error of the P50 (quarters with no actual ACV are left out).
    pub mape_p50: Option<f64>,
    pub trials: u64,
    /// The calibration on the fitted quarters.
    pub calibration: Calibration,
}

#[derive(Debug, thiserror::Error)]
pub enum BacktestError {
    #[error("the dataset spans {have} quarters; a backtest of {holdout} needs at least {} (some to fit on)", .holdout + 4)]
    TooShort { have: u32, holdout: u32 },
    #[error("the dataset has no dated deals")]
    Empty,
    #[error("the fitted model is not valid: {0}")]
    Model(String),
}

/// ACV won in each quarter of `span`, from a dataset's deals (by the quarter they closed).
pub fn won_by_quarter(ds: &Dataset, span: Span) -> Vec<f64> {
    let mut v = vec![0.0; span.quarters as usize];
    for d in ds.deals.iter().filter(|d| d.outcome == Outcome::Won) {
        let q = quarter_index(d.closed.as_deref().unwrap_or(&d.created)) - span.first;
        if (0..span.quarters as i64).contains(&q) {
            v[q as usize] += d.amount;
        }
    }
    v
}

/// ACV won in each quarter of a traced trial (its quarters counted from its own start), each
/// deal's amount rounded to the cent as [`super::synthesize::from_history`] writes it — so this
/// equals [`won_by_quarter`] of the trial written out as a history.
pub fn traced_won_by_quarter(h: &History) -> Vec<f64> {
    let mut v = vec![0.0; h.quarters as usize];
    for d in h.deals.iter().filter(|d| d.won) {
        if let Some(x) = v.get_mut(d.quarter as usize) {
            *x += (d.acv * 100.0).round() / 100.0;
        }
    }
    v
}

/// The history as it stood before quarter `cutoff` (a quarter index): deals created before it
/// (those that closed later still open then), partners who had joined (those who left later
/// still active), renewals of earlier periods.
pub fn before(ds: &Dataset, cutoff: i64) -> Dataset {
    let mut out = ds.clone();
    out.partners.retain(|p| quarter_index(&p.joined) < cutoff);
    for p in &mut out.partners {
        if p.left.as_deref().is_some_and(|l| quarter_index(l) >= cutoff) {
            p.left = None;
        }
    }
    out.deals.retain(|d| quarter_index(&d.created) < cutoff);
    for d in &mut out.deals {
        if d.closed.as_deref().is_some_and(|c| quarter_index(c) >= cutoff) {
            d.closed = None;
            d.outcome = Outcome::Open;
        }
    }
    out.renewals.retain(|r| period_index(&r.period) < cutoff);
    out
}

/// Fit on all but the last `holdout` quarters and forecast them with `trials` simulated
/// histories of the actual composition.
pub fn backtest(ds: &Dataset, base: &MarketModelDoc, holdout: u32, trials: u64, seed: u64) -> Result<Backtest, BacktestError> {
    let span = Span::of(ds).ok_or(BacktestError::Empty)?;
    if span.quarters < holdout + 4 {
        return Err(BacktestError::TooShort { have: span.quarters, holdout });
    }
    let cutoff = span.first + (span.quarters - holdout) as i64;
    let training = before(ds, cutoff);
    let calibration = calibrate(&training, base);
    let model = Model::from_doc(replay::replay_model(&calibration.model)).map_err(|e| BacktestError::Model(e.to_string()))?;
    let sdoc = replay::scenario(ds, &calibration.model, span, trials, seed);
    let scenario = Scenario::from_doc(sdoc, &model).map_err(|e| BacktestError::Model(e.to_string()))?;
    let opts = RunOptions { trials, seed, ..RunOptions::for_scenario(&scenario) };
    let h = (span.quarters - holdout) as usize;
    // Trials are keyed, so their order (and so the result) does not depend on the threads.
    let per_trial: Vec<Vec<f64>> = (0..trials)
        .into_par_iter()
        .map(|t| traced_won_by_quarter(&engine::trace(&model, &scenario, &opts, t)))
        .collect();
    let mut sims: Vec<Vec<f64>> = (0..holdout as usize)
        .map(|k| {
            per_trial
                .iter()
                .map(|w| w.get(h + k).copied().unwrap_or(0.0))
                .collect()
        })
        .collect();
    let actual = won_by_quarter(ds, span);
    let mut quarters = Vec::new();
    for (k, s) in sims.iter_mut().enumerate() {
        s.sort_by(f64::total_cmp);
        let q = |p| ecosim_core::stats::quantile_sorted(s, p);
        let (p10, p50, p90) = (q(0.1), q(0.5), q(0.9));
        let a = actual[h + k];
        quarters.push(BacktestQuarter { quarter: quarter_name(cutoff + k as i64), actual: a, p10, p50, p90, inside: p10 <= a && a <= p90 });
    }
    let share_inside = quarters.iter().filter(|q| q.inside).count() as f64 / quarters.len().max(1) as f64;
    let errs: Vec<f64> = quarters.iter().filter(|q| q.actual > 0.0).map(|q| ((q.p50 - q.actual) / q.actual).abs()).collect();
    let mape_p50 = (!errs.is_empty()).then(|| errs.iter().sum::<f64>() / errs.len() as f64);
    Ok(Backtest {
        measure: "ACV won per quarter".into(),
        currency: ds.currency.clone(),
        fitted_on: Span { first: span.first, quarters: span.quarters - holdout }.words(),
        forecast: Span { first: cutoff, quarters: holdout }.words(),
        history: (0..h).map(|k| (quarter_name(span.first + k as i64), actual[k])).collect(),
        quarters,
        share_inside,
        mape_p50,
        trials,
        calibration,
    })
}
