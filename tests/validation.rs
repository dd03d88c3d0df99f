//! Bad documents and the messages they must produce: each case breaks one rule of a valid
//! document and names the path and the words the person should see.

use ecosim_tests::*;
use ecosim_core::model::{LoadError, MarketModelDoc, Model, Scenario};
use serde_json::{json, Value};

/// Set the value at a JSON pointer, creating nothing: the pointer must exist or name a new key
/// of an existing object.
fn set(doc: &mut Value, pointer: &str, v: Value) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let target = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
    match target {
        Value::Object(o) => {
            o.insert(last.to_string(), v);
        }
        Value::Array(a) => a[last.parse::<usize>().unwrap()] = v,
        _ => panic!("{parent} is not a container"),
    }
}

fn model_problems(doc: &Value) -> Vec<String> {
    match Model::from_json(&doc.to_string()) {
        Ok(_) => vec![],
        Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
    }
}

fn scenario_problems(doc: &Value) -> Vec<String> {
    let model = model_from(collab_model(true));
    match Scenario::from_json(&doc.to_string()).and_then(|d| Scenario::from_doc(d, &model)) {
        Ok(_) => vec![],
        Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
    }
}

fn expect(problems: &[String], wanted: &str) {
    assert!(problems.iter().any(|p| p.contains(wanted)), "expected a problem containing {wanted:?}, got {problems:#?}");
}

#[test]
fn the_fixtures_are_valid() {
    assert!(model_problems(&collab_model(true)).is_empty());
    assert!(scenario_problems(&collab_scenario()).is_empty());
}

#[test]
fn bad_market_models_name_the_path_and_the_rule() {
    let cases: &[(&str, Value, &str)] = &[
        ("/partner_types/0/win_rate", json!(1.4), "partner_types[0].win_rate: must be between 0 and 1, got 1.4"),
        ("/partner_types/0/win_rate", json!({"dist": "normal", "mean": 1.4, "sd": 0.1}), "partner_types[0].win_rate.mean: must be between 0 and 1, got 1.4"),
        ("/partner_types/0/win_rate", json!({"dist": "beta", "alpha": -2, "beta": 5}), "partner_types[0].win_rate.alpha: must be between 0.01 and 10,000 (outside, sampling is degenerate or slow), got -2"),
        ("/partner_types/0/win_rate", json!({"dist": "beta", "alpha": 2, "beta": 0}), "partner_types[0].win_rate.beta: must be between 0.01 and 10,000 (outside, sampling is degenerate or slow), got 0"),
        ("/partner_types/0/win_rate", json!({"dist": "normal", "mean": 0.2, "sd": -0.1}), "partner_types[0].win_rate.sd: must be greater than 0, got -0.1"),
        ("/partner_types/0/win_rate", json!({"dist": "gamma", "shape": 2}), "partner_types[0].win_rate: unknown variant `gamma`"),
        ("/partner_types/0/win_rate", json!("high"), "partner_types[0].win_rate: expected a number or a distribution object, got a string"),
        ("/partner_types/0/capacity", json!(-40), "partner_types[0].capacity: must be between 0 and 1,000,000 (the most the studio simulates per quarter), got -40"),
        // Values that pass every sign rule but would overflow or stall the engine.
        ("/partner_types/0/deal_size_factor", json!(1e308), "partner_types[0].deal_size_factor: must be greater than 0 and at most 100, got 1e308"),
        ("/partner_types/0/costs/per_quarter", json!(1e308), "partner_types[0].costs.per_quarter: must be between 0 and 1,000,000,000,000, got 1e308"),
        ("/market/growth", json!({"dist": "beta", "alpha": 1e300, "beta": 1e-300}), "market.growth.alpha: must be between 0.01 and 10,000"),
        ("/partner_types/0/capacity", json!(1e9), "partner_types[0].capacity: must be between 0 and 1,000,000"),
        ("/market/segments/0/deal_size/median", json!(1e300), "market.segments[0].deal_size.median: must be greater than 0 and at most 1,000,000,000,000"),
        ("/market/growth", json!(50), "market.growth: must be greater than -1 (-100%) and at most 10 (+1,000%), got 50"),
        ("/market/segments/0/deal_size/p90", json!(5000), "market.segments[0].deal_size.p90: must be greater than the median (12000), got 5000"),
        ("/market/segments/0/buy_rate", json!({"dist": "triangular", "min": 0.1, "mode": 0.05, "max": 0.08}), "market.segments[0].buy_rate.mode: must satisfy min <= mode <= max"),
        ("/market/segments/0/buy_rate", json!({"dist": "lognormal", "median": 0.05, "p90": 0.02}), "market.segments[0].buy_rate.p90: must be greater than the median (0.05), got 0.02"),
        ("/market/accounts/smb/na", json!(-10), "market.accounts.smb.na: must be between 0 and 1,000,000,000 accounts, got -10"),
        ("/market/accounts/smb/mars", json!(10), "market.accounts.smb.mars: unknown region \"mars\""),
        ("/market/direct_presence/ent/na", json!(1.3), "market.direct_presence.ent.na: must be between 0 and 1, got 1.3"),
        ("/patterns/0/from", json!("resller"), "patterns[0].from: unknown partner type \"resller\""),
        ("/patterns/0/kind", json!("alliance"), "patterns[0].kind: unknown variant `alliance`"),
        ("/patterns/0/effects/ramp_speedup", json!(0.5), "patterns[0].effects.ramp_speedup: does not apply to a Referral pattern"),
        ("/partner_types/1/id", json!("reseller"), "partner_types[1].id: duplicates the id \"reseller\" of partner_types[0]"),
        ("/partner_types/0/reach/segments/0", json!("gov"), "partner_types[0].reach.segments[0]: unknown segment \"gov\""),
        ("/partner_types/0/win_rat", json!(0.2), "partner_types[0].win_rat: unknown field `win_rat`, expected one of"),
        ("/partner_types/0/revenue_model/discount", json!(1.0), "partner_types[0].revenue_model.discount: must be at least 0 and below 1, got 1"),
        ("/currency", json!("dollars"), "currency: must be a three-letter ISO code"),
        ("/conflict/loss_share", json!(2), "conflict.loss_share: must be between 0 and 1, got 2"),
        ("/schema_version", json!(3), "schema_version: is 3, written by a newer version of Ecosim Studio"),
        ("/schema_version", json!(0), "schema_version: must be 1 or 2, got 0"),
    ];
    for (pointer, value, wanted) in cases {
        let mut doc = collab_model(true);
        set(&mut doc, pointer, value.clone());
        expect(&model_problems(&doc), wanted);
    }
}

