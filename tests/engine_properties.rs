//! The five properties MODEL.md asks of the engine, each with a fixed seed.

use ecosim_tests::*;
use ecosim_core::engine::trial::{K_INTER, K_TOTAL};
use ecosim_core::engine::{run_simple, Counterfactuals, RunOptions};
use ecosim_core::model::Sampling;
use ecosim_core::output::RunReport;
use ecosim_core::stats::Summary;

fn opts(trials: u64, seed: u64) -> RunOptions {
    RunOptions { trials, seed, sampling: Sampling::MonteCarlo, threads: None, counterfactuals: Counterfactuals::PerPattern, pattern_trials: trials, design: None, precision: None, breakdowns: true, keep_trials: true }
}

fn lognormal_mean(median: f64, p90: f64) -> f64 {
    let sigma = (p90 / median).ln() / ecosim_core::model::param::Z90;
    median * (0.5 * sigma * sigma).exp()
}

/// Closed-form mean net revenue per quarter of the simple model with `partners` resellers.
fn closed_form(partners: f64) -> f64 {
    partners * 30.0 * 0.08 * 0.25 * lognormal_mean(40_000.0, 90_000.0) * (1.0 - 0.3)
}

#[test]
fn closed_form_mean_within_four_standard_errors() {
    let model = model_from(simple_model());
    let scenario = scenario_from(simple_scenario(10), &model);
    let r = run_simple(&model, &scenario, &opts(4000, 7)).unwrap();
    let per_quarter: Vec<f64> = r.kpis[K_TOTAL].iter().map(|t| t / 8.0).collect();
    let s = Summary::of(&per_quarter);
    let expected = closed_form(10.0);
    let z = (s.mean - expected) / s.std_error;
    assert!(z.abs() < 4.0, "simulated {:.0} ± {:.0}, closed form {expected:.0} (z = {z:.2})", s.mean, s.std_error);
    // Every quarter alike: no ramp, churn or growth.
    let report = RunReport::new(&model, &scenario, &r);
    for q in &report.by_quarter {
        let z = (q.revenue.mean - expected) / q.revenue.std_error;
        assert!(z.abs() < 4.5, "quarter {}: {:.0} vs {expected:.0} (z = {z:.2})", q.quarter, q.revenue.mean);
    }
}

/// The enterprise-scale scenario (5,200 partners, 50 cells, 20 quarters, every counterfactual)
/// gives the same trials, bit for bit, on one, two and eight threads.
#[test]
fn the_enterprise_scenario_is_the_same_on_one_two_and_eight_threads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = ecosim_core::model::load_scenario(&root.join("scenarios/enterprise-scale.json"), None).unwrap();
    let runs: Vec<(String, Vec<Vec<u64>>)> = [1usize, 2, 8]
        .iter()
        .map(|&t| {
            let mut o = opts(6, 2026);
            o.threads = Some(t);
            o.pattern_trials = 3;
            let r = run_simple(&l.model, &l.scenario, &o).unwrap();
            let mut rep = RunReport::new(&l.model, &l.scenario, &r);
            rep.wall_seconds = 0.0;
            (serde_json::to_string(&rep).unwrap(), r.kpis.iter().map(|c| c.iter().map(|x| x.to_bits()).collect()).collect())
        })
        .collect();
    for other in &runs[1..] {
        assert_eq!(runs[0].1, other.1, "per-trial KPIs differ between thread counts");
        assert_eq!(runs[0].0, other.0, "the report differs between thread counts");
    }
    assert!(runs[0].1[K_TOTAL].iter().all(|&b| f64::from_bits(b) > 0.0));
}

