//! A vendor's own partner and deal history — the actuals a forecast is calibrated from.
//!
//! Exports from a CRM or PRM arrive as CSV or XLSX files; [`import`] reads them through a
//! column mapping into the canonical tables ([`Dataset`]: partners, deals, and optionally
//! renewals and account counts), checking every row against the others and against the base
//! market model: unparseable dates, unknown partner ids, duplicate deal ids, negative amounts,
//! mixed currencies, a type, segment or region the model does not have. Every problem names
//! the file, the row and the column, with how many rows share it; a file with any problem
//! imports nothing. Each source file is kept with its SHA-256, so a dataset says exactly what
//! it was made from.

pub mod analytics;
pub mod backtest;
pub mod calibrate;
pub mod presets;
pub mod read;
pub mod replay;
pub mod synthesize;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use ecosim_core::model::Model;

pub use read::{Sheet, SourceFile};

/// A partner in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Partner {
    pub id: String,
    pub name: String,
    /// A partner type id of the base model.
    pub partner_type: String,
    /// A region id of the base model.
    pub region: String,
    /// Day joined, YYYY-MM-DD.
    pub joined: String,
    /// Day left, when it has.
    pub left: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Won,
    Lost,
    Open,
}

/// Where a deal came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DealSource {
    Own,
    Referral,
    CoSell,
    Marketplace,
}

/// A deal (an opportunity) in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Deal {
    pub id: String,
    pub partner_id: String,
    pub segment: String,
    pub region: String,
    pub created: String,
    pub closed: Option<String>,
    pub outcome: Outcome,
    /// Annual contract value.
    pub amount: f64,
    pub currency: String,
    pub source: DealSource,
    pub referring_partner_id: Option<String>,
    pub collaborating_partner_ids: Vec<String>,
    pub marketplace: Option<String>,
}

/// A customer's ARR in a period (for logo churn and expansion).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Renewal {
    pub customer: String,
    /// A quarter (2025-Q3) or a day (YYYY-MM-DD).
    pub period: String,
    pub arr: f64,
}

/// The accounts of a segment in a region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccountCount {
    pub segment: String,
    pub region: String,
    pub count: f64,
}

/// A source file a dataset was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub table: Table,
    pub rows: u64,
}

/// The canonical tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Partners,
    Deals,
    Renewals,
    Accounts,
}

impl Table {
    pub const ALL: [Table; 4] = [Table::Partners, Table::Deals, Table::Renewals, Table::Accounts];

    pub fn name(self) -> &'static str {
        match self {
            Table::Partners => "partners",
            Table::Deals => "deals",
            Table::Renewals => "renewals",
            Table::Accounts => "accounts",
        }
    }

    /// The canonical fields of the table, and whether each must be present.
    pub fn fields(self) -> &'static [(&'static str, bool)] {
        match self {
            Table::Partners => &[("id", true), ("name", false), ("type", true), ("region", true), ("joined", true), ("left", false)],
            Table::Deals => &[
                ("id", true),
                ("partner_id", true),
                ("segment", true),
                ("region", true),
                ("created", true),
                ("closed", false),
                ("outcome", true),
                ("amount", true),
                ("currency", true),
                ("source", false),
                ("referring_partner_id", false),
                ("collaborating_partner_ids", false),
                ("marketplace", false),
            ],
            Table::Renewals => &[("customer", true), ("period", true), ("arr", true)],
            Table::Accounts => &[("segment", true), ("region", true), ("count", true)],
        }
    }
}

/// Partner and deal history in the canonical tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dataset {
    pub partners: Vec<Partner>,
    pub deals: Vec<Deal>,
    pub renewals: Vec<Renewal>,
    pub accounts: Vec<AccountCount>,
    /// The one currency of every amount.
    pub currency: String,
    pub sources: Vec<Source>,
}

/// How a source's columns map onto one table's canonical fields: field → column header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mapping {
    pub columns: BTreeMap<String, String>,
    /// Date format of the source: `iso` (YYYY-MM-DD, also with a time) or `us` (M/D/YYYY).
    #[serde(default)]
    pub dates: DateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    #[default]
    Iso,
    Us,
}

