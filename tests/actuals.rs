//! Importing a vendor's partner and deal history (issue 12): the canonical tables read and
//! checked row by row against the base model; every bad file refused with the file, row and
//! column named, and nothing imported from it.

use std::collections::BTreeMap;
use std::path::Path;

use ecosim_actuals::{import, parse_date, DateFormat, DealSource, ImportError, Mapping, Outcome, SourceFile, Table};
use ecosim_core::model::Model;

fn model() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/northwind-analytics.json");
    Model::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn fixture(name: &str) -> SourceFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/actuals").join(name);
    SourceFile { name: name.into(), bytes: std::fs::read(path).unwrap() }
}

fn text(name: &str, body: &str) -> SourceFile {
    SourceFile { name: name.into(), bytes: body.as_bytes().to_vec() }
}

#[test]
fn the_canonical_tables_import_with_their_sources() {
    let files = [fixture("partners.csv"), fixture("deals.csv"), fixture("accounts.csv")];
    let ds = import(&files, &BTreeMap::new(), &model()).unwrap();
    assert_eq!(ds.partners.len(), 4);
    assert_eq!(ds.deals.len(), 5);
    assert_eq!(ds.accounts.len(), 2);
    assert_eq!(ds.currency, "USD");
    assert_eq!(ds.partners[2].left.as_deref(), Some("2025-06-30"));
    let d4 = ds.deals.iter().find(|d| d.id == "D4").unwrap();
    assert_eq!((d4.outcome, d4.source), (Outcome::Won, DealSource::CoSell));
    assert_eq!(d4.collaborating_partner_ids, vec!["P1".to_string(), "P2".to_string()]);
    assert_eq!(ds.deals.iter().find(|d| d.id == "D5").unwrap().amount, 14_500.0);
    assert_eq!(ds.deals[1].referring_partner_id.as_deref(), Some("P4"));
    // Each source with its rows and its SHA-256 (64 hex digits, the file's own).
    assert_eq!(ds.sources.len(), 3);
    let deals = ds.sources.iter().find(|s| s.table == Table::Deals).unwrap();
    assert_eq!(deals.rows, 5);
    assert_eq!(deals.sha256, ecosim_actuals::sha256(&fixture("deals.csv").bytes));
    assert_eq!(deals.sha256.len(), 64);
}

