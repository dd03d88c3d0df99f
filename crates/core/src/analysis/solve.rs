//! Requirement solving: how much of one lever a design needs until a goal holds — "how many
//! MSPs in EMEA until P(total revenue ≥ $45M) reaches 80 %?".
//!
//! One lever at a time (starting partners of a type in a region or in every region, partners
//! recruited per quarter, a pattern's intensity, a program's level, a policy on or off). Every
//! value of the lever is simulated with the same seed and trials, so two values differ only by
//! the lever (common random numbers). The search first simulates a coarse grid across the
//! range, which both brackets the answer and checks that the goal's statistic moves one way
//! with the lever (a lever that helps and then hurts is reported as not monotone, and the
//! answer is then only the smallest grid value found to work); it then bisects the bracket,
//! to one partner for counts and to 1/200 of the range for intensities and levels.
//!
//! The answer's uncertainty comes from bootstrap resamples of the trials: each resample
//! recomputes the statistic at every value simulated and finds its own answer (between
//! simulated values by linear interpolation); the interval is the 5th–95th percentile of
//! those answers, and values the interval reaches that were not simulated are simulated and
//! the interval recomputed. Resamples in which no value meets the goal are counted.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::goal::Goal;
use crate::engine::rng::{key, Stream};
use crate::engine::{self, Counterfactuals, RunError, RunOptions};
use crate::model::{LoadError, Model, Problems, RecruitmentDoc, Scenario, ScenarioDoc};
use crate::stats::quantile_sorted;

/// The one thing the solver may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Lever {
    /// Starting partners of a type in one region, or (no region) the same count in every region.
    Partners {
        partner_type: String,
        #[serde(default)]
        region: Option<String>,
    },
    /// Partners of a type recruited each quarter (in one region, or in every region): the
    /// scenario's recruitment rows of that type keep their quarters; without any, recruits
    /// arrive every quarter of the horizon.
    Recruitment {
        partner_type: String,
        #[serde(default)]
        region: Option<String>,
    },
    /// A collaboration pattern's intensity.
    Pattern { pattern: String },
    /// A partner program's level.
    Program { program: String },
    /// A governance policy, off (0) or on (1).
    Policy { policy: String },
}

impl Lever {
    /// Parse a lever as the command line writes it: `msp:emea` (starting MSPs in EMEA), `msp`
    /// or `msp:*` (in every region), `recruit:msp:emea`, `pattern:ID`, `program:ID`, `policy:ID`.
    pub fn parse(text: &str) -> Result<Lever, String> {
        let t = text.trim();
        let region = |r: Option<&str>| r.map(str::trim).filter(|r| !r.is_empty() && *r != "*" && *r != "all").map(str::to_string);
        let bad = || format!("a lever looks like TYPE:REGION (e.g. msp:emea), TYPE (every region), recruit:TYPE[:REGION], pattern:ID, program:ID or policy:ID; got {text:?}");
        let mut parts = t.splitn(3, ':');
        let first = parts.next().filter(|s| !s.is_empty()).ok_or_else(bad)?;
        let second = parts.next();
        let third = parts.next();
        Ok(match (first, second) {
            ("pattern", Some(id)) if third.is_none() => Lever::Pattern { pattern: id.trim().into() },
            ("program", Some(id)) if third.is_none() => Lever::Program { program: id.trim().into() },
            ("policy", Some(id)) if third.is_none() => Lever::Policy { policy: id.trim().into() },
            ("recruit" | "recruitment", Some(ty)) => Lever::Recruitment { partner_type: ty.trim().into(), region: region(third) },
            (ty, r) if third.is_none() => Lever::Partners { partner_type: ty.into(), region: region(r) },
            _ => return Err(bad()),
        })
    }

    /// Whether the lever takes whole values (partner counts, a policy).
    pub fn integer(&self) -> bool {
        matches!(self, Lever::Partners { .. } | Lever::Recruitment { .. } | Lever::Policy { .. })
    }

