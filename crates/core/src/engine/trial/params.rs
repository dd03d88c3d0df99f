//! Every uncertain input of the model and scenario, sampled for one trial.

use crate::model::RevenueModel;

use super::Plan;

/// Sampled numbers of one partner type in one trial.
#[derive(Debug, Clone, Default)]
pub(super) struct TypeParams {
    pub(super) capacity: f64,
    pub(super) win: f64,
    pub(super) factor: f64,
    /// Share of list price the vendor keeps on the type's own deals.
    pub(super) keep: f64,
    /// The same on renewals (1 where the discount or fee is paid once).
    pub(super) renewal_keep: f64,
    pub(super) transacts: bool,
    /// Own opportunities come from marketplace buyers, not from worked accounts.
    pub(super) marketplace: bool,
    /// Marketplace buyers' share of each segment's accounts (marketplace kinds).
    pub(super) buyers: Vec<f64>,
    /// Collaborative deals one partner supports per quarter on the receiving side.
    pub(super) collaboration: f64,
    pub(super) churn: f64,
    pub(super) recruit: f64,
    pub(super) per_quarter: f64,
    pub(super) ramp_quarters: u32,
    pub(super) cv: f64,
}

#[derive(Debug, Clone, Default)]
pub(super) struct PatternParams {
    pub(super) links: f64,
    pub(super) referrals: f64,
    pub(super) attach: f64,
    pub(super) win_up: f64,
    pub(super) deal_up: f64,
    pub(super) fee: f64,
    pub(super) speedup: f64,
    pub(super) prod_up: f64,
    pub(super) margin: f64,
    /// 1 − retention uplift: the factor on the churn of customers the pattern touched.
    pub(super) churn_keep: f64,
    /// A two-tier pattern that changes something for the partners it serves (whose upstream
    /// partner then counts their wins as enabled).
    pub(super) serves: bool,
    pub(super) cost: f64,
}

/// A partner program run at a level above 0: its effects at that level on a partner it reaches.
#[derive(Debug, Clone, Default)]
pub(super) struct ProgramParams {
    pub(super) win: f64,
    pub(super) buy: f64,
    pub(super) speed: f64,
    pub(super) churn_keep: f64,
    pub(super) discount: f64,
    /// Per partner reached per quarter, at the scenario's level.
    pub(super) cost: f64,
}

/// Organic recruitment of a partner type in one trial.
#[derive(Debug, Clone, Default)]
pub(super) struct OrganicParams {
    pub(super) mean: f64,
    pub(super) elasticity: f64,
}

/// Every uncertain input of the model and scenario, sampled for one trial.
#[derive(Debug, Clone, Default)]
pub(crate) struct TrialParams {
    /// Per program the scenario runs (`Plan::programs`, in that order).
    pub(super) programs: Vec<ProgramParams>,
    /// Per partner type (network models; a mean of 0 where the type has no organic recruits).
    pub(super) organic: Vec<OrganicParams>,
    pub(super) growth_q: f64,
    pub(super) mu: Vec<f64>,
    pub(super) sigma: Vec<f64>,
    pub(super) buy: Vec<f64>,
    /// Customer churn per quarter and ARR growth factor per quarter (1 + expansion), per segment.
    pub(super) customer_churn: Vec<f64>,
    pub(super) expansion: Vec<f64>,
    /// Per segment, `G^j` and `G^−j` (G = 1 + expansion) for j in `0..=H+1`, at
    /// `[seg × (H + 2) + j]`, and ln(1 − customer churn): for booking wins (see `Book`).
    pub(super) growth_pow: Vec<f64>,
    pub(super) inv_growth_pow: Vec<f64>,
    pub(super) ln_stay: Vec<f64>,
    pub(super) direct: Vec<f64>,
    pub(super) types: Vec<TypeParams>,
    pub(super) patterns: Vec<PatternParams>,
    pub(super) partner_factor: f64,
    pub(super) direct_factor: f64,
    pub(super) policy_cost: f64,
    pub(super) overlap: f64,
    pub(super) direct_rate: f64,
    pub(super) loss: f64,
}

