//! Project automation in Rust (the xtask pattern), so the same commands work on Linux, macOS
//! and Windows: `cargo xtask <task>`.
//!
//! - `run`    — build and open the desktop studio (installing what it needs).
//! - `cli`    — the CLI forecast of a shipped scenario.
//! - `screenshots` — screenshots of the real app under Xvfb into docs/screenshots/.
//! - `ci`     — every test: UI type check and component tests, build, unit and integration
//!              tests, schemas and bindings, shipped documents through the CLI, a run split
//!              into shards by a job array on a single-node Slurm and merged (slurm.rs), and
//!              the end-to-end tests of the real app under Xvfb.
//! - `slurm`  — only the scale-out step of `ci`: shards of a run as a Slurm job array, merged.
//! - `bench`  — the engine benchmark.
//! - `bench-against REV [RUNS]` — the engine benchmark of this tree against the commit REV
//!              (a git worktree under target/), run alternately RUNS times (default 5) on one
//!              thread: the fastest ns per partner-quarter of each, and their ratio.
//! - `schema` — regenerate the published JSON Schemas.
//! - `bindings` — regenerate the UI's TypeScript types from the Rust types.
//! - `deps`   — the crate boundaries hold: the core links no storage, document, terminal or
//!              GUI library, each crate depends only on the crates beneath it, and no
//!              dependency cycle joins the project's crates.
//! - `snapshots` — regenerate the pinned engine output (`tests/snapshots/`) after a bump of
//!              `ENGINE_VERSION`.

mod slurm;

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
    // Commands run in the workspace unless given a folder of their own (npm in ui/).
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let status = cmd.status().map_err(|e| format!("cannot start {shown}: {e}"))?;
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

/// Debian/Ubuntu packages the desktop app needs to build and run (Tauri 2 on WebKitGTK 4.1).
const APP_PACKAGES: &[&str] = &["libwebkit2gtk-4.1-dev", "libayatana-appindicator3-dev", "librsvg2-dev", "libssl-dev", "libxdo-dev", "build-essential", "pkg-config"];
/// And what the tests use besides: the sqlite3 shell, WebKit's WebDriver, a virtual X server,
/// ImageMagick for screenshots of the real window,
/// and poppler-utils, which opens the PDF reports in the tests.
const TEST_PACKAGES: &[&str] = &["sqlite3", "webkit2gtk-driver", "xvfb", "imagemagick", "x11-utils", "poppler-utils"];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

