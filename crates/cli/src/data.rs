//! Act: `ecosim data` — a vendor's partner and deal history, imported into the studio.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use ecosim_actuals::{ImportError, Mapping, SourceFile, Table};
use ecosim_core::{model, output};
use ecosim_store::Store;

use crate::args::{DataCmd, Format};
use crate::library::{looks_like_file, with_store};
use crate::term::*;

pub(crate) fn data(db: &Path, cmd: DataCmd) -> ExitCode {
    match cmd {
        DataCmd::Import { files, model, preset, mapping, name } => match import_command(db, &files, &model, &preset, mapping.as_deref(), name) {
            Ok(code) => code,
            Err(e) => fail(&e),
        },
        DataCmd::Analytics { dataset, format } => with_store(db, |st| {
            let a = match ecosim_app::actuals::dataset_analytics(st, dataset) {
                Ok(a) => a,
                Err(e) => return Ok(fail(&e.message)),
            };
            match format {
                Format::Json => print!("{}", serde_json::to_string_pretty(&a).expect("serialises") + "\n"),
                Format::Table => print!("{}", analytics_table(&a)),
            }
            Ok(ExitCode::SUCCESS)
        }),
        DataCmd::Calibrate(crate::args::CalibrateArgs { dataset, base_model, out }) => with_store(db, |st| {
            let base = match base_model_arg(st, base_model.as_deref(), "--base-model") {
                Ok(b) => b,
                Err(e) => return Ok(fail(&e)),
            };
            let c = match ecosim_app::actuals::calibrate_dataset(st, dataset, base) {
                Ok(c) => c,
                Err(e) => return Ok(fail(&e.message)),
            };
            for n in &c.notes {
                println!("{} {}: {}", if n.fitted { "fitted" } else { "kept  " }, n.path, n.detail);
            }
            if let Err(e) = check_output(&out) {
                return Err(e);
            }
            let text = serde_json::to_string_pretty(&c.model).expect("a model serialises") + "\n";
            if let Err(e) = ecosim_core::write_atomic(&out, text.as_bytes()) {
                return Ok(fail(&format!("{}: {e}", out.display())));
            }
            println!("wrote {} ({} parameters fitted)", out.display(), c.notes.iter().filter(|n| n.fitted).count());
            Ok(ExitCode::SUCCESS)
        }),
        DataCmd::List { format } => with_store(db, |st| {
            let list = st.list_datasets()?;
            match format {
                Format::Json => print!("{}", serde_json::to_string_pretty(&list).expect("serialises") + "\n"),
                Format::Table => {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|d| vec![d.id.to_string(), d.name.clone(), d.model_slug.clone(), output::group(d.partners as f64, 0), output::group(d.deals as f64, 0), d.currency.clone(), d.created_at.clone()])
                        .collect();
                    print!("{}", output::table(&["#", "name", "base model", "partners", "deals", "currency", "imported"], &rows));
                }
            }
            Ok(ExitCode::SUCCESS)
        }),
    }
}