impl TrialParams {
    pub fn sample(plan: &Plan, u: &[f64]) -> TrialParams {
        let m = plan.model;
        let s = plan.scenario;
        let mut tp = TrialParams {
            growth_q: (1.0 + m.growth.value(u)).powf(0.25),
            direct: m.direct_presence.iter().map(|d| d.value(u)).collect(),
            partner_factor: 1.0,
            direct_factor: 1.0,
            overlap: m.partner_overlap_rate.value(u),
            direct_rate: m.direct_rate.value(u),
            loss: m.loss_share.value(u),
            ..Default::default()
        };
        for seg in &m.segments {
            let median = seg.deal_median.value(u);
            let p90 = seg.deal_p90.value(u).max(median * (1.0 + 1e-9));
            tp.mu.push(median.ln());
            tp.sigma
                .push((p90 / median).ln() / crate::model::param::Z90);
            tp.buy.push(seg.buy_rate.value(u));
            tp.customer_churn.push(seg.customer_churn.value(u));
            tp.expansion.push(if m.subscription {
                1.0 + seg.expansion.value(u)
            } else {
                1.0
            });
        }
        let h = s.horizon as i32;
        for &g in &tp.expansion {
            tp.growth_pow.extend((0..h + 2).map(|j| g.powi(j)));
            tp.inv_growth_pow
                .extend((0..h + 2).map(|j| (1.0 / g).powi(j)));
        }
        tp.ln_stay = tp.customer_churn.iter().map(|c| (1.0 - c).ln()).collect();
        for t in &m.partner_types {
            let (keep, transacts) = match &t.revenue_model {
                RevenueModel::Resale { discount } => (1.0 - discount.value(u), true),
                RevenueModel::Referral { fee } | RevenueModel::Marketplace { fee } => {
                    (1.0 - fee.value(u), true)
                }
                RevenueModel::Influence => (0.0, false),
            };
            tp.types.push(TypeParams {
                capacity: t.capacity.value(u),
                win: t.win_rate.value(u),
                factor: t.deal_size_factor.value(u),
                keep,
                renewal_keep: if t.renewals { keep } else { 1.0 },
                transacts,
                marketplace: t.is_marketplace() && transacts,
                buyers: t.marketplace_buyers.iter().map(|b| b.value(u)).collect(),
                collaboration: t
                    .collaboration_capacity
                    .as_ref()
                    .map_or(f64::INFINITY, |c| c.value(u)),
                churn: t.churn_per_quarter.value(u),
                recruit: t.recruit_cost.value(u),
                per_quarter: t.cost_per_quarter.value(u),
                ramp_quarters: t.ramp_quarters,
                cv: t.productivity_cv,
            });
        }
        for (k, p) in m.patterns.iter().enumerate() {
            let x = s.intensity[k];
            let e = &p.effects;
            tp.patterns.push(if x > 0.0 {
                PatternParams {
                    links: p.links_per_partner.value(u) * x,
                    referrals: e.referrals_per_link.value(u),
                    attach: e.attach_rate.value(u),
                    win_up: e.win_uplift.value(u),
                    deal_up: e.deal_size_uplift.value(u),
                    fee: e.fee.value(u),
                    speedup: e.ramp_speedup.value(u),
                    prod_up: e.productivity_uplift.value(u),
                    margin: e.margin.value(u),
                    churn_keep: 1.0 - e.retention_uplift.value(u),
                    serves: false,
                    cost: p.cost_per_quarter.value(u) * x,
                }
            } else {
                PatternParams {
                    churn_keep: 1.0,
                    ..PatternParams::default()
                }
            });
        }
        for pp in &mut tp.patterns {
            pp.serves =
                pp.speedup > 0.0 || pp.prod_up > 0.0 || pp.margin > 0.0 || pp.churn_keep < 1.0;
        }
        for &i in &plan.programs {
            let pr = &m.programs[i];
            let level = s.levels[i];
            let f = pr.saturation(level);
            tp.programs.push(ProgramParams {
                win: 1.0 + pr.win_uplift.value(u) * f,
                buy: 1.0 + pr.buy_rate_uplift.value(u) * f,
                speed: 1.0 + pr.ramp_speedup.value(u) * f,
                churn_keep: 1.0 - pr.churn_reduction.value(u) * f,
                discount: pr.discount_change.value(u) * f,
                cost: pr.cost.value(u) * level,
            });
        }
        if let Some(net) = &m.network {
            tp.organic = net
                .types
                .iter()
                .map(|t| match t {
                    Some(t) if t.organic_max > 0 => OrganicParams { mean: t.organic.value(u), elasticity: t.elasticity.value(u) },
                    _ => OrganicParams::default(),
                })
                .collect();
        }
        for (k, pol) in m.policies.iter().enumerate() {
            if s.adopted[k] {
                tp.partner_factor *= 1.0 - pol.partner_conflict_reduction.value(u);
                tp.direct_factor *= 1.0 - pol.direct_conflict_reduction.value(u);
                tp.policy_cost += pol.cost_per_quarter.value(u);
            }
        }
        tp
    }
}
