//! One trial's events, for histories the engine makes itself (`ecosim synthesize`) and for
//! backtests that aggregate simulated deals exactly as they aggregate recorded ones.
//!
//! A traced run is the run as designed (no counterfactual), with every partner's arrival and
//! departure and every opportunity that reached a decision written down. An opportunity lost
//! to conflict is not: in a partner's deal history it is a registration another partner (or
//! the vendor's own team) took, not a deal the partner closed or lost. Tracing changes no
//! draw: a traced trial has the same KPIs as the same trial of an ordinary run.

use serde::{Deserialize, Serialize};

/// Where a deal in a history came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceSource {
    Own,
    Referral,
    CoSell,
    Marketplace,
}

/// A partner instance of a traced trial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TracePartner {
    /// Model partner type and region indices.
    pub partner_type: usize,
    pub region: usize,
    /// The quarter it became active (0-based), and whether it was there at the start.
    pub joined: Option<u32>,
    pub initial: bool,
    /// The quarter in which it left (it was active that quarter, not after).
    pub left: Option<u32>,
}

/// An opportunity of a traced trial that reached a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceDeal {
    pub quarter: u32,
    /// Index into [`History::partners`] of the partner who worked it.
    pub partner: u32,
    /// Model segment and region.
    pub segment: usize,
    pub region: usize,
    pub source: TraceSource,
    pub referrer: Option<u32>,
    /// Partners it was worked with (deal collaboration patterns that had room).
    pub collaborators: Vec<u32>,
    pub won: bool,
    /// List annual contract value (for a lost deal, what it would have been).
    pub acv: f64,
    /// Quarters the customer pays for (subscription models; 1 for one-time ones), from the
    /// quarter after the win. Censored at one past the horizon.
    pub lifetime: u32,
    /// A word unique to the opportunity (for dates and ids derived from it).
    pub word: u64,
}

/// Everything a traced trial did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct History {
    pub quarters: u32,
    pub partners: Vec<TracePartner>,
    pub deals: Vec<TraceDeal>,
    /// The trial's ARR growth factor per quarter (1 + expansion) per segment.
    pub expansion: Vec<f64>,
    /// Whether revenue is a subscription (customers renew) or one-time.
    pub subscription: bool,
}

impl History {
    pub(super) fn start(&mut self, quarters: usize, partners: &[super::plan::PartnerSpec], expansion: &[f64], subscription: bool) {
        self.quarters = quarters as u32;
        self.partners = partners
            .iter()
            .map(|p| TracePartner { partner_type: p.ty, region: p.region, joined: None, initial: p.initial, left: None })
            .collect();
        self.deals.clear();
        self.expansion = expansion.to_vec();
        self.subscription = subscription;
    }
}
