//! What the store returns (the rows lists and the app show) and how they are read from SQL.

use rusqlite::{Connection, OptionalExtension};

use crate::damage::{verified, Table};
use serde::Serialize;

use ecosim_core::model::ScenarioDoc;

use crate::sql;

/// A scenario as lists and the library show it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ScenarioInfo {
    pub id: i64,
    /// The document id: stable, unique, used on the command line.
    pub slug: String,
    pub name: String,
    pub description: String,
    pub model_slug: String,
    pub model_name: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    /// The latest completed run, if any.
    pub last_run: Option<RunInfo>,
}

/// One saved version of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct VersionInfo {
    pub version: i64,
    pub note: String,
    pub created_at: String,
    pub runs: i64,
}

/// A stored version of a scenario's document.
#[derive(Debug, Clone)]
pub struct StoredScenario {
    pub info: ScenarioInfo,
    pub version_id: i64,
    pub version: i64,
    pub doc: ScenarioDoc,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ModelInfo {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub version: i64,
    pub updated_at: String,
    pub deleted: bool,
    pub scenarios: i64,
}

/// A stored dataset of actuals, as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DatasetInfo {
    pub id: i64,
    pub name: String,
    /// Slug of the base model its types, segments and regions were checked against.
    pub model_slug: String,
    pub partners: i64,
    pub deals: i64,
    pub currency: String,
    /// The source files: `[{"file", "sha256", "table", "rows"}]`.
    #[ts(type = "unknown")]
    pub sources: serde_json::Value,
    pub created_at: String,
}

/// Where a run stands. Stored as its snake_case name; the UI receives the same union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Trials are being simulated (or the process died: opening the store marks those failed).
    Running,
    /// Finished, with its results stored.
    Completed,
    /// Stopped by the person before it finished.
    Cancelled,
    /// Stopped by an error, or interrupted.
    Failed,
}

impl RunStatus {
    /// The name stored in the `runs.status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Completed => "completed",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Failed => "failed",
        }
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for RunStatus {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl rusqlite::types::FromSql for RunStatus {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match v.as_str()? {
            "running" => Ok(RunStatus::Running),
            "completed" => Ok(RunStatus::Completed),
            "cancelled" => Ok(RunStatus::Cancelled),
            "failed" => Ok(RunStatus::Failed),
            other => Err(rusqlite::types::FromSqlError::Other(format!("unknown run status {other:?}").into())),
        }
    }
}

/// A run as lists show it, with its headline figures once completed.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RunInfo {
    pub id: i64,
    pub scenario_id: i64,
    pub scenario_slug: String,
    pub scenario_name: String,
    pub scenario_version: i64,
    pub model_version: i64,
    pub engine_version: String,
    pub seed: u64,
    pub trials: u64,
    pub sampling: String,
    pub status: RunStatus,
    pub error: Option<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub wall_seconds: Option<f64>,
    pub total_revenue_p10: Option<f64>,
    pub total_revenue_p50: Option<f64>,
    pub total_revenue_p90: Option<f64>,
    pub coverage_final_p50: Option<f64>,
    /// The currency of the run's money figures (its model's).
    pub currency: String,
}

/// What importing a file did.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub enum Imported {
    Model { slug: String, version: i64, unchanged: bool },
    Scenario { slug: String, version: i64, unchanged: bool, model: String },
}

impl std::fmt::Display for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Imported::Model { slug, unchanged: true, .. } => write!(f, "market model {slug:?} is already in the studio, unchanged"),
            Imported::Model { slug, version, .. } => write!(f, "market model {slug:?} imported (version {version})"),
            Imported::Scenario { slug, unchanged: true, .. } => write!(f, "scenario {slug:?} is already in the studio, unchanged"),
            Imported::Scenario { slug, version, model, .. } => write!(f, "scenario {slug:?} imported (version {version}, model {model:?})"),
        }
    }
}

