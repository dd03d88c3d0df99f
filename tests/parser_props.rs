//! A property-based target for the document parser and validator (issue 11): shipped models and
//! scenarios, edited as text (bits flipped, tokens inserted, slices copied elsewhere — which
//! makes duplicate keys and stray nesting — deletions, truncations) and as structure (any leaf
//! replaced by arbitrary JSON), are read and validated as the studio reads them. The property:
//! nothing panics, and every refusal says where (a path, or a line for a syntax error).
//!
//! The committed corpus `tests/fuzz/corpus/` (inputs that once reached a distinct refusal) is
//! replayed first; proptest's own failure file, `tests/fuzz/proptest-regressions.txt`, keeps
//! the seed of any case that fails. `ECOSIM_PROPTEST_SECONDS` sets the budget (default 20 s;
//! the 10-minute run is `ECOSIM_PROPTEST_SECONDS=600`); with
//! `ECOSIM_PROPTEST_CORPUS_OUT=<folder>` a run writes each input that reached a refusal not
//! seen before, to grow the corpus.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ecosim_core::model::{Model, Scenario, ScenarioDoc};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &str) -> String {
    std::fs::read_to_string(root().join(p)).unwrap()
}

/// The starting documents: both shipped models and three shipped scenarios.
fn bases() -> Vec<String> {
    ["models/northwind-analytics.json", "models/meridian-data-cloud.json", "scenarios/balanced-ecosystem.json", "scenarios/programs-over-recruiting.json", "scenarios/marketplace-cosell.json"].iter().map(|p| read(p)).collect()
}

#[derive(Debug, Clone)]
enum Edit {
    Flip { at: usize, bit: u8 },
    Insert { at: usize, token: &'static str },
    /// Copy `len` bytes from `from` to `to`: duplicate keys, repeated members, odd nesting.
    Splice { from: usize, len: usize, to: usize },
    Delete { at: usize, len: usize },
    Truncate { at: usize },
    /// Replace the `leaf`-th value of the document (in document order) by `value`.
    Value { leaf: usize, value: Value },
}

const TOKENS: &[&str] = &["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e308", "-1e308", "1e-320", "-0", "NaN", "9007199254740993", "\"\u{1b}[2J\"", "\"\u{202e}\"", "\u{feff}", "\"id\": \"x\",", "\"schema_version\": 1,", "\"kind\": \"beta\",", "\"revenue_model\": {\"kind\": \"subscription\", \"extra\": 1},"];

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter_map("a JSON number", |x| serde_json::Number::from_f64(x).map(Value::Number)),
        prop::sample::select(vec![0.0, -1.0, 0.5, 1.0, 2.0, 1e9, 1e300, 1e308, -1e308, 5e-324]).prop_map(|x| json!(x)),
        "\\PC{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["reseller", "si", "isv", "marketplace", "smb", "enterprise", "na", "emea", "beta", "lognormal", "subscription", "one_time", "", "-x", "../x", "/etc/passwd"]).prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Edit::Flip { at, bit }),
        (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(at, token)| Edit::Insert { at, token }),
        (any::<usize>(), 1usize..400, any::<usize>()).prop_map(|(from, len, to)| Edit::Splice { from, len, to }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        any::<usize>().prop_map(|at| Edit::Truncate { at }),
        (any::<usize>(), arb_json()).prop_map(|(leaf, value)| Edit::Value { leaf, value }),
        (any::<usize>(), arb_json()).prop_map(|(leaf, value)| Edit::Value { leaf, value }),
    ]
}

/// Every value's JSON pointer, in document order.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => o.iter().for_each(|(k, x)| pointers(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