    /// Check the lever against the model, naming what is unknown.
    pub fn check(&self, model: &Model) -> Result<(), String> {
        let ty = |id: &str| model.type_index(id).map(|_| ()).ok_or_else(|| format!("lever: unknown partner type {id:?}; one of {}", model.partner_types.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")));
        let reg = |r: &Option<String>| match r {
            Some(r) if !model.regions.iter().any(|x| &x.id == r) => Err(format!("lever: unknown region {r:?}; one of {}", model.regions.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", "))),
            _ => Ok(()),
        };
        match self {
            Lever::Partners { partner_type, region } | Lever::Recruitment { partner_type, region } => {
                ty(partner_type)?;
                reg(region)
            }
            Lever::Pattern { pattern } if !model.patterns.iter().any(|p| &p.id == pattern) => Err(format!("lever: unknown pattern {pattern:?}")),
            Lever::Program { program } if !model.programs.iter().any(|p| &p.id == program) => Err(format!("lever: unknown program {program:?}")),
            Lever::Policy { policy } if !model.policies.iter().any(|p| &p.id == policy) => Err(format!("lever: unknown policy {policy:?}")),
            _ => Ok(()),
        }
    }

    /// The lever in words: "System integrators in EMEA (starting partners)".
    pub fn label(&self, model: &Model) -> String {
        let ty = |id: &str| model.type_index(id).map(|t| model.partner_types[t].name.clone()).unwrap_or_else(|| id.into());
        let reg = |r: &Option<String>| match r {
            Some(r) => model.regions.iter().find(|x| &x.id == r).map(|x| format!("in {}", x.name)).unwrap_or_else(|| format!("in {r}")),
            None => "in every region".into(),
        };
        let named = |list: Vec<(&String, &String)>, id: &str| list.into_iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| id.into());
        match self {
            Lever::Partners { partner_type, region } => format!("{} {} (starting partners)", ty(partner_type), reg(region)),
            Lever::Recruitment { partner_type, region } => format!("{} recruited per quarter {}", ty(partner_type), reg(region)),
            Lever::Pattern { pattern } => format!("{} (intensity)", named(model.patterns.iter().map(|p| (&p.id, &p.name)).collect(), pattern)),
            Lever::Program { program } => format!("{} (level)", named(model.programs.iter().map(|p| (&p.id, &p.name)).collect(), program)),
            Lever::Policy { policy } => format!("{} (off or on)", named(model.policies.iter().map(|p| (&p.id, &p.name)).collect(), policy)),
        }
    }

    fn regions<'a>(model: &'a Model, region: &'a Option<String>) -> Vec<&'a str> {
        match region {
            Some(r) => vec![r.as_str()],
            None => model.regions.iter().map(|r| r.id.as_str()).collect(),
        }
    }

    /// The lever's value in a scenario document (the largest region's, for every region).
    pub fn current(&self, model: &Model, doc: &ScenarioDoc) -> f64 {
        match self {
            Lever::Partners { partner_type, region } => Self::regions(model, region).into_iter().map(|r| doc.composition.get(partner_type).and_then(|m| m.get(r)).copied().unwrap_or(0)).max().unwrap_or(0) as f64,
            Lever::Recruitment { partner_type, region } => doc.recruitment.iter().filter(|x| &x.partner_type == partner_type && region.as_ref().is_none_or(|r| &x.region == r)).map(|x| x.per_quarter).max().unwrap_or(0) as f64,
            Lever::Pattern { pattern } => doc.patterns.get(pattern).copied().unwrap_or(0.0),
            Lever::Program { program } => doc.programs.get(program).copied().unwrap_or(0.0),
            Lever::Policy { policy } => f64::from(u8::from(doc.governance.contains(policy))),
        }
    }

