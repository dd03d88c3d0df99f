//! Migration 4's Rust half: schema-1 documents to schema 2, through the core's `migrate`.

use rusqlite::params;
use serde::Serialize;

use ecosim_core::model::{MarketModelDoc, ScenarioDoc};

use crate::{sql, to_json, Result};

/// The note on a version the store upgraded to schema 2 (shown in the version history).
pub const UPGRADE_NOTE: &str = sql::upgrade_note!();

/// Migration 4's Rust half: a schema-2 version of every model and scenario whose latest
/// version is schema 1. A document that does not parse is left as it is (it never loaded).
pub(crate) fn upgrade_documents(tx: &rusqlite::Transaction) -> Result<()> {
    upgrade_latest::<MarketModelDoc>(tx, sql::SCHEMA1_MODELS, sql::MIGRATION4_INSERT_MODEL_VERSION, |d| {
        ecosim_core::model::migrate::model(d);
        d.schema_version
    })?;
    upgrade_latest::<ScenarioDoc>(tx, sql::SCHEMA1_SCENARIOS, sql::MIGRATION4_INSERT_SCENARIO_VERSION, |d| {
        ecosim_core::model::migrate::scenario(d);
        d.schema_version
    })
}

/// For each (id, document) row of `select`: migrate the document and insert it as a new
/// version with `insert` (id, schema version, document, note).
pub(crate) fn upgrade_latest<D: serde::de::DeserializeOwned + Serialize>(tx: &rusqlite::Transaction, select: &str, insert: &str, migrate: impl Fn(&mut D) -> u32) -> Result<()> {
    let rows: Vec<(i64, String)> = tx.prepare(select)?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (id, text) in rows {
        if let Ok(mut doc) = serde_json::from_str::<D>(&text) {
            let version = migrate(&mut doc);
            tx.execute(insert, params![id, version, to_json(&doc), UPGRADE_NOTE])?;
        }
    }
    Ok(())
}
