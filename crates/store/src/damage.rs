//! Damage detection and recovery.
//!
//! Every stored document, run report, per-trial column and dataset carries the SHA-256 of its
//! bytes, written in the same statement and checked whenever the row is read: a byte changed
//! on disk (a failing drive, a careless edit with another tool) is reported as damage to that
//! row, by name, instead of as a parse error in the middle of a document. [`Store::check`]
//! scans every row; [`Store::recover`] copies the whole file to a backup first, then sets the
//! damaged rows aside (into the `set_aside` table, never deleted) and keeps everything intact.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use ecosim_core::model::{MarketModelDoc, ScenarioDoc};
use ecosim_core::output::RunReport;

use crate::{sql, Result, Store, StoreError};

/// The hex SHA-256 of a stored value's bytes.
pub(crate) fn checksum(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The tables whose rows carry a checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    ModelVersions,
    ScenarioVersions,
    RunResults,
    RunTrials,
    Datasets,
}

impl Table {
    const ALL: [Table; 5] = [Table::ModelVersions, Table::ScenarioVersions, Table::RunResults, Table::RunTrials, Table::Datasets];

    fn name(self) -> &'static str {
        match self {
            Table::ModelVersions => "model_versions",
            Table::ScenarioVersions => "scenario_versions",
            Table::RunResults => "run_results",
            Table::RunTrials => "run_trials",
            Table::Datasets => "datasets",
        }
    }

    /// Every row: (row key, kpi for per-trial rows, content, checksum).
    fn scan(self) -> &'static str {
        match self {
            Table::ModelVersions => sql::SCAN_MODEL_VERSIONS,
            Table::ScenarioVersions => sql::SCAN_SCENARIO_VERSIONS,
            Table::RunResults => sql::SCAN_RUN_RESULTS,
            Table::RunTrials => sql::SCAN_RUN_TRIALS,
            Table::Datasets => sql::SCAN_DATASETS,
        }
    }

    fn set_checksum(self) -> &'static str {
        match self {
            Table::ModelVersions => sql::CHECKSUM_MODEL_VERSION,
            Table::ScenarioVersions => sql::CHECKSUM_SCENARIO_VERSION,
            Table::RunResults => sql::CHECKSUM_RUN_RESULTS,
            Table::RunTrials => sql::CHECKSUM_RUN_TRIALS,
            Table::Datasets => sql::CHECKSUM_DATASET,
        }
    }
}

/// A row as `check_all` scans it: (key, kpi of a per-trial row, bytes, checksum).
type ScannedRow = (i64, Option<String>, Vec<u8>, Option<String>);

/// A stored row's bytes as they are on disk (text or blob), without decoding them.
pub(crate) fn raw(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => b.to_vec(),
        ValueRef::Null => Vec::new(),
        ValueRef::Integer(n) => n.to_string().into_bytes(),
        ValueRef::Real(x) => x.to_string().into_bytes(),
    })
}

