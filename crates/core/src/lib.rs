//! Ecosim Studio's core: market models and scenarios, the Monte Carlo engine, and the
//! summaries every front end (CLI, desktop app, reports) reads.

pub mod analysis;
pub mod engine;
pub mod model;
pub mod stats;
pub mod output;
pub mod shipped;
pub mod words;

/// Version of the engine's output, recorded with every run so old results can be told apart.
/// Bump it whenever a fixed-seed run's numbers change (a new stream key, a changed formula):
/// the snapshot tests (`tests/snapshots/`) fail with "engine output changed: bump
/// ENGINE_VERSION" until it is bumped and the snapshots are regenerated
/// (`cargo xtask snapshots`). It is not the package version: a release that leaves the
/// numbers alone keeps it.
pub const ENGINE_VERSION: &str = "2.1.0";

/// Write a file so that a failure never leaves a half-written file in its place: write a
/// sibling temporary file, flush it to disk, then rename it over the target.
///
/// The temporary file is created exclusively (`create_new`: it fails rather than open an
/// existing file, and never follows a symbolic link planted under its name), under a name no
/// other process can predict ahead of it; a taken name is retried with the next.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::hash::{BuildHasher, Hasher};
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // RandomState is seeded from the OS's randomness once per process; the counter varies it.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let (tmp, mut f) = loop {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        h.write_u32(std::process::id());
        let tmp = dir.join(format!(".{name}.{:016x}.tmp", h.finish()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
