//! Search for the ecosystem design that does best on an objective within a budget.
//!
//! The decision variables are the starting composition (partners per type and region, within
//! bounds), optionally the intensity of each collaboration pattern the model offers, and
//! optionally the level of each partner program (within an optional program budget: "allocate
//! this program budget across types and programs"); the recruitment plan and governance stay
//! as the scenario has them. A design's cost is its mean
//! total cost over the horizon (recruitment, program costs of active partners, pattern and
//! policy costs), simulated with the design.
//!
//! The search runs on common random numbers: every candidate is simulated with the same seed
//! and trials, so two candidates differ only by their design, and a small number of trials
//! ranks them reliably. Each step simulates every single move from the current design (one
//! cell ± step partners, one pattern ± 0.5) and the exchanges (one variable up, another down)
//! that those single moves predict to gain most within the budget, and takes the best real
//! improvement; an over-budget design first gives up what costs the least objective per unit
//! saved. When nothing improves, the step halves, down to one partner. Every design evaluated
//! is kept: the efficient frontier (cost against objective) comes from them.
//!
//! A step's candidates are raced (successive halving): all are simulated on the first eighth
//! of the search's trials, the better half goes on to the first quarter, and so on until the
//! survivors have every trial; only those can be the next step or a finalist. The trials are
//! keyed, so a survivor's evaluation is exactly what simulating it on every trial gives, and a
//! candidate dropped after n trials is valued at the current design's evaluation plus their
//! difference on those n trials (precise under common random numbers). On the shipped
//! scenarios this costs about a third of simulating every candidate on every trial, with
//! recommendations as good on fresh seeds.
//! Finally the best designs of the search and the starting one are re-evaluated on fresh
//! seeds with more trials and the best there is recommended, so neither the choice nor the
//! reported gain is an artefact of the search's own random numbers.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;
use crate::engine::trial::{K_COSTS, K_COVERAGE, K_NET, K_TOTAL};
use crate::engine::shard::Shard;
use crate::engine::{self, Counterfactuals, Layout, RunError, RunOptions};
use crate::model::{LoadError, Model, Problems, Scenario, ScenarioDoc};
use crate::stats::quantile_sorted;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Median total revenue.
    P50Revenue,
    /// Total revenue in a bad year: its 10th percentile (risk-averse).
    P10Revenue,
    /// Mean net contribution (revenue − costs).
    ExpectedNetContribution,
    /// Mean final-quarter market coverage.
    Coverage,
}

/// Allowed partners of one type in one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Bound {
    pub partner_type: String,
    pub region: String,
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct OptimizeRequest {
    /// Most the design may cost over the horizon (mean total cost).
    pub budget: f64,
    pub objective: Objective,
    /// Bounds per type and region; cells not listed may range from 0 to twice the scenario's
    /// count plus 10.
    pub bounds: Vec<Bound>,
    /// Whether pattern intensities are searched too (0 to 2 in steps of 0.5).
    pub patterns: bool,
    /// Whether the starting composition is searched (false: the scenario's partners stay).
    #[serde(default = "yes")]
    pub composition: bool,
    /// Whether partner program levels are searched too (0 to 4 in steps of 0.25).
    #[serde(default)]
    pub programs: bool,
    /// Most the programs may cost over the horizon (mean), besides the total budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_budget: Option<f64>,
    /// Trials per candidate during the search.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    /// Trials of the final re-evaluation on fresh seeds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub final_trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    /// Most candidates simulated.
    pub max_evaluations: usize,
}

impl OptimizeRequest {
    pub fn new(budget: f64, objective: Objective, seed: u64) -> OptimizeRequest {
        OptimizeRequest { budget, objective, bounds: Vec::new(), patterns: true, composition: true, programs: false, program_budget: None, trials: 300, final_trials: 2000, seed, max_evaluations: 400 }
    }
}

fn yes() -> bool {
    true
}

/// A point of the search: a design's mean cost and objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Evaluated {
    pub cost: f64,
    pub objective: f64,
    /// Mean cost of the design's partner programs over the horizon.
    #[serde(default)]
    pub program_cost: f64,
}

