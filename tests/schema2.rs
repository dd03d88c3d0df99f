//! Schema 2's physics (MODEL.md): subscriptions, and flows bounded by someone's capacity.
//!
//! Each test builds a small world where the answer is known — a closed form, a ceiling that
//! no dial may break, or a quantity that must not move — and checks the engine against it
//! with a fixed seed. The "cannot be gamed" tests turn one dial to its limit, as an analyst
//! looking for a loophole would.

use ecosim_tests::*;
use ecosim_core::engine::trial::{K_TOTAL, N_KPI};
use ecosim_core::engine::{run_simple, Counterfactuals, RunOptions, RunResult};
use ecosim_core::model::{load_scenario, Model, Sampling, Scenario};
use ecosim_core::output::RunReport;
use ecosim_core::stats::Summary;
use serde_json::{json, Value};

fn opts(trials: u64, seed: u64, cf: Counterfactuals) -> RunOptions {
    RunOptions { trials, seed, sampling: Sampling::MonteCarlo, threads: None, counterfactuals: cf, pattern_trials: trials, design: None, precision: None, breakdowns: true, keep_trials: true }
}

fn run(model: &Model, scenario: &Scenario, trials: u64, seed: u64) -> (RunResult, RunReport) {
    let r = run_simple(model, scenario, &opts(trials, seed, Counterfactuals::Off)).unwrap();
    let rep = RunReport::new(model, scenario, &r);
    (r, rep)
}

fn lognormal_mean(median: f64, p90: f64) -> f64 {
    let sigma = (p90 / median).ln() / ecosim_core::model::param::Z90;
    median * (0.5 * sigma * sigma).exp()
}

/// One segment, one region: resellers, referral partners, one SI, a marketplace, with every
/// dial exposed. Schema 2, one-time revenue unless `subscription`.
fn world(accounts: f64, subscription: bool, churn: f64, overlap: f64) -> Value {
    json!({
        "schema_version": 2,
        "id": "world",
        "name": "Schema 2 test market",
        "currency": "USD",
        "revenue_recognition": if subscription { "subscription" } else { "one_time" },
        "market": {
            "segments": [{"id": "mid", "name": "Mid-market", "deal_size": {"median": 40000, "p90": 90000}, "buy_rate": 0.08,
                          "customer_churn_per_quarter": churn}],
            "regions": [{"id": "na", "name": "North America"}],
            "accounts": {"mid": {"na": accounts}},
            "marketplace_buyers": {"market": {"mid": 0.2}}
        },
        "partner_types": [
            {"id": "reseller", "name": "Reseller", "kind": "reseller", "reach": {"segments": ["mid"], "scope": "home_region"},
             "capacity": 30, "win_rate": 0.25, "revenue_model": {"type": "resale", "discount": 0.3}},
            {"id": "referrer", "name": "Referral partner", "kind": "referral_partner", "reach": {"segments": ["mid"], "scope": "home_region"},
             "capacity": 20, "win_rate": 0.1, "revenue_model": {"type": "referral", "fee": 0.1}},
            {"id": "tech", "name": "Technology partner", "kind": "technology_partner", "reach": {"segments": ["mid"], "scope": "home_region"},
             "capacity": 20, "win_rate": 0, "revenue_model": {"type": "influence"}},
            {"id": "si", "name": "System integrator", "kind": "system_integrator", "reach": {"segments": ["mid"], "scope": "home_region"},
             "capacity": 10, "win_rate": 0.3, "revenue_model": {"type": "referral", "fee": 0.1}, "collaboration_capacity": 5},
            {"id": "market", "name": "Marketplace", "kind": "marketplace", "reach": {"segments": ["mid"], "scope": "home_region"},
             "capacity": 0, "win_rate": 0.2, "revenue_model": {"type": "marketplace", "fee": 0.03}}
        ],
        "patterns": [
            {"id": "refer", "name": "Referrals to resellers", "kind": "referral", "from": "referrer", "to": "reseller",
             "links_per_partner": 1, "scope": "same_region", "effects": {"referrals_per_link": 1.0, "fee": 0.05}},
            {"id": "tech_refer", "name": "Tech partners refer to resellers", "kind": "referral", "from": "tech", "to": "reseller",
             "links_per_partner": 1, "scope": "same_region", "effects": {"referrals_per_link": 1.0}},
            {"id": "cosell", "name": "Reseller–SI co-sell", "kind": "co_sell", "from": "reseller", "to": "si",
             "links_per_partner": 1, "scope": "same_region", "effects": {"attach_rate": 0.5, "win_uplift": 0.4, "deal_size_uplift": 0.2}}
        ],
        "conflict": {"partner_overlap_rate": overlap, "direct_rate": 0, "loss_share": 1.0}
    })
}

