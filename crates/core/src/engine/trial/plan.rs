//! What every trial of a run shares: the model and scenario resolved into flat tables (partner
//! instances, their reach, arrivals), and the uniforms that drive each trial's inputs.

use crate::engine::rng::{key, purpose, Stream};
use crate::model::{Model, Sampling, Scenario};

use super::{Counterfactuals, Layout};

/// A partner instance as the scenario defines it (the same in every trial).
#[derive(Debug, Clone)]
pub(crate) struct PartnerSpec {
    pub ty: usize,
    pub region: usize,
    pub arrival: u32,
    pub initial: bool,
    /// A slot for an organic recruit (network models): active only once the trial brings one.
    pub organic: bool,
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
    /// Whether the breakdowns are summarised (`RunOptions::breakdowns`): a run without them
    /// skips what only they need (the type and source ledgers, partner-earnings percentiles).
    pub breakdowns: bool,
    /// Trials (the first ones) that also run each pattern's counterfactual.
    pub pattern_trials: u64,
    pub(super) design: Option<std::sync::Arc<crate::engine::InputDesign>>,
    /// Iman–Conover-reordered uniforms of the correlated inputs: (input index, one per trial).
    pub(super) correlated: Vec<(usize, Vec<f64>)>,
    pub partners: Vec<PartnerSpec>,
    /// Partners the scenario places (at the start or recruited): the first ones of `partners`;
    /// the organic slots follow.
    pub(super) planned: usize,
    /// Organic slots per (type, region), in the order they fill.
    pub(super) organic_slots: Vec<Vec<u32>>,
    /// Programs the scenario runs (level > 0), as model program indices.
    pub programs: Vec<usize>,
    /// Per program run and partner type, `[i × types + t]`: the productivity at or above which a
    /// partner is in the program's tier (0 when the program reaches every partner, NaN when it
    /// is not offered to the type).
    pub(super) tier_floor: Vec<f64>,
    /// Partner indices per (type, region), in arrival order.
    pub(super) by_type_region: Vec<Vec<u32>>,
    /// Index ranges of `partners` arriving in each quarter.
    pub(super) arrivals: Vec<std::ops::Range<usize>>,
    /// Reachable cells and the share of effort each gets, per (type, region).
    pub(super) reach: Vec<Vec<(usize, f64)>>,
    /// Where each partner's cells start in a run's per-(partner, cell) arrays (`slots`): the
    /// partners' reaches packed one after another, partner p's at `slot_start[p]..slot_start[p + 1]`.
    pub(super) slot_start: Vec<usize>,
    pub(super) cell_segment: Vec<usize>,
    /// Patterns the scenario enables (intensity > 0).
    pub enabled: Vec<usize>,
    /// The enabled patterns by the kind of link they make, as masks of pattern bits: referral,
    /// two-tier, deal collaboration (the graph's three link lists).
    pub(super) link_kinds: [u64; 3],
    /// Partners that are marketplace listings (their demand comes from marketplace buyers).
    pub(super) listing_partners: Vec<u32>,
    pub layout: Layout,
}

