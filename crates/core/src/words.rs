//! The words and number formats a person reads, written once for every surface: the CLI,
//! the reports (PDF, HTML, XLSX) and — through `ui/src/api/words.json`, generated with the
//! bindings — the app's screens. A figure reads the same wherever it appears.
//!
//! Short money follows one rule, the one the app's screens already used (en-US compact
//! notation): at most one decimal, trailing zeros dropped, K / M / B / T, and a value that
//! rounds up to the next unit takes it ($999,960 → $1M). Exact money (`output::money`) keeps
//! every digit with thousands separators.

use crate::output::RevenueSource;

/// The symbol of a currency, or its code followed by a space.
pub fn currency_prefix(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        other => format!("{other} "),
    }
}

/// Money in short form: $48.2M, $950K, $950.4K, $1.3B, $12.
pub fn money_short(v: f64, currency: &str) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    // Half away from zero, to one decimal, as Intl.NumberFormat rounds.
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    const UNITS: [(f64, &str); 5] = [(1.0, ""), (1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T")];
    let mut i = UNITS.iter().rposition(|(scale, _)| a >= *scale).unwrap_or(0);
    let mut r = round1(a / UNITS[i].0);
    if r >= 1000.0 && i + 1 < UNITS.len() {
        i += 1;
        r = round1(a / UNITS[i].0);
    }
    let digits = if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") };
    format!("{sign}{}{digits}{}", currency_prefix(currency), UNITS[i].1)
}

/// A share as a percentage, as every surface writes it: 0.2643 → "26.4%" (no space, as the
/// app's screens write it), "—" when there is no number.
pub fn percent(share: f64, decimals: usize) -> String {
    if !share.is_finite() {
        return "—".into();
    }
    // Halves away from zero, as the app's `toFixed` rounds (Rust's formatting alone would round
    // an exact half to even: 12.5 → "12").
    let scale = 10f64.powi(decimals as i32);
    format!("{:.*}%", decimals, (share * 100.0 * scale).round() / scale)
}

/// A change as a signed whole percentage: +23%, −4%, ±0%.
pub fn signed_percent(change: f64) -> String {
    let p = (change * 100.0).round();
    if p > 0.0 {
        format!("+{p:.0}%")
    } else if p < 0.0 {
        format!("−{:.0}%", -p)
    } else {
        "±0%".into()
    }
}

/// The names of the bands of a forecast, on every chart and in every sentence: the P10–P90
/// band is where 8 in 10 simulated futures fall, the P25–P75 band half of them.
pub const OUTER_BAND: &str = "P10–P90 (8 in 10 futures)";
pub const INNER_BAND: &str = "P25–P75 (half of futures)";
/// The share of futures in the P10–P90 band, in words.
pub const EIGHT_IN_TEN: &str = "8 in 10 futures";

/// The words of an input's field, after its owner: `partner_types[0].win_rate` reads
/// "Value-added reseller · win rate". Fields not listed read as their key, spaced.
pub const INPUT_FIELDS: [(&str, &str); 23] = [
    ("win_rate", "win rate"),
    ("capacity", "capacity"),
    ("deal_size_factor", "deal size factor"),
    ("churn_per_quarter", "churn per quarter"),
    ("revenue_model.discount", "discount"),
    ("revenue_model.fee", "fee"),
    ("costs.recruit", "recruitment cost"),
    ("costs.per_quarter", "programme cost per quarter"),
    ("deal_size.median", "median deal size"),
    ("deal_size.p90", "deal size P90"),
    ("buy_rate", "buy rate"),
    ("links_per_partner", "links per partner"),
    ("cost_per_quarter", "cost per quarter"),
    ("partner_conflict_reduction", "partner conflict removed"),
    ("direct_conflict_reduction", "direct conflict removed"),
    ("partner_overlap_rate", "partner overlap rate"),
    ("direct_rate", "direct conflict rate"),
    ("loss_share", "share of conflicts lost"),
    ("cost_per_partner_per_quarter", "cost per partner per quarter"),
    ("buy_rate_uplift", "buy-rate uplift"),
    ("churn_reduction", "churn reduction"),
    ("organic_per_quarter", "organic recruits per quarter"),
    ("elasticity", "organic-recruit elasticity"),
];

/// An id or key as words: `mid_market` → "Mid market".
pub fn humanize(id: &str) -> String {
    let spaced: String = id.split(|c| c == '_' || c == '-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let mut c = spaced.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn input_field(rest: &str) -> String {
    let plain = rest.strip_prefix("effects.").unwrap_or(rest);
    INPUT_FIELDS.iter().find(|(k, _)| *k == rest || *k == plain).map_or_else(|| humanize(&plain.replace('.', " ")).to_lowercase(), |(_, v)| v.to_string())
}

/// A readable name for an uncertain input's document path, from the model's own names
/// ("Value-added reseller · win rate", "Accounts · Small business, North America"); a path the
/// studio does not know stays as it is. The app (through `words.json`) and the reports use it.
pub fn input_label(model: &crate::model::MarketModelDoc, path: &str) -> String {
    if path == "(simulation randomness)" {
        return "Simulation randomness".into();
    }
    if path == "market.growth" {
        return "Market growth".into();
    }
    for (list, names) in [
        ("partner_types", model.partner_types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>()),
        ("market.segments", model.market.segments.iter().map(|s| s.name.as_str()).collect()),
        ("patterns", model.patterns.iter().map(|p| p.name.as_str()).collect()),
        ("governance.policies", model.governance.policies.iter().map(|p| p.name.as_str()).collect()),
        ("programs", model.programs.iter().map(|p| p.name.as_str()).collect()),
    ] {
        let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) else { continue };
        let Some((i, field)) = rest.split_once("].") else { continue };
        return match i.parse::<usize>().ok().and_then(|i| names.get(i)) {
            Some(name) => format!("{name} · {}", input_field(field)),
            None => path.to_string(),
        };
    }
    for (what, label) in [("direct_presence", "Direct presence"), ("accounts", "Accounts")] {
        if let Some((seg, reg)) = path.strip_prefix("market.").and_then(|r| r.strip_prefix(what)).and_then(|r| r.strip_prefix('.')).and_then(|r| r.split_once('.')) {
            let seg_name = model.market.segments.iter().find(|s| s.id == seg).map_or_else(|| humanize(seg), |s| s.name.clone());
            let reg_name = model.market.regions.iter().find(|r| r.id == reg).map_or_else(|| humanize(reg), |r| r.name.clone());
            return format!("{label} · {seg_name}, {reg_name}");
        }
    }
    if let Some((ty, field)) = path.strip_prefix("network.partner_types.").and_then(|r| r.split_once('.')) {
        let name = model.partner_types.iter().find(|t| t.id == ty).map_or_else(|| humanize(ty), |t| t.name.clone());
        return format!("{name} · {}", input_field(field));
    }
    if let Some(field) = path.strip_prefix("conflict.") {
        return format!("Conflict · {}", input_field(field));
    }
    path.to_string()
}

/// Every uncertain input of the shipped models with its label, for the UI's test that its
/// screens name inputs by the same rule.
pub fn input_label_cases() -> Vec<serde_json::Value> {
    crate::shipped::MODELS
        .iter()
        .filter_map(|text| crate::model::Model::from_json(text).ok())
        .flat_map(|m| {
            let mut paths = m.inputs.paths.clone();
            paths.extend(["(simulation randomness)".to_string(), "partner_types[99].win_rate".to_string(), "market.accounts.nowhere.mars".to_string()]);
            paths.into_iter().map(move |p| serde_json::json!({ "model": m.doc.id, "path": p, "label": input_label(&m.doc, &p) })).collect::<Vec<_>>()
        })
        .collect()
}

/// What a KPI is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Money,
    Share,
    Count,
    Ratio,
}

