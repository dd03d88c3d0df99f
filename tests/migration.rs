//! Schema 1 keeps working: files, a studio database made by the previous release, imports.
//!
//! The fixtures under `tests/fixtures/schema1/` are the documents the studio shipped before
//! schema 2 (kept as they were), a schema-1 design whose flows were within every schema-2
//! capacity, and a database written by the previous release (engine 0.1.0) with one stored run.

use std::path::{Path, PathBuf};

use ecosim_core::engine::{run_simple, Counterfactuals, RunOptions};
use ecosim_core::model::{load_scenario, RevenueRecognition, SCHEMA_VERSION};
use ecosim_core::output::RunReport;
use ecosim_store::{ScenarioRef, Store, UPGRADE_NOTE};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join("schema1")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    v.sort();
    v
}

#[test]
fn every_schema1_document_shipped_before_loads_migrated_and_runs() {
    let scenarios = json_files(&fixtures().join("scenarios"));
    assert_eq!(scenarios.len(), 5, "the five schema-1 scenarios shipped before schema 2");
    for path in scenarios {
        let l = load_scenario(&path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(l.model.read_as_version, 1);
        assert_eq!(l.model.doc.schema_version, SCHEMA_VERSION);
        assert_eq!(l.model.doc.revenue_recognition, RevenueRecognition::OneTime);
        assert_eq!(l.scenario.doc.schema_version, SCHEMA_VERSION);
        let mut o = RunOptions::for_scenario(&l.scenario);
        o.trials = 100;
        o.counterfactuals = Counterfactuals::Total;
        let r = run_simple(&l.model, &l.scenario, &o).unwrap();
        let rep = RunReport::new(&l.model, &l.scenario, &r);
        assert!(rep.kpis.total_revenue.mean > 0.0, "{}", path.display());
        // One-time revenue: bookings are revenue, and there is no ARR.
        assert!((rep.kpis.total_revenue.mean - rep.kpis.bookings.mean).abs() <= 1e-6 * rep.kpis.bookings.mean);
        assert_eq!(rep.kpis.arr_final.max, 0.0);
        // The migrated document is a valid schema-2 document on its own.
        let text = serde_json::to_string(&l.model.doc).unwrap();
        let again = ecosim_core::model::Model::from_json(&text).unwrap();
        assert_eq!(again.read_as_version, SCHEMA_VERSION);
    }
}

/// Mean, P10 and P90 of total revenue of `within-capacity/scenarios/collab.json` (2,000
/// trials, Latin hypercube, seed 11) as engine 0.1.0 (schema 1) computed them.
const SCHEMA1_TOTAL_REVENUE: (f64, f64, f64) = (8_176_753.209723801, 5_406_477.274095618, 11_244_012.156640965);

#[test]
fn a_schema1_design_within_capacity_earns_what_it_earned_before() {
    let l = load_scenario(&fixtures().join("within-capacity").join("scenarios").join("collab.json"), None).unwrap();
    let r = run_simple(&l.model, &l.scenario, &RunOptions::for_scenario(&l.scenario)).unwrap();
    let rep = RunReport::new(&l.model, &l.scenario, &r);
    let t = rep.kpis.total_revenue;
    let (mean, p10, p90) = SCHEMA1_TOTAL_REVENUE;
    for (what, got, want) in [("mean", t.mean, mean), ("P10", t.p10, p10), ("P90", t.p90, p90)] {
        assert!((got - want).abs() <= 1e-9 * want, "{what}: schema 2 gives {got}, schema 1 gave {want}");
    }
}

#[test]
fn a_schema1_database_opens_upgrades_its_documents_and_keeps_its_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("studio.db");
    std::fs::copy(fixtures().join("studio-schema1.db"), &db).unwrap();
    let mut store = Store::open(&db).unwrap();
    // The person is told once, in a sentence naming the model, and never again.
    let notices = store.take_notices().unwrap();
    assert_eq!(notices.len(), 2, "one notice per upgraded model: {notices:?}");
    assert!(notices[0].contains("Northwind") && notices[0].contains("and its 5 scenarios were upgraded to schema 2") && notices[0].contains("previous engine"), "{}", notices[0]);
    assert!(notices[1].contains("and its scenario were upgraded"), "{}", notices[1]);
    assert!(store.take_notices().unwrap().is_empty(), "a notice is handed out once");
    // The stored run of the previous engine is still readable, with its engine version.
    let runs = store.list_runs(None, 100).unwrap();
    assert!(!runs.is_empty());
    let old = &runs[runs.len() - 1];
    assert_eq!(old.engine_version, "0.1.0");
    let report = store.run_report(old.id).unwrap();
    assert!(report.kpis.total_revenue.mean > 0.0);
    assert!(report.kpis.ecosystem_multiplier.is_some(), "the old per-trial-ratio summary is read as its mean");
    assert_eq!(report.revenue_recognition, RevenueRecognition::OneTime);
    // Every scenario's latest version is schema 2, upgraded with a note saying so.
    let id = store.resolve(ScenarioRef::Slug("balanced-ecosystem")).unwrap();
    let s = store.scenario(id, None).unwrap();
    assert_eq!(s.doc.schema_version, SCHEMA_VERSION);
    let history = store.history(id).unwrap();
    assert!(history.iter().any(|v| v.note == UPGRADE_NOTE), "history: {:?}", history.iter().map(|v| &v.note).collect::<Vec<_>>());
    // It runs on the migrated (one-time) model, and the old version is still there.
    let (loaded, _, _) = store.load_for_run(id).unwrap();
    assert_eq!(loaded.model.doc.revenue_recognition, RevenueRecognition::OneTime);
    let mut o = RunOptions::for_scenario(&loaded.scenario);
    o.trials = 50;
    assert!(run_simple(&loaded.model, &loaded.scenario, &o).unwrap().kpis[0].iter().sum::<f64>() > 0.0);
    assert!(store.scenario(id, Some(1)).is_ok());
    assert!(store.check().unwrap().is_empty(), "the database checks out after the upgrade");
    // Opening again changes nothing more.
    drop(store);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.history(id).unwrap().len(), history.len());
    assert!(store.take_notices().unwrap().is_empty());
}

#[test]
fn a_schema1_file_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("studio.db")).unwrap();
    let model = fixtures().join("within-capacity").join("models").join("collab.json");
    let scenario = fixtures().join("within-capacity").join("scenarios").join("collab.json");
    store.import_file(&model).unwrap();
    store.import_file(&scenario).unwrap();
    let id = store.resolve(ScenarioRef::Slug("collab")).unwrap();
    let (loaded, _, _) = store.load_for_run(id).unwrap();
    assert_eq!(loaded.model.doc.revenue_recognition, RevenueRecognition::OneTime);
    assert_eq!(loaded.scenario.doc.schema_version, SCHEMA_VERSION);
}