/// The one problem a bad file must be refused with.
fn refused(files: &[SourceFile]) -> Vec<String> {
    match import(files, &BTreeMap::new(), &model()) {
        Ok(_) => panic!("imported a bad dataset"),
        Err(ImportError::Rows(p)) => p.iter().map(|x| x.to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

const PARTNERS: &str = "id,name,type,region,joined,left\nP1,A,reseller,na,2024-01-15,\nP2,B,msp,emea,2024-03-01,\n";
const HEAD: &str = "id,partner_id,segment,region,created,closed,outcome,amount,currency,source,referring_partner_id,collaborating_partner_ids,marketplace\n";

fn deals(rows: &str) -> Vec<SourceFile> {
    vec![text("partners.csv", PARTNERS), text("deals.csv", &format!("{HEAD}{rows}"))]
}

#[test]
fn every_bad_file_is_refused_naming_its_row_and_column() {
    let ok = "D1,P1,smb,na,2024-02-01,2024-03-15,won,12000,USD,own,,,\n";
    let cases: Vec<(Vec<SourceFile>, &str)> = vec![
        (deals(&format!("{ok}D2,P1,smb,na,2024-13-01,,open,100,USD,own,,,\nD3,P1,smb,na,01/02/2024,,open,100,USD,own,,,\n")), "deals.csv, row 3, column created: \"2024-13-01\" is not a date (YYYY-MM-DD) (2 rows like this)"),
        (deals(&format!("{ok}D2,P9,smb,na,2024-02-01,,open,100,USD,own,,,\n")), "deals.csv, row 3, column partner_id: partner \"P9\" is not in the partners table"),
        (deals(&format!("{ok}D1,P1,smb,na,2024-02-01,,open,100,USD,own,,,\n")), "deals.csv, row 3, column id: deal id \"D1\" appears twice"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,2024-03-01,won,-50,USD,own,,,\n")), "deals.csv, row 3, column amount: an amount cannot be negative, got -50"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,2024-03-01,won,50,EUR,own,,,\n")), "deals.csv, row 3, column currency: amounts are in USD and EUR: convert them to one currency before importing"),
        (deals(&format!("{ok}D2,P1,smb,mars,2024-02-01,,open,50,USD,own,,,\n")), "deals.csv, row 3, column region: \"mars\" is not a region of the base model (apac, emea, latam, na)"),
        (deals(&format!("{ok}D2,P1,startups,na,2024-02-01,,open,50,USD,own,,,\n")), "deals.csv, row 3, column segment: \"startups\" is not a segment of the base model (enterprise, mid_market, smb)"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,,pending,50,USD,own,,,\n")), "deals.csv, row 3, column outcome: \"pending\" is not won, lost or open"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,,won,50,USD,own,,,\n")), "deals.csv, row 3, column closed: a won or lost deal needs the day it closed"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,,open,lots,USD,own,,,\n")), "deals.csv, row 3, column amount: \"lots\" is not an amount"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,,open,5,USD,own,P7,,\n")), "deals.csv, row 3, column referring_partner_id: partner \"P7\" is not in the partners table"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,,open,5,USD,own,,P2;P8,\n")), "deals.csv, row 3, column collaborating_partner_ids: partner \"P8\" is not in the partners table"),
        (deals(&format!("{ok}D2,P1,smb,na,2024-02-01,,open,5,USD,barter,,,\n")), "deals.csv, row 3, column source: \"barter\" is not own, referral, co-sell or marketplace"),
        (vec![text("partners.csv", "id,name,type,region,joined,left\nP1,A,wholesaler,na,2024-01-15,\n"), text("deals.csv", &format!("{HEAD}{ok}"))], "partners.csv, row 2, column type: \"wholesaler\" is not a partner type of the base model"),
        (vec![text("partners.csv", "id,name,type,region,joined,left\nP1,A,reseller,na,2024-05-15,2024-01-01\n"), text("deals.csv", &format!("{HEAD}{ok}"))], "partners.csv, row 2, column left: left 2024-01-01 before it joined 2024-05-15"),
        (vec![text("partners.csv", "id,name,type,region\nP1,A,reseller,na\n"), text("deals.csv", &format!("{HEAD}{ok}"))], "partners.csv, row 1, column joined (column \"joined\"): the partners table needs these columns"),
        (vec![text("partners.csv", PARTNERS)], "a dataset needs a partners table and a deals table; these files hold partners"),
        (vec![text("partners.csv", PARTNERS), SourceFile { name: "deals.csv".into(), bytes: [HEAD.as_bytes(), b"D1,P1,smb,na,2024-02-01,2024-03-15,won,12000,US\xff,own,,,\n"].concat() }], "deals.csv: is not UTF-8 text: byte"),
        (vec![text("partners.csv", PARTNERS), text("deals.xlsx", "not a workbook")], "deals.xlsx: is not a readable XLSX workbook"),
    ];
    assert!(cases.len() >= 12);
    for (files, expected) in &cases {
        let got = refused(files);
        assert!(got.iter().any(|m| m.contains(expected)), "expected {expected:?}, got {got:#?}");
    }
}

#[test]
fn a_mapping_reads_other_headers_and_us_dates() {
    let partners = "Partner ID,Partner Name,Partner Type,Territory,Start Date\nP1,A,reseller,na,1/15/2024\n";
    let deals = "Opportunity ID,Partner ID,Segment,Territory,Created Date,Close Date,Stage,ACV,Currency\nO1,P1,smb,na,2/1/2024,3/15/2024,Closed Won,12000,USD\n";
    let map = |pairs: &[(&str, &str)]| Mapping { columns: pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(), dates: DateFormat::Us };
    let mut mappings = BTreeMap::new();
    mappings.insert(Table::Partners, map(&[("id", "Partner ID"), ("name", "Partner Name"), ("type", "Partner Type"), ("region", "Territory"), ("joined", "Start Date")]));
    mappings.insert(Table::Deals, map(&[("id", "Opportunity ID"), ("partner_id", "Partner ID"), ("segment", "Segment"), ("region", "Territory"), ("created", "Created Date"), ("closed", "Close Date"), ("outcome", "Stage"), ("amount", "ACV"), ("currency", "Currency")]));
    let ds = import(&[text("p.csv", partners), text("o.csv", deals)], &mappings, &model()).unwrap();
    assert_eq!(ds.partners[0].joined, "2024-01-15");
    assert_eq!((ds.deals[0].outcome, ds.deals[0].closed.as_deref()), (Outcome::Won, Some("2024-03-15")));
}