fn scenario(composition: Value, patterns: Value, horizon: u32) -> Value {
    json!({
        "schema_version": 2, "id": "s", "name": "Scenario", "model": "world",
        "composition": composition, "patterns": patterns, "horizon_quarters": horizon,
        "simulation": {"trials": 1000, "seed": 5}
    })
}

fn source_mean(rep: &RunReport, source: &str) -> Summary {
    rep.by_source.iter().find(|s| s.source.id() == source).unwrap().revenue
}

// --- Property 7: subscriptions -----------------------------------------------------------------

#[test]
fn with_no_churn_each_win_earns_acv_times_remaining_quarters_over_four() {
    let model = model_from(world(1e6, true, 0.0, 0.0));
    let h = 10;
    let s = scenario_from(scenario(json!({"reseller": {"na": 10}}), json!({}), h), &model);
    let (_, rep) = run(&model, &s, 1000, 3);
    // Revenue over the horizon = Σ_q bookings_q × (H − q) / 4 (q 1-based), exactly, in every
    // trial and so in the means.
    let expected: f64 = rep.by_quarter.iter().map(|q| q.bookings.mean * (h - q.quarter) as f64 / 4.0).sum();
    let got = rep.kpis.total_revenue.mean;
    assert!((got - expected).abs() <= 1e-9 * expected, "revenue {got} vs bookings-implied {expected}");
    // Nothing is recognised in the quarter of the first wins.
    assert_eq!(rep.by_quarter[0].revenue.mean, 0.0);
    // ARR at the end is four times the next quarter's run rate of every customer won.
    let acv: f64 = rep.by_quarter.iter().map(|q| q.bookings.mean).sum();
    assert!((rep.kpis.arr_final.mean - acv).abs() <= 1e-9 * acv, "ARR {} vs ACV won {acv}", rep.kpis.arr_final.mean);
}

#[test]
fn a_cohort_decays_by_one_minus_churn_a_quarter() {
    let c = 0.12;
    let mut m = world(1e6, true, c, 0.0);
    // Partners leave after the first quarter: one cohort of customers.
    m["partner_types"][0]["churn_per_quarter"] = json!(1.0);
    let model = model_from(m);
    let s = scenario_from(scenario(json!({"reseller": {"na": 40}}), json!({}), 8), &model);
    let (_, rep) = run(&model, &s, 4000, 8);
    let first = rep.by_quarter[0].bookings.mean / 4.0;
    for q in 1..8 {
        let expected = first * (1.0 - c).powi(q as i32 - 1);
        let got = &rep.by_quarter[q].revenue;
        let z = (got.mean - expected) / got.std_error.max(1e-9);
        assert!(z.abs() < 4.0, "quarter {}: {:.0} vs {expected:.0} (z = {z:.2})", q + 1, got.mean);
    }
    // And the cohort's net revenue retention is (1 − c)^4.
    let nrr = rep.kpis.net_revenue_retention.expect("defined over eight quarters");
    assert!((nrr.mean - (1.0 - c).powi(4)).abs() < 4.0 * nrr.std_error + 0.01, "NRR {:.3} vs {:.3}", nrr.mean, (1.0 - c).powi(4));
}

