//! Scale-out: a run split into shards — contiguous blocks of its trials, each simulated by a
//! process of its own (a Slurm array task, a Kubernetes Indexed Job pod) — and merged back.
//!
//! Every random stream of a trial is keyed by the seed and the trial's index, so shard K of N
//! simulates exactly the records that trials ⌊T·K/N⌋ … ⌊T·(K+1)/N⌋ − 1 of the one-process run
//! would. The merge folds every record in trial order in the run's own batches (the same
//! [`super::Fold`] the run uses), so the merged result is the one-process run's bit for bit;
//! only the wall time differs (the merge reports the slowest shard's).
//!
//! A shard travels as bytes ([`encode`] / [`decode`]): a caller's header (the documents and the
//! request it was run with, as JSON) and the records, little-endian. The caller writes and reads
//! the files; nothing here touches the file system.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::trial::{Plan, N_KPI};
use super::{prepare, simulate_batch, Fold, Progress, RunError, RunOptions, RunResult, Work};
use crate::model::{Model, Scenario};

/// The records of one shard of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Shard {
    /// K of K/N, from 0.
    pub index: u32,
    /// N.
    pub count: u32,
    /// The shard's first trial.
    pub first: u64,
    /// Values per record (the run's layout width).
    pub width: usize,
    /// One record per trial, in trial order.
    pub rows: Vec<f64>,
    /// The work of each trial, in trial order.
    pub works: Vec<Work>,
    pub wall: Duration,
}

impl Shard {
    pub fn trials(&self) -> u64 {
        self.works.len() as u64
    }
}

/// The trials of shard `index` of `count` of a `total`-trial run.
pub fn trials_of(total: u64, index: u32, count: u32) -> Range<u64> {
    let at = |k: u32| ((total as u128 * k as u128) / count.max(1) as u128) as u64;
    at(index)..at(index + 1)
}

fn check_split(opts: &RunOptions, index: u32, count: u32) -> Result<(), RunError> {
    if count == 0 || index >= count {
        return Err(RunError::Invalid(format!(
            "shard: K/N needs 0 ≤ K < N, got {index}/{count}"
        )));
    }
    if count as u64 > opts.trials {
        return Err(RunError::Invalid(format!(
            "shard: {count} shards of {} trials would leave some empty; use at most {} shards",
            opts.trials, opts.trials
        )));
    }
    if opts.precision.is_some() {
        return Err(RunError::Invalid("shard: a run to a precision target cannot be split (where it stops depends on every trial before); give --trials instead".into()));
    }
    Ok(())
}

/// Simulate shard `index` of `count` of the run `opts` describes. `progress` counts the shard's
/// own trials; `cancel` stops it between batches.
pub fn run_shard(
    model: &Model,
    scenario: &Scenario,
    opts: &RunOptions,
    index: u32,
    count: u32,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Shard, RunError> {
    check_split(opts, index, count)?;
    let (opts, pool) = prepare(model, opts)?;
    let plan = Plan::new(model, scenario, &opts);
    let width = plan.layout.width();
    let range = trials_of(opts.trials, index, count);
    let n = (range.end - range.start) as usize;
    let started = Instant::now();
    let mut rows = vec![0.0f64; n * width];
    let mut works = Vec::with_capacity(n);
    let batch = Fold::new(width, opts.trials, &opts, &plan).batch(&opts);
    for (b, chunk) in rows.chunks_mut(batch * width).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        works.extend(simulate_batch(
            &pool,
            &plan,
            range.start + (b * batch) as u64,
            chunk,
            cancel,
        ));
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        progress(Progress {
            done: works.len() as u64,
            total: n as u64,
            elapsed: started.elapsed(),
        });
    }
    Ok(Shard {
        index,
        count,
        first: range.start,
        width,
        rows,
        works,
        wall: started.elapsed(),
    })
}

