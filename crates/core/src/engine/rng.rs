//! Random streams derived from names, never shared.
//!
//! Every draw comes from a [`Stream`] whose seed is a hash of (run seed, trial, and where it
//! matters the partner, quarter and purpose). Nothing depends on which thread ran what, so
//! results are bit-identical for any thread count; and two runs that share structure (a
//! scenario and its counterfactual without collaboration, or two scenarios on one model) draw
//! the same numbers for the same partner and purpose — common random numbers.
//!
//! A stream is SplitMix64: one add and a 64-bit finaliser per draw, cheap enough to create one
//! per partner and quarter.

use rand::RngCore;

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective avalanche mix of 64 bits.
#[inline(always)]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hash a sequence of words into a stream key.
#[inline]
pub fn key(parts: &[u64]) -> u64 {
    let mut h = 0x6A09_E667_F3BC_C909u64;
    for &p in parts {
        h = mix(h ^ p.wrapping_mul(GOLDEN)).wrapping_add(GOLDEN);
    }
    h
}

/// Map 64 random bits to a uniform in the open interval (0, 1).
#[inline(always)]
pub fn to_unit(x: u64) -> f64 {
    // 52 bits plus a half step: (m + ½)·2⁻⁵², so the largest value, 1 − 2⁻⁵³, is still below 1.
    // Built from the bits (1 + m·2⁻⁵² is exact, and so is the subtraction) because an
    // unsigned 64-bit integer-to-float conversion costs a branch and several instructions.
    f64::from_bits(0x3FF0_0000_0000_0000 | (x >> 12)) - (1.0 - 1.0 / (1u64 << 53) as f64)
}

/// Purposes of streams: part of every key, so no two purposes share numbers.
pub mod purpose {
    pub const INPUTS: u64 = 1;
    pub const LHS: u64 = 2;
    pub const PRODUCTIVITY: u64 = 3;
    pub const GRAPH_OUT: u64 = 4;
    pub const GRAPH_IN: u64 = 5;
    pub const OWN: u64 = 6;
    pub const REFERRAL: u64 = 7;
    pub const CHURN: u64 = 8;
    pub const CORRELATION: u64 = 9;
    /// Organic recruits of a (type, region) in a quarter; also the tag of organic partners' ids.
    pub const ORGANIC: u64 = 10;
    /// Ties in a tiered program's productivity ranking (types without a productivity spread).
    pub const TIER: u64 = 11;
}

/// 1/k for k in 0..=200 (index 0 unused): the Poisson inversion's step factors.
const INVERSE: [f64; 201] = {
    let mut t = [0.0; 201];
    let mut k = 1;
    while k < t.len() {
        t[k] = 1.0 / k as f64;
        k += 1;
    }
    t
};

/// A SplitMix64 random stream.
#[derive(Debug, Clone)]
pub struct Stream {
    state: u64,
}

impl Stream {
    #[inline]
    pub fn new(key: u64) -> Self {
        Stream { state: key }
    }
    #[inline(always)]
    pub fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }
    /// Uniform in (0, 1).
    #[inline(always)]
    pub fn uniform(&mut self) -> f64 {
        to_unit(self.next())
    }
    /// Uniform integer in [0, n).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }
    /// Poisson(lambda): inversion for small means (monotone in the uniform, which keeps common
    /// random numbers coupled), the PTRS rejection sampler of rand_distr for large ones.
    #[inline]
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        self.poisson_with(lambda, if lambda < 30.0 { (-lambda).exp() } else { 0.0 })
    }

    /// [`Stream::poisson`] given `e^(−lambda)` (used below 30), for callers that draw many
    /// counts of one mean: the same draws at one exponential for all of them.
    #[inline(always)]
    pub fn poisson_with(&mut self, lambda: f64, exp_neg_lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            let u = self.uniform();
            let mut p = exp_neg_lambda;
            let mut cdf = p;
            let mut k = 0usize;
            // Multiply by a table of 1/k: a division per step would dominate the loop.
            while u > cdf && k < INVERSE.len() - 1 {
                k += 1;
                p *= lambda * INVERSE[k];
                cdf += p;
            }
            k as u64
        } else {
            use rand_distr::Distribution;
            rand_distr::Poisson::new(lambda).map(|d| d.sample(self) as u64).unwrap_or(0)
        }
    }
}

impl RngCore for Stream {
    fn next_u32(&mut self) -> u32 {
        (self.next() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.next()
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for chunk in dst.chunks_mut(8) {
            let b = self.next().to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
    }
}

/// Draws keyed by one 64-bit word: the i-th uniform of an opportunity without a stream, so an
/// opportunity always consumes exactly one word from its partner's stream whatever happens to it.
#[inline(always)]
pub fn sub_uniform(word: u64, i: u64) -> f64 {
    to_unit(mix(word ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03)))
}

/// Two uniforms in (0, 1) with 32 bits each from one hash of `word` (for probability
/// comparisons, where 2⁻³² resolution is far below any rate the model states).
#[inline(always)]
pub fn unit_pair(word: u64, i: u64) -> (f64, f64) {
    let h = mix(word ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
    const SCALE: f64 = 1.0 / (1u64 << 32) as f64;
    (((h >> 32) as f64 + 0.5) * SCALE, ((h & 0xFFFF_FFFF) as f64 + 0.5) * SCALE)
}

/// A pseudo-random permutation of [0, n) (a 4-round Feistel network with cycle walking), used to
/// assign Latin hypercube strata to trials without storing a permutation per input.
pub fn permute(i: u64, n: u64, key: u64) -> u64 {
    debug_assert!(i < n);
    let mut bits = 64 - (n.max(4) - 1).leading_zeros();
    bits += bits & 1;
    let half = bits / 2;
    let mask = (1u64 << half) - 1;
    let mut x = i;
    loop {
        let (mut l, mut r) = (x >> half, x & mask);
        for round in 0..4u64 {
            let f = mix(r ^ key ^ round.wrapping_mul(GOLDEN)) & mask;
            let nl = r;
            r = l ^ f;
            l = nl;
        }
        x = (l << half) | r;
        if x < n {
            return x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_bijection() {
        for n in [1u64, 2, 3, 7, 64, 1000, 1023, 4097] {
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = permute(i, n, 99) as usize;
                assert!(!seen[j], "n={n}: {j} hit twice");
                seen[j] = true;
            }
        }
    }

    #[test]
    fn poisson_mean_matches() {
        for lambda in [0.3, 2.5, 12.0, 45.0] {
            let mut s = Stream::new(key(&[1, 2]));
            let n = 200_000;
            let mean = (0..n).map(|_| s.poisson(lambda) as f64).sum::<f64>() / n as f64;
            assert!((mean - lambda).abs() < 4.0 * (lambda / n as f64).sqrt(), "lambda {lambda}: {mean}");
        }
    }

    #[test]
    fn uniforms_are_in_the_open_unit_interval() {
        assert!(to_unit(0) > 0.0);
        assert!(to_unit(u64::MAX) < 1.0);
        // The bit construction is exactly (m + ½)·2⁻⁵².
        for x in [0u64, 1 << 12, 12345 << 12, u64::MAX, 0xDEAD_BEEF_0123_4567] {
            assert_eq!(to_unit(x), ((x >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64));
        }
    }
}
