//! Damage on disk is noticed, named and recovered from (issue 11): a changed byte inside a
//! stored document is reported as damage to that version, by name, wherever it is read; `db
//! check` finds it; recovery keeps every intact version and sets the damaged ones aside with a
//! copy of the whole file first; random bytes flipped anywhere in the file are refused or
//! reported as damage, never as a parse error; read-only files and folders are named with what
//! to change, as a person without root would meet them.

use std::path::{Path, PathBuf};
use std::process::Command;

use ecosim_core::engine::{run_simple, RunOptions, KPI_NAMES};
use ecosim_core::output::RunReport;
use ecosim_store::{ScenarioRef, Store, StoreError};
use rusqlite::Connection;

fn id(st: &Store, slug: &str) -> i64 {
    st.resolve(ScenarioRef::Slug(slug)).unwrap()
}

/// A studio with three versions of reseller-heavy (v2 "Marker two", v3 "Marker three"), a run
/// of each of v1 and v3, closed cleanly (the log folded into the file).
fn studio(dir: &Path) -> (PathBuf, i64, i64, i64) {
    let path = dir.join("studio.db");
    let mut st = Store::open(&path).unwrap();
    let i = id(&st, "reseller-heavy");
    let run = |st: &mut Store| {
        let (loaded, sv, mv) = st.load_for_run(i).unwrap();
        let mut opts = RunOptions::for_scenario(&loaded.scenario);
        opts.trials = 40;
        let run_id = st.begin_run(sv, mv, &opts).unwrap();
        let result = run_simple(&loaded.model, &loaded.scenario, &opts).unwrap();
        let cols: Vec<(&str, &[f64])> = KPI_NAMES.iter().zip(&result.kpis).take(3).map(|(n, v)| (*n, &v[..])).collect();
        st.finish_run(run_id, &RunReport::new(&loaded.model, &loaded.scenario, &result), &cols).unwrap();
        run_id
    };
    let first = run(&mut st);
    st.rename(i, "Marker two").unwrap();
    st.rename(i, "Marker three").unwrap();
    let third = run(&mut st);
    drop(st);
    (path, i, first, third)
}

/// Change the first byte after `marker` in the file (the marker must occur once).
fn change_byte_after(path: &Path, marker: &[u8]) -> Vec<u8> {
    let mut b = std::fs::read(path).unwrap();
    let at: Vec<usize> = b.windows(marker.len()).enumerate().filter(|(_, w)| *w == marker).map(|(i, _)| i + marker.len()).collect();
    assert_eq!(at.len(), 1, "the marker {:?} occurs once in the file", String::from_utf8_lossy(marker));
    b[at[0]] ^= 0x01;
    std::fs::write(path, &b).unwrap();
    b
}

