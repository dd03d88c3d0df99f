//! Fit a schema-2 market model from a dataset and a base model: every parameter the history
//! identifies, each as a distribution that carries its estimation uncertainty, and a note per
//! parameter of what it was fitted from — or why the base model's value was kept.
//!
//! Directly from the records:
//! - **Win rate per partner type**: Beta(1 + won, 1 + lost) over the type's closed deals worked
//!   alone (a deal worked with another partner carries that pattern's win uplift).
//! - **Partner churn per quarter per type**: departures over active partner-quarters, counted
//!   from the history's first quarter (a partner there before it is left-truncated) and censored
//!   at its end: Beta(1 + left, 1 + quarters − left). The hazard observed includes whatever the
//!   model's churn drivers (idle, conflict) add; the model applies those on top.
//! - **Productivity spread per type**: the over-dispersion of deals per partner against a
//!   Poisson count with each partner's exposure (method of moments), P5–P95 over resampled
//!   partners (the model takes one value).
//! - **Ramp per type**: deals by calendar quarter of tenure of the partners who joined during
//!   the history, against the engine's linear ramp (tenure quarter k at min(1, k/R)), R of
//!   0–8 by Poisson deviance, P5–P95 over resampled partners (the model takes whole quarters).
//! - **Deal size per segment**: a lognormal of the won ACVs of deals worked alone, each divided by
//!   its partner type's deal-size factor from the base model; the median and the P90 each
//!   uncertain (lognormal from their standard errors).
//! - **Customer churn and expansion per segment** (with renewals): logo churn as Beta(1 + churned,
//!   1 + customer-quarters − churned) over the customers whose deal no partner pattern touched
//!   (patterns carry retention uplift), censored at the end; expansion as the mean quarter-on-
//!   quarter log growth of ARR, with its standard error.
//!
//! Through the engine (rates that turn into deal counts only through capacity, reach,
//! saturation, conflict and capped referral flow): the history's own composition is simulated
//! ([`super::replay`]) and each rate is scaled until the simulated count per active
//! partner-quarter matches the recorded one (two fixed-point steps):
//! - **Buy rate per segment** (capacity × buy rate is what the data identifies: the base model's
//!   capacity is kept and the rate fitted);
//! - **Marketplace buyers** per marketplace type and segment;
//! - **Referrals per link** per referral pattern;
//! - **Attach rate** per deal pattern (the share of the `from` type's deals worked with the `to` type).
//!
//! Their uncertainty: the recorded count's, with its over-dispersion across partners, and the
//! simulation's. **Win-rate and deal-size uplift per pattern** compare deals worked together with
//! deals worked alone; which deals get a partner is not random, so these are confounded, and
//! they are carried as distributions three times as wide as their standard errors and noted so.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta as StatBeta, ContinuousCDF};

use ecosim_core::engine::{self, RunOptions};
use ecosim_core::model::{Dist, MarketModelDoc, Model, Param, PatternKind, Scenario};

use super::replay::{self, period_index, quarter_index, Span};
use super::{Dataset, DealSource, Outcome};

/// The fewest observations a parameter is fitted from.
pub const MIN_CLOSED_DEALS: u64 = 10;
pub const MIN_PARTNER_QUARTERS: f64 = 20.0;
pub const MIN_WON_DEALS: usize = 10;
pub const MIN_PARTNERS_FOR_SPREAD: usize = 8;
pub const MIN_RECRUITS_FOR_RAMP: usize = 8;
pub const MIN_COUNT_FOR_RATE: f64 = 10.0;
pub const MIN_CUSTOMERS: usize = 10;
/// Longest ramp the fit considers, and the quarters of tenure it looks at.
pub const MAX_RAMP: u32 = 8;
const TENURE_QUARTERS: usize = 12;
/// Simulated histories per step of the rate fits: 24, fewer for a large ecosystem (whose every
/// history is already precise: the simulation's share of the variance stays about 1 / trials of
/// the records' own, whatever the size), never below 8.
fn replay_trials(partners: usize) -> u64 {
    (24.0 * (600.0 / partners.max(1) as f64).min(1.0)).round().clamp(6.0, 24.0) as u64
}
/// z of the 5th and 95th percentiles.
const Z95: f64 = 1.644_853_626_951_472_2;

/// What happened to one parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FitNote {
    /// Document path of the parameter, e.g. `partner_types[0].win_rate`.
    pub path: String,
    pub fitted: bool,
    /// What it was fitted from, or why the base model's value was kept.
    pub detail: String,
    /// The fitted value (the fitted distribution's median) and its 90 % interval (P5–P95).
    #[serde(default)]
    pub estimate: Option<f64>,
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
    /// The base model's value (its mean), for comparison.
    #[serde(default)]
    pub base: Option<f64>,
    /// How many observations it was fitted from (deals, partner-quarters, partners, customers).
    #[serde(default)]
    pub sample: u64,
    /// A comparison confounded by which deals get a partner (pattern uplifts).
    #[serde(default)]
    pub confounded: bool,
}

/// The fitted model and what was fitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Calibration {
    pub model: MarketModelDoc,
    pub notes: Vec<FitNote>,
}

struct Notes<'a> {
    list: Vec<FitNote>,
    sources: &'a mut BTreeMap<String, String>,
}

impl Notes<'_> {
    #[allow(clippy::too_many_arguments)]
    /// Record a fitted parameter (replacing an earlier estimate of it).
    fn fitted(&mut self, path: String, detail: String, estimate: f64, low: f64, high: f64, base: Option<f64>, sample: u64, confounded: bool) {
        self.sources.insert(path.clone(), detail.clone());
        let note = FitNote { path, fitted: true, detail, estimate: Some(estimate), low: Some(low), high: Some(high), base, sample, confounded };
        match self.list.iter_mut().find(|n| n.path == note.path) {
            Some(n) => *n = note,
            None => self.list.push(note),
        }
    }
    fn kept(&mut self, path: String, detail: String, base: Option<f64>, sample: u64) {
        self.list.push(FitNote { path, fitted: false, detail, estimate: None, low: None, high: None, base, sample, confounded: false });
    }
}

/// Median and 90 % interval of a Beta posterior: central (P5–P95), or from 0 to P90 when no
/// event was seen (α ≤ 1: the density falls from 0, so the highest-density interval starts there).
fn beta_interval(a: f64, b: f64) -> (f64, f64, f64) {
    match StatBeta::new(a, b) {
        Ok(d) if a <= 1.0 => (d.inverse_cdf(0.5), 0.0, d.inverse_cdf(0.9)),
        Ok(d) => (d.inverse_cdf(0.5), d.inverse_cdf(0.05), d.inverse_cdf(0.95)),
        Err(_) => {
            let m = a / (a + b);
            (m, m, m)
        }
    }
}

/// A Beta posterior as a parameter: itself, or — past the shape parameters a model accepts
/// (a history of tens of thousands of deals) — the normal it then is, with its mean and spread.
fn beta_param(a: f64, b: f64) -> Param {
    const MAX_SHAPE: f64 = 5_000.0;
    if a.max(b) <= MAX_SHAPE {
        return Param::Dist(Dist::Beta { alpha: a, beta: b });
    }
    let n = a + b;
    let mean = a / n;
    Param::Dist(Dist::Normal { mean, sd: (mean * (1.0 - mean) / (n + 1.0)).sqrt() })
}

/// A lognormal around `median` with relative standard error `rse`: the distribution and its
/// P5 and P95.
fn lognormal(median: f64, rse: f64) -> (Param, f64, f64) {
    let s = rse.max(1e-4);
    let z90 = ecosim_core::model::param::Z90;
    (Param::Dist(Dist::Lognormal { median, p90: median * (z90 * s).exp() }), median * (-Z95 * s).exp(), median * (Z95 * s).exp())
}

