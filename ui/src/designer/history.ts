// Undo and redo over the designer's documents. Every edit replaces the present with a new
// value and pushes the old one on the past; typing into one field (edits with the same key
// less than `COALESCE_MS` apart) is one step, so Ctrl+Z undoes "31", not "1" then "3".

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Key and time of the last edit, for coalescing keystrokes in one field. */
  lastKey: string | null;
  lastAt: number;
}

export type HistoryAction<T> =
  | { type: 'edit'; update: (present: T) => T; key?: string; at?: number }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset'; value: T };

export const COALESCE_MS = 1000;
export const MAX_STEPS = 200;

export function initHistory<T>(value: T): History<T> {
  return { past: [], present: value, future: [], lastKey: null, lastAt: 0 };
}

export function historyReducer<T>(h: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'edit': {
      const next = action.update(h.present);
      if (next === h.present) return h;
      const at = action.at ?? Date.now();
      const key = action.key ?? null;
      const coalesce = key !== null && key === h.lastKey && at - h.lastAt < COALESCE_MS && h.past.length > 0;
      const past = coalesce ? h.past : [...h.past, h.present].slice(-MAX_STEPS);
      return { past, present: next, future: [], lastKey: key, lastAt: at };
    }
    case 'undo': {
      const prev = h.past[h.past.length - 1];
      if (prev === undefined) return h;
      return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future], lastKey: null, lastAt: 0 };
    }
    case 'redo': {
      const [next, ...rest] = h.future;
      if (next === undefined) return h;
      return { past: [...h.past, h.present], present: next, future: rest, lastKey: null, lastAt: 0 };
    }
    case 'reset':
      return initHistory(action.value);
  }
}

export const canUndo = <T>(h: History<T>) => h.past.length > 0;
export const canRedo = <T>(h: History<T>) => h.future.length > 0;