#[test]
fn a_changed_byte_in_a_stored_version_is_named_and_recovery_keeps_every_intact_version() {
    let dir = tempfile::tempdir().unwrap();
    let (path, i, first_run, third_run) = studio(dir.path());
    // "Marker three" -> "Marker thred": still text, still JSON, no longer what was saved.
    let damaged_file = change_byte_after(&path, b"\"name\": \"Marker thre");
    let shown = path.display().to_string();

    let mut st = Store::open(&path).expect("a damaged row does not stop the file opening");
    assert_eq!(st.list_scenarios("", false).unwrap().len(), ecosim_core::shipped::SCENARIOS.len(), "lists still work");
    let err = st.scenario(i, None).err().expect("the damaged version is not used");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.starts_with("version 3 of scenario \"reseller-heavy\" is damaged in "), "{msg}");
    assert!(msg.contains(&shown) && msg.contains("db check") && msg.contains("db recover"), "{msg}");
    assert!(st.load_for_run(i).is_err(), "nothing runs from a damaged version");
    assert!(matches!(st.run_documents(third_run), Err(StoreError::Damaged { .. })));
    assert_eq!(st.scenario(i, Some(2)).unwrap().doc.name, "Marker two", "the other versions read");
    assert!(st.run_report(third_run).is_ok() && st.run_documents(first_run).is_ok());
    assert!(matches!(st.rename(i, "Over the damage"), Err(StoreError::Damaged { .. })), "no save builds on a damaged version");

    let check = st.check_all().unwrap();
    assert!(!check.is_clean());
    let damaged: Vec<&str> = check.rows.iter().filter(|d| d.damaged).map(|d| d.what.as_str()).collect();
    assert_eq!(damaged, ["version 3 of scenario \"reseller-heavy\""], "{:?}", check.lines());
    assert!(check.checked >= 20, "every row is checked: {}", check.checked);

    let rec = st.recover().unwrap();
    let backup = PathBuf::from(rec.backup.as_deref().expect("a copy is taken first"));
    assert_eq!(backup, path.with_file_name("studio.db.before-recovery-1"));
    assert!(rec.set_aside.iter().any(|s| s.starts_with("version 3 of scenario \"reseller-heavy\"")), "{:?}", rec.set_aside);
    assert!(rec.set_aside.iter().any(|s| s.starts_with(&format!("run {third_run}:"))), "the run made from it moves with it: {:?}", rec.set_aside);
    assert!(rec.remaining.is_empty(), "{:?}", rec.remaining);
    assert!(st.check_all().unwrap().is_clean());
    // Every intact version is kept; the latest readable one is the current one now.
    let versions: Vec<i64> = st.history(i).unwrap().iter().map(|v| v.version).collect();
    assert_eq!(versions, [2, 1]);
    assert_eq!(st.scenario(i, None).unwrap().doc.name, "Marker two");
    assert!(st.run_report(first_run).is_ok() && st.run_info(third_run).is_err());
    // A new save never reuses the number of the version set aside.
    assert_eq!(st.rename(i, "After recovery").unwrap(), 4);
    drop(st);

    // The damaged bytes are kept, in the set-aside table and in the copy of the whole file.
    let c = Connection::open(&path).unwrap();
    let kept: Vec<u8> = c.query_row("SELECT content FROM set_aside WHERE source_table = 'scenario_versions'", [], |r| r.get(0)).unwrap();
    assert!(String::from_utf8_lossy(&kept).contains("\"name\": \"Marker thred\""));
    let old = Connection::open(&backup).unwrap();
    assert_eq!(old.query_row("SELECT count(*) FROM scenario_versions WHERE scenario_id = ?1", [i], |r| r.get::<_, i64>(0)).unwrap(), 3);
    assert!(damaged_file.len() as u64 <= std::fs::metadata(&backup).unwrap().len() + 4096 * 4);
}

#[test]
fn damaged_results_and_a_scenario_with_no_intact_version_are_set_aside_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.db");
    let mut st = Store::open(&path).unwrap();
    let mut doc = st.scenario(id(&st, "two-tier-distribution"), None).unwrap().doc;
    doc.id = "only-once".into();
    doc.name = "Only once".into();
    let once = st.create_scenario(doc, "a scenario with one version").unwrap();
    drop(st);
    change_byte_after(&path, b"\"name\": \"Only onc");
    let mut st = Store::open(&path).unwrap();
    assert!(matches!(st.scenario(once, None), Err(StoreError::Damaged { .. })));
    let rec = st.recover().unwrap();
    assert!(rec.set_aside.iter().any(|s| s.starts_with("scenario \"only-once\"")), "{:?}", rec.set_aside);
    assert!(st.resolve(ScenarioRef::Slug("only-once")).is_err(), "a scenario with nothing readable left is set aside");
    assert!(st.check_all().unwrap().is_clean());
    assert_eq!(st.list_scenarios("", false).unwrap().len(), ecosim_core::shipped::SCENARIOS.len(), "every other scenario is kept");
    // Nothing damaged: recovery takes no copy and changes nothing.
    assert_eq!(st.recover().unwrap().backup, None);
}

