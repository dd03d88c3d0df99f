//! The run summary document and its terminal table.
//!
//! [`RunReport`] is what a run means to everyone downstream: the CLI prints it as JSON, the
//! store keeps it, the app's charts and the reports read it. It is sized for charts (summaries,
//! a histogram and an S-curve), never per-trial data.

#[cfg(feature = "ts")]
use ts_rs::TS;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::engine::{RunResult, SOURCES};
use crate::engine::trial::*;
use crate::model::{Model, PartnerKind, PatternKind, RevenueRecognition, Sampling, Scenario, TargetMetric};

fn one_time() -> RevenueRecognition {
    RevenueRecognition::OneTime
}

/// The ecosystem multiplier as stored: a number or null, or (runs of engine 0.1) the summary
/// of per-trial ratios, of which the mean is kept.
fn ratio_or_old_summary<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::Object(o) => o.get("mean").and_then(|m| m.as_f64()),
        _ => None,
    })
}
use crate::stats::{quantile_sorted, Histogram, Summary};
use crate::words::Kpi;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DocRef {
    pub id: String,
    pub name: String,
}

/// Headline KPIs over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Kpis {
    /// Vendor net revenue over the horizon.
    pub total_revenue: Summary,
    /// Net revenue in the last quarter (the run rate the ecosystem exits with).
    pub final_quarter_revenue: Summary,
    /// Account-weighted share of the market worked in the last quarter.
    pub coverage_final: Summary,
    /// Net revenue minus recruitment, program, pattern and policy costs.
    pub net_contribution: Summary,
    /// Revenue that exists only because partners collaborate.
    pub inter_partner_revenue: Summary,
    /// Mean total revenue ÷ mean revenue with every pattern off (a ratio of means); null when
    /// collaboration was not measured or revenue without it is 0.
    #[serde(deserialize_with = "ratio_or_old_summary")]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub ecosystem_multiplier: Option<f64>,
    pub active_partners_final: Summary,
    pub total_costs: Summary,
    pub revenue_without_collaboration: Summary,
    /// New annual contract value won over the horizon, net of partners' discounts and fees.
    #[serde(default)]
    pub bookings: Summary,
    /// Annual recurring revenue at the end of the horizon (subscription models; 0 for one-time).
    #[serde(default)]
    pub arr_final: Summary,
    /// ARR at the end of the customers who were customers four quarters before, ÷ their ARR
    /// then (list prices): null where undefined (one-time revenue, a horizon under 5 quarters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_revenue_retention: Option<Summary>,
    /// Inter-partner revenue minus what collaboration costs: the patterns' costs and those of
    /// partner types that transact nothing themselves.
    #[serde(default)]
    pub net_inter_partner_value: Summary,
    /// Referred opportunities lost because the receiving partner had no spare capacity.
    #[serde(default)]
    pub referrals_unserved: Summary,
    /// Collaborative deals asked of receiving partners (co-sell, joint implementation,
    /// integration) that had no collaboration capacity left.
    #[serde(default)]
    pub collaboration_unserved: Summary,
    /// Share of trials that meet the target (a summary of the 0/1 outcome: `mean` is P).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability_of_target: Option<Summary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct QuarterRow {
    /// 1-based quarter.
    pub quarter: u32,
    pub revenue: Summary,
    pub coverage: Summary,
    pub net_contribution: Summary,
    pub costs: Summary,
    pub active_partners: Summary,
    pub opportunities_lost_to_conflict: Summary,
    /// New ACV won in the quarter (net).
    #[serde(default)]
    pub bookings: Summary,
    /// ARR at the end of the quarter.
    #[serde(default)]
    pub arr: Summary,
    #[serde(default)]
    pub referrals_unserved: Summary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TypeRow {
    pub partner_type: String,
    pub name: String,
    pub kind: PartnerKind,
    /// Net revenue on deals the type transacted.
    pub revenue: Summary,
    /// Mean revenue of the type ÷ mean total revenue.
    pub share_of_revenue: f64,
    pub active_partners_final: Summary,
    /// Recognised revenue of the type's deals in each quarter.
    #[serde(default)]
    pub revenue_by_quarter: Vec<Summary>,
    /// Active partners of the type at the end of each quarter.
    #[serde(default)]
    pub active_partners_by_quarter: Vec<Summary>,
    /// Partner economics and attraction (models with `network`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<TypeNetworkRow>,
}