impl<'a> Plan<'a> {
    pub fn new(
        model: &'a Model,
        scenario: &'a Scenario,
        opts: &crate::engine::RunOptions,
    ) -> Plan<'a> {
        let (trials, seed, sampling, counterfactuals) =
            (opts.trials, opts.seed, opts.sampling, opts.counterfactuals);
        let pattern_trials = opts.pattern_trials.min(trials);
        let nt = model.partner_types.len();
        let nr = model.regions.len();
        let mut partners = Vec::new();
        let mut ordinal = vec![0u64; nt * nr];
        let mut push = |ty: usize,
                        region: usize,
                        arrival: u32,
                        initial: bool,
                        partners: &mut Vec<PartnerSpec>| {
            let o = &mut ordinal[ty * nr + region];
            partners.push(PartnerSpec {
                ty,
                region,
                arrival,
                initial,
                organic: false,
                id: key(&[ty as u64, region as u64, *o]),
            });
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
        let planned = partners.len();
        // Organic slots: every type's cap in every region for every quarter, arriving (for the
        // graph) after everyone planned, in rounds so that the slots a trial fills first come
        // first in the partner order.
        let caps: Vec<u32> = (0..nt)
            .map(|t| model.network.as_ref().and_then(|n| n.types[t].as_ref()).map_or(0, |x| x.organic_max))
            .collect();
        let rounds = caps.iter().max().copied().unwrap_or(0) as usize * horizon;
        for j in 0..rounds {
            for (t, &cap) in caps.iter().enumerate() {
                if j < cap as usize * horizon {
                    for r in 0..nr {
                        partners.push(PartnerSpec {
                            ty: t,
                            region: r,
                            arrival: horizon as u32,
                            initial: false,
                            organic: true,
                            id: key(&[t as u64, r as u64, j as u64, purpose::ORGANIC]),
                        });
                    }
                }
            }
        }
        let mut organic_slots = vec![Vec::new(); nt * nr];
        for (i, p) in partners.iter().enumerate().skip(planned) {
            organic_slots[p.ty * nr + p.region].push(i as u32);
        }
        let programs: Vec<usize> = (0..model.programs.len()).filter(|&i| scenario.levels[i] > 0.0).collect();
        let mut tier_floor = Vec::with_capacity(programs.len() * nt);
        for &i in &programs {
            let pr = &model.programs[i];
            for (t, ty) in model.partner_types.iter().enumerate() {
                tier_floor.push(if !pr.applies[t] {
                    f64::NAN
                } else if pr.top_share >= 1.0 {
                    0.0
                } else if ty.productivity_cv > 0.0 {
                    // Productivity is Gamma with mean 1 and the type's spread: its quantile.
                    use statrs::distribution::{ContinuousCDF, Gamma};
                    let shape = 1.0 / (ty.productivity_cv * ty.productivity_cv);
                    Gamma::new(shape, shape).map_or(1.0, |g| g.inverse_cdf(1.0 - pr.top_share))
                } else {
                    // Every partner of the type is equally productive: ties are broken at random.
                    1.0
                });
            }
        }
        let mut arrivals = vec![0..0; horizon];
        let mut start = 0;
        for (q, range) in arrivals.iter_mut().enumerate() {
            let end = start
                + partners[start..]
                    .iter()
                    .take_while(|p| p.arrival as usize == q)
                    .count();
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
        let enabled: Vec<usize> = (0..model.patterns.len())
            .filter(|&k| scenario.intensity[k] > 0.0)
            .collect();
        let mut link_kinds = [0u64; 3];
        for &k in &enabled {
            link_kinds[super::graph::link_kind(model.patterns[k].kind)] |= 1 << k;
        }
        let listing_partners = (0..partners.len() as u32)
            .filter(|&p| model.partner_types[partners[p as usize].ty].is_marketplace())
            .collect();
        let nr = model.regions.len();
        let mut slot_start = Vec::with_capacity(partners.len() + 1);
        slot_start.push(0);
        for p in &partners {
            slot_start.push(slot_start.last().copied().unwrap_or(0) + reach[p.ty * nr + p.region].len());
        }
        let layout = Layout {
            quarters: horizon,
            types: nt,
            cells,
            patterns: enabled.len(),
            programs: programs.len(),
            network: model.network.is_some(),
        };
        let mut plan = Plan {
            model,
            scenario,
            seed,
            trials,
            sampling,
            counterfactuals,
            breakdowns: opts.breakdowns,
            pattern_trials,
            design: opts.design.clone(),
            correlated: Vec::new(),
            partners,
            planned,
            organic_slots,
            programs,
            tier_floor,
            by_type_region,
            arrivals,
            reach,
            slot_start,
            cell_segment,
            link_kinds,
            enabled,
            listing_partners,
            layout,
        };
        if let (Some((inputs, matrix)), None) = (&scenario.correlation, &opts.design) {
            let mut u = Vec::new();
            let mut cols: Vec<Vec<f64>> = inputs
                .iter()
                .map(|_| Vec::with_capacity(trials as usize))
                .collect();
            for t in 0..trials {
                plan.sampled_uniforms(t, &mut u);
                for (c, &j) in cols.iter_mut().zip(inputs) {
                    c.push(u[j]);
                }
            }
            crate::engine::correlate::iman_conover(
                &mut cols,
                matrix,
                key(&[seed, purpose::CORRELATION]),
            );
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

    pub(super) fn sampled_uniforms(&self, trial: u64, out: &mut Vec<f64>) {
        out.clear();
        for j in 0..self.model.inputs.paths.len() as u64 {
            let jitter = Stream::new(key(&[self.seed, purpose::INPUTS, j, trial])).uniform();
            out.push(match self.sampling {
                Sampling::MonteCarlo => jitter,
                Sampling::LatinHypercube => {
                    let stratum = crate::engine::rng::permute(
                        trial,
                        self.trials,
                        key(&[self.seed, purpose::LHS, j]),
                    );
                    (stratum as f64 + jitter) / self.trials as f64
                }
            });
        }
    }
}
