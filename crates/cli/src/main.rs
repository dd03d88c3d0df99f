//! The `ecosim` command line: the same core as the desktop app, for scripts and batch work.
//!
//! Output for people goes to stdout as aligned tables; progress and errors go to stderr, so
//! `--format json` output can be piped. Exit codes: 0 success, 1 invalid input or failed run,
//! 2 usage error (clap), 130 cancelled by Ctrl-C.

//!
//! Parse → resolve → act, as in ripgrep: `args.rs` is the command line clap reads; each
//! command group's module (`run`, `analyse`, `report`, `library`) resolves what it names (a
//! file or a stored scenario, the application crate's defaults) and acts through the
//! application crate; `term.rs` is the terminal (progress bar, Ctrl-C, output, errors).

mod analyse;
mod args;
mod data;
mod library;
mod report;
mod run;
mod term;

use std::process::ExitCode;

use clap::Parser;

use ecosim_core::{model, output};
use ecosim_store as store;

use analyse::*;
use args::*;
use library::*;
use report::*;
use run::validate;
use term::*;

fn main() -> ExitCode {
    // Output piped into `head` ends when the reader has seen enough: stop quietly, as Unix
    // tools do, instead of panicking on the closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    catch_ctrl_c();
    let db = cli.db.clone().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(store::default_path);
    let _ = DATABASE.set(db.clone());
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
        Command::Data(cmd) => data::data(&db, cmd),
        Command::Calibrate(args) => data::data(&db, crate::args::DataCmd::Calibrate(args)),
        Command::Backtest { dataset, model, holdout, trials, format } => data::backtest_command(&db, dataset, model, holdout, trials, format),
        Command::Synthesize { model, scenario, quarters, seed, trial, out } => match data::synthesize_command(&model, &scenario, quarters, seed, trial, &out) {
            Ok(code) => code,
            Err(e) => fail(&e),
        },
        Command::Sensitivity { scenario, kpi, method, trials, seed, shard, output: Output { format, out } } => sensitivity(&db, &scenario, &kpi, method, trials, seed, shard, format, out.as_deref()),
        Command::Attribution { scenario, trials, seed, shard, output: Output { format, out } } => attribution(&db, &scenario, trials, seed, shard, format, out.as_deref()),
        Command::Optimize { scenario, budget, objective, keep_patterns, keep_composition, programs, program_budget, bounds, trials, max_evaluations, seed, save, output: Output { format, out } } => {
            let levers = analyse::Levers { patterns: !keep_patterns, composition: !keep_composition, programs: programs || program_budget.is_some(), program_budget };
            optimize_command(&db, &scenario, budget, objective.into(), levers, bounds, trials, max_evaluations, seed, save.as_deref(), format, out.as_deref())
        }
        Command::Solve { scenario, lever, until, range, trials, seed, save, output: Output { format, out } } => solve_command(&db, &scenario, lever, until, range, trials, seed, save.as_deref(), format, out.as_deref()),
        Command::Drivers { scenario, kpi, tail, trials, seed, output: Output { format, out } } => drivers_command(&db, &scenario, &kpi, tail, trials, seed, format, out.as_deref()),
        Command::Stress { scenario, inputs, ranges, kpi, trials, seed, output: Output { format, out } } => stress_command(&db, &scenario, &inputs, &ranges, &kpi, trials, seed, format, out.as_deref()),
        Command::ValueOfInformation { scenarios, kpi, trials, seed, output: Output { format, out } } => voi_command(&db, &scenarios, &kpi, trials, seed, format, out.as_deref()),
        Command::Compare { scenarios, trials, seed, shard, output: Output { format, out } } => compare(&db, &scenarios, trials, seed, shard, format, out.as_deref()),
        Command::Db(cmd) => db_command(&db, cmd),
        Command::Report { target, compare, out, firm, brief: true, trials, .. } => match brief_command(&db, &target, &compare, out.as_deref(), firm, trials) {
            Ok(code) => code,
            Err(e) => fail(&e),
        },
        Command::Report { target, compare, out, charts, png, firm, logo, trials_data, tornado, tornado_trials, rerun, trials, brief: false } => {
            let options = ecosim_report::ReportOptions { firm, logo, include_trials: trials_data };
            let req = ReportRequest { target, compare, out, charts, png, options, tornado: tornado.then(|| tornado_trials.unwrap_or(ecosim_app::requests::REPORT_TORNADO_TRIALS)), rerun, trials };
            match report_command(&db, req) {
                Ok(code) => code,
                Err(e) => fail(&e),
            }
        }
        Command::Validate { files, model } => validate(&files, model.as_deref()),
        Command::Run(args) => run::run(&db, args),
        Command::Merge {
            parts,
            threads,
            output,
        } => run::merge(&parts, threads, output),
        Command::Schema { document } => {
            let s = match document {
                SchemaDoc::Model => model::model_schema(),
                SchemaDoc::Scenario => model::scenario_schema(),
            };
            emit(&(serde_json::to_string_pretty(&s).expect("schema serialises") + "\n"), None)
        }
    }
}
