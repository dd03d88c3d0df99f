//! File safety: where the database lives, checking a file read-only before it is opened for
//! writing, moving an unusable one aside, and telling whether a run's process is gone.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::{sql, Result, StoreError, DB_ENV, SCHEMA_VERSION};

/// Where the studio keeps its database when nothing else is said: `$ECOSIM_DB`, else the
/// platform's data folder (`~/.local/share/ecosim-studio` on Linux, `~/Library/Application
/// Support/…` on macOS, `%APPDATA%\…` on Windows).
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("com", "Ecosim", "Ecosim Studio")
        .map(|d| d.data_dir().join("studio.db"))
        .unwrap_or_else(|| PathBuf::from("ecosim-studio.db"))
}

/// Refuse to write an output file over the studio's database: `out` (or what a link at `out`
/// leads to) is the database at `db`, or its write-ahead log or shared-memory file.
pub fn check_output(out: &Path, db: &Path) -> Result<()> {
    let Ok(target) = std::fs::canonicalize(out) else { return Ok(()) }; // nothing there yet
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ours = [db.to_path_buf(), db.with_file_name(format!("{name}-wal")), db.with_file_name(format!("{name}-shm"))];
    if ours.iter().filter_map(|p| std::fs::canonicalize(p).ok()).any(|p| p == target) {
        return Err(StoreError::Refused(format!("{} is the studio's database; writing there would replace it. Choose another file", out.display())));
    }
    Ok(())
}

/// Move a database that cannot be opened (with its WAL and shared-memory files) to
/// `<name>.unreadable-<n>`, so the studio can start with a fresh one and nothing is deleted.
/// Returns where it went.
pub fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "studio.db".into());
    let dest = (1..)
        .map(|n| path.with_file_name(format!("{name}.unreadable-{n}")))
        .find(|p| !p.exists())
        .expect("some suffix is free");
    std::fs::rename(path, &dest)?;
    for ext in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{name}{ext}"));
        if side.exists() {
            std::fs::rename(&side, dest.with_file_name(format!("{}{ext}", dest.file_name().unwrap().to_string_lossy())))?;
        }
    }
    Ok(dest)
}

/// Whether the process that began a run is certainly gone. Runs recorded before processes
/// were (no id) are leftovers. A run of this very process is not: another part of it (a
/// second connection, a test) may be running it now.
pub(crate) fn process_gone(pid: Option<i64>) -> bool {
    let Some(pid) = pid else { return true };
    if cfg!(target_os = "linux") {
        !Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

/// Check an existing file read-only: a SQLite file, sound, ours, not from a newer studio.
pub(crate) fn inspect(path: &Path) -> Result<()> {
    use std::io::Read;
    let shown = path.display().to_string();
    let mut header = [0u8; 100];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut header)).map_err(|e| StoreError::NotADatabase { path: shown.clone(), detail: e.to_string() })?;
    if n < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: shown, detail: "it is not a SQLite file".into() });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| classify(e, &shown))?;
    let quick: Vec<String> = (|| {
        let mut st = conn.prepare(sql::QUICK_CHECK)?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
    })()
    .map_err(|e| classify(e, &shown))?;
    if quick.first().map(String::as_str) != Some("ok") {
        return Err(StoreError::Corrupt { path: shown, detail: quick.into_iter().take(3).collect::<Vec<_>>().join("; ") });
    }
    let (app, version, tables): (i32, i64, i64) = conn
        .query_row(sql::FILE_IDENTITY, [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|e| classify(e, &shown))?;
    if app != sql::APPLICATION_ID && !(app == 0 && version == 0 && tables == 0) {
        return Err(StoreError::NotADatabase { path: shown, detail: "it is another program's SQLite database".into() });
    }
    if version as usize > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: shown, found: version, supported: SCHEMA_VERSION });
    }
    Ok(())
}

/// The folder of `path` when new files cannot be made in it (tried with a probe file that is
/// removed at once), else `None`.
pub(crate) fn unwritable_folder(path: &Path) -> Option<String> {
    let folder = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return None; // created later, with its own error
    }
    let probe = folder.join(format!(".ecosim-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(30) => Some(folder.display().to_string()),
        Err(_) => None,
    }
}

/// Turn SQLite's file-level errors into the person-facing kinds.
pub(crate) fn classify(e: rusqlite::Error, path: &str) -> StoreError {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(NotADatabase) => StoreError::NotADatabase { path: path.into(), detail: "it is not a SQLite database".into() },
        Some(DatabaseCorrupt) => StoreError::Corrupt { path: path.into(), detail: e.to_string() },
        Some(ReadOnly) | Some(CannotOpen) if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) => StoreError::ReadOnly { path: path.into() },
        Some(ReadOnly) | Some(CannotOpen) => match unwritable_folder(Path::new(path)) {
            Some(folder) => StoreError::ReadOnlyFolder { path: path.into(), folder },
            None => StoreError::Sqlite(e),
        },
        _ => StoreError::Sqlite(e),
    }
}
