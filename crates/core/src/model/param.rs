//! Uncertain numbers.
//!
//! Any numeric input of a market model may be a plain number or a distribution that expresses
//! *uncertainty about the world*: the engine samples it once per trial. This module owns the
//! document form ([`Param`]), its validation against the domain of the field it fills
//! ([`Domain`]), and the validated form ([`Quantity`]) whose quantile function the engine calls
//! with a uniform number (so Monte Carlo and Latin hypercube sampling share one path, and the
//! tornado analysis can ask for P10 and P90 directly).

#[cfg(feature = "ts")]
use ts_rs::TS;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use statrs::distribution::{Beta as StatBeta, ContinuousCDF};

use super::validate::Problems;

// The normal quantile lives with the statistics; named here too for the engine's callers.
pub use crate::stats::linalg::{std_normal_quantile, Z90};

/// A number, or a distribution of the number sampled once per trial.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(untagged)]
pub enum Param {
    /// A known value.
    Fixed(f64),
    /// An uncertain value.
    Dist(Dist),
}

impl From<f64> for Param {
    fn from(v: f64) -> Self {
        Param::Fixed(v)
    }
}

/// The distributions people use to state an uncertain number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum Dist {
    /// Normal with mean and standard deviation (sampled values are clipped to the field's range).
    Normal { mean: f64, sd: f64 },
    /// Lognormal given its median and 90th percentile (p90 > median > 0).
    Lognormal { median: f64, p90: f64 },
    /// Beta on [0, 1] with shape parameters alpha, beta > 0.
    Beta { alpha: f64, beta: f64 },
    /// Triangular on [min, max] with the given mode.
    Triangular { min: f64, mode: f64, max: f64 },
    /// PERT (a beta shaped by min, most likely and max, weight 4).
    Pert { min: f64, mode: f64, max: f64 },
    /// Uniform on [min, max].
    Uniform { min: f64, max: f64 },
}

impl<'de> Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Number(n) => n
                .as_f64()
                .map(Param::Fixed)
                .ok_or_else(|| D::Error::custom("number out of range")),
            serde_json::Value::Object(ref o) if o.contains_key("dist") => {
                serde_json::from_value::<Dist>(v).map(Param::Dist).map_err(D::Error::custom)
            }
            serde_json::Value::Object(_) => Err(D::Error::custom(
                "expected a number or a distribution object with a \"dist\" field \
                 (normal, lognormal, beta, triangular, pert, uniform)",
            )),
            other => Err(D::Error::custom(format!(
                "expected a number or a distribution object, got {}",
                json_kind(&other)
            ))),
        }
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The largest amount of money the studio simulates (a deal, a cost): every product it forms
/// stays finite.
pub const MAX_MONEY: f64 = 1e12;
/// The largest count per quarter (accounts a partner works, links, referrals a link asks for).
pub const MAX_COUNT: f64 = 1e6;
/// The largest deal-size factor of a partner type.
pub const MAX_FACTOR: f64 = 100.0;
/// The largest growth rate or uplift (+1,000%).
pub const MAX_UPLIFT: f64 = 10.0;
/// The largest elasticity (organic recruits ∝ driver^elasticity).
pub const MAX_ELASTICITY: f64 = 3.0;
/// Beta shape parameters outside this range make sampling degenerate or slow.
pub const BETA_SHAPES: (f64, f64) = (0.01, 10_000.0);

/// The range of values a field accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Domain {
    /// A probability or share: [0, 1].
    Probability,
    /// A share that must leave something: [0, 1).
    Fraction,
    /// A count per quarter (accounts, links, referrals, deals): 0 to [`MAX_COUNT`].
    NonNegative,
    /// An amount of money that must be positive (a deal size): above 0, up to [`MAX_MONEY`].
    Positive,
    /// An amount of money (a cost): 0 to [`MAX_MONEY`].
    Money,
    /// A multiplier on deal size: above 0, up to [`MAX_FACTOR`].
    Factor,
    /// A growth rate or uplift: greater than -1, up to [`MAX_UPLIFT`].
    Growth,
    /// A change per quarter: between -0.5 and 0.5.
    QuarterlyChange,
    /// A rise that cannot be negative (a program's effect): 0 to [`MAX_UPLIFT`].
    Uplift,
    /// How strongly one quantity follows another (an exponent): 0 to [`MAX_ELASTICITY`].
    Elasticity,
}