/// What a row is, in the words a person uses: "version 3 of scenario \"balanced\"".
pub(crate) fn describe(c: &Connection, table: Table, id: i64, kpi: Option<&str>) -> String {
    let owner = |q: &str| c.query_row(q, [id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).optional().ok().flatten();
    match table {
        Table::ModelVersions => match owner(sql::MODEL_VERSION_OWNER) {
            Some((slug, v)) => format!("version {v} of model {slug:?}"),
            None => format!("model version row {id}"),
        },
        Table::ScenarioVersions => match owner(sql::SCENARIO_VERSION_OWNER) {
            Some((slug, v)) => format!("version {v} of scenario {slug:?}"),
            None => format!("scenario version row {id}"),
        },
        Table::RunResults => format!("the results of run {id}"),
        Table::RunTrials => format!("the per-trial {} values of run {id}", kpi.unwrap_or("?")),
        Table::Datasets => match c.query_row(sql::DATASET_NAME, [id], |r| r.get::<_, String>(0)).optional().ok().flatten() {
            Some(name) => format!("dataset {id} ({name:?})"),
            None => format!("dataset {id}"),
        },
    }
}

fn damaged(c: &Connection, table: Table, id: i64, kpi: Option<&str>) -> StoreError {
    StoreError::Damaged { what: describe(c, table, id, kpi), path: c.path().unwrap_or("the studio database").to_string() }
}

/// The row's bytes, once checked against the checksum saved with them.
pub(crate) fn verified_bytes(c: &Connection, table: Table, id: i64, kpi: Option<&str>, bytes: Vec<u8>, sum: Option<String>) -> Result<Vec<u8>> {
    if sum.is_some_and(|s| s != checksum(&bytes)) {
        return Err(damaged(c, table, id, kpi));
    }
    Ok(bytes)
}

/// The row's text, once its bytes are checked against the checksum saved with them.
pub(crate) fn verified(c: &Connection, table: Table, id: i64, kpi: Option<&str>, bytes: Vec<u8>, sum: Option<String>) -> Result<String> {
    String::from_utf8(verified_bytes(c, table, id, kpi, bytes, sum)?).map_err(|_| damaged(c, table, id, kpi))
}

/// Migration 8's Rust half: the checksum of every row stored before checksums were.
pub(crate) fn backfill(tx: &rusqlite::Transaction) -> Result<()> {
    for table in Table::ALL {
        let rows: Vec<(i64, Option<String>, Vec<u8>)> = tx.prepare(table.scan())?.query_map([], |r| Ok((r.get(0)?, r.get(1)?, raw(r, 2)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut st = tx.prepare(table.set_checksum())?;
        for (id, kpi, bytes) in rows {
            st.execute(params![id, kpi, checksum(&bytes)])?;
        }
    }
    Ok(())
}

/// A damaged or unreadable row, as `db check` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Damage {
    /// "version 3 of scenario \"balanced-ecosystem\"".
    pub what: String,
    /// What is wrong with it.
    pub reason: String,
    /// Whether `recover` sets it aside: its bytes changed after it was saved. A row that is
    /// intact but cannot be read by this version of the studio is reported and kept.
    pub damaged: bool,
    /// Where it is: its table, its row key, and the KPI of a per-trial row.
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) at: (Table, i64, Option<String>),
}

/// What `db check` found: SQLite's own checks of the file, then every row's checksum and parse.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct CheckReport {
    /// `PRAGMA integrity_check` and `foreign_key_check` findings (the file's structure).
    pub file: Vec<String>,
    /// Rows whose bytes changed or that cannot be read.
    pub rows: Vec<Damage>,
    /// Rows checked.
    pub checked: u64,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.file.is_empty() && self.rows.is_empty()
    }

    /// One line per finding, for a terminal or a log; empty when clean.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.file.iter().map(|f| format!("file: {f}")).collect();
        out.extend(self.rows.iter().map(|d| format!("{}: {}", d.what, d.reason)));
        out
    }
}

/// What `recover` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Recovery {
    /// The copy of the whole file taken before anything changed (none when nothing was damaged).
    pub backup: Option<String>,
    /// What was moved into the `set_aside` table, each with why.
    pub set_aside: Vec<String>,
    /// Intact rows kept: model versions, scenario versions, runs, datasets.
    pub kept_model_versions: i64,
    pub kept_scenario_versions: i64,
    pub kept_runs: i64,
    pub kept_datasets: i64,
    /// Models whose every version was damaged and that were restored from the shipped model.
    pub restored_from_shipped: Vec<String>,
    /// What is still wrong after recovery (the file's own structure, which rows cannot mend).
    pub remaining: Vec<String>,
}

