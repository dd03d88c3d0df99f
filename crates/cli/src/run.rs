//! Act: `ecosim run`, `ecosim validate` and `ecosim schema` — one scenario's forecast, and
//! the documents' checks.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ecosim_core::model::{self, AnyDoc, Sampling};
use ecosim_store::{self as store, Store};

use crate::args::*;
use crate::library::looks_like_file;
use crate::term::*;

/// `ecosim run`: resolve the scenario (a file, recorded against its stored twin, or a stored
/// scenario), then run and record it through the application crate as the app does.
pub(crate) fn run(db: &Path, args: RunArgs) -> ExitCode {
    let RunArgs {
        scenario,
        model,
        trials,
        seed,
        threads,
        sampling,
        pattern_trials,
        quick,
        summaries_only,
        precision,
        output: Output { format, out },
        no_store,
        shard,
    } = args;
    if shard.is_some() && out.is_none() {
        return fail("--shard writes the shard to a file: give --out (e.g. --out part-0)");
    }
    let no_store = no_store || shard.is_some();
    // A file is run as it is (and recorded against its stored twin); anything else
    // names a scenario in the studio.
    let from_file = looks_like_file(&scenario);
    // Refuse an output over the database before anything is simulated or stored.
    if let Some(Err(e)) = out.as_deref().map(check_output) {
        return fail_store(&e);
    }
    let mut store = if no_store && from_file {
        None
    } else {
        match Store::open(db) {
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
        tuning: ecosim_app::Tuning { threads: threads.map(|t| t as usize), pattern_trials, quick, summaries_only },
    };
    let opts = match req.options(&loaded.scenario) {
        Ok(o) => o,
        Err(e) => return fail(&e.message),
    };
    if let (Some((k, n)), Some(out)) = (shard, out.as_deref()) {
        return run_shard(&loaded, &opts, k, n, out);
    }
    let bar = Bar::new(opts.trials, "trials");
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
            bar.set(p.done);
        },
        &INTERRUPTED,
    );
    drop(bar);
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

/// `ecosim run … --shard K/N --out FILE`: one block of the run's trials, written for `merge`.
fn run_shard(
    loaded: &model::Loaded,
    opts: &ecosim_core::engine::RunOptions,
    k: u32,
    n: u32,
    out: &Path,
) -> ExitCode {
    let range = ecosim_core::engine::shard::trials_of(opts.trials, k, n);
    let bar = Bar::new(range.end.saturating_sub(range.start), "trials");
    let bytes =
        ecosim_app::shard::run_shard(loaded, opts, k, n, &|p| bar.set(p.done), &INTERRUPTED);
    drop(bar);
    let what = format!("shard {k}/{n}: trials {}–{} of {}", range.start, range.end - 1, opts.trials);
    write_shard(bytes, out, &what)
}

/// `ecosim merge PARTS…`: the shards of a run put back together.
pub(crate) fn merge(parts: &[PathBuf], threads: Option<u64>, output: Output) -> ExitCode {
    let mut read = Vec::with_capacity(parts.len());
    for p in parts {
        match std::fs::read(p) {
            Ok(b) => read.push((p.display().to_string(), b)),
            Err(e) => return fail(&format!("{}: {e}", p.display())),
        }
    }
    if read.first().is_some_and(|(_, b)| ecosim_app::shard::is_analysis_shard(b)) {
        return match ecosim_app::shard::merge_analysis(&read) {
            Ok((req, report)) => {
                let (scenario, cur) = match &req {
                    ecosim_app::shard::AnalysisRequest::Compare { model, .. } => (String::new(), model.currency.clone()),
                    ecosim_app::shard::AnalysisRequest::Tornado { model, scenario, .. }
                    | ecosim_app::shard::AnalysisRequest::Sobol { model, scenario, .. }
                    | ecosim_app::shard::AnalysisRequest::Shapley { model, scenario, .. } => (scenario.name.clone(), model.currency.clone()),
                };
                emit(&crate::analyse::analysis_text(&report, &scenario, &cur, output.format), output.out.as_deref())
            }
            Err(e) => fail(&e.message),
        };
    }
    let (_, report) = match ecosim_app::shard::merge(&read, threads.map(|t| t as usize)) {
        Ok(r) => r,
        Err(e) => return fail(&e.message),
    };
    let text = match output.format {
        Format::Table => report.to_table(),
        Format::Json => serde_json::to_string_pretty(&report).expect("report serialises") + "\n",
    };
    emit(&text, output.out.as_deref())
}

pub(crate) fn validate(files: &[PathBuf], model_file: Option<&Path>) -> ExitCode {
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
                    println!("      {}", crate::term::safe(&p.to_string()));
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