impl Unit {
    /// The unit's name in exports (`currency`, `share`, `count`, `ratio`).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Money => "currency",
            Unit::Share => "share",
            Unit::Count => "count",
            Unit::Ratio => "ratio",
        }
    }
}

/// A value of the KPI with id `kpi` in its unit: money in full (`short`: "$4.2M"), a share as
/// a percentage, a ratio as "1.38×", a count whole. An id the studio does not know is money.
pub fn kpi_value(kpi: &str, v: f64, currency: &str, short: bool) -> String {
    match Kpi::from_id(kpi).map_or(Unit::Money, Kpi::unit) {
        Unit::Share => percent(v, 1),
        Unit::Ratio => format!("{v:.2}×"),
        Unit::Count => crate::output::group(v, 0),
        Unit::Money if short => money_short(v, currency),
        Unit::Money => crate::output::money(v, currency),
    }
}

/// A run's headline KPIs: their ids (the fields of `output::Kpis`), the names a reader sees,
/// their units and what each means, in one place for the reports and the screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kpi {
    TotalRevenue,
    FinalQuarterRevenue,
    Bookings,
    ArrFinal,
    NetRevenueRetention,
    CoverageFinal,
    NetContribution,
    TotalCosts,
    InterPartnerRevenue,
    RevenueWithoutCollaboration,
    NetInterPartnerValue,
    EcosystemMultiplier,
    ReferralsUnserved,
    CollaborationUnserved,
    ActivePartnersFinal,
    ProbabilityOfTarget,
}

