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
pub const KPI_NAMES: [&str; 9] = [
    "total_revenue",
    "final_quarter_revenue",
    "coverage_final",
    "net_contribution",
    "inter_partner_revenue",
    "ecosystem_multiplier",
    "active_partners_final",
    "total_costs",
    "revenue_without_collaboration",
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
pub const N_KPI: usize = KPI_NAMES.len();

/// Per-quarter series, in record order.
pub const QUARTER_SERIES: [&str; 6] = ["revenue", "coverage", "net_contribution", "costs", "active_partners", "opportunities_lost_to_conflict"];
/// Contribution sources, in record order.
pub const SOURCES: [&str; 3] = ["own_pipeline", "referral_sourced", "collaboration_influenced"];

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
    pub fn width(&self) -> usize {
        self.pattern(self.patterns)
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
        let layout = Layout { quarters: horizon, types: nt, cells, patterns: enabled.len() };
        let mut plan = Plan { model, scenario, seed, trials, sampling, counterfactuals, pattern_trials, design: opts.design.clone(), correlated: Vec::new(), partners, by_type_region, arrivals, reach, cell_segment, enabled, layout };
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
    transacts: bool,
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
    cost: f64,
}

/// Every uncertain input of the model and scenario, sampled for one trial.
#[derive(Debug, Clone, Default)]
pub(crate) struct TrialParams {
    growth_q: f64,
    mu: Vec<f64>,
    sigma: Vec<f64>,
    buy: Vec<f64>,
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
        }
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
                transacts,
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
                    cost: p.cost_per_quarter.value(u) * x,
                }
            } else {
                PatternParams::default()
            });
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
    won: Vec<bool>,
    hurt: Vec<bool>,
    served: Vec<u16>,
    attach: Vec<u64>,
    eff: Vec<f64>,
    accounts: Vec<f64>,
    demand: Vec<f64>,
    scale: Vec<f64>,
    worked: Vec<f64>,
    inv_acc: Vec<f64>,
    direct_keep: Vec<f64>,
    picks: Vec<u32>,
    cellbuf: Vec<(usize, f64, f64)>,
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

/// What one run of a trial's horizon produces.
#[derive(Default, Clone)]
struct RunOut {
    total: f64,
    q_revenue: Vec<f64>,
    q_coverage: Vec<f64>,
    q_costs: Vec<f64>,
    q_active: Vec<f64>,
    q_lost: Vec<f64>,
    type_revenue: Vec<f64>,
    type_active: Vec<f64>,
    source: [f64; 3],
    cell_coverage: Vec<f64>,
    cell_revenue: Vec<f64>,
}

