//! The ecosystem's actual performance, measured on a dataset: the commercial contribution of
//! each partner type, revenue by source, inter-partner referral activity, collaborative
//! pipeline, won revenue and pipeline by quarter, how concentrated the revenue is, how long new
//! partners take to a first deal and how partner cohorts hold up — history as the PRM reports
//! it, before any model.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use ecosim_core::model::MarketModelDoc;

use super::replay::{quarter_index, quarter_name};
use super::{Dataset, DealSource, Outcome};

/// One partner type's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TypeActuals {
    pub partner_type: String,
    /// Partners of the type in the history, and those that had not left at its end.
    pub partners: u64,
    pub active_partners: u64,
    pub deals: u64,
    pub won: u64,
    pub lost: u64,
    /// Won ÷ (won + lost); None without closed deals.
    pub win_rate: Option<f64>,
    /// Sum of won deals' amounts (ACV).
    pub won_amount: f64,
    pub share_of_won: f64,
    /// Mean won amount; None without wins.
    pub average_won: Option<f64>,
    pub open_pipeline: f64,
}

/// Won revenue by source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceActuals {
    pub source: DealSource,
    pub deals: u64,
    pub won_amount: f64,
    pub share_of_won: f64,
}

/// Referrals from one partner type to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralFlow {
    pub from_type: String,
    pub to_type: String,
    pub referrals: u64,
    pub won: u64,
    pub win_rate: Option<f64>,
    pub won_amount: f64,
}

/// Deals worked together against deals worked alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Collaboration {
    pub deals_together: u64,
    pub win_rate_together: Option<f64>,
    pub average_won_together: Option<f64>,
    pub deals_alone: u64,
    pub win_rate_alone: Option<f64>,
    pub average_won_alone: Option<f64>,
    pub open_pipeline_together: f64,
}

/// One quarter of the history: ACV won (by the quarter it closed in) and pipeline created (by
/// the quarter it was created in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuarterActuals {
    /// 2025-Q3.
    pub quarter: String,
    pub won_amount: f64,
    pub won_by_type: BTreeMap<String, f64>,
    /// ACV of the deals created in the quarter, whatever became of them, by partner type.
    pub pipeline_by_type: BTreeMap<String, f64>,
    /// ACV won on deals the partner brought (its own and referred ones), on deals another
    /// partner worked too (co-sell, collaborators), and through a marketplace.
    pub won_sourced: f64,
    pub won_influenced: f64,
    pub won_marketplace: f64,
    /// ACV of the deals created in the quarter that more than one partner worked.
    pub collaborative_pipeline: f64,
    /// Referred deals created in the quarter.
    pub referrals: u64,
}

/// Referrals from one partner to another, in the actual referral network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralEdge {
    /// Partner ids.
    pub from: String,
    pub to: String,
    pub referrals: u64,
    pub won: u64,
    /// Won ÷ closed among the referred deals; None while none has closed.
    pub win_rate: Option<f64>,
    pub won_amount: f64,
}

/// A partner of the referral network (one that referred or received a referral).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NetworkPartner {
    pub id: String,
    pub name: String,
    pub partner_type: String,
    pub referred: u64,
    pub received: u64,
}

/// Who refers to whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralNetwork {
    pub partners: Vec<NetworkPartner>,
    pub edges: Vec<ReferralEdge>,
}

/// How concentrated won ACV is across partners (every partner of the history counts, those
/// that won nothing included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Concentration {
    /// The Lorenz curve: (share of partners, share of won ACV they hold), partners from the
    /// smallest to the largest, from (0, 0) to (1, 1).
    pub lorenz: Vec<(f64, f64)>,
    /// Share of won ACV held by the top 20 % of partners.
    pub top20_share: f64,
    /// Gini coefficient: 0 when every partner wins the same, towards 1 when one wins all.
    pub gini: f64,
    pub partners_without_win: u64,
}

/// How long a partner type's new partners take to a first deal and a first win, from the day
/// they joined — Kaplan–Meier estimates, partners still without one counted as censored when
/// they left or the history ended (so slow starters are not dropped). Partners that joined
/// before the history's first quarter are left out: their first deal may predate it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimeToFirstDeal {
    pub partner_type: String,
    /// Partners that joined inside the history.
    pub partners: u64,
    pub with_deal: u64,
    /// Median days to a first deal created; None when fewer than half are seen to get there.
    pub median_days_to_deal: Option<f64>,
    pub with_win: u64,
    pub median_days_to_win: Option<f64>,
    /// Share with a first deal within 180 days of joining.
    pub deal_within_180_days: Option<f64>,
}

