//! Parse → validate → trusted form.
//!
//! A document is read in three steps, each with its own kind of error: JSON syntax (line and
//! column), `schema_version` (a file from a newer studio is refused before anything else is
//! judged), structure (field names and types, with the path of the first mismatch), and
//! meaning (every broken rule, each with its path). Only a document that passes all of them
//! becomes a [`Model`] or [`Scenario`], whose ids are resolved to indices and whose numbers are
//! known to be in range, so the engine needs no defensive checks.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::doc::*;
use super::param::{fmt_num, Domain, Quantity, UncertainInputs};

/// One broken rule at one place in a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    /// Where, as `partner_types[2].win_rate.mean`.
    pub path: String,
    /// What is wrong, as `must be between 0 and 1, got 1.4`.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == ROOT_PATH {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, path: &str, message: impl Into<String>) {
        self.0.push(Problem { path: path.to_string(), message: message.into() });
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why a document could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    #[error("{}", list(.0))]
    Invalid(Problems),
}

fn list(p: &Problems) -> String {
    let mut s = format!("{} problem{}:", p.len(), if p.len() == 1 { "" } else { "s" });
    for pr in &p.0 {
        s.push_str("\n  - ");
        s.push_str(&pr.to_string());
    }
    s
}

impl LoadError {
    /// The problems as a list, whatever the kind of error.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            LoadError::Invalid(p) => p.0.clone(),
            other => vec![Problem { path: String::new(), message: other.to_string() }],
        }
    }
}

