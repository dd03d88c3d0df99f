//! The local scenario store: one SQLite file that keeps a person's models, scenarios, every
//! saved version of them, and every run with its results.
//!
//! The CLI and the desktop app both go through this API; neither writes SQL. What it decides:
//!
//! - **Nothing is lost.** Every save is a new version (history, restore); delete moves to the
//!   trash; only `purge` removes, and only from the trash. Every write is one `IMMEDIATE`
//!   transaction, with WAL and `synchronous = FULL`, so a process killed mid-save leaves the
//!   last committed state and a file that opens cleanly.
//! - **A bad file is never touched.** Before opening for writing, the file is checked read-only:
//!   not a SQLite file, corrupt, read-only, or written by a newer studio each give their own
//!   [`StoreError`], and the file stays byte-for-byte as it was. [`move_aside`] is how a front
//!   end offers a fresh start.
//! - **Validated documents only.** Imports and saves are validated by the model layer first;
//!   an invalid document is refused with its listed problems and changes nothing.
//! - Two processes (the app and the CLI) share the file: writers wait on a busy timeout
//!   instead of failing with "database is locked".

mod damage;
mod file;
mod rows;
mod sql;
mod upgrade;

pub use damage::{CheckReport, Damage, Recovery};
pub use file::{check_output, default_path, move_aside};
use file::{classify, inspect, process_gone};
pub use rows::*;
use damage::{checksum, verified, Table};
use rows::{latest_model, latest_scenario, run_row, scenario_row, scenario_version};
pub use upgrade::UPGRADE_NOTE;
use upgrade::upgrade_documents;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use ecosim_core::model::{LoadError, MarketModelDoc, Model, Problems, Scenario, ScenarioDoc};
use ecosim_core::output::RunReport;

pub use sql::MIGRATIONS;

/// Schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Environment variable that overrides the database path (tests and scripts).
pub const DB_ENV: &str = "ECOSIM_DB";

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not an Ecosim Studio database ({detail}); it was left untouched. Open another file, or move it aside and start with a fresh database")]
    NotADatabase { path: String, detail: String },
    #[error("{path} is damaged ({detail}); it was left untouched. Restore a backup, or move it aside and start with a fresh database")]
    Corrupt { path: String, detail: String },
    #[error("{path} is read-only; the studio needs to write to its database. Make it writable (for example `chmod u+w` on it, as its owner) or choose another file")]
    ReadOnly { path: String },
    #[error("the folder {folder} is read-only, so the studio cannot use {path} there: SQLite keeps a write-ahead log beside its database. Make the folder writable, or choose a database in another folder")]
    ReadOnlyFolder { path: String, folder: String },
    #[error("{path} was written by a newer version of Ecosim Studio (database schema {found}; this version knows up to {supported}); it was left untouched. Update the studio to open it")]
    TooNew { path: String, found: i64, supported: usize },
    #[error("{what} is damaged in {path}: its bytes no longer match the checksum saved with them, so it was not used and nothing was changed. `ecosim db check` lists every damaged row; `ecosim db recover` keeps every intact version and sets the damaged ones aside")]
    Damaged { what: String, path: String },
    #[error("{0}")]
    Invalid(#[from] LoadError),
    #[error("no {what} {key:?} in the studio")]
    NotFound { what: &'static str, key: String },
    #[error("{0}")]
    Refused(String),
    #[error("cannot create the folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// Damage SQLite meets while reading (a page that `quick_check` passed but a query
    /// cannot follow), and a stored value that is no longer what its column holds (text that
    /// is not UTF-8, a number where text was, a status no studio writes), is damage, said as
    /// such; everything else is a database error.
    fn from(e: rusqlite::Error) -> StoreError {
        let unreadable = matches!(e, rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::Utf8Error(..));
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path: "the studio database".into(), detail: e.to_string() },
            _ if unreadable => StoreError::Corrupt { path: "the studio database".into(), detail: format!("a stored value cannot be read: {e}") },
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

// --- the store -----------------------------------------------------------------------------

/// An open studio database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Open (or create and seed with the shipped models and scenarios) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).ok();
        let fresh = meta.as_ref().is_none_or(|m| m.len() == 0);
        if let Some(m) = &meta {
            if m.is_dir() {
                return Err(StoreError::NotADatabase { path: shown, detail: "it is a folder".into() });
            }
            // Opening for writing changes nothing, and asks the system rather than guessing
            // from permission bits (another owner's file, an ACL, a read-only mount).
            if m.permissions().readonly() || std::fs::OpenOptions::new().write(true).open(path).is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(30)) {
                return Err(StoreError::ReadOnly { path: shown });
            }
        }
        // SQLite keeps its write-ahead log and index beside the database: the folder must take
        // new files (unless they already exist and are writable).
        let wal_ready = ["-wal", "-shm"].iter().all(|ext| std::fs::OpenOptions::new().write(true).open(format!("{}{ext}", path.display())).is_ok());
        if !wal_ready {
            if let Some(folder) = file::unwritable_folder(path) {
                return Err(StoreError::ReadOnlyFolder { path: shown, folder });
            }
        }
        // SQLite creates the write-ahead log and its index beside a WAL file as soon as it reads
        // it (a read-only look included): a file refused after that must not be left with
        // sidecars it never had.
        let sidecars: Vec<(std::path::PathBuf, bool)> = ["-wal", "-shm"]
            .iter()
            .map(|ext| {
                let p = std::path::PathBuf::from(format!("{}{ext}", path.display()));
                let existed = p.exists();
                (p, existed)
            })
            .collect();
        let opened = if !fresh {
            inspect(path).and_then(|_| Self::open_connection(path, &shown))
        } else {
            match path.parent().filter(|d| !d.as_os_str().is_empty()).map(std::fs::create_dir_all) {
                Some(Err(source)) => Err(StoreError::Folder { path: path.parent().map(|d| d.display().to_string()).unwrap_or_default(), source }),
                _ => Self::open_connection(path, &shown),
            }
        };
        if opened.is_err() {
            for (p, existed) in &sidecars {
                let empty_wal = p.to_string_lossy().ends_with("-wal") && std::fs::metadata(p).is_ok_and(|m| m.len() == 0);
                let shm = p.to_string_lossy().ends_with("-shm");
                if !existed && (empty_wal || shm) {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
        opened
    }

    fn open_connection(path: &Path, shown: &str) -> Result<Store> {
        let shown = shown.to_string();
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| classify(e, &shown))?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly { path: shown });
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mode: String = conn.query_row(sql::JOURNAL_WAL, [], |r| r.get(0)).map_err(|e| classify(e, &shown))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Refused(format!("{shown}: cannot use write-ahead logging (journal mode is {mode})")));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut store = Store { conn, path: path.to_path_buf() };
        let seeded = store.migrate()?;
        if seeded {
            store.seed()?;
        }
        store.interrupt_abandoned_runs()?;
        Ok(store)
    }

    /// Mark runs left "running" by a process that no longer exists as failed (interrupted).
    /// A run of a live process — the app and the CLI may share the file — is left alone; where
    /// the platform cannot tell whether a process lives, nothing is changed. Returns the runs
    /// marked.
    pub fn interrupt_abandoned_runs(&mut self) -> Result<Vec<i64>> {
        let running: Vec<(i64, Option<i64>)> = {
            let mut st = self.conn.prepare(sql::RUNNING_RUNS)?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let dead: Vec<i64> = running.into_iter().filter(|(_, pid)| process_gone(*pid)).map(|(id, _)| id).collect();
        if !dead.is_empty() {
            let tx = self.write()?;
            for id in &dead {
                tx.execute(sql::INTERRUPT_RUN, [id])?;
            }
            tx.commit()?;
        }
        Ok(dead)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bring the schema to [`SCHEMA_VERSION`]; true when the database was new.
    fn migrate(&mut self) -> Result<bool> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row(sql::USER_VERSION, [], |r| r.get(0))?;
        if version as usize > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: self.path.display().to_string(), found: version, supported: SCHEMA_VERSION });
        }
        let fresh = version == 0;
        if fresh {
            tx.pragma_update(None, "application_id", sql::APPLICATION_ID)?;
        }
        for (i, m) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(m)?;
            if i + 1 == sql::DOCUMENTS_TO_SCHEMA_2 && !fresh {
                upgrade_documents(&tx)?;
            }
            if i + 1 == sql::CHECKSUMS {
                damage::backfill(&tx)?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit()?;
        Ok(fresh)
    }

    /// The messages for the person not yet shown (such as "this model was upgraded"), marked
    /// as shown in the same transaction: each is returned once, to the front end that asks.
    pub fn take_notices(&mut self) -> Result<Vec<String>> {
        let tx = self.write()?;
        let unseen: Vec<(i64, String)> = tx.prepare(sql::UNSEEN_NOTICES)?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (id, _) in &unseen {
            tx.execute(sql::SEE_NOTICE, [id])?;
        }
        tx.commit()?;
        Ok(unseen.into_iter().map(|(_, m)| m).collect())
    }

    // --- datasets --------------------------------------------------------------------------

    /// Store a checked dataset of actuals (its canonical tables as `document`, its source files
    /// as `sources`), in one transaction; its id.
    #[allow(clippy::too_many_arguments)]
    pub fn save_dataset(&mut self, name: &str, model_slug: &str, partners: usize, deals: usize, currency: &str, sources: &serde_json::Value, document: &str) -> Result<i64> {
        let tx = self.write()?;
        tx.execute(sql::INSERT_DATASET, rusqlite::params![name, model_slug, partners as i64, deals as i64, currency, sources.to_string(), document, checksum(document.as_bytes())])?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    pub fn list_datasets(&self) -> Result<Vec<DatasetInfo>> {
        let mut st = self.conn.prepare(sql::LIST_DATASETS)?;
        let rows = st.query_map([], |r| {
            let sources: String = r.get(6)?;
            Ok(DatasetInfo { id: r.get(0)?, name: r.get(1)?, model_slug: r.get(2)?, partners: r.get(3)?, deals: r.get(4)?, currency: r.get(5)?, sources: serde_json::from_str(&sources).unwrap_or(serde_json::Value::Null), created_at: r.get(7)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remember the column mapping (JSON) used for sources with `signature` (their table and
    /// header), replacing the one remembered before.
    pub fn remember_mapping(&mut self, signature: &str, mapping: &serde_json::Value) -> Result<()> {
        let tx = self.write()?;
        tx.execute(sql::REMEMBER_MAPPING, rusqlite::params![signature, mapping.to_string()])?;
        tx.commit()?;
        Ok(())
    }

    /// The mapping remembered for sources with `signature`, if any.
    pub fn mapping_for(&self, signature: &str) -> Result<Option<serde_json::Value>> {
        let text: Option<String> = self.conn.query_row(sql::MAPPING_FOR, [signature], |r| r.get(0)).optional()?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// A dataset's canonical tables, as stored.
    pub fn dataset_document(&self, id: i64) -> Result<String> {
        let (bytes, sum) = self.conn.query_row(sql::DATASET_DOCUMENT, [id], |r| Ok((damage::raw(r, 0)?, r.get(1)?))).optional()?.ok_or_else(|| StoreError::NotFound { what: "dataset", key: id.to_string() })?;
        verified(&self.conn, Table::Datasets, id, None, bytes, sum)
    }

    /// Put the shipped models and scenarios in a new database.
    fn seed(&mut self) -> Result<()> {
        for text in ecosim_core::shipped::MODELS {
            self.import_text(text, "shipped with the studio")?;
        }
        for text in ecosim_core::shipped::SCENARIOS {
            self.import_text(text, "shipped with the studio")?;
        }
        Ok(())
    }

    fn write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    // --- models ----------------------------------------------------------------------------

    pub fn list_models(&self) -> Result<Vec<ModelInfo>> {
        let mut st = self.conn.prepare(sql::LIST_MODELS)?;
        let rows = st.query_map([], |r| {
            Ok(ModelInfo { id: r.get(0)?, slug: r.get(1)?, name: r.get(2)?, version: r.get(3)?, updated_at: r.get(4)?, deleted: r.get(5)?, scenarios: r.get(6)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest version of a model: (version row id, validated model).
    pub fn model(&self, slug: &str) -> Result<(i64, Model)> {
        let id: i64 = self
            .conn
            .query_row(sql::MODEL_ID_BY_SLUG, [slug], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "market model", key: slug.into() })?;
        let (vid, _, text) = latest_model(&self.conn, id)?;
        Ok((vid, Model::from_json(&text)?))
    }

    // --- scenarios -------------------------------------------------------------------------

    /// Live scenarios (or those in the trash) whose name, id, description or model name
    /// contains `search` (case-insensitive), most recently changed first.
    pub fn list_scenarios(&self, search: &str, trash: bool) -> Result<Vec<ScenarioInfo>> {
        let escaped = search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let mut st = self.conn.prepare(&format!("{}{}", sql::SCENARIO_ROW, sql::WHERE_SEARCH))?;
        let rows = st.query_map(params![trash, escaped], scenario_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|s| self.with_last_run(s)).collect()
    }

    fn with_last_run(&self, mut s: ScenarioInfo) -> Result<ScenarioInfo> {
        s.last_run = self.conn.query_row(&format!("{}{}", sql::RUN_ROW, sql::LAST_COMPLETED_RUN), [s.id], run_row).optional()?;
        Ok(s)
    }

    /// The row id of a scenario named by id or slug.
    pub fn resolve(&self, r: ScenarioRef) -> Result<i64> {
        let found = match r {
            ScenarioRef::Id(id) => self.conn.query_row(sql::SCENARIO_EXISTS, [id], |r| r.get(0)).optional()?,
            ScenarioRef::Slug(s) => self.conn.query_row(sql::SCENARIO_ID_BY_SLUG, [s], |r| r.get(0)).optional()?,
        };
        found.ok_or_else(|| StoreError::NotFound {
            what: "scenario",
            key: match r {
                ScenarioRef::Id(id) => id.to_string(),
                ScenarioRef::Slug(s) => s.to_string(),
            },
        })
    }

    pub fn scenario_info(&self, id: i64) -> Result<ScenarioInfo> {
        let s = self
            .conn
            .query_row(&format!("{}{}", sql::SCENARIO_ROW, sql::WHERE_ID), [id], scenario_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "scenario", key: id.to_string() })?;
        self.with_last_run(s)
    }

    /// A scenario's document: the latest version, or `version`.
    pub fn scenario(&self, id: i64, version: Option<i64>) -> Result<StoredScenario> {
        let info = self.scenario_info(id)?;
        let row = scenario_version(&self.conn, id, version)?;
        let (version_id, version, text) =
            row.ok_or_else(|| StoreError::NotFound { what: "version", key: format!("{} of scenario {}", version.unwrap_or(0), info.slug) })?;
        let doc = Scenario::from_json(&text)?;
        Ok(StoredScenario { info, version_id, version, doc })
    }

    /// Every saved version of a scenario, newest first.
    pub fn history(&self, id: i64) -> Result<Vec<VersionInfo>> {
        let mut st = self.conn.prepare(sql::SCENARIO_HISTORY)?;
        let rows = st.query_map([id], |r| Ok(VersionInfo { version: r.get(1)?, note: r.get(2)?, created_at: r.get(3)?, runs: r.get(4)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Validate a scenario against the latest version of the model it names.
    fn validate_scenario(&self, doc: &ScenarioDoc) -> Result<(i64, Model, Scenario)> {
        let (model_version, model) = self.model(&doc.model).map_err(|e| match e {
            StoreError::NotFound { .. } => {
                let mut p = Problems::default();
                p.push("model", format!("the market model {:?} is not in the studio; import it first, or import a scenario exported with its model", doc.model));
                StoreError::Invalid(LoadError::Invalid(p))
            }
            other => other,
        })?;
        let scenario = Scenario::from_doc(doc.clone(), &model)?;
        Ok((model_version, model, scenario))
    }

    /// Check an edited scenario against the latest version of its model; nothing is written.
    pub fn check_scenario(&self, doc: &ScenarioDoc) -> Result<()> {
        self.validate_scenario(doc).map(|_| ())
    }

    /// Save a market model as its next version (or as a new model). Refused, with every
    /// problem, when it is invalid or when a live scenario that runs against it would no
    /// longer validate.
    pub fn save_model(&mut self, doc: MarketModelDoc, note: &str) -> Result<i64> {
        let model = Model::from_doc(doc.clone())?;
        let mut problems = Problems::default();
        for s in self.list_scenarios("", false)?.into_iter().filter(|s| s.model_slug == doc.id) {
            let sdoc = self.scenario(s.id, None)?.doc;
            if let Err(e) = Scenario::from_doc(sdoc, &model) {
                for p in e.problems() {
                    problems.push("", format!("the scenario {:?} would no longer be valid: {p}", s.name));
                }
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(LoadError::Invalid(problems)));
        }
        let tx = self.write()?;
        let (_, version, _) = upsert_model_same_slug(&tx, &doc, note)?;
        tx.commit()?;
        Ok(version)
    }

    /// Save `doc` as the next version of scenario `id` (its document id stays the scenario's).
    /// An invalid document is refused with its problems and nothing is written; a document
    /// equal to the latest version writes nothing and returns that version.
    pub fn save_scenario(&mut self, id: i64, mut doc: ScenarioDoc, note: &str) -> Result<i64> {
        let current = self.scenario(id, None)?;
        doc.id = current.info.slug.clone();
        doc.embedded_model = None;
        if doc == current.doc {
            return Ok(current.version);
        }
        self.validate_scenario(&doc)?;
        let tx = self.write()?;
        let version = insert_scenario_version(&tx, id, &doc, note)?;
        tx.commit()?;
        Ok(version)
    }

    /// Create a scenario from a validated document; `doc.id` must be free.
    pub fn create_scenario(&mut self, doc: ScenarioDoc, note: &str) -> Result<i64> {
        self.validate_scenario(&doc)?;
        let tx = self.write()?;
        let id = insert_scenario(&tx, &doc, note)?;
        tx.commit()?;
        Ok(id)
    }

    /// Store `doc` as a new scenario under the first id free from `base` (`base`, `base-2`, …),
    /// chosen inside the write transaction: two processes creating from the same base at the
    /// same moment get two ids, and neither fails.
    pub fn create_scenario_free_id(&mut self, mut doc: ScenarioDoc, base: &str, note: &str) -> Result<i64> {
        doc.id = base.to_string();
        self.validate_scenario(&doc)?;
        let tx = self.write()?;
        doc.id = free_scenario_slug(&tx, base)?;
        let id = insert_scenario(&tx, &doc, note)?;
        tx.commit()?;
        Ok(id)
    }

    /// A document id not used by any scenario, from `base`.
    pub fn free_slug(&self, base: &str) -> Result<String> {
        free_scenario_slug(&self.conn, base)
    }

    /// Copy a scenario's latest version into a new scenario named `name`.
    pub fn duplicate(&mut self, id: i64, name: &str) -> Result<i64> {
        let src = self.scenario(id, None)?;
        let mut doc = src.doc;
        doc.name = name.to_string();
        self.create_scenario_free_id(doc, &format!("{}-copy", src.info.slug), &format!("duplicated from {} version {}", src.info.slug, src.version))
    }

    /// Give a scenario a new name (a new version, so the rename is in its history).
    pub fn rename(&mut self, id: i64, name: &str) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            let mut p = Problems::default();
            p.push("name", "must not be empty");
            return Err(StoreError::Invalid(LoadError::Invalid(p)));
        }
        let mut doc = self.scenario(id, None)?.doc;
        doc.name = name.to_string();
        self.save_scenario(id, doc, "renamed")
    }

    /// Make an earlier version the latest again (as a new version: nothing is rewritten).
    pub fn restore_version(&mut self, id: i64, version: i64) -> Result<i64> {
        let old = self.scenario(id, Some(version))?;
        self.save_scenario(id, old.doc, &format!("restored version {version}"))
    }

    /// Move a scenario to the trash (its versions and runs are kept).
    pub fn trash(&mut self, id: i64) -> Result<()> {
        self.resolve(ScenarioRef::Id(id))?;
        let tx = self.write()?;
        tx.execute(sql::TRASH_SCENARIO, [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Take a scenario out of the trash.
    pub fn untrash(&mut self, id: i64) -> Result<()> {
        self.resolve(ScenarioRef::Id(id))?;
        let tx = self.write()?;
        tx.execute(sql::UNTRASH_SCENARIO, [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Delete a trashed scenario for good, with its versions and runs.
    pub fn purge(&mut self, id: i64) -> Result<()> {
        let info = self.scenario_info(id)?;
        if info.deleted_at.is_none() {
            return Err(StoreError::Refused(format!("scenario {:?} is not in the trash; delete it first, then purge it", info.slug)));
        }
        let tx = self.write()?;
        tx.execute(sql::PURGE_SCENARIO, [id])?;
        tx.commit()?;
        Ok(())
    }

    // --- import and export -----------------------------------------------------------------

    /// Import a model or scenario file. Everything is validated before anything is written;
    /// an invalid file is refused with its problems and the database is unchanged.
    pub fn import_file(&mut self, path: &Path) -> Result<Imported> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
        self.import_text(&text, &format!("imported from {}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()))
    }

    /// Import a document given as text (see [`Store::import_file`]).
    ///
    /// A document equal to the stored one of the same id changes nothing. One that differs is
    /// imported beside it under a free id, never over it: importing someone's file must not
    /// change a forecast of one's own. A scenario with an embedded model brings the model.
    pub fn import_text(&mut self, text: &str, note: &str) -> Result<Imported> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| LoadError::Syntax { line: e.line(), column: e.column(), message: e.to_string() })?;
        if value.get("composition").is_none() {
            let model = Model::from_json(text)?;
            let tx = self.write()?;
            let (slug, version, unchanged) = upsert_model(&tx, &model.doc, note)?;
            tx.commit()?;
            return Ok(Imported::Model { slug, version, unchanged });
        }
        let mut doc = Scenario::from_json(text)?;
        let embedded = doc.embedded_model.take();
        // Validate first, against the embedded model or the stored one.
        match &embedded {
            Some(m) => {
                let model = Model::from_doc((**m).clone())?;
                Scenario::from_doc(doc.clone(), &model)?;
            }
            None => {
                self.validate_scenario(&doc)?;
            }
        }
        let tx = self.write()?;
        if let Some(m) = embedded {
            let (slug, _, _) = upsert_model(&tx, &m, note)?;
            doc.model = slug;
        }
        let existing: Option<i64> = tx.query_row(sql::SCENARIO_ID_BY_SLUG, [&doc.id], |r| r.get(0)).optional()?;
        if let Some(id) = existing {
            let (_, version, text) = latest_scenario(&tx, id)?;
            if Scenario::from_json(&text).ok().as_ref() == Some(&doc) {
                return Ok(Imported::Scenario { slug: doc.id.clone(), version, unchanged: true, model: doc.model.clone() });
            }
            doc.id = free_slug_tx(&tx, &doc.id, false)?;
            doc.name = format!("{} (imported)", doc.name);
        }
        insert_scenario(&tx, &doc, note)?;
        tx.commit()?;
        Ok(Imported::Scenario { slug: doc.id, version: 1, unchanged: false, model: doc.model })
    }

    /// A scenario as a self-contained document, its model embedded, that another studio imports.
    pub fn export(&self, id: i64, version: Option<i64>) -> Result<ScenarioDoc> {
        let s = self.scenario(id, version)?;
        let (_, model) = self.model(&s.doc.model)?;
        let mut doc = s.doc;
        doc.embedded_model = Some(Box::new(model.into_doc()));
        Ok(doc)
    }

    // --- runs ------------------------------------------------------------------------------

    /// What a run of scenario `id` needs: its latest version, validated, and the version ids
    /// to record the run against.
    pub fn load_for_run(&self, id: i64) -> Result<(ecosim_core::model::Loaded, i64, i64)> {
        let s = self.scenario(id, None)?;
        let (model_version, model, scenario) = self.validate_scenario(&s.doc)?;
        Ok((ecosim_core::model::Loaded { model, scenario, model_path: None }, s.version_id, model_version))
    }

    /// Put a scenario loaded from a file in the studio so its run can be recorded: the stored
    /// scenario of the same id if it is identical, else a new version of it (its previous
    /// versions stay in its history); the model likewise. Returns (scenario id, scenario
    /// version id, model version id).
    pub fn adopt(&mut self, loaded: &ecosim_core::model::Loaded, note: &str) -> Result<(i64, i64, i64)> {
        let mut doc = loaded.scenario.doc.clone();
        doc.embedded_model = None;
        let tx = self.write()?;
        let (model_slug, _, _) = upsert_model_same_slug(&tx, &loaded.model.doc, note)?;
        doc.model = model_slug;
        let id = match tx.query_row(sql::SCENARIO_ID_BY_SLUG, [&doc.id], |r| r.get::<_, i64>(0)).optional()? {
            Some(id) => {
                let (_, _, text) = latest_scenario(&tx, id)?;
                if Scenario::from_json(&text).ok().as_ref() != Some(&doc) {
                    insert_scenario_version(&tx, id, &doc, note)?;
                }
                id
            }
            None => insert_scenario(&tx, &doc, note)?,
        };
        let (sv, _, _) = latest_scenario(&tx, id)?;
        let model_id: i64 = tx.query_row(sql::MODEL_ID_BY_SLUG, [&doc.model], |r| r.get(0))?;
        let (mv, _, _) = latest_model(&tx, model_id)?;
        tx.commit()?;
        Ok((id, sv, mv))
    }

    /// Record that a run has started; returns its id.
    pub fn begin_run(&mut self, scenario_version_id: i64, model_version_id: i64, opts: &ecosim_core::engine::RunOptions) -> Result<i64> {
        let sampling = serde_json::to_value(opts.sampling).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let tx = self.write()?;
        tx.execute(sql::INSERT_RUN, params![scenario_version_id, model_version_id, ecosim_core::ENGINE_VERSION, opts.seed as i64, opts.trials as i64, sampling, std::process::id() as i64])?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// Store a completed run's report and its per-trial headline KPIs, in one transaction.
    pub fn finish_run(&mut self, run_id: i64, report: &RunReport, trials: &[(&str, &[f64])]) -> Result<()> {
        let json = serde_json::to_string(report).expect("report serialises");
        let k = &report.kpis;
        let tx = self.write()?;
        tx.execute(
            sql::INSERT_RESULT,
            params![run_id, json, k.total_revenue.p10, k.total_revenue.p50, k.total_revenue.p90, k.coverage_final.p50, checksum(json.as_bytes())],
        )?;
        for (kpi, vals) in trials {
            let bytes: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
            tx.execute(sql::INSERT_TRIALS, params![run_id, kpi, bytes, checksum(&bytes)])?;
        }
        tx.execute(sql::FINISH_RUN, params![run_id, RunStatus::Completed.as_str(), Option::<String>::None, report.wall_seconds])?;
        tx.commit()?;
        Ok(())
    }

    /// Record that a run ended without results (cancelled or failed).
    pub fn end_run(&mut self, run_id: i64, status: RunStatus, error: Option<&str>, wall_seconds: f64) -> Result<()> {
        let tx = self.write()?;
        tx.execute(sql::FINISH_RUN, params![run_id, status.as_str(), error, wall_seconds])?;
        tx.commit()?;
        Ok(())
    }

    /// Runs, newest first: of one scenario, or of all.
    pub fn list_runs(&self, scenario: Option<i64>, limit: u32) -> Result<Vec<RunInfo>> {
        let mut st = self.conn.prepare(&format!("{}{}", sql::RUN_ROW, sql::RUNS_WHERE_SCENARIO))?;
        let rows = st.query_map(params![scenario, limit], run_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn run_info(&self, run_id: i64) -> Result<RunInfo> {
        self.conn
            .query_row(&format!("{}{}", sql::RUN_ROW, sql::RUNS_WHERE_ID), [run_id], run_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "run", key: run_id.to_string() })
    }

    /// A completed run's report, as it was when the run finished: no re-simulation.
    pub fn run_report(&self, run_id: i64) -> Result<RunReport> {
        let info = self.run_info(run_id)?;
        let (bytes, sum) = self
            .conn
            .query_row(sql::RUN_REPORT, [run_id], |r| Ok((damage::raw(r, 0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::Refused(format!("run {run_id} has no results (it is {})", info.status)))?;
        let text = verified(&self.conn, Table::RunResults, run_id, None, bytes, sum)?;
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt { path: self.path.display().to_string(), detail: format!("the results of run {run_id} cannot be read: {e}") })
    }

    /// The scenario and model documents a run simulated, exactly as they were when it ran.
    pub fn run_documents(&self, run_id: i64) -> Result<(ScenarioDoc, MarketModelDoc)> {
        #[allow(clippy::type_complexity)]
        let (sv, s, s_sum, mv, m, m_sum): (i64, Vec<u8>, Option<String>, i64, Vec<u8>, Option<String>) = self
            .conn
            .query_row(sql::RUN_DOCUMENTS, [run_id], |r| Ok((r.get(0)?, damage::raw(r, 1)?, r.get(2)?, r.get(3)?, damage::raw(r, 4)?, r.get(5)?)))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "run", key: run_id.to_string() })?;
        let s = verified(&self.conn, Table::ScenarioVersions, sv, None, s, s_sum)?;
        let m = verified(&self.conn, Table::ModelVersions, mv, None, m, m_sum)?;
        let corrupt = |e: serde_json::Error| StoreError::Corrupt { path: self.path.display().to_string(), detail: format!("the documents of run {run_id} cannot be read: {e}") };
        Ok((serde_json::from_str(&s).map_err(corrupt)?, serde_json::from_str(&m).map_err(corrupt)?))
    }

    /// A completed run's per-trial values of a headline KPI, in trial order.
    pub fn run_trials(&self, run_id: i64, kpi: &str) -> Result<Vec<f64>> {
        let (bytes, sum): (Vec<u8>, Option<String>) = self
            .conn
            .query_row(sql::RUN_TRIALS, params![run_id, kpi], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "per-trial KPI", key: format!("{kpi} of run {run_id}") })?;
        let bytes = damage::verified_bytes(&self.conn, Table::RunTrials, run_id, Some(kpi), bytes, sum)?;
        Ok(bytes.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes"))).collect())
    }

    // --- maintenance -----------------------------------------------------------------------

    /// Copy the database to `dest` with SQLite's online backup (safe while others write).
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Refused(format!("{} already exists; choose a new file for the backup", dest.display())));
        }
        // Into a sibling file first, renamed into place when complete: a failed backup never
        // leaves a half-written file under the chosen name.
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{name}.{}.partial", std::process::id()));
        let done = self.conn.backup(rusqlite::MAIN_DB, &tmp, None).map_err(StoreError::from).and_then(|()| {
            std::fs::rename(&tmp, dest).map_err(|e| StoreError::Refused(format!("cannot write {}: {e}", dest.display())))
        });
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        done
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: the problems found, empty when sound.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = {
            let mut st = self.conn.prepare(sql::INTEGRITY_CHECK)?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?.into_iter().filter(|s| s != "ok").collect()
        };
        let mut st = self.conn.prepare(sql::FOREIGN_KEY_CHECK)?;
        let rows = st.query_map([], |r| Ok(format!("row {} of {} refers to a missing row of {}", r.get::<_, i64>(1)?, r.get::<_, String>(0)?, r.get::<_, String>(2)?)))?;
        problems.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        Ok(problems)
    }
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).expect("documents serialise")
}

fn insert_scenario(tx: &rusqlite::Transaction, doc: &ScenarioDoc, note: &str) -> Result<i64> {
    let model_id: i64 = tx
        .query_row(sql::MODEL_ID_BY_SLUG, [&doc.model], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound { what: "market model", key: doc.model.clone() })?;
    if tx.query_row(sql::SCENARIO_ID_BY_SLUG, [&doc.id], |r| r.get::<_, i64>(0)).optional()?.is_some() {
        return Err(StoreError::Refused(format!("a scenario with the id {:?} is already in the studio", doc.id)));
    }
    tx.execute(sql::INSERT_SCENARIO, params![doc.id, doc.name, doc.description, model_id])?;
    let id = tx.last_insert_rowid();
    insert_scenario_version(tx, id, doc, note)?;
    Ok(id)
}

fn insert_scenario_version(tx: &rusqlite::Transaction, id: i64, doc: &ScenarioDoc, note: &str) -> Result<i64> {
    let model_id: i64 = tx
        .query_row(sql::MODEL_ID_BY_SLUG, [&doc.model], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound { what: "market model", key: doc.model.clone() })?;
    let text = to_json(doc);
    tx.execute(sql::INSERT_SCENARIO_VERSION, params![id, doc.schema_version, text, note, checksum(text.as_bytes())])?;
    tx.execute(sql::TOUCH_SCENARIO, params![id, doc.name, doc.description, model_id])?;
    Ok(tx.query_row(sql::INSERTED_SCENARIO_VERSION, [], |r| r.get(0))?)
}

/// The first of `base`, `base-2`, `base-3`, … no scenario (or model) has, inside `tx`.
fn free_scenario_slug(tx: &Connection, base: &str) -> Result<String> {
    if !tx.query_row(sql::SLUG_TAKEN, params![base, false], |r| r.get::<_, bool>(0))? {
        return Ok(base.to_string());
    }
    free_slug_tx(tx, base, false)
}

fn free_slug_tx(tx: &Connection, base: &str, model: bool) -> Result<String> {
    for n in 2.. {
        let slug = format!("{base}-{n}");
        let taken: bool = tx.query_row(if model { sql::MODEL_SLUG_TAKEN } else { sql::SLUG_TAKEN }, params![slug, false], |r| r.get(0))?;
        if !taken {
            return Ok(slug);
        }
    }
    unreachable!()
}

fn insert_model(tx: &rusqlite::Transaction, doc: &MarketModelDoc, note: &str) -> Result<i64> {
    tx.execute(sql::INSERT_MODEL, params![doc.id, doc.name])?;
    let id = tx.last_insert_rowid();
    let text = to_json(doc);
    tx.execute(sql::INSERT_MODEL_VERSION, params![id, doc.schema_version, text, note, checksum(text.as_bytes())])?;
    Ok(id)
}

/// Import a model: reuse an identical stored one, else add it (under a free id if its id is
/// taken by a different model). Returns (slug, version, unchanged).
fn upsert_model(tx: &rusqlite::Transaction, doc: &MarketModelDoc, note: &str) -> Result<(String, i64, bool)> {
    let mut doc = doc.clone();
    if let Some(id) = tx.query_row(sql::MODEL_ID_BY_SLUG, [&doc.id], |r| r.get::<_, i64>(0)).optional()? {
        let (_, version, text) = latest_model(tx, id)?;
        if serde_json::from_str::<MarketModelDoc>(&text).ok().as_ref() == Some(&doc) {
            return Ok((doc.id, version, true));
        }
        doc.id = free_slug_tx(tx, &doc.id, true)?;
        doc.name = format!("{} (imported)", doc.name);
    }
    insert_model(tx, &doc, note)?;
    Ok((doc.id, 1, false))
}

/// For a run from a file: the stored model of the same id if identical, else a new version
/// of it. Returns (slug, version, unchanged).
fn upsert_model_same_slug(tx: &rusqlite::Transaction, doc: &MarketModelDoc, note: &str) -> Result<(String, i64, bool)> {
    match tx.query_row(sql::MODEL_ID_BY_SLUG, [&doc.id], |r| r.get::<_, i64>(0)).optional()? {
        Some(id) => {
            let (_, version, text) = latest_model(tx, id)?;
            if serde_json::from_str::<MarketModelDoc>(&text).ok().as_ref() == Some(doc) {
                return Ok((doc.id.clone(), version, true));
            }
            let text = to_json(doc);
    tx.execute(sql::INSERT_MODEL_VERSION, params![id, doc.schema_version, text, note, checksum(text.as_bytes())])?;
            tx.execute(sql::TOUCH_MODEL, params![id, doc.name])?;
            Ok((doc.id.clone(), version + 1, false))
        }
        None => {
            insert_model(tx, doc, note)?;
            Ok((doc.id.clone(), 1, false))
        }
    }
}
