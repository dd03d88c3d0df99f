//! What a trial records: the layout of its row of values (headline KPIs, per-quarter series,
//! breakdowns by type, source, cell and pattern) and the work it did.

/// Offsets of the values a trial records, in one flat row per trial.
#[derive(Debug, Clone)]
pub struct Layout {
    pub quarters: usize,
    pub types: usize,
    pub cells: usize,
    pub patterns: usize,
    /// Programs the scenario runs (level above 0).
    pub programs: usize,
    /// Whether the model has partner economics and attraction (`network`): then every trial
    /// also records, per type, organic recruits, churn and partner earnings.
    pub network: bool,
}

/// Per-type network values over the horizon, in record order (network models).
pub const TYPE_NETWORK: [&str; 5] = [
    "organic_recruits",
    "unprofitable_churn",
    "earnings_p10",
    "earnings_p50",
    "earnings_p90",
];
/// Per-type network series by quarter, in record order (network models): organic recruits
/// arrived, partners churned (any reason), churned while unprofitable, organic partners active
/// at the quarter's end, and P10/P50/P90 of the earnings of the type's active partners.
pub const TYPE_NETWORK_Q: [&str; 7] = [
    "organic_recruits",
    "churned",
    "unprofitable_churn",
    "organic_active",
    "earnings_p10",
    "earnings_p50",
    "earnings_p90",
];

/// Headline KPIs, in record order.
pub const KPI_NAMES: [&str; 15] = [
    "total_revenue",
    "final_quarter_revenue",
    "coverage_final",
    "net_contribution",
    "inter_partner_revenue",
    "ecosystem_multiplier",
    "active_partners_final",
    "total_costs",
    "revenue_without_collaboration",
    "bookings",
    "arr_final",
    "net_revenue_retention",
    "net_inter_partner_value",
    "referrals_unserved",
    "collaboration_unserved",
];
pub const K_TOTAL: usize = 0;
pub const K_FINAL_Q: usize = 1;
pub const K_COVERAGE: usize = 2;
pub const K_NET: usize = 3;
pub const K_INTER: usize = 4;
pub const K_MULT: usize = 5;
pub const K_ACTIVE: usize = 6;
pub const K_COSTS: usize = 7;
pub const K_WITHOUT: usize = 8;
pub const K_BOOKINGS: usize = 9;
pub const K_ARR: usize = 10;
/// Net revenue retention: NaN in a trial where it is undefined (one-time revenue, a horizon
/// under five quarters, or no customer four quarters before the end).
pub const K_NRR: usize = 11;
pub const K_NET_INTER: usize = 12;
pub const K_UNSERVED: usize = 13;
/// Collaborative deals asked of receiving partners that had no capacity left.
pub const K_COLLAB_UNSERVED: usize = 14;

/// The per-trial KPI column a scenario's target is judged on.
pub fn target_column(metric: crate::model::TargetMetric) -> usize {
    use crate::model::TargetMetric;
    match metric {
        TargetMetric::TotalRevenue => K_TOTAL,
        TargetMetric::FinalQuarterRevenue => K_FINAL_Q,
        TargetMetric::CoverageFinal => K_COVERAGE,
        TargetMetric::NetContribution => K_NET,
    }
}
pub const N_KPI: usize = KPI_NAMES.len();

/// Per-quarter series, in record order.
pub const QUARTER_SERIES: [&str; 9] = [
    "revenue",
    "coverage",
    "net_contribution",
    "costs",
    "active_partners",
    "opportunities_lost_to_conflict",
    "bookings",
    "arr",
    "referrals_unserved",
];
pub const Q_REVENUE: usize = 0;
pub const Q_COVERAGE: usize = 1;
pub const Q_NET: usize = 2;
pub const Q_COSTS: usize = 3;
pub const Q_ACTIVE: usize = 4;
pub const Q_LOST: usize = 5;
pub const Q_BOOKINGS: usize = 6;
pub const Q_ARR: usize = 7;
pub const Q_UNSERVED: usize = 8;
/// Contribution sources, in record order.
pub const SOURCES: [&str; 4] = [
    "own_pipeline",
    "referral_sourced",
    "collaboration_influenced",
    "marketplace",
];

