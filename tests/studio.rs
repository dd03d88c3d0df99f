//! The desktop app's operations, without a window: templates, validation shaped for the
//! editor, preview, runs with progress events and cancel, stored results.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use ecosim_app::{slug, ErrorKind, RunEvent, RunRequest, Studio};

fn studio() -> (tempfile::TempDir, Arc<Studio>) {
    let dir = tempfile::tempdir().unwrap();
    let s = Studio::open(&dir.path().join("studio.db")).unwrap();
    (dir, Arc::new(s))
}

#[test]
fn a_new_scenario_from_a_template_gets_a_free_id_from_its_name() {
    let (_d, s) = studio();
    let templates = s.templates();
    assert_eq!(templates.len(), ecosim_core::shipped::SCENARIOS.len());
    assert!(templates.iter().all(|t| !t.description.is_empty()));
    let a = s.create_from_template("reseller-heavy", "Resellers, plus 20 %").unwrap();
    assert_eq!((a.slug.as_str(), a.name.as_str(), a.version), ("resellers-plus-20", "Resellers, plus 20 %", 1));
    let b = s.create_from_template("reseller-heavy", "Resellers, plus 20 %").unwrap();
    assert_eq!(b.slug, "resellers-plus-20-2");
    assert_eq!(s.create_from_template("nope", "x").unwrap_err().kind, ErrorKind::NotFound);
    let err = s.create_from_template("reseller-heavy", "   ").unwrap_err();
    assert_eq!((err.kind, err.problems[0].path.as_str()), (ErrorKind::Invalid, "name"));
    assert_eq!(slug("  Two-tier: EMEA first!  "), "two-tier-emea-first");
}

#[test]
fn edits_are_checked_field_by_field_and_invalid_ones_are_not_saved() {
    let (_d, s) = studio();
    let id = s.list("reseller-heavy", false).unwrap()[0].id;
    let detail = s.detail(id).unwrap();
    assert_eq!(detail.model.id, "northwind-analytics");
    let mut doc = detail.doc.clone();
    assert!(s.check(&doc).unwrap().is_empty());
    doc.horizon_quarters = 0;
    doc.composition.get_mut("reseller").unwrap().insert("mars".into(), 3);
    let problems = s.check(&doc).unwrap();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"horizon_quarters") && paths.contains(&"composition.reseller.mars"), "{paths:?}");
    let err = s.save(id, doc, "bad").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(err.message.contains("problems"), "{}", err.message);
    assert_eq!(err.problems.len(), problems.len());
    assert_eq!(s.history(id).unwrap().len(), 1);
    // A shape the document type cannot hold still gets the core's message, by path.
    let mut raw = serde_json::to_value(&detail.doc).unwrap();
    raw["composition"]["reseller"]["na"] = (-5).into();
    let problems = s.check_json(&raw).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].path.as_str(), problems[0].message.as_str()), ("composition.reseller.na", "must be a whole number, 0 or more, got -5"));
    let mut model = serde_json::to_value(&detail.model).unwrap();
    model["partner_types"][0]["ramp_quarters"] = 1.5.into();
    assert_eq!(s.check_model_json(&model)[0].message, "must be a whole number, got 1.5");
    let mut good = detail.doc;
    *good.composition.get_mut("reseller").unwrap().get_mut("na").unwrap() += 5;
    assert_eq!(s.save(id, good, "more").unwrap().version, 2);
}

#[test]
fn a_preview_gives_headline_numbers_of_an_unsaved_edit() {
    let (_d, s) = studio();
    let id = s.list("si-isv", false).unwrap()[0].id;
    let doc = s.detail(id).unwrap().doc;
    let p = s.preview(&doc).unwrap();
    assert_eq!(p.trials, ecosim_app::PREVIEW_TRIALS);
    assert!(p.kpis.total_revenue.p10 < p.kpis.total_revenue.p50 && p.kpis.total_revenue.p50 < p.kpis.total_revenue.p90);
    assert!(p.kpis.ecosystem_multiplier.is_some_and(|m| m > 1.0), "the preview measures collaboration");
    // A newer preview cancels one in flight: run many at once, at least the last succeeds and
    // every other either succeeds or reports a cancellation.
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (s, doc) = (s.clone(), doc.clone());
            std::thread::spawn(move || s.preview(&doc).map(|_| ()).map_err(|e| e.kind))
        })
        .collect();
    for h in handles {
        let r = h.join().unwrap();
        assert!(r.is_ok() || r == Err(ErrorKind::Cancelled), "{r:?}");
    }
}

