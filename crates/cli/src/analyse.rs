//! Act: the decision analyses — `compare`, `optimize`, `attribution`, `sensitivity` — over
//! scenario files or stored scenarios, with the application crate's defaults.

use std::fmt::Write as _;

use std::path::Path;
use std::process::ExitCode;

use ecosim_core::model;
use ecosim_core::output;
use ecosim_app::shard::{AnalysisReport, AnalysisRequest};
use ecosim_store::{self as store, Store};

use crate::args::*;
use crate::library::looks_like_file;
use crate::term::*;

/// Load a scenario named on the command line: a file, or a stored scenario.
pub(crate) fn load_named(db: &Path, store: &mut Option<Store>, arg: &str) -> Result<model::Loaded, String> {
    if looks_like_file(arg) {
        return model::load_scenario(Path::new(arg), None).map_err(|e| format!("{arg}: {e}"));
    }
    if store.is_none() {
        *store = Some(Store::open(db).map_err(|e| e.to_string())?);
    }
    let st = store.as_ref().expect("opened");
    st.resolve(store::parse_ref(arg)).and_then(|id| st.load_for_run(id)).map(|(l, _, _)| l).map_err(|e| e.to_string())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn compare(db: &Path, names: &[String], trials: Option<u64>, seed: Option<u64>, shard: Option<(u32, u32)>, format: Format, out: Option<&Path>) -> ExitCode {
    let mut store = None;
    let mut designs = Vec::new();
    for n in names {
        match load_named(db, &mut store, n) {
            Ok(l) => designs.push(l),
            Err(e) => return fail(&e),
        }
    }
    let first = &designs[0].scenario;
    let (trials, seed, sampling) = ecosim_app::requests::CompareRequest { trials, seed }.settings(first);
    if let Some(split) = shard {
        if let Err(e) = ecosim_core::analysis::compare::check_designs(&designs) {
            return fail(&e.to_string());
        }
        let req = AnalysisRequest::Compare { model: designs[0].model.doc.clone(), scenarios: designs.iter().map(|d| d.scenario.doc.clone()).collect(), trials, seed, sampling };
        return write_analysis_shard(&req, split, out);
    }
    let bar = Bar::new(trials * designs.len() as u64, "trials");
    let result = ecosim_core::analysis::compare::compare(&mut ecosim_core::engine::shard::Runner::Local, &designs, trials, seed, sampling, &|done, _| {
        bar.set(done);
    }, &INTERRUPTED);
    drop(bar);
    match result {
        Ok(report) => emit(&analysis_text(&AnalysisReport::Compare(report), "", "", format), out),
        Err(e) => fail(&e.to_string()),
    }
}

/// `--shard K/N` of an analysis: shard K of each of its runs, written to `--out` for `merge`.
fn write_analysis_shard(req: &AnalysisRequest, (k, n): (u32, u32), out: Option<&Path>) -> ExitCode {
    let Some(out) = out else {
        return fail("--shard writes the shard to a file: give --out (e.g. --out part-0)");
    };
    let bar = Bar::new(0, "trials");
    let bytes = ecosim_app::shard::run_analysis_shard(req, k, n, &|done, total| bar.set_of(done, total), &INTERRUPTED);
    drop(bar);
    write_shard(bytes, out, &format!("{} shard {k}/{n}", req.name()))
}

/// The table or JSON of a compare, tornado, Sobol or attribution report: what the command
/// prints, and what `merge` prints for its shards. `scenario` names the design analysed and
/// `cur` the model's currency (neither is needed for a comparison).
pub(crate) fn analysis_text(report: &AnalysisReport, scenario: &str, cur: &str, format: Format) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(report).expect("report serialises") + "\n";
    }
    match report {
        AnalysisReport::Compare(r) => r.to_table(),
        AnalysisReport::Tornado(t) => {
            let fmt = kpi_format(&t.kpi, cur);
            let rows: Vec<Vec<String>> = t
                .bars
                .iter()
                .map(|b| vec![b.input.clone(), format!("{} → {}", output::group(b.value_low, 3), output::group(b.value_high, 3)), fmt(b.kpi_low), fmt(b.kpi_high), fmt(b.swing)])
                .collect();
            format!(
                "Tornado of {}: each uncertain input at its P10 and P90, the others at their median ({} trials a point, in {:.1} s)\nBase: {}\n\n{}",
                t.kpi,
                output::group(t.trials_per_point as f64, 0),
                t.wall_seconds,
                fmt(t.base),
                output::table(&["input", "P10 → P90", "at P10", "at P90", "swing"], &rows)
            )
        }
        AnalysisReport::Sobol(s) => {
            let rows: Vec<Vec<String>> = s
                .indices
                .iter()
                .map(|i| vec![i.input.clone(), format!("{:.3} [{:.3}, {:.3}]", i.first_order, i.first_order_ci[0], i.first_order_ci[1]), format!("{:.3} [{:.3}, {:.3}]", i.total, i.total_ci[0], i.total_ci[1])])
                .collect();
            format!(
                "Sobol indices of {} (Saltelli sampling, Jansen estimators, 95% bootstrap intervals; {} base samples, {} trials, in {:.1} s)\n\"(simulation randomness)\" is the spread no input explains: which deals a trial happens to win.\n\n{}",
                s.kpi,
                output::group(s.base_samples as f64, 0),
                output::group(s.evaluations as f64, 0),
                s.wall_seconds,
                output::table(&["input", "first order", "total"], &rows)
            )
        }
        AnalysisReport::Shapley(r) => {
            let rows: Vec<Vec<String>> = r
                .rows
                .iter()
                .map(|x| {
                    vec![
                        x.name.clone(),
                        output::money(x.revenue, cur),
                        ecosim_core::words::percent(x.revenue_share, 1),
                        output::money(x.transacted_revenue, cur),
                        ecosim_core::words::percent(x.transacted_share, 1),
                        format!("{:+.2} pts", x.coverage * 100.0),
                    ]
                })
                .collect();
            format!(
                "Attribution of {} ({} coalitions of partner types{}, {} trials each, in {:.1} s)\nTotal revenue {}; coverage {:.1}%\n\n{}\nShapley: the type's average marginal contribution over every order of adding types; transacted: revenue on the type's own deals.\n",
                scenario,
                r.coalitions,
                if r.exact { ", exact" } else { ", sampled orders" },
                output::group(r.trials_per_coalition as f64, 0),
                r.wall_seconds,
                output::money(r.total_revenue, cur),
                r.coverage * 100.0,
                output::table(&["partner type", "Shapley revenue", "share", "transacted", "share", "coverage"], &rows)
            )
        }
    }
}

