//! The UI's TypeScript types are generated from the Rust types; this fails when the committed
//! file is stale. `cargo xtask bindings` (ECOSIM_UPDATE_BINDINGS=1) rewrites it.

#[test]
fn committed_typescript_bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/api/bindings.ts");
    let generated = ecosim_app::bindings::typescript();
    if std::env::var_os("ECOSIM_UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == generated, "{} is stale: run `cargo xtask bindings` and commit it", path.display());
}
