//! The hardening campaign kept as tests (issue 11): every document that once crashed, hung or
//! exhausted the studio, as a fixture in `tests/fuzz/cases/`, and a seeded mutational
//! generator run for a fixed budget.
//!
//! The rule for every document, fixture or generated: reading and validating it never panics;
//! a refusal names the path of every problem; a document the validator accepts runs 50 trials
//! within 10 seconds, every headline figure finite (net revenue retention aside, which is
//! undefined by design in some runs).
//!
//! `ECOSIM_FUZZ_SECONDS` sets the generator's budget (default 30 s); `ECOSIM_FUZZ_SEED` its seed.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use ecosim_core::engine::trial::K_NRR;
use ecosim_core::engine::{run_simple, RunOptions};
use ecosim_core::model::{MarketModelDoc, Model, Problem, Scenario, ScenarioDoc};
use ecosim_tests::*;
use serde_json::{json, Value};

/// The most a 50-trial run of any accepted document may take: longer is a hang.
const HANG: Duration = Duration::from_secs(10);

#[derive(Debug)]
enum Outcome {
    Refused(Vec<Problem>),
    Ran,
}

/// Read, validate and (if valid) run a model and scenario, as the studio would.
fn exercise(model: &Value, scenario: &Value) -> Result<Outcome, String> {
    let model_text = model.to_string();
    let scenario_text = scenario.to_string();
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<Outcome, String> {
        let m = match Model::from_json(&model_text) {
            Ok(m) => m,
            Err(e) => return Ok(Outcome::Refused(e.problems())),
        };
        let s = match Scenario::from_json(&scenario_text).and_then(|d| Scenario::from_doc(d, &m)) {
            Ok(s) => s,
            Err(e) => return Ok(Outcome::Refused(e.problems())),
        };
        let mut o = RunOptions::for_scenario(&s);
        o.trials = 50;
        o.pattern_trials = 50;
        let started = Instant::now();
        let r = run_simple(&m, &s, &o).map_err(|e| format!("the run failed: {e}"))?;
        let took = started.elapsed();
        if took > HANG {
            return Err(format!("50 trials took {took:?}, more than {HANG:?}"));
        }
        for (k, col) in r.kpis.iter().enumerate() {
            if k == K_NRR {
                continue;
            }
            if let Some(v) = col.iter().find(|v| !v.is_finite()) {
                return Err(format!("{} is {v} in a trial", ecosim_core::engine::KPI_NAMES[k]));
            }
        }
        // The summary a person reads is finite and serialises.
        let report = ecosim_core::output::RunReport::new(&m, &s, &r);
        serde_json::to_string(&report).map_err(|e| format!("the report does not serialise: {e}"))?;
        let _ = report.to_table();
        Ok(Outcome::Ran)
    }));
    match result {
        Ok(r) => r,
        Err(p) => Err(format!("panicked: {}", p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default())),
    }
}

/// Every problem of a refusal names where it is (a syntax error names its line instead).
fn named(problems: &[Problem]) -> Result<(), String> {
    match problems.iter().find(|p| p.path.is_empty() && !p.message.contains("line")) {
        Some(p) => Err(format!("a problem without a path: {p}")),
        None => Ok(()),
    }
}

fn base(name: &str) -> (Value, Value) {
    match name {
        "collab" => (collab_model(true), collab_scenario()),
        "simple" => (simple_model(), simple_scenario(20)),
        "shipped" => {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let read = |p: &str| serde_json::from_str::<Value>(&std::fs::read_to_string(root.join(p)).unwrap()).unwrap();
            (read("models/northwind-analytics.json"), read("scenarios/programs-over-recruiting.json"))
        }
        other => panic!("unknown base {other:?}"),
    }
}

/// Set `pointer` (RFC 6901) in `doc` to `value`, creating the last key of an object.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer has a key");
    let target = if parent.is_empty() { Some(&mut *doc) } else { doc.pointer_mut(parent) };
    match target.unwrap_or_else(|| panic!("no {parent} in the base document")) {
        Value::Object(o) => {
            o.insert(key.to_string(), value);
        }
        Value::Array(a) => {
            let i: usize = key.parse().expect("an array index");
            a[i] = value;
        }
        other => panic!("{parent} is {other}, not an object or array"),
    }
}

