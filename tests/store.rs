//! The scenario store on real database files in temporary folders: round trips, history,
//! trash, refused imports, migrations, files it must not touch, crashes mid-save, and the
//! `sqlite3` shell reading what the studio wrote.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use ecosim_core::engine::{run_simple, RunOptions, KPI_NAMES};
use ecosim_core::model::{MarketModelDoc, Scenario, ScenarioDoc};
use ecosim_core::output::RunReport;
use ecosim_store::{self as store, Imported, ScenarioRef, Store, StoreError, MIGRATIONS, SCHEMA_VERSION};
use rusqlite::Connection;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    v.sort();
    v
}

fn fresh() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.db");
    let store = Store::open(&path).unwrap();
    (dir, path, store)
}

fn id(st: &Store, slug: &str) -> i64 {
    st.resolve(ScenarioRef::Slug(slug)).unwrap()
}

/// Every row of every table, as text: what "nothing changed" compares.
fn dump(path: &Path) -> Vec<String> {
    let c = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(Result::unwrap);
        out.extend(rows.map(|r| format!("{t}: {r}")));
    }
    out
}

#[test]
fn shipped_content_is_embedded_and_seeds_a_new_database() {
    assert_eq!(ecosim_core::shipped::MODELS.len(), files("models").len(), "src/shipped.rs must list every file of models/");
    assert_eq!(ecosim_core::shipped::SCENARIOS.len(), files("scenarios").len(), "src/shipped.rs must list every file of scenarios/");
    let (_d, _p, st) = fresh();
    let listed = st.list_scenarios("", false).unwrap();
    assert_eq!(listed.len(), files("scenarios").len());
    let models = ["northwind-analytics", "meridian-data-cloud"];
    assert!(listed.iter().all(|s| s.version == 1 && models.contains(&s.model_slug.as_str()) && s.last_run.is_none()));
    assert_eq!(st.list_models().unwrap().len(), files("models").len());
}

#[test]
fn every_shipped_document_round_trips_through_the_store_and_an_export() {
    let (dir, _p, st) = fresh();
    for f in files("scenarios") {
        let on_disk = Scenario::load_doc(&f).unwrap();
        let stored = st.scenario(id(&st, &on_disk.id), None).unwrap();
        assert_eq!(stored.doc, on_disk, "{}", f.display());
    }
    for f in files("models") {
        let on_disk: MarketModelDoc = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let (_, model) = st.model(&on_disk.id).unwrap();
        assert_eq!(model.doc, on_disk);
    }
    // Export each scenario, self-contained, into another person's empty-of-it studio.
    let other_path = dir.path().join("other.db");
    let mut other = Store::open(&other_path).unwrap();
    for s in st.list_scenarios("", false).unwrap() {
        other.purge_for_test(&s.slug);
    }
    for s in st.list_scenarios("", false).unwrap() {
        let exported = st.export(s.id, None).unwrap();
        assert!(exported.embedded_model.is_some());
        let file = dir.path().join(format!("{}.json", s.slug));
        std::fs::write(&file, serde_json::to_string_pretty(&exported).unwrap()).unwrap();
        let what = other.import_file(&file).unwrap();
        assert!(matches!(&what, Imported::Scenario { slug, unchanged: false, model, .. } if *slug == s.slug && *model == s.model_slug), "{what:?}");
        let back = other.scenario(id(&other, &s.slug), None).unwrap().doc;
        assert_eq!(back, st.scenario(s.id, None).unwrap().doc);
        // Importing the same file again changes nothing.
        assert!(matches!(other.import_file(&file).unwrap(), Imported::Scenario { unchanged: true, .. }));
    }
    assert_eq!(other.list_models().unwrap().len(), files("models").len(), "each embedded model matched the stored one");
}

/// Test helper: empty a seeded studio of one scenario (trash, then purge).
trait PurgeForTest {
    fn purge_for_test(&mut self, slug: &str);
}
impl PurgeForTest for Store {
    fn purge_for_test(&mut self, slug: &str) {
        let i = id(self, slug);
        self.trash(i).unwrap();
        self.purge(i).unwrap();
    }
}

