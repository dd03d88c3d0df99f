//! One trial, quarter by quarter (MODEL.md, "One trial").
//!
//! A trial samples the uncertain inputs, creates the partner instances and the collaboration
//! graph once, then simulates the horizon: first as designed, then — with the same graph and
//! the same random streams — with every collaboration pattern switched off, and with each
//! enabled pattern switched off in turn. The differences are the inter-partner value and the
//! revenue each pattern adds; because the streams are shared, they carry no sampling noise
//! beyond what collaboration really changes (exactly 0 when the effects are 0).
//!
//! Every opportunity takes exactly one word from its partner's stream and derives all of its
//! own draws from it, so an opportunity that exists in two runs meets the same conflict, win
//! and deal-size draws in both.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rand::Rng;
use rand_distr::{Distribution, Gamma, StandardNormal};

use super::rng::{key, purpose, sub_uniform, unit_pair, Stream};
use crate::model::{Model, PatternKind, RevenueModel, Sampling, Scenario};

/// Which counterfactual runs a trial performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Counterfactuals {
    /// None: fastest, for live previews (inter-partner value and by-pattern are reported as 0).
    Off,
    /// The run without any collaboration: inter-partner value and ecosystem multiplier.
    Total,
    /// Also one run per enabled pattern switched off: revenue added by each pattern.
    PerPattern,
}

/// Source of an opportunity, for contribution by source.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Own = 0,
    Referral = 1,
    Influenced = 2,
    Marketplace = 3,
}

/// A partner instance as the scenario defines it (the same in every trial).
#[derive(Debug, Clone)]
pub(crate) struct PartnerSpec {
    pub ty: usize,
    pub region: usize,
    pub arrival: u32,
    pub initial: bool,
    /// Identity in random-stream keys: (type, region, ordinal), stable across scenarios.
    pub id: u64,
}

/// What every trial of a run shares: the model and scenario resolved into flat tables.
pub(crate) struct Plan<'a> {
    pub model: &'a Model,
    pub scenario: &'a Scenario,
    pub seed: u64,
    pub trials: u64,
    pub sampling: Sampling,
    pub counterfactuals: Counterfactuals,
    /// Trials (the first ones) that also run each pattern's counterfactual.
    pub pattern_trials: u64,
    design: Option<std::sync::Arc<super::InputDesign>>,
    /// Iman–Conover-reordered uniforms of the correlated inputs: (input index, one per trial).
    correlated: Vec<(usize, Vec<f64>)>,
    pub partners: Vec<PartnerSpec>,
    /// Partner indices per (type, region), in arrival order.
    by_type_region: Vec<Vec<u32>>,
    /// Index ranges of `partners` arriving in each quarter.
    arrivals: Vec<std::ops::Range<usize>>,
    /// Reachable cells and the share of effort each gets, per (type, region).
    reach: Vec<Vec<(usize, f64)>>,
    cell_segment: Vec<usize>,
    /// Patterns the scenario enables (intensity > 0).
    pub enabled: Vec<usize>,
    /// Partners that are marketplace listings (their demand comes from marketplace buyers).
    listing_partners: Vec<u32>,
    pub layout: Layout,
}

/// Offsets of the values a trial records, in one flat row per trial.
#[derive(Debug, Clone)]
pub struct Layout {
    pub quarters: usize,
    pub types: usize,
    pub cells: usize,
    pub patterns: usize,
}

/// Headline KPIs, in record order.
pub const KPI_NAMES: [&str; 15] = [
    "total_revenue",
    "final_quarter_revenue",
    "coverage_final",
    "net_contribution",
    "inter_partner_revenue",
    "ecosystem_multiplier",
    "active_partners_final",
    "total_costs",
    "revenue_without_collaboration",
    "bookings",
    "arr_final",
    "net_revenue_retention",
    "net_inter_partner_value",
    "referrals_unserved",
    "collaboration_unserved",
];
pub const K_TOTAL: usize = 0;
pub const K_FINAL_Q: usize = 1;
pub const K_COVERAGE: usize = 2;
pub const K_NET: usize = 3;
pub const K_INTER: usize = 4;
pub const K_MULT: usize = 5;
pub const K_ACTIVE: usize = 6;
pub const K_COSTS: usize = 7;
pub const K_WITHOUT: usize = 8;
pub const K_BOOKINGS: usize = 9;
pub const K_ARR: usize = 10;
/// Net revenue retention: NaN in a trial where it is undefined (one-time revenue, a horizon
/// under five quarters, or no customer four quarters before the end).
pub const K_NRR: usize = 11;
pub const K_NET_INTER: usize = 12;
pub const K_UNSERVED: usize = 13;
/// Collaborative deals asked of receiving partners that had no capacity left.
pub const K_COLLAB_UNSERVED: usize = 14;
pub const N_KPI: usize = KPI_NAMES.len();

/// Per-quarter series, in record order.
pub const QUARTER_SERIES: [&str; 9] = [
    "revenue",
    "coverage",
    "net_contribution",
    "costs",
    "active_partners",
    "opportunities_lost_to_conflict",
    "bookings",
    "arr",
    "referrals_unserved",
];
pub const Q_REVENUE: usize = 0;
pub const Q_COVERAGE: usize = 1;
pub const Q_NET: usize = 2;
pub const Q_COSTS: usize = 3;
pub const Q_ACTIVE: usize = 4;
pub const Q_LOST: usize = 5;
pub const Q_BOOKINGS: usize = 6;
pub const Q_ARR: usize = 7;
pub const Q_UNSERVED: usize = 8;
/// Contribution sources, in record order.
pub const SOURCES: [&str; 4] = ["own_pipeline", "referral_sourced", "collaboration_influenced", "marketplace"];

impl Layout {
    pub fn quarter(&self, series: usize, q: usize) -> usize {
        N_KPI + series * self.quarters + q
    }
    pub fn type_revenue(&self, t: usize) -> usize {
        N_KPI + QUARTER_SERIES.len() * self.quarters + t
    }
    pub fn type_active(&self, t: usize) -> usize {
        self.type_revenue(self.types) + t
    }
    pub fn source(&self, s: usize) -> usize {
        self.type_active(self.types) + s
    }
    pub fn cell_coverage(&self, c: usize) -> usize {
        self.source(SOURCES.len()) + c
    }
    pub fn cell_revenue(&self, c: usize) -> usize {
        self.cell_coverage(self.cells) + c
    }
    pub fn pattern(&self, i: usize) -> usize {
        self.cell_revenue(self.cells) + i
    }
    /// Per-quarter breakdowns follow the totals: type revenue, type active partners, source,
    /// cell revenue, cell coverage, pattern revenue added — each `quarters` values.
    fn per_quarter(&self, block: usize, i: usize, q: usize) -> usize {
        let sizes = [self.types, self.types, SOURCES.len(), self.cells, self.cells, self.patterns];
        let before: usize = sizes[..block].iter().sum();
        self.pattern(self.patterns) + (before + i) * self.quarters + q
    }
    pub fn type_revenue_q(&self, t: usize, q: usize) -> usize {
        self.per_quarter(0, t, q)
    }
    pub fn type_active_q(&self, t: usize, q: usize) -> usize {
        self.per_quarter(1, t, q)
    }
    pub fn source_q(&self, s: usize, q: usize) -> usize {
        self.per_quarter(2, s, q)
    }
    pub fn cell_revenue_q(&self, c: usize, q: usize) -> usize {
        self.per_quarter(3, c, q)
    }
    pub fn cell_coverage_q(&self, c: usize, q: usize) -> usize {
        self.per_quarter(4, c, q)
    }
    pub fn pattern_q(&self, i: usize, q: usize) -> usize {
        self.per_quarter(5, i, q)
    }
    pub fn width(&self) -> usize {
        self.per_quarter(6, 0, 0)
    }
}

/// Work done by a trial, for the benchmark's random-draw floor.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Work {
    pub partner_quarters: u64,
    pub streams: u64,
    pub poisson_draws: u64,
    pub poisson_mean_sum: f64,
    pub opportunities: u64,
    pub deals: u64,
    /// Productivity draws (Gamma, one per partner instance with a spread) and their mean shape.
    pub gamma_draws: u64,
    pub gamma_shape_sum: f64,
}

impl Work {
    /// A stream of its own with one Poisson draw of mean `lambda`.
    fn count_poisson(&mut self, lambda: f64) {
        self.streams += 1;
        self.poisson_draws += 1;
        self.poisson_mean_sum += lambda;
    }
    pub fn add(&mut self, o: &Work) {
        self.partner_quarters += o.partner_quarters;
        self.streams += o.streams;
        self.poisson_draws += o.poisson_draws;
        self.poisson_mean_sum += o.poisson_mean_sum;
        self.opportunities += o.opportunities;
        self.deals += o.deals;
        self.gamma_draws += o.gamma_draws;
        self.gamma_shape_sum += o.gamma_shape_sum;
    }
}

