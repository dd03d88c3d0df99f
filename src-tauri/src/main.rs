//! The Ecosim Studio desktop shell: a window over the web UI and one Tauri command per thing
//! the UI asks of the core. Each command takes typed arguments, calls `ecosim_app`, and
//! returns its result or its `AppError`; there is no business logic here.
//!
//! Long work (previews, runs, file dialogs) runs on blocking worker threads so the window
//! never stalls; run progress is streamed over a Tauri channel. Files are read or written
//! only at paths the person chose in a native dialog opened from Rust: the web view never
//! names a path.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use ecosim_app::model::{MarketModelDoc, Problem, ScenarioDoc};
use ecosim_app::output::RunReport;
use ecosim_app::report::{Format as ReportFormat, ReportOptions};
use ecosim_app::store::{RunInfo, ScenarioInfo, VersionInfo};
use ecosim_app::analysis::compare::CompareReport;
use ecosim_app::analysis::optimize::{OptimizeReport, OptimizeRequest};
use ecosim_app::analysis::drivers::{DriversReport, Tail};
use ecosim_app::analysis::goal::Goal;
use ecosim_app::analysis::sensitivity::SpiderReport;
use ecosim_app::analysis::solve::{Lever, SolveReport};
use ecosim_app::analysis::stress::{StressInput, StressReport};
use ecosim_app::analysis::voi::VoiReport;
use ecosim_app::analysis::sensitivity::{SobolReport, TornadoReport};
use ecosim_app::analysis::shapley::ShapleyReport;
use ecosim_app::actuals::{Calibration, Upload, SheetPreview, Analytics, Backtest, Mapping, Table};
use ecosim_app::store::DatasetInfo;
use ecosim_app::{self as studio, AnalysisEvent, AppError, ChartWords, Charted, ErrorKind, AppResult, DbProblem, DbStatus, Preview, RunEvent, RunRequest, ScenarioDetail, Studio, Template};
use tauri::ipc::Channel;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

/// The open studio, or why the database could not be opened.
struct App {
    db: PathBuf,
    studio: RwLock<Result<Arc<Studio>, DbProblem>>,
    /// The logo chosen for reports, through the open dialog.
    logo: Mutex<Option<PathBuf>>,
}

impl App {
    fn studio(&self) -> AppResult<Arc<Studio>> {
        match &*self.studio.read().unwrap_or_else(|p| p.into_inner()) {
            Ok(s) => Ok(s.clone()),
            Err(p) => Err(AppError::new(ErrorKind::Database, p.message.clone())),
        }
    }
}

/// Run blocking core work off the window's thread.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> AppResult<T> + Send + 'static) -> AppResult<T> {
    tauri::async_runtime::spawn_blocking(f).await.unwrap_or_else(|e| Err(AppError::new(ErrorKind::Failed, format!("internal error: {e}"))))
}

#[tauri::command(rename_all = "snake_case")]
fn db_status(app: State<'_, App>) -> DbStatus {
    DbStatus::of(&app.db, &app.studio.read().unwrap_or_else(|p| p.into_inner()))
}

#[tauri::command(rename_all = "snake_case")]
fn start_fresh_db(app: State<'_, App>) -> AppResult<String> {
    let (s, moved) = studio::start_fresh(&app.db).map_err(AppError::from)?;
    *app.studio.write().unwrap_or_else(|p| p.into_inner()) = Ok(Arc::new(s));
    Ok(moved)
}

#[tauri::command(rename_all = "snake_case")]
fn list_scenarios(app: State<'_, App>, search: String, trash: bool) -> AppResult<Vec<ScenarioInfo>> {
    app.studio()?.list(&search, trash)
}

#[tauri::command(rename_all = "snake_case")]
fn list_templates(app: State<'_, App>) -> AppResult<Vec<Template>> {
    Ok(app.studio()?.templates())
}

#[tauri::command(rename_all = "snake_case")]
fn create_from_template(app: State<'_, App>, template: String, name: String) -> AppResult<ScenarioInfo> {
    app.studio()?.create_from_template(&template, &name)
}

#[tauri::command(rename_all = "snake_case")]
fn get_scenario(app: State<'_, App>, id: i64) -> AppResult<ScenarioDetail> {
    app.studio()?.detail(id)
}

