// The library, the studio's home: every scenario with its model, version and last forecast;
// search, new from a template, import, and per scenario open, duplicate, rename, history,
// export and delete (to the trash, from which it can be restored or deleted for good).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import type { ScenarioInfo } from '../api/bindings';
import { Modal } from '../common/Modal';
import { useNotices } from '../common/notices';
import { useDebouncedEffect } from '../common/useDebouncedEffect';
import { useShortcuts } from '../common/useShortcuts';
import { ComparePicker } from '../compare/ComparePicker';
import { HistoryPanel } from './HistoryPanel';
import { NameDialog } from './NameDialog';
import { NewScenarioDialog } from './NewScenarioDialog';
import { ScenarioTable } from './ScenarioTable';

interface Props {
  onOpenScenario: (id: number) => void;
  onOpenRun: (runId: number, scenarioId: number) => void;
  /** Open the comparison of these scenarios (the first is the baseline). */
  onCompare?: (ids: number[]) => void;
}

type Dialog =
  | { kind: 'new' }
  | { kind: 'rename'; scenario: ScenarioInfo }
  | { kind: 'duplicate'; scenario: ScenarioInfo }
  | { kind: 'purge'; scenario: ScenarioInfo }
  | { kind: 'compare' }
  | null;

export function LibraryScreen({ onOpenScenario, onOpenRun, onCompare }: Props) {
  const notices = useNotices();
  const [search, setSearch] = useState('');
  const [trash, setTrash] = useState(false);
  const [scenarios, setScenarios] = useState<ScenarioInfo[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [history, setHistory] = useState<ScenarioInfo | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const query = useRef({ search, trash });
  query.current = { search, trash };

  const reload = useCallback(() => {
    const { search: s, trash: t } = query.current;
    api
      .listScenarios(s, t)
      .then((list) => {
        // Only the answer to the latest question counts.
        if (query.current.search === s && query.current.trash === t) setScenarios(list);
      })
      .catch((e) => notices.error(e, 'The library could not be read'));
  }, [notices]);

  // The trash toggle lists at once; typing waits for a pause (and the first list is not asked twice).
  const listedSearch = useRef(search);
  useEffect(() => {
    listedSearch.current = query.current.search;
    reload();
  }, [trash, reload]);
  useDebouncedEffect(
    () => {
      if (search === listedSearch.current) return;
      listedSearch.current = search;
      reload();
    },
    [search],
    150,
  );

  useShortcuts({
    'mod+n': () => setDialog({ kind: 'new' }),
    'mod+f': () => searchBox.current?.focus(),
  });

  const act = async (what: () => Promise<unknown>, done: string | null, failure: string) => {
    try {
      await what();
      if (done) notices.info(done);
      reload();
    } catch (e) {
      notices.error(e, failure);
    }
  };

  const importFile = async () => {
    try {
      const message = await api.importWithDialog();
      if (message) {
        notices.info(message);
        reload();
      }
    } catch (e) {
      notices.error(e, 'The file could not be imported');
    }
  };

  const exportScenario = async (s: ScenarioInfo) => {
    try {
      const path = await api.exportWithDialog(s.id);
      if (path) notices.info(`“${s.name}” exported to ${path}`);
    } catch (e) {
      notices.error(e, 'The scenario could not be exported');
    }
  };

  return (
    <div className={`library${history ? ' with-side' : ''}`} data-testid="library">
      <div className="library-main">
        <div className="toolbar">
          <h1 className="title">{trash ? 'Trash' : 'Scenarios'}</h1>
          <input
            ref={searchBox}
            type="search"
            className="search"
            placeholder="Search by name, description or model (Ctrl+F)"
            aria-label="Search scenarios"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="library-search"
          />
          <span className="spacer" />
          <label className="check">
            <input type="checkbox" checked={trash} onChange={(e) => setTrash(e.target.checked)} data-testid="trash-toggle" />
            Show trash
          </label>
          {onCompare && !trash && (
            <button type="button" onClick={() => setDialog({ kind: 'compare' })} title="Compare two to four scenarios" data-testid="compare-button">
              Compare…
            </button>
          )}
          <button type="button" onClick={importFile} data-testid="import">
            Import…
          </button>
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'new' })} title="New scenario (Ctrl+N)" data-testid="new-scenario">
            New scenario
          </button>
        </div>

        <ScenarioTable
          scenarios={scenarios}
          trash={trash}
          search={search}
          onOpen={(s) => onOpenScenario(s.id)}
          onOpenRun={(s) => s.last_run && onOpenRun(s.last_run.id, s.id)}
          onDuplicate={(s) => setDialog({ kind: 'duplicate', scenario: s })}
          onRename={(s) => setDialog({ kind: 'rename', scenario: s })}
          onHistory={(s) => setHistory(s)}
          onExport={exportScenario}
          onTrash={(s) => act(() => api.trashScenario(s.id), `“${s.name}” moved to the trash.`, 'The scenario could not be deleted')}
          onRestore={(s) => act(() => api.untrashScenario(s.id), `“${s.name}” restored.`, 'The scenario could not be restored')}
          onPurge={(s) => setDialog({ kind: 'purge', scenario: s })}
        />
      </div>

      {history && <HistoryPanel key={history.id} scenario={history} onClose={() => setHistory(null)} onRestored={reload} />}

      {dialog?.kind === 'compare' && onCompare && (
        <ComparePicker
          onClose={() => setDialog(null)}
          onCompare={(ids) => {
            setDialog(null);
            onCompare(ids);
          }}
        />
      )}
      {dialog?.kind === 'new' && <NewScenarioDialog onClose={() => setDialog(null)} onCreated={(id) => onOpenScenario(id)} />}
      {dialog?.kind === 'rename' && (
        <NameDialog
          title={`Rename “${dialog.scenario.name}”`}
          initial={dialog.scenario.name}
          action="Rename"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            await act(() => api.renameScenario(dialog.scenario.id, name), null, 'The scenario could not be renamed');
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'duplicate' && (
        <NameDialog
          title={`Duplicate “${dialog.scenario.name}”`}
          initial={`${dialog.scenario.name} (copy)`}
          action="Duplicate"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            await act(() => api.duplicateScenario(dialog.scenario.id, name), `Duplicated as “${name}”.`, 'The scenario could not be duplicated');
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'purge' && (
        <Modal
          title="Delete forever?"
          onClose={() => setDialog(null)}
          footer={
            <>
              <button type="button" onClick={() => setDialog(null)}>
                Keep it
              </button>
              <button
                type="button"
                className="danger"
                data-testid="purge-confirm"
                onClick={async () => {
                  await act(() => api.purgeScenario(dialog.scenario.id), `“${dialog.scenario.name}” deleted for good.`, 'The scenario could not be deleted');
                  setDialog(null);
                }}
              >
                Delete forever
              </button>
            </>
          }
        >
          <p>
            “{dialog.scenario.name}”, every version of it and its runs will be removed from the store. This cannot be undone; export it first to keep a copy.
          </p>
        </Modal>
      )}
    </div>
  );
}
