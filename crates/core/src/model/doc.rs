//! The two documents a person writes: the market model and the scenario.
//!
//! These types are the file format. They mirror MODEL.md's names in snake_case, carry a
//! `schema_version`, reject unknown fields (a typo is an error, not a silent default) and are
//! the single source of the published JSON Schema. They hold what was written, not what is
//! valid: [`super::validate`] turns them into the engine's trusted form.

#[cfg(feature = "ts")]
use ts_rs::TS;
use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::param::Param;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 2;
/// The oldest schema version this build still reads (migrated on load, see [`super::migrate`]).
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// A map keyed by segment id, then region id.
pub type CellMap<T> = BTreeMap<String, BTreeMap<String, T>>;

/// The "physics" of one vendor's market.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct MarketModelDoc {
    pub schema_version: u32,
    /// Stable identifier that scenarios use to name this model.
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// ISO currency code of every money amount in the model (e.g. "USD").
    pub currency: String,
    /// How a won deal becomes revenue: `subscription` (the deal is annual contract value,
    /// recognised a quarter at a time, renewed, expanded or churned) or `one_time` (the deal's
    /// value is revenue in the quarter it is won, schema 1's meaning).
    #[serde(default)]
    pub revenue_recognition: RevenueRecognition,
    pub market: Market,
    pub partner_types: Vec<PartnerTypeDoc>,
    #[serde(default)]
    pub patterns: Vec<PatternDoc>,
    #[serde(default)]
    pub governance: GovernanceDoc,
    #[serde(default)]
    pub conflict: ConflictDoc,
    #[serde(default)]
    pub churn_drivers: ChurnDriversDoc,
    /// The vendor's partner programs (enablement, market development funds, incentives): what
    /// each costs per partner and what it does at saturation. A scenario sets their levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<ProgramDoc>,
    /// Partner economics and attraction: partners that stop earning leave, and an installed
    /// base or profitable peers attract partners who were not recruited. Absent: neither.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkDoc>,
    /// Where the numbers come from: free text per topic, kept with the model.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Market {
    pub segments: Vec<SegmentDoc>,
    pub regions: Vec<RegionDoc>,
    /// Addressable accounts per cell: `accounts[segment][region]`.
    pub accounts: CellMap<f64>,
    /// Annual growth of addressable accounts (0.08 = +8 % a year).
    #[serde(default = "zero")]
    pub growth: Param,
    /// Share of each cell that the vendor's direct sales team also works: `[segment][region]`.
    #[serde(default)]
    pub direct_presence: CellMap<Param>,
    /// Share of a segment's accounts that buy through a marketplace (committed cloud spend):
    /// `marketplace_buyers[marketplace partner type id][segment]`. A listing's own demand comes
    /// from these buyers, shared between the listings of that marketplace in a cell. Every
    /// partner type of kind `marketplace` needs an entry.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub marketplace_buyers: BTreeMap<String, BTreeMap<String, Param>>,
}

fn zero() -> Param {
    Param::Fixed(0.0)
}