impl<'a> Plan<'a> {
    pub fn new(model: &'a Model, scenario: &'a Scenario, opts: &super::RunOptions) -> Plan<'a> {
        let (trials, seed, sampling, counterfactuals) = (opts.trials, opts.seed, opts.sampling, opts.counterfactuals);
        let pattern_trials = opts.pattern_trials.min(trials);
        let nt = model.partner_types.len();
        let nr = model.regions.len();
        let mut partners = Vec::new();
        let mut ordinal = vec![0u64; nt * nr];
        let mut push = |ty: usize, region: usize, arrival: u32, initial: bool, partners: &mut Vec<PartnerSpec>| {
            let o = &mut ordinal[ty * nr + region];
            partners.push(PartnerSpec { ty, region, arrival, initial, id: key(&[ty as u64, region as u64, *o]) });
            *o += 1;
        };
        for (t, row) in scenario.composition.iter().enumerate() {
            for (r, &n) in row.iter().enumerate() {
                for _ in 0..n {
                    push(t, r, 0, true, &mut partners);
                }
            }
        }
        for a in &scenario.arrivals {
            for _ in 0..a.count {
                push(a.partner_type, a.region, a.quarter, false, &mut partners);
            }
        }
        // Stable sort keeps initial partners first within quarter 0.
        partners.sort_by_key(|p| p.arrival);
        let horizon = scenario.horizon as usize;
        let mut arrivals = vec![0..0; horizon];
        let mut start = 0;
        for (q, range) in arrivals.iter_mut().enumerate() {
            let end = start + partners[start..].iter().take_while(|p| p.arrival as usize == q).count();
            *range = start..end;
            start = end;
        }
        let mut by_type_region = vec![Vec::new(); nt * nr];
        for (i, p) in partners.iter().enumerate() {
            by_type_region[p.ty * nr + p.region].push(i as u32);
        }
        let cells = model.cells();
        let mut reach = Vec::with_capacity(nt * nr);
        for t in &model.partner_types {
            for r in 0..nr {
                let regions: Vec<usize> = if t.global { (0..nr).collect() } else { vec![r] };
                let mut cells_of: Vec<(usize, f64)> = Vec::new();
                for &s in &t.segments {
                    for &rr in &regions {
                        let c = model.cell(s, rr);
                        cells_of.push((c, model.accounts[c]));
                    }
                }
                let total: f64 = cells_of.iter().map(|x| x.1).sum();
                cells_of.retain(|x| x.1 > 0.0);
                for x in &mut cells_of {
                    x.1 /= total;
                }
                reach.push(cells_of);
            }
        }
        let cell_segment = (0..cells).map(|c| c / nr).collect();
        let enabled: Vec<usize> = (0..model.patterns.len()).filter(|&k| scenario.intensity[k] > 0.0).collect();
        let listing_partners = (0..partners.len() as u32).filter(|&p| model.partner_types[partners[p as usize].ty].is_marketplace()).collect();
        let layout = Layout { quarters: horizon, types: nt, cells, patterns: enabled.len() };
        let mut plan = Plan { model, scenario, seed, trials, sampling, counterfactuals, pattern_trials, design: opts.design.clone(), correlated: Vec::new(), partners, by_type_region, arrivals, reach, cell_segment, enabled, listing_partners, layout };
        if let (Some((inputs, matrix)), None) = (&scenario.correlation, &opts.design) {
            let mut u = Vec::new();
            let mut cols: Vec<Vec<f64>> = inputs.iter().map(|_| Vec::with_capacity(trials as usize)).collect();
            for t in 0..trials {
                plan.sampled_uniforms(t, &mut u);
                for (c, &j) in cols.iter_mut().zip(inputs) {
                    c.push(u[j]);
                }
            }
            super::correlate::iman_conover(&mut cols, matrix, key(&[seed, purpose::CORRELATION]));
            plan.correlated = inputs.iter().copied().zip(cols).collect();
        }
        plan
    }

    /// The uniforms of a trial's uncertain inputs: independent (Monte Carlo) or one per stratum
    /// of each input across the run's trials (Latin hypercube), reordered across trials where
    /// the scenario correlates inputs.
    pub fn input_uniforms(&self, trial: u64, out: &mut Vec<f64>) {
        self.sampled_uniforms(trial, out);
        for (j, col) in &self.correlated {
            out[*j] = col[trial as usize];
        }
    }

    fn sampled_uniforms(&self, trial: u64, out: &mut Vec<f64>) {
        out.clear();
        for j in 0..self.model.inputs.paths.len() as u64 {
            let jitter = Stream::new(key(&[self.seed, purpose::INPUTS, j, trial])).uniform();
            out.push(match self.sampling {
                Sampling::MonteCarlo => jitter,
                Sampling::LatinHypercube => {
                    let stratum = super::rng::permute(trial, self.trials, key(&[self.seed, purpose::LHS, j]));
                    (stratum as f64 + jitter) / self.trials as f64
                }
            });
        }
    }
}

/// Sampled numbers of one partner type in one trial.
#[derive(Debug, Clone, Default)]
struct TypeParams {
    capacity: f64,
    win: f64,
    factor: f64,
    /// Share of list price the vendor keeps on the type's own deals.
    keep: f64,
    /// The same on renewals (1 where the discount or fee is paid once).
    renewal_keep: f64,
    transacts: bool,
    /// Own opportunities come from marketplace buyers, not from worked accounts.
    marketplace: bool,
    /// Marketplace buyers' share of each segment's accounts (marketplace kinds).
    buyers: Vec<f64>,
    /// Collaborative deals one partner supports per quarter on the receiving side.
    collaboration: f64,
    churn: f64,
    recruit: f64,
    per_quarter: f64,
    ramp_quarters: u32,
    cv: f64,
}

#[derive(Debug, Clone, Default)]
struct PatternParams {
    links: f64,
    referrals: f64,
    attach: f64,
    win_up: f64,
    deal_up: f64,
    fee: f64,
    speedup: f64,
    prod_up: f64,
    margin: f64,
    /// 1 − retention uplift: the factor on the churn of customers the pattern touched.
    churn_keep: f64,
    /// A two-tier pattern that changes something for the partners it serves (whose upstream
    /// partner then counts their wins as enabled).
    serves: bool,
    cost: f64,
}

