//! The decision brief's analyses, run the same way for the app's Export menu and for
//! `ecosim report --brief`: which design to choose (the value of information names the design
//! with the highest expected payoff), how often it beats each alternative (a comparison with it
//! first), what it takes to reach its target (requirement solving on its largest partner type
//! in the region where it has most of them), what drives its worst decile, and what to find out
//! first. The report crate only writes and lays out what this gathers.

use std::sync::atomic::AtomicBool;

use ecosim_core::analysis::compare::compare;
use ecosim_core::analysis::drivers::{drivers, DriversRequest, Tail};
use ecosim_core::analysis::goal::{Goal, Statistic};
use ecosim_core::analysis::solve::{solve, Lever, SolveRequest};
use ecosim_core::analysis::voi::value_of_information;
use ecosim_core::model::Loaded;
use ecosim_report::brief::Brief;

use crate::{requests, AppError, ErrorKind};

pub use crate::requests::{BRIEF_TARGET_PROBABILITY, BRIEF_TRIALS};

/// Steps of a brief, for progress: value of information, comparison, solve, drivers.
pub const BRIEF_STEPS: u64 = 4;

fn invalid(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorKind::Invalid, e.to_string())
}

/// Run the brief's analyses over 2–4 designs. `progress(step, of)` counts whole analyses.
pub fn decision_brief(mut designs: Vec<Loaded>, firm: Option<String>, trials: Option<u64>, progress: &(dyn Fn(u64, u64) + Sync), cancel: &AtomicBool) -> Result<Brief, AppError> {
    if !(2..=4).contains(&designs.len()) {
        return Err(invalid(format!("a decision brief chooses between 2 to 4 designs, got {}", designs.len())));
    }
    let trials = trials.unwrap_or(BRIEF_TRIALS);
    let kpi = "net_contribution".to_string();
    let run_err = |e: ecosim_core::analysis::compare::CompareError| match e {
        ecosim_core::analysis::compare::CompareError::Run(r) => AppError::from(r),
        other => invalid(other),
    };
    progress(0, BRIEF_STEPS);
    let voi_req = requests::VoiRequest { kpi: kpi.clone(), trials, seed: None }.resolve(&designs[0].scenario);
    let voi = value_of_information(&designs, &voi_req, &|_, _| {}, cancel).map_err(run_err)?;
    // The recommended design first: every pairing is then against it.
    let chosen = voi.chosen as usize;
    let rec = designs.remove(chosen);
    designs.insert(0, rec);
    progress(1, BRIEF_STEPS);
    let first = &designs[0];
    let cmp = compare(&mut ecosim_core::engine::shard::Runner::Local, &designs, trials, voi_req.seed, voi_req.sampling, &|_, _| {}, cancel).map_err(run_err)?;
    progress(2, BRIEF_STEPS);
    let solve_report = match &first.scenario.target {
        Some(t) => {
            let m = &first.model;
            // The lever: the recommended design's largest partner type by revenue, in the
            // region where it has most partners at the start.
            let top = cmp.reports[0].by_partner_type.iter().filter(|r| r.revenue.mean > 0.0).max_by(|a, b| a.revenue.mean.total_cmp(&b.revenue.mean));
            match top.and_then(|r| m.type_index(&r.partner_type)) {
                Some(ti) => {
                    let row = &first.scenario.composition[ti];
                    let region = (0..row.len()).max_by_key(|&r| row[r]).map(|r| m.regions[r].id.clone());
                    let lever = Lever::Partners { partner_type: m.partner_types[ti].id.clone(), region };
                    let kpi_id = serde_json::to_value(t.metric).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| "total_revenue".into());
                    let goal = Goal { kpi: kpi_id, statistic: Statistic::Probability { threshold: t.value, above: true }, at_least: true, value: BRIEF_TARGET_PROBABILITY };
                    let req = SolveRequest { lever, goal, range: None, trials: (trials / 2).max(200), seed: voi_req.seed };
                    Some(solve(m, &first.scenario, &req, &|_, _| {}, cancel).map_err(|e| match e {
                        ecosim_core::analysis::solve::SolveError::Run(r) => AppError::from(r),
                        other => invalid(other),
                    })?)
                }
                None => None,
            }
        }
        None => None,
    };
    progress(3, BRIEF_STEPS);
    let d_req = DriversRequest { kpi: "total_revenue".into(), tail: Tail::Bottom, share: 0.1, trials: trials.max(1000), seed: voi_req.seed };
    let drivers_report = drivers(&first.model, &first.scenario, &d_req, &|_, _| {}, cancel).map_err(|e| match e {
        ecosim_core::analysis::sensitivity::SensitivityError::Run(r) => AppError::from(r),
        other => invalid(other),
    })?;
    progress(4, BRIEF_STEPS);
    Ok(Brief { firm, date: ecosim_report::format::today(), compare: cmp, kpi, solve: solve_report, drivers: Some(drivers_report), voi: Some(voi) })
}
