//! The `ecosim` binary as a person meets it: real files in a temporary folder, real output.

use ecosim_tests as common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ecosim(args: &[&str], dir: &Path) -> Output {
    // Every run is stored: in the test's own folder, never in the person's data folder.
    Command::new(env!("CARGO_BIN_EXE_ecosim")).args(args).current_dir(dir).env("ECOSIM_DB", dir.join("studio.db")).output().expect("ecosim starts")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A temp folder laid out like the repository: models/ and scenarios/.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::write(dir.path().join("models/collab.json"), serde_json::to_string_pretty(&common::collab_model(true)).unwrap()).unwrap();
    let scenario = dir.path().join("scenarios/collab.json");
    std::fs::write(&scenario, serde_json::to_string_pretty(&common::collab_scenario()).unwrap()).unwrap();
    (dir, scenario)
}

#[test]
fn run_prints_a_json_document_with_every_kpi_summary() {
    let (dir, _) = workspace();
    let out = ecosim(&["run", "scenarios/collab.json", "--trials", "200", "--seed", "5", "--format", "json"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    for key in ["engine_version", "scenario", "model", "seed", "trials", "horizon_quarters", "currency", "kpis", "by_quarter", "by_partner_type", "by_cell", "by_pattern"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["seed"], 5);
    assert_eq!(v["trials"], 200);
    assert_eq!(v["horizon_quarters"], 8);
    assert_eq!(v["currency"], "USD");
    // The multiplier is a ratio of means: one number (null when undefined).
    assert!(v["kpis"]["ecosystem_multiplier"].as_f64().is_some_and(|m| m > 0.0), "{}", v["kpis"]["ecosystem_multiplier"]);
    for kpi in [
        "total_revenue",
        "final_quarter_revenue",
        "coverage_final",
        "net_contribution",
        "inter_partner_revenue",
        "net_inter_partner_value",
        "bookings",
        "arr_final",
        "referrals_unserved",
        "active_partners_final",
        "probability_of_target",
    ] {
        let s = &v["kpis"][kpi];
        for stat in ["mean", "std_dev", "std_error", "min", "max", "p5", "p10", "p25", "p50", "p75", "p90", "p95"] {
            assert!(s[stat].is_number(), "kpis.{kpi}.{stat} is not a number: {s}");
        }
        let (p10, p50, p90) = (s["p10"].as_f64().unwrap(), s["p50"].as_f64().unwrap(), s["p90"].as_f64().unwrap());
        assert!(p10 <= p50 && p50 <= p90, "{kpi}: percentiles out of order");
    }
    assert_eq!(v["by_quarter"].as_array().unwrap().len(), 8);
    assert_eq!(v["by_cell"].as_array().unwrap().len(), 4);
    assert_eq!(v["by_pattern"].as_array().unwrap().len(), 3);
    assert!(v["kpis"]["total_revenue"]["mean"].as_f64().unwrap() > 0.0);
}

#[test]
fn same_seed_same_output_and_out_file() {
    let (dir, _) = workspace();
    let args = ["run", "scenarios/collab.json", "--trials", "150", "--format", "json", "--threads", "1", "--out", "a.json"];
    assert!(ecosim(&args, dir.path()).status.success());
    let mut args2 = args;
    args2[7] = "2";
    args2[9] = "b.json";
    assert!(ecosim(&args2, dir.path()).status.success());
    let read = |f: &str| {
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join(f)).unwrap()).unwrap();
        v["wall_seconds"] = 0.into();
        v
    };
    assert_eq!(read("a.json"), read("b.json"));
}

#[test]
fn table_output_is_aligned_with_units_and_separators() {
    let (dir, _) = workspace();
    let out = ecosim(&["run", "scenarios/collab.json", "--trials", "200"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("Total revenue"), "{t}");
    assert!(t.contains('$') && t.contains(','), "money with separators: {t}");
    assert!(t.contains('%') && !t.contains(" %"), "percentages, written as the app writes them (26.4%): {t}");
    // Columns line up: the KPI rows share their length.
    let rows: Vec<&str> = t.lines().skip_while(|l| !l.starts_with("KPI")).skip(2).take_while(|l| !l.is_empty() && !l.starts_with("Chance of meeting the target")).collect();
    assert!(rows.len() >= 6);
    let widths: Vec<usize> = rows.iter().map(|r| r.chars().count()).collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "ragged table: {widths:?}\n{t}");
    // No progress bar when stderr is not a terminal.
    assert!(out.stderr.is_empty(), "stderr: {}", text(&out.stderr));
}

