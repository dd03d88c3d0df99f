//! The quarter loop (MODEL.md steps 1–12): one run of a trial's horizon with a set of
//! patterns switched on.

use crate::engine::rng::{purpose, sub_uniform, Stream};

use super::deal::{Conflict, Referral, Sink};

use super::ledger::Book;
use super::params::TypeParams;
use super::{Layout, Plan, Scratch, TrialParams, Work, SOURCES};

/// Source of an opportunity, for contribution by source.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Own = 0,
    Referral = 1,
    Influenced = 2,
    Marketplace = 3,
}

pub(super) const NONE: u16 = u16::MAX;

/// A referred opportunity waiting for its receiver's spare capacity (step 4).
#[derive(Clone, Copy)]
pub(super) struct Referred {
    pub(super) referrer: u32,
    pub(super) receiver: u32,
    pub(super) cell: u32,
    pub(super) pattern: u16,
    pub(super) word: u64,
}

/// Key of the stream for `purpose` of a partner (root `pkey`) in quarter `q`.
#[inline(always)]
pub(super) fn quarter_key(pkey: u64, q: usize, purpose: u64) -> u64 {
    crate::engine::rng::mix(pkey ^ ((q as u64) << 8 | purpose).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// What one run of a trial's horizon produces.
#[derive(Default, Clone)]
pub(super) struct RunOut {
    pub(super) total: f64,
    pub(super) q_revenue: Vec<f64>,
    pub(super) q_coverage: Vec<f64>,
    pub(super) q_costs: Vec<f64>,
    pub(super) q_active: Vec<f64>,
    pub(super) q_lost: Vec<f64>,
    pub(super) q_bookings: Vec<f64>,
    pub(super) q_arr: Vec<f64>,
    pub(super) q_unserved: Vec<f64>,
    pub(super) collab_unserved: f64,
    /// Per quarter, `[series × quarters + q]`.
    pub(super) type_revenue: Vec<f64>,
    pub(super) type_active: Vec<f64>,
    pub(super) source: Vec<f64>,
    pub(super) cell_coverage: Vec<f64>,
    pub(super) cell_revenue: Vec<f64>,
    /// Costs of partner types that transact nothing themselves (for net inter-partner value).
    pub(super) enabler_costs: f64,
    pub(super) pattern_costs: f64,
    /// List ARR of the customers active four quarters before the end, and what they have at the end.
    pub(super) nrr_base: f64,
    pub(super) nrr_kept: f64,
    /// What each program run cost over the horizon (`Plan::programs` order).
    pub(super) program_cost: Vec<f64>,
    /// Network models: per-type series by quarter, `[(m × types + t) × quarters + q]` for `m`
    /// of `TYPE_NETWORK_Q`, and the horizon's values `[m × types + t]` of `TYPE_NETWORK`.
    pub(super) network_q: Vec<f64>,
    pub(super) network: Vec<f64>,
}

impl RunOut {
    pub(super) fn reset(&mut self, l: &Layout) {
        let h = l.quarters;
        self.total = 0.0;
        self.enabler_costs = 0.0;
        self.pattern_costs = 0.0;
        self.nrr_base = 0.0;
        self.nrr_kept = 0.0;
        self.collab_unserved = 0.0;
        let nt = if l.network { l.types } else { 0 };
        for (v, n) in [
            (&mut self.program_cost, l.programs),
            (&mut self.network_q, super::TYPE_NETWORK_Q.len() * nt * h),
            (&mut self.network, super::TYPE_NETWORK.len() * nt),
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

/// Simulate the horizon once with the patterns in `mask` switched on; results in `sc.run`.
///
/// A counterfactual run (`detail` false) is read only for its revenue by quarter, so it skips
/// the breakdowns by type and source, coverage and net revenue retention; everything it does
/// compute is the same as in a detailed run.
pub(super) fn run(plan: &Plan, tp: &TrialParams, mask: u64, programs: u32, detail: bool, sc: &mut Scratch) {
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
        slots,
        ledger,
        tiers,
        program_fx,
        earn_diff,
        earn_now,
        poor,
        earn_pool,
        organic_used,
        run: out,
        work: total_work,
        trace,
        ..
    } = sc;
    // Events are written by the run as designed only (counterfactual runs have no detail).
    let mut trace = trace.as_deref_mut().filter(|_| detail);
    // The breakdowns only (not the KPIs) need the type and source ledgers and the earnings pools.
    let breakdowns = detail && plan.breakdowns;
    out.reset(l);
    for v in [
        &mut *ramp,
        &mut *eff,
        &mut *lam,
        &mut *lam_wanted,
        &mut *kept,
        &mut *taken,
        &mut *collab_cap,
        &mut *collab_demand,
        &mut *collab_used,
    ] {
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
    for v in [
        &mut *accounts,
        &mut *prospects,
        &mut *customers,
        &mut *demand,
        &mut *scale,
        &mut *worked,
        &mut *inv_pros,
        &mut *direct_keep,
    ] {
        v.clear();
        v.resize(cells, 0.0);
    }
    listings.clear();
    listings.resize(nt * cells, 0.0);
    reach.clone_from(&plan.reach);
    // What the programs of this run do to each partner they reach (neutral where none does).
    program_fx.clear();
    program_fx.resize(n, ProgramFx::NEUTRAL);
    if programs != 0 {
        for p in 0..n {
            let mut bits = tiers[p] & programs;
            let fx = &mut program_fx[p];
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let pr = &tp.programs[i];
                fx.win *= pr.win;
                fx.buy *= pr.buy;
                fx.speed *= pr.speed;
                fx.churn *= pr.churn_keep;
                fx.discount += pr.discount;
                fx.cost += pr.cost;
            }
        }
    }
    // Partner economics (network models): earnings recognised per partner, as a difference
    // array over quarters `0..=H`, and the quarters each has earned below its type's floor.
    let network = m.network.as_ref();
    let earn_stride = h + 2;
    earn_diff.clear();
    earn_now.clear();
    poor.clear();
    organic_used.clear();
    if network.is_some() {
        earn_diff.resize(n * earn_stride, 0.0);
        earn_now.resize(n, 0.0);
        poor.resize(n, 0);
        organic_used.resize(nt * nr, 0);
        earn_pool.resize_with(nt, Vec::new);
        for v in earn_pool.iter_mut() {
            v.clear();
        }
    }
    // Mean earnings per active partner of each type last quarter (the peer-earnings driver).
    let mut peer_earnings = vec![0.0; if network.is_some() { nt } else { 0 }];
    let mut horizon_earnings: Vec<Vec<f64>> = vec![Vec::new(); if network.is_some() && breakdowns { nt } else { 0 }];
    // Partners that can be active: the planned ones, and organic slots once filled.
    let mut n_live = plan.planned;
    // Ledger series: cells, then type × segment, then source × segment.
    let type_series = cells;
    let source_series = type_series + nt * nseg;
    ledger.reset(
        h,
        source_series + SOURCES.len() * nseg,
        cells,
        m.subscription,
    );
    // Each partner's cells packed one after another (`plan.slot_start`), so the partners'
    // slots sit together in memory however different their reaches.
    let slot_start = &plan.slot_start[..];
    let n_slots = slot_start[n];
    slots.clear();
    slots.resize(n_slots, Slot::default());
    ref_conflict.clear();
    ref_conflict.resize(n_slots, f64::NAN);
    ref_touched.clear();
    let is_on = |k: u16| mask & (1u64 << k) != 0;
    // Which kinds of link can carry anything in this run (a counterfactual switches some off).
    let [referrals_on, tiers_on, deals_on] = plan.link_kinds.map(|bits| mask & bits != 0);
    let mut growth = 1.0;
    let pattern_cost: f64 = plan
        .enabled
        .iter()
        .filter(|&&k| is_on(k as u16))
        .map(|&k| tp.patterns[k].cost)
        .sum();
    let mut work = Work::default();
    let cell_segment = &plan.cell_segment[..];
    let subscription = m.subscription;
    let mut book = Book {
        ledger: &mut *ledger,
        type_series,
        source_series,
        nseg,
        quarters: h,
        subscription,
        growth_pow: &tp.growth_pow,
        inv_growth_pow: &tp.inv_growth_pow,
        ln_stay: &tp.ln_stay,
        detail,
        breakdowns,
        nrr: (0.0, 0.0),
    };

    for c in 0..cells {
        direct_keep[c] = 1.0 - tp.direct_rate * tp.direct[c] * tp.direct_factor;
    }
    for q in 0..l.quarters {
        let mut any_customers = false;
        for c in 0..cells {
            accounts[c] = m.accounts[c] * growth;
            customers[c] += book.ledger.customers[c * book.ledger.stride + q];
            let pr = (accounts[c] - customers[c]).max(0.0);
            any_customers |= customers[c] != 0.0;
            prospects[c] = pr;
            inv_pros[c] = if pr > 0.0 { 1.0 / pr } else { 0.0 };
            demand[c] = 0.0;
            worked[c] = 0.0;
        }
        growth *= tp.growth_q;
        // Effort is spread over a partner's cells in proportion to their prospects: customers
        // are no longer prospects, so shares move as cells fill up.
        if any_customers {
            // Only the (type, region) pairs some partner of the scenario works from.
            for ((list, fixed), who) in reach.iter_mut().zip(&plan.reach).zip(&plan.by_type_region) {
                if who.is_empty() {
                    continue;
                }
                let total: f64 = fixed.iter().map(|&(c, _)| prospects[c]).sum();
                for (x, &(c, _)) in list.iter_mut().zip(fixed) {
                    x.1 = if total > 0.0 {
                        prospects[c] / total
                    } else {
                        0.0
                    };
                }
            }
        }
        let mut costs = pattern_cost + tp.policy_cost;
        out.pattern_costs += pattern_cost;

        // 1. Recruit (the planned arrivals, then organic recruits).
        for p in plan.arrivals[q].clone() {
            let spec = &plan.partners[p];
            let t = &tp.types[spec.ty];
            active[p] = true;
            if let Some(h) = trace.as_deref_mut() {
                h.partners[p].joined = Some(q as u32);
            }
            ramp[p] = if (spec.initial && plan.scenario.initial_ramped) || t.ramp_quarters == 0 {
                1.0
            } else {
                0.0
            };
            idle[p] = 0;
            if !spec.initial {
                costs += t.recruit;
                if !t.transacts {
                    out.enabler_costs += t.recruit;
                }
            }
        }
        if let Some(net) = network {
            for (ty, op) in tp.organic.iter().enumerate() {
                let Some(tn) = net.types[ty].as_ref().filter(|_| op.mean > 0.0) else {
                    continue;
                };
                for r in 0..nr {
                    let slots_of = &plan.organic_slots[ty * nr + r];
                    let used = organic_used[ty * nr + r] as usize;
                    if used >= slots_of.len() {
                        continue;
                    }
                    let driver = match tn.driver {
                        crate::model::OrganicDriver::InstalledBase => plan.reach[ty * nr + r].iter().map(|&(c, _)| customers[c]).sum::<f64>(),
                        crate::model::OrganicDriver::PeerEarnings => peer_earnings[ty],
                    };
                    let mean = if op.elasticity == 0.0 { op.mean } else { op.mean * (driver / tn.reference).powf(op.elasticity) };
                    let mut s = Stream::new(quarter_key(pkey[slots_of[0] as usize], q, purpose::ORGANIC));
                    let k = (s.poisson(mean.min(crate::model::param::MAX_COUNT)) as usize).min(tn.organic_max as usize).min(slots_of.len() - used);
                    work.poisson_draws += 1;
                    work.poisson_mean_sum += mean;
                    for &pi in &slots_of[used..used + k] {
                        let p = pi as usize;
                        active[p] = true;
                        if let Some(h) = trace.as_deref_mut() {
                            h.partners[p].joined = Some(q as u32);
                        }
                        ramp[p] = if tp.types[ty].ramp_quarters == 0 { 1.0 } else { 0.0 };
                        idle[p] = 0;
                        n_live = n_live.max(p + 1);
                    }
                    organic_used[ty * nr + r] += k as u32;
                    out.network_q[ty * h + q] += k as f64;
                }
            }
        }
        let n = n_live;

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
            if active[p] && (tiers_on || deals_on) {
                for &(d, k) in tier_in.of(p).iter().filter(|_| tiers_on) {
                    if is_on(k) && active[d as usize] {
                        sv = k;
                        by = d;
                        break;
                    }
                }
                for &(t, k) in collab.of(p).iter().filter(|_| deals_on) {
                    if is_on(k) && active[t as usize] {
                        at |= 1 << k;
                    }
                }
                let mut bits = at;
                while bits != 0 {
                    let k = bits.trailing_zeros() as u16;
                    bits &= bits - 1;
                    let start = live_links.len() as u32;
                    live_links.extend(
                        collab
                            .of(p)
                            .iter()
                            .filter(|&&(t, kk)| kk == k && active[t as usize])
                            .map(|&(t, _)| t),
                    );
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
            if programs != 0 {
                costs += program_fx[p].cost;
                let mut bits = tiers[p] & programs;
                while bits != 0 {
                    let i = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    out.program_cost[i] += tp.programs[i].cost;
                }
            }
            collab_cap[p] = if t.collaboration.is_finite() {
                t.collaboration * ramp[p]
            } else {
                f64::INFINITY
            };
            if t.marketplace {
                for &(c, _) in &reach[spec.ty * nr + spec.region] {
                    listings[spec.ty * cells + c] += 1.0;
                }
                continue;
            }
            let up = if served[p] != NONE {
                1.0 + tp.patterns[served[p] as usize].prod_up
            } else {
                1.0
            };
            let e = t.capacity * ramp[p] * prod[p] * up;
            eff[p] = e;
            // (MDF and other programs raise the opportunities found, never past one per account.)
            for &(c, share) in &reach[spec.ty * nr + spec.region] {
                demand[c] += e * share;
            }
        }
        for c in 0..cells {
            scale[c] = if demand[c] > prospects[c] {
                prospects[c] / demand[c]
            } else {
                1.0
            };
        }
        // Mean opportunities of each partner, and the accounts worked in each cell.
        for p in 0..n {
            let e = eff[p];
            if e <= 0.0 {
                continue;
            }
            let spec = &plan.partners[p];
            let (mut lm, mut lw) = (0.0, 0.0);
            let mine = &mut slots[slot_start[p]..slot_start[p + 1]];
            let buy_up = program_fx[p].buy;
            for (slot, &(c, share)) in mine.iter_mut().zip(&reach[spec.ty * nr + spec.region]) {
                let d = e * share;
                let b = (tp.buy[cell_segment[c]] * buy_up).min(1.0);
                worked[c] += d * scale[c];
                lm += d * scale[c] * b;
                lw += d * b;
                *slot = Slot { cell: c, cum: lm, own: d, conflict: f64::NAN };
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
                    *x = marketplace_mean(
                        tp,
                        t,
                        cell_segment[c],
                        prospects[c],
                        worked[c],
                        inv_pros[c],
                    ) / *x;
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
            let mine = &mut slots[slot_start[p]..slot_start[p + 1]];
            for (slot, &(c, _)) in mine.iter_mut().zip(&plan.reach[spec.ty * nr + spec.region]) {
                lm += listings[spec.ty * cells + c];
                *slot = Slot { cell: c, cum: lm, own: 0.0, conflict: f64::NAN };
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
            for &(k, start, count) in
                &live_groups[group_start[p] as usize..group_start[p + 1] as usize]
            {
                let each = tp.patterns[k as usize].attach * lam[p] / count as f64;
                for &t in &live_links[start as usize..(start + count) as usize] {
                    collab_demand[t as usize] += each;
                }
            }
        }
        // From here on `collab_demand` holds the share of asked-for collaboration that finds room.
        for p in 0..n {
            let d = collab_demand[p];
            collab_demand[p] = if d > collab_cap[p] {
                collab_cap[p] / d
            } else {
                1.0
            };
        }

        let conflict = Conflict {
            rate: tp.overlap,
            factor: tp.partner_factor,
            inv_pros: &inv_pros[..],
            direct_keep: &direct_keep[..],
        };
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
            program_fx: &program_fx[..],
            earn: &mut earn_diff[..],
            earn_stride,
            earn_partners: plan.partners.len(),
            trace: trace.as_deref_mut(),
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
            if referrals_on && !links.is_empty() && active[p] {
                let base = quarter_key(pkey[p], q, purpose::REFERRAL);
                asks.clear();
                // e^(−mean) of the last pattern's asks: a referrer's links mostly share one.
                let mut last = (NONE, 0.0, 1.0);
                for (j, &(r, k)) in links.iter().enumerate() {
                    let pp = &tp.patterns[k as usize];
                    if !is_on(k)
                        || !active[r as usize]
                        || pp.referrals <= 0.0
                        || !tp.types[plan.partners[r as usize].ty].transacts
                    {
                        continue;
                    }
                    if last.0 != k {
                        let mean = pp.referrals * ramp[p] * prod[p];
                        last = (k, mean, (-mean).exp());
                    }
                    let mut ls = Stream::new(crate::engine::rng::mix(base ^ j as u64));
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
                        let Some(best) = (0..asks.len())
                            .max_by(|&x, &y| asks[x].3.total_cmp(&asks[y].3).then(y.cmp(&x)))
                        else {
                            break;
                        };
                        asks[best].2 += 1;
                        asks[best].3 = -1.0;
                    }
                }
                for &(r, k, give, _) in asks.iter() {
                    passed += give;
                    for _ in 0..give {
                        referred.push(Referred {
                            referrer: p as u32,
                            receiver: r,
                            cell: 0,
                            pattern: k,
                            word: 0,
                        });
                    }
                }
            }
            let keep = if t.transacts { found - passed } else { 0 };
            kept[p] = keep as f64;
            if found == 0 {
                continue;
            }
            // The partner's cells (filled with its mean above): where its opportunities fall,
            // and the conflict each meets there (crowding by the others' wanted effort).
            let cum = lm;
            let cb = &mut slots[slot_start[p]..slot_start[p + 1]];
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
                    let source = if t.marketplace {
                        Source::Marketplace
                    } else {
                        Source::Own
                    };
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
            let pconf = match reach[spec.ty * nr + spec.region]
                .iter()
                .position(|x| x.0 == c)
            {
                Some(i) => {
                    let at = slot_start[to] + i;
                    if ref_conflict[at].is_nan() {
                        ref_conflict[at] = conflict.probability(
                            c,
                            demand[c] - eff[to] * reach[spec.ty * nr + spec.region][i].1,
                        );
                        ref_touched.push(at as u32);
                    }
                    ref_conflict[at]
                }
                None => conflict.probability(c, demand[c]),
            };
            sink.deal(
                to,
                c,
                r.word,
                Source::Referral,
                pconf,
                Referral::From {
                    partner: r.referrer as usize,
                    pattern: r.pattern as usize,
                },
                won,
                hurt,
            );
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
        let nq = nt * h;
        if network.is_some() {
            peer_earnings.iter_mut().for_each(|x| *x = 0.0);
        }
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
            // Partner economics: this quarter's earnings, and whether they stayed below the
            // type's floor for two quarters.
            let mut unprofitable = false;
            if let Some(net) = network {
                earn_now[p] += earn_diff[q * plan.partners.len() + p];
                let e = earn_now[p];
                peer_earnings[spec.ty] += e;
                if breakdowns {
                    earn_pool[spec.ty].push(e);
                }
                if let Some(tn) = net.types[spec.ty].as_ref().filter(|tn| tn.min_earnings > 0.0) {
                    poor[p] = if e < tn.min_earnings { poor[p].saturating_add(1) } else { 0 };
                    unprofitable = poor[p] >= 2;
                }
            }
            let mut pc = t.churn * program_fx[p].churn;
            if pc > 0.0 {
                if idle[p] >= 2 {
                    pc *= m.idle_multiplier;
                }
                if was_hurt {
                    pc *= m.conflict_multiplier;
                }
                if unprofitable {
                    pc *= network.map_or(1.0, |n| n.unprofitable_multiplier);
                }
                if sub_uniform(quarter_key(pkey[p], q, purpose::CHURN), 0) < pc.min(1.0) {
                    active[p] = false;
                    if let Some(h) = trace.as_deref_mut() {
                        h.partners[p].left = Some(q as u32);
                    }
                    if network.is_some() {
                        out.network_q[nq + spec.ty * h + q] += 1.0;
                        if unprofitable {
                            out.network_q[2 * nq + spec.ty * h + q] += 1.0;
                        }
                    }
                    continue;
                }
            }
            if ramp[p] < 1.0 {
                let speed = if served[p] != NONE {
                    1.0 + tp.patterns[served[p] as usize].speedup
                } else {
                    1.0
                };
                ramp[p] = (ramp[p] + speed * program_fx[p].speed / t.ramp_quarters.max(1) as f64).min(1.0);
            }
            active_count += 1.0;
            out.type_active[spec.ty * h + q] += 1.0;
            if spec.organic {
                out.network_q[3 * nq + spec.ty * h + q] += 1.0;
            }
        }
        if network.is_some() {
            for ty in 0..nt {
                let count = out.type_active[ty * h + q] + out.network_q[nq + ty * h + q];
                peer_earnings[ty] = if count > 0.0 { peer_earnings[ty] / count } else { 0.0 };
            }
            if breakdowns {
                for (ty, pool) in earn_pool.iter_mut().enumerate() {
                    horizon_earnings[ty].extend_from_slice(pool);
                    for (j, pr) in [0.1, 0.5, 0.9].into_iter().enumerate() {
                        out.network_q[(4 + j) * nq + ty * h + q] = if pool.is_empty() { f64::NAN } else { crate::stats::quantile_select(pool, pr) };
                    }
                    pool.clear();
                }
            }
        }

        // 12. Coverage: customers, and the prospects worked this quarter with efforts
        // overlapping at random.
        let mut covered = 0.0;
        let mut total_accounts = 0.0;
        for c in (0..cells).filter(|_| detail) {
            let a = accounts[c];
            let reached =
                customers[c].min(a) + prospects[c] * (1.0 - (-worked[c] * inv_pros[c]).exp());
            let cov = if a > 0.0 { (reached / a).min(1.0) } else { 0.0 };
            covered += cov * a;
            total_accounts += a;
            out.cell_coverage[c * h + q] = cov;
        }
        out.q_coverage[q] = if total_accounts > 0.0 {
            covered / total_accounts
        } else {
            0.0
        };
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
    for t in (0..nt).filter(|_| breakdowns) {
        for s in 0..nseg {
            ledger.resolve(type_series + t * nseg + s, tp.expansion[s], &mut vals);
            for q in 0..h {
                out.type_revenue[t * h + q] += vals[q];
            }
        }
    }
    for src in (0..SOURCES.len()).filter(|_| breakdowns) {
        for s in 0..nseg {
            ledger.resolve(source_series + src * nseg + s, tp.expansion[s], &mut vals);
            for q in 0..h {
                out.source[src * h + q] += vals[q];
            }
        }
    }
    out.total = out.q_revenue.iter().sum();
    if network.is_some() {
        for ty in 0..nt {
            out.network[ty] = (0..h).map(|q| out.network_q[ty * h + q]).sum();
            out.network[nt + ty] = (0..h).map(|q| out.network_q[2 * nt * h + ty * h + q]).sum();
            if let Some(all) = horizon_earnings.get_mut(ty) {
                for (j, pr) in [0.1, 0.5, 0.9].into_iter().enumerate() {
                    out.network[(2 + j) * nt + ty] = if all.is_empty() { f64::NAN } else { crate::stats::quantile_select(all, pr) };
                }
            }
        }
    }
    // Streams: one per own-pipeline partner-quarter and per referral link-quarter (each with
    // its Poisson draw), plus the churn draw of every partner-quarter.
    work.streams = work.poisson_draws + l.quarters as u64 * n_live as u64;
    total_work.add(&work);
}

/// Mean marketplace opportunities of a cell for one marketplace type (before sharing between
/// its listings): the cell's marketplace buyers among the prospects no partner works this
/// quarter (random overlap), so a cell's opportunities never exceed prospects × buy rate.
#[inline]
pub(super) fn marketplace_mean(
    tp: &TrialParams,
    t: &TypeParams,
    seg: usize,
    prospects: f64,
    worked: f64,
    inv_pros: f64,
) -> f64 {
    prospects * (-worked * inv_pros).exp() * t.buyers[seg] * tp.buy[seg]
}

/// One of a partner's cells in a quarter, for placing its opportunities.
#[derive(Clone, Copy, Default)]
pub(super) struct Slot {
    pub(super) cell: usize,
    /// Cumulative mean opportunities of the partner's cells up to this one.
    pub(super) cum: f64,
    /// The partner's own wanted effort in the cell.
    pub(super) own: f64,
    /// Conflict probability of the partner's opportunities there (NaN until first needed).
    pub(super) conflict: f64,
}

/// Place an opportunity in one of the partner's cells, in proportion to each cell's mean;
/// returns the slot's index: the number of cumulative means at or below the draw. For a few
/// cells they are counted without branches (a search that branched on a random draw would
/// mispredict on most opportunities); for many (a partner of global reach has every segment
/// of every region) a binary search over the non-decreasing cumulative means finds the same
/// count in a logarithmic number of steps.
#[inline(always)]
pub(super) fn pick_cell(cells: &[Slot], word: u64, lambda: f64) -> usize {
    if cells.len() == 1 {
        return 0;
    }
    let x = sub_uniform(word, 5) * lambda;
    let below = if cells.len() <= 8 {
        cells.iter().map(|cell| (cell.cum <= x) as usize).sum::<usize>()
    } else {
        cells.partition_point(|cell| cell.cum <= x)
    };
    below.min(cells.len() - 1)
}

/// What the programs a partner is reached by do to it in one run.
#[derive(Clone, Copy, Debug)]
pub(super) struct ProgramFx {
    pub(super) win: f64,
    pub(super) buy: f64,
    pub(super) speed: f64,
    pub(super) churn: f64,
    pub(super) discount: f64,
    pub(super) cost: f64,
}

impl ProgramFx {
    pub(super) const NEUTRAL: ProgramFx = ProgramFx { win: 1.0, buy: 1.0, speed: 1.0, churn: 1.0, discount: 0.0, cost: 0.0 };
}