/// What is wrong with a row's content, if anything: `(true, why)` when it is not what any
/// studio stored (not text, not JSON), `(false, why)` when it is intact but does not read as
/// what its table holds for this version of the studio. One parse per row.
fn unreadable(table: Table, bytes: &[u8]) -> Option<(bool, String)> {
    if table == Table::RunTrials {
        return (bytes.len() % 8 != 0).then(|| (false, format!("{} bytes is not a whole number of values", bytes.len())));
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return Some((true, "it is not text any more".into())) };
    let err = match table {
        Table::ModelVersions => serde_json::from_str::<MarketModelDoc>(text).err(),
        Table::ScenarioVersions => serde_json::from_str::<ScenarioDoc>(text).err(),
        Table::RunResults => serde_json::from_str::<RunReport>(text).err(),
        Table::Datasets | Table::RunTrials => serde_json::from_str::<serde::de::IgnoredAny>(text).err(),
    }?;
    if err.is_syntax() || err.is_eof() {
        return Some((true, "it is not valid JSON any more".into()));
    }
    let what = if matches!(table, Table::ModelVersions | Table::ScenarioVersions) { "a document of its kind" } else { "what it should hold" };
    Some((false, format!("it does not read as {what}: {err}")))
}

impl Store {
    /// Every check the studio can make of its file: SQLite's `integrity_check` and
    /// `foreign_key_check`, then each stored row's checksum and a parse of its content.
    pub fn check_all(&self) -> Result<CheckReport> {
        let mut report = CheckReport { file: self.check()?, ..CheckReport::default() };
        let c = &self.conn;
        for table in Table::ALL {
            let scanned: rusqlite::Result<Vec<ScannedRow>> =
                c.prepare(table.scan()).and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, raw(r, 2)?, r.get(3)?)))?.collect());
            let rows = match scanned {
                Ok(rows) => rows,
                Err(e) => {
                    report.file.push(format!("the table {} cannot be read to its end: {e}", table.name()));
                    continue;
                }
            };
            for (id, kpi, bytes, sum) in rows {
                report.checked += 1;
                let found = if sum.as_ref().is_some_and(|s| *s != checksum(&bytes)) {
                    Some((true, "its bytes no longer match the checksum saved with them".to_string()))
                } else {
                    unreadable(table, &bytes)
                };
                if let Some((damaged, why)) = found {
                    let reason = if damaged { format!("damaged: {why}") } else { format!("intact, but this version of the studio cannot read it ({why})") };
                    report.rows.push(Damage { what: describe(c, table, id, kpi.as_deref()), reason, damaged, at: (table, id, kpi) });
                }
            }
        }
        Ok(report)
    }

    /// Keep every intact row and set the damaged ones aside. The whole file is first copied
    /// to `<name>.before-recovery-<n>` beside it; then, in one transaction, each damaged row
    /// moves into the `set_aside` table (with what it was and why), and so do the runs made
    /// from a damaged version (their results kept there too). A scenario left without any
    /// version is set aside; a shipped model left without any is restored from the shipped
    /// document. Nothing is deleted without a copy.
    pub fn recover(&mut self) -> Result<Recovery> {
        let found = self.check_all()?;
        let damaged: Vec<Damage> = found.rows.into_iter().filter(|d| d.damaged).collect();
        let mut out = Recovery::default();
        if !damaged.is_empty() {
            let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "studio.db".into());
            let backup = (1..).map(|n| self.path.with_file_name(format!("{name}.before-recovery-{n}"))).find(|p| !p.exists()).expect("some suffix is free");
            self.backup(&backup)?;
            out.backup = Some(backup.display().to_string());
            let tx = self.write()?;
            for d in &damaged {
                set_aside_row(&tx, d, &mut out.set_aside)?;
            }
            // Scenarios with no version left.
            let orphans: Vec<(i64, String, String)> =
                tx.prepare(sql::SCENARIOS_WITHOUT_VERSIONS)?.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            for (id, slug, name) in orphans {
                let what = format!("scenario {slug:?} ({name})");
                tx.execute(sql::SET_ASIDE, params![what, "scenarios", id, Option::<i64>::None, Option::<Vec<u8>>::None, "every version of it was damaged"])?;
                tx.execute(sql::PURGE_SCENARIO, [id])?;
                out.set_aside.push(format!("{what}: every version of it was damaged"));
            }
            // Models with no version left: the shipped document, when it is one of ours.
            let bare: Vec<(i64, String)> =
                tx.prepare(sql::MODELS_WITHOUT_VERSIONS)?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            for (id, slug) in bare {
                let shipped = ecosim_core::shipped::MODELS.iter().filter_map(|t| serde_json::from_str::<MarketModelDoc>(t).ok()).find(|m| m.id == slug);
                if let Some(doc) = shipped {
                    let text = crate::to_json(&doc);
                    tx.execute(sql::INSERT_MODEL_VERSION, params![id, doc.schema_version, text, "restored from the shipped model: every stored version was damaged", checksum(text.as_bytes())])?;
                    out.restored_from_shipped.push(slug);
                }
            }
            tx.commit()?;
        }
        let c = &self.conn;
        let count = |q: &str| c.query_row(q, [], |r| r.get::<_, i64>(0));
        out.kept_model_versions = count(sql::COUNT_MODEL_VERSIONS)?;
        out.kept_scenario_versions = count(sql::COUNT_SCENARIO_VERSIONS)?;
        out.kept_runs = count(sql::COUNT_RUNS)?;
        out.kept_datasets = count(sql::COUNT_DATASETS)?;
        out.remaining = self.check_all()?.lines();
        Ok(out)
    }
}