/// A scenario named on the command line or by the app: its row id or its document id.
pub fn parse_ref(s: &str) -> ScenarioRef<'_> {
    match s.parse::<i64>() {
        Ok(id) => ScenarioRef::Id(id),
        Err(_) => ScenarioRef::Slug(s),
    }
}

#[derive(Debug, Clone, Copy)]
pub enum ScenarioRef<'a> {
    Id(i64),
    Slug(&'a str),
}

pub(crate) fn scenario_row(r: &rusqlite::Row) -> rusqlite::Result<ScenarioInfo> {
    Ok(ScenarioInfo {
        id: r.get(0)?,
        slug: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        model_slug: r.get(4)?,
        model_name: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
        deleted_at: r.get(8)?,
        version: r.get(9)?,
        last_run: None,
    })
}

pub(crate) fn run_row(r: &rusqlite::Row) -> rusqlite::Result<RunInfo> {
    Ok(RunInfo {
        id: r.get(0)?,
        scenario_id: r.get(1)?,
        scenario_slug: r.get(2)?,
        scenario_name: r.get(3)?,
        scenario_version: r.get(4)?,
        model_version: r.get(5)?,
        engine_version: r.get(6)?,
        seed: r.get::<_, i64>(7)? as u64,
        trials: r.get::<_, i64>(8)? as u64,
        sampling: r.get(9)?,
        status: r.get(10)?,
        error: r.get(11)?,
        started_at: r.get(12)?,
        finished_at: r.get(13)?,
        wall_seconds: r.get(14)?,
        total_revenue_p10: r.get(15)?,
        total_revenue_p50: r.get(16)?,
        total_revenue_p90: r.get(17)?,
        coverage_final_p50: r.get(18)?,
        currency: r.get(19)?,
    })
}

/// A stored version: (row id, version number, document text).
pub(crate) type VersionRow = (i64, i64, String);

/// A version row as stored: (row id, version, bytes, checksum).
type RawVersion = (i64, i64, Vec<u8>, Option<String>);

fn raw_version(r: &rusqlite::Row) -> rusqlite::Result<RawVersion> {
    Ok((r.get(0)?, r.get(1)?, crate::damage::raw(r, 2)?, r.get(3)?))
}

/// A version of scenario `id` (the latest, or `version`), its bytes checked against their
/// checksum; `None` when there is no such version.
pub(crate) fn scenario_version(c: &Connection, id: i64, version: Option<i64>) -> crate::Result<Option<VersionRow>> {
    let row = match version {
        Some(v) => c.query_row(sql::SCENARIO_VERSION, rusqlite::params![id, v], raw_version).optional()?,
        None => c.query_row(sql::LATEST_SCENARIO_VERSION, [id], raw_version).optional()?,
    };
    row.map(|(vid, v, bytes, sum)| Ok((vid, v, verified(c, Table::ScenarioVersions, vid, None, bytes, sum)?))).transpose()
}

/// The latest version of scenario `id` (SQL in `sql::LATEST_SCENARIO_VERSION`).
pub(crate) fn latest_scenario(c: &Connection, id: i64) -> crate::Result<VersionRow> {
    scenario_version(c, id, None)?.ok_or_else(|| crate::StoreError::NotFound { what: "version of scenario", key: id.to_string() })
}

/// The latest version of model `id`, its bytes checked against their checksum.
pub(crate) fn latest_model(c: &Connection, id: i64) -> crate::Result<VersionRow> {
    let Some((vid, v, bytes, sum)) = c.query_row(sql::LATEST_MODEL_VERSION, [id], raw_version).optional()? else {
        let slug: String = c.query_row(sql::MODEL_SLUG, [id], |r| r.get(0)).optional()?.unwrap_or_else(|| id.to_string());
        return Err(crate::StoreError::Refused(format!(
            "every version of the market model {slug:?} was damaged and set aside by recovery; import the model again (its damaged versions are in the set_aside table)"
        )));
    };
    Ok((vid, v, verified(c, Table::ModelVersions, vid, None, bytes, sum)?))
}