/// What a partner type's partners earn, how many leave unprofitable and how many arrive by
/// themselves (models with `network`). Earnings are a partner's discounts, fees and margins on
/// the deals it transacted or enabled, per quarter, as the vendor recognises those deals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TypeNetworkRow {
    /// Organic recruits over the horizon (partners nobody recruited).
    pub organic_recruits: Summary,
    /// Partners that left while unprofitable, over the horizon.
    pub unprofitable_churn: Summary,
    /// P10, P50 and P90 of the type's partners' quarterly earnings over the horizon (each a
    /// summary over trials).
    pub earnings_p10: Summary,
    pub earnings_p50: Summary,
    pub earnings_p90: Summary,
    pub organic_recruits_by_quarter: Vec<Summary>,
    /// Partners of the type that left in each quarter, for any reason.
    pub churned_by_quarter: Vec<Summary>,
    pub unprofitable_churn_by_quarter: Vec<Summary>,
    /// Organic partners active at the end of each quarter (the rest of the type's active
    /// partners were planned).
    pub organic_active_by_quarter: Vec<Summary>,
    pub earnings_p10_by_quarter: Vec<Summary>,
    pub earnings_p50_by_quarter: Vec<Summary>,
    pub earnings_p90_by_quarter: Vec<Summary>,
}

/// A partner program the scenario runs: what it cost and what it added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ProgramRow {
    pub program: String,
    pub name: String,
    pub kind: crate::model::ProgramKind,
    pub level: f64,
    /// Partner type ids the program is offered to.
    pub partner_types: Vec<String>,
    /// The program's cost over the horizon.
    pub cost: Summary,
    /// Total revenue minus the revenue of the same trial with this program off.
    pub revenue_added: Summary,
    pub revenue_added_by_quarter: Vec<Summary>,
    /// (Mean revenue added − mean cost) ÷ mean cost; null when the program cost nothing.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub roi: Option<f64>,
}

/// Where a won deal came from: the three sources revenue is split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum RevenueSource {
    /// Deals from partners' own pipelines.
    OwnPipeline,
    /// Deals a referral partner passed on.
    ReferralSourced,
    /// Deals a collaboration pattern made possible (co-sell, two-tier, …).
    CollaborationInfluenced,
    /// A marketplace listing's own demand: the marketplace's buyers.
    Marketplace,
}

impl RevenueSource {
    /// In the engine's order (`engine::SOURCES`).
    pub const ALL: [RevenueSource; 4] = [RevenueSource::OwnPipeline, RevenueSource::ReferralSourced, RevenueSource::CollaborationInfluenced, RevenueSource::Marketplace];