/// Every uncertain input of the model and scenario, sampled for one trial.
#[derive(Debug, Clone, Default)]
pub(crate) struct TrialParams {
    growth_q: f64,
    mu: Vec<f64>,
    sigma: Vec<f64>,
    buy: Vec<f64>,
    /// Customer churn per quarter and ARR growth factor per quarter (1 + expansion), per segment.
    customer_churn: Vec<f64>,
    expansion: Vec<f64>,
    /// Per segment, `G^j` and `G^−j` (G = 1 + expansion) for j in `0..=H+1`, at
    /// `[seg × (H + 2) + j]`, and ln(1 − customer churn): for booking wins (see `Book`).
    growth_pow: Vec<f64>,
    inv_growth_pow: Vec<f64>,
    ln_stay: Vec<f64>,
    direct: Vec<f64>,
    types: Vec<TypeParams>,
    patterns: Vec<PatternParams>,
    partner_factor: f64,
    direct_factor: f64,
    policy_cost: f64,
    overlap: f64,
    direct_rate: f64,
    loss: f64,
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
            tp.sigma.push((p90 / median).ln() / crate::model::param::Z90);
            tp.buy.push(seg.buy_rate.value(u));
            tp.customer_churn.push(seg.customer_churn.value(u));
            tp.expansion.push(if m.subscription { 1.0 + seg.expansion.value(u) } else { 1.0 });
        }
        let h = s.horizon as i32;
        for &g in &tp.expansion {
            tp.growth_pow.extend((0..h + 2).map(|j| g.powi(j)));
            tp.inv_growth_pow.extend((0..h + 2).map(|j| (1.0 / g).powi(j)));
        }
        tp.ln_stay = tp.customer_churn.iter().map(|c| (1.0 - c).ln()).collect();
        for t in &m.partner_types {
            let (keep, transacts) = match &t.revenue_model {
                RevenueModel::Resale { discount } => (1.0 - discount.value(u), true),
                RevenueModel::Referral { fee } | RevenueModel::Marketplace { fee } => (1.0 - fee.value(u), true),
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
                collaboration: t.collaboration_capacity.as_ref().map_or(f64::INFINITY, |c| c.value(u)),
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
                PatternParams { churn_keep: 1.0, ..PatternParams::default() }
            });
        }
        for pp in &mut tp.patterns {
            pp.serves = pp.speedup > 0.0 || pp.prod_up > 0.0 || pp.margin > 0.0 || pp.churn_keep < 1.0;
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

const NONE: u16 = u16::MAX;

/// A referred opportunity waiting for its receiver's spare capacity (step 4).
#[derive(Clone, Copy)]
struct Referred {
    referrer: u32,
    receiver: u32,
    cell: u32,
    pattern: u16,
    word: u64,
}

/// Per-thread working memory, reused across trials.
#[derive(Default)]
pub(crate) struct Scratch {
    u: Vec<f64>,
    prod: Vec<f64>,
    /// Per-partner key of the trial: the root of the partner's streams.
    pkey: Vec<u64>,
    /// Links by what they do, per partner: deal collaboration out, referrals out, two-tier in.
    collab: Csr,
    referral: Csr,
    tier_in: Csr,
    active: Vec<bool>,
    ramp: Vec<f64>,
    idle: Vec<u8>,
    /// Whether the partner enabled a win this quarter (its own, or one it referred, served or supported).
    won: Vec<bool>,
    hurt: Vec<bool>,
    /// Two-tier service in force: the pattern and the upstream partner.
    served: Vec<u16>,
    served_by: Vec<u32>,
    attach: Vec<u64>,
    eff: Vec<f64>,
    /// Mean own opportunities after saturation, and at the partner's full wanted effort.
    lam: Vec<f64>,
    lam_wanted: Vec<f64>,
    /// Own opportunities kept this quarter, and referred ones taken.
    kept: Vec<f64>,
    taken: Vec<f64>,
    /// Collaboration on the receiving side: capacity this quarter, expected demand, used.
    collab_cap: Vec<f64>,
    collab_demand: Vec<f64>,
    collab_used: Vec<f64>,
    referred: Vec<Referred>,
    /// Conflict probability of referred opportunities per (receiver, reach slot) this quarter
    /// (NaN until needed), and the entries set.
    ref_conflict: Vec<f64>,
    ref_touched: Vec<u32>,
    live_links: Vec<u32>,
    live_groups: Vec<(u16, u32, u32)>,
    group_start: Vec<u32>,
    /// A referrer's live links this quarter: (receiver, pattern, leads asked then given, remainder).
    asks: Vec<(u32, u16, u64, f64)>,
    accounts: Vec<f64>,
    prospects: Vec<f64>,
    customers: Vec<f64>,
    demand: Vec<f64>,
    scale: Vec<f64>,
    worked: Vec<f64>,
    inv_pros: Vec<f64>,
    direct_keep: Vec<f64>,
    /// Active marketplace listings per (type, cell), then the mean demand each listing gets.
    listings: Vec<f64>,
    /// Reach of every (type, region) with this quarter's shares (prospects change them).
    reach: Vec<Vec<(usize, f64)>>,
    picks: Vec<u32>,
    /// A partner's cells this quarter.
    cellbuf: Vec<Slot>,
    ledger: Ledger,
    run: RunOut,
    pub work: Work,
}

/// Adjacency lists in compressed form: `of(p)` is partner p's (other partner, pattern) links.
#[derive(Default)]
struct Csr {
    start: Vec<u32>,
    links: Vec<(u32, u16)>,
}

impl Csr {
    fn build(n: usize, edges: &mut Vec<(u32, u32, u16)>) -> Csr {
        // Stable by owner: links keep their insertion order within a partner.
        edges.sort_by_key(|e| e.0);
        let mut start = Vec::with_capacity(n + 1);
        let mut i = 0;
        for p in 0..n as u32 {
            start.push(i as u32);
            while i < edges.len() && edges[i].0 == p {
                i += 1;
            }
        }
        start.push(i as u32);
        Csr { start, links: edges.iter().map(|e| (e.1, e.2)).collect() }
    }
    #[inline]
    fn of(&self, p: usize) -> &[(u32, u16)] {
        &self.links[self.start[p] as usize..self.start[p + 1] as usize]
    }
}

/// Key of the stream for `purpose` of a partner (root `pkey`) in quarter `q`.
#[inline(always)]
fn quarter_key(pkey: u64, q: usize, purpose: u64) -> u64 {
    super::rng::mix(pkey ^ ((q as u64) << 8 | purpose).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Revenue booked into the quarters it will be recognised in, at the cost of a few additions
/// per win whatever the customer's lifetime (MODEL.md step 9).
///
/// Each series (a cell, a partner type × segment, a source × segment) is a difference array
/// over quarters `0..=H` (quarter `H`, one past the horizon, gives the ARR at its end). A
/// customer's revenue grows by the segment's expansion factor `G` a quarter, so an entry is
/// stored divided by `G^j0`; quarter j's value is `G^j × prefix sum`. Every term of a prefix
/// sum started at or before j, so the scaling never amplifies rounding.
///
/// One-time models book a win's value into its own quarter only, so their ledger holds plain
/// per-quarter sums (`cumulative` false): no difference, no rounding from cancellation.
#[derive(Default, Clone)]
struct Ledger {
    stride: usize,
    cumulative: bool,
    diff: Vec<f64>,
    /// Customers per cell: +1 from the quarter after the win, −1 from the quarter after churn.
    customers: Vec<f64>,
}

impl Ledger {
    fn reset(&mut self, quarters: usize, series: usize, cells: usize, cumulative: bool) {
        self.stride = quarters + 2;
        self.cumulative = cumulative;
        self.diff.clear();
        self.diff.resize(series * self.stride, 0.0);
        self.customers.clear();
        self.customers.resize(cells * self.stride, 0.0);
    }
    /// Add `base × G^j` to every quarter j in `[j0, j1)` of `series` (`base` already divided by
    /// G^(first quarter of the customer)).
    #[inline(always)]
    fn add(&mut self, series: usize, j0: usize, j1: usize, base: f64) {
        let last = self.stride - 1;
        if j0 >= j1 || j0 > last {
            return;
        }
        let row = &mut self.diff[series * self.stride..(series + 1) * self.stride];
        row[j0] += base;
        row[j1.min(last)] -= base;
    }
    /// Add `value` to quarter `q` of `series` (one-time models).
    #[inline(always)]
    fn add_once(&mut self, series: usize, q: usize, value: f64) {
        self.diff[series * self.stride + q] += value;
    }
    /// The value of `series` in quarters `0..=H`, with growth factor `g` a quarter.
    fn resolve(&self, series: usize, g: f64, out: &mut [f64]) {
        let row = &self.diff[series * self.stride..(series + 1) * self.stride - 1];
        if !self.cumulative {
            out.copy_from_slice(&row[..out.len()]);
            return;
        }
        let (mut sum, mut gj) = (0.0, 1.0);
        for (o, &d) in out.iter_mut().zip(row) {
            sum += d;
            *o = sum * gj;
            gj *= g;
        }
    }
}

/// What one run of a trial's horizon produces.
#[derive(Default, Clone)]
struct RunOut {
    total: f64,
    q_revenue: Vec<f64>,
    q_coverage: Vec<f64>,
    q_costs: Vec<f64>,
    q_active: Vec<f64>,
    q_lost: Vec<f64>,
    q_bookings: Vec<f64>,
    q_arr: Vec<f64>,
    q_unserved: Vec<f64>,
    collab_unserved: f64,
    /// Per quarter, `[series × quarters + q]`.
    type_revenue: Vec<f64>,
    type_active: Vec<f64>,
    source: Vec<f64>,
    cell_coverage: Vec<f64>,
    cell_revenue: Vec<f64>,
    /// Costs of partner types that transact nothing themselves (for net inter-partner value).
    enabler_costs: f64,
    pattern_costs: f64,
    /// List ARR of the customers active four quarters before the end, and what they have at the end.
    nrr_base: f64,
    nrr_kept: f64,
}

impl RunOut {
    fn reset(&mut self, l: &Layout) {
        let h = l.quarters;
        self.total = 0.0;
        self.enabler_costs = 0.0;
        self.pattern_costs = 0.0;
        self.nrr_base = 0.0;
        self.nrr_kept = 0.0;
        self.collab_unserved = 0.0;
        for (v, n) in [
            (&mut self.q_revenue, h),
            (&mut self.q_coverage, h),
            (&mut self.q_costs, h),
            (&mut self.q_active, h),
            (&mut self.q_lost, h),
            (&mut self.q_bookings, h),
            (&mut self.q_arr, h),
            (&mut self.q_unserved, h),
            (&mut self.type_revenue, l.types * h),
            (&mut self.type_active, l.types * h),
            (&mut self.source, SOURCES.len() * h),
            (&mut self.cell_coverage, l.cells * h),
            (&mut self.cell_revenue, l.cells * h),
        ] {
            v.clear();
            v.resize(n, 0.0);
        }
    }
}

/// Simulate trial `trial` and write its record into `row` (length `plan.layout.width()`).
pub(crate) fn simulate(plan: &Plan, trial: u64, sc: &mut Scratch, row: &mut [f64]) {
    let mut u = std::mem::take(&mut sc.u);
    let stream_trial = match &plan.design {
        Some(d) => {
            u.clear();
            u.extend_from_slice(&d.rows[trial as usize]);
            d.stream_trials[trial as usize]
        }
        None => {
            plan.input_uniforms(trial, &mut u);
            trial
        }
    };
    let trial = stream_trial;
    let tkey = key(&[plan.seed, trial]);
    let tp = TrialParams::sample(plan, &u);
    sc.u = u;
    let n = plan.partners.len();

    // Productivity of every partner instance: gamma with mean 1 and the type's spread.
    sc.prod.clear();
    for p in &plan.partners {
        let cv = tp.types[p.ty].cv;
        sc.prod.push(if cv > 0.0 {
            let shape = 1.0 / (cv * cv);
            sc.work.gamma_draws += 1;
            sc.work.gamma_shape_sum += shape;
            let mut s = Stream::new(key(&[tkey, p.id, purpose::PRODUCTIVITY]));
            Gamma::new(shape, cv * cv).map(|g| g.sample(&mut s)).unwrap_or(1.0)
        } else {
            1.0
        });
    }
    sc.work.streams += n as u64;
    sc.pkey.clear();
    sc.pkey.extend(plan.partners.iter().map(|p| key(&[tkey, p.id])));

    build_graph(plan, &tp, tkey, sc);

    // The run as designed.
    let mask_all: u64 = plan.enabled.iter().fold(0, |m, &k| m | (1 << k));
    run(plan, &tp, mask_all, true, sc);
    let base = std::mem::take(&mut sc.run);
    let l = &plan.layout;
    let h = l.quarters;
    let costs: f64 = base.q_costs.iter().sum();
    let mut without = base.total;
    if plan.counterfactuals >= Counterfactuals::Total && mask_all != 0 {
        run(plan, &tp, 0, false, sc);
        without = sc.run.total;
    }
    let inter = base.total - without;
    row[K_TOTAL] = base.total;
    row[K_FINAL_Q] = base.q_revenue[h - 1];
    row[K_COVERAGE] = base.q_coverage[h - 1];
    row[K_NET] = base.total - costs;
    row[K_INTER] = inter;
    row[K_MULT] = if without > 0.0 { base.total / without } else { 1.0 };
    row[K_ACTIVE] = base.q_active[h - 1];
    row[K_COSTS] = costs;
    row[K_WITHOUT] = without;
    row[K_BOOKINGS] = base.q_bookings.iter().sum();
    row[K_ARR] = base.q_arr[h - 1];
    row[K_NRR] = if base.nrr_base > 0.0 { base.nrr_kept / base.nrr_base } else { f64::NAN };
    row[K_NET_INTER] = if plan.counterfactuals >= Counterfactuals::Total { inter - base.pattern_costs - base.enabler_costs } else { 0.0 };
    row[K_UNSERVED] = base.q_unserved.iter().sum();
    row[K_COLLAB_UNSERVED] = base.collab_unserved;
    for q in 0..h {
        row[l.quarter(Q_REVENUE, q)] = base.q_revenue[q];
        row[l.quarter(Q_COVERAGE, q)] = base.q_coverage[q];
        row[l.quarter(Q_NET, q)] = base.q_revenue[q] - base.q_costs[q];
        row[l.quarter(Q_COSTS, q)] = base.q_costs[q];
        row[l.quarter(Q_ACTIVE, q)] = base.q_active[q];
        row[l.quarter(Q_LOST, q)] = base.q_lost[q];
        row[l.quarter(Q_BOOKINGS, q)] = base.q_bookings[q];
        row[l.quarter(Q_ARR, q)] = base.q_arr[q];
        row[l.quarter(Q_UNSERVED, q)] = base.q_unserved[q];
    }
    let sum = |v: &[f64], i: usize| v[i * h..(i + 1) * h].iter().sum::<f64>();
    for t in 0..l.types {
        row[l.type_revenue(t)] = sum(&base.type_revenue, t);
        row[l.type_active(t)] = base.type_active[t * h + h - 1];
        for q in 0..h {
            row[l.type_revenue_q(t, q)] = base.type_revenue[t * h + q];
            row[l.type_active_q(t, q)] = base.type_active[t * h + q];
        }
    }
    for s in 0..SOURCES.len() {
        row[l.source(s)] = sum(&base.source, s);
        for q in 0..h {
            row[l.source_q(s, q)] = base.source[s * h + q];
        }
    }
    for c in 0..l.cells {
        row[l.cell_coverage(c)] = base.cell_coverage[c * h + h - 1];
        row[l.cell_revenue(c)] = sum(&base.cell_revenue, c);
        for q in 0..h {
            row[l.cell_revenue_q(c, q)] = base.cell_revenue[c * h + q];
            row[l.cell_coverage_q(c, q)] = base.cell_coverage[c * h + q];
        }
    }
    for (i, &k) in plan.enabled.iter().enumerate() {
        let measured = plan.counterfactuals == Counterfactuals::PerPattern && trial < plan.pattern_trials;
        if measured {
            run(plan, &tp, mask_all & !(1 << k), false, sc);
        }
        row[l.pattern(i)] = if measured { base.total - sc.run.total } else { f64::NAN };
        for q in 0..h {
            row[l.pattern_q(i, q)] = if measured { base.q_revenue[q] - sc.run.q_revenue[q] } else { f64::NAN };
        }
    }
    sc.run = base;
}

/// Sample the collaboration graph of a trial (petgraph), then flatten it for the quarter loop.
///
/// Each `from` partner links to Poisson(links × intensity) distinct `to` partners that have
/// arrived by its own arrival, in its region unless the pattern is global. A recruit on the
/// `to` side receives Poisson(links × from-partners / to-partners) links from partners already
/// there, which keeps the mean number of links per `from` partner near the pattern's figure as
/// the ecosystem grows. Churned partners keep their edges but carry no flow.
fn build_graph(plan: &Plan, tp: &TrialParams, tkey: u64, sc: &mut Scratch) {
    let n = plan.partners.len();
    let nr = plan.model.regions.len();
    let mut g: DiGraph<(), u16> = DiGraph::with_capacity(n, n * 2);
    for _ in 0..n {
        g.add_node(());
    }
    let mut picks = std::mem::take(&mut sc.picks);
    for &k in &plan.enabled {
        let pat = &plan.model.patterns[k];
        let lambda = tp.patterns[k].links;
        if lambda <= 0.0 {
            continue;
        }
        let regions = |r: usize| if pat.global { 0..nr } else { r..r + 1 };
        // Outgoing links of every `from` partner.
        for &pi in plan.by_type_region[pat.from * nr..(pat.from + 1) * nr].iter().flatten() {
            let p = &plan.partners[pi as usize];
            let mut s = Stream::new(key(&[tkey, p.id, purpose::GRAPH_OUT, k as u64]));
            let want = s.poisson(lambda) as usize;
            sc.work.count_poisson(lambda);
            if want == 0 {
                continue;
            }
            let lists: Vec<&[u32]> = regions(p.region)
                .map(|r| {
                    let l = &plan.by_type_region[pat.to * nr + r];
                    &l[..l.partition_point(|&j| plan.partners[j as usize].arrival <= p.arrival)]
                })
                .collect();
            pick_distinct(&lists, want, pi, &mut s, &mut picks);
            for &t in &picks {
                g.add_edge(NodeIndex::new(pi as usize), NodeIndex::new(t as usize), k as u16);
            }
        }
        // Incoming links of every recruit on the `to` side.
        for &ti in plan.by_type_region[pat.to * nr..(pat.to + 1) * nr].iter().flatten() {
            let t = &plan.partners[ti as usize];
            if t.initial {
                continue;
            }
            let from_lists: Vec<&[u32]> = regions(t.region)
                .map(|r| {
                    let l = &plan.by_type_region[pat.from * nr + r];
                    &l[..l.partition_point(|&j| plan.partners[j as usize].arrival < t.arrival)]
                })
                .collect();
            let n_from: usize = from_lists.iter().map(|l| l.len()).sum();
            let n_to: usize = regions(t.region)
                .map(|r| plan.by_type_region[pat.to * nr + r].partition_point(|&j| plan.partners[j as usize].arrival <= t.arrival))
                .sum();
            if n_from == 0 || n_to == 0 {
                continue;
            }
            let mut s = Stream::new(key(&[tkey, t.id, purpose::GRAPH_IN, k as u64]));
            let mean = lambda * n_from as f64 / n_to as f64;
            let want = s.poisson(mean) as usize;
            sc.work.count_poisson(mean);
            pick_distinct(&from_lists, want, ti, &mut s, &mut picks);
            for &f in &picks {
                g.add_edge(NodeIndex::new(f as usize), NodeIndex::new(ti as usize), k as u16);
            }
        }
    }
    sc.picks = picks;
    // Flatten by role. Edge indices follow insertion order, which numbers referral streams
    // stably across the runs of a trial.
    let (mut collab, mut referral, mut tier_in) = (Vec::new(), Vec::new(), Vec::new());
    for e in g.edge_references() {
        let (f, t, k) = (e.source().index() as u32, e.target().index() as u32, *e.weight());
        match plan.model.patterns[k as usize].kind {
            PatternKind::Referral => referral.push((f, t, k)),
            PatternKind::TwoTier => tier_in.push((t, f, k)),
            _ => collab.push((f, t, k)),
        }
    }
    sc.collab = Csr::build(n, &mut collab);
    sc.referral = Csr::build(n, &mut referral);
    sc.tier_in = Csr::build(n, &mut tier_in);
}

/// Choose up to `want` distinct partners from the union of `lists`, never `me`.
fn pick_distinct(lists: &[&[u32]], want: usize, me: u32, s: &mut Stream, out: &mut Vec<u32>) {
    out.clear();
    let total: usize = lists.iter().map(|l| l.len()).sum();
    let available = total - lists.iter().filter(|l| l.contains(&me)).count();
    if available == 0 {
        return;
    }
    let at = |mut i: usize| {
        for l in lists {
            if i < l.len() {
                return l[i];
            }
            i -= l.len();
        }
        unreachable!()
    };
    if want >= available {
        out.extend(lists.iter().flat_map(|l| l.iter().copied()).filter(|&x| x != me));
        return;
    }
    while out.len() < want {
        let c = at(s.below(total));
        if c != me && !out.contains(&c) {
            out.push(c);
        }
    }
}

/// Simulate the horizon once with the patterns in `mask` switched on; results in `sc.run`.
///
/// A counterfactual run (`detail` false) is read only for its revenue by quarter, so it skips
/// the breakdowns by type and source, coverage and net revenue retention; everything it does
/// compute is the same as in a detailed run.
fn run(plan: &Plan, tp: &TrialParams, mask: u64, detail: bool, sc: &mut Scratch) {
    let m = plan.model;
    let l = &plan.layout;
    let n = plan.partners.len();
    let cells = l.cells;
    let h = l.quarters;
    let nr = m.regions.len();
    let nt = l.types;
    let nseg = m.segments.len();
    // Borrow every working array once: the quarter loop then works on plain slices.
    let Scratch {
        prod,
        pkey,
        collab,
        referral,
        tier_in,
        active,
        ramp,
        idle,
        won,
        hurt,
        served,
        served_by,
        attach,
        eff,
        lam,
        lam_wanted,
        kept,
        taken,
        collab_cap,
        collab_demand,
        collab_used,
        referred,
        ref_conflict,
        ref_touched,
        live_links,
        live_groups,
        group_start,
        asks,
        accounts,
        prospects,
        customers,
        demand,
        scale,
        worked,
        inv_pros,
        direct_keep,
        listings,
        reach,
        cellbuf,
        ledger,
        run: out,
        work: total_work,
        ..
    } = sc;
    out.reset(l);
    for v in [&mut *ramp, &mut *eff, &mut *lam, &mut *lam_wanted, &mut *kept, &mut *taken, &mut *collab_cap, &mut *collab_demand, &mut *collab_used] {
        v.clear();
        v.resize(n, 0.0);
    }
    for v in [&mut *active, &mut *won, &mut *hurt] {
        v.clear();
        v.resize(n, false);
    }
    idle.clear();
    idle.resize(n, 0);
    served.clear();
    served.resize(n, NONE);
    served_by.clear();
    served_by.resize(n, 0);
    group_start.clear();
    group_start.resize(n + 1, 0);
    attach.clear();
    attach.resize(n, 0);
    for v in [&mut *accounts, &mut *prospects, &mut *customers, &mut *demand, &mut *scale, &mut *worked, &mut *inv_pros, &mut *direct_keep] {
        v.clear();
        v.resize(cells, 0.0);
    }
    listings.clear();
    listings.resize(nt * cells, 0.0);
    reach.clone_from(&plan.reach);
    // Ledger series: cells, then type × segment, then source × segment.
    let type_series = cells;
    let source_series = type_series + nt * nseg;
    ledger.reset(h, source_series + SOURCES.len() * nseg, cells, m.subscription);
    let max_reach = plan.reach.iter().map(Vec::len).max().unwrap_or(0);
    cellbuf.clear();
    cellbuf.resize(max_reach, Slot::default());
    ref_conflict.clear();
    ref_conflict.resize(n * max_reach, f64::NAN);
    ref_touched.clear();
    let is_on = |k: u16| mask & (1u64 << k) != 0;
    let mut growth = 1.0;
    let pattern_cost: f64 = plan.enabled.iter().filter(|&&k| is_on(k as u16)).map(|&k| tp.patterns[k].cost).sum();
    let mut work = Work::default();
    let cell_segment = &plan.cell_segment[..];
    let subscription = m.subscription;
    let mut book = Book { ledger: &mut *ledger, type_series, source_series, nseg, quarters: h, subscription, growth_pow: &tp.growth_pow, inv_growth_pow: &tp.inv_growth_pow, ln_stay: &tp.ln_stay, detail, nrr: (0.0, 0.0) };

    for q in 0..l.quarters {
        let mut any_customers = false;
        for c in 0..cells {
            accounts[c] = m.accounts[c] * growth;
            customers[c] += book.ledger.customers[c * book.ledger.stride + q];
            let pr = (accounts[c] - customers[c]).max(0.0);
            any_customers |= customers[c] != 0.0;
            prospects[c] = pr;
            inv_pros[c] = if pr > 0.0 { 1.0 / pr } else { 0.0 };
            direct_keep[c] = 1.0 - tp.direct_rate * tp.direct[c] * tp.direct_factor;
            demand[c] = 0.0;
            worked[c] = 0.0;
        }
        growth *= tp.growth_q;
        // Effort is spread over a partner's cells in proportion to their prospects: customers
        // are no longer prospects, so shares move as cells fill up.
        if any_customers {
            for (list, fixed) in reach.iter_mut().zip(&plan.reach) {
                let total: f64 = fixed.iter().map(|&(c, _)| prospects[c]).sum();
                for (x, &(c, _)) in list.iter_mut().zip(fixed) {
                    x.1 = if total > 0.0 { prospects[c] / total } else { 0.0 };
                }
            }
        }
        let mut costs = pattern_cost + tp.policy_cost;
        out.pattern_costs += pattern_cost;

        // 1. Recruit.
        for p in plan.arrivals[q].clone() {
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            active[p] = true;
            ramp[p] = if (spec.initial && plan.scenario.initial_ramped) || t.ramp_quarters == 0 { 1.0 } else { 0.0 };
            idle[p] = 0;
            if !spec.initial {
                costs += t.recruit;
                if !t.transacts {
                    out.enabler_costs += t.recruit;
                }
            }
        }

        // Links in force this quarter: two-tier service, and the deal patterns each partner
        // can attach to its opportunities, with their live links grouped by pattern (so an
        // opportunity finds its possible collaborators without scanning every link).
        live_links.clear();
        live_groups.clear();
        for p in 0..n {
            let mut sv = NONE;
            let mut by = 0;
            let mut at = 0u64;
            group_start[p] = live_groups.len() as u32;
            if active[p] {
                for &(d, k) in tier_in.of(p) {
                    if is_on(k) && active[d as usize] {
                        sv = k;
                        by = d;
                        break;
                    }
                }
                for &(t, k) in collab.of(p) {
                    if is_on(k) && active[t as usize] {
                        at |= 1 << k;
                    }
                }
                let mut bits = at;
                while bits != 0 {
                    let k = bits.trailing_zeros() as u16;
                    bits &= bits - 1;
                    let start = live_links.len() as u32;
                    live_links.extend(collab.of(p).iter().filter(|&&(t, kk)| kk == k && active[t as usize]).map(|&(t, _)| t));
                    live_groups.push((k, start, live_links.len() as u32 - start));
                }
            }
            served[p] = sv;
            served_by[p] = by;
            attach[p] = at;
        }
        group_start[n] = live_groups.len() as u32;

        listings.iter_mut().for_each(|x| *x = 0.0);
        // 2. Work the market: wanted effort per cell, then saturation. Influence types work
        // the accounts they touch; marketplace listings work none (their buyers come to them).
        for p in 0..n {
            eff[p] = 0.0;
            lam[p] = 0.0;
            lam_wanted[p] = 0.0;
            kept[p] = 0.0;
            taken[p] = 0.0;
            collab_demand[p] = 0.0;
            collab_used[p] = 0.0;
            if !active[p] {
                continue;
            }
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            costs += t.per_quarter;
            if !t.transacts {
                out.enabler_costs += t.per_quarter;
            }
            collab_cap[p] = if t.collaboration.is_finite() { t.collaboration * ramp[p] } else { f64::INFINITY };
            if t.marketplace {
                for &(c, _) in &reach[spec.ty * nr + spec.region] {
                    listings[spec.ty * cells + c] += 1.0;
                }
                continue;
            }
            let up = if served[p] != NONE { 1.0 + tp.patterns[served[p] as usize].prod_up } else { 1.0 };
            let e = t.capacity * ramp[p] * prod[p] * up;
            eff[p] = e;
            for &(c, share) in &reach[spec.ty * nr + spec.region] {
                demand[c] += e * share;
            }
        }
        for c in 0..cells {
            scale[c] = if demand[c] > prospects[c] { prospects[c] / demand[c] } else { 1.0 };
        }
        // Mean opportunities of each partner, and the accounts worked in each cell.
        for p in 0..n {
            let e = eff[p];
            if e <= 0.0 {
                continue;
            }
            let spec = &plan.partners[p];
            let (mut lm, mut lw) = (0.0, 0.0);
            for &(c, share) in &reach[spec.ty * nr + spec.region] {
                let d = e * share;
                let b = tp.buy[cell_segment[c]];
                worked[c] += d * scale[c];
                lm += d * scale[c] * b;
                lw += d * b;
            }
            lam[p] = lm;
            lam_wanted[p] = lw;
        }
        // 6. (mean) Marketplace demand: the cell's buyers among the prospects nobody works,
        // shared between the listings of one marketplace. From here on `listings` holds the
        // mean demand of one listing.
        for (ty, t) in tp.types.iter().enumerate() {
            if !t.marketplace {
                continue;
            }
            for c in 0..cells {
                let x = &mut listings[ty * cells + c];
                if *x > 0.0 {
                    *x = marketplace_mean(tp, t, cell_segment[c], prospects[c], worked[c], inv_pros[c]) / *x;
                }
            }
        }
        for &p in &plan.listing_partners {
            let p = p as usize;
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            if !active[p] || !t.marketplace {
                continue;
            }
            let mut lm = 0.0;
            for &(c, _) in &plan.reach[spec.ty * nr + spec.region] {
                lm += listings[spec.ty * cells + c];
            }
            lam[p] = lm;
            lam_wanted[p] = lm;
        }
        // 5. (capacity) Expected collaborative demand on each receiving partner: a partner's
        // attached opportunities are shared among its live links of the pattern.
        for p in 0..n {
            if lam[p] <= 0.0 {
                continue;
            }
            for &(k, start, count) in &live_groups[group_start[p] as usize..group_start[p + 1] as usize] {
                let each = tp.patterns[k as usize].attach * lam[p] / count as f64;
                for &t in &live_links[start as usize..(start + count) as usize] {
                    collab_demand[t as usize] += each;
                }
            }
        }
        // From here on `collab_demand` holds the share of asked-for collaboration that finds room.
        for p in 0..n {
            let d = collab_demand[p];
            collab_demand[p] = if d > collab_cap[p] { collab_cap[p] / d } else { 1.0 };
        }

        let conflict = Conflict { rate: tp.overlap, factor: tp.partner_factor, inv_pros: &inv_pros[..], direct_keep: &direct_keep[..] };
        let mut sink = Sink {
            tp,
            plan,
            q,
            served: &*served,
            served_by: &*served_by,
            live_links: &*live_links,
            live_groups: &*live_groups,
            group_start: &*group_start,
            collab_fit: &*collab_demand,
            collab_cap: &*collab_cap,
            collab_used: &mut *collab_used,
            book: &mut book,
            bookings: 0.0,
            collab_unserved: 0.0,
            lost: 0.0,
            opportunities: 0,
            deals: 0,
        };

        // 3. Own pipeline (and what referrers find): one Poisson draw for the partner's quarter
        // (the sum over its cells), each opportunity then placed in a cell in proportion to
        // that cell's mean — the same distribution as a Poisson per cell, at a fraction of the
        // draws. A referrer passes the last of them over its live referral links (at most what
        // it found); a transacting partner works the rest itself, an influence type none.
        referred.clear();
        for p in 0..n {
            let lm = lam[p];
            if lm <= 0.0 {
                continue;
            }
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            let mut s = Stream::new(quarter_key(pkey[p], q, purpose::OWN));
            work.partner_quarters += 1;
            let found = s.poisson(lm);
            work.poisson_draws += 1;
            work.poisson_mean_sum += lm;
            // Referral requests of the quarter, each link on a stream of its own. When the
            // links ask for more than the referrer found, what it found is shared between them
            // in proportion to their asks (largest remainders), not first come first served.
            let mut passed = 0u64;
            let links = referral.of(p);
            if !links.is_empty() && active[p] {
                let base = quarter_key(pkey[p], q, purpose::REFERRAL);
                asks.clear();
                // e^(−mean) of the last pattern's asks: a referrer's links mostly share one.
                let mut last = (NONE, 0.0, 1.0);
                for (j, &(r, k)) in links.iter().enumerate() {
                    let pp = &tp.patterns[k as usize];
                    if !is_on(k) || !active[r as usize] || pp.referrals <= 0.0 || !tp.types[plan.partners[r as usize].ty].transacts {
                        continue;
                    }
                    if last.0 != k {
                        let mean = pp.referrals * ramp[p] * prod[p];
                        last = (k, mean, (-mean).exp());
                    }
                    let mut ls = Stream::new(super::rng::mix(base ^ j as u64));
                    let ask = ls.poisson_with(last.1, last.2);
                    work.poisson_draws += 1;
                    work.poisson_mean_sum += last.1;
                    if ask > 0 {
                        asks.push((r, k, ask, 0.0));
                    }
                }
                let asked: u64 = asks.iter().map(|a| a.2).sum();
                if asked > found {
                    let mut given = 0;
                    for a in asks.iter_mut() {
                        let share = found as f64 * a.2 as f64 / asked as f64;
                        a.2 = share.floor() as u64;
                        a.3 = share - share.floor();
                        given += a.2;
                    }
                    for _ in given..found {
                        // The largest remainder (the first of equals) takes the next lead.
                        let Some(best) = (0..asks.len()).max_by(|&x, &y| asks[x].3.total_cmp(&asks[y].3).then(y.cmp(&x))) else { break };
                        asks[best].2 += 1;
                        asks[best].3 = -1.0;
                    }
                }
                for &(r, k, give, _) in asks.iter() {
                    passed += give;
                    for _ in 0..give {
                        referred.push(Referred { referrer: p as u32, receiver: r, cell: 0, pattern: k, word: 0 });
                    }
                }
            }
            let keep = if t.transacts { found - passed } else { 0 };
            kept[p] = keep as f64;
            if found == 0 {
                continue;
            }
            // The partner's cells: where its opportunities fall, and the conflict each meets
            // there (crowding by the others' wanted effort in the cell).
            let fixed = &plan.reach[spec.ty * nr + spec.region];
            let list = &reach[spec.ty * nr + spec.region];
            let mut cum = 0.0;
            for (slot, (&(c, _), &(_, share))) in cellbuf.iter_mut().zip(fixed.iter().zip(list)) {
                let (mean, own) = if t.marketplace {
                    (listings[spec.ty * cells + c], 0.0)
                } else {
                    let d = eff[p] * share;
                    (d * scale[c] * tp.buy[cell_segment[c]], d)
                };
                cum += mean;
                *slot = Slot { cell: c, cum, own, conflict: f64::NAN };
            }
            let cb = &mut cellbuf[..fixed.len()];
            let first_referred = referred.len() - passed as usize;
            for i in 0..found {
                let word = s.next();
                let at = pick_cell(cb, word, cum);
                let slot = &mut cb[at];
                let c = slot.cell;
                if i < keep {
                    // Crowding by the others' wanted effort in the cell, once per cell it is needed in.
                    if slot.conflict.is_nan() {
                        slot.conflict = conflict.probability(c, demand[c] - slot.own);
                    }
                    let pconf = slot.conflict;
                    let source = if t.marketplace { Source::Marketplace } else { Source::Own };
                    sink.deal(p, c, word, source, pconf, Referral::None, won, hurt);
                } else if i >= found - passed {
                    let r = &mut referred[first_referred + (i - (found - passed)) as usize];
                    r.cell = c as u32;
                    r.word = word;
                }
            }
        }
        // 4. Referred opportunities land where the receiver has room: its capacity's worth of
        // opportunities (capacity × ramp × productivity × buy rate) minus its own. A fraction
        // of an opportunity of room left takes one more with that probability (drawn from the
        // opportunity's own word), so a receiver takes its room in expectation and never more
        // than one opportunity beyond it.
        let mut unserved = 0.0;
        for r in referred.iter() {
            let to = r.receiver as usize;
            let room = lam_wanted[to] - kept[to] - taken[to];
            if room < 1.0 && sub_uniform(r.word, 4) >= room {
                unserved += 1.0;
                continue;
            }
            taken[to] += 1.0;
            let c = r.cell as usize;
            let spec = &plan.partners[to];
            // The conflict the receiver's opportunities meet in the cell, once per receiver-cell.
            let pconf = match reach[spec.ty * nr + spec.region].iter().position(|x| x.0 == c) {
                Some(i) => {
                    let at = to * max_reach + i;
                    if ref_conflict[at].is_nan() {
                        ref_conflict[at] = conflict.probability(c, demand[c] - eff[to] * reach[spec.ty * nr + spec.region][i].1);
                        ref_touched.push(at as u32);
                    }
                    ref_conflict[at]
                }
                None => conflict.probability(c, demand[c]),
            };
            sink.deal(to, c, r.word, Source::Referral, pconf, Referral::From { partner: r.referrer as usize, pattern: r.pattern as usize }, won, hurt);
        }

        for &at in ref_touched.iter() {
            ref_conflict[at as usize] = f64::NAN;
        }
        ref_touched.clear();
        let (bookings, lost) = (sink.bookings, sink.lost);
        out.collab_unserved += sink.collab_unserved;
        work.opportunities += sink.opportunities;
        work.deals += sink.deals;

        // 10. Churn, and ramp progress for those who stay. A partner is idle when it has
        // enabled no win for two quarters.
        let mut active_count = 0.0;
        for p in 0..n {
            if !active[p] {
                continue;
            }
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            idle[p] = if won[p] { 0 } else { idle[p].saturating_add(1) };
            let was_hurt = hurt[p];
            won[p] = false;
            hurt[p] = false;
            let mut pc = t.churn;
            if pc > 0.0 {
                if idle[p] >= 2 {
                    pc *= m.idle_multiplier;
                }
                if was_hurt {
                    pc *= m.conflict_multiplier;
                }
                if sub_uniform(quarter_key(pkey[p], q, purpose::CHURN), 0) < pc.min(1.0) {
                    active[p] = false;
                    continue;
                }
            }
            if ramp[p] < 1.0 {
                let speed = if served[p] != NONE { 1.0 + tp.patterns[served[p] as usize].speedup } else { 1.0 };
                ramp[p] = (ramp[p] + speed / t.ramp_quarters.max(1) as f64).min(1.0);
            }
            active_count += 1.0;
            out.type_active[spec.ty * h + q] += 1.0;
        }

        // 12. Coverage: customers, and the prospects worked this quarter with efforts
        // overlapping at random.
        let mut covered = 0.0;
        let mut total_accounts = 0.0;
        for c in (0..cells).filter(|_| detail) {
            let a = accounts[c];
            let reached = customers[c].min(a) + prospects[c] * (1.0 - (-worked[c] * inv_pros[c]).exp());
            let cov = if a > 0.0 { (reached / a).min(1.0) } else { 0.0 };
            covered += cov * a;
            total_accounts += a;
            out.cell_coverage[c * h + q] = cov;
        }
        out.q_coverage[q] = if total_accounts > 0.0 { covered / total_accounts } else { 0.0 };
        out.q_costs[q] = costs;
        out.q_active[q] = active_count;
        out.q_lost[q] = lost;
        out.q_bookings[q] = bookings;
        out.q_unserved[q] = unserved;
    }
    // Recognised revenue per quarter, from the ledger.
    let (nrr_base, nrr_kept) = book.nrr;
    out.nrr_base = nrr_base;
    out.nrr_kept = nrr_kept;
    let mut vals = vec![0.0; h + 1];
    let mut next_quarter = 0.0;
    for c in 0..cells {
        ledger.resolve(c, tp.expansion[cell_segment[c]], &mut vals);
        for q in 0..h {
            out.cell_revenue[c * h + q] = vals[q];
            out.q_revenue[q] += vals[q];
            if q + 1 < h {
                out.q_arr[q] += 4.0 * vals[q + 1];
            }
        }
        next_quarter += vals[h];
    }
    if subscription {
        out.q_arr[h - 1] = 4.0 * next_quarter;
    } else {
        out.q_arr.iter_mut().for_each(|v| *v = 0.0);
    }
    for t in (0..nt).filter(|_| detail) {
        for s in 0..nseg {
            ledger.resolve(type_series + t * nseg + s, tp.expansion[s], &mut vals);
            for q in 0..h {
                out.type_revenue[t * h + q] += vals[q];
            }
        }
    }
    for src in (0..SOURCES.len()).filter(|_| detail) {
        for s in 0..nseg {
            ledger.resolve(source_series + src * nseg + s, tp.expansion[s], &mut vals);
            for q in 0..h {
                out.source[src * h + q] += vals[q];
            }
        }
    }
    out.total = out.q_revenue.iter().sum();
    // Streams: one per own-pipeline partner-quarter and per referral link-quarter (each with
    // its Poisson draw), plus the churn draw of every partner-quarter.
    work.streams = work.poisson_draws + l.quarters as u64 * n as u64;
    total_work.add(&work);
}

/// Mean marketplace opportunities of a cell for one marketplace type (before sharing between
/// its listings): the cell's marketplace buyers among the prospects no partner works this
/// quarter (random overlap), so a cell's opportunities never exceed prospects × buy rate.
#[inline]
fn marketplace_mean(tp: &TrialParams, t: &TypeParams, seg: usize, prospects: f64, worked: f64, inv_pros: f64) -> f64 {
    prospects * (-worked * inv_pros).exp() * t.buyers[seg] * tp.buy[seg]
}

/// One of a partner's cells in a quarter, for placing its opportunities.
#[derive(Clone, Copy, Default)]
struct Slot {
    cell: usize,
    /// Cumulative mean opportunities of the partner's cells up to this one.
    cum: f64,
    /// The partner's own wanted effort in the cell.
    own: f64,
    /// Conflict probability of the partner's opportunities there (NaN until first needed).
    conflict: f64,
}

/// Place an opportunity in one of the partner's cells, in proportion to each cell's mean;
/// returns the slot's index. The cell is found by counting the cumulative means below the
/// draw, without branches: a search that branched on a random draw would mispredict on most
/// opportunities.
#[inline(always)]
fn pick_cell(cells: &[Slot], word: u64, lambda: f64) -> usize {
    if cells.len() == 1 {
        return 0;
    }
    let x = sub_uniform(word, 5) * lambda;
    cells.iter().map(|cell| (cell.cum <= x) as usize).sum::<usize>().min(cells.len() - 1)
}

/// Conflict rates of a quarter (step 7), per cell.
struct Conflict<'a> {
    /// `partner_overlap_rate`: how fast partner-vs-partner overlap grows with crowding.
    rate: f64,
    /// What adopted policies leave of partner-vs-partner conflict.
    factor: f64,
    /// 1 / prospects of each cell (0 for an empty cell).
    inv_pros: &'a [f64],
    /// 1 − the direct-vs-partner conflict probability of each cell, after governance.
    direct_keep: &'a [f64],
}

impl Conflict<'_> {
    /// Probability that an opportunity in `cell` meets conflict, when other partners want to
    /// work `others` accounts there. Crowding is not capped: past saturation it keeps rising.
    #[inline(always)]
    fn probability(&self, cell: usize, others: f64) -> f64 {
        let crowd = (others * self.inv_pros[cell]).max(0.0);
        let overlap = if self.rate > 0.0 && crowd > 0.0 { 1.0 - (-self.rate * crowd).exp() } else { 0.0 };
        1.0 - (1.0 - overlap * self.factor) * self.direct_keep[cell]
    }
}

/// Whether an opportunity was referred, and by whom over which pattern.
#[derive(Clone, Copy)]
enum Referral {
    None,
    From { partner: usize, pattern: usize },
}

/// Where won deals go: the quarters their revenue is recognised in (MODEL.md steps 8–9).
struct Book<'a> {
    ledger: &'a mut Ledger,
    type_series: usize,
    source_series: usize,
    nseg: usize,
    quarters: usize,
    subscription: bool,
    /// Per segment, `G^j` and `G^−j` for j in `0..=H+1` (`[seg × (H + 2) + j]`), and ln(1 − the
    /// customer churn) — each computed as the win would, once per run instead of once per win.
    growth_pow: &'a [f64],
    inv_growth_pow: &'a [f64],
    ln_stay: &'a [f64],
    /// (ARR four quarters before the end of the customers then active, what they have at the end).
    nrr: (f64, f64),
    /// Book into the type and source series and count retention too (not in counterfactual runs).
    detail: bool,
}