impl Domain {
    fn contains(self, x: f64) -> bool {
        x.is_finite()
            && match self {
                Domain::Probability => (0.0..=1.0).contains(&x),
                Domain::Fraction => (0.0..1.0).contains(&x),
                Domain::NonNegative => (0.0..=MAX_COUNT).contains(&x),
                Domain::Positive => x > 0.0 && x <= MAX_MONEY,
                Domain::Money => (0.0..=MAX_MONEY).contains(&x),
                Domain::Factor => x > 0.0 && x <= MAX_FACTOR,
                Domain::Growth => x > -1.0 && x <= MAX_UPLIFT,
                Domain::QuarterlyChange => (-0.5..=0.5).contains(&x),
                Domain::Uplift => (0.0..=MAX_UPLIFT).contains(&x),
                Domain::Elasticity => (0.0..=MAX_ELASTICITY).contains(&x),
            }
    }
    fn rule(self) -> &'static str {
        match self {
            Domain::Probability => "must be between 0 and 1",
            Domain::Fraction => "must be at least 0 and below 1",
            Domain::NonNegative => "must be between 0 and 1,000,000 (the most the studio simulates per quarter)",
            Domain::Positive => "must be greater than 0 and at most 1,000,000,000,000",
            Domain::Money => "must be between 0 and 1,000,000,000,000",
            Domain::Factor => "must be greater than 0 and at most 100",
            Domain::Growth => "must be greater than -1 (-100%) and at most 10 (+1,000%)",
            Domain::QuarterlyChange => "must be between -0.5 and 0.5 (-50 % to +50 % a quarter)",
            Domain::Uplift => "must be between 0 and 10 (+1,000%)",
            Domain::Elasticity => "must be between 0 and 3",
        }
    }
    /// Clamp a sampled value into the domain (normal tails are clipped, not rejected).
    fn clamp(self, x: f64) -> f64 {
        match self {
            Domain::Probability => x.clamp(0.0, 1.0),
            Domain::Fraction => x.clamp(0.0, 0.999_999),
            Domain::NonNegative => x.clamp(0.0, MAX_COUNT),
            Domain::Positive => x.clamp(f64::MIN_POSITIVE, MAX_MONEY),
            Domain::Money => x.clamp(0.0, MAX_MONEY),
            Domain::Factor => x.clamp(f64::MIN_POSITIVE, MAX_FACTOR),
            Domain::Growth => x.clamp(-0.999_999, MAX_UPLIFT),
            Domain::QuarterlyChange => x.clamp(-0.5, 0.5),
            Domain::Uplift => x.clamp(0.0, MAX_UPLIFT),
            Domain::Elasticity => x.clamp(0.0, MAX_ELASTICITY),
        }
    }
}

/// A validated number: fixed, or a distribution with a slot in the per-trial sample vector.
#[derive(Debug, Clone)]
pub enum Quantity {
    Fixed(f64),
    Uncertain(Uncertain),
}

/// A validated distribution with the index of its uniform in each trial's draw vector.
#[derive(Debug, Clone)]
pub struct Uncertain {
    pub index: usize,
    pub path: String,
    pub dist: Dist,
    domain: Domain,
    beta: Option<(StatBeta, f64, f64)>,
}

impl Quantity {
    /// The value for a trial whose uniform draws are `u`.
    #[inline]
    pub fn value(&self, u: &[f64]) -> f64 {
        match self {
            Quantity::Fixed(v) => *v,
            Quantity::Uncertain(d) => d.quantile(u[d.index]),
        }
    }
    /// The value with no uncertainty: the distribution's mean (clamped to the domain).
    pub fn base(&self) -> f64 {
        match self {
            Quantity::Fixed(v) => *v,
            Quantity::Uncertain(d) => d.mean(),
        }
    }
    /// The largest value a trial can draw (for bounds on a run's work): a fixed value, or the
    /// distribution's quantile at 1 − 10⁻⁹ (clamped to the domain).
    pub fn upper(&self) -> f64 {
        match self {
            Quantity::Fixed(v) => *v,
            Quantity::Uncertain(d) => d.quantile(1.0 - 1e-9),
        }
    }
    pub fn is_uncertain(&self) -> bool {
        matches!(self, Quantity::Uncertain(_))
    }
}

impl Uncertain {
    /// Inverse CDF of the distribution at `p` in (0, 1), clamped to the field's domain.
    pub fn quantile(&self, p: f64) -> f64 {
        let p = p.clamp(1e-12, 1.0 - 1e-12);
        let x = match self.dist {
            Dist::Normal { mean, sd } => mean + sd * std_normal_quantile(p),
            Dist::Lognormal { median, p90 } => {
                let sigma = (p90 / median).ln() / Z90;
                median * (sigma * std_normal_quantile(p)).exp()
            }
            Dist::Uniform { min, max } => min + p * (max - min),
            Dist::Triangular { min, mode, max } => {
                let fc = (mode - min) / (max - min);
                if p < fc {
                    min + ((max - min) * (mode - min) * p).sqrt()
                } else {
                    max - ((max - min) * (max - mode) * (1.0 - p)).sqrt()
                }
            }
            Dist::Beta { .. } | Dist::Pert { .. } => {
                let (b, lo, hi) = self.beta.as_ref().expect("beta built at validation");
                lo + (hi - lo) * b.inverse_cdf(p)
            }
        };
        self.domain.clamp(x)
    }
    /// The distribution's mean (clamped to the field's domain).
    pub fn mean(&self) -> f64 {
        self.domain.clamp(self.dist.mean())
    }
}

/// Registry of the uncertain inputs met while validating, in document order.
#[derive(Debug, Default, Clone)]
pub struct UncertainInputs {
    pub paths: Vec<String>,
    /// The distribution of each input, by index.
    pub dists: Vec<Uncertain>,
}

