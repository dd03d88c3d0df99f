// Run an effect once its inputs have stopped changing for `ms` (checks after typing, the live
// preview, autosave). The effect may return a cleanup, called when the inputs change again.
import { useEffect, useRef } from 'react';

export function useDebouncedEffect(effect: () => void | (() => void), deps: readonly unknown[], ms: number) {
  const latest = useRef(effect);
  latest.current = effect;
  useEffect(() => {
    let cleanup: void | (() => void);
    const timer = setTimeout(() => {
      cleanup = latest.current();
    }, ms);
    return () => {
      clearTimeout(timer);
      if (typeof cleanup === 'function') cleanup();
    };
  }, [...deps, ms]);
}