#[test]
fn identical_results_with_one_two_and_eight_threads() {
    let model = model_from(collab_model(true));
    let scenario = scenario_from(collab_scenario(), &model);
    let reports: Vec<(String, Vec<Vec<f64>>)> = [1usize, 2, 8]
        .iter()
        .map(|&t| {
            let mut o = opts(300, 99);
            o.threads = Some(t);
            o.sampling = Sampling::LatinHypercube;
            let r = run_simple(&model, &scenario, &o).unwrap();
            let mut rep = RunReport::new(&model, &scenario, &r);
            rep.wall_seconds = 0.0;
            (serde_json::to_string(&rep).unwrap(), r.kpis)
        })
        .collect();
    for other in &reports[1..] {
        assert_eq!(reports[0].0, other.0, "summary differs between thread counts");
        for (a, b) in reports[0].1.iter().zip(&other.1) {
            let bits = |v: &Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(a), bits(b), "per-trial KPIs differ between thread counts");
        }
    }
    // And the run is not trivially empty.
    let total: f64 = reports[0].1[K_TOTAL].iter().sum();
    assert!(total > 0.0);
}

#[test]
fn inter_partner_value_is_exactly_zero_when_pattern_effects_are_zero() {
    let model = model_from(collab_model(false));
    let scenario = scenario_from(collab_scenario(), &model);
    let r = run_simple(&model, &scenario, &opts(400, 3)).unwrap();
    assert!(r.kpis[K_INTER].iter().all(|&v| v == 0.0), "some trial has non-zero inter-partner value");
    let report = RunReport::new(&model, &scenario, &r);
    assert_eq!(report.by_pattern.len(), 3);
    for p in &report.by_pattern {
        assert_eq!((p.revenue_added.min, p.revenue_added.max), (0.0, 0.0), "pattern {} adds revenue with zero effects", p.pattern);
    }
    assert_eq!(report.kpis.ecosystem_multiplier, Some(1.0));
    // With effects on, collaboration does add revenue.
    let model_on = model_from(collab_model(true));
    let scenario_on = scenario_from(collab_scenario(), &model_on);
    let r_on = run_simple(&model_on, &scenario_on, &opts(400, 3)).unwrap();
    let inter = Summary::of(&r_on.kpis[K_INTER]);
    assert!(inter.mean > 4.0 * inter.std_error, "collaboration adds {:.0} ± {:.0}", inter.mean, inter.std_error);
}

fn revenue(accounts: f64, partners: u32, trials: u64) -> Summary {
    let mut m = simple_model();
    m["market"]["accounts"]["mid"]["na"] = accounts.into();
    let model = model_from(m);
    let scenario = scenario_from(simple_scenario(partners), &model);
    let r = run_simple(&model, &scenario, &opts(trials, 5)).unwrap();
    Summary::of(&r.kpis[K_TOTAL])
}

#[test]
fn saturated_cells_cap_revenue_and_empty_cells_scale_it() {
    // Saturated: 1,000 accounts; 100 partners want 3,000, 200 want 6,000.
    let cap = 1000.0 * 0.08 * 0.25 * lognormal_mean(40_000.0, 90_000.0) * 0.7 * 8.0;
    let a = revenue(1000.0, 100, 2000);
    let b = revenue(1000.0, 200, 2000);
    for s in [&a, &b] {
        assert!((s.mean - cap).abs() < 4.0 * s.std_error, "saturated revenue {:.0} ± {:.0} vs the cell's cap {cap:.0}", s.mean, s.std_error);
    }
    let diff = b.mean - a.mean;
    let se = (a.std_error.powi(2) + b.std_error.powi(2)).sqrt();
    assert!(diff.abs() < 4.0 * se, "doubling partners in a saturated cell changed revenue by {diff:.0} ± {se:.0}");
    // Empty: a million accounts; twice the partners, twice the revenue.
    let c = revenue(1e6, 10, 2000);
    let d = revenue(1e6, 20, 2000);
    let ratio = d.mean / c.mean;
    let ratio_se = ratio * ((c.std_error / c.mean).powi(2) + (d.std_error / d.mean).powi(2)).sqrt();
    assert!((ratio - 2.0).abs() < 4.0 * ratio_se, "ratio {ratio:.3} ± {ratio_se:.3}");
}

