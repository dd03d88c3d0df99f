// The one module that talks to the Rust core. Every Tauri command the studio exposes is a
// typed function here (argument names exactly as the commands take them), and every failure
// reaches the UI as an `AppError`: the core rejects with one already; anything else (a
// malformed argument, a missing command) is wrapped into one so screens handle one shape.
import { Channel, invoke } from '@tauri-apps/api/core';
import type {
  Analytics,
  Backtest,
  Calibration,
  DatasetInfo,
  Mapping,
  SheetPreview,
  Table,
  Upload,
  AnalysisEvent,
  AppError,
  ChartWords,
  Charted,
  CompareReport,
  DbStatus,
  DriversReport,
  Goal,
  Lever,
  SolveReport,
  SpiderReport,
  StressInput,
  StressReport,
  Tail,
  VoiReport,
  MarketModelDoc,
  OptimizeReport,
  OptimizeRequest,
  Preview,
  Problem,
  RunEvent,
  RunInfo,
  ReportFormat,
  RunReport,
  RunRequest,
  ScenarioDetail,
  ScenarioDoc,
  ScenarioInfo,
  ShapleyReport,
  SobolReport,
  Template,
  TornadoReport,
  VersionInfo,
} from './bindings';

/** Receives an analysis job's events: its id once started, then done of total. */
export type OnAnalysisEvent = (e: AnalysisEvent) => void;

/** Whether a rejection is already the core's `AppError`. */
export function isAppError(e: unknown): e is AppError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as AppError).kind === 'string' &&
    typeof (e as AppError).message === 'string' &&
    Array.isArray((e as AppError).problems)
  );
}

/** Any rejection as an `AppError` (strings from Tauri itself become kind `failed`). */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  if (typeof e === 'string') return { kind: 'failed', message: e, problems: [] };
  if (e instanceof Error) return { kind: 'failed', message: e.message, problems: [] };
  return { kind: 'failed', message: 'Something went wrong in the studio core.', problems: [] };
}

