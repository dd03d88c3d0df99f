// The live preview: a quick run (about 1,000 trials) of the document as edited, ~250 ms after
// each valid edit (of the scenario, or of the market model before it is saved). Its estimate
// streams in as trials finish — a first figure after about 100 trials, refined to the final one. A newer preview cancels the older in the core, which rejects the older with
// kind `cancelled`: ignored, as is any answer that arrives after a newer request was sent.
import { useRef, useState } from 'react';
import { api, isCancelled, toAppError } from '../api';
import type { MarketModelDoc, Preview, ScenarioDoc } from '../api/bindings';
import { useDebouncedEffect } from '../common/useDebouncedEffect';

export const PREVIEW_DEBOUNCE_MS = 250;

export interface PreviewState {
  preview: Preview | null;
  /** A preview of a newer edit is on its way. */
  updating: boolean;
  error: string | null;
}

/**
 * `model` is an edited, valid market model not yet saved (previewed instead of the stored one,
 * so a person sees what a change to the shared model does before saving it), or null.
 */
export function usePreview(doc: ScenarioDoc, json: string, valid: boolean, modelRevision: number, model: MarketModelDoc | null = null, modelJson = ''): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, updating: false, error: null });
  const seq = useRef(0);

  useDebouncedEffect(
    () => {
      if (!valid) return;
      const mine = ++seq.current;
      setState((s) => ({ ...s, updating: true }));
      api
        .preview(doc, model, (estimate) => mine === seq.current && setState({ preview: estimate, updating: true, error: null }))
        .then((preview) => mine === seq.current && setState({ preview, updating: false, error: null }))
        .catch((e) => {
          if (mine !== seq.current) return;
          setState((s) => ({ ...s, updating: false, error: isCancelled(e) ? s.error : toAppError(e).message }));
        });
    },
    [json, valid, modelRevision, modelJson],
    PREVIEW_DEBOUNCE_MS,
  );

  return state;
}
