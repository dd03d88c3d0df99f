//! Partner programs and network effects (MODEL.md, "Programs and network effects").
//!
//! Closed forms where the answer is known (Poisson organic recruits, churn of partners that earn
//! nothing), invariances (a program at level 0, or with no effects, changes nothing), and the
//! dials an analyst would turn to their limit looking for free money (a program's level).

use ecosim_core::engine::trial::K_TOTAL;
use ecosim_core::engine::{run_simple, Counterfactuals, RunOptions, RunResult};
use ecosim_core::model::{load_scenario, Model, Sampling, Scenario};
use ecosim_core::output::RunReport;
use ecosim_core::stats::Summary;
use ecosim_tests::*;
use serde_json::{json, Value};

fn opts(trials: u64, seed: u64, cf: Counterfactuals) -> RunOptions {
    RunOptions { trials, seed, sampling: Sampling::MonteCarlo, threads: None, counterfactuals: cf, pattern_trials: trials, design: None, precision: None, breakdowns: true, keep_trials: true }
}

fn run(model: &Model, scenario: &Scenario, trials: u64, cf: Counterfactuals) -> (RunResult, RunReport) {
    let r = run_simple(model, scenario, &opts(trials, 9, cf)).unwrap();
    let rep = RunReport::new(model, scenario, &r);
    (r, rep)
}

/// The collaboration test market with two programs (one of them tiered and uncertain) added.
fn model_with_programs(effects: bool) -> Value {
    let mut m = collab_model(true);
    let e = |v: f64| if effects { v } else { 0.0 };
    m["programs"] = json!([
        {"id": "enable", "name": "Reseller enablement", "kind": "enablement", "partner_types": ["reseller", "si"],
         "cost_per_partner_per_quarter": 2000, "half_effect_level": 1.0,
         "effects": {"win_uplift": e(0.3), "ramp_speedup": e(0.5)}},
        {"id": "mdf", "name": "Market development funds", "kind": "mdf", "partner_types": ["reseller"],
         "cost_per_partner_per_quarter": {"dist": "triangular", "min": 2000, "mode": 3000, "max": 5000}, "half_effect_level": 2.0, "top_share": 0.5,
         "effects": {"buy_rate_uplift": e(0.6)}},
        {"id": "rebate", "name": "Rebates", "kind": "incentive", "partner_types": ["reseller", "referral_partner"],
         "cost_per_partner_per_quarter": 500, "effects": {"churn_reduction": e(0.5), "discount_change": e(0.05)}}
    ]);
    m
}

#[test]
fn a_program_at_level_zero_changes_nothing_bit_for_bit() {
    let plain = model_from(collab_model(true));
    let with = model_from(model_with_programs(true));
    let s_plain = scenario_from(collab_scenario(), &plain);
    let mut sv = collab_scenario();
    sv["programs"] = json!({"enable": 0.0, "mdf": 0, "rebate": 0});
    let s_zero = scenario_from(sv, &with);
    let (a, ra) = run(&plain, &s_plain, 300, Counterfactuals::PerPattern);
    let (b, rb) = run(&with, &s_zero, 300, Counterfactuals::PerPattern);
    for (k, (x, y)) in a.kpis.iter().zip(&b.kpis).enumerate() {
        let differ = x.iter().zip(y).filter(|(u, v)| u.to_bits() != v.to_bits()).count();
        let first = x.iter().zip(y).position(|(u, v)| u.to_bits() != v.to_bits());
        assert_eq!(differ, 0, "KPI {} differs in {differ} trials, first {:?}", ecosim_core::engine::KPI_NAMES[k], first.map(|i| (i, x[i], y[i])));
    }
    assert!(rb.by_program.is_empty());
    let strip = |r: &RunReport| {
        let mut v = serde_json::to_value(r).unwrap();
        v["wall_seconds"] = json!(0);
        v["uncertain_inputs"] = json!([]);
        v
    };
    assert_eq!(strip(&ra), strip(&rb), "and so is everything the run reports");
}