/// xorshift64*, for reproducible positions.
fn next(s: &mut u64) -> u64 {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    s.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// Every read a person's session makes; each error must say "damaged" (or refuse the file).
fn read_everything(st: &Store) -> Result<usize, String> {
    let mut errors = 0;
    let mut seen = |r: Result<(), StoreError>| -> Result<(), String> {
        match r {
            Ok(()) => Ok(()),
            Err(e @ (StoreError::Damaged { .. } | StoreError::Corrupt { .. })) if e.to_string().contains("damaged") => {
                errors += 1;
                Ok(())
            }
            Err(e) => Err(format!("an unhelpful error: {e}")),
        }
    };
    let scenarios = match st.list_scenarios("", false) {
        Ok(s) => s,
        Err(e) => return seen(Err(e)).map(|()| 1),
    };
    for s in &scenarios {
        seen(st.scenario(s.id, None).map(drop))?;
        seen(st.history(s.id).map(drop))?;
    }
    seen(st.list_models().map(drop))?;
    for r in st.list_runs(None, 100).unwrap_or_default() {
        seen(st.run_report(r.id).map(drop))?;
        seen(st.run_documents(r.id).map(drop))?;
        seen(st.run_trials(r.id, "total_revenue").map(drop))?;
    }
    Ok(errors)
}

#[test]
fn bytes_flipped_anywhere_are_refused_or_reported_as_damage_never_as_a_puzzle() {
    let dir = tempfile::tempdir().unwrap();
    let (clean, _, _, _) = studio(dir.path());
    let good = std::fs::read(&clean).unwrap();
    // Where the documents are, so half the flips land in them (the rest anywhere).
    let docs: Vec<usize> = good.windows(9).enumerate().filter(|(_, w)| *w == b"\"name\": \"").map(|(i, _)| i).collect();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let (mut refused, mut damaged, mut unharmed) = (0, 0, 0);
    for round in 0..60 {
        let path = dir.path().join(format!("flipped-{round}.db"));
        let mut b = good.clone();
        for _ in 0..1 + next(&mut rng) % 6 {
            let at = if next(&mut rng) % 2 == 0 { docs[next(&mut rng) as usize % docs.len()] + (next(&mut rng) % 400) as usize } else { 100 + (next(&mut rng) as usize % (b.len() - 100)) };
            let at = at.min(b.len() - 1);
            b[at] ^= 1 << (next(&mut rng) % 8);
        }
        std::fs::write(&path, &b).unwrap();
        match Store::open(&path) {
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains(&path.display().to_string()) && (msg.contains("damaged") || msg.contains("not an Ecosim Studio database")), "round {round}: {msg}");
                refused += 1;
            }
            Ok(st) => {
                let errors = read_everything(&st).unwrap_or_else(|e| panic!("round {round}: {e}"));
                let check = st.check_all().unwrap_or_else(|e| panic!("round {round}: db check fails instead of reporting: {e}"));
                if errors > 0 {
                    assert!(!check.is_clean(), "round {round}: a read found damage that db check missed");
                    damaged += 1;
                } else {
                    unharmed += 1;
                }
            }
        }
    }
    eprintln!("60 damaged files: {refused} refused at open, {damaged} opened with the damage named, {unharmed} with no damage that any read meets");
    assert!(damaged > 0, "some flips land in documents and are named");
}

const CHILD: &str = "ECOSIM_READONLY_CHILD";

/// The read-only cases, as a person without root meets them (root writes anywhere): a
/// read-only database file, and a database in a read-only folder (SQLite keeps its log beside
/// the file), each refused with the path and what to change, and left as it was.
#[cfg(target_os = "linux")]
#[test]
fn read_only_files_and_folders_are_named_with_what_to_change_as_a_normal_user() {
    use std::os::unix::fs::PermissionsExt;
    let root = std::fs::read_to_string("/proc/self/status").unwrap().lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    if root && std::env::var_os(CHILD).is_none() {
        // Run this same test again as the unprivileged `nobody`.
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(std::env::current_exe().unwrap())
            .args(["read_only_files_and_folders_are_named_with_what_to_change_as_a_normal_user", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .env("TMPDIR", "/tmp")
            .output();
        match out {
            Ok(o) if String::from_utf8_lossy(&o.stderr).contains("failed to execute") || !o.status.success() && o.status.code() == Some(127) => {
                eprintln!("skipped: the test binary cannot be run as nobody here ({})", String::from_utf8_lossy(&o.stderr).trim());
            }
            Ok(o) => assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("1 passed"), "as nobody:\n{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
            Err(e) => eprintln!("skipped: setpriv is not available to drop root ({e})"),
        }
        return;
    }
    if root {
        return;
    }
    let dir = tempfile::tempdir_in("/tmp").unwrap();
    let db = dir.path().join("studio.db");
    drop(Store::open(&db).unwrap());
    let before = std::fs::read(&db).unwrap();

    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = Store::open(&db).err().expect("a read-only file is refused");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains(&db.display().to_string()) && err.to_string().contains("Make it writable"), "{err}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();

    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let err = Store::open(&db).err().expect("a database in a read-only folder is refused");
    let msg = err.to_string();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(err, StoreError::ReadOnlyFolder { .. }), "{msg}");
    assert!(msg.contains(&dir.path().display().to_string()) && msg.contains("Make the folder writable"), "{msg}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "left as it was");
    assert!(!Path::new(&format!("{}-wal", db.display())).exists());

    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let err = Store::open(&locked.join("new.db")).err().expect("no new database in a read-only folder");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(err, StoreError::ReadOnlyFolder { .. }), "{err}");
}