/// The dataset indexed for fitting.
struct Index<'a> {
    span: Span,
    /// Partner id → its index in `ds.partners` (empty for a simulated history), and each
    /// partner's type index in the model.
    partner: HashMap<&'a str, usize>,
    ty: Vec<Option<usize>>,
    /// Deals of each partner (indices into `deals`).
    deals_of: Vec<Vec<usize>>,
    /// Each partner's active quarters within the span (relative), if any; the quarter it joined
    /// and left (absolute quarter indices).
    active: Vec<Option<(u32, u32)>>,
    joined: Vec<i64>,
    left: Vec<Option<i64>>,
    /// The deals as numbers: what every statistic a simulated history is measured by needs;
    /// and their indices by segment, by the type of their partner, and the referred ones.
    deals: Vec<DealFact>,
    by_segment: Vec<Vec<u32>>,
    by_type: Vec<Vec<u32>>,
    referred: Vec<u32>,
}

/// A deal as numbers.
struct DealFact {
    partner: Option<u32>,
    segment: Option<usize>,
    /// Quarter created (absolute quarter index).
    created: i64,
    source: DealSource,
    referrer: Option<u32>,
    collaborators: Vec<u32>,
}

impl<'a> Index<'a> {
    fn new(ds: &'a Dataset, model: &MarketModelDoc, span: Span) -> Index<'a> {
        let partner: HashMap<&str, usize> = ds.partners.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        let ty = ds.partners.iter().map(|p| model.partner_types.iter().position(|t| t.id == p.partner_type)).collect();
        let seg: HashMap<&str, usize> = model.market.segments.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let idx = |id: &str| partner.get(id).map(|&i| i as u32);
        let deals = ds
            .deals
            .iter()
            .map(|d| DealFact {
                partner: idx(&d.partner_id),
                segment: seg.get(d.segment.as_str()).copied(),
                created: quarter_index(&d.created),
                source: d.source,
                referrer: d.referring_partner_id.as_deref().and_then(idx),
                collaborators: d.collaborating_partner_ids.iter().filter_map(|c| idx(c)).collect(),
            })
            .collect();
        let active = ds.partners.iter().map(|p| span.active(&p.joined, p.left.as_deref())).collect();
        let joined = ds.partners.iter().map(|p| quarter_index(&p.joined)).collect();
        let left = ds.partners.iter().map(|p| p.left.as_deref().map(quarter_index)).collect();
        Index::finish(Index { span, partner, ty, deals_of: Vec::new(), active, joined, left, deals, by_segment: Vec::new(), by_type: Vec::new(), referred: Vec::new() })
    }

    /// A simulated history, its quarters aligned with `span` (quarter 0 is `span.first`);
    /// partners there at its start joined the quarter before.
    fn of_history(h: &ecosim_core::engine::History, span: Span) -> Index<'static> {
        let last = span.first + h.quarters as i64 - 1;
        let span = Span { first: span.first, quarters: h.quarters };
        let mut active = Vec::with_capacity(h.partners.len());
        let mut joined = Vec::with_capacity(h.partners.len());
        let mut left = Vec::with_capacity(h.partners.len());
        for p in &h.partners {
            let j = match p.joined {
                Some(_) if p.initial => span.first - 1,
                Some(q) => span.first + q as i64,
                None => i64::MAX,
            };
            let l = p.left.map(|q| span.first + q as i64);
            joined.push(j);
            left.push(l);
            let from = j.max(span.first);
            let to = l.unwrap_or(i64::MAX).min(last);
            active.push((p.joined.is_some() && from <= to).then(|| ((from - span.first) as u32, (to - span.first) as u32)));
        }
        let deals = h
            .deals
            .iter()
            .map(|d| DealFact {
                partner: Some(d.partner),
                segment: Some(d.segment),
                created: span.first + d.quarter as i64,
                source: match d.source {
                    ecosim_core::engine::TraceSource::Own => DealSource::Own,
                    ecosim_core::engine::TraceSource::Referral => DealSource::Referral,
                    ecosim_core::engine::TraceSource::CoSell => DealSource::CoSell,
                    ecosim_core::engine::TraceSource::Marketplace => DealSource::Marketplace,
                },
                referrer: d.referrer,
                collaborators: d.collaborators.clone(),
            })
            .collect();
        let ty = h.partners.iter().map(|p| Some(p.partner_type)).collect();
        Index::finish(Index { span, partner: HashMap::new(), ty, deals_of: Vec::new(), active, joined, left, deals, by_segment: Vec::new(), by_type: Vec::new(), referred: Vec::new() })
    }