#[test]
fn one_time_models_have_no_arr_and_no_retention() {
    let model = model_from(world(1e6, false, 0.1, 0.0));
    let s = scenario_from(scenario(json!({"reseller": {"na": 10}}), json!({}), 8), &model);
    let (_, rep) = run(&model, &s, 200, 1);
    assert_eq!(rep.kpis.arr_final.max, 0.0);
    assert!(rep.kpis.net_revenue_retention.is_none());
    assert!((rep.kpis.total_revenue.mean - rep.kpis.bookings.mean).abs() < 1e-6 * rep.kpis.bookings.mean);
}

// --- Property 4 and the saturated cell ------------------------------------------------------

/// The most a cell of `accounts` can earn over `quarters`, one-time, with resellers, referral
/// partners and technology partners (no co-sell): every prospect worked gives opportunities
/// at the buy rate, each worth at most the best win rate × share kept of any partner who can
/// close it (a reseller's 0.25 × 0.7; a referral partner's own 0.1 × 0.9 is less).
fn ceiling(accounts: f64, quarters: f64) -> f64 {
    accounts * 0.08 * (0.25 * 0.7f64).max(0.1 * 0.9) * lognormal_mean(40_000.0, 90_000.0) * quarters
}

#[test]
fn a_saturated_cell_stays_under_its_ceiling_whatever_referrers_and_intensity() {
    let accounts = 1000.0;
    let model = model_from(world(accounts, false, 0.0, 0.0));
    let cap = ceiling(accounts, 8.0);
    let mut last = 0.0;
    for (referrers, techs, intensity) in [(0, 0, 0.0), (10, 10, 1.0), (40, 40, 1.0), (40, 40, 4.0), (40, 40, 8.0), (200, 200, 10.0)] {
        let s = scenario_from(
            scenario(json!({"reseller": {"na": 60}, "referrer": {"na": referrers}, "tech": {"na": techs}}), json!({"refer": intensity, "tech_refer": intensity}), 8),
            &model,
        );
        let (_, rep) = run(&model, &s, 400, 21);
        let t = rep.kpis.total_revenue;
        assert!(t.mean <= cap + 4.0 * t.std_error, "{referrers} referrers at {intensity}: {:.0} above the cell's ceiling {cap:.0}", t.mean);
        last = t.mean;
    }
    // 60 resellers already want twice the cell: the extra partners add little.
    let s = scenario_from(scenario(json!({"reseller": {"na": 60}}), json!({}), 8), &model);
    let (_, base) = run(&model, &s, 400, 21);
    assert!(last < 1.25 * base.kpis.total_revenue.mean, "400 extra referrers took revenue from {:.0} to {last:.0}", base.kpis.total_revenue.mean);
}

#[test]
fn in_an_empty_cell_partners_raise_revenue_in_proportion() {
    let model = model_from(world(1e6, false, 0.0, 0.0));
    let mean = |n: u32| {
        let s = scenario_from(scenario(json!({"reseller": {"na": n}}), json!({}), 4), &model);
        run(&model, &s, 2000, 4).1.kpis.total_revenue
    };
    let (a, b) = (mean(10), mean(20));
    let z = (b.mean - 2.0 * a.mean) / (b.std_error.powi(2) + 4.0 * a.std_error.powi(2)).sqrt();
    assert!(z.abs() < 4.0, "20 partners {:.0} vs twice 10 partners {:.0} (z = {z:.2})", b.mean, 2.0 * a.mean);
}

// --- Property 6: bounded flows ------------------------------------------------------------------

