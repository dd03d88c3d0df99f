// Ask for a scenario name (rename, duplicate).
import { useState } from 'react';
import { Modal } from '../common/Modal';

interface Props {
  title: string;
  initial: string;
  action: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}

export function NameDialog({ title, initial, action, onSubmit, onClose }: Props) {
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const ok = name.trim().length > 0;
  const submit = async () => {
    if (!ok || busy) return;
    setBusy(true);
    try {
      await onSubmit(name.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="name-form" className="primary" disabled={!ok || busy} data-testid="name-submit">
            {action}
          </button>
        </>
      }
    >
      <form
        id="name-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field-label" htmlFor="scenario-name-input">
          Name
        </label>
        <input id="scenario-name-input" type="text" value={name} autoFocus onChange={(e) => setName(e.target.value)} data-testid="name-input" />
      </form>
    </Modal>
  );
}
