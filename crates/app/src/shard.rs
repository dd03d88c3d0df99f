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
        breakdowns: true,
        keep_trials: true,
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

/// An analysis that scales out like a run: `ecosim compare | sensitivity | attribution …
/// --shard K/N --out part-K` runs shard K of N of each of the analysis's engine runs, and
/// `ecosim merge part-*` puts every run back together and finishes the analysis — the
/// one-process analysis bit for bit (its wall time aside; see `engine::shard::Runner`). The
/// request travels in every shard with the documents it names, so a merge needs nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "analysis", rename_all = "snake_case")]
pub enum AnalysisRequest {
    /// Paired comparison of 2–4 designs on one model.
    Compare { model: MarketModelDoc, scenarios: Vec<ScenarioDoc>, trials: u64, seed: u64, sampling: Sampling },
    /// Each uncertain input at its P10 and P90, `trials` trials a point.
    Tornado { model: MarketModelDoc, scenario: ScenarioDoc, kpi: String, trials: u64, seed: u64 },
    /// Sobol indices from `samples` base samples.
    Sobol { model: MarketModelDoc, scenario: ScenarioDoc, kpi: String, samples: u64, seed: u64 },
    /// Shapley attribution to partner types, `trials` trials a coalition.
    Shapley { model: MarketModelDoc, scenario: ScenarioDoc, trials: u64, seed: u64 },
}

/// What an analysis reports, by kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnalysisReport {
    Compare(ecosim_core::analysis::compare::CompareReport),
    Tornado(ecosim_core::analysis::sensitivity::TornadoReport),
    Sobol(ecosim_core::analysis::sensitivity::SobolReport),
    Shapley(ecosim_core::analysis::shapley::ShapleyReport),
}

impl AnalysisRequest {
    /// What `ecosim merge` calls the analysis.
    pub fn name(&self) -> &'static str {
        match self {
            AnalysisRequest::Compare { .. } => "compare",
            AnalysisRequest::Tornado { .. } => "tornado",
            AnalysisRequest::Sobol { .. } => "sobol",
            AnalysisRequest::Shapley { .. } => "attribution",
        }
    }

    /// The market model, validated.
    pub fn model(&self) -> Result<Model, AppError> {
        let doc = match self {
            AnalysisRequest::Compare { model, .. }
            | AnalysisRequest::Tornado { model, .. }
            | AnalysisRequest::Sobol { model, .. }
            | AnalysisRequest::Shapley { model, .. } => model.clone(),
        };
        Model::from_doc(doc).map_err(|e| AppError::new(ErrorKind::Invalid, format!("the analysis's market model does not validate: {e}")))
    }

    fn designs(&self, model: &Model) -> Result<Vec<Loaded>, AppError> {
        let docs: Vec<&ScenarioDoc> = match self {
            AnalysisRequest::Compare { scenarios, .. } => scenarios.iter().collect(),
            AnalysisRequest::Tornado { scenario, .. } | AnalysisRequest::Sobol { scenario, .. } | AnalysisRequest::Shapley { scenario, .. } => vec![scenario],
        };
        docs.into_iter()
            .map(|d| {
                Scenario::from_doc(d.clone(), model)
                    .map(|scenario| Loaded { model: model.clone(), scenario, model_path: None })
                    .map_err(|e| AppError::new(ErrorKind::Invalid, format!("scenario {:?} of the analysis does not validate: {e}", d.id)))
            })
            .collect()
    }

    /// Carry out the analysis with `runner` (here, one shard of each run, or merged from shards).
    pub fn execute(&self, runner: &mut shard::Runner, progress: &(dyn Fn(u64, u64) + Sync), cancel: &AtomicBool) -> Result<AnalysisReport, AppError> {
        use ecosim_core::analysis::{compare, sensitivity, shapley};
        let model = self.model()?;
        let designs = self.designs(&model)?;
        let failed = |e: String| if cancel.load(std::sync::atomic::Ordering::Relaxed) { AppError::new(ErrorKind::Cancelled, "the analysis was cancelled") } else { AppError::new(ErrorKind::Invalid, e) };
        let d = &designs[0];
        Ok(match self {
            AnalysisRequest::Compare { trials, seed, sampling, .. } => AnalysisReport::Compare(compare::compare(runner, &designs, *trials, *seed, *sampling, progress, cancel).map_err(|e| failed(e.to_string()))?),
            AnalysisRequest::Tornado { kpi, trials, seed, .. } => AnalysisReport::Tornado(sensitivity::tornado(runner, &d.model, &d.scenario, kpi, *trials, *seed, progress, cancel).map_err(|e| failed(e.to_string()))?),
            AnalysisRequest::Sobol { kpi, samples, seed, .. } => AnalysisReport::Sobol(sensitivity::sobol(runner, &d.model, &d.scenario, kpi, *samples, *seed, progress, cancel).map_err(|e| failed(e.to_string()))?),
            AnalysisRequest::Shapley { trials, seed, .. } => AnalysisReport::Shapley(shapley::shapley(runner, &d.model, &d.scenario, *trials, *seed, progress, cancel).map_err(|e| failed(e.to_string()))?),
        })
    }
}

const ANALYSIS_MAGIC: &[u8; 22] = b"ECOSIM-ANALYSIS-SHARD\n";
const ANALYSIS_VERSION: u32 = 1;

/// What an analysis shard was run from: the engine, the request, and which shard it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AnalysisHeader {
    engine_version: String,
    index: u32,
    count: u32,
    request: AnalysisRequest,
}