#[test]
fn doubling_referral_intensity_less_than_doubles_referral_revenue_once_receivers_are_busy() {
    let model = model_from(world(20_000.0, false, 0.0, 0.0));
    let referred = |x: f64| {
        let s = scenario_from(scenario(json!({"reseller": {"na": 10}, "referrer": {"na": 40}}), json!({"refer": x}), 8), &model);
        source_mean(&run(&model, &s, 1000, 12).1, "referral_sourced").mean
    };
    let (r1, r2, r4, r8) = (referred(1.0), referred(2.0), referred(4.0), referred(8.0));
    assert!(r1 > 0.0);
    assert!(r2 < 2.0 * r1 && r4 < 2.0 * r2 && r8 < 2.0 * r4, "referral revenue at 1, 2, 4, 8: {r1:.0} {r2:.0} {r4:.0} {r8:.0}");
    // Busy receivers: ten resellers cannot take what forty referrers at intensity 8 ask.
    let s = scenario_from(scenario(json!({"reseller": {"na": 10}, "referrer": {"na": 40}}), json!({"refer": 8.0}), 8), &model);
    assert!(run(&model, &s, 300, 12).1.kpis.referrals_unserved.mean > 0.0);
}

#[test]
fn further_listings_of_one_marketplace_add_no_marketplace_demand() {
    let model = model_from(world(50_000.0, false, 0.0, 0.0));
    let demand = |n: u32| {
        let s = scenario_from(scenario(json!({"market": {"na": n}}), json!({}), 8), &model);
        source_mean(&run(&model, &s, 3000, 30 + n as u64).1, "marketplace")
    };
    let one = demand(1);
    assert!(one.mean > 0.0);
    for n in [2, 3, 4] {
        let more = demand(n);
        let z = (more.mean - one.mean) / (more.std_error.powi(2) + one.std_error.powi(2)).sqrt();
        assert!(z.abs() < 4.0, "{n} listings: {:.0} vs one listing {:.0} (z = {z:.2})", more.mean, one.mean);
    }
    // A listing's demand is the cell's marketplace buyers: prospects × share × buy rate.
    let expected = 50_000.0 * 0.2 * 0.08 * 0.2 * lognormal_mean(40_000.0, 90_000.0) * 0.97 * 8.0;
    let z = (one.mean - expected) / one.std_error;
    assert!(z.abs() < 4.0, "one listing {:.0} vs closed form {expected:.0} (z = {z:.2})", one.mean);
}

#[test]
fn conflict_losses_keep_rising_past_saturation() {
    // Both designs saturate the cell, so they see the same opportunities; crowding differs 4×.
    let accounts = 600.0;
    let model = model_from(world(accounts, false, 0.0, 0.3));
    let lost = |resellers: u32| {
        let s = scenario_from(scenario(json!({"reseller": {"na": resellers}}), json!({}), 6), &model);
        let rep = run(&model, &s, 1000, 77).1;
        let lost: f64 = rep.by_quarter.iter().map(|q| q.opportunities_lost_to_conflict.mean).sum();
        (lost, rep.kpis.total_revenue.mean)
    };
    // 2× and 8× crowding: 40 and 160 resellers of capacity 30 in 600 accounts.
    let (l2, r2) = lost(40);
    let (l8, r8) = lost(160);
    assert!(l8 > 1.3 * l2, "conflict losses at 2× {l2:.1} and 8× {l8:.1} crowding");
    assert!(r8 < r2, "more crowding must not earn more: {r2:.0} at 2×, {r8:.0} at 8×");
}

#[test]
fn one_receiver_linked_to_two_hundred_resellers_supports_only_its_capacity() {
    let model = model_from(world(1e6, false, 0.0, 0.0));
    let influenced = |resellers: u32| {
        let s = scenario_from(scenario(json!({"reseller": {"na": resellers}, "si": {"na": 1}}), json!({"cosell": 1.0}), 8), &model);
        source_mean(&run(&model, &s, 500, 9).1, "collaboration_influenced")
    };
    // At most 5 collaborative deals a quarter, each won at 0.25 × 1.4, at 1.2 × the deal size.
    let bound = 5.0 * 0.25 * 1.4 * lognormal_mean(40_000.0, 90_000.0) * 1.2 * 0.7 * 8.0;
    let many = influenced(200);
    assert!(many.mean <= bound + 4.0 * many.std_error, "200 resellers: {:.0} collaborative revenue above the SI's capacity {bound:.0}", many.mean);
    let few = influenced(20);
    assert!(many.mean < 1.1 * few.mean + 4.0 * few.std_error, "200 resellers {:.0} vs 20 resellers {:.0}", many.mean, few.mean);
}