/// Make sure the system packages are installed: with apt when running as root on
/// Debian/Ubuntu, otherwise the exact command to run is printed.
fn ensure_system(packages: &[&str]) -> Result<(), String> {
    if !found("dpkg-query") {
        eprintln!("note: not a Debian/Ubuntu system; make sure these (or your system's equivalents) are installed: {}", packages.join(" "));
        return Ok(());
    }
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
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

fn npm(dir: &str, args: &[&str]) -> Result<(), String> {
    if !found("npm") {
        // The UI's tools need Node.js 20 or later: the distribution's package where it is
        // recent enough (Debian 13, Ubuntu 24.04), otherwise install Node.js 20+ first.
        ensure_system(&["nodejs", "npm"])?;
    }
    if !found("npm") {
        return Err("npm is not installed; install Node.js 20 or later (Debian/Ubuntu: apt-get install -y nodejs npm)".into());
    }
    run(Command::new("npm").args(args).current_dir(root().join(dir)))
}

/// Install the UI's packages exactly as locked and build it into ui/dist (the app embeds it).
fn build_ui() -> Result<(), String> {
    step("web UI: install and build");
    npm("ui", &["ci", "--no-audit", "--no-fund"])?;
    npm("ui", &["run", "build"])
}

fn build_app() -> Result<(), String> {
    ensure_system(APP_PACKAGES)?;
    build_ui()?;
    step("desktop app (release)");
    cargo(&["build", "--release", "-p", "ecosim-studio"])
}

fn app_bin() -> PathBuf {
    root().join("target").join("release").join(if cfg!(windows) { "ecosim-studio.exe" } else { "ecosim-studio" })
}

/// tauri-driver (the WebDriver server for Tauri apps), installed into target/tools once.
fn ensure_tauri_driver() -> Result<PathBuf, String> {
    let tools = root().join("target").join("tools");
    let bin = tools.join("bin").join("tauri-driver");
    if !bin.exists() {
        step("installing tauri-driver into target/tools");
        cargo(&["install", "--locked", "--root", tools.to_str().expect("utf-8 path"), "tauri-driver", "--version", "^2"])?;
    }
    Ok(bin)
}

fn e2e(script: &str) -> Result<(), String> {
    let driver = ensure_tauri_driver()?;
    npm("tests/e2e", &["ci", "--no-audit", "--no-fund"])?;
    run(Command::new("npm").args(["run", script]).current_dir(root().join("tests/e2e")).env("TAURI_DRIVER", driver).env("ECOSIM_STUDIO_BIN", app_bin()))
}

/// Libraries the core must never link: storage, documents, terminals and windows belong to
/// the crates above it.
const CORE_FORBIDDEN: &[&str] = &["rusqlite", "krilla", "krilla-svg", "plotters", "rust_xlsxwriter", "clap", "indicatif", "ctrlc", "tauri"];

/// Each project crate and the project crates it may depend on (any kind of dependency): the
/// architecture's layers, held by this check rather than by habit.
const LAYERS: &[(&str, &[&str])] = &[
    ("ecosim-core", &[]),
    ("ecosim-store", &["ecosim-core"]),
    ("ecosim-report", &["ecosim-core"]),
    ("ecosim-actuals", &["ecosim-core"]),
    ("ecosim-app", &["ecosim-core", "ecosim-store", "ecosim-report", "ecosim-actuals"]),
    ("ecosim-cli", &["ecosim-core", "ecosim-store", "ecosim-report", "ecosim-app", "ecosim-actuals", "ecosim-tests"]),
    ("ecosim-studio", &["ecosim-app"]),
    ("ecosim-tests", &["ecosim-core", "ecosim-store", "ecosim-report", "ecosim-app", "ecosim-actuals"]),
    ("xtask", &[]),
];

fn output_of(cmd: &mut Command) -> Result<String, String> {
    let shown = format!("{cmd:?}");
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let out = cmd.output().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{shown} failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `engine` bench executable of the tree at `dir`, built (release) into that tree's own
/// target folder. A shared one let an older tree's build of the workspace crates (same names,
/// same versions) stand in for this tree's, and a later build of this tree link against it.
fn engine_bench(dir: &Path) -> Result<PathBuf, String> {
    let out = output_of(cargo_command().args(["bench", "--workspace", "--bench", "engine", "--no-run", "--message-format=json"]).current_dir(dir).env("CARGO_TARGET_DIR", dir.join("target")))?;
    out.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["reason"] == "compiler-artifact" && v["target"]["name"] == "engine")
        .find_map(|v| v["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| format!("no engine benchmark in {}", dir.display()))
}

/// `bench-against REV RUNS`: the two engines alternately, the fastest of each row.
fn bench_against(rev: &str, runs: usize) -> Result<(), String> {
    let short = output_of(Command::new("git").args(["rev-parse", "--short", rev]))?.trim().to_string();
    let base = root().join("target/bench-against").join(&short);
    if !base.exists() {
        step(&format!("a worktree of {short}"));
        run(Command::new("git").args(["worktree", "add", "--detach"]).arg(&base).arg(rev))?;
    }
    step("building both benchmarks");
    let (old, new) = (engine_bench(&base)?, engine_bench(&root())?);
    type Rows = std::collections::BTreeMap<(String, String), f64>;
    let measure = |exe: &Path, rows: &mut Rows| -> Result<(), String> {
        let text = output_of(Command::new(exe).args(["--quick", "--bench"]).env("RAYON_NUM_THREADS", "1"))?;
        for line in text.lines().filter(|l| l.contains("ns/partner-quarter")) {
            let w: Vec<&str> = line.split_whitespace().collect();
            let Some(i) = w.iter().position(|x| *x == "ns/partner-quarter") else { continue };
            if let (Some(name), Some(mode), Ok(ns)) = (w.first(), w.get(1), w[i - 1].parse::<f64>()) {
                let e = rows.entry((name.to_string(), mode.to_string())).or_insert(f64::INFINITY);
                *e = e.min(ns);
            }
        }
        Ok(())
    };
    let (mut a, mut b) = (Rows::new(), Rows::new());
    for r in 1..=runs {
        step(&format!("run {r} of {runs}"));
        measure(&old, &mut a)?;
        measure(&new, &mut b)?;
    }
    println!("\nns per partner-quarter on one thread, the fastest of {runs} alternating runs\n");
    println!("{:<24} {:<8} {:>10} {:>10} {:>7}", "scenario", "mode", short, "this tree", "ratio");
    for (key, new_ns) in &b {
        if let Some(old_ns) = a.get(key) {
            println!("{:<24} {:<8} {:>10.1} {:>10.1} {:>6.2}×", key.0, key.1, old_ns, new_ns, new_ns / old_ns);
        }
    }
    Ok(())
}

fn cargo_command() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn deps() -> Result<(), String> {
    step("the core's dependencies: no storage, document, terminal or GUI library");
    let tree = output_of(cargo_command().args(["tree", "-p", "ecosim-core", "-e", "normal", "--prefix", "none", "--format", "{p}"]))?;
    let names: std::collections::BTreeSet<&str> = tree.lines().filter_map(|l| l.split_whitespace().next()).collect();
    let found: Vec<&str> = CORE_FORBIDDEN.iter().copied().filter(|f| names.contains(f)).collect();
    if !found.is_empty() {
        return Err(format!("ecosim-core depends on {}: move that code to the store, report, app or cli crate", found.join(", ")));
    }
    eprintln!("ecosim-core links {} crates, none of {}", names.len(), CORE_FORBIDDEN.join(", "));

    step("the project's crates depend only on the crates beneath them, and on no cycle");
    let meta = output_of(cargo_command().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    let meta: serde_json::Value = serde_json::from_str(&meta).map_err(|e| format!("cargo metadata: {e}"))?;
    let packages = meta["packages"].as_array().ok_or("cargo metadata lists no packages")?;
    let ours: std::collections::BTreeSet<String> = packages.iter().filter_map(|p| p["name"].as_str().map(String::from)).collect();
    let mut edges: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    for p in packages {
        let name = p["name"].as_str().unwrap_or_default().to_string();
        let deps = p["dependencies"].as_array().map(|d| d.iter().filter_map(|d| d["name"].as_str()).filter(|d| ours.contains(*d)).map(String::from).collect()).unwrap_or_default();
        edges.insert(name, deps);
    }
    let mut problems = Vec::new();
    for (name, deps) in &edges {
        match LAYERS.iter().find(|(n, _)| n == name) {
            None => problems.push(format!("{name} is not in xtask's LAYERS: say what it may depend on (and in ARCHITECTURE.md)")),
            Some((_, allowed)) => {
                for d in deps.iter().filter(|d| !allowed.contains(&d.as_str())) {
                    problems.push(format!("{name} depends on {d}, which ARCHITECTURE.md does not allow"));
                }
            }
        }
    }
    if let Some(cycle) = find_cycle(&edges) {
        problems.push(format!("dependency cycle: {}", cycle.join(" -> ")));
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    eprintln!("{} crates, layered, no cycle", edges.len());
    Ok(())
}

/// A cycle in the crate graph, as the path that closes it, if there is one.
fn find_cycle(edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(n: &str, edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>, path: &mut Vec<String>, done: &mut std::collections::BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for d in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = Default::default();
    edges.keys().find_map(|n| visit(n, edges, &mut Vec::new(), &mut done))
}

fn ci() -> Result<(), String> {
    let all: Vec<&str> = APP_PACKAGES
        .iter()
        .chain(TEST_PACKAGES)
        .chain(slurm::PACKAGES)
        .copied()
        .collect();
    ensure_system(&all)?;
    // The tests must not skip what CI can provide.
    std::env::set_var("ECOSIM_REQUIRE_TOOLS", "1");
    // Runs through the CLI are stored in a database of CI's own, never the person's.
    let db = root().join("target").join("ci-studio.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    std::env::set_var("ECOSIM_DB", &db);
    deps()?;
    build_ui()?;
    step("web UI: type check and component tests");
    npm("ui", &["run", "typecheck"])?;
    npm("ui", &["test"])?;
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
        // The enterprise-scale scenario (5,200 partners, 20 quarters) is a hundred times the
        // work of the others a trial: fewer trials of it exercise the same path.
        let trials = if s.file_stem().is_some_and(|f| f == "enterprise-scale") { "100" } else { "500" };
        run(Command::new(ecosim_bin()).arg("run").arg(&s).args(["--trials", trials, "--format", "table"]))?;
    }
    slurm::test()?;
    step("the stored runs list, reopen, and the database checks out");
    run(Command::new(ecosim_bin()).args(["runs", "list"]))?;
    run(Command::new(ecosim_bin()).args(["runs", "show", "1"]))?;
    run(Command::new(ecosim_bin()).args(["db", "check"]))?;
    step("a report of a stored run opens in poppler");
    let pdf = root().join("target").join("ci-report.pdf");
    run(Command::new(ecosim_bin()).args(["report", "1", "--out"]).arg(&pdf))?;
    run(Command::new("pdfinfo").arg(&pdf))?;
    step("end-to-end: the real app under Xvfb, driven over WebDriver");
    e2e("test")?;
    eprintln!("\nAll checks passed.");
    Ok(())
}

/// The sample reports under docs/reports/ (two shipped scenarios and one comparison, from
/// 10,000-trial runs, and a decision brief of three designs), and their first PDF pages as
/// PNG images for the README.
fn sample_reports() -> Result<(), String> {
    step("sample reports");
    cargo(&["build", "--release", "-p", "ecosim-cli", "--bin", "ecosim"])?;
    let docs = root().join("docs").join("reports");
    std::fs::create_dir_all(&docs).map_err(|e| format!("cannot create {}: {e}", docs.display()))?;
    let db = root().join("target").join("samples.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let ecosim = |args: &[&str]| run(Command::new(ecosim_bin()).args(args).env("ECOSIM_DB", &db));
    let out = |name: &str| docs.join(name).display().to_string();
    let firm = "Harbour & Finch Advisory (sample)";
    ecosim(&["run", "balanced-ecosystem", "--trials", "10000", "--format", "json", "--out", &root().join("target").join("sample-run-1.json").display().to_string()])?;
    ecosim(&["run", "reseller-heavy", "--trials", "10000", "--format", "json", "--out", &root().join("target").join("sample-run-2.json").display().to_string()])?;
    for ext in ["pdf", "html", "xlsx"] {
        ecosim(&["report", "1", "--tornado", "--firm", firm, "--out", &out(&format!("balanced-ecosystem.{ext}"))])?;
    }
    ecosim(&["report", "1", "--out", &out("balanced-ecosystem.csv")])?;
    for ext in ["pdf", "html"] {
        ecosim(&["report", "2", "--firm", firm, "--out", &out(&format!("reseller-heavy.{ext}"))])?;
        ecosim(&["report", "reseller-heavy", "--compare", "balanced-ecosystem", "two-tier-distribution", "--trials", "10000", "--firm", firm, "--out", &out(&format!("comparison.{ext}"))])?;
    }
    ecosim(&["report", "reseller-heavy", "--compare", "balanced-ecosystem", "programs-over-recruiting", "--brief", "--firm", firm, "--out", &out("decision-brief.pdf")])?;
    let shots = root().join("docs").join("screenshots");
    std::fs::create_dir_all(&shots).map_err(|e| format!("cannot create {}: {e}", shots.display()))?;
    for (pdf, stem) in [("balanced-ecosystem.pdf", "report-balanced"), ("comparison.pdf", "report-comparison"), ("decision-brief.pdf", "report-brief")] {
        run(Command::new("pdftoppm").args(["-r", "60", "-png", "-f", "1", "-l", "4"]).arg(docs.join(pdf)).arg(shots.join(stem)))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "ci" | "test" => ci(),
        "run" => build_app().and_then(|_| {
            step("starting Ecosim Studio");
            run(Command::new(app_bin()).args(&args[1..]))
        }),
        "cli" => cargo(&["build", "--release", "-p", "ecosim-cli", "--bin", "ecosim"]).and_then(|_| {
            let scenario = args.get(1).cloned().unwrap_or_else(|| "scenarios/balanced-ecosystem.json".into());
            run(Command::new(ecosim_bin()).arg("run").arg(scenario).args(&args[args.len().min(2)..]))
        }),
        "screenshots" => {
            let all: Vec<&str> = APP_PACKAGES.iter().chain(TEST_PACKAGES).copied().collect();
            ensure_system(&all).and_then(|_| build_app()).and_then(|_| e2e("screenshots")).and_then(|_| sample_reports())
        }
        "reports" => ensure_system(&["poppler-utils"]).and_then(|_| sample_reports()),
        "bench" => cargo(&["bench", "-p", "ecosim-core", "--bench", "engine"])
            .and_then(|_| cargo(&["bench", "-p", "ecosim-report", "--bench", "report"]))
            .and_then(|_| cargo(&["bench", "-p", "ecosim-actuals", "--bench", "actuals"])),
        "bench-against" => match args.get(1) {
            Some(rev) => bench_against(rev, args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5)),
            None => Err("usage: cargo xtask bench-against REV [RUNS]".into()),
        },
        "bindings" => run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "--release", "-p", "ecosim-tests", "--test", "bindings"])
            .env("ECOSIM_UPDATE_BINDINGS", "1")),
        "deps" => deps(),
        "slurm" => ensure_system(slurm::PACKAGES)
            .and_then(|_| cargo(&["build", "--release", "-p", "ecosim-cli", "--bin", "ecosim"]))
            .and_then(|_| slurm::test()),
        // The snapshot tests rewrite their files (expect-test's UPDATE_EXPECT), and the
        // recorded ENGINE_VERSION with them.
        // The UI's fixture run is one of them, and `rules.json` is computed from it: the
        // bindings follow.
        "snapshots" => run(cargo_command().args(["test", "--release", "-p", "ecosim-cli", "--test", "snapshots"]).env("UPDATE_EXPECT", "1"))
            .and_then(|_| run(cargo_command().args(["test", "--release", "-p", "ecosim-tests", "--test", "bindings"]).env("ECOSIM_UPDATE_BINDINGS", "1"))),
        "schema" => run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "--release", "-p", "ecosim-tests", "--test", "schema"])
            .env("ECOSIM_UPDATE_SCHEMA", "1")),
        _ => {
            eprintln!("usage: cargo xtask <run | cli [SCENARIO] | ci | bench | bench-against REV [RUNS] | deps | slurm | schema | bindings | snapshots | screenshots | reports>");
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