#[test]
fn saves_keep_every_version_and_any_can_be_restored() {
    let (_d, _p, mut st) = fresh();
    let i = id(&st, "reseller-heavy");
    let v1 = st.scenario(i, None).unwrap().doc;
    let mut doc = v1.clone();
    *doc.composition.get_mut("reseller").unwrap().get_mut("na").unwrap() += 10;
    assert_eq!(st.save_scenario(i, doc.clone(), "more resellers in NA").unwrap(), 2);
    // Saving the same document again writes nothing.
    assert_eq!(st.save_scenario(i, doc.clone(), "again").unwrap(), 2);
    assert_eq!(st.rename(i, "Resellers first").unwrap(), 3);
    let history = st.history(i).unwrap();
    assert_eq!(history.iter().map(|v| v.version).collect::<Vec<_>>(), vec![3, 2, 1]);
    assert_eq!(history[1].note, "more resellers in NA");
    assert_eq!(st.scenario(i, Some(1)).unwrap().doc, v1);
    assert_eq!(st.scenario_info(i).unwrap().name, "Resellers first");
    assert_eq!(st.restore_version(i, 1).unwrap(), 4);
    assert_eq!(st.scenario(i, None).unwrap().doc, v1);
    assert_eq!(st.scenario_info(i).unwrap().name, v1.name);
    assert!(matches!(st.scenario(i, Some(9)), Err(StoreError::NotFound { .. })));
    // A save that does not validate is refused with its problems and writes nothing.
    let mut bad = v1.clone();
    bad.horizon_quarters = 0;
    let err = st.save_scenario(i, bad, "bad").unwrap_err();
    assert!(err.to_string().contains("horizon_quarters: must be between 1 and 80 quarters, got 0"), "{err}");
    assert_eq!(st.history(i).unwrap().len(), 4);
    assert!(st.rename(i, "  ").unwrap_err().to_string().contains("name: must not be empty"));
}

#[test]
fn trash_restore_purge_and_duplicate() {
    let (_d, _p, mut st) = fresh();
    let i = id(&st, "two-tier-distribution");
    let dup = st.duplicate(i, "Two-tier, bolder").unwrap();
    let dup_info = st.scenario_info(dup).unwrap();
    assert_eq!(dup_info.slug, "two-tier-distribution-copy");
    assert_eq!(dup_info.name, "Two-tier, bolder");
    assert!(matches!(st.purge(i), Err(StoreError::Refused(_))), "only trashed scenarios can be purged");
    st.trash(i).unwrap();
    assert!(st.list_scenarios("", false).unwrap().iter().all(|s| s.id != i));
    assert_eq!(st.list_scenarios("", true).unwrap().iter().map(|s| s.id).collect::<Vec<_>>(), vec![i]);
    st.untrash(i).unwrap();
    assert!(st.list_scenarios("", false).unwrap().iter().any(|s| s.id == i));
    st.trash(dup).unwrap();
    st.purge(dup).unwrap();
    assert!(matches!(st.scenario_info(dup), Err(StoreError::NotFound { .. })));
    // Search: by name, id, description or model, case-insensitive; wildcards are literal.
    assert_eq!(st.list_scenarios("TWO-TIER", false).unwrap().len(), 1);
    assert_eq!(st.list_scenarios("hyperscaler", false).unwrap().len(), st.list_scenarios("Hyperscaler", false).unwrap().len());
    assert!(st.list_scenarios("s_i", false).unwrap().is_empty(), "_ matched as a wildcard");
    // (Counted from the shipped documents, so a new shipped scenario does not break the rule.)
    let shipped: Vec<ecosim_core::model::ScenarioDoc> = ecosim_core::shipped::SCENARIOS.iter().map(|t| serde_json::from_str(t).unwrap()).collect();
    let with_percent = shipped.iter().filter(|d| d.name.contains('%') || d.description.contains('%')).count();
    assert!(with_percent >= 2, "the shipped scenarios exercise a literal %");
    assert_eq!(st.list_scenarios("%", false).unwrap().len(), with_percent, "only the descriptions with a literal %");
    assert_eq!(st.list_scenarios("northwind", false).unwrap().len(), shipped.iter().filter(|d| d.model == "northwind-analytics").count());
}

