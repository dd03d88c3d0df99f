// A core for designer tests: serves scenario 3 of the fixture model, checks documents with
// `core.problems`, saves each as the next version, previews, and lists no runs. Tests set
// `core.problems` to make the core object to a document.
import { act, render, screen } from '@testing-library/react';
import { vi } from 'vitest';
import type { Problem, ScenarioDoc } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { DesignerScreen } from '../designer/DesignerScreen';
import { model, report, scenario } from './fixtures';
import { handlers } from './tauriMock';

export const info = {
  id: 3,
  slug: 'reseller-heavy',
  name: scenario.name,
  description: '',
  model_slug: model.id,
  model_name: model.name,
  version: 1,
  created_at: '2025-11-25T10:00:00Z',
  updated_at: '2025-11-25T10:00:00Z',
  deleted_at: null,
  last_run: null,
};

/** What the core says about a document, and the version its last save got. */
export const core: { problems: (doc: ScenarioDoc) => Problem[]; version: number } = { problems: () => [], version: 1 };

/** Serve `doc` as scenario 3, with `inputs` as the model's uncertain inputs. */
export function serveScenario(doc: ScenarioDoc, inputs: string[]) {
  handlers.set('get_scenario', () => ({ info, version: 1, doc, model, uncertain_inputs: inputs }));
}

/** Every command the designer calls; call after `resetTauri()`. */
export function mockDesignerCore(inputs: string[], doc: ScenarioDoc = scenario) {
  core.problems = () => [];
  core.version = 1;
  serveScenario(doc, inputs);
  handlers.set('check_scenario', ({ doc }) => core.problems(doc as ScenarioDoc));
  handlers.set('check_model', () => []);
  handlers.set('save_scenario', ({ doc }) => ({ info, version: ++core.version, doc, model, uncertain_inputs: inputs }));
  handlers.set('preview', () => ({ trials: 1000, of_trials: 1000, currency: 'USD', horizon_quarters: 12, kpis: report.kpis, wall_seconds: 0.1 }));
  handlers.set('list_runs', () => []);
}

/** Let `ms` of (fake) time pass. */
export const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

/** Open the designer on scenario 3 and let its first check and preview answer. */
export async function openDesigner() {
  render(
    <NoticeProvider>
      <DesignerScreen scenarioId={3} onOpenRun={() => {}} onBack={() => {}} setLeaveGuard={() => {}} />
    </NoticeProvider>,
  );
  await screen.findByTestId('designer');
  await wait(500);
}
