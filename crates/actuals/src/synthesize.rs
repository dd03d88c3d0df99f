//! A partner and deal history made by the engine from a known "true" model: the sample data of
//! the quick start, and the ground truth parameter-recovery tests fit against.
//!
//! One traced trial ([`ecosim_core::engine::trace`]) of a scenario becomes the canonical
//! tables: every partner instance with the day it joined (partners there at the start joined in
//! the years before) and the day it left, every opportunity that reached a decision as a deal
//! with its segment, region, days, outcome, ACV, source, referrer and collaborators, and — for
//! subscription models — each customer's ARR in every quarter it paid, with the trial's
//! expansion. Days inside a quarter and ids come from each event's own random word, so the same
//! model, scenario and seed write the same files byte for byte.

use std::fmt::Write as _;

use ecosim_core::engine::{self, History, RunOptions, TraceSource};
use ecosim_core::model::{Model, Scenario};

use super::{AccountCount, Dataset, Deal, DealSource, Outcome, Partner, Renewal};

/// The first quarter of a synthetic history.
pub const START_YEAR: i32 = 2024;

/// Days of each month (a synthetic history never needs 29 February).
const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

fn mix(x: u64) -> u64 {
    ecosim_core::engine::rng::mix(x)
}

/// A day in quarter `q` (0-based from `START_YEAR`-Q1) chosen by `w`, no earlier than
/// (month offset, day) `after`; returns (date, month offset, day).
fn day_in_quarter(q: i64, w: u64, after: Option<(u32, u32)>) -> (String, u32, u32) {
    let year = START_YEAR as i64 + q.div_euclid(4);
    let m0 = 3 * q.rem_euclid(4) as u32;
    let (from_month, from_day) = after.unwrap_or((0, 1));
    let month = from_month + (w % (3 - from_month) as u64) as u32;
    let last = MONTH_DAYS[(m0 + month) as usize];
    let first = if month == from_month { from_day } else { 1 };
    let day = first + ((w >> 16) % (last - first + 1) as u64) as u32;
    (format!("{year:04}-{:02}-{day:02}", m0 + month + 1), month, day)
}

/// The canonical dataset of trial `trial` of `scenario` (seeded by `seed`), with `accounts` from
/// the model's cells.
pub fn synthesize(model: &Model, scenario: &Scenario, seed: u64, trial: u64) -> Dataset {
    let opts = RunOptions { trials: trial + 1, seed, ..RunOptions::for_scenario(scenario) };
    let h = engine::trace(model, scenario, &opts, trial);
    from_history(model, &h, seed)
}

/// The model as trial `trial` saw it: every uncertain input fixed at the value it drew — the
/// truth the history of [`synthesize`] was made from.
pub fn truth(model: &Model, scenario: &Scenario, seed: u64, trial: u64) -> ecosim_core::model::MarketModelDoc {
    let opts = RunOptions { trials: trial + 1, seed, ..RunOptions::for_scenario(scenario) };
    let u = engine::trial_input_uniforms(model, scenario, &opts);
    model.fixed_at(&u[trial as usize])
}

