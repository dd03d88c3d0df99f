//! Engine benchmark: `cargo bench --bench engine` (or `cargo xtask bench`).
//!
//! For every shipped scenario it prints trials per second and nanoseconds per simulated
//! partner-quarter, for a live preview (1,000 trials, no counterfactuals) and a full run
//! (1,000 trials with the counterfactuals), then 10,000 full trials of the largest scenario.
//! Beside each, the *floor*: the time the same random draws take on their own on this
//! machine (stream creation, Poisson draws of pipelines and collaboration links, the partners'
//! Gamma productivity draws, the uniforms of every opportunity and the
//! deal-size normals of every win), so the engine's overhead reads as a ratio, not an absolute
//! that depends on the machine. Options: `--trials N` for the long run, `--quick`, `--only NAME` (scenarios whose
//! file name contains NAME).

use std::hint::black_box;

use rand::Rng;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ecosim_core::engine::rng::{key, sub_uniform, Stream};
use ecosim_core::engine::{run_simple, Counterfactuals, RunOptions, RunResult, Work};
use ecosim_core::model::{load_scenario, Loaded};

fn shipped() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    v.sort();
    v
}

/// Seconds the draws of `w` take alone, single-threaded.
fn floor_seconds(w: &Work) -> f64 {
    let mean_lambda = if w.poisson_draws > 0 { w.poisson_mean_sum / w.poisson_draws as f64 } else { 0.0 };
    let t = Instant::now();
    let mut acc = 0u64;
    let mut accf = 0.0f64;
    for i in 0..w.streams {
        let mut s = Stream::new(key(&[black_box(1), i, 3, 6]));
        acc = acc.wrapping_add(s.next());
    }
    let mut s = Stream::new(key(&[7]));
    for _ in 0..w.poisson_draws {
        acc = acc.wrapping_add(s.poisson(black_box(mean_lambda)));
    }
    for _ in 0..w.opportunities {
        let word = s.next();
        accf += sub_uniform(word, 0) + sub_uniform(word, 2) + sub_uniform(word, 8);
    }
    let shape = if w.gamma_draws > 0 { w.gamma_shape_sum / w.gamma_draws as f64 } else { 1.0 };
    let gamma = rand_distr::Gamma::new(shape, 1.0 / shape).expect("shape > 0");
    for i in 0..w.gamma_draws {
        accf += rand_distr::Distribution::sample(&gamma, &mut Stream::new(key(&[black_box(2), i, 3])));
    }
    for _ in 0..w.deals {
        let word = s.next();
        let z: f64 = Stream::new(word).sample(rand_distr::StandardNormal);
        accf += z.exp();
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
    if std::env::var_os("ECOSIM_BENCH_WORK").is_some() { eprintln!("{:?} per trial pq {}", r.work, r.work.partner_quarters / trials); }
    Row { name: l.scenario.doc.id.clone(), mode, trials, seconds, partner_quarters: r.work.partner_quarters, floor, threads }
}

fn print(r: &Row) {
    println!(
        "{:<24} {:<8} {:>7} {:>8.3} s {:>10.0} trials/s {:>8.1} ns/partner-quarter   floor {:>7.3} s   engine/floor {:>5.2}×",
        r.name,
        r.mode,
        r.trials,
        r.seconds,
        r.trials as f64 / r.seconds,
        r.seconds * 1e9 * r.threads as f64 / r.partner_quarters.max(1) as f64,
        r.floor,
        r.seconds / r.floor
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let long_trials = args.iter().position(|a| a == "--trials").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(10_000u64);
    // `--only NAME`: the scenarios whose file name contains NAME (for profiling one of them).
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    let loaded: Vec<Loaded> = shipped()
        .iter()
        .filter(|p| only.as_ref().is_none_or(|o| p.file_name().is_some_and(|f| f.to_string_lossy().contains(o.as_str()))))
        .map(|p| load_scenario(p, None).expect("shipped scenario loads"))
        .collect();
    println!("Ecosim engine benchmark — {} threads; ns/partner-quarter counts every simulated partner-quarter, counterfactual runs included, per core\n", rayon::current_num_threads());
    let mut largest = 0;
    for (i, l) in loaded.iter().enumerate() {
        let size = |l: &Loaded| l.scenario.partners_per_type().iter().sum::<u64>() as usize * (l.scenario.doc.patterns.len() + 2);
        if size(l) > size(&loaded[largest]) {
            largest = i;
        }
        // Warm up caches and the thread pool.
        measure(l, 100, Counterfactuals::Off, "warmup");
        print(&measure(l, 1000, Counterfactuals::Off, "preview"));
        print(&measure(l, 1000, Counterfactuals::PerPattern, "full"));
    }
    if !quick {
        println!();
        print(&measure(&loaded[largest], long_trials, Counterfactuals::PerPattern, "full"));
        print(&measure(&loaded[largest], long_trials, Counterfactuals::Total, "headline"));
        print(&measure(&loaded[largest], long_trials, Counterfactuals::Off, "preview"));
    }
}