#[test]
fn a_program_with_no_effects_adds_exactly_nothing_and_costs_what_it_says() {
    let model = model_from(model_with_programs(false));
    let mut sv = collab_scenario();
    sv["programs"] = json!({"enable": 2.0, "mdf": 1.0, "rebate": 3.0});
    let s = scenario_from(sv, &model);
    let (_, rep) = run(&model, &s, 200, Counterfactuals::PerPattern);
    assert_eq!(rep.by_program.len(), 3);
    for p in &rep.by_program {
        let a = p.revenue_added;
        assert_eq!((a.min, a.max, a.mean), (0.0, 0.0, 0.0), "{}: a program that does nothing adds nothing", p.program);
        assert!(p.revenue_added_by_quarter.iter().all(|q| q.min == 0.0 && q.max == 0.0));
        assert!(p.cost.mean > 0.0 && p.roi == Some(-1.0), "{}: it still costs ({:?}, ROI {:?})", p.program, p.cost.mean, p.roi);
    }
    // Enablement reaches resellers and SIs: 2,000 × level 2 per active partner per quarter.
    let plain = model_from(collab_model(true));
    let (base, _) = run(&plain, &scenario_from(collab_scenario(), &plain), 200, Counterfactuals::Off);
    let enable = &rep.by_program[0];
    let partner_quarters: f64 = (0..8)
        .map(|q| {
            let types = |t: &str| rep.by_partner_type.iter().find(|x| x.partner_type == t).unwrap().active_partners_by_quarter[q].mean;
            types("reseller") + types("si")
        })
        .sum();
    // Active partners are counted at the end of a quarter and costs during it, so the two
    // differ by the quarter's churn: within a few percent.
    let expected = 4000.0 * partner_quarters;
    assert!((enable.cost.mean / expected - 1.0).abs() < 0.05, "enablement cost {:.0}, expected about {expected:.0}", enable.cost.mean);
    let _ = base;
}

#[test]
fn a_tiered_program_reaches_only_its_top_share() {
    // Two identical programs but for the tier: the tiered one costs about half.
    let mut m = model_with_programs(true);
    m["programs"][1]["top_share"] = json!(1.0);
    m["programs"].as_array_mut().unwrap().push(json!(
        {"id": "mdf_top", "name": "MDF, top half", "kind": "mdf", "partner_types": ["reseller"],
         "cost_per_partner_per_quarter": 3000, "half_effect_level": 2.0, "top_share": 0.5, "effects": {"buy_rate_uplift": 0.6}}));
    m["programs"][1]["cost_per_partner_per_quarter"] = json!(3000);
    let model = model_from(m);
    let mut sv = collab_scenario();
    sv["programs"] = json!({"mdf": 1.0, "mdf_top": 1.0});
    let s = scenario_from(sv, &model);
    let (_, rep) = run(&model, &s, 300, Counterfactuals::PerPattern);
    let (all, top) = (&rep.by_program[0], &rep.by_program[1]);
    let ratio = top.cost.mean / all.cost.mean;
    assert!((0.4..0.6).contains(&ratio), "the top half of resellers cost {ratio:.2} of all of them");
    // The top half by productivity brings more than half the revenue the whole type would.
    assert!(top.revenue_added.mean > 0.5 * all.revenue_added.mean, "top {:.0} vs all {:.0}", top.revenue_added.mean, all.revenue_added.mean);
}

#[test]
fn every_shipped_program_has_diminishing_returns_in_its_level() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/balanced-ecosystem.json");
    let base = load_scenario(&path, None).unwrap();
    assert!(!base.model.programs.is_empty(), "the shipped model has programs");
    let trials = 300;
    for program in &base.model.programs {
        let revenue: Vec<Vec<f64>> = [0.0, 0.5, 1.0, 2.0, 4.0, 8.0]
            .iter()
            .map(|&x| {
                let mut doc = base.scenario.doc.clone();
                doc.programs.insert(program.id.clone(), x);
                let s = Scenario::from_doc(doc, &base.model).unwrap();
                run_simple(&base.model, &s, &opts(trials, 17, Counterfactuals::Off)).unwrap().kpis[K_TOTAL].clone()
            })
            .collect();
        let step: Vec<Vec<f64>> = revenue.windows(2).map(|w| w[1].iter().zip(&w[0]).map(|(b, a)| b - a).collect()).collect();
        let means: Vec<String> = step.iter().map(|d| format!("{:.0}", Summary::of(d).mean)).collect();
        for i in 1..step.len() {
            let diff: Vec<f64> = step[i].iter().zip(&step[i - 1]).map(|(b, a)| b - a).collect();
            let s = Summary::of(&diff);
            assert!(
                s.mean <= 3.0 * s.std_error + 1e-6,
                "{}: doubling its level (step {i}) adds more than the doubling before (steps {}; +{:.0} ± {:.0})",
                program.id,
                means.join(", "),
                s.mean,
                s.std_error
            );
        }
    }
}

