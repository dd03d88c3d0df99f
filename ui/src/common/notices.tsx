// Messages for the person: errors from the core (its `AppError.message`, a sentence), short
// confirmations ("Exported to …") and announcements (news the store keeps for the person, such as
// "this model was upgraded"). Errors and announcements stay until dismissed; confirmations fade
// after a few seconds. Any screen reports through `useNotices()`; nothing fails silently.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { toAppError } from '../api';

export interface Notice {
  id: number;
  kind: 'error' | 'info' | 'announcement';
  message: string;
}

interface Notices {
  error: (e: unknown, context?: string) => void;
  info: (message: string) => void;
  announce: (message: string) => void;
}

const NoticeContext = createContext<Notices>({ error: () => {}, info: () => {}, announce: () => {} });

export const useNotices = () => useContext(NoticeContext);

const INFO_MS = 5000;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((n) => n.filter((x) => x.id !== id)), []);

  const push = useCallback(
    (kind: Notice['kind'], message: string) => {
      const id = next.current++;
      // The same message twice in a row is one notice, not a stack of copies.
      setNotices((n) => [...n.filter((x) => x.message !== message), { id, kind, message }].slice(-4));
      if (kind === 'info') setTimeout(() => dismiss(id), INFO_MS);
    },
    [dismiss],
  );

  const value = useMemo<Notices>(
    () => ({
      error: (e, context) => {
        const { message } = toAppError(e);
        push('error', context ? `${context}: ${message}` : message);
      },
      info: (message) => push('info', message),
      announce: (message) => push('announcement', message),
    }),
    [push],
  );

  return (
    <NoticeContext.Provider value={value}>
      {children}
      <div className="notices" aria-live="polite">
        {notices.map((n) => (
          <div
            key={n.id}
            className={`notice notice-${n.kind === 'error' ? 'error' : 'info'}`}
            role={n.kind === 'error' ? 'alert' : 'status'}
            data-testid={{ error: 'error-banner', info: 'notice', announcement: 'announcement' }[n.kind]}
          >
            <span className="notice-message">{n.message}</span>
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}
