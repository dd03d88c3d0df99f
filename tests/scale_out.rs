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
        (Sampling::MonteCarlo, 96, 8),
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
            breakdowns: true,
            keep_trials: true,
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
        breakdowns: true,
        keep_trials: true,
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

/// The live preview's progressive run: each estimate is the first trials of the run exactly,
/// and the final result is the one-process run's (only the convergence trace, one point per
/// batch, has other points), whatever the batches its pace chose.
#[test]
fn a_progressive_run_streams_prefixes_of_the_run_and_ends_as_the_run() {
    use std::sync::Mutex;
    use std::time::Duration;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = load_scenario(&root.join("scenarios/marketplace-cosell.json"), None).unwrap();
    let opts = RunOptions { trials: 600, seed: 5, sampling: Sampling::MonteCarlo, threads: Some(2), counterfactuals: Counterfactuals::Total, pattern_trials: 600, design: None, precision: None, breakdowns: true, keep_trials: true };
    let one = run_simple(&l.model, &l.scenario, &opts).unwrap();
    let seen = Mutex::new(Vec::new());
    let at = ecosim_core::engine::Checkpoints { first_trials: 50, first_after: Duration::from_secs(60), every: Duration::ZERO, growth: 1.0 };
    let done = ecosim_core::engine::run_progressive(&l.model, &l.scenario, &opts, at, &|r| seen.lock().unwrap().push(r), &AtomicBool::new(false)).unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(seen.len() >= 3, "{} estimates", seen.len());
    assert_eq!(seen[0].options.trials, 50, "the first estimate comes at its mark");
    for e in &seen {
        let n = e.options.trials as usize;
        assert!(n < 600);
        for (k, col) in e.kpis.iter().enumerate() {
            assert_eq!(col[..], one.kpis[k][..n], "an estimate is the run's first {n} trials");
        }
    }
    assert!(seen.windows(2).all(|w| w[0].options.trials < w[1].options.trials));
    assert_eq!(done.kpis, one.kpis);
    assert_eq!(done.work, one.work);
    let strip = |r: &RunReport| {
        let mut v = without_wall(r);
        v.as_object_mut().unwrap().remove("convergence");
        serde_json::to_string(&v).unwrap()
    };
    assert_eq!(strip(&RunReport::new(&l.model, &l.scenario, &done)), strip(&RunReport::new(&l.model, &l.scenario, &one)));
    // Cancelled between batches.
    let cancel = AtomicBool::new(false);
    let r = ecosim_core::engine::run_progressive(&l.model, &l.scenario, &opts, at, &|_| cancel.store(true, std::sync::atomic::Ordering::Relaxed), &cancel);
    assert!(matches!(r, Err(ecosim_core::engine::RunError::Cancelled)));
}

#[test]
fn analyses_split_into_shards_merge_to_the_one_process_analysis_bit_for_bit() {
    use ecosim_app::shard::{merge_analysis, run_analysis_shard, AnalysisRequest};
    use ecosim_core::engine::shard::Runner;
    use ecosim_tests::without_wall_seconds;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let load = |name: &str| load_scenario(&root.join(format!("scenarios/{name}.json")), None).unwrap();
    let (balanced, reseller, solutions) = (load("balanced-ecosystem"), load("reseller-heavy"), load("si-isv-solutions"));
    let requests = [
        AnalysisRequest::Compare {
            model: balanced.model.doc.clone(),
            scenarios: vec![balanced.scenario.doc.clone(), reseller.scenario.doc.clone()],
            trials: 40,
            seed: 5,
            sampling: Sampling::LatinHypercube,
        },
        AnalysisRequest::Tornado { model: reseller.model.doc.clone(), scenario: reseller.scenario.doc.clone(), kpi: "total_revenue".into(), trials: 12, seed: 9 },
        AnalysisRequest::Sobol { model: solutions.model.doc.clone(), scenario: solutions.scenario.doc.clone(), kpi: "coverage_final".into(), samples: 10, seed: 3 },
        AnalysisRequest::Shapley { model: solutions.model.doc.clone(), scenario: solutions.scenario.doc.clone(), trials: 16, seed: 7 },
    ];
    let cancel = AtomicBool::new(false);
    for req in &requests {
        let one = without_wall_seconds(serde_json::to_value(req.execute(&mut Runner::Local, &|_, _| {}, &cancel).unwrap()).unwrap());
        for count in [1u32, 3, 8] {
            // The shard files, handed to the merge last to first.
            let mut parts: Vec<(String, Vec<u8>)> = (0..count)
                .map(|k| (format!("part-{k}"), run_analysis_shard(req, k, count, &|_, _| {}, &cancel).unwrap()))
                .collect();
            parts.reverse();
            let (back, merged) = merge_analysis(&parts).unwrap();
            assert_eq!(&back, req);
            let merged = without_wall_seconds(serde_json::to_value(merged).unwrap());
            assert_eq!(serde_json::to_string(&merged).unwrap(), serde_json::to_string(&one).unwrap(), "{} in {count} shards", req.name());
            if count == 3 {
                // A missing shard, and a shard of another analysis, are refused by name.
                let err = merge_analysis(&parts[1..]).unwrap_err().message;
                assert!(err.contains("missing shard"), "{err}");
                let other = AnalysisRequest::Tornado { model: reseller.model.doc.clone(), scenario: reseller.scenario.doc.clone(), kpi: "total_revenue".into(), trials: 12, seed: 10 };
                let foreign = ("foreign".to_string(), run_analysis_shard(&other, 0, 3, &|_, _| {}, &cancel).unwrap());
                let mut mixed = parts[1..].to_vec();
                mixed.push(foreign);
                let err = merge_analysis(&mixed).unwrap_err().message;
                assert!(err.contains("different analyses"), "{err}");
            }
        }
    }
}

