//! Act: the studio's store from the terminal — `scenarios`, `models`, `runs` and `db`.

use std::path::Path;
use std::process::ExitCode;

use ecosim_core::model;
use ecosim_core::output;
use ecosim_store::{self as store, Store, StoreError};

use crate::args::*;
use crate::term::*;

pub(crate) fn with_store(db: &Path, f: impl FnOnce(&mut Store) -> store::Result<ExitCode>) -> ExitCode {
    match Store::open(db).and_then(|mut st| f(&mut st)) {
        Ok(code) => code,
        Err(e) => fail_store(&e),
    }
}

/// Whether a scenario argument names a file rather than a scenario in the studio.
pub(crate) fn looks_like_file(arg: &str) -> bool {
    arg.ends_with(".json") || arg.contains(std::path::MAIN_SEPARATOR) || arg.contains('/') || Path::new(arg).is_file()
}

/// A scenario named on the command line: a file (by the id inside it), a number or an id.
pub(crate) fn resolve(st: &Store, arg: &str) -> store::Result<i64> {
    let p = Path::new(arg);
    if looks_like_file(arg) {
        let doc = model::Scenario::load_doc(p)?;
        return st.resolve(store::ScenarioRef::Slug(&doc.id));
    }
    st.resolve(store::parse_ref(arg))
}

/// A run's P50 total revenue (in its model's currency) and final coverage, for tables.
pub(crate) fn headline(r: &Option<store::RunInfo>) -> (String, String) {
    match r {
        Some(r) => (
            r.total_revenue_p50.map(|v| output::money(v, &r.currency)).unwrap_or_default(),
            r.coverage_final_p50.map(|v| ecosim_core::words::percent(v, 1)).unwrap_or_default(),
        ),
        None => ("—".into(), "—".into()),
    }
}

