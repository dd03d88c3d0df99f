//! The `ecosim` command line: the same core as the desktop app, for scripts and batch work.
//!
//! Output for people goes to stdout as aligned tables; progress and errors go to stderr, so
//! `--format json` output can be piped. Exit codes: 0 success, 1 invalid input or failed run,
//! 2 usage error (clap), 130 cancelled by Ctrl-C.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand, ValueEnum};

use ecosim_core::model::{self, AnyDoc, Sampling};
use ecosim_core::output;
use ecosim_store::{self as store, Store, StoreError};

#[derive(Parser)]
#[command(name = "ecosim", version, about = "Ecosim Studio: simulate partner ecosystems and forecast coverage and revenue")]
struct Cli {
    /// The studio database (default: $ECOSIM_DB, else the platform's data folder).
    #[arg(long, global = true, env = "ECOSIM_DB", value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check market model and scenario files; lists every problem and exits non-zero if any.
    Validate {
        /// Model or scenario files (JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Model to check scenarios against (default: the one the scenario names, from models/).
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Run a scenario's Monte Carlo simulation, print its forecast and store the run.
    Run {
        /// Scenario file (JSON), or a scenario in the studio by id or number.
        scenario: String,
        /// Market model file (default: embedded in the scenario, or models/<model id>.json).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Number of trials (default: the scenario's).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        trials: Option<u64>,
        /// Random seed (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: every core).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
        threads: Option<u64>,
        /// Sampling of uncertain inputs (default: the scenario's).
        #[arg(long, value_enum)]
        sampling: Option<SamplingArg>,
        /// Trials that also measure each pattern's revenue added (default 2,000; 0 = all).
        #[arg(long)]
        pattern_trials: Option<u64>,
        /// Skip counterfactual runs (no inter-partner value or by-pattern revenue; faster).
        #[arg(long)]
        quick: bool,
        /// Run until the standard error of mean total revenue is below this share of the mean
        /// (e.g. 0.005 = 0.5 %); --trials is then the most to run (default 200,000).
        #[arg(long, value_parser = parse_share)]
        precision: Option<f64>,
        #[command(flatten)]
        output: Output,
        /// Do not record the run in the studio database.
        #[arg(long)]
        no_store: bool,
    },
    /// Compare 2–4 designs on one model, trial by trial (same seed: paired differences).
    Compare {
        /// Scenario files or stored scenarios; the first is the baseline A.
        #[arg(required = true, num_args = 2..=4)]
        scenarios: Vec<String>,
        /// Trials per scenario (default: the first scenario's).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        trials: Option<u64>,
        /// Random seed shared by every scenario (default: the first scenario's).
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        output: Output,
    },
    /// Which uncertain inputs move a KPI: a tornado (P10/P90 one at a time) or Sobol indices.
    Sensitivity {
        /// Scenario file or stored scenario.
        scenario: String,
        #[arg(long, default_value = "total_revenue")]
        kpi: String,
        #[arg(long, value_enum, default_value_t = Method::Tornado)]
        method: Method,
        /// Trials per tornado point, or base samples of the Sobol design (default 1,000 / 500).
        #[arg(long, value_parser = clap::value_parser!(u64).range(2..=10_000_000))]
        trials: Option<u64>,
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        output: Output,
    },
    /// What each partner type contributes, counting what it does through others (Shapley
    /// values of revenue and coverage), beside the revenue it transacts itself.
    Attribution {
        scenario: String,
        /// Trials per coalition of partner types (default 500).
        #[arg(long, value_parser = clap::value_parser!(u64).range(10..=10_000_000))]
        trials: Option<u64>,
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        output: Output,
    },
    /// Search for the composition (and pattern intensities) that does best within a budget.
    Optimize {
        scenario: String,
        /// Most the design may cost over the horizon (recruitment, programs, patterns, policies);
        /// default: what the scenario costs now.
        #[arg(long)]
        budget: Option<f64>,
        #[arg(long, value_enum, default_value_t = ObjectiveArg::P50Revenue)]
        objective: ObjectiveArg,
        /// Keep the scenario's pattern intensities (search the composition only).
        #[arg(long)]
        keep_patterns: bool,
        /// Partners allowed of a type in a region, e.g. `reseller:na=10..40` (repeatable;
        /// other cells range from 0 to twice the scenario's count plus 10).
        #[arg(long = "bound", value_parser = parse_bound)]
        bounds: Vec<ecosim_core::analysis::optimize::Bound>,
        /// Trials per candidate (default 300).
        #[arg(long, value_parser = clap::value_parser!(u64).range(10..=1_000_000))]
        trials: Option<u64>,
        /// Most candidates to simulate (default 400).
        #[arg(long)]
        max_evaluations: Option<usize>,
        #[arg(long)]
        seed: Option<u64>,
        /// Save the recommended design in the studio as a new scenario with this name.
        #[arg(long)]
        save: Option<String>,
        #[command(flatten)]
        output: Output,
    },
    /// Write a report a client can read — PDF, self-contained HTML, tidy CSV or an XLSX
    /// workbook — of a stored run or a scenario, or of a comparison; or its charts as SVG/PNG.
    Report {
        /// A stored run by number (see `ecosim runs list`), or a scenario by id or file (its
        /// latest completed run, or a fresh run when it has none).
        target: String,
        /// Runs or scenarios to compare with the target (1–3). Runs are paired from their stored
        /// trials (they need the same seed and trials); scenarios are run together.
        #[arg(long, num_args = 1..=3)]
        compare: Vec<String>,
        /// The report file: .pdf, .html, .csv or .xlsx.
        #[arg(long, required_unless_present = "charts")]
        out: Option<PathBuf>,
        /// Also write every chart into this folder (SVG, or PNG with --png).
        #[arg(long)]
        charts: Option<PathBuf>,
        /// Charts as PNG images instead of SVG.
        #[arg(long, requires = "charts")]
        png: bool,
        /// The consultant's firm, on the title page and in the footer.
        #[arg(long)]
        firm: Option<String>,
        /// A PNG or SVG logo for the title page.
        #[arg(long)]
        logo: Option<PathBuf>,
        /// Add every trial's headline KPIs (CSV and XLSX).
        #[arg(long)]
        trials_data: bool,
        /// Add a tornado of total revenue (each uncertain input at P10 and P90).
        #[arg(long)]
        tornado: bool,
        /// Trials per tornado point (default 500).
        #[arg(long, value_parser = clap::value_parser!(u64).range(2..=1_000_000), requires = "tornado")]
        tornado_trials: Option<u64>,
        /// Simulate scenarios afresh even when they have a stored run.
        #[arg(long)]
        rerun: bool,
        /// Trials when a scenario is simulated (default: the scenario's).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        trials: Option<u64>,
    },
    /// The scenarios in the studio: list, show, import, export, history, restore, delete.
    #[command(subcommand)]
    Scenarios(ScenariosCmd),
    /// The market models in the studio.
    #[command(subcommand)]
    Models(ModelsCmd),
    /// Stored runs and their results.
    #[command(subcommand)]
    Runs(RunsCmd),
    /// The studio database: where it is, backup, integrity check, fresh start.
    #[command(subcommand)]
    Db(DbCmd),
    /// Print the JSON Schema of a document type.
    Schema {
        #[arg(value_enum)]
        document: SchemaDoc,
    },
}

#[derive(Subcommand)]
enum ScenariosCmd {
    /// List scenarios with their model, version and last forecast.
    List {
        /// Only those whose name, id, description or model contains this text.
        search: Option<String>,
        /// List the trash instead.
        #[arg(long)]
        trash: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show a scenario's document (latest version, or --version N).
    Show {
        /// Scenario id, number, or a file with the scenario's id.
        scenario: String,
        #[arg(long)]
        version: Option<i64>,
    },
    /// Import model or scenario files; each is validated first and an invalid file changes nothing.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Export a scenario as one self-contained file (its model embedded) that another studio imports.
    Export {
        scenario: String,
        #[arg(long)]
        version: Option<i64>,
        /// File to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// List every saved version of a scenario.
    History { scenario: String },
    /// Restore a scenario from the trash, or (with --version) make an earlier version the latest.
    Restore {
        scenario: String,
        #[arg(long)]
        version: Option<i64>,
    },
    /// Move a scenario to the trash (or, with --purge, delete a trashed one for good).
    Delete {
        scenario: String,
        #[arg(long)]
        purge: bool,
    },
    /// Copy a scenario into a new one.
    Duplicate {
        scenario: String,
        /// Name of the copy (default: "<name> (copy)").
        #[arg(long)]
        name: Option<String>,
    },
    /// Give a scenario a new name.
    Rename { scenario: String, name: String },
}

#[derive(Subcommand)]
enum ModelsCmd {
    /// List the market models.
    List,
}

#[derive(Subcommand)]
enum RunsCmd {
    /// List runs, newest first (of one scenario, or of all).
    List {
        scenario: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show a stored run's forecast, as it was when it ran.
    Show {
        run: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum DbCmd {
    /// Print the database's path.
    Path,
    /// Copy the database to FILE with SQLite's online backup (safe while the studio runs).
    Backup { file: PathBuf },
    /// Check the database's integrity.
    Check,
    /// Move an unreadable database aside and start with a fresh, seeded one.
    Fresh,
}

/// Where and how a command's result is written.
#[derive(clap::Args)]
struct Output {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the output to this file instead of stdout (replaced only once complete).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Method {
    Tornado,
    Sobol,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// The optimiser's objectives as the command line spells them (the core's `Objective` knows
/// nothing of clap).
#[derive(Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    /// Median total revenue.
    P50Revenue,
    /// Total revenue in a bad year: its 10th percentile (risk-averse).
    P10Revenue,
    /// Mean net contribution (revenue − costs).
    ExpectedNetContribution,
    /// Mean final-quarter market coverage.
    Coverage,
}

impl From<ObjectiveArg> for ecosim_core::analysis::optimize::Objective {
    fn from(o: ObjectiveArg) -> Self {
        use ecosim_core::analysis::optimize::Objective;
        match o {
            ObjectiveArg::P50Revenue => Objective::P50Revenue,
            ObjectiveArg::P10Revenue => Objective::P10Revenue,
            ObjectiveArg::ExpectedNetContribution => Objective::ExpectedNetContribution,
            ObjectiveArg::Coverage => Objective::Coverage,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SamplingArg {
    MonteCarlo,
    LatinHypercube,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaDoc {
    Model,
    Scenario,
}

/// Set by Ctrl-C: long work stops between trials, records itself as cancelled, exits 130.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // A second Ctrl-C while the first is being honoured ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    let db = cli.db.clone().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(store::default_path);
    match cli.command {
        Command::Scenarios(cmd) => with_store(&db, |st| scenarios(st, cmd)),
        Command::Models(ModelsCmd::List) => with_store(&db, |st| {
            let rows: Vec<Vec<String>> = st
                .list_models()?
                .into_iter()
                .map(|m| vec![m.id.to_string(), m.slug, m.name, m.version.to_string(), m.scenarios.to_string(), m.updated_at])
                .collect();
            print!("{}", output::table(&["#", "id", "name", "version", "scenarios", "updated"], &rows));
            Ok(ExitCode::SUCCESS)
        }),
        Command::Runs(cmd) => with_store(&db, |st| runs(st, cmd)),
        Command::Sensitivity { scenario, kpi, method, trials, seed, output: Output { format, out } } => sensitivity(&db, &scenario, &kpi, method, trials, seed, format, out.as_deref()),
        Command::Attribution { scenario, trials, seed, output: Output { format, out } } => attribution(&db, &scenario, trials, seed, format, out.as_deref()),
        Command::Optimize { scenario, budget, objective, keep_patterns, bounds, trials, max_evaluations, seed, save, output: Output { format, out } } => {
            optimize_command(&db, &scenario, budget, objective.into(), keep_patterns, bounds, trials, max_evaluations, seed, save.as_deref(), format, out.as_deref())
        }
        Command::Compare { scenarios, trials, seed, output: Output { format, out } } => compare(&db, &scenarios, trials, seed, format, out.as_deref()),
        Command::Db(cmd) => db_command(&db, cmd),
        Command::Report { target, compare, out, charts, png, firm, logo, trials_data, tornado, tornado_trials, rerun, trials } => {
            let options = ecosim_report::ReportOptions { firm, logo, include_trials: trials_data };
            let req = ReportRequest { target, compare, out, charts, png, options, tornado: tornado.then(|| tornado_trials.unwrap_or(500)), rerun, trials };
            match report_command(&db, req) {
                Ok(code) => code,
                Err(e) => fail(&e),
            }
        }
        Command::Validate { files, model } => validate(&files, model.as_deref()),
        Command::Run { scenario, model, trials, seed, threads, sampling, pattern_trials, quick, precision, output: Output { format, out }, no_store } => {
            // A file is run as it is (and recorded against its stored twin); anything else
            // names a scenario in the studio.
            let from_file = looks_like_file(&scenario);
            let mut store = if no_store && from_file {
                None
            } else {
                match Store::open(&db) {
                    Ok(s) => Some(s),
                    Err(e) => return fail_store(&e),
                }
            };
            let (loaded, versions) = if from_file {
                let loaded = match model::load_scenario(Path::new(&scenario), model.as_deref()) {
                    Ok(l) => l,
                    Err(e) => return fail(&format!("{scenario}: {e}")),
                };
                let versions = match store.as_mut() {
                    Some(st) => match st.adopt(&loaded, &format!("run from {scenario}")) {
                        Ok((_, sv, mv)) => Some((sv, mv)),
                        Err(e) => return fail_store(&e),
                    },
                    None => None,
                };
                (loaded, versions)
            } else {
                if model.is_some() {
                    return fail("--model applies to scenario files; a stored scenario runs against its own model");
                }
                let st = store.as_ref().expect("opened above");
                match st.resolve(store::parse_ref(&scenario)).and_then(|id| st.load_for_run(id)) {
                    Ok((l, sv, mv)) => (l, (!no_store).then_some((sv, mv))),
                    Err(e) => return fail_store(&e),
                }
            };
            let req = ecosim_app::RunRequest {
                trials,
                seed,
                sampling: sampling.map(|s| match s {
                    SamplingArg::MonteCarlo => Sampling::MonteCarlo,
                    SamplingArg::LatinHypercube => Sampling::LatinHypercube,
                }),
                horizon_quarters: None,
                precision,
                tuning: ecosim_app::Tuning { threads: threads.map(|t| t as usize), pattern_trials, quick },
            };
            let opts = match req.options(&loaded.scenario) {
                Ok(o) => o,
                Err(e) => return fail(&e.message),
            };
            let bar = progress_bar(opts.trials, "trials");
            let store = store.map(std::sync::Mutex::new);
            let record = match (&store, versions) {
                (Some(st), Some((sv, mv))) => Some(ecosim_app::run::Record { store: st, scenario_version: sv, model_version: mv }),
                _ => None,
            };
            let outcome = ecosim_app::run::run_and_record(
                &loaded,
                &opts,
                record,
                &|_| {},
                &|p| {
                    if let Some(b) = &bar {
                        b.set_position(p.done);
                    }
                },
                &INTERRUPTED,
            );
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            let (run_id, report) = match outcome {
                Ok((id, ecosim_app::run::RunEnd::Finished { report, .. })) => (id, report),
                Ok((_, ecosim_app::run::RunEnd::Cancelled)) => {
                    eprintln!("cancelled");
                    return ExitCode::from(130);
                }
                Err((_, ecosim_app::run::RunFailure::Store(e))) => return fail_store(&e),
                Err((_, ecosim_app::run::RunFailure::Engine(e))) => return fail(&e.to_string()),
            };
            if let (Some(st), Some(id)) = (&store, run_id) {
                if std::io::stderr().is_terminal() {
                    eprintln!("stored as run {id} in {}", st.lock().unwrap_or_else(|p| p.into_inner()).path().display());
                }
            }
            let text = match format {
                Format::Table => report.to_table(),
                Format::Json => serde_json::to_string_pretty(&report).expect("report serialises") + "\n",
            };
            emit(&text, out.as_deref())
        }
        Command::Schema { document } => {
            let s = match document {
                SchemaDoc::Model => model::model_schema(),
                SchemaDoc::Scenario => model::scenario_schema(),
            };
            emit(&(serde_json::to_string_pretty(&s).expect("schema serialises") + "\n"), None)
        }
    }
}

fn validate(files: &[PathBuf], model_file: Option<&Path>) -> ExitCode {
    let mut bad = 0;
    for f in files {
        let outcome = match model::load_any(f) {
            Ok(AnyDoc::Model(m)) => Ok(format!("market model {:?}, {} uncertain inputs", m.doc.id, m.inputs.paths.len())),
            Ok(AnyDoc::Scenario(_)) => model::load_scenario(f, model_file).map(|l| format!("scenario {:?} against model {:?}", l.scenario.doc.id, l.model.doc.id)),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(what) => println!("ok    {}  ({what})", f.display()),
            Err(e) => {
                bad += 1;
                println!("FAIL  {}", f.display());
                for p in e.problems() {
                    println!("      {p}");
                }
            }
        }
    }
    if bad > 0 {
        eprintln!("{bad} of {} file{} invalid", files.len(), if files.len() == 1 { "" } else { "s" });
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

struct ReportRequest {
    target: String,
    compare: Vec<String>,
    out: Option<PathBuf>,
    charts: Option<PathBuf>,
    png: bool,
    options: ecosim_report::ReportOptions,
    tornado: Option<u64>,
    rerun: bool,
    trials: Option<u64>,
}

/// What a report argument names: a stored run (a number, or `run:N`) or a scenario.
fn run_number(arg: &str) -> Option<i64> {
    arg.strip_prefix("run:").unwrap_or(arg).parse::<i64>().ok().filter(|n| *n > 0)
}

fn report_command(db: &Path, req: ReportRequest) -> Result<ExitCode, String> {
    use ecosim_report::{self as report, ReportDoc, Subject};
    // Check the output before any simulation: a typo should not cost a run.
    let format = match &req.out {
        Some(p) => Some(report::Format::from_path(p).map_err(|e| e.to_string())?),
        None => None,
    };
    let names: Vec<&String> = std::iter::once(&req.target).chain(&req.compare).collect();
    let mut store: Option<Store> = None;
    let open = |store: &mut Option<Store>| -> Result<(), String> {
        if store.is_none() {
            *store = Some(Store::open(db).map_err(|e| e.to_string())?);
        }
        Ok(())
    };
    let simulate = |l: &model::Loaded| -> Result<Subject, String> {
        let opts = ecosim_app::RunRequest { trials: req.trials, ..Default::default() }.options(&l.scenario).map_err(|e| e.message)?;
        let bar = progress_bar(opts.trials, "trials");
        let outcome = ecosim_app::run::run_and_record(l, &opts, None, &|_| {}, &|p| {
            if let Some(b) = &bar {
                b.set_position(p.done);
            }
        }, &INTERRUPTED);
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        match outcome {
            Ok((_, ecosim_app::run::RunEnd::Finished { report, trials, .. })) => Ok(Subject { run_id: None, report, scenario: l.scenario.doc.clone(), model: l.model.doc.clone(), trials }),
            Ok((_, ecosim_app::run::RunEnd::Cancelled)) => Err(ecosim_core::engine::RunError::Cancelled.to_string()),
            Err((_, failure)) => Err(ecosim_app::AppError::from(failure).message),
        }
    };
    let all_runs = names.iter().all(|n| run_number(n).is_some());
    let mut doc = if names.len() == 1 || all_runs {
        // Stored runs (or one scenario): reports from what is stored, no re-simulation.
        let mut subjects = Vec::new();
        for n in &names {
            let subject = match run_number(n) {
                Some(id) => {
                    open(&mut store)?;
                    ecosim_app::subject_from_run(store.as_ref().expect("opened"), id).map_err(|e| e.to_string())?
                }
                None if looks_like_file(n) => simulate(&model::load_scenario(Path::new(n.as_str()), None).map_err(|e| format!("{n}: {e}"))?)?,
                None => {
                    open(&mut store)?;
                    let st = store.as_ref().expect("opened");
                    let id = st.resolve(store::parse_ref(n)).map_err(|e| e.to_string())?;
                    let last = if req.rerun { None } else { st.list_runs(Some(id), 50).map_err(|e| e.to_string())?.into_iter().find(|r| r.status == store::RunStatus::Completed) };
                    match last {
                        Some(run) => {
                            eprintln!("using run {} of “{}” ({} trials, finished {})", run.id, run.scenario_name, output::group(run.trials as f64, 0), run.finished_at.as_deref().unwrap_or("?"));
                            ecosim_app::subject_from_run(st, run.id).map_err(|e| e.to_string())?
                        }
                        None => simulate(&st.load_for_run(id).map_err(|e| e.to_string())?.0)?,
                    }
                }
            };
            subjects.push(subject);
        }
        if subjects.len() == 1 {
            ReportDoc::single(subjects.pop().expect("one"), &req.options)
        } else {
            ReportDoc::comparison(subjects, None, &req.options)
        }
        .map_err(|e| e.to_string())?
    } else {
        // Scenarios compared: run together with one seed, so the pairing is exact.
        let mut designs = Vec::new();
        for n in &names {
            if run_number(n).is_some() {
                return Err(format!("{n}: a comparison mixes a stored run with scenarios; name only runs (paired from their stored trials) or only scenarios (run together)"));
            }
            designs.push(load_named(db, &mut store, n)?);
        }
        let first = &designs[0].scenario;
        let (trials, seed, sampling) = ecosim_app::requests::CompareRequest { trials: req.trials, seed: None }.settings(first);
        let bar = progress_bar(trials * designs.len() as u64, "trials");
        let result = ecosim_core::analysis::compare::compare(&designs, trials, seed, sampling, &|done, _| {
            if let Some(b) = &bar {
                b.set_position(done);
            }
        }, &INTERRUPTED);
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        let cmp = result.map_err(|e| e.to_string())?;
        let subjects = designs.iter().zip(cmp.reports).map(|(l, r)| Subject { run_id: None, report: r, scenario: l.scenario.doc.clone(), model: l.model.doc.clone(), trials: Vec::new() }).collect();
        ReportDoc::comparison(subjects, Some(cmp.pairings), &req.options).map_err(|e| e.to_string())?
    };
    if let Some(per_point) = req.tornado {
        if doc.is_comparison() {
            return Err("--tornado applies to the report of one design, not to a comparison".into());
        }
        let s = &doc.subjects[0];
        let m = model::Model::from_doc(s.model.clone()).map_err(|e| e.to_string())?;
        let sc = model::Scenario::from_doc(s.scenario.clone(), &m).map_err(|e| e.to_string())?;
        let k = m.inputs.paths.len() as u64;
        let bar = progress_bar(2 * k * per_point, "trials");
        let t = ecosim_core::analysis::sensitivity::tornado(&m, &sc, "total_revenue", per_point, s.report.seed, &|done, _| {
            if let Some(b) = &bar {
                b.set_position(done);
            }
        }, &INTERRUPTED);
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        doc.tornado = Some(t.map_err(|e| e.to_string())?);
    }
    if let Some(dir) = &req.charts {
        let files = report::write_charts(&doc, dir, req.png).map_err(|e| e.to_string())?;
        eprintln!("wrote {} charts to {}", files.len(), dir.display());
    }
    if let (Some(path), Some(format)) = (&req.out, format) {
        let bar = progress_bar(1, "steps");
        report::write(&doc, format, path, &|p| {
            if let Some(b) = &bar {
                b.set_length(p.total as u64);
                b.set_position(p.done as u64);
                b.set_message(p.stage);
            }
        })
        .map_err(|e| e.to_string())?;
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        eprintln!("wrote {} ({})", path.display(), format.description());
    }
    Ok(ExitCode::SUCCESS)
}

/// Load a scenario named on the command line: a file, or a stored scenario.
fn load_named(db: &Path, store: &mut Option<Store>, arg: &str) -> Result<model::Loaded, String> {
    if looks_like_file(arg) {
        return model::load_scenario(Path::new(arg), None).map_err(|e| format!("{arg}: {e}"));
    }
    if store.is_none() {
        *store = Some(Store::open(db).map_err(|e| e.to_string())?);
    }
    let st = store.as_ref().expect("opened");
    st.resolve(store::parse_ref(arg)).and_then(|id| st.load_for_run(id)).map(|(l, _, _)| l).map_err(|e| e.to_string())
}

fn compare(db: &Path, names: &[String], trials: Option<u64>, seed: Option<u64>, format: Format, out: Option<&Path>) -> ExitCode {
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
    let bar = progress_bar(trials * designs.len() as u64, "trials");
    let result = ecosim_core::analysis::compare::compare(&designs, trials, seed, sampling, &|done, _| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    }, &INTERRUPTED);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(report) => {
            let text = match format {
                Format::Table => report.to_table(),
                Format::Json => serde_json::to_string_pretty(&report).expect("report serialises") + "\n",
            };
            emit(&text, out)
        }
        Err(e) => fail(&e.to_string()),
    }
}

#[allow(clippy::too_many_arguments)]
fn optimize_command(
    db: &Path,
    name: &str,
    budget: Option<f64>,
    objective: ecosim_core::analysis::optimize::Objective,
    keep_patterns: bool,
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
    req.patterns = !keep_patterns;
    req.bounds = bounds;
    req.trials = trials;
    if let Some(m) = max_evaluations {
        req.max_evaluations = m;
    }
    let bar = progress_bar(req.max_evaluations as u64, "designs");
    let result = optimize(&l.model, &l.scenario, &req, &|done, _| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    }, &INTERRUPTED);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let mut r = match result {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    if let Some(new_name) = save {
        let mut st = match Store::open(db) {
            Ok(s) => s,
            Err(e) => return fail_store(&e),
        };
        let mut doc = r.recommended.clone();
        doc.name = new_name.to_string();
        doc.id = match st.free_slug(&ecosim_app::slug(new_name)) {
            Ok(s) => s,
            Err(e) => return fail_store(&e),
        };
        if let Err(e) = st.adopt(&model::Loaded { scenario: model::Scenario::from_doc(doc.clone(), &l.model).expect("the search only makes valid designs"), model: l.model.clone(), model_path: None }, "recommended by ecosim optimize") {
            return fail_store(&e);
        }
        eprintln!("saved as scenario {:?}", doc.id);
        r.recommended = doc;
    }
    let cur = &l.model.doc.currency;
    let fmt = |v: f64| match objective {
        ecosim_core::analysis::optimize::Objective::Coverage => format!("{:.2} %", v * 100.0),
        _ => output::money(v, cur),
    };
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&r).expect("serialises") + "\n",
        Format::Table => {
            let mut t = format!(
                "Optimised {} for {:?} within {} ({} designs simulated, {} trials each)\n\n",
                l.scenario.doc.name,
                objective,
                output::money(budget, cur),
                r.evaluations,
                output::group(trials as f64, 0)
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
            if !keep_patterns {
                let pats: Vec<String> = r.recommended.patterns.iter().map(|(p, x)| format!("{p} {x}")).collect();
                t.push_str(&format!("Patterns: {}\n", if pats.is_empty() { "none".into() } else { pats.join(", ") }));
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

fn attribution(db: &Path, name: &str, trials: Option<u64>, seed: Option<u64>, format: Format, out: Option<&Path>) -> ExitCode {
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let bar = progress_bar(0, "trials");
    let result = ecosim_core::analysis::shapley::shapley(&l.model, &l.scenario, trials.unwrap_or(ecosim_app::requests::AttributionRequest::default().trials), seed.unwrap_or(l.scenario.seed), &|done, total| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    }, &INTERRUPTED);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let r = match result {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    let cur = &l.model.doc.currency;
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&r).expect("serialises") + "\n",
        Format::Table => {
            let rows: Vec<Vec<String>> = r
                .rows
                .iter()
                .map(|x| {
                    vec![
                        x.name.clone(),
                        output::money(x.revenue, cur),
                        format!("{:.1} %", x.revenue_share * 100.0),
                        output::money(x.transacted_revenue, cur),
                        format!("{:.1} %", x.transacted_share * 100.0),
                        format!("{:+.2} pts", x.coverage * 100.0),
                    ]
                })
                .collect();
            format!(
                "Attribution of {} ({} coalitions of partner types{}, {} trials each)\nTotal revenue {}; coverage {:.1} %\n\n{}\nShapley: the type's average marginal contribution over every order of adding types; transacted: revenue on the type's own deals.\n",
                l.scenario.doc.name,
                r.coalitions,
                if r.exact { ", exact" } else { ", sampled orders" },
                output::group(r.trials_per_coalition as f64, 0),
                output::money(r.total_revenue, cur),
                r.coverage * 100.0,
                output::table(&["partner type", "Shapley revenue", "share", "transacted", "share", "coverage"], &rows)
            )
        }
    };
    emit(&text, out)
}

#[allow(clippy::too_many_arguments)]
fn sensitivity(db: &Path, name: &str, kpi: &str, method: Method, trials: Option<u64>, seed: Option<u64>, format: Format, out: Option<&Path>) -> ExitCode {
    use ecosim_core::analysis::sensitivity as sa;
    let l = match load_named(db, &mut None, name) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let seed = seed.unwrap_or(l.scenario.seed);
    let bar = progress_bar(0, "trials");
    let progress = |done: u64, total: u64| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    };
    let cancel = &INTERRUPTED;
    let cur = l.model.doc.currency.clone();
    let fmt = |v: f64| if kpi == "coverage_final" { format!("{:.2} %", v * 100.0) } else if kpi == "ecosystem_multiplier" { format!("{v:.3}×") } else { output::money(v, &cur) };
    let text = match method {
        Method::Tornado => sa::tornado(&l.model, &l.scenario, kpi, trials.unwrap_or(ecosim_app::requests::TornadoRequest::default().trials), seed, &progress, cancel).map(|t| match format {
            Format::Json => serde_json::to_string_pretty(&t).expect("serialises") + "\n",
            Format::Table => {
                let rows: Vec<Vec<String>> = t
                    .bars
                    .iter()
                    .map(|b| vec![b.input.clone(), format!("{} → {}", output::group(b.value_low, 3), output::group(b.value_high, 3)), fmt(b.kpi_low), fmt(b.kpi_high), fmt(b.swing)])
                    .collect();
                format!(
                    "Tornado of {kpi}: each uncertain input at its P10 and P90, the others at their median ({} trials a point)\nBase: {}\n\n{}",
                    output::group(t.trials_per_point as f64, 0),
                    fmt(t.base),
                    output::table(&["input", "P10 → P90", "at P10", "at P90", "swing"], &rows)
                )
            }
        }),
        Method::Sobol => sa::sobol(&l.model, &l.scenario, kpi, trials.unwrap_or(ecosim_app::requests::SobolRequest::default().samples), seed, &progress, cancel).map(|s| match format {
            Format::Json => serde_json::to_string_pretty(&s).expect("serialises") + "\n",
            Format::Table => {
                let rows: Vec<Vec<String>> = s
                    .indices
                    .iter()
                    .map(|i| vec![i.input.clone(), format!("{:.3} [{:.3}, {:.3}]", i.first_order, i.first_order_ci[0], i.first_order_ci[1]), format!("{:.3} [{:.3}, {:.3}]", i.total, i.total_ci[0], i.total_ci[1])])
                    .collect();
                format!(
                    "Sobol indices of {kpi} (Saltelli sampling, Jansen estimators, 95 % bootstrap intervals; {} base samples, {} trials)\n\"(simulation randomness)\" is the spread no input explains: which deals a trial happens to win.\n\n{}",
                    output::group(s.base_samples as f64, 0),
                    output::group(s.evaluations as f64, 0),
                    output::table(&["input", "first order", "total"], &rows)
                )
            }
        }),
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match text {
        Ok(t) => emit(&t, out),
        Err(e) => fail(&e.to_string()),
    }
}

fn parse_bound(s: &str) -> Result<ecosim_core::analysis::optimize::Bound, String> {
    let bad = || format!("must look like TYPE:REGION=MIN..MAX (e.g. reseller:na=10..40), got {s:?}");
    let (cell, range) = s.split_once('=').ok_or_else(bad)?;
    let (partner_type, region) = cell.split_once(':').ok_or_else(bad)?;
    let (min, max) = range.split_once("..").ok_or_else(bad)?;
    let (min, max) = (min.trim().parse().map_err(|_| bad())?, max.trim().parse().map_err(|_| bad())?);
    Ok(ecosim_core::analysis::optimize::Bound { partner_type: partner_type.trim().into(), region: region.trim().into(), min, max })
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(v) if s.ends_with('%') && v > 0.0 && v < 100.0 => Ok(v / 100.0),
        Ok(v) if v > 0.0 && v < 1.0 => Ok(v),
        _ => Err(format!("must be a share between 0 and 1 (0.005) or a percentage (0.5%), got {s:?}")),
    }
}

/// A progress bar on stderr, only when stderr is a terminal (never in pipes or logs).
fn progress_bar(len: u64, unit: &str) -> Option<indicatif::ProgressBar> {
    std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(len);
        let template = format!("{{spinner}} {{bar:40}} {{human_pos}}/{{human_len}} {unit}  {{per_sec}}  ETA {{eta}}");
        b.set_style(indicatif::ProgressStyle::with_template(&template).expect("valid template"));
        b
    })
}

fn with_store(db: &Path, f: impl FnOnce(&mut Store) -> store::Result<ExitCode>) -> ExitCode {
    match Store::open(db).and_then(|mut st| f(&mut st)) {
        Ok(code) => code,
        Err(e) => fail_store(&e),
    }
}

fn fail_store(e: &StoreError) -> ExitCode {
    eprintln!("error: {e}");
    if let StoreError::Invalid(le) = e {
        if matches!(le, model::LoadError::Invalid(_)) {
            return ExitCode::FAILURE;
        }
    }
    if matches!(e, StoreError::NotADatabase { .. } | StoreError::Corrupt { .. }) {
        eprintln!("hint: `ecosim db fresh` moves it aside (nothing is deleted) and starts a new database");
    }
    ExitCode::FAILURE
}

/// Whether a scenario argument names a file rather than a scenario in the studio.
fn looks_like_file(arg: &str) -> bool {
    arg.ends_with(".json") || arg.contains(std::path::MAIN_SEPARATOR) || arg.contains('/') || Path::new(arg).is_file()
}

/// A scenario named on the command line: a file (by the id inside it), a number or an id.
fn resolve(st: &Store, arg: &str) -> store::Result<i64> {
    let p = Path::new(arg);
    if looks_like_file(arg) {
        let doc = model::Scenario::load_doc(p)?;
        return st.resolve(store::ScenarioRef::Slug(&doc.id));
    }
    st.resolve(store::parse_ref(arg))
}

/// A run's P50 total revenue (in its model's currency) and final coverage, for tables.
fn headline(r: &Option<store::RunInfo>) -> (String, String) {
    match r {
        Some(r) => (
            r.total_revenue_p50.map(|v| output::money(v, &r.currency)).unwrap_or_default(),
            r.coverage_final_p50.map(|v| format!("{:.1} %", v * 100.0)).unwrap_or_default(),
        ),
        None => ("—".into(), "—".into()),
    }
}

fn scenarios(st: &mut Store, cmd: ScenariosCmd) -> store::Result<ExitCode> {
    match cmd {
        ScenariosCmd::List { search, trash, format } => {
            let list = st.list_scenarios(search.as_deref().unwrap_or(""), trash)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list).expect("serialises")),
                Format::Table => {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|s| {
                            let (rev, cov) = headline(&s.last_run);
                            vec![s.id.to_string(), s.slug.clone(), s.name.clone(), s.model_slug.clone(), s.version.to_string(), rev, cov, s.updated_at.clone()]
                        })
                        .collect();
                    print!("{}", output::table(&["#", "id", "name", "model", "version", "P50 revenue", "coverage", "updated"], &rows));
                    if list.is_empty() {
                        println!("{}", if trash { "The trash is empty." } else { "No scenarios match." });
                    }
                }
            }
        }
        ScenariosCmd::Show { scenario, version } => {
            let id = resolve(st, &scenario)?;
            let s = st.scenario(id, version)?;
            println!("{}", serde_json::to_string_pretty(&s.doc).expect("serialises"));
        }
        ScenariosCmd::Import { files } => {
            let mut bad = 0;
            for f in &files {
                match st.import_file(f) {
                    Ok(what) => println!("ok    {}  ({what})", f.display()),
                    Err(e) => {
                        bad += 1;
                        println!("FAIL  {}  (nothing was imported from it)", f.display());
                        match &e {
                            StoreError::Invalid(le) => le.problems().iter().for_each(|p| println!("      {p}")),
                            other => println!("      {other}"),
                        }
                    }
                }
            }
            return Ok(if bad > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS });
        }
        ScenariosCmd::Export { scenario, version, out } => {
            let id = resolve(st, &scenario)?;
            let doc = st.export(id, version)?;
            let text = serde_json::to_string_pretty(&doc).expect("serialises") + "\n";
            ecosim_core::write_atomic(&out, text.as_bytes()).map_err(|e| StoreError::Refused(format!("cannot write {}: {e}", out.display())))?;
            println!("exported {:?} with its model {:?} to {}", doc.id, doc.model, out.display());
        }
        ScenariosCmd::History { scenario } => {
            let id = resolve(st, &scenario)?;
            let rows: Vec<Vec<String>> = st.history(id)?.into_iter().map(|v| vec![v.version.to_string(), v.created_at, v.runs.to_string(), v.note]).collect();
            print!("{}", output::table(&["version", "saved", "runs", "note"], &rows));
        }
        ScenariosCmd::Restore { scenario, version } => {
            let id = resolve(st, &scenario)?;
            match version {
                Some(v) => {
                    let new = st.restore_version(id, v)?;
                    println!("version {v} restored as version {new}");
                }
                None => {
                    st.untrash(id)?;
                    println!("restored from the trash");
                }
            }
        }
        ScenariosCmd::Delete { scenario, purge } => {
            let id = resolve(st, &scenario)?;
            if purge {
                st.purge(id)?;
                println!("deleted for good, with its versions and runs");
            } else {
                st.trash(id)?;
                println!("moved to the trash (`ecosim scenarios restore {scenario}` brings it back)");
            }
        }
        ScenariosCmd::Duplicate { scenario, name } => {
            let id = resolve(st, &scenario)?;
            let name = name.unwrap_or_else(|| format!("{} (copy)", st.scenario_info(id).map(|s| s.name).unwrap_or_default()));
            let new = st.duplicate(id, &name)?;
            let info = st.scenario_info(new)?;
            println!("created {:?} (#{})", info.slug, info.id);
        }
        ScenariosCmd::Rename { scenario, name } => {
            let id = resolve(st, &scenario)?;
            let v = st.rename(id, &name)?;
            println!("renamed (version {v})");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn runs(st: &mut Store, cmd: RunsCmd) -> store::Result<ExitCode> {
    match cmd {
        RunsCmd::List { scenario, limit, format } => {
            let id = scenario.as_deref().map(|s| resolve(st, s)).transpose()?;
            let list = st.list_runs(id, limit)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list).expect("serialises")),
                Format::Table => {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|r| {
                            let (rev, cov) = headline(&Some(r.clone()));
                            vec![
                                r.id.to_string(),
                                r.scenario_slug.clone(),
                                r.scenario_version.to_string(),
                                output::group(r.trials as f64, 0),
                                r.seed.to_string(),
                                r.status.to_string(),
                                rev,
                                cov,
                                r.started_at.clone(),
                            ]
                        })
                        .collect();
                    print!("{}", output::table(&["run", "scenario", "version", "trials", "seed", "status", "P50 revenue", "coverage", "started"], &rows));
                }
            }
        }
        RunsCmd::Show { run, format } => {
            let report = st.run_report(run)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report).expect("serialises")),
                Format::Table => print!("{}", report.to_table()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn db_command(db: &Path, cmd: DbCmd) -> ExitCode {
    match cmd {
        DbCmd::Path => {
            println!("{}", db.display());
            ExitCode::SUCCESS
        }
        DbCmd::Backup { file } => with_store(db, |st| {
            st.backup(&file)?;
            println!("backed up {} to {}", db.display(), file.display());
            Ok(ExitCode::SUCCESS)
        }),
        DbCmd::Check => with_store(db, |st| {
            let problems = st.check()?;
            if problems.is_empty() {
                println!("ok: {} passes the integrity and foreign-key checks", db.display());
                Ok(ExitCode::SUCCESS)
            } else {
                problems.iter().for_each(|p| println!("{p}"));
                Ok(ExitCode::FAILURE)
            }
        }),
        DbCmd::Fresh => {
            match Store::open(db) {
                Ok(_) => {
                    println!("{} opens cleanly; nothing to do", db.display());
                    return ExitCode::SUCCESS;
                }
                Err(StoreError::NotADatabase { .. } | StoreError::Corrupt { .. } | StoreError::TooNew { .. }) => {}
                Err(e) => return fail_store(&e),
            }
            let moved = match store::move_aside(db) {
                Ok(p) => p,
                Err(e) => return fail(&format!("cannot move {} aside: {e}", db.display())),
            };
            match Store::open(db) {
                Ok(_) => {
                    println!("moved the unreadable database to {}; started a fresh one at {}", moved.display(), db.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail_store(&e),
            }
        }
    }
}

fn emit(text: &str, out: Option<&Path>) -> ExitCode {
    match out {
        Some(path) => match ecosim_core::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&format!("cannot write {}: {e}", path.display())),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(text.as_bytes()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::FAILURE
}