#[test]
fn dates_are_days_that_exist() {
    assert_eq!(parse_date("2024-02-29", DateFormat::Iso).as_deref(), Some("2024-02-29"));
    assert_eq!(parse_date("2023-02-29", DateFormat::Iso), None);
    assert_eq!(parse_date("2024-03-05T10:00:00Z", DateFormat::Iso).as_deref(), Some("2024-03-05"));
    assert_eq!(parse_date("3/5/2024", DateFormat::Us).as_deref(), Some("2024-03-05"));
    assert_eq!(parse_date("2024/03/05", DateFormat::Iso), None);
}

#[test]
fn every_preset_imports_its_export_to_the_same_canonical_dataset() {
    let canonical = import(&[fixture("partners.csv"), fixture("deals.csv")], &BTreeMap::new(), &model()).unwrap();
    for (preset, files) in [
        ("salesforce", ["salesforce/accounts.csv", "salesforce/opportunities.csv"]),
        ("hubspot", ["hubspot/companies.csv", "hubspot/deals.csv"]),
        ("crossbeam", ["crossbeam/partners.csv", "crossbeam/attribution.csv"]),
        ("partnerstack", ["partnerstack/partners.csv", "partnerstack/deals.csv"]),
    ] {
        let mappings = ecosim_actuals::presets::preset(preset).unwrap();
        let ds = import(&files.map(fixture), &mappings, &model()).unwrap_or_else(|e| panic!("{preset}: {e}"));
        assert_eq!(ds.partners, canonical.partners, "{preset}: partners");
        assert_eq!(ds.deals, canonical.deals, "{preset}: deals");
        assert_eq!(ds.currency, canonical.currency);
        assert_eq!(ds.sources.len(), 2);
    }
    assert!(ecosim_actuals::presets::preset("zinfi").is_none());
}