impl Book<'_> {
    /// Book a win in quarter `q`: list ACV `acv`, the vendor's share in its first year and on
    /// renewals, and the customer's churn per quarter (one-time models: the share is revenue now).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn win(&mut self, q: usize, cell: usize, seg: usize, ty: usize, source: Source, acv: f64, first: f64, renewal: f64, churn: f64, touched: bool, word: u64) {
        let series = [cell, self.type_series + ty * self.nseg + seg, self.source_series + source as usize * self.nseg + seg];
        let series = &series[..if self.detail { 3 } else { 1 }];
        if !self.subscription {
            for &s in series {
                self.ledger.add_once(s, q, acv * first);
            }
            return;
        }
        // The customer pays from the quarter after the win for a geometric number of quarters.
        let lifetime = if churn <= 0.0 {
            usize::MAX / 4
        } else if churn >= 1.0 {
            1
        } else {
            let ln_stay = if touched { (1.0 - churn).ln() } else { self.ln_stay[seg] };
            1 + (sub_uniform(word, 3).ln() / ln_stay) as usize
        };
        let start = q + 1;
        let end = start.saturating_add(lifetime);
        let pow = self.quarters + 2;
        let scaled = acv / 4.0 * self.inv_growth_pow[seg * pow + start];
        let renew_at = (start + 4).min(end);
        for &s in series {
            self.ledger.add(s, start, renew_at, scaled * first);
            self.ledger.add(s, renew_at, end, scaled * renewal);
        }
        let stride = self.ledger.stride;
        let cust = &mut self.ledger.customers[cell * stride..(cell + 1) * stride];
        if start < stride {
            cust[start] += 1.0;
            if end < stride {
                cust[end] -= 1.0;
            }
        }
        // Net revenue retention over the last four quarters: customers active at the end of
        // quarter H−5 (0-based), and their list ARR at the end of quarter H−1.
        let h = self.quarters;
        if self.detail && h >= 5 && q + 5 <= h {
            let j0 = h - 5;
            if q + lifetime > j0 {
                self.nrr.0 += acv * self.growth_pow[seg * pow + j0 - q];
                if q + lifetime > h - 1 {
                    self.nrr.1 += acv * self.growth_pow[seg * pow + h - 1 - q];
                }
            }
        }
    }
}