/// The canonical dataset of a traced trial.
pub fn from_history(model: &Model, h: &History, seed: u64) -> Dataset {
    let key = |parts: &[u64]| ecosim_core::engine::rng::key(&[&[seed, 0x5E7_7E71C], parts].concat());
    let mut ds = Dataset { currency: "USD".into(), ..Dataset::default() };
    let mut ordinal = vec![0u32; model.partner_types.len()];
    let mut ids = Vec::with_capacity(h.partners.len());
    for (i, p) in h.partners.iter().enumerate() {
        let t = &model.partner_types[p.partner_type];
        let r = &model.regions[p.region];
        let Some(joined_q) = p.joined else {
            // An organic slot no partner filled.
            ids.push(String::new());
            continue;
        };
        ordinal[p.partner_type] += 1;
        let id = format!("{}-{:04}", t.id.to_uppercase().replace('_', ""), ordinal[p.partner_type]);
        ids.push(id.clone());
        let w = key(&[1, i as u64]);
        // Partners there at the start joined in the three years before the history.
        let (joined, jm, jd) = if p.initial { day_in_quarter(-1 - (w % 12) as i64, mix(w), None) } else { day_in_quarter(joined_q as i64, w, None) };
        // It leaves in the last month of the quarter it churned in, not before it joined.
        let after = |q: u32| if q == joined_q && !p.initial && jm == 2 { (2, jd) } else { (2, 1) };
        let left = p.left.map(|q| day_in_quarter(q as i64, key(&[2, i as u64]), Some(after(q))).0);
        ds.partners.push(Partner { id: id.clone(), name: format!("{} {} {}", r.name, t.name, ordinal[p.partner_type]), partner_type: t.id.clone(), region: r.id.clone(), joined, left });
    }
    for (j, d) in h.deals.iter().enumerate() {
        let (created, month, day) = day_in_quarter(d.quarter as i64, d.word, None);
        let (closed, _, _) = day_in_quarter(d.quarter as i64, mix(d.word), Some((month, day)));
        let source = match d.source {
            TraceSource::Own => DealSource::Own,
            TraceSource::Referral => DealSource::Referral,
            TraceSource::CoSell => DealSource::CoSell,
            TraceSource::Marketplace => DealSource::Marketplace,
        };
        let partner = &h.partners[d.partner as usize];
        let id = format!("OPP-{:06}", j + 1);
        if d.won && h.subscription {
            // The customer pays from the quarter after the win, its ARR growing by the
            // segment's expansion each quarter, until it churns or the history ends.
            let g = h.expansion[d.segment];
            let mut arr = d.acv;
            for k in 0..d.lifetime {
                let q = d.quarter + 1 + k;
                if q >= h.quarters {
                    break;
                }
                ds.renewals.push(Renewal { customer: id.clone(), period: format!("{}-Q{}", START_YEAR + (q / 4) as i32, q % 4 + 1), arr: (arr * 100.0).round() / 100.0 });
                arr *= g;
            }
        }
        ds.deals.push(Deal {
            id,
            partner_id: ids[d.partner as usize].clone(),
            segment: model.segments[d.segment].id.clone(),
            region: model.regions[d.region].id.clone(),
            created,
            closed: Some(closed),
            outcome: if d.won { Outcome::Won } else { Outcome::Lost },
            amount: (d.acv * 100.0).round() / 100.0,
            currency: "USD".into(),
            source,
            referring_partner_id: d.referrer.map(|r| ids[r as usize].clone()),
            collaborating_partner_ids: d.collaborators.iter().map(|&c| ids[c as usize].clone()).collect(),
            marketplace: (source == DealSource::Marketplace).then(|| model.partner_types[partner.partner_type].name.clone()),
        });
    }
    for (s, seg) in model.segments.iter().enumerate() {
        for (r, reg) in model.regions.iter().enumerate() {
            ds.accounts.push(AccountCount { segment: seg.id.clone(), region: reg.id.clone(), count: model.accounts[model.cell(s, r)] });
        }
    }
    ds
}

/// The column sets a synthetic history is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnSet {
    /// The canonical tables: partners.csv, deals.csv, renewals.csv, accounts.csv.
    Canonical,
    /// A Salesforce opportunity report with partner fields and its partner accounts report:
    /// accounts.csv, opportunities.csv (model names, US dates, "Closed Won").
    Salesforce,
    /// Crossbeam's partner list and attribution export: partners.csv, attribution.csv
    /// (Sourced / Influenced / Referral / Marketplace).
    Crossbeam,
}

fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn us_date(iso: &str) -> String {
    let (y, m, d) = (&iso[..4], iso[5..7].trim_start_matches('0'), iso[8..10].trim_start_matches('0'));
    format!("{m}/{d}/{y}")
}

fn money(v: f64) -> String {
    let cents = (v * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac:02}")
}

/// A deal's source as Salesforce's partner involvement and Crossbeam's attribution type name it.
fn attribution(s: DealSource) -> &'static str {
    match s {
        DealSource::Own => "Sourced",
        DealSource::Referral => "Referral",
        DealSource::CoSell => "Influenced",
        DealSource::Marketplace => "Marketplace",
    }
}

