//! One opportunity (MODEL.md steps 5 and 7–9): conflict, collaboration with a linked partner
//! that has room, the win, and the vendor's net revenue booked.

use rand::Rng;
use rand_distr::StandardNormal;

use crate::engine::rng::{sub_uniform, unit_pair, Stream};

use super::ledger::Book;
use super::quarter::{Source, NONE};
use super::{Plan, TrialParams};

/// Conflict rates of a quarter (step 7), per cell.
pub(super) struct Conflict<'a> {
    /// `partner_overlap_rate`: how fast partner-vs-partner overlap grows with crowding.
    pub(super) rate: f64,
    /// What adopted policies leave of partner-vs-partner conflict.
    pub(super) factor: f64,
    /// 1 / prospects of each cell (0 for an empty cell).
    pub(super) inv_pros: &'a [f64],
    /// 1 − the direct-vs-partner conflict probability of each cell, after governance.
    pub(super) direct_keep: &'a [f64],
}

impl Conflict<'_> {
    /// Probability that an opportunity in `cell` meets conflict, when other partners want to
    /// work `others` accounts there. Crowding is not capped: past saturation it keeps rising.
    #[inline(always)]
    pub(super) fn probability(&self, cell: usize, others: f64) -> f64 {
        let crowd = (others * self.inv_pros[cell]).max(0.0);
        let overlap = if self.rate > 0.0 && crowd > 0.0 {
            1.0 - (-self.rate * crowd).exp()
        } else {
            0.0
        };
        1.0 - (1.0 - overlap * self.factor) * self.direct_keep[cell]
    }
}

/// Whether an opportunity was referred, and by whom over which pattern.
#[derive(Clone, Copy)]
pub(super) enum Referral {
    None,
    From { partner: usize, pattern: usize },
}

/// Where opportunities' outcomes go during one quarter of one run.
pub(super) struct Sink<'a, 'b, 'c> {
    pub(super) tp: &'a TrialParams,
    pub(super) plan: &'a Plan<'b>,
    pub(super) q: usize,
    pub(super) served: &'a [u16],
    pub(super) served_by: &'a [u32],
    /// Each partner's live deal-pattern links this quarter: groups (pattern, start, count) of
    /// `live_links`, the groups of partner p at `group_start[p]..group_start[p + 1]`.
    pub(super) live_links: &'a [u32],
    pub(super) live_groups: &'a [(u16, u32, u32)],
    pub(super) group_start: &'a [u32],
    /// Per receiving partner: the share of asked-for collaboration its capacity can take.
    pub(super) collab_fit: &'a [f64],
    pub(super) collab_cap: &'a [f64],
    pub(super) collab_used: &'a mut [f64],
    pub(super) book: &'a mut Book<'c>,
    /// What the programs of the run do to each partner.
    pub(super) program_fx: &'a [super::quarter::ProgramFx],
    /// Partner earnings (network models; empty otherwise): a difference array over the
    /// quarters `0..earn_stride`, quarter-major (`[quarter × partners + partner]`), so the
    /// quarter loop reads one quarter of every partner from consecutive memory.
    pub(super) earn: &'a mut [f64],
    pub(super) earn_stride: usize,
    /// Partners in the run (the row length of `earn`).
    pub(super) earn_partners: usize,
    /// The traced run's events (a traced trial's designed run only).
    pub(super) trace: Option<&'a mut super::History>,
    pub(super) bookings: f64,
    /// Opportunities that would have been worked with a linked partner who had no room.
    pub(super) collab_unserved: f64,
    pub(super) lost: f64,
    pub(super) opportunities: u64,
    pub(super) deals: u64,
}