/// A run that keeps summaries only (for millions of trials, in memory that does not grow with
/// them) reports what the same run keeping every trial reports: the same trials, means and
/// spreads to rounding, percentiles within the sketches' 1 %, the same probability of the
/// target; it keeps no per-trial column.
#[test]
fn a_run_of_summaries_only_reports_what_the_run_with_its_trials_reports() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = load_scenario(&root.join("scenarios/installed-base-flywheel.json"), None).unwrap();
    let mut scenario_doc = l.scenario.doc.clone();
    scenario_doc.target = Some(serde_json::from_value(serde_json::json!({"metric": "total_revenue", "value": 40e6})).unwrap());
    let scenario = ecosim_core::model::Scenario::from_doc(scenario_doc, &l.model).unwrap();
    let mut opts = RunOptions::for_scenario(&scenario);
    opts.trials = 3000;
    opts.counterfactuals = Counterfactuals::Total;
    let kept = run_simple(&l.model, &scenario, &opts).unwrap();
    opts.keep_trials = false;
    let summed = run_simple(&l.model, &scenario, &opts).unwrap();
    assert!(summed.kpis.iter().all(|c| c.is_empty()) && !summed.kept_trials());
    let (a, b) = (RunReport::new(&l.model, &scenario, &kept), RunReport::new(&l.model, &scenario, &summed));
    assert_eq!((a.trials, &a.convergence), (b.trials, &b.convergence));
    let close = |x: f64, y: f64, rel: f64, what: &str| assert!((x - y).abs() <= rel * x.abs().max(1e-9), "{what}: {x} vs {y}");
    let kpis = |r: &RunReport| serde_json::to_value(&r.kpis).unwrap();
    let (ka, kb) = (kpis(&a), kpis(&b));
    for (name, sa) in ka.as_object().unwrap() {
        let sb = &kb[name];
        if let (Some(x), Some(y)) = (sa.as_f64(), sb.as_f64()) {
            close(x, y, 1e-9, name);
            continue;
        }
        if !sa.is_object() {
            assert_eq!(sa, sb, "{name}");
            continue;
        }
        for field in ["mean", "std_dev"] {
            close(sa[field].as_f64().unwrap(), sb[field].as_f64().unwrap(), 1e-9, &format!("{name}.{field}"));
        }
        for field in ["p10", "p50", "p90"] {
            close(sa[field].as_f64().unwrap(), sb[field].as_f64().unwrap(), 0.021, &format!("{name}.{field}"));
        }
    }
    let (pa, pb) = (a.kpis.probability_of_target.unwrap(), b.kpis.probability_of_target.unwrap());
    assert!(pa.mean > 0.05 && pa.mean < 0.95, "the target should be uncertain: {}", pa.mean);
    close(pa.mean, pb.mean, 1e-12, "probability of target");
    // The S-curve and the histogram: every percentile within the sketch's accuracy, the same count.
    for (x, y) in a.total_revenue_distribution.percentiles.iter().zip(&b.total_revenue_distribution.percentiles) {
        close(*x, *y, 0.021, "S-curve percentile");
    }
    let count = |r: &RunReport| r.total_revenue_distribution.histogram.counts.iter().sum::<u64>();
    assert_eq!(count(&a), count(&b));
    assert_eq!(serde_json::to_value(&a.by_quarter).unwrap(), serde_json::to_value(&b.by_quarter).unwrap());
}
