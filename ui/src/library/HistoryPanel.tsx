// Every saved version of a scenario, newest first, with its note, date and runs; any older
// version can be made the latest again (restoring saves it as a new version, nothing is lost).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import type { ScenarioInfo, VersionInfo } from '../api/bindings';
import { dateTime } from '../common/format';
import { useNotices } from '../common/notices';

interface Props {
  scenario: ScenarioInfo;
  onClose: () => void;
  onRestored: () => void;
}

export function HistoryPanel({ scenario, onClose, onRestored }: Props) {
  const notices = useNotices();
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);

  const load = useCallback(() => {
    api
      .scenarioHistory(scenario.id)
      .then((v) => setVersions([...v].sort((a, b) => b.version - a.version)))
      .catch((e) => notices.error(e, 'The history could not be read'));
  }, [scenario.id, notices]);
  useEffect(load, [load]);

  const restore = async (version: number) => {
    try {
      const d = await api.restoreVersion(scenario.id, version);
      notices.info(`Version ${version} of “${scenario.name}” restored as version ${d.version}.`);
      load();
      onRestored();
    } catch (e) {
      notices.error(e, 'The version could not be restored');
    }
  };

  const latest = versions?.[0]?.version;
  return (
    <aside className="side-panel" aria-label={`History of ${scenario.name}`} data-testid="history-panel">
      <header>
        <h2>History</h2>
        <button type="button" className="ghost" aria-label="Close the history" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="muted small">{scenario.name}</p>
      {versions === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <ol className="versions">
          {versions.map((v) => (
            <li key={v.version} data-testid={`version-${v.version}`}>
              <div>
                <strong>Version {v.version}</strong>
                {v.version === latest && <span className="badge">latest</span>}
              </div>
              <div className="muted small">
                {dateTime(v.created_at)} · {v.runs} run{v.runs === 1 ? '' : 's'}
              </div>
              {v.note && <div className="small">{v.note}</div>}
              {v.version !== latest && (
                <button type="button" onClick={() => restore(v.version)} data-testid={`restore-${v.version}`}>
                  Restore
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