#[test]
fn runs_are_recorded_with_results_that_reopen_without_simulating() {
    let (_d, path, mut st) = fresh();
    let i = id(&st, "si-isv-solutions");
    let (loaded, sv, mv) = st.load_for_run(i).unwrap();
    let mut opts = RunOptions::for_scenario(&loaded.scenario);
    opts.trials = 200;
    let run_id = st.begin_run(sv, mv, &opts).unwrap();
    assert_eq!(st.run_info(run_id).unwrap().status, "running");
    let result = run_simple(&loaded.model, &loaded.scenario, &opts).unwrap();
    let report = RunReport::new(&loaded.model, &loaded.scenario, &result);
    let cols: Vec<(&str, &[f64])> = KPI_NAMES.iter().zip(&result.kpis).take(3).map(|(n, v)| (*n, &v[..])).collect();
    st.finish_run(run_id, &report, &cols).unwrap();
    drop(st);
    let st = Store::open(&path).unwrap();
    let info = st.run_info(run_id).unwrap();
    assert_eq!((info.status.as_str(), info.trials, info.seed, info.scenario_version, info.model_version), ("completed", 200, opts.seed, 1, 1));
    assert_eq!(info.total_revenue_p50, Some(report.kpis.total_revenue.p50));
    assert_eq!(st.run_report(run_id).unwrap(), report);
    assert_eq!(st.run_trials(run_id, "total_revenue").unwrap(), result.kpis[0]);
    assert_eq!(st.list_runs(Some(i), 10).unwrap().len(), 1);
    assert_eq!(st.list_scenarios("si-isv", false).unwrap()[0].last_run.as_ref().map(|r| r.id), Some(run_id));
    assert_eq!(st.history(i).unwrap()[0].runs, 1);
}

#[test]
fn invalid_imports_are_refused_with_their_problems_and_change_nothing() {
    let (dir, path, mut st) = fresh();
    let before = dump(&path);
    let model_text = std::fs::read_to_string(root().join("models/northwind-analytics.json")).unwrap();
    let scenario_text = std::fs::read_to_string(root().join("scenarios/balanced-ecosystem.json")).unwrap();
    let mut bad_model: serde_json::Value = serde_json::from_str(&model_text).unwrap();
    bad_model["id"] = "another-model".into();
    bad_model["partner_types"][0]["win_rate"] = serde_json::json!(1.4);
    let mut bad_scenario: serde_json::Value = serde_json::from_str(&scenario_text).unwrap();
    bad_scenario["id"] = "new-one".into();
    bad_scenario["composition"]["reseller"]["mars"] = 3.into();
    let mut orphan: serde_json::Value = serde_json::from_str(&scenario_text).unwrap();
    orphan["id"] = "orphan".into();
    orphan["model"] = "nowhere".into();
    let mut embedded_bad: serde_json::Value = serde_json::from_str(&scenario_text).unwrap();
    embedded_bad["id"] = "embedded".into();
    embedded_bad["embedded_model"] = bad_model.clone();
    embedded_bad["model"] = "another-model".into();
    let cases: Vec<(&str, String, &str)> = vec![
        ("not-json.json", "{ \"schema_version\": 1,, }".into(), "not valid JSON at line 1"),
        ("bad-model.json", bad_model.to_string(), "partner_types[0].win_rate: must be between 0 and 1, got 1.4"),
        ("bad-scenario.json", bad_scenario.to_string(), "composition.reseller.mars: unknown region \"mars\""),
        ("orphan.json", orphan.to_string(), "model: the market model \"nowhere\" is not in the studio"),
        ("embedded.json", embedded_bad.to_string(), "partner_types[0].win_rate: must be between 0 and 1, got 1.4"),
        ("future.json", scenario_text.replace("\"schema_version\": 2", "\"schema_version\": 9"), "schema_version: is 9, written by a newer version"),
    ];
    for (name, text, wanted) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let err = st.import_file(&file).unwrap_err();
        assert!(err.to_string().contains(wanted), "{name}: {err}");
        assert_eq!(dump(&path), before, "{name} changed the database");
    }
    assert!(matches!(st.import_file(&dir.path().join("missing.json")), Err(StoreError::Invalid(_))));
    assert_eq!(dump(&path), before);
}

