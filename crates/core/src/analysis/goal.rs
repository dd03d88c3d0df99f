//! What a forecast must achieve, as a person writes it: `p(total_revenue >= 45e6) >= 0.8`,
//! `p10(total_revenue) >= 40M`, `mean(net_contribution) >= 0`. Requirement solving searches a
//! lever until its goal holds; the brief quotes it.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::sensitivity::KPIS;
use crate::stats::quantile_sorted;

/// The statistic of a KPI's distribution over trials that a goal constrains.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Statistic {
    /// The share of trials whose KPI is at least (or, `above` false, at most) `threshold`.
    Probability { threshold: f64, above: bool },
    /// The KPI's percentile `p` (0.1 = P10), across trials.
    Percentile { p: f64 },
    /// The KPI's mean across trials.
    Mean,
}

/// `statistic(kpi) >= value` (or `<=` when `at_least` is false).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Goal {
    /// One of the sensitivity KPIs: total_revenue, final_quarter_revenue, coverage_final,
    /// net_contribution, inter_partner_revenue, ecosystem_multiplier.
    pub kpi: String,
    pub statistic: Statistic,
    pub at_least: bool,
    pub value: f64,
}

/// A number as people write them in a goal: `45e6`, `45000000`, `45M`, `1.2B`, `950k`, `80%`.
pub fn parse_amount(s: &str) -> Option<f64> {
    let s = s.trim().replace(['_', ','], "");
    let s = s.trim_start_matches('$');
    let (num, scale) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1e3),
        'm' | 'M' => (&s[..s.len() - 1], 1e6),
        'b' | 'B' => (&s[..s.len() - 1], 1e9),
        '%' => (&s[..s.len() - 1], 0.01),
        _ => (s, 1.0),
    };
    let v: f64 = num.trim().parse().ok()?;
    (v.is_finite()).then_some(v * scale)
}

fn split_cmp(s: &str) -> Option<(&str, bool, &str)> {
    for (op, at_least) in [(">=", true), ("<=", false), ("≥", true), ("≤", false), (">", true), ("<", false)] {
        if let Some((l, r)) = s.split_once(op) {
            return Some((l.trim(), at_least, r.trim()));
        }
    }
    None
}