/// The partners that joined in one quarter of the history, and how many were still partners
/// later (cohorts from before the history are left out: only their survivors are in it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cohort {
    /// The quarter they joined, 2024-Q3.
    pub quarter: String,
    pub joined: u64,
    /// Of them, how many have left by the end of the history.
    pub left: u64,
    /// `retained[k]`: share still partners k + 1 quarters after the quarter they joined; the
    /// list stops at the last quarter the history reaches (and after 12 quarters).
    pub retained: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Analytics {
    pub currency: String,
    /// First and last day with a deal created or closed.
    pub from: String,
    pub to: String,
    pub partners: u64,
    pub deals: u64,
    pub won_amount: f64,
    pub by_type: Vec<TypeActuals>,
    pub by_source: Vec<SourceActuals>,
    pub referrals: Vec<ReferralFlow>,
    pub collaboration: Collaboration,
    pub by_quarter: Vec<QuarterActuals>,
    pub network: ReferralNetwork,
    pub concentration: Concentration,
    pub time_to_first_deal: Vec<TimeToFirstDeal>,
    /// By the quarter the partners joined, oldest first.
    pub cohorts: Vec<Cohort>,
    /// The base model's name for each partner type id the history uses (empty until
    /// [`Analytics::named`]).
    pub type_names: BTreeMap<String, String>,
}

impl Analytics {
    /// The same, with the partner types named as `model` names them.
    pub fn named(mut self, model: &MarketModelDoc) -> Analytics {
        self.type_names = model
            .partner_types
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect();
        self
    }
}

/// `2024-05-17` → `2024-Q2`.
pub fn quarter_of(day: &str) -> String {
    let m: u32 = day.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    format!("{}-Q{}", day.get(..4).unwrap_or("????"), (m - 1) / 3 + 1)
}

fn rate(won: u64, lost: u64) -> Option<f64> {
    (won + lost > 0).then(|| won as f64 / (won + lost) as f64)
}