#[test]
fn standard_error_falls_as_one_over_root_trials() {
    let model = model_from(collab_model(true));
    let scenario = scenario_from(collab_scenario(), &model);
    let mut scaled = Vec::new();
    for n in [250u64, 1000, 4000] {
        let mut o = opts(n, 17);
        o.counterfactuals = Counterfactuals::Off;
        let r = run_simple(&model, &scenario, &o).unwrap();
        let s = Summary::of(&r.kpis[K_TOTAL]);
        assert!((s.std_error - s.std_dev / (n as f64).sqrt()).abs() < 1e-9 * s.std_dev);
        scaled.push(s.std_error * (n as f64).sqrt());
    }
    // std_error × √n estimates the same standard deviation at every n (within sampling noise
    // of a standard-deviation estimate from 250 trials: ~5 %; allow 15 %).
    for w in &scaled[1..] {
        assert!((w / scaled[0] - 1.0).abs() < 0.15, "std_error·√n: {scaled:?}");
    }
    // Quadrupling trials halves the standard error.
    let model2 = model_from(simple_model());
    let sc2 = scenario_from(simple_scenario(10), &model2);
    let se = |n| Summary::of(&run_simple(&model2, &sc2, &opts(n, 23)).unwrap().kpis[K_TOTAL]).std_error;
    let ratio = se(1000) / se(4000);
    assert!((ratio - 2.0).abs() < 0.2, "s.e.(1000)/s.e.(4000) = {ratio:.3}");
}

#[test]
fn latin_hypercube_stratifies_each_uncertain_input() {
    let model = model_from(collab_model(true));
    let scenario = scenario_from(collab_scenario(), &model);
    let n = 200;
    let mut o = opts(n, 5);
    o.sampling = Sampling::LatinHypercube;
    o.counterfactuals = Counterfactuals::Off;
    // Each input's uniforms fall one per stratum.
    let plan_inputs = ecosim_core::engine::trial_input_uniforms(&model, &scenario, &o);
    for j in 0..model.inputs.paths.len() {
        let mut strata: Vec<u64> = plan_inputs.iter().map(|u| (u[j] * n as f64) as u64).collect();
        strata.sort();
        assert_eq!(strata, (0..n).collect::<Vec<_>>(), "input {} is not stratified", model.inputs.paths[j]);
    }
}

#[test]
fn a_precision_target_stops_the_run_when_it_is_reached() {
    let model = model_from(simple_model());
    let scenario = scenario_from(simple_scenario(10), &model);
    let mut o = opts(200_000, 5);
    o.counterfactuals = Counterfactuals::Off;
    o.precision = Some(ecosim_core::engine::Precision { relative_std_error: 0.01 });
    let r = run_simple(&model, &scenario, &o).unwrap();
    let n = r.options.trials;
    assert!(n >= 1000 && n < 200_000, "stopped after {n} trials");
    let last = *r.convergence.last().unwrap();
    assert_eq!(last.trials, n);
    assert!(last.std_error <= 0.01 * last.mean, "{last:?}");
    // The batch before did not meet it (or was below the minimum).
    let before = r.convergence[r.convergence.len() - 2];
    assert!(before.trials < 1000 || before.std_error > 0.01 * before.mean, "{before:?}");
    assert_eq!(r.kpis[0].len() as u64, n);
    // The running standard error is the usual one.
    let s = ecosim_core::stats::Summary::of(&r.kpis[0]);
    assert!((s.std_error - last.std_error).abs() < 1e-6 * s.std_error && (s.mean - last.mean).abs() < 1e-6 * s.mean);
    // A cap below what the target needs ends at the cap.
    o.trials = 1500;
    o.precision = Some(ecosim_core::engine::Precision { relative_std_error: 0.0001 });
    assert_eq!(run_simple(&model, &scenario, &o).unwrap().options.trials, 1500);
}