/// How a won deal becomes revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RevenueRecognition {
    /// Deals are annual contract value (ACV): recognised ACV/4 a quarter from the quarter after
    /// the win, renewed, expanded and churned; won accounts leave the pool of prospects.
    #[default]
    Subscription,
    /// A deal's value is revenue in the quarter it is won (schema 1).
    OneTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct SegmentDoc {
    pub id: String,
    pub name: String,
    /// Deal value at list price: lognormal given its median and 90th percentile.
    pub deal_size: DealSizeDoc,
    /// Probability per quarter that a worked prospect becomes a qualified opportunity.
    pub buy_rate: Param,
    /// Subscription models: probability per quarter that a customer leaves (logo churn).
    #[serde(default = "zero", skip_serializing_if = "is_zero")]
    pub customer_churn_per_quarter: Param,
    /// Subscription models: net growth of a retained customer's ARR per quarter (upsell minus
    /// contraction; may be negative, between -0.5 and 0.5).
    #[serde(default = "zero", skip_serializing_if = "is_zero")]
    pub expansion_per_quarter: Param,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct DealSizeDoc {
    pub median: Param,
    pub p90: Param,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct RegionDoc {
    pub id: String,
    pub name: String,
}

/// The eight partner kinds of the studio, or a custom one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    Reseller,
    Distributor,
    Msp,
    SystemIntegrator,
    TechnologyPartner,
    Isv,
    ReferralPartner,
    Marketplace,
    Custom,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct PartnerTypeDoc {
    pub id: String,
    pub name: String,
    pub kind: PartnerKind,
    pub reach: ReachDoc,
    /// Accounts one fully productive partner works per quarter.
    pub capacity: Param,
    /// Probability that a qualified opportunity is won.
    pub win_rate: Param,
    /// Multiplier on the segment's deal size for deals this type closes.
    #[serde(default = "one")]
    pub deal_size_factor: Param,
    pub revenue_model: RevenueModelDoc,
    /// Quarters for a new partner to ramp linearly from 0 to full productivity.
    #[serde(default)]
    pub ramp_quarters: u32,
    /// Probability per quarter that a partner leaves the program.
    #[serde(default = "zero")]
    pub churn_per_quarter: Param,
    /// Coefficient of variation of productivity between partners of the type (0 = all equal).
    #[serde(default)]
    pub productivity_cv: f64,
    #[serde(default)]
    pub costs: PartnerCostsDoc,
    /// Collaborative deals one partner can support per quarter on the receiving side of a
    /// co-sell, joint implementation, integration or marketplace pattern (an SI's delivery
    /// bench, an ISV's partner engineers). Required for a type on the receiving side of such a
    /// pattern, except marketplaces, for which absent means unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collaboration_capacity: Option<Param>,
}

fn one() -> Param {
    Param::Fixed(1.0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ReachDoc {
    /// Segment ids the type sells to.
    pub segments: Vec<String>,
    pub scope: ReachScope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum ReachScope {
    /// Works only the partner's home region.
    HomeRegion,
    /// Works every region.
    Global,
}

/// How the vendor earns on deals the partner type transacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum RevenueModelDoc {
    /// The partner buys and resells at a discount off list.
    Resale {
        discount: Param,
        /// Whether the discount also applies to renewals (default true: the partner resells the renewal).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        renewals: Option<bool>,
    },
    /// The vendor closes the deal and pays the partner a fee (share of the deal).
    Referral {
        fee: Param,
        /// Whether the fee is also paid on renewals (default false: a referral fee is paid once).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        renewals: Option<bool>,
    },
    /// The deal transacts through a marketplace that keeps a fee (share of the deal).
    Marketplace {
        fee: Param,
        /// Whether renewals also transact through the marketplace (default true).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        renewals: Option<bool>,
    },
    /// The partner transacts nothing itself; it acts only through collaboration patterns.
    Influence,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct PartnerCostsDoc {
    /// One-off cost of recruiting and onboarding a partner.
    #[serde(default = "zero")]
    pub recruit: Param,
    /// Program cost per partner per quarter: enablement, MDF, partner-manager time.
    #[serde(default = "zero")]
    pub per_quarter: Param,
}

impl Default for Param {
    fn default() -> Self {
        Param::Fixed(0.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum PatternKind {
    Referral,
    CoSell,
    JointImplementation,
    Integration,
    TwoTier,
    Marketplace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum PatternScope {
    SameRegion,
    Global,
}

/// An inter-partner collaboration pattern the vendor can facilitate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct PatternDoc {
    pub id: String,
    pub name: String,
    pub kind: PatternKind,
    /// Partner type id on the giving side (refers, implements, distributes, lists).
    pub from: String,
    /// Partner type id on the receiving side.
    pub to: String,
    /// Mean number of `to` partners each `from` partner works with at intensity 1.
    pub links_per_partner: Param,
    pub scope: PatternScope,
    #[serde(default)]
    pub effects: EffectsDoc,
    /// Facilitation cost per quarter at intensity 1.
    #[serde(default = "zero")]
    pub cost_per_quarter: Param,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// What a pattern does. Which fields apply depends on the pattern's kind; absent means 0.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct EffectsDoc {
    /// referral: opportunities passed per link per quarter at full ramp and productivity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub referrals_per_link: Param,
    /// co_sell, joint_implementation, integration, marketplace: share of the `from` partner's
    /// opportunities worked together with a linked partner.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attach_rate: Param,
    /// Relative rise of the win rate on collaborative deals (0.2 = +20 %).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub win_uplift: Param,
    /// Relative rise of the deal size on collaborative deals.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deal_size_uplift: Param,
    /// Share of a collaborative deal kept by the linked partner (marketplace fee, referral fee).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fee: Param,
    /// two_tier: how much faster the downstream partner ramps (0.5 = 50 % faster).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ramp_speedup: Param,
    /// two_tier: relative rise of the downstream partner's productivity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub productivity_uplift: Param,
    /// two_tier: the distributor's margin, as a share of list, taken from the vendor's net.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub margin: Param,
    /// Subscription models: relative fall of customer churn on customers whose deal the pattern
    /// touched (0.3 = 30 % less churn): integrations, joint implementations, managed services.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retention_uplift: Param,
}

fn is_zero(p: &Param) -> bool {
    *p == Param::Fixed(0.0)
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct GovernanceDoc {
    #[serde(default)]
    pub policies: Vec<PolicyDoc>,
}

/// A rule of engagement the vendor may adopt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Share of partner-vs-partner conflict the policy removes.
    #[serde(default = "zero")]
    pub partner_conflict_reduction: Param,
    /// Share of direct-vs-partner conflict the policy removes.
    #[serde(default = "zero")]
    pub direct_conflict_reduction: Param,
    #[serde(default = "zero")]
    pub cost_per_quarter: Param,
}

/// Base rates of conflict on an opportunity.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ConflictDoc {
    /// Probability of partner-vs-partner conflict when the cell is fully crowded by others.
    #[serde(default = "zero")]
    pub partner_overlap_rate: Param,
    /// Probability of direct-vs-partner conflict where the direct team works the whole cell.
    #[serde(default = "zero")]
    pub direct_rate: Param,
    /// Probability that a conflicted opportunity is lost.
    #[serde(default = "zero")]
    pub loss_share: Param,
}

/// What raises a partner's churn above its type's base rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ChurnDriversDoc {
    /// Churn multiplier for a partner that has won nothing for two quarters.
    #[serde(default = "two")]
    pub idle_multiplier: f64,
    /// Churn multiplier for a partner that lost an opportunity to conflict this quarter.
    #[serde(default = "one_and_half")]
    pub conflict_multiplier: f64,
}

fn two() -> f64 {
    2.0
}
fn one_and_half() -> f64 {
    1.5
}

impl Default for ChurnDriversDoc {
    fn default() -> Self {
        Self { idle_multiplier: 2.0, conflict_multiplier: 1.5 }
    }
}

/// What a partner program invests in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum ProgramKind {
    /// Training and certification: partners win more and ramp faster.
    Enablement,
    /// Market development funds: partners generate more pipeline from the accounts they work.
    Mdf,
    /// Rebates and SPIFs: partners stay and push the vendor's deals, at a cost of margin.
    Incentive,
}

/// A program the vendor runs for one or more partner types (MODEL.md, "Programs and network
/// effects"). Its effect at level L is `max × L / (L + half_effect_level)`: every program has
/// diminishing returns, and costs `cost_per_partner_per_quarter × L` for each partner it reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ProgramDoc {
    pub id: String,
    pub name: String,
    pub kind: ProgramKind,
    /// Partner type ids the program is offered to.
    pub partner_types: Vec<String>,
    /// What one partner the program reaches costs per quarter at level 1.
    pub cost_per_partner_per_quarter: Param,
    /// The level at which the program gives half its effect at saturation (above 0).
    #[serde(default = "one_f")]
    pub half_effect_level: f64,
    /// Tiered programs: the share of each type's partners, the most productive first, that the
    /// program reaches (1 = every partner).
    #[serde(default = "one_f", skip_serializing_if = "is_one")]
    pub top_share: f64,
    /// What the program does at saturation.
    #[serde(default)]
    pub effects: ProgramEffectsDoc,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

fn one_f() -> f64 {
    1.0
}
fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// A program's effects at saturation on the partners it reaches; absent means 0.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ProgramEffectsDoc {
    /// Relative rise of the partner's win rate (0.1 = +10 %).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub win_uplift: Param,
    /// Relative rise of the opportunities a partner finds in the accounts it works.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub buy_rate_uplift: Param,
    /// How much faster a new partner ramps (0.5 = 50 % faster).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ramp_speedup: Param,
    /// Relative fall of the partner's churn (0.3 = 30 % less).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub churn_reduction: Param,
    /// incentive: extra share of list paid to the partner on its deals (a rebate), taken from
    /// the vendor's net revenue.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount_change: Param,
}

/// Partner economics and attraction (MODEL.md, "Programs and network effects").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct NetworkDoc {
    /// Churn multiplier for a partner whose earnings stayed below its type's
    /// `min_earnings_per_quarter` for two quarters.
    #[serde(default = "three")]
    pub unprofitable_multiplier: f64,
    /// Per partner type id: what it must earn to stay, and what attracts partners of it.
    #[serde(default)]
    pub partner_types: BTreeMap<String, TypeNetworkDoc>,
}

fn three() -> f64 {
    3.0
}

/// What drives organic recruits of a partner type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum OrganicDriver {
    /// The vendor's customers in the cells the type reaches from the region (installed base
    /// attracts MSPs, ISVs and integrators).
    #[default]
    InstalledBase,
    /// The type's mean partner earnings last quarter (profitable peers attract recruits).
    PeerEarnings,
}

/// Economics and attraction of one partner type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct TypeNetworkDoc {
    /// Earnings per quarter (discounts and fees on deals it transacted or enabled) below which a
    /// partner is unprofitable; 0: never.
    #[serde(default)]
    pub min_earnings_per_quarter: f64,
    /// Mean organic recruits per region per quarter when the driver is at its reference.
    #[serde(default = "zero")]
    pub organic_per_quarter: Param,
    #[serde(default)]
    pub driver: OrganicDriver,
    /// The driver's value at which organic recruits arrive at `organic_per_quarter` (customers,
    /// or money per partner per quarter).
    #[serde(default = "one_f")]
    pub reference: f64,
    /// How strongly organic recruits follow the driver: mean × (driver ÷ reference)^elasticity
    /// (0: a constant Poisson rate).
    #[serde(default = "zero")]
    pub elasticity: Param,
    /// The most organic recruits per region per quarter, whatever the driver.
    #[serde(default)]
    pub organic_max_per_quarter: u32,
}

// ---------------------------------------------------------------------------------------------

/// One design decision, evaluated against one market model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ScenarioDoc {
    pub schema_version: u32,
    pub id: String,
    pub name: String,
    /// The bet this design represents, in a paragraph.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Id of the market model the scenario runs against.
    pub model: String,
    /// The model itself, when the scenario was exported to be self-contained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded_model: Option<Box<MarketModelDoc>>,
    /// Partners at the start: `composition[partner_type][region]`.
    pub composition: BTreeMap<String, BTreeMap<String, u32>>,
    /// Whether the starting partners are fully ramped (true) or ramp like recruits (false).
    #[serde(default = "yes")]
    pub initial_ramped: bool,
    /// Partners added over the horizon.
    #[serde(default)]
    pub recruitment: Vec<RecruitmentDoc>,
    /// Enabled collaboration patterns by pattern id, with their intensity (0 switches off).
    #[serde(default)]
    pub patterns: BTreeMap<String, f64>,
    /// Ids of the governance policies adopted.
    #[serde(default)]
    pub governance: Vec<String>,
    /// Partner program levels by program id (0 or absent: the program is not run).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub programs: BTreeMap<String, f64>,
    pub horizon_quarters: u32,
    #[serde(default)]
    pub simulation: SimulationDoc,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetDoc>,
    /// Rank correlations between uncertain inputs of the model (e.g. market growth and win
    /// rates move together), imposed on the sampled values with the Iman–Conover method.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<CorrelationDoc>,
}

