import { describe, expect, it } from 'vitest';
import { COALESCE_MS, MAX_STEPS, canRedo, canUndo, historyReducer, initHistory, type History, type HistoryAction } from './history';

type H = History<number>;
const run = (h: H, ...actions: HistoryAction<number>[]) => actions.reduce((s, a) => historyReducer(s, a), h);
const set = (n: number, key?: string, at = 0): HistoryAction<number> => ({ type: 'edit', update: () => n, key, at });

describe('undo/redo history', () => {
  it('undoes and redoes edits in order', () => {
    let h = run(initHistory(0), set(1), set(2), set(3));
    expect(h.present).toBe(3);
    h = run(h, { type: 'undo' }, { type: 'undo' });
    expect(h.present).toBe(1);
    expect(canRedo(h)).toBe(true);
    h = run(h, { type: 'redo' });
    expect(h.present).toBe(2);
    h = run(h, { type: 'undo' }, { type: 'undo' }, { type: 'undo' });
    expect(h.present).toBe(0);
    expect(canUndo(h)).toBe(false);
  });

  it('does nothing when there is nothing to undo or redo', () => {
    const h = initHistory(7);
    expect(run(h, { type: 'undo' })).toBe(h);
    expect(run(h, { type: 'redo' })).toBe(h);
  });

  it('drops the redo future on a new edit', () => {
    const h = run(initHistory(0), set(1), set(2), { type: 'undo' }, set(5));
    expect(h.present).toBe(5);
    expect(canRedo(h)).toBe(false);
    expect(run(h, { type: 'undo' }).present).toBe(1);
  });

  it('ignores an edit that changes nothing', () => {
    const h = run(initHistory(0), set(1));
    expect(historyReducer(h, { type: 'edit', update: (x) => x })).toBe(h);
  });

  it('coalesces keystrokes in one field into one step', () => {
    // Typing "31" into a cell that held 30: 3, then 31, a moment apart.
    let h = run(initHistory(30), set(3, 'cell', 1000), set(31, 'cell', 1200));
    expect(h.present).toBe(31);
    expect(h.past).toEqual([30]);
    h = run(h, { type: 'undo' });
    expect(h.present).toBe(30);
  });

  it('does not coalesce other fields, keyless edits or slow typing', () => {
    expect(run(initHistory(0), set(1, 'a', 0), set(2, 'b', 10)).past).toEqual([0, 1]);
    expect(run(initHistory(0), set(1, undefined, 0), set(2, undefined, 10)).past).toEqual([0, 1]);
    expect(run(initHistory(0), set(1, 'a', 0), set(2, 'a', COALESCE_MS + 1)).past).toEqual([0, 1]);
  });

  it('starts a new step after an undo even in the same field', () => {
    const h = run(initHistory(0), set(1, 'a', 0), set(2, 'a', 100), { type: 'undo' }, set(5, 'a', 200));
    expect(h.past).toEqual([0]);
    expect(h.present).toBe(5);
  });

  it('keeps at most MAX_STEPS steps', () => {
    let h = initHistory(0);
    for (let i = 1; i <= MAX_STEPS + 50; i++) h = historyReducer(h, set(i));
    expect(h.past).toHaveLength(MAX_STEPS);
    expect(h.past[0]).toBe(50);
  });

  it('resets to a new document with no history', () => {
    const h = run(initHistory(0), set(1), { type: 'reset', value: 9 });
    expect(h).toEqual(initHistory(9));
  });
});