#[test]
fn a_preview_can_try_an_unsaved_market_model_edit() {
    let (_d, s) = studio();
    let id = s.list("reseller-heavy", false).unwrap()[0].id;
    let detail = s.detail(id).unwrap();
    let stored = s.preview(&detail.doc).unwrap();
    // The same model passed explicitly previews exactly what the stored one does.
    assert_eq!(s.preview_with_model(&detail.doc, Some(&detail.model)).unwrap().kpis, stored.kpis);
    // Accounts that buy far more often, in every segment: more revenue, before anything is saved.
    let mut model = detail.model.clone();
    for seg in &mut model.market.segments {
        seg.buy_rate = ecosim_core::model::Param::Fixed(0.2);
    }
    let edited = s.preview_with_model(&detail.doc, Some(&model)).unwrap();
    assert!(edited.kpis.total_revenue.mean > stored.kpis.total_revenue.mean * 1.2, "{} vs {}", edited.kpis.total_revenue.mean, stored.kpis.total_revenue.mean);
    assert_eq!(s.detail(id).unwrap().model, detail.model, "nothing was saved");
    // An invalid model edit is an error naming the field, not a preview.
    model.market.segments[0].buy_rate = ecosim_core::model::Param::Fixed(1.5);
    let err = s.preview_with_model(&detail.doc, Some(&model)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(err.problems.iter().any(|p| p.path.contains("buy_rate")), "{:?}", err.problems);
}

#[test]
fn a_run_streams_progress_and_is_stored_with_its_report() {
    let (_d, s) = studio();
    let id = s.list("two-tier", false).unwrap()[0].id;
    let events = Mutex::new(Vec::new());
    let req = RunRequest { trials: Some(3000), seed: Some(9), horizon_quarters: Some(8), ..Default::default() };
    let run_id = s.run(id, &req, &|e| events.lock().unwrap().push(e)).unwrap();
    let events = events.into_inner().unwrap();
    assert!(matches!(events.first(), Some(RunEvent::Started { total: 3000, .. })));
    assert!(matches!(events.last(), Some(RunEvent::Finished { .. })));
    let dones: Vec<u64> = events.iter().filter_map(|e| if let RunEvent::Progress { done, .. } = e { Some(*done) } else { None }).collect();
    assert!(dones.len() >= 10 && dones.windows(2).all(|w| w[0] < w[1]) && *dones.last().unwrap() == 3000, "{dones:?}");
    let report = s.report(run_id).unwrap();
    assert_eq!((report.trials, report.seed, report.horizon_quarters), (3000, 9, 8));
    // The new horizon was saved as a version before the run.
    assert_eq!(s.history(id).unwrap()[0].note, "horizon set to 8 quarters for a run");
    assert_eq!(s.runs(Some(id)).unwrap()[0].status, "completed");
    // The results screen's chart words are the report's, figures included.
    let charts = s.run_charts(run_id).unwrap();
    let ids: Vec<&str> = charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(&ids[..5], ["fan", "arr-fan", "type-area", "bookings", "distribution"], "{ids:?}");
    let fan = &charts[0];
    let last = report.by_quarter.last().unwrap();
    assert!(fan.caption.contains(&ecosim_core::words::money_short(last.revenue.p50, &report.currency)), "{}", fan.caption);
    assert!(charts.iter().all(|c| !c.title.is_empty() && c.caption.ends_with('.')), "{charts:?}");
    assert!(s.run_charts(run_id + 1000).is_err(), "an unknown run is an error, not an empty list");
}

#[test]
fn a_run_can_be_cancelled_between_trials() {
    let (_d, s) = studio();
    let id = s.list("balanced", false).unwrap()[0].id;
    let started = Arc::new(AtomicU64::new(0));
    let runner = {
        let (s, started) = (s.clone(), started.clone());
        std::thread::spawn(move || {
            s.run(id, &RunRequest { trials: Some(2_000_000), ..Default::default() }, &|e| {
                if let RunEvent::Started { run_id, .. } = e {
                    started.store(run_id as u64, Ordering::SeqCst);
                }
            })
        })
    };
    while started.load(Ordering::SeqCst) == 0 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let run_id = started.load(Ordering::SeqCst) as i64;
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(s.cancel_run(run_id));
    assert_eq!(runner.join().unwrap().unwrap(), run_id);
    let info = &s.runs(Some(id)).unwrap()[0];
    assert_eq!(info.status, "cancelled");
    assert_eq!(s.report(run_id).unwrap_err().kind, ErrorKind::Failed, "a cancelled run has no report");
    assert!(!s.cancel_run(run_id), "nothing to cancel any more");
}

#[test]
fn an_export_over_the_studio_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("studio.db");
    let s = Studio::open(&db).unwrap();
    let id = s.list("reseller", false).unwrap()[0].id;
    std::os::unix::fs::symlink(&db, dir.path().join("scenario.json")).unwrap();
    for out in [db.clone(), dir.path().join("scenario.json")] {
        let e = s.export(id, &out).expect_err("writing a scenario over the database is refused");
        assert!(e.message.contains("is the studio's database"), "{}", e.message);
    }
    assert!(s.list("", false).unwrap().len() >= 5, "the studio still reads its database");
    s.export(id, &dir.path().join("elsewhere.json")).unwrap();
}

