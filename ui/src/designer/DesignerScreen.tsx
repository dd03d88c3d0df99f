// The designer: one scenario open for editing. Settings on top, the seven editors as tabs, the
// live preview and the scenario's runs beside them. Every edit is checked by the core at once,
// undoable, and saved as a new version a moment later when valid.
import { Suspense, lazy, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api';
import type { Problem, RunInfo, ScenarioDetail } from '../api/bindings';
import { useNotices } from '../common/notices';
import { useShortcuts } from '../common/useShortcuts';
import { Modal } from '../common/Modal';
import { RunDialog } from '../run/RunDialog';
import { RunsList } from '../run/RunsList';
import { CompositionGrid } from './CompositionGrid';
import { CorrelationsEditor } from './CorrelationsEditor';
import { GovernanceEditor } from './GovernanceEditor';
import { ProgramsEditor } from './ProgramsEditor';
import { ModelEditor } from './ModelEditor';
import { PreviewPanel } from './PreviewPanel';
import { ProblemList } from './ProblemList';
import { ProblemsProvider } from './ProblemsContext';
import { SettingsStrip } from './SettingsStrip';
import { tabOfScenarioPath, type DesignerTab } from './problems';
import { saveStatusText, useDesignerState, type DesignerState } from './useDesignerState';
import { usePreview } from './usePreview';
import { useScenarioDetail } from '../common/useScenarioDetail';

// The graph editor (React Flow) and the recruitment chart (ECharts) load when first shown.
const CollaborationEditor = lazy(() => import('./collaboration/CollaborationEditor').then((m) => ({ default: m.CollaborationEditor })));
const RecruitmentEditor = lazy(() => import('./RecruitmentEditor').then((m) => ({ default: m.RecruitmentEditor })));

/** The analyses the designer opens for its scenario. */
export type AnalysisScreen = 'sensitivity' | 'attribution' | 'optimize' | 'solve' | 'drivers' | 'stress';

/** Asked before the designer is left: resolves false to stay. */
export type LeaveGuard = () => Promise<boolean>;

interface Props {
  scenarioId: number;
  onOpenRun: (runId: number) => void;
  /** Open an analysis of this scenario (after its pending edit is saved). */
  onAnalyse?: (screen: AnalysisScreen) => void;
  onBack: () => void;
  /** The designer registers here what must happen before it is left (save, or ask). */
  setLeaveGuard: (guard: LeaveGuard | null) => void;
}

export function DesignerScreen({ scenarioId, onOpenRun, onAnalyse, onBack, setLeaveGuard }: Props) {
  const { detail, error } = useScenarioDetail(scenarioId);

  if (error) {
    return (
      <div className="screen-message" data-testid="designer">
        <h2>This scenario could not be opened</h2>
        <p className="field-error" data-testid="error-banner">
          {error.message}
        </p>
        <button type="button" onClick={onBack}>
          Back to the library
        </button>
      </div>
    );
  }
  if (!detail) return <div className="screen-message muted">Opening the scenario…</div>;
  return <Designer key={detail.info.id} detail={detail} onOpenRun={onOpenRun} onAnalyse={onAnalyse} setLeaveGuard={setLeaveGuard} />;
}

const TABS: { id: Exclude<DesignerTab, 'settings'>; label: string }[] = [
  { id: 'composition', label: 'Composition' },
  { id: 'collaboration', label: 'Collaboration' },
  { id: 'recruitment', label: 'Recruitment' },
  { id: 'governance', label: 'Governance' },
  { id: 'programs', label: 'Programs' },
  { id: 'correlations', label: 'Uncertainty' },
  { id: 'model', label: 'Market model' },
];

function Designer({ detail, onOpenRun, onAnalyse, setLeaveGuard }: { detail: ScenarioDetail; onOpenRun: (runId: number) => void; onAnalyse: Props['onAnalyse']; setLeaveGuard: Props['setLeaveGuard'] }) {
  const notices = useNotices();
  const d = useDesignerState(detail);
  // Unsaved model edits are previewed as soon as the core finds them valid.
  const editedModel = d.modelDirty && d.modelValid ? d.model : null;
  const preview = usePreview(d.scenario, d.scenarioJson, d.scenarioValid, d.modelRevision, editedModel, editedModel ? d.modelJson : '');
  const [tab, setTab] = useState<Exclude<DesignerTab, 'settings'>>('composition');
  // The model's uncertain inputs (what correlations may name) change when a model edit that
  // turns a number into a range, or back, is saved: ask the core again then.
  const [uncertainInputs, setUncertainInputs] = useState(detail.uncertain_inputs);
  useEffect(() => {
    if (d.modelRevision === 0) return;
    let live = true;
    api
      .getScenario(detail.info.id)
      .then((fresh) => live && setUncertainInputs(fresh.uncertain_inputs))
      .catch(() => {
        // The list stays as it was; the core still checks every name on save.
      });
    return () => {
      live = false;
    };
  }, [d.modelRevision, detail.info.id]);
  const [runDialog, setRunDialog] = useState<null | { autoStart: boolean }>(null);
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [runsLoading, setRunsLoading] = useState(true);
  const [leaving, setLeaving] = useState<null | ((leave: boolean) => void)>(null);

  const loadRuns = useCallback(() => {
    api
      .listRuns(d.id)
      .then(setRuns)
      .catch((e) => notices.error(e, 'The runs could not be listed'))
      .finally(() => setRunsLoading(false));
  }, [d.id, notices]);
  useEffect(loadRuns, [loadRuns]);

  // Leaving: save a valid edit now; ask before dropping one that cannot be saved.
  const latest = useLatest(d);
  useEffect(() => {
    setLeaveGuard(async () => {
      const s = latest.current;
      if (s.dirty && (await s.save('autosave'))) return !latest.current.modelDirty || ask(setLeaving);
      if (!s.dirty && !s.modelDirty) return true;
      return ask(setLeaving);
    });
    return () => setLeaveGuard(null);
  }, [setLeaveGuard, latest]);

  const saveNow = useCallback(async () => {
    if (!d.dirty) return;
    if (!(await d.save('saved'))) notices.info('The scenario has problems, so it was not saved. Fix the fields marked in red.');
  }, [d, notices]);

  useShortcuts({
    'mod+z': d.undo,
    'mod+shift+z': d.redo,
    'mod+y': d.redo,
    'mod+s': () => void saveNow(),
    'mod+enter': () => setRunDialog({ autoStart: true }),
  });

  const prepareRun = useCallback(
    async (horizon: number) => {
      const s = latest.current;
      let doc = s.scenario;
      if (horizon !== doc.horizon_quarters) {
        doc = { ...doc, horizon_quarters: horizon };
        s.editScenario(null, (x) => ({ ...x, horizon_quarters: horizon }));
      }
      return s.save('saved for a run', doc);
    },
    [latest],
  );

  // An analysis runs on the stored scenario, like a run: save a pending edit first.
  const analyse = useCallback(
    async (screen: AnalysisScreen) => {
      const s = latest.current;
      if (s.dirty && !(await s.save('saved for an analysis'))) {
        notices.info('The scenario has problems, so it cannot be analysed. Fix the fields marked in red first.');
        return;
      }
      onAnalyse?.(screen);
    },
    [latest, notices, onAnalyse],
  );

  const onRunFinished = useCallback(
    (runId: number) => {
      setRunDialog(null);
      loadRuns();
      onOpenRun(runId);
    },
    [loadRuns, onOpenRun],
  );

  const tabOf = (p: Problem) => {
    const t = tabOfScenarioPath(p.path);
    return t === 'settings' ? tab : t;
  };

  const editors: Record<typeof tab, ReactNode> = {
    composition: <CompositionGrid doc={d.scenario} model={d.model} onEdit={d.editScenario} />,
    collaboration: <CollaborationEditor doc={d.scenario} model={d.model} onEdit={d.editScenario} />,
    recruitment: <RecruitmentEditor doc={d.scenario} model={d.model} onEdit={d.editScenario} />,
    governance: <GovernanceEditor doc={d.scenario} model={d.model} onEdit={d.editScenario} />,
    programs: <ProgramsEditor doc={d.scenario} model={d.model} onEdit={d.editScenario} />,
    correlations: <CorrelationsEditor doc={d.scenario} model={d.model} inputs={uncertainInputs} onEdit={d.editScenario} />,
    model: (
      <ProblemsProvider value={d.modelProblems}>
        <ModelEditor model={d.model} onEdit={d.editModel} problems={d.modelProblems.length} dirty={d.modelDirty} valid={d.modelValid} version={d.modelVersion} onSave={d.saveModel} />
      </ProblemsProvider>
    ),
  };

  return (
    <ProblemsProvider value={d.scenarioProblems}>
      <div className="designer" data-testid="designer">
        <DesignerToolbar d={d} onSave={saveNow} onRun={() => setRunDialog({ autoStart: false })} onAnalyse={onAnalyse ? (s) => void analyse(s) : undefined} />
        <SettingsStrip doc={d.scenario} currency={d.model.currency} onEdit={d.editScenario} kpis={preview.preview?.kpis ?? null} />
        <ProblemList scenario={d.scenarioProblems} model={d.modelProblems} tabOf={tabOf} onShow={(t) => t !== 'settings' && setTab(t)} checkFailure={d.checkFailure} />
        <div className="designer-body">
          <div className="designer-main">
            <nav className="tabs" role="tablist" aria-label="Editors">
              {TABS.map((t) => (
                <button
                  key={t.id}
                  type="button"
                  role="tab"
                  aria-selected={tab === t.id}
                  className={tab === t.id ? 'tab active' : 'tab'}
                  data-testid={`tab-${t.id}`}
                  onClick={() => setTab(t.id)}
                >
                  {t.label}
                  <TabBadge problems={t.id === 'model' ? d.modelProblems.length : d.scenarioProblems.filter((p) => tabOfScenarioPath(p.path) === t.id).length} />
                </button>
              ))}
            </nav>
            <div className="tab-panel" role="tabpanel">
              <Suspense fallback={<p className="muted">Loading…</p>}>{editors[tab]}</Suspense>
            </div>
          </div>
          <aside className="designer-side">
            <PreviewPanel state={preview} stale={d.status.kind === 'invalid'} hasTarget={!!d.scenario.target} />
            <RunsList runs={runs} currency={d.model.currency} onOpen={onOpenRun} loading={runsLoading} />
          </aside>
        </div>
        {runDialog && (
          <RunDialog
            scenarioId={d.id}
            doc={d.scenario}
            prepare={prepareRun}
            autoStart={runDialog.autoStart}
            onFinished={onRunFinished}
            onClose={() => {
              setRunDialog(null);
              loadRuns();
            }}
          />
        )}
        {leaving && (
          <Modal
            title="Leave without saving?"
            onClose={() => leaving(false)}
            footer={
              <>
                <button type="button" onClick={() => leaving(false)}>
                  Stay and fix
                </button>
                <button type="button" className="danger" onClick={() => leaving(true)} data-testid="leave-anyway">
                  Leave and discard
                </button>
              </>
            }
          >
            <p>{d.modelDirty ? 'The market model has changes that are not saved.' : 'The latest changes have problems, so they cannot be saved.'} Leaving discards them; the last saved version stays in the library.</p>
          </Modal>
        )}
      </div>
    </ProblemsProvider>
  );
}

const ANALYSES: { screen: AnalysisScreen; label: string; title: string }[] = [
  { screen: 'sensitivity', label: 'Sensitivity', title: 'Which uncertain inputs move the forecast (tornado, Sobol)' },
  { screen: 'attribution', label: 'Attribution', title: 'What each partner type creates against what it transacts (Shapley)' },
  { screen: 'optimize', label: 'Optimise', title: 'The best composition within a budget' },
  { screen: 'solve', label: 'Solve', title: 'How much of one lever until a goal holds' },
  { screen: 'drivers', label: 'Drivers', title: 'What drives the bad (or good) futures' },
  { screen: 'stress', label: 'Stress', title: 'The forecast with inputs held in a tail' },
];

function DesignerToolbar({ d, onSave, onRun, onAnalyse }: { d: DesignerState; onSave: () => void; onRun: () => void; onAnalyse?: (screen: AnalysisScreen) => void }) {
  return (
    <div className="toolbar">
      <h1 className="title" title={d.info.slug}>
        {d.scenario.name || d.info.name}
      </h1>
      <span className={`save-status save-${d.status.kind}`} data-testid="save-status" role="status">
        {saveStatusText(d.status)}
      </span>
      <span className="spacer" />
      <button type="button" onClick={d.undo} disabled={!d.canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
        Undo
      </button>
      <button type="button" onClick={d.redo} disabled={!d.canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
        Redo
      </button>
      <button type="button" onClick={onSave} disabled={!d.dirty} title="Save now (Ctrl+S)" data-testid="save-now">
        Save
      </button>
      {onAnalyse &&
        ANALYSES.map((a) => (
          <button key={a.screen} type="button" onClick={() => onAnalyse(a.screen)} title={a.title} data-testid={`${a.screen}-button`}>
            {a.label}
          </button>
        ))}
      <button type="button" className="primary" onClick={onRun} title="Run a simulation (Ctrl+Enter)" data-testid="run-button">
        Run…
      </button>
    </div>
  );
}

function TabBadge({ problems }: { problems: number }) {
  if (problems === 0) return null;
  return (
    <span className="badge badge-bad" aria-label={`${problems} problems`}>
      {problems}
    </span>
  );
}

/** Show the leave dialog and resolve with the person's answer. */
function ask(setLeaving: (f: null | ((leave: boolean) => void)) => void): Promise<boolean> {
  return new Promise((resolve) =>
    setLeaving(() => (leave: boolean) => {
      setLeaving(null);
      resolve(leave);
    }),
  );
}

/** A ref that always holds the latest value, for async work that outlives a render. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