/// Designs re-evaluated on fresh seeds besides the start.
pub const FINALISTS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct OptimizeReport {
    pub objective: Objective,
    pub budget: f64,
    /// Designs simulated (raced: most on a share of the trials).
    pub evaluations: usize,
    /// Designs no cheaper design beats, cheapest first (search seeds and trials).
    pub frontier: Vec<Evaluated>,
    /// The scenario as it was, and the recommendation (the start itself when no design beat it
    /// on fresh seeds), during the search.
    pub start: Evaluated,
    pub best: Evaluated,
    /// Both re-evaluated on fresh seeds with `final_trials` trials.
    pub start_fresh: Evaluated,
    pub best_fresh: Evaluated,
    /// The recommended design as a scenario (same id and name as the original: rename to save).
    pub recommended: ScenarioDoc,
    /// What holds the recommendation where it is: the budget, a bound, the search's intensity
    /// limit, a receiver's capacity, a saturated cell. A pattern at its intensity limit always
    /// comes with the constraint that keeps more of it from paying (or the limit itself).
    #[serde(default)]
    pub binding: Vec<Binding>,
    /// Wall-clock seconds the analysis took, on the machine that ran it.
    #[serde(default)]
    pub wall_seconds: f64,
}

/// Kinds of constraint that can bind a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BindingKind {
    /// The design spends (nearly) the whole budget.
    Budget,
    /// A partner count sits at its bound.
    Bound,
    /// A pattern sits at the highest intensity the search tries.
    IntensityLimit,
    /// A pattern's receiving partners have no room left: referrals or collaborative deals
    /// they cannot take.
    ReceiverCapacity,
    /// A cell's accounts are (nearly) all worked or customers.
    SaturatedCell,
}

/// One binding constraint, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Binding {
    pub kind: BindingKind,
    pub detail: String,
}

/// Highest pattern intensity the search tries (in halves: 4 = 2.0).
const MAX_HALVES: u32 = 4;
/// A design whose mean cost is within this share of the budget is budget-bound.
const BUDGET_BINDS: f64 = 0.97;
/// A cell whose final coverage is at least this is saturated.
const SATURATED: f64 = 0.9;

#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    #[error("{0}")]
    Invalid(#[from] LoadError),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// A candidate: partners per (type, region) cell and the intensity of each model pattern
/// in steps of 0.5.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Candidate {
    cells: Vec<u32>,
    halves: Vec<u32>,
    /// Level of each model program in quarters (4 = level 1).
    quarters: Vec<u32>,
}

/// Highest program level the search tries, in quarters (16 = 4.0).
const MAX_QUARTERS: u32 = 16;

struct Space<'a> {
    model: &'a Model,
    base: &'a ScenarioDoc,
    lo: Vec<u32>,
    hi: Vec<u32>,
    patterns: bool,
    composition: bool,
    programs: bool,
}

impl Space<'_> {
    /// Every single move from `c`: one cell ± `step` partners, one pattern ± 0.5, in bounds.
    fn neighbours(&self, c: &Candidate, step: u32) -> Vec<Candidate> {
        let mut out = Vec::new();
        for i in (0..c.cells.len()).filter(|_| self.composition) {
            let v = c.cells[i];
            for n in [(v + step).min(self.hi[i]), v.saturating_sub(step).max(self.lo[i])] {
                if n != v {
                    let mut m = c.clone();
                    m.cells[i] = n;
                    out.push(m);
                }
            }
        }
        if self.patterns {
            for k in 0..c.halves.len() {
                let v = c.halves[k];
                for n in [(v + 1).min(MAX_HALVES), v.saturating_sub(1)] {
                    if n != v {
                        let mut m = c.clone();
                        m.halves[k] = n;
                        out.push(m);
                    }
                }
            }
        }
        if self.programs {
            for k in 0..c.quarters.len() {
                let v = c.quarters[k];
                for n in [(v + 1).min(MAX_QUARTERS), v.saturating_sub(1)] {
                    if n != v {
                        let mut m = c.clone();
                        m.quarters[k] = n;
                        out.push(m);
                    }
                }
            }
        }
        out
    }

    fn nr(&self) -> usize {
        self.model.regions.len()
    }
    fn doc(&self, c: &Candidate) -> ScenarioDoc {
        let mut doc = self.base.clone();
        let nr = self.nr();
        doc.composition = BTreeMap::new();
        for (t, pt) in self.model.partner_types.iter().enumerate() {
            let row: BTreeMap<String, u32> = (0..nr).filter(|&r| c.cells[t * nr + r] > 0).map(|r| (self.model.regions[r].id.clone(), c.cells[t * nr + r])).collect();
            if !row.is_empty() {
                doc.composition.insert(pt.id.clone(), row);
            }
        }
        if self.patterns {
            doc.patterns = self.model.patterns.iter().zip(&c.halves).filter(|(_, &h)| h > 0).map(|(p, &h)| (p.id.clone(), h as f64 / 2.0)).collect();
        }
        if self.programs {
            doc.programs = self.model.programs.iter().zip(&c.quarters).filter(|(_, &q)| q > 0).map(|(p, &q)| (p.id.clone(), q as f64 / 4.0)).collect();
        }
        doc
    }
}

