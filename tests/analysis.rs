//! Decision analysis on common random numbers: comparisons pair trials exactly.



use std::sync::atomic::AtomicBool;

use ecosim_tests::*;
use ecosim_core::analysis::compare::compare;
use ecosim_core::model::{Loaded, Sampling};

fn loaded(model: serde_json::Value, scenario: serde_json::Value) -> Loaded {
    let model = model_from(model);
    let scenario = scenario_from(scenario, &model);
    Loaded { model, scenario, model_path: None }
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero_in_every_trial() {
    let a = loaded(collab_model(true), collab_scenario());
    let b = loaded(collab_model(true), collab_scenario());
    let r = compare(&mut ecosim_core::engine::shard::Runner::Local, &[a, b], 500, 11, Sampling::LatinHypercube, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(r.pairings.len(), 1);
    for d in &r.pairings[0].differences {
        assert_eq!((d.difference.min, d.difference.max, d.difference.std_dev), (0.0, 0.0, 0.0), "{}", d.kpi);
        assert_eq!((d.probability_b_beats_a, d.probability_tie), (0.0, 1.0), "{}", d.kpi);
    }
    assert_eq!(r.reports[0].kpis, r.reports[1].kpis);
}

#[test]
fn one_more_productive_partner_beats_its_base_in_most_trials() {
    let base = loaded(simple_model(), simple_scenario(10));
    let more = loaded(simple_model(), simple_scenario(11));
    let r = compare(&mut ecosim_core::engine::shard::Runner::Local, &[base, more], 2000, 3, Sampling::MonteCarlo, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    let revenue = &r.pairings[0].differences[0];
    assert_eq!(revenue.kpi, "total_revenue");
    assert!(revenue.probability_b_beats_a > 0.5, "P(B beats A) = {}", revenue.probability_b_beats_a);
    // Paired, the gain is measured far more precisely than the spread of either forecast.
    let spread = r.reports[0].kpis.total_revenue.std_dev;
    assert!(revenue.difference.mean > 4.0 * revenue.difference.std_error, "{:?}", revenue.difference);
    assert!(revenue.difference.std_dev < spread, "paired sd {} vs forecast sd {spread}", revenue.difference.std_dev);
}

#[test]
fn designs_on_different_models_are_refused() {
    let a = loaded(collab_model(true), collab_scenario());
    let mut other = simple_scenario(5);
    other["model"] = "simple".into();
    let b = loaded(simple_model(), other);
    let err = compare(&mut ecosim_core::engine::shard::Runner::Local, &[a, b], 10, 1, Sampling::MonteCarlo, &|_, _| {}, &AtomicBool::new(false)).unwrap_err();
    assert!(err.to_string().contains("must share one market model"), "{err}");
    let one = loaded(collab_model(true), collab_scenario());
    assert!(compare(&mut ecosim_core::engine::shard::Runner::Local, &[one], 10, 1, Sampling::MonteCarlo, &|_, _| {}, &AtomicBool::new(false)).is_err());
}

use ecosim_core::analysis::sensitivity::{saltelli_jansen, sobol, tornado, RANDOMNESS};

#[test]
fn sobol_indices_of_an_additive_function_match_the_analytical_values() {
    // y = x1 + 2 x2 + 3 x3 + 0 x4, x uniform: S_i = ST_i = c_i² / Σ c², no interactions.
    let c = [1.0, 2.0, 3.0, 0.0];
    let total: f64 = c.iter().map(|v| v * v).sum();
    // Eight intervals are checked: each at 1 − 0.05/8 so that all hold together with 95 %.
    let est = saltelli_jansen(4, 4000, 17, 400, 1.0 - 0.05 / 8.0, |rows, _| rows.iter().map(|x| x.iter().zip(&c).map(|(a, b)| a * b).sum()).collect());
    assert_eq!(est.indices.len(), 5, "four inputs and the (absent) randomness");
    assert!(est.indices[4].total.abs() < 1e-12, "a deterministic function has no randomness");
    for (i, ix) in est.indices.iter().take(4).enumerate() {
        let truth = c[i] * c[i] / total;
        assert!(ix.first_order_ci[0] <= truth && truth <= ix.first_order_ci[1], "S{}: {truth} not in {:?} ({})", i + 1, ix.first_order_ci, ix.first_order);
        assert!(ix.total_ci[0] <= truth + 1e-12 && truth <= ix.total_ci[1] + 1e-12, "ST{}: {truth} not in {:?} ({})", i + 1, ix.total_ci, ix.total);
        assert!((ix.first_order - truth).abs() < 0.05 && (ix.total - truth).abs() < 0.05);
    }
    assert!((est.variance - total / 12.0).abs() < 0.05 * total / 12.0, "variance {}", est.variance);
}

#[test]
fn sobol_indices_see_interactions_in_a_product() {
    // y = x1 · x2 on U(0,1)²: S1 = S2 = 3/7, ST1 = ST2 = 4/7 (the interaction is 1/7).
    let est = saltelli_jansen(2, 6000, 5, 400, 1.0 - 0.05 / 4.0, |rows, _| rows.iter().map(|x| x[0] * x[1]).collect());
    for ix in est.indices.iter().take(2) {
        assert!(ix.first_order_ci[0] <= 3.0 / 7.0 && 3.0 / 7.0 <= ix.first_order_ci[1], "{ix:?}");
        assert!(ix.total_ci[0] <= 4.0 / 7.0 && 4.0 / 7.0 <= ix.total_ci[1], "{ix:?}");
    }
}

fn uncertain_simple() -> Loaded {
    let mut m = simple_model();
    m["partner_types"][0]["win_rate"] = serde_json::json!({"dist": "uniform", "min": 0.2, "max": 0.3});
    m["market"]["segments"][0]["buy_rate"] = serde_json::json!({"dist": "uniform", "min": 0.0795, "max": 0.0805});
    loaded(m, simple_scenario(20))
}

#[test]
fn the_tornado_ranks_inputs_by_swing_and_measures_it_on_common_random_numbers() {
    let l = uncertain_simple();
    let t = tornado(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, "total_revenue", 400, 9, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(t.bars.len(), 2);
    assert_eq!(t.bars[0].input, "partner_types[0].win_rate");
    assert!(t.bars[0].swing > 20.0 * t.bars[1].swing, "{:?}", t.bars);
    assert!((t.bars[0].value_low - 0.21).abs() < 1e-9 && (t.bars[0].value_high - 0.29).abs() < 1e-9);
    // Revenue is proportional to the win rate: the means move by 0.29 / 0.21.
    let ratio = t.bars[0].kpi_high / t.bars[0].kpi_low;
    assert!((ratio / (0.29 / 0.21) - 1.0).abs() < 0.03, "ratio {ratio}");
    assert!(t.bars[0].kpi_low < t.base && t.base < t.bars[0].kpi_high);
    assert!(tornado(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, "revenue", 10, 1, &|_, _| {}, &AtomicBool::new(false)).unwrap_err().to_string().contains("unknown KPI"));
}

#[test]
fn sobol_on_the_engine_attributes_variance_to_the_input_that_drives_it() {
    let l = uncertain_simple();
    let s = sobol(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, "total_revenue", 600, 4, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(s.evaluations, 600 * 5);
    let of = |name: &str| s.indices.iter().find(|i| i.input == name).unwrap();
    let (win, buy, noise) = (of("partner_types[0].win_rate"), of("market.segments[0].buy_rate"), of(RANDOMNESS));
    assert!(win.total > 0.4 && buy.total < 0.05, "{:?}", s.indices);
    assert!(win.first_order > 0.3 && win.first_order <= win.total + 0.1, "{win:?}");
    // The indices account for the variance: inputs plus the simulation's own randomness.
    let first: f64 = s.indices.iter().map(|i| i.first_order).sum();
    assert!((first - 1.0).abs() < 0.2, "first-order indices sum to {first}: {:?}", s.indices);
    assert!(noise.total > 0.0, "{noise:?}");
    let no_inputs = loaded(simple_model(), simple_scenario(3));
    assert!(sobol(&mut ecosim_core::engine::shard::Runner::Local, &no_inputs.model, &no_inputs.scenario, "total_revenue", 10, 1, &|_, _| {}, &AtomicBool::new(false)).unwrap_err().to_string().contains("no uncertain inputs"));
}

use ecosim_core::engine::correlate::rank_correlation;
use ecosim_core::engine::{trial_input_uniforms, RunOptions};

fn three_uncertain_inputs() -> serde_json::Value {
    let mut m = simple_model();
    m["partner_types"][0]["win_rate"] = serde_json::json!({"dist": "beta", "alpha": 20, "beta": 60});
    m["market"]["segments"][0]["buy_rate"] = serde_json::json!({"dist": "uniform", "min": 0.05, "max": 0.1});
    m["market"]["growth"] = serde_json::json!({"dist": "normal", "mean": 0.08, "sd": 0.03});
    m
}

#[test]
fn iman_conover_imposes_the_rank_correlations_and_keeps_the_marginals() {
    let model = model_from(three_uncertain_inputs());
    let paths = &model.inputs.paths;
    let idx = |p: &str| paths.iter().position(|x| x == p).unwrap();
    let (g, w, b) = (idx("market.growth"), idx("partner_types[0].win_rate"), idx("market.segments[0].buy_rate"));
    for sampling in ["monte_carlo", "latin_hypercube"] {
        let mut plain = simple_scenario(5);
        plain["simulation"] = serde_json::json!({"trials": 10000, "seed": 3, "sampling": sampling});
        let mut corr = plain.clone();
        corr["correlations"] = serde_json::json!([
            {"a": "market.growth", "b": "partner_types[0].win_rate", "rank_correlation": 0.6},
            {"a": "market.growth", "b": "market.segments[0].buy_rate", "rank_correlation": -0.3}
        ]);
        let columns = |doc: serde_json::Value| {
            let s = scenario_from(doc, &model);
            let rows = trial_input_uniforms(&model, &s, &RunOptions::for_scenario(&s));
            (0..paths.len()).map(|j| rows.iter().map(|r| r[j]).collect::<Vec<f64>>()).collect::<Vec<_>>()
        };
        let (before, after) = (columns(plain), columns(corr));
        let achieved = |x: usize, y: usize| rank_correlation(&after[x], &after[y]);
        assert!((achieved(g, w) - 0.6).abs() < 0.05, "{sampling}: growth~win {}", achieved(g, w));
        assert!((achieved(g, b) + 0.3).abs() < 0.05, "{sampling}: growth~buy {}", achieved(g, b));
        assert!(achieved(w, b).abs() < 0.05, "{sampling}: win~buy {}", achieved(w, b));
        for j in 0..paths.len() {
            let (mut x, mut y) = (before[j].clone(), after[j].clone());
            x.sort_by(f64::total_cmp);
            y.sort_by(f64::total_cmp);
            assert_eq!(x, y, "{sampling}: the marginal of {} changed", paths[j]);
        }
        assert!(rank_correlation(&before[g], &before[w]).abs() < 0.05, "independent without correlations");
    }
}

#[test]
fn impossible_or_misnamed_correlations_are_clear_errors() {
    let model = model_from(three_uncertain_inputs());
    let problems = |list: serde_json::Value| {
        let mut doc = simple_scenario(5);
        doc["correlations"] = list;
        let d: ecosim_core::model::ScenarioDoc = serde_json::from_value(doc).unwrap();
        match ecosim_core::model::Scenario::from_doc(d, &model) {
            Ok(_) => vec![],
            Err(e) => e.problems().iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        }
    };
    let p = problems(serde_json::json!([
        {"a": "market.growth", "b": "partner_types[0].win_rate", "rank_correlation": 0.9},
        {"a": "market.growth", "b": "market.segments[0].buy_rate", "rank_correlation": 0.9},
        {"a": "partner_types[0].win_rate", "b": "market.segments[0].buy_rate", "rank_correlation": -0.9}
    ]));
    assert!(p.iter().any(|m| m.starts_with("correlations: the correlations cannot hold together (the matrix is not positive semi-definite)")), "{p:?}");
    let p = problems(serde_json::json!([{"a": "market.growth", "b": "partner_types[0].capacity", "rank_correlation": 0.2}]));
    assert!(p.iter().any(|m| m.starts_with("correlations[0].b: \"partner_types[0].capacity\" is not an uncertain input of the model")), "{p:?}");
    let p = problems(serde_json::json!([{"a": "market.growth", "b": "market.growth", "rank_correlation": 1.5}]));
    assert!(p.iter().any(|m| m == "correlations[0].rank_correlation: must be between -1 and 1, got 1.5"), "{p:?}");
    assert!(p.iter().any(|m| m == "correlations[0].b: must name another input than a"), "{p:?}");
}

use ecosim_core::analysis::shapley::shapley;

#[test]
fn shapley_values_add_up_and_credit_the_types_that_act_through_others() {
    let l = loaded(collab_model(true), collab_scenario());
    let r = shapley(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, 300, 5, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert!(r.exact);
    assert_eq!(r.coalitions, 16, "four partner types: every coalition");
    // Efficiency: the values share out exactly what the full ecosystem makes.
    let sum: f64 = r.rows.iter().map(|x| x.revenue).sum();
    assert!((sum - r.total_revenue).abs() < 1e-6 * r.total_revenue, "{sum} vs {}", r.total_revenue);
    let cov: f64 = r.rows.iter().map(|x| x.coverage).sum();
    assert!((cov - r.coverage).abs() < 1e-9, "{cov} vs {}", r.coverage);
    // The distributor transacts nothing, yet the resellers it serves sell more.
    let dist = r.rows.iter().find(|x| x.partner_type == "distributor").unwrap();
    assert_eq!(dist.transacted_revenue, 0.0);
    assert!(dist.revenue > 0.0, "{dist:?}");
    // Transacted revenue also adds up to the total.
    let transacted: f64 = r.rows.iter().map(|x| x.transacted_revenue).sum();
    assert!((transacted - r.total_revenue).abs() < 1e-6 * r.total_revenue);
}

#[test]
fn without_interactions_the_shapley_value_is_what_the_type_makes_alone() {
    // One type only: its Shapley value is all of it.
    let l = loaded(simple_model(), simple_scenario(8));
    let r = shapley(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, 200, 1, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(r.rows.len(), 1);
    assert!((r.rows[0].revenue - r.total_revenue).abs() < 1e-6 * r.total_revenue);
    assert!((r.rows[0].transacted_revenue - r.total_revenue).abs() < 1e-6 * r.total_revenue);
}

use ecosim_core::analysis::optimize::{optimize, Bound, Objective, OptimizeRequest};

/// One partner type in three regions whose cells saturate at 3, 6 and 9 partners.
fn saturating_market() -> serde_json::Value {
    let mut m = simple_model();
    m["market"]["regions"] = serde_json::json!([{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}]);
    m["market"]["accounts"] = serde_json::json!({"mid": {"a": 90, "b": 180, "c": 270}});
    m["market"]["growth"] = 0.0.into();
    m["partner_types"][0]["costs"] = serde_json::json!({"recruit": 0, "per_quarter": 8000});
    m
}

#[test]
fn the_optimiser_finds_the_composition_an_exhaustive_search_finds() {
    let model = model_from(saturating_market());
    let mut doc = simple_scenario(0);
    doc["composition"] = serde_json::json!({"reseller": {"a": 1, "b": 1, "c": 12}});
    let scenario = scenario_from(doc.clone(), &model);
    let bounds: Vec<Bound> = ["a", "b", "c"].iter().map(|r| Bound { partner_type: "reseller".into(), region: r.to_string(), min: 0, max: 12 }).collect();
    let mut req = OptimizeRequest::new(1e12, Objective::ExpectedNetContribution, 8);
    req.bounds = bounds;
    req.patterns = false;
    req.trials = 150;
    req.final_trials = 600;
    let r = optimize(&model, &scenario, &req, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    // Exhaustive: every composition, the same seed and trials.
    let mut best = (f64::NEG_INFINITY, [0u32; 3]);
    for a in 0..=12u32 {
        for b in 0..=12u32 {
            for c in 0..=12u32 {
                let mut d = doc.clone();
                d["composition"] = serde_json::json!({"reseller": {"a": a, "b": b, "c": c}});
                let s = scenario_from(d, &model);
                let mut o = ecosim_core::engine::RunOptions::for_scenario(&s);
                o.trials = 150;
                o.seed = 8;
                o.counterfactuals = ecosim_core::engine::Counterfactuals::Off;
                let net = ecosim_core::engine::run_simple(&model, &s, &o).unwrap().kpis[3].iter().sum::<f64>() / 150.0;
                if net > best.0 {
                    best = (net, [a, b, c]);
                }
            }
        }
    }
    let found: Vec<u32> = ["a", "b", "c"].iter().map(|x| r.recommended.composition.get("reseller").and_then(|row| row.get(*x)).copied().unwrap_or(0)).collect();
    assert_eq!(found, best.1.to_vec(), "optimiser {:?} vs exhaustive {:?}", r.best, best);
    assert!((r.best.objective - best.0).abs() < 1e-6 * best.0.abs());
    assert_eq!(best.1, [3, 6, 9], "the cells saturate at 3, 6 and 9 partners");
    assert!(r.best_fresh.objective > r.start_fresh.objective, "on fresh seeds too: {:?} vs {:?}", r.best_fresh, r.start_fresh);
    // The frontier rises with cost.
    assert!(r.frontier.windows(2).all(|w| w[0].cost <= w[1].cost && w[0].objective < w[1].objective));
}

#[test]
fn the_optimiser_beats_each_shipped_scenario_at_its_own_cost_on_fresh_seeds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["reseller-heavy", "two-tier-distribution", "si-isv-solutions", "marketplace-cosell", "balanced-ecosystem"] {
        let l = ecosim_core::model::load_scenario(&root.join(format!("scenarios/{name}.json")), None).unwrap();
        // The scenario's own mean cost (on the search's seed and trials) is the budget.
        let mut o = ecosim_core::engine::RunOptions::for_scenario(&l.scenario);
        o.trials = 300;
        o.seed = 99;
        o.counterfactuals = ecosim_core::engine::Counterfactuals::Off;
        let cost = ecosim_core::engine::run_simple(&l.model, &l.scenario, &o).unwrap().kpis[7].iter().sum::<f64>() / 300.0;
        // The search's own defaults (300 trials a candidate, 400 candidates): schema 2's
        // bounded flows leave a flatter landscape, where a shorter search can stop at the start.
        let mut req = OptimizeRequest::new(cost, Objective::P50Revenue, 99);
        req.final_trials = 1500;
        let r = optimize(&l.model, &l.scenario, &req, &|_, _| {}, &AtomicBool::new(false)).unwrap();
        assert!(r.best.cost <= cost, "{name}: over budget {} > {cost}", r.best.cost);
        assert!(r.best_fresh.objective > r.start_fresh.objective, "{name}: {:?} vs {:?}", r.best_fresh, r.start_fresh);
        assert!(r.best_fresh.cost <= cost * 1.02, "{name}: costs {} on fresh seeds, budget {cost}", r.best_fresh.cost);
        // And on seeds neither the search nor the choice saw.
        let holdout = |s: &ecosim_core::model::Scenario| {
            let mut o = ecosim_core::engine::RunOptions::for_scenario(s);
            o.trials = 1500;
            o.seed = 424_242;
            o.counterfactuals = ecosim_core::engine::Counterfactuals::Off;
            ecosim_core::stats::Summary::of(&ecosim_core::engine::run_simple(&l.model, s, &o).unwrap().kpis[0]).p50
        };
        let recommended = ecosim_core::model::Scenario::from_doc(r.recommended.clone(), &l.model).unwrap();
        assert!(holdout(&recommended) > holdout(&l.scenario), "{name}: the recommendation does not hold on other seeds");
        // No pattern sits at the search's intensity limit without what binds it being said.
        for (id, &x) in &r.recommended.patterns {
            if x >= 2.0 {
                let pattern = l.model.patterns.iter().find(|p| &p.id == id).unwrap();
                assert!(r.binding.iter().any(|b| b.detail.starts_with(&pattern.name)), "{name}: {id} at intensity {x} with no binding constraint: {:?}", r.binding);
            }
        }
    }
}

/// The inputs an analysis skips as ones the scenario cannot feel really change nothing: for
/// every shipped scenario, each such input at its extremes leaves every trial's KPIs (the
/// counterfactual ones included) bit for bit as at its median; and skipping them leaves the
/// tornado as simulating them would (every skipped bar at the base, swing exactly 0).
#[test]
fn inputs_the_scenario_cannot_feel_change_no_trial_and_the_tornado_skips_them() {
    use ecosim_core::analysis::sensitivity::inert_inputs;
    use ecosim_core::engine::{run_simple, Counterfactuals, InputDesign};
    use std::sync::Arc;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut skipped = 0;
    for entry in std::fs::read_dir(root.join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let l = ecosim_core::model::load_scenario(&path, None).unwrap();
        let k = l.model.inputs.paths.len();
        let inert = inert_inputs(&l.model, &l.scenario);
        assert_eq!(inert.len(), k);
        assert!(inert.iter().any(|&x| !x), "{}: every input inert", path.display());
        let js: Vec<usize> = (0..k).filter(|&j| inert[j]).collect();
        skipped += js.len();
        if js.is_empty() {
            continue;
        }
        // Rows: the median, then each inert input at 0.01 and at 0.99, on the same 3 streams.
        let mut rows = Vec::new();
        let mut streams = Vec::new();
        let mut point = |u: Vec<f64>| {
            for t in 0..3u64 {
                rows.push(u.clone());
                streams.push(t);
            }
        };
        point(vec![0.5; k]);
        for &j in &js {
            for x in [0.01, 0.99] {
                let mut u = vec![0.5; k];
                u[j] = x;
                point(u);
            }
        }
        let mut opts = RunOptions::for_scenario(&l.scenario);
        opts.trials = rows.len() as u64;
        opts.counterfactuals = Counterfactuals::Total;
        opts.design = Some(Arc::new(InputDesign { rows, stream_trials: streams }));
        let r = run_simple(&l.model, &l.scenario, &opts).unwrap();
        for (c, col) in r.kpis.iter().enumerate() {
            for (i, v) in col.iter().enumerate().skip(3) {
                assert_eq!(v.to_bits(), col[i % 3].to_bits(), "{}: KPI {c} moved with {}", path.display(), l.model.inputs.paths[js[(i / 3 - 1) / 2]]);
            }
        }
    }
    assert!(skipped > 10, "only {skipped} inputs skipped over the shipped scenarios");
    // The tornado of a scenario with inert inputs: their bars sit at the base.
    let l = ecosim_core::model::load_scenario(&root.join("scenarios/reseller-heavy.json"), None).unwrap();
    let inert = inert_inputs(&l.model, &l.scenario);
    let t = tornado(&mut ecosim_core::engine::shard::Runner::Local, &l.model, &l.scenario, "total_revenue", 20, 5, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    for b in &t.bars {
        let j = l.model.inputs.paths.iter().position(|p| *p == b.input).unwrap();
        if inert[j] {
            assert_eq!((b.kpi_low.to_bits(), b.kpi_high.to_bits(), b.swing), (t.base.to_bits(), t.base.to_bits(), 0.0), "{}", b.input);
        }
    }
    assert!(t.bars.iter().any(|b| b.swing > 0.0));
}

/// A run without breakdowns (what the analyses ask for) has the same headline KPIs, trial by
/// trial and bit for bit, as one with them, on every shipped scenario.
#[test]
fn a_run_without_breakdowns_has_the_same_kpis() {
    use ecosim_core::engine::{run_simple, Counterfactuals};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let l = ecosim_core::model::load_scenario(&path, None).unwrap();
        let mut opts = RunOptions::for_scenario(&l.scenario);
        opts.trials = if path.to_string_lossy().contains("enterprise") { 2 } else { 12 };
        opts.counterfactuals = Counterfactuals::Total;
        let with = run_simple(&l.model, &l.scenario, &opts).unwrap();
        opts.breakdowns = false;
        let without = run_simple(&l.model, &l.scenario, &opts).unwrap();
        let bits = |r: &ecosim_core::engine::RunResult| r.kpis.iter().map(|c| c.iter().map(|v| v.to_bits()).collect::<Vec<_>>()).collect::<Vec<_>>();
        assert_eq!(bits(&with), bits(&without), "{}", path.display());
    }
}