/// The files of `ds` in a column set: (file name, contents).
pub fn write(ds: &Dataset, model: &Model, set: ColumnSet) -> Vec<(String, String)> {
    let type_name = |id: &str| model.partner_types.iter().find(|t| t.id == id).map_or(id.to_string(), |t| t.name.clone());
    let region_name = |id: &str| model.regions.iter().find(|r| r.id == id).map_or(id.to_string(), |r| r.name.clone());
    let segment_name = |id: &str| model.segments.iter().find(|s| s.id == id).map_or(id.to_string(), |s| s.name.clone());
    let mut files = Vec::new();
    let mut partners = String::new();
    let mut deals = String::new();
    match set {
        ColumnSet::Canonical => {
            partners.push_str("id,name,type,region,joined,left\n");
            for p in &ds.partners {
                let _ = writeln!(partners, "{},{},{},{},{},{}", cell(&p.id), cell(&p.name), p.partner_type, p.region, p.joined, p.left.as_deref().unwrap_or(""));
            }
            deals.push_str("id,partner_id,segment,region,created,closed,outcome,amount,currency,source,referring_partner_id,collaborating_partner_ids,marketplace\n");
            for d in &ds.deals {
                let source = match d.source {
                    DealSource::Own => "own",
                    DealSource::Referral => "referral",
                    DealSource::CoSell => "co_sell",
                    DealSource::Marketplace => "marketplace",
                };
                let outcome = match d.outcome {
                    Outcome::Won => "won",
                    Outcome::Lost => "lost",
                    Outcome::Open => "open",
                };
                let _ = writeln!(deals, "{},{},{},{},{},{},{outcome},{:.2},{},{source},{},{},{}", d.id, d.partner_id, d.segment, d.region, d.created, d.closed.as_deref().unwrap_or(""), d.amount, d.currency, d.referring_partner_id.as_deref().unwrap_or(""), d.collaborating_partner_ids.join("|"), cell(d.marketplace.as_deref().unwrap_or("")));
            }
            files.push(("partners.csv".into(), partners));
            files.push(("deals.csv".into(), deals));
            if !ds.renewals.is_empty() {
                let mut r = String::from("customer,period,arr\n");
                for x in &ds.renewals {
                    let _ = writeln!(r, "{},{},{:.2}", x.customer, x.period, x.arr);
                }
                files.push(("renewals.csv".into(), r));
            }
            let mut a = String::from("segment,region,count\n");
            for x in &ds.accounts {
                let _ = writeln!(a, "{},{},{}", x.segment, x.region, x.count);
            }
            files.push(("accounts.csv".into(), a));
        }
        ColumnSet::Salesforce => {
            partners.push_str("Account ID,Account Name,Partner Type,Region,Partner Since,Partner Until\n");
            for p in &ds.partners {
                let _ = writeln!(partners, "{},{},{},{},{},{}", cell(&p.id), cell(&p.name), cell(&type_name(&p.partner_type)), cell(&region_name(&p.region)), us_date(&p.joined), p.left.as_deref().map(us_date).unwrap_or_default());
            }
            deals.push_str("Opportunity ID,Partner Account ID,Segment,Region,Created Date,Close Date,Stage,Amount,Opportunity Currency,Partner Involvement,Referring Partner ID,Influencing Partner IDs,Marketplace\n");
            for d in &ds.deals {
                let source = attribution(d.source);
                let stage = match d.outcome {
                    Outcome::Won => "Closed Won",
                    Outcome::Lost => "Closed Lost",
                    Outcome::Open => "Prospecting",
                };
                let _ = writeln!(deals, "{},{},{},{},{},{},{stage},{},{},{source},{},{},{}", d.id, d.partner_id, cell(&segment_name(&d.segment)), cell(&region_name(&d.region)), us_date(&d.created), d.closed.as_deref().map(us_date).unwrap_or_default(), cell(&money(d.amount)), d.currency, d.referring_partner_id.as_deref().unwrap_or(""), d.collaborating_partner_ids.join(";"), cell(d.marketplace.as_deref().unwrap_or("")));
            }
            files.push(("accounts.csv".into(), partners));
            files.push(("opportunities.csv".into(), deals));
        }
        ColumnSet::Crossbeam => {
            partners.push_str("Partner Record ID,Partner Name,Partner Type,Partner Region,Partnership Start,Partnership End\n");
            for p in &ds.partners {
                let _ = writeln!(partners, "{},{},{},{},{},{}", cell(&p.id), cell(&p.name), p.partner_type, p.region, p.joined, p.left.as_deref().unwrap_or(""));
            }
            deals.push_str("Opportunity ID,Partner Record ID,Segment,Opportunity Region,Opportunity Created,Opportunity Closed,Opportunity Status,Opportunity Amount,Currency,Attribution Type,Referring Partner Record ID,Influencing Partner Record IDs,Marketplace\n");
            for d in &ds.deals {
                let source = attribution(d.source);
                let status = match d.outcome {
                    Outcome::Won => "Won",
                    Outcome::Lost => "Lost",
                    Outcome::Open => "Open",
                };
                let _ = writeln!(deals, "{},{},{},{},{},{},{status},{:.2},{},{source},{},{},{}", d.id, d.partner_id, d.segment, d.region, d.created, d.closed.as_deref().unwrap_or(""), d.amount, d.currency, d.referring_partner_id.as_deref().unwrap_or(""), d.collaborating_partner_ids.join("|"), cell(d.marketplace.as_deref().unwrap_or("")));
            }
            files.push(("partners.csv".into(), partners));
            files.push(("attribution.csv".into(), deals));
        }
    }
    files
}