#[test]
fn a_different_document_with_a_taken_id_is_imported_beside_never_over() {
    let (dir, _p, mut st) = fresh();
    let mut doc: ScenarioDoc = st.scenario(id(&st, "reseller-heavy"), None).unwrap().doc;
    doc.horizon_quarters = 8;
    let file = dir.path().join("theirs.json");
    std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
    let what = st.import_file(&file).unwrap();
    assert!(matches!(&what, Imported::Scenario { slug, unchanged: false, .. } if slug == "reseller-heavy-2"), "{what:?}");
    assert_eq!(st.scenario(id(&st, "reseller-heavy"), None).unwrap().doc.horizon_quarters, 12, "ours is untouched");
}

/// A database at schema version `v`: the first `v` migrations, with a scenario, a run and its
/// results where the schema has room for them.
fn database_at(path: &Path, v: usize) {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "foreign_keys", true).unwrap();
    for m in &MIGRATIONS[..v] {
        c.execute_batch(m).unwrap();
    }
    if v >= 1 {
        c.pragma_update(None, "application_id", 0x4543_4F53).unwrap();
        let model = std::fs::read_to_string(root().join("models/northwind-analytics.json")).unwrap();
        let scenario = std::fs::read_to_string(root().join("scenarios/reseller-heavy.json")).unwrap();
        c.execute_batch(&format!(
            "INSERT INTO models (id, slug, name) VALUES (1, 'northwind-analytics', 'Northwind');
             INSERT INTO model_versions (model_id, version, schema_version, document) VALUES (1, 1, 1, '{}');
             INSERT INTO scenarios (id, slug, name, model_id) VALUES (1, 'reseller-heavy', 'Old name', 1);
             INSERT INTO scenario_versions (scenario_id, version, schema_version, document) VALUES (1, 1, 1, '{}');
             INSERT INTO runs (scenario_version_id, model_version_id, engine_version, seed, trials, sampling, status)
                 VALUES (1, 1, '0.1.0', 42, 10, 'monte_carlo', 'failed');",
            model.replace('\'', "''"),
            scenario.replace('\'', "''")
        ))
        .unwrap();
    }
    c.pragma_update(None, "user_version", v as i64).unwrap();
}

#[test]
fn every_earlier_schema_migrates_to_the_current_one() {
    assert!(SCHEMA_VERSION >= 2);
    for v in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        database_at(&path, v);
        let st = Store::open(&path).unwrap_or_else(|e| panic!("from version {v}: {e}"));
        let report = st.check_all().unwrap();
        assert!(report.is_clean(), "from version {v}: {:?}", report.lines());
        let c = Connection::open(&path).unwrap();
        assert_eq!(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), SCHEMA_VERSION as i64);
        if v >= 1 {
            // The data written under the old schema is all there.
            assert_eq!(st.list_scenarios("", false).unwrap().len(), 1, "from version {v}");
            assert_eq!(st.list_runs(None, 10).unwrap()[0].status, "failed");
        } else {
            assert_eq!(st.list_scenarios("", false).unwrap().len(), files("scenarios").len());
        }
        // And it takes new writes.
        drop(st);
        let mut st = Store::open(&path).unwrap();
        let i = id(&st, "reseller-heavy");
        st.rename(i, "After the migration").unwrap();
    }
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Close the database cleanly: WAL checkpointed into the main file.
fn settled_database(dir: &Path) -> PathBuf {
    let path = dir.join("studio.db");
    drop(Store::open(&path).unwrap());
    path
}

