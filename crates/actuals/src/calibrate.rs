//! Fit a schema-2 market model from a dataset and a base model, first part: what the history
//! identifies directly, each as a distribution that carries its estimation uncertainty.
//!
//! - **Win rate per partner type**: the Beta posterior of won against lost deals, from a
//!   Beta(1, 1) prior: Beta(1 + won, 1 + lost).
//! - **Partner churn per quarter per type**: partners who left over the quarters every partner
//!   was in the history (censored at its end: a partner still there counts its quarters, not a
//!   departure), as the Beta posterior Beta(1 + left, 1 + quarters − left).
//! - **Productivity spread per type**: the over-dispersion of deals per partner against a
//!   Poisson count at the type's rate, by the method of moments with each partner's exposure;
//!   its P5–P95 over resampled partners is reported (the model takes one value).
//! - **Ramp per type**: deals per partner by quarter of tenure (partners who joined during the
//!   history), against the engine's linear ramp — tenure quarter k at min(1, k/R) of the full
//!   rate — with R of 0–8 quarters chosen by Poisson deviance; its P5–P95 over resampled
//!   partners is reported (the model takes whole quarters).
//! - **Deal size per segment**: a lognormal from the won amounts' logs; the median and P90 of the
//!   fitted lognormal, each uncertain — the median as a lognormal from the standard error of
//!   the mean log, the P90 moved with it.
//!
//! A parameter with too little data keeps the base model's value and says why. Every fitted
//! parameter's `sources` entry says what it was fitted from ("fitted from 412 closed deals of
//! 38 partners, 2024-Q1 – 2026-Q3").

use serde::{Deserialize, Serialize};

use ecosim_core::model::{Dist, MarketModelDoc, Param};

use super::analytics::quarter_of;
use super::{Dataset, Outcome};

/// The fewest observations a parameter is fitted from.
pub const MIN_CLOSED_DEALS: u64 = 10;
pub const MIN_PARTNER_QUARTERS: f64 = 20.0;
pub const MIN_WON_DEALS: usize = 10;
pub const MIN_PARTNERS_FOR_SPREAD: usize = 8;
pub const MIN_RECRUITS_FOR_RAMP: usize = 8;
/// Longest ramp the fit considers, and the quarters of tenure it looks at.
pub const MAX_RAMP: u32 = 8;
const TENURE_QUARTERS: usize = 12;

/// What happened to one parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitNote {
    /// Document path of the parameter, e.g. `partner_types[0].win_rate`.
    pub path: String,
    pub fitted: bool,
    /// What it was fitted from, or why the base model's value was kept.
    pub detail: String,
}

/// The fitted model and what was fitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub model: MarketModelDoc,
    pub notes: Vec<FitNote>,
}

/// Quarters between two days (a day's quarter counts as a whole one).
fn quarters_between(a: &str, b: &str) -> f64 {
    let q = |d: &str| -> f64 {
        let y: f64 = d.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0.0);
        let m: f64 = d.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1.0);
        let day: f64 = d.get(8..10).and_then(|s| s.parse().ok()).unwrap_or(1.0);
        y * 4.0 + (m - 1.0) / 3.0 + (day - 1.0) / 91.0
    };
    (q(b) - q(a)).max(0.0)
}

