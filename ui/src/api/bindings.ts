// Generated from the Rust types by `cargo xtask bindings` (src/bindings.rs). Do not edit.

/**
 * The "physics" of one vendor's market.
 */
export type MarketModelDoc = { schema_version: number, 
/**
 * Stable identifier that scenarios use to name this model.
 */
id: string, name: string, description?: string, 
/**
 * ISO currency code of every money amount in the model (e.g. "USD").
 */
currency: string, 
/**
 * How a won deal becomes revenue: `subscription` (the deal is annual contract value,
 * recognised a quarter at a time, renewed, expanded or churned) or `one_time` (the deal's
 * value is revenue in the quarter it is won, schema 1's meaning).
 */
revenue_recognition: RevenueRecognition, market: Market, partner_types: Array<PartnerTypeDoc>, patterns: Array<PatternDoc>, governance: GovernanceDoc, conflict: ConflictDoc, churn_drivers: ChurnDriversDoc, 
/**
 * The vendor's partner programs (enablement, market development funds, incentives): what
 * each costs per partner and what it does at saturation. A scenario sets their levels.
 */
programs?: Array<ProgramDoc>, 
/**
 * Partner economics and attraction: partners that stop earning leave, and an installed
 * base or profitable peers attract partners who were not recruited. Absent: neither.
 */
network?: NetworkDoc | null, 
/**
 * Where the numbers come from: free text per topic, kept with the model.
 */
sources?: { [key in string]: string }, };

export type Market = { segments: Array<SegmentDoc>, regions: Array<RegionDoc>, 
/**
 * Addressable accounts per cell: `accounts[segment][region]`.
 */
accounts: { [key in string]: { [key in string]: number } }, 
/**
 * Annual growth of addressable accounts (0.08 = +8 % a year).
 */
growth: Param, 
/**
 * Share of each cell that the vendor's direct sales team also works: `[segment][region]`.
 */
direct_presence: { [key in string]: { [key in string]: Param } }, 
/**
 * Share of a segment's accounts that buy through a marketplace (committed cloud spend):
 * `marketplace_buyers[marketplace partner type id][segment]`. A listing's own demand comes
 * from these buyers, shared between the listings of that marketplace in a cell. Every
 * partner type of kind `marketplace` needs an entry.
 */
marketplace_buyers?: { [key in string]: { [key in string]: Param } }, };

export type SegmentDoc = { id: string, name: string, 
/**
 * Deal value at list price: lognormal given its median and 90th percentile.
 */
deal_size: DealSizeDoc, 
/**
 * Probability per quarter that a worked prospect becomes a qualified opportunity.
 */
buy_rate: Param, 
/**
 * Subscription models: probability per quarter that a customer leaves (logo churn).
 */
customer_churn_per_quarter?: Param, 
/**
 * Subscription models: net growth of a retained customer's ARR per quarter (upsell minus
 * contraction; may be negative, between -0.5 and 0.5).
 */
expansion_per_quarter?: Param, };

export type DealSizeDoc = { median: Param, p90: Param, };

export type RegionDoc = { id: string, name: string, };

/**
 * The eight partner kinds of the studio, or a custom one.
 */
export type PartnerKind = "reseller" | "distributor" | "msp" | "system_integrator" | "technology_partner" | "isv" | "referral_partner" | "marketplace" | "custom";

export type PartnerTypeDoc = { id: string, name: string, kind: PartnerKind, reach: ReachDoc, 
/**
 * Accounts one fully productive partner works per quarter.
 */
capacity: Param, 
/**
 * Probability that a qualified opportunity is won.
 */
win_rate: Param, 
/**
 * Multiplier on the segment's deal size for deals this type closes.
 */
deal_size_factor: Param, revenue_model: RevenueModelDoc, 
/**
 * Quarters for a new partner to ramp linearly from 0 to full productivity.
 */
ramp_quarters: number, 
/**
 * Probability per quarter that a partner leaves the program.
 */
churn_per_quarter: Param, 
/**
 * Coefficient of variation of productivity between partners of the type (0 = all equal).
 */
productivity_cv: number, costs: PartnerCostsDoc, 
/**
 * Collaborative deals one partner can support per quarter on the receiving side of a
 * co-sell, joint implementation, integration or marketplace pattern (an SI's delivery
 * bench, an ISV's partner engineers). Required for a type on the receiving side of such a
 * pattern, except marketplaces, for which absent means unlimited.
 */
collaboration_capacity?: Param | null, };

export type ReachDoc = { 
/**
 * Segment ids the type sells to.
 */
segments: Array<string>, scope: ReachScope, };

export type ReachScope = "home_region" | "global";

/**
 * How the vendor earns on deals the partner type transacts.
 */
export type RevenueModelDoc = { "type": "resale", discount: Param, 
/**
 * Whether the discount also applies to renewals (default true: the partner resells the renewal).
 */
renewals?: boolean | null, } | { "type": "referral", fee: Param, 
/**
 * Whether the fee is also paid on renewals (default false: a referral fee is paid once).
 */
renewals?: boolean | null, } | { "type": "marketplace", fee: Param, 
/**
 * Whether renewals also transact through the marketplace (default true).
 */
renewals?: boolean | null, } | { "type": "influence" };

export type PartnerCostsDoc = { 
/**
 * One-off cost of recruiting and onboarding a partner.
 */
recruit: Param, 
/**
 * Program cost per partner per quarter: enablement, MDF, partner-manager time.
 */
per_quarter: Param, };

export type PatternKind = "referral" | "co_sell" | "joint_implementation" | "integration" | "two_tier" | "marketplace";

export type PatternScope = "same_region" | "global";

/**
 * An inter-partner collaboration pattern the vendor can facilitate.
 */
export type PatternDoc = { id: string, name: string, kind: PatternKind, 
/**
 * Partner type id on the giving side (refers, implements, distributes, lists).
 */
from: string, 
/**
 * Partner type id on the receiving side.
 */
to: string, 
/**
 * Mean number of `to` partners each `from` partner works with at intensity 1.
 */
links_per_partner: Param, scope: PatternScope, effects: EffectsDoc, 
/**
 * Facilitation cost per quarter at intensity 1.
 */
cost_per_quarter: Param, description?: string, };

/**
 * What a pattern does. Which fields apply depends on the pattern's kind; absent means 0.
 */
