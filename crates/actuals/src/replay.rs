//! The history's own composition as a scenario: the partners there when it starts, those who
//! joined quarter by quarter, and the patterns its deals show in use. Calibration simulates it
//! to turn counts of deals into rates (buy rate, referrals per link, attach rate, marketplace
//! buyers) with every mechanism of the engine accounted for; the backtest forecasts with it.

use std::collections::{BTreeMap, HashMap, HashSet};

use ecosim_core::model::{MarketModelDoc, PatternKind, ScenarioDoc};

use super::{Dataset, DealSource};

/// `2024-05-17` → 2024 × 4 + 1 (quarters since year 0).
pub fn quarter_index(day: &str) -> i64 {
    let y: i64 = day.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0);
    let m: i64 = day.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    y * 4 + (m - 1) / 3
}

/// A renewal's period, `2025-Q3` or a day, → quarter index.
pub fn period_index(p: &str) -> i64 {
    let p = p.trim();
    if let Some((y, q)) = p.split_once("-Q") {
        let (y, q): (i64, i64) = (y.parse().unwrap_or(0), q.parse().unwrap_or(1));
        return y * 4 + q - 1;
    }
    quarter_index(p)
}

/// `2024 × 4 + 1` → `2024-Q2`.
pub fn quarter_name(q: i64) -> String {
    format!("{}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
}

/// The quarters a history spans: its first (a quarter index) and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: i64,
    pub quarters: u32,
}

impl Span {
    pub fn of(ds: &Dataset) -> Option<Span> {
        let days = ds.deals.iter().flat_map(|d| std::iter::once(d.created.as_str()).chain(d.closed.as_deref()));
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for d in days.filter(|d| !d.is_empty()) {
            let q = quarter_index(d);
            lo = lo.min(q);
            hi = hi.max(q);
        }
        (lo <= hi).then(|| Span { first: lo, quarters: (hi - lo + 1) as u32 })
    }
    pub fn last(&self) -> i64 {
        self.first + self.quarters as i64 - 1
    }
    /// "2024-Q1 – 2026-Q4".
    pub fn words(&self) -> String {
        format!("{} – {}", quarter_name(self.first), quarter_name(self.last()))
    }
    /// The quarters (relative to the span's start) a partner was active in: from the quarter it
    /// joined (or the start) to the one it left in (or the end), both included.
    pub fn active(&self, joined: &str, left: Option<&str>) -> Option<(u32, u32)> {
        let from = quarter_index(joined).max(self.first);
        let to = left.map(quarter_index).unwrap_or(i64::MAX).min(self.last());
        (from <= to).then(|| ((from - self.first) as u32, (to - self.first) as u32))
    }
}

/// The model a replay runs: organic recruitment switched off, since the partners who joined are
/// the history's own (replayed as recruits); partner economics and everything else as they are.
pub fn replay_model(model: &MarketModelDoc) -> MarketModelDoc {
    let mut m = model.clone();
    if let Some(n) = m.network.as_mut() {
        for t in n.partner_types.values_mut() {
            t.organic_per_quarter = ecosim_core::model::Param::Fixed(0.0);
        }
    }
    m
}

/// Which of the model's patterns the history shows in use: a referral pattern when a partner of
/// its `from` type referred a deal to one of its `to` type; a deal pattern when a deal of a
/// `from`-type partner was worked with a `to`-type partner; a two-tier pattern when both types
/// have partners.
pub fn patterns_in_use(ds: &Dataset, model: &MarketModelDoc) -> BTreeMap<String, f64> {
    let type_of: HashMap<&str, &str> = ds.partners.iter().map(|p| (p.id.as_str(), p.partner_type.as_str())).collect();
    let types: HashSet<&str> = type_of.values().copied().collect();
    let mut referred: HashSet<(&str, &str)> = HashSet::new();
    let mut together: HashSet<(&str, &str)> = HashSet::new();
    for d in &ds.deals {
        let Some(&to) = type_of.get(d.partner_id.as_str()) else { continue };
        if d.source == DealSource::Referral {
            if let Some(&from) = d.referring_partner_id.as_deref().and_then(|r| type_of.get(r)) {
                referred.insert((from, to));
            }
        }
        for c in &d.collaborating_partner_ids {
            if let Some(&with) = type_of.get(c.as_str()) {
                together.insert((to, with));
            }
        }
    }
    model
        .patterns
        .iter()
        .filter(|p| match p.kind {
            PatternKind::Referral => referred.contains(&(p.from.as_str(), p.to.as_str())),
            PatternKind::TwoTier => types.contains(p.from.as_str()) && types.contains(p.to.as_str()),
            _ => together.contains(&(p.from.as_str(), p.to.as_str())),
        })
        .map(|p| (p.id.clone(), 1.0))
        .collect()
}

/// The history's composition as a scenario on `model`: partners active at its start (fully
/// ramped: they joined before it), recruits by the quarter they joined, the patterns in use.
/// Partners leave at the model's churn rate, not on the days they did: a forecast cannot know
/// departures, and rates are compared per active partner-quarter.
pub fn scenario(ds: &Dataset, model: &MarketModelDoc, span: Span, trials: u64, seed: u64) -> ScenarioDoc {
    let mut composition: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for t in &model.partner_types {
        let row = composition.entry(t.id.clone()).or_default();
        for r in &model.market.regions {
            row.insert(r.id.clone(), 0);
        }
    }
    let mut joins: BTreeMap<(String, String, u32), u32> = BTreeMap::new();
    for p in &ds.partners {
        let Some((from, _)) = span.active(&p.joined, p.left.as_deref()) else { continue };
        if quarter_index(&p.joined) < span.first {
            *composition.entry(p.partner_type.clone()).or_default().entry(p.region.clone()).or_default() += 1;
        } else {
            *joins.entry((p.partner_type.clone(), p.region.clone(), from)).or_default() += 1;
        }
    }
    let recruitment: Vec<serde_json::Value> = joins
        .into_iter()
        // Recruitment quarters are 1-based.
        .map(|((t, r, q), n)| serde_json::json!({"partner_type": t, "region": r, "from_quarter": q + 1, "to_quarter": q + 1, "per_quarter": n}))
        .collect();
    let doc = serde_json::json!({
        "schema_version": 2,
        "id": "history-replay",
        "name": format!("The history's own partners, {}", span.words()),
        "model": model.id,
        "composition": composition,
        "initial_ramped": true,
        "recruitment": recruitment,
        "patterns": patterns_in_use(ds, model),
        "horizon_quarters": span.quarters,
        "simulation": {"trials": trials, "seed": seed},
    });
    serde_json::from_value(doc).expect("a replay scenario is a scenario document")
}
