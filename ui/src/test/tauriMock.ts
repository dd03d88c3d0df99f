// For component tests only: a stand-in for `@tauri-apps/api/core` whose `invoke` answers from
// a table of handlers the test sets up. Use with
//   vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
import { vi } from 'vitest';

type Handler = (args: Record<string, unknown>) => unknown;

export const handlers = new Map<string, Handler>();

export const invoke = vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
  const h = handlers.get(cmd);
  if (!h) throw { kind: 'failed', message: `no handler for ${cmd} in this test`, problems: [] };
  return h(args ?? {});
});

export class Channel<T> {
  constructor(public onmessage: (message: T) => void) {}
}

/** Clear handlers and recorded calls between tests. */
export function resetTauri() {
  handlers.clear();
  invoke.mockClear();
}

/** The argument objects of every call of `cmd` so far. */
export function callsOf(cmd: string): Record<string, unknown>[] {
  return invoke.mock.calls.filter((c) => c[0] === cmd).map((c) => (c[1] ?? {}) as Record<string, unknown>);
}
