// A stored scenario with its model, loaded for a screen (the designer, an analysis: names of types, segments,
// patterns and policies, and the currency).
import { useEffect, useState } from 'react';
import { api, toAppError } from '../api';
import type { AppError, ScenarioDetail } from '../api/bindings';

export function useScenarioDetail(scenarioId: number): { detail: ScenarioDetail | null; error: AppError | null } {
  const [detail, setDetail] = useState<ScenarioDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    api
      .getScenario(scenarioId)
      .then((d) => live && setDetail(d))
      .catch((e) => live && setError(toAppError(e)));
    return () => {
      live = false;
    };
  }, [scenarioId]);
  return { detail, error };
}