/// The dataset's actual performance.
pub fn analytics(ds: &Dataset) -> Analytics {
    let type_of: BTreeMap<&str, &str> = ds.partners.iter().map(|p| (p.id.as_str(), p.partner_type.as_str())).collect();
    let won_total: f64 = ds.deals.iter().filter(|d| d.outcome == Outcome::Won).map(|d| d.amount).sum();
    let share = |x: f64| if won_total > 0.0 { x / won_total } else { 0.0 };
    let mut types: BTreeMap<&str, TypeActuals> = BTreeMap::new();
    for p in &ds.partners {
        let t = types.entry(p.partner_type.as_str()).or_insert_with(|| TypeActuals { partner_type: p.partner_type.clone(), partners: 0, active_partners: 0, deals: 0, won: 0, lost: 0, win_rate: None, won_amount: 0.0, share_of_won: 0.0, average_won: None, open_pipeline: 0.0 });
        t.partners += 1;
        t.active_partners += u64::from(p.left.is_none());
    }
    let mut sources: BTreeMap<String, SourceActuals> = BTreeMap::new();
    let mut flows: BTreeMap<(String, String), ReferralFlow> = BTreeMap::new();
    let (mut tog, mut alone) = ((0u64, 0u64, 0u64, 0.0f64, 0.0f64), (0u64, 0u64, 0u64, 0.0f64));
    let mut quarters: BTreeMap<String, QuarterActuals> = BTreeMap::new();
    for d in &ds.deals {
        let ty = type_of.get(d.partner_id.as_str()).copied().unwrap_or("");
        if let Some(t) = types.get_mut(ty) {
            t.deals += 1;
            match d.outcome {
                Outcome::Won => {
                    t.won += 1;
                    t.won_amount += d.amount;
                }
                Outcome::Lost => t.lost += 1,
                Outcome::Open => t.open_pipeline += d.amount,
            }
        }
        let key = serde_json::to_value(d.source).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let s = sources.entry(key).or_insert(SourceActuals { source: d.source, deals: 0, won_amount: 0.0, share_of_won: 0.0 });
        s.deals += 1;
        if d.outcome == Outcome::Won {
            s.won_amount += d.amount;
        }
        if let Some(r) = &d.referring_partner_id {
            let from = type_of.get(r.as_str()).copied().unwrap_or("").to_string();
            let f = flows.entry((from.clone(), ty.to_string())).or_insert(ReferralFlow { from_type: from, to_type: ty.to_string(), referrals: 0, won: 0, win_rate: None, won_amount: 0.0 });
            f.referrals += 1;
            if d.outcome == Outcome::Won {
                f.won += 1;
                f.won_amount += d.amount;
            }
        }
        let together = !d.collaborating_partner_ids.is_empty() || d.source == DealSource::CoSell;
        match (together, d.outcome) {
            (true, Outcome::Won) => {
                tog.0 += 1;
                tog.1 += 1;
                tog.3 += d.amount;
            }
            (true, Outcome::Lost) => {
                tog.0 += 1;
                tog.2 += 1;
            }
            (true, Outcome::Open) => {
                tog.0 += 1;
                tog.4 += d.amount;
            }
            (false, Outcome::Won) => {
                alone.0 += 1;
                alone.1 += 1;
                alone.3 += d.amount;
            }
            (false, Outcome::Lost) => {
                alone.0 += 1;
                alone.2 += 1;
            }
            (false, Outcome::Open) => alone.0 += 1,
        }
        if !d.created.is_empty() {
            let q = quarter_entry(&mut quarters, &d.created);
            *q.pipeline_by_type.entry(ty.to_string()).or_default() += d.amount;
            if together {
                q.collaborative_pipeline += d.amount;
            }
            q.referrals += u64::from(d.referring_partner_id.is_some());
        }
        if let (Outcome::Won, Some(closed)) = (d.outcome, &d.closed) {
            let q = quarter_entry(&mut quarters, closed);
            q.won_amount += d.amount;
            *q.won_by_type.entry(ty.to_string()).or_default() += d.amount;
            match (d.source, together) {
                (DealSource::Marketplace, _) => q.won_marketplace += d.amount,
                (_, true) => q.won_influenced += d.amount,
                (_, false) => q.won_sourced += d.amount,
            }
        }
    }
    // Referral win rates over the referred deals that closed.
    for f in flows.values_mut() {
        let closed: Vec<_> = ds.deals.iter().filter(|d| d.referring_partner_id.as_deref().and_then(|r| type_of.get(r)).copied() == Some(f.from_type.as_str()) && type_of.get(d.partner_id.as_str()).copied() == Some(f.to_type.as_str()) && d.outcome != Outcome::Open).collect();
        let won = closed.iter().filter(|d| d.outcome == Outcome::Won).count() as u64;
        f.win_rate = rate(won, closed.len() as u64 - won);
    }
    let days: Vec<&str> = ds.deals.iter().flat_map(|d| std::iter::once(d.created.as_str()).chain(d.closed.as_deref())).filter(|s| !s.is_empty()).collect();
    let by_type = types
        .into_values()
        .map(|mut t| {
            t.win_rate = rate(t.won, t.lost);
            t.share_of_won = share(t.won_amount);
            t.average_won = (t.won > 0).then(|| t.won_amount / t.won as f64);
            t
        })
        .collect();
    Analytics {
        currency: ds.currency.clone(),
        from: days.iter().min().map(|s| s.to_string()).unwrap_or_default(),
        to: days.iter().max().map(|s| s.to_string()).unwrap_or_default(),
        partners: ds.partners.len() as u64,
        deals: ds.deals.len() as u64,
        won_amount: won_total,
        by_type,
        by_source: sources.into_values().map(|mut s| {
            s.share_of_won = share(s.won_amount);
            s
        }).collect(),
        referrals: flows.into_values().collect(),
        collaboration: Collaboration {
            deals_together: tog.0,
            win_rate_together: rate(tog.1, tog.2),
            average_won_together: (tog.1 > 0).then(|| tog.3 / tog.1 as f64),
            deals_alone: alone.0,
            win_rate_alone: rate(alone.1, alone.2),
            average_won_alone: (alone.1 > 0).then(|| alone.3 / alone.1 as f64),
            open_pipeline_together: tog.4,
        },
        by_quarter: quarters.into_values().collect(),
        network: network(ds),
        concentration: concentration(ds),
        time_to_first_deal: time_to_first_deal(ds),
        cohorts: cohorts(ds),
        type_names: BTreeMap::new(),
    }
}