#[test]
fn every_case_of_the_campaign_is_refused_at_its_path_or_runs_finitely() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is committed: {}", files.len());
    for f in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let (mut model, mut scenario) = base(case["base"].as_str().unwrap());
        for edit in case["model"].as_array().unwrap() {
            set(&mut model, edit[0].as_str().unwrap(), edit[1].clone());
        }
        for edit in case["scenario"].as_array().unwrap() {
            set(&mut scenario, edit[0].as_str().unwrap(), edit[1].clone());
        }
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let outcome = exercise(&model, &scenario).unwrap_or_else(|e| panic!("{name}: {e}"));
        match (case["expect"].as_str().unwrap(), outcome) {
            ("refused", Outcome::Refused(problems)) => {
                named(&problems).unwrap_or_else(|e| panic!("{name}: {e}"));
                let want = case["path"].as_str().unwrap();
                assert!(problems.iter().any(|p| p.path == want), "{name}: refused, but not at {want}: {problems:?}");
            }
            ("runs", Outcome::Ran) => {}
            (want, got) => panic!("{name}: expected {want}, got {got:?}"),
        }
    }
}

#[test]
fn a_model_with_ten_thousand_regions_is_refused_before_anything_is_allocated() {
    let mut m = simple_model();
    let regions: Vec<Value> = (0..10_000).map(|i| json!({"id": format!("r{i}"), "name": format!("Region {i}")})).collect();
    m["market"]["regions"] = Value::Array(regions);
    let err = Model::from_json(&m.to_string()).unwrap_err().to_string();
    assert!(err.contains("market.regions: must list at most 100 regions"), "{err}");
}

#[test]
fn a_missing_field_is_named_by_its_own_path_and_non_utf8_by_its_byte() {
    let mut m = simple_model();
    m.as_object_mut().unwrap().remove("name");
    let problems = Model::from_json(&m.to_string()).unwrap_err().problems();
    assert_eq!((problems[0].path.as_str(), problems[0].message.as_str()), ("name", "is missing"));
    m["name"] = json!("x");
    m["market"].as_object_mut().unwrap().remove("regions");
    let problems = Model::from_json(&m.to_string()).unwrap_err().problems();
    assert_eq!(problems[0].path, "market.regions");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.json");
    std::fs::write(&bad, b"{\n  \"name\": \"Z\xfcrich\"\n}").unwrap();
    let err = Model::load(&bad).unwrap_err().to_string();
    assert!(err.contains("latin1.json") && err.contains("byte 14 (line 2)") && err.contains("UTF-8"), "{err}");
}

/// SplitMix64: the generator's own seeded randomness (the engine's streams are not for this).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every place in a document a mutation can land: (pointer, is a number).
fn leaves(v: &Value, at: String, out: &mut Vec<(String, bool)>) {
    match v {
        Value::Object(o) => {
            out.push((at.clone(), false));
            for (k, x) in o {
                leaves(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            out.push((at.clone(), false));
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{at}/{i}"), out);
            }
        }
        Value::Number(_) => out.push((at, true)),
        _ => out.push((at, false)),
    }
}

/// The values an attacker or a careless user types.
fn hostile(rng: &mut Rng) -> Value {
    let pick = [
        json!(0),
        json!(-1),
        json!(1e308),
        json!(-1e308),
        json!(1e-308),
        json!(1e9),
        json!(0.5),
        json!(2),
        json!(4294967295u64),
        json!(18446744073709551615u64),
        json!("x"),
        json!(null),
        json!({}),
        json!([]),
        json!(true),
        json!({"dist": "beta", "alpha": 1e300, "beta": 1e-300}),
        json!({"dist": "normal", "mean": 1e300, "sd": 1e300}),
        json!({"dist": "lognormal", "median": 1e12, "p90": 1e12}),
        json!({"dist": "uniform", "min": 5, "max": -5}),
        json!({"dist": "pert", "min": 0, "mode": 1, "max": 1}),
        json!({"dist": "triangular", "min": 0, "mode": 0, "max": 0}),
    ];
    pick[rng.below(pick.len())].clone()
}

fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut places = Vec::new();
    leaves(doc, String::new(), &mut places);
    let (at, number) = places[rng.below(places.len())].clone();
    if at.is_empty() {
        return;
    }
    let (parent, key) = at.rsplit_once('/').unwrap();
    let roll = rng.below(10);
    let Some(p) = (if parent.is_empty() { Some(&mut *doc) } else { doc.pointer_mut(parent) }) else { return };
    match (p, roll) {
        // Remove the key or element.
        (Value::Object(o), 0) => {
            o.remove(key);
        }
        (Value::Array(a), 0) => {
            let i: usize = key.parse().unwrap();
            if i < a.len() {
                a.remove(i);
            }
        }
        // Repeat an array element (two partners types or patterns with one id).
        (Value::Array(a), 1) => {
            let i: usize = key.parse().unwrap();
            if let Some(x) = a.get(i).cloned() {
                a.push(x);
            }
        }
        // A number scaled by a power of ten.
        (container, r) if number && r < 6 => {
            let slot = match container {
                Value::Object(o) => o.get_mut(key),
                Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
                _ => None,
            };
            if let Some(v) = slot {
                let x = v.as_f64().unwrap_or(1.0);
                let e = [-300, -9, -3, 3, 6, 9, 300][rng.below(7)];
                *v = json!(x * 10f64.powi(e));
            }
        }
        // Anything else: a hostile value in its place.
        (Value::Object(o), _) => {
            o.insert(key.to_string(), hostile(rng));
        }
        (Value::Array(a), _) => {
            if let Some(v) = key.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                *v = hostile(rng);
            }
        }
        _ => {}
    }
}

