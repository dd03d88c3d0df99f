//! Every SQL string of the store, and the migrations that build its schema.
//!
//! Migrations are an ordered list tracked with `PRAGMA user_version`: the database is at
//! version *n* when the first *n* have been applied. Each is applied in its own transaction
//! together with the version bump, so a crash leaves the file at one version or the next,
//! never between. Never edit a migration that has shipped; add the next one.

/// The studio's mark in the SQLite header (`PRAGMA application_id`): "ECOS".
pub const APPLICATION_ID: i32 = 0x4543_4F53;

/// The note on a version the store upgraded to schema 2 (a literal, for migration 5's SQL).
macro_rules! upgrade_note {
    () => {
        "Upgraded from schema 1 to schema 2 (one-time revenue, as before); runs before this version are from the previous engine"
    };
}
pub(crate) use upgrade_note;

/// ISO-8601 UTC with milliseconds, from SQLite's own clock.
macro_rules! now {
    () => {
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    };
}

/// The schema, one step at a time.
pub const MIGRATIONS: &[&str] = &[
    // 1: models, scenarios, their versions, runs and run results.
    concat!(
        "
    CREATE TABLE models (
        id          INTEGER PRIMARY KEY,
        slug        TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        created_at  TEXT NOT NULL DEFAULT (", now!(), "),
        updated_at  TEXT NOT NULL DEFAULT (", now!(), "),
        deleted_at  TEXT
    );
    CREATE TABLE model_versions (
        id              INTEGER PRIMARY KEY,
        model_id        INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        version         INTEGER NOT NULL CHECK (version >= 1),
        schema_version  INTEGER NOT NULL,
        document        TEXT NOT NULL CHECK (json_valid(document)),
        note            TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL DEFAULT (", now!(), "),
        UNIQUE (model_id, version)
    );
    CREATE TABLE scenarios (
        id          INTEGER PRIMARY KEY,
        slug        TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        model_id    INTEGER NOT NULL REFERENCES models(id),
        created_at  TEXT NOT NULL DEFAULT (", now!(), "),
        updated_at  TEXT NOT NULL DEFAULT (", now!(), "),
        deleted_at  TEXT
    );
    CREATE INDEX scenarios_by_model ON scenarios(model_id);
    CREATE TABLE scenario_versions (
        id              INTEGER PRIMARY KEY,
        scenario_id     INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
        version         INTEGER NOT NULL CHECK (version >= 1),
        schema_version  INTEGER NOT NULL,
        document        TEXT NOT NULL CHECK (json_valid(document)),
        note            TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL DEFAULT (", now!(), "),
        UNIQUE (scenario_id, version)
    );
    CREATE TABLE runs (
        id                   INTEGER PRIMARY KEY,
        scenario_version_id  INTEGER NOT NULL REFERENCES scenario_versions(id) ON DELETE CASCADE,
        model_version_id     INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        engine_version       TEXT NOT NULL,
        seed                 INTEGER NOT NULL,
        trials               INTEGER NOT NULL CHECK (trials >= 1),
        sampling             TEXT NOT NULL,
        status               TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
        error                TEXT,
        started_at           TEXT NOT NULL DEFAULT (", now!(), "),
        finished_at          TEXT,
        wall_seconds         REAL
    );
    CREATE INDEX runs_by_scenario_version ON runs(scenario_version_id);
    CREATE INDEX runs_by_model_version ON runs(model_version_id);
    CREATE TABLE run_results (
        run_id             INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        report             TEXT NOT NULL CHECK (json_valid(report)),
        total_revenue_p10  REAL NOT NULL,
        total_revenue_p50  REAL NOT NULL,
        total_revenue_p90  REAL NOT NULL,
        coverage_final_p50 REAL NOT NULL
    );
    "
    ),
    // 2: per-trial headline KPIs of a run, so comparisons can pair trials and exports can give
    // raw totals without simulating again.
    "
    CREATE TABLE run_trials (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kpi     TEXT NOT NULL,
        vals    BLOB NOT NULL,
        PRIMARY KEY (run_id, kpi)
    ) WITHOUT ROWID;
    ",
    // 3: the process that runs a run, so a run whose process died (a crash, a kill, a power
    // cut) is marked as interrupted the next time the studio opens, not left "running".
    "
    ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
    ",
    // 4: documents to schema 2 (MODEL.md). Every model and scenario whose latest version is a
    // schema-1 document gets a new version, migrated by `model::migrate` (the Rust half of this
    // step, `Store::upgrade_documents`, runs in the same transaction). The schema-1 versions
    // stay as they were, and so do the runs made from them, with their engine version.
    "
    CREATE INDEX IF NOT EXISTS model_versions_by_schema ON model_versions(schema_version);
    ",
    // 5: messages a front end shows the person once (`Store::take_notices`), starting with one
    // per model that migration 4 upgraded: what changed and that its older runs are from the
    // previous engine.
    concat!(
        "
    CREATE TABLE notices (
        id          INTEGER PRIMARY KEY,
        message     TEXT NOT NULL,
        created_at  TEXT NOT NULL DEFAULT (", now!(), "),
        seen_at     TEXT
    );
    INSERT INTO notices (message)
    SELECT 'The model “' || m.name || '”'
           || CASE (SELECT count(DISTINCT s.id) FROM scenarios s JOIN scenario_versions sv ON sv.scenario_id = s.id
                    WHERE s.model_id = m.id AND sv.note = '", upgrade_note!(), "')
                WHEN 0 THEN ' was'
                WHEN 1 THEN ' and its scenario were'
                ELSE ' and its ' || (SELECT count(DISTINCT s.id) FROM scenarios s JOIN scenario_versions sv ON sv.scenario_id = s.id
                                     WHERE s.model_id = m.id AND sv.note = '", upgrade_note!(), "') || ' scenarios were'
              END
           || ' upgraded to schema 2 and keep one-time revenue, as before. Runs made before the upgrade are from the previous engine; run again to compare on the new one.'
    FROM models m
    WHERE EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = m.id AND v.note = '", upgrade_note!(), "')
    ORDER BY m.id;
    "
    ),
    // 6: datasets of actuals — a vendor's partner and deal history imported from its CRM and
    // PRM exports (issue 12): the canonical tables as one JSON document, the base model they
    // were checked against, and every source file with its SHA-256.
    concat!(
        "
    CREATE TABLE datasets (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        model_slug  TEXT NOT NULL,
        partners    INTEGER NOT NULL,
        deals       INTEGER NOT NULL,
        currency    TEXT NOT NULL,
        sources     TEXT NOT NULL CHECK (json_valid(sources)),
        document    TEXT NOT NULL CHECK (json_valid(document)),
        created_at  TEXT NOT NULL DEFAULT (", now!(), ")
    );
    "
    ),
    // 7: the column mapping last used for each kind of source file, so an export from the same
    // CRM report maps itself the next time: keyed by the file's table and header.
    concat!(
        "
    CREATE TABLE source_mappings (
        signature   TEXT PRIMARY KEY,
        mapping     TEXT NOT NULL CHECK (json_valid(mapping)),
        updated_at  TEXT NOT NULL DEFAULT (", now!(), ")
    );
    "
    ),
    // 8: damage detection (issue 11). Every stored document, report and per-trial column
    // carries the SHA-256 of its bytes, written with it and checked whenever it is read, so a
    // changed byte is reported as damage to that row instead of as a puzzling parse error. The
    // Rust half (`damage::backfill`) fills the checksums of rows stored before. `set_aside`
    // keeps what `Store::recover` moved out of the way: nothing damaged is deleted.
    concat!(
        "
    ALTER TABLE model_versions ADD COLUMN checksum TEXT;
    ALTER TABLE scenario_versions ADD COLUMN checksum TEXT;
    ALTER TABLE run_results ADD COLUMN checksum TEXT;
    ALTER TABLE run_trials ADD COLUMN checksum TEXT;
    ALTER TABLE datasets ADD COLUMN checksum TEXT;
    CREATE TABLE set_aside (
        id            INTEGER PRIMARY KEY,
        what          TEXT NOT NULL,
        source_table  TEXT NOT NULL,
        owner_id      INTEGER,
        version       INTEGER,
        content       BLOB,
        reason        TEXT NOT NULL,
        set_aside_at  TEXT NOT NULL DEFAULT (", now!(), ")
    );
    "
    ),
];