export type EffectsDoc = { 
/**
 * referral: opportunities passed per link per quarter at full ramp and productivity.
 */
referrals_per_link?: Param, 
/**
 * co_sell, joint_implementation, integration, marketplace: share of the `from` partner's
 * opportunities worked together with a linked partner.
 */
attach_rate?: Param, 
/**
 * Relative rise of the win rate on collaborative deals (0.2 = +20 %).
 */
win_uplift?: Param, 
/**
 * Relative rise of the deal size on collaborative deals.
 */
deal_size_uplift?: Param, 
/**
 * Share of a collaborative deal kept by the linked partner (marketplace fee, referral fee).
 */
fee?: Param, 
/**
 * two_tier: how much faster the downstream partner ramps (0.5 = 50 % faster).
 */
ramp_speedup?: Param, 
/**
 * two_tier: relative rise of the downstream partner's productivity.
 */
productivity_uplift?: Param, 
/**
 * two_tier: the distributor's margin, as a share of list, taken from the vendor's net.
 */
margin?: Param, 
/**
 * Subscription models: relative fall of customer churn on customers whose deal the pattern
 * touched (0.3 = 30 % less churn): integrations, joint implementations, managed services.
 */
retention_uplift?: Param, };

export type GovernanceDoc = { policies: Array<PolicyDoc>, };

/**
 * A rule of engagement the vendor may adopt.
 */
export type PolicyDoc = { id: string, name: string, description?: string, 
/**
 * Share of partner-vs-partner conflict the policy removes.
 */
partner_conflict_reduction: Param, 
/**
 * Share of direct-vs-partner conflict the policy removes.
 */
direct_conflict_reduction: Param, cost_per_quarter: Param, };

/**
 * Base rates of conflict on an opportunity.
 */
export type ConflictDoc = { 
/**
 * Probability of partner-vs-partner conflict when the cell is fully crowded by others.
 */
partner_overlap_rate: Param, 
/**
 * Probability of direct-vs-partner conflict where the direct team works the whole cell.
 */
direct_rate: Param, 
/**
 * Probability that a conflicted opportunity is lost.
 */
loss_share: Param, };

/**
 * What raises a partner's churn above its type's base rate.
 */
export type ChurnDriversDoc = { 
/**
 * Churn multiplier for a partner that has won nothing for two quarters.
 */
idle_multiplier: number, 
/**
 * Churn multiplier for a partner that lost an opportunity to conflict this quarter.
 */
conflict_multiplier: number, };

/**
 * What a partner program invests in.
 */
export type ProgramKind = "enablement" | "mdf" | "incentive";

/**
 * A program the vendor runs for one or more partner types (MODEL.md, "Programs and network
 * effects"). Its effect at level L is `max × L / (L + half_effect_level)`: every program has
 * diminishing returns, and costs `cost_per_partner_per_quarter × L` for each partner it reaches.
 */
export type ProgramDoc = { id: string, name: string, kind: ProgramKind, 
/**
 * Partner type ids the program is offered to.
 */
partner_types: Array<string>, 
/**
 * What one partner the program reaches costs per quarter at level 1.
 */
cost_per_partner_per_quarter: Param, 
/**
 * The level at which the program gives half its effect at saturation (above 0).
 */
half_effect_level: number, 
/**
 * Tiered programs: the share of each type's partners, the most productive first, that the
 * program reaches (1 = every partner).
 */
top_share?: number, 
/**
 * What the program does at saturation.
 */
effects: ProgramEffectsDoc, description?: string, };

/**
 * A program's effects at saturation on the partners it reaches; absent means 0.
 */
export type ProgramEffectsDoc = { 
/**
 * Relative rise of the partner's win rate (0.1 = +10 %).
 */
win_uplift?: Param, 
/**
 * Relative rise of the opportunities a partner finds in the accounts it works.
 */
buy_rate_uplift?: Param, 
/**
 * How much faster a new partner ramps (0.5 = 50 % faster).
 */
ramp_speedup?: Param, 
/**
 * Relative fall of the partner's churn (0.3 = 30 % less).
 */
churn_reduction?: Param, 
/**
 * incentive: extra share of list paid to the partner on its deals (a rebate), taken from
 * the vendor's net revenue.
 */
discount_change?: Param, };

/**
 * Partner economics and attraction (MODEL.md, "Programs and network effects").
 */
export type NetworkDoc = { 
/**
 * Churn multiplier for a partner whose earnings stayed below its type's
 * `min_earnings_per_quarter` for two quarters.
 */
unprofitable_multiplier: number, 
/**
 * Per partner type id: what it must earn to stay, and what attracts partners of it.
 */
partner_types: { [key in string]: TypeNetworkDoc }, };

/**
 * What drives organic recruits of a partner type.
 */
export type OrganicDriver = "installed_base" | "peer_earnings";

/**
 * Economics and attraction of one partner type.
 */
export type TypeNetworkDoc = { 
/**
 * Earnings per quarter (discounts and fees on deals it transacted or enabled) below which a
 * partner is unprofitable; 0: never.
 */
min_earnings_per_quarter: number, 
/**
 * Mean organic recruits per region per quarter when the driver is at its reference.
 */
organic_per_quarter: Param, driver: OrganicDriver, 
/**
 * The driver's value at which organic recruits arrive at `organic_per_quarter` (customers,
 * or money per partner per quarter).
 */
reference: number, 
/**
 * How strongly organic recruits follow the driver: mean × (driver ÷ reference)^elasticity
 * (0: a constant Poisson rate).
 */
elasticity: Param, 
/**
 * The most organic recruits per region per quarter, whatever the driver.
 */
organic_max_per_quarter: number, };

/**
 * One design decision, evaluated against one market model.
 */
export type ScenarioDoc = { schema_version: number, id: string, name: string, 
/**
 * The bet this design represents, in a paragraph.
 */
description?: string, 
/**
 * Id of the market model the scenario runs against.
 */
model: string, 
/**
 * The model itself, when the scenario was exported to be self-contained.
 */
embedded_model?: MarketModelDoc | null, 
/**
 * Partners at the start: `composition[partner_type][region]`.
 */
composition: { [key in string]: { [key in string]: number } }, 
/**
 * Whether the starting partners are fully ramped (true) or ramp like recruits (false).
 */
initial_ramped: boolean, 
/**
 * Partners added over the horizon.
 */
recruitment: Array<RecruitmentDoc>, 
/**
 * Enabled collaboration patterns by pattern id, with their intensity (0 switches off).
 */
patterns: { [key in string]: number }, 
/**
 * Ids of the governance policies adopted.
 */
governance: Array<string>, 
/**
 * Partner program levels by program id (0 or absent: the program is not run).
 */
programs?: { [key in string]: number }, horizon_quarters: number, simulation: SimulationDoc, target?: TargetDoc | null, 
/**
 * Rank correlations between uncertain inputs of the model (e.g. market growth and win
 * rates move together), imposed on the sampled values with the Iman–Conover method.
 */
correlations?: Array<CorrelationDoc>, };

