//! Decision analysis on common random numbers: comparisons pair trials exactly.

mod common;

use std::sync::atomic::AtomicBool;

use common::*;
use ecosim::analysis::compare::compare;
use ecosim::model::{Loaded, Sampling};

fn loaded(model: serde_json::Value, scenario: serde_json::Value) -> Loaded {
    let model = model_from(model);
    let scenario = scenario_from(scenario, &model);
    Loaded { model, scenario, model_path: None }
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero_in_every_trial() {
    let a = loaded(collab_model(true), collab_scenario());
    let b = loaded(collab_model(true), collab_scenario());
    let r = compare(&[a, b], 500, 11, Sampling::LatinHypercube, &|_, _| {}, &AtomicBool::new(false)).unwrap();
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
    let r = compare(&[base, more], 2000, 3, Sampling::MonteCarlo, &|_, _| {}, &AtomicBool::new(false)).unwrap();
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
    let err = compare(&[a, b], 10, 1, Sampling::MonteCarlo, &|_, _| {}, &AtomicBool::new(false)).unwrap_err();
    assert!(err.to_string().contains("must share one market model"), "{err}");
    let one = loaded(collab_model(true), collab_scenario());
    assert!(compare(&[one], 10, 1, Sampling::MonteCarlo, &|_, _| {}, &AtomicBool::new(false)).is_err());
}