/// The migration that added checksums (1-based, as `user_version`).
pub const CHECKSUMS: usize = 8;

/// The migration after which stored documents are schema 2 (1-based, as `user_version`).
pub const DOCUMENTS_TO_SCHEMA_2: usize = 4;

/// Migration 4's inserts, as the tables were then (before migration 8's checksums): a
/// migration runs against the schema of its own time, so these never change.
pub const MIGRATION4_INSERT_MODEL_VERSION: &str = "INSERT INTO model_versions (model_id, version, schema_version, document, note)
     VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE model_id = ?1), ?2, ?3, ?4)";
pub const MIGRATION4_INSERT_SCENARIO_VERSION: &str = "INSERT INTO scenario_versions (scenario_id, version, schema_version, document, note)
    VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM scenario_versions WHERE scenario_id = ?1), ?2, ?3, ?4)";

/// Latest versions that are still schema-1 documents: (model or scenario id, document).
pub const SCHEMA1_MODELS: &str = "
    SELECT v.model_id, v.document FROM model_versions v
    WHERE v.schema_version < 2 AND v.version = (SELECT max(version) FROM model_versions WHERE model_id = v.model_id)
    ORDER BY v.model_id";
pub const SCHEMA1_SCENARIOS: &str = "
    SELECT v.scenario_id, v.document FROM scenario_versions v
    WHERE v.schema_version < 2 AND v.version = (SELECT max(version) FROM scenario_versions WHERE scenario_id = v.scenario_id)
    ORDER BY v.scenario_id";

