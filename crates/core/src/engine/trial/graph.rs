//! The collaboration graph of a trial: sampled once with petgraph, then flattened by role.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::engine::rng::{key, purpose, Stream};
use crate::model::PatternKind;

use super::{Plan, Scratch, TrialParams};

/// Adjacency lists in compressed form: `of(p)` is partner p's (other partner, pattern) links.
#[derive(Default)]
pub(super) struct Csr {
    pub(super) start: Vec<u32>,
    pub(super) links: Vec<(u32, u16)>,
}

impl Csr {
    pub(super) fn build(n: usize, edges: &mut Vec<(u32, u32, u16)>) -> Csr {
        // Stable by owner: links keep their insertion order within a partner.
        edges.sort_by_key(|e| e.0);
        let mut start = Vec::with_capacity(n + 1);
        let mut i = 0;
        for p in 0..n as u32 {
            start.push(i as u32);
            while i < edges.len() && edges[i].0 == p {
                i += 1;
            }
        }
        start.push(i as u32);
        Csr {
            start,
            links: edges.iter().map(|e| (e.1, e.2)).collect(),
        }
    }
    #[inline]
    pub(super) fn of(&self, p: usize) -> &[(u32, u16)] {
        &self.links[self.start[p] as usize..self.start[p + 1] as usize]
    }
}

/// Sample the collaboration graph of a trial (petgraph), then flatten it for the quarter loop.
///
/// Each `from` partner links to Poisson(links × intensity) distinct `to` partners that have
/// arrived by its own arrival, in its region unless the pattern is global. A recruit on the
/// `to` side receives Poisson(links × from-partners / to-partners) links from partners already
/// there, which keeps the mean number of links per `from` partner near the pattern's figure as
/// the ecosystem grows. Churned partners keep their edges but carry no flow.
pub(super) fn build_graph(plan: &Plan, tp: &TrialParams, tkey: u64, sc: &mut Scratch) {
    let n = plan.partners.len();
    let nr = plan.model.regions.len();
    let mut g: DiGraph<(), u16> = DiGraph::with_capacity(n, n * 2);
    for _ in 0..n {
        g.add_node(());
    }
    let mut picks = std::mem::take(&mut sc.picks);
    for &k in &plan.enabled {
        let pat = &plan.model.patterns[k];
        let lambda = tp.patterns[k].links;
        if lambda <= 0.0 {
            continue;
        }
        let regions = |r: usize| if pat.global { 0..nr } else { r..r + 1 };
        // Outgoing links of every `from` partner.
        for &pi in plan.by_type_region[pat.from * nr..(pat.from + 1) * nr]
            .iter()
            .flatten()
        {
            let p = &plan.partners[pi as usize];
            let mut s = Stream::new(key(&[tkey, p.id, purpose::GRAPH_OUT, k as u64]));
            let want = s.poisson(lambda) as usize;
            sc.work.count_poisson(lambda);
            if want == 0 {
                continue;
            }
            let lists: Vec<&[u32]> = regions(p.region)
                .map(|r| {
                    let l = &plan.by_type_region[pat.to * nr + r];
                    &l[..l.partition_point(|&j| plan.partners[j as usize].arrival <= p.arrival)]
                })
                .collect();
            pick_distinct(&lists, want, pi, &mut s, &mut picks);
            for &t in &picks {
                g.add_edge(
                    NodeIndex::new(pi as usize),
                    NodeIndex::new(t as usize),
                    k as u16,
                );
            }
        }
        // Incoming links of every recruit on the `to` side.
        for &ti in plan.by_type_region[pat.to * nr..(pat.to + 1) * nr]
            .iter()
            .flatten()
        {
            let t = &plan.partners[ti as usize];
            if t.initial {
                continue;
            }
            let from_lists: Vec<&[u32]> = regions(t.region)
                .map(|r| {
                    let l = &plan.by_type_region[pat.from * nr + r];
                    &l[..l.partition_point(|&j| plan.partners[j as usize].arrival < t.arrival)]
                })
                .collect();
            let n_from: usize = from_lists.iter().map(|l| l.len()).sum();
            let n_to: usize = regions(t.region)
                .map(|r| {
                    plan.by_type_region[pat.to * nr + r]
                        .partition_point(|&j| plan.partners[j as usize].arrival <= t.arrival)
                })
                .sum();
            if n_from == 0 || n_to == 0 {
                continue;
            }
            let mut s = Stream::new(key(&[tkey, t.id, purpose::GRAPH_IN, k as u64]));
            let mean = lambda * n_from as f64 / n_to as f64;
            let want = s.poisson(mean) as usize;
            sc.work.count_poisson(mean);
            pick_distinct(&from_lists, want, ti, &mut s, &mut picks);
            for &f in &picks {
                g.add_edge(
                    NodeIndex::new(f as usize),
                    NodeIndex::new(ti as usize),
                    k as u16,
                );
            }
        }
    }
    sc.picks = picks;
    // Flatten by role. Edge indices follow insertion order, which numbers referral streams
    // stably across the runs of a trial.
    let (mut collab, mut referral, mut tier_in) = (Vec::new(), Vec::new(), Vec::new());
    for e in g.edge_references() {
        let (f, t, k) = (
            e.source().index() as u32,
            e.target().index() as u32,
            *e.weight(),
        );
        match link_kind(plan.model.patterns[k as usize].kind) {
            REFERRAL_LINK => referral.push((f, t, k)),
            TWO_TIER_LINK => tier_in.push((t, f, k)),
            _ => collab.push((f, t, k)),
        }
    }
    sc.collab = Csr::build(n, &mut collab);
    sc.referral = Csr::build(n, &mut referral);
    sc.tier_in = Csr::build(n, &mut tier_in);
}

/// The three kinds of link a pattern makes, by the list that holds them: referral, two-tier
/// service, deal collaboration.
pub(super) const REFERRAL_LINK: usize = 0;
pub(super) const TWO_TIER_LINK: usize = 1;
pub(super) const DEAL_LINK: usize = 2;

pub(super) fn link_kind(kind: PatternKind) -> usize {
    match kind {
        PatternKind::Referral => REFERRAL_LINK,
        PatternKind::TwoTier => TWO_TIER_LINK,
        _ => DEAL_LINK,
    }
}

/// Choose up to `want` distinct partners from the union of `lists`, never `me`.
pub(super) fn pick_distinct(
    lists: &[&[u32]],
    want: usize,
    me: u32,
    s: &mut Stream,
    out: &mut Vec<u32>,
) {
    out.clear();
    let total: usize = lists.iter().map(|l| l.len()).sum();
    let available = total - lists.iter().filter(|l| l.contains(&me)).count();
    if available == 0 {
        return;
    }
    let at = |mut i: usize| {
        for l in lists {
            if i < l.len() {
                return l[i];
            }
            i -= l.len();
        }
        unreachable!()
    };
    if want >= available {
        out.extend(
            lists
                .iter()
                .flat_map(|l| l.iter().copied())
                .filter(|&x| x != me),
        );
        return;
    }
    while out.len() < want {
        let c = at(s.below(total));
        if c != me && !out.contains(&c) {
            out.push(c);
        }
    }
}