    fn finish(mut ix: Index<'a>) -> Index<'a> {
        ix.deals_of = vec![Vec::new(); ix.ty.len()];
        let (segments, types) = (ix.deals.iter().filter_map(|d| d.segment).max().map_or(0, |s| s + 1), ix.ty.iter().flatten().max().map_or(0, |t| t + 1));
        ix.by_segment = vec![Vec::new(); segments];
        ix.by_type = vec![Vec::new(); types];
        for (j, d) in ix.deals.iter().enumerate() {
            if let Some(p) = d.partner {
                ix.deals_of[p as usize].push(j);
                if let Some(t) = ix.ty[p as usize] {
                    ix.by_type[t].push(j as u32);
                }
            }
            if let Some(s) = d.segment {
                ix.by_segment[s].push(j as u32);
            }
            if d.source == DealSource::Referral {
                ix.referred.push(j as u32);
            }
        }
        ix
    }
    fn in_segment(&self, s: usize) -> impl Iterator<Item = &DealFact> {
        self.by_segment.get(s).into_iter().flatten().map(|&j| &self.deals[j as usize])
    }
    fn of_type(&self, t: Option<usize>) -> impl Iterator<Item = &DealFact> {
        t.and_then(|t| self.by_type.get(t)).into_iter().flatten().map(|&j| &self.deals[j as usize])
    }
    fn referred(&self) -> impl Iterator<Item = &DealFact> {
        self.referred.iter().map(|&j| &self.deals[j as usize])
    }
    fn type_of(&self, id: &str) -> Option<usize> {
        self.partner.get(id).and_then(|&i| self.ty[i])
    }
    fn ty_of(&self, p: Option<u32>) -> Option<usize> {
        p.and_then(|p| self.ty[p as usize])
    }
    /// Active partner-quarters of the partners of type `t`.
    fn exposure(&self, t: usize) -> f64 {
        (0..self.ty.len()).filter(|&i| self.ty[i] == Some(t)).filter_map(|i| self.active[i]).map(|(a, b)| (b - a + 1) as f64).sum()
    }
}

/// Fit what the dataset identifies, on top of `base`.
pub fn calibrate(ds: &Dataset, base: &MarketModelDoc) -> Calibration {
    let mut model = base.clone();
    let mut sources = std::mem::take(&mut model.sources);
    let mut notes = Notes { list: Vec::new(), sources: &mut sources };
    let Some(span) = replay::Span::of(ds) else {
        notes.kept("calibration".into(), "the dataset has no dated deals: nothing can be fitted".into(), None, 0);
        let list = notes.list;
        model.sources = sources;
        return Calibration { model, notes: list };
    };
    let ix = Index::new(ds, base, span);
    let words = span.words();
    direct_fits(ds, base, &mut model, &ix, &words, &mut notes);
    customer_fits(ds, base, &mut model, &ix, &words, &mut notes);
    uplift_fits(ds, base, &mut model, &ix, &words, &mut notes);
    rate_fits(ds, base, &mut model, &ix, &words, &mut notes);
    let fitted = notes.list.iter().filter(|n| n.fitted).count();
    let list = notes.list;
    sources.insert(
        "calibration".into(),
        format!("Calibrated from {} deals of {} partners, {words}. Fitted: {fitted} parameters. Everything else is the base model's \"{}\".", ds.deals.len(), ds.partners.len(), base.name),
    );
    model.sources = sources;
    Calibration { model, notes: list }
}

fn alone(d: &super::Deal) -> bool {
    d.collaborating_partner_ids.is_empty()
}

fn direct_fits(ds: &Dataset, base: &MarketModelDoc, model: &mut MarketModelDoc, ix: &Index, span: &str, notes: &mut Notes) {
    for (i, t) in model.partner_types.iter_mut().enumerate() {
        let mine: Vec<usize> = (0..ds.partners.len()).filter(|&p| ix.ty[p] == Some(i)).collect();
        // Win rate, from the deals worked alone.
        let path = format!("partner_types[{i}].win_rate");
        let (mut won, mut lost) = (0u64, 0u64);
        let mut with_deals = HashSet::new();
        for &p in &mine {
            for &j in &ix.deals_of[p] {
                let d = &ds.deals[j];
                if alone(d) && d.outcome != Outcome::Open {
                    with_deals.insert(p);
                    if d.outcome == Outcome::Won {
                        won += 1
                    } else {
                        lost += 1
                    }
                }
            }
        }
        let base_win = Some(Param::mean(&base.partner_types[i].win_rate));
        if won + lost >= MIN_CLOSED_DEALS {
            let (a, b) = (1.0 + won as f64, 1.0 + lost as f64);
            let (med, lo, hi) = beta_interval(a, b);
            t.win_rate = beta_param(a, b);
            notes.fitted(path, format!("fitted from {} closed deals worked alone of {} partners, {span}: Beta({a}, {b}), median {med:.3} (P5–P95 {lo:.3} – {hi:.3})", won + lost, with_deals.len()), med, lo, hi, base_win, won + lost, false);
        } else {
            notes.kept(path, format!("{} closed deals worked alone (fewer than {MIN_CLOSED_DEALS}): the base model's win rate is kept", won + lost), base_win, won + lost);
        }

        // Productivity spread (its first estimate; the engine refines it with the rates).
        let path = format!("partner_types[{i}].productivity_cv");
        let counts = spread_counts(ix, i);
        let base_cv = Some(base.partner_types[i].productivity_cv);
        match (counts.len() >= MIN_PARTNERS_FOR_SPREAD, cv_of(&counts)) {
            (true, Some(cv)) => {
                let (lo, hi) = cv_interval(&counts, i);
                let cv = cv.min(3.0);
                t.productivity_cv = cv;
                notes.fitted(path, format!("fitted from the deals of {} partners over their active quarters, {span}: {cv:.2} (P5–P95 over resampled partners {lo:.2} – {hi:.2}; the model takes one value)", counts.len()), cv, lo.min(cv), hi.max(cv), base_cv, counts.len() as u64, false);
            }
            _ => notes.kept(path, format!("{} partners with active quarters (fewer than {MIN_PARTNERS_FOR_SPREAD}): the base model's spread is kept", counts.len()), base_cv, counts.len() as u64),
        }

        // Ramp, from the partners who joined during the history (first estimate, refined by
        // simulation with the rates).
        let path = format!("partner_types[{i}].ramp_quarters");
        let recruits = recruits_of(ix, i);
        let (n, _) = tenure_table(ix, &recruits);
        let early_deals: f64 = n.iter().take(MAX_RAMP as usize + 1).sum();
        let base_ramp = Some(base.partner_types[i].ramp_quarters as f64);
        match ramp_stat(ix, &recruits).filter(|_| recruits.len() >= MIN_RECRUITS_FOR_RAMP && early_deals >= 30.0) {
            Some(r) => {
                let (lo, hi) = ramp_interval(ix, &recruits, i, r);
                t.ramp_quarters = r;
                notes.fitted(path, format!("fitted from the first quarters of {} partners who joined in the history, {span}: {r} quarters to full rate (P5–P95 over resampled partners {lo} – {hi}; the model takes whole quarters)", recruits.len()), r as f64, lo as f64, hi as f64, base_ramp, recruits.len() as u64, false);
            }
            None => notes.kept(path, format!("{} partners joined during the history with {early_deals:.0} deals in their first quarters (fewer than {MIN_RECRUITS_FOR_RAMP} partners or 30 deals): the base model's ramp is kept", recruits.len()), base_ramp, recruits.len() as u64),
        }

        // Partner churn: departures over active partner-quarters (left-truncated, censored).
        let path = format!("partner_types[{i}].churn_per_quarter");
        let exposure = ix.exposure(i);
        let left = mine.iter().filter(|&&p| ix.active[p].is_some() && ds.partners[p].left.as_deref().is_some_and(|l| quarter_index(l) <= ix.span.last())).count() as f64;
        let base_churn = Some(Param::mean(&base.partner_types[i].churn_per_quarter));
        if exposure >= MIN_PARTNER_QUARTERS {
            let (a, b) = (1.0 + left, 1.0 + (exposure - left).max(0.0));
            let (med, lo, hi) = beta_interval(a, b);
            t.churn_per_quarter = beta_param(a, b);
            notes.fitted(path, format!("fitted from {} partners over {exposure:.0} active partner-quarters with {left} departures, {span} (partners still active are censored; the hazard includes what idle and conflict add): Beta({a}, {b}), median {med:.4} (P5–P95 {lo:.4} – {hi:.4})", mine.len()), med, lo, hi, base_churn, exposure as u64, false);
        } else {
            notes.kept(path, format!("{exposure:.0} active partner-quarters (fewer than {MIN_PARTNER_QUARTERS}): the base model's churn is kept"), base_churn, exposure as u64);
        }
    }

    // Deal size per segment, from won deals worked alone, net of each type's size factor.
    let factor: Vec<f64> = base.partner_types.iter().map(|t| Param::mean(&t.deal_size_factor)).collect();
    for (s, seg) in model.market.segments.iter_mut().enumerate() {
        let logs: Vec<f64> = ds
            .deals
            .iter()
            .filter(|d| d.segment == seg.id && d.outcome == Outcome::Won && d.amount > 0.0 && alone(d))
            .filter_map(|d| ix.type_of(&d.partner_id).map(|t| (d.amount / factor[t]).ln()))
            .collect();
        let path = format!("market.segments[{s}].deal_size.median");
        let path90 = format!("market.segments[{s}].deal_size.p90");
        let (base_med, base_p90) = (Param::mean(&base.market.segments[s].deal_size.median), Param::mean(&base.market.segments[s].deal_size.p90));
        if logs.len() < MIN_WON_DEALS {
            notes.kept(path, format!("{} won deals worked alone (fewer than {MIN_WON_DEALS}): the base model's deal size is kept", logs.len()), Some(base_med), logs.len() as u64);
            notes.kept(path90, "kept with the median".into(), Some(base_p90), logs.len() as u64);
            continue;
        }
        let n = logs.len() as f64;
        let mu = logs.iter().sum::<f64>() / n;
        let sigma = (logs.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / (n - 1.0)).sqrt().max(1e-6);
        let z90 = ecosim_core::model::param::Z90;
        // Standard errors: of the mean log, and of mu + z90·sigma (sigma's s.e. ≈ sigma / √(2(n−1))).
        let se_mu = sigma / n.sqrt();
        let se_p90 = (se_mu * se_mu + z90 * z90 * sigma * sigma / (2.0 * (n - 1.0))).sqrt();
        let (med, p90) = (mu.exp(), (mu + z90 * sigma).exp());
        let (pm, lo, hi) = lognormal(med, se_mu);
        seg.deal_size.median = pm;
        notes.fitted(path, format!("fitted from {} won deals worked alone, {span} (each divided by its partner type's deal-size factor): median {med:.0} (P5–P95 {lo:.0} – {hi:.0})", logs.len()), med, lo, hi, Some(base_med), logs.len() as u64, false);
        let (pp, lo, hi) = lognormal(p90, se_p90);
        seg.deal_size.p90 = pp;
        notes.fitted(path90, format!("fitted from the same {} won deals: P90 {p90:.0} (P5–P95 {lo:.0} – {hi:.0})", logs.len()), p90, lo, hi, Some(base_p90), logs.len() as u64, false);
    }
}

/// Deals and active quarters of each partner of type `t` that was active in the history.
fn spread_counts(ix: &Index, t: usize) -> Vec<(f64, f64)> {
    (0..ix.ty.len()).filter(|&p| ix.ty[p] == Some(t)).filter_map(|p| ix.active[p].map(|(a, b)| (ix.deals_of[p].len() as f64, (b - a + 1) as f64))).collect()
}

/// The over-dispersion of deals per partner against a Poisson count at the type's mean rate,
/// with each partner's own exposure (method of moments): Var[n] = m·e + cv²·(m·e)².
fn cv_of(c: &[(f64, f64)]) -> Option<f64> {
    let (n, e): (f64, f64) = c.iter().fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + x.1));
    if e <= 0.0 || n <= 0.0 {
        return None;
    }
    let m = n / e;
    let num: f64 = c.iter().map(|&(n, e)| (n - m * e).powi(2) - m * e).sum();
    let den: f64 = c.iter().map(|&(_, e)| (m * e).powi(2)).sum();
    Some((num / den).max(0.0).sqrt())
}