/// One segment, one region, one partner type (MSPs on subscriptions), with network parameters.
fn network_world(organic: Value, elasticity: f64, driver: &str, cap: u32, min_earnings: f64, kind: &str) -> Value {
    let revenue_model = if kind == "technology_partner" { json!({"type": "influence"}) } else { json!({"type": "resale", "discount": 0.2}) };
    json!({
        "schema_version": 2, "id": "net", "name": "Network test market", "currency": "USD",
        "market": {
            "segments": [{"id": "mid", "name": "Mid-market", "deal_size": {"median": 40000, "p90": 90000}, "buy_rate": 0.08, "customer_churn_per_quarter": 0.0}],
            "regions": [{"id": "na", "name": "North America"}, {"id": "emea", "name": "EMEA"}],
            "accounts": {"mid": {"na": 20000, "emea": 20000}}
        },
        "partner_types": [
            {"id": "p", "name": "Partner", "kind": kind, "reach": {"segments": ["mid"], "scope": "home_region"},
             "capacity": 30, "win_rate": if kind == "technology_partner" { 0.0 } else { 0.25 }, "revenue_model": revenue_model,
             "churn_per_quarter": 0.1, "collaboration_capacity": 5}
        ],
        "churn_drivers": {"idle_multiplier": 1.0, "conflict_multiplier": 1.0},
        "network": {"unprofitable_multiplier": 3.0, "partner_types": {
            "p": {"min_earnings_per_quarter": min_earnings, "organic_per_quarter": organic, "driver": driver,
                  "reference": 100, "elasticity": elasticity, "organic_max_per_quarter": cap}
        }}
    })
}

fn network_scenario(partners: u32, horizon: u32) -> Value {
    json!({
        "schema_version": 2, "id": "ns", "name": "Network scenario", "model": "net",
        "composition": {"p": {"na": partners, "emea": partners}}, "horizon_quarters": horizon,
        "simulation": {"trials": 2000, "seed": 3}
    })
}

#[test]
fn with_elasticity_zero_organic_recruits_are_poisson_with_the_stated_mean() {
    let model = model_from(network_world(json!(1.5), 0.0, "installed_base", 40, 0.0, "msp"));
    let s = scenario_from(network_scenario(5, 8), &model);
    let (_, rep) = run(&model, &s, 4000, Counterfactuals::Off);
    let net = rep.by_partner_type[0].network.as_ref().unwrap();
    // Two regions, 1.5 a region and quarter: Poisson(3) a quarter, Poisson(24) over 8.
    for (q, x) in net.organic_recruits_by_quarter.iter().enumerate() {
        assert!((x.mean - 3.0).abs() < 4.0 * (3.0f64 / 4000.0).sqrt(), "Q{}: mean {:.3}", q + 1, x.mean);
        assert!((x.std_dev.powi(2) / 3.0 - 1.0).abs() < 0.1, "Q{}: variance {:.3} (Poisson: the mean)", q + 1, x.std_dev.powi(2));
    }
    let total = net.organic_recruits;
    assert!((total.mean - 24.0).abs() < 4.0 * (24.0f64 / 4000.0).sqrt(), "over the horizon: {:.3}", total.mean);
    assert!((total.std_dev.powi(2) / 24.0 - 1.0).abs() < 0.1);
    // Organic partners are partners: they are active and they sell.
    let last = net.organic_active_by_quarter.last().unwrap().mean;
    assert!(last > 10.0, "organic partners active at the end: {last:.1}");
}

#[test]
fn organic_recruits_follow_a_growing_installed_base_and_never_pass_the_cap() {
    let cap = 3;
    let model = model_from(network_world(json!(1.0), 1.0, "installed_base", cap, 0.0, "msp"));
    let s = scenario_from(network_scenario(20, 12), &model);
    let (r, rep) = run(&model, &s, 1000, Counterfactuals::Off);
    let net = rep.by_partner_type[0].network.as_ref().unwrap();
    let means: Vec<f64> = net.organic_recruits_by_quarter.iter().map(|x| x.mean).collect();
    assert_eq!(means[0], 0.0, "no customers yet, so no organic recruits in the first quarter");
    for w in means.windows(2).skip(1) {
        assert!(w[1] >= w[0] - 0.05, "organic recruits rise as the installed base grows: {means:?}");
    }
    assert!(means[11] > means[3] + 0.5, "{means:?}");
    // The cap holds in every trial and quarter: 3 a region, two regions.
    for (q, x) in net.organic_recruits_by_quarter.iter().enumerate() {
        assert!(x.max <= (2 * cap) as f64, "Q{}: {} organic recruits, cap {}", q + 1, x.max, 2 * cap);
    }
    let l = &r.layout;
    for t in 0..r.kpis[0].len() {
        let _ = t;
    }
    assert!(l.network);
}