/**
 * The rank (Spearman) correlation of two uncertain inputs, named by their document paths.
 */
export type CorrelationDoc = { 
/**
 * Path of an uncertain input, e.g. `market.growth`.
 */
a: string, 
/**
 * Path of another uncertain input, e.g. `partner_types[0].win_rate`.
 */
b: string, 
/**
 * Between −1 and 1.
 */
rank_correlation: number, };

/**
 * Partners of one type added in one region, each quarter of a range.
 */
export type RecruitmentDoc = { partner_type: string, region: string, 
/**
 * First quarter (1-based) in which partners are added.
 */
from_quarter: number, 
/**
 * Last quarter (inclusive); defaults to `from_quarter`.
 */
to_quarter?: number | null, 
/**
 * Partners added in each quarter of the range.
 */
per_quarter: number, };

export type Sampling = "monte_carlo" | "latin_hypercube";

export type SimulationDoc = { trials: number, seed: number, sampling: Sampling, };

/**
 * A goal the forecast is measured against, for P(target).
 */
export type TargetDoc = { metric: TargetMetric, 
/**
 * The value to reach or beat.
 */
value: number, };

export type TargetMetric = "total_revenue" | "final_quarter_revenue" | "coverage_final" | "net_contribution";

/**
 * How a won deal becomes revenue.
 */
export type RevenueRecognition = "subscription" | "one_time";

/**
 * A number, or a distribution of the number sampled once per trial.
 */
export type Param = number | Dist;

/**
 * The distributions people use to state an uncertain number.
 */
export type Dist = { "dist": "normal", mean: number, sd: number, } | { "dist": "lognormal", median: number, p90: number, } | { "dist": "beta", alpha: number, beta: number, } | { "dist": "triangular", min: number, mode: number, max: number, } | { "dist": "pert", min: number, mode: number, max: number, } | { "dist": "uniform", min: number, max: number, };

/**
 * One broken rule at one place in a document.
 */
export type Problem = { 
/**
 * Where, as `partner_types[2].win_rate.mean`.
 */
path: string, 
/**
 * What is wrong, as `must be between 0 and 1, got 1.4`.
 */
message: string, };

/**
 * The summary of one run.
 */
export type RunReport = { engine_version: string, scenario: DocRef, model: DocRef, seed: number, trials: number, sampling: Sampling, horizon_quarters: number, currency: string, 
/**
 * How the model turns deals into revenue (runs from before schema 2 are one-time).
 */
revenue_recognition: RevenueRecognition, target?: TargetInfo | null, kpis: Kpis, by_quarter: Array<QuarterRow>, by_partner_type: Array<TypeRow>, by_source: Array<SourceRow>, by_cell: Array<CellRow>, by_pattern: Array<PatternRow>, 
/**
 * Partner programs the scenario runs (level above 0), measured over `by_pattern_trials`.
 */
by_program?: Array<ProgramRow>, 
/**
 * Whether the run measured the counterfactual without collaboration (inter-partner
 * revenue and the ecosystem multiplier are 0 and 1 when it did not).
 */
collaboration_measured: boolean, 
/**
 * Trials over which `by_pattern` was measured (the first ones of the run).
 */
by_pattern_trials: number, total_revenue_distribution: Distribution, 
/**
 * Wall-clock seconds the run took.
 */
wall_seconds: number, 
/**
 * Uncertain inputs sampled per trial, by document path.
 */
uncertain_inputs: Array<string>, 
/**
 * Running mean of total revenue and its standard error as trials accumulated.
 */
convergence: Array<ConvergencePoint>, 
/**
 * The relative standard error the run stopped at, when it ran to a precision target.
 */
precision_target?: number | null, };

export type DocRef = { id: string, name: string, };

/**
 * Headline KPIs over the horizon.
 */
export type Kpis = { 
/**
 * Vendor net revenue over the horizon.
 */
total_revenue: Summary, 
/**
 * Net revenue in the last quarter (the run rate the ecosystem exits with).
 */
final_quarter_revenue: Summary, 
/**
 * Account-weighted share of the market worked in the last quarter.
 */
coverage_final: Summary, 
/**
 * Net revenue minus recruitment, program, pattern and policy costs.
 */
net_contribution: Summary, 
/**
 * Revenue that exists only because partners collaborate.
 */
inter_partner_revenue: Summary, 
/**
 * Mean total revenue ÷ mean revenue with every pattern off (a ratio of means); null when
 * collaboration was not measured or revenue without it is 0.
 */
ecosystem_multiplier: number | null, active_partners_final: Summary, total_costs: Summary, revenue_without_collaboration: Summary, 
/**
 * New annual contract value won over the horizon, net of partners' discounts and fees.
 */
bookings: Summary, 
/**
 * Annual recurring revenue at the end of the horizon (subscription models; 0 for one-time).
 */
arr_final: Summary, 
/**
 * ARR at the end of the customers who were customers four quarters before, ÷ their ARR
 * then (list prices): null where undefined (one-time revenue, a horizon under 5 quarters).
 */
net_revenue_retention?: Summary | null, 
/**
 * Inter-partner revenue minus what collaboration costs: the patterns' costs and those of
 * partner types that transact nothing themselves.
 */
net_inter_partner_value: Summary, 
/**
 * Referred opportunities lost because the receiving partner had no spare capacity.
 */
referrals_unserved: Summary, 
/**
 * Collaborative deals asked of receiving partners (co-sell, joint implementation,
 * integration) that had no collaboration capacity left.
 */
collaboration_unserved: Summary, 
/**
 * Share of trials that meet the target (a summary of the 0/1 outcome: `mean` is P).
 */
probability_of_target?: Summary | null, };

export type QuarterRow = { 
/**
 * 1-based quarter.
 */
quarter: number, revenue: Summary, coverage: Summary, net_contribution: Summary, costs: Summary, active_partners: Summary, opportunities_lost_to_conflict: Summary, 
/**
 * New ACV won in the quarter (net).
 */
bookings: Summary, 
/**
 * ARR at the end of the quarter.
 */
arr: Summary, referrals_unserved: Summary, };

