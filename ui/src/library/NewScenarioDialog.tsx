// A new scenario starts from one of the shipped designs: pick a template, name it, create.
import { useEffect, useState } from 'react';
import { api, toAppError } from '../api';
import type { Template } from '../api/bindings';
import { Modal } from '../common/Modal';
import { useNotices } from '../common/notices';

interface Props {
  onCreated: (scenarioId: number) => void;
  onClose: () => void;
}

export function NewScenarioDialog({ onCreated, onClose }: Props) {
  const notices = useNotices();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [template, setTemplate] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .listTemplates()
      .then((t) => {
        setTemplates(t);
        setTemplate((cur) => cur ?? t[0]?.id ?? null);
      })
      .catch((e) => {
        setTemplates([]);
        notices.error(e, 'The templates could not be listed');
      });
  }, [notices]);

  const ok = template !== null && name.trim().length > 0;
  const create = async () => {
    if (!ok || busy) return;
    setBusy(true);
    setError(null);
    try {
      const info = await api.createFromTemplate(template, name.trim());
      onCreated(info.id);
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="New scenario"
      onClose={onClose}
      wide
      testId="new-scenario-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="new-scenario-form" className="primary" disabled={!ok || busy} data-testid="create-scenario">
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <form
        id="new-scenario-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <fieldset className="template-list">
          <legend className="field-label">Start from</legend>
          {templates === null && <p className="muted">Loading templates…</p>}
          {templates?.map((t) => (
            <label key={t.id} className={`template-option${template === t.id ? ' selected' : ''}`} data-testid={`template-option-${t.id}`}>
              <input type="radio" name="template" value={t.id} checked={template === t.id} onChange={() => setTemplate(t.id)} />
              <span>
                <strong>{t.name}</strong>
                <span className="muted small template-description">{t.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field-label" htmlFor="new-scenario-name">
          Name
        </label>
        <input id="new-scenario-name" type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Resellers plus marketplace" data-testid="new-scenario-name" />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