/// P5 and P95 of the spread over resampled partners.
fn cv_interval(counts: &[(f64, f64)], t: usize) -> (f64, f64) {
    let mut boot: Vec<f64> = (0..200u64)
        .filter_map(|b| {
            let mut s = ecosim_core::engine::rng::Stream::new(ecosim_core::engine::rng::key(&[0xCA11, t as u64, b]));
            let sample: Vec<(f64, f64)> = (0..counts.len()).map(|_| counts[s.below(counts.len())]).collect();
            cv_of(&sample)
        })
        .collect();
    if boot.is_empty() {
        return (0.0, 0.0);
    }
    boot.sort_by(f64::total_cmp);
    (ecosim_core::stats::quantile_sorted(&boot, 0.05), ecosim_core::stats::quantile_sorted(&boot, 0.95))
}

/// Partners of type `t` who joined during the history.
fn recruits_of(ix: &Index, t: usize) -> Vec<usize> {
    (0..ix.ty.len()).filter(|&p| ix.ty[p] == Some(t) && ix.joined[p] >= ix.span.first && ix.active[p].is_some()).collect()
}

/// Deals by calendar quarter of tenure (0 = the quarter a partner joined), and partners active
/// in each.
fn tenure_table(ix: &Index, ps: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let mut n = vec![0.0; TENURE_QUARTERS];
    let mut e = vec![0.0; TENURE_QUARTERS];
    for &p in ps {
        let Some((a, b)) = ix.active[p] else { continue };
        for k in 0..=(b - a).min(TENURE_QUARTERS as u32 - 1) {
            e[k as usize] += 1.0;
        }
        for &j in &ix.deals_of[p] {
            let k = ix.deals[j].created - ix.span.first - a as i64;
            if (0..TENURE_QUARTERS as i64).contains(&k) {
                n[k as usize] += 1.0;
            }
        }
    }
    (n, e)
}