impl Table {
    /// A version row's (owner, version), the runs made from it, its bytes and its deletion.
    fn version_sql(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Table::ModelVersions => (sql::MODEL_VERSION_KEY, sql::RUNS_OF_MODEL_VERSION, sql::MODEL_VERSION_BYTES, sql::DELETE_MODEL_VERSION),
            _ => (sql::SCENARIO_VERSION_KEY, sql::RUNS_OF_SCENARIO_VERSION, sql::SCENARIO_VERSION_BYTES, sql::DELETE_SCENARIO_VERSION),
        }
    }
}

/// Move one damaged row (and what depends on it) into `set_aside`.
fn set_aside_row(tx: &rusqlite::Transaction, d: &Damage, log: &mut Vec<String>) -> Result<()> {
    let (table, id, kpi) = (d.at.0, d.at.1, d.at.2.as_deref());
    let content = |q: &str| tx.query_row(q, [id], |r| raw(r, 0)).optional();
    let mut set_aside = |what: &str, from: &str, owner: i64, version: Option<i64>, bytes: Option<Vec<u8>>, why: &str| -> Result<()> {
        tx.execute(sql::SET_ASIDE, params![what, from, owner, version, bytes, why])?;
        log.push(format!("{what}: {why}"));
        Ok(())
    };
    match table {
        Table::ModelVersions | Table::ScenarioVersions => {
            let (key, runs_of, bytes_of, delete) = table.version_sql();
            let (owner, version): (i64, i64) = tx.query_row(key, [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let runs: Vec<i64> = tx.prepare(runs_of)?.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for run in runs {
                let report = tx.query_row(sql::RUN_REPORT_BYTES, [run], |r| raw(r, 0)).optional()?;
                set_aside(&format!("run {run}"), "runs", run, None, report, &format!("it was made from {}, which is damaged (its results are kept with it)", d.what))?;
                tx.execute(sql::DELETE_RUN, [run])?;
            }
            set_aside(&d.what, table.name(), owner, Some(version), content(bytes_of)?, &d.reason)?;
            tx.execute(delete, [id])?;
        }
        Table::RunResults => {
            set_aside(&d.what, table.name(), id, None, content(sql::RUN_REPORT_BYTES)?, &d.reason)?;
            tx.execute(sql::DELETE_RUN_RESULTS, [id])?;
            tx.execute(sql::RESULTS_SET_ASIDE, [id])?;
        }
        Table::RunTrials => {
            let bytes = tx.query_row(sql::RUN_TRIALS_BYTES, params![id, kpi], |r| raw(r, 0)).optional()?;
            set_aside(&d.what, table.name(), id, None, bytes, &d.reason)?;
            tx.execute(sql::DELETE_RUN_TRIALS, params![id, kpi])?;
        }
        Table::Datasets => {
            set_aside(&d.what, table.name(), id, None, content(sql::DATASET_BYTES)?, &d.reason)?;
            tx.execute(sql::DELETE_DATASET, [id])?;
        }
    }
    Ok(())
}