/// The rank (Spearman) correlation of two uncertain inputs, named by their document paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct CorrelationDoc {
    /// Path of an uncertain input, e.g. `market.growth`.
    pub a: String,
    /// Path of another uncertain input, e.g. `partner_types[0].win_rate`.
    pub b: String,
    /// Between −1 and 1.
    pub rank_correlation: f64,
}

fn yes() -> bool {
    true
}

/// Partners of one type added in one region, each quarter of a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct RecruitmentDoc {
    pub partner_type: String,
    pub region: String,
    /// First quarter (1-based) in which partners are added.
    pub from_quarter: u32,
    /// Last quarter (inclusive); defaults to `from_quarter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_quarter: Option<u32>,
    /// Partners added in each quarter of the range.
    pub per_quarter: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Sampling {
    #[default]
    MonteCarlo,
    LatinHypercube,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct SimulationDoc {
    #[serde(default = "default_trials")]
    pub trials: u64,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub sampling: Sampling,
}

/// Default number of trials of a run: the one place this default lives.
pub const DEFAULT_TRIALS: u64 = 10_000;
/// Default seed of a run.
pub const DEFAULT_SEED: u64 = 20_261_125;

fn default_trials() -> u64 {
    DEFAULT_TRIALS
}
fn default_seed() -> u64 {
    DEFAULT_SEED
}

impl Default for SimulationDoc {
    fn default() -> Self {
        Self { trials: DEFAULT_TRIALS, seed: DEFAULT_SEED, sampling: Sampling::MonteCarlo }
    }
}

/// A goal the forecast is measured against, for P(target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct TargetDoc {
    pub metric: TargetMetric,
    /// The value to reach or beat.
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum TargetMetric {
    TotalRevenue,
    FinalQuarterRevenue,
    CoverageFinal,
    NetContribution,
}
