//! Engine benchmark: `cargo bench --bench engine` (or `cargo xtask bench`).
//!
//! For every shipped scenario it prints trials per second and nanoseconds per simulated
//! partner-quarter, for a live preview (1,000 trials, no counterfactuals) and a full run
//! (1,000 trials with the counterfactuals), then 10,000 full trials of the largest scenario.
//! Beside each, the *floor*: the time the random draws the run needed take on their own on
//! this machine with the fastest samplers available (a keyed hash per stream, table-inversion
//! Poisson draws of pipelines and referral links, one uniform per opportunity, ziggurat normals
//! and exponentials for each win's size and lifetime, the partners' Gamma productivities), so
//! the engine's overhead reads as a ratio, not an absolute that depends on the machine. Options: `--trials N` for the long run, `--quick`, `--million` (1,000,000 trials keeping summaries only, with the peak memory), `--preview` (previews only), `--only NAME` (scenarios whose
//! file name contains NAME). With `ECOSIM_BENCH_HASH=1` each row also prints a fingerprint of every
//! per-trial KPI and breakdown summary, so a speed change can be checked to leave the output bit
//! for bit as it was.

use std::hint::black_box;

use std::path::{Path, PathBuf};
use std::time::Instant;

use ecosim_core::engine::rng::{key, Stream};
use ecosim_core::engine::{run_simple, Counterfactuals, RunOptions, RunResult, Work};
use ecosim_core::model::{load_scenario, Loaded};

fn shipped() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    v.sort();
    v
}

/// A Poisson sampler for one small mean by table inversion: the cumulative probabilities are
/// computed once, a draw is one uniform and a short scan (the fastest small-mean sampler for a
/// mean known in advance, which the engine's per-partner means are not).
struct PoissonTable {
    cdf: Vec<f64>,
}

impl PoissonTable {
    fn new(lambda: f64) -> Self {
        let mut cdf = Vec::new();
        let (mut p, mut c) = ((-lambda).exp(), 0.0);
        for k in 0..400 {
            c += p;
            cdf.push(c);
            if 1.0 - c < 1e-15 {
                break;
            }
            p *= lambda / (k + 1) as f64;
        }
        PoissonTable { cdf }
    }
    #[inline(always)]
    fn sample(&self, u: f64) -> u64 {
        self.cdf.iter().take_while(|&&c| c < u).count() as u64
    }
}

/// Seconds the random draws the model needs for the work `w` take on their own, single-threaded,
/// each with the fastest sampler available here, not the engine's: a keyed hash per stream, a
/// table-inversion Poisson per pipeline and referral link, one uniform per opportunity (its
/// win), a ziggurat normal (deal size, then its exponential) and a ziggurat exponential (the
/// customer's lifetime) per win, and a Gamma (Marsaglia–Tsang) per partner productivity.
fn floor_seconds(w: &Work) -> f64 {
    use rand_distr::{Distribution, Exp1, StandardNormal};
    let mean_lambda = if w.poisson_draws > 0 { w.poisson_mean_sum / w.poisson_draws as f64 } else { 0.0 };
    let table = PoissonTable::new(black_box(mean_lambda));
    let t = Instant::now();
    let mut acc = 0u64;
    let mut accf = 0.0f64;
    for i in 0..w.streams {
        acc = acc.wrapping_add(key(&[black_box(1), i]));
    }
    let mut s = Stream::new(key(&[7]));
    for _ in 0..w.poisson_draws {
        acc = acc.wrapping_add(table.sample(s.uniform()));
    }
    for _ in 0..w.opportunities {
        accf += s.uniform();
    }
    let shape = if w.gamma_draws > 0 { w.gamma_shape_sum / w.gamma_draws as f64 } else { 1.0 };
    let gamma = rand_distr::Gamma::new(shape, 1.0 / shape).expect("shape > 0");
    for _ in 0..w.gamma_draws {
        accf += gamma.sample(&mut s);
    }
    for _ in 0..w.deals {
        let z: f64 = StandardNormal.sample(&mut s);
        let life: f64 = Exp1.sample(&mut s);
        accf += z.exp() + life;
    }
    black_box((acc, accf));
    t.elapsed().as_secs_f64()
}

struct Row {
    name: String,
    mode: &'static str,
    trials: u64,
    seconds: f64,
    partner_quarters: u64,
    floor: f64,
    threads: usize,
}

fn measure(l: &Loaded, trials: u64, cf: Counterfactuals, mode: &'static str) -> Row {
    let mut opts = RunOptions::for_scenario(&l.scenario);
    opts.trials = trials;
    opts.counterfactuals = cf;
    let t = Instant::now();
    let r: RunResult = run_simple(&l.model, &l.scenario, &opts).expect("run");
    let seconds = t.elapsed().as_secs_f64();
    let threads = rayon::current_num_threads();
    // The floor is single-threaded; divide by the threads the run used.
    let floor = floor_seconds(&r.work) / threads as f64;
    if std::env::var_os("ECOSIM_BENCH_HASH").is_some() {
        let mut h = 0u64;
        for c in &r.kpis { for v in c { h = ecosim_core::engine::rng::mix(h ^ v.to_bits()); } }
        for i in 0..r.series.len() { let s = r.series[i].summary(); for v in [s.mean, s.p50, s.p90] { h = ecosim_core::engine::rng::mix(h ^ v.to_bits()); } }
        eprintln!("HASH {} {} {:016x}", l.scenario.doc.id, mode, h);
    }
    if std::env::var_os("ECOSIM_BENCH_WORK").is_some() { eprintln!("{:?} per trial pq {}, record width {}", r.work, r.work.partner_quarters / trials, r.layout.width()); }
    Row { name: l.scenario.doc.id.clone(), mode, trials, seconds, partner_quarters: r.work.partner_quarters, floor, threads }
}