impl Kpi {
    pub const ALL: [Kpi; 16] = [
        Kpi::TotalRevenue,
        Kpi::FinalQuarterRevenue,
        Kpi::Bookings,
        Kpi::ArrFinal,
        Kpi::NetRevenueRetention,
        Kpi::CoverageFinal,
        Kpi::NetContribution,
        Kpi::TotalCosts,
        Kpi::InterPartnerRevenue,
        Kpi::RevenueWithoutCollaboration,
        Kpi::NetInterPartnerValue,
        Kpi::EcosystemMultiplier,
        Kpi::ReferralsUnserved,
        Kpi::CollaborationUnserved,
        Kpi::ActivePartnersFinal,
        Kpi::ProbabilityOfTarget,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kpi::TotalRevenue => "total_revenue",
            Kpi::FinalQuarterRevenue => "final_quarter_revenue",
            Kpi::Bookings => "bookings",
            Kpi::ArrFinal => "arr_final",
            Kpi::NetRevenueRetention => "net_revenue_retention",
            Kpi::NetInterPartnerValue => "net_inter_partner_value",
            Kpi::ReferralsUnserved => "referrals_unserved",
            Kpi::CollaborationUnserved => "collaboration_unserved",
            Kpi::CoverageFinal => "coverage_final",
            Kpi::NetContribution => "net_contribution",
            Kpi::TotalCosts => "total_costs",
            Kpi::InterPartnerRevenue => "inter_partner_revenue",
            Kpi::RevenueWithoutCollaboration => "revenue_without_collaboration",
            Kpi::EcosystemMultiplier => "ecosystem_multiplier",
            Kpi::ActivePartnersFinal => "active_partners_final",
            Kpi::ProbabilityOfTarget => "probability_of_target",
        }
    }

    pub fn from_id(id: &str) -> Option<Kpi> {
        Kpi::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The name a reader sees, in tables, cards and charts.
    pub fn label(self) -> &'static str {
        match self {
            Kpi::TotalRevenue => "Total revenue",
            Kpi::FinalQuarterRevenue => "Final-quarter revenue",
            Kpi::Bookings => "Bookings (new ACV)",
            Kpi::ArrFinal => "ARR at the end",
            Kpi::NetRevenueRetention => "Net revenue retention",
            Kpi::NetInterPartnerValue => "Net inter-partner value",
            Kpi::ReferralsUnserved => "Referrals the receivers had no room for",
            Kpi::CollaborationUnserved => "Collaborative deals the receivers had no room for",
            Kpi::CoverageFinal => "Market coverage (final quarter)",
            Kpi::NetContribution => "Net contribution",
            Kpi::TotalCosts => "Partner programme costs",
            Kpi::InterPartnerRevenue => "Inter-partner revenue",
            Kpi::RevenueWithoutCollaboration => "Revenue without collaboration",
            Kpi::EcosystemMultiplier => "Ecosystem multiplier",
            Kpi::ActivePartnersFinal => "Active partners (final quarter)",
            Kpi::ProbabilityOfTarget => "Chance of meeting the target",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Kpi::CoverageFinal | Kpi::ProbabilityOfTarget | Kpi::NetRevenueRetention => Unit::Share,
            Kpi::EcosystemMultiplier => Unit::Ratio,
            Kpi::ActivePartnersFinal | Kpi::ReferralsUnserved | Kpi::CollaborationUnserved => Unit::Count,
            _ => Unit::Money,
        }
    }

    /// What it means, in one line.
    pub fn meaning(self) -> &'static str {
        match self {
            Kpi::TotalRevenue => "Vendor net revenue recognised over the horizon",
            Kpi::FinalQuarterRevenue => "Net revenue in the last quarter: the run rate the ecosystem exits with",
            Kpi::Bookings => "New annual contract value won over the horizon, net of partner shares",
            Kpi::ArrFinal => "Annual recurring revenue of the partner-sourced customers at the end",
            Kpi::NetRevenueRetention => "ARR kept and grown over the last four quarters by the customers of a year before",
            Kpi::NetInterPartnerValue => "Inter-partner revenue minus what collaboration costs",
            Kpi::ReferralsUnserved => "Referred opportunities lost because the receiving partner had no room",
            Kpi::CollaborationUnserved => "Collaborative deals asked of receiving partners who had no capacity left",
            Kpi::CoverageFinal => "Share of the market's accounts that are customers or were worked in the last quarter",
            Kpi::NetContribution => "Revenue minus every ecosystem cost",
            Kpi::TotalCosts => "Recruitment, programme, pattern and policy costs over the horizon",
            Kpi::InterPartnerRevenue => "Revenue that exists only because partners collaborate",
            Kpi::RevenueWithoutCollaboration => "What the same partners would bring working alone",
            Kpi::EcosystemMultiplier => "Mean revenue ÷ mean revenue without collaboration",
            Kpi::ActivePartnersFinal => "Partners active in the last quarter",
            Kpi::ProbabilityOfTarget => "Share of futures that meet the scenario's target",
        }
    }
}