// --- opening -------------------------------------------------------------------------------

// --- datasets ------------------------------------------------------------------------------

pub const INSERT_DATASET: &str = "INSERT INTO datasets (name, model_slug, partners, deals, currency, sources, document, checksum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
pub const LIST_DATASETS: &str = "SELECT id, name, model_slug, partners, deals, currency, sources, created_at FROM datasets ORDER BY id";
pub const DATASET_DOCUMENT: &str = "SELECT document, checksum FROM datasets WHERE id = ?1";
pub const REMEMBER_MAPPING: &str = concat!("INSERT INTO source_mappings (signature, mapping) VALUES (?1, ?2) ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_at = ", now!());
pub const MAPPING_FOR: &str = "SELECT mapping FROM source_mappings WHERE signature = ?1";

// --- notices -------------------------------------------------------------------------------

pub const UNSEEN_NOTICES: &str = "SELECT id, message FROM notices WHERE seen_at IS NULL ORDER BY id";
pub const SEE_NOTICE: &str = concat!("UPDATE notices SET seen_at = ", now!(), " WHERE id = ?1");

pub const QUICK_CHECK: &str = "PRAGMA quick_check";
/// A file's application id, schema version and number of tables, read before opening it to write.
pub const FILE_IDENTITY: &str = "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version),
    (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%')";
pub const JOURNAL_WAL: &str = "PRAGMA journal_mode = WAL";
pub const USER_VERSION: &str = "PRAGMA user_version";
pub const INTEGRITY_CHECK: &str = "PRAGMA integrity_check";
pub const FOREIGN_KEY_CHECK: &str = "PRAGMA foreign_key_check";

// --- models --------------------------------------------------------------------------------

pub const MODEL_ID_BY_SLUG: &str = "SELECT id FROM models WHERE slug = ?1";
pub const MODEL_SLUG: &str = "SELECT slug FROM models WHERE id = ?1";
pub const INSERT_MODEL: &str = "INSERT INTO models (slug, name) VALUES (?1, ?2)";
/// The next version number never reuses one that `recover` set aside.
pub const INSERT_MODEL_VERSION: &str = "
    INSERT INTO model_versions (model_id, version, schema_version, document, note, checksum)
    VALUES (?1, (SELECT max(n) + 1 FROM (SELECT coalesce(max(version), 0) AS n FROM model_versions WHERE model_id = ?1
                                         UNION ALL SELECT coalesce(max(version), 0) FROM set_aside WHERE source_table = 'model_versions' AND owner_id = ?1)),
            ?2, ?3, ?4, ?5)";
pub const TOUCH_MODEL: &str = concat!("UPDATE models SET name = ?2, updated_at = ", now!(), " WHERE id = ?1");
pub const LATEST_MODEL_VERSION: &str = "SELECT id, version, document, checksum FROM model_versions WHERE model_id = ?1 ORDER BY version DESC LIMIT 1";
pub const LIST_MODELS: &str = "
    SELECT m.id, m.slug, m.name, max(v.version), m.updated_at, m.deleted_at IS NOT NULL,
           (SELECT count(*) FROM scenarios s WHERE s.model_id = m.id AND s.deleted_at IS NULL)
    FROM models m JOIN model_versions v ON v.model_id = m.id
    GROUP BY m.id ORDER BY m.name COLLATE NOCASE";

// --- scenarios -----------------------------------------------------------------------------

pub const SCENARIO_ID_BY_SLUG: &str = "SELECT id FROM scenarios WHERE slug = ?1";
pub const SCENARIO_EXISTS: &str = "SELECT id FROM scenarios WHERE id = ?1";
pub const INSERT_SCENARIO: &str = "INSERT INTO scenarios (slug, name, description, model_id) VALUES (?1, ?2, ?3, ?4)";
pub const INSERT_SCENARIO_VERSION: &str = "
    INSERT INTO scenario_versions (scenario_id, version, schema_version, document, note, checksum)
    VALUES (?1, (SELECT max(n) + 1 FROM (SELECT coalesce(max(version), 0) AS n FROM scenario_versions WHERE scenario_id = ?1
                                         UNION ALL SELECT coalesce(max(version), 0) FROM set_aside WHERE source_table = 'scenario_versions' AND owner_id = ?1)),
            ?2, ?3, ?4, ?5)";
pub const TOUCH_SCENARIO: &str =
    concat!("UPDATE scenarios SET name = ?2, description = ?3, model_id = ?4, updated_at = ", now!(), " WHERE id = ?1");
pub const SCENARIO_VERSION: &str = "
    SELECT v.id, v.version, v.document, v.checksum
    FROM scenario_versions v WHERE v.scenario_id = ?1 AND v.version = ?2";
pub const LATEST_SCENARIO_VERSION: &str = "
    SELECT v.id, v.version, v.document, v.checksum
    FROM scenario_versions v WHERE v.scenario_id = ?1 ORDER BY v.version DESC LIMIT 1";
pub const SCENARIO_HISTORY: &str = "
    SELECT v.id, v.version, v.note, v.created_at, (SELECT count(*) FROM runs r WHERE r.scenario_version_id = v.id)
    FROM scenario_versions v WHERE v.scenario_id = ?1 ORDER BY v.version DESC";
pub const SCENARIO_ROW: &str = "
    SELECT s.id, s.slug, s.name, s.description, m.slug, m.name, s.created_at, s.updated_at, s.deleted_at,
           (SELECT max(version) FROM scenario_versions v WHERE v.scenario_id = s.id)
    FROM scenarios s JOIN models m ON m.id = s.model_id";
/// Filters for [`SCENARIO_ROW`]: one scenario, or a search among live or trashed ones.
pub const WHERE_ID: &str = " WHERE s.id = ?1";
pub const WHERE_SEARCH: &str = "
    WHERE (s.deleted_at IS NOT NULL) = ?1
      AND (?2 = '' OR s.name LIKE '%' || ?2 || '%' ESCAPE '\\' OR s.slug LIKE '%' || ?2 || '%' ESCAPE '\\'
           OR s.description LIKE '%' || ?2 || '%' ESCAPE '\\' OR m.name LIKE '%' || ?2 || '%' ESCAPE '\\')
    ORDER BY s.updated_at DESC, s.id DESC";
pub const TRASH_SCENARIO: &str = concat!("UPDATE scenarios SET deleted_at = ", now!(), " WHERE id = ?1 AND deleted_at IS NULL");
pub const UNTRASH_SCENARIO: &str = "UPDATE scenarios SET deleted_at = NULL WHERE id = ?1";
pub const PURGE_SCENARIO: &str = "DELETE FROM scenarios WHERE id = ?1";
pub const INSERTED_SCENARIO_VERSION: &str = "SELECT version FROM scenario_versions WHERE id = last_insert_rowid()";
/// Whether a slug is taken by a model (`?2` unused, for the same parameters as `SLUG_TAKEN`).
pub const MODEL_SLUG_TAKEN: &str = "SELECT EXISTS (SELECT 1 FROM models WHERE slug = ?1) OR ?2";
pub const SLUG_TAKEN: &str = "SELECT EXISTS (SELECT 1 FROM scenarios WHERE slug = ?1) OR EXISTS (SELECT 1 FROM models WHERE slug = ?1 AND ?2)";

// --- runs ----------------------------------------------------------------------------------

pub const INSERT_RUN: &str = "
    INSERT INTO runs (scenario_version_id, model_version_id, engine_version, seed, trials, sampling, status, owner_pid)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7)";