#[test]
fn files_the_studio_cannot_use_get_a_clear_error_and_are_left_untouched() {
    let dir = tempfile::tempdir().unwrap();

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "These are my meeting notes, not a database. ".repeat(10)).unwrap();
    let before = bytes(&text);
    let err = Store::open(&text).err().expect("refused");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("is not an Ecosim Studio database (it is not a SQLite file)"), "{err}");
    assert_eq!(bytes(&text), before);

    let corrupt = settled_database(&tempfile::tempdir_in(dir.path()).unwrap().keep());
    let mut b = bytes(&corrupt);
    let page = 4096;
    for p in (1..b.len() / page).step_by(2) {
        b[p * page..p * page + 8].copy_from_slice(&[0xFF; 8]);
    }
    std::fs::write(&corrupt, &b).unwrap();
    let err = Store::open(&corrupt).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    assert_eq!(bytes(&corrupt), b);

    let newer = settled_database(&tempfile::tempdir_in(dir.path()).unwrap().keep());
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = bytes(&newer);
    let err = Store::open(&newer).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("written by a newer version of Ecosim Studio (database schema 99"), "{err}");
    assert_eq!(bytes(&newer), before);
    // Refused after SQLite opened it: no write-ahead log or index is left beside it.
    for ext in ["-wal", "-shm"] {
        assert!(!Path::new(&format!("{}{ext}", newer.display())).exists(), "{ext} left beside a refused file");
    }
    for f in [&corrupt] {
        for ext in ["-wal", "-shm"] {
            assert!(!Path::new(&format!("{}{ext}", f.display())).exists(), "{ext} left beside {}", f.display());
        }
    }

    let readonly = settled_database(&tempfile::tempdir_in(dir.path()).unwrap().keep());
    let before = bytes(&readonly);
    let mut perms = std::fs::metadata(&readonly).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&readonly, perms).unwrap();
    let err = Store::open(&readonly).err().expect("refused");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("is read-only"), "{err}");
    assert_eq!(bytes(&readonly), before);

    let foreign = dir.path().join("other-app.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE contacts (name TEXT);").unwrap();
    let before = bytes(&foreign);
    let err = Store::open(&foreign).err().expect("refused");
    assert!(err.to_string().contains("another program's SQLite database"), "{err}");
    assert_eq!(bytes(&foreign), before);

    // The way out: move it aside (nothing deleted) and start fresh.
    let moved = store::move_aside(&text).unwrap();
    assert_eq!(bytes(&moved), before_text());
    assert!(Store::open(&text).is_ok());

    fn before_text() -> Vec<u8> {
        "These are my meeting notes, not a database. ".repeat(10).into_bytes()
    }
}

#[test]
fn two_connections_writing_at_once_wait_instead_of_failing() {
    let (_d, path, st) = fresh();
    drop(st);
    let writers: Vec<_> = ["reseller-heavy", "two-tier-distribution"]
        .into_iter()
        .map(|slug| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut st = Store::open(&path).unwrap();
                let i = id(&st, slug);
                for n in 0..25 {
                    st.rename(i, &format!("{slug} {n}")).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("no writer failed");
    }
    let st = Store::open(&path).unwrap();
    assert_eq!(st.history(id(&st, "reseller-heavy")).unwrap().len(), 26);
    assert_eq!(st.history(id(&st, "two-tier-distribution")).unwrap().len(), 26);
}

#[test]
fn two_duplicates_of_one_scenario_at_once_both_succeed_with_their_own_ids() {
    let (_d, path, st) = fresh();
    let source = id(&st, "reseller-heavy");
    drop(st);
    for round in 0..20 {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let copies: Vec<_> = (0..2)
            .map(|w| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut st = Store::open(&path).unwrap();
                    barrier.wait();
                    st.duplicate(source, &format!("Copy {round}.{w}")).expect("a duplicate at the same moment as another succeeds")
                })
            })
            .collect();
        let ids: Vec<i64> = copies.into_iter().map(|c| c.join().expect("no writer panicked")).collect();
        assert_ne!(ids[0], ids[1]);
    }
    let st = Store::open(&path).unwrap();
    let copies = st.list_scenarios("Copy ", false).unwrap();
    assert_eq!(copies.len(), 40, "40 duplicates, each its own scenario");
    let slugs: std::collections::BTreeSet<&str> = copies.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs.len(), 40, "each with its own id: {slugs:?}");
}

