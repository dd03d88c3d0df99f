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

mod deal;
mod graph;
mod ledger;
mod params;
mod plan;
mod quarter;
mod record;
mod trace;

use rand_distr::{Distribution, Gamma};

use super::rng::{key, purpose, Stream};
use graph::{build_graph, Csr};
use ledger::Ledger;
pub(crate) use params::TrialParams;
pub(crate) use plan::Plan;
use quarter::{run, Referred, RunOut, Slot};
pub use record::*;
pub use trace::{History, TraceDeal, TracePartner, TraceSource};

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

impl Counterfactuals {
    /// The least a run needs to measure the per-trial KPI in `column`: the run without
    /// collaboration for inter-partner revenue, the multiplier and net inter-partner value,
    /// none for the others.
    pub fn to_measure(column: usize) -> Counterfactuals {
        if [K_INTER, K_MULT, K_NET_INTER].contains(&column) {
            Counterfactuals::Total
        } else {
            Counterfactuals::Off
        }
    }
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
    /// The trial's collaboration graph and its edges by role (referral, two-tier in, deal),
    /// kept between trials so building them allocates nothing once warm.
    graph: petgraph::graph::DiGraph<(), u16>,
    edges: [Vec<(u32, u32, u16)>; 3],
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
    /// Each partner's cells this quarter (`max_reach` slots a partner), filled where its mean
    /// opportunities are computed and read where they are placed.
    slots: Vec<Slot>,
    ledger: Ledger,
    /// Per partner: the programs (bits of `Plan::programs`) whose tier it is in this trial.
    tiers: Vec<u32>,
    program_fx: Vec<quarter::ProgramFx>,
    /// Partner economics (network models): earnings difference arrays, this quarter's
    /// earnings, quarters below the floor, one quarter's earnings by type, organic slots used.
    earn_diff: Vec<f64>,
    earn_now: Vec<f64>,
    poor: Vec<u8>,
    earn_pool: Vec<Vec<f64>>,
    organic_used: Vec<u32>,
    run: RunOut,
    pub work: Work,
    /// When set, the designed run of each trial writes its events here.
    pub(crate) trace: Option<Box<History>>,
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

    // Productivity of every partner instance: gamma with mean 1 and the type's spread (each
    // type's distribution set up once a trial).
    let gammas: Vec<Option<(f64, Option<Gamma<f64>>)>> = tp
        .types
        .iter()
        .map(|t| (t.cv > 0.0).then(|| (1.0 / (t.cv * t.cv), Gamma::new(1.0 / (t.cv * t.cv), t.cv * t.cv).ok())))
        .collect();
    sc.prod.clear();
    for p in &plan.partners {
        sc.prod.push(match &gammas[p.ty] {
            Some((shape, gamma)) => {
                sc.work.gamma_draws += 1;
                sc.work.gamma_shape_sum += shape;
                let mut s = Stream::new(key(&[tkey, p.id, purpose::PRODUCTIVITY]));
                gamma.as_ref().map_or(1.0, |g| g.sample(&mut s))
            }
            None => 1.0,
        });
    }
    sc.work.streams += n as u64;
    sc.pkey.clear();
    sc.pkey
        .extend(plan.partners.iter().map(|p| key(&[tkey, p.id])));

    // The programs each partner is reached by: offered to its type, and in the program's tier
    // (the most productive `top_share` of the type; equals broken at random).
    sc.tiers.clear();
    sc.tiers.resize(n, 0);
    let nt = plan.model.partner_types.len();
    for (i, &k) in plan.programs.iter().enumerate() {
        let share = plan.model.programs[k].top_share;
        for (p, spec) in plan.partners.iter().enumerate() {
            let floor = plan.tier_floor[i * nt + spec.ty];
            let prod = sc.prod[p];
            let reached = prod > floor
                || (prod == floor && Stream::new(key(&[tkey, spec.id, purpose::TIER, i as u64])).uniform() < share);
            if reached {
                sc.tiers[p] |= 1 << i;
            }
        }
    }

    build_graph(plan, &tp, tkey, sc);
    if let Some(h) = sc.trace.as_deref_mut() {
        h.start(plan.layout.quarters, &plan.partners, &tp.expansion, plan.model.subscription);
    }

    // The run as designed.
    let mask_all: u64 = plan.enabled.iter().fold(0, |m, &k| m | (1 << k));
    let programs_all: u32 = if plan.programs.is_empty() { 0 } else { u32::MAX >> (32 - plan.programs.len()) };
    run(plan, &tp, mask_all, programs_all, true, sc);
    let base = std::mem::take(&mut sc.run);
    let l = &plan.layout;
    let h = l.quarters;
    let costs: f64 = base.q_costs.iter().sum();
    let mut without = base.total;
    if plan.counterfactuals >= Counterfactuals::Total && mask_all != 0 {
        run(plan, &tp, 0, programs_all, false, sc);
        without = sc.run.total;
    }
    let inter = base.total - without;
    row[K_TOTAL] = base.total;
    row[K_FINAL_Q] = base.q_revenue[h - 1];
    row[K_COVERAGE] = base.q_coverage[h - 1];
    row[K_NET] = base.total - costs;
    row[K_INTER] = inter;
    row[K_MULT] = if without > 0.0 {
        base.total / without
    } else {
        1.0
    };
    row[K_ACTIVE] = base.q_active[h - 1];
    row[K_COSTS] = costs;
    row[K_WITHOUT] = without;
    row[K_BOOKINGS] = base.q_bookings.iter().sum();
    row[K_ARR] = base.q_arr[h - 1];
    row[K_NRR] = if base.nrr_base > 0.0 {
        base.nrr_kept / base.nrr_base
    } else {
        f64::NAN
    };
    row[K_NET_INTER] = if plan.counterfactuals >= Counterfactuals::Total {
        inter - base.pattern_costs - base.enabler_costs
    } else {
        0.0
    };
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
        let measured =
            plan.counterfactuals == Counterfactuals::PerPattern && trial < plan.pattern_trials;
        if measured {
            run(plan, &tp, mask_all & !(1 << k), programs_all, false, sc);
        }
        row[l.pattern(i)] = if measured {
            base.total - sc.run.total
        } else {
            f64::NAN
        };
        for q in 0..h {
            row[l.pattern_q(i, q)] = if measured {
                base.q_revenue[q] - sc.run.q_revenue[q]
            } else {
                f64::NAN
            };
        }
    }
    // Programs: what each costs, and (measured like patterns) the revenue it adds.
    for i in 0..plan.programs.len() {
        row[l.program_cost(i)] = base.program_cost[i];
        let measured = plan.counterfactuals == Counterfactuals::PerPattern && trial < plan.pattern_trials;
        if measured {
            run(plan, &tp, mask_all, programs_all & !(1 << i), false, sc);
        }
        row[l.program(i)] = if measured { base.total - sc.run.total } else { f64::NAN };
        for q in 0..h {
            row[l.program_q(i, q)] = if measured { base.q_revenue[q] - sc.run.q_revenue[q] } else { f64::NAN };
        }
    }
    if l.network {
        for t in 0..l.types {
            for m in 0..TYPE_NETWORK.len() {
                row[l.type_network(t, m)] = base.network[m * l.types + t];
            }
            for m in 0..TYPE_NETWORK_Q.len() {
                for q in 0..h {
                    row[l.type_network_q(t, m, q)] = base.network_q[(m * l.types + t) * h + q];
                }
            }
        }
    }
    sc.run = base;
}
