//! Tauri's build step, with an app manifest so that every command of the shell gets its own
//! `allow-<command>` permission: a command works only if `capabilities/` grants it. The
//! command list is the application crate's (`crates/app/src/commands.rs`), included here so it
//! is written once.

include!("../crates/app/src/commands.rs");

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS))).expect("tauri build step");
}
