//! Project automation in Rust (the xtask pattern), so the same commands work on Linux, macOS
//! and Windows: `cargo xtask <task>`.
//!
//! - `run`    — run the studio (today: the CLI forecast of a shipped scenario).
//! - `ci`     — every test: build, unit and integration tests, schemas, shipped documents,
//!              and every shipped scenario run end to end through the CLI.
//! - `bench`  — the engine benchmark.
//! - `schema` — regenerate the published JSON Schemas.
//! - `bindings` — regenerate the UI's TypeScript types from the Rust types.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn step(title: &str) {
    eprintln!("\n==> {title}");
}

fn cargo(args: &[&str]) -> Result<(), String> {
    run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())).args(args))
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd.current_dir(root()).status().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn shipped(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn ecosim_bin() -> PathBuf {
    root().join("target").join("release").join(if cfg!(windows) { "ecosim.exe" } else { "ecosim" })
}

fn found(program: &str) -> bool {
    Command::new(program).arg("--version").stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).status().is_ok()
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Make sure the system tools the tests use are installed: installed with apt when running
/// as root on Debian/Ubuntu, otherwise the exact command to run is printed.
fn ensure_system(tools: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> = tools.iter().filter(|(program, _)| !found(program)).map(|(_, package)| *package).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let line = format!("apt-get install -y {}", missing.join(" "));
    if is_root() && found("apt-get") {
        step(&format!("installing system packages: {}", missing.join(" ")));
        run(Command::new("apt-get").arg("update").arg("-q"))?;
        run(Command::new("apt-get").args(["install", "-y", "-q"]).args(&missing).env("DEBIAN_FRONTEND", "noninteractive"))
    } else {
        Err(format!("missing system packages; install them with:\n    sudo {line}\nthen run this command again"))
    }
}

fn ci() -> Result<(), String> {
    ensure_system(&[("sqlite3", "sqlite3")])?;
    // The tests must not skip what CI can provide.
    std::env::set_var("ECOSIM_REQUIRE_TOOLS", "1");
    // Runs through the CLI are stored in a database of CI's own, never the person's.
    let db = root().join("target").join("ci-studio.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    std::env::set_var("ECOSIM_DB", &db);
    step("build (release)");
    cargo(&["build", "--release", "--workspace", "--all-targets"])?;
    step("unit and integration tests");
    cargo(&["test", "--release", "--workspace"])?;
    step("shipped models and scenarios validate");
    let mut files = shipped("models");
    files.extend(shipped("scenarios"));
    if files.is_empty() {
        return Err("no shipped documents found in models/ and scenarios/".into());
    }
    run(Command::new(ecosim_bin()).arg("validate").args(&files))?;
    step("every shipped scenario runs through the CLI");
    for s in shipped("scenarios") {
        run(Command::new(ecosim_bin()).arg("run").arg(&s).args(["--trials", "500", "--format", "table"]))?;
    }
    step("the stored runs list, reopen, and the database checks out");
    run(Command::new(ecosim_bin()).args(["runs", "list"]))?;
    run(Command::new(ecosim_bin()).args(["runs", "show", "1"]))?;
    run(Command::new(ecosim_bin()).args(["db", "check"]))?;
    eprintln!("\nAll checks passed.");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "ci" | "test" => ci(),
        "run" => cargo(&["build", "--release", "--bin", "ecosim"]).and_then(|_| {
            let scenario = args.get(1).cloned().unwrap_or_else(|| "scenarios/balanced-ecosystem.json".into());
            run(Command::new(ecosim_bin()).arg("run").arg(scenario).args(&args[args.len().min(2)..]))
        }),
        "bench" => cargo(&["bench", "--bench", "engine"]),
        "bindings" => run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "--release", "--test", "bindings"])
            .env("ECOSIM_UPDATE_BINDINGS", "1")),
        "schema" => run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "--release", "--test", "schema"])
            .env("ECOSIM_UPDATE_SCHEMA", "1")),
        _ => {
            eprintln!("usage: cargo xtask <run [SCENARIO] | ci | bench | schema | bindings>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