impl Goal {
    /// Parse a goal as written on the command line or in the app.
    pub fn parse(text: &str) -> Result<Goal, String> {
        let form = "a goal looks like \"p(total_revenue >= 45e6) >= 0.8\", \"p10(total_revenue) >= 40M\" or \"mean(net_contribution) >= 0\"";
        let t = text.trim();
        let open = t.find('(').ok_or_else(|| format!("{form}; got {text:?}"))?;
        let close = t.rfind(')').filter(|&c| c > open).ok_or_else(|| format!("{form}; got {text:?} (no closing parenthesis)"))?;
        let head = t[..open].trim().to_ascii_lowercase();
        let inner = t[open + 1..close].trim();
        let (_, at_least, rhs) = split_cmp(&t[close + 1..]).ok_or_else(|| format!("{form}; got {text:?} (no comparison after the parenthesis)"))?;
        let value = parse_amount(rhs).ok_or_else(|| format!("the goal's value must be a number, got {rhs:?}"))?;
        let check_kpi = |k: &str| -> Result<String, String> {
            let k = k.trim();
            if KPIS.iter().any(|(n, _)| *n == k) {
                Ok(k.to_string())
            } else {
                Err(format!("unknown KPI {k:?} in the goal; one of {}", KPIS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")))
            }
        };
        let (kpi, statistic) = match head.as_str() {
            "p" | "prob" | "probability" => {
                let (k, above, x) = split_cmp(inner).ok_or_else(|| format!("a probability goal names a KPI and a threshold, e.g. p(total_revenue >= 45e6); got {inner:?}"))?;
                let threshold = parse_amount(x).ok_or_else(|| format!("the threshold must be a number, got {x:?}"))?;
                if !(0.0..=1.0).contains(&value) {
                    return Err(format!("a probability goal's value must be between 0 and 1 (or 0% and 100%), got {rhs}"));
                }
                (check_kpi(k)?, Statistic::Probability { threshold, above })
            }
            "mean" | "average" => (check_kpi(inner)?, Statistic::Mean),
            "median" => (check_kpi(inner)?, Statistic::Percentile { p: 0.5 }),
            h if h.starts_with('p') && h[1..].parse::<f64>().is_ok() => {
                let p: f64 = h[1..].parse().expect("checked");
                if !(p > 0.0 && p < 100.0) {
                    return Err(format!("a percentile must be between P0 and P100 (exclusive), got {h:?}"));
                }
                (check_kpi(inner)?, Statistic::Percentile { p: p / 100.0 })
            }
            _ => return Err(format!("{form}; {head:?} is not p, pNN, median or mean")),
        };
        let g = Goal { kpi, statistic, at_least, value };
        g.check()?;
        Ok(g)
    }

    /// Check a goal built in code or sent by the app.
    pub fn check(&self) -> Result<(), String> {
        if !KPIS.iter().any(|(n, _)| *n == self.kpi) {
            return Err(format!("goal.kpi: unknown KPI {:?}", self.kpi));
        }
        if !self.value.is_finite() {
            return Err(format!("goal.value: must be a finite number, got {}", self.value));
        }
        match self.statistic {
            Statistic::Probability { threshold, .. } if !threshold.is_finite() => Err(format!("goal.statistic.threshold: must be a finite number, got {threshold}")),
            Statistic::Probability { .. } if !(0.0..=1.0).contains(&self.value) => Err(format!("goal.value: a probability must be between 0 and 1, got {}", self.value)),
            Statistic::Percentile { p } if !(p > 0.0 && p < 1.0) => Err(format!("goal.statistic.p: a percentile must be between 0 and 1 (0.1 = P10), got {p}")),
            _ => Ok(()),
        }
    }

    /// The KPI's per-trial column in an engine result.
    pub fn column(&self) -> usize {
        KPIS.iter().find(|(n, _)| *n == self.kpi).map(|&(_, c)| c).expect("checked KPI")
    }

    /// The goal's statistic over some trials' KPI values.
    pub fn statistic_of(&self, values: &[f64]) -> f64 {
        let n = values.len().max(1) as f64;
        match self.statistic {
            Statistic::Probability { threshold, above } => values.iter().filter(|&&v| if above { v >= threshold } else { v <= threshold }).count() as f64 / n,
            Statistic::Mean => values.iter().sum::<f64>() / n,
            Statistic::Percentile { p } => {
                let mut s = values.to_vec();
                s.sort_by(f64::total_cmp);
                quantile_sorted(&s, p)
            }
        }
    }

    /// Whether a value of the statistic meets the goal.
    pub fn met_by(&self, statistic: f64) -> bool {
        if self.at_least {
            statistic >= self.value
        } else {
            statistic <= self.value
        }
    }

    /// The standard error of the statistic over `values` (a normal approximation): how far it
    /// moves with the dice alone.
    pub fn noise(&self, values: &[f64]) -> f64 {
        let n = values.len().max(1) as f64;
        let sd = {
            let m = values.iter().sum::<f64>() / n;
            (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt()
        };
        match self.statistic {
            Statistic::Probability { .. } => {
                let p = self.statistic_of(values);
                (p * (1.0 - p) / n).sqrt().max(0.5 / n)
            }
            Statistic::Mean => sd / n.sqrt(),
            // A percentile of a normal sample: √(p(1−p)/n) / φ(z_p) standard deviations.
            Statistic::Percentile { p } => {
                let z = crate::stats::linalg::std_normal_quantile(p);
                let phi = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
                sd * (p * (1.0 - p) / n).sqrt() / phi
            }
        }
    }

    /// The goal in words: "P(total revenue ≥ 45,000,000) ≥ 80%".
    pub fn text(&self) -> String {
        let kpi = self.kpi.replace('_', " ");
        let cmp = if self.at_least { "≥" } else { "≤" };
        let num = |v: f64| crate::output::group(v, if v.abs() < 10.0 && v.fract() != 0.0 { 2 } else { 0 });
        match self.statistic {
            Statistic::Probability { threshold, above } => format!("P({kpi} {} {}) {cmp} {}", if above { "≥" } else { "≤" }, num(threshold), crate::words::percent(self.value, 0)),
            Statistic::Percentile { p } => format!("P{}({kpi}) {cmp} {}", crate::output::group(p * 100.0, 0), num(self.value)),
            Statistic::Mean => format!("mean({kpi}) {cmp} {}", num(self.value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_people_write() {
        let g = Goal::parse("p(total_revenue >= 45e6) >= 0.8").unwrap();
        assert_eq!(g, Goal { kpi: "total_revenue".into(), statistic: Statistic::Probability { threshold: 45e6, above: true }, at_least: true, value: 0.8 });
        let g = Goal::parse("P10(total_revenue) >= 40M").unwrap();
        assert_eq!(g.statistic, Statistic::Percentile { p: 0.1 });
        assert_eq!(g.value, 40e6);
        let g = Goal::parse("mean(net_contribution) <= 1.5k").unwrap();
        assert!(!g.at_least);
        assert_eq!(g.value, 1500.0);
        assert_eq!(Goal::parse("p(coverage_final >= 40%) >= 90%").unwrap().value, 0.9);
        assert!(Goal::parse("p(revenue >= 1) >= 0.5").unwrap_err().contains("unknown KPI \"revenue\""));
        assert!(Goal::parse("p(total_revenue >= 1) >= 2").unwrap_err().contains("between 0 and 1"));
        assert!(Goal::parse("total_revenue >= 3").is_err());
        assert!(Goal::parse("p200(total_revenue) >= 3").is_err());
    }

    #[test]
    fn statistics_over_values() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(Goal::parse("p(total_revenue >= 8) >= 0.3").unwrap().statistic_of(&v), 0.3);
        assert_eq!(Goal::parse("mean(total_revenue) >= 0").unwrap().statistic_of(&v), 5.5);
        assert!((Goal::parse("median(total_revenue) >= 0").unwrap().statistic_of(&v) - 5.5).abs() < 1e-12);
    }
}