/// JSON text as a value, refusing a key that appears twice in one object (plain JSON keeps the
/// last silently, so an edit that added a second `"growth"` would hide the first).
pub fn strict_json(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
    struct Strict;
    impl<'de> DeserializeSeed<'de> for Strict {
        type Value = serde_json::Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Strict {
        type Value = serde_json::Value;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(v.into())
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(v.into())
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(v.into())
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(v.into())
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(v.into())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(serde_json::Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut v = Vec::new();
            while let Some(x) = seq.next_element_seed(Strict)? {
                v.push(x);
            }
            Ok(serde_json::Value::Array(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut o = serde_json::Map::new();
            while let Some(k) = map.next_key::<String>()? {
                if o.contains_key(&k) {
                    return Err(A::Error::custom(format!("duplicate key {k:?} (a key may appear once in an object)")));
                }
                let v = map.next_value_seed(Strict)?;
                o.insert(k, v);
            }
            Ok(serde_json::Value::Object(o))
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let v = Strict.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Parse JSON text into a document type, checking the schema version first.
pub fn parse_doc<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, LoadError> {
    let value: serde_json::Value = strict_json(text).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string().split(" at line").next().unwrap_or_default().to_string(),
    })?;
    let mut problems = Problems::default();
    match value.get("schema_version") {
        None => problems.push("schema_version", format!("is missing; a {what} must say which schema version it follows (this studio reads {SCHEMA_VERSION})")),
        Some(v) => match v.as_u64() {
            Some(n) if (OLDEST_SCHEMA_VERSION as u64..=SCHEMA_VERSION as u64).contains(&n) => {}
            Some(n) if n > SCHEMA_VERSION as u64 => problems.push(
                "schema_version",
                format!("is {n}, written by a newer version of Ecosim Studio; this version reads up to {SCHEMA_VERSION}. Update the studio to open it"),
            ),
            _ => problems.push("schema_version", format!("must be {OLDEST_SCHEMA_VERSION} or {SCHEMA_VERSION}, got {v}")),
        },
    }
    if !value.is_object() {
        problems.0.clear();
        problems.push(ROOT_PATH, format!("a {what} must be a JSON object"));
    }
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let mut p = Problems::default();
        let message = e.into_inner().to_string();
        // A missing field is named by its own path (`market.regions`), not its parent's.
        match message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
            Some(field) => p.push(&if path.is_empty() { field.to_string() } else { format!("{path}.{field}") }, "is missing"),
            None => p.push(if path.is_empty() { ROOT_PATH } else { &path }, plain_type_error(&message)),
        }
        LoadError::Invalid(p)
    })
}

/// The path a problem of the whole document is reported at (it is not valid JSON of its kind
/// at all): every problem names where it is, and this is where "the document itself" is.
pub const ROOT_PATH: &str = "(document)";

/// serde's type errors for whole-number fields, in the words the rest of the validator uses:
/// "invalid value: integer `-3`, expected u32" becomes "must be a whole number, 0 or more, got -3".
fn plain_type_error(message: &str) -> String {
    let expects_count = ["expected u32", "expected u64", "expected u8", "expected u16"].iter().any(|t| message.ends_with(t));
    if !expects_count {
        return message.to_string();
    }
    let got = message.split('`').nth(1).unwrap_or("");
    if message.starts_with("invalid value: integer") {
        if got.starts_with('-') {
            return format!("must be a whole number, 0 or more, got {got}");
        }
        return format!("is too large, got {got}");
    }
    if message.starts_with("invalid type: floating point") {
        return format!("must be a whole number, got {got}");
    }
    if message.starts_with("invalid type:") {
        let what = message.trim_start_matches("invalid type: ").split(',').next().unwrap_or("something else");
        return format!("must be a whole number, got {what}");
    }
    message.to_string()
}

fn read(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
    String::from_utf8(bytes).map_err(|e| {
        // Where the text stops being UTF-8, as a byte offset and the line it is on.
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        LoadError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not UTF-8 text: byte {at} (line {line}) is not valid UTF-8; save the file as UTF-8")),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The validated market model.

/// A market segment.
#[derive(Debug, Clone)]
pub struct Segment {
    pub id: String,
    pub name: String,
    pub deal_median: Quantity,
    pub deal_p90: Quantity,
    pub buy_rate: Quantity,
    pub customer_churn: Quantity,
    pub expansion: Quantity,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    pub name: String,
}

/// How the vendor earns on a partner type's own deals.
#[derive(Debug, Clone)]
pub enum RevenueModel {
    Resale { discount: Quantity },
    Referral { fee: Quantity },
    Marketplace { fee: Quantity },
    Influence,
}

impl RevenueModel {
    /// Whether the partner's discount or fee also applies to renewals, by default: resale and
    /// marketplace renewals go through the partner, a referral fee is paid once.
    fn default_renewals(&self) -> bool {
        !matches!(self, RevenueModel::Referral { .. })
    }
}

#[derive(Debug, Clone)]
pub struct PartnerType {
    pub id: String,
    pub name: String,
    pub kind: PartnerKind,
    /// Segment indices the type sells to.
    pub segments: Vec<usize>,
    pub global: bool,
    pub capacity: Quantity,
    pub win_rate: Quantity,
    pub deal_size_factor: Quantity,
    pub revenue_model: RevenueModel,
    pub ramp_quarters: u32,
    pub churn_per_quarter: Quantity,
    pub productivity_cv: f64,
    pub recruit_cost: Quantity,
    pub cost_per_quarter: Quantity,
    /// Collaborative deals one partner supports per quarter on the receiving side (`None`:
    /// unlimited, marketplaces only).
    pub collaboration_capacity: Option<Quantity>,
    /// Whether the discount or fee applies to renewals too.
    pub renewals: bool,
    /// Share of each segment's accounts buying through this marketplace (marketplace kinds;
    /// empty otherwise), by segment index.
    pub marketplace_buyers: Vec<Quantity>,
}

impl PartnerType {
    /// Whether the type's own opportunities come from marketplace buyers rather than from the
    /// accounts its people work.
    pub fn is_marketplace(&self) -> bool {
        self.kind == PartnerKind::Marketplace
    }
}

#[derive(Debug, Clone)]
pub struct Effects {
    pub referrals_per_link: Quantity,
    pub attach_rate: Quantity,
    pub win_uplift: Quantity,
    pub deal_size_uplift: Quantity,
    pub fee: Quantity,
    pub ramp_speedup: Quantity,
    pub productivity_uplift: Quantity,
    pub margin: Quantity,
    pub retention_uplift: Quantity,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub name: String,
    pub kind: PatternKind,
    pub from: usize,
    pub to: usize,
    pub links_per_partner: Quantity,
    pub global: bool,
    pub effects: Effects,
    pub cost_per_quarter: Quantity,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub id: String,
    pub name: String,
    pub partner_conflict_reduction: Quantity,
    pub direct_conflict_reduction: Quantity,
    pub cost_per_quarter: Quantity,
}

/// A partner program (MODEL.md, "Programs and network effects"), its effects at saturation.
#[derive(Debug, Clone)]
pub struct Program {
    pub id: String,
    pub name: String,
    pub kind: ProgramKind,
    /// Per partner type: whether the program is offered to it.
    pub applies: Vec<bool>,
    /// Per partner reached per quarter, at level 1.
    pub cost: Quantity,
    pub half_effect_level: f64,
    pub top_share: f64,
    pub win_uplift: Quantity,
    pub buy_rate_uplift: Quantity,
    pub ramp_speedup: Quantity,
    pub churn_reduction: Quantity,
    pub discount_change: Quantity,
}

impl Program {
    /// The share of its saturation effect the program gives at `level`: L / (L + half).
    pub fn saturation(&self, level: f64) -> f64 {
        if level > 0.0 {
            level / (level + self.half_effect_level)
        } else {
            0.0
        }
    }
}

/// Partner economics and attraction of one type.
#[derive(Debug, Clone)]
pub struct TypeNetwork {
    pub min_earnings: f64,
    pub organic: Quantity,
    pub driver: OrganicDriver,
    pub reference: f64,
    pub elasticity: Quantity,
    /// Cap per region and quarter (0: no organic recruits).
    pub organic_max: u32,
}

/// Partner economics and attraction (MODEL.md, "Programs and network effects").
#[derive(Debug, Clone)]
pub struct Network {
    pub unprofitable_multiplier: f64,
    /// Per partner type (None: no earnings floor and no organic recruits).
    pub types: Vec<Option<TypeNetwork>>,
}

/// A market model the engine can trust. Its parts are read through `Deref` (`model.segments`)
/// and cannot be changed from outside the core: a variant is a new document, validated again
/// (`Model::from_doc`), so nothing downstream can hold a "validated" model that is not.
#[derive(Debug, Clone)]
pub struct Model(ModelParts);

impl std::ops::Deref for Model {
    type Target = ModelParts;
    fn deref(&self) -> &ModelParts {
        &self.0
    }
}

impl Model {
    /// The document it was validated from.
    pub fn into_doc(self) -> MarketModelDoc {
        self.0.doc
    }

    /// The core's own variants (analysis that changes one resolved input and keeps the rest).
    #[allow(dead_code)]
    pub(crate) fn parts_mut(&mut self) -> &mut ModelParts {
        &mut self.0
    }
}

/// What a validated [`Model`] holds.
#[derive(Debug, Clone)]
pub struct ModelParts {
    pub doc: MarketModelDoc,
    /// The schema version the document was written in (1: migrated on load to schema 2).
    pub read_as_version: u32,
    /// Deals are subscriptions (ACV recognised quarterly, renewed), not one-time revenue.
    pub subscription: bool,
    pub segments: Vec<Segment>,
    pub regions: Vec<Region>,
    /// Addressable accounts per cell, `segment * regions + region`.
    pub accounts: Vec<f64>,
    pub growth: Quantity,
    /// Direct presence per cell.
    pub direct_presence: Vec<Quantity>,
    pub partner_types: Vec<PartnerType>,
    pub patterns: Vec<Pattern>,
    pub policies: Vec<Policy>,
    pub partner_overlap_rate: Quantity,
    pub direct_rate: Quantity,
    pub loss_share: Quantity,
    pub idle_multiplier: f64,
    pub conflict_multiplier: f64,
    pub programs: Vec<Program>,
    pub network: Option<Network>,
    /// Every uncertain input, in document order; its index is its slot in a trial's draws.
    pub inputs: UncertainInputs,
}

impl Model {
    pub fn cells(&self) -> usize {
        self.segments.len() * self.regions.len()
    }
    pub fn cell(&self, segment: usize, region: usize) -> usize {
        segment * self.regions.len() + region
    }
    /// The most organic recruits a horizon of `quarters` can bring (every type's cap, in every
    /// region, every quarter): the engine keeps that many partner slots in reserve.
    pub fn organic_pool(&self, quarters: u32) -> u64 {
        self.network.as_ref().map_or(0, |n| {
            n.types.iter().flatten().map(|t| t.organic_max as u64).sum::<u64>() * self.regions.len() as u64 * quarters as u64
        })
    }
    pub fn type_index(&self, id: &str) -> Option<usize> {
        self.partner_types.iter().position(|t| t.id == id)
    }
    pub fn load(path: &Path) -> Result<Model, LoadError> {
        Self::from_json(&read(path)?)
    }
    pub fn from_json(text: &str) -> Result<Model, LoadError> {
        Self::from_doc(parse_doc(text, "market model")?)
    }

    /// Validate a parsed document (migrating a schema-1 one first), reporting every problem.
    pub fn from_doc(mut doc: MarketModelDoc) -> Result<Model, LoadError> {
        let read_as_version = super::migrate::model(&mut doc);
        let mut p = Problems::default();
        let mut inputs = UncertainInputs::default();
        let mut q = |param: &super::param::Param, path: &str, d: Domain, p: &mut Problems| param.check(path, d, p, &mut inputs);

        check_id(&doc.id, "id", &mut p);
        if doc.name.trim().is_empty() {
            p.push("name", "must not be empty");
        }
        if doc.currency.len() != 3 || !doc.currency.chars().all(|c| c.is_ascii_uppercase()) {
            p.push("currency", format!("must be a three-letter ISO code such as \"USD\", got {:?}", doc.currency));
        }
        let m = &doc.market;
        if m.segments.is_empty() {
            p.push("market.segments", "must list at least one segment");
        }
        if m.segments.len() > MAX_SEGMENTS {
            p.push("market.segments", format!("must list at most {MAX_SEGMENTS} segments (the most the studio simulates), got {}", m.segments.len()));
        }
        if m.regions.len() > MAX_REGIONS {
            p.push("market.regions", format!("must list at most {MAX_REGIONS} regions (the most the studio simulates), got {}", m.regions.len()));
        }
        if m.regions.is_empty() {
            p.push("market.regions", "must list at least one region");
        }
        let seg_ids = unique_ids(m.segments.iter().map(|s| s.id.as_str()), "market.segments", &mut p);
        let reg_ids = unique_ids(m.regions.iter().map(|r| r.id.as_str()), "market.regions", &mut p);

        let mut segments = Vec::new();
        for (i, s) in m.segments.iter().enumerate() {
            let path = format!("market.segments[{i}]");
            let deal_median = q(&s.deal_size.median, &format!("{path}.deal_size.median"), Domain::Positive, &mut p);
            let deal_p90 = q(&s.deal_size.p90, &format!("{path}.deal_size.p90"), Domain::Positive, &mut p);
            if deal_p90.base() <= deal_median.base() {
                p.push(
                    &format!("{path}.deal_size.p90"),
                    format!("must be greater than the median ({}), got {}", fmt_num(deal_median.base()), fmt_num(deal_p90.base())),
                );
            } else if deal_p90.base() > 1000.0 * deal_median.base() {
                // A spread wider than this puts deals of absurd size in the tail (and can
                // overflow): one deal in ten a thousand times the median is already extreme.
                p.push(
                    &format!("{path}.deal_size.p90"),
                    format!("must be at most 1,000 × the median ({}), got {}", fmt_num(deal_median.base()), fmt_num(deal_p90.base())),
                );
            }
            let buy_rate = q(&s.buy_rate, &format!("{path}.buy_rate"), Domain::Probability, &mut p);
            let customer_churn = q(&s.customer_churn_per_quarter, &format!("{path}.customer_churn_per_quarter"), Domain::Probability, &mut p);
            let expansion = q(&s.expansion_per_quarter, &format!("{path}.expansion_per_quarter"), Domain::QuarterlyChange, &mut p);
            segments.push(Segment { id: s.id.clone(), name: s.name.clone(), deal_median, deal_p90, buy_rate, customer_churn, expansion });
        }
        let regions: Vec<Region> = m.regions.iter().map(|r| Region { id: r.id.clone(), name: r.name.clone() }).collect();
        let nr = regions.len();
        let cells = segments.len() * nr;

        let mut accounts = vec![0.0; cells];
        check_cell_keys(&m.accounts, &seg_ids, &reg_ids, "market.accounts", &mut p);
        for (si, s) in m.segments.iter().enumerate() {
            for (ri, r) in m.regions.iter().enumerate() {
                match m.accounts.get(&s.id).and_then(|row| row.get(&r.id)) {
                    Some(&a) if a.is_finite() && (0.0..=MAX_ACCOUNTS).contains(&a) => accounts[si * nr + ri] = a,
                    Some(&a) => p.push(&format!("market.accounts.{}.{}", s.id, r.id), format!("must be between 0 and 1,000,000,000 accounts, got {}", fmt_num(a))),
                    None => p.push(&format!("market.accounts.{}.{}", s.id, r.id), "is missing: every segment × region cell needs its addressable accounts"),
                }
            }
        }
        let growth = q(&m.growth, "market.growth", Domain::Growth, &mut p);
        check_cell_keys(&m.direct_presence, &seg_ids, &reg_ids, "market.direct_presence", &mut p);
        let mut direct_presence = vec![Quantity::Fixed(0.0); cells];
        for (si, s) in m.segments.iter().enumerate() {
            for (ri, r) in m.regions.iter().enumerate() {
                if let Some(v) = m.direct_presence.get(&s.id).and_then(|row| row.get(&r.id)) {
                    direct_presence[si * nr + ri] = q(v, &format!("market.direct_presence.{}.{}", s.id, r.id), Domain::Probability, &mut p);
                }
            }
        }

        if doc.partner_types.is_empty() {
            p.push("partner_types", "must list at least one partner type");
        }
        if doc.partner_types.len() > MAX_PARTNER_TYPES {
            p.push("partner_types", format!("must list at most {MAX_PARTNER_TYPES} partner types (the most the studio simulates), got {}", doc.partner_types.len()));
        }
        let type_ids = unique_ids(doc.partner_types.iter().map(|t| t.id.as_str()), "partner_types", &mut p);
        let mut partner_types = Vec::new();
        for (i, t) in doc.partner_types.iter().enumerate() {
            let path = format!("partner_types[{i}]");
            let mut segs = Vec::new();
            if t.reach.segments.is_empty() {
                p.push(&format!("{path}.reach.segments"), "must name at least one segment");
            }
            for (j, s) in t.reach.segments.iter().enumerate() {
                match seg_ids.get(s.as_str()) {
                    Some(&k) => segs.push(k),
                    None => p.push(&format!("{path}.reach.segments[{j}]"), format!("unknown segment {s:?}; the model's segments are {}", keys(&seg_ids))),
                }
            }
            let (revenue_model, renewals) = match &t.revenue_model {
                RevenueModelDoc::Resale { discount, renewals } => (RevenueModel::Resale { discount: q(discount, &format!("{path}.revenue_model.discount"), Domain::Fraction, &mut p) }, *renewals),
                RevenueModelDoc::Referral { fee, renewals } => (RevenueModel::Referral { fee: q(fee, &format!("{path}.revenue_model.fee"), Domain::Fraction, &mut p) }, *renewals),
                RevenueModelDoc::Marketplace { fee, renewals } => (RevenueModel::Marketplace { fee: q(fee, &format!("{path}.revenue_model.fee"), Domain::Fraction, &mut p) }, *renewals),
                RevenueModelDoc::Influence => (RevenueModel::Influence, None),
            };
            let renewals = renewals.unwrap_or_else(|| revenue_model.default_renewals());
            if !(t.productivity_cv.is_finite() && (0.0..=5.0).contains(&t.productivity_cv)) {
                p.push(&format!("{path}.productivity_cv"), format!("must be between 0 and 5, got {}", fmt_num(t.productivity_cv)));
            }
            if t.ramp_quarters > 40 {
                p.push(&format!("{path}.ramp_quarters"), format!("must be at most 40, got {}", t.ramp_quarters));
            }
            partner_types.push(PartnerType {
                id: t.id.clone(),
                name: t.name.clone(),
                kind: t.kind,
                segments: segs,
                global: t.reach.scope == ReachScope::Global,
                capacity: q(&t.capacity, &format!("{path}.capacity"), Domain::NonNegative, &mut p),
                win_rate: q(&t.win_rate, &format!("{path}.win_rate"), Domain::Probability, &mut p),
                deal_size_factor: q(&t.deal_size_factor, &format!("{path}.deal_size_factor"), Domain::Factor, &mut p),
                revenue_model,
                ramp_quarters: t.ramp_quarters,
                churn_per_quarter: q(&t.churn_per_quarter, &format!("{path}.churn_per_quarter"), Domain::Probability, &mut p),
                productivity_cv: t.productivity_cv,
                recruit_cost: q(&t.costs.recruit, &format!("{path}.costs.recruit"), Domain::Money, &mut p),
                cost_per_quarter: q(&t.costs.per_quarter, &format!("{path}.costs.per_quarter"), Domain::Money, &mut p),
                collaboration_capacity: t.collaboration_capacity.as_ref().map(|c| q(c, &format!("{path}.collaboration_capacity"), Domain::NonNegative, &mut p)),
                renewals,
                marketplace_buyers: Vec::new(),
            });
        }
        // Marketplace buyers, per marketplace type and segment.
        for (tid, row) in &m.marketplace_buyers {
            match type_ids.get(tid.as_str()) {
                None => p.push(&format!("market.marketplace_buyers.{tid}"), format!("unknown partner type {tid:?}; the model's partner types are {}", keys(&type_ids))),
                Some(&ti) if doc.partner_types[ti].kind != PartnerKind::Marketplace => {
                    p.push(&format!("market.marketplace_buyers.{tid}"), format!("{tid:?} is not a partner type of kind marketplace"))
                }
                Some(&ti) => {
                    for s in row.keys() {
                        if !seg_ids.contains_key(s.as_str()) {
                            p.push(&format!("market.marketplace_buyers.{tid}.{s}"), format!("unknown segment {s:?}; the model's segments are {}", keys(&seg_ids)));
                        }
                    }
                    let shares = m
                        .segments
                        .iter()
                        .map(|s| match row.get(&s.id) {
                            Some(v) => q(v, &format!("market.marketplace_buyers.{tid}.{}", s.id), Domain::Probability, &mut p),
                            None => Quantity::Fixed(0.0),
                        })
                        .collect();
                    if let Some(t) = partner_types.get_mut(ti) {
                        t.marketplace_buyers = shares;
                    }
                }
            }
        }
        for (i, t) in partner_types.iter_mut().enumerate() {
            if t.kind == PartnerKind::Marketplace && !m.marketplace_buyers.contains_key(&t.id) {
                p.push(
                    &format!("market.marketplace_buyers.{}", t.id),
                    format!("is missing: partner_types[{i}] ({:?}) is a marketplace, whose demand comes from the share of each segment's accounts that buy through it (e.g. {{\"smb\": 0.1}})", t.id),
                );
            }
            if t.marketplace_buyers.is_empty() {
                t.marketplace_buyers = vec![Quantity::Fixed(0.0); segments.len()];
            }
        }

        unique_ids(doc.patterns.iter().map(|x| x.id.as_str()), "patterns", &mut p);
        if doc.patterns.len() > MAX_PATTERNS {
            p.push("patterns", format!("must list at most {MAX_PATTERNS} patterns, got {}", doc.patterns.len()));
        }
        let mut patterns = Vec::new();
        for (i, pd) in doc.patterns.iter().enumerate() {
            let path = format!("patterns[{i}]");
            let side = |id: &str, field: &str, p: &mut Problems| match type_ids.get(id) {
                Some(&k) => k,
                None => {
                    p.push(&format!("{path}.{field}"), format!("unknown partner type {id:?}; the model's partner types are {}", keys(&type_ids)));
                    usize::MAX
                }
            };
            let from = side(&pd.from, "from", &mut p);
            let to = side(&pd.to, "to", &mut p);
            let e = &pd.effects;
            let ep = |f: &str| format!("{path}.effects.{f}");
            let effects = Effects {
                referrals_per_link: q(&e.referrals_per_link, &ep("referrals_per_link"), Domain::NonNegative, &mut p),
                attach_rate: q(&e.attach_rate, &ep("attach_rate"), Domain::Probability, &mut p),
                win_uplift: q(&e.win_uplift, &ep("win_uplift"), Domain::Growth, &mut p),
                deal_size_uplift: q(&e.deal_size_uplift, &ep("deal_size_uplift"), Domain::Growth, &mut p),
                fee: q(&e.fee, &ep("fee"), Domain::Fraction, &mut p),
                ramp_speedup: q(&e.ramp_speedup, &ep("ramp_speedup"), Domain::NonNegative, &mut p),
                productivity_uplift: q(&e.productivity_uplift, &ep("productivity_uplift"), Domain::Growth, &mut p),
                margin: q(&e.margin, &ep("margin"), Domain::Fraction, &mut p),
                retention_uplift: q(&e.retention_uplift, &ep("retention_uplift"), Domain::Probability, &mut p),
            };
            // Effects that the kind ignores are a sign of a mistaken document.
            let applies: &[&str] = match pd.kind {
                PatternKind::Referral => &["referrals_per_link", "fee", "retention_uplift"],
                PatternKind::TwoTier => &["ramp_speedup", "productivity_uplift", "margin", "retention_uplift"],
                _ => &["attach_rate", "win_uplift", "deal_size_uplift", "fee", "retention_uplift"],
            };
            let given = [
                ("referrals_per_link", &e.referrals_per_link),
                ("attach_rate", &e.attach_rate),
                ("win_uplift", &e.win_uplift),
                ("deal_size_uplift", &e.deal_size_uplift),
                ("fee", &e.fee),
                ("ramp_speedup", &e.ramp_speedup),
                ("productivity_uplift", &e.productivity_uplift),
                ("margin", &e.margin),
                ("retention_uplift", &e.retention_uplift),
            ];
            for (name, v) in given {
                if *v != super::param::Param::Fixed(0.0) && !applies.contains(&name) {
                    p.push(&ep(name), format!("does not apply to a {:?} pattern (it uses {})", pd.kind, applies.join(", ")).replace("CoSell", "co_sell"));
                }
            }
            if from != usize::MAX && to != usize::MAX && pd.kind == PatternKind::TwoTier {
                if matches!(doc.partner_types[to].revenue_model, RevenueModelDoc::Influence) {
                    p.push(&format!("{path}.to"), "a two_tier pattern must lead to a partner type that transacts (not an influence type)");
                }
            }
            let works_deals = matches!(pd.kind, PatternKind::CoSell | PatternKind::JointImplementation | PatternKind::Integration | PatternKind::Marketplace);
            if to != usize::MAX && works_deals {
                let receiver = &doc.partner_types[to];
                if receiver.kind != PartnerKind::Marketplace && receiver.collaboration_capacity.is_none() {
                    p.push(
                        &format!("partner_types[{to}].collaboration_capacity"),
                        format!(
                            "is missing: {:?} is on the receiving side of the pattern {:?}, so it must say how many collaborative deals one partner supports per quarter",
                            receiver.id, pd.id
                        ),
                    );
                }
            }
            patterns.push(Pattern {
                id: pd.id.clone(),
                name: pd.name.clone(),
                kind: pd.kind,
                from,
                to,
                links_per_partner: q(&pd.links_per_partner, &format!("{path}.links_per_partner"), Domain::NonNegative, &mut p),
                global: pd.scope == PatternScope::Global,
                effects,
                cost_per_quarter: q(&pd.cost_per_quarter, &format!("{path}.cost_per_quarter"), Domain::Money, &mut p),
            });
        }

        unique_ids(doc.governance.policies.iter().map(|x| x.id.as_str()), "governance.policies", &mut p);
        let policies = doc
            .governance
            .policies
            .iter()
            .enumerate()
            .map(|(i, pol)| {
                let path = format!("governance.policies[{i}]");
                Policy {
                    id: pol.id.clone(),
                    name: pol.name.clone(),
                    partner_conflict_reduction: q(&pol.partner_conflict_reduction, &format!("{path}.partner_conflict_reduction"), Domain::Probability, &mut p),
                    direct_conflict_reduction: q(&pol.direct_conflict_reduction, &format!("{path}.direct_conflict_reduction"), Domain::Probability, &mut p),
                    cost_per_quarter: q(&pol.cost_per_quarter, &format!("{path}.cost_per_quarter"), Domain::Money, &mut p),
                }
            })
            .collect();
        let partner_overlap_rate = q(&doc.conflict.partner_overlap_rate, "conflict.partner_overlap_rate", Domain::Probability, &mut p);
        let direct_rate = q(&doc.conflict.direct_rate, "conflict.direct_rate", Domain::Probability, &mut p);
        let loss_share = q(&doc.conflict.loss_share, "conflict.loss_share", Domain::Probability, &mut p);
        // Programs and network effects come last, so a model without them numbers its uncertain
        // inputs exactly as before.
        unique_ids(doc.programs.iter().map(|x| x.id.as_str()), "programs", &mut p);
        if doc.programs.len() > MAX_PROGRAMS {
            p.push("programs", format!("must list at most {MAX_PROGRAMS} programs, got {}", doc.programs.len()));
        }
        let mut programs = Vec::new();
        for (i, pd) in doc.programs.iter().enumerate() {
            let path = format!("programs[{i}]");
            check_id(&pd.id, &format!("{path}.id"), &mut p);
            if pd.name.trim().is_empty() {
                p.push(&format!("{path}.name"), "must not be empty");
            }
            let mut applies = vec![false; doc.partner_types.len()];
            if pd.partner_types.is_empty() {
                p.push(&format!("{path}.partner_types"), "must name at least one partner type");
            }
            for (j, id) in pd.partner_types.iter().enumerate() {
                match type_ids.get(id.as_str()) {
                    Some(&k) if applies[k] => p.push(&format!("{path}.partner_types[{j}]"), format!("names {id:?} twice")),
                    Some(&k) => applies[k] = true,
                    None => p.push(&format!("{path}.partner_types[{j}]"), format!("unknown partner type {id:?}; the model's partner types are {}", keys(&type_ids))),
                }
            }
            if !(pd.half_effect_level.is_finite() && pd.half_effect_level > 0.0 && pd.half_effect_level <= MAX_PROGRAM_LEVEL) {
                p.push(&format!("{path}.half_effect_level"), format!("must be greater than 0 and at most {}, got {}", fmt_num(MAX_PROGRAM_LEVEL), fmt_num(pd.half_effect_level)));
            }
            if !(pd.top_share.is_finite() && pd.top_share > 0.0 && pd.top_share <= 1.0) {
                p.push(&format!("{path}.top_share"), format!("must be greater than 0 and at most 1 (the share of a type's partners the program reaches), got {}", fmt_num(pd.top_share)));
            }
            let e = &pd.effects;
            let ep = |f: &str| format!("{path}.effects.{f}");
            if pd.kind != ProgramKind::Incentive && e.discount_change != super::param::Param::Fixed(0.0) {
                p.push(&ep("discount_change"), "applies only to an incentive program (a rebate paid to the partner)");
            }
            programs.push(Program {
                id: pd.id.clone(),
                name: pd.name.clone(),
                kind: pd.kind,
                applies,
                cost: q(&pd.cost_per_partner_per_quarter, &format!("{path}.cost_per_partner_per_quarter"), Domain::Money, &mut p),
                half_effect_level: pd.half_effect_level,
                top_share: pd.top_share,
                win_uplift: q(&e.win_uplift, &ep("win_uplift"), Domain::Uplift, &mut p),
                buy_rate_uplift: q(&e.buy_rate_uplift, &ep("buy_rate_uplift"), Domain::Uplift, &mut p),
                ramp_speedup: q(&e.ramp_speedup, &ep("ramp_speedup"), Domain::Uplift, &mut p),
                churn_reduction: q(&e.churn_reduction, &ep("churn_reduction"), Domain::Probability, &mut p),
                discount_change: q(&e.discount_change, &ep("discount_change"), Domain::Probability, &mut p),
            });
        }
        let network = doc.network.as_ref().map(|nd| {
            let m = nd.unprofitable_multiplier;
            if !(m.is_finite() && (1.0..=20.0).contains(&m)) {
                p.push("network.unprofitable_multiplier", format!("must be between 1 and 20, got {}", fmt_num(m)));
            }
            let mut types: Vec<Option<TypeNetwork>> = vec![None; doc.partner_types.len()];
            for (id, tn) in &nd.partner_types {
                let path = format!("network.partner_types.{id}");
                let Some(&k) = type_ids.get(id.as_str()) else {
                    p.push(&path, format!("unknown partner type {id:?}; the model's partner types are {}", keys(&type_ids)));
                    continue;
                };
                if !(tn.min_earnings_per_quarter.is_finite() && (0.0..=super::param::MAX_MONEY).contains(&tn.min_earnings_per_quarter)) {
                    p.push(&format!("{path}.min_earnings_per_quarter"), format!("must be between 0 and 1,000,000,000,000, got {}", fmt_num(tn.min_earnings_per_quarter)));
                }
                if !(tn.reference.is_finite() && tn.reference > 0.0 && tn.reference <= super::param::MAX_MONEY) {
                    p.push(&format!("{path}.reference"), format!("must be greater than 0 and at most 1,000,000,000,000, got {}", fmt_num(tn.reference)));
                }
                if tn.organic_max_per_quarter > MAX_ORGANIC_PER_QUARTER {
                    p.push(&format!("{path}.organic_max_per_quarter"), format!("must be at most {MAX_ORGANIC_PER_QUARTER}, got {}", tn.organic_max_per_quarter));
                }
                let organic = q(&tn.organic_per_quarter, &format!("{path}.organic_per_quarter"), Domain::NonNegative, &mut p);
                let elasticity = q(&tn.elasticity, &format!("{path}.elasticity"), Domain::Elasticity, &mut p);
                let attracts = tn.organic_per_quarter != super::param::Param::Fixed(0.0);
                if attracts && tn.organic_max_per_quarter == 0 {
                    p.push(&format!("{path}.organic_max_per_quarter"), "is missing or 0: a type with organic recruits must cap them per region and quarter");
                }
                if attracts && doc.partner_types[k].kind == PartnerKind::Marketplace {
                    p.push(&format!("{path}.organic_per_quarter"), "must be 0: a marketplace listing is not recruited organically");
                }
                types[k] = Some(TypeNetwork {
                    min_earnings: tn.min_earnings_per_quarter,
                    organic,
                    driver: tn.driver,
                    reference: tn.reference,
                    elasticity,
                    organic_max: if attracts { tn.organic_max_per_quarter } else { 0 },
                });
            }
            Network { unprofitable_multiplier: m, types }
        });
        for (name, v) in [("idle_multiplier", doc.churn_drivers.idle_multiplier), ("conflict_multiplier", doc.churn_drivers.conflict_multiplier)] {
            if !(v.is_finite() && (1.0..=20.0).contains(&v)) {
                p.push(&format!("churn_drivers.{name}"), format!("must be between 1 and 20, got {}", fmt_num(v)));
            }
        }
        if !p.is_empty() {
            return Err(LoadError::Invalid(p));
        }
        Ok(Model(ModelParts {
            read_as_version,
            subscription: doc.revenue_recognition == RevenueRecognition::Subscription,
            segments,
            regions,
            accounts,
            growth,
            direct_presence,
            partner_types,
            patterns,
            policies,
            partner_overlap_rate,
            direct_rate,
            loss_share,
            idle_multiplier: doc.churn_drivers.idle_multiplier,
            conflict_multiplier: doc.churn_drivers.conflict_multiplier,
            programs,
            network,
            inputs,
            doc,
        }))
    }
}

fn check_id(id: &str, path: &str, p: &mut Problems) {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        p.push(path, format!("must be a non-empty identifier of letters, digits, '-' and '_', got {id:?}"));
    } else if !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        // "-rf" could not be named on the command line: it reads as an option.
        p.push(path, format!("must start with a letter or a digit, got {id:?}"));
    }
}

fn unique_ids<'a>(ids: impl Iterator<Item = &'a str>, path: &str, p: &mut Problems) -> HashMap<&'a str, usize> {
    let mut seen = HashMap::new();
    for (i, id) in ids.enumerate() {
        check_id(id, &format!("{path}[{i}].id"), p);
        if let Some(first) = seen.insert(id, i) {
            p.push(&format!("{path}[{i}].id"), format!("duplicates the id {id:?} of {path}[{first}]"));
            seen.insert(id, first);
        }
    }
    seen
}