/// The sample history, as the app's file input sends it.
fn uploads(dir: &str, names: &[&str]) -> Vec<ecosim_app::actuals::Upload> {
    use base64::Engine as _;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/northwind-history").join(dir);
    names.iter().map(|n| ecosim_app::actuals::Upload { name: n.to_string(), base64: base64::engine::general_purpose::STANDARD.encode(std::fs::read(root.join(n)).unwrap()) }).collect()
}

#[test]
fn the_actuals_area_imports_through_a_remembered_mapping_calibrates_backtests_and_saves() {
    use ecosim_app::actuals::Table;
    let (_d, s) = studio();
    // The mapping step: a Salesforce export, previewed with its preset.
    let files = uploads("salesforce", &["accounts.csv", "opportunities.csv"]);
    let preview = s.preview_import(&files, "salesforce").unwrap();
    assert_eq!(preview.len(), 2);
    let deals = preview.iter().find(|p| p.table == Some(Table::Deals)).unwrap();
    assert_eq!(deals.rows.len(), ecosim_app::actuals::PREVIEW_ROWS);
    assert_eq!(deals.total_rows, 5319);
    assert_eq!(deals.mapping.columns["id"], "Opportunity ID");
    assert!(!deals.remembered);
    assert!(deals.fields.iter().any(|(f, required)| f == "outcome" && *required));
    // Imported through the mappings the step shows; afterwards the same header maps itself.
    let mappings = preview.iter().filter_map(|p| p.table.map(|t| (t, p.mapping.clone()))).collect();
    let info = s.import_actuals(&files, "northwind-analytics", &mappings, "Northwind (Salesforce)").unwrap();
    assert_eq!((info.partners, info.deals), (206, 5319));
    let again = s.preview_import(&files, "canonical").unwrap();
    assert!(again.iter().all(|p| p.remembered), "{again:?}");
    assert_eq!(again.iter().find(|p| p.table == Some(Table::Deals)).unwrap().mapping.columns["id"], "Opportunity ID");
    // A bad file is refused with its row and column and nothing is stored.
    let mut bad = uploads("", &["partners.csv"]);
    {
        use base64::Engine as _;
        bad.push(ecosim_app::actuals::Upload { name: "deals.csv".into(), base64: base64::engine::general_purpose::STANDARD.encode("id,partner_id,segment,region,created,closed,outcome,amount,currency\nD1,RESELLER-0001,smb,na,2024-02-30,,open,5,USD\n") });
    }
    let e = s.import_actuals(&bad, "northwind-analytics", &Default::default(), "").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(e.message.contains("deals.csv, row 2, column created"), "{}", e.message);
    assert_eq!(s.datasets().unwrap().len(), 1);
    // Analytics, calibration, backtest, and the calibrated model saved as a new version.
    let a = s.dataset_analytics(info.id).unwrap();
    assert_eq!(a.deals, 5319);
    let c = s.calibrate_dataset(info.id).unwrap();
    assert!(c.notes.iter().filter(|n| n.fitted).count() >= 40);
    let b = s.backtest_dataset(info.id, Some(4), Some(60)).unwrap();
    assert_eq!(b.quarters.len(), 4);
    let v = s.save_calibrated_model(c.model.clone(), info.id).unwrap();
    assert_eq!(v, 2, "the calibrated model is the base model's second version");
}