/// The linear ramp (tenure quarter k at min(1, k/R) of the full rate) of R in 0–8 that fits the
/// recruits' deals best by Poisson deviance.
fn ramp_stat(ix: &Index, recruits: &[usize]) -> Option<u32> {
    let (n, e) = tenure_table(ix, recruits);
    (0..=MAX_RAMP)
        .map(|r| {
            let shape = |k: usize| if r == 0 { 1.0 } else { (k as f64 / r as f64).min(1.0) };
            let expo: f64 = (0..n.len()).map(|k| e[k] * shape(k)).sum();
            let m = if expo > 0.0 { n.iter().sum::<f64>() / expo } else { 0.0 };
            let dev: f64 = (0..n.len())
                .map(|k| {
                    // A floor of 1 % of the full rate: a stray deal in a partner's first
                    // quarter costs the fit, it does not rule a ramp out.
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
}

/// P5 and P95 of the ramp over resampled recruits (widened to include `r`).
fn ramp_interval(ix: &Index, recruits: &[usize], t: usize, r: u32) -> (u32, u32) {
    let mut boot: Vec<u32> = (0..100u64)
        .filter_map(|b| {
            let mut s = ecosim_core::engine::rng::Stream::new(ecosim_core::engine::rng::key(&[0x4A3B, t as u64, b]));
            let sample: Vec<usize> = (0..recruits.len()).map(|_| recruits[s.below(recruits.len())]).collect();
            ramp_stat(ix, &sample)
        })
        .collect();
    if boot.is_empty() {
        return (r, r);
    }
    boot.sort_unstable();
    (boot[boot.len() * 5 / 100].min(r), boot[(boot.len() * 95 / 100).min(boot.len() - 1)].max(r))
}

/// Logo churn and expansion per segment, from renewals.
fn customer_fits(ds: &Dataset, base: &MarketModelDoc, model: &mut MarketModelDoc, ix: &Index, span: &str, notes: &mut Notes) {
    if ds.renewals.is_empty() {
        for (s, _) in base.market.segments.iter().enumerate() {
            let b = &base.market.segments[s];
            notes.kept(format!("market.segments[{s}].customer_churn_per_quarter"), "no renewals table: the base model's customer churn is kept".into(), Some(Param::mean(&b.customer_churn_per_quarter)), 0);
            notes.kept(format!("market.segments[{s}].expansion_per_quarter"), "no renewals table: the base model's expansion is kept".into(), Some(Param::mean(&b.expansion_per_quarter)), 0);
        }
        return;
    }
    let deal: HashMap<&str, &super::Deal> = ds.deals.iter().map(|d| (d.id.as_str(), d)).collect();
    // Per customer: its periods (quarter index) and ARR, in order.
    let mut periods: BTreeMap<&str, Vec<(i64, f64)>> = BTreeMap::new();
    for r in &ds.renewals {
        let q = period_index(&r.period);
        periods.entry(r.customer.as_str()).or_default().push((q, r.arr));
    }
    let end = ix.span.last();
    // Partner types served by a two-tier pattern with retention uplift: their customers are
    // touched by a pattern the records do not show on the deal.
    let in_use = replay::patterns_in_use(ds, base);
    let served: HashSet<usize> = base
        .patterns
        .iter()
        .filter(|p| p.kind == PatternKind::TwoTier && in_use.contains_key(&p.id) && Param::mean(&p.effects.retention_uplift) > 0.0)
        .filter_map(|p| base.partner_types.iter().position(|t| t.id == p.to))
        .collect();
    for (s, seg) in model.market.segments.iter_mut().enumerate() {
        let (mut churned, mut exposure, mut customers) = (0.0, 0.0, 0usize);
        let mut growth: Vec<f64> = Vec::new();
        for (c, ps) in periods.iter_mut() {
            let Some(d) = deal.get(c) else { continue };
            if d.segment != seg.id {
                continue;
            }
            ps.sort_by_key(|x| x.0);
            for w in ps.windows(2) {
                if w[1].0 == w[0].0 + 1 && w[0].1 > 0.0 && w[1].1 > 0.0 {
                    growth.push((w[1].1 / w[0].1).ln());
                }
            }
            // Churn from customers no pattern touched: referral, co-sell and marketplace deals
            // carry the patterns' retention uplift.
            if d.source == DealSource::Own && alone(d) && !ix.type_of(&d.partner_id).is_some_and(|t| served.contains(&t)) {
                // A renewal decision follows each paying quarter; the one after the history's
                // last quarter is not seen, so a customer still paying then counts one fewer.
                let (first, last) = (ps[0].0, ps[ps.len() - 1].0);
                customers += 1;
                if last < end {
                    churned += 1.0;
                    exposure += (last - first + 1) as f64;
                } else {
                    exposure += (last - first) as f64;
                }
            }
        }
        let b = &base.market.segments[s];
        let path = format!("market.segments[{s}].customer_churn_per_quarter");
        if customers >= MIN_CUSTOMERS {
            let (a, bb) = (1.0 + churned, 1.0 + (exposure - churned).max(0.0));
            let (med, lo, hi) = beta_interval(a, bb);
            seg.customer_churn_per_quarter = beta_param(a, bb);
            notes.fitted(path, format!("fitted from {customers} customers won alone over {exposure:.0} paying quarters with {churned} lost, {span} (customers still paying are censored): Beta({a}, {bb}), median {med:.4} (P5–P95 {lo:.4} – {hi:.4})"), med, lo, hi, Some(Param::mean(&b.customer_churn_per_quarter)), customers as u64, false);
        } else {
            notes.kept(path, format!("{customers} customers won alone with renewals (fewer than {MIN_CUSTOMERS}): the base model's customer churn is kept"), Some(Param::mean(&b.customer_churn_per_quarter)), customers as u64);
        }
        let path = format!("market.segments[{s}].expansion_per_quarter");
        if growth.len() >= MIN_CUSTOMERS {
            let n = growth.len() as f64;
            let m = growth.iter().sum::<f64>() / n;
            let sd = (growth.iter().map(|g| (g - m) * (g - m)).sum::<f64>() / (n - 1.0)).sqrt();
            let se = (sd / n.sqrt()).max(2e-4);
            let (est, lo, hi) = (m.exp() - 1.0, (m - Z95 * se).exp() - 1.0, (m + Z95 * se).exp() - 1.0);
            seg.expansion_per_quarter = Param::Dist(Dist::Normal { mean: est, sd: se * (1.0 + est) });
            notes.fitted(path, format!("fitted from {} quarter-on-quarter ARR changes, {span}: {:.2} % a quarter (P5–P95 {:.2} – {:.2} %)", growth.len(), 100.0 * est, 100.0 * lo, 100.0 * hi), est, lo, hi, Some(Param::mean(&b.expansion_per_quarter)), growth.len() as u64, false);
        } else {
            notes.kept(path, format!("{} quarter-on-quarter ARR changes (fewer than {MIN_CUSTOMERS}): the base model's expansion is kept", growth.len()), Some(Param::mean(&b.expansion_per_quarter)), growth.len() as u64);
        }
    }
}

/// Win-rate and deal-size uplift per deal pattern: together against alone.
fn uplift_fits(ds: &Dataset, base: &MarketModelDoc, model: &mut MarketModelDoc, ix: &Index, span: &str, notes: &mut Notes) {
    let factor: Vec<f64> = base.partner_types.iter().map(|t| Param::mean(&t.deal_size_factor)).collect();
    for (k, p) in model.patterns.iter_mut().enumerate() {
        if matches!(p.kind, PatternKind::Referral | PatternKind::TwoTier) {
            continue;
        }
        let (Some(from), Some(to)) = (base.partner_types.iter().position(|t| t.id == p.from), base.partner_types.iter().position(|t| t.id == p.to)) else { continue };
        let (mut tw, mut tl, mut aw, mut al) = (0.0, 0.0, 0.0, 0.0);
        let (mut tlog, mut alog): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
        for d in &ds.deals {
            if ix.type_of(&d.partner_id) != Some(from) || d.outcome == Outcome::Open {
                continue;
            }
            let with: Vec<usize> = d.collaborating_partner_ids.iter().filter_map(|c| ix.type_of(c)).collect();
            let won = d.outcome == Outcome::Won;
            if with.is_empty() {
                if won {
                    aw += 1.0;
                    alog.push((d.amount.max(1e-9) / factor[from]).ln());
                } else {
                    al += 1.0;
                }
            } else if with == [to] {
                if won {
                    tw += 1.0;
                    tlog.push((d.amount.max(1e-9) / factor[from]).ln());
                } else {
                    tl += 1.0;
                }
            }
        }
        let e = &base.patterns[k].effects;
        let path = format!("patterns[{k}].effects.win_uplift");
        if tw + tl >= MIN_CLOSED_DEALS as f64 && aw + al >= MIN_CLOSED_DEALS as f64 {
            let (rt, ra) = ((tw + 1.0) / (tw + tl + 2.0), (aw + 1.0) / (aw + al + 2.0));
            let up = rt / ra - 1.0;
            // Delta method on the log of the ratio of two proportions.
            let se = (((1.0 - rt) / (rt * (tw + tl + 2.0))) + ((1.0 - ra) / (ra * (aw + al + 2.0)))).sqrt() * (1.0 + up);
            let wide = 3.0 * se;
            let (lo, hi) = ((up - Z95 * wide).max(-0.99), up + Z95 * wide);
            p.effects.win_uplift = Param::Dist(Dist::Normal { mean: up, sd: wide });
            notes.fitted(path, format!("fitted by comparing {} closed deals worked with a partner with {} worked alone, {span}: {:+.0} % (confounded by which deals get a partner, so carried three times as wide as its standard error: P5–P95 {:+.0} – {:+.0} %)", tw + tl, aw + al, 100.0 * up, 100.0 * lo, 100.0 * hi), up, lo, hi, Some(Param::mean(&e.win_uplift)), (tw + tl) as u64, true);
        } else {
            notes.kept(path, format!("{} closed deals worked together and {} alone (fewer than {MIN_CLOSED_DEALS} of either): the base model's uplift is kept", tw + tl, aw + al), Some(Param::mean(&e.win_uplift)), (tw + tl) as u64);
        }
        let path = format!("patterns[{k}].effects.deal_size_uplift");
        if tlog.len() >= MIN_WON_DEALS && alog.len() >= MIN_WON_DEALS {
            let stats = |v: &[f64]| {
                let n = v.len() as f64;
                let m = v.iter().sum::<f64>() / n;
                (m, v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0) / n)
            };
            let ((mt, vt), (ma, va)) = (stats(&tlog), stats(&alog));
            // Segments differ between the two groups; compare within the mix as recorded.
            let d = mt - ma;
            let se = (vt + va).sqrt();
            let wide = 3.0 * se;
            let (up, lo, hi) = (
                d.exp() - 1.0,
                (d - Z95 * wide).exp() - 1.0,
                (d + Z95 * wide).exp() - 1.0,
            );
            p.effects.deal_size_uplift = Param::Dist(Dist::Normal {
                mean: up,
                sd: wide * (1.0 + up),
            });
            notes.fitted(path, format!("fitted by comparing {} won deals worked with a partner with {} alone, {span}: {:+.0} % (confounded by which deals get a partner and by their segments, so carried three times as wide as its standard error: P5–P95 {:+.0} – {:+.0} %)", tlog.len(), alog.len(), 100.0 * up, 100.0 * lo, 100.0 * hi), up, lo, hi, Some(Param::mean(&e.deal_size_uplift)), tlog.len() as u64, true);
        } else {
            notes.kept(path, format!("{} won deals worked together and {} alone (fewer than {MIN_WON_DEALS} of either): the base model's uplift is kept", tlog.len(), alog.len()), Some(Param::mean(&e.deal_size_uplift)), tlog.len() as u64);
        }
    }
}

/// A parameter the engine turns into what the records show only through its other mechanisms:
/// where it lives in the document, and the statistic of a history that measures it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Rate {
    /// Deals of segment s (any source but marketplace) per active partner-quarter.
    Buy(usize),
    /// Marketplace deals of marketplace type t in segment s per active listing-quarter.
    Buyers(usize, usize),
    /// Referral deals of pattern k (referrer of its `from` type, receiver of its `to` type) per
    /// active referrer-quarter.
    Referrals(usize),
    /// Share of the `from` type's deals worked with the `to` type (pattern k).
    Attach(usize),
    /// Departures of type t per active partner-quarter (the idle and conflict multipliers act
    /// on top of the base hazard).
    Churn(usize),
    /// The over-dispersion of deals per partner of type t.
    Spread(usize),
    /// Distinct pairs of partners who worked a deal together over pattern k (a referrer and
    /// its receiver, a partner and its collaborator) per active `from` partner: its links.
    Links(usize),
}

impl Rate {
    /// Rates of one kind are perturbed together to measure how their statistics respond.
    fn kind(self) -> usize {
        match self {
            Rate::Buy(_) => 0,
            Rate::Buyers(..) => 1,
            Rate::Referrals(_) => 2,
            Rate::Attach(_) => 3,
            Rate::Churn(_) => 4,
            Rate::Spread(_) => 5,
            Rate::Links(_) => 6,
        }
    }
    /// The largest value the parameter may take.
    fn ceiling(self) -> f64 {
        match self {
            Rate::Buy(_) | Rate::Buyers(..) | Rate::Attach(_) | Rate::Churn(_) => 1.0,
            Rate::Spread(_) => 3.0,
            Rate::Referrals(_) | Rate::Links(_) => f64::INFINITY,
        }
    }
}

fn value(doc: &MarketModelDoc, r: Rate) -> Option<f64> {
    match r {
        Rate::Buy(s) => Some(Param::mean(&doc.market.segments[s].buy_rate)),
        Rate::Buyers(t, s) => doc.market.marketplace_buyers.get(&doc.partner_types[t].id).and_then(|m| m.get(&doc.market.segments[s].id)).map(Param::mean),
        Rate::Referrals(k) => Some(Param::mean(&doc.patterns[k].effects.referrals_per_link)),
        Rate::Attach(k) => Some(Param::mean(&doc.patterns[k].effects.attach_rate)),
        Rate::Churn(t) => Some(Param::mean(&doc.partner_types[t].churn_per_quarter)),
        Rate::Spread(t) => Some(doc.partner_types[t].productivity_cv),
        Rate::Links(k) => Some(Param::mean(&doc.patterns[k].links_per_partner)),
    }
}

/// Set a parameter: its distribution (`v`), or for the productivity spread its value.
fn set(doc: &mut MarketModelDoc, r: Rate, v: Param) {
    match r {
        Rate::Buy(s) => doc.market.segments[s].buy_rate = v,
        Rate::Buyers(t, s) => {
            let (ty, seg) = (doc.partner_types[t].id.clone(), doc.market.segments[s].id.clone());
            if let Some(x) = doc.market.marketplace_buyers.get_mut(&ty).and_then(|m| m.get_mut(&seg)) {
                *x = v;
            }
        }
        Rate::Referrals(k) => doc.patterns[k].effects.referrals_per_link = v,
        Rate::Attach(k) => doc.patterns[k].effects.attach_rate = v,
        Rate::Churn(t) => doc.partner_types[t].churn_per_quarter = v,
        Rate::Spread(t) => doc.partner_types[t].productivity_cv = Param::mean(&v),
        Rate::Links(k) => doc.patterns[k].links_per_partner = v,
    }
}

fn path_of(doc: &MarketModelDoc, r: Rate) -> String {
    match r {
        Rate::Buy(s) => format!("market.segments[{s}].buy_rate"),
        Rate::Buyers(t, s) => format!("market.marketplace_buyers.{}.{}", doc.partner_types[t].id, doc.market.segments[s].id),
        Rate::Referrals(k) => format!("patterns[{k}].effects.referrals_per_link"),
        Rate::Attach(k) => format!("patterns[{k}].effects.attach_rate"),
        Rate::Churn(t) => format!("partner_types[{t}].churn_per_quarter"),
        Rate::Spread(t) => format!("partner_types[{t}].productivity_cv"),
        Rate::Links(k) => format!("patterns[{k}].links_per_partner"),
    }
}

/// What a history shows of one parameter.
struct Measured {
    /// The statistic.
    stat: f64,
    /// The observations it rests on (deals, departures, partners).
    count: f64,
    /// Its relative variance from the history's own sampling.
    rse2: f64,
}

/// The statistic of `r` in a history (recorded or simulated), from its index.
fn measure(model: &MarketModelDoc, ix: &Index, r: Rate) -> Option<Measured> {
    let marketplace = |t: usize| model.partner_types[t].kind == ecosim_core::model::PartnerKind::Marketplace;
    let exposure = |keep: &dyn Fn(usize) -> bool| -> f64 { (0..ix.ty.len()).filter(|&p| ix.ty[p].is_some_and(keep)).filter_map(|p| ix.active[p]).map(|(a, b)| (b - a + 1) as f64).sum() };
    // A count per unit, with its over-dispersion across the partners it comes from.
    let counted = |per: &[f64], denominator: f64| -> Option<Measured> {
        let count: f64 = per.iter().sum();
        if denominator <= 0.0 {
            return None;
        }
        let some: Vec<f64> = per.iter().copied().filter(|&x| x > 0.0).collect();
        let n = some.len().max(1) as f64;
        let mean = count / n;
        let var = some.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0).max(1.0);
        let dispersion = if mean > 0.0 { (var / mean).max(1.0) } else { 1.0 };
        Some(Measured { stat: count / denominator, count, rse2: if count > 0.0 { dispersion / count } else { f64::INFINITY } })
    };
    let mut per = vec![0.0; ix.ty.len()];
    let pattern_types = |k: usize| {
        let p = &model.patterns[k];
        (model.partner_types.iter().position(|t| t.id == p.from), model.partner_types.iter().position(|t| t.id == p.to))
    };
    match r {
        Rate::Buy(s) => {
            for d in ix.in_segment(s).filter(|d| d.source != DealSource::Marketplace) {
                // A referred deal was found by its referrer.
                let who = if d.source == DealSource::Referral { d.referrer.or(d.partner) } else { d.partner };
                if let Some(w) = who {
                    per[w as usize] += 1.0;
                }
            }
            counted(&per, exposure(&|t| !marketplace(t)))
        }
        Rate::Buyers(t, s) => {
            for d in ix.of_type(Some(t)).filter(|d| d.segment == Some(s) && d.source == DealSource::Marketplace) {
                per[d.partner.expect("typed") as usize] += 1.0;
            }
            counted(&per, exposure(&|x| x == t))
        }
        Rate::Referrals(k) => {
            let (from, to) = pattern_types(k);
            for d in ix.referred() {
                if let Some(rp) = d.referrer.filter(|&rp| ix.ty_of(Some(rp)) == from && ix.ty_of(d.partner) == to) {
                    per[rp as usize] += 1.0;
                }
            }
            counted(&per, exposure(&|t| Some(t) == from))
        }
        Rate::Attach(k) => {
            let (from, to) = pattern_types(k);
            let mut deals = 0.0;
            for d in ix.of_type(from) {
                deals += 1.0;
                if d.collaborators.iter().any(|&c| ix.ty_of(Some(c)) == to) {
                    per[d.partner.expect("typed") as usize] += 1.0;
                }
            }
            counted(&per, deals)
        }
        Rate::Churn(t) => {
            let last = ix.span.last();
            let left = (0..ix.ty.len()).filter(|&p| ix.ty[p] == Some(t) && ix.active[p].is_some() && ix.left[p].is_some_and(|l| l <= last)).count() as f64;
            let e = exposure(&|x| x == t);
            (e > 0.0).then(|| Measured { stat: left / e, count: left, rse2: 1.0 / left.max(1.0) })
        }
        Rate::Links(k) => {
            let (from, to) = pattern_types(k);
            let referral = model.patterns[k].kind == PatternKind::Referral;
            let mut pairs: HashSet<(u32, u32)> = HashSet::new();
            if referral {
                for d in ix.referred() {
                    if let (Some(p), Some(rp)) = (d.partner, d.referrer) {
                        if ix.ty_of(Some(rp)) == from && ix.ty_of(Some(p)) == to {
                            pairs.insert((rp, p));
                        }
                    }
                }
            } else {
                for d in ix.of_type(from) {
                    let Some(p) = d.partner else { continue };
                    for &c in d.collaborators.iter().filter(|&&c| ix.ty_of(Some(c)) == to) {
                        pairs.insert((p, c));
                    }
                }
            }
            for (a, _) in &pairs {
                per[*a as usize] += 1.0;
            }
            let n = (0..ix.ty.len()).filter(|&i| ix.ty[i] == from && ix.active[i].is_some()).count() as f64;
            counted(&per, n)
        }
        Rate::Spread(t) => {
            let counts = spread_counts(ix, t);
            let cv = cv_of(&counts)?;
            Some(Measured { stat: cv, count: counts.len() as f64, rse2: 0.0 })
        }
    }
}

/// Parameters fitted by simulating the history's own composition: each scaled until the
/// simulated statistic matches the recorded one (simulation-based calibration, two fixed-point
/// steps), then the ramps chosen the same way.
fn rate_fits(ds: &Dataset, base: &MarketModelDoc, model: &mut MarketModelDoc, ix: &Index, span: &str, notes: &mut Notes) {
    let fitted_paths: HashSet<String> = notes.list.iter().filter(|n| n.fitted).map(|n| n.path.clone()).collect();
    let mut rates: Vec<Rate> = (0..base.market.segments.len()).map(Rate::Buy).collect();
    for (t, ty) in base.partner_types.iter().enumerate() {
        if base.market.marketplace_buyers.contains_key(&ty.id) {
            rates.extend((0..base.market.segments.len()).map(|s| Rate::Buyers(t, s)));
        }
        // Churn and spread: refine the first estimates the records gave.
        for r in [Rate::Churn(t), Rate::Spread(t)] {
            if fitted_paths.contains(&path_of(base, r)) {
                rates.push(r);
            }
        }
    }
    let in_use = replay::patterns_in_use(ds, base);
    for (k, p) in base.patterns.iter().enumerate() {
        match p.kind {
            PatternKind::Referral => rates.extend([Rate::Referrals(k), Rate::Links(k)]),
            PatternKind::TwoTier => {}
            _ => rates.extend([Rate::Attach(k), Rate::Links(k)]),
        }
    }
    // Two patterns between the same two types cannot be told apart in the records.
    let twins = |k: usize| base.patterns.iter().enumerate().filter(|(j, q)| *j != k && q.from == base.patterns[k].from && q.to == base.patterns[k].to && q.kind != PatternKind::TwoTier).map(|(_, q)| q.name.clone()).collect::<Vec<_>>();
    struct Obs {
        rate: Rate,
        target: f64,
        count: f64,
        rse2: f64,
    }
    let mut obs = Vec::new();
    for &r in &rates {
        let path = path_of(base, r);
        let base_v = value(base, r);
        let in_use_ok = match r {
            Rate::Referrals(k) | Rate::Attach(k) | Rate::Links(k) => in_use.contains_key(&base.patterns[k].id),
            _ => true,
        };
        let m = measure(base, ix, r);
        let enough = match (r, &m) {
            // With no departures the simulation has nothing to match: the direct posterior stays.
            (Rate::Churn(_), Some(m)) => m.count > 0.0,
            (Rate::Spread(_), Some(_)) => true,
            (_, Some(m)) => m.count >= MIN_COUNT_FOR_RATE,
            _ => false,
        };
        let count = m.as_ref().map_or(0.0, |m| m.count);
        match m.filter(|_| enough && in_use_ok) {
            Some(m) => {
                let rse2 = match r {
                    Rate::Spread(t) => {
                        let (lo, hi) = cv_interval(&spread_counts(ix, t), t);
                        if lo > 0.0 && hi > lo { ((hi / lo).ln() / (2.0 * Z95)).powi(2) } else { 0.25 }
                    }
                    _ => m.rse2,
                };
                obs.push(Obs { rate: r, target: m.stat, count: m.count, rse2 });
            }
            None => {
                let why = if in_use_ok { format!("{count:.0} deals to fit it from (fewer than {MIN_COUNT_FOR_RATE})") } else { "the history shows no deal of this pattern".to_string() };
                if !matches!(r, Rate::Churn(_) | Rate::Spread(_)) {
                    notes.kept(path, format!("{why}: the base model's value is kept"), base_v, count as u64);
                }
            }
        }
    }
    // Fixed point: simulate with the current values (fixed at their means) and scale each by
    // recorded ÷ simulated statistic.
    let mut current = model.clone();
    for o in &obs {
        let v = value(&current, o.rate).unwrap_or(0.0);
        set(&mut current, o.rate, Param::Fixed(v));
    }
    let mut sim_rse2 = vec![0.0; obs.len()];
    let simulate = |doc: &MarketModelDoc, seed: u64, trials: u64, each: &mut dyn FnMut(&Index)| -> Result<(), String> {
        let m = Model::from_doc(replay::replay_model(doc)).map_err(|e| e.to_string())?;
        let sdoc = replay::scenario(ds, doc, ix.span, trials, seed);
        let sc = Scenario::from_doc(sdoc, &m).map_err(|e| e.to_string())?;
        let opts = RunOptions { trials, seed, ..RunOptions::for_scenario(&sc) };
        // Histories simulated in parallel, measured in trial order (the same numbers on any
        // number of threads).
        use rayon::prelude::*;
        let sims: Vec<Index> = (0..trials).into_par_iter().map(|trial| Index::of_history(&engine::trace(&m, &sc, &opts, trial), ix.span)).collect();
        for six in &sims {
            each(six);
        }
        Ok(())
    };
    // Each statistic's mean over simulated histories of `doc` (the same random numbers every
    // time, so the statistics move smoothly with the parameters), and their relative variance.
    let run = |doc: &MarketModelDoc| -> Result<Vec<(f64, f64)>, String> {
        let mut per_trial: Vec<Vec<f64>> = vec![Vec::new(); obs.len()];
        simulate(doc, 0xCA1B_0000, replay_trials(ds.partners.len()), &mut |six| {
            for (i, o) in obs.iter().enumerate() {
                if let Some(m) = measure(doc, six, o.rate) {
                    per_trial[i].push(m.stat);
                }
            }
        })?;
        Ok(per_trial
            .iter()
            .map(|v| {
                if v.len() < 2 {
                    return (0.0, 0.0);
                }
                let m = v.iter().sum::<f64>() / v.len() as f64;
                let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64;
                (m, if m > 0.0 { var / (v.len() as f64 * m * m) } else { 0.0 })
            })
            .collect())
    };
    // How strongly each statistic responds to its own parameter (d ln S / d ln θ): 1 until
    // measured by perturbing one kind of parameter at a time.
    let mut slope = vec![1.0f64; obs.len()];
    let step = |current: &mut MarketModelDoc, sims: &[(f64, f64)], slope: &[f64], sim_rse2: &mut [f64]| {
        for (i, o) in obs.iter().enumerate() {
            let (m, r2) = sims[i];
            let now = value(current, o.rate).unwrap_or(0.0);
            if m <= 0.0 || now <= 0.0 {
                continue;
            }
            // Newton's step on the log scale, at most a factor of 3 at once.
            let by = ((o.target / m).ln() / slope[i]).clamp(-3f64.ln(), 3f64.ln());
            set(current, o.rate, Param::Fixed((now * by.exp()).min(o.rate.ceiling())));
            sim_rse2[i] = r2;
        }
    };
    let fail = |notes: &mut Notes, e: String| {
        for o in &obs {
            notes.kept(path_of(base, o.rate), format!("the history's own partners could not be simulated ({e}): the first estimate or the base model's value is kept"), value(base, o.rate), o.count as u64);
        }
    };
    for round in 0..6 {
        let sims = match run(&current) {
            Ok(s) => s,
            Err(e) => return fail(notes, e),
        };
        if round == 3 {
            // Measure the responses at the current values, one kind at a time.
            for kind in 0..7 {
                if !obs.iter().any(|o| o.rate.kind() == kind) {
                    continue;
                }
                let mut moved = current.clone();
                for o in obs.iter().filter(|o| o.rate.kind() == kind) {
                    let v = value(&moved, o.rate).unwrap_or(0.0);
                    set(&mut moved, o.rate, Param::Fixed(v * 1.25));
                }
                let after = match run(&moved) {
                    Ok(s) => s,
                    Err(e) => return fail(notes, e),
                };
                for (i, o) in obs.iter().enumerate().filter(|(_, o)| o.rate.kind() == kind) {
                    let (a, b) = (sims[i].0, after[i].0);
                    let ceiling_hit = value(&current, o.rate).unwrap_or(0.0) * 1.25 > o.rate.ceiling();
                    if a > 0.0 && b > 0.0 && !ceiling_hit {
                        slope[i] = ((b / a).ln() / 1.25f64.ln()).clamp(0.05, 3.0);
                    }
                }
            }
        }
        step(&mut current, &sims, &slope, &mut sim_rse2);
    }
    // Each parameter's own uncertainty: its statistic's, carried back through the statistic's
    // response to it; then that of the parameters it is identified together with (marketplace
    // deals rest on the segment's buy rate too; a pattern's deals on its links and its rate).
    let own: Vec<f64> = (0..obs.len()).map(|i| (obs[i].rse2 + sim_rse2[i]).sqrt() / slope[i].max(0.1)).collect();
    let find = |r: Rate| obs.iter().position(|o| o.rate == r);
    let partner_of = |r: Rate| match r {
        Rate::Buyers(_, s) => find(Rate::Buy(s)),
        Rate::Referrals(k) | Rate::Attach(k) => find(Rate::Links(k)),
        Rate::Links(k) => find(Rate::Referrals(k)).or_else(|| find(Rate::Attach(k))),
        _ => None,
    };
    for (i, o) in obs.iter().enumerate() {
        let path = path_of(base, o.rate);
        let base_v = value(base, o.rate);
        let v = value(&current, o.rate).unwrap_or(0.0);
        if v <= 0.0 {
            if !matches!(o.rate, Rate::Churn(_) | Rate::Spread(_)) {
                notes.kept(path, "the simulated history gives no such deals: the base model's value is kept".into(), base_v, o.count as u64);
            }
            continue;
        }
        if slope[i] <= 0.1 {
            notes.kept(path, format!("the records barely move with this parameter (a tenfold change moves its statistic by less than {:.0} %): the base model's value is kept", 100.0 * (10f64.powf(slope[i]) - 1.0)), base_v, o.count as u64);
            continue;
        }
        // The statistic's uncertainty, carried back through its response to the parameter.
        let mut rse = (own[i].powi(2) + partner_of(o.rate).map_or(0.0, |j| own[j].powi(2))).sqrt();
        if let Rate::Attach(k) | Rate::Links(k) = o.rate {
            // A twin's share of the pair's attach rate is the base model's split, not the data's.
            if !twins(k).is_empty() {
                rse = rse.max(0.5);
            }
        }
        let (param, lo, hi) = lognormal(v, rse);
        set(model, o.rate, param);
        let what = match o.rate {
            Rate::Buy(_) => "deals found in the segment per active partner-quarter match (the base model's capacity is kept: only capacity × buy rate is identified)".to_string(),
            Rate::Buyers(..) => "marketplace deals per active listing-quarter match".to_string(),
            Rate::Referrals(_) => "referred deals per active referrer-quarter match".to_string(),
            Rate::Attach(k) => {
                let tw = twins(k);
                let mut w = "the share of the type's deals worked with the partner matches".to_string();
                if !tw.is_empty() {
                    w.push_str(&format!(" (shared with {}: the records cannot tell patterns between the same two types apart)", tw.join(", ")));
                }
                w
            }
            Rate::Churn(_) => "departures per active partner-quarter match, with the model's idle and conflict multipliers acting on top".to_string(),
            Rate::Spread(_) => "the over-dispersion of deals per partner matches (ramps, referrals and two-tier uplift accounted for; the model takes one value)".to_string(),
            Rate::Links(_) => "the distinct pairs of partners who worked deals together per active partner match (links at intensity 1: a scenario's intensity multiplies them)".to_string(),
        };
        let sample = match o.rate {
            Rate::Churn(_) => format!("{:.0} departures", o.count),
            Rate::Spread(_) => format!("the deals of {:.0} partners", o.count),
            Rate::Links(_) => format!("{:.0} pairs of partners", o.count),
            _ => format!("{:.0} deals", o.count),
        };
        notes.fitted(path, format!("fitted from {sample}, {span}, by simulating the history's own partners until {what}: {v:.4} (P5–P95 {lo:.4} – {hi:.4})"), v, lo, hi, base_v, o.count as u64, false);
        if let Rate::Spread(t) = o.rate {
            model.partner_types[t].productivity_cv = v;
        }
    }
    ramp_fits(base, model, ix, span, notes, &simulate, (replay_trials(ds.partners.len()) / 2).max(4));
}

/// Ramps chosen by simulation: the ramp whose simulated histories give the recorded ramp
/// statistic (two-tier speed-ups and churn accounted for).
fn ramp_fits(base: &MarketModelDoc, model: &mut MarketModelDoc, ix: &Index, span: &str, notes: &mut Notes, simulate: &dyn Fn(&MarketModelDoc, u64, u64, &mut dyn FnMut(&Index)) -> Result<(), String>, trials: u64) {
    let types: Vec<usize> = (0..base.partner_types.len()).filter(|t| notes.list.iter().any(|n| n.path == format!("partner_types[{t}].ramp_quarters") && n.fitted)).collect();
    if types.is_empty() {
        return;
    }
    // The mean simulated statistic of each type for each candidate ramp; every type's ramp is
    // set to the candidate at once (a type's ramp statistic rests on its own recruits).
    let mut curve: Vec<Vec<(u32, f64)>> = vec![Vec::new(); base.partner_types.len()];
    for r in 0..=MAX_RAMP {
        let mut doc = model.clone();
        for &t in &types {
            doc.partner_types[t].ramp_quarters = r;
        }
        let mut stats: Vec<Vec<f64>> = vec![Vec::new(); base.partner_types.len()];
        let _ = simulate(&doc, 0x4A3B_0000 + r as u64, trials, &mut |six| {
            for &t in &types {
                if let Some(x) = ramp_stat(six, &recruits_of(six, t)) {
                    stats[t].push(x as f64);
                }
            }
        });
        for &t in &types {
            if !stats[t].is_empty() {
                curve[t].push((r, stats[t].iter().sum::<f64>() / stats[t].len() as f64));
            }
        }
    }
    for &t in &types {
        let path = format!("partner_types[{t}].ramp_quarters");
        let Some(note) = notes.list.iter().find(|n| n.path == path) else { continue };
        let (observed, lo, hi) = (note.estimate.unwrap_or(0.0), note.low.unwrap_or(0.0), note.high.unwrap_or(0.0));
        let recruits = recruits_of(ix, t).len();
        let invert = |x: f64| curve[t].iter().min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs())).map(|c| c.0);
        let (Some(r), Some(rlo), Some(rhi)) = (invert(observed), invert(lo), invert(hi)) else { continue };
        let (rlo, rhi) = (rlo.min(r), rhi.max(r));
        model.partner_types[t].ramp_quarters = r;
        notes.fitted(path, format!("fitted from the first quarters of {recruits} partners who joined in the history, {span}, by simulating the history's own partners with each ramp of 0–{MAX_RAMP} quarters until the recorded ramp ({observed:.0} quarters) is matched: {r} quarters to full rate (P5–P95 {rlo} – {rhi}; the model takes whole quarters)"), r as f64, rlo as f64, rhi as f64, Some(base.partner_types[t].ramp_quarters as f64), recruits as u64, false);
    }
}
