//! Parse: the command line as clap reads it — every command, option and its help text —
//! and nothing else. `main.rs` resolves and acts on what this gives.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "ecosim", version, about = "Ecosim Studio: simulate partner ecosystems and forecast coverage and revenue")]
pub(crate) struct Cli {
    /// The studio database (default: $ECOSIM_DB, else the platform's data folder).
    #[arg(long, global = true, env = "ECOSIM_DB", value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    Run(RunArgs),
    /// Put the shards of a run (`ecosim run … --shard K/N --out part-K`) or of an analysis
    /// (`compare`, `sensitivity`, `attribution` with `--shard`) together: the same result as in
    /// one process, bit for bit.
    Merge {
        /// Every shard file of the run or analysis, in any order.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Worker threads for the merge (default: every core).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
        threads: Option<u64>,
        #[command(flatten)]
        output: Output,
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
        /// Run only shard K of N (K from 0) of each of the analysis's runs and write it to --out,
        /// for `ecosim merge` to finish (a Slurm array task, a Kubernetes Indexed Job pod); the
        /// merge gives the one-process analysis bit for bit.
        #[arg(long, value_parser = ecosim_app::shard::parse_split, value_name = "K/N")]
        shard: Option<(u32, u32)>,
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
        /// Run only shard K of N (K from 0) of each of the analysis's runs and write it to --out,
        /// for `ecosim merge` to finish (a Slurm array task, a Kubernetes Indexed Job pod); the
        /// merge gives the one-process analysis bit for bit.
        #[arg(long, value_parser = ecosim_app::shard::parse_split, value_name = "K/N")]
        shard: Option<(u32, u32)>,
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
        /// Run only shard K of N (K from 0) of each of the analysis's runs and write it to --out,
        /// for `ecosim merge` to finish (a Slurm array task, a Kubernetes Indexed Job pod); the
        /// merge gives the one-process analysis bit for bit.
        #[arg(long, value_parser = ecosim_app::shard::parse_split, value_name = "K/N")]
        shard: Option<(u32, u32)>,
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
        /// Keep the scenario's starting partners (search patterns and programs only).
        #[arg(long)]
        keep_composition: bool,
        /// Search partner program levels too (0 to 4 in steps of 0.25).
        #[arg(long)]
        programs: bool,
        /// Most the partner programs may cost over the horizon: allocate this program budget
        /// across types and programs (implies --programs).
        #[arg(long, value_name = "AMOUNT")]
        program_budget: Option<f64>,
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
    /// How much of one lever until a goal holds: `--lever msp:emea --until "p(total_revenue >= 45e6) >= 0.8"`.
    Solve {
        scenario: String,
        /// TYPE:REGION (starting partners), TYPE (in every region), recruit:TYPE[:REGION],
        /// pattern:ID, program:ID or policy:ID.
        #[arg(long, value_parser = parse_lever)]
        lever: ecosim_core::analysis::solve::Lever,
        /// The goal: "p(KPI >= X) >= Q", "pNN(KPI) >= X", "median(KPI) >= X" or "mean(KPI) >= X"
        /// (also <=); amounts as 45e6, 45M or 950k, shares as 0.8 or 80%.
        #[arg(long, value_parser = parse_goal)]
        until: ecosim_core::analysis::goal::Goal,
        /// Lever values searched, LOW..HIGH (default: from 0 to well beyond the scenario's).
        #[arg(long, value_parser = parse_range)]
        range: Option<[f64; 2]>,
        /// Trials at each lever value (default 2,000).
        #[arg(long, value_parser = clap::value_parser!(u64).range(10..=10_000_000))]
        trials: Option<u64>,
        #[arg(long)]
        seed: Option<u64>,
        /// Save the solved design in the studio as a new scenario with this name.
        #[arg(long)]
        save: Option<String>,
        #[command(flatten)]
        output: Output,
    },
    /// What drives a KPI's bad (or good) futures: the inputs furthest from their usual values in
    /// its tail, and the partner types, sources and patterns that fall short there.
    Drivers {
        scenario: String,
        #[arg(long, default_value = "total_revenue")]
        kpi: String,
        /// bottom-10 (the worst decile), top-5, …
        #[arg(long, default_value = "bottom-10", value_parser = parse_tail)]
        tail: (ecosim_core::analysis::drivers::Tail, f64),
        /// Trials (default 5,000).
        #[arg(long, value_parser = clap::value_parser!(u64).range(100..=10_000_000))]
        trials: Option<u64>,
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        output: Output,
    },
    /// The forecast with uncertain inputs held in a percentile range of their distribution, one
    /// at a time and together: `--input 'partner_types[0].win_rate' --range 0..0.1`.
    Stress {
        scenario: String,
        /// Document path of an uncertain input (repeatable; see `ecosim sensitivity`).
        #[arg(long = "input", required = true)]
        inputs: Vec<String>,
        /// Percentile range as shares, LOW..HIGH (0..0.1 = the bottom decile): one for every
        /// input, or one per --input in order.
        #[arg(long = "range", required = true, value_parser = parse_range)]
        ranges: Vec<[f64; 2]>,
        #[arg(long, default_value = "total_revenue")]
        kpi: String,
        /// Trials (default 2,000).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        trials: Option<u64>,
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        output: Output,
    },
    /// What knowing each uncertain input before choosing between 2–4 designs is worth (EVPPI),
    /// and knowing everything (EVPI), in money.
    #[command(name = "value-of-information", alias = "voi")]
    ValueOfInformation {
        #[arg(required = true, num_args = 2..=4)]
        scenarios: Vec<String>,
        #[arg(long, default_value = "net_contribution")]
        kpi: String,
        /// Trials per design (default 5,000).
        #[arg(long, value_parser = clap::value_parser!(u64).range(100..=10_000_000))]
        trials: Option<u64>,
        #[arg(long)]
        seed: Option<u64>,
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
        /// Trials when a scenario is simulated (default: the scenario's; 2,000 for --brief).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        trials: Option<u64>,
        /// Write the two-page decision brief instead (a PDF): the target and the --compare
        /// scenarios are the designs to choose between; their analyses are run for it.
        #[arg(long, requires = "compare", conflicts_with_all = ["charts", "tornado", "trials_data"])]
        brief: bool,
    },
    /// The vendor's own partner and deal history (actuals): import, list, analytics, calibrate.
    #[command(subcommand)]
    Data(DataCmd),
    /// Fit a market model from an imported dataset: every parameter the history identifies,
    /// each with its 90 % interval (also `ecosim data calibrate`).
    Calibrate(CalibrateArgs),
    /// Fit on all but a dataset's last quarters, forecast those quarters by simulating the
    /// history's own partners, and set the forecast's P10–P90 band beside what happened.
    Backtest {
        /// The dataset's number (see `ecosim data list`).
        dataset: i64,
        /// The base model to fit on (id in the studio, or a file; default: the one the data was checked against).
        #[arg(long)]
        model: Option<String>,
        /// Quarters held out and forecast.
        #[arg(long, default_value_t = ecosim_app::requests::BACKTEST_HOLDOUT, value_parser = clap::value_parser!(u32).range(1..=12))]
        holdout: u32,
        /// Simulated histories of the forecast.
        #[arg(long, default_value_t = ecosim_app::requests::BACKTEST_TRIALS, value_parser = clap::value_parser!(u64).range(20..=100_000))]
        trials: u64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a synthetic partner and deal history made by the engine from a known model: one
    /// trial of the scenario, as the canonical tables and in the Salesforce and Crossbeam column
    /// sets, with the model it came from (sample data, and the truth a calibration is checked on).
    Synthesize {
        /// The "true" market model (a JSON file).
        model: PathBuf,
        /// The scenario whose partners make the history (a JSON file).
        scenario: PathBuf,
        /// Quarters of history (default: the scenario's horizon).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=80))]
        quarters: Option<u32>,
        /// Random seed of the history (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Which trial of the run with that seed becomes the history.
        #[arg(long, default_value_t = 0)]
        trial: u64,
        /// Folder to write into (created; files already there are replaced).
        #[arg(long)]
        out: PathBuf,
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
pub(crate) enum ScenariosCmd {
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
pub(crate) enum DataCmd {
    /// Import partner and deal history (CSV or XLSX: partners, deals, optional renewals and
    /// accounts), every row checked against the base model; a file with any problem imports
    /// nothing, and each problem names its file, row and column.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The base market model (id in the studio, or a file): its partner types, segments and
        /// regions are the ones the data may name.
        #[arg(long)]
        model: String,
        /// The export's column set: canonical, salesforce, hubspot, crossbeam or partnerstack.
        #[arg(long, default_value = "canonical", value_parser = clap::builder::PossibleValuesParser::new(ecosim_actuals::presets::NAMES))]
        preset: String,
        /// Column mapping of one's own (JSON: {"deals": {"columns": {"id": "Opportunity ID", …},
        /// "dates": "us"}, …}); its tables replace the preset's.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Name of the dataset (default: the first file's name).
        #[arg(long)]
        name: Option<String>,
    },
    /// The ecosystem's actual performance in a dataset: each partner type's contribution,
    /// revenue by source, referral activity, collaborative pipeline, won revenue by quarter.
    Analytics {
        /// The dataset's number (see `ecosim data list`).
        dataset: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Fit a market model from a dataset on top of its base model (also `ecosim calibrate`).
    Calibrate(CalibrateArgs),
    /// List the imported datasets with their sources.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub(crate) enum ModelsCmd {
    /// List the market models.
    List,
}

#[derive(Subcommand)]
pub(crate) enum RunsCmd {
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
pub(crate) enum DbCmd {
    /// Print the database's path.
    Path,
    /// Copy the database to FILE with SQLite's online backup (safe while the studio runs).
    Backup { file: PathBuf },
    /// Check the database: SQLite's integrity and foreign-key checks, then every stored
    /// document, run and dataset against the checksum saved with it.
    Check,
    /// Keep every intact version and set the damaged ones aside (after copying the whole
    /// file to `<name>.before-recovery-<n>`).
    Recover,
    /// Move an unreadable database aside and start with a fresh, seeded one.
    Fresh,
}

/// Where and how a command's result is written.
#[derive(clap::Args)]
pub(crate) struct Output {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
    /// Write the output to this file instead of stdout (replaced only once complete).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Method {
    Tornado,
    Sobol,
    /// The KPI against each top input's percentile, P5…P95.
    Spider,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Table,
    Json,
}

/// The optimiser's objectives as the command line spells them (the core's `Objective` knows
/// nothing of clap).
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ObjectiveArg {
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
pub(crate) enum SamplingArg {
    MonteCarlo,
    LatinHypercube,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SchemaDoc {
    Model,
    Scenario,
}

/// Set by Ctrl-C: long work stops between trials, records itself as cancelled, exits 130.

/// `ecosim run`'s arguments.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// Scenario file (JSON), or a scenario in the studio by id or number.
    pub(crate) scenario: String,
    /// Market model file (default: embedded in the scenario, or models/<model id>.json).
    #[arg(long)]
    pub(crate) model: Option<PathBuf>,
    /// Number of trials (default: the scenario's).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub(crate) trials: Option<u64>,
    /// Random seed (default: the scenario's).
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub(crate) threads: Option<u64>,
    /// Sampling of uncertain inputs (default: the scenario's).
    #[arg(long, value_enum)]
    pub(crate) sampling: Option<SamplingArg>,
    /// Trials that also measure each pattern's revenue added (default 2,000; 0 = all).
    #[arg(long)]
    pub(crate) pattern_trials: Option<u64>,
    /// Skip counterfactual runs (no inter-partner value or by-pattern revenue; faster).
    #[arg(long)]
    pub(crate) quick: bool,
    /// Keep summaries only, not each trial's KPIs: memory stays flat however many trials
    /// (for millions; percentiles from sketches, within 1 %). Such a run is not stored with
    /// its trials, so it cannot be paired in a comparison or exported trial by trial.
    #[arg(long, conflicts_with = "shard")]
    pub(crate) summaries_only: bool,
    /// Run until the standard error of mean total revenue is below this share of the mean
    /// (e.g. 0.005 = 0.5 %); --trials is then the most to run (default 200,000).
    #[arg(long, value_parser = parse_share)]
    pub(crate) precision: Option<f64>,
    #[command(flatten)]
    pub(crate) output: Output,
    /// Do not record the run in the studio database.
    #[arg(long)]
    pub(crate) no_store: bool,
    /// Simulate only shard K of N (K from 0) of the run and write it to --out, for
    /// `ecosim merge` to put together (a Slurm array task, a Kubernetes Indexed Job pod). Not
    /// stored; the merge gives the one-process run's result bit for bit.
    #[arg(long, value_parser = ecosim_app::shard::parse_split, value_name = "K/N")]
    pub(crate) shard: Option<(u32, u32)>,
}

pub(crate) fn parse_bound(s: &str) -> Result<ecosim_core::analysis::optimize::Bound, String> {
    let bad = || format!("must look like TYPE:REGION=MIN..MAX (e.g. reseller:na=10..40), got {s:?}");
    let (cell, range) = s.split_once('=').ok_or_else(bad)?;
    let (partner_type, region) = cell.split_once(':').ok_or_else(bad)?;
    let (min, max) = range.split_once("..").ok_or_else(bad)?;
    let (min, max) = (min.trim().parse().map_err(|_| bad())?, max.trim().parse().map_err(|_| bad())?);
    Ok(ecosim_core::analysis::optimize::Bound { partner_type: partner_type.trim().into(), region: region.trim().into(), min, max })
}

pub(crate) fn parse_share(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(v) if s.ends_with('%') && v > 0.0 && v < 100.0 => Ok(v / 100.0),
        Ok(v) if v > 0.0 && v < 1.0 => Ok(v),
        _ => Err(format!("must be a share between 0 and 1 (0.005) or a percentage (0.5%), got {s:?}")),
    }
}

pub(crate) fn parse_lever(s: &str) -> Result<ecosim_core::analysis::solve::Lever, String> {
    ecosim_core::analysis::solve::Lever::parse(s)
}

pub(crate) fn parse_goal(s: &str) -> Result<ecosim_core::analysis::goal::Goal, String> {
    ecosim_core::analysis::goal::Goal::parse(s)
}

pub(crate) fn parse_tail(s: &str) -> Result<(ecosim_core::analysis::drivers::Tail, f64), String> {
    ecosim_core::analysis::drivers::Tail::parse(s)
}

/// `LOW..HIGH`, e.g. `0..0.1` or `10..40`.
pub(crate) fn parse_range(s: &str) -> Result<[f64; 2], String> {
    let bad = || format!("must look like LOW..HIGH (e.g. 0..0.1), got {s:?}");
    let (a, b) = s.split_once("..").ok_or_else(bad)?;
    let a = ecosim_core::analysis::goal::parse_amount(a).ok_or_else(bad)?;
    let b = ecosim_core::analysis::goal::parse_amount(b).ok_or_else(bad)?;
    if a >= b {
        return Err(format!("LOW must be below HIGH, got {s:?}"));
    }
    Ok([a, b])
}

/// `ecosim calibrate` and `ecosim data calibrate`.
#[derive(clap::Args)]
pub(crate) struct CalibrateArgs {
    /// The dataset's number (see `ecosim data list`).
    pub dataset: i64,
    /// The base model (id in the studio, or a file; default: the one the data was checked against).
    #[arg(long)]
    pub base_model: Option<String>,
    /// The fitted model file (JSON).
    #[arg(long)]
    pub out: PathBuf,
}