/// One problem of an import: the file, the first row it is on (1-based, the header is row 1),
/// the column, what is wrong, and how many rows share it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProblem {
    pub file: String,
    pub row: u64,
    pub column: String,
    pub message: String,
    pub rows_affected: u64,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, row {}, column {}: {}", self.file, self.row, self.column, self.message)?;
        if self.rows_affected > 1 {
            write!(f, " ({} rows like this)", self.rows_affected)?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Every problem found; nothing was imported.
    #[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<ImportProblem>),
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// Collects problems, one per (file, column, kind of problem), counting the rows that share it.
#[derive(Default)]
struct Problems {
    list: Vec<ImportProblem>,
    index: HashMap<(String, String, String), usize>,
}

impl Problems {
    /// `kind` groups rows with the same problem; `message` is the first row's words.
    fn push(&mut self, file: &str, row: u64, column: &str, kind: &str, message: String) {
        let k = (file.to_string(), column.to_string(), kind.to_string());
        match self.index.get(&k) {
            Some(&i) => self.list[i].rows_affected += 1,
            None => {
                self.index.insert(k, self.list.len());
                self.list.push(ImportProblem { file: file.into(), row, column: column.into(), message, rows_affected: 1 });
            }
        }
    }
}

/// A day from a cell, as YYYY-MM-DD.
pub fn parse_date(s: &str, format: DateFormat) -> Option<String> {
    let s = s.trim();
    let (y, m, d) = match format {
        DateFormat::Iso => {
            let day = s.get(..10)?;
            if s.len() > 10 && !matches!(s.as_bytes()[10], b'T' | b' ') {
                return None;
            }
            let mut it = day.split('-');
            let (y, m, d) = (it.next()?, it.next()?, it.next()?);
            if y.len() != 4 || m.len() != 2 || d.len() != 2 || it.next().is_some() {
                return None;
            }
            (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)
        }
        DateFormat::Us => {
            let day = s.split([' ', 'T']).next()?;
            let mut it = day.split('/');
            let (m, d, y) = (it.next()?, it.next()?, it.next()?);
            if y.len() != 4 || it.next().is_some() {
                return None;
            }
            (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)
        }
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days[m as usize - 1] {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A number from a cell: `1200`, `1,200.50`, `$1200`; None when it is not one.
pub fn parse_amount(s: &str) -> Option<f64> {
    let t: String = s.trim().chars().filter(|c| !matches!(c, ',' | '_' | ' ' | '$' | '€' | '£')).collect();
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(v)
}

/// The SHA-256 of some bytes, as lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// One table's rows read through its mapping: each a map field → cell, with its row number.
struct Rows<'a> {
    file: &'a str,
    rows: Vec<(u64, HashMap<&'static str, String>)>,
}

fn mapped<'a>(sheet: &'a Sheet, table: Table, mapping: &Mapping, p: &mut Problems) -> Option<Rows<'a>> {
    let mut col: Vec<(&'static str, usize)> = Vec::new();
    let mut missing = Vec::new();
    for &(field, required) in table.fields() {
        let header = mapping.columns.get(field).map(String::as_str).unwrap_or(field);
        match sheet.header.iter().position(|h| h.trim().eq_ignore_ascii_case(header)) {
            Some(i) => col.push((field, i)),
            None if required => missing.push(format!("{field} (column {header:?})")),
            None => {}
        }
    }
    if !missing.is_empty() {
        p.push(&sheet.file, 1, &missing.join(", "), "missing", format!("the {} table needs these columns, which the header does not have: {}", table.name(), missing.join(", ")));
        return None;
    }
    let rows = sheet
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| (i as u64 + 2, col.iter().map(|&(f, c)| (f, r.get(c).map(|s| s.trim().to_string()).unwrap_or_default())).collect()))
        .collect();
    Some(Rows { file: &sheet.file, rows })
}

/// Which table a file holds, from its header (canonical or mapped names).
pub fn detect_table(sheet: &Sheet, mappings: &BTreeMap<Table, Mapping>) -> Option<Table> {
    let has = |t: Table, f: &str| {
        let h = mappings.get(&t).and_then(|m| m.columns.get(f)).map(String::as_str).unwrap_or(f);
        sheet.header.iter().any(|x| x.trim().eq_ignore_ascii_case(h))
    };
    // Most specific first: a deals table also has ids and regions.
    [(Table::Deals, "outcome"), (Table::Renewals, "arr"), (Table::Partners, "joined"), (Table::Partners, "type"), (Table::Accounts, "count")]
        .into_iter()
        .find(|&(t, f)| has(t, f))
        .map(|(t, _)| t)
}

/// Import source files into one dataset, checked against `model`. `mappings` maps each
/// table's fields to the sources' headers (absent: the canonical names, ISO dates).
pub fn import(files: &[SourceFile], mappings: &BTreeMap<Table, Mapping>, model: &Model) -> Result<Dataset, ImportError> {
    let mut p = Problems::default();
    let mut sheets: BTreeMap<Table, Vec<(&SourceFile, Sheet)>> = BTreeMap::new();
    for f in files {
        for sheet in read::sheets(f)? {
            match detect_table(&sheet, mappings) {
                Some(t) => sheets.entry(t).or_default().push((f, sheet)),
                None => p.push(&sheet.file, 1, "(header)", "unknown", "its header is not one of partners (id, type, region, joined), deals (id, partner_id, outcome, amount, …), renewals (customer, period, arr) or accounts (segment, region, count); give a preset or a mapping".into()),
            }
        }
    }
    if !sheets.contains_key(&Table::Partners) || !sheets.contains_key(&Table::Deals) {
        let have: Vec<&str> = sheets.keys().map(|t| t.name()).collect();
        return Err(ImportError::File { file: files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", "), message: format!("a dataset needs a partners table and a deals table; these files hold {}", if have.is_empty() { "neither".into() } else { have.join(" and ") }) });
    }
    let mapping = |t: Table| mappings.get(&t).cloned().unwrap_or_default();
    let types: HashSet<&str> = model.partner_types.iter().map(|t| t.id.as_str()).collect();
    let regions: HashSet<&str> = model.regions.iter().map(|r| r.id.as_str()).collect();
    let segments: HashSet<&str> = model.segments.iter().map(|s| s.id.as_str()).collect();
    // Exports name types, regions and segments as people do: the model's id or its name.
    let by_name = |pairs: Vec<(&str, &str)>| -> HashMap<String, String> { pairs.into_iter().flat_map(|(id, name)| [(id.to_lowercase(), id.to_string()), (name.to_lowercase(), id.to_string())]).collect() };
    let type_ids = by_name(model.partner_types.iter().map(|t| (t.id.as_str(), t.name.as_str())).collect());
    let region_ids = by_name(model.regions.iter().map(|r| (r.id.as_str(), r.name.as_str())).collect());
    let segment_ids = by_name(model.segments.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect());
    let resolve = |names: &HashMap<String, String>, v: &str| names.get(&v.trim().to_lowercase()).cloned().unwrap_or_else(|| v.to_string());
    let list = |set: &HashSet<&str>| {
        let mut v: Vec<&str> = set.iter().copied().collect();
        v.sort_unstable();
        v.join(", ")
    };
    let mut ds = Dataset::default();

    // Partners.
    let mut partner_ids: HashSet<String> = HashSet::new();
    for (src, sheet) in &sheets[&Table::Partners] {
        let m = mapping(Table::Partners);
        let Some(rows) = mapped(sheet, Table::Partners, &m, &mut p) else { continue };
        for (row, r) in &rows.rows {
            let f = rows.file;
            let id = r["id"].clone();
            if id.is_empty() {
                p.push(f, *row, "id", "empty", "a partner needs an id".into());
                continue;
            }
            if !partner_ids.insert(id.clone()) {
                p.push(f, *row, "id", "duplicate", format!("partner id {id:?} appears twice"));
            }
            let ty = resolve(&type_ids, &r["type"]);
            if !types.contains(ty.as_str()) {
                p.push(f, *row, "type", "unknown", format!("{ty:?} is not a partner type of the base model ({})", list(&types)));
            }
            let region = resolve(&region_ids, &r["region"]);
            if !regions.contains(region.as_str()) {
                p.push(f, *row, "region", "unknown", format!("{region:?} is not a region of the base model ({})", list(&regions)));
            }
            let joined = parse_date(&r["joined"], m.dates);
            if joined.is_none() {
                p.push(f, *row, "joined", "date", format!("{:?} is not a date ({})", r["joined"], date_words(m.dates)));
            }
            let left = r.get("left").filter(|s| !s.is_empty()).map(|s| (s.clone(), parse_date(s, m.dates)));
            if let Some((raw, None)) = &left {
                p.push(f, *row, "left", "date", format!("{raw:?} is not a date ({})", date_words(m.dates)));
            }
            if let (Some(j), Some((_, Some(l)))) = (&joined, &left) {
                if l < j {
                    p.push(f, *row, "left", "order", format!("left {l} before it joined {j}"));
                }
            }
            ds.partners.push(Partner { id, name: r.get("name").cloned().unwrap_or_default(), partner_type: ty, region, joined: joined.unwrap_or_default(), left: left.and_then(|(_, d)| d) });
        }
        ds.sources.push(Source { file: src.name.clone(), sha256: sha256(&src.bytes), table: Table::Partners, rows: rows.rows.len() as u64 });
    }

    // Deals.
    let mut deal_ids: HashSet<String> = HashSet::new();
    let mut currencies: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for (src, sheet) in &sheets[&Table::Deals] {
        let m = mapping(Table::Deals);
        let Some(rows) = mapped(sheet, Table::Deals, &m, &mut p) else { continue };
        for (row, r) in &rows.rows {
            let (f, row) = (rows.file, *row);
            let id = r["id"].clone();
            if id.is_empty() {
                p.push(f, row, "id", "empty", "a deal needs an id".into());
            } else if !deal_ids.insert(id.clone()) {
                p.push(f, row, "id", "duplicate", format!("deal id {id:?} appears twice"));
            }
            let partner = r["partner_id"].clone();
            if !partner_ids.contains(&partner) {
                p.push(f, row, "partner_id", "unknown", format!("partner {partner:?} is not in the partners table"));
            }
            let segment = resolve(&segment_ids, &r["segment"]);
            if !segments.contains(segment.as_str()) {
                p.push(f, row, "segment", "unknown", format!("{segment:?} is not a segment of the base model ({})", list(&segments)));
            }
            let region = resolve(&region_ids, &r["region"]);
            if !regions.contains(region.as_str()) {
                p.push(f, row, "region", "unknown", format!("{region:?} is not a region of the base model ({})", list(&regions)));
            }
            let created = parse_date(&r["created"], m.dates);
            if created.is_none() {
                p.push(f, row, "created", "date", format!("{:?} is not a date ({})", r["created"], date_words(m.dates)));
            }
            let closed = r.get("closed").filter(|s| !s.is_empty()).map(|s| (s.clone(), parse_date(s, m.dates)));
            if let Some((raw, None)) = &closed {
                p.push(f, row, "closed", "date", format!("{raw:?} is not a date ({})", date_words(m.dates)));
            }
            let outcome = match r["outcome"].to_ascii_lowercase().as_str() {
                "won" | "closed won" | "closed-won" | "closedwon" | "closed_won" => Some(Outcome::Won),
                "lost" | "closed lost" | "closed-lost" | "closedlost" | "closed_lost" => Some(Outcome::Lost),
                // Open stages of Salesforce's and HubSpot's default sales processes.
                "open" | "" | "prospecting" | "qualification" | "needs analysis" | "value proposition" | "id. decision makers" | "perception analysis" | "proposal/price quote" | "negotiation/review"
                | "appointmentscheduled" | "qualifiedtobuy" | "presentationscheduled" | "decisionmakerboughtin" | "contractsent" => Some(Outcome::Open),
                _ => None,
            };
            if outcome.is_none() {
                p.push(f, row, "outcome", "outcome", format!("{:?} is not won, lost or open", r["outcome"]));
            }
            if outcome.is_some_and(|o| o != Outcome::Open) && closed.is_none() {
                p.push(f, row, "closed", "missing", "a won or lost deal needs the day it closed".into());
            }
            let amount = parse_amount(&r["amount"]);
            match amount {
                None => p.push(f, row, "amount", "number", format!("{:?} is not an amount", r["amount"])),
                Some(a) if a < 0.0 => p.push(f, row, "amount", "negative", format!("an amount cannot be negative, got {a}")),
                _ => {}
            }
            let currency = r["currency"].to_ascii_uppercase();
            currencies.entry(currency.clone()).or_insert_with(|| (f.to_string(), row));
            let source = match r.get("source").map(|s| s.to_ascii_lowercase().replace(['-', ' '], "_")).as_deref() {
                None | Some("") | Some("own") | Some("sourced") => Some(DealSource::Own),
                Some("referral") | Some("referred") => Some(DealSource::Referral),
                Some("co_sell") | Some("cosell") | Some("influenced") => Some(DealSource::CoSell),
                Some("marketplace") => Some(DealSource::Marketplace),
                Some(_) => None,
            };
            if source.is_none() {
                p.push(f, row, "source", "source", format!("{:?} is not own, referral, co-sell or marketplace", r["source"]));
            }
            let referrer = r.get("referring_partner_id").filter(|s| !s.is_empty()).cloned();
            if let Some(x) = &referrer {
                if !partner_ids.contains(x) {
                    p.push(f, row, "referring_partner_id", "unknown", format!("partner {x:?} is not in the partners table"));
                }
            }
            let collaborators: Vec<String> = r.get("collaborating_partner_ids").map(|s| s.split([';', '|']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()).unwrap_or_default();
            for x in &collaborators {
                if !partner_ids.contains(x) {
                    p.push(f, row, "collaborating_partner_ids", "unknown", format!("partner {x:?} is not in the partners table"));
                }
            }
            ds.deals.push(Deal {
                id,
                partner_id: partner,
                segment,
                region,
                created: created.unwrap_or_default(),
                closed: closed.and_then(|(_, d)| d),
                outcome: outcome.unwrap_or(Outcome::Open),
                amount: amount.unwrap_or(0.0),
                currency,
                source: source.unwrap_or(DealSource::Own),
                referring_partner_id: referrer,
                collaborating_partner_ids: collaborators,
                marketplace: r.get("marketplace").filter(|s| !s.is_empty()).cloned(),
            });
        }
        ds.sources.push(Source { file: src.name.clone(), sha256: sha256(&src.bytes), table: Table::Deals, rows: rows.rows.len() as u64 });
    }
    if currencies.len() > 1 {
        // Where each currency after the first one seen starts is where the mix shows.
        let mut seen: Vec<(&String, &(String, u64))> = currencies.iter().collect();
        seen.sort_by_key(|(_, (_, row))| *row);
        let first = seen[0].0.clone();
        for (cur, (file, row)) in seen.into_iter().skip(1) {
            let n = ds.deals.iter().filter(|d| &d.currency == cur).count() as u64;
            p.push(file, *row, "currency", &format!("mixed-{cur}"), format!("amounts are in {first} and {cur}: convert them to one currency before importing"));
            if let Some(x) = p.list.last_mut() {
                x.rows_affected = n;
            }
        }
    }
    ds.currency = currencies.keys().next().cloned().unwrap_or_default();
    if !ds.currency.is_empty() && ds.currency != model.doc.currency && currencies.len() == 1 {
        let (file, row) = currencies.values().next().cloned().unwrap_or_default();
        p.push(&file, row, "currency", "model-currency", format!("amounts are in {} but the base model is in {}", ds.currency, model.doc.currency));
        if let Some(x) = p.list.last_mut() {
            x.rows_affected = ds.deals.len() as u64;
        }
    }

    // Renewals and accounts (optional).
    for (src, sheet) in sheets.get(&Table::Renewals).into_iter().flatten() {
        let Some(rows) = mapped(sheet, Table::Renewals, &mapping(Table::Renewals), &mut p) else { continue };
        for (row, r) in &rows.rows {
            match parse_amount(&r["arr"]) {
                Some(a) if a >= 0.0 => ds.renewals.push(Renewal { customer: r["customer"].clone(), period: r["period"].clone(), arr: a }),
                Some(a) => p.push(rows.file, *row, "arr", "negative", format!("ARR cannot be negative, got {a}")),
                None => p.push(rows.file, *row, "arr", "number", format!("{:?} is not an amount", r["arr"])),
            }
        }
        ds.sources.push(Source { file: src.name.clone(), sha256: sha256(&src.bytes), table: Table::Renewals, rows: rows.rows.len() as u64 });
    }
    for (src, sheet) in sheets.get(&Table::Accounts).into_iter().flatten() {
        let Some(rows) = mapped(sheet, Table::Accounts, &mapping(Table::Accounts), &mut p) else { continue };
        for (row, r) in &rows.rows {
            let (segment, region) = (resolve(&segment_ids, &r["segment"]), resolve(&region_ids, &r["region"]));
            if !segments.contains(segment.as_str()) {
                p.push(rows.file, *row, "segment", "unknown", format!("{segment:?} is not a segment of the base model ({})", list(&segments)));
            }
            if !regions.contains(region.as_str()) {
                p.push(rows.file, *row, "region", "unknown", format!("{region:?} is not a region of the base model ({})", list(&regions)));
            }
            match parse_amount(&r["count"]) {
                Some(c) if c >= 0.0 => ds.accounts.push(AccountCount { segment, region, count: c }),
                _ => p.push(rows.file, *row, "count", "number", format!("{:?} is not a count of accounts", r["count"])),
            }
        }
        ds.sources.push(Source { file: src.name.clone(), sha256: sha256(&src.bytes), table: Table::Accounts, rows: rows.rows.len() as u64 });
    }
    if ds.deals.is_empty() && p.list.is_empty() {
        p.push(&sheets[&Table::Deals][0].1.file, 2, "id", "empty", "the deals table has no rows".into());
    }
    if !p.list.is_empty() {
        return Err(ImportError::Rows(p.list));
    }
    Ok(ds)
}

fn date_words(f: DateFormat) -> &'static str {
    match f {
        DateFormat::Iso => "YYYY-MM-DD",
        DateFormat::Us => "M/D/YYYY",
    }
}
