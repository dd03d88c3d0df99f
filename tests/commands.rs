//! The desktop shell's commands are named in four places that must agree: the application
//! crate's `COMMANDS` (which `src-tauri/build.rs` includes to declare the permissions), the
//! shell's `generate_handler!`, the window's capability, and the UI's `api` module. A command
//! missing from one of them fails at run time only (the UI gets "command not found" or "not
//! allowed"); this test fails first.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn declared() -> BTreeSet<String> {
    let set: BTreeSet<String> = ecosim_app::COMMANDS.iter().map(|c| c.to_string()).collect();
    assert_eq!(set.len(), ecosim_app::COMMANDS.len(), "COMMANDS names a command twice");
    set
}

fn differences(place: &str, found: &BTreeSet<String>) -> Option<String> {
    let want = declared();
    let missing: Vec<_> = want.difference(found).cloned().collect();
    let extra: Vec<_> = found.difference(&want).cloned().collect();
    (!missing.is_empty() || !extra.is_empty()).then(|| format!("{place}: missing {missing:?}, not in COMMANDS {extra:?}"))
}

/// The identifiers inside `generate_handler![ … ]`.
fn handler_names(main_rs: &str) -> BTreeSet<String> {
    let start = main_rs.find("generate_handler![").expect("src-tauri/src/main.rs calls generate_handler!") + "generate_handler![".len();
    let end = start + main_rs[start..].find(']').expect("generate_handler! is closed");
    main_rs[start..end].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// `allow-db-status` → `db_status`, for the permissions of the window's capability.
fn capability_names(json: &str) -> BTreeSet<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("capabilities/main.json parses");
    v["permissions"]
        .as_array()
        .expect("the capability lists permissions")
        .iter()
        .map(|p| {
            let p = p.as_str().expect("permissions are names");
            p.strip_prefix("allow-").unwrap_or_else(|| panic!("the window is granted {p:?}, which is not one of the studio's commands")).replace('-', "_")
        })
        .collect()
}

/// The command names the UI passes to `call<…>('name'` (its one wrapper around `invoke`).
fn ui_names(ts: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = ts;
    while let Some(i) = rest.find("call<") {
        rest = &rest[i + 5..];
        // Skip the type argument, which may nest angle brackets (`call<ScenarioInfo[]>`).
        let mut depth = 1;
        let mut end = 0;
        for (j, c) in rest.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = j;
                break;
            }
        }
        let after = rest[end + 1..].trim_start();
        if let Some(arg) = after.strip_prefix("('") {
            if let Some(q) = arg.find('\'') {
                out.insert(arg[..q].to_string());
            }
        }
    }
    out
}

#[test]
fn every_list_of_commands_agrees_with_the_declared_one() {
    let problems: Vec<String> = [
        differences("generate_handler! in src-tauri/src/main.rs", &handler_names(&read("src-tauri/src/main.rs"))),
        differences("src-tauri/capabilities/main.json", &capability_names(&read("src-tauri/capabilities/main.json"))),
        differences("ui/src/api/index.ts", &ui_names(&read("ui/src/api/index.ts"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(problems.is_empty(), "the command lists disagree with ecosim_app::COMMANDS (crates/app/src/commands.rs):\n{}", problems.join("\n"));
}

#[test]
fn the_build_script_declares_the_permissions_from_the_one_list() {
    let build = read("src-tauri/build.rs");
    assert!(build.contains("include!(\"../crates/app/src/commands.rs\")"), "src-tauri/build.rs must include crates/app/src/commands.rs, not keep its own list");
    assert!(!build.contains("const COMMANDS"), "src-tauri/build.rs keeps its own command list");
}

#[test]
fn the_parsers_find_what_they_look_for() {
    assert_eq!(handler_names("x.invoke_handler(tauri::generate_handler![\n a,\n b_c,\n])"), ["a", "b_c"].map(String::from).into());
    assert_eq!(ui_names("x: () => call<Foo<Bar>[]>('list_x', { a }), y: () => call<null>('y')"), ["list_x", "y"].map(String::from).into());
    assert_eq!(capability_names(r#"{"permissions": ["allow-db-status"]}"#), ["db_status"].map(String::from).into());
}