/// Simulate block `k` of `split` of each `(design, k)` of `jobs` — a run of `trials` trials on
/// `seed` without counterfactuals or breakdowns — side by side, one thread each (small runs
/// parallelise better across designs than across their trials); in `jobs` order.
fn simulate_blocks(space: &Space, jobs: Vec<(&Candidate, u32)>, seed: u64, trials: u64, split: u32, cancel: &AtomicBool) -> Result<Vec<(Layout, Shard)>, OptimizeError> {
    use rayon::prelude::*;
    let model = space.model;
    jobs.into_par_iter()
        .map(|(c, k)| {
            let s = Scenario::from_doc(space.doc(c), model)?;
            let mut opts = RunOptions::for_scenario(&s);
            opts.trials = trials;
            opts.seed = seed;
            opts.threads = Some(1);
            opts.counterfactuals = Counterfactuals::Off;
            opts.breakdowns = false;
            let layout = engine::layout_of(model, &s, &opts);
            Ok((layout, engine::shard::run_shard(model, &s, &opts, k, split, &|_| {}, cancel)?))
        })
        .collect()
}

/// How many blocks the search's trials are raced in: the rounds see 1, 2, 4, … of them, the
/// first at least `MIN_RACE_TRIALS` trials (at most 8 blocks; 1 is no racing).
fn race_split(trials: u64) -> u32 {
    let mut split = 8u32;
    while split > 1 && trials / (split as u64) < MIN_RACE_TRIALS {
        split /= 2;
    }
    split
}

/// Fewest trials a racing round judges candidates on.
const MIN_RACE_TRIALS: u64 = 25;

/// What the search keeps of a raced candidate's trials: the per-trial values its evaluation
/// needs, for the blocks simulated so far (always the first ones).
#[derive(Debug, Default, Clone)]
struct Raced {
    shards: u32,
    total: Vec<f64>,
    net: Vec<f64>,
    coverage: Vec<f64>,
    costs: Vec<f64>,
    program_cost: Vec<f64>,
}

impl Raced {
    fn trials(&self) -> usize {
        self.total.len()
    }
    fn add(&mut self, l: &Layout, s: &Shard) {
        for row in s.rows.chunks_exact(s.width) {
            self.total.push(row[K_TOTAL]);
            self.net.push(row[K_NET]);
            self.coverage.push(row[K_COVERAGE]);
            self.costs.push(row[K_COSTS]);
            self.program_cost.push((0..l.programs).map(|i| row[l.program_cost(i)]).sum());
        }
        self.shards += 1;
    }
    /// The evaluation on the first `n` trials.
    fn evaluated(&self, objective: Objective, n: usize) -> Evaluated {
        let n = n.min(self.trials());
        let mean = |c: &[f64]| c[..n].iter().sum::<f64>() / n as f64;
        let quantile = |c: &[f64], p: f64| {
            let mut s = c[..n].to_vec();
            s.sort_by(f64::total_cmp);
            quantile_sorted(&s, p)
        };
        let objective = match objective {
            Objective::P50Revenue => quantile(&self.total, 0.5),
            Objective::P10Revenue => quantile(&self.total, 0.1),
            Objective::ExpectedNetContribution => mean(&self.net),
            Objective::Coverage => mean(&self.coverage),
        };
        Evaluated { cost: mean(&self.costs), objective, program_cost: mean(&self.program_cost) }
    }
}

