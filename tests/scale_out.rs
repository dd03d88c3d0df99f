//! A run split into shards and merged back is the one-process run, bit for bit: whatever the
//! split, the shards' order, the threads of each, and the sampling — only the wall time differs.

use std::sync::atomic::AtomicBool;

use ecosim_core::engine::{run_simple, shard, Counterfactuals, RunOptions};
use ecosim_core::model::{load_scenario, Sampling};
use ecosim_core::output::RunReport;

fn without_wall(r: &RunReport) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    v.as_object_mut().unwrap().remove("wall_seconds");
    v
}

#[test]
fn merged_shards_are_the_one_process_run_bit_for_bit() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = load_scenario(&root.join("scenarios/balanced-ecosystem.json"), None).unwrap();
    for (sampling, trials, count) in [
        (Sampling::MonteCarlo, 700u64, 3u32),
        (Sampling::LatinHypercube, 333, 4),
        (Sampling::MonteCarlo, 150, 1),
    ] {
        let opts = RunOptions {
            trials,
            seed: 41,
            sampling,
            threads: Some(2),
            counterfactuals: Counterfactuals::PerPattern,
            pattern_trials: 120,
            design: None,
            precision: None,
        };
        let one = run_simple(&l.model, &l.scenario, &opts).unwrap();
        // Each shard on one thread, handed to the merge last to first.
        let single = RunOptions {
            threads: Some(1),
            ..opts.clone()
        };
        let mut parts: Vec<shard::Shard> = (0..count)
            .map(|k| {
                shard::run_shard(
                    &l.model,
                    &l.scenario,
                    &single,
                    k,
                    count,
                    &|_| {},
                    &AtomicBool::new(false),
                )
                .unwrap()
            })
            .collect();
        assert_eq!(parts.iter().map(|s| s.trials()).sum::<u64>(), trials);
        parts.reverse();
        // Through the bytes a shard file holds.
        let parts: Vec<shard::Shard> = parts
            .iter()
            .map(|s| shard::decode(&shard::encode(s, "{}")).unwrap().1)
            .collect();
        let merged = shard::merge(&l.model, &l.scenario, &opts, &parts).unwrap();
        assert_eq!(merged.kpis, one.kpis, "{sampling:?}: the per-trial KPIs");
        assert_eq!(merged.convergence, one.convergence);
        assert_eq!(merged.work, one.work);
        let (a, b) = (
            RunReport::new(&l.model, &l.scenario, &one),
            RunReport::new(&l.model, &l.scenario, &merged),
        );
        assert_eq!(
            serde_json::to_string(&without_wall(&a)).unwrap(),
            serde_json::to_string(&without_wall(&b)).unwrap(),
            "{sampling:?}, {count} shards: the report"
        );
    }
}

#[test]
fn a_merge_refuses_a_missing_a_repeated_or_a_foreign_shard() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = load_scenario(&root.join("scenarios/balanced-ecosystem.json"), None).unwrap();
    let opts = RunOptions {
        trials: 200,
        seed: 3,
        sampling: Sampling::MonteCarlo,
        threads: Some(1),
        counterfactuals: Counterfactuals::Off,
        pattern_trials: 0,
        design: None,
        precision: None,
    };
    let part = |k| {
        shard::run_shard(
            &l.model,
            &l.scenario,
            &opts,
            k,
            3,
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap()
    };
    let (a, b, c) = (part(0), part(1), part(2));
    let err = |parts: &[shard::Shard]| {
        shard::merge(&l.model, &l.scenario, &opts, parts)
            .unwrap_err()
            .to_string()
    };
    assert!(
        err(&[a.clone(), c.clone()]).contains("missing shard 1/3"),
        "{}",
        err(&[a.clone(), c.clone()])
    );
    assert!(err(&[a.clone(), b.clone(), b.clone(), c.clone()]).contains("shard 1/3 is given twice"));
    let other = RunOptions {
        trials: 300,
        ..opts.clone()
    };
    let foreign = shard::run_shard(
        &l.model,
        &l.scenario,
        &other,
        1,
        3,
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(err(&[a.clone(), foreign, c.clone()]).contains("holds trials 100–200"));
    let precise = RunOptions {
        precision: Some(ecosim_core::engine::Precision {
            relative_std_error: 0.01,
        }),
        ..opts.clone()
    };
    assert!(shard::run_shard(
        &l.model,
        &l.scenario,
        &precise,
        0,
        2,
        &|_| {},
        &AtomicBool::new(false)
    )
    .unwrap_err()
    .to_string()
    .contains("precision target"));
    assert!(shard::run_shard(
        &l.model,
        &l.scenario,
        &opts,
        3,
        3,
        &|_| {},
        &AtomicBool::new(false)
    )
    .unwrap_err()
    .to_string()
    .contains("0 ≤ K < N"));
}