/// The run that `shards` (every shard of it, in any order) make together: the one-process run's
/// result, bit for bit.
pub fn merge(
    model: &Model,
    scenario: &Scenario,
    opts: &RunOptions,
    shards: &[Shard],
) -> Result<RunResult, RunError> {
    let count = shards
        .first()
        .map(|s| s.count)
        .ok_or_else(|| RunError::Invalid("merge: no shards given".into()))?;
    check_split(opts, 0, count)?;
    let (opts, pool) = prepare(model, opts)?;
    let plan = Plan::new(model, scenario, &opts);
    let width = plan.layout.width();
    let mut ordered: Vec<&Shard> = shards.iter().collect();
    ordered.sort_by_key(|s| s.index);
    if let Some(s) = ordered.iter().find(|s| s.count != count) {
        return Err(RunError::Invalid(format!(
            "merge: shard {}/{} is of another split than {}/{count}",
            s.index, s.count, ordered[0].index
        )));
    }
    for w in ordered.windows(2) {
        if w[0].index == w[1].index {
            return Err(RunError::Invalid(format!(
                "merge: shard {}/{count} is given twice",
                w[0].index
            )));
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|k| ordered.iter().all(|s| s.index != *k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(RunError::Invalid(format!(
            "merge: missing shard{} {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", ")
        )));
    }
    for s in &ordered {
        let want = trials_of(opts.trials, s.index, count);
        if s.width != width
            || s.first != want.start
            || s.trials() != want.end - want.start
            || s.rows.len() != s.works.len() * width
        {
            return Err(RunError::Invalid(format!(
                "merge: shard {}/{count} holds trials {}–{} of width {}, but this run's shard holds trials {}–{} of width {width}",
                s.index,
                s.first,
                s.first + s.trials(),
                s.width,
                want.start,
                want.end
            )));
        }
    }
    let mut fold = Fold::new(width, opts.trials, &opts, &plan);
    let batch = fold.batch(&opts);
    // The records in trial order, cut into the run's batches (which cross shard boundaries).
    let mut buf: Vec<f64> = Vec::with_capacity(batch * width);
    let mut works: Vec<Work> = Vec::with_capacity(batch);
    for s in &ordered {
        for (row, w) in s.rows.chunks_exact(width).zip(&s.works) {
            buf.extend_from_slice(row);
            works.push(*w);
            if works.len() == batch {
                fold.add(&pool, &buf, &works);
                buf.clear();
                works.clear();
            }
        }
    }
    if !works.is_empty() {
        fold.add(&pool, &buf, &works);
    }
    let wall = ordered.iter().map(|s| s.wall).max().unwrap_or_default();
    Ok(fold.finish(&opts, &plan, wall))
}

/// How an analysis carries out the engine runs it asks for, in the order it asks for them.
///
/// The analyses whose runs do not depend on one another's results (compare, tornado, Sobol,
/// Shapley) take a runner, so one analysis scales out like one run: every process runs shard K
/// of N of *each* of the analysis's runs ([`Runner::Shard`]), and a merge hands the analysis each
/// run put back together from its shards ([`Runner::Merge`]) — the one-process run bit for bit,
/// so the merged analysis is the one-process analysis bit for bit (its wall time aside).
pub enum Runner<'a> {
    /// Every run here, in full.
    Local,
    /// Shard `index` of `count` of every run; the shards are kept in order in `shards`. The
    /// analysis is handed a stand-in result of the run's shape (zeros): what it computes from
    /// them means nothing and is dropped; only the shards are kept.
    Shard { index: u32, count: u32, shards: Vec<Shard> },
    /// Each run merged from its shards: `shards[i]` are run i's, in any order.
    Merge { shards: &'a [Vec<Shard>], next: usize },
}

impl Runner<'_> {
    /// The analysis's next run.
    pub fn run(
        &mut self,
        model: &Model,
        scenario: &Scenario,
        opts: &RunOptions,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<RunResult, RunError> {
        match self {
            Runner::Local => super::run(model, scenario, opts, progress, cancel),
            Runner::Shard { index, count, shards } => {
                let s = run_shard(model, scenario, opts, *index, *count, progress, cancel)?;
                shards.push(s);
                Ok(stand_in(model, scenario, opts))
            }
            Runner::Merge { shards, next } => {
                let i = *next;
                let parts = shards.get(i).ok_or_else(|| {
                    RunError::Invalid(format!(
                        "merge: the shards hold {} runs of the analysis, but it asks for more: they were made by another request or engine",
                        shards.len()
                    ))
                })?;
                *next += 1;
                merge(model, scenario, opts, parts)
            }
        }
    }
}

/// A result of the run's shape whose every value is zero (what a shard's analysis computes on).
fn stand_in(model: &Model, scenario: &Scenario, opts: &RunOptions) -> RunResult {
    let plan = Plan::new(model, scenario, opts);
    let width = plan.layout.width();
    RunResult {
        options: opts.clone(),
        convergence: Vec::new(),
        layout: plan.layout.clone(),
        enabled_patterns: plan.enabled.clone(),
        programs: plan.programs.clone(),
        kpis: vec![vec![0.0; opts.trials as usize]; N_KPI],
        kpi_summaries: Vec::new(),
        target_hits: None,
        series: vec![crate::stats::SeriesAcc::default(); width - N_KPI],
        work: Work::default(),
        partner_instances: plan.partners.len(),
        wall: Duration::ZERO,
    }
}

const MAGIC: &[u8; 13] = b"ECOSIM-SHARD\n";
const VERSION: u32 = 1;
/// Bytes per trial's work: six counts and two sums.
const WORK_BYTES: usize = 8 * 8;

/// A shard as bytes, with the caller's `header` (what it was run from).
pub fn encode(s: &Shard, header: &str) -> Vec<u8> {
    let mut out =
        Vec::with_capacity(64 + header.len() + s.rows.len() * 8 + s.works.len() * WORK_BYTES);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&s.index.to_le_bytes());
    out.extend_from_slice(&s.count.to_le_bytes());
    out.extend_from_slice(&s.first.to_le_bytes());
    out.extend_from_slice(&s.trials().to_le_bytes());
    out.extend_from_slice(&(s.width as u64).to_le_bytes());
    out.extend_from_slice(&s.wall.as_secs_f64().to_le_bytes());
    for v in &s.rows {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for w in &s.works {
        for n in [
            w.partner_quarters,
            w.streams,
            w.poisson_draws,
            w.opportunities,
            w.deals,
            w.gamma_draws,
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&w.poisson_mean_sum.to_le_bytes());
        out.extend_from_slice(&w.gamma_shape_sum.to_le_bytes());
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| {
                format!(
                    "the file ends inside its {what} (at byte {}): it is truncated",
                    self.at
                )
            })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self, what: &str) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self, what: &str) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8, what)?.try_into().expect("8 bytes"),
        ))
    }
    fn f64(&mut self, what: &str) -> Result<f64, String> {
        Ok(f64::from_le_bytes(
            self.take(8, what)?.try_into().expect("8 bytes"),
        ))
    }
}