const CHILD_ENV: &str = "ECOSIM_STORE_CRASH_CHILD";

/// The child of the crash campaign: imports, renames, duplicates, restores and stored runs in
/// a loop, printing what each committed only after its transaction did. Runs only when the
/// campaign starts it.
#[test]
#[ignore = "started by killed_at_random_the_database_keeps_every_committed_change"]
fn crash_child_changes_the_studio_in_a_loop() {
    let Some(path) = std::env::var_os(CHILD_ENV) else { return };
    let mut st = Store::open(Path::new(&path)).unwrap();
    let i = id(&st, "balanced-ecosystem");
    let base = st.scenario(i, None).unwrap().doc;
    let pid = std::process::id();
    for n in 0u64.. {
        match n % 5 {
            0 => {
                let v = st.rename(i, &format!("crash test {pid}.{n} {}", "x".repeat((n % 7) as usize * 500))).unwrap();
                println!("committed version {v}");
            }
            1 => {
                let copy = st.duplicate(i, &format!("Copy {pid}.{n}")).unwrap();
                println!("committed scenario {copy}");
            }
            2 => {
                let v = st.restore_version(i, 1 + (n as i64 % 3)).unwrap();
                println!("committed version {v}");
            }
            3 => {
                let mut doc = base.clone();
                doc.id = format!("imported-{pid}-{n}");
                doc.name = format!("Imported {pid}.{n}");
                match st.import_text(&serde_json::to_string(&doc).unwrap(), "crash campaign").unwrap() {
                    Imported::Scenario { slug, .. } => println!("committed import {slug}"),
                    other => panic!("{other:?}"),
                }
            }
            _ => {
                let (loaded, sv, mv) = st.load_for_run(i).unwrap();
                let mut opts = RunOptions::for_scenario(&loaded.scenario);
                opts.trials = 30;
                let run = st.begin_run(sv, mv, &opts).unwrap();
                let result = run_simple(&loaded.model, &loaded.scenario, &opts).unwrap();
                let cols: Vec<(&str, &[f64])> = KPI_NAMES.iter().zip(&result.kpis).take(3).map(|(n, v)| (*n, &v[..])).collect();
                st.finish_run(run, &RunReport::new(&loaded.model, &loaded.scenario, &result), &cols).unwrap();
                println!("committed run {run}");
            }
        }
    }
}