/** A preview replaced by a newer one rejects with this kind; the UI ignores it. */
export function isCancelled(e: unknown): boolean {
  return isAppError(e) && e.kind === 'cancelled';
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  dbStatus: () => call<DbStatus>('db_status'),
  startFreshDb: () => call<string>('start_fresh_db'),

  listScenarios: (search: string, trash: boolean) => call<ScenarioInfo[]>('list_scenarios', { search, trash }),
  listTemplates: () => call<Template[]>('list_templates'),
  createFromTemplate: (template: string, name: string) => call<ScenarioInfo>('create_from_template', { template, name }),
  getScenario: (id: number) => call<ScenarioDetail>('get_scenario', { id }),
  checkScenario: (doc: ScenarioDoc) => call<Problem[]>('check_scenario', { doc }),
  saveScenario: (id: number, doc: ScenarioDoc, note: string) => call<ScenarioDetail>('save_scenario', { id, doc, note }),
  checkModel: (doc: MarketModelDoc) => call<Problem[]>('check_model', { doc }),
  saveModel: (doc: MarketModelDoc, note: string) => call<number>('save_model', { doc, note }),
  duplicateScenario: (id: number, name: string) => call<ScenarioInfo>('duplicate_scenario', { id, name }),
  renameScenario: (id: number, name: string) => call<ScenarioInfo>('rename_scenario', { id, name }),
  trashScenario: (id: number) => call<null>('trash_scenario', { id }),
  untrashScenario: (id: number) => call<null>('untrash_scenario', { id }),
  purgeScenario: (id: number) => call<null>('purge_scenario', { id }),
  scenarioHistory: (id: number) => call<VersionInfo[]>('scenario_history', { id }),
  restoreVersion: (id: number, version: number) => call<ScenarioDetail>('restore_version', { id, version }),
  importWithDialog: () => call<string | null>('import_with_dialog'),
  exportWithDialog: (id: number) => call<string | null>('export_with_dialog', { id }),

  /**
   * A quick run of `doc`; against `model` (an unsaved edit) when given, else the stored model.
   * `onEstimate` receives the figures of the trials done so far as the preview refines (the
   * first after about 100 trials); the promise gives the final ones.
   */
  preview: (doc: ScenarioDoc, model: MarketModelDoc | null = null, onEstimate: (p: Preview) => void = () => {}) =>
    call<Preview>('preview', { doc, model, on_estimate: new Channel<Preview>(onEstimate) }),

  /**
   * Start a run of the stored scenario; `onEvent` receives its events as they stream.
   * Resolves with the run id once the run has finished or was cancelled.
   */
  startRun: (id: number, request: RunRequest, onEvent: (e: RunEvent) => void) => {
    const on_event = new Channel<RunEvent>(onEvent);
    return call<number>('start_run', { id, request, on_event });
  },
  cancelRun: (run_id: number) => call<boolean>('cancel_run', { run_id }),
  listRuns: (scenario_id: number | null) => call<RunInfo[]>('list_runs', { scenario_id }),
  getReport: (run_id: number) => call<RunReport>('get_report', { run_id }),
  runCharts: (run_id: number) => call<ChartWords[]>('run_charts', { run_id }),

  // Analyses: long jobs streaming `AnalysisEvent`s; each resolves with its report, or rejects
  // with kind `cancelled` once `cancelAnalysis` stopped it. Those whose charts the reports
  // also print (compare, tornado, spider, Sobol, attribution) resolve with the report and its
  // charts' titles and captions, the core's (`Charted`).
  compareScenarios: (ids: number[], trials: number | null, seed: number | null, onEvent: OnAnalysisEvent) =>
    call<Charted<CompareReport>>('compare_scenarios', { ids, trials, seed, on_event: new Channel<AnalysisEvent>(onEvent) }),
  tornado: (id: number, kpi: string, trials: number | null, onEvent: OnAnalysisEvent) =>
    call<Charted<TornadoReport>>('tornado', { id, kpi, trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  sobol: (id: number, kpi: string, samples: number | null, onEvent: OnAnalysisEvent) =>
    call<Charted<SobolReport>>('sobol', { id, kpi, samples, on_event: new Channel<AnalysisEvent>(onEvent) }),
  attribution: (id: number, trials: number | null, onEvent: OnAnalysisEvent) =>
    call<Charted<ShapleyReport>>('attribution', { id, trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  optimize: (id: number, request: OptimizeRequest, onEvent: OnAnalysisEvent) =>
    call<OptimizeReport>('optimize', { id, request, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** How much of one lever until the goal holds (trials at each lever value). */
  solve: (id: number, lever: Lever, goal: Goal, range: [number, number] | null, trials: number | null, onEvent: OnAnalysisEvent) =>
    call<SolveReport>('solve', { id, lever, goal, range, trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** Which inputs and breakdowns set a KPI's bottom (or top) tail apart. */
  drivers: (id: number, kpi: string, tail: Tail, share: number | null, trials: number | null, onEvent: OnAnalysisEvent) =>
    call<DriversReport>('drivers', { id, kpi, tail, share, trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** The forecast with inputs held in percentile ranges, one at a time and together. */
  stress: (id: number, kpi: string, inputs: StressInput[], trials: number | null, onEvent: OnAnalysisEvent) =>
    call<StressReport>('stress', { id, kpi, inputs, trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** EVPI and each input's EVPPI for a choice between 2–4 scenarios. */
  valueOfInformation: (ids: number[], kpi: string, trials: number | null, onEvent: OnAnalysisEvent) =>
    call<VoiReport>('value_of_information', { ids, kpi, trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** The KPI against each top input's percentile (P5…P95). */
  spider: (id: number, kpi: string, trials: number | null, onEvent: OnAnalysisEvent) =>
    call<Charted<SpiderReport>>('spider', { id, kpi, trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  cancelAnalysis: (job_id: number) => call<boolean>('cancel_analysis', { job_id }),

  // Actuals: the vendor's own partner and deal history. Files arrive from a file input, in
  // base64; the mapping step previews them with the preset's (or the remembered) mapping.
  /** Each sheet of the chosen files: its table, header, first rows and the mapping that reads it. */
  previewImport: (files: Upload[], preset: string) => call<SheetPreview[]>('preview_import', { files, preset }),
  /** Import through the mappings chosen (per table); refused with every problem, importing nothing. */
  importActuals: (files: Upload[], model: string, mappings: Partial<Record<Table, Mapping>>, name: string) =>
    call<DatasetInfo>('import_actuals', { files, model, mappings, name }),
  listDatasets: () => call<DatasetInfo[]>('list_datasets'),
  datasetAnalytics: (id: number) => call<Analytics>('dataset_analytics', { id }),
  /** A model fitted from a dataset on the model it was checked against, with a note per parameter. */
  calibrateDataset: (id: number) => call<Calibration>('calibrate_dataset', { id }),
  /** Fit on all but the last `holdout` quarters and forecast them. */
  backtestDataset: (id: number, holdout: number | null, trials: number | null) => call<Backtest>('backtest_dataset', { id, holdout, trials }),
  /** Save a calibrated model as a new version of its model; resolves with the version. */
  saveCalibratedModel: (doc: MarketModelDoc, dataset: number) => call<number>('save_calibrated_model', { doc, dataset }),

  // Reports: the core asks where to save (its own dialog) and resolves with the saved file's
  // path, or null when the person closed the dialog. They stream `AnalysisEvent`s too (a
  // comparison is simulated again) and stop with kind `cancelled` through `cancelAnalysis`.
  /** A report of stored runs; `include_trials` adds every trial (CSV and XLSX). */
  exportReport: (run_ids: number[], format: ReportFormat, firm: string | null, include_trials: boolean, onEvent: OnAnalysisEvent) =>
    call<string | null>('export_report', { run_ids, format, firm, include_trials, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** A comparison of stored scenarios, run with the same trials and seed as the one on screen. */
  exportComparison: (ids: number[], trials: number | null, seed: number | null, format: ReportFormat, firm: string | null, onEvent: OnAnalysisEvent) =>
    call<string | null>('export_comparison', { ids, trials, seed, format, firm, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** The two-page decision brief of 2–4 scenarios (their analyses are run for it). */
  exportBrief: (ids: number[], firm: string | null, onEvent: OnAnalysisEvent) => call<string | null>('export_brief', { ids, firm, on_event: new Channel<AnalysisEvent>(onEvent) }),
  /** Choose the logo for reports (PNG or SVG, kept by the core); its file name, or null if cancelled. */
  pickLogo: () => call<string | null>('pick_logo'),
  clearLogo: () => call<null>('clear_logo'),
  /** What the scenario costs over its horizon (mean total cost): the optimiser's default budget. */
  scenarioCost: (id: number) => call<number>('scenario_cost', { id }),
  saveAsNewScenario: (doc: ScenarioDoc, name: string) => call<ScenarioInfo>('save_as_new_scenario', { doc, name }),
};

export type Api = typeof api;