/// Values and their short-money text, for the UI's test that its screens write money by the
/// same rule (generated into `ui/src/api/words.json`).
pub fn money_short_cases() -> Vec<(f64, &'static str, String)> {
    let values: [(f64, &str); 16] = [
        (0.0, "USD"),
        (12.0, "USD"),
        (950.4, "USD"),
        (12_000.0, "USD"),
        (12_345.0, "USD"),
        (950_000.0, "USD"),
        (950_400.0, "USD"),
        (999_960.0, "USD"),
        (1_234_567.0, "USD"),
        (42_473_245.0, "USD"),
        (45_000_000.0, "USD"),
        (1_234_567_890.0, "USD"),
        (2_500_000_000_000.0, "USD"),
        (-950_400.0, "EUR"),
        (48_215_000.0, "GBP"),
        (-3_210.0, "USD"),
    ];
    values.iter().map(|&(v, c)| (v, c, money_short(v, c))).collect()
}

/// Shares and their percentage text at 0 and 1 decimals, for the same test of `percent`.
pub fn percent_cases() -> Vec<(f64, usize, String)> {
    let values = [0.0, 0.2643, 0.05, 0.999, 1.0, 0.0004, 0.125, 1.384];
    values.iter().flat_map(|&v| [0, 1].map(|d| (v, d, percent(v, d)))).collect()
}

/// Everything the UI takes from here, as the JSON of `ui/src/api/words.json`.
pub fn words_json() -> serde_json::Value {
    let sources: serde_json::Map<String, serde_json::Value> = RevenueSource::ALL.iter().map(|s| (s.id().to_string(), s.label().into())).collect();
    let cases: Vec<serde_json::Value> = money_short_cases().into_iter().map(|(value, currency, text)| serde_json::json!({ "value": value, "currency": currency, "text": text })).collect();
    let kpis: serde_json::Map<String, serde_json::Value> = Kpi::ALL
        .iter()
        .map(|k| (k.id().to_string(), serde_json::json!({ "label": k.label(), "unit": k.unit().name(), "meaning": k.meaning() })))
        .collect();
    serde_json::json!({
        "_generated": "from crates/core/src/words.rs by `cargo xtask bindings`; do not edit",
        "engine_version": crate::ENGINE_VERSION,
        "kpis": kpis,
        "sources": sources,
        "money_short": cases,
        "percent": percent_cases().into_iter().map(|(value, decimals, text)| serde_json::json!({ "value": value, "decimals": decimals, "text": text })).collect::<Vec<_>>(),
        "bands": { "outer": OUTER_BAND, "inner": INNER_BAND, "eight_in_ten": EIGHT_IN_TEN },
        "input_fields": INPUT_FIELDS.iter().map(|(k, v)| (k.to_string(), serde_json::Value::from(*v))).collect::<serde_json::Map<_, _>>(),
        "input_labels": input_label_cases(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_money_follows_one_rule() {
        assert_eq!(money_short(48_215_000.0, "USD"), "$48.2M");
        assert_eq!(money_short(950_000.0, "USD"), "$950K");
        assert_eq!(money_short(-950_400.0, "EUR"), "-€950.4K");
        assert_eq!(money_short(1_234_567_890.0, "USD"), "$1.2B");
        assert_eq!(money_short(1_250_000_000.0, "CHF"), "CHF 1.3B");
        assert_eq!(money_short(999_960.0, "USD"), "$1M");
        assert_eq!(money_short(12.0, "USD"), "$12");
        assert_eq!(money_short(f64::NAN, "USD"), "—");
    }
}
