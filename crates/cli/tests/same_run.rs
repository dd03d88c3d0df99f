//! Both front ends run through the application crate: the same run asked for from the CLI
//! (`ecosim run`) and from the desktop app (`Studio::run`) leaves the same stored rows — the
//! run's options, its summary and its per-trial KPIs — apart from when it ran and how long
//! it took.

use std::path::Path;
use std::process::Command;

use ecosim_app::{RunRequest, Studio};
use ecosim_core::analysis::compare::PAIRED_KPIS;
use ecosim_core::model::Sampling;
use ecosim_store::{RunInfo, Store};

fn cli_run(db: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecosim")).arg("--db").arg(db).arg("run").args(args).output().expect("ecosim starts");
    assert!(out.status.success(), "ecosim run {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// What a stored run says, without the clock.
fn stored(db: &Path, run_id: i64) -> (RunInfo, serde_json::Value, Vec<Vec<f64>>) {
    let st = Store::open(db).unwrap();
    let mut info = st.run_info(run_id).unwrap();
    info.started_at.clear();
    info.finished_at = None;
    info.wall_seconds = None;
    let mut report = serde_json::to_value(st.run_report(run_id).unwrap()).unwrap();
    report["wall_seconds"] = 0.0.into();
    let trials = PAIRED_KPIS.iter().map(|(k, _)| st.run_trials(run_id, k).unwrap()).collect();
    (info, report, trials)
}

#[test]
fn a_run_from_the_cli_and_from_the_app_store_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (app_db, cli_db) = (dir.path().join("app.db"), dir.path().join("cli.db"));

    let studio = Studio::open(&app_db).unwrap();
    let id = studio.list("reseller-heavy", false).unwrap().into_iter().find(|s| s.slug == "reseller-heavy").expect("the shipped scenario").id;
    let req = RunRequest { trials: Some(250), seed: Some(9), sampling: Some(Sampling::MonteCarlo), ..Default::default() };
    let app_run = studio.run(id, &req, &|_| {}).unwrap();
    drop(studio);

    cli_run(&cli_db, &["reseller-heavy", "--trials", "250", "--seed", "9", "--sampling", "monte-carlo", "--format", "json"]);
    let cli_run_id = Store::open(&cli_db).unwrap().list_runs(None, 1).unwrap()[0].id;

    let (a, b) = (stored(&app_db, app_run), stored(&cli_db, cli_run_id));
    assert_eq!(a.0, b.0, "the runs' rows differ");
    assert_eq!(a.1, b.1, "the runs' summaries differ");
    assert_eq!(a.2, b.2, "the runs' per-trial KPIs differ");
    assert_eq!(a.2.len(), PAIRED_KPIS.len());
}