pub(crate) fn scenarios(st: &mut Store, cmd: ScenariosCmd) -> store::Result<ExitCode> {
    match cmd {
        ScenariosCmd::List { search, trash, format } => {
            let list = st.list_scenarios(search.as_deref().unwrap_or(""), trash)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list).expect("serialises")),
                Format::Table => {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|s| {
                            let (rev, cov) = headline(&s.last_run);
                            vec![s.id.to_string(), s.slug.clone(), s.name.clone(), s.model_slug.clone(), s.version.to_string(), rev, cov, s.updated_at.clone()]
                        })
                        .collect();
                    print!("{}", output::table(&["#", "id", "name", "model", "version", "P50 revenue", "coverage", "updated"], &rows));
                    if list.is_empty() {
                        println!("{}", if trash { "The trash is empty." } else { "No scenarios match." });
                    }
                }
            }
        }
        ScenariosCmd::Show { scenario, version } => {
            let id = resolve(st, &scenario)?;
            let s = st.scenario(id, version)?;
            println!("{}", serde_json::to_string_pretty(&s.doc).expect("serialises"));
        }
        ScenariosCmd::Import { files } => {
            let mut bad = 0;
            for f in &files {
                match st.import_file(f) {
                    Ok(what) => println!("ok    {}  ({what})", f.display()),
                    Err(e) => {
                        bad += 1;
                        println!("FAIL  {}  (nothing was imported from it)", f.display());
                        match &e {
                            StoreError::Invalid(le) => le.problems().iter().for_each(|p| println!("      {}", crate::term::safe(&p.to_string()))),
                            other => println!("      {other}"),
                        }
                    }
                }
            }
            return Ok(if bad > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS });
        }
        ScenariosCmd::Export { scenario, version, out } => {
            let id = resolve(st, &scenario)?;
            let doc = st.export(id, version)?;
            let text = serde_json::to_string_pretty(&doc).expect("serialises") + "\n";
            ecosim_store::check_output(&out, st.path())?;
            ecosim_core::write_atomic(&out, text.as_bytes()).map_err(|e| StoreError::Refused(format!("cannot write {}: {e}", out.display())))?;
            println!("exported {:?} with its model {:?} to {}", doc.id, doc.model, out.display());
        }
        ScenariosCmd::History { scenario } => {
            let id = resolve(st, &scenario)?;
            let rows: Vec<Vec<String>> = st.history(id)?.into_iter().map(|v| vec![v.version.to_string(), v.created_at, v.runs.to_string(), v.note]).collect();
            print!("{}", output::table(&["version", "saved", "runs", "note"], &rows));
        }
        ScenariosCmd::Restore { scenario, version } => {
            let id = resolve(st, &scenario)?;
            match version {
                Some(v) => {
                    let new = st.restore_version(id, v)?;
                    println!("version {v} restored as version {new}");
                }
                None => {
                    st.untrash(id)?;
                    println!("restored from the trash");
                }
            }
        }
        ScenariosCmd::Delete { scenario, purge } => {
            let id = resolve(st, &scenario)?;
            if purge {
                st.purge(id)?;
                println!("deleted for good, with its versions and runs");
            } else {
                st.trash(id)?;
                println!("moved to the trash (`ecosim scenarios restore {scenario}` brings it back)");
            }
        }
        ScenariosCmd::Duplicate { scenario, name } => {
            let id = resolve(st, &scenario)?;
            let name = name.unwrap_or_else(|| format!("{} (copy)", st.scenario_info(id).map(|s| s.name).unwrap_or_default()));
            let new = st.duplicate(id, &name)?;
            let info = st.scenario_info(new)?;
            println!("created {:?} (#{})", info.slug, info.id);
        }
        ScenariosCmd::Rename { scenario, name } => {
            let id = resolve(st, &scenario)?;
            let v = st.rename(id, &name)?;
            println!("renamed (version {v})");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn runs(st: &mut Store, cmd: RunsCmd) -> store::Result<ExitCode> {
    match cmd {
        RunsCmd::List { scenario, limit, format } => {
            let id = scenario.as_deref().map(|s| resolve(st, s)).transpose()?;
            let list = st.list_runs(id, limit)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list).expect("serialises")),
                Format::Table => {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|r| {
                            let (rev, cov) = headline(&Some(r.clone()));
                            vec![
                                r.id.to_string(),
                                r.scenario_slug.clone(),
                                r.scenario_version.to_string(),
                                output::group(r.trials as f64, 0),
                                r.seed.to_string(),
                                r.status.to_string(),
                                rev,
                                cov,
                                r.started_at.clone(),
                            ]
                        })
                        .collect();
                    print!("{}", output::table(&["run", "scenario", "version", "trials", "seed", "status", "P50 revenue", "coverage", "started"], &rows));
                }
            }
        }
        RunsCmd::Show { run, format } => {
            let report = st.run_report(run)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report).expect("serialises")),
                Format::Table => print!("{}", report.to_table()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn db_command(db: &Path, cmd: DbCmd) -> ExitCode {
    match cmd {
        DbCmd::Path => {
            println!("{}", db.display());
            ExitCode::SUCCESS
        }
        DbCmd::Backup { file } => with_store(db, |st| {
            st.backup(&file)?;
            println!("backed up {} to {}", db.display(), file.display());
            Ok(ExitCode::SUCCESS)
        }),
        DbCmd::Check => with_store(db, |st| {
            let report = st.check_all()?;
            if report.is_clean() {
                println!("ok: {} passes the integrity and foreign-key checks, and all {} stored rows match their checksums and read", db.display(), report.checked);
                return Ok(ExitCode::SUCCESS);
            }
            report.lines().iter().for_each(|p| println!("{}", crate::term::safe(p)));
            if report.rows.iter().any(|d| d.damaged) {
                println!("`ecosim db recover` keeps every intact version and sets the damaged ones aside (a copy of the whole file is taken first)");
            } else if !report.file.is_empty() {
                println!("the file's own structure is damaged: restore a backup, or `ecosim db fresh` to move it aside and start again");
            }
            Ok(ExitCode::FAILURE)
        }),
        DbCmd::Recover => with_store(db, |st| {
            let r = st.recover()?;
            match &r.backup {
                None => println!("nothing damaged in {}; nothing to do", db.display()),
                Some(backup) => {
                    println!("copied the database as it was to {}", crate::term::safe(backup));
                    r.set_aside.iter().for_each(|s| println!("set aside {}", crate::term::safe(s)));
                    r.restored_from_shipped.iter().for_each(|s| println!("restored the model {:?} from the shipped document", crate::term::safe(s)));
                }
            }
            println!("kept {} model versions, {} scenario versions, {} runs and {} datasets", r.kept_model_versions, r.kept_scenario_versions, r.kept_runs, r.kept_datasets);
            if r.remaining.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                r.remaining.iter().for_each(|p| println!("still wrong: {}", crate::term::safe(p)));
                Ok(ExitCode::FAILURE)
            }
        }),
        DbCmd::Fresh => {
            match Store::open(db) {
                Ok(st) => {
                    return match st.check_all() {
                        Ok(r) if r.rows.iter().any(|d| d.damaged) => {
                            let n = r.rows.iter().filter(|d| d.damaged).count();
                            fail(&format!("{} opens, but {n} stored rows are damaged: `ecosim db check` lists them and `ecosim db recover` sets them aside and keeps the rest", db.display()))
                        }
                        Ok(r) if !r.file.is_empty() => fail(&format!("{} opens, but its structure is damaged ({}); restore a backup", db.display(), crate::term::safe(&r.file.join("; ")))),
                        _ => {
                            println!("{} opens cleanly; nothing to do", db.display());
                            ExitCode::SUCCESS
                        }
                    };
                }
                Err(StoreError::NotADatabase { .. } | StoreError::Corrupt { .. } | StoreError::TooNew { .. }) => {}
                Err(e) => return fail_store(&e),
            }
            let moved = match store::move_aside(db) {
                Ok(p) => p,
                Err(e) => return fail(&format!("cannot move {} aside: {e}", db.display())),
            };
            match Store::open(db) {
                Ok(_) => {
                    println!("moved the unreadable database to {}; started a fresh one at {}", moved.display(), db.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail_store(&e),
            }
        }
    }
}
