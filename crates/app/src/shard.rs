//! A run split across processes or machines: `ecosim run … --shard K/N --out part-K` simulates
//! one block of the trials; `ecosim merge part-* --out run.json` puts the blocks back together
//! into the one-process run's result, bit for bit (see `ecosim_core::engine::shard`).
//!
//! Each shard carries what it was run from — the market model and the scenario documents, the
//! engine options and the engine version — so a merge needs nothing but the shards, and refuses
//! shards that were not run from the same documents and request.

use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};

use ecosim_core::engine::{self, shard, Counterfactuals, Progress, RunOptions};
use ecosim_core::model::{Loaded, MarketModelDoc, Model, Sampling, Scenario, ScenarioDoc};
use ecosim_core::output::RunReport;

use crate::{AppError, ErrorKind};

/// What a shard was run from. Identical in every shard of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    engine_version: String,
    model: MarketModelDoc,
    scenario: ScenarioDoc,
    trials: u64,
    seed: u64,
    sampling: Sampling,
    pattern_trials: u64,
    /// "off", "total" or "per_pattern".
    counterfactuals: String,
}

fn counterfactuals_name(c: Counterfactuals) -> &'static str {
    match c {
        Counterfactuals::Off => "off",
        Counterfactuals::Total => "total",
        Counterfactuals::PerPattern => "per_pattern",
    }
}

/// `K/N` from the command line: shard K (from 0) of N.
pub fn parse_split(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("--shard: {s:?} is not K/N (shard K of N, K from 0 to N − 1, e.g. 0/4)");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || k >= n {
        return Err(format!("--shard: {k}/{n} needs 0 ≤ K < N"));
    }
    Ok((k, n))
}

/// Simulate shard `index` of `count` of the run `opts` of `loaded`; the shard file's bytes.
pub fn run_shard(
    loaded: &Loaded,
    opts: &RunOptions,
    index: u32,
    count: u32,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<u8>, AppError> {
    let s = shard::run_shard(
        &loaded.model,
        &loaded.scenario,
        opts,
        index,
        count,
        progress,
        cancel,
    )
    .map_err(engine_error)?;
    let header = Header {
        engine_version: ecosim_core::ENGINE_VERSION.to_string(),
        model: loaded.model.doc.clone(),
        scenario: loaded.scenario.doc.clone(),
        trials: opts.trials,
        seed: opts.seed,
        sampling: opts.sampling,
        pattern_trials: opts.pattern_trials,
        counterfactuals: counterfactuals_name(opts.counterfactuals).into(),
    };
    Ok(shard::encode(
        &s,
        &serde_json::to_string(&header).expect("a header serialises"),
    ))
}

fn engine_error(e: engine::RunError) -> AppError {
    match e {
        engine::RunError::Cancelled => {
            AppError::new(ErrorKind::Cancelled, "the shard was cancelled")
        }
        e => AppError::new(ErrorKind::Invalid, e.to_string()),
    }
}

/// The run the shards `parts` (file name, bytes) make together, with what it was run from.
/// `threads` only sets how fast the merge folds them.
pub fn merge(
    parts: &[(String, Vec<u8>)],
    threads: Option<usize>,
) -> Result<(Loaded, RunReport), AppError> {
    if parts.is_empty() {
        return Err(AppError::new(
            ErrorKind::Invalid,
            "merge: no shard files given",
        ));
    }
    let mut shards = Vec::with_capacity(parts.len());
    let mut first: Option<(String, String)> = None;
    for (name, bytes) in parts {
        let (header, s) = shard::decode(bytes)
            .map_err(|e| AppError::new(ErrorKind::Invalid, format!("{name}: {e}")))?;
        match &first {
            None => first = Some((name.clone(), header)),
            Some((n0, h0)) if *h0 != header => {
                return Err(AppError::new(ErrorKind::Invalid, format!("{name} and {n0} are shards of different runs (other documents, seed, trials or engine options): merge the shards of one run")));
            }
            Some(_) => {}
        }
        shards.push(s);
    }
    let (name0, header) = first.expect("at least one part");
    let h: Header = serde_json::from_str(&header).map_err(|e| {
        AppError::new(
            ErrorKind::Invalid,
            format!("{name0}: its header cannot be read ({e})"),
        )
    })?;
    if h.engine_version != ecosim_core::ENGINE_VERSION {
        return Err(AppError::new(ErrorKind::Invalid, format!("{name0}: made by engine {}, this is engine {}: run the shards and the merge with one version", h.engine_version, ecosim_core::ENGINE_VERSION)));
    }
    let model = Model::from_doc(h.model).map_err(|e| {
        AppError::new(
            ErrorKind::Invalid,
            format!("{name0}: its market model does not validate: {e}"),
        )
    })?;
    let scenario = Scenario::from_doc(h.scenario, &model).map_err(|e| {
        AppError::new(
            ErrorKind::Invalid,
            format!("{name0}: its scenario does not validate: {e}"),
        )
    })?;
    let counterfactuals = match h.counterfactuals.as_str() {
        "off" => Counterfactuals::Off,
        "total" => Counterfactuals::Total,
        "per_pattern" => Counterfactuals::PerPattern,
        other => {
            return Err(AppError::new(
                ErrorKind::Invalid,
                format!("{name0}: unknown counterfactuals {other:?}"),
            ))
        }
    };
    let opts = RunOptions {
        trials: h.trials,
        seed: h.seed,
        sampling: h.sampling,
        threads,
        counterfactuals,
        pattern_trials: h.pattern_trials,
        design: None,
        precision: None,
    };
    let result = shard::merge(&model, &scenario, &opts, &shards).map_err(engine_error)?;
    let report = RunReport::new(&model, &scenario, &result);
    Ok((
        Loaded {
            model,
            scenario,
            model_path: None,
        },
        report,
    ))
}
