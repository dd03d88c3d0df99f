// The studio window: first the database check (a file the studio cannot use gets a clear
// notice, never a blank screen), then one of three screens — the library, the designer of one
// scenario, or the results of one run. Leaving the designer asks it first (it saves, or asks
// the person about changes that cannot be saved).
import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import { api, toAppError } from './api';
import type { DbStatus } from './api/bindings';
import { ErrorBoundary } from './common/ErrorBoundary';
import { NoticeProvider, useNotices } from './common/notices';
import { ShortcutsHelp } from './common/ShortcutsHelp';
import { useShortcuts } from './common/useShortcuts';
import { DesignerScreen, type AnalysisScreen, type LeaveGuard } from './designer/DesignerScreen';
import { LibraryScreen } from './library/LibraryScreen';

// Charts (ECharts) load with the first results screen, not at start-up.
const ResultsScreen = lazy(() => import('./results/ResultsScreen').then((m) => ({ default: m.ResultsScreen })));
// The decision-analysis views load when first opened, with the charts.
const CompareView = lazy(() => import('./compare/CompareView').then((m) => ({ default: m.CompareView })));
const SensitivityView = lazy(() => import('./sensitivity/SensitivityView').then((m) => ({ default: m.SensitivityView })));
const AttributionView = lazy(() => import('./sensitivity/AttributionView').then((m) => ({ default: m.AttributionView })));
const OptimizeView = lazy(() => import('./optimize/OptimizeView').then((m) => ({ default: m.OptimizeView })));
const SolveView = lazy(() => import('./decide/SolveView').then((m) => ({ default: m.SolveView })));
const DriversView = lazy(() => import('./decide/DriversView').then((m) => ({ default: m.DriversView })));
const StressView = lazy(() => import('./decide/StressView').then((m) => ({ default: m.StressView })));
const VoiView = lazy(() => import('./decide/VoiView').then((m) => ({ default: m.VoiView })));
// The vendor's own history: import, performance, calibration, backtest.
const ActualsView = lazy(() => import('./actuals/ActualsView').then((m) => ({ default: m.ActualsView })));

export type Route =
  | { screen: 'library' }
  | { screen: 'actuals' }
  | { screen: 'designer'; scenarioId: number }
  | { screen: 'results'; runId: number; scenarioId: number | null }
  | { screen: 'compare'; ids: number[] }
  | { screen: 'voi'; ids: number[] }
  | { screen: AnalysisScreen; scenarioId: number };

/** The scenario a screen belongs to, to go back to its designer. */
const scenarioOf = (r: Route): number | null => ('scenarioId' in r ? r.scenarioId : null);

export function App() {
  return (
    <NoticeProvider>
      <DbGate />
    </NoticeProvider>
  );
}

function DbGate() {
  const notices = useNotices();
  const [status, setStatus] = useState<DbStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    api
      .dbStatus()
      .then((s) => {
        setStatus(s);
        // The store hands each of these out once: shown now, they stay until dismissed.
        for (const message of s.notices ?? []) notices.announce(message);
      })
      .catch((e) => setFailure(toAppError(e).message));
    // `notices` is stable; the status is read once per database opened.
  }, [generation]);

  const startFresh = async () => {
    try {
      const movedTo = await api.startFreshDb();
      notices.info(`The old database was moved to ${movedTo}. A new one has been started.`);
      setStatus(null);
      setGeneration((g) => g + 1);
    } catch (e) {
      notices.error(e, 'A new database could not be started');
    }
  };

  if (failure) {
    return (
      <div className="fullscreen-notice" role="alert" data-testid="error-banner">
        <h1>The studio could not start</h1>
        <p>{failure}</p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    );
  }
  if (!status) return <div className="fullscreen-notice muted">Opening the scenario store…</div>;
  if (status.problem) {
    return (
      <div className="fullscreen-notice" role="alert" data-testid="db-problem">
        <h1>The scenario store cannot be opened</h1>
        <p>{status.problem.message}</p>
        <p className="muted">
          File: <code>{status.problem.path}</code>
        </p>
        {status.problem.can_start_fresh ? (
          <>
            <p>The file is left untouched. You can move it aside (it is kept, renamed) and start with a fresh store seeded with the shipped scenarios.</p>
            <button type="button" className="primary" onClick={startFresh} data-testid="start-fresh">
              Move it aside and start fresh
            </button>
          </>
        ) : (
          <p>Close other programs that may be using it, check that the file can be written, then restart the studio.</p>
        )}
      </div>
    );
  }
  return <Studio key={generation} dbPath={status.path} />;
}

