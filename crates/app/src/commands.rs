// The desktop shell's commands, by name: the one list. `src-tauri/build.rs` includes this
// file to declare one `allow-<command>` permission per command; `tests/commands.rs` fails
// when `generate_handler!` in `src-tauri/src/main.rs`, `src-tauri/capabilities/main.json` or
// the UI's `ui/src/api/index.ts` names a command this list does not, or misses one.
// (Plain items only: a build script includes it.)

/// Every command the desktop shell exposes to the web UI.
pub const COMMANDS: &[&str] = &[
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
    "run_charts",
    "compare_scenarios",
    "tornado",
    "sobol",
    "attribution",
    "scenario_cost",
    "optimize",
    "save_as_new_scenario",
    "cancel_analysis",
];
