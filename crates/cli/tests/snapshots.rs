//! The engine's output, pinned: `ecosim run SCENARIO --trials 300 --seed 1 --quick` of every
//! shipped scenario, as the table and as JSON, compared with the files in `tests/snapshots/`
//! (expect-test; `cargo xtask snapshots` rewrites them, and the UI's test fixture). The
//! wall-clock time is left out.
//!
//! A changed stream key or formula would otherwise pass every property test and silently
//! change every stored forecast. So `tests/snapshots/ENGINE_VERSION` records the
//! `ENGINE_VERSION` the snapshots were made with and a hash of their JSON: when the numbers
//! change and the version did not, the test fails with "engine output changed: bump
//! ENGINE_VERSION", and regenerating is refused until the constant is bumped. A change of the
//! table's layout alone changes no number and needs no bump.

use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::expect_file;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace root")
}

fn shipped_scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

const ARGS: [&str; 6] = ["--trials", "300", "--seed", "1", "--quick", "--no-store"];

fn ecosim_run(scenario: &Path, format: &str, db: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ecosim"))
        .arg("run")
        .arg(scenario)
        .args(ARGS)
        .args(["--format", format])
        .current_dir(root())
        .env("ECOSIM_DB", db)
        .output()
        .expect("ecosim starts");
    assert!(out.status.success(), "ecosim run {} failed: {}", scenario.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The table without its wall-clock figure (the line `…, engine 0.1.0, 0.12 s`).
fn table_without_timing(t: &str) -> String {
    t.lines()
        .map(|l| match l.rfind(", ") {
            Some(i) if l.contains(", engine ") && l.ends_with(" s") => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn json_without_timing(j: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(j).expect("the JSON output parses");
    v.as_object_mut().expect("a JSON object").remove("wall_seconds");
    serde_json::to_string_pretty(&v).expect("serialises") + "\n"
}

/// FNV-1a: a stable hash, the same on every platform and Rust version.
fn fnv1a(parts: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn header(scenario: &Path) -> String {
    let name = scenario.file_name().unwrap().to_string_lossy();
    format!("# ecosim run scenarios/{name} {} · ENGINE_VERSION {}\n", ARGS[..5].join(" "), ecosim_core::ENGINE_VERSION)
}

#[test]
fn shipped_scenarios_run_to_their_pinned_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("studio.db");
    let snapshots = root().join("tests/snapshots");
    let scenarios = shipped_scenarios();
    assert!(!scenarios.is_empty(), "no shipped scenarios in scenarios/");
    let mut tables = Vec::new();
    let mut jsons = Vec::new();
    for s in &scenarios {
        tables.push(table_without_timing(&ecosim_run(s, "table", &db)));
        jsons.push(json_without_timing(&ecosim_run(s, "json", &db)));
    }

    // The version guard first: a changed number must come with a bumped ENGINE_VERSION. Each
    // scenario's JSON has its own hash, so a newly shipped scenario adds a line rather than
    // reading as a change to the engine.
    let stems: Vec<String> = scenarios.iter().map(|s| s.file_stem().unwrap().to_string_lossy().into_owned()).collect();
    let hashes: Vec<String> = jsons.iter().map(|j| fnv1a(std::slice::from_ref(j))).collect();
    let version_file = snapshots.join("ENGINE_VERSION");
    let recorded = std::fs::read_to_string(&version_file).unwrap_or_default();
    // Lines `VERSION SCENARIO HASH`.
    let recorded: Vec<(String, String, String)> = recorded
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w.len() == 3).then(|| (w[0].to_string(), w[1].to_string(), w[2].to_string()))
        })
        .collect();
    let version = ecosim_core::ENGINE_VERSION;
    let recorded_version = recorded.first().map(|r| r.0.clone()).unwrap_or_default();
    for (stem, hash) in stems.iter().zip(&hashes) {
        if let Some((_, _, was)) = recorded.iter().find(|r| r.0 == version && &r.1 == stem) {
            if was != hash {
                panic!(
                    "engine output changed: bump ENGINE_VERSION (crates/core/src/lib.rs, now {version}) and run `cargo xtask snapshots`. \
                     The pinned run of scenarios/{stem}.json no longer gives the numbers recorded in tests/snapshots/ \
                     (hash {hash}, recorded {was}); every stored forecast made with {version} would silently differ."
                );
            }
        }
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(&snapshots).unwrap();
        let lines: String = stems.iter().zip(&hashes).map(|(s, h)| format!("{version} {s} {h}\n")).collect();
        std::fs::write(
            &version_file,
            format!("# The ENGINE_VERSION the snapshots were made with, and a hash of each scenario's JSON (crates/cli/tests/snapshots.rs).\n{lines}"),
        )
        .unwrap();
    } else if recorded_version != version {
        panic!("ENGINE_VERSION is {version} but the snapshots were made with {recorded_version:?}: run `cargo xtask snapshots` and review the diff");
    }

    for ((s, table), json) in scenarios.iter().zip(&tables).zip(&jsons) {
        let stem = s.file_stem().unwrap().to_string_lossy();
        expect_file![snapshots.join(format!("run-{stem}.txt"))].assert_eq(&(header(s) + table));
        expect_file![snapshots.join(format!("run-{stem}.json.txt"))].assert_eq(&(header(s) + json));
    }
}

/// The UI's test fixture (`ui/src/test/fixtures/report.json`) is a real run of the current
/// engine — `ecosim run scenarios/balanced-ecosystem.json --trials 2000 --seed 1` as JSON, its
/// wall-clock time set to 0 — so the UI is tested against what the core really sends, and a
/// change to the report's shape or numbers shows up as a diff here. `cargo xtask snapshots`
/// rewrites it with the other snapshots.
#[test]
fn the_ui_fixture_is_a_run_of_this_engine() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ecosim"))
        .args(["run", "scenarios/balanced-ecosystem.json", "--trials", "2000", "--seed", "1", "--no-store", "--format", "json"])
        .current_dir(root())
        .env("ECOSIM_DB", dir.path().join("studio.db"))
        .output()
        .expect("ecosim starts");
    assert!(out.status.success(), "ecosim run failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the JSON output parses");
    v["wall_seconds"] = serde_json::json!(0.0);
    assert_eq!(v["engine_version"], ecosim_core::ENGINE_VERSION);
    expect_file![root().join("ui/src/test/fixtures/report.json")].assert_eq(&(serde_json::to_string_pretty(&v).unwrap() + "\n"));
}
