// Vitest: a DOM (jsdom) with what it lacks for the studio's components, and a clean DOM after
// each test.
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

afterEach(() => cleanup());

// `findBy…` waits up to 5 s, not 1: on a loaded two-core CI machine a first render that imports
// a screen's charts can take over a second, and a test should fail on behaviour, not on load.
configure({ asyncUtilTimeout: 5000 });

if (!('ResizeObserver' in globalThis)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}