pub const RUNNING_RUNS: &str = "SELECT id, owner_pid FROM runs WHERE status = 'running'";
pub const INTERRUPT_RUN: &str = concat!(
    "UPDATE runs SET status = 'failed', error = 'interrupted: the process running it stopped before it finished', finished_at = ",
    now!(),
    " WHERE id = ?1 AND status = 'running'"
);
pub const FINISH_RUN: &str =
    concat!("UPDATE runs SET status = ?2, error = ?3, finished_at = ", now!(), ", wall_seconds = ?4 WHERE id = ?1");
pub const INSERT_RESULT: &str = "
    INSERT INTO run_results (run_id, report, total_revenue_p10, total_revenue_p50, total_revenue_p90, coverage_final_p50, checksum)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
pub const INSERT_TRIALS: &str = "INSERT INTO run_trials (run_id, kpi, vals, checksum) VALUES (?1, ?2, ?3, ?4)";
pub const RUN_ROW: &str = "
    SELECT r.id, s.id, s.slug, s.name, sv.version, mv.version, r.engine_version, r.seed, r.trials, r.sampling,
           r.status, r.error, r.started_at, r.finished_at, r.wall_seconds,
           res.total_revenue_p10, res.total_revenue_p50, res.total_revenue_p90, res.coverage_final_p50,
           CASE WHEN json_valid(mv.document) THEN coalesce(json_extract(mv.document, '$.currency'), '') ELSE '' END
    FROM runs r
    JOIN scenario_versions sv ON sv.id = r.scenario_version_id
    JOIN scenarios s ON s.id = sv.scenario_id
    JOIN model_versions mv ON mv.id = r.model_version_id
    LEFT JOIN run_results res ON res.run_id = r.id";