impl RunOut {
    fn reset(&mut self, l: &Layout) {
        self.total = 0.0;
        for (v, n) in [
            (&mut self.q_revenue, l.quarters),
            (&mut self.q_coverage, l.quarters),
            (&mut self.q_costs, l.quarters),
            (&mut self.q_active, l.quarters),
            (&mut self.q_lost, l.quarters),
            (&mut self.type_revenue, l.types),
            (&mut self.type_active, l.types),
            (&mut self.cell_coverage, l.cells),
            (&mut self.cell_revenue, l.cells),
        ] {
            v.clear();
            v.resize(n, 0.0);
        }
        self.source = [0.0; 3];
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
    run(plan, &tp, mask_all, sc);
    let base = sc.run.clone();
    let l = &plan.layout;
    let h = l.quarters;
    let costs: f64 = base.q_costs.iter().sum();
    let mut without = base.total;
    if plan.counterfactuals >= Counterfactuals::Total && mask_all != 0 {
        run(plan, &tp, 0, sc);
        without = sc.run.total;
    }
    row[K_TOTAL] = base.total;
    row[K_FINAL_Q] = base.q_revenue[h - 1];
    row[K_COVERAGE] = base.q_coverage[h - 1];
    row[K_NET] = base.total - costs;
    row[K_INTER] = base.total - without;
    row[K_MULT] = if without > 0.0 { base.total / without } else { 1.0 };
    row[K_ACTIVE] = base.q_active[h - 1];
    row[K_COSTS] = costs;
    row[K_WITHOUT] = without;
    for q in 0..h {
        row[l.quarter(0, q)] = base.q_revenue[q];
        row[l.quarter(1, q)] = base.q_coverage[q];
        row[l.quarter(2, q)] = base.q_revenue[q] - base.q_costs[q];
        row[l.quarter(3, q)] = base.q_costs[q];
        row[l.quarter(4, q)] = base.q_active[q];
        row[l.quarter(5, q)] = base.q_lost[q];
    }
    for t in 0..l.types {
        row[l.type_revenue(t)] = base.type_revenue[t];
        row[l.type_active(t)] = base.type_active[t];
    }
    for s in 0..3 {
        row[l.source(s)] = base.source[s];
    }
    for c in 0..l.cells {
        row[l.cell_coverage(c)] = base.cell_coverage[c];
        row[l.cell_revenue(c)] = base.cell_revenue[c];
    }
    for (i, &k) in plan.enabled.iter().enumerate() {
        row[l.pattern(i)] = if plan.counterfactuals == Counterfactuals::PerPattern && trial < plan.pattern_trials {
            run(plan, &tp, mask_all & !(1 << k), sc);
            base.total - sc.run.total
        } else {
            f64::NAN
        };
    }
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
fn run(plan: &Plan, tp: &TrialParams, mask: u64, sc: &mut Scratch) {
    let m = plan.model;
    let l = &plan.layout;
    let n = plan.partners.len();
    let cells = l.cells;
    let nr = m.regions.len();
    // Borrow every working array once: the quarter loop then works on plain slices.
    let Scratch { prod, pkey, collab, referral, tier_in, active, ramp, idle, won, hurt, served, attach, eff, accounts, demand, scale, worked, inv_acc, direct_keep, cellbuf, run: out, work: total_work, .. } = sc;
    out.reset(l);
    for v in [&mut *ramp, &mut *eff] {
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
    attach.clear();
    attach.resize(n, 0);
    for v in [&mut *accounts, &mut *demand, &mut *scale, &mut *worked, &mut *inv_acc, &mut *direct_keep] {
        v.clear();
        v.resize(cells, 0.0);
    }
    let max_reach = plan.reach.iter().map(Vec::len).max().unwrap_or(0);
    cellbuf.clear();
    cellbuf.resize(max_reach, (0, 0.0, 0.0));
    let is_on = |k: u16| mask & (1u64 << k) != 0;
    let mut growth = 1.0;
    let pattern_cost: f64 = plan.enabled.iter().filter(|&&k| is_on(k as u16)).map(|&k| tp.patterns[k].cost).sum();
    let mut work = Work::default();
    let cell_segment = &plan.cell_segment[..];

    for q in 0..l.quarters {
        for c in 0..cells {
            accounts[c] = m.accounts[c] * growth;
            inv_acc[c] = if accounts[c] > 0.0 { 1.0 / accounts[c] } else { 0.0 };
            direct_keep[c] = 1.0 - tp.direct_rate * tp.direct[c] * tp.direct_factor;
            demand[c] = 0.0;
            worked[c] = 0.0;
        }
        growth *= tp.growth_q;
        let mut costs = pattern_cost + tp.policy_cost;

        // 1. Recruit.
        for p in plan.arrivals[q].clone() {
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            active[p] = true;
            ramp[p] = if (spec.initial && plan.scenario.initial_ramped) || t.ramp_quarters == 0 { 1.0 } else { 0.0 };
            idle[p] = 0;
            if !spec.initial {
                costs += t.recruit;
            }
        }

        // Links in force this quarter: two-tier service, and the deal patterns each partner
        // can attach to its opportunities.
        for p in 0..n {
            let mut sv = NONE;
            let mut at = 0u64;
            if active[p] {
                for &(d, k) in tier_in.of(p) {
                    if is_on(k) && active[d as usize] {
                        sv = k;
                        break;
                    }
                }
                for &(t, k) in collab.of(p) {
                    if is_on(k) && active[t as usize] {
                        at |= 1 << k;
                    }
                }
            }
            served[p] = sv;
            attach[p] = at;
        }

        // 2. Work the market: wanted effort per cell, then saturation.
        for p in 0..n {
            eff[p] = 0.0;
            if !active[p] {
                continue;
            }
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            costs += t.per_quarter;
            if !t.transacts {
                continue;
            }
            let up = if served[p] != NONE { 1.0 + tp.patterns[served[p] as usize].prod_up } else { 1.0 };
            let e = t.capacity * ramp[p] * prod[p] * up;
            eff[p] = e;
            for &(c, share) in &plan.reach[spec.ty * nr + spec.region] {
                demand[c] += e * share;
            }
        }
        for c in 0..cells {
            scale[c] = if demand[c] > accounts[c] { accounts[c] / demand[c] } else { 1.0 };
        }
        let conflict = Conflict { partner: tp.overlap * tp.partner_factor, inv_acc: &inv_acc[..], direct_keep: &direct_keep[..] };
        let mut sink = Sink {
            tp,
            plan,
            served: &*served,
            attach: &*attach,
            cell_revenue: &mut out.cell_revenue,
            type_revenue: &mut out.type_revenue,
            source: &mut out.source,
            revenue: 0.0,
            lost: 0.0,
            opportunities: 0,
            deals: 0,
        };

        // 3. Own pipeline: one Poisson draw for the partner's quarter (the sum over its cells),
        // each opportunity then placed in a cell in proportion to that cell's mean — the same
        // distribution as a Poisson per cell, at a fraction of the draws.
        for p in 0..n {
            let e = eff[p];
            if e <= 0.0 {
                continue;
            }
            let spec = &plan.partners[p];
            let mut s = Stream::new(quarter_key(pkey[p], q, purpose::OWN));
            work.partner_quarters += 1;
            let reach = &plan.reach[spec.ty * nr + spec.region];
            let mut lambda = 0.0;
            for (slot, &(c, share)) in cellbuf.iter_mut().zip(reach) {
                let d = e * share;
                let w = d * scale[c];
                worked[c] += w;
                lambda += w * tp.buy[cell_segment[c]];
                *slot = (c, lambda, d);
            }
            let opps = s.poisson(lambda);
            work.poisson_draws += 1;
            work.poisson_mean_sum += lambda;
            if opps == 0 {
                continue;
            }
            let cb = &cellbuf[..reach.len()];
            for _ in 0..opps {
                let word = s.next();
                let (c, own) = pick_cell(cb, word, lambda);
                // Crowding by the others' wanted effort in the cell.
                let pconf = conflict.probability(c, demand[c] - own);
                sink.deal(p, c, word, Source::Own, pconf, 0.0, won, hurt);
            }
        }
        // 4. Referral pipeline.
        for p in 0..n {
            let links = referral.of(p);
            if links.is_empty() || !active[p] {
                continue;
            }
            let spec = &plan.partners[p];
            let base = quarter_key(pkey[p], q, purpose::REFERRAL);
            let reach = &plan.reach[spec.ty * nr + spec.region];
            for (j, &(t, k)) in links.iter().enumerate() {
                let pp = &tp.patterns[k as usize];
                if !is_on(k) || !active[t as usize] || pp.referrals <= 0.0 || !tp.types[plan.partners[t as usize].ty].transacts {
                    continue;
                }
                let lambda = pp.referrals * ramp[p] * prod[p];
                let mut s = Stream::new(super::rng::mix(base ^ j as u64));
                let opps = s.poisson(lambda);
                work.poisson_draws += 1;
                work.poisson_mean_sum += lambda;
                for _ in 0..opps {
                    let mut x = s.uniform();
                    let mut c = reach[reach.len() - 1].0;
                    for &(cc, share) in reach {
                        if x < share {
                            c = cc;
                            break;
                        }
                        x -= share;
                    }
                    let pconf = conflict.probability(c, demand[c]);
                    let word = s.next();
                    sink.deal(t as usize, c, word, Source::Referral, pconf, pp.fee, won, hurt);
                }
            }
        }

        let (revenue, lost) = (sink.revenue, sink.lost);
        work.opportunities += sink.opportunities;
        work.deals += sink.deals;

        // 8. Churn, and ramp progress for those who stay.
        let mut active_count = 0.0;
        let last = q + 1 == l.quarters;
        for p in 0..n {
            if !active[p] {
                continue;
            }
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            if t.transacts {
                idle[p] = if won[p] { 0 } else { idle[p].saturating_add(1) };
            }
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
            if last {
                out.type_active[spec.ty] += 1.0;
            }
        }

        // 10. Coverage.
        let mut covered = 0.0;
        let mut total_accounts = 0.0;
        for c in 0..cells {
            let a = accounts[c];
            let cov = if a > 0.0 { (worked[c] / a).min(1.0) } else { 0.0 };
            covered += cov * a;
            total_accounts += a;
            if last {
                out.cell_coverage[c] = cov;
            }
        }
        out.q_revenue[q] = revenue;
        out.q_coverage[q] = if total_accounts > 0.0 { covered / total_accounts } else { 0.0 };
        out.q_costs[q] = costs;
        out.q_active[q] = active_count;
        out.q_lost[q] = lost;
        out.total += revenue;
    }
    // Streams: one per own-pipeline partner-quarter and per referral link-quarter (each with
    // its Poisson draw), plus the churn draw of every partner-quarter.
    work.streams = work.poisson_draws + l.quarters as u64 * n as u64;
    total_work.add(&work);
}

/// Place an opportunity in one of the partner's cells, in proportion to each cell's mean.
#[inline(always)]
/// `cells` holds (cell, cumulative mean opportunities, the partner's wanted effort); returns the
/// cell and the partner's own wanted effort there. The cell is found by counting the cumulative
/// means below the draw, without branches: a search that branched on a random draw would
/// mispredict on most opportunities.
fn pick_cell(cells: &[(usize, f64, f64)], word: u64, lambda: f64) -> (usize, f64) {
    if let [only] = cells {
        return (only.0, only.2);
    }
    let x = sub_uniform(word, 5) * lambda;
    let i = cells.iter().map(|cell| (cell.1 <= x) as usize).sum::<usize>().min(cells.len() - 1);
    (cells[i].0, cells[i].2)
}

/// Conflict rates of a quarter (step 6), per cell.
struct Conflict<'a> {
    /// Partner-vs-partner rate at full crowding, after governance.
    partner: f64,
    /// 1 / accounts of each cell (0 for an empty cell).
    inv_acc: &'a [f64],
    /// 1 − the direct-vs-partner conflict probability of each cell, after governance.
    direct_keep: &'a [f64],
}

impl Conflict<'_> {
    /// Probability that an opportunity in `cell` meets conflict, when other partners want to
    /// work `others` accounts there.
    #[inline(always)]
    fn probability(&self, cell: usize, others: f64) -> f64 {
        let crowd = (others * self.inv_acc[cell]).clamp(0.0, 1.0);
        1.0 - (1.0 - self.partner * crowd) * self.direct_keep[cell]
    }
}

/// Where opportunities' outcomes go during one run.
struct Sink<'a, 'b> {
    tp: &'a TrialParams,
    plan: &'a Plan<'b>,
    served: &'a [u16],
    attach: &'a [u64],
    cell_revenue: &'a mut Vec<f64>,
    type_revenue: &'a mut Vec<f64>,
    source: &'a mut [f64; 3],
    revenue: f64,
    lost: f64,
    opportunities: u64,
    deals: u64,
}

impl Sink<'_, '_> {
    /// Steps 5–7 for one opportunity of partner `p` in cell `c`: conflict, collaboration, win
    /// and the vendor's net revenue.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn deal(&mut self, p: usize, c: usize, word: u64, mut source: Source, pconf: f64, fee: f64, won: &mut [bool], hurt: &mut [bool]) {
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
        let mut keep = t.keep * (1.0 - fee);
        let mut influenced = false;
        let mut bits = self.attach[p];
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let pp = &self.tp.patterns[k];
            let hit = sub_uniform(word, 8 + k as u64) < pp.attach;
            win *= if hit { 1.0 + pp.win_up } else { 1.0 };
            size *= if hit { 1.0 + pp.deal_up } else { 1.0 };
            keep *= if hit { 1.0 - pp.fee } else { 1.0 };
            influenced |= hit;
        }
        if influenced && source == Source::Own {
            source = Source::Influenced;
        }
        if sub_uniform(word, 2) >= win {
            return;
        }
        won[p] = true;
        self.deals += 1;
        // Deal size: lognormal, its normal drawn (ziggurat) from a stream of the opportunity's own.
        let z: f64 = Stream::new(word ^ 0x5851_F42D_4C95_7F2D).sample(StandardNormal);
        let seg = self.plan.cell_segment[c];
        let list = (self.tp.mu[seg] + self.tp.sigma[seg] * z).exp() * size;
        let sv = self.served[p];
        let margin = if sv != NONE { self.tp.patterns[sv as usize].margin } else { 0.0 };
        let net = list * (keep - margin).max(0.0);
        self.revenue += net;
        self.type_revenue[ty] += net;
        self.cell_revenue[c] += net;
        self.source[source as usize] += net;
    }
}
