//! The scale-out test on a real Slurm: a single-node cluster from Debian's packages (munge,
//! slurmctld, slurmd) started in a folder of its own under `target/`, a 4-task job array of
//! `ecosim run … --shard K/4`, `ecosim merge` of the parts, and the merged forecast compared
//! with a one-process run bit for bit (all but the wall time). The daemons it started are
//! stopped however the test ends.
//!
//! Slurm needs root here (its daemons run as root, munge as its own user). Without root, or
//! without the packages, the same shards run as four local processes, and the step says why.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{ecosim_bin, is_root, output_of, root, run, step};

/// The packages of a single-node Slurm.
pub const PACKAGES: &[&str] = &["slurmctld", "slurmd", "slurm-client", "munge"];

const SCENARIO: &str = "scenarios/two-tier-distribution.json";
const TASKS: u32 = 4;
/// Trials, seed and engine options of the run the shards split.
const RUN: [&str; 6] = [
    "--trials",
    "2000",
    "--seed",
    "2024",
    "--pattern-trials",
    "400",
];

/// Daemons started here, stopped on drop (by their pid files).
struct Daemons {
    pid_files: Vec<PathBuf>,
}

impl Drop for Daemons {
    fn drop(&mut self) {
        for f in self.pid_files.iter().rev() {
            if let Ok(pid) = std::fs::read_to_string(f) {
                let _ = Command::new("kill").arg(pid.trim()).status();
            }
        }
    }
}

fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!(
        "{what} did not come up within {} s",
        timeout.as_secs()
    ))
}

fn hostname() -> Result<String, String> {
    Ok(output_of(Command::new("hostname").arg("-s"))?
        .trim()
        .to_string())
}

fn config(dir: &Path, host: &str) -> String {
    let d = dir.display();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!(
        "# A single-node cluster for `cargo xtask ci` (written by xtask/src/slurm.rs).\n\
         ClusterName=ecosimci\nSlurmctldHost={host}\nSlurmUser=root\nSlurmctldPort=6917\nSlurmdPort=6918\n\
         AuthType=auth/munge\nStateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\n\
         SlurmctldPidFile={d}/slurmctld.pid\nSlurmdPidFile={d}/slurmd.pid\n\
         SlurmctldLogFile={d}/slurmctld.log\nSlurmdLogFile={d}/slurmd.log\n\
         ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nJobAcctGatherType=jobacct_gather/none\n\
         AccountingStorageType=accounting_storage/none\nSchedulerType=sched/builtin\n\
         SelectType=select/cons_tres\nSelectTypeParameters=CR_Core\nReturnToService=2\nMpiDefault=none\n\
         NodeName={host} CPUs={cpus} State=UNKNOWN\nPartitionName=ci Nodes={host} Default=YES MaxTime=INFINITE State=UP\n"
    )
}

/// Start munge (unless it runs), slurmctld and slurmd with the config in `dir`.
fn start(dir: &Path, conf: &Path) -> Result<Daemons, String> {
    let mut d = Daemons {
        pid_files: Vec::new(),
    };
    let munge_running = Command::new("munge")
        .arg("-n")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !munge_running {
        std::fs::create_dir_all("/run/munge")
            .map_err(|e| format!("cannot create /run/munge: {e}"))?;
        run(Command::new("chown").args(["munge:munge", "/run/munge"]))?;
        run(Command::new("runuser").args(["-u", "munge", "--", "/usr/sbin/munged"]))?;
        d.pid_files.push(PathBuf::from("/run/munge/munged.pid"));
        wait_for("munged", Duration::from_secs(10), || {
            Command::new("munge")
                .arg("-n")
                .stdout(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })?;
    }
    run(Command::new("slurmctld").arg("-f").arg(conf))?;
    d.pid_files.push(dir.join("slurmctld.pid"));
    run(Command::new("slurmd").arg("-f").arg(conf))?;
    d.pid_files.push(dir.join("slurmd.pid"));
    wait_for("the Slurm node", Duration::from_secs(60), || {
        Command::new("sinfo")
            .args(["-h", "-o", "%T"])
            .env("SLURM_CONF", conf)
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "idle")
    })
    .map_err(|e| format!("{e}; see {}/slurmctld.log and slurmd.log", dir.display()))?;
    Ok(d)
}