impl UncertainInputs {
    /// Input `j`'s values at two probabilities (e.g. its P10 and P90).
    pub fn quantiles(&self, j: usize, lo: f64, hi: f64) -> (f64, f64) {
        (self.dists[j].quantile(lo), self.dists[j].quantile(hi))
    }
}

impl Dist {
    /// The distribution's mean.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Normal { mean, .. } => mean,
            Dist::Lognormal { median, p90 } => {
                let sigma = (p90 / median).ln() / Z90;
                median * (0.5 * sigma * sigma).exp()
            }
            Dist::Uniform { min, max } => 0.5 * (min + max),
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Beta { alpha, beta } => alpha / (alpha + beta),
            Dist::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
        }
    }
}

impl Param {
    /// The value with no uncertainty: a fixed value, or the distribution's mean (unclamped: a
    /// document's parameter does not know its field's domain until it is validated).
    pub fn mean(&self) -> f64 {
        match self {
            Param::Fixed(v) => *v,
            Param::Dist(d) => d.mean(),
        }
    }

    /// Validate against `domain`, recording problems under `path`, and give the validated form.
    pub fn check(
        &self,
        path: &str,
        domain: Domain,
        problems: &mut Problems,
        inputs: &mut UncertainInputs,
    ) -> Quantity {
        match self {
            Param::Fixed(v) => {
                if !domain.contains(*v) {
                    problems.push(path, format!("{}, got {}", domain.rule(), fmt_num(*v)));
                }
                Quantity::Fixed(*v)
            }
            Param::Dist(d) => {
                let before = problems.len();
                let mut need = |ok: bool, field: &str, msg: String| {
                    if !ok {
                        problems.push(&format!("{path}.{field}"), msg);
                    }
                };
                let finite = |x: f64| x.is_finite();
                let in_domain = |field: &str, x: f64, problems: &mut Problems| {
                    if !domain.contains(x) {
                        problems.push(
                            &format!("{path}.{field}"),
                            format!("{}, got {}", domain.rule(), fmt_num(x)),
                        );
                    }
                };
                match *d {
                    Dist::Normal { mean, sd } => {
                        need(finite(sd) && sd > 0.0, "sd", format!("must be greater than 0, got {}", fmt_num(sd)));
                        in_domain("mean", mean, problems);
                    }
                    Dist::Lognormal { median, p90 } => {
                        need(finite(median) && median > 0.0, "median", format!("must be greater than 0, got {}", fmt_num(median)));
                        need(
                            finite(p90) && p90 > median,
                            "p90",
                            format!("must be greater than the median ({}), got {}", fmt_num(median), fmt_num(p90)),
                        );
                        in_domain("median", median, problems);
                    }
                    Dist::Beta { alpha, beta } => {
                        let (lo, hi) = BETA_SHAPES;
                        let shape = |x: f64| finite(x) && (lo..=hi).contains(&x);
                        let rule = "must be between 0.01 and 10,000 (outside, sampling is degenerate or slow)";
                        need(shape(alpha), "alpha", format!("{rule}, got {}", fmt_num(alpha)));
                        need(shape(beta), "beta", format!("{rule}, got {}", fmt_num(beta)));
                    }
                    Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
                        let ordered = finite(min) && finite(mode) && finite(max) && min <= mode && mode <= max && min < max;
                        need(
                            ordered,
                            "mode",
                            format!(
                                "must satisfy min <= mode <= max with min < max, got min {}, mode {}, max {}",
                                fmt_num(min),
                                fmt_num(mode),
                                fmt_num(max)
                            ),
                        );
                        in_domain("min", min, problems);
                        in_domain("max", max, problems);
                    }
                    Dist::Uniform { min, max } => {
                        need(
                            finite(min) && finite(max) && min < max,
                            "max",
                            format!("must be greater than min ({}), got {}", fmt_num(min), fmt_num(max)),
                        );
                        in_domain("min", min, problems);
                        in_domain("max", max, problems);
                    }
                }
                if problems.len() > before {
                    return Quantity::Fixed(f64::NAN);
                }
                let beta = match *d {
                    Dist::Beta { alpha, beta } => StatBeta::new(alpha, beta).ok().map(|b| (b, 0.0, 1.0)),
                    Dist::Pert { min, mode, max } => {
                        let a = 1.0 + 4.0 * (mode - min) / (max - min);
                        let b = 1.0 + 4.0 * (max - mode) / (max - min);
                        StatBeta::new(a, b).ok().map(|bd| (bd, min, max))
                    }
                    _ => None,
                };
                let index = inputs.paths.len();
                inputs.paths.push(path.to_string());
                let u = Uncertain { index, path: path.to_string(), dist: d.clone(), domain, beta };
                inputs.dists.push(u.clone());
                Quantity::Uncertain(u)
            }
        }
    }
}

/// Format a number for a message: integers without a fraction, others as given.
pub fn fmt_num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.is_finite() && x != 0.0 && (x.abs() >= 1e15 || x.abs() < 1e-6) {
        // 1e308, not three hundred digits; 1e-300, not three hundred zeros.
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}