/// Whether `bytes` are an analysis shard (rather than a run's).
pub fn is_analysis_shard(bytes: &[u8]) -> bool {
    bytes.starts_with(ANALYSIS_MAGIC)
}

/// Shard `index` of `count` of every engine run of the analysis `req`: the shard file's bytes.
/// `progress(done, total)` counts the analysis's trials (this shard does its share of each run).
pub fn run_analysis_shard(req: &AnalysisRequest, index: u32, count: u32, progress: &(dyn Fn(u64, u64) + Sync), cancel: &AtomicBool) -> Result<Vec<u8>, AppError> {
    if count == 0 || index >= count {
        return Err(AppError::new(ErrorKind::Invalid, format!("--shard: {index}/{count} needs 0 ≤ K < N")));
    }
    let mut runner = shard::Runner::Shard { index, count, shards: Vec::new() };
    req.execute(&mut runner, progress, cancel)?;
    let shard::Runner::Shard { shards, .. } = runner else { unreachable!("the runner stays a shard runner") };
    let header = AnalysisHeader { engine_version: ecosim_core::ENGINE_VERSION.to_string(), index, count, request: req.clone() };
    let header = serde_json::to_vec(&header).expect("a header serialises");
    let mut out = Vec::new();
    out.extend_from_slice(ANALYSIS_MAGIC);
    out.extend_from_slice(&ANALYSIS_VERSION.to_le_bytes());
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&(shards.len() as u64).to_le_bytes());
    for s in &shards {
        let bytes = shard::encode(s, "");
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(&bytes);
    }
    Ok(out)
}

/// An analysis shard file read back: its header and one shard per engine run.
fn decode_analysis(bytes: &[u8]) -> Result<(AnalysisHeader, Vec<shard::Shard>), String> {
    let mut at = 0usize;
    let mut take = |n: usize, what: &str| -> Result<&[u8], String> {
        let end = at.checked_add(n).filter(|&e| e <= bytes.len()).ok_or_else(|| format!("the file ends inside its {what}: it is cut short or damaged"))?;
        let s = &bytes[at..end];
        at = end;
        Ok(s)
    };
    if take(ANALYSIS_MAGIC.len(), "signature")? != ANALYSIS_MAGIC {
        return Err("not an analysis shard (no ECOSIM-ANALYSIS-SHARD signature)".into());
    }
    let version = u32::from_le_bytes(take(4, "version")?.try_into().expect("4 bytes"));
    if version != ANALYSIS_VERSION {
        return Err(format!("analysis shard format {version}; this version reads format {ANALYSIS_VERSION}"));
    }
    let len = u64::from_le_bytes(take(8, "header length")?.try_into().expect("8 bytes")) as usize;
    let header: AnalysisHeader = serde_json::from_slice(take(len, "header")?).map_err(|e| format!("its header cannot be read ({e})"))?;
    let runs = u64::from_le_bytes(take(8, "run count")?.try_into().expect("8 bytes"));
    let mut shards = Vec::new();
    for i in 0..runs {
        let len = u64::from_le_bytes(take(8, "run length")?.try_into().expect("8 bytes")) as usize;
        let (_, s) = shard::decode(take(len, "run")?).map_err(|e| format!("run {i}: {e}"))?;
        shards.push(s);
    }
    if at != bytes.len() {
        return Err("bytes after the last run: the file is damaged".into());
    }
    Ok((header, shards))
}

/// The analysis the shard files `parts` (file name, bytes) make together, with its request.
pub fn merge_analysis(parts: &[(String, Vec<u8>)]) -> Result<(AnalysisRequest, AnalysisReport), AppError> {
    let invalid = |m: String| AppError::new(ErrorKind::Invalid, m);
    if parts.is_empty() {
        return Err(invalid("merge: no shard files given".into()));
    }
    let mut read: Vec<(&str, AnalysisHeader, Vec<shard::Shard>)> = Vec::with_capacity(parts.len());
    for (name, bytes) in parts {
        let (h, s) = decode_analysis(bytes).map_err(|e| invalid(format!("{name}: {e}")))?;
        read.push((name, h, s));
    }
    let (name0, h0, runs0) = (read[0].0, read[0].1.clone(), read[0].2.len());
    if h0.engine_version != ecosim_core::ENGINE_VERSION {
        return Err(invalid(format!("{name0}: made by engine {}, this is engine {}: run the shards and the merge with one version", h0.engine_version, ecosim_core::ENGINE_VERSION)));
    }
    for (name, h, runs) in &read {
        if h.request != h0.request || h.count != h0.count || h.engine_version != h0.engine_version || runs.len() != runs0 {
            return Err(invalid(format!("{name} and {name0} are shards of different analyses (another request, documents, split or engine): merge the shards of one analysis")));
        }
    }
    // Run i's shards, one from each file.
    let mut per_run: Vec<Vec<shard::Shard>> = vec![Vec::with_capacity(read.len()); runs0];
    for (_, _, runs) in read {
        for (i, s) in runs.into_iter().enumerate() {
            per_run[i].push(s);
        }
    }
    let mut runner = shard::Runner::Merge { shards: &per_run, next: 0 };
    let report = h0.request.execute(&mut runner, &|_, _| {}, &AtomicBool::new(false))?;
    if let shard::Runner::Merge { next, .. } = runner {
        if next != runs0 {
            return Err(invalid(format!("merge: the shards hold {runs0} runs, but the analysis made {next}: they were made by another version")));
        }
    }
    Ok((h0.request, report))
}