#[test]
fn bad_scenarios_name_the_path_and_the_rule() {
    let cases: &[(&str, Value, &str)] = &[
        ("/composition/reseller/na", json!(-3), "composition.reseller.na: must be a whole number, 0 or more, got -3"),
        ("/composition/reseller/na", json!(2.5), "composition.reseller.na: must be a whole number, got 2.5"),
        ("/horizon_quarters", json!("twelve"), "horizon_quarters: must be a whole number, got string \"twelve\""),
        ("/composition/reseller/mars", json!(3), "composition.reseller.mars: unknown region \"mars\""),
        ("/composition/wholesaler", json!({"na": 3}), "composition.wholesaler: unknown partner type \"wholesaler\""),
        ("/horizon_quarters", json!(0), "horizon_quarters: must be between 1 and 80 quarters, got 0"),
        ("/recruitment/0/to_quarter", json!(12), "recruitment[0].to_quarter: must be between from_quarter (2) and the horizon (8), got 12"),
        ("/recruitment/0/from_quarter", json!(0), "recruitment[0].from_quarter: must be between 1 and the horizon (8), got 0"),
        ("/recruitment/0/partner_type", json!("vendor"), "recruitment[0].partner_type: unknown partner type \"vendor\""),
        ("/patterns/ref", json!(-1), "patterns.ref: intensity must be between 0 and 10, got -1"),
        ("/patterns/alliance", json!(1), "patterns.alliance: unknown pattern \"alliance\""),
        ("/governance/0", json!("no_poaching"), "governance[0]: unknown policy \"no_poaching\""),
        ("/simulation/trials", json!(0), "simulation.trials: must be between 1 and 10,000,000 (the most the studio keeps per-trial results for), got 0"),
        ("/simulation/sampling", json!("sobol"), "simulation.sampling: unknown variant `sobol`"),
        ("/model", json!("other"), "model: names the model \"other\", but it is being run against \"collab\""),
        ("/target/value", json!(1.5), ""),
        ("/schema_version", json!(7), "schema_version: is 7, written by a newer version of Ecosim Studio; this version reads up to 2"),
    ];
    for (pointer, value, wanted) in cases {
        let mut doc = collab_scenario();
        set(&mut doc, pointer, value.clone());
        if wanted.is_empty() {
            assert!(scenario_problems(&doc).is_empty(), "{pointer} = {value} should be valid");
        } else {
            expect(&scenario_problems(&doc), wanted);
        }
    }
    // A coverage target must be a share.
    let mut doc = collab_scenario();
    set(&mut doc, "/target", json!({"metric": "coverage_final", "value": 1.5}));
    expect(&scenario_problems(&doc), "target.value: a coverage target must be between 0 and 1, got 1.5");
}