/// The one-process run, and the merge of the parts in `parts`, compared (without wall time).
fn compare(dir: &Path, parts: &[PathBuf]) -> Result<(), String> {
    let one = dir.join("one.json");
    let merged = dir.join("merged.json");
    run(Command::new(ecosim_bin())
        .arg("run")
        .arg(root().join(SCENARIO))
        .args(RUN)
        .args(["--no-store", "--format", "json", "--out"])
        .arg(&one))?;
    run(Command::new(ecosim_bin())
        .arg("merge")
        .args(parts)
        .args(["--format", "json", "--out"])
        .arg(&merged))?;
    let read = |p: &Path| -> Result<serde_json::Value, String> {
        let mut v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )
        .map_err(|e| format!("{}: {e}", p.display()))?;
        v.as_object_mut().map(|o| o.remove("wall_seconds"));
        Ok(v)
    };
    if read(&one)? != read(&merged)? {
        return Err(format!(
            "the merged shards differ from the one-process run: compare {} with {}",
            one.display(),
            merged.display()
        ));
    }
    eprintln!(
        "the merge of {} shards is the one-process run, bit for bit",
        parts.len()
    );
    Ok(())
}

fn shard_command(k: &str, out: &Path) -> Command {
    let mut c = Command::new(ecosim_bin());
    c.arg("run")
        .arg(root().join(SCENARIO))
        .args(RUN)
        .args([
            "--threads",
            "1",
            "--shard",
            &format!("{k}/{TASKS}"),
            "--out",
        ])
        .arg(out);
    c
}

/// The scale-out step of `cargo xtask ci`.
pub fn test() -> Result<(), String> {
    let dir = root().join("target").join("slurm-ci");
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["state", "spool", "parts"] {
        std::fs::create_dir_all(dir.join(sub))
            .map_err(|e| format!("cannot create {}: {e}", dir.join(sub).display()))?;
    }
    let parts: Vec<PathBuf> = (0..TASKS)
        .map(|k| dir.join("parts").join(format!("part-{k}")))
        .collect();
    let missing: Vec<&str> = PACKAGES
        .iter()
        .copied()
        .filter(|p| !super::installed(p))
        .collect();
    if !is_root() || !missing.is_empty() {
        let why = if is_root() {
            format!("{} not installed", missing.join(", "))
        } else {
            "Slurm's daemons need root".into()
        };
        step(&format!(
            "scale-out: {TASKS} shards as local processes ({why}), merged"
        ));
        let mut children = Vec::new();
        for (k, p) in parts.iter().enumerate() {
            children.push(
                shard_command(&k.to_string(), p)
                    .spawn()
                    .map_err(|e| format!("cannot start a shard: {e}"))?,
            );
        }
        for mut c in children {
            let st = c.wait().map_err(|e| e.to_string())?;
            if !st.success() {
                return Err(format!("a shard failed ({st})"));
            }
        }
        return compare(&dir, &parts);
    }
    step(&format!(
        "scale-out: a {TASKS}-task job array on a single-node Slurm, merged"
    ));
    let conf = dir.join("slurm.conf");
    std::fs::write(&conf, config(&dir, &hostname()?))
        .map_err(|e| format!("cannot write {}: {e}", conf.display()))?;
    let _daemons = start(&dir, &conf)?;
    let script = dir.join("shards.sh");
    let shard = shard_command(
        "${SLURM_ARRAY_TASK_ID}",
        &dir.join("parts").join("part-${SLURM_ARRAY_TASK_ID}"),
    );
    let line: Vec<String> = std::iter::once(shard.get_program())
        .chain(shard.get_args())
        .map(|a| format!("\"{}\"", a.to_string_lossy()))
        .collect();
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n# One shard of the run per array task.\nexec {}\n",
            line.join(" ")
        ),
    )
    .map_err(|e| format!("cannot write {}: {e}", script.display()))?;
    run(Command::new("sbatch")
        .args([
            "--wait",
            &format!("--array=0-{}", TASKS - 1),
            "--job-name=ecosim-shards",
            "--cpus-per-task=1",
        ])
        .arg(format!("--chdir={}", dir.display()))
        .arg(format!("--output={}/task-%a.log", dir.display()))
        .arg(&script)
        .env("SLURM_CONF", &conf))
    .map_err(|e| format!("{e}; the tasks' logs are {}/task-*.log", dir.display()))?;
    compare(&dir, &parts)
}