/// Where opportunities' outcomes go during one quarter of one run.
struct Sink<'a, 'b, 'c> {
    tp: &'a TrialParams,
    plan: &'a Plan<'b>,
    q: usize,
    served: &'a [u16],
    served_by: &'a [u32],
    /// Each partner's live deal-pattern links this quarter: groups (pattern, start, count) of
    /// `live_links`, the groups of partner p at `group_start[p]..group_start[p + 1]`.
    live_links: &'a [u32],
    live_groups: &'a [(u16, u32, u32)],
    group_start: &'a [u32],
    /// Per receiving partner: the share of asked-for collaboration its capacity can take.
    collab_fit: &'a [f64],
    collab_cap: &'a [f64],
    collab_used: &'a mut [f64],
    book: &'a mut Book<'c>,
    bookings: f64,
    /// Opportunities that would have been worked with a linked partner who had no room.
    collab_unserved: f64,
    lost: f64,
    opportunities: u64,
    deals: u64,
}

impl Sink<'_, '_, '_> {
    /// Steps 5, 7–9 for one opportunity of partner `p` in cell `c`: conflict, collaboration,
    /// win, and the vendor's net revenue booked into the quarters it is recognised in.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn deal(&mut self, p: usize, c: usize, word: u64, mut source: Source, pconf: f64, referral: Referral, won: &mut [bool], hurt: &mut [bool]) {
        self.opportunities += 1;
        // Conflict, and whether it loses the opportunity, from one hash of the word; neither
        // outcome branches unless the opportunity is lost (the rare case), since a branch on a
        // random draw mispredicts about as often as the draw goes the other way.
        let (uc, ul) = unit_pair(word, 0);
        let conflicted = uc < pconf;
        hurt[p] |= conflicted;
        if conflicted & (ul < self.tp.loss) {
            self.lost += 1.0;
            return;
        }
        let ty = self.plan.partners[p].ty;
        let t = &self.tp.types[ty];
        let mut win = t.win;
        let mut size = t.factor;
        let mut fees = 1.0;
        let mut churn_keep = 1.0;
        let mut influenced = false;
        // Partners who supported the deal (credited if it is won), one per pattern at most.
        let mut supporters = [0u32; 8];
        let mut n_supporters = 0;
        for &(k, start, live) in &self.live_groups[self.group_start[p] as usize..self.group_start[p + 1] as usize] {
            let k = k as usize;
            let pp = &self.tp.patterns[k];
            let u = sub_uniform(word, 8 + k as u64);
            if u >= pp.attach {
                continue;
            }
            // The linked partner this opportunity would be worked with, and its room.
            let pick = if live > 1 { ((sub_uniform(word, 80 + k as u64) * live as f64) as u32).min(live - 1) } else { 0 };
            let with = self.live_links[(start + pick) as usize] as usize;
            let hit = u < pp.attach * self.collab_fit[with] && self.collab_used[with] + 1.0 <= self.collab_cap[with];
            self.collab_unserved += !hit as u8 as f64;
            if hit {
                self.collab_used[with] += 1.0;
                win *= 1.0 + pp.win_up;
                size *= 1.0 + pp.deal_up;
                fees *= 1.0 - pp.fee;
                churn_keep *= pp.churn_keep;
                if n_supporters < supporters.len() {
                    supporters[n_supporters] = with as u32;
                    n_supporters += 1;
                }
                influenced = true;
            }
        }
        if influenced && source == Source::Own {
            source = Source::Influenced;
        }
        if sub_uniform(word, 2) >= win {
            return;
        }
        won[p] = true;
        for &s in &supporters[..n_supporters] {
            won[s as usize] = true;
        }
        let mut ref_fee = 0.0;
        if let Referral::From { partner, pattern } = referral {
            won[partner] = true;
            ref_fee = self.tp.patterns[pattern].fee;
            churn_keep *= self.tp.patterns[pattern].churn_keep;
        }
        let sv = self.served[p];
        let margin = if sv != NONE {
            if self.tp.patterns[sv as usize].serves {
                won[self.served_by[p] as usize] = true;
            }
            churn_keep *= self.tp.patterns[sv as usize].churn_keep;
            self.tp.patterns[sv as usize].margin
        } else {
            0.0
        };
        self.deals += 1;
        // Deal size: lognormal, its normal drawn (ziggurat) from a stream of the opportunity's own.
        let z: f64 = Stream::new(word ^ 0x5851_F42D_4C95_7F2D).sample(StandardNormal);
        let seg = self.plan.cell_segment[c];
        let list = (self.tp.mu[seg] + self.tp.sigma[seg] * z).exp() * size;
        let first = (t.keep * (1.0 - ref_fee) * fees - margin).max(0.0);
        let renewal = (t.renewal_keep * fees - margin).max(0.0);
        self.bookings += list * first;
        let churn = self.tp.customer_churn[seg] * churn_keep;
        self.book.win(self.q, c, seg, ty, source, list, first, renewal, churn, churn_keep != 1.0, word);
    }
}