/// Takes the document as plain JSON so that a wrong shape (a negative count) is reported by
/// the core's parser with its path, like every other problem.
#[tauri::command(rename_all = "snake_case")]
fn check_scenario(app: State<'_, App>, doc: serde_json::Value) -> AppResult<Vec<Problem>> {
    app.studio()?.check_json(&doc)
}

#[tauri::command(rename_all = "snake_case")]
fn save_scenario(app: State<'_, App>, id: i64, doc: ScenarioDoc, note: String) -> AppResult<ScenarioDetail> {
    app.studio()?.save(id, doc, &note)
}

#[tauri::command(rename_all = "snake_case")]
fn check_model(app: State<'_, App>, doc: serde_json::Value) -> AppResult<Vec<Problem>> {
    Ok(app.studio()?.check_model_json(&doc))
}

#[tauri::command(rename_all = "snake_case")]
fn save_model(app: State<'_, App>, doc: MarketModelDoc, note: String) -> AppResult<i64> {
    app.studio()?.save_model(doc, &note)
}

#[tauri::command(rename_all = "snake_case")]
fn duplicate_scenario(app: State<'_, App>, id: i64, name: String) -> AppResult<ScenarioInfo> {
    app.studio()?.duplicate(id, &name)
}

#[tauri::command(rename_all = "snake_case")]
fn rename_scenario(app: State<'_, App>, id: i64, name: String) -> AppResult<ScenarioInfo> {
    app.studio()?.rename(id, &name)
}

#[tauri::command(rename_all = "snake_case")]
fn trash_scenario(app: State<'_, App>, id: i64) -> AppResult<()> {
    app.studio()?.trash(id)
}

#[tauri::command(rename_all = "snake_case")]
fn untrash_scenario(app: State<'_, App>, id: i64) -> AppResult<()> {
    app.studio()?.untrash(id)
}

#[tauri::command(rename_all = "snake_case")]
fn purge_scenario(app: State<'_, App>, id: i64) -> AppResult<()> {
    app.studio()?.purge(id)
}

#[tauri::command(rename_all = "snake_case")]
fn scenario_history(app: State<'_, App>, id: i64) -> AppResult<Vec<VersionInfo>> {
    app.studio()?.history(id)
}

#[tauri::command(rename_all = "snake_case")]
fn restore_version(app: State<'_, App>, id: i64, version: i64) -> AppResult<ScenarioDetail> {
    app.studio()?.restore_version(id, version)
}