#[test]
fn malformed_json_gives_line_and_column() {
    let err = Model::from_json("{\n  \"schema_version\": 1,\n  \"id\": \"x\",,\n}").unwrap_err();
    assert!(matches!(err, LoadError::Syntax { line: 3, .. }), "{err}");
    assert!(err.to_string().starts_with("not valid JSON at line 3, column"), "{err}");
    let err = Model::from_json("[1, 2]").unwrap_err();
    expect(&err.problems().iter().map(|p| p.to_string()).collect::<Vec<_>>(), "a market model must be a JSON object");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let mut doc = collab_model(true);
    set(&mut doc, "/partner_types/0/win_rate", json!(1.4));
    set(&mut doc, "/partner_types/2/capacity", json!(-1));
    set(&mut doc, "/patterns/1/to", json!("nobody"));
    set(&mut doc, "/conflict/direct_rate", json!({"dist": "uniform", "min": 0.5, "max": 0.2}));
    let problems = model_problems(&doc);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    expect(&problems, "partner_types[0].win_rate");
    expect(&problems, "partner_types[2].capacity");
    expect(&problems, "patterns[1].to");
    expect(&problems, "conflict.direct_rate.max: must be greater than min (0.5), got 0.2");
}

#[test]
fn documents_round_trip_through_serde() {
    let doc: MarketModelDoc = serde_json::from_value(collab_model(true)).unwrap();
    let again: MarketModelDoc = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(doc, again);
}

#[test]
fn documents_too_big_to_simulate_are_refused_with_the_limit() {
    // 10,000 regions: one trial would take gigabytes.
    let mut m = collab_model(true);
    let regions: Vec<Value> = (0..10_000).map(|i| json!({"id": format!("r{i}"), "name": format!("R{i}")})).collect();
    set(&mut m, "/market/regions", Value::Array(regions));
    expect(&model_problems(&m), "market.regions: must list at most 100 regions (the most the studio simulates), got 10000");
    // 8,000,000 recruits into one cell, a few per quarter: the total over the horizon counts.
    let mut s = collab_scenario();
    let recruit = s["recruitment"].as_array().and_then(|r| r.first().cloned());
    if let Some(mut r) = recruit {
        r["per_quarter"] = json!(100_000);
        r["from_quarter"] = json!(1);
        r["to_quarter"] = s["horizon_quarters"].clone();
        set(&mut s, "/recruitment", json!([r]));
        expect(&scenario_problems(&s), "more than the 100000 the studio simulates in one cell");
    }
    let mut s = collab_scenario();
    set(&mut s, "/simulation/trials", json!(100_000_000u64));
    expect(&scenario_problems(&s), "simulation.trials: must be between 1 and 10,000,000");
}


#[test]
fn strict_documents_refuse_unknown_and_duplicate_keys_and_odd_ids() {
    // An unknown key inside the tagged revenue model and inside a distribution.
    let mut m = collab_model(true);
    set(&mut m, "/partner_types/0/revenue_model/discont", json!(0.3));
    expect(&model_problems(&m), "discont");
    let mut m = collab_model(true);
    set(&mut m, "/partner_types/0/win_rate", json!({"dist": "beta", "alpha": 2, "beta": 5, "mode": 0.3}));
    expect(&model_problems(&m), "mode");
    // A duplicated key is refused where it stands, not silently replaced by the last.
    let text = serde_json::to_string_pretty(&collab_model(true)).unwrap().replacen("\"growth\":", "\"growth\": 0.5,\n    \"growth\":", 1);
    let e = Model::from_json(&text).expect_err("a duplicate key is refused");
    let msg = e.to_string();
    assert!(msg.contains("duplicate key \"growth\"") && msg.contains("line"), "{msg}");
    // An id that looks like a command-line option.
    let mut s = collab_scenario();
    set(&mut s, "/id", json!("-rf"));
    expect(&scenario_problems(&s), "id: must start with a letter or a digit");
}