fn quarter_entry<'a>(
    quarters: &'a mut BTreeMap<String, QuarterActuals>,
    day: &str,
) -> &'a mut QuarterActuals {
    let name = quarter_of(day);
    quarters
        .entry(name.clone())
        .or_insert_with(|| QuarterActuals {
            quarter: name,
            won_amount: 0.0,
            won_by_type: BTreeMap::new(),
            pipeline_by_type: BTreeMap::new(),
            won_sourced: 0.0,
            won_influenced: 0.0,
            won_marketplace: 0.0,
            collaborative_pipeline: 0.0,
            referrals: 0,
        })
}

/// Days since 1970-01-01 of a YYYY-MM-DD day (the proleptic Gregorian calendar).
pub fn day_number(day: &str) -> Option<i64> {
    let y: i64 = day.get(..4)?.parse().ok()?;
    let m: i64 = day.get(5..7)?.parse().ok()?;
    let d: i64 = day.get(8..10)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn network(ds: &Dataset) -> ReferralNetwork {
    let mut edges: BTreeMap<(&str, &str), ReferralEdge> = BTreeMap::new();
    let mut closed: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for d in &ds.deals {
        let Some(r) = d.referring_partner_id.as_deref() else {
            continue;
        };
        let key = (r, d.partner_id.as_str());
        let e = edges.entry(key).or_insert_with(|| ReferralEdge {
            from: r.to_string(),
            to: d.partner_id.clone(),
            referrals: 0,
            won: 0,
            win_rate: None,
            won_amount: 0.0,
        });
        e.referrals += 1;
        if d.outcome == Outcome::Won {
            e.won += 1;
            e.won_amount += d.amount;
        }
        *closed.entry(key).or_default() += u64::from(d.outcome != Outcome::Open);
    }
    let mut count: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for (k, e) in edges.iter_mut() {
        let c = closed[k];
        e.win_rate = (c > 0).then(|| e.won as f64 / c as f64);
        count.entry(k.0).or_default().0 += e.referrals;
        count.entry(k.1).or_default().1 += e.referrals;
    }
    let partners = ds
        .partners
        .iter()
        .filter_map(|p| {
            count
                .get(p.id.as_str())
                .map(|&(referred, received)| NetworkPartner {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    partner_type: p.partner_type.clone(),
                    referred,
                    received,
                })
        })
        .collect();
    ReferralNetwork {
        partners,
        edges: edges.into_values().collect(),
    }
}

fn concentration(ds: &Dataset) -> Concentration {
    let mut won: BTreeMap<&str, f64> = ds.partners.iter().map(|p| (p.id.as_str(), 0.0)).collect();
    for d in ds.deals.iter().filter(|d| d.outcome == Outcome::Won) {
        if let Some(w) = won.get_mut(d.partner_id.as_str()) {
            *w += d.amount;
        }
    }
    let mut xs: Vec<f64> = won.into_values().collect();
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    let total: f64 = xs.iter().sum();
    let without = xs.iter().filter(|&&x| x <= 0.0).count() as u64;
    if n == 0 || total <= 0.0 {
        return Concentration {
            lorenz: vec![(0.0, 0.0), (1.0, 1.0)],
            top20_share: 0.0,
            gini: 0.0,
            partners_without_win: without,
        };
    }
    let mut cum = Vec::with_capacity(n + 1);
    cum.push(0.0);
    for x in &xs {
        cum.push(cum.last().copied().unwrap_or(0.0) + x);
    }
    // At most 101 points: every partner for small histories, percentiles of partners beyond.
    let points = n.min(100);
    let lorenz = (0..=points)
        .map(|k| {
            let i = (k * n).div_ceil(points).min(n);
            (i as f64 / n as f64, cum[i] / total)
        })
        .collect();
    let top = (n as f64 * 0.2).ceil() as usize;
    let top20_share = (total - cum[n - top]) / total;
    let weighted: f64 = xs.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x).sum();
    let gini = 2.0 * weighted / (n as f64 * total) - (n as f64 + 1.0) / n as f64;
    Concentration {
        lorenz,
        top20_share,
        gini,
        partners_without_win: without,
    }
}

/// Kaplan–Meier median of event times with censoring, and the share with an event by `by`.
fn kaplan_meier(mut obs: Vec<(i64, bool)>, by: i64) -> (Option<f64>, Option<f64>) {
    if obs.is_empty() {
        return (None, None);
    }
    obs.sort_by_key(|&(t, event)| (t, !event));
    let mut at_risk = obs.len() as f64;
    let mut s = 1.0;
    let (mut median, mut within) = (None, None);
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].0;
        let (mut events, mut gone) = (0.0, 0.0);
        while i < obs.len() && obs[i].0 == t {
            events += f64::from(u8::from(obs[i].1));
            gone += 1.0;
            i += 1;
        }
        if t > by && within.is_none() {
            within = Some(1.0 - s);
        }
        s *= 1.0 - events / at_risk;
        at_risk -= gone;
        if median.is_none() && s <= 0.5 {
            median = Some(t as f64);
        }
    }
    // Observed to `by` only if someone was still followed that long.
    if within.is_none() && obs.last().is_some_and(|&(t, _)| t >= by) {
        within = Some(1.0 - s);
    }
    (median, within)
}

