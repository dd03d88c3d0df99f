// Keyboard shortcuts of a screen, as "mod+z", "mod+shift+z", "mod+enter" ("mod" is Ctrl, or ⌘
// on macOS). Handlers win over the browser's own (the document's undo, not an input's).
import { useEffect, useRef } from 'react';

export type Shortcuts = Record<string, (e: KeyboardEvent) => void>;

/** The shortcut name of a key event: modifiers in a fixed order, then the key in lower case. */
export function shortcutName(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('mod');
  if (e.altKey) parts.push('alt');
  if (e.shiftKey) parts.push('shift');
  parts.push(e.key.toLowerCase());
  return parts.join('+');
}

export function useShortcuts(shortcuts: Shortcuts, enabled = true) {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      // A dialog on top owns the keyboard.
      if (document.querySelector('.modal-backdrop')) return;
      const handler = latest.current[shortcutName(e)];
      if (handler) {
        e.preventDefault();
        handler(e);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
