//! Revenue recognition: won deals booked into the quarters their revenue is recognised in.

use crate::engine::rng::sub_uniform;

use super::quarter::Source;

/// Revenue booked into the quarters it will be recognised in, at the cost of a few additions
/// per win whatever the customer's lifetime (MODEL.md step 9).
///
/// Each series (a cell, a partner type × segment, a source × segment) is a difference array
/// over quarters `0..=H` (quarter `H`, one past the horizon, gives the ARR at its end). A
/// customer's revenue grows by the segment's expansion factor `G` a quarter, so an entry is
/// stored divided by `G^j0`; quarter j's value is `G^j × prefix sum`. Every term of a prefix
/// sum started at or before j, so the scaling never amplifies rounding.
///
/// One-time models book a win's value into its own quarter only, so their ledger holds plain
/// per-quarter sums (`cumulative` false): no difference, no rounding from cancellation.
#[derive(Default, Clone)]
pub(super) struct Ledger {
    pub(super) stride: usize,
    pub(super) cumulative: bool,
    pub(super) diff: Vec<f64>,
    /// Customers per cell: +1 from the quarter after the win, −1 from the quarter after churn.
    pub(super) customers: Vec<f64>,
}

impl Ledger {
    pub(super) fn reset(&mut self, quarters: usize, series: usize, cells: usize, cumulative: bool) {
        self.stride = quarters + 2;
        self.cumulative = cumulative;
        self.diff.clear();
        self.diff.resize(series * self.stride, 0.0);
        self.customers.clear();
        self.customers.resize(cells * self.stride, 0.0);
    }
    /// Add `base × G^j` to every quarter j in `[j0, j1)` of `series` (`base` already divided by
    /// G^(first quarter of the customer)).
    #[inline(always)]
    pub(super) fn add(&mut self, series: usize, j0: usize, j1: usize, base: f64) {
        let last = self.stride - 1;
        if j0 >= j1 || j0 > last {
            return;
        }
        let row = &mut self.diff[series * self.stride..(series + 1) * self.stride];
        row[j0] += base;
        row[j1.min(last)] -= base;
    }
    /// Add `value` to quarter `q` of `series` (one-time models).
    #[inline(always)]
    pub(super) fn add_once(&mut self, series: usize, q: usize, value: f64) {
        self.diff[series * self.stride + q] += value;
    }
    /// The value of `series` in quarters `0..=H`, with growth factor `g` a quarter.
    pub(super) fn resolve(&self, series: usize, g: f64, out: &mut [f64]) {
        let row = &self.diff[series * self.stride..(series + 1) * self.stride - 1];
        if !self.cumulative {
            out.copy_from_slice(&row[..out.len()]);
            return;
        }
        let (mut sum, mut gj) = (0.0, 1.0);
        for (o, &d) in out.iter_mut().zip(row) {
            sum += d;
            *o = sum * gj;
            gj *= g;
        }
    }
}

/// Where won deals go: the quarters their revenue is recognised in (MODEL.md steps 8–9).
pub(super) struct Book<'a> {
    pub(super) ledger: &'a mut Ledger,
    pub(super) type_series: usize,
    pub(super) source_series: usize,
    pub(super) nseg: usize,
    pub(super) quarters: usize,
    pub(super) subscription: bool,
    /// Per segment, `G^j` and `G^−j` for j in `0..=H+1` (`[seg × (H + 2) + j]`), and ln(1 − the
    /// customer churn) — each computed as the win would, once per run instead of once per win.
    pub(super) growth_pow: &'a [f64],
    pub(super) inv_growth_pow: &'a [f64],
    pub(super) ln_stay: &'a [f64],
    /// (ARR four quarters before the end of the customers then active, what they have at the end).
    pub(super) nrr: (f64, f64),
    /// Count retention too (not in counterfactual runs).
    pub(super) detail: bool,
    /// Book into the type and source series too (a detailed run that summarises breakdowns).
    pub(super) breakdowns: bool,
}

impl Book<'_> {
    /// Book a win in quarter `q`: list ACV `acv`, the vendor's share in its first year and on
    /// renewals, and the customer's churn per quarter (one-time models: the share is revenue now).
    /// Returns when the customer pays — (first quarter, first renewal quarter, end, share of ACV
    /// a quarter) — for the partners' earnings.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn win(
        &mut self,
        q: usize,
        cell: usize,
        seg: usize,
        ty: usize,
        source: Source,
        acv: f64,
        first: f64,
        renewal: f64,
        churn: f64,
        touched: bool,
        word: u64,
    ) -> (usize, usize, usize, f64) {
        let series = [
            cell,
            self.type_series + ty * self.nseg + seg,
            self.source_series + source as usize * self.nseg + seg,
        ];
        let series = &series[..if self.breakdowns { 3 } else { 1 }];
        if !self.subscription {
            for &s in series {
                self.ledger.add_once(s, q, acv * first);
            }
            // The whole value in the quarter of the win.
            return (q, q + 1, q + 1, 1.0);
        }
        // The customer pays from the quarter after the win for a geometric number of quarters.
        let lifetime = if churn <= 0.0 {
            usize::MAX / 4
        } else if churn >= 1.0 {
            1
        } else {
            let ln_stay = if touched {
                (1.0 - churn).ln()
            } else {
                self.ln_stay[seg]
            };
            1 + (sub_uniform(word, 3).ln() / ln_stay) as usize
        };
        let start = q + 1;
        let end = start.saturating_add(lifetime);
        let pow = self.quarters + 2;
        let scaled = acv / 4.0 * self.inv_growth_pow[seg * pow + start];
        let renew_at = (start + 4).min(end);
        for &s in series {
            self.ledger.add(s, start, renew_at, scaled * first);
            self.ledger.add(s, renew_at, end, scaled * renewal);
        }
        let stride = self.ledger.stride;
        let cust = &mut self.ledger.customers[cell * stride..(cell + 1) * stride];
        if start < stride {
            cust[start] += 1.0;
            if end < stride {
                cust[end] -= 1.0;
            }
        }
        // Net revenue retention over the last four quarters: customers active at the end of
        // quarter H−5 (0-based), and their list ARR at the end of quarter H−1.
        let h = self.quarters;
        if self.detail && h >= 5 && q + 5 <= h {
            let j0 = h - 5;
            if q + lifetime > j0 {
                self.nrr.0 += acv * self.growth_pow[seg * pow + j0 - q];
                if q + lifetime > h - 1 {
                    self.nrr.1 += acv * self.growth_pow[seg * pow + h - 1 - q];
                }
            }
        }
        // Paying quarters [start, end), renewal prices from `renew_at`, a quarter of ACV a quarter.
        (start, renew_at, end, 0.25)
    }
}