fn time_to_first_deal(ds: &Dataset) -> Vec<TimeToFirstDeal> {
    let days = |s: &str| day_number(s);
    // The history runs from the first day of its first quarter (the span cohorts use too) to
    // its last dated deal.
    let Some(span) = super::replay::Span::of(ds) else {
        return Vec::new();
    };
    let first = days(&format!("{}-{:02}-01", span.first.div_euclid(4), span.first.rem_euclid(4) * 3 + 1)).unwrap_or(i64::MIN);
    let Some(end) = ds.deals.iter().flat_map(|d| std::iter::once(d.created.as_str()).chain(d.closed.as_deref())).filter_map(days).max() else {
        return Vec::new();
    };
    let mut first_deal: BTreeMap<&str, i64> = BTreeMap::new();
    let mut first_win: BTreeMap<&str, i64> = BTreeMap::new();
    for d in &ds.deals {
        if let Some(c) = days(&d.created) {
            let e = first_deal.entry(d.partner_id.as_str()).or_insert(c);
            *e = (*e).min(c);
        }
        if let (Outcome::Won, Some(w)) = (d.outcome, d.closed.as_deref().and_then(days)) {
            let e = first_win.entry(d.partner_id.as_str()).or_insert(w);
            *e = (*e).min(w);
        }
    }
    let mut by_type: BTreeMap<&str, (Vec<(i64, bool)>, Vec<(i64, bool)>)> = BTreeMap::new();
    for p in &ds.partners {
        let entry = by_type.entry(p.partner_type.as_str()).or_default();
        let Some(joined) = days(&p.joined).filter(|&j| j >= first) else {
            continue;
        };
        let stop = p
            .left
            .as_deref()
            .and_then(days)
            .unwrap_or(end)
            .min(end)
            .max(joined);
        let obs = |at: Option<&i64>| match at {
            Some(&t) if t <= stop => ((t - joined).max(0), true),
            _ => (stop - joined, false),
        };
        entry.0.push(obs(first_deal.get(p.id.as_str())));
        entry.1.push(obs(first_win.get(p.id.as_str())));
    }
    by_type
        .into_iter()
        .map(|(t, (deal, win))| {
            let (median_deal, within) = kaplan_meier(deal.clone(), 180);
            TimeToFirstDeal {
                partner_type: t.to_string(),
                partners: deal.len() as u64,
                with_deal: deal.iter().filter(|o| o.1).count() as u64,
                median_days_to_deal: median_deal,
                with_win: win.iter().filter(|o| o.1).count() as u64,
                median_days_to_win: kaplan_meier(win, 180).0,
                deal_within_180_days: within,
            }
        })
        .collect()
}

fn cohorts(ds: &Dataset) -> Vec<Cohort> {
    let Some(span) = super::replay::Span::of(ds) else {
        return Vec::new();
    };
    let last = span.last();
    let mut groups: BTreeMap<i64, Vec<Option<i64>>> = BTreeMap::new();
    for p in &ds.partners {
        if p.joined.is_empty() {
            continue;
        }
        groups
            .entry(quarter_index(&p.joined))
            .or_default()
            .push(p.left.as_deref().map(quarter_index));
    }
    groups
        .into_iter()
        // A cohort that joined before the history holds only the partners that were still there
        // when it began (survivors): its retention would read 100 % by construction.
        .filter(|&(q, _)| q >= span.first && q <= last)
        .map(|(q, left)| {
            let n = left.len() as f64;
            // Still a partner k quarters after joining: it had not left by the end of that quarter.
            let retained = (1..=(last - q).min(12))
                .map(|k| left.iter().filter(|l| l.is_none_or(|l| l > q + k)).count() as f64 / n)
                .collect();
            Cohort {
                quarter: quarter_name(q),
                joined: left.len() as u64,
                left: left.iter().filter(|l| l.is_some_and(|l| l <= last)).count() as u64,
                retained,
            }
        })
        .collect()
}
