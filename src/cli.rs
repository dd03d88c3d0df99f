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

use crate::engine::{self, Counterfactuals, RunOptions};
use crate::model::{self, AnyDoc, Sampling};
use crate::output::RunReport;

#[derive(Parser)]
#[command(name = "ecosim", version, about = "Ecosim Studio: simulate partner ecosystems and forecast coverage and revenue")]
struct Cli {
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
    /// Run a scenario's Monte Carlo simulation and print its forecast.
    Run {
        /// Scenario file (JSON).
        scenario: PathBuf,
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
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write the output to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of a document type.
    Schema {
        #[arg(value_enum)]
        document: SchemaDoc,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
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

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { files, model } => validate(&files, model.as_deref()),
        Command::Run { scenario, model, trials, seed, threads, sampling, pattern_trials, quick, format, out } => {
            let loaded = match model::load_scenario(&scenario, model.as_deref()) {
                Ok(l) => l,
                Err(e) => return fail(&format!("{}: {e}", scenario.display())),
            };
            let mut opts = RunOptions::for_scenario(&loaded.scenario);
            if let Some(t) = trials {
                opts.trials = t;
            }
            if let Some(s) = seed {
                opts.seed = s;
            }
            opts.threads = threads.map(|t| t as usize);
            if let Some(s) = sampling {
                opts.sampling = match s {
                    SamplingArg::MonteCarlo => Sampling::MonteCarlo,
                    SamplingArg::LatinHypercube => Sampling::LatinHypercube,
                };
            }
            if let Some(n) = pattern_trials {
                opts.pattern_trials = if n == 0 { u64::MAX } else { n };
            }
            if quick {
                opts.counterfactuals = Counterfactuals::Off;
            }
            let bar = std::io::stderr().is_terminal().then(|| {
                let b = indicatif::ProgressBar::new(opts.trials);
                b.set_style(
                    indicatif::ProgressStyle::with_template("{spinner} {bar:40} {human_pos}/{human_len} trials  {per_sec}  ETA {eta}")
                        .expect("valid template"),
                );
                b
            });
            let cancel = AtomicBool::new(false);
            let result = engine::run(
                &loaded.model,
                &loaded.scenario,
                &opts,
                &|p| {
                    if let Some(b) = &bar {
                        b.set_position(p.done);
                    }
                },
                &cancel,
            );
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            let result = match result {
                Ok(r) => r,
                Err(e) => return fail(&e.to_string()),
            };
            let report = RunReport::new(&loaded.model, &loaded.scenario, &result);
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

fn emit(text: &str, out: Option<&Path>) -> ExitCode {
    match out {
        Some(path) => match crate::write_atomic(path, text.as_bytes()) {
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
