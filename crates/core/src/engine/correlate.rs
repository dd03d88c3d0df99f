//! Rank correlations between uncertain inputs, imposed with the Iman–Conover method.
//!
//! The run's uniforms of the correlated inputs (Monte Carlo or Latin hypercube, one column per
//! input) are reordered within each column so that their ranks follow a matrix of van der
//! Waerden scores whose correlation is the requested one. Reordering keeps every column's
//! values — the marginals, and the Latin hypercube strata, are exactly those sampled.
//!
//! Iman, R. L. & Conover, W. J. (1982), "A distribution-free approach to inducing rank
//! correlation among input variables".

use super::rng::{key, Stream};
use crate::stats::linalg::{cholesky, std_normal_quantile};

/// Reorder each column of `columns` (each of length `n`) so that the columns' rank correlation
/// is close to `target` (row-major `k × k`, unit diagonal, positive semi-definite). `seed`
/// fixes the score permutations.
pub fn iman_conover(columns: &mut [Vec<f64>], target: &[f64], seed: u64) {
    let k = columns.len();
    if k < 2 {
        return;
    }
    let n = columns[0].len();
    if n < 3 {
        return;
    }
    let p = cholesky(target, k).expect("target validated as positive semi-definite");
    // Scores: each column a random permutation of the van der Waerden scores.
    let base: Vec<f64> = (1..=n).map(|i| std_normal_quantile(i as f64 / (n as f64 + 1.0))).collect();
    let mut scores: Vec<Vec<f64>> = (0..k)
        .map(|j| {
            let mut col = base.clone();
            let mut s = Stream::new(key(&[seed, 0x1C, j as u64]));
            for i in (1..n).rev() {
                col.swap(i, s.below(i + 1));
            }
            col
        })
        .collect();
    // Remove the scores' own sample correlation (E = Q Qᵀ), then impose the target (P Pᵀ):
    // T = S (Q⁻¹)ᵀ Pᵀ, row by row.
    let corr = |a: &[f64], b: &[f64]| -> f64 {
        let (ma, mb) = (a.iter().sum::<f64>() / n as f64, b.iter().sum::<f64>() / n as f64);
        let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
        for i in 0..n {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma).powi(2);
            sbb += (b[i] - mb).powi(2);
        }
        sab / (saa * sbb).sqrt()
    };
    let mut e = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            e[i * k + j] = if i == j { 1.0 } else { corr(&scores[i], &scores[j]) };
        }
    }
    let q = cholesky(&e, k).unwrap_or_else(|_| identity(k));
    let mut row = vec![0.0; k];
    let mut z = vec![0.0; k];
    for r in 0..n {
        for j in 0..k {
            row[j] = scores[j][r];
        }
        // Solve Q z = row (forward substitution), then t = P z.
        for i in 0..k {
            let mut s = row[i];
            for m in 0..i {
                s -= q[i * k + m] * z[m];
            }
            z[i] = if q[i * k + i].abs() > 1e-12 { s / q[i * k + i] } else { 0.0 };
        }
        for i in 0..k {
            scores[i][r] = (0..=i).map(|m| p[i * k + m] * z[m]).sum();
        }
    }
    // Give each column of inputs the ranks of its column of scores.
    for (col, t) in columns.iter_mut().zip(&scores) {
        let mut sorted = col.clone();
        sorted.sort_by(f64::total_cmp);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| t[a].total_cmp(&t[b]).then(a.cmp(&b)));
        for (rank, &r) in order.iter().enumerate() {
            col[r] = sorted[rank];
        }
    }
}

fn identity(k: usize) -> Vec<f64> {
    let mut m = vec![0.0; k * k];
    for i in 0..k {
        m[i * k + i] = 1.0;
    }
    m
}

/// Spearman rank correlation of two samples (for tests and reports).
pub fn rank_correlation(a: &[f64], b: &[f64]) -> f64 {
    let ranks = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&x, &y| v[x].total_cmp(&v[y]));
        let mut r = vec![0.0; v.len()];
        for (rank, &i) in idx.iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let m = (n - 1.0) / 2.0;
    let (mut s, mut sa, mut sb) = (0.0, 0.0, 0.0);
    for i in 0..a.len() {
        s += (ra[i] - m) * (rb[i] - m);
        sa += (ra[i] - m).powi(2);
        sb += (rb[i] - m).powi(2);
    }
    s / (sa * sb).sqrt()
}