impl Sink<'_, '_, '_> {
    /// Steps 5, 7–9 for one opportunity of partner `p` in cell `c`: conflict, collaboration,
    /// win, and the vendor's net revenue booked into the quarters it is recognised in.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn deal(
        &mut self,
        p: usize,
        c: usize,
        word: u64,
        mut source: Source,
        pconf: f64,
        referral: Referral,
        won: &mut [bool],
        hurt: &mut [bool],
    ) {
        self.opportunities += 1;
        // Conflict, and whether it loses the opportunity, from one hash of the word; neither
        // outcome branches unless the opportunity is lost (the rare case), since a branch on a
        // random draw mispredicts about as often as the draw goes the other way.
        let (uc, ul) = unit_pair(word, 0);
        let conflicted = uc < pconf;
        hurt[p] |= conflicted;
        if conflicted & (ul < self.tp.loss) {
            self.lost += 1.0;
            return;
        }
        let ty = self.plan.partners[p].ty;
        let t = &self.tp.types[ty];
        let fx = self.program_fx[p];
        let mut win = t.win * fx.win;
        let mut size = t.factor;
        let mut fees = 1.0;
        let mut churn_keep = 1.0;
        let mut influenced = false;
        // Partners who supported the deal (credited if it is won), one per pattern at most.
        let mut supporters = [0u32; 8];
        let mut supporter_fee = [0.0f64; 8];
        let mut n_supporters = 0;
        for &(k, start, live) in
            &self.live_groups[self.group_start[p] as usize..self.group_start[p + 1] as usize]
        {
            let k = k as usize;
            let pp = &self.tp.patterns[k];
            let u = sub_uniform(word, 8 + k as u64);
            if u >= pp.attach {
                continue;
            }
            // The linked partner this opportunity would be worked with, and its room.
            let pick = if live > 1 {
                ((sub_uniform(word, 80 + k as u64) * live as f64) as u32).min(live - 1)
            } else {
                0
            };
            let with = self.live_links[(start + pick) as usize] as usize;
            let hit = u < pp.attach * self.collab_fit[with]
                && self.collab_used[with] + 1.0 <= self.collab_cap[with];
            self.collab_unserved += !hit as u8 as f64;
            if hit {
                self.collab_used[with] += 1.0;
                win *= 1.0 + pp.win_up;
                size *= 1.0 + pp.deal_up;
                fees *= 1.0 - pp.fee;
                churn_keep *= pp.churn_keep;
                if n_supporters < supporters.len() {
                    supporters[n_supporters] = with as u32;
                    supporter_fee[n_supporters] = pp.fee;
                    n_supporters += 1;
                }
                influenced = true;
            }
        }
        if influenced && source == Source::Own {
            source = Source::Influenced;
        }
        if sub_uniform(word, 2) >= win {
            if self.trace.is_some() {
                let list = self.list_value(c, word, size);
                let referrer = match referral {
                    Referral::From { partner, .. } => partner,
                    Referral::None => usize::MAX,
                };
                self.record(p, c, word, source, referrer, &supporters[..n_supporters], false, list, 0);
            }
            return;
        }
        won[p] = true;
        for &s in &supporters[..n_supporters] {
            won[s as usize] = true;
        }
        let mut ref_fee = 0.0;
        let mut referrer = usize::MAX;
        if let Referral::From { partner, pattern } = referral {
            referrer = partner;
            won[partner] = true;
            ref_fee = self.tp.patterns[pattern].fee;
            churn_keep *= self.tp.patterns[pattern].churn_keep;
        }
        let sv = self.served[p];
        let margin = if sv != NONE {
            if self.tp.patterns[sv as usize].serves {
                won[self.served_by[p] as usize] = true;
            }
            churn_keep *= self.tp.patterns[sv as usize].churn_keep;
            self.tp.patterns[sv as usize].margin
        } else {
            0.0
        };
        self.deals += 1;
        let seg = self.plan.cell_segment[c];
        let list = self.list_value(c, word, size);
        // An incentive's rebate is paid on the first year's value (the new booking).
        let first = ((t.keep - fx.discount).max(0.0) * (1.0 - ref_fee) * fees - margin).max(0.0);
        let renewal = (t.renewal_keep * fees - margin).max(0.0);
        self.bookings += list * first;
        let churn = self.tp.customer_churn[seg] * churn_keep;
        let span = self.book.win(
            self.q,
            c,
            seg,
            ty,
            source,
            list,
            first,
            renewal,
            churn,
            churn_keep != 1.0,
            word,
        );
        if self.trace.is_some() {
            let lifetime = span.2.min(self.book.quarters + 1).saturating_sub(span.0) as u32;
            self.record(p, c, word, source, referrer, &supporters[..n_supporters], true, list, lifetime);
        }
        if self.earn.is_empty() {
            return;
        }
        // What the partners earn on the deal: the transacting partner its discount or fee (and
        // any rebate), a referrer its fee on the first year, supporters their fee and a
        // distributor its margin, as the vendor recognises the deal.
        let own = (1.0 - t.keep + fx.discount).min(1.0);
        self.earn(p, span, list, own, 1.0 - t.renewal_keep);
        if referrer != usize::MAX {
            self.earn(referrer, span, list, ref_fee, 0.0);
        }
        for j in 0..n_supporters {
            self.earn(supporters[j] as usize, span, list, supporter_fee[j], supporter_fee[j]);
        }
        if sv != NONE && margin > 0.0 {
            self.earn(self.served_by[p] as usize, span, list, margin, margin);
        }
    }

    /// The list value of an opportunity in cell `c`: lognormal, its normal drawn (ziggurat) from
    /// a stream of the opportunity's own, times the deal-size factors `size`.
    #[inline(always)]
    fn list_value(&self, c: usize, word: u64, size: f64) -> f64 {
        let z: f64 = Stream::new(word ^ 0x5851_F42D_4C95_7F2D).sample(StandardNormal);
        let seg = self.plan.cell_segment[c];
        (self.tp.mu[seg] + self.tp.sigma[seg] * z).exp() * size
    }

    /// Write an opportunity that reached a decision into the trace.
    #[allow(clippy::too_many_arguments)]
    #[cold]
    fn record(&mut self, p: usize, c: usize, word: u64, source: Source, referrer: usize, supporters: &[u32], won: bool, acv: f64, lifetime: u32) {
        let nr = self.plan.model.regions.len();
        let Some(h) = self.trace.as_deref_mut() else { return };
        h.deals.push(super::TraceDeal {
            quarter: self.q as u32,
            partner: p as u32,
            segment: c / nr,
            region: c % nr,
            source: match source {
                Source::Own => super::TraceSource::Own,
                Source::Referral => super::TraceSource::Referral,
                Source::Influenced => super::TraceSource::CoSell,
                Source::Marketplace => super::TraceSource::Marketplace,
            },
            referrer: (referrer != usize::MAX).then_some(referrer as u32),
            collaborators: supporters.to_vec(),
            won,
            acv,
            lifetime,
            word,
        });
    }

    /// Book a partner's earnings on a deal of list value `list`: `first` and `renewal` are its
    /// shares of list in the first year and after (`span` from [`Book::win`]).
    #[inline]
    fn earn(&mut self, who: usize, span: (usize, usize, usize, f64), list: f64, first: f64, renewal: f64) {
        let (start, renew_at, end, per_quarter) = span;
        let n = self.earn_partners;
        let earn = &mut *self.earn;
        let last = self.earn_stride - 1;
        let mut add = |j0: usize, j1: usize, v: f64| {
            if v != 0.0 && j0 < j1 && j0 <= last {
                earn[j0 * n + who] += v;
                earn[j1.min(last) * n + who] -= v;
            }
        };
        add(start, renew_at, list * per_quarter * first);
        add(renew_at, end, list * per_quarter * renewal);
    }
}