export type TypeRow = { partner_type: string, name: string, kind: PartnerKind, 
/**
 * Net revenue on deals the type transacted.
 */
revenue: Summary, 
/**
 * Mean revenue of the type ÷ mean total revenue.
 */
share_of_revenue: number, active_partners_final: Summary, 
/**
 * Recognised revenue of the type's deals in each quarter.
 */
revenue_by_quarter: Array<Summary>, 
/**
 * Active partners of the type at the end of each quarter.
 */
active_partners_by_quarter: Array<Summary>, 
/**
 * Partner economics and attraction (models with `network`).
 */
network?: TypeNetworkRow | null, };

/**
 * What a partner type's partners earn, how many leave unprofitable and how many arrive by
 * themselves (models with `network`). Earnings are a partner's discounts, fees and margins on
 * the deals it transacted or enabled, per quarter, as the vendor recognises those deals.
 */
export type TypeNetworkRow = { 
/**
 * Organic recruits over the horizon (partners nobody recruited).
 */
organic_recruits: Summary, 
/**
 * Partners that left while unprofitable, over the horizon.
 */
unprofitable_churn: Summary, 
/**
 * P10, P50 and P90 of the type's partners' quarterly earnings over the horizon (each a
 * summary over trials).
 */
earnings_p10: Summary, earnings_p50: Summary, earnings_p90: Summary, organic_recruits_by_quarter: Array<Summary>, 
/**
 * Partners of the type that left in each quarter, for any reason.
 */
churned_by_quarter: Array<Summary>, unprofitable_churn_by_quarter: Array<Summary>, 
/**
 * Organic partners active at the end of each quarter (the rest of the type's active
 * partners were planned).
 */
organic_active_by_quarter: Array<Summary>, earnings_p10_by_quarter: Array<Summary>, earnings_p50_by_quarter: Array<Summary>, earnings_p90_by_quarter: Array<Summary>, };

/**
 * Where a won deal came from: the three sources revenue is split by.
 */
export type RevenueSource = "own_pipeline" | "referral_sourced" | "collaboration_influenced" | "marketplace";

export type SourceRow = { source: RevenueSource, revenue: Summary, share_of_revenue: number, revenue_by_quarter: Array<Summary>, };

export type CellRow = { segment: string, region: string, 
/**
 * Addressable accounts at the start.
 */
accounts: number, coverage_final: Summary, revenue: Summary, revenue_by_quarter: Array<Summary>, coverage_by_quarter: Array<Summary>, };

export type PatternRow = { pattern: string, name: string, kind: PatternKind, from: string, to: string, intensity: number, 
/**
 * Total revenue minus the revenue of the same trial with this pattern off.
 */
revenue_added: Summary, revenue_added_by_quarter: Array<Summary>, };

/**
 * A partner program the scenario runs: what it cost and what it added.
 */
export type ProgramRow = { program: string, name: string, kind: ProgramKind, level: number, 
/**
 * Partner type ids the program is offered to.
 */
partner_types: Array<string>, 
/**
 * The program's cost over the horizon.
 */
cost: Summary, 
/**
 * Total revenue minus the revenue of the same trial with this program off.
 */
revenue_added: Summary, revenue_added_by_quarter: Array<Summary>, 
/**
 * (Mean revenue added − mean cost) ÷ mean cost; null when the program cost nothing.
 */
roi: number | null, };

/**
 * The distribution of total revenue, for histogram and S-curve charts.
 */
export type Distribution = { histogram: Histogram, 
/**
 * Percentiles 1..=99 of total revenue (the S-curve).
 */
percentiles: Array<number>, };

export type TargetInfo = { metric: TargetMetric, value: number, };

/**
 * The statistics of one KPI over trials.
 */
export type Summary = { mean: number, std_dev: number, 
/**
 * Standard error of the mean: std_dev / √trials.
 */
std_error: number, min: number, max: number, p5: number, p10: number, p25: number, p50: number, p75: number, p90: number, p95: number, };

/**
 * A histogram of values for charts: equal-width bins between min and max.
 */
export type Histogram = { 
/**
 * Lower edge of each bin, then the upper edge of the last (bins + 1 edges).
 */
edges: Array<number>, counts: Array<number>, };

/**
 * Mean total revenue and its standard error after `trials` trials: the convergence chart.
 */
export type ConvergencePoint = { trials: number, mean: number, std_error: number, };

export type CompareReport = { engine_version: string, model: DocRef, seed: number, trials: number, sampling: Sampling, 
/**
 * Each scenario's own forecast, in the order given.
 */
reports: Array<RunReport>, 
/**
 * Every scenario after the first against the first.
 */
pairings: Array<Pairing>, 
/**
 * Wall-clock seconds the analysis took, on the machine that ran it.
 */
wall_seconds: number, };

/**
 * One design against the baseline (the first scenario).
 */
export type Pairing = { a: DocRef, b: DocRef, differences: Array<PairedDifference>, };

/**
 * B − A for one KPI, over paired trials.
 */
export type PairedDifference = { kpi: string, 
/**
 * Summary of B − A per trial (mean, P10–P90, …).
 */
difference: Summary, 
/**
 * Share of trials in which B is strictly better than A.
 */
probability_b_beats_a: number, 
/**
 * Share of trials in which they are exactly equal.
 */
probability_tie: number, };

export type TornadoReport = { kpi: string, 
/**
 * The KPI's mean with every input at its median.
 */
base: number, trials_per_point: number, 
/**
 * Largest swing first.
 */
bars: Array<TornadoBar>, 
/**
 * Wall-clock seconds the analysis took, on the machine that ran it.
 */
wall_seconds: number, };

/**
 * One input of the tornado: the KPI's mean with the input at its P10 and at its P90.
 */
export type TornadoBar = { 
/**
 * Document path of the input, e.g. `partner_types[0].win_rate`.
 */
input: string, value_low: number, value_high: number, kpi_low: number, kpi_high: number, 
/**
 * |kpi_high − kpi_low|.
 */
swing: number, };

export type SobolReport = { kpi: string, 
/**
 * Rows of each Saltelli matrix.
 */
base_samples: number, 
/**
 * Engine trials in all: base_samples × (inputs + 3).
 */
evaluations: number, variance: number, 
/**
 * Largest total index first.
 */
indices: Array<SobolIndex>, 
/**
 * Wall-clock seconds the analysis took, on the machine that ran it.
 */
wall_seconds: number, };

export type SobolIndex = { input: string, first_order: number, 
/**
 * 95 % bootstrap interval.
 */
first_order_ci: [number, number], total: number, total_ci: [number, number], };