function Studio({ dbPath }: { dbPath: string }) {
  const [route, setRoute] = useState<Route>({ screen: 'library' });
  const [help, setHelp] = useState(false);
  useShortcuts({ f1: () => setHelp(true) });
  const guard = useRef<LeaveGuard | null>(null);
  const setLeaveGuard = useCallback((g: LeaveGuard | null) => {
    guard.current = g;
  }, []);

  const navigate = useCallback(async (next: Route) => {
    if (guard.current && !(await guard.current())) return;
    setRoute(next);
  }, []);

  const toLibrary = () => void navigate({ screen: 'library' });
  const openScenario = (scenarioId: number) => void navigate({ screen: 'designer', scenarioId });
  const openRun = (runId: number, scenarioId: number | null) => void navigate({ screen: 'results', runId, scenarioId });
  const back = scenarioOf(route);

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Ecosim Studio</span>
        <nav>
          {route.screen !== 'library' && (
            <button type="button" className="ghost" onClick={toLibrary} data-testid="back-to-library">
              ← Library
            </button>
          )}
          {route.screen !== 'actuals' && (
            <button type="button" className="ghost" onClick={() => void navigate({ screen: 'actuals' })} title="The ecosystem's own partner and deal history" data-testid="open-actuals">
              Actuals
            </button>
          )}
          {back !== null && (
            <button type="button" className="ghost" onClick={() => openScenario(back)} data-testid="back-to-designer">
              ← Designer
            </button>
          )}
        </nav>
        <span className="spacer" />
        <span className="muted small db-path" title={`Scenario store: ${dbPath}`}>
          {dbPath}
        </span>
        <button type="button" className="ghost" onClick={() => setHelp(true)} title="Keyboard shortcuts (F1)" data-testid="shortcuts">
          Shortcuts
        </button>
      </header>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      <main className="app-main">
        <ErrorBoundary key={JSON.stringify(route)} onReset={() => setRoute({ screen: 'library' })}>
          {route.screen === 'library' && <LibraryScreen onOpenScenario={openScenario} onOpenRun={openRun} onCompare={(ids) => void navigate({ screen: 'compare', ids })} />}
          {route.screen === 'designer' && (
            <DesignerScreen
              scenarioId={route.scenarioId}
              onOpenRun={(runId) => openRun(runId, route.scenarioId)}
              onAnalyse={(screen) => void navigate({ screen, scenarioId: route.scenarioId })}
              onBack={toLibrary}
              setLeaveGuard={setLeaveGuard}
            />
          )}
          {route.screen !== 'library' && route.screen !== 'designer' && route.screen !== 'results' && (
            <Suspense fallback={<div className="screen-message muted">Loading the analysis…</div>}>
              {route.screen === 'compare' && <CompareView ids={route.ids} onValueOfInformation={() => void navigate({ screen: 'voi', ids: route.ids })} />}
              {route.screen === 'voi' && <VoiView ids={route.ids} />}
              {route.screen === 'actuals' && <ActualsView />}
              {route.screen === 'solve' && <SolveView scenarioId={route.scenarioId} onOpenScenario={openScenario} />}
              {route.screen === 'drivers' && <DriversView scenarioId={route.scenarioId} />}
              {route.screen === 'stress' && <StressView scenarioId={route.scenarioId} />}
              {route.screen === 'sensitivity' && <SensitivityView scenarioId={route.scenarioId} />}
              {route.screen === 'attribution' && <AttributionView scenarioId={route.scenarioId} />}
              {route.screen === 'optimize' && <OptimizeView scenarioId={route.scenarioId} onOpenScenario={openScenario} />}
            </Suspense>
          )}
          {route.screen === 'results' && (
            <Suspense fallback={<div className="screen-message muted">Loading the charts…</div>}>
              <ResultsScreen runId={route.runId} scenarioId={route.scenarioId} onOpenScenario={openScenario} />
            </Suspense>
          )}
        </ErrorBoundary>
      </main>
    </div>
  );
}