pub const RUNS_WHERE_ID: &str = " WHERE r.id = ?1";
pub const RUNS_WHERE_SCENARIO: &str = " WHERE (?1 IS NULL OR s.id = ?1) ORDER BY r.id DESC LIMIT ?2";
pub const LAST_COMPLETED_RUN: &str = " WHERE s.id = ?1 AND r.status = 'completed' ORDER BY r.id DESC LIMIT 1";
pub const RUN_REPORT: &str = "SELECT report, checksum FROM run_results WHERE run_id = ?1";
/// The scenario and model documents a run simulated: the versions it recorded.
pub const RUN_DOCUMENTS: &str = "SELECT sv.id, sv.document, sv.checksum, mv.id, mv.document, mv.checksum FROM runs r
    JOIN scenario_versions sv ON sv.id = r.scenario_version_id
    JOIN model_versions mv ON mv.id = r.model_version_id
    WHERE r.id = ?1";
pub const RUN_TRIALS: &str = "SELECT vals, checksum FROM run_trials WHERE run_id = ?1 AND kpi = ?2";

// --- damage and recovery (damage.rs) -------------------------------------------------------

pub const SET_ASIDE: &str = "INSERT INTO set_aside (what, source_table, owner_id, version, content, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
pub const SCAN_MODEL_VERSIONS: &str = "SELECT id, NULL, document, checksum FROM model_versions ORDER BY id";
pub const SCAN_SCENARIO_VERSIONS: &str = "SELECT id, NULL, document, checksum FROM scenario_versions ORDER BY id";
pub const SCAN_RUN_RESULTS: &str = "SELECT run_id, NULL, report, checksum FROM run_results ORDER BY run_id";
pub const SCAN_RUN_TRIALS: &str = "SELECT run_id, kpi, vals, checksum FROM run_trials ORDER BY run_id, kpi";
pub const SCAN_DATASETS: &str = "SELECT id, NULL, document, checksum FROM datasets ORDER BY id";
pub const CHECKSUM_MODEL_VERSION: &str = "UPDATE model_versions SET checksum = ?3 WHERE id = ?1";
pub const CHECKSUM_SCENARIO_VERSION: &str = "UPDATE scenario_versions SET checksum = ?3 WHERE id = ?1";
pub const CHECKSUM_RUN_RESULTS: &str = "UPDATE run_results SET checksum = ?3 WHERE run_id = ?1";
pub const CHECKSUM_RUN_TRIALS: &str = "UPDATE run_trials SET checksum = ?3 WHERE run_id = ?1 AND kpi = ?2";
pub const CHECKSUM_DATASET: &str = "UPDATE datasets SET checksum = ?3 WHERE id = ?1";
pub const MODEL_VERSION_OWNER: &str = "SELECT m.slug, v.version FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.id = ?1";
pub const SCENARIO_VERSION_OWNER: &str = "SELECT s.slug, v.version FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id WHERE v.id = ?1";
pub const DATASET_NAME: &str = "SELECT name FROM datasets WHERE id = ?1";
pub const SCENARIOS_WITHOUT_VERSIONS: &str = "SELECT id, slug, name FROM scenarios s WHERE NOT EXISTS (SELECT 1 FROM scenario_versions v WHERE v.scenario_id = s.id)";
pub const MODELS_WITHOUT_VERSIONS: &str = "SELECT id, slug FROM models m WHERE NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = m.id)";
pub const COUNT_MODEL_VERSIONS: &str = "SELECT count(*) FROM model_versions";
pub const COUNT_SCENARIO_VERSIONS: &str = "SELECT count(*) FROM scenario_versions";
pub const COUNT_RUNS: &str = "SELECT count(*) FROM runs";
pub const COUNT_DATASETS: &str = "SELECT count(*) FROM datasets";
pub const MODEL_VERSION_KEY: &str = "SELECT model_id, version FROM model_versions WHERE id = ?1";
pub const SCENARIO_VERSION_KEY: &str = "SELECT scenario_id, version FROM scenario_versions WHERE id = ?1";
pub const RUNS_OF_MODEL_VERSION: &str = "SELECT id FROM runs WHERE model_version_id = ?1";
pub const RUNS_OF_SCENARIO_VERSION: &str = "SELECT id FROM runs WHERE scenario_version_id = ?1";
pub const RUN_REPORT_BYTES: &str = "SELECT report FROM run_results WHERE run_id = ?1";
pub const DELETE_RUN: &str = "DELETE FROM runs WHERE id = ?1";
pub const MODEL_VERSION_BYTES: &str = "SELECT document FROM model_versions WHERE id = ?1";
pub const SCENARIO_VERSION_BYTES: &str = "SELECT document FROM scenario_versions WHERE id = ?1";
pub const DELETE_MODEL_VERSION: &str = "DELETE FROM model_versions WHERE id = ?1";
pub const DELETE_SCENARIO_VERSION: &str = "DELETE FROM scenario_versions WHERE id = ?1";
pub const DELETE_RUN_RESULTS: &str = "DELETE FROM run_results WHERE run_id = ?1";
pub const RESULTS_SET_ASIDE: &str = "UPDATE runs SET status = 'failed', error = 'its stored results were damaged; set aside by recovery' WHERE id = ?1";
pub const RUN_TRIALS_BYTES: &str = "SELECT vals FROM run_trials WHERE run_id = ?1 AND kpi = ?2";
pub const DELETE_RUN_TRIALS: &str = "DELETE FROM run_trials WHERE run_id = ?1 AND kpi = ?2";
pub const DATASET_BYTES: &str = "SELECT document FROM datasets WHERE id = ?1";
pub const DELETE_DATASET: &str = "DELETE FROM datasets WHERE id = ?1";