fn print(r: &Row) {
    println!(
        "{:<24} {:<8} {:>7} {:>8.3} s {:>10.0} trials/s {:>8.1} ns/partner-quarter   floor {:>7.3} s {:>6.1} ns/pq   engine/floor {:>5.2}×",
        r.name,
        r.mode,
        r.trials,
        r.seconds,
        r.trials as f64 / r.seconds,
        r.seconds * 1e9 * r.threads as f64 / r.partner_quarters.max(1) as f64,
        r.floor,
        r.floor * 1e9 * r.threads as f64 / r.partner_quarters.max(1) as f64,
        r.seconds / r.floor
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    // `--preview`: the live-preview rows only (for profiling them).
    let preview_only = args.iter().any(|a| a == "--preview");
    let long_trials = args.iter().position(|a| a == "--trials").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(10_000u64);
    // `--only NAME`: the scenarios whose file name contains NAME (for profiling one of them).
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    let loaded: Vec<Loaded> = shipped()
        .iter()
        .filter(|p| only.as_ref().is_none_or(|o| p.file_name().is_some_and(|f| f.to_string_lossy().contains(o.as_str()))))
        .map(|p| load_scenario(p, None).expect("shipped scenario loads"))
        .collect();
    println!("Ecosim engine benchmark — {} threads; ns/partner-quarter counts every simulated partner-quarter, counterfactual runs included, per core\n", rayon::current_num_threads());
    // The long run takes the largest of the scenarios of a few hundred partners; one of
    // thousands (the enterprise-scale scenario) runs its full row with fewer trials.
    let partners = |l: &Loaded| l.scenario.partners_per_type().iter().sum::<u64>();
    let large = |l: &Loaded| partners(l) > 2_000;
    let mut largest = 0;
    for (i, l) in loaded.iter().enumerate() {
        let size = |l: &Loaded| if large(l) { 0 } else { partners(l) as usize * (l.scenario.doc.patterns.len() + 2) };
        if size(l) > size(&loaded[largest]) {
            largest = i;
        }
        // Warm up caches and the thread pool.
        measure(l, if large(l) { 10 } else { 100 }, Counterfactuals::Off, "warmup");
        print(&measure(l, 1000, Counterfactuals::Off, "preview"));
        if large(l) {
            progressive(l);
        }
        if !preview_only {
            print(&measure(l, if large(l) { 100 } else { 1000 }, Counterfactuals::PerPattern, "full"));
        }
    }
    if args.iter().any(|a| a == "--million") {
        million(&loaded[largest]);
    }
    if !quick && !preview_only {
        println!();
        print(&measure(&loaded[largest], long_trials, Counterfactuals::PerPattern, "full"));
        print(&measure(&loaded[largest], long_trials, Counterfactuals::Total, "headline"));
        print(&measure(&loaded[largest], long_trials, Counterfactuals::Off, "preview"));
    }
}

/// `--million`: 1,000,000 trials of a preview (no counterfactuals) keeping summaries only,
/// with the process's peak resident memory after 100,000 of them and after all: a run whose
/// memory does not grow with its trials shows the same peak twice.
fn million(l: &Loaded) {
    let peak = || {
        std::fs::read_to_string("/proc/self/status").ok().and_then(|s| s.lines().find(|x| x.starts_with("VmHWM:")).and_then(|x| x.split_whitespace().nth(1)?.parse::<u64>().ok())).unwrap_or(0)
    };
    for trials in [100_000u64, 1_000_000] {
        let mut opts = RunOptions::for_scenario(&l.scenario);
        opts.trials = trials;
        opts.counterfactuals = Counterfactuals::Off;
        opts.keep_trials = false;
        let t = Instant::now();
        let r = run_simple(&l.model, &l.scenario, &opts).expect("run");
        println!(
            "{:<24} summaries only {:>9} trials {:>8.1} s   peak memory {:>6.1} MB   mean total revenue {:.0}",
            l.scenario.doc.id,
            trials,
            t.elapsed().as_secs_f64(),
            peak() as f64 / 1024.0,
            r.kpi_mean(ecosim_core::engine::trial::K_TOTAL)
        );
    }
}

/// The live preview as the app runs it on a scenario of thousands of partners: 1,000 trials
/// with the total counterfactual, streamed (`run_progressive` with the preview's checkpoints).
/// Prints when the first figure came, after how many trials, and when the last one did.
fn progressive(l: &Loaded) {
    use std::sync::atomic::AtomicBool;
    use std::sync::Mutex;
    let mut opts = RunOptions::for_scenario(&l.scenario);
    opts.trials = 1000;
    opts.counterfactuals = Counterfactuals::Total;
    let started = Instant::now();
    let first = Mutex::new(None);
    let estimates = Mutex::new(0u32);
    let done = ecosim_core::engine::run_progressive(
        &l.model,
        &l.scenario,
        &opts,
        ecosim_core::engine::Checkpoints::default(),
        &|r| {
            first.lock().unwrap().get_or_insert((started.elapsed(), r.options.trials));
            *estimates.lock().unwrap() += 1;
        },
        &AtomicBool::new(false),
    )
    .unwrap();
    let total = started.elapsed();
    let (at, trials) = first.into_inner().unwrap().unwrap_or((total, done.options.trials));
    println!(
        "{:<32} progressive preview: first figure after {:.0} ms ({} trials), {} estimates, final after {:.2} s",
        l.scenario.doc.id,
        at.as_secs_f64() * 1e3,
        trials,
        estimates.into_inner().unwrap(),
        total.as_secs_f64()
    );
}
