//! Schema 1 → schema 2: the one migration function every way in goes through (files, the
//! store's documents, imports, models embedded in scenarios).
//!
//! Schema 2 (MODEL.md, "What changed from schema 1") bounds every flow by someone's capacity
//! and adds subscription revenue. A schema-1 document meant one-time revenue and had no
//! capacities on the receiving side, so the migration writes down the choices that keep a
//! schema-1 design meaning what it meant wherever its flows were within reason
//! (`docs/models.md`, "Migrating schema 1"):
//!
//! - `revenue_recognition: one_time` — a deal's value is revenue in the quarter it is won.
//! - `collaboration_capacity` of every non-marketplace type on the receiving side of a
//!   co-sell, joint implementation, integration or marketplace pattern:
//!   [`V1_COLLABORATION_CAPACITY`] deals a quarter, far above any flow a schema-1 design had,
//!   so collaborative deals are as before.
//! - an `influence` type that refers (the `from` of a referral pattern) and had no capacity
//!   gets the accounts it must touch to find, on average, three times the leads its links asked
//!   for in schema 1 (`3 × Σ links × referrals_per_link ÷ the lowest buy rate it reaches`).
//! - a `marketplace` type gets `marketplace_buyers` equal, per segment it reaches, to the share
//!   of the reached accounts one schema-1 listing worked (its capacity ÷ those accounts), so
//!   one listing's demand is what it was; further listings now share it.
//!
//! Scenarios have no new fields: their version is raised (and an embedded model migrated).

use std::collections::BTreeMap;

use super::doc::*;
use super::param::{Dist, Param};

/// Collaborative deals per partner per quarter given to receiving types of a schema-1 model.
pub const V1_COLLABORATION_CAPACITY: f64 = 1_000.0;

/// The mean of a document number, for choices the migration makes from a model's own figures.
fn mean(p: &Param) -> f64 {
    match p {
        Param::Fixed(x) => *x,
        Param::Dist(d) => match *d {
            Dist::Normal { mean, .. } => mean,
            Dist::Lognormal { median, p90 } => {
                let sigma = (p90 / median).ln() / super::param::Z90;
                median * (sigma * sigma / 2.0).exp()
            }
            Dist::Beta { alpha, beta } => alpha / (alpha + beta),
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
            Dist::Uniform { min, max } => (min + max) / 2.0,
        },
    }
}

/// Bring a market model document to schema 2 (a no-op on a schema-2 document). Returns the
/// version it was read as.
pub fn model(doc: &mut MarketModelDoc) -> u32 {
    let from = doc.schema_version;
    if from >= 2 {
        return from;
    }
    doc.schema_version = SCHEMA_VERSION;
    doc.revenue_recognition = RevenueRecognition::OneTime;
    let type_index = |id: &str| doc.partner_types.iter().position(|t| t.id == id);
    let mut receiving = vec![false; doc.partner_types.len()];
    let mut asked = vec![0.0f64; doc.partner_types.len()];
    for p in &doc.patterns {
        match p.kind {
            PatternKind::CoSell | PatternKind::JointImplementation | PatternKind::Integration | PatternKind::Marketplace => {
                if let Some(t) = type_index(&p.to) {
                    receiving[t] = true;
                }
            }
            PatternKind::Referral => {
                if let Some(f) = type_index(&p.from) {
                    asked[f] += mean(&p.links_per_partner) * mean(&p.effects.referrals_per_link);
                }
            }
            PatternKind::TwoTier => {}
        }
    }
    let buy: BTreeMap<String, f64> = doc.market.segments.iter().map(|s| (s.id.clone(), mean(&s.buy_rate))).collect();
    let reachable = |t: &PartnerTypeDoc| -> f64 {
        t.reach.segments.iter().filter_map(|s| doc.market.accounts.get(s)).flat_map(|row| row.values()).sum()
    };
    let mut buyers = BTreeMap::new();
    for t in &doc.partner_types {
        if t.kind == PartnerKind::Marketplace && !doc.market.marketplace_buyers.contains_key(&t.id) {
            let accounts = reachable(t);
            let share = if accounts > 0.0 { (mean(&t.capacity) / accounts).clamp(0.0, 1.0) } else { 0.0 };
            buyers.insert(t.id.clone(), t.reach.segments.iter().map(|s| (s.clone(), Param::Fixed(share))).collect::<BTreeMap<_, _>>());
        }
    }
    doc.market.marketplace_buyers.extend(buyers);
    for (i, t) in doc.partner_types.iter_mut().enumerate() {
        if receiving[i] && t.kind != PartnerKind::Marketplace && t.collaboration_capacity.is_none() {
            t.collaboration_capacity = Some(Param::Fixed(V1_COLLABORATION_CAPACITY));
        }
        if matches!(t.revenue_model, RevenueModelDoc::Influence) && asked[i] > 0.0 && mean(&t.capacity) <= 0.0 {
            let lowest = t.reach.segments.iter().filter_map(|s| buy.get(s)).copied().filter(|b| *b > 0.0).fold(f64::INFINITY, f64::min);
            if lowest.is_finite() {
                t.capacity = Param::Fixed((3.0 * asked[i] / lowest).ceil());
            }
        }
    }
    from
}

/// Bring a scenario document to schema 2 (and the model it embeds). Returns the version it
/// was read as.
pub fn scenario(doc: &mut ScenarioDoc) -> u32 {
    let from = doc.schema_version;
    if let Some(m) = doc.embedded_model.as_mut() {
        model(m);
    }
    if from < 2 {
        doc.schema_version = SCHEMA_VERSION;
    }
    from
}