export type ShapleyReport = { scenario: string, trials_per_coalition: number, 
/**
 * Coalitions simulated.
 */
coalitions: number, 
/**
 * Whether every coalition was simulated (else orders were sampled).
 */
exact: boolean, 
/**
 * Mean total revenue and coverage of the full scenario.
 */
total_revenue: number, coverage: number, 
/**
 * Largest Shapley revenue first.
 */
rows: Array<ShapleyRow>, 
/**
 * Wall-clock seconds the analysis took, on the machine that ran it.
 */
wall_seconds: number, };

export type ShapleyRow = { partner_type: string, name: string, 
/**
 * Average marginal contribution to mean total revenue.
 */
revenue: number, 
/**
 * Average marginal contribution to final-quarter market coverage.
 */
coverage: number, 
/**
 * Mean revenue the type's partners transact themselves in the full scenario.
 */
transacted_revenue: number, 
/**
 * Shares of the full scenario's revenue: by Shapley value and by transaction.
 */
revenue_share: number, transacted_share: number, };

export type OptimizeRequest = { 
/**
 * Most the design may cost over the horizon (mean total cost).
 */
budget: number, objective: Objective, 
/**
 * Bounds per type and region; cells not listed may range from 0 to twice the scenario's
 * count plus 10.
 */
bounds: Array<Bound>, 
/**
 * Whether pattern intensities are searched too (0 to 2 in steps of 0.5).
 */
patterns: boolean, 
/**
 * Whether the starting composition is searched (false: the scenario's partners stay).
 */
composition: boolean, 
/**
 * Whether partner program levels are searched too (0 to 4 in steps of 0.25).
 */
programs: boolean, 
/**
 * Most the programs may cost over the horizon (mean), besides the total budget.
 */
program_budget?: number | null, 
/**
 * Trials per candidate during the search.
 */
trials: number, 
/**
 * Trials of the final re-evaluation on fresh seeds.
 */
final_trials: number, seed: number, 
/**
 * Most candidates simulated.
 */
max_evaluations: number, };

export type OptimizeReport = { objective: Objective, budget: number, 
/**
 * Designs simulated (raced: most on a share of the trials).
 */
evaluations: number, 
/**
 * Designs no cheaper design beats, cheapest first (search seeds and trials).
 */
frontier: Array<Evaluated>, 
/**
 * The scenario as it was, and the recommendation (the start itself when no design beat it
 * on fresh seeds), during the search.
 */
start: Evaluated, best: Evaluated, 
/**
 * Both re-evaluated on fresh seeds with `final_trials` trials.
 */
start_fresh: Evaluated, best_fresh: Evaluated, 
/**
 * The recommended design as a scenario (same id and name as the original: rename to save).
 */
recommended: ScenarioDoc, 
/**
 * What holds the recommendation where it is: the budget, a bound, the search's intensity
 * limit, a receiver's capacity, a saturated cell. A pattern at its intensity limit always
 * comes with the constraint that keeps more of it from paying (or the limit itself).
 */
binding: Array<Binding>, 
/**
 * Wall-clock seconds the analysis took, on the machine that ran it.
 */
wall_seconds: number, };

export type Objective = "p50_revenue" | "p10_revenue" | "expected_net_contribution" | "coverage";

/**
 * Allowed partners of one type in one region.
 */
export type Bound = { partner_type: string, region: string, min: number, max: number, };

/**
 * A point of the search: a design's mean cost and objective.
 */
export type Evaluated = { cost: number, objective: number, 
/**
 * Mean cost of the design's partner programs over the horizon.
 */
program_cost: number, };

/**
 * One binding constraint, in words.
 */
export type Binding = { kind: BindingKind, detail: string, };

/**
 * Kinds of constraint that can bind a recommendation.
 */
export type BindingKind = "budget" | "bound" | "intensity_limit" | "receiver_capacity" | "saturated_cell";

export type SpiderReport = { kpi: string, 
/**
 * The KPI's mean with every input at its median.
 */
base: number, trials_per_point: number, percentiles: Array<number>, 
/**
 * Widest range first; at most the `top` asked for.
 */
lines: Array<SpiderLine>, wall_seconds: number, };

/**
 * One input of a spider chart: the KPI's mean with the input at each of
 * [`SPIDER_PERCENTILES`] and every other input at its median.
 */
export type SpiderLine = { input: string, label: string, 
/**
 * The input's value at each percentile.
 */
values: Array<number>, 
/**
 * The KPI's mean at each percentile.
 */
kpi: Array<number>, 
/**
 * Highest minus lowest of `kpi`.
 */
range: number, };

/**
 * `statistic(kpi) >= value` (or `<=` when `at_least` is false).
 */
export type Goal = { 
/**
 * One of the sensitivity KPIs: total_revenue, final_quarter_revenue, coverage_final,
 * net_contribution, inter_partner_revenue, ecosystem_multiplier.
 */
kpi: string, statistic: Statistic, at_least: boolean, value: number, };

/**
 * The statistic of a KPI's distribution over trials that a goal constrains.
 */
export type Statistic = { "kind": "probability", threshold: number, above: boolean, } | { "kind": "percentile", p: number, } | { "kind": "mean" };

/**
 * The one thing the solver may change.
 */
export type Lever = { "kind": "partners", partner_type: string, region: string | null, } | { "kind": "recruitment", partner_type: string, region: string | null, } | { "kind": "pattern", pattern: string, } | { "kind": "program", program: string, } | { "kind": "policy", policy: string, };

/**
 * How the search ended.
 */
export type SolveOutcome = "solved" | "already_met" | "not_reachable";

/**
 * Which side of the answer meets the goal.
 */
export type Side = "at_least" | "at_most";

/**
 * One lever value simulated.
 */
export type SolvePoint = { value: number, 
/**
 * The goal's statistic at this value.
 */
statistic: number, 
/**
 * Its standard error (the dice alone).
 */
noise: number, meets: boolean, 
/**
 * Mean of the goal's KPI.
 */
kpi_mean: number, };

