//! The executive's next questions (issue 14): requirement solving, drivers of the tail futures,
//! stress tests and the value of information, each against a closed form or an invariant.

use std::sync::atomic::AtomicBool;

use ecosim_core::analysis::drivers::{drivers, DriversRequest, Tail};
use ecosim_core::analysis::goal::Goal;
use ecosim_core::analysis::solve::{solve, Lever, SolveOutcome, SolveRequest};
use ecosim_core::analysis::stress::{stress, StressInput, StressRequest};
use ecosim_core::analysis::voi::{value_of_information, VoiRequest};
use ecosim_core::engine::trial::K_TOTAL;
use ecosim_core::engine::{run_simple, trial_input_uniforms, Counterfactuals, RunOptions};
use ecosim_core::model::{Loaded, Sampling};
use ecosim_tests::*;
use serde_json::{json, Value};

fn no_cancel() -> AtomicBool {
    AtomicBool::new(false)
}

fn lognormal_mean(median: f64, p90: f64) -> f64 {
    let sigma = (p90 / median).ln() / ecosim_core::model::param::Z90;
    median * (0.5 * sigma * sigma).exp()
}

/// Mean net revenue of one reseller of the simple model over its 8 quarters, at win rate `w`.
fn per_partner(w: f64) -> f64 {
    8.0 * 30.0 * 0.08 * w * lognormal_mean(40_000.0, 90_000.0) * (1.0 - 0.3)
}

