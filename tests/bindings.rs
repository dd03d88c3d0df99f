//! The UI's TypeScript types and shared words are generated from Rust; this fails when a
//! committed file is stale. `cargo xtask bindings` (ECOSIM_UPDATE_BINDINGS=1) rewrites them.

fn check(relative: &str, generated: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("ECOSIM_UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == generated, "{} is stale: run `cargo xtask bindings` and commit it", path.display());
}

#[test]
fn committed_typescript_bindings_are_current() {
    check("ui/src/api/bindings.ts", &ecosim_app::bindings::typescript());
}

#[test]
fn committed_words_are_current() {
    // The labels and the short-money cases the UI's screens are checked against.
    check("ui/src/api/words.json", &(serde_json::to_string_pretty(&ecosim_core::words::words_json()).unwrap() + "\n"));
}

#[test]
fn committed_import_presets_are_current() {
    // The Actuals import's column sets, named once.
    check(
        "ui/src/api/presets.json",
        &(serde_json::to_string_pretty(&ecosim_actuals::presets::catalogue_json()).unwrap() + "\n"),
    );
}

/// The rules the UI applies itself, for an edit's live feedback (a program's effect curve as its
/// level is dragged) or a chart it recomputes (partners over time, one type at a time), as the
/// core and the reports compute them: `ui/src/api/rules.json`, which the UI's tests compare
/// their own results with, so the two implementations cannot drift apart.
#[test]
fn committed_rules_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = ecosim_core::model::Model::from_json(&std::fs::read_to_string(root.join("models/northwind-analytics.json")).unwrap()).unwrap();
    let saturation: Vec<serde_json::Value> = model
        .programs
        .iter()
        .flat_map(|p| [0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0, 10.0].map(|l| serde_json::json!({"level": l, "half_effect_level": p.half_effect_level, "share": p.saturation(l)})))
        .collect();
    let fixture: ecosim_core::output::RunReport = serde_json::from_str(&std::fs::read_to_string(root.join("ui/src/test/fixtures/report.json")).unwrap()).unwrap();
    let rules = serde_json::json!({
        "_generated": "by `cargo xtask bindings` (tests/bindings.rs) from the core and the report crate; do not edit",
        "program_saturation": saturation,
        "partners_by_quarter_of_the_fixture_run": ecosim_report::charts::partners_by_quarter(&fixture),
    });
    check("ui/src/api/rules.json", &(serde_json::to_string_pretty(&rules).unwrap() + "\n"));
}
