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