#[test]
fn with_peer_earnings_a_profitable_type_attracts_and_a_starved_one_does_not() {
    let paid = model_from(network_world(json!(1.0), 1.0, "peer_earnings", 5, 0.0, "msp"));
    let (_, rep) = run(&paid, &scenario_from(network_scenario(10, 8), &paid), 500, Counterfactuals::Off);
    let starving = model_from(network_world(json!(1.0), 1.0, "peer_earnings", 5, 0.0, "technology_partner"));
    let (_, rep0) = run(&starving, &scenario_from(network_scenario(10, 8), &starving), 500, Counterfactuals::Off);
    let organic = |r: &RunReport| r.by_partner_type[0].network.as_ref().unwrap().organic_recruits.mean;
    assert!(organic(&rep) > 5.0, "MSPs that earn attract peers: {:.2}", organic(&rep));
    assert_eq!(organic(&rep0), 0.0, "technology partners here earn nothing and attract nobody");
}

#[test]
fn a_type_whose_partners_earn_nothing_churns_at_base_times_multiplier_after_two_quarters() {
    // Technology partners transact nothing and no pattern pays them: earnings 0 every quarter.
    let model = model_from(network_world(json!(0), 0.0, "installed_base", 0, 1.0, "technology_partner"));
    let n = 200.0;
    let s = scenario_from(network_scenario(100, 6), &model);
    let (_, rep) = run(&model, &s, 2000, Counterfactuals::Off);
    let t = &rep.by_partner_type[0];
    let (b, m) = (0.1f64, 3.0f64);
    for q in 0..6 {
        // Quarter 1: one quarter below the floor, base churn; from quarter 2 on, × 3.
        let expected = n * (1.0 - b) * (1.0 - b * m).powi(q as i32);
        let got = t.active_partners_by_quarter[q];
        assert!((got.mean - expected).abs() < 4.0 * got.std_error + 0.05, "Q{}: {:.2} active, closed form {expected:.2}", q + 1, got.mean);
    }
    let net = t.network.as_ref().unwrap();
    // Every churn from quarter 2 on is an unprofitable one; in quarter 1 none is yet.
    assert_eq!(net.unprofitable_churn_by_quarter[0].max, 0.0);
    for q in 1..6 {
        assert_eq!(net.unprofitable_churn_by_quarter[q].mean, net.churned_by_quarter[q].mean);
    }
    assert_eq!(net.earnings_p90.max, 0.0);
}

#[test]
fn partners_earn_their_discount_on_what_they_sell() {
    // One-time revenue: a reseller's earnings in a quarter are its discount on the list value
    // of the deals it won; the vendor's revenue is the rest.
    let mut m = network_world(json!(0), 0.0, "installed_base", 0, 0.0, "reseller");
    m["revenue_recognition"] = json!("one_time");
    m["partner_types"][0]["churn_per_quarter"] = json!(0.0);
    let model = model_from(m);
    let s = scenario_from(network_scenario(1, 4), &model);
    let (r, rep) = run(&model, &s, 3000, Counterfactuals::Off);
    let net = rep.by_partner_type[0].network.as_ref().unwrap();
    // Two partners: the mean of their median earnings ≈ the mean earnings per partner-quarter,
    // which is 0.2 / 0.8 of the vendor's revenue per partner-quarter.
    let vendor_per_partner_quarter = Summary::of(&r.kpis[K_TOTAL]).mean / 8.0;
    let expected = vendor_per_partner_quarter * 0.2 / 0.8;
    let p50: f64 = net.earnings_p50_by_quarter.iter().map(|x| x.mean).sum::<f64>() / 4.0;
    assert!((p50 / expected - 1.0).abs() < 0.05, "median of two partners' earnings {p50:.0}, expected about {expected:.0}");
}

