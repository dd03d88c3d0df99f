//! Tauri's build step, with an app manifest so that every command of the shell gets its own
//! `allow-<command>` permission: a command works only if `capabilities/` grants it.

const COMMANDS: &[&str] = &[
    "db_status",
    "start_fresh_db",
    "list_scenarios",
    "list_templates",
    "create_from_template",
    "get_scenario",
    "check_scenario",
    "save_scenario",
    "check_model",
    "save_model",
    "duplicate_scenario",
    "rename_scenario",
    "trash_scenario",
    "untrash_scenario",
    "purge_scenario",
    "scenario_history",
    "restore_version",
    "import_with_dialog",
    "export_with_dialog",
    "export_report",
    "export_comparison",
    "pick_logo",
    "clear_logo",
    "preview",
    "start_run",
    "cancel_run",
    "list_runs",
    "get_report",
    "compare_scenarios",
    "tornado",
    "sobol",
    "attribution",
    "scenario_cost",
    "optimize",
    "save_as_new_scenario",
    "cancel_analysis",
];

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS))).expect("tauri build step");
}