fn keys(m: &HashMap<&str, usize>) -> String {
    let mut v: Vec<(&&str, &usize)> = m.iter().collect();
    v.sort_by_key(|(_, i)| **i);
    v.iter().map(|(k, _)| format!("{k:?}")).collect::<Vec<_>>().join(", ")
}

fn check_cell_keys<T>(map: &CellMap<T>, segs: &HashMap<&str, usize>, regs: &HashMap<&str, usize>, path: &str, p: &mut Problems) {
    for (s, row) in map {
        if !segs.contains_key(s.as_str()) {
            p.push(&format!("{path}.{s}"), format!("unknown segment {s:?}; the model's segments are {}", keys(segs)));
            continue;
        }
        for r in row.keys() {
            if !regs.contains_key(r.as_str()) {
                p.push(&format!("{path}.{s}.{r}"), format!("unknown region {r:?}; the model's regions are {}", keys(regs)));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The validated scenario.

/// Most collaboration patterns a model may define.
pub const MAX_PATTERNS: usize = 64;
/// The most opportunities a quarter a design may bring (see `Scenario::from_doc`).
pub const MAX_OPPORTUNITIES_PER_QUARTER: f64 = 50_000.0;
/// The most partner programs a model may list (one bit each in a run's mask).
pub const MAX_PROGRAMS: usize = 32;
/// The highest level a scenario may run a program at (and the largest half-effect level).
pub const MAX_PROGRAM_LEVEL: f64 = 100.0;
/// The most organic recruits of one type per region and quarter.
pub const MAX_ORGANIC_PER_QUARTER: u32 = 1_000;
/// Most quarters a scenario may simulate (20 years).
pub const MAX_HORIZON: u32 = 80;
/// Most partners of one type in one region, at the start or in total over the horizon.
pub const MAX_PARTNERS_PER_CELL: u32 = 100_000;
/// Most trials of one run: its fifteen per-trial KPI columns then take at most 1.2 GB.
pub const MAX_TRIALS: u64 = 10_000_000;
/// Most partner instances a scenario may create, at the start and over the horizon together:
/// a trial holds a few hundred bytes per partner, and every partner is simulated every quarter.
pub const MAX_PARTNERS: u64 = 200_000;
/// Most segments and regions of a model (a trial's memory grows with their product).
pub const MAX_SEGMENTS: usize = 50;
pub const MAX_REGIONS: usize = 100;
/// Most partner types of a model.
pub const MAX_PARTNER_TYPES: usize = 50;
/// Most addressable accounts in one segment × region cell.
pub const MAX_ACCOUNTS: f64 = 1e9;

/// Partners of one type arriving in one region in one quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    /// 0-based quarter.
    pub quarter: u32,
    pub partner_type: usize,
    pub region: usize,
    pub count: u32,
}

/// A scenario the engine can trust, resolved against its model. Read through `Deref`; changed
/// only by the core's own analyses (`parts_mut`), whose variants stay valid by construction.
#[derive(Debug, Clone)]
pub struct Scenario(ScenarioParts);

impl std::ops::Deref for Scenario {
    type Target = ScenarioParts;
    fn deref(&self) -> &ScenarioParts {
        &self.0
    }
}

impl Scenario {
    /// The document it was validated from.
    pub fn into_doc(self) -> ScenarioDoc {
        self.0.doc
    }

    /// The core's own variants (a design with one pattern off, one correlation kept).
    pub(crate) fn parts_mut(&mut self) -> &mut ScenarioParts {
        &mut self.0
    }
}

/// What a validated [`Scenario`] holds.
#[derive(Debug, Clone)]
pub struct ScenarioParts {
    pub doc: ScenarioDoc,
    /// Starting partners, `[type][region]`.
    pub composition: Vec<Vec<u32>>,
    pub initial_ramped: bool,
    /// Recruits in quarter order.
    pub arrivals: Vec<Arrival>,
    /// Intensity per model pattern (0 = not enabled).
    pub intensity: Vec<f64>,
    /// Adopted flag per model policy.
    pub adopted: Vec<bool>,
    /// Level per model program (0 = not run).
    pub levels: Vec<f64>,
    pub horizon: u32,
    pub trials: u64,
    pub seed: u64,
    pub sampling: Sampling,
    pub target: Option<TargetDoc>,
    /// Correlated inputs (model input indices) and their target rank-correlation matrix
    /// (row-major, unit diagonal, positive semi-definite).
    pub correlation: Option<(Vec<usize>, Vec<f64>)>,
}

impl Scenario {
    /// Parse a scenario document, migrated to the current schema.
    pub fn from_json(text: &str) -> Result<ScenarioDoc, LoadError> {
        let mut doc: ScenarioDoc = parse_doc(text, "scenario")?;
        super::migrate::scenario(&mut doc);
        Ok(doc)
    }
    pub fn load_doc(path: &Path) -> Result<ScenarioDoc, LoadError> {
        Self::from_json(&read(path)?)
    }

    /// Validate a scenario document against the model it names (migrating a schema-1 one
    /// first), reporting every problem.
    pub fn from_doc(mut doc: ScenarioDoc, model: &Model) -> Result<Scenario, LoadError> {
        super::migrate::scenario(&mut doc);
        let mut p = Problems::default();
        check_id(&doc.id, "id", &mut p);
        if doc.name.trim().is_empty() {
            p.push("name", "must not be empty");
        }
        if doc.model != model.doc.id {
            p.push("model", format!("names the model {:?}, but it is being run against {:?}", doc.model, model.doc.id));
        }
        let nt = model.partner_types.len();
        let nr = model.regions.len();
        let region_of = |id: &str| model.regions.iter().position(|r| r.id == id);
        let regions_list = || model.regions.iter().map(|r| format!("{:?}", r.id)).collect::<Vec<_>>().join(", ");
        let types_list = || model.partner_types.iter().map(|t| format!("{:?}", t.id)).collect::<Vec<_>>().join(", ");

        let mut composition = vec![vec![0u32; nr]; nt];
        for (t, row) in &doc.composition {
            let Some(ti) = model.type_index(t) else {
                p.push(&format!("composition.{t}"), format!("unknown partner type {t:?}; the model's partner types are {}", types_list()));
                continue;
            };
            for (r, &n) in row {
                match region_of(r) {
                    None => p.push(&format!("composition.{t}.{r}"), format!("unknown region {r:?}; the model's regions are {}", regions_list())),
                    Some(_) if n > MAX_PARTNERS_PER_CELL => p.push(&format!("composition.{t}.{r}"), format!("must be at most {MAX_PARTNERS_PER_CELL}, got {n}")),
                    Some(ri) => composition[ti][ri] = n,
                }
            }
        }
        if doc.horizon_quarters == 0 || doc.horizon_quarters > MAX_HORIZON {
            p.push("horizon_quarters", format!("must be between 1 and {MAX_HORIZON} quarters, got {}", doc.horizon_quarters));
        }
        let mut arrivals = Vec::new();
        for (i, r) in doc.recruitment.iter().enumerate() {
            let path = format!("recruitment[{i}]");
            let ti = model.type_index(&r.partner_type);
            if ti.is_none() {
                p.push(&format!("{path}.partner_type"), format!("unknown partner type {:?}; the model's partner types are {}", r.partner_type, types_list()));
            }
            let ri = region_of(&r.region);
            if ri.is_none() {
                p.push(&format!("{path}.region"), format!("unknown region {:?}; the model's regions are {}", r.region, regions_list()));
            }
            let to = r.to_quarter.unwrap_or(r.from_quarter);
            if r.from_quarter == 0 || r.from_quarter > doc.horizon_quarters.max(1) {
                p.push(&format!("{path}.from_quarter"), format!("must be between 1 and the horizon ({}), got {}", doc.horizon_quarters, r.from_quarter));
            } else if to < r.from_quarter || to > doc.horizon_quarters {
                p.push(&format!("{path}.to_quarter"), format!("must be between from_quarter ({}) and the horizon ({}), got {}", r.from_quarter, doc.horizon_quarters, to));
            } else if r.per_quarter > MAX_PARTNERS_PER_CELL {
                p.push(&format!("{path}.per_quarter"), format!("must be at most {MAX_PARTNERS_PER_CELL}, got {}", r.per_quarter));
            } else if let (Some(ti), Some(ri)) = (ti, ri) {
                for qtr in r.from_quarter..=to {
                    if r.per_quarter > 0 {
                        arrivals.push(Arrival { quarter: qtr - 1, partner_type: ti, region: ri, count: r.per_quarter });
                    }
                }
            }
        }
        arrivals.sort_by_key(|a| (a.quarter, a.partner_type, a.region));
        // Totals: per cell over the horizon, and over the whole scenario.
        let mut per_cell = vec![vec![0u64; nr]; nt];
        for (ti, row) in composition.iter().enumerate() {
            for (ri, &n) in row.iter().enumerate() {
                per_cell[ti][ri] += n as u64;
            }
        }
        for a in &arrivals {
            per_cell[a.partner_type][a.region] += a.count as u64;
        }
        for (ti, row) in per_cell.iter().enumerate() {
            for (ri, &n) in row.iter().enumerate() {
                if n > MAX_PARTNERS_PER_CELL as u64 {
                    p.push(
                        "recruitment",
                        format!("brings {} {} partners in {} over the horizon (at the start and recruited), more than the {MAX_PARTNERS_PER_CELL} the studio simulates in one cell", n, model.partner_types[ti].id, model.regions[ri].id),
                    );
                }
            }
        }
        let total: u64 = per_cell.iter().flatten().sum();
        let organic = model.organic_pool(doc.horizon_quarters.min(MAX_HORIZON));
        if total > MAX_PARTNERS {
            p.push("composition", format!("creates {total} partners at the start and over the horizon, more than the {MAX_PARTNERS} the studio simulates"));
        } else if total + organic > MAX_PARTNERS {
            p.push(
                "horizon_quarters",
                format!("with the model's organic recruits (up to {organic} over {} quarters) the scenario could reach {} partners, more than the {MAX_PARTNERS} the studio simulates; shorten the horizon or lower the model's organic_max_per_quarter", doc.horizon_quarters, total + organic),
            );
        }
        // The most opportunities a quarter could bring: every partner (planned, and the organic
        // slots) working its largest capacity at the highest buy rate of its segments, raised
        // by the largest program uplift. The engine simulates opportunities one by one, so a
        // design past this is refused for its size, with the reason, rather than run for hours.
        if total + organic <= MAX_PARTNERS {
            let buy_max = |t: &PartnerType| t.segments.iter().map(|&s| model.segments[s].buy_rate.upper()).fold(0.0, f64::max);
            let uplift: f64 = 1.0 + model.programs.iter().map(|p| p.buy_rate_uplift.upper()).sum::<f64>();
            let organic_per_type: Vec<u64> = (0..nt)
                .map(|t| model.network.as_ref().and_then(|n| n.types[t].as_ref()).map_or(0, |x| x.organic_max as u64 * nr as u64 * doc.horizon_quarters.min(MAX_HORIZON) as u64))
                .collect();
            // Marketplace listings work no accounts: their demand is the market's buyers, at most
            // every account of the cells they reach (grown over the horizon) × the buyers' share
            // × the buy rate, however many listings share it.
            let grown = (1.0 + model.growth.upper()).max(1.0).powf(doc.horizon_quarters.min(MAX_HORIZON) as f64 / 4.0);
            let work: f64 = model
                .partner_types
                .iter()
                .enumerate()
                .map(|(t, ty)| {
                    let n = (per_cell[t].iter().sum::<u64>() + organic_per_type[t]) as f64;
                    if ty.is_marketplace() {
                        if n == 0.0 {
                            return 0.0;
                        }
                        ty.segments
                            .iter()
                            .map(|&s| (0..nr).map(|r| model.accounts[model.cell(s, r)]).sum::<f64>() * grown * ty.marketplace_buyers.get(s).map_or(0.0, |b| b.upper()) * model.segments[s].buy_rate.upper())
                            .sum()
                    } else {
                        n * ty.capacity.upper() * (buy_max(ty) * uplift).min(1.0)
                    }
                })
                .sum();
            if work > MAX_OPPORTUNITIES_PER_QUARTER {
                p.push(
                    "composition",
                    format!(
                        "its partners could work up to {} opportunities a quarter (partners × capacity × buy rate, and the marketplaces' buyers), more than the {} the studio simulates one by one; fewer partners, smaller capacities or a smaller market make it a size the studio runs",
                        crate::output::group(work, 0),
                        crate::output::group(MAX_OPPORTUNITIES_PER_QUARTER, 0)
                    ),
                );
            }
        }
        let mut intensity = vec![0.0; model.patterns.len()];
        for (id, &x) in &doc.patterns {
            match model.patterns.iter().position(|pt| &pt.id == id) {
                None => p.push(
                    &format!("patterns.{id}"),
                    format!("unknown pattern {id:?}; the model's patterns are {}", model.patterns.iter().map(|pt| format!("{:?}", pt.id)).collect::<Vec<_>>().join(", ")),
                ),
                Some(_) if !(x.is_finite() && (0.0..=10.0).contains(&x)) => p.push(&format!("patterns.{id}"), format!("intensity must be between 0 and 10, got {}", fmt_num(x))),
                Some(k) => intensity[k] = x,
            }
        }
        let mut adopted = vec![false; model.policies.len()];
        for (i, id) in doc.governance.iter().enumerate() {
            match model.policies.iter().position(|pol| &pol.id == id) {
                None => p.push(
                    &format!("governance[{i}]"),
                    format!("unknown policy {id:?}; the model's policies are {}", model.policies.iter().map(|x| format!("{:?}", x.id)).collect::<Vec<_>>().join(", ")),
                ),
                Some(k) => adopted[k] = true,
            }
        }
        let mut levels = vec![0.0; model.programs.len()];
        for (id, &x) in &doc.programs {
            match model.programs.iter().position(|pr| &pr.id == id) {
                None => p.push(
                    &format!("programs.{id}"),
                    if model.programs.is_empty() {
                        format!("unknown program {id:?}; the model has no programs")
                    } else {
                        format!("unknown program {id:?}; the model's programs are {}", model.programs.iter().map(|x| format!("{:?}", x.id)).collect::<Vec<_>>().join(", "))
                    },
                ),
                Some(_) if !(x.is_finite() && (0.0..=MAX_PROGRAM_LEVEL).contains(&x)) => p.push(&format!("programs.{id}"), format!("level must be between 0 and {}, got {}", fmt_num(MAX_PROGRAM_LEVEL), fmt_num(x))),
                Some(k) => levels[k] = x,
            }
        }
        if doc.simulation.trials == 0 || doc.simulation.trials > MAX_TRIALS {
            p.push("simulation.trials", format!("must be between 1 and {} (the most the studio keeps per-trial results for), got {}", crate::output::group(MAX_TRIALS as f64, 0), doc.simulation.trials));
        }
        if let Some(t) = &doc.target {
            if !t.value.is_finite() {
                p.push("target.value", "must be a finite number");
            } else if t.metric == TargetMetric::CoverageFinal && !(0.0..=1.0).contains(&t.value) {
                p.push("target.value", format!("a coverage target must be between 0 and 1, got {}", fmt_num(t.value)));
            }
        }
        let correlation = check_correlations(&doc.correlations, model, &mut p);
        if !p.is_empty() {
            return Err(LoadError::Invalid(p));
        }
        Ok(Scenario(ScenarioParts {
            correlation,
            composition,
            initial_ramped: doc.initial_ramped,
            arrivals,
            intensity,
            adopted,
            levels,
            horizon: doc.horizon_quarters,
            trials: doc.simulation.trials,
            seed: doc.simulation.seed,
            sampling: doc.simulation.sampling,
            target: doc.target.clone(),
            doc,
        }))
    }

    /// Partners at the start plus every recruit, per type.
    pub fn partners_per_type(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.composition.iter().map(|r| r.iter().map(|&n| n as u64).sum()).collect();
        for a in &self.arrivals {
            v[a.partner_type] += a.count as u64;
        }
        v
    }
}

/// The correlated inputs and their matrix, with every problem of the `correlations` list.
fn check_correlations(list: &[CorrelationDoc], model: &Model, p: &mut Problems) -> Option<(Vec<usize>, Vec<f64>)> {
    if list.is_empty() {
        return None;
    }
    let mut inputs: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    let before = p.len();
    for (i, c) in list.iter().enumerate() {
        let path = format!("correlations[{i}]");
        let mut find = |field: &str, name: &str| match model.inputs.paths.iter().position(|x| x == name) {
            Some(j) => Some(j),
            None => {
                let hint = if model.inputs.paths.is_empty() { "the model has no uncertain inputs".to_string() } else { format!("the uncertain inputs are {}", model.inputs.paths.join(", ")) };
                p.push(&format!("{path}.{field}"), format!("{name:?} is not an uncertain input of the model; {hint}"));
                None
            }
        };
        let (a, b) = (find("a", &c.a), find("b", &c.b));
        if !(c.rank_correlation.is_finite() && (-1.0..=1.0).contains(&c.rank_correlation)) {
            p.push(&format!("{path}.rank_correlation"), format!("must be between -1 and 1, got {}", fmt_num(c.rank_correlation)));
        }
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                p.push(&format!("{path}.b"), "must name another input than a");
            } else if pairs.iter().any(|&(x, y, _, _)| (x, y) == (a, b) || (x, y) == (b, a)) {
                p.push(&path, format!("gives the correlation of {:?} and {:?} a second time", c.a, c.b));
            } else {
                pairs.push((a, b, c.rank_correlation, i));
                for j in [a, b] {
                    if !inputs.contains(&j) {
                        inputs.push(j);
                    }
                }
            }
        }
    }
    if p.len() > before {
        return None;
    }
    let k = inputs.len();
    let mut m = vec![0.0; k * k];
    for i in 0..k {
        m[i * k + i] = 1.0;
    }
    for &(a, b, r, _) in &pairs {
        let (ia, ib) = (inputs.iter().position(|&x| x == a).unwrap(), inputs.iter().position(|&x| x == b).unwrap());
        m[ia * k + ib] = r;
        m[ib * k + ia] = r;
    }
    if crate::stats::linalg::cholesky(&m, k).is_err() {
        p.push(
            "correlations",
            "the correlations cannot hold together (the matrix is not positive semi-definite): e.g. A strongly with B and with C, but B against C; soften some of them",
        );
        return None;
    }
    Some((inputs, m))
}

/// Map segment id → region id → value, the file form of per-cell data, from a flat cell vector.
pub fn cell_map<T: Clone>(model: &Model, values: &[T]) -> BTreeMap<String, BTreeMap<String, T>> {
    let mut out = BTreeMap::new();
    for (si, s) in model.segments.iter().enumerate() {
        let row: BTreeMap<String, T> = model.regions.iter().enumerate().map(|(ri, r)| (r.id.clone(), values[model.cell(si, ri)].clone())).collect();
        out.insert(s.id.clone(), row);
    }
    out
}