#[test]
fn validate_lists_problems_and_exits_non_zero() {
    let (dir, _) = workspace();
    let mut bad = common::collab_model(true);
    bad["partner_types"][0]["win_rate"] = 1.4.into();
    bad["conflict"]["loss_share"] = (-1).into();
    std::fs::write(dir.path().join("bad.json"), bad.to_string()).unwrap();
    std::fs::write(dir.path().join("broken.json"), "{ \"schema_version\": 1,").unwrap();
    let out = ecosim(&["validate", "models/collab.json", "scenarios/collab.json", "bad.json", "broken.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out.stdout);
    assert!(t.contains("ok    models/collab.json"), "{t}");
    assert!(t.contains("ok    scenarios/collab.json"), "{t}");
    assert!(t.contains("FAIL  bad.json"), "{t}");
    assert!(t.contains("partner_types[0].win_rate: must be between 0 and 1, got 1.4"), "{t}");
    assert!(t.contains("conflict.loss_share: must be between 0 and 1, got -1"), "{t}");
    assert!(t.contains("FAIL  broken.json") && t.contains("not valid JSON at line 1"), "{t}");
    assert!(text(&out.stderr).contains("2 of 4 files invalid"));
    let ok = ecosim(&["validate", "models/collab.json"], dir.path());
    assert!(ok.status.success());
}

#[test]
fn bad_arguments_and_missing_models_are_clear_errors() {
    let (dir, _) = workspace();
    let out = ecosim(&["run", "scenarios/collab.json", "--trials", "0"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--trials"), "{}", text(&out.stderr));
    let out = ecosim(&["run", "nowhere.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read nowhere.json"), "{}", text(&out.stderr));
    std::fs::remove_file(dir.path().join("models/collab.json")).unwrap();
    let out = ecosim(&["run", "scenarios/collab.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the model \"collab\" was not found"), "{}", text(&out.stderr));
}

#[test]
fn schema_command_prints_the_published_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = ecosim(&["schema", "scenario"], dir.path());
    assert!(out.status.success());
    let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/scenario.schema.json")).unwrap();
    assert_eq!(text(&out.stdout), committed);
}

#[test]
fn the_store_commands_as_a_person_uses_them() {
    let (dir, _) = workspace();
    let d = dir.path();
    // A new database is seeded with the shipped scenarios.
    let out = ecosim(&["scenarios", "list"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("balanced-ecosystem"), "{}", text(&out.stdout));
    // Import: a valid model and scenario, then an invalid one that is refused with its problem.
    let out = ecosim(&["scenarios", "import", "models/collab.json", "scenarios/collab.json"], d);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let mut bad = common::collab_scenario();
    bad["id"] = "bad".into();
    bad["horizon_quarters"] = 0.into();
    std::fs::write(d.join("bad.json"), bad.to_string()).unwrap();
    let out = ecosim(&["scenarios", "import", "bad.json"], d);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("horizon_quarters: must be between 1 and 80 quarters, got 0"), "{}", text(&out.stdout));
    // Run the stored scenario by its id; the run is stored and reopens as it was.
    let out = ecosim(&["run", "collab", "--trials", "150", "--format", "json"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ran: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = ecosim(&["runs", "list", "collab"], d);
    assert!(text(&out.stdout).contains("completed"), "{}", text(&out.stdout));
    let out = ecosim(&["runs", "show", "1", "--format", "json"], d);
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown, ran);
    // Running the file again records against the same scenario, without a new version.
    let out = ecosim(&["run", "scenarios/collab.json", "--trials", "100"], d);
    assert!(out.status.success());
    let out = ecosim(&["scenarios", "history", "collab"], d);
    assert_eq!(text(&out.stdout).lines().count(), 3, "one version: {}", text(&out.stdout));
    // Export is self-contained: a scenario file another studio can import.
    let out = ecosim(&["scenarios", "export", "collab", "--out", "shared.json"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join("shared.json")).unwrap()).unwrap();
    assert_eq!(exported["embedded_model"]["id"], "collab");
    let other = Command::new(env!("CARGO_BIN_EXE_ecosim")).args(["--db", "other.db", "scenarios", "import", "shared.json"]).current_dir(d).output().unwrap();
    assert!(other.status.success(), "{}", text(&other.stdout));
    // Trash and back.
    assert!(ecosim(&["scenarios", "delete", "collab"], d).status.success());
    assert!(!text(&ecosim(&["scenarios", "list"], d).stdout).contains("collab"));
    assert!(ecosim(&["scenarios", "restore", "collab"], d).status.success());
    assert!(text(&ecosim(&["scenarios", "list"], d).stdout).contains("collab"));
    // Maintenance.
    assert!(text(&ecosim(&["db", "check"], d).stdout).starts_with("ok"));
    assert!(ecosim(&["db", "backup", "backup.db"], d).status.success());
    assert!(ecosim(&["db", "backup", "backup.db"], d).status.code() == Some(1), "a backup never overwrites a file");
    // A file that is not a database: refused, untouched, and `db fresh` moves it aside.
    std::fs::write(d.join("notes.db"), "not a database at all, just some notes").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ecosim")).args(["--db", "notes.db", "scenarios", "list"]).current_dir(d).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("notes.db is not an Ecosim Studio database"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("ecosim db fresh"));
    let out = Command::new(env!("CARGO_BIN_EXE_ecosim")).args(["--db", "notes.db", "db", "fresh"]).current_dir(d).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(d.join("notes.db.unreadable-1")).unwrap(), "not a database at all, just some notes");
}

#[test]
fn compare_pairs_designs_and_names_them() {
    let (dir, _) = workspace();
    let out = ecosim(&["compare", "scenarios/collab.json", "scenarios/collab.json", "--trials", "200", "--format", "json"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["trials"], 200);
    assert_eq!(v["reports"].as_array().unwrap().len(), 2);
    for d in v["pairings"][0]["differences"].as_array().unwrap() {
        assert_eq!(d["difference"]["max"], 0.0);
        assert_eq!(d["probability_tie"], 1.0);
    }
    let out = ecosim(&["compare", "scenarios/collab.json", "scenarios/collab.json", "--trials", "100"], dir.path());
    let t = text(&out.stdout);
    assert!(t.contains("paired") && t.contains("P(B beats A)"), "{t}");
    let out = ecosim(&["compare", "scenarios/collab.json"], dir.path());
    assert_eq!(out.status.code(), Some(2), "one scenario is a usage error");
}

#[test]
fn optimize_recommends_a_design_within_budget_and_can_save_it() {
    let (dir, _) = workspace();
    let out = ecosim(&["optimize", "scenarios/collab.json", "--trials", "60", "--max-evaluations", "40", "--objective", "expected-net-contribution", "--format", "json", "--save", "Collab, optimised"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objective"], "expected_net_contribution");
    assert!(v["best"]["cost"].as_f64().unwrap() <= v["budget"].as_f64().unwrap());
    assert!(v["best_fresh"]["objective"].as_f64().unwrap() >= v["start_fresh"]["objective"].as_f64().unwrap());
    assert!(!v["frontier"].as_array().unwrap().is_empty());
    assert_eq!(v["recommended"]["name"], "Collab, optimised");
    let list = ecosim(&["scenarios", "list", "optimised"], dir.path());
    assert!(text(&list.stdout).contains("collab-optimised"), "{}", text(&list.stdout));
    // Bounds hold: resellers in NA stay between 18 and 20.
    let out = ecosim(&["optimize", "scenarios/collab.json", "--trials", "40", "--max-evaluations", "25", "--bound", "reseller:na=18..20", "--format", "json"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let na = v["recommended"]["composition"]["reseller"]["na"].as_u64().unwrap();
    assert!((18..=20).contains(&na), "{na}");
    let out = ecosim(&["optimize", "scenarios/collab.json", "--bound", "reseller:mars=1..2"], dir.path());
    assert!(text(&out.stderr).contains("bounds[0].region: unknown region \"mars\""), "{}", text(&out.stderr));
    let out = ecosim(&["optimize", "scenarios/collab.json", "--bound", "reseller-na-3"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let bad = ecosim(&["optimize", "scenarios/collab.json", "--budget=-5"], dir.path());
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("budget: must be a positive amount"), "{}", text(&bad.stderr));
}

#[cfg(unix)]
#[test]
fn ctrl_c_cancels_a_run_between_trials_and_records_it() {
    let (dir, _) = workspace();
    let child = Command::new(env!("CARGO_BIN_EXE_ecosim"))
        .args(["run", "scenarios/collab.json", "--trials", "9000000"])
        .current_dir(dir.path())
        .env("ECOSIM_DB", dir.path().join("studio.db"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    let runs = ecosim(&["runs", "list"], dir.path());
    assert!(text(&runs.stdout).contains("cancelled"), "{}", text(&runs.stdout));
}

#[test]
fn report_writes_every_format_of_a_stored_run_and_refuses_a_bad_file_name_before_simulating() {
    let (dir, scenario) = workspace();
    let s = scenario.to_str().unwrap();
    let out = ecosim(&["run", s, "--trials", "200", "--format", "json"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    for ext in ["pdf", "html", "csv", "xlsx"] {
        let file = format!("report.{ext}");
        let out = ecosim(&["report", "1", "--out", &file, "--firm", "Harbour & Finch"], dir.path());
        assert!(out.status.success(), "{ext}: {}", text(&out.stderr));
        assert!(std::fs::metadata(dir.path().join(&file)).unwrap().len() > 1000, "{file} has content");
    }
    assert!(std::fs::read(dir.path().join("report.pdf")).unwrap().starts_with(b"%PDF-"));
    // A scenario file is reported from a fresh run; its charts can be written as PNG files.
    let out = ecosim(&["report", s, "--trials", "100", "--charts", "charts", "--png"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_dir(dir.path().join("charts")).unwrap().count() >= 5);
    // Two scenarios compared: run together.
    let out = ecosim(&["report", s, "--compare", s, "--trials", "100", "--out", "cmp.html"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(dir.path().join("cmp.html")).unwrap().contains("Paired differences"));
    // Bad input: named, and nothing written.
    let out = ecosim(&["report", "1", "--out", "report.docx"], dir.path());
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--out report.docx: .docx is not a report format"), "{}", text(&out.stderr));
    let out = ecosim(&["report", "77", "--out", "x.pdf"], dir.path());
    assert!(!out.status.success() && text(&out.stderr).contains("77"), "{}", text(&out.stderr));
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn names_cannot_drive_the_terminal() {
    let (dir, scenario) = workspace();
    // A name that would retitle the terminal, clear it and reverse what follows.
    let hostile = "Evil\u{1b}]0;owned\u{7}\u{1b}[2J \u{202e}emaN";
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&scenario).unwrap()).unwrap();
    doc["name"] = hostile.into();
    std::fs::write(&scenario, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let run = ecosim(&["run", "scenarios/collab.json", "--trials", "50"], dir.path());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let imported = ecosim(&["scenarios", "import", "scenarios/collab.json"], dir.path());
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let list = ecosim(&["scenarios", "list"], dir.path());
    assert!(list.status.success(), "{}", text(&list.stderr));
    // A bad document whose key carries an escape: the problem's path is printed escaped too.
    doc["\u{1b}[31mred"] = 1.into();
    std::fs::write(&scenario, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let validate = ecosim(&["validate", "scenarios/collab.json"], dir.path());
    assert!(!validate.status.success());
    for (what, out) in [("run", &run), ("scenarios list", &list), ("validate", &validate)] {
        let all = text(&out.stdout) + &text(&out.stderr);
        assert!(!all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{202e}'), "{what} printed a raw control or bidi character: {all:?}");
    }
    assert!(text(&run.stdout).contains("Evil\\u{1b}]0;owned\\u{7}"), "the name is shown, escaped: {}", text(&run.stdout));
    assert!(text(&list.stdout).contains("\\u{202e}emaN"), "{}", text(&list.stdout));
}

#[test]
fn an_output_is_never_written_over_the_database_or_through_a_link() {
    let (dir, _) = workspace();
    let d = dir.path();
    assert!(ecosim(&["run", "scenarios/collab.json", "--trials", "50"], d).status.success());
    let db = d.join("studio.db");
    let runs_before = text(&ecosim(&["runs", "list"], d).stdout).lines().count();
    // The database itself, and a link to it, are refused with the reason; nothing is written.
    std::os::unix::fs::symlink(&db, d.join("link.json")).unwrap();
    for out in ["studio.db", "link.json"] {
        let r = ecosim(&["run", "scenarios/collab.json", "--trials", "50", "--format", "json", "--out", out], d);
        assert!(!r.status.success(), "--out {out} was accepted");
        assert!(text(&r.stderr).contains("is the studio's database"), "{}", text(&r.stderr));
        let e = ecosim(&["scenarios", "export", "collab", "--out", out], d);
        assert!(!e.status.success() && text(&e.stderr).contains("is the studio's database"), "{}", text(&e.stderr));
    }
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3\0"), "the database is still a database");
    assert!(ecosim(&["db", "check"], d).status.success());
    assert_eq!(text(&ecosim(&["runs", "list"], d).stdout).lines().count(), runs_before, "a refused run simulates and stores nothing");
    // A link to another file at the output path is replaced by the output; the file it led to
    // is left alone.
    std::fs::write(d.join("precious.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(d.join("precious.txt"), d.join("out.json")).unwrap();
    let r = ecosim(&["run", "scenarios/collab.json", "--trials", "50", "--format", "json", "--out", "out.json"], d);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert_eq!(std::fs::read_to_string(d.join("precious.txt")).unwrap(), "keep me");
    assert!(!std::fs::symlink_metadata(d.join("out.json")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_dir(d).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp")), "no temporary file is left");
}

/// Every file of the studio database (the file and its write-ahead log), for comparing bytes.
fn db_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    ["studio.db", "studio.db-wal"].iter().filter_map(|n| std::fs::read(dir.join(n)).ok().map(|b| (n.to_string(), b))).collect()
}

#[test]
fn data_import_stores_a_checked_dataset_and_a_refused_one_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/actuals");
    for f in ["partners.csv", "deals.csv", "accounts.csv"] {
        std::fs::copy(fixtures.join(f), d.join(f)).unwrap();
    }
    let out = ecosim(&["data", "import", "partners.csv", "deals.csv", "accounts.csv", "--model", "northwind-analytics", "--name", "History"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported dataset 1 “History”: 4 partners, 5 deals (USD)"), "{}", text(&out.stdout));
    let list = ecosim(&["data", "list", "--format", "json"], d);
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v[0]["deals"], 5);
    assert_eq!(v[0]["sources"].as_array().unwrap().len(), 3);
    assert_eq!(v[0]["sources"][1]["sha256"].as_str().unwrap().len(), 64);

    // A deals file with a bad row: refused with its row and column, and the database is the
    // same, byte for byte.
    let before = db_bytes(d);
    std::fs::write(d.join("bad.csv"), "id,partner_id,segment,region,created,closed,outcome,amount,currency\nD1,P1,smb,na,2024-02-01,,open,5,USD\nD2,P1,smb,na,2024-02-30,,open,5,USD\n").unwrap();
    let out = ecosim(&["data", "import", "partners.csv", "bad.csv", "--model", "northwind-analytics"], d);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("bad.csv, row 3, column created: \"2024-02-30\" is not a date (YYYY-MM-DD)"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("nothing was imported"));
    assert_eq!(db_bytes(d), before, "a refused import changed the database");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&ecosim(&["data", "list", "--format", "json"], d).stdout).unwrap().as_array().unwrap().len(), 1);
}

#[test]
fn a_synthetic_history_imports_calibrates_and_backtests() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (m, s) = (root.join("models/northwind-analytics.json"), root.join("scenarios/reseller-heavy.json"));
    let out = ecosim(&["synthesize", m.to_str().unwrap(), s.to_str().unwrap(), "--quarters", "10", "--seed", "3", "--out", "history"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("over 10 quarters from 2024-Q1 (seed 3, trial 0)"), "{}", text(&out.stdout));
    for f in ["partners.csv", "deals.csv", "renewals.csv", "accounts.csv", "salesforce/accounts.csv", "salesforce/opportunities.csv", "crossbeam/partners.csv", "crossbeam/attribution.csv", "true-model.json"] {
        assert!(d.join("history").join(f).is_file(), "{f} was not written");
    }
    // The same arguments write the same bytes.
    let first = std::fs::read(d.join("history/deals.csv")).unwrap();
    assert!(ecosim(&["synthesize", m.to_str().unwrap(), s.to_str().unwrap(), "--quarters", "10", "--seed", "3", "--out", "history"], d).status.success());
    assert_eq!(first, std::fs::read(d.join("history/deals.csv")).unwrap());
    // The canonical tables and the Salesforce column set import to the same deals.
    let out = ecosim(&["data", "import", "history/partners.csv", "history/deals.csv", "history/renewals.csv", "history/accounts.csv", "--model", "northwind-analytics"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = ecosim(&["data", "import", "history/salesforce/accounts.csv", "history/salesforce/opportunities.csv", "--preset", "salesforce", "--model", "northwind-analytics"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&ecosim(&["data", "list", "--format", "json"], d).stdout).unwrap();
    assert_eq!(list[0]["deals"], list[1]["deals"]);
    assert_eq!(list[0]["partners"], list[1]["partners"]);
    // Calibrate: the fitted model is written and valid.
    let out = ecosim(&["calibrate", "1", "--out", "fitted.json"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("fitted partner_types[0].win_rate"), "{}", text(&out.stdout));
    let out = ecosim(&["validate", "fitted.json"], d);
    assert!(out.status.success(), "{}", text(&out.stdout));
    // Backtest the last four quarters, as a table and as JSON.
    let out = ecosim(&["backtest", "1", "--trials", "60"], d);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("fitted on 2024-Q1 – 2025-Q2, 2025-Q3 – 2026-Q2 forecast"), "{}", text(&out.stdout));
    let out = ecosim(&["backtest", "1", "--trials", "60", "--format", "json"], d);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["quarters"].as_array().unwrap().len(), 4);
    for q in v["quarters"].as_array().unwrap() {
        assert!(q["p10"].as_f64().unwrap() <= q["p50"].as_f64().unwrap() && q["p50"].as_f64().unwrap() <= q["p90"].as_f64().unwrap());
    }
    // A history too short to hold a year out is refused with what it has.
    let out = ecosim(&["backtest", "1", "--holdout", "8"], d);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("spans 10 quarters; a backtest of 8 needs at least 12"), "{}", text(&out.stderr));
}

#[test]
fn analyses_run_as_shards_merge_into_the_one_process_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = |n: &str| root.join(format!("scenarios/{n}.json")).to_str().unwrap().to_string();
    let (a, b) = (path("reseller-heavy"), path("si-isv-solutions"));
    let cases: [(&str, Vec<&str>); 4] = [
        ("compare", vec!["compare", &a, &b, "--trials", "30", "--seed", "4"]),
        ("tornado", vec!["sensitivity", &a, "--trials", "6", "--seed", "4"]),
        ("sobol", vec!["sensitivity", &b, "--method", "sobol", "--trials", "6", "--seed", "4"]),
        ("attribution", vec!["attribution", &b, "--trials", "10", "--seed", "4"]),
    ];
    let read = |f: &str| ecosim_tests::without_wall_seconds(serde_json::from_str(&std::fs::read_to_string(d.join(f)).unwrap()).unwrap());
    for (name, args) in &cases {
        let one = ecosim(&[&args[..], &["--format", "json", "--out", "one.json"]].concat(), d);
        assert!(one.status.success(), "{name}: {}", text(&one.stderr));
        for k in 0..3 {
            let (split, out) = (format!("{k}/3"), format!("{name}-{k}"));
            let part = ecosim(&[&args[..], &["--shard", &split, "--out", &out]].concat(), d);
            assert!(part.status.success(), "{name} {split}: {}", text(&part.stderr));
        }
        let parts: Vec<String> = (0..3).rev().map(|k| format!("{name}-{k}")).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let merged = ecosim(&[&["merge"][..], &parts, &["--format", "json", "--out", "merged.json"]].concat(), d);
        assert!(merged.status.success(), "{name}: {}", text(&merged.stderr));
        assert_eq!(read("one.json"), read("merged.json"), "{name}");
        // The merged table reads like the command's own.
        let table = ecosim(&[&["merge"][..], &parts].concat(), d);
        assert!(table.status.success() && !text(&table.stdout).trim().is_empty(), "{name}: {}", text(&table.stderr));
    }
    let out = ecosim(&["merge", "compare-0", "tornado-1"], d);
    assert!(!out.status.success() && text(&out.stderr).contains("different analyses"), "{}", text(&out.stderr));
    let out = ecosim(&["sensitivity", &a, "--method", "spider", "--shard", "0/2", "--out", "x"], d);
    assert!(!out.status.success() && text(&out.stderr).contains("does not scale out"), "{}", text(&out.stderr));
    let out = ecosim(&["attribution", &b, "--shard", "0/2"], d);
    assert!(!out.status.success() && text(&out.stderr).contains("give --out"), "{}", text(&out.stderr));
}

#[test]
fn shards_run_as_separate_processes_merge_into_the_one_process_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenario = root.join("scenarios/two-tier-distribution.json");
    let s = scenario.to_str().unwrap();
    let common = ["--trials", "500", "--seed", "9", "--pattern-trials", "100"];
    let one = ecosim(
        &[
            &[
                "run",
                s,
                "--no-store",
                "--format",
                "json",
                "--out",
                "one.json",
            ][..],
            &common,
        ]
        .concat(),
        d,
    );
    assert!(one.status.success(), "{}", text(&one.stderr));
    // Four processes, as the tasks of a job array would be.
    let children: Vec<_> = (0..4)
        .map(|k| {
            let split = format!("{k}/4");
            let out = format!("part-{k}");
            Command::new(env!("CARGO_BIN_EXE_ecosim"))
                .args(
                    [
                        &["run", s, "--shard", &split, "--out", &out, "--threads", "1"][..],
                        &common,
                    ]
                    .concat(),
                )
                .current_dir(d)
                .env("ECOSIM_DB", d.join("studio.db"))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert!(!d.join("studio.db").exists(), "a shard is not stored");
    let merged = ecosim(
        &[
            "merge",
            "part-3",
            "part-1",
            "part-0",
            "part-2",
            "--format",
            "json",
            "--out",
            "merged.json",
        ],
        d,
    );
    assert!(merged.status.success(), "{}", text(&merged.stderr));
    let read = |f: &str| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join(f)).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("wall_seconds");
        v
    };
    assert_eq!(read("one.json"), read("merged.json"));
    // A missing shard, a stray file and a shard without --out are refused with what is wrong.
    let out = ecosim(&["merge", "part-0", "part-1", "part-3"], d);
    assert!(
        !out.status.success() && text(&out.stderr).contains("missing shard 2/4"),
        "{}",
        text(&out.stderr)
    );
    let out = ecosim(&["merge", "part-0", "one.json"], d);
    assert!(
        !out.status.success() && text(&out.stderr).contains("one.json: not a shard"),
        "{}",
        text(&out.stderr)
    );
    let out = ecosim(&["run", s, "--shard", "1/4"], d);
    assert!(
        !out.status.success() && text(&out.stderr).contains("give --out"),
        "{}",
        text(&out.stderr)
    );
    let out = ecosim(&["run", s, "--shard", "4/4", "--out", "x"], d);
    assert!(
        !out.status.success() && text(&out.stderr).contains("0 ≤ K < N"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_damaged_row_is_named_checked_and_recovered_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    assert!(ecosim(&["scenarios", "rename", "reseller-heavy", "Damage marker"], dir.path()).status.success());
    // One byte of the stored document changed on disk ("Damage marker" -> "Damage markes").
    let db = dir.path().join("studio.db");
    let mut b = std::fs::read(&db).unwrap();
    let marker = b"\"name\": \"Damage marke";
    let at = b.windows(marker.len()).position(|w| w == marker).expect("the saved document is in the file") + marker.len();
    b[at] ^= 0x01;
    std::fs::write(&db, &b).unwrap();

    let run = ecosim(&["run", "reseller-heavy", "--trials", "20"], dir.path());
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("version 2 of scenario \"reseller-heavy\" is damaged in"), "{}", text(&run.stderr));
    assert!(ecosim(&["scenarios", "list"], dir.path()).status.success(), "lists still work");
    let fresh = ecosim(&["db", "fresh"], dir.path());
    assert!(!fresh.status.success() && text(&fresh.stderr).contains("1 stored rows are damaged"), "{}{}", text(&fresh.stdout), text(&fresh.stderr));

    let check = ecosim(&["db", "check"], dir.path());
    assert!(!check.status.success());
    assert!(text(&check.stdout).contains("version 2 of scenario \"reseller-heavy\": damaged") && text(&check.stdout).contains("db recover"), "{}", text(&check.stdout));

    let recover = ecosim(&["db", "recover"], dir.path());
    assert!(recover.status.success(), "{}{}", text(&recover.stdout), text(&recover.stderr));
    assert!(text(&recover.stdout).contains("set aside version 2 of scenario \"reseller-heavy\""), "{}", text(&recover.stdout));
    assert!(dir.path().join("studio.db.before-recovery-1").exists());
    let check = ecosim(&["db", "check"], dir.path());
    assert!(check.status.success() && text(&check.stdout).starts_with("ok: "), "{}", text(&check.stdout));
    assert!(ecosim(&["run", "reseller-heavy", "--trials", "20"], dir.path()).status.success(), "version 1 runs again");
}