    /// The id in documents and exports: `own_pipeline`, `referral_sourced`, `collaboration_influenced`, `marketplace`.
    pub fn id(self) -> &'static str {
        match self {
            RevenueSource::OwnPipeline => "own_pipeline",
            RevenueSource::ReferralSourced => "referral_sourced",
            RevenueSource::CollaborationInfluenced => "collaboration_influenced",
            RevenueSource::Marketplace => "marketplace",
        }
    }

    /// The name a reader sees.
    pub fn label(self) -> &'static str {
        match self {
            RevenueSource::OwnPipeline => "Own pipeline",
            RevenueSource::ReferralSourced => "Referral-sourced",
            RevenueSource::CollaborationInfluenced => "Collaboration-influenced",
            RevenueSource::Marketplace => "Marketplace",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SourceRow {
    pub source: RevenueSource,
    pub revenue: Summary,
    pub share_of_revenue: f64,
    #[serde(default)]
    pub revenue_by_quarter: Vec<Summary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct CellRow {
    pub segment: String,
    pub region: String,
    /// Addressable accounts at the start.
    pub accounts: f64,
    pub coverage_final: Summary,
    pub revenue: Summary,
    #[serde(default)]
    pub revenue_by_quarter: Vec<Summary>,
    #[serde(default)]
    pub coverage_by_quarter: Vec<Summary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PatternRow {
    pub pattern: String,
    pub name: String,
    pub kind: PatternKind,
    pub from: String,
    pub to: String,
    pub intensity: f64,
    /// Total revenue minus the revenue of the same trial with this pattern off.
    pub revenue_added: Summary,
    #[serde(default)]
    pub revenue_added_by_quarter: Vec<Summary>,
}

/// The distribution of total revenue, for histogram and S-curve charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Distribution {
    pub histogram: Histogram,
    /// Percentiles 1..=99 of total revenue (the S-curve).
    pub percentiles: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TargetInfo {
    pub metric: TargetMetric,
    pub value: f64,
}

/// The summary of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RunReport {
    pub engine_version: String,
    pub scenario: DocRef,
    pub model: DocRef,
    pub seed: u64,
    pub trials: u64,
    pub sampling: Sampling,
    pub horizon_quarters: u32,
    pub currency: String,
    /// How the model turns deals into revenue (runs from before schema 2 are one-time).
    #[serde(default = "one_time")]
    pub revenue_recognition: RevenueRecognition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetInfo>,
    pub kpis: Kpis,
    pub by_quarter: Vec<QuarterRow>,
    pub by_partner_type: Vec<TypeRow>,
    pub by_source: Vec<SourceRow>,
    pub by_cell: Vec<CellRow>,
    pub by_pattern: Vec<PatternRow>,
    /// Partner programs the scenario runs (level above 0), measured over `by_pattern_trials`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_program: Vec<ProgramRow>,
    /// Whether the run measured the counterfactual without collaboration (inter-partner
    /// revenue and the ecosystem multiplier are 0 and 1 when it did not).
    pub collaboration_measured: bool,
    /// Trials over which `by_pattern` was measured (the first ones of the run).
    pub by_pattern_trials: u64,
    pub total_revenue_distribution: Distribution,
    /// Wall-clock seconds the run took.
    pub wall_seconds: f64,
    /// Uncertain inputs sampled per trial, by document path.
    pub uncertain_inputs: Vec<String>,
    /// Running mean of total revenue and its standard error as trials accumulated.
    #[serde(default)]
    pub convergence: Vec<crate::engine::ConvergencePoint>,
    /// The relative standard error the run stopped at, when it ran to a precision target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision_target: Option<f64>,
}

impl RunReport {
    pub fn new(model: &Model, scenario: &Scenario, r: &RunResult) -> RunReport {
        let l = &r.layout;
        // A run that kept its trials is summarised exactly from them; one that did not (a run of
        // millions of trials) from its accumulators: the same figures, percentiles within 1 %.
        let kept = r.kept_trials();
        let k = |i: usize| r.kpi_summary(i);
        let total_mean = r.kpi_mean(K_TOTAL);
        let share = |m: f64| if total_mean.abs() > 0.0 { m / total_mean } else { 0.0 };
        let probability_of_target = scenario.target.as_ref().map(|t| {
            if !kept {
                return r.target_hits.as_ref().map(|h| h.summary()).unwrap_or_default();
            }
            let col = crate::engine::trial::target_column(t.metric);
            let hits: Vec<f64> = r.kpis[col].iter().map(|&v| if v >= t.value { 1.0 } else { 0.0 }).collect();
            Summary::of(&hits)
        });
        let measured = r.options.counterfactuals != crate::engine::Counterfactuals::Off;
        let without_mean = r.kpi_mean(K_WITHOUT);
        let nrr = if kept {
            let defined: Vec<f64> = r.kpis[K_NRR].iter().copied().filter(|v| v.is_finite()).collect();
            (!defined.is_empty()).then(|| Summary::of(&defined))
        } else {
            (r.kpi_summaries[K_NRR].moments.n > 0).then(|| r.kpi_summaries[K_NRR].summary())
        };
        let per_q = |f: &dyn Fn(usize) -> usize| (0..l.quarters).map(|q| r.series(f(q))).collect::<Vec<_>>();
        let mut sorted = r.kpis[K_TOTAL].clone();
        sorted.sort_by(f64::total_cmp);
        let total_revenue_distribution = if kept {
            Distribution { histogram: Histogram::of(&sorted, 40), percentiles: (1..=99).map(|p| quantile_sorted(&sorted, p as f64 / 100.0)).collect() }
        } else {
            let acc = &r.kpi_summaries[K_TOTAL];
            Distribution { histogram: acc.histogram(40), percentiles: (1..=99).map(|p| acc.quantile(p as f64 / 100.0)).collect() }
        };
        RunReport {
            engine_version: crate::ENGINE_VERSION.to_string(),
            scenario: DocRef { id: scenario.doc.id.clone(), name: scenario.doc.name.clone() },
            model: DocRef { id: model.doc.id.clone(), name: model.doc.name.clone() },
            seed: r.options.seed,
            trials: r.options.trials,
            sampling: r.options.sampling,
            horizon_quarters: scenario.horizon,
            currency: model.doc.currency.clone(),
            revenue_recognition: model.doc.revenue_recognition,
            target: scenario.target.as_ref().map(|t| TargetInfo { metric: t.metric, value: t.value }),
            kpis: Kpis {
                total_revenue: k(K_TOTAL),
                final_quarter_revenue: k(K_FINAL_Q),
                coverage_final: k(K_COVERAGE),
                net_contribution: k(K_NET),
                inter_partner_revenue: k(K_INTER),
                ecosystem_multiplier: if measured && without_mean > 0.0 { Some(total_mean / without_mean) } else { None },
                active_partners_final: k(K_ACTIVE),
                total_costs: k(K_COSTS),
                revenue_without_collaboration: k(K_WITHOUT),
                bookings: k(K_BOOKINGS),
                arr_final: k(K_ARR),
                net_revenue_retention: nrr,
                net_inter_partner_value: k(K_NET_INTER),
                referrals_unserved: k(K_UNSERVED),
                collaboration_unserved: k(K_COLLAB_UNSERVED),
                probability_of_target,
            },
            by_quarter: (0..l.quarters)
                .map(|q| QuarterRow {
                    quarter: q as u32 + 1,
                    revenue: r.series(l.quarter(Q_REVENUE, q)),
                    coverage: r.series(l.quarter(Q_COVERAGE, q)),
                    net_contribution: r.series(l.quarter(Q_NET, q)),
                    costs: r.series(l.quarter(Q_COSTS, q)),
                    active_partners: r.series(l.quarter(Q_ACTIVE, q)),
                    opportunities_lost_to_conflict: r.series(l.quarter(Q_LOST, q)),
                    bookings: r.series(l.quarter(Q_BOOKINGS, q)),
                    arr: r.series(l.quarter(Q_ARR, q)),
                    referrals_unserved: r.series(l.quarter(Q_UNSERVED, q)),
                })
                .collect(),
            by_partner_type: model
                .partner_types
                .iter()
                .enumerate()
                .map(|(t, pt)| {
                    let revenue = r.series(l.type_revenue(t));
                    TypeRow {
                        partner_type: pt.id.clone(),
                        name: pt.name.clone(),
                        kind: pt.kind,
                        share_of_revenue: share(revenue.mean),
                        revenue,
                        active_partners_final: r.series(l.type_active(t)),
                        revenue_by_quarter: per_q(&|q| l.type_revenue_q(t, q)),
                        active_partners_by_quarter: per_q(&|q| l.type_active_q(t, q)),
                        network: l.network.then(|| {
                            let tot = |m: usize| r.series(l.type_network(t, m));
                            let by_q = |m: usize| per_q(&|q| l.type_network_q(t, m, q));
                            TypeNetworkRow {
                                organic_recruits: tot(0),
                                unprofitable_churn: tot(1),
                                earnings_p10: tot(2),
                                earnings_p50: tot(3),
                                earnings_p90: tot(4),
                                organic_recruits_by_quarter: by_q(0),
                                churned_by_quarter: by_q(1),
                                unprofitable_churn_by_quarter: by_q(2),
                                organic_active_by_quarter: by_q(3),
                                earnings_p10_by_quarter: by_q(4),
                                earnings_p50_by_quarter: by_q(5),
                                earnings_p90_by_quarter: by_q(6),
                            }
                        }),
                    }
                })
                .collect(),
            by_source: SOURCES
                .iter()
                .enumerate()
                .map(|(s, name)| {
                    let revenue = r.series(l.source(s));
                    let source = RevenueSource::ALL[s];
                    debug_assert_eq!(source.id(), *name, "RevenueSource::ALL follows the engine's SOURCES");
                    SourceRow { source, share_of_revenue: share(revenue.mean), revenue, revenue_by_quarter: per_q(&|q| l.source_q(s, q)) }
                })
                .collect(),
            by_cell: (0..l.cells)
                .map(|c| CellRow {
                    segment: model.segments[c / model.regions.len()].id.clone(),
                    region: model.regions[c % model.regions.len()].id.clone(),
                    accounts: model.accounts[c],
                    coverage_final: r.series(l.cell_coverage(c)),
                    revenue: r.series(l.cell_revenue(c)),
                    revenue_by_quarter: per_q(&|q| l.cell_revenue_q(c, q)),
                    coverage_by_quarter: per_q(&|q| l.cell_coverage_q(c, q)),
                })
                .collect(),
            by_pattern: r
                .enabled_patterns
                .iter()
                .enumerate()
                .map(|(i, &k)| {
                    let p = &model.patterns[k];
                    PatternRow {
                        pattern: p.id.clone(),
                        name: p.name.clone(),
                        kind: p.kind,
                        from: model.partner_types[p.from].id.clone(),
                        to: model.partner_types[p.to].id.clone(),
                        intensity: scenario.intensity[k],
                        revenue_added: r.series(l.pattern(i)),
                        revenue_added_by_quarter: per_q(&|q| l.pattern_q(i, q)),
                    }
                })
                .collect(),
            by_program: r
                .programs
                .iter()
                .enumerate()
                .map(|(i, &k)| {
                    let pr = &model.programs[k];
                    let cost = r.series(l.program_cost(i));
                    let revenue_added = r.series(l.program(i));
                    ProgramRow {
                        program: pr.id.clone(),
                        name: pr.name.clone(),
                        kind: pr.kind,
                        level: scenario.levels[k],
                        partner_types: model.partner_types.iter().zip(&pr.applies).filter(|x| *x.1).map(|x| x.0.id.clone()).collect(),
                        roi: (cost.mean > 0.0).then(|| (revenue_added.mean - cost.mean) / cost.mean),
                        cost,
                        revenue_added,
                        revenue_added_by_quarter: per_q(&|q| l.program_q(i, q)),
                    }
                })
                .collect(),
            collaboration_measured: measured,
            by_pattern_trials: match r.options.counterfactuals {
                crate::engine::Counterfactuals::PerPattern => r.options.pattern_trials.min(r.options.trials),
                _ => 0,
            },
            total_revenue_distribution,
            wall_seconds: r.wall.as_secs_f64(),
            uncertain_inputs: model.inputs.paths.clone(),
            convergence: r.convergence.clone(),
            precision_target: r.options.precision.map(|p| p.relative_std_error),
        }
    }

    /// The report as a person reads it in a terminal.
    pub fn to_table(&self) -> String {
        let cur = &self.currency;
        let mut out = String::new();
        let _ = writeln!(out, "{} — {}", printable(&self.scenario.name), printable(&self.model.name));
        let _ = writeln!(
            out,
            "{} trials ({}), seed {}, {} quarters, engine {}, {:.2} s\n",
            group(self.trials as f64, 0),
            match self.sampling {
                Sampling::MonteCarlo => "Monte Carlo",
                Sampling::LatinHypercube => "Latin hypercube",
            },
            self.seed,
            self.horizon_quarters,
            self.engine_version,
            self.wall_seconds
        );
        if let (Some(target), Some(last)) = (self.precision_target, self.convergence.last()) {
            let reached = last.std_error <= target * last.mean.abs();
            let _ = writeln!(
                out,
                "{} the precision target: standard error of mean total revenue {:.2}% of the mean after {} trials (target {:.2}%)\n",
                if reached { "Reached" } else { "Did not reach" },
                100.0 * last.std_error / last.mean.abs().max(f64::MIN_POSITIVE),
                group(self.trials as f64, 0),
                100.0 * target
            );
        }
        let money = |v: f64| money(v, cur);
        let pct = |v: f64| crate::words::percent(v, 1);
        let num = |v: f64| group(v, 0);
        let mult = |v: f64| format!("{v:.3}×");
        let pct2 = |v: f64| crate::words::percent(v, 2);
        let k = &self.kpis;
        type Fmt<'a> = &'a dyn Fn(f64) -> String;
        let num1 = |v: f64| group(v, 1);
        let subscription = self.revenue_recognition == RevenueRecognition::Subscription;
        let mut rows: Vec<(&str, &Summary, Fmt, Fmt)> = vec![
            (Kpi::TotalRevenue.label(), &k.total_revenue, &money, &money),
            (Kpi::FinalQuarterRevenue.label(), &k.final_quarter_revenue, &money, &money),
            (Kpi::Bookings.label(), &k.bookings, &money, &money),
        ];
        if subscription {
            rows.push((Kpi::ArrFinal.label(), &k.arr_final, &money, &money));
            if let Some(nrr) = &k.net_revenue_retention {
                rows.push((Kpi::NetRevenueRetention.label(), nrr, &pct, &pct2));
            }
        }
        rows.extend([
            (Kpi::CoverageFinal.label(), &k.coverage_final, &pct as Fmt, &pct2 as Fmt),
            (Kpi::NetContribution.label(), &k.net_contribution, &money, &money),
            (Kpi::TotalCosts.label(), &k.total_costs, &money, &money),
        ]);
        if self.collaboration_measured {
            rows.push((Kpi::InterPartnerRevenue.label(), &k.inter_partner_revenue, &money, &money));
            rows.push((Kpi::NetInterPartnerValue.label(), &k.net_inter_partner_value, &money, &money));
        }
        if k.referrals_unserved.max > 0.0 {
            rows.push((Kpi::ReferralsUnserved.label(), &k.referrals_unserved, &num, &num1));
        }
        rows.push((Kpi::ActivePartnersFinal.label(), &k.active_partners_final, &num, &num1));
        let header = ["KPI", "mean", "± s.e.", "P10", "P50", "P90"];
        let mut body: Vec<Vec<String>> = rows.iter().map(|(name, s, f, fe)| vec![name.to_string(), f(s.mean), fe(s.std_error), f(s.p10), f(s.p50), f(s.p90)]).collect();
        if let Some(p) = &k.probability_of_target {
            body.push(vec![Kpi::ProbabilityOfTarget.label().into(), pct(p.mean), pct2(p.std_error), "".into(), "".into(), "".into()]);
        }
        out.push_str(&table(&header, &body));
        if self.collaboration_measured {
            let _ = writeln!(out, "Ecosystem multiplier (mean revenue ÷ mean revenue without collaboration): {}", k.ecosystem_multiplier.map_or("undefined (no revenue without collaboration)".to_string(), mult));
        }
        if let Some(t) = &self.target {
            let _ = writeln!(out, "Target: {} ≥ {}", serde_json::to_value(t.metric).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default().replace('_', " "), if t.metric == TargetMetric::CoverageFinal { pct(t.value) } else { money(t.value) });
        }

        out.push_str("\nRevenue by quarter\n");
        let body: Vec<Vec<String>> = self
            .by_quarter
            .iter()
            .map(|q| vec![format!("Q{}", q.quarter), money(q.revenue.p10), money(q.revenue.p50), money(q.revenue.p90), pct(q.coverage.p50), num(q.active_partners.p50)])
            .collect();
        out.push_str(&table(&["quarter", "P10", "P50", "P90", "coverage P50", "partners P50"], &body));

        out.push_str("\nContribution by partner type\n");
        let body: Vec<Vec<String>> = self.by_partner_type.iter().map(|t| vec![t.name.clone(), money(t.revenue.mean), pct(t.share_of_revenue), num(t.active_partners_final.mean)]).collect();
        out.push_str(&table(&["partner type", "revenue (mean)", "share", "partners (final)"], &body));

        out.push_str("\nContribution by source\n");
        let body: Vec<Vec<String>> = self.by_source.iter().map(|s| vec![s.source.id().replace('_', " "), money(s.revenue.mean), pct(s.share_of_revenue)]).collect();
        out.push_str(&table(&["source", "revenue (mean)", "share"], &body));

        if !self.by_pattern.is_empty() && self.by_pattern_trials > 0 {
            let _ = writeln!(out, "\nRevenue added by each collaboration pattern (over {} trials)", group(self.by_pattern_trials as f64, 0));
            let body: Vec<Vec<String>> = self
                .by_pattern
                .iter()
                .map(|p| vec![p.name.clone(), format!("{} → {}", p.from, p.to), format!("{:.2}", p.intensity), money(p.revenue_added.mean), money(p.revenue_added.std_error)])
                .collect();
            out.push_str(&table(&["pattern", "link", "intensity", "added (mean)", "± s.e."], &body));
        }

        if !self.by_program.is_empty() {
            let _ = writeln!(out, "\nPartner programs (revenue added over {} trials)", group(self.by_pattern_trials as f64, 0));
            let body: Vec<Vec<String>> = self
                .by_program
                .iter()
                .map(|p| {
                    let added = if self.by_pattern_trials > 0 { money(p.revenue_added.mean) } else { "not measured".into() };
                    let roi = match p.roi {
                        Some(r) if self.by_pattern_trials > 0 => crate::words::percent(r, 0),
                        _ => "".into(),
                    };
                    vec![p.name.clone(), format!("{:.2}", p.level), money(p.cost.mean), added, roi]
                })
                .collect();
            out.push_str(&table(&["program", "level", "cost (mean)", "added (mean)", "ROI"], &body));
        }
        if self.by_partner_type.iter().any(|t| t.network.is_some()) {
            out.push_str("\nPartner economics and attraction (over the horizon, means)\n");
            let body: Vec<Vec<String>> = self
                .by_partner_type
                .iter()
                .filter_map(|t| t.network.as_ref().map(|n| (t, n)))
                .map(|(t, n)| {
                    vec![t.name.clone(), group(n.organic_recruits.mean, 1), group(n.unprofitable_churn.mean, 1), money(n.earnings_p10.mean), money(n.earnings_p50.mean), money(n.earnings_p90.mean)]
                })
                .collect();
            out.push_str(&table(&["partner type", "organic recruits", "unprofitable churn", "earnings P10 a quarter", "P50", "P90"], &body));
        }

        out.push_str("\nCoverage by cell (final quarter, P50)\n");
        let mut regions: Vec<String> = Vec::new();
        let mut grid: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
        let mut seg_order: Vec<String> = Vec::new();
        for c in &self.by_cell {
            if !regions.contains(&c.region) {
                regions.push(c.region.clone());
            }
            if !seg_order.contains(&c.segment) {
                seg_order.push(c.segment.clone());
            }
            grid.entry(c.segment.clone()).or_default().insert(c.region.clone(), c.coverage_final.p50);
        }
        let mut header: Vec<&str> = vec!["segment"];
        header.extend(regions.iter().map(|s| s.as_str()));
        let body: Vec<Vec<String>> = seg_order.iter().map(|s| std::iter::once(s.clone()).chain(regions.iter().map(|r| pct(grid[s][r]))).collect()).collect();
        out.push_str(&table(&header, &body));
        out
    }
}

/// A right-aligned table (first column left-aligned) with a rule under the header.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    // Names come from documents: nothing in a cell may drive the terminal.
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| printable(c).into_owned()).collect()).collect();
    let rows = &rows[..];
    let cols = header.len();
    let mut w: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - c.chars().count();
            if i == 0 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header.to_vec());
    out.push_str(&"─".repeat(w.iter().sum::<usize>() + 2 * (cols - 1)));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.iter().map(|s| s.as_str()).collect()));
    }
    out
}