#[tauri::command(rename_all = "snake_case")]
async fn import_with_dialog(window: tauri::Window, app: State<'_, App>) -> AppResult<Option<String>> {
    let studio = app.studio()?;
    blocking(move || {
        let picked = window.dialog().file().set_parent(&window).set_title("Import a scenario or market model").add_filter("Ecosim documents", &["json"]).blocking_pick_file();
        match picked.map(|p| p.into_path()) {
            None => Ok(None),
            Some(Ok(path)) => studio.import(&path).map(Some),
            Some(Err(e)) => Err(AppError::new(ErrorKind::Failed, format!("That file cannot be opened: {e}"))),
        }
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
async fn export_with_dialog(window: tauri::Window, app: State<'_, App>, id: i64) -> AppResult<Option<String>> {
    let studio = app.studio()?;
    let slug = studio.detail(id)?.info.slug;
    blocking(move || {
        let picked = window
            .dialog()
            .file()
            .set_parent(&window)
            .set_title("Export scenario")
            .set_file_name(format!("{slug}.json"))
            .add_filter("Ecosim scenario", &["json"])
            .blocking_save_file();
        match picked.map(|p| p.into_path()) {
            None => Ok(None),
            Some(Ok(path)) => studio.export(id, &path).map(|()| Some(path.display().to_string())),
            Some(Err(e)) => Err(AppError::new(ErrorKind::Failed, format!("That location cannot be written: {e}"))),
        }
    })
    .await
}

/// Ask where to save a report of `format`, suggesting `name`; None when the person cancels.
fn save_report_dialog(window: &tauri::Window, format: ReportFormat, name: String) -> AppResult<Option<std::path::PathBuf>> {
    let picked = window
        .dialog()
        .file()
        .set_parent(window)
        .set_title(format!("Export {}", format.description()))
        .set_file_name(name)
        .add_filter(format.description(), &[format.extension()])
        .blocking_save_file();
    match picked.map(|p| p.into_path()) {
        None => Ok(None),
        Some(Ok(path)) => {
            // The person may type a name without the extension; the format decides it.
            let path = if path.extension().is_none() { path.with_extension(format.extension()) } else { path };
            Ok(Some(path))
        }
        Some(Err(e)) => Err(AppError::new(ErrorKind::Failed, format!("That location cannot be written: {e}"))),
    }
}

fn report_options(app: &App, firm: Option<String>, include_trials: bool) -> ReportOptions {
    ReportOptions { firm, logo: app.logo.lock().unwrap_or_else(|p| p.into_inner()).clone(), include_trials }
}

/// Export a report of stored runs (one, or 2–4 compared) through the save dialog.
#[tauri::command(rename_all = "snake_case")]
#[allow(clippy::too_many_arguments)]
async fn export_report(window: tauri::Window, app: State<'_, App>, run_ids: Vec<i64>, format: ReportFormat, firm: Option<String>, include_trials: bool, on_event: Channel<AnalysisEvent>) -> AppResult<Option<String>> {
    let studio = app.studio()?;
    let options = report_options(&app, firm, include_trials);
    let name = studio.report_file_name(&run_ids, &[], format)?;
    blocking(move || {
        let Some(path) = save_report_dialog(&window, format, name)? else { return Ok(None) };
        studio.export_report(&run_ids, format, &path, &options, &|e| drop(on_event.send(e)))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Export a comparison of stored scenarios (run together, as the compare view does).
#[tauri::command(rename_all = "snake_case")]
#[allow(clippy::too_many_arguments)]
async fn export_comparison(window: tauri::Window, app: State<'_, App>, ids: Vec<i64>, trials: Option<u64>, seed: Option<u64>, format: ReportFormat, firm: Option<String>, on_event: Channel<AnalysisEvent>) -> AppResult<Option<String>> {
    let studio = app.studio()?;
    let options = report_options(&app, firm, false);
    let name = studio.report_file_name(&[], &ids, format)?;
    blocking(move || {
        let Some(path) = save_report_dialog(&window, format, name)? else { return Ok(None) };
        studio.export_comparison(&ids, trials, seed, format, &path, &options, &|e| drop(on_event.send(e)))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Export the two-page decision brief of 2–4 stored scenarios through the save dialog.
#[tauri::command(rename_all = "snake_case")]
async fn export_brief(window: tauri::Window, app: State<'_, App>, ids: Vec<i64>, firm: Option<String>, on_event: Channel<AnalysisEvent>) -> AppResult<Option<String>> {
    let studio = app.studio()?;
    let options = report_options(&app, firm, false);
    let name = studio.report_file_name(&[], &ids, ReportFormat::Pdf)?.replacen(".pdf", "-brief.pdf", 1);
    blocking(move || {
        let Some(path) = save_report_dialog(&window, ReportFormat::Pdf, name)? else { return Ok(None) };
        studio.export_brief(&ids, &path, &options, &|e| drop(on_event.send(e)))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Choose the logo for reports' title pages (PNG or SVG); returns its file name. The path
/// stays in the shell: the web view never names a file.
#[tauri::command(rename_all = "snake_case")]
async fn pick_logo(window: tauri::Window, app: State<'_, App>) -> AppResult<Option<String>> {
    let picked = {
        let w = window.clone();
        tauri::async_runtime::spawn_blocking(move || w.dialog().file().set_parent(&w).set_title("Choose a logo for reports").add_filter("Logo (PNG or SVG)", &["png", "svg"]).blocking_pick_file())
            .await
            .map_err(|e| AppError::new(ErrorKind::Failed, format!("internal error: {e}")))?
    };
    match picked.map(|p| p.into_path()) {
        None => Ok(None),
        Some(Ok(path)) => {
            ecosim_app::report::check_logo(&path).map_err(|e| AppError::new(ErrorKind::Invalid, e.to_string().replace("--logo ", "")))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            *app.logo.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
            Ok(Some(name))
        }
        Some(Err(e)) => Err(AppError::new(ErrorKind::Failed, format!("That file cannot be opened: {e}"))),
    }
}

#[tauri::command(rename_all = "snake_case")]
fn clear_logo(app: State<'_, App>) {
    *app.logo.lock().unwrap_or_else(|p| p.into_inner()) = None;
}

#[tauri::command(rename_all = "snake_case")]
async fn preview(app: State<'_, App>, doc: ScenarioDoc, model: Option<MarketModelDoc>, on_estimate: Channel<Preview>) -> AppResult<Preview> {
    let studio = app.studio()?;
    blocking(move || {
        studio.preview_progressive(&doc, model.as_ref(), &|p| {
            let _ = on_estimate.send(p);
        })
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
async fn start_run(app: State<'_, App>, id: i64, request: RunRequest, on_event: Channel<RunEvent>) -> AppResult<i64> {
    let studio = app.studio()?;
    blocking(move || {
        studio.run(id, &request, &|e| {
            // A closed channel (the window went away) must not stop the run being stored.
            let _ = on_event.send(e);
        })
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
fn cancel_run(app: State<'_, App>, run_id: i64) -> AppResult<bool> {
    Ok(app.studio()?.cancel_run(run_id))
}

#[tauri::command(rename_all = "snake_case")]
async fn compare_scenarios(app: State<'_, App>, ids: Vec<i64>, trials: Option<u64>, seed: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<Charted<CompareReport>> {
    let studio = app.studio()?;
    blocking(move || studio.compare(&ids, trials, seed, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn tornado(app: State<'_, App>, id: i64, kpi: String, trials: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<Charted<TornadoReport>> {
    let studio = app.studio()?;
    blocking(move || studio.tornado(id, &kpi, trials, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn sobol(app: State<'_, App>, id: i64, kpi: String, samples: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<Charted<SobolReport>> {
    let studio = app.studio()?;
    blocking(move || studio.sobol(id, &kpi, samples, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn attribution(app: State<'_, App>, id: i64, trials: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<Charted<ShapleyReport>> {
    let studio = app.studio()?;
    blocking(move || studio.attribution(id, trials, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn scenario_cost(app: State<'_, App>, id: i64) -> AppResult<f64> {
    let studio = app.studio()?;
    blocking(move || studio.cost(id, studio::requests::COST_TRIALS)).await
}

#[tauri::command(rename_all = "snake_case")]
async fn optimize(app: State<'_, App>, id: i64, request: OptimizeRequest, on_event: Channel<AnalysisEvent>) -> AppResult<OptimizeReport> {
    let studio = app.studio()?;
    blocking(move || studio.optimize(id, &request, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
#[allow(clippy::too_many_arguments)]
async fn solve(app: State<'_, App>, id: i64, lever: Lever, goal: Goal, range: Option<[f64; 2]>, trials: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<SolveReport> {
    let studio = app.studio()?;
    blocking(move || studio.solve(id, lever, goal, range, trials, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn drivers(app: State<'_, App>, id: i64, kpi: String, tail: Tail, share: Option<f64>, trials: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<DriversReport> {
    let studio = app.studio()?;
    blocking(move || studio.drivers(id, &kpi, tail, share, trials, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn stress(app: State<'_, App>, id: i64, kpi: String, inputs: Vec<StressInput>, trials: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<StressReport> {
    let studio = app.studio()?;
    blocking(move || studio.stress(id, &kpi, inputs, trials, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn value_of_information(app: State<'_, App>, ids: Vec<i64>, kpi: String, trials: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<VoiReport> {
    let studio = app.studio()?;
    blocking(move || studio.value_of_information(&ids, &kpi, trials, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
async fn spider(app: State<'_, App>, id: i64, kpi: String, trials: Option<u64>, on_event: Channel<AnalysisEvent>) -> AppResult<Charted<SpiderReport>> {
    let studio = app.studio()?;
    blocking(move || studio.spider(id, &kpi, trials, &|e| drop(on_event.send(e)))).await
}

#[tauri::command(rename_all = "snake_case")]
fn save_as_new_scenario(app: State<'_, App>, doc: ScenarioDoc, name: String) -> AppResult<ScenarioInfo> {
    app.studio()?.save_as_new(doc, &name)
}

#[tauri::command(rename_all = "snake_case")]
fn cancel_analysis(app: State<'_, App>, job_id: i64) -> AppResult<bool> {
    Ok(app.studio()?.cancel_job(job_id))
}

#[tauri::command(rename_all = "snake_case")]
async fn preview_import(app: State<'_, App>, files: Vec<Upload>, preset: String) -> AppResult<Vec<SheetPreview>> {
    let studio = app.studio()?;
    blocking(move || studio.preview_import(&files, &preset)).await
}

#[tauri::command(rename_all = "snake_case")]
async fn import_actuals(app: State<'_, App>, files: Vec<Upload>, model: String, mappings: std::collections::BTreeMap<Table, Mapping>, name: String) -> AppResult<DatasetInfo> {
    let studio = app.studio()?;
    blocking(move || studio.import_actuals(&files, &model, &mappings, &name)).await
}

#[tauri::command(rename_all = "snake_case")]
fn list_datasets(app: State<'_, App>) -> AppResult<Vec<DatasetInfo>> {
    app.studio()?.datasets()
}

#[tauri::command(rename_all = "snake_case")]
async fn dataset_analytics(app: State<'_, App>, id: i64) -> AppResult<Analytics> {
    let studio = app.studio()?;
    blocking(move || studio.dataset_analytics(id)).await
}

#[tauri::command(rename_all = "snake_case")]
async fn calibrate_dataset(app: State<'_, App>, id: i64) -> AppResult<Calibration> {
    let studio = app.studio()?;
    blocking(move || studio.calibrate_dataset(id)).await
}

#[tauri::command(rename_all = "snake_case")]
async fn backtest_dataset(app: State<'_, App>, id: i64, holdout: Option<u32>, trials: Option<u64>) -> AppResult<Backtest> {
    let studio = app.studio()?;
    blocking(move || studio.backtest_dataset(id, holdout, trials)).await
}

#[tauri::command(rename_all = "snake_case")]
fn save_calibrated_model(app: State<'_, App>, doc: MarketModelDoc, dataset: i64) -> AppResult<i64> {
    app.studio()?.save_calibrated_model(doc, dataset)
}

#[tauri::command(rename_all = "snake_case")]
fn list_runs(app: State<'_, App>, scenario_id: Option<i64>) -> AppResult<Vec<RunInfo>> {
    app.studio()?.runs(scenario_id)
}

#[tauri::command(rename_all = "snake_case")]
async fn get_report(app: State<'_, App>, run_id: i64) -> AppResult<RunReport> {
    let studio = app.studio()?;
    blocking(move || studio.report(run_id)).await
}

#[tauri::command(rename_all = "snake_case")]
async fn run_charts(app: State<'_, App>, run_id: i64) -> AppResult<Vec<ChartWords>> {
    let studio = app.studio()?;
    blocking(move || studio.run_charts(run_id)).await
}

/// The database: `--db FILE`, else `$ECOSIM_DB`, else the platform's data folder.
fn db_path() -> PathBuf {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--db=").map(PathBuf::from)))
        .unwrap_or_else(ecosim_app::store::default_path)
}

fn main() {
    let db = db_path();
    let studio = Studio::open(&db).map(Arc::new).map_err(|e| DbProblem::of(&db, &e));
    if let Err(p) = &studio {
        eprintln!("ecosim-studio: {}", p.message);
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(App { db, studio: RwLock::new(studio), logo: Mutex::new(None) })
        .invoke_handler(tauri::generate_handler![
            db_status,
            start_fresh_db,
            list_scenarios,
            list_templates,
            create_from_template,
            get_scenario,
            check_scenario,
            save_scenario,
            check_model,
            save_model,
            duplicate_scenario,
            rename_scenario,
            trash_scenario,
            untrash_scenario,
            purge_scenario,
            scenario_history,
            restore_version,
            import_with_dialog,
            export_with_dialog,
            export_report,
            export_comparison,
            export_brief,
            pick_logo,
            clear_logo,
            preview,
            start_run,
            cancel_run,
            list_runs,
            get_report,
            run_charts,
            compare_scenarios,
            tornado,
            sobol,
            attribution,
            scenario_cost,
            optimize,
            solve,
            drivers,
            stress,
            value_of_information,
            spider,
            preview_import,
            import_actuals,
            list_datasets,
            dataset_analytics,
            calibrate_dataset,
            backtest_dataset,
            save_calibrated_model,
            save_as_new_scenario,
            cancel_analysis,
        ])
        .run(tauri::generate_context!())
        .expect("the Ecosim Studio window could not start");
}