#[test]
fn solved_partner_count_matches_the_closed_form() {
    let model = model_from(simple_model());
    let scenario = scenario_from(simple_scenario(10), &model);
    for needed in [23.5_f64, 7.3] {
        let goal = Goal::parse(&format!("mean(total_revenue) >= {}", needed * per_partner(0.25))).unwrap();
        let req = SolveRequest { lever: Lever::parse("reseller:na").unwrap(), goal, range: Some([0.0, 60.0]), trials: 1500, seed: 3 };
        let r = solve(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap();
        assert_eq!(r.outcome, SolveOutcome::Solved);
        let exact = needed.ceil();
        let answer = r.answer.unwrap();
        assert!((answer - exact).abs() <= 1.0, "solved {answer} partners, the closed form needs {exact}");
        assert!(r.monotone, "{:?}", r.monotone_note);
        let [lo, hi] = r.interval.unwrap();
        assert!(lo <= answer && answer <= hi, "interval {lo}..{hi} holds the answer {answer}");
        // The solved design is the scenario with the lever at the answer.
        assert_eq!(r.solved.unwrap().composition["reseller"]["na"], answer as u32);
    }
}

#[test]
fn probability_goal_matches_the_normal_approximation() {
    // Without productivity spread, a reseller's 8 quarters are a compound Poisson sum: λ = 4.8
    // deals of net value X. Total revenue of N resellers ≈ normal with mean N·λ·E[X] and
    // variance N·λ·E[X²]; P(total ≥ x) ≥ 0.8 needs N·m − 0.8416·s·√N ≥ x.
    let model = model_from(simple_model());
    let scenario = scenario_from(simple_scenario(10), &model);
    let sigma = (90_000.0_f64 / 40_000.0).ln() / ecosim_core::model::param::Z90;
    let ex = 0.7 * 40_000.0 * (0.5 * sigma * sigma).exp();
    let ex2 = 0.49 * 40_000.0_f64.powi(2) * (2.0 * sigma * sigma).exp();
    let (m, s) = (4.8 * ex, (4.8 * ex2).sqrt());
    let x = 3_000_000.0;
    let exact = (1..200).find(|&n| n as f64 * m - 0.8416 * s * (n as f64).sqrt() >= x).unwrap() as f64;
    let goal = Goal::parse(&format!("p(total_revenue >= {x}) >= 0.8")).unwrap();
    let req = SolveRequest { lever: Lever::parse("reseller:na").unwrap(), goal, range: Some([0.0, 40.0]), trials: 4000, seed: 5 };
    let r = solve(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap();
    let answer = r.answer.unwrap();
    assert!((answer - exact).abs() <= 1.0, "solved {answer}, normal approximation {exact}");
}

#[test]
fn a_lever_that_helps_then_hurts_is_reported_as_not_monotone() {
    // 2,000 accounts saturate at about 67 resellers, and each reseller costs $10k a quarter
    // (half of what it sells unsaturated): net contribution rises, then falls with every
    // partner added.
    let mut m = simple_model();
    m["market"]["accounts"]["mid"]["na"] = json!(2000);
    m["partner_types"][0]["costs"] = json!({"per_quarter": 10000});
    let model = model_from(m);
    let scenario = scenario_from(simple_scenario(10), &model);
    let goal = Goal::parse("mean(net_contribution) >= 1").unwrap();
    let req = SolveRequest { lever: Lever::parse("reseller:na").unwrap(), goal, range: Some([0.0, 200.0]), trials: 300, seed: 2 };
    let r = solve(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap();
    assert!(!r.monotone, "points: {:?}", r.points.iter().map(|p| (p.value, p.statistic)).collect::<Vec<_>>());
    let note = r.monotone_note.as_deref().unwrap_or("");
    assert!(note.contains("rises") && note.contains("falls"), "{note}");
    // The answer is still the least value found to work.
    assert!(r.answer.unwrap() > 0.0 && r.answer.unwrap() <= 40.0);
}

#[test]
fn a_goal_out_of_reach_is_said_to_be() {
    let model = model_from(simple_model());
    let scenario = scenario_from(simple_scenario(10), &model);
    let goal = Goal::parse(&format!("mean(total_revenue) >= {}", 100.0 * per_partner(0.25))).unwrap();
    let req = SolveRequest { lever: Lever::parse("reseller").unwrap(), goal, range: Some([0.0, 30.0]), trials: 200, seed: 1 };
    let r = solve(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap();
    assert_eq!(r.outcome, SolveOutcome::NotReachable);
    assert_eq!(r.answer, None);
    assert!(r.to_table("USD").contains("Not reachable within 0..30"));
}

#[test]
fn a_lever_naming_nothing_in_the_model_is_refused_by_name() {
    let model = model_from(simple_model());
    let scenario = scenario_from(simple_scenario(10), &model);
    let goal = Goal::parse("mean(total_revenue) >= 1").unwrap();
    for (lever, words) in [("msp:na", "unknown partner type \"msp\""), ("reseller:apac", "unknown region \"apac\""), ("pattern:nope", "unknown pattern")] {
        let req = SolveRequest { lever: Lever::parse(lever).unwrap(), goal: goal.clone(), range: None, trials: 100, seed: 1 };
        let e = solve(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap_err().to_string();
        assert!(e.contains("lever") && e.contains(words), "{lever}: {e}");
    }
}

/// The simple model with the reseller's win rate uncertain and a cost that only touches net
/// contribution uncertain too.
fn two_input_model() -> Value {
    let mut m = simple_model();
    m["partner_types"][0]["win_rate"] = json!({"dist": "beta", "alpha": 20, "beta": 60});
    m["partner_types"][0]["costs"] = json!({"per_quarter": {"dist": "uniform", "min": 1000, "max": 9000}});
    m
}

#[test]
fn drivers_rank_the_one_input_revenue_depends_on() {
    let model = model_from(two_input_model());
    let scenario = scenario_from(simple_scenario(10), &model);
    let req = DriversRequest { kpi: "total_revenue".into(), tail: Tail::Bottom, share: 0.1, trials: 4000, seed: 9 };
    let r = drivers(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap();
    assert_eq!(r.tail_trials, 400);
    assert_eq!(r.inputs[0].input, "partner_types[0].win_rate");
    assert!(r.inputs[0].shift < -0.5 && r.inputs[0].beyond_noise, "{:?}", r.inputs[0]);
    let cost = &r.inputs[1];
    assert!(cost.shift.abs() <= cost.noise, "an input revenue does not depend on shifts by {} (noise {})", cost.shift, cost.noise);
    // The tail's breakdowns replay exactly its trials: the reseller falls short by the tail's
    // own shortfall of total revenue (it is the only partner type).
    let reseller = r.shortfalls.iter().find(|s| s.id == "reseller").unwrap();
    let rel = (reseller.mean_tail - r.kpi_mean_tail).abs() / r.kpi_mean_tail;
    assert!(rel < 2e-3, "reseller in the tail {} against the tail's revenue {}", reseller.mean_tail, r.kpi_mean_tail);
    assert!(reseller.change < 0.0);
    // The top tail turns the shift around.
    let top = drivers(&model, &scenario, &DriversRequest { tail: Tail::Top, ..req }, &|_, _| {}, &no_cancel()).unwrap();
    assert!(top.inputs[0].shift > 0.5);
    assert_eq!(Tail::parse("bottom-10").unwrap(), (Tail::Bottom, 0.1));
    assert!(Tail::parse("middle-10").is_err());
}

#[test]
fn stress_in_the_bottom_decile_matches_the_base_runs_own_trials_there() {
    let model = model_from(collab_model(true));
    let scenario = scenario_from(collab_scenario(), &model);
    let input = "partner_types[0].win_rate";
    let j = model.inputs.paths.iter().position(|p| p == input).unwrap();
    let trials = 4000;
    let req = StressRequest { kpi: "total_revenue".into(), inputs: vec![StressInput { input: input.into(), range: [0.0, 0.1] }], trials, seed: 21 };
    let r = stress(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap();
    // The base run's own trials whose sampled win rate fell in its bottom decile (another seed,
    // so the two estimates are independent).
    let opts = RunOptions { trials: 20_000, seed: 99, sampling: Sampling::MonteCarlo, threads: None, counterfactuals: Counterfactuals::Off, pattern_trials: 0, design: None, precision: None, breakdowns: true, keep_trials: true };
    let base = run_simple(&model, &scenario, &opts).unwrap();
    let u = trial_input_uniforms(&model, &scenario, &opts);
    let inside: Vec<f64> = (0..u.len()).filter(|&t| u[t][j] < 0.1).map(|t| base.kpis[K_TOTAL][t]).collect();
    let s = ecosim_core::stats::Summary::of(&inside);
    let case = &r.cases[0].summary;
    let se = (case.std_error.powi(2) + s.std_error.powi(2)).sqrt();
    let z = (case.mean - s.mean) / se;
    assert!(z.abs() < 4.0, "stressed mean {:.0} against the base's own bottom-decile trials {:.0} (z = {z:.2})", case.mean, s.mean);
    assert!(case.mean < r.base.mean);
    assert!(r.cases[0].difference.max <= 1e-6 * r.base.mean.abs().max(1.0) || r.cases[0].difference.mean < 0.0);
}

#[test]
fn stress_runs_each_input_alone_and_then_together() {
    let model = model_from(collab_model(true));
    let scenario = scenario_from(collab_scenario(), &model);
    let inputs = vec![StressInput { input: "partner_types[0].win_rate".into(), range: [0.0, 0.1] }, StressInput { input: "market.growth".into(), range: [0.0, 0.25] }];
    let r = stress(&model, &scenario, &StressRequest { kpi: "total_revenue".into(), inputs, trials: 400, seed: 4 }, &|_, _| {}, &no_cancel()).unwrap();
    assert_eq!(r.cases.len(), 3);
    assert_eq!(r.cases[2].inputs.len(), 2);
    assert!(r.cases[2].summary.mean < r.cases[0].summary.mean && r.cases[2].summary.mean < r.cases[1].summary.mean);
    // Probabilities of the target under stress and at base.
    assert!(r.cases[2].target_probability.unwrap() <= r.base_target_probability.unwrap());
    let bad = StressRequest { kpi: "total_revenue".into(), inputs: vec![StressInput { input: "partner_types[9].win_rate".into(), range: [0.0, 0.1] }], trials: 10, seed: 4 };
    let e = stress(&model, &scenario, &bad, &|_, _| {}, &no_cancel()).unwrap_err().to_string();
    assert!(e.contains("inputs[0].input") && e.contains("not an uncertain input"), "{e}");
    let bad = StressRequest { inputs: vec![StressInput { input: "market.growth".into(), range: [0.3, 0.1] }], ..bad };
    assert!(stress(&model, &scenario, &bad, &|_, _| {}, &no_cancel()).unwrap_err().to_string().contains("inputs[0].range"));
}

/// Two designs of the simple model whose net contributions are linear in one normal input
/// (the reseller's win rate), and a second partner type neither design uses whose win rate is
/// uncertain too.
fn voi_designs(extra: u32, cost: f64) -> (Vec<Loaded>, f64, f64) {
    let (mu, sd) = (0.25, 0.04);
    let mut m = simple_model();
    m["partner_types"][0]["win_rate"] = json!({"dist": "normal", "mean": mu, "sd": sd});
    m["partner_types"][0]["costs"] = json!({"per_quarter": cost});
    let mut other = m["partner_types"][0].clone();
    other["id"] = json!("msp");
    other["name"] = json!("MSP");
    other["kind"] = json!("reseller");
    other["win_rate"] = json!({"dist": "beta", "alpha": 5, "beta": 5});
    m["partner_types"].as_array_mut().unwrap().push(other);
    let model = model_from(m);
    let a = scenario_from(simple_scenario(10), &model);
    let mut b = simple_scenario(10 + extra);
    b["id"] = json!("more");
    b["name"] = json!("More resellers");
    let b = scenario_from(b, &model);
    let designs = vec![Loaded { model: model.clone(), scenario: a, model_path: None }, Loaded { model, scenario: b, model_path: None }];
    // B − A = extra · (per_partner(w) − 8·cost), linear in w ~ N(mu, sd).
    let slope = extra as f64 * per_partner(1.0);
    (designs, extra as f64 * (per_partner(mu) - 8.0 * cost), slope * sd)
}

#[test]
fn evppi_of_a_linear_payoff_matches_its_closed_form_and_stays_below_evpi() {
    let (designs, m, s) = voi_designs(40, 0.26 * per_partner(1.0) / 8.0);
    let req = VoiRequest { kpi: "net_contribution".into(), trials: 10_000, seed: 17, sampling: Sampling::MonteCarlo };
    let r = value_of_information(&designs, &req, &|_, _| {}, &no_cancel()).unwrap();
    let phi = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let cdf = |z: f64| 0.5 * (1.0 + statrs_erf(z / std::f64::consts::SQRT_2));
    let exact = m * cdf(m / s) + s * phi(m / s) - m.max(0.0);
    let win = r.inputs.iter().find(|v| v.input == "partner_types[0].win_rate").unwrap();
    assert!((win.evppi - exact).abs() < 0.1 * exact, "EVPPI {:.0} against the closed form {exact:.0}", win.evppi);
    assert!(win.beyond_noise);
    for v in &r.inputs {
        assert!(v.evppi >= 0.0 && v.evppi <= r.evpi, "{}: 0 ≤ {} ≤ {}", v.input, v.evppi, r.evpi);
    }
    let unused = r.inputs.iter().find(|v| v.input == "partner_types[1].win_rate").unwrap();
    assert!(unused.evppi <= unused.noise && !unused.beyond_noise, "an input neither design uses is worth {} (noise {})", unused.evppi, unused.noise);
    assert!(unused.evppi < 0.05 * exact);
    // The choice switches where the win rate makes the extra resellers pay: low deciles favour A.
    assert_eq!(win.best_by_decile.first(), Some(&0));
    assert_eq!(win.best_by_decile.last(), Some(&1));
}

/// erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough for a closed form to 10 %.
fn statrs_erf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let y = 1.0 - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t + 0.254_829_592) * t * (-x * x).exp();
    if x >= 0.0 {
        y
    } else {
        -y
    }
}

#[test]
fn value_of_information_refuses_designs_on_different_models() {
    let (mut designs, _, _) = voi_designs(5, 1000.0);
    let other = model_from(simple_model());
    designs[1] = Loaded { scenario: scenario_from(simple_scenario(3), &other), model: other, model_path: None };
    let req = VoiRequest { kpi: "net_contribution".into(), trials: 100, seed: 1, sampling: Sampling::MonteCarlo };
    let e = value_of_information(&designs, &req, &|_, _| {}, &no_cancel()).unwrap_err().to_string();
    assert!(e.contains("different versions of the model") || e.contains("share one market model"), "{e}");
}

#[test]
fn spider_lines_pass_through_the_base_at_the_median() {
    let model = model_from(collab_model(true));
    let scenario = scenario_from(collab_scenario(), &model);
    let r = ecosim_core::analysis::sensitivity::spider(&model, &scenario, "total_revenue", 200, 3, 3, &|_, _| {}, &no_cancel()).unwrap();
    assert_eq!(r.lines.len(), 3);
    for l in &r.lines {
        assert_eq!(l.kpi[3], r.base);
        assert_eq!(l.values.len(), 7);
        assert!(l.values.windows(2).all(|w| w[0] <= w[1]));
    }
    assert!(r.lines.windows(2).all(|w| w[0].range >= w[1].range));
}

#[test]
fn with_many_inputs_revenue_ignores_none_of_them_is_called_a_driver() {
    let mut m = two_input_model();
    m["partner_types"][0]["costs"] = json!({"per_quarter": {"dist": "uniform", "min": 1000, "max": 9000}, "recruit": {"dist": "uniform", "min": 5000, "max": 50000}});
    let mut other = m["partner_types"][0].clone();
    other["id"] = json!("unused");
    other["name"] = json!("Unused reseller");
    other["win_rate"] = json!({"dist": "beta", "alpha": 5, "beta": 5});
    other["capacity"] = json!({"dist": "uniform", "min": 10, "max": 50});
    m["partner_types"].as_array_mut().unwrap().push(other);
    let model = model_from(m);
    assert!(model.inputs.paths.len() >= 6, "{:?}", model.inputs.paths);
    let scenario = scenario_from(simple_scenario(10), &model);
    for seed in [1, 2, 3] {
        let req = DriversRequest { kpi: "total_revenue".into(), tail: Tail::Bottom, share: 0.1, trials: 3000, seed };
        let r = drivers(&model, &scenario, &req, &|_, _| {}, &no_cancel()).unwrap();
        assert_eq!(r.inputs[0].input, "partner_types[0].win_rate", "seed {seed}");
        assert!(r.inputs[0].beyond_noise);
        for i in &r.inputs[1..] {
            assert!(!i.beyond_noise && i.shift.abs() <= i.noise, "seed {seed}: {} shifts {} against noise {}", i.input, i.shift, i.noise);
        }
    }
}
