//! The published JSON Schemas are generated from the Rust document types; this fails when the
//! committed files are stale. Regenerate with `cargo xtask schema`.

use std::path::Path;

fn check(file: &str, schema: serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema").join(file);
    let expected = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    if std::env::var_os("ECOSIM_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == expected, "schema/{file} is stale: run `cargo xtask schema` and commit the result");
}

#[test]
fn market_model_schema_is_current() {
    check("market-model.schema.json", ecosim_core::model::model_schema());
}

#[test]
fn scenario_schema_is_current() {
    check("scenario.schema.json", ecosim_core::model::scenario_schema());
}

#[test]
fn shipped_documents_declare_the_schema_fields() {
    // The schema admits a distribution wherever a number is uncertain.
    let s = ecosim_core::model::model_schema().to_string();
    for dist in ["normal", "lognormal", "beta", "triangular", "pert", "uniform"] {
        assert!(s.contains(&format!("\"{dist}\"")), "schema lacks {dist}");
    }
}