/// Search for the best design within the budget.
pub fn optimize(
    model: &Model,
    scenario: &Scenario,
    req: &OptimizeRequest,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<OptimizeReport, OptimizeError> {
    let started = std::time::Instant::now();
    let nt = model.partner_types.len();
    let nr = model.regions.len();
    let mut p = Problems::default();
    if !(req.budget.is_finite() && req.budget > 0.0) {
        p.push("budget", format!("must be a positive amount, got {}", req.budget));
    }
    if req.trials == 0 || req.final_trials == 0 {
        p.push("trials", "must be at least 1");
    }
    if let Some(b) = req.program_budget {
        if !(b.is_finite() && b >= 0.0) {
            p.push("program_budget", format!("must be an amount of 0 or more, got {b}"));
        }
    }
    if req.programs && model.programs.is_empty() {
        p.push("programs", "the model has no partner programs to allocate a budget to");
    }
    if !(req.composition || req.patterns || req.programs) {
        p.push("composition", "nothing to search: allow the composition, the patterns or the programs to change");
    }
    let mut lo = vec![0u32; nt * nr];
    let mut hi: Vec<u32> = scenario.composition.iter().flatten().map(|&n| n * 2 + 10).collect();
    for (i, b) in req.bounds.iter().enumerate() {
        let t = model.type_index(&b.partner_type);
        let r = model.regions.iter().position(|x| x.id == b.region);
        match (t, r) {
            (None, _) => p.push(&format!("bounds[{i}].partner_type"), format!("unknown partner type {:?}", b.partner_type)),
            (_, None) => p.push(&format!("bounds[{i}].region"), format!("unknown region {:?}", b.region)),
            (Some(_), Some(_)) if b.min > b.max => p.push(&format!("bounds[{i}].max"), format!("must be at least min ({}), got {}", b.min, b.max)),
            (Some(t), Some(r)) => {
                lo[t * nr + r] = b.min;
                hi[t * nr + r] = b.max;
            }
        }
    }
    if !p.is_empty() {
        return Err(LoadError::Invalid(p).into());
    }
    let space = Space { model, base: &scenario.doc, lo, hi, patterns: req.patterns, composition: req.composition, programs: req.programs };
    let start = Candidate {
        cells: scenario.composition.iter().flatten().zip(space.lo.iter().zip(&space.hi)).map(|(&n, (&l, &h))| if req.composition { n.clamp(l, h) } else { n }).collect(),
        halves: scenario.intensity.iter().map(|&x| (x * 2.0).round().clamp(0.0, MAX_HALVES as f64) as u32).collect(),
        quarters: scenario.levels.iter().map(|&x| (x * 4.0).round().clamp(0.0, MAX_QUARTERS as f64) as u32).collect(),
    };

    let mut seen: HashMap<Candidate, Evaluated> = HashMap::new();
    let mut evaluations = 0usize;
    // Racing (successive halving): a step's candidates are simulated on the first
    // `1/split` of the search's trials, the better half goes on to twice as many, and so on
    // until the survivors have every trial. The trials are the search's own (keyed by seed and
    // index), so a candidate's first n trials are the same futures for every candidate and a
    // survivor's evaluation is exactly the one without racing.
    let split = race_split(req.trials);
    let mut raced: HashMap<Candidate, Raced> = HashMap::new();
    let feasible = |e: &Evaluated| e.cost <= req.budget && req.program_budget.is_none_or(|b| e.program_cost <= b);
    // Race the candidates not yet simulated on every trial, from `current` (already simulated
    // on every trial, or the only candidate). Survivors get their exact evaluation in `seen`;
    // a candidate dropped after n trials gets its difference from `current` on those n trials
    // added to `current`'s evaluation (common random numbers make that difference precise).
    let evaluate_all = |cands: Vec<Candidate>, current: &Candidate, seen: &mut HashMap<Candidate, Evaluated>, raced: &mut HashMap<Candidate, Raced>, evaluations: &mut usize| -> Result<(), OptimizeError> {
        let mut fresh: Vec<Candidate> = cands.into_iter().filter(|c| raced.get(c).is_none_or(|r| r.shards < split)).collect();
        fresh.sort_by(|a, b| (&a.cells, &a.halves, &a.quarters).cmp(&(&b.cells, &b.halves, &b.quarters)));
        fresh.dedup();
        let new = fresh.iter().filter(|c| !seen.contains_key(*c)).count();
        let room = req.max_evaluations.saturating_sub(*evaluations);
        if new > room {
            // The candidates seen before (resumed) first, then as many new ones as there is room for.
            let mut kept = 0;
            fresh.retain(|c| seen.contains_key(c) || { kept += 1; kept <= room });
        }
        *evaluations += new.min(room);
        let mut alive: Vec<Candidate> = fresh;
        let mut upto = 1u32;
        loop {
            // Simulate every live candidate's missing shards below `upto`, side by side (one
            // thread each: small runs parallelise better across candidates than across trials).
            let jobs: Vec<(usize, u32)> = alive
                .iter()
                .enumerate()
                .flat_map(|(i, c)| (raced.get(c).map_or(0, |r| r.shards)..upto).map(move |k| (i, k)))
                .collect();
            let blocks = simulate_blocks(&space, jobs.iter().map(|&(i, k)| (&alive[i], k)).collect(), req.seed, req.trials, split, cancel)?;
            for (&(i, k), (layout, shard)) in jobs.iter().zip(blocks) {
                let entry = raced.entry(alive[i].clone()).or_default();
                debug_assert_eq!(entry.shards, k);
                entry.add(&layout, &shard);
            }
            if upto == split {
                break;
            }
            // Keep the better half (at least one) for twice the trials.
            let n = engine::shard::trials_of(req.trials, upto - 1, split).end as usize;
            let cur = raced.get(current).filter(|r| r.trials() >= n).map(|r| r.evaluated(req.objective, n));
            let cur_feasible = seen.get(current).is_none_or(|e| feasible(e));
            let key = |e: &Evaluated| -> (bool, f64) {
                match &cur {
                    Some(c) if !cur_feasible => {
                        // Over budget: the least objective lost per unit of cost saved.
                        let saved = (c.cost - e.cost).max(c.program_cost - e.program_cost);
                        (saved > 0.0, -(c.objective - e.objective) / saved)
                    }
                    _ => (feasible(e), e.objective),
                }
            };
            let mut ranked: Vec<(usize, (bool, f64))> = alive.iter().enumerate().map(|(i, c)| (i, key(&raced[c].evaluated(req.objective, n)))).collect();
            ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(b.1 .1.total_cmp(&a.1 .1)).then(a.0.cmp(&b.0)));
            let survivors = alive.len().div_ceil(2);
            let mut keep = vec![false; alive.len()];
            for &(i, _) in &ranked[..survivors] {
                keep[i] = true;
            }
            for (_, c) in alive.iter().enumerate().filter(|(i, _)| !keep[*i]) {
                let own = raced[c].evaluated(req.objective, n);
                let e = match (&cur, seen.get(current)) {
                    (Some(cn), Some(cf)) => Evaluated { cost: own.cost - cn.cost + cf.cost, objective: own.objective - cn.objective + cf.objective, program_cost: own.program_cost - cn.program_cost + cf.program_cost },
                    _ => own,
                };
                seen.insert(c.clone(), e);
            }
            alive = alive.into_iter().zip(keep).filter_map(|(c, k)| k.then_some(c)).collect();
            upto = (upto * 2).min(split);
        }
        for c in alive {
            let e = raced[&c].evaluated(req.objective, req.trials as usize);
            seen.insert(c, e);
        }
        progress(*evaluations, req.max_evaluations);
        Ok(())
    };
    evaluate_all(vec![start.clone()], &start, &mut seen, &mut raced, &mut evaluations)?;
    let start_eval = seen[&start].clone();
    // Only a design simulated on every trial of the search can be a step or a finalist.
    let full = |raced: &HashMap<Candidate, Raced>, c: &Candidate| raced.get(c).is_some_and(|r| r.shards == split);
    let mut current = start.clone();
    let mut current_eval = start_eval.clone();
    let largest = start.cells.iter().copied().max().unwrap_or(1).max(1);
    let mut step = (largest / 8).max(1);
    // How many predicted exchanges are simulated each step.
    const EXCHANGES: usize = 8;
    loop {
        if evaluations >= req.max_evaluations {
            break;
        }
        let singles = space.neighbours(&current, step);
        evaluate_all(singles.clone(), &current, &mut seen, &mut raced, &mut evaluations)?;
        let singles: Vec<(Candidate, Evaluated)> = singles.into_iter().filter_map(|c| seen.get(&c).cloned().map(|e| (c, e))).collect();
        let mut next: Option<(Candidate, Evaluated)> = None;
        let consider = |c: &Candidate, e: &Evaluated, next: &mut Option<(Candidate, Evaluated)>| {
            let improves = if feasible(&current_eval) {
                feasible(e) && e.objective > current_eval.objective
            } else {
                e.cost < current_eval.cost || (e.cost <= current_eval.cost && e.program_cost < current_eval.program_cost)
            };
            let beats = next.as_ref().is_none_or(|(_, n)| {
                if feasible(&current_eval) {
                    e.objective > n.objective
                } else {
                    // Over budget: the least objective lost per unit of cost saved.
                    let r = |x: &Evaluated| (current_eval.objective - x.objective) / (current_eval.cost - x.cost).max(current_eval.program_cost - x.program_cost);
                    r(e) < r(n)
                }
            });
            if improves && beats {
                *next = Some((c.clone(), e.clone()));
            }
        };
        for (c, e) in singles.iter().filter(|(c, _)| full(&raced, c)) {
            consider(c, e, &mut next);
        }
        // Exchanges: one variable up and another down, predicted from the single moves'
        // effects (objective and cost changes add), the most promising simulated.
        if feasible(&current_eval) {
            let delta = |e: &Evaluated| (e.objective - current_eval.objective, e.cost - current_eval.cost, e.program_cost - current_eval.program_cost);
            let changed = |c: &Candidate| -> usize {
                let n = c.cells.len();
                let m = c.halves.len();
                c.cells.iter().zip(&current.cells).position(|(a, b)| a != b).unwrap_or_else(|| {
                    c.halves.iter().zip(&current.halves).position(|(a, b)| a != b).map(|k| n + k).unwrap_or_else(|| n + m + c.quarters.iter().zip(&current.quarters).position(|(a, b)| a != b).unwrap_or(0))
                })
            };
            // The exchange pairs a move that spends more with one that spends less, in total
            // cost or (under a program budget) in program cost.
            let spends = |e: &Evaluated| e.cost > current_eval.cost || e.program_cost > current_eval.program_cost;
            let saves = |e: &Evaluated| e.cost < current_eval.cost || e.program_cost < current_eval.program_cost;
            let mut pairs: Vec<(f64, Candidate)> = Vec::new();
            for (a, ea) in singles.iter().filter(|(_, e)| spends(e)) {
                for (b, eb) in singles.iter().filter(|(_, e)| saves(e)) {
                    let (ia, ib) = (changed(a), changed(b));
                    if ia == ib {
                        continue;
                    }
                    let ((da, ca, pa), (db, cb, pb)) = (delta(ea), delta(eb));
                    let within = current_eval.cost + ca + cb <= req.budget && req.program_budget.is_none_or(|bud| current_eval.program_cost + pa + pb <= bud);
                    if within && da + db > 0.0 {
                        let mut c = a.clone();
                        for (k, (&v, &cur)) in b.cells.iter().zip(&current.cells).enumerate() {
                            if v != cur {
                                c.cells[k] = v;
                            }
                        }
                        for (k, (&v, &cur)) in b.halves.iter().zip(&current.halves).enumerate() {
                            if v != cur {
                                c.halves[k] = v;
                            }
                        }
                        for (k, (&v, &cur)) in b.quarters.iter().zip(&current.quarters).enumerate() {
                            if v != cur {
                                c.quarters[k] = v;
                            }
                        }
                        pairs.push((da + db, c));
                    }
                }
            }
            pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
            let top: Vec<Candidate> = pairs.into_iter().take(EXCHANGES).map(|p| p.1).collect();
            evaluate_all(top.clone(), &current, &mut seen, &mut raced, &mut evaluations)?;
            for c in top.into_iter().filter(|c| full(&raced, c)) {
                if let Some(e) = seen.get(&c).cloned() {
                    consider(&c, &e, &mut next);
                }
            }
        }
        match next {
            Some((c, e)) => {
                current = c;
                current_eval = e;
            }
            None if step > 1 => step = (step / 2).max(1),
            None => break,
        }
    }
    // The efficient frontier of every design evaluated.
    let mut points: Vec<Evaluated> = seen.values().cloned().collect();
    points.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(b.objective.total_cmp(&a.objective)));
    let mut frontier: Vec<Evaluated> = Vec::new();
    for pt in points {
        if frontier.last().is_none_or(|f| pt.objective > f.objective) {
            frontier.push(pt);
        }
    }
    // The winners — the best designs within budget found by the search, and the start —
    // re-evaluated on fresh seeds with more trials; the best there is recommended, so a
    // design that won the search by the luck of its random numbers is not.
    let fresh = req.seed ^ 0xF8E5_4000_0000_0001;
    let mut winners: Vec<(&Candidate, &Evaluated)> = seen.iter().filter(|(c, e)| feasible(e) && full(&raced, c)).collect();
    winners.sort_by(|a, b| b.1.objective.total_cmp(&a.1.objective));
    let mut finalists: Vec<Candidate> = vec![start.clone()];
    finalists.extend(winners.into_iter().map(|(c, _)| c.clone()).filter(|c| *c != start).take(FINALISTS));
    // The finalists are raced too, on the fresh seeds: the start always runs every trial (it is
    // reported), the better half of the others goes on to twice the trials.
    let fsplit = race_split(req.final_trials).min(4);
    let mut fin: Vec<Raced> = vec![Raced::default(); finalists.len()];
    let mut alive: Vec<usize> = (0..finalists.len()).collect();
    let mut upto = 1u32;
    loop {
        let jobs: Vec<(usize, u32)> = alive.iter().flat_map(|&i| (fin[i].shards..upto).map(move |k| (i, k))).collect();
        let blocks = simulate_blocks(&space, jobs.iter().map(|&(i, k)| (&finalists[i], k)).collect(), fresh, req.final_trials, fsplit, cancel)?;
        for (&(i, _), (layout, shard)) in jobs.iter().zip(blocks) {
            fin[i].add(&layout, &shard);
        }
        if upto == fsplit {
            break;
        }
        let n = engine::shard::trials_of(req.final_trials, upto - 1, fsplit).end as usize;
        let mut others: Vec<(usize, Evaluated)> = alive.iter().filter(|&&i| i != 0).map(|&i| (i, fin[i].evaluated(req.objective, n))).collect();
        others.sort_by(|(a, ea), (b, eb)| feasible(eb).cmp(&feasible(ea)).then(eb.objective.total_cmp(&ea.objective)).then(a.cmp(b)));
        others.truncate(others.len().div_ceil(2));
        alive = std::iter::once(0).chain(others.into_iter().map(|(i, _)| i)).collect();
        alive.sort_unstable();
        upto = (upto * 2).min(fsplit);
    }
    let start_fresh = fin[0].evaluated(req.objective, req.final_trials as usize);
    // The start is the fallback only where it keeps to the budgets: a scenario over its program
    // budget is not recommended back to itself when a design within it was found.
    let (mut chosen, mut chosen_fresh) = (start.clone(), start_fresh.clone());
    let mut chosen_ok = feasible(&start_fresh);
    for &i in alive.iter().skip(1) {
        let c = &finalists[i];
        let e = fin[i].evaluated(req.objective, req.final_trials as usize);
        let ok = feasible(&e);
        if (ok && !chosen_ok) || (ok == chosen_ok && e.objective > chosen_fresh.objective) {
            (chosen, chosen_fresh, chosen_ok) = (c.clone(), e, ok);
        }
    }
    let (current, current_eval, best_fresh) = (chosen.clone(), seen[&chosen].clone(), chosen_fresh);
    let binding = binding_constraints(&space, &current, &best_fresh, req, fresh, cancel)?;
    Ok(OptimizeReport {
        objective: req.objective,
        budget: req.budget,
        evaluations,
        frontier,
        start: start_eval,
        best: current_eval,
        start_fresh,
        best_fresh,
        recommended: space.doc(&current),
        binding,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

/// The constraints that hold design `c` (re-evaluated as `fresh`): one diagnostic run of it
/// tells which receivers are full and which cells saturated.
fn binding_constraints(space: &Space, c: &Candidate, fresh: &Evaluated, req: &OptimizeRequest, seed: u64, cancel: &AtomicBool) -> Result<Vec<Binding>, OptimizeError> {
    let model = space.model;
    let nr = space.nr();
    let mut out = Vec::new();
    if fresh.cost >= BUDGET_BINDS * req.budget {
        out.push(Binding { kind: BindingKind::Budget, detail: format!("the design spends {:.0}% of the budget", 100.0 * fresh.cost / req.budget) });
    }
    if let Some(b) = req.program_budget.filter(|&b| b > 0.0 && fresh.program_cost >= BUDGET_BINDS * b) {
        out.push(Binding { kind: BindingKind::Budget, detail: format!("the programs spend {:.0}% of the program budget", 100.0 * fresh.program_cost / b) });
    }
    for (k, &q) in c.quarters.iter().enumerate().filter(|_| space.programs) {
        if q == MAX_QUARTERS {
            out.push(Binding { kind: BindingKind::IntensityLimit, detail: format!("{}: at the search's highest level, {:.1}", model.programs[k].name, MAX_QUARTERS as f64 / 4.0) });
        }
    }
    for (i, &n) in c.cells.iter().enumerate().filter(|_| space.composition) {
        let (t, r) = (&model.partner_types[i / nr], &model.regions[i % nr]);
        if n == space.hi[i] && n > 0 {
            out.push(Binding { kind: BindingKind::Bound, detail: format!("{} in {}: at its maximum of {n}", t.name, r.name) });
        } else if n == space.lo[i] && n > 0 {
            out.push(Binding { kind: BindingKind::Bound, detail: format!("{} in {}: at its minimum of {n}", t.name, r.name) });
        }
    }
    let s = Scenario::from_doc(space.doc(c), model)?;
    let mut opts = RunOptions::for_scenario(&s);
    opts.trials = req.final_trials.clamp(1, 1000);
    opts.seed = seed;
    opts.counterfactuals = Counterfactuals::Off;
    let r = engine::run(model, &s, &opts, &|_| {}, cancel)?;
    let mean = |k: usize| r.kpis[k].iter().sum::<f64>() / r.kpis[k].len().max(1) as f64;
    let (referrals, collaborations) = (mean(crate::engine::trial::K_UNSERVED), mean(crate::engine::trial::K_COLLAB_UNSERVED));
    for (k, p) in model.patterns.iter().enumerate() {
        if !space.patterns || c.halves[k] < MAX_HALVES {
            continue;
        }
        let (name, kind) = (&p.name, p.kind);
        let unserved = match kind {
            crate::model::PatternKind::Referral => referrals,
            crate::model::PatternKind::TwoTier => 0.0,
            _ => collaborations,
        };
        if unserved >= 1.0 {
            let what = if kind == crate::model::PatternKind::Referral { "referred opportunities" } else { "collaborative deals" };
            out.push(Binding { kind: BindingKind::ReceiverCapacity, detail: format!("{name}: its receiving partners have no room for {unserved:.0} {what} over the horizon, so more intensity adds little") });
        } else {
            out.push(Binding { kind: BindingKind::IntensityLimit, detail: format!("{name}: at the search's highest intensity, {:.1}", MAX_HALVES as f64 / 2.0) });
        }
    }
    let l = &r.layout;
    for cell in 0..l.cells {
        let cov = r.series(l.cell_coverage(cell)).mean;
        if cov >= SATURATED {
            let (seg, reg) = (&model.segments[cell / nr], &model.regions[cell % nr]);
            out.push(Binding { kind: BindingKind::SaturatedCell, detail: format!("{} in {}: {:.0}% of its accounts are customers or worked", seg.name, reg.name, 100.0 * cov) });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A design's objective from a whole run's KPI columns (how it was valued before racing).
    fn objective_of(objective: Objective, r: &engine::RunResult) -> f64 {
        let mean = |c: &[f64]| c.iter().sum::<f64>() / c.len() as f64;
        let quantile = |c: &[f64], p: f64| {
            let mut s = c.to_vec();
            s.sort_by(f64::total_cmp);
            quantile_sorted(&s, p)
        };
        match objective {
            Objective::P50Revenue => quantile(&r.kpis[K_TOTAL], 0.5),
            Objective::P10Revenue => quantile(&r.kpis[K_TOTAL], 0.1),
            Objective::ExpectedNetContribution => mean(&r.kpis[K_NET]),
            Objective::Coverage => mean(&r.kpis[K_COVERAGE]),
        }
    }

    /// A survivor of the race holds every block of the search's trials: its evaluation is the
    /// one a single run of all those trials gives, bit for bit (cost and median revenue).
    #[test]
    fn a_raced_design_with_every_block_is_valued_as_one_run_of_every_trial() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/two-tier-distribution.json");
        let l = crate::model::load_scenario(&path, None).unwrap();
        let mut opts = RunOptions::for_scenario(&l.scenario);
        opts.trials = 203;
        opts.seed = 11;
        opts.threads = Some(1);
        opts.counterfactuals = Counterfactuals::Off;
        let split = race_split(opts.trials);
        assert_eq!(split, 8);
        let layout = engine::layout_of(&l.model, &l.scenario, &opts);
        let mut raced = Raced::default();
        for k in 0..split {
            raced.add(&layout, &engine::shard::run_shard(&l.model, &l.scenario, &opts, k, split, &|_| {}, &AtomicBool::new(false)).unwrap());
        }
        let r = engine::run_simple(&l.model, &l.scenario, &opts).unwrap();
        let e = raced.evaluated(Objective::P50Revenue, 203);
        assert_eq!(e.objective.to_bits(), objective_of(Objective::P50Revenue, &r).to_bits());
        assert_eq!(e.cost.to_bits(), (r.kpis[K_COSTS].iter().sum::<f64>() / 203.0).to_bits());
        // A prefix is the first trials of that run (trials are keyed: a Latin hypercube's
        // strata depend on the run's trial count, which is why every round uses all of them).
        let n = engine::shard::trials_of(203, 1, split).end as usize;
        let e = raced.evaluated(Objective::ExpectedNetContribution, n);
        assert_eq!(e.objective.to_bits(), (r.kpis[K_NET][..n].iter().sum::<f64>() / n as f64).to_bits());
        assert_eq!(race_split(100), 4);
        assert_eq!(race_split(30), 1);
    }
}