/// Fit what the dataset identifies, on top of `base`.
pub fn calibrate(ds: &Dataset, base: &MarketModelDoc) -> Calibration {
    let mut model = base.clone();
    let mut notes = Vec::new();
    let days: Vec<&str> = ds.deals.iter().flat_map(|d| std::iter::once(d.created.as_str()).chain(d.closed.as_deref())).filter(|s| !s.is_empty()).collect();
    let (first, last) = (days.iter().min().copied().unwrap_or(""), days.iter().max().copied().unwrap_or(""));
    let span = format!("{} – {}", quarter_of(first), quarter_of(last));
    let type_of: std::collections::HashMap<&str, &str> = ds.partners.iter().map(|p| (p.id.as_str(), p.partner_type.as_str())).collect();
    for (i, t) in model.partner_types.iter_mut().enumerate() {
        // Win rate.
        let path = format!("partner_types[{i}].win_rate");
        let closed: Vec<_> = ds.deals.iter().filter(|d| type_of.get(d.partner_id.as_str()) == Some(&t.id.as_str()) && d.outcome != Outcome::Open).collect();
        let won = closed.iter().filter(|d| d.outcome == Outcome::Won).count() as u64;
        let lost = closed.len() as u64 - won;
        let partners: std::collections::HashSet<&str> = closed.iter().map(|d| d.partner_id.as_str()).collect();
        if won + lost >= MIN_CLOSED_DEALS {
            t.win_rate = Param::Dist(Dist::Beta { alpha: 1.0 + won as f64, beta: 1.0 + lost as f64 });
            let detail = format!("fitted from {} closed deals of {} partners, {span}: Beta({}, {}), mean {:.3}", won + lost, partners.len(), 1 + won, 1 + lost, (1 + won) as f64 / (2 + won + lost) as f64);
            model.sources.insert(path.clone(), detail.clone());
            notes.push(FitNote { path, fitted: true, detail });
        } else {
            notes.push(FitNote { path, fitted: false, detail: format!("{} closed deals (fewer than {MIN_CLOSED_DEALS}): the base model's win rate is kept", won + lost) });
        }
        // Productivity spread: the over-dispersion of deals per partner against a Poisson
        // count at the type's mean rate (method of moments with each partner's own exposure):
        // Var[n] = m·e + cv²·(m·e)².
        let path_cv = format!("partner_types[{i}].productivity_cv");
        let counts: Vec<(f64, f64)> = ds
            .partners
            .iter()
            .filter(|p| p.partner_type == t.id)
            .map(|p| {
                let from = if p.joined.as_str() > first { p.joined.as_str() } else { first };
                let to = p.left.as_deref().filter(|l| *l < last).unwrap_or(last);
                let n = ds.deals.iter().filter(|d| d.partner_id == p.id).count() as f64;
                (n, quarters_between(from, to))
            })
            .filter(|&(_, e)| e > 0.0)
            .collect();
        let cv_of = |c: &[(f64, f64)]| -> Option<f64> {
            let (n, e): (f64, f64) = c.iter().fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + x.1));
            if e <= 0.0 || n <= 0.0 {
                return None;
            }
            let m = n / e;
            let num: f64 = c.iter().map(|&(n, e)| (n - m * e).powi(2) - m * e).sum();
            let den: f64 = c.iter().map(|&(_, e)| (m * e).powi(2)).sum();
            Some((num / den).max(0.0).sqrt())
        };
        match (counts.len() >= MIN_PARTNERS_FOR_SPREAD, cv_of(&counts)) {
            (true, Some(cv)) => {
                // Its uncertainty, by resampling the partners.
                let mut boot: Vec<f64> = (0..200u64)
                    .filter_map(|b| {
                        let mut s = ecosim_core::engine::rng::Stream::new(ecosim_core::engine::rng::key(&[0xCA11, i as u64, b]));
                        let sample: Vec<(f64, f64)> = (0..counts.len()).map(|_| counts[s.below(counts.len())]).collect();
                        cv_of(&sample)
                    })
                    .collect();
                boot.sort_by(f64::total_cmp);
                let (lo, hi) = (ecosim_core::stats::quantile_sorted(&boot, 0.05), ecosim_core::stats::quantile_sorted(&boot, 0.95));
                let cv = cv.min(3.0);
                t.productivity_cv = cv;
                let detail = format!("fitted from the deals of {} partners over their active quarters, {span}: {cv:.2} (P5–P95 over resampled partners {lo:.2} – {hi:.2}; the model takes one value)", counts.len());
                model.sources.insert(path_cv.clone(), detail.clone());
                notes.push(FitNote { path: path_cv, fitted: true, detail });
            }
            _ => notes.push(FitNote { path: path_cv, fitted: false, detail: format!("{} partners with deals and active quarters (fewer than {MIN_PARTNERS_FOR_SPREAD}): the base model's spread is kept", counts.len()) }),
        }
        // Ramp: deals per partner by quarter of tenure, against the engine's linear ramp
        // (tenure quarter k at min(1, k / R) of the full rate), R chosen by Poisson deviance.
        let path_ramp = format!("partner_types[{i}].ramp_quarters");
        let mine_all: Vec<&super::Partner> = ds.partners.iter().filter(|p| p.partner_type == t.id).collect();
        let recruits: Vec<&&super::Partner> = mine_all.iter().filter(|p| p.joined.as_str() >= first).collect();
        let tenure_table = |ps: &[&&super::Partner]| -> (Vec<f64>, Vec<f64>) {
            let mut n = vec![0.0; TENURE_QUARTERS];
            let mut e = vec![0.0; TENURE_QUARTERS];
            for p in ps {
                let end = p.left.as_deref().filter(|l| *l < last).unwrap_or(last);
                let span = quarters_between(&p.joined, end);
                for (k, ek) in e.iter_mut().enumerate() {
                    *ek += (span - k as f64).clamp(0.0, 1.0);
                }
                for d in ds.deals.iter().filter(|d| d.partner_id == p.id) {
                    let k = quarters_between(&p.joined, &d.created).floor() as usize;
                    if k < TENURE_QUARTERS {
                        n[k] += 1.0;
                    }
                }
            }
            (n, e)
        };
        let best_ramp = |n: &[f64], e: &[f64]| -> Option<u32> {
            (0..=MAX_RAMP)
                .map(|r| {
                    let shape = |k: usize| if r == 0 { 1.0 } else { (k as f64 / r as f64).min(1.0) };
                    let expo: f64 = (0..n.len()).map(|k| e[k] * shape(k)).sum();
                    let m = if expo > 0.0 { n.iter().sum::<f64>() / expo } else { 0.0 };
                    let dev: f64 = (0..n.len())
                        .map(|k| {
                            // A floor of 1 % of the full rate: a stray deal in a partner's first
                            // quarter (the engine's ramp starts at 0) costs the fit, not the fit itself.
                            let mu = m * e[k] * shape(k).max(0.01);
                            if n[k] > 0.0 {
                                if mu > 0.0 { n[k] * (n[k] / mu).ln() - (n[k] - mu) } else { f64::INFINITY }
                            } else {
                                mu
                            }
                        })
                        .sum();
                    (r, dev)
                })
                .filter(|(_, d)| d.is_finite())
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(r, _)| r)
        };
        let (n, e) = tenure_table(&recruits);
        let early_deals: f64 = n.iter().take(MAX_RAMP as usize + 1).sum();
        match best_ramp(&n, &e).filter(|_| recruits.len() >= MIN_RECRUITS_FOR_RAMP && early_deals >= 30.0) {
            Some(r) => {
                let mut boot: Vec<u32> = (0..100u64)
                    .filter_map(|b| {
                        let mut s = ecosim_core::engine::rng::Stream::new(ecosim_core::engine::rng::key(&[0x4A3B, i as u64, b]));
                        let sample: Vec<&&super::Partner> = (0..recruits.len()).map(|_| recruits[s.below(recruits.len())]).collect();
                        let (n, e) = tenure_table(&sample);
                        best_ramp(&n, &e)
                    })
                    .collect();
                boot.sort_unstable();
                let (lo, hi) = (boot[boot.len() * 5 / 100], boot[(boot.len() * 95 / 100).min(boot.len() - 1)]);
                t.ramp_quarters = r;
                let detail = format!("fitted from the first quarters of {} partners who joined in the history, {span}: {r} quarters to full rate (P5–P95 over resampled partners {lo} – {hi}; the model takes whole quarters)", recruits.len());
                model.sources.insert(path_ramp.clone(), detail.clone());
                notes.push(FitNote { path: path_ramp, fitted: true, detail });
            }
            None => notes.push(FitNote { path: path_ramp, fitted: false, detail: format!("{} partners joined during the history with {early_deals:.0} deals in their first quarters (fewer than {MIN_RECRUITS_FOR_RAMP} partners or 30 deals): the base model's ramp is kept", recruits.len()) }),
        }
        // Partner churn.
        let path = format!("partner_types[{i}].churn_per_quarter");
        let mine: Vec<_> = ds.partners.iter().filter(|p| p.partner_type == t.id).collect();
        let exposure: f64 = mine.iter().map(|p| quarters_between(&p.joined, p.left.as_deref().unwrap_or(last))).sum::<f64>() + 0.0;
        let left = mine.iter().filter(|p| p.left.is_some()).count() as f64;
        if exposure >= MIN_PARTNER_QUARTERS {
            let (a, b) = (1.0 + left, 1.0 + (exposure - left).max(0.0));
            t.churn_per_quarter = Param::Dist(Dist::Beta { alpha: a, beta: b });
            let detail = format!("fitted from {} partners over {:.0} partner-quarters with {} departures, {span} (partners still active are censored): Beta({a:.1}, {b:.1}), mean {:.3}", mine.len(), exposure, left, a / (a + b));
            model.sources.insert(path.clone(), detail.clone());
            notes.push(FitNote { path, fitted: true, detail });
        } else {
            notes.push(FitNote { path, fitted: false, detail: format!("{exposure:.0} partner-quarters (fewer than {MIN_PARTNER_QUARTERS}): the base model's churn is kept") });
        }
    }
    for (i, s) in model.market.segments.iter_mut().enumerate() {
        let path = format!("market.segments[{i}].deal_size");
        let logs: Vec<f64> = ds.deals.iter().filter(|d| d.segment == s.id && d.outcome == Outcome::Won && d.amount > 0.0).map(|d| d.amount.ln()).collect();
        if logs.len() >= MIN_WON_DEALS {
            let n = logs.len() as f64;
            let mu = logs.iter().sum::<f64>() / n;
            let sigma = (logs.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / (n - 1.0)).sqrt().max(1e-6);
            let se = sigma / n.sqrt();
            let z90 = ecosim_core::model::param::Z90;
            // The median's uncertainty: e^(mu ± se) as a lognormal's P50 and P90.
            let median = mu.exp();
            s.deal_size.median = Param::Dist(Dist::Lognormal { median, p90: (mu + z90 * se).exp() });
            s.deal_size.p90 = Param::Fixed((mu + z90 * sigma).exp());
            let detail = format!("fitted from {} won deals, {span}: lognormal median {:.0} (±{:.1} % s.e.), P90 {:.0}", logs.len(), median, 100.0 * se, (mu + z90 * sigma).exp());
            model.sources.insert(path.clone(), detail.clone());
            notes.push(FitNote { path, fitted: true, detail });
        } else {
            notes.push(FitNote { path, fitted: false, detail: format!("{} won deals (fewer than {MIN_WON_DEALS}): the base model's deal size is kept", logs.len()) });
        }
    }
    model.sources.insert(
        "calibration".into(),
        format!(
            "Calibrated from {} deals of {} partners, {span}. Fitted: {}. Everything else is the base model's \"{}\".",
            ds.deals.len(),
            ds.partners.len(),
            notes.iter().filter(|n| n.fitted).count(),
            base.name
        ),
    );
    Calibration { model, notes }
}
