//! Summaries over trials.
//!
//! A run reports, for every KPI, the mean, spread, standard error and percentiles over trials.
//! Headline KPIs keep every trial's value (exact percentiles, paired comparisons, raw exports);
//! the breakdowns (per quarter, type, cell, pattern) — a hundred or more series — go into
//! fixed-size log-bucket sketches (relative accuracy [`SKETCH_ACCURACY`], 0.1 %), so a run's memory
//! does not grow with its trials beyond the headline columns. Values are folded in trial
//! order, so every figure is identical whatever the number of threads.

pub mod linalg;

#[cfg(feature = "ts")]
use ts_rs::TS;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Relative accuracy of sketched percentiles (0.1 %).
pub const SKETCH_ACCURACY: f64 = 0.001;

/// The statistics of one KPI over trials.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Summary {
    pub mean: f64,
    pub std_dev: f64,
    /// Standard error of the mean: std_dev / √trials.
    pub std_error: f64,
    pub min: f64,
    pub max: f64,
    pub p5: f64,
    pub p10: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
    pub p95: f64,
}

/// Percentile levels a summary reports, in order.
pub const LEVELS: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

impl Summary {
    fn with(m: &Moments, q: [f64; 7]) -> Summary {
        let sd = m.std_dev();
        Summary {
            mean: m.mean,
            std_dev: sd,
            std_error: if m.n > 0 { sd / (m.n as f64).sqrt() } else { 0.0 },
            min: if m.n > 0 { m.min } else { 0.0 },
            max: if m.n > 0 { m.max } else { 0.0 },
            p5: q[0],
            p10: q[1],
            p25: q[2],
            p50: q[3],
            p75: q[4],
            p90: q[5],
            p95: q[6],
        }
    }

    /// Exact summary of a column of values (percentiles by linear interpolation).
    pub fn of(values: &[f64]) -> Summary {
        let mut m = Moments::default();
        for &v in values {
            m.add(v);
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Summary::with(&m, LEVELS.map(|p| quantile_sorted(&sorted, p)))
    }
}

/// Quantile of sorted data by linear interpolation between order statistics (Hyndman–Fan 7).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    interpolate(sorted.len(), p, || sorted[0], |lo, hi| (sorted[lo], sorted[hi]))
}

/// [`quantile_sorted`] of `values` as if sorted by `f64::total_cmp`, without sorting them: the
/// two order statistics it interpolates are found by selection (the same values bit for bit).
/// Reorders `values`.
pub fn quantile_select(values: &mut [f64], p: f64) -> f64 {
    let only = values.first().copied().unwrap_or(0.0);
    interpolate(values.len(), p, || only, |lo, hi| {
        let (_, at, right) = values.select_nth_unstable_by(lo, f64::total_cmp);
        let x_lo = *at;
        let x_hi = if hi == lo { x_lo } else { right.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo) };
        (x_lo, x_hi)
    })
}

/// Hyndman–Fan 7 over `n` values: `single()` when there is one, otherwise the interpolation
/// between the lo-th and hi-th smallest, which `order(lo, hi)` gives.
fn interpolate(n: usize, p: f64, single: impl FnOnce() -> f64, order: impl FnOnce(usize, usize) -> (f64, f64)) -> f64 {
    match n {
        0 => 0.0,
        1 => single(),
        n => {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            let (x_lo, x_hi) = order(lo, hi);
            x_lo + (h - lo as f64) * (x_hi - x_lo)
        }
    }
}

/// Running mean, variance (Welford), min and max.
#[derive(Debug, Clone, Copy, Default)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    m2: f64,
    pub min: f64,
    pub max: f64,
}

impl Moments {
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        if self.n == 1 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }
    pub fn std_dev(&self) -> f64 {
        if self.n > 1 {
            (self.m2 / (self.n - 1) as f64).sqrt()
        } else {
            0.0
        }
    }
}

/// A mergeable log-bucket quantile sketch with bounded relative error (DDSketch-style).
#[derive(Debug, Clone)]
pub struct Sketch {
    pos: Buckets,
    neg: Buckets,
    zeros: u64,
    n: u64,
}

#[derive(Debug, Clone, Default)]
struct Buckets {
    offset: i32,
    counts: Vec<u64>,
}

/// Values smaller than this in magnitude are counted as zero.
const TINY: f64 = 1e-9;

impl Buckets {
    #[inline]
    fn add(&mut self, k: i32) {
        if self.counts.is_empty() {
            self.offset = k;
            self.counts.push(0);
        } else if k < self.offset {
            let grow = (self.offset - k) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = k;
        } else if k >= self.offset + self.counts.len() as i32 {
            self.counts.resize((k - self.offset + 1) as usize, 0);
        }
        self.counts[(k - self.offset) as usize] += 1;
    }
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch { pos: Buckets::default(), neg: Buckets::default(), zeros: 0, n: 0 }
    }
}

fn gamma() -> f64 {
    (1.0 + SKETCH_ACCURACY) / (1.0 - SKETCH_ACCURACY)
}

/// ln(gamma) = 2·atanh(accuracy), by its series (exact to f64 for small accuracies).
const LN_GAMMA: f64 = {
    let a = SKETCH_ACCURACY;
    2.0 * (a + a * a * a / 3.0 + a * a * a * a * a / 5.0)
};