impl Layout {
    pub fn quarter(&self, series: usize, q: usize) -> usize {
        N_KPI + series * self.quarters + q
    }
    pub fn type_revenue(&self, t: usize) -> usize {
        N_KPI + QUARTER_SERIES.len() * self.quarters + t
    }
    pub fn type_active(&self, t: usize) -> usize {
        self.type_revenue(self.types) + t
    }
    pub fn source(&self, s: usize) -> usize {
        self.type_active(self.types) + s
    }
    pub fn cell_coverage(&self, c: usize) -> usize {
        self.source(SOURCES.len()) + c
    }
    pub fn cell_revenue(&self, c: usize) -> usize {
        self.cell_coverage(self.cells) + c
    }
    pub fn pattern(&self, i: usize) -> usize {
        self.cell_revenue(self.cells) + i
    }
    /// Revenue a program adds (the trial with it off, subtracted).
    pub fn program(&self, i: usize) -> usize {
        self.pattern(self.patterns) + i
    }
    /// What a program cost over the horizon.
    pub fn program_cost(&self, i: usize) -> usize {
        self.program(self.programs) + i
    }
    fn network_types(&self) -> usize {
        if self.network {
            self.types
        } else {
            0
        }
    }
    /// Per-type network value `m` of [`TYPE_NETWORK`] (network models only).
    pub fn type_network(&self, t: usize, m: usize) -> usize {
        self.program_cost(self.programs) + m * self.network_types() + t
    }
    fn totals_end(&self) -> usize {
        self.program_cost(self.programs) + TYPE_NETWORK.len() * self.network_types()
    }
    /// Per-quarter breakdowns follow the totals: type revenue, type active partners, source,
    /// cell revenue, cell coverage, pattern revenue added — each `quarters` values.
    fn per_quarter(&self, block: usize, i: usize, q: usize) -> usize {
        let nt = self.network_types();
        let sizes = [
            self.types,
            self.types,
            SOURCES.len(),
            self.cells,
            self.cells,
            self.patterns,
            self.programs,
            TYPE_NETWORK_Q.len() * nt,
        ];
        let before: usize = sizes[..block].iter().sum();
        self.totals_end() + (before + i) * self.quarters + q
    }
    pub fn type_revenue_q(&self, t: usize, q: usize) -> usize {
        self.per_quarter(0, t, q)
    }
    pub fn type_active_q(&self, t: usize, q: usize) -> usize {
        self.per_quarter(1, t, q)
    }
    pub fn source_q(&self, s: usize, q: usize) -> usize {
        self.per_quarter(2, s, q)
    }
    pub fn cell_revenue_q(&self, c: usize, q: usize) -> usize {
        self.per_quarter(3, c, q)
    }
    pub fn cell_coverage_q(&self, c: usize, q: usize) -> usize {
        self.per_quarter(4, c, q)
    }
    pub fn pattern_q(&self, i: usize, q: usize) -> usize {
        self.per_quarter(5, i, q)
    }
    pub fn program_q(&self, i: usize, q: usize) -> usize {
        self.per_quarter(6, i, q)
    }
    /// Per-type network series `m` of [`TYPE_NETWORK_Q`] in quarter `q` (network models only).
    pub fn type_network_q(&self, t: usize, m: usize, q: usize) -> usize {
        self.per_quarter(7, m * self.network_types() + t, q)
    }
    pub fn width(&self) -> usize {
        self.per_quarter(8, 0, 0)
    }
}

/// Work done by a trial, for the benchmark's random-draw floor.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Work {
    pub partner_quarters: u64,
    pub streams: u64,
    pub poisson_draws: u64,
    pub poisson_mean_sum: f64,
    pub opportunities: u64,
    pub deals: u64,
    /// Productivity draws (Gamma, one per partner instance with a spread) and their mean shape.
    pub gamma_draws: u64,
    pub gamma_shape_sum: f64,
}

impl Work {
    /// A stream of its own with one Poisson draw of mean `lambda`.
    pub(super) fn count_poisson(&mut self, lambda: f64) {
        self.streams += 1;
        self.poisson_draws += 1;
        self.poisson_mean_sum += lambda;
    }
    pub fn add(&mut self, o: &Work) {
        self.partner_quarters += o.partner_quarters;
        self.streams += o.streams;
        self.poisson_draws += o.poisson_draws;
        self.poisson_mean_sum += o.poisson_mean_sum;
        self.opportunities += o.opportunities;
        self.deals += o.deals;
        self.gamma_draws += o.gamma_draws;
        self.gamma_shape_sum += o.gamma_shape_sum;
    }
}