    /// The range searched when none is given.
    pub fn default_range(&self, model: &Model, doc: &ScenarioDoc) -> [f64; 2] {
        let now = self.current(model, doc);
        match self {
            Lever::Partners { .. } => [0.0, (3.0 * now).max(now + 40.0)],
            Lever::Recruitment { .. } => [0.0, (3.0 * now).max(10.0)],
            Lever::Pattern { .. } => [0.0, (2.0 * now).clamp(4.0, 10.0)],
            Lever::Program { .. } => [0.0, (2.0 * now).clamp(4.0, crate::model::validate::MAX_PROGRAM_LEVEL)],
            Lever::Policy { .. } => [0.0, 1.0],
        }
    }

    /// `doc` with the lever set to `value`.
    pub fn apply(&self, model: &Model, doc: &ScenarioDoc, value: f64) -> ScenarioDoc {
        let mut d = doc.clone();
        match self {
            Lever::Partners { partner_type, region } => {
                let n = value.round().max(0.0) as u32;
                let row = d.composition.entry(partner_type.clone()).or_default();
                for r in Self::regions(model, region) {
                    if n == 0 {
                        row.remove(r);
                    } else {
                        row.insert(r.to_string(), n);
                    }
                }
                if row.is_empty() {
                    d.composition.remove(partner_type);
                }
            }
            Lever::Recruitment { partner_type, region } => {
                let n = value.round().max(0.0) as u32;
                let matches = |x: &RecruitmentDoc| &x.partner_type == partner_type && region.as_ref().is_none_or(|r| &x.region == r);
                let existing: Vec<RecruitmentDoc> = d.recruitment.iter().filter(|x| matches(x)).cloned().collect();
                d.recruitment.retain(|x| !matches(x));
                if n > 0 {
                    let mut rows = existing;
                    // Regions the lever covers without a recruitment row of their own recruit
                    // every quarter of the horizon.
                    for r in Self::regions(model, region) {
                        if !rows.iter().any(|x| x.region == r) {
                            rows.push(RecruitmentDoc { partner_type: partner_type.clone(), region: r.to_string(), from_quarter: 1, to_quarter: Some(d.horizon_quarters), per_quarter: n });
                        }
                    }
                    for x in &mut rows {
                        x.per_quarter = n;
                    }
                    d.recruitment.extend(rows);
                }
            }
            Lever::Pattern { pattern } => {
                if value > 0.0 {
                    d.patterns.insert(pattern.clone(), value);
                } else {
                    d.patterns.remove(pattern);
                }
            }
            Lever::Program { program } => {
                if value > 0.0 {
                    d.programs.insert(program.clone(), value);
                } else {
                    d.programs.remove(program);
                }
            }
            Lever::Policy { policy } => {
                d.governance.retain(|p| p != policy);
                if value >= 0.5 {
                    d.governance.push(policy.clone());
                }
            }
        }
        d
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SolveRequest {
    pub lever: Lever,
    pub goal: Goal,
    /// Lowest and highest lever value searched (default: [`Lever::default_range`]).
    #[serde(default)]
    pub range: Option<[f64; 2]>,
    /// Trials at each lever value.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
}

/// Default trials at each lever value.
pub const SOLVE_TRIALS: u64 = 2_000;
/// Bootstrap resamples behind the answer's interval.
pub const BOOTSTRAP: usize = 200;
/// Grid values simulated across the range before bisecting.
const GRID: usize = 6;

/// How the search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum SolveOutcome {
    /// The goal holds from the answer on (or, for a lever that hurts, up to it).
    Solved,
    /// The goal holds across the whole range: the answer is the range's lowest value.
    AlreadyMet,
    /// No value in the range meets the goal.
    NotReachable,
}

/// Which side of the answer meets the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The answer and every value above it meet the goal: it is the least that is enough.
    AtLeast,
    /// The answer and every value below it meet the goal: it is the most the goal allows.
    AtMost,
}