/// The SIGKILL campaign kept as a test (issue 11): 100 kills at random moments of imports,
/// renames, duplicates, restores and stored runs. After each, the file opens, every check is
/// clean (SQLite's and every row's checksum), everything reported committed is there, and no
/// run is left "running".
#[test]
fn killed_at_random_the_database_keeps_every_committed_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = settled_database(dir.path());
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut committed: Vec<String> = Vec::new();
    let rounds = 100;
    for round in 0..rounds {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["crash_child_changes_the_studio_in_a_loop", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).filter_map(|l| l.strip_prefix("committed ").map(str::to_string)).collect::<Vec<_>>());
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_millis(20 + rng % 300));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        committed.extend(reader.join().unwrap());
        let st = Store::open(&path).unwrap_or_else(|e| panic!("round {round}: the database does not open after the kill: {e}"));
        let check = st.check_all().unwrap();
        assert!(check.is_clean(), "round {round}: {:?}", check.lines());
        let i = id(&st, "balanced-ecosystem");
        let versions: Vec<i64> = st.history(i).unwrap().iter().map(|v| v.version).collect();
        for c in &committed {
            let (kind, what) = c.split_once(' ').unwrap();
            match kind {
                "version" => assert!(versions.contains(&what.parse().unwrap()), "round {round}: version {what} was reported committed but is missing"),
                "scenario" => assert!(st.scenario(what.parse().unwrap(), None).is_ok(), "round {round}: duplicate {what} is missing"),
                "import" => assert!(st.resolve(ScenarioRef::Slug(what)).is_ok(), "round {round}: import {what} is missing"),
                "run" => {
                    let run: i64 = what.parse().unwrap();
                    assert_eq!(st.run_info(run).unwrap().status, "completed", "round {round}: run {run}");
                    assert!(st.run_report(run).is_ok() && st.run_trials(run, "total_revenue").is_ok(), "round {round}: run {run} reads");
                }
                _ => unreachable!("{c}"),
            }
        }
        assert!(st.list_runs(None, 10_000).unwrap().iter().all(|r| r.status != "running"), "round {round}: a killed run is left running");
    }
    let kinds = |k: &str| committed.iter().filter(|c| c.starts_with(k)).count();
    eprintln!("{rounds} kills; committed before them: {} versions, {} duplicates, {} imports, {} runs", kinds("version"), kinds("scenario"), kinds("import"), kinds("run"));
    for k in ["version", "scenario", "import", "run"] {
        assert!(kinds(k) >= 5, "the campaign reached {k} changes only {} times", kinds(k));
    }
}

#[test]
fn the_sqlite3_shell_reads_the_studio_database() {
    let (_d, path, st) = fresh();
    drop(st);
    let out = match Command::new("sqlite3").arg(&path).arg("PRAGMA integrity_check; SELECT count(*) FROM scenarios;").output() {
        Ok(o) => o,
        Err(e) if std::env::var_os("ECOSIM_REQUIRE_TOOLS").is_none() => {
            eprintln!("skipped: sqlite3 is not installed ({e}); `cargo xtask ci` installs it");
            return;
        }
        Err(e) => panic!("sqlite3 is required here: {e}"),
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("ok\n{}\n", files("scenarios").len()));
}

/// A run whose process died is marked interrupted when the studio next opens; a run of a live
/// process (the app and the CLI share the file) is left running.
#[cfg(target_os = "linux")]
#[test]
fn runs_left_running_by_a_dead_process_are_marked_interrupted_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.db");
    let mut st = Store::open(&path).unwrap();
    let (loaded, sv, mv) = st.load_for_run(id(&st, "reseller-heavy")).unwrap();
    let opts = ecosim_core::engine::RunOptions::for_scenario(&loaded.scenario);
    let dead_run = st.begin_run(sv, mv, &opts).unwrap();
    let live_run = st.begin_run(sv, mv, &opts).unwrap();
    let own_run = st.begin_run(sv, mv, &opts).unwrap();
    drop(st);
    // A process that has exited, and one that is alive while the store opens.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    let mut alive = std::process::Command::new("sleep").arg("30").spawn().unwrap();
    let c = Connection::open(&path).unwrap();
    c.execute("UPDATE runs SET owner_pid = ?2 WHERE id = ?1", rusqlite::params![dead_run, gone_pid as i64]).unwrap();
    c.execute("UPDATE runs SET owner_pid = ?2 WHERE id = ?1", rusqlite::params![live_run, alive.id() as i64]).unwrap();
    drop(c);
    let st = Store::open(&path).unwrap();
    let dead = st.run_info(dead_run).unwrap();
    assert_eq!(dead.status, "failed");
    assert!(dead.error.as_deref().unwrap().starts_with("interrupted"), "{:?}", dead.error);
    assert!(dead.finished_at.is_some());
    assert_eq!(st.run_info(live_run).unwrap().status, "running", "a live process's run is left alone");
    assert_eq!(st.run_info(own_run).unwrap().status, "running", "this process's own run is left alone");
    alive.kill().unwrap();
    alive.wait().unwrap();
    drop(st);
    assert_eq!(Store::open(&path).unwrap().run_info(live_run).unwrap().status, "failed", "once its process is gone");
}