/// `s` safe to print on a terminal: control characters (C0, DEL, C1 — an escape sequence can
/// retitle or clear the terminal) and bidirectional overrides (which reorder what follows)
/// are written as visible `\u{…}` escapes; everything else is left as it is.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(|c| if unsafe_char(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect())
}

/// Thousands-grouped number with `decimals` decimals: 1234567.8 → "1,234,567.8".
pub fn group(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map(|(a, b)| (a.to_string(), Some(b.to_string()))).unwrap_or((s.clone(), None));
    let mut g = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            g.push(',');
        }
        g.push(ch);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c != '0' && c != '.') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{g}.{f}"),
        None => format!("{sign}{g}"),
    }
}

/// Money with its currency, whole units and thousands separators: "USD 12,345,678".
pub fn money(v: f64, currency: &str) -> String {
    let sym = match currency {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    };
    if sym.is_empty() {
        format!("{} {}", currency, group(v, 0))
    } else if v < 0.0 {
        format!("-{sym}{}", group(-v, 0))
    } else {
        format!("{sym}{}", group(v, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn groups_thousands() {
        assert_eq!(group(1234567.0, 0), "1,234,567");
        assert_eq!(group(-1234.5, 1), "-1,234.5");
        assert_eq!(group(999.0, 0), "999");
        assert_eq!(money(-1500.0, "USD"), "-$1,500");
        assert_eq!(money(2500000.0, "CHF"), "CHF 2,500,000");
    }
}