/// The starting documents: the collaboration market with programs and partner economics
/// added, the closed-form market, and the shipped model with one of its scenarios.
fn seeds() -> Vec<(Value, Value)> {
    let mut programs = collab_model(true);
    programs["programs"] = json!([
        {"id": "enable", "name": "Enablement", "kind": "enablement", "partner_types": ["reseller", "si"], "cost_per_partner_per_quarter": 2000, "effects": {"win_uplift": 0.3, "ramp_speedup": 0.5}},
        {"id": "mdf", "name": "MDF", "kind": "mdf", "partner_types": ["reseller"], "cost_per_partner_per_quarter": 3000, "top_share": 0.5, "effects": {"buy_rate_uplift": 0.6}}
    ]);
    programs["network"] = json!({"partner_types": {
        "reseller": {"min_earnings_per_quarter": 1000, "organic_per_quarter": 0.5, "driver": "peer_earnings", "reference": 5000, "elasticity": 1.0, "organic_max_per_quarter": 2},
        "si": {"organic_per_quarter": 0.3, "reference": 50, "elasticity": 0.8, "organic_max_per_quarter": 1}
    }});
    let mut sc = collab_scenario();
    sc["programs"] = json!({"enable": 1.0, "mdf": 0.5});
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped_model: Value = serde_json::from_str(&std::fs::read_to_string(root.join("models/northwind-analytics.json")).unwrap()).unwrap();
    let shipped_scenario: Value = serde_json::from_str(&std::fs::read_to_string(root.join("scenarios/programs-over-recruiting.json")).unwrap()).unwrap();
    vec![(programs, sc), (simple_model(), simple_scenario(20)), (shipped_model, shipped_scenario)]
}

#[test]
fn mutated_documents_never_crash_hang_or_go_unnamed() {
    let budget = Duration::from_secs(std::env::var("ECOSIM_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30));
    let seed = std::env::var("ECOSIM_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261201u64);
    let mut rng = Rng(seed);
    let seeds = seeds();
    // Quiet the panic hook: a caught panic is reported with its document below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let (mut documents, mut ran, mut refused) = (0u64, 0u64, 0u64);
    let mut failure = None;
    while started.elapsed() < budget && failure.is_none() {
        let (mut model, mut scenario) = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(3) {
            if rng.below(3) == 0 {
                mutate(&mut scenario, &mut rng);
            } else {
                mutate(&mut model, &mut rng);
            }
        }
        documents += 1;
        match exercise(&model, &scenario).and_then(|o| match o {
            Outcome::Refused(p) => named(&p).map(|_| false),
            Outcome::Ran => Ok(true),
        }) {
            Ok(true) => ran += 1,
            Ok(false) => refused += 1,
            Err(e) => failure = Some((e, model, scenario)),
        }
    }
    std::panic::set_hook(hook);
    if let Some((e, model, scenario)) = failure {
        panic!("document {documents} (seed {seed}): {e}\nmodel: {model}\nscenario: {scenario}");
    }
    eprintln!("{documents} mutated documents in {:?}: {ran} ran, {refused} refused, each at a path", started.elapsed());
    assert!(documents >= 20 && ran > 0 && refused > 0, "{documents} documents, {ran} ran, {refused} refused");
}

/// The parsed document types, for the compiler to check the seeds stay documents.
#[allow(dead_code)]
fn _types(_: MarketModelDoc, _: ScenarioDoc) {}