// --- Property 3 with enablers: credit does not leak into the counterfactual ----------------------

#[test]
fn zero_effects_mean_zero_inter_partner_value_in_schema_2_too() {
    let mut m = world(5000.0, true, 0.03, 0.2);
    for p in m["patterns"].as_array_mut().unwrap() {
        for v in p["effects"].as_object_mut().unwrap().values_mut() {
            *v = json!(0.0);
        }
    }
    let model = model_from(m);
    let s = scenario_from(
        scenario(json!({"reseller": {"na": 20}, "referrer": {"na": 10}, "tech": {"na": 5}, "si": {"na": 2}}), json!({"refer": 1.0, "tech_refer": 1.0, "cosell": 1.0}), 8),
        &model,
    );
    let r = run_simple(&model, &s, &opts(300, 4, Counterfactuals::PerPattern)).unwrap();
    assert!(r.kpis[ecosim_core::engine::trial::K_INTER].iter().all(|&v| v == 0.0));
}

// --- Honest headline ratios ----------------------------------------------------------------------

#[test]
fn the_ecosystem_multiplier_is_a_ratio_of_means() {
    let model = model_from(world(5000.0, false, 0.0, 0.0));
    let s = scenario_from(scenario(json!({"reseller": {"na": 20}, "si": {"na": 3}}), json!({"cosell": 1.0}), 8), &model);
    let r = run_simple(&model, &s, &opts(500, 2, Counterfactuals::Total)).unwrap();
    let rep = RunReport::new(&model, &s, &r);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let expected = mean(&r.kpis[K_TOTAL]) / mean(&r.kpis[ecosim_core::engine::trial::K_WITHOUT]);
    assert!((rep.kpis.ecosystem_multiplier.unwrap() - expected).abs() < 1e-12);
    // Undefined, not 1, without a counterfactual.
    let r = run_simple(&model, &s, &opts(50, 2, Counterfactuals::Off)).unwrap();
    assert!(RunReport::new(&model, &s, &r).kpis.ecosystem_multiplier.is_none());
    assert!(N_KPI >= 14);
}

// --- Every breakdown per quarter -----------------------------------------------------------------

#[test]
fn breakdowns_are_reported_per_quarter_and_add_up() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/balanced-ecosystem.json");
    let l = load_scenario(&path, None).unwrap();
    let r = run_simple(&l.model, &l.scenario, &opts(200, 6, Counterfactuals::PerPattern)).unwrap();
    let rep = RunReport::new(&l.model, &l.scenario, &r);
    let h = rep.horizon_quarters as usize;
    for q in 0..h {
        let total = rep.by_quarter[q].revenue.mean;
        let by_type: f64 = rep.by_partner_type.iter().map(|t| t.revenue_by_quarter[q].mean).sum();
        let by_source: f64 = rep.by_source.iter().map(|s| s.revenue_by_quarter[q].mean).sum();
        let by_cell: f64 = rep.by_cell.iter().map(|c| c.revenue_by_quarter[q].mean).sum();
        for (what, v) in [("type", by_type), ("source", by_source), ("cell", by_cell)] {
            assert!((v - total).abs() <= 1e-6 * total.abs().max(1.0), "quarter {}: by {what} {v:.0} vs total {total:.0}", q + 1);
        }
    }
    assert!(rep.by_pattern.iter().all(|p| p.revenue_added_by_quarter.len() == h));
    // A growing subscription ecosystem's recognised revenue grows.
    assert!(rep.by_quarter[h - 1].revenue.mean > 2.0 * rep.by_quarter[1].revenue.mean);
}

// --- Schema-2 fields are validated with their paths -----------------------------------------------