fn import_command(db: &Path, files: &[std::path::PathBuf], model_arg: &str, preset: &str, mapping: Option<&Path>, name: Option<String>) -> Result<ExitCode, String> {
    let mut mappings: BTreeMap<Table, Mapping> = ecosim_actuals::presets::preset(preset).ok_or_else(|| format!("--preset: unknown preset {preset:?}"))?;
    if let Some(p) = mapping {
        let text = std::fs::read_to_string(p).map_err(|e| format!("--mapping {}: {e}", p.display()))?;
        let own: BTreeMap<Table, Mapping> = serde_json::from_str(&text).map_err(|e| format!("--mapping {}: not a column mapping ({e}); it looks like {{\"deals\": {{\"columns\": {{\"id\": \"Opportunity ID\"}}, \"dates\": \"us\"}}}}", p.display()))?;
        mappings.extend(own);
    }
    let sources = files
        .iter()
        .map(|p| std::fs::read(p).map(|bytes| SourceFile { name: p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), bytes }).map_err(|e| format!("{}: {e}", p.display())))
        .collect::<Result<Vec<_>, _>>()?;
    // The base model first; the import checks every row before it writes anything.
    let (slug, m) = if looks_like_file(model_arg) {
        let m = model::Model::from_json(&std::fs::read_to_string(model_arg).map_err(|e| format!("--model {model_arg}: {e}"))?).map_err(|e| format!("--model {model_arg}: {e}"))?;
        (m.doc.id.clone(), m)
    } else {
        let st = Store::open(db).map_err(|e| e.to_string())?;
        (model_arg.to_string(), st.model(model_arg).map_err(|e| e.to_string())?.1)
    };
    let name = name.unwrap_or_else(|| files.first().and_then(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "dataset".into()));
    let mut st = Store::open(db).map_err(|e| e.to_string())?;
    let (id, ds) = match ecosim_app::actuals::import_dataset(&mut st, &sources, &slug, &m, &mappings, &name) {
        Ok(x) => x,
        Err(ImportError::Rows(problems)) => {
            for p in &problems {
                eprintln!("error: {}", safe(&p.to_string()));
            }
            eprintln!("nothing was imported: {} problem{} to fix first", problems.len(), if problems.len() == 1 { "" } else { "s" });
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.to_string()),
    };
    println!("imported dataset {id} “{name}”: {} partners, {} deals ({}), checked against {slug}", output::group(ds.partners.len() as f64, 0), output::group(ds.deals.len() as f64, 0), ds.currency);
    for s in &ds.sources {
        println!("  {} — {} rows of {:?}, sha256 {}", s.file, output::group(s.rows as f64, 0), s.table, s.sha256);
    }
    Ok(ExitCode::SUCCESS)
}