#[test]
fn program_and_network_fields_are_checked_with_the_path_and_the_rule() {
    let mut m = model_with_programs(true);
    m["programs"][0]["half_effect_level"] = json!(0);
    m["programs"][1]["top_share"] = json!(1.5);
    m["programs"][0]["effects"]["discount_change"] = json!(0.1);
    m["programs"][2]["partner_types"] = json!(["nobody"]);
    m["programs"][1]["effects"]["buy_rate_uplift"] = json!(-0.2);
    m["network"] = json!({"unprofitable_multiplier": 0.5, "partner_types": {
        "reseller": {"organic_per_quarter": 2, "reference": 0, "elasticity": 5},
        "ghost": {}
    }});
    let doc: ecosim_core::model::MarketModelDoc = serde_json::from_value(m).unwrap();
    let err = Model::from_doc(doc).unwrap_err().to_string();
    for needle in [
        "programs[0].half_effect_level: must be greater than 0",
        "programs[1].top_share: must be greater than 0 and at most 1",
        "programs[0].effects.discount_change: applies only to an incentive program",
        "programs[2].partner_types[0]: unknown partner type \"nobody\"",
        "programs[1].effects.buy_rate_uplift: must be between 0 and 10",
        "network.unprofitable_multiplier: must be between 1 and 20",
        "network.partner_types.reseller.reference: must be greater than 0",
        "network.partner_types.reseller.elasticity: must be between 0 and 3",
        "network.partner_types.reseller.organic_max_per_quarter: is missing or 0",
        "network.partner_types.ghost: unknown partner type \"ghost\"",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    let model = model_from(model_with_programs(true));
    let mut sv = collab_scenario();
    sv["programs"] = json!({"enable": 101, "nothing": 1});
    let doc: ecosim_core::model::ScenarioDoc = serde_json::from_value(sv).unwrap();
    let err = Scenario::from_doc(doc, &model).unwrap_err().to_string();
    assert!(err.contains("programs.enable: level must be between 0 and 100, got 101"), "{err}");
    assert!(err.contains("programs.nothing: unknown program \"nothing\"; the model's programs are \"enable\", \"mdf\", \"rebate\""), "{err}");
}

#[test]
fn the_optimiser_allocates_a_program_budget_evenly_at_the_margin_and_never_funds_a_useless_program() {
    use ecosim_core::analysis::optimize::{optimize, Objective, OptimizeRequest};
    let mut m = collab_model(true);
    m["programs"] = json!([
        {"id": "enable", "name": "Enablement", "kind": "enablement", "partner_types": ["reseller", "si"],
         "cost_per_partner_per_quarter": 200, "half_effect_level": 1.0, "effects": {"win_uplift": 0.3}},
        {"id": "mdf", "name": "MDF", "kind": "mdf", "partner_types": ["reseller"],
         "cost_per_partner_per_quarter": 300, "half_effect_level": 2.0, "effects": {"buy_rate_uplift": 0.6}},
        {"id": "useless", "name": "A program that does nothing", "kind": "incentive", "partner_types": ["reseller"],
         "cost_per_partner_per_quarter": 50}
    ]);
    let model = model_from(m);
    let scenario = scenario_from(collab_scenario(), &model);
    let mut req = OptimizeRequest::new(1e12, Objective::ExpectedNetContribution, 21);
    req.composition = false;
    req.patterns = false;
    req.programs = true;
    req.program_budget = Some(250_000.0);
    req.trials = 400;
    req.final_trials = 400;
    req.max_evaluations = 160;
    let r = optimize(&model, &scenario, &req, &|_, _| {}, &std::sync::atomic::AtomicBool::new(false)).unwrap();
    let levels = &r.recommended.programs;
    assert!(!levels.contains_key("useless"), "a program whose effects are 0 is never funded: {levels:?}");
    assert!(r.best_fresh.program_cost <= 250_000.0 * 1.02, "within the program budget: {}", r.best_fresh.program_cost);
    let funded: Vec<(&String, f64)> = levels.iter().map(|(k, &v)| (k, v)).collect();
    assert_eq!(funded.len(), 2, "both programs that work are funded: {levels:?}");
    // Marginal revenue per dollar at the recommendation, on common random numbers.
    let at = |program: &str, level: f64| {
        let mut doc = r.recommended.clone();
        doc.programs.insert(program.to_string(), level);
        let s = Scenario::from_doc(doc, &model).unwrap();
        let run = run_simple(&model, &s, &opts(3000, 77, Counterfactuals::Off)).unwrap();
        let l = &run.layout;
        let revenue = Summary::of(&run.kpis[K_TOTAL]).mean;
        let i = run.programs.iter().position(|&k| model.programs[k].id == program).unwrap();
        (revenue, run.series(l.program_cost(i)).mean)
    };
    let margins: Vec<f64> = funded
        .iter()
        .map(|&(k, v)| {
            let (lo, hi) = (at(k, (v - 0.25).max(0.125)), at(k, v + 0.25));
            (hi.0 - lo.0) / (hi.1 - lo.1)
        })
        .collect();
    let ratio = margins[0].max(margins[1]) / margins[0].min(margins[1]);
    eprintln!("levels {levels:?}, marginal revenue per dollar {margins:?}, ratio {ratio:.2}");
    assert!(margins.iter().all(|&x| x > 0.0), "{margins:?}");
    assert!(ratio < 2.0, "marginal revenue per dollar {margins:?} at levels {levels:?}: within the search's noise of each other");
}