export type SolveReport = { lever: Lever, lever_label: string, goal: Goal, goal_text: string, range: [number, number], 
/**
 * Whether the lever takes whole values.
 */
integer: boolean, 
/**
 * The lever's value in the scenario as it is, and whether that meets the goal.
 */
current: number, current_meets: boolean | null, outcome: SolveOutcome, side: Side, 
/**
 * The least lever value that meets the goal (the most, for [`Side::AtMost`]).
 */
answer: number | null, 
/**
 * 5th–95th percentile of the answer over bootstrap resamples of the trials.
 */
interval: [number, number] | null, 
/**
 * Share of bootstrap resamples in which no value of the range meets the goal.
 */
unreachable_share: number, 
/**
 * Whether the goal's statistic moves one way across the values simulated (within their noise).
 */
monotone: boolean, 
/**
 * Where it does not: the values between which it turns.
 */
monotone_note?: string | null, 
/**
 * Share of trials whose KPI moved against the overall trend between neighbouring values.
 */
trials_against_trend: number, 
/**
 * Every value simulated, in lever order.
 */
points: Array<SolvePoint>, trials: number, seed: number, 
/**
 * The scenario with the lever at the answer (same id and name: rename to save).
 */
solved?: ScenarioDoc | null, wall_seconds: number, };

/**
 * Which end of the KPI's distribution.
 */
export type Tail = "bottom" | "top";

export type DriversReport = { kpi: string, tail: Tail, share: number, trials: number, tail_trials: number, seed: number, 
/**
 * The KPI value that bounds the tail (its P10 for the bottom decile).
 */
threshold: number, kpi_mean_all: number, kpi_mean_tail: number, 
/**
 * Largest |shift| first.
 */
inputs: Array<DriverInput>, 
/**
 * Largest shortfall (most negative change) first, within each breakdown.
 */
shortfalls: Array<Shortfall>, wall_seconds: number, };

/**
 * One uncertain input in the tail.
 */
export type DriverInput = { 
/**
 * Document path of the input.
 */
input: string, label: string, median_all: number, median_tail: number, 
/**
 * (median_tail − median_all) / the input's standard deviation over all trials.
 */
shift: number, 
/**
 * How far a random subset of trials of the tail's size shifts by chance: the spread of
 * its shift times the normal score that keeps the chance of any input of the model
 * crossing it to [`FAMILY_ERROR`]. Shifts within it are noise.
 */
noise: number, beyond_noise: boolean, };

/**
 * What kind of breakdown a shortfall is of.
 */
export type Breakdown = "partner_type" | "source" | "pattern";

/**
 * One partner type, revenue source or pattern: its mean over all trials and over the tail's.
 */
export type Shortfall = { breakdown: Breakdown, id: string, name: string, mean_all: number, mean_tail: number, 
/**
 * mean_tail − mean_all (negative: it falls short in those futures).
 */
change: number, 
/**
 * change ÷ mean_all (0 where mean_all is 0).
 */
relative_change: number, };

/**
 * One input held within a percentile range of its distribution.
 */
export type StressInput = { 
/**
 * Document path of an uncertain input, e.g. `partner_types[0].win_rate`.
 */
input: string, 
/**
 * Lowest and highest percentile, as shares: [0, 0.1] is the bottom decile.
 */
range: [number, number], };

/**
 * The forecast under one stress (one input, or all together).
 */
export type StressCase = { 
/**
 * The inputs held, with their ranges.
 */
inputs: Array<StressInput>, 
/**
 * Readable names of the inputs held.
 */
label: string, 
/**
 * The inputs' values at the ends of their ranges, in the same order.
 */
values: Array<[number, number]>, summary: Summary, 
/**
 * Stressed − base, trial by trial.
 */
difference: Summary, 
/**
 * Share of trials meeting the scenario's target under the stress (with a target).
 */
target_probability?: number | null, };

export type StressReport = { kpi: string, trials: number, seed: number, base: Summary, base_target_probability?: number | null, 
/**
 * Each input alone, in the order asked, then (with more than one) all together.
 */
cases: Array<StressCase>, wall_seconds: number, };

export type VoiReport = { kpi: string, trials: number, seed: number, designs: Array<VoiDesign>, 
/**
 * The design chosen on what is known now: the highest mean payoff.
 */
chosen: number, 
/**
 * Expected value of perfect information (knowing each future before choosing).
 */
evpi: number, 
/**
 * Largest EVPPI first.
 */
inputs: Array<InputValue>, wall_seconds: number, };

/**
 * One design's payoff.
 */
export type VoiDesign = { scenario: DocRef, mean: number, 
/**
 * Share of trials in which this design pays most (ties shared).
 */
probability_best: number, };

/**
 * The value of knowing one input before choosing.
 */
export type InputValue = { input: string, label: string, evppi: number, 
/**
 * 5th–95th percentile of the estimate over bootstrap resamples of the trials.
 */
interval: [number, number], 
/**
 * What the estimate reaches with the input shuffled across trials (no information): the
 * shuffles' mean plus the normal score that keeps the chance of any input crossing it to
 * [`FAMILY_ERROR`] times their spread, and at least their 95th percentile.
 */
noise: number, 
/**
 * Whether even the interval's low end clears the noise: worth finding out.
 */
beyond_noise: boolean, 
/**
 * Which design each tenth of the input's range favours (index into `designs`), from the
 * fitted payoffs: where the choice would switch if the input were known.
 */
best_by_decile: Array<number>, };

/**
 * A scenario as lists and the library show it.
 */
export type ScenarioInfo = { id: number, 
/**
 * The document id: stable, unique, used on the command line.
 */
slug: string, name: string, description: string, model_slug: string, model_name: string, version: number, created_at: string, updated_at: string, deleted_at: string | null, 
/**
 * The latest completed run, if any.
 */
last_run: RunInfo | null, };

/**
 * One saved version of a scenario.
 */
export type VersionInfo = { version: number, note: string, created_at: string, runs: number, };

export type ModelInfo = { id: number, slug: string, name: string, version: number, updated_at: string, deleted: boolean, scenarios: number, };

/**
 * A run as lists show it, with its headline figures once completed.
 */
export type RunInfo = { id: number, scenario_id: number, scenario_slug: string, scenario_name: string, scenario_version: number, model_version: number, engine_version: string, seed: number, trials: number, sampling: string, status: RunStatus, error: string | null, started_at: string, finished_at: string | null, wall_seconds: number | null, total_revenue_p10: number | null, total_revenue_p50: number | null, total_revenue_p90: number | null, coverage_final_p50: number | null, 
/**
 * The currency of the run's money figures (its model's).
 */
currency: string, };

/**
 * Where a run stands. Stored as its snake_case name; the UI receives the same union.
 */
export type RunStatus = "running" | "completed" | "cancelled" | "failed";

/**
 * What importing a file did.
 */
export type Imported = { "Model": { slug: string, version: number, unchanged: boolean, } } | { "Scenario": { slug: string, version: number, unchanged: boolean, model: string, } };