/// How a sensitivity KPI's values read: a share, a ratio or money.
fn kpi_format<'a>(kpi: &'a str, cur: &'a str) -> impl Fn(f64) -> String + 'a {
    move |v: f64| if kpi == "coverage_final" { ecosim_core::words::percent(v, 2) } else if kpi == "ecosystem_multiplier" { format!("{v:.3}×") } else { output::money(v, cur) }
}

/// Save a design an analysis made as a new scenario named `name` (a free id from it).
fn save_design(db: &Path, mut doc: model::ScenarioDoc, m: &model::Model, name: &str, note: &str) -> Result<model::ScenarioDoc, ExitCode> {
    let mut st = Store::open(db).map_err(|e| fail_store(&e))?;
    doc.name = name.to_string();
    doc.id = st.free_slug(&ecosim_app::slug(name)).map_err(|e| fail_store(&e))?;
    let scenario = model::Scenario::from_doc(doc.clone(), m).map_err(|e| fail(&e.to_string()))?;
    st.adopt(&model::Loaded { scenario, model: m.clone(), model_path: None }, note).map_err(|e| fail_store(&e))?;
    eprintln!("saved as scenario {:?}", doc.id);
    Ok(doc)
}

/// What the optimiser may change.
pub(crate) struct Levers {
    pub patterns: bool,
    pub composition: bool,
    pub programs: bool,
    pub program_budget: Option<f64>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn optimize_command(
    db: &Path,
    name: &str,
    budget: Option<f64>,
    objective: ecosim_core::analysis::optimize::Objective,
    levers: Levers,
    bounds: Vec<ecosim_core::analysis::optimize::Bound>,
    trials: Option<u64>,
    max_evaluations: Option<usize>,
    seed: Option<u64>,
    save: Option<&str>,
    format: Format,
    out: Option<&Path>,
) -> ExitCode {
    use ecosim_core::analysis::optimize::{optimize, OptimizeRequest};
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let seed = seed.unwrap_or(l.scenario.seed);
    let trials = trials.unwrap_or(OptimizeRequest::new(0.0, objective, seed).trials);
    let budget = match budget {
        Some(b) => b,
        None => match ecosim_app::requests::scenario_cost(&l, trials, Some(seed)) {
            Ok(c) => c,
            Err(e) => return fail(&e.to_string()),
        },
    };
    let mut req = OptimizeRequest::new(budget, objective, seed);
    req.patterns = levers.patterns;
    req.composition = levers.composition;
    req.programs = levers.programs;
    req.program_budget = levers.program_budget;
    req.bounds = bounds;
    req.trials = trials;
    if let Some(m) = max_evaluations {
        req.max_evaluations = m;
    }
    let bar = Bar::new(req.max_evaluations as u64, "designs");
    let result = optimize(&l.model, &l.scenario, &req, &|done, _| {
        bar.set(done as u64);
    }, &INTERRUPTED);
    drop(bar);
    let mut r = match result {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    if let Some(new_name) = save {
        match save_design(db, r.recommended.clone(), &l.model, new_name, "recommended by ecosim optimize") {
            Ok(doc) => r.recommended = doc,
            Err(code) => return code,
        }
    }
    let cur = &l.model.doc.currency;
    let fmt = |v: f64| match objective {
        ecosim_core::analysis::optimize::Objective::Coverage => ecosim_core::words::percent(v, 2),
        _ => output::money(v, cur),
    };
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&r).expect("serialises") + "\n",
        Format::Table => {
            let mut t = format!(
                "Optimised {} for {:?} within {} ({} designs raced on up to {} trials each, in {:.1} s)\n\n",
                l.scenario.doc.name,
                objective,
                output::money(budget, cur),
                r.evaluations,
                output::group(trials as f64, 0),
                r.wall_seconds
            );
            let rows = vec![
                vec!["the scenario as it is".to_string(), output::money(r.start_fresh.cost, cur), fmt(r.start_fresh.objective)],
                vec!["recommended".to_string(), output::money(r.best_fresh.cost, cur), fmt(r.best_fresh.objective)],
            ];
            t.push_str(&output::table(&["design (fresh seeds)", "cost", "objective"], &rows));
            t.push_str("\nRecommended composition:\n");
            for (ty, row) in &r.recommended.composition {
                let cells: Vec<String> = row.iter().map(|(reg, n)| format!("{reg} {n}")).collect();
                t.push_str(&format!("  {ty}: {}\n", cells.join(", ")));
            }
            if levers.patterns {
                let pats: Vec<String> = r.recommended.patterns.iter().map(|(p, x)| format!("{p} {x}")).collect();
                t.push_str(&format!("Patterns: {}\n", if pats.is_empty() { "none".into() } else { pats.join(", ") }));
            }
            if levers.programs {
                let progs: Vec<String> = r.recommended.programs.iter().map(|(p, x)| format!("{p} {x}")).collect();
                t.push_str(&format!("Program levels: {}\n", if progs.is_empty() { "none".into() } else { progs.join(", ") }));
                let _ = writeln!(t, "Programs cost {} over the horizon{}", output::money(r.best_fresh.program_cost, cur), levers.program_budget.map_or(String::new(), |b| format!(" (program budget {})", output::money(b, cur))));
            }
            t.push_str("\nWhat binds the recommendation:\n");
            if r.binding.is_empty() {
                t.push_str("  nothing: no bound, budget, capacity or saturated cell holds it (the search stopped at a local best)\n");
            }
            for b in &r.binding {
                t.push_str(&format!("  {}: {}\n", serde_json::to_value(b.kind).ok().and_then(|v| v.as_str().map(|s| s.replace('_', " "))).unwrap_or_default(), b.detail));
            }
            t.push_str("\nEfficient frontier (search seeds): cost → objective\n");
            for f in &r.frontier {
                t.push_str(&format!("  {:>16}  {}\n", output::money(f.cost, cur), fmt(f.objective)));
            }
            t
        }
    };
    emit(&text, out)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn attribution(db: &Path, name: &str, trials: Option<u64>, seed: Option<u64>, shard: Option<(u32, u32)>, format: Format, out: Option<&Path>) -> ExitCode {
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let trials = trials.unwrap_or(ecosim_app::requests::AttributionRequest::default().trials);
    let seed = seed.unwrap_or(l.scenario.seed);
    if let Some(split) = shard {
        let req = AnalysisRequest::Shapley { model: l.model.doc.clone(), scenario: l.scenario.doc.clone(), trials, seed };
        return write_analysis_shard(&req, split, out);
    }
    let bar = Bar::new(0, "trials");
    let result = ecosim_core::analysis::shapley::shapley(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, trials, seed, &|done, total| {
        bar.set_of(done, total);
    }, &INTERRUPTED);
    drop(bar);
    match result {
        Ok(r) => emit(&analysis_text(&AnalysisReport::Shapley(r), &l.scenario.doc.name, &l.model.doc.currency, format), out),
        Err(e) => fail(&e.to_string()),
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn sensitivity(db: &Path, name: &str, kpi: &str, method: Method, trials: Option<u64>, seed: Option<u64>, shard: Option<(u32, u32)>, format: Format, out: Option<&Path>) -> ExitCode {
    use ecosim_core::analysis::sensitivity as sa;
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let seed = seed.unwrap_or(l.scenario.seed);
    let (model, scenario) = (l.model.doc.clone(), l.scenario.doc.clone());
    let req = match method {
        Method::Tornado => Some(AnalysisRequest::Tornado { model, scenario, kpi: kpi.into(), trials: trials.unwrap_or(ecosim_app::requests::TornadoRequest::default().trials), seed }),
        Method::Sobol => Some(AnalysisRequest::Sobol { model, scenario, kpi: kpi.into(), samples: trials.unwrap_or(ecosim_app::requests::SobolRequest::default().samples), seed }),
        Method::Spider => None,
    };
    if let Some(split) = shard {
        return match &req {
            Some(req) => write_analysis_shard(req, split, out),
            None => fail("--shard: a spider chart does not scale out; the tornado and Sobol methods do"),
        };
    }
    let bar = Bar::new(0, "trials");
    let progress = |done: u64, total: u64| {
        bar.set_of(done, total);
    };
    let cancel = &INTERRUPTED;
    let cur = l.model.doc.currency.clone();
    let text = match req {
        Some(req) => req.execute(&mut ecosim_core::engine::shard::Runner::Local, &progress, cancel).map(|r| analysis_text(&r, &l.scenario.doc.name, &cur, format)).map_err(|e| e.message),
        None => {
            let fmt = kpi_format(kpi, &cur);
            let d = ecosim_app::requests::SpiderRequest::default();
            sa::spider(&l.model, &l.scenario, kpi, trials.unwrap_or(d.trials), seed, d.top, &progress, cancel).map(|s| match format {
                Format::Json => serde_json::to_string_pretty(&s).expect("serialises") + "\n",
                Format::Table => {
                    let mut header = vec!["input".to_string()];
                    header.extend(s.percentiles.iter().map(|p| format!("P{}", output::group(p * 100.0, 0))));
                    let rows: Vec<Vec<String>> = s.lines.iter().map(|l| std::iter::once(l.label.clone()).chain(l.kpi.iter().map(|&v| fmt(v))).collect()).collect();
                    let header: Vec<&str> = header.iter().map(String::as_str).collect();
                    format!(
                        "Spider of {kpi}: each input swept over its percentiles, the others at their median ({} trials a point)\nBase: {}\n\n{}",
                        output::group(s.trials_per_point as f64, 0),
                        fmt(s.base),
                        output::table(&header, &rows)
                    )
                }
            }).map_err(|e| e.to_string())
        }
    };
    drop(bar);
    match text {
        Ok(t) => emit(&t, out),
        Err(e) => fail(&e),
    }
}

/// The JSON or the table of an analysis's report.
fn render<T: serde::Serialize>(report: &T, format: Format, table: impl FnOnce(&T) -> String) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(report).expect("report serialises") + "\n",
        Format::Table => table(report),
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn solve_command(
    db: &Path,
    name: &str,
    lever: ecosim_core::analysis::solve::Lever,
    goal: ecosim_core::analysis::goal::Goal,
    range: Option<[f64; 2]>,
    trials: Option<u64>,
    seed: Option<u64>,
    save: Option<&str>,
    format: Format,
    out: Option<&Path>,
) -> ExitCode {
    use ecosim_core::analysis::solve::{solve, SolveRequest};
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let d = ecosim_app::requests::SolveRequest::default();
    let req = SolveRequest { lever, goal, range: range.or(d.range), trials: trials.unwrap_or(d.trials), seed: seed.or(d.seed).unwrap_or(l.scenario.seed) };
    let bar = Bar::new(0, "lever values");
    let result = solve(&l.model, &l.scenario, &req, &|done, total| bar.set_of(done as u64, total.max(done) as u64), &INTERRUPTED);
    drop(bar);
    let mut r = match result {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    if let Some(new_name) = save {
        let Some(doc) = r.solved.clone() else {
            return fail("nothing to save: no value of the lever meets the goal");
        };
        match save_design(db, doc, &l.model, new_name, &format!("solved by ecosim solve: {}", r.goal_text)) {
            Ok(doc) => r.solved = Some(doc),
            Err(code) => return code,
        }
    }
    let cur = l.model.doc.currency.clone();
    emit(&render(&r, format, |r| r.to_table(&cur)), out)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn drivers_command(db: &Path, name: &str, kpi: &str, tail: (ecosim_core::analysis::drivers::Tail, f64), trials: Option<u64>, seed: Option<u64>, format: Format, out: Option<&Path>) -> ExitCode {
    use ecosim_core::analysis::drivers::{drivers, DriversRequest};
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let d = ecosim_app::requests::DriversRequest::default();
    let req = DriversRequest { kpi: kpi.into(), tail: tail.0, share: tail.1, trials: trials.unwrap_or(d.trials), seed: seed.or(d.seed).unwrap_or(l.scenario.seed) };
    let bar = Bar::new(0, "trials");
    let result = drivers(&l.model, &l.scenario, &req, &|done, total| bar.set_of(done, total), &INTERRUPTED);
    drop(bar);
    match result {
        Ok(r) => {
            let cur = l.model.doc.currency.clone();
            emit(&render(&r, format, |r| r.to_table(&cur)), out)
        }
        Err(e) => fail(&e.to_string()),
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn stress_command(db: &Path, name: &str, inputs: &[String], ranges: &[[f64; 2]], kpi: &str, trials: Option<u64>, seed: Option<u64>, format: Format, out: Option<&Path>) -> ExitCode {
    use ecosim_core::analysis::stress::{stress, StressInput, StressRequest};
    if ranges.len() != 1 && ranges.len() != inputs.len() {
        return fail(&format!("--range: give one range for every input or one per --input; got {} ranges for {} inputs", ranges.len(), inputs.len()));
    }
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let d = ecosim_app::requests::StressRequest::default();
    let inputs = inputs.iter().enumerate().map(|(i, p)| StressInput { input: p.clone(), range: ranges[if ranges.len() == 1 { 0 } else { i }] }).collect();
    let req = StressRequest { kpi: kpi.into(), inputs, trials: trials.unwrap_or(d.trials), seed: seed.or(d.seed).unwrap_or(l.scenario.seed) };
    let bar = Bar::new(0, "trials");
    let result = stress(&l.model, &l.scenario, &req, &|done, total| bar.set_of(done, total), &INTERRUPTED);
    drop(bar);
    match result {
        Ok(r) => {
            let cur = l.model.doc.currency.clone();
            emit(&render(&r, format, |r| r.to_table(&cur)), out)
        }
        Err(e) => fail(&e.to_string()),
    }
}

pub(crate) fn voi_command(db: &Path, names: &[String], kpi: &str, trials: Option<u64>, seed: Option<u64>, format: Format, out: Option<&Path>) -> ExitCode {
    let mut store = None;
    let mut designs = Vec::new();
    for n in names {
        match load_named(db, &mut store, n) {
            Ok(l) => designs.push(l),
            Err(e) => return fail(&e),
        }
    }
    let d = ecosim_app::requests::VoiRequest::default();
    let req = ecosim_app::requests::VoiRequest { kpi: kpi.into(), trials: trials.unwrap_or(d.trials), seed }.resolve(&designs[0].scenario);
    let bar = Bar::new(0, "trials");
    let result = ecosim_core::analysis::voi::value_of_information(&designs, &req, &|done, total| bar.set_of(done, total), &INTERRUPTED);
    drop(bar);
    match result {
        Ok(r) => {
            let cur = designs[0].model.doc.currency.clone();
            emit(&render(&r, format, |r| r.to_table(&cur)), out)
        }
        Err(e) => fail(&e.to_string()),
    }
}