impl Sketch {
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let inv_ln_gamma = 1.0 / LN_GAMMA;
        if x > TINY {
            self.pos.add((x.ln() * inv_ln_gamma).ceil() as i32);
        } else if x < -TINY {
            self.neg.add(((-x).ln() * inv_ln_gamma).ceil() as i32);
        } else {
            self.zeros += 1;
        }
    }

    /// Every non-empty bucket's representative value and count, smallest value first (negative
    /// values from the most negative, the largest bucket, up; then zeros; then positive ones).
    fn buckets(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        let g = gamma();
        let value = move |k: i32| 2.0 * g.powi(k) / (g + 1.0);
        let neg = self.neg.counts.iter().enumerate().rev().map(move |(i, &c)| (-value(self.neg.offset + i as i32), c));
        let pos = self.pos.counts.iter().enumerate().map(move |(i, &c)| (value(self.pos.offset + i as i32), c));
        neg.chain(std::iter::once((0.0, self.zeros))).chain(pos).filter(|&(_, c)| c > 0)
    }

    /// Quantile at `p` by nearest rank, within the sketch's relative accuracy.
    pub fn quantile(&self, p: f64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let rank = ((p * (self.n - 1) as f64).round() as u64).min(self.n - 1);
        let mut seen = 0u64;
        for (value, c) in self.buckets() {
            seen += c;
            if seen > rank {
                return value;
            }
        }
        0.0
    }
}

/// Moments plus a sketch: the accumulator of one breakdown series.
#[derive(Debug, Clone, Default)]
pub struct SeriesAcc {
    pub moments: Moments,
    sketch: Sketch,
}

impl SeriesAcc {
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.moments.add(x);
        self.sketch.add(x);
    }
    pub fn summary(&self) -> Summary {
        let m = &self.moments;
        if m.n == 0 {
            return Summary::default();
        }
        Summary::with(m, LEVELS.map(|p| self.quantile(p)))
    }
    /// The quantile at `p`, within the sketch's relative accuracy (0 when empty).
    pub fn quantile(&self, p: f64) -> f64 {
        let m = &self.moments;
        if m.n == 0 {
            return 0.0;
        }
        self.sketch.quantile(p).clamp(m.min, m.max)
    }
    /// A histogram of the values with `bins` equal-width bins between their least and greatest,
    /// each sketch bucket counted in the bin of its representative value.
    pub fn histogram(&self, bins: usize) -> Histogram {
        let m = &self.moments;
        if m.n == 0 {
            return Histogram::of(&[], bins);
        }
        // A bucket's representative value may lie a little outside the values' range.
        Histogram::binned(m.min, m.max, bins, self.sketch.buckets().map(|(v, c)| (v.clamp(m.min, m.max), c)))
    }
}

/// A histogram of values for charts: equal-width bins between min and max.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Histogram {
    /// Lower edge of each bin, then the upper edge of the last (bins + 1 edges).
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

impl Histogram {
    pub fn of(values: &[f64], bins: usize) -> Histogram {
        let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        if values.is_empty() {
            return Histogram { edges: vec![0.0, 1.0], counts: vec![0] };
        }
        Histogram::binned(lo, hi, bins, values.iter().map(|&v| (v, 1)))
    }

    /// `bins` equal-width bins between `lo` and `hi` (at least one), counting each (value,
    /// count) of `items` (values within [lo, hi]) in its bin.
    fn binned(lo: f64, hi: f64, bins: usize, items: impl Iterator<Item = (f64, u64)>) -> Histogram {
        let bins = bins.max(1);
        let width = if hi > lo { (hi - lo) / bins as f64 } else { 1.0 };
        let mut counts = vec![0u64; bins];
        for (v, c) in items {
            let i = (((v - lo) / width) as usize).min(bins - 1);
            counts[i] += c;
        }
        Histogram { edges: (0..=bins).map(|i| lo + i as f64 * width).collect(), counts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_selection_are_the_sorted_quantiles_bit_for_bit() {
        let mut s = crate::engine::rng::Stream::new(crate::engine::rng::key(&[5]));
        for n in [0usize, 1, 2, 3, 7, 20, 241] {
            // Repeated values, negative zero and a spread of magnitudes.
            let values: Vec<f64> = (0..n).map(|i| if i % 5 == 0 { -0.0 } else { (s.uniform() * 10.0).floor() * 1e3 - 2e3 }).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0] {
                let mut v = values.clone();
                assert_eq!(quantile_select(&mut v, p).to_bits(), quantile_sorted(&sorted, p).to_bits(), "n {n}, p {p}");
            }
        }
    }

    #[test]
    fn exact_percentiles_interpolate() {
        let v: Vec<f64> = (1..=101).map(|x| x as f64).collect();
        let s = Summary::of(&v);
        assert_eq!(s.p50, 51.0);
        assert_eq!(s.p10, 11.0);
        assert_eq!(s.min, 1.0);
        assert_eq!(s.max, 101.0);
        assert!((s.mean - 51.0).abs() < 1e-12);
    }

    #[test]
    fn ln_gamma_constant_matches() {
        assert!((LN_GAMMA - gamma().ln()).abs() < 1e-15);
    }

    #[test]
    fn sketch_is_within_its_relative_accuracy() {
        let v: Vec<f64> = (0..10_000).map(|i| -5_000.0 + i as f64 * 1.37).collect();
        let mut acc = SeriesAcc::default();
        for &x in &v {
            acc.add(x);
        }
        let exact = Summary::of(&v);
        let s = acc.summary();
        for (a, b) in [(s.p5, exact.p5), (s.p25, exact.p25), (s.p75, exact.p75), (s.p95, exact.p95)] {
            assert!((a - b).abs() <= 2.0 * SKETCH_ACCURACY * b.abs() + 1.5, "{a} vs {b}");
        }
    }
}
