//! The linear algebra and normal-distribution functions that both validation and sampling
//! need: validation checks a correlation matrix factorises, the engine factorises it to
//! induce the correlation, and both turn probabilities into normal scores. They live with the
//! statistics so that `model` and `engine` depend on `stats` and never on each other's
//! internals.

/// z-score of the 90th percentile of the standard normal.
pub const Z90: f64 = 1.281_551_565_544_600_5;

/// Standard normal quantile, via the inverse error function.
#[inline]
pub fn std_normal_quantile(p: f64) -> f64 {
    std::f64::consts::SQRT_2 * statrs::function::erf::erf_inv(2.0 * p - 1.0)
}

/// Lower-triangular Cholesky factor of a symmetric matrix (row-major `n × n`), or the first
/// pivot that shows it is not positive semi-definite. A zero pivot (semi-definite) gives a
/// zero column.
pub fn cholesky(m: &[f64], n: usize) -> Result<Vec<f64>, usize> {
    let mut l = vec![0.0; n * n];
    for j in 0..n {
        let mut d = m[j * n + j];
        for k in 0..j {
            d -= l[j * n + k] * l[j * n + k];
        }
        if d < -1e-9 {
            return Err(j);
        }
        let d = d.max(0.0).sqrt();
        l[j * n + j] = d;
        for i in j + 1..n {
            let mut s = m[i * n + j];
            for k in 0..j {
                s -= l[i * n + k] * l[j * n + k];
            }
            l[i * n + j] = if d > 1e-12 { s / d } else { 0.0 };
        }
    }
    // A semi-definite matrix factorises; check the factor reproduces it (an indefinite one
    // whose negative pivot was masked by a zero pivot does not).
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..n).map(|k| l[i * n + k] * l[j * n + k]).sum();
            if (s - m[i * n + j]).abs() > 1e-6 {
                return Err(i);
            }
        }
    }
    Ok(l)
}