/// One lever value simulated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SolvePoint {
    pub value: f64,
    /// The goal's statistic at this value.
    pub statistic: f64,
    /// Its standard error (the dice alone).
    pub noise: f64,
    pub meets: bool,
    /// Mean of the goal's KPI.
    pub kpi_mean: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SolveReport {
    pub lever: Lever,
    pub lever_label: String,
    pub goal: Goal,
    pub goal_text: String,
    pub range: [f64; 2],
    /// Whether the lever takes whole values.
    pub integer: bool,
    /// The lever's value in the scenario as it is, and whether that meets the goal.
    pub current: f64,
    pub current_meets: Option<bool>,
    pub outcome: SolveOutcome,
    pub side: Side,
    /// The least lever value that meets the goal (the most, for [`Side::AtMost`]).
    pub answer: Option<f64>,
    /// 5th–95th percentile of the answer over bootstrap resamples of the trials.
    pub interval: Option<[f64; 2]>,
    /// Share of bootstrap resamples in which no value of the range meets the goal.
    pub unreachable_share: f64,
    /// Whether the goal's statistic moves one way across the values simulated (within their noise).
    pub monotone: bool,
    /// Where it does not: the values between which it turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monotone_note: Option<String>,
    /// Share of trials whose KPI moved against the overall trend between neighbouring values.
    pub trials_against_trend: f64,
    /// Every value simulated, in lever order.
    pub points: Vec<SolvePoint>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub trials: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    /// The scenario with the lever at the answer (same id and name: rename to save).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solved: Option<ScenarioDoc>,
    pub wall_seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    #[error("{0}")]
    Invalid(#[from] LoadError),
    #[error("the lever at {value} makes an invalid scenario: {error}")]
    Design { value: f64, error: LoadError },
    #[error(transparent)]
    Run(#[from] RunError),
}

fn invalid(field: &str, message: String) -> SolveError {
    let mut p = Problems::default();
    p.push(field, message);
    SolveError::Invalid(LoadError::Invalid(p))
}

/// Solve for the lever value at which the goal holds.
pub fn solve(model: &Model, scenario: &Scenario, req: &SolveRequest, progress: &(dyn Fn(usize, usize) + Sync), cancel: &AtomicBool) -> Result<SolveReport, SolveError> {
    let started = Instant::now();
    req.lever.check(model).map_err(|m| invalid("lever", m.trim_start_matches("lever: ").into()))?;
    req.goal.check().map_err(|m| {
        let (field, msg) = m.split_once(": ").unwrap_or(("goal", &m));
        invalid(field, msg.into())
    })?;
    if req.trials < 10 {
        return Err(invalid("trials", format!("must be at least 10, got {}", req.trials)));
    }
    let integer = req.lever.integer();
    let [lo, hi] = req.range.unwrap_or_else(|| req.lever.default_range(model, &scenario.doc));
    let (lo, hi) = if integer { (lo.round(), hi.round()) } else { (lo, hi) };
    if !(lo.is_finite() && hi.is_finite() && lo >= 0.0 && hi > lo) {
        return Err(invalid("range", format!("must run from a value of 0 or more to a larger one, got {lo}..{hi}")));
    }
    if matches!(req.lever, Lever::Policy { .. }) && (lo != 0.0 || hi != 1.0) {
        return Err(invalid("range", "a policy is off (0) or on (1): its range is 0..1".into()));
    }
    let column = req.goal.column();
    let counterfactuals = Counterfactuals::to_measure(column);
    let n = req.trials as usize;
    let mut seen: BTreeMap<u64, Vec<f64>> = BTreeMap::new(); // lever value's bits → per-trial KPI
    let evaluate = |v: f64, seen: &mut BTreeMap<u64, Vec<f64>>| -> Result<(), SolveError> {
        let v = if integer { v.round() } else { v };
        if seen.contains_key(&v.to_bits()) {
            return Ok(());
        }
        let doc = req.lever.apply(model, &scenario.doc, v);
        let s = Scenario::from_doc(doc, model).map_err(|error| SolveError::Design { value: v, error })?;
        let mut opts = RunOptions::for_scenario(&s);
        opts.trials = req.trials;
        opts.seed = req.seed;
        opts.counterfactuals = counterfactuals;
        let r = engine::run(model, &s, &opts, &|_| {}, cancel)?;
        seen.insert(v.to_bits(), r.kpis[column].clone());
        progress(seen.len(), GRID + 13);
        Ok(())
    };
    // The coarse grid.
    let grid: Vec<f64> = (0..GRID).map(|i| lo + (hi - lo) * i as f64 / (GRID - 1) as f64).map(|v| if integer { v.round() } else { v }).collect();
    for &v in &grid {
        evaluate(v, &mut seen)?;
    }
    // The scenario as it is, so the report can say whether it meets the goal already.
    let now = req.lever.current(model, &scenario.doc);
    if (lo..=hi).contains(&now) {
        evaluate(now, &mut seen)?;
    }
    let stat = |kpi: &[f64]| req.goal.statistic_of(kpi);
    let points_of = |seen: &BTreeMap<u64, Vec<f64>>| -> Vec<(f64, f64)> {
        let mut p: Vec<(f64, f64)> = seen.iter().map(|(b, k)| (f64::from_bits(*b), stat(k))).collect();
        p.sort_by(|a, b| a.0.total_cmp(&b.0));
        p
    };
    let pts = points_of(&seen);
    let meets: Vec<bool> = pts.iter().map(|&(_, s)| req.goal.met_by(s)).collect();
    // Which side meets: with the goal met at the top of the range, the least value that is
    // enough; met only at the bottom, the most the goal allows.
    let side = if meets.last() == Some(&true) || meets.first() != Some(&true) { Side::AtLeast } else { Side::AtMost };
    let switches = meets.windows(2).filter(|w| w[0] != w[1]).count();
    // Bisect the bracket where the goal starts (or stops) to hold.
    let bracket = |pts: &[(f64, f64)]| -> Option<(f64, f64)> {
        let ok: Vec<bool> = pts.iter().map(|&(_, s)| req.goal.met_by(s)).collect();
        let i = match side {
            Side::AtLeast => ok.iter().position(|&m| m)?,
            Side::AtMost => ok.iter().rposition(|&m| m)?,
        };
        let j = match side {
            Side::AtLeast if i > 0 => i - 1,
            Side::AtMost if i + 1 < ok.len() => i + 1,
            _ => return None,
        };
        let (a, b) = (pts[i.min(j)].0, pts[i.max(j)].0);
        let resolved = if integer { b - a <= 1.0 } else { b - a <= (hi - lo) / 200.0 };
        (!resolved).then_some((a, b))
    };
    if switches > 0 {
        while let Some((a, b)) = bracket(&points_of(&seen)) {
            let mid = if integer { ((a + b) / 2.0).floor() } else { (a + b) / 2.0 };
            if mid <= a || mid >= b {
                break;
            }
            evaluate(mid, &mut seen)?;
        }
    }
    // The answer on the full sample and on bootstrap resamples, from the values simulated.
    let answer_of = |pts: &[(f64, f64)]| -> Option<f64> {
        let ok: Vec<bool> = pts.iter().map(|&(_, s)| req.goal.met_by(s)).collect();
        let cross = |i: usize, j: usize| -> f64 {
            // Between a failing value j and a meeting value i: where the statistic crosses.
            let ((vi, si), (vj, sj)) = (pts[i], pts[j]);
            let t = if si != sj { ((req.goal.value - sj) / (si - sj)).clamp(0.0, 1.0) } else { 1.0 };
            let v = vj + t * (vi - vj);
            match (integer, side) {
                (true, Side::AtLeast) => v.ceil().clamp(vj.min(vi), vj.max(vi)),
                (true, Side::AtMost) => v.floor().clamp(vj.min(vi), vj.max(vi)),
                _ => v,
            }
        };
        match side {
            Side::AtLeast => {
                let i = ok.iter().position(|&m| m)?;
                Some(if i == 0 { pts[0].0 } else { cross(i, i - 1) })
            }
            Side::AtMost => {
                let i = ok.iter().rposition(|&m| m)?;
                Some(if i + 1 == pts.len() { pts[i].0 } else { cross(i, i + 1) })
            }
        }
    };
    let mut resamples: Vec<Vec<usize>> = Vec::with_capacity(BOOTSTRAP);
    for b in 0..BOOTSTRAP {
        let mut s = Stream::new(key(&[req.seed, 0x501E, b as u64]));
        resamples.push((0..n).map(|_| s.below(n)).collect());
    }
    let boot = |seen: &BTreeMap<u64, Vec<f64>>| -> (Vec<f64>, usize) {
        let mut answers = Vec::with_capacity(BOOTSTRAP);
        let mut none = 0;
        let mut buf = Vec::with_capacity(n);
        for idx in &resamples {
            let mut pts: Vec<(f64, f64)> = seen
                .iter()
                .map(|(bits, k)| {
                    buf.clear();
                    buf.extend(idx.iter().map(|&i| k[i]));
                    (f64::from_bits(*bits), stat(&buf))
                })
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            match answer_of(&pts) {
                Some(a) => answers.push(a),
                None => none += 1,
            }
        }
        answers.sort_by(f64::total_cmp);
        (answers, none)
    };
    let interval_of = |answers: &[f64]| (!answers.is_empty()).then(|| [quantile_sorted(answers, 0.05), quantile_sorted(answers, 0.95)]).map(|[a, b]| if integer { [a.floor(), b.ceil()] } else { [a, b] });
    let (mut answers, mut none) = boot(&seen);
    // Simulate the interval's ends where they fall between values not yet simulated, so the
    // interval does not rest on interpolation alone.
    if integer && switches > 0 {
        for _ in 0..4 {
            let Some([a, b]) = interval_of(&answers) else { break };
            let fresh: Vec<f64> = [a, b, a - 1.0, b + 1.0].into_iter().filter(|&v| v >= lo && v <= hi && !seen.contains_key(&v.to_bits())).take(2).collect();
            if fresh.is_empty() {
                break;
            }
            for v in fresh {
                evaluate(v, &mut seen)?;
            }
            (answers, none) = boot(&seen);
        }
    }
    let pts = points_of(&seen);
    let answer = answer_of(&pts);
    let ok: Vec<bool> = pts.iter().map(|&(_, s)| req.goal.met_by(s)).collect();
    let outcome = match answer {
        None => SolveOutcome::NotReachable,
        Some(_) if ok.iter().all(|&m| m) => SolveOutcome::AlreadyMet,
        Some(_) => SolveOutcome::Solved,
    };
    // Monotone: the statistic never moves against the overall trend by more than its noise.
    let kpis: Vec<&Vec<f64>> = {
        let mut v: Vec<(f64, &Vec<f64>)> = seen.iter().map(|(b, k)| (f64::from_bits(*b), k)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v.into_iter().map(|x| x.1).collect()
    };
    let noise: Vec<f64> = kpis.iter().map(|k| req.goal.noise(k)).collect();
    let trend = (pts.last().map_or(0.0, |p| p.1) - pts.first().map_or(0.0, |p| p.1)).signum();
    // Monotone: the statistic does not both rise and fall by more than its noise.
    let moves = |sign: f64| -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize, f64)> = None;
        for i in 0..pts.len() {
            for j in i + 1..pts.len() {
                let by = (pts[j].1 - pts[i].1) * sign;
                let tol = 3.0 * (noise[i] * noise[i] + noise[j] * noise[j]).sqrt();
                if by > tol && best.is_none_or(|b| by > b.2) {
                    best = Some((i, j, by));
                }
            }
        }
        best.map(|(i, j, _)| (i, j))
    };
    let monotone_note = match (moves(1.0), moves(-1.0)) {
        (Some((a, b)), Some((c, d))) => {
            let (first, second) = if a <= c { (("rises", a, b), ("falls", c, d)) } else { (("falls", c, d), ("rises", a, b)) };
            Some(format!(
                "the goal's statistic {} from {} at {} to {} at {}, and {} from {} at {} to {} at {}: more of this lever does not always help, so the answer is the first value found to work, not necessarily the only range that does",
                first.0,
                fmt(pts[first.1].1),
                fmt(pts[first.1].0),
                fmt(pts[first.2].1),
                fmt(pts[first.2].0),
                second.0,
                fmt(pts[second.1].1),
                fmt(pts[second.1].0),
                fmt(pts[second.2].1),
                fmt(pts[second.2].0)
            ))
        }
        _ => None,
    };
    let against: usize = kpis.windows(2).map(|w| w[0].iter().zip(w[1].iter()).filter(|(a, b)| (*b - *a) * trend < 0.0).count()).sum();
    let pairs = kpis.len().saturating_sub(1) * n;
    let current = req.lever.current(model, &scenario.doc);
    let current_meets = seen.get(&current.to_bits()).map(|k| req.goal.met_by(stat(k)));
    let points = pts
        .iter()
        .zip(&kpis)
        .zip(&noise)
        .map(|((&(value, statistic), k), &noise)| SolvePoint { value, statistic, noise, meets: req.goal.met_by(statistic), kpi_mean: k.iter().sum::<f64>() / n as f64 })
        .collect();
    Ok(SolveReport {
        lever: req.lever.clone(),
        lever_label: req.lever.label(model),
        goal: req.goal.clone(),
        goal_text: req.goal.text(),
        range: [lo, hi],
        integer,
        current,
        current_meets,
        outcome,
        side,
        answer,
        interval: interval_of(&answers),
        unreachable_share: none as f64 / BOOTSTRAP as f64,
        monotone: monotone_note.is_none(),
        monotone_note,
        trials_against_trend: if pairs > 0 { against as f64 / pairs as f64 } else { 0.0 },
        points,
        trials: req.trials,
        seed: req.seed,
        solved: answer.map(|a| req.lever.apply(model, &scenario.doc, a)),
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

fn fmt(v: f64) -> String {
    if v.abs() >= 100.0 {
        crate::output::group(v, 0)
    } else {
        format!("{v:.3}")
    }
}

impl SolveReport {
    /// The answer as a person reads it in a terminal.
    pub fn to_table(&self, currency: &str) -> String {
        use crate::output::table;
        let val = |v: f64| if self.integer { crate::output::group(v, 0) } else { format!("{v:.2}") };
        let stat = |v: f64| match self.goal.statistic {
            super::goal::Statistic::Probability { .. } => crate::words::percent(v, 1),
            _ => crate::words::kpi_value(&self.goal.kpi, v, currency, false),
        };
        let mut out = format!("Solving {} until {} — {} trials at each value, seed {}\n\n", self.lever_label, self.goal_text, crate::output::group(self.trials as f64, 0), self.seed);
        match (self.outcome, self.answer) {
            (SolveOutcome::NotReachable, _) => out.push_str(&format!("Not reachable within {}..{}: no value of the lever meets the goal.\n", val(self.range[0]), val(self.range[1]))),
            (SolveOutcome::AlreadyMet, Some(a)) => out.push_str(&format!("Already met at the range's lowest value, {}.\n", val(a))),
            (_, Some(a)) => {
                let side = if self.side == Side::AtLeast { "at least" } else { "at most" };
                out.push_str(&format!("Answer: {side} {}", val(a)));
                if let Some([l, h]) = self.interval {
                    out.push_str(&format!(" (90% of bootstrap resamples: {} – {})", val(l), val(h)));
                }
                out.push_str(&format!("; the scenario has {}.\n", val(self.current)));
            }
            _ => {}
        }
        if self.unreachable_share > 0.0 {
            out.push_str(&format!("In {} of resamples no value in the range meets the goal.\n", crate::words::percent(self.unreachable_share, 0)));
        }
        if let Some(note) = &self.monotone_note {
            out.push_str(&format!("Not monotone: {note}.\n"));
        }
        out.push('\n');
        let rows: Vec<Vec<String>> = self.points.iter().map(|p| vec![val(p.value), stat(p.statistic), format!("± {}", stat(p.noise)), if p.meets { "yes".into() } else { "no".into() }]).collect();
        out.push_str(&table(&["lever", "statistic", "noise (1 s.e.)", "meets goal"], &rows));
        out
    }
}
