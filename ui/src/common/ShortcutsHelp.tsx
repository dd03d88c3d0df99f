// The keyboard shortcuts, listed where a person can find them (the header's "Shortcuts", or F1).
import { Modal } from './Modal';

const SHORTCUTS: [string, string][] = [
  ['Ctrl+N', 'New scenario (library)'],
  ['Ctrl+F', 'Search the library'],
  ['Ctrl+Z', 'Undo the last edit (designer)'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'Redo'],
  ['Ctrl+S', 'Save now as a new version'],
  ['Ctrl+Enter', 'Save and run the scenario with its own settings'],
  ['Delete', 'Remove the selected pattern in the collaboration graph'],
  ['Escape', 'Close a dialog'],
  ['F1', 'This list'],
];

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <p className="muted small">On macOS, ⌘ works wherever Ctrl is listed.</p>
      <table className="grid-table shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
