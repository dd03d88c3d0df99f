//! Actuals benchmark: a history of about 100,000 deals (the balanced design and its market
//! scaled 19×, three years, made by the engine) written as CSV, imported with every row checked,
//! and calibrated (every fit, the simulations included). The target is import and calibration
//! in under 5 s; figures are the median of 3, and ratios to that target.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use ecosim_actuals::synthesize::{self, ColumnSet};
use ecosim_actuals::{calibrate, import, SourceFile};
use ecosim_core::model::{Model, Scenario};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scale = 19.0;
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("models/northwind-analytics.json")).unwrap()).unwrap();
    for row in m["market"]["accounts"].as_object_mut().unwrap().values_mut() {
        for v in row.as_object_mut().unwrap().values_mut() {
            *v = serde_json::json!(v.as_f64().unwrap() * scale);
        }
    }
    let model = Model::from_json(&m.to_string()).unwrap();
    let mut s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("scenarios/balanced-ecosystem.json")).unwrap()).unwrap();
    for row in s["composition"].as_object_mut().unwrap().values_mut() {
        for v in row.as_object_mut().unwrap().values_mut() {
            *v = serde_json::json!((v.as_f64().unwrap() * scale).round() as u64);
        }
    }
    for r in s["recruitment"].as_array_mut().unwrap() {
        r["per_quarter"] = serde_json::json!((r["per_quarter"].as_f64().unwrap() * scale).round() as u64);
    }
    let scenario = Scenario::from_doc(serde_json::from_value(s).unwrap(), &model).unwrap();
    let ds = synthesize::synthesize(&model, &scenario, 42, 0);
    let files: Vec<SourceFile> = synthesize::write(&ds, &model, ColumnSet::Canonical).into_iter().map(|(name, text)| SourceFile { name, bytes: text.into_bytes() }).collect();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "Actuals benchmark — {} partners, {} deals, {} renewal rows ({:.1} MB of CSV); median of 3; target 5 s for import and calibration\n",
        ds.partners.len(),
        ds.deals.len(),
        ds.renewals.len(),
        bytes as f64 / 1e6
    );
    let (mut ti, mut tc) = (Vec::new(), Vec::new());
    let mut fitted = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let imported = import(&files, &BTreeMap::new(), &model).expect("the history imports");
        ti.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let c = calibrate::calibrate(&imported, &model.doc);
        tc.push(t.elapsed().as_secs_f64());
        fitted = c.notes.iter().filter(|n| n.fitted).count();
        if let Some(n) = c.notes.iter().find(|n| n.detail.contains("could not be simulated")) {
            panic!("{}: {}", n.path, n.detail);
        }
    }
    let (i, c) = (median(ti), median(tc));
    println!("{:<22} {:>9}", "step", "seconds");
    println!("{:<22} {:>9.3}", "import (read, check)", i);
    println!("{:<22} {:>9.3}", format!("calibrate ({fitted} fitted)"), c);
    println!("{:<22} {:>9.3}   {:.2}× the 5 s target", "both", i + c, (i + c) / 5.0);
}
