//! The collaboration graph of a trial: sampled once with petgraph, then flattened by role.

use petgraph::graph::NodeIndex;
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
    /// Rebuild from `edges` (owner, other, pattern) for `n` partners, reusing the allocations:
    /// a counting sort by owner, stable, so links keep their insertion order within a partner.
    pub(super) fn rebuild(&mut self, n: usize, edges: &[(u32, u32, u16)]) {
        self.start.clear();
        self.start.resize(n + 2, 0);
        for e in edges {
            self.start[e.0 as usize + 2] += 1;
        }
        for i in 2..n + 2 {
            self.start[i] += self.start[i - 1];
        }
        // `start[p + 1]` is now where partner p's links begin; placing them moves it to their end.
        self.links.clear();
        self.links.resize(edges.len(), (0, 0));
        for e in edges {
            let at = &mut self.start[e.0 as usize + 1];
            self.links[*at as usize] = (e.1, e.2);
            *at += 1;
        }
        self.start.truncate(n + 1);
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
    let mut g = std::mem::take(&mut sc.graph);
    g.clear();
    for _ in 0..n {
        g.add_node(());
    }
    let mut picks = std::mem::take(&mut sc.picks);
    // The candidate lists of one partner (one per region it may link in), reused.
    let mut lists: Vec<&[u32]> = Vec::with_capacity(nr);
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
            lists.clear();
            lists.extend(regions(p.region).map(|r| {
                let l = &plan.by_type_region[pat.to * nr + r];
                &l[..l.partition_point(|&j| plan.partners[j as usize].arrival <= p.arrival)]
            }));
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
            lists.clear();
            lists.extend(regions(t.region).map(|r| {
                let l = &plan.by_type_region[pat.from * nr + r];
                &l[..l.partition_point(|&j| plan.partners[j as usize].arrival < t.arrival)]
            }));
            let n_from: usize = lists.iter().map(|l| l.len()).sum();
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
            pick_distinct(&lists, want, ti, &mut s, &mut picks);
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
    let mut edges = std::mem::take(&mut sc.edges);
    for e in edges.iter_mut() {
        e.clear();
    }
    for e in g.edge_references() {
        let (f, t, k) = (
            e.source().index() as u32,
            e.target().index() as u32,
            *e.weight(),
        );
        match link_kind(plan.model.patterns[k as usize].kind) {
            REFERRAL_LINK => edges[0].push((f, t, k)),
            TWO_TIER_LINK => edges[1].push((t, f, k)),
            _ => edges[2].push((f, t, k)),
        }
    }
    sc.referral.rebuild(n, &edges[0]);
    sc.tier_in.rebuild(n, &edges[1]);
    sc.collab.rebuild(n, &edges[2]);
    sc.edges = edges;
    sc.graph = g;
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