#[test]
fn a_workbook_imports_sheet_by_sheet_with_excel_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let partners = wb.add_worksheet().set_name("partners").unwrap();
    for (c, h) in ["id", "name", "type", "region", "joined"].iter().enumerate() {
        partners.write_string(0, c as u16, *h).unwrap();
    }
    partners.write_string(1, 0, "P1").unwrap();
    partners.write_string(1, 1, "Contoso").unwrap();
    partners.write_string(1, 2, "Value-added reseller").unwrap();
    partners.write_string(1, 3, "na").unwrap();
    partners.write_datetime_with_format(1, 4, &ExcelDateTime::from_ymd(2024, 1, 15).unwrap(), &date).unwrap();
    let deals = wb.add_worksheet().set_name("deals").unwrap();
    for (c, h) in ["id", "partner_id", "segment", "region", "created", "closed", "outcome", "amount", "currency"].iter().enumerate() {
        deals.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["D1", "P1", "smb", "na"].iter().enumerate() {
        deals.write_string(1, c as u16, *v).unwrap();
    }
    deals.write_datetime_with_format(1, 4, &ExcelDateTime::from_ymd(2024, 2, 1).unwrap(), &date).unwrap();
    deals.write_datetime_with_format(1, 5, &ExcelDateTime::from_ymd(2024, 3, 15).unwrap(), &date).unwrap();
    deals.write_string(1, 6, "won").unwrap();
    deals.write_number(1, 7, 12000.0).unwrap();
    deals.write_string(1, 8, "USD").unwrap();
    // A second deal whose amount is text that is not a number, on row 3 of the deals sheet.
    for (c, v) in ["D2", "P1", "smb", "na", "2024-02-02", "", "open", "n/a", "USD"].iter().enumerate() {
        deals.write_string(2, c as u16, *v).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let file = SourceFile { name: "history.xlsx".into(), bytes };
    let e = import(std::slice::from_ref(&file), &BTreeMap::new(), &model()).unwrap_err().to_string();
    assert!(e.contains("history.xlsx [deals], row 3, column amount: \"n/a\" is not an amount"), "{e}");
    // Without the bad row it imports, Excel's dates read as days.
    let ds = {
        let mut fixed = file.clone();
        let mut wb = Workbook::new();
        let p = wb.add_worksheet().set_name("partners").unwrap();
        for (c, h) in ["id", "type", "region", "joined"].iter().enumerate() {
            p.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["P1", "reseller", "North America"].iter().enumerate() {
            p.write_string(1, c as u16, *v).unwrap();
        }
        p.write_datetime_with_format(1, 3, &ExcelDateTime::from_ymd(2024, 1, 15).unwrap(), &date).unwrap();
        let d = wb.add_worksheet().set_name("deals").unwrap();
        for (c, h) in ["id", "partner_id", "segment", "region", "created", "outcome", "amount", "currency"].iter().enumerate() {
            d.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["D1", "P1", "smb", "na"].iter().enumerate() {
            d.write_string(1, c as u16, *v).unwrap();
        }
        d.write_datetime_with_format(1, 4, &ExcelDateTime::from_ymd(2024, 2, 1).unwrap(), &date).unwrap();
        d.write_string(1, 5, "open").unwrap();
        d.write_number(1, 6, 9000.0).unwrap();
        d.write_string(1, 7, "USD").unwrap();
        fixed.bytes = wb.save_to_buffer().unwrap();
        import(&[fixed], &BTreeMap::new(), &model()).unwrap()
    };
    assert_eq!(ds.partners[0].joined, "2024-01-15");
    assert_eq!(ds.partners[0].region, "na");
    assert_eq!(ds.deals[0].created, "2024-02-01");
    assert_eq!(ds.deals[0].amount, 9000.0);
}

#[test]
fn analytics_measure_the_history_as_it_happened() {
    let ds = import(&[fixture("partners.csv"), fixture("deals.csv")], &BTreeMap::new(), &model()).unwrap();
    let a = ecosim_actuals::analytics::analytics(&ds);
    assert_eq!((a.partners, a.deals, a.won_amount), (4, 5, 206_500.0));
    assert_eq!((a.from.as_str(), a.to.as_str()), ("2024-01-10", "2025-02-01"));
    let t = |id: &str| a.by_type.iter().find(|t| t.partner_type == id).unwrap();
    let r = t("reseller");
    assert_eq!((r.deals, r.won, r.lost, r.won_amount), (3, 2, 1, 26_500.0));
    assert!((r.win_rate.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(t("msp").open_pipeline, 9_000.0);
    assert_eq!(t("system_integrator").won_amount, 180_000.0);
    assert_eq!((t("system_integrator").partners, t("system_integrator").active_partners), (1, 0));
    assert!((a.by_type.iter().map(|t| t.share_of_won).sum::<f64>() - 1.0).abs() < 1e-12);
    let flow = &a.referrals[0];
    assert_eq!((flow.from_type.as_str(), flow.to_type.as_str(), flow.referrals, flow.won, flow.win_rate), ("referral_partner", "reseller", 1, 0, Some(0.0)));
    assert_eq!((a.collaboration.deals_together, a.collaboration.win_rate_together, a.collaboration.deals_alone), (1, Some(1.0), 4));
    let q: Vec<(&str, f64)> = a.by_quarter.iter().map(|q| (q.quarter.as_str(), q.won_amount)).collect();
    assert_eq!(q, vec![("2024-Q1", 12_000.0), ("2024-Q2", 180_000.0), ("2025-Q1", 14_500.0)]);
}

#[test]
fn analytics_concentration_first_deals_cohorts_and_network_match_hand_counts() {
    use ecosim_actuals::{Dataset, Deal, Partner};
    let partner = |id: &str, ty: &str, joined: &str, left: Option<&str>| Partner {
        id: id.into(),
        name: format!("Partner {id}"),
        partner_type: ty.into(),
        region: "na".into(),
        joined: joined.into(),
        left: left.map(str::to_string),
    };
    let deal = |id: &str,
                p: &str,
                created: &str,
                closed: &str,
                outcome: Outcome,
                amount: f64,
                source: DealSource,
                referrer: Option<&str>| Deal {
        id: id.into(),
        partner_id: p.into(),
        segment: "smb".into(),
        region: "na".into(),
        created: created.into(),
        closed: Some(closed.into()),
        outcome,
        amount,
        currency: "USD".into(),
        source,
        referring_partner_id: referrer.map(str::to_string),
        collaborating_partner_ids: Vec::new(),
        marketplace: None,
    };
    // Five resellers joined on 2024-01-01 (day 0 of the history); P3 left on day 15 without a
    // deal, P4 never dealt; P5, an MSP, joined before the history and never dealt.
    let day0 = "2024-01-01";
    let ds = Dataset {
        partners: vec![
            partner("P0", "reseller", day0, None),
            partner("P1", "reseller", day0, None),
            partner("P2", "reseller", day0, None),
            partner("P3", "reseller", day0, Some("2024-01-16")),
            partner("P4", "reseller", day0, None),
            partner("P5", "msp", "2023-06-01", None),
        ],
        deals: vec![
            deal(
                "D0",
                "P0",
                "2024-01-11",
                "2024-03-01",
                Outcome::Won,
                800.0,
                DealSource::Own,
                None,
            ),
            deal(
                "D1",
                "P1",
                "2024-01-21",
                "2024-02-01",
                Outcome::Lost,
                50.0,
                DealSource::Own,
                None,
            ),
            deal(
                "D2",
                "P2",
                "2024-01-31",
                "2024-05-01",
                Outcome::Won,
                100.0,
                DealSource::CoSell,
                None,
            ),
            deal(
                "D3",
                "P1",
                "2024-03-15",
                "2024-04-01",
                Outcome::Won,
                100.0,
                DealSource::Referral,
                Some("P2"),
            ),
            deal(
                "D4",
                "P0",
                "2025-06-01",
                "2025-12-31",
                Outcome::Lost,
                70.0,
                DealSource::Referral,
                Some("P2"),
            ),
        ],
        currency: "USD".into(),
        ..Default::default()
    };
    let a = ecosim_actuals::analytics::analytics(&ds);
    // Won ACV per partner, smallest first: 0, 0, 0, 100, 100, 800 of 1,000.
    let k = &a.concentration;
    assert_eq!(k.partners_without_win, 3);
    assert!(
        (k.top20_share - 0.9).abs() < 1e-12,
        "the top two of six hold 900 of 1,000: {}",
        k.top20_share
    );
    assert!(
        (k.gini - (2.0 * 5700.0 / 6000.0 - 7.0 / 6.0)).abs() < 1e-12,
        "{}",
        k.gini
    );
    let expected = [
        (0.0, 0.0),
        (1.0 / 6.0, 0.0),
        (2.0 / 6.0, 0.0),
        (0.5, 0.0),
        (4.0 / 6.0, 0.1),
        (5.0 / 6.0, 0.2),
        (1.0, 1.0),
    ];
    assert_eq!(k.lorenz.len(), expected.len());
    for (p, e) in k.lorenz.iter().zip(expected) {
        assert!(
            (p.0 - e.0).abs() < 1e-12 && (p.1 - e.1).abs() < 1e-12,
            "{:?} against {e:?}",
            k.lorenz
        );
    }
    // First deals after 10, 20, 30 days; P3 censored at 15, P4 at day 730 (2025-12-31):
    // S = 4/5 after day 10, × 2/3 after 20, × 1/2 after 30 → the median is day 30, and
    // 1 − 4/15 had a first deal within 180 days. First wins on days 60, 91 and 121 (P3
    // censored first): S = 3/4, then 1/2 at day 91.
    let r = a
        .time_to_first_deal
        .iter()
        .find(|t| t.partner_type == "reseller")
        .unwrap();
    assert_eq!((r.partners, r.with_deal, r.with_win), (5, 3, 3));
    assert_eq!(
        (r.median_days_to_deal, r.median_days_to_win),
        (Some(30.0), Some(91.0))
    );
    assert!((r.deal_within_180_days.unwrap() - 11.0 / 15.0).abs() < 1e-12);
    let m = a
        .time_to_first_deal
        .iter()
        .find(|t| t.partner_type == "msp")
        .unwrap();
    assert_eq!(
        (m.partners, m.median_days_to_deal),
        (0, None),
        "a partner that joined before the history is left out"
    );
    // Cohorts: the resellers' (2024-Q1, followed 7 quarters to 2025-Q4); the MSP's (2023-Q2)
    // predates the history, so only its survivors could be in it, and it is left out.
    assert_eq!(
        a.cohorts
            .iter()
            .map(|c| (c.quarter.as_str(), c.joined, c.left, c.retained.len()))
            .collect::<Vec<_>>(),
        vec![("2024-Q1", 5, 1, 7)]
    );
    assert!(a.cohorts[0]
        .retained
        .iter()
        .all(|&x| (x - 0.8).abs() < 1e-12));
    // The network: P2 referred to P1 (won) and to P0 (lost).
    let edges: Vec<_> = a
        .network
        .edges
        .iter()
        .map(|e| {
            (
                e.from.as_str(),
                e.to.as_str(),
                e.referrals,
                e.won,
                e.win_rate,
                e.won_amount,
            )
        })
        .collect();
    assert_eq!(
        edges,
        vec![
            ("P2", "P0", 1, 0, Some(0.0), 0.0),
            ("P2", "P1", 1, 1, Some(1.0), 100.0)
        ]
    );
    let nodes: Vec<_> = a
        .network
        .partners
        .iter()
        .map(|p| (p.id.as_str(), p.referred, p.received))
        .collect();
    assert_eq!(nodes, vec![("P0", 0, 1), ("P1", 0, 1), ("P2", 2, 0)]);
    // Quarters: pipeline by the quarter it was created in, won by the one it closed in.
    let q = |name: &str| a.by_quarter.iter().find(|q| q.quarter == name).unwrap();
    assert_eq!(
        (
            q("2024-Q1").pipeline_by_type["reseller"],
            q("2024-Q1").collaborative_pipeline,
            q("2024-Q1").referrals
        ),
        (1_050.0, 100.0, 1)
    );
    assert_eq!(
        (
            q("2024-Q1").won_sourced,
            q("2024-Q2").won_sourced,
            q("2024-Q2").won_influenced,
            q("2024-Q2").won_marketplace
        ),
        (800.0, 100.0, 100.0, 0.0)
    );
    assert_eq!(
        (
            q("2025-Q2").pipeline_by_type["reseller"],
            q("2025-Q2").referrals,
            q("2025-Q2").won_amount
        ),
        (70.0, 1, 0.0)
    );
    assert!(a.type_names.is_empty());
}

#[test]
fn calibration_fits_win_rates_churn_and_deal_sizes_with_their_uncertainty() {
    use ecosim_actuals::{Deal, Dataset, Partner};
    use ecosim_core::model::{Dist, MarketModelDoc, Param};
    let base: MarketModelDoc = serde_json::from_str(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/northwind-analytics.json")).unwrap()).unwrap();
    // Ten resellers for two years (2024-01-01 – 2025-12-31), two of them gone at mid-2025;
    // 30 closed deals (20 won, 10 lost), the won ones of known sizes in SMB.
    let partners: Vec<Partner> = (0..10)
        .map(|i| Partner { id: format!("R{i}"), name: String::new(), partner_type: "reseller".into(), region: "na".into(), joined: "2024-01-01".into(), left: (i < 2).then(|| "2025-07-01".to_string()) })
        .collect();
    let deal = |i: usize, won: bool, amount: f64| Deal {
        id: format!("D{i}"),
        partner_id: format!("R{}", i % 10),
        segment: "smb".into(),
        region: "na".into(),
        created: "2024-02-01".into(),
        closed: Some(if i == 0 { "2025-12-31".into() } else { "2024-06-01".into() }),
        outcome: if won { Outcome::Won } else { Outcome::Lost },
        amount,
        currency: "USD".into(),
        source: DealSource::Own,
        referring_partner_id: None,
        collaborating_partner_ids: Vec::new(),
        marketplace: None,
    };
    let sizes: Vec<f64> = (0..20).map(|i| 10_000.0 * (1.0 + 0.1 * i as f64)).collect();
    let deals: Vec<Deal> = (0..30).map(|i| if i < 20 { deal(i, true, sizes[i]) } else { deal(i, false, 5_000.0) }).collect();
    let ds = Dataset { partners, deals, currency: "USD".into(), ..Default::default() };
    let c = ecosim_actuals::calibrate::calibrate(&ds, &base);
    let reseller = c.model.partner_types.iter().position(|t| t.id == "reseller").unwrap();
    assert_eq!(c.model.partner_types[reseller].win_rate, Param::Dist(Dist::Beta { alpha: 21.0, beta: 11.0 }));
    // 2 departures over the active partner-quarters: the first estimate is their Beta posterior,
    // refined by simulating the history's partners (the idle and conflict multipliers act on top).
    let churn = c.notes.iter().find(|n| n.path == format!("partner_types[{reseller}].churn_per_quarter")).unwrap();
    assert!(churn.fitted && churn.detail.contains("2 departures"), "{churn:?}");
    assert!(matches!(c.model.partner_types[reseller].churn_per_quarter, Param::Dist(_)));
    let (lo, hi) = (churn.low.unwrap(), churn.high.unwrap());
    assert!(0.0 < lo && lo < churn.estimate.unwrap() && churn.estimate.unwrap() < hi && hi < 0.5, "{churn:?}");
    let gm = (sizes.iter().map(|x| x.ln()).sum::<f64>() / 20.0).exp();
    match &c.model.market.segments[0].deal_size.median {
        Param::Dist(Dist::Lognormal { median, p90 }) => {
            assert!((median - gm).abs() < 1e-6 * gm);
            assert!(p90 > median);
        }
        other => panic!("deal size median is {other:?}"),
    }
    // Types and segments without enough data keep the base model's values, and say why.
    let msp = c.model.partner_types.iter().position(|t| t.id == "msp").unwrap();
    assert_eq!(c.model.partner_types[msp].win_rate, base.partner_types[msp].win_rate);
    assert!(c.notes.iter().any(|n| n.path == format!("partner_types[{msp}].win_rate") && !n.fitted && n.detail.contains("0 closed deals")));
    assert!(c.model.sources[&format!("partner_types[{reseller}].win_rate")].starts_with("fitted from 30 closed deals worked alone of 10 partners, 2024-Q1 – 2025-Q4"));
    // The fitted model is a valid model.
    Model::from_doc(c.model.clone()).unwrap_or_else(|e| panic!("the fitted model is invalid: {e}"));
}

#[test]
fn the_productivity_spread_is_recovered_from_deals_per_partner() {
    use ecosim_actuals::{Deal, Dataset, Partner};
    use ecosim_core::engine::rng::{key, Stream};
    use ecosim_core::model::MarketModelDoc;
    let base: MarketModelDoc = serde_json::from_str(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/northwind-analytics.json")).unwrap()).unwrap();
    // 400 resellers over 8 quarters; half sell at half the mean rate, half at 1.5×: a spread
    // (coefficient of variation of productivity) of exactly 0.5, with Poisson counts on top.
    let mut partners = Vec::new();
    let mut deals = Vec::new();
    let mut s = Stream::new(key(&[42]));
    for i in 0..400 {
        partners.push(Partner { id: format!("R{i}"), name: String::new(), partner_type: "reseller".into(), region: "na".into(), joined: "2024-01-01".into(), left: None });
        let rate = 2.0 * if i % 2 == 0 { 0.5 } else { 1.5 };
        for k in 0..s.poisson(rate * 8.0) {
            deals.push(Deal {
                id: format!("D{i}-{k}"),
                partner_id: format!("R{i}"),
                segment: "smb".into(),
                region: "na".into(),
                created: "2024-03-01".into(),
                closed: Some("2025-12-31".into()),
                outcome: Outcome::Lost,
                amount: 1000.0,
                currency: "USD".into(),
                source: DealSource::Own,
                referring_partner_id: None,
                collaborating_partner_ids: Vec::new(),
                marketplace: None,
            });
        }
    }
    // The history spans 2024-01-01 (a deal created then) to 2025-12-31.
    deals[0].created = "2024-01-01".into();
    let ds = Dataset { partners, deals, currency: "USD".into(), ..Default::default() };
    let c = ecosim_actuals::calibrate::calibrate(&ds, &base);
    let r = c.model.partner_types.iter().find(|t| t.id == "reseller").unwrap();
    assert!((r.productivity_cv - 0.5).abs() < 0.1, "fitted spread {}", r.productivity_cv);
    let note = c.notes.iter().find(|n| n.path.ends_with("productivity_cv") && n.fitted).unwrap();
    assert!(note.detail.contains("400 partners"), "{}", note.detail);
}

#[test]
fn the_ramp_is_recovered_from_recruits_first_quarters() {
    use ecosim_actuals::{Deal, Dataset, Partner};
    use ecosim_core::engine::rng::{key, Stream};
    use ecosim_core::model::MarketModelDoc;
    let base: MarketModelDoc = serde_json::from_str(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/northwind-analytics.json")).unwrap()).unwrap();
    // 60 MSPs (few enough not to saturate their accounts) join on 2024-01-01 and ramp over 3
    // quarters to 2 deals a quarter (tenure quarter k at min(1, k/3)); the history runs 12 quarters.
    let mut partners = Vec::new();
    let mut deals = Vec::new();
    let mut s = Stream::new(key(&[7]));
    let quarter_start = |k: usize| format!("{}-{:02}-15", 2024 + k / 4, 1 + 3 * (k % 4));
    for i in 0..60 {
        partners.push(Partner { id: format!("M{i}"), name: String::new(), partner_type: "msp".into(), region: "emea".into(), joined: "2024-01-01".into(), left: None });
        for k in 0..12 {
            let rate = 2.0 * (k as f64 / 3.0).min(1.0);
            for j in 0..s.poisson(rate) {
                deals.push(Deal {
                    id: format!("D{i}-{k}-{j}"),
                    partner_id: format!("M{i}"),
                    segment: "smb".into(),
                    region: "emea".into(),
                    created: quarter_start(k),
                    closed: None,
                    outcome: Outcome::Open,
                    amount: 1000.0,
                    currency: "USD".into(),
                    source: DealSource::Own,
                    referring_partner_id: None,
                    collaborating_partner_ids: Vec::new(),
                    marketplace: None,
                });
            }
        }
    }
    deals[0].created = "2024-01-01".into();
    deals.last_mut().unwrap().created = "2026-12-31".into();
    let ds = Dataset { partners, deals, currency: "USD".into(), ..Default::default() };
    let c = ecosim_actuals::calibrate::calibrate(&ds, &base);
    let msp = c.model.partner_types.iter().find(|t| t.id == "msp").unwrap();
    let i = c.model.partner_types.iter().position(|t| t.id == "msp").unwrap();
    let note = c.notes.iter().find(|n| n.path == format!("partner_types[{i}].ramp_quarters")).unwrap();
    assert!(note.detail.contains("recorded ramp (3 quarters)"), "{note:?}");
    assert!((2..=4).contains(&msp.ramp_quarters), "{note:?}");
}

#[test]
fn the_backtest_measures_a_traced_trial_as_its_written_history_would() {
    use ecosim_actuals::{backtest, replay::Span, synthesize};
    use ecosim_core::engine::{self, RunOptions};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = ecosim_core::model::load_scenario(
        &root.join("scenarios/reseller-heavy.json"),
        Some(&root.join("models/northwind-analytics.json")),
    )
    .unwrap();
    let opts = RunOptions {
        trials: 3,
        seed: 11,
        ..RunOptions::for_scenario(&l.scenario)
    };
    for trial in 0..3 {
        let h = engine::trace(&l.model, &l.scenario, &opts, trial);
        let direct = backtest::traced_won_by_quarter(&h);
        let written = synthesize::from_history(&l.model, &h, 11);
        let span = Span {
            first: ecosim_actuals::replay::quarter_index(&format!(
                "{}-01-01",
                synthesize::START_YEAR
            )),
            quarters: h.quarters,
        };
        assert_eq!(
            direct,
            backtest::won_by_quarter(&written, span),
            "trial {trial}"
        );
        assert!(direct.iter().sum::<f64>() > 0.0);
    }
}