/**
 * An error as the UI shows it: a sentence, and the document problems by path when the cause
 * was an invalid document (so the editor can mark each field).
 */
export type AppError = { kind: ErrorKind, message: string, problems: Array<Problem>, };

/**
 * What kind of failure an [`AppError`] is: what the UI does about it depends on it (a
 * `cancelled` preview is ignored, `invalid` marks the fields by path).
 */
export type ErrorKind = "invalid" | "not_found" | "cancelled" | "database" | "failed";

/**
 * A shipped scenario offered as the start of a new one.
 */
export type Template = { id: string, name: string, description: string, };

/**
 * A scenario opened in the designer: its latest version and the model it runs against.
 */
export type ScenarioDetail = { info: ScenarioInfo, version: number, doc: ScenarioDoc, model: MarketModelDoc, 
/**
 * Paths of the model's uncertain inputs (`partner_types[0].win_rate`, …), in the model's
 * order: what a scenario's correlations may name.
 */
uncertain_inputs: Array<string>, };

/**
 * The headline of a quick run while a person edits: an estimate as trials finish (after about
 * 100, within 100 ms even for thousands of partners), then the final figure.
 */
export type Preview = { 
/**
 * Trials behind these figures so far.
 */
trials: number, 
/**
 * Trials the preview runs in all: `trials < of_trials` is an estimate still being refined.
 */
of_trials: number, currency: string, horizon_quarters: number, kpis: Kpis, wall_seconds: number, };

/**
 * What a person sets in the run dialog; unset fields keep the scenario's own.
 */
export type RunRequest = { trials: number | null, seed: number | null, sampling: Sampling | null, 
/**
 * A new horizon is saved as a new version of the scenario before the run.
 */
horizon_quarters: number | null, 
/**
 * Run until the standard error of mean total revenue is below this share of the mean;
 * `trials` is then the most to run.
 */
precision: number | null, };

/**
 * Events of a run, streamed to the UI.
 */
export type RunEvent = { "event": "started", run_id: number, total: number, } | { "event": "progress", run_id: number, done: number, total: number, 
/**
 * Trials per second so far.
 */
rate: number, elapsed_seconds: number, remaining_seconds: number, } | { "event": "finished", run_id: number, wall_seconds: number, } | { "event": "cancelled", run_id: number, } | { "event": "failed", run_id: number, message: string, };

/**
 * The database could not be opened: what the app shows before anything else.
 */
export type DbProblem = { path: string, message: string, 
/**
 * Whether moving the file aside and starting fresh is the way out.
 */
can_start_fresh: boolean, };

/**
 * Which database the app has open, or why it could not open one.
 */
export type DbStatus = { path: string, problem: DbProblem | null, 
/**
 * Messages to show once, as the studio opens (see [`Studio::take_notices`]).
 */
notices: Array<string>, };

/**
 * Progress of an analysis (compare, sensitivity, attribution, optimisation), streamed to the UI.
 */
export type AnalysisEvent = { "event": "started", job_id: number, } | { "event": "progress", job_id: number, 
/**
 * Trials (or, for an optimisation, designs) done and in all.
 */
done: number, total: number, elapsed_seconds: number, remaining_seconds: number, };

/**
 * A chart's words: its id (a run's `fan`, `arr-fan`, `type-area`, `bookings`, `distribution`,
 * `by-partner-type`, `by-source`, `coverage`, `by-pattern`, `by-program`,
 * `partners-over-time`, `earnings`; an analysis's `compare-fan`, `compare-s-curve`,
 * `tornado`, `spider`, `sobol`, `attribution`), title and caption.
 */
export type ChartWords = { id: string, title: string, caption: string, };

/**
 * An analysis's report with the titles and captions of the charts the app draws from it, in
 * the report crate's words (`ecosim_report::charts`): a screen writes none of its own, and a
 * report drawing the same chart prints the same sentence.
 */
export type Charted<R> = { report: R, charts: Array<ChartWords>, };

/**
 * The file formats a report can be written as.
 */
export type ReportFormat = "pdf" | "html" | "csv" | "xlsx";

/**
 * A source file the web UI read (a file input): its name and its bytes in base64.
 */
export type Upload = { name: string, base64: string, };

/**
 * One sheet of a source file as the mapping step shows it: which table it looks like, its
 * header, its first rows, and the mapping that would read it (remembered from the last import
 * of a file with this header, else the preset's).
 */
export type SheetPreview = { 
/**
 * The file, and for a workbook the worksheet: `history.xlsx [deals]`.
 */
sheet: string, 
/**
 * The table it holds, when its header tells.
 */
table: Table | null, header: Array<string>, 
/**
 * The first rows (at most [`PREVIEW_ROWS`]), and how many there are.
 */
rows: Array<Array<string>>, total_rows: number, 
/**
 * The canonical fields of the table with whether each is required, for the mapping step.
 */
fields: Array<[string, boolean]>, mapping: Mapping, 
/**
 * Whether `mapping` is the one remembered for this header.
 */
remembered: boolean, 
/**
 * The key it is remembered under (the table and the header).
 */
signature: string, };

/**
 * The canonical tables.
 */
export type Table = "partners" | "deals" | "renewals" | "accounts";

/**
 * How a source's columns map onto one table's canonical fields: field → column header.
 */
export type Mapping = { columns: { [key in string]: string }, 
/**
 * Date format of the source: `iso` (YYYY-MM-DD, also with a time) or `us` (M/D/YYYY).
 */
dates: DateFormat, };

export type DateFormat = "iso" | "us";

/**
 * A stored dataset of actuals, as lists show it.
 */
export type DatasetInfo = { id: number, name: string, 
/**
 * Slug of the base model its types, segments and regions were checked against.
 */
model_slug: string, partners: number, deals: number, currency: string, 
/**
 * The source files: `[{"file", "sha256", "table", "rows"}]`.
 */
sources: unknown, created_at: string, };

export type Analytics = { currency: string, 
/**
 * First and last day with a deal created or closed.
 */
from: string, to: string, partners: number, deals: number, won_amount: number, by_type: Array<TypeActuals>, by_source: Array<SourceActuals>, referrals: Array<ReferralFlow>, collaboration: Collaboration, by_quarter: Array<QuarterActuals>, network: ReferralNetwork, concentration: Concentration, time_to_first_deal: Array<TimeToFirstDeal>, 
/**
 * By the quarter the partners joined, oldest first.
 */
cohorts: Array<Cohort>, 
/**
 * The base model's name for each partner type id the history uses (empty until
 * [`Analytics::named`]).
 */
type_names: { [key in string]: string }, };