/// The nearest char boundary at or below `i` (text edits keep the document a `str`).
fn boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut t = text.to_string();
    for e in edits {
        let n = t.len().max(1);
        match e {
            Edit::Flip { at, bit } => {
                let mut b = t.clone().into_bytes();
                let i = at % n;
                if i < b.len() {
                    b[i] ^= 1 << bit;
                }
                t = String::from_utf8_lossy(&b).into_owned();
            }
            Edit::Insert { at, token } => t.insert_str(boundary(&t, at % n), token),
            Edit::Splice { from, len, to } => {
                let a = boundary(&t, from % n);
                let b = boundary(&t, a + len);
                let piece = t[a..b].to_string();
                t.insert_str(boundary(&t, to % n), &piece);
            }
            Edit::Delete { at, len } => {
                let a = boundary(&t, at % n);
                let b = boundary(&t, a + len);
                t.replace_range(a..b, "");
            }
            Edit::Truncate { at } => t.truncate(boundary(&t, at % n)),
            Edit::Value { leaf, value } => {
                if let Ok(mut doc) = serde_json::from_str::<Value>(&t) {
                    let mut ps = Vec::new();
                    pointers(&doc, String::new(), &mut ps);
                    let p = &ps[leaf % ps.len()];
                    match doc.pointer_mut(p) {
                        Some(slot) => *slot = value.clone(),
                        None => doc = value.clone(),
                    }
                    t = serde_json::to_string_pretty(&doc).unwrap();
                }
            }
        }
    }
    t
}

/// What a document reached: "ok", or its first problem's path with indices blanked — the
/// refusal "kind" the corpus keeps one input of.
fn read_as_the_studio_does(text: &str, model: &Model, scenario: &ScenarioDoc) -> Result<String, TestCaseError> {
    let refused = |problems: Vec<ecosim_core::model::Problem>| -> Result<String, TestCaseError> {
        if let Some(p) = problems.iter().find(|p| p.path.is_empty() && !p.message.contains("line")) {
            return Err(TestCaseError::fail(format!("a problem without a path: {p}")));
        }
        let first = problems.first().map(|p| p.path.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>()).unwrap_or_default();
        Ok(format!("refused at {first}"))
    };
    if text.contains("\"composition\"") {
        match Scenario::from_json(text).and_then(|d| Scenario::from_doc(d, model)) {
            Ok(_) => Ok("scenario ok".into()),
            Err(e) => refused(e.problems()),
        }
    } else {
        match Model::from_json(text) {
            // A model that reads is checked against a shipped scenario too (the cross-checks).
            Ok(m) => match Scenario::from_doc(scenario.clone(), &m) {
                Ok(_) => Ok("model ok".into()),
                Err(e) => refused(e.problems()).map(|k| format!("model ok, scenario {k}")),
            },
            Err(e) => refused(e.problems()),
        }
    }
}

fn corpus_dir() -> PathBuf {
    root().join("tests/fuzz/corpus")
}

#[test]
fn documents_edited_as_text_or_structure_never_panic_and_every_refusal_names_where() {
    let model = Model::from_json(&read("models/northwind-analytics.json")).unwrap();
    let scenario = Scenario::from_json(&read("scenarios/balanced-ecosystem.json")).unwrap();

    // The committed corpus first.
    let mut replayed = 0;
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir()).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    files.sort();
    for f in &files {
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        if let Err(e) = read_as_the_studio_does(&text, &model, &scenario) {
            panic!("corpus {}: {e}", f.display());
        }
        replayed += 1;
    }

    let budget = Duration::from_secs(std::env::var("ECOSIM_PROPTEST_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20));
    let out: Option<PathBuf> = std::env::var_os("ECOSIM_PROPTEST_CORPUS_OUT").map(PathBuf::from);
    let config = Config { cases: 256, failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/fuzz/proptest-regressions.txt"))), ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let bases = bases();
    let strategy = (0..bases.len(), prop::collection::vec(arb_edit(), 1..5));
    let seen = std::cell::RefCell::new(BTreeSet::new());
    let count = std::cell::Cell::new(0u64);
    let started = Instant::now();
    while started.elapsed() < budget {
        let result = runner.run(&strategy, |(base, edits)| {
            let text = apply(&bases[base], &edits);
            let kind = read_as_the_studio_does(&text, &model, &scenario)?;
            count.set(count.get() + 1);
            if seen.borrow_mut().insert(kind.clone()) {
                if let Some(dir) = &out {
                    std::fs::create_dir_all(dir).unwrap();
                    let name: String = kind.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
                    std::fs::write(dir.join(format!("{}.json", &name[..name.len().min(80)])), &text).unwrap();
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
    eprintln!("{replayed} corpus documents replayed; {} edited documents in {:?}, reaching {} distinct outcomes", count.get(), started.elapsed(), seen.borrow().len());
    assert!(count.get() >= 256 && seen.borrow().len() > 10, "the target explores: {} documents, {} outcomes", count.get(), seen.borrow().len());
}