/// A shard and its header from bytes; the error says what is wrong with them.
pub fn decode(bytes: &[u8]) -> Result<(String, Shard), String> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len(), "signature").ok() != Some(MAGIC.as_slice()) {
        return Err(
            "not a shard of an Ecosim run (it does not start with the shard signature)".into(),
        );
    }
    let version = r.u32("version")?;
    if version != VERSION {
        return Err(format!(
            "a shard of format {version}; this studio reads format {VERSION}"
        ));
    }
    let len = r.u64("header length")?;
    let header = r.take(
        usize::try_from(len).map_err(|_| "its header length is impossible".to_string())?,
        "header",
    )?;
    let header =
        String::from_utf8(header.to_vec()).map_err(|e| format!("its header is not UTF-8 ({e})"))?;
    let index = r.u32("shard index")?;
    let count = r.u32("shard count")?;
    let first = r.u64("first trial")?;
    let trials = r.u64("trial count")?;
    let width = r.u64("record width")?;
    let wall = r.f64("wall time")?;
    if count == 0 || index >= count {
        return Err(format!("it calls itself shard {index}/{count}"));
    }
    if width < N_KPI as u64 {
        return Err(format!(
            "its records are {width} values wide, fewer than the {N_KPI} headline KPIs"
        ));
    }
    let body = (trials as u128) * (width as u128 * 8 + WORK_BYTES as u128);
    let left = (bytes.len() - r.at) as u128;
    if body != left {
        return Err(format!("it says it holds {trials} trials of {width} values ({body} bytes) but {left} bytes follow its header: it is truncated or damaged"));
    }
    let (trials, width) = (trials as usize, width as usize);
    let mut rows = Vec::with_capacity(trials * width);
    for _ in 0..trials * width {
        rows.push(r.f64("records")?);
    }
    let mut works = Vec::with_capacity(trials);
    for _ in 0..trials {
        let mut n = [0u64; 6];
        for x in &mut n {
            *x = r.u64("work")?;
        }
        let (poisson_mean_sum, gamma_shape_sum) = (r.f64("work")?, r.f64("work")?);
        works.push(Work {
            partner_quarters: n[0],
            streams: n[1],
            poisson_draws: n[2],
            opportunities: n[3],
            deals: n[4],
            gamma_draws: n[5],
            poisson_mean_sum,
            gamma_shape_sum,
        });
    }
    let wall = Duration::try_from_secs_f64(wall).unwrap_or_default();
    Ok((
        header,
        Shard {
            index,
            count,
            first,
            width,
            rows,
            works,
            wall,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_trials_once_in_order() {
        for (total, n) in [(10u64, 3u32), (1000, 7), (5, 5), (100_000_000, 64)] {
            let mut next = 0;
            for k in 0..n {
                let r = trials_of(total, k, n);
                assert_eq!(r.start, next);
                assert!(r.end > r.start);
                next = r.end;
            }
            assert_eq!(next, total);
        }
    }

    #[test]
    fn bytes_round_trip_and_damage_is_named() {
        let w = Work {
            partner_quarters: 3,
            streams: 4,
            poisson_draws: 5,
            poisson_mean_sum: 0.25,
            opportunities: 6,
            deals: 7,
            gamma_draws: 8,
            gamma_shape_sum: 1.5,
        };
        let width = N_KPI + 2;
        let s = Shard {
            index: 1,
            count: 4,
            first: 25,
            width,
            rows: (0..2 * width).map(|i| i as f64 * 0.5 - 3.0).collect(),
            works: vec![w, Work::default()],
            wall: Duration::from_millis(1500),
        };
        let bytes = encode(&s, "{\"x\":1}");
        let (h, back) = decode(&bytes).unwrap();
        assert_eq!((h.as_str(), &back), ("{\"x\":1}", &s));
        assert!(decode(&bytes[..bytes.len() - 3])
            .unwrap_err()
            .contains("truncated"));
        assert!(decode(b"PK\x03\x04 a zip")
            .unwrap_err()
            .contains("not a shard"));
        let mut other = bytes.clone();
        other[MAGIC.len()] = 9;
        assert!(decode(&other).unwrap_err().contains("format 9"));
    }
}