#[test]
fn schema2_fields_are_checked_with_the_path_and_the_rule() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/partner_types/3/collaboration_capacity", Value::Null, "partner_types[3].collaboration_capacity: is missing: \"si\" is on the receiving side of the pattern \"cosell\""),
        ("/partner_types/3/collaboration_capacity", json!(-1), "partner_types[3].collaboration_capacity: must be between 0 and 1,000,000 (the most the studio simulates per quarter), got -1"),
        ("/market/marketplace_buyers", json!({}), "market.marketplace_buyers.market: is missing: partner_types[4] (\"market\") is a marketplace"),
        ("/market/marketplace_buyers", json!({"market": {"mid": 1.5}}), "market.marketplace_buyers.market.mid: must be between 0 and 1, got 1.5"),
        ("/market/marketplace_buyers", json!({"market": {"mid": 0.1}, "reseller": {"mid": 0.1}}), "market.marketplace_buyers.reseller: \"reseller\" is not a partner type of kind marketplace"),
        ("/market/marketplace_buyers", json!({"market": {"gov": 0.1}}), "market.marketplace_buyers.market.gov: unknown segment \"gov\""),
        ("/market/segments/0/expansion_per_quarter", json!(0.9), "market.segments[0].expansion_per_quarter: must be between -0.5 and 0.5"),
        ("/market/segments/0/customer_churn_per_quarter", json!(1.2), "market.segments[0].customer_churn_per_quarter: must be between 0 and 1, got 1.2"),
        ("/patterns/2/effects/retention_uplift", json!(-0.2), "patterns[2].effects.retention_uplift: must be between 0 and 1, got -0.2"),
        ("/revenue_recognition", json!("monthly"), "revenue_recognition: unknown variant `monthly`"),
    ];
    for (pointer, value, wanted) in cases {
        let mut doc = world(1000.0, true, 0.02, 0.1);
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        if value.is_null() {
            target.remove(key);
        } else {
            target.insert(key.to_string(), value);
        }
        let err = ecosim_core::model::Model::from_json(&doc.to_string()).err().unwrap_or_else(|| panic!("{pointer}: accepted"));
        let problems: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
        assert!(problems.iter().any(|p| p.contains(wanted)), "{pointer}: expected {wanted:?}, got {problems:#?}");
    }
}

// --- No shipped pattern wins by its dial ------------------------------------------------------------

/// For every pattern of the shipped model, in the scenario that enables them all: revenue at
/// intensity 0, 1, 2, 4 and 8 (the others as designed), on common random numbers. Each
/// doubling must add less than the one before (within three paired standard errors).
#[test]
fn every_shipped_pattern_has_diminishing_returns_in_its_intensity() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/balanced-ecosystem.json");
    let base = load_scenario(&path, None).unwrap();
    let trials = 400;
    for pattern in &base.model.patterns {
        let revenue: Vec<Vec<f64>> = [0.0, 1.0, 2.0, 4.0, 8.0]
            .iter()
            .map(|&x| {
                let mut doc = base.scenario.doc.clone();
                doc.patterns.insert(pattern.id.clone(), x);
                let s = Scenario::from_doc(doc, &base.model).unwrap();
                run_simple(&base.model, &s, &opts(trials, 17, Counterfactuals::Off)).unwrap().kpis[K_TOTAL].clone()
            })
            .collect();
        let step: Vec<Vec<f64>> = revenue.windows(2).map(|w| w[1].iter().zip(&w[0]).map(|(b, a)| b - a).collect()).collect();
        for i in 1..step.len() {
            let diff: Vec<f64> = step[i].iter().zip(&step[i - 1]).map(|(b, a)| b - a).collect();
            let s = Summary::of(&diff);
            let means: Vec<String> = step.iter().map(|d| format!("{:.0}", Summary::of(d).mean)).collect();
            assert!(
                s.mean <= 3.0 * s.std_error + 1e-6,
                "{}: doubling {} adds more than the one before (steps {}; +{:.0} ± {:.0})",
                pattern.id,
                i,
                means.join(", "),
                s.mean,
                s.std_error
            );
        }
    }
}
