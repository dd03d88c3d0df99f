//! The ecosystem's actual performance, measured on a dataset: the commercial contribution of
//! each partner type, revenue by source, inter-partner referral activity, collaborative
//! pipeline, and won revenue by quarter — history as the PRM reports it, before any model.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuarterActuals {
    /// 2025-Q3.
    pub quarter: String,
    pub won_amount: f64,
    pub won_by_type: BTreeMap<String, f64>,
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
        if let (Outcome::Won, Some(closed)) = (d.outcome, &d.closed) {
            let q = quarters.entry(quarter_of(closed)).or_insert_with(|| QuarterActuals { quarter: quarter_of(closed), won_amount: 0.0, won_by_type: BTreeMap::new() });
            q.won_amount += d.amount;
            *q.won_by_type.entry(ty.to_string()).or_default() += d.amount;
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
    }
}