fn analytics_table(a: &ecosim_actuals::analytics::Analytics) -> String {
    let cur = &a.currency;
    let name = |id: &str| {
        a.type_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let pct = |x: Option<f64>| x.map_or("–".to_string(), |v| ecosim_core::words::percent(v, 0));
    let mut out = format!(
        "Actual performance, {} to {}: {} partners, {} deals, {} won\n\n",
        a.from,
        a.to,
        output::group(a.partners as f64, 0),
        output::group(a.deals as f64, 0),
        output::money(a.won_amount, cur)
    );
    let rows: Vec<Vec<String>> = a
        .by_type
        .iter()
        .map(|t| {
            vec![
                name(&t.partner_type),
                format!("{} ({} active)", t.partners, t.active_partners),
                t.deals.to_string(),
                pct(t.win_rate),
                output::money(t.won_amount, cur),
                ecosim_core::words::percent(t.share_of_won, 1),
                output::money(t.open_pipeline, cur),
            ]
        })
        .collect();
    out.push_str(&output::table(
        &[
            "partner type",
            "partners",
            "deals",
            "win rate",
            "won",
            "share",
            "open pipeline",
        ],
        &rows,
    ));
    let rows: Vec<Vec<String>> = a
        .by_source
        .iter()
        .map(|s| {
            vec![
                serde_json::to_value(s.source)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                s.deals.to_string(),
                output::money(s.won_amount, cur),
                ecosim_core::words::percent(s.share_of_won, 1),
            ]
        })
        .collect();
    out.push_str(&output::table(&["partner type", "partners", "deals", "win rate", "won", "share", "open pipeline"], &rows));
    let rows: Vec<Vec<String>> = a.by_source.iter().map(|s| vec![serde_json::to_value(s.source).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(), s.deals.to_string(), output::money(s.won_amount, cur), ecosim_core::words::percent(s.share_of_won, 1)]).collect();
    out.push('\n');
    out.push_str(&output::table(&["source", "deals", "won", "share"], &rows));
    if !a.referrals.is_empty() {
        let rows: Vec<Vec<String>> = a
            .referrals
            .iter()
            .map(|f| {
                vec![
                    format!("{} → {}", name(&f.from_type), name(&f.to_type)),
                    f.referrals.to_string(),
                    pct(f.win_rate),
                    output::money(f.won_amount, cur),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&output::table(&["referrals", "deals", "win rate", "won"], &rows));
    }
    let c = &a.collaboration;
    out.push_str(&format!(
        "\nWorked together: {} deals, win rate {}, open pipeline {}; alone: {} deals, win rate {} (a comparison of which deals get a partner, not of what the partner adds).\n",
        c.deals_together,
        pct(c.win_rate_together),
        output::money(c.open_pipeline_together, cur),
        c.deals_alone,
        pct(c.win_rate_alone)
    ));
    let k = &a.concentration;
    out.push_str(&format!(
        "Concentration: the top 20 % of partners hold {} of ACV won (Gini {:.2}); {} of {} partners won nothing.\n",
        ecosim_core::words::percent(k.top20_share, 0),
        k.gini,
        output::group(k.partners_without_win as f64, 0),
        output::group(a.partners as f64, 0)
    ));
    if !a.network.edges.is_empty() {
        out.push_str(&format!(
            "Referral network: {} partners, {} partner-to-partner links.\n",
            a.network.partners.len(),
            a.network.edges.len()
        ));
    }
    let days = |d: Option<f64>| d.map_or("–".to_string(), |d| format!("{d:.0} days"));
    let rows: Vec<Vec<String>> = a
        .time_to_first_deal
        .iter()
        .filter(|t| t.partners > 0)
        .map(|t| {
            vec![
                name(&t.partner_type),
                t.partners.to_string(),
                days(t.median_days_to_deal),
                pct(t.deal_within_180_days),
                days(t.median_days_to_win),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push_str("\nPartners that joined during the history (Kaplan–Meier, those still without one censored):\n");
        out.push_str(&output::table(
            &[
                "partner type",
                "joined",
                "median to first deal",
                "deal within 180 days",
                "median to first win",
            ],
            &rows,
        ));
    }
    let shown = [1usize, 4, 8, 12];
    let rows: Vec<Vec<String>> = a
        .cohorts
        .iter()
        .map(|c| {
            std::iter::once(c.quarter.clone())
                .chain(std::iter::once(c.joined.to_string()))
                .chain(shown.iter().map(|&k| {
                    c.retained
                        .get(k - 1)
                        .map_or(String::new(), |r| ecosim_core::words::percent(*r, 0))
                }))
                .collect()
        })
        .collect();
    if !rows.is_empty() {
        out.push_str("\nPartner cohorts (share still partners after):\n");
        out.push_str(&output::table(
            &[
                "joined in",
                "partners",
                "1 quarter",
                "4 quarters",
                "8 quarters",
                "12 quarters",
            ],
            &rows,
        ));
    }
    out
}

/// `ecosim synthesize`: one traced trial of a scenario written as a partner and deal history.
pub(crate) fn synthesize_command(model_file: &Path, scenario_file: &Path, quarters: Option<u32>, seed: Option<u64>, trial: u64, out: &Path) -> Result<ExitCode, String> {
    use ecosim_actuals::synthesize::{self, ColumnSet};
    let m = model::Model::load(model_file).map_err(|e| format!("{}: {e}", model_file.display()))?;
    let mut doc = model::Scenario::load_doc(scenario_file).map_err(|e| format!("{}: {e}", scenario_file.display()))?;
    if let Some(q) = quarters {
        doc.horizon_quarters = q;
    }
    let s = model::Scenario::from_doc(doc, &m).map_err(|e| format!("{}: {e}", scenario_file.display()))?;
    let seed = seed.unwrap_or(s.seed);
    let ds = synthesize::synthesize(&m, &s, seed, trial);
    let mut written = 0;
    for (dir, set) in [(out.to_path_buf(), ColumnSet::Canonical), (out.join("salesforce"), ColumnSet::Salesforce), (out.join("crossbeam"), ColumnSet::Crossbeam)] {
        std::fs::create_dir_all(&dir).map_err(|e| format!("--out {}: {e}", dir.display()))?;
        for (name, text) in synthesize::write(&ds, &m, set) {
            let path = dir.join(name);
            check_output(&path).map_err(|e| e.to_string())?;
            ecosim_core::write_atomic(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
            written += 1;
        }
    }
    let truth = out.join("true-model.json");
    let mut truth_doc = synthesize::truth(&m, &s, seed, trial);
    truth_doc.name = format!("{} (as trial {trial} of seed {seed} drew it)", truth_doc.name);
    let text = serde_json::to_string_pretty(&truth_doc).expect("a model serialises") + "\n";
    ecosim_core::write_atomic(&truth, text.as_bytes()).map_err(|e| format!("{}: {e}", truth.display()))?;
    let won = ds.deals.iter().filter(|d| d.outcome == ecosim_actuals::Outcome::Won).count();
    println!(
        "wrote {} files to {}: {} partners, {} deals ({} won), {} renewal rows over {} quarters from {}-Q1 (seed {seed}, trial {trial}); the model they came from is {}",
        written + 1,
        out.display(),
        ds.partners.len(),
        ds.deals.len(),
        won,
        ds.renewals.len(),
        s.horizon,
        synthesize::START_YEAR,
        truth.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A base model named on the command line: a file, or a model in the studio.
fn base_model_arg(st: &Store, name: Option<&str>, flag: &str) -> Result<Option<model::MarketModelDoc>, String> {
    match name {
        Some(name) if looks_like_file(name) => std::fs::read_to_string(name)
            .map_err(|e| e.to_string())
            .and_then(|t| model::Model::from_json(&t).map_err(|e| e.to_string()))
            .map(|m| Some(m.into_doc()))
            .map_err(|e| format!("{flag} {name}: {e}")),
        Some(name) => st.model(name).map(|m| Some(m.1.into_doc())).map_err(|e| format!("{flag} {name}: {e}")),
        None => Ok(None),
    }
}

/// `ecosim backtest`.
pub(crate) fn backtest_command(db: &Path, dataset: i64, model: Option<String>, holdout: u32, trials: u64, format: Format) -> ExitCode {
    with_store(db, |st| {
        let base = match base_model_arg(st, model.as_deref(), "--model") {
            Ok(b) => b,
            Err(e) => return Ok(fail(&e)),
        };
        let b = match ecosim_app::actuals::backtest_dataset(st, dataset, base, holdout, trials) {
            Ok(b) => b,
            Err(e) => return Ok(fail(&e.message)),
        };
        match format {
            Format::Json => print!("{}", serde_json::to_string_pretty(&b).expect("serialises") + "\n"),
            Format::Table => {
                println!("{} — fitted on {}, {} forecast with {} simulated histories of the history's own partners", b.measure, b.fitted_on, b.forecast, output::group(b.trials as f64, 0));
                let rows: Vec<Vec<String>> = b
                    .quarters
                    .iter()
                    .map(|q| vec![q.quarter.clone(), output::money(q.actual, &b.currency), output::money(q.p10, &b.currency), output::money(q.p50, &b.currency), output::money(q.p90, &b.currency), if q.inside { "inside".into() } else { "outside".into() }])
                    .collect();
                print!("{}", output::table(&["quarter", "actual", "P10", "P50", "P90", "band"], &rows));
                println!(
                    "{} of {} quarters inside the P10–P90 band ({:.0} %); mean absolute error of the P50 {}",
                    b.quarters.iter().filter(|q| q.inside).count(),
                    b.quarters.len(),
                    100.0 * b.share_inside,
                    b.mape_p50.map_or("— (no actual ACV)".to_string(), |m| format!("{:.1} %", 100.0 * m))
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