/**
 * One partner type's record.
 */
export type TypeActuals = { partner_type: string, 
/**
 * Partners of the type in the history, and those that had not left at its end.
 */
partners: number, active_partners: number, deals: number, won: number, lost: number, 
/**
 * Won ÷ (won + lost); None without closed deals.
 */
win_rate: number | null, 
/**
 * Sum of won deals' amounts (ACV).
 */
won_amount: number, share_of_won: number, 
/**
 * Mean won amount; None without wins.
 */
average_won: number | null, open_pipeline: number, };

/**
 * Won revenue by source.
 */
export type SourceActuals = { source: DealSource, deals: number, won_amount: number, share_of_won: number, };

/**
 * Where a deal came from.
 */
export type DealSource = "own" | "referral" | "co_sell" | "marketplace";

/**
 * Referrals from one partner type to another.
 */
export type ReferralFlow = { from_type: string, to_type: string, referrals: number, won: number, win_rate: number | null, won_amount: number, };

/**
 * Deals worked together against deals worked alone.
 */
export type Collaboration = { deals_together: number, win_rate_together: number | null, average_won_together: number | null, deals_alone: number, win_rate_alone: number | null, average_won_alone: number | null, open_pipeline_together: number, };

/**
 * One quarter of the history: ACV won (by the quarter it closed in) and pipeline created (by
 * the quarter it was created in).
 */
export type QuarterActuals = { 
/**
 * 2025-Q3.
 */
quarter: string, won_amount: number, won_by_type: { [key in string]: number }, 
/**
 * ACV of the deals created in the quarter, whatever became of them, by partner type.
 */
pipeline_by_type: { [key in string]: number }, 
/**
 * ACV won on deals the partner brought (its own and referred ones), on deals another
 * partner worked too (co-sell, collaborators), and through a marketplace.
 */
won_sourced: number, won_influenced: number, won_marketplace: number, 
/**
 * ACV of the deals created in the quarter that more than one partner worked.
 */
collaborative_pipeline: number, 
/**
 * Referred deals created in the quarter.
 */
referrals: number, };

/**
 * Who refers to whom.
 */
export type ReferralNetwork = { partners: Array<NetworkPartner>, edges: Array<ReferralEdge>, };

/**
 * A partner of the referral network (one that referred or received a referral).
 */
export type NetworkPartner = { id: string, name: string, partner_type: string, referred: number, received: number, };

/**
 * Referrals from one partner to another, in the actual referral network.
 */
export type ReferralEdge = { 
/**
 * Partner ids.
 */
from: string, to: string, referrals: number, won: number, 
/**
 * Won ÷ closed among the referred deals; None while none has closed.
 */
win_rate: number | null, won_amount: number, };

/**
 * How concentrated won ACV is across partners (every partner of the history counts, those
 * that won nothing included).
 */
export type Concentration = { 
/**
 * The Lorenz curve: (share of partners, share of won ACV they hold), partners from the
 * smallest to the largest, from (0, 0) to (1, 1).
 */
lorenz: Array<[number, number]>, 
/**
 * Share of won ACV held by the top 20 % of partners.
 */
top20_share: number, 
/**
 * Gini coefficient: 0 when every partner wins the same, towards 1 when one wins all.
 */
gini: number, partners_without_win: number, };

/**
 * How long a partner type's new partners take to a first deal and a first win, from the day
 * they joined — Kaplan–Meier estimates, partners still without one counted as censored when
 * they left or the history ended (so slow starters are not dropped). Partners that joined
 * before the history's first quarter are left out: their first deal may predate it.
 */
export type TimeToFirstDeal = { partner_type: string, 
/**
 * Partners that joined inside the history.
 */
partners: number, with_deal: number, 
/**
 * Median days to a first deal created; None when fewer than half are seen to get there.
 */
median_days_to_deal: number | null, with_win: number, median_days_to_win: number | null, 
/**
 * Share with a first deal within 180 days of joining.
 */
deal_within_180_days: number | null, };

/**
 * The partners that joined in one quarter of the history, and how many were still partners
 * later (cohorts from before the history are left out: only their survivors are in it).
 */
export type Cohort = { 
/**
 * The quarter they joined, 2024-Q3.
 */
quarter: string, joined: number, 
/**
 * Of them, how many have left by the end of the history.
 */
left: number, 
/**
 * `retained[k]`: share still partners k + 1 quarters after the quarter they joined; the
 * list stops at the last quarter the history reaches (and after 12 quarters).
 */
retained: Array<number>, };

/**
 * The fitted model and what was fitted.
 */
export type Calibration = { model: MarketModelDoc, notes: Array<FitNote>, };

/**
 * What happened to one parameter.
 */
export type FitNote = { 
/**
 * Document path of the parameter, e.g. `partner_types[0].win_rate`.
 */
path: string, fitted: boolean, 
/**
 * What it was fitted from, or why the base model's value was kept.
 */
detail: string, 
/**
 * The fitted value (the fitted distribution's median) and its 90 % interval (P5–P95).
 */
estimate: number | null, low: number | null, high: number | null, 
/**
 * The base model's value (its mean), for comparison.
 */
base: number | null, 
/**
 * How many observations it was fitted from (deals, partner-quarters, partners, customers).
 */
sample: number, 
/**
 * A comparison confounded by which deals get a partner (pattern uplifts).
 */
confounded: boolean, };

/**
 * The backtest of a dataset.
 */
export type Backtest = { 
/**
 * What is compared: "ACV won per quarter", in `currency`.
 */
measure: string, currency: string, 
/**
 * The quarters fitted on ("2024-Q1 – 2025-Q4") and the quarters forecast.
 */
fitted_on: string, forecast: string, 
/**
 * The fitted quarters' ACV won, for the chart's history line.
 */
history: Array<[string, number]>, quarters: Array<BacktestQuarter>, 
/**
 * Share of forecast quarters whose actual lies inside the P10–P90 band.
 */
share_inside: number, 
/**
 * Mean absolute percentage error of the P50 (quarters with no actual ACV are left out).
 */
mape_p50: number | null, trials: number, 
/**
 * The calibration on the fitted quarters.
 */
calibration: Calibration, };

/**
 * One forecast quarter.
 */
export type BacktestQuarter = { 
/**
 * 2026-Q2.
 */
quarter: string, actual: number, p10: number, p50: number, p90: number, 
/**
 * Whether the actual lies inside the P10–P90 band.
 */
inside: boolean, };
