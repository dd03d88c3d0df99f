// The state of an open scenario: the scenario and its market model under one undo history,
// what the core says about each after every edit (debounced), the last saved version, the
// autosave, and the save itself. Screens read `status` and call the actions; nothing here
// renders.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { api, toAppError } from '../api';
import type { MarketModelDoc, Problem, ScenarioDetail, ScenarioDoc, ScenarioInfo } from '../api/bindings';
import { useNotices } from '../common/notices';
import { useDebouncedEffect } from '../common/useDebouncedEffect';
import { canRedo, canUndo, historyReducer, initHistory, type History, type HistoryAction } from './history';
import { modelShapeProblems, scenarioShapeProblems } from './problems';

export interface Docs {
  scenario: ScenarioDoc;
  model: MarketModelDoc;
}

export const CHECK_DEBOUNCE_MS = 150;
export const AUTOSAVE_MS = 2000;

export type SaveStatus =
  | { kind: 'saved'; version: number }
  | { kind: 'unsaved' }
  | { kind: 'invalid' }
  | { kind: 'saving' }
  | { kind: 'failed'; message: string };

export function saveStatusText(s: SaveStatus): string {
  switch (s.kind) {
    case 'saved':
      return `Saved — version ${s.version}`;
    case 'unsaved':
      return 'Unsaved changes';
    case 'invalid':
      return 'Invalid — not saved';
    case 'saving':
      return 'Saving…';
    case 'failed':
      return `Save failed — ${s.message}`;
  }
}

interface Checked {
  json: string;
  problems: Problem[];
}

/** Problems of a document: its shape first (the core cannot read it otherwise), then the core's. */
function useChecked<T>(doc: T, json: string, shape: (d: T) => Problem[], check: (d: T) => Promise<Problem[]>, revision: number) {
  const shapeProblems = useMemo(() => shape(doc), [doc, shape]);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const seq = useRef(0);

  useDebouncedEffect(
    () => {
      const mine = ++seq.current;
      check(doc)
        .then((problems) => {
          if (mine === seq.current) {
            setChecked({ json, problems });
            setFailure(null);
          }
        })
        .catch((e) => mine === seq.current && setFailure(toAppError(e).message));
    },
    [json, shapeProblems, revision],
    CHECK_DEBOUNCE_MS,
  );

  // The core reads any shape (a negative count included) and names its problems by path; the
  // designer's own shape check only covers the moment before the core's answer arrives, and
  // keeps a document the core's types cannot hold from being previewed or saved.
  const current = checked?.json === json;
  const problems = current ? checked.problems : shapeProblems;
  return {
    problems,
    /** The core has checked exactly this document and found nothing. */
    valid: current && problems.length === 0 && shapeProblems.length === 0,
    /** Known to be invalid (by shape, or by the core for exactly this document). */
    invalid: shapeProblems.length > 0 || (current && problems.length > 0),
    failure,
    /** Accept problems the core returned elsewhere (a refused save). */
    setChecked,
  };
}

export function useDesignerState(detail: ScenarioDetail) {
  const notices = useNotices();
  const id = detail.info.id;
  const [history, dispatch] = useReducer(
    historyReducer as (h: History<Docs>, a: HistoryAction<Docs>) => History<Docs>,
    { scenario: detail.doc, model: detail.model },
    initHistory,
  );
  const docs = history.present;
  const scenarioJson = useMemo(() => JSON.stringify(docs.scenario), [docs.scenario]);
  const modelJson = useMemo(() => JSON.stringify(docs.model), [docs.model]);

  const [saved, setSaved] = useState({ json: JSON.stringify(detail.doc), version: detail.version });
  const [info, setInfo] = useState<ScenarioInfo>(detail.info);
  const [savedModel, setSavedModel] = useState<{ json: string; version: number | null }>({ json: JSON.stringify(detail.model), version: null });
  /** Bumped when the stored model changes: the scenario's check and preview depend on it. */
  const [modelRevision, setModelRevision] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saveFailure, setSaveFailure] = useState<string | null>(null);

  const scenarioCheck = useChecked(docs.scenario, scenarioJson, scenarioShapeProblems, api.checkScenario, modelRevision);
  const modelCheck = useChecked(docs.model, modelJson, modelShapeProblems, api.checkModel, 0);

  const setScenarioChecked = scenarioCheck.setChecked;
  const setModelChecked = modelCheck.setChecked;
  const dirty = scenarioJson !== saved.json;
  const modelDirty = modelJson !== savedModel.json;

  // Async actions read the latest documents through this ref, never a stale closure; the last
  // saved version is also kept in a ref, set the moment a save succeeds (before any render).
  const latest = useRef(docs);
  latest.current = docs;
  const savedRef = useRef(saved);
  /** The save in flight: a second save waits for it rather than racing it. */
  const inflight = useRef<Promise<boolean> | null>(null);

  const save = useCallback(
    async (note: string, doc?: ScenarioDoc): Promise<boolean> => {
      while (inflight.current) await inflight.current;
      const target = doc ?? latest.current.scenario;
      const json = JSON.stringify(target);
      if (json === savedRef.current.json) return true;
      if (scenarioShapeProblems(target).length > 0) return false;
      const attempt = (async () => {
        setSaving(true);
        try {
          const d = await api.saveScenario(id, target, note);
          const now = { json, version: d.version };
          savedRef.current = now;
          setSaved(now);
          setInfo(d.info);
          setSaveFailure(null);
          return true;
        } catch (e) {
          const err = toAppError(e);
          if (err.kind === 'invalid' && err.problems.length > 0) {
            setScenarioChecked({ json, problems: err.problems });
          } else {
            setSaveFailure(err.message);
            notices.error(err, 'The scenario could not be saved');
          }
          return false;
        } finally {
          setSaving(false);
        }
      })();
      inflight.current = attempt;
      try {
        return await attempt;
      } finally {
        inflight.current = null;
      }
    },
    [id, notices, setScenarioChecked],
  );

  // Autosave: a new version ~2 s after the last edit, once the core has found it valid.
  useDebouncedEffect(
    () => {
      if (dirty && scenarioCheck.valid && !saving && !saveFailure) void save('autosave');
    },
    [scenarioJson, scenarioCheck.valid, saving],
    AUTOSAVE_MS,
  );

  // A new edit after a failed save tries again.
  useEffect(() => setSaveFailure(null), [scenarioJson]);

  const saveModel = useCallback(
    async (note: string): Promise<boolean> => {
      const model = latest.current.model;
      try {
        const version = await api.saveModel(model, note || 'edited in the designer');
        setSavedModel({ json: JSON.stringify(model), version });
        setModelRevision((r) => r + 1);
        notices.info(`Market model saved — version ${version}. Every scenario on it now runs against this version.`);
        return true;
      } catch (e) {
        const err = toAppError(e);
        if (err.kind === 'invalid' && err.problems.length > 0) setModelChecked({ json: JSON.stringify(model), problems: err.problems });
        notices.error(err, 'The market model could not be saved');
        return false;
      }
    },
    [notices, setModelChecked],
  );

  const editScenario = useCallback(
    (key: string | null, update: (doc: ScenarioDoc) => ScenarioDoc) =>
      dispatch({
        type: 'edit',
        key: key === null ? undefined : `scenario:${key}`,
        update: (d) => {
          const scenario = update(d.scenario);
          return scenario === d.scenario ? d : { ...d, scenario };
        },
      }),
    [],
  );

  const editModel = useCallback(
    (key: string | null, update: (doc: MarketModelDoc) => MarketModelDoc) =>
      dispatch({
        type: 'edit',
        key: key === null ? undefined : `model:${key}`,
        update: (d) => {
          const model = update(d.model);
          return model === d.model ? d : { ...d, model };
        },
      }),
    [],
  );

  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);

  const status: SaveStatus = saving
    ? { kind: 'saving' }
    : scenarioCheck.invalid
      ? { kind: 'invalid' }
      : saveFailure
        ? { kind: 'failed', message: saveFailure }
        : dirty
          ? { kind: 'unsaved' }
          : { kind: 'saved', version: saved.version };

  return {
    id,
    info,
    docs,
    scenario: docs.scenario,
    model: docs.model,
    scenarioJson,
    editScenario,
    editModel,
    undo,
    redo,
    canUndo: canUndo(history),
    canRedo: canRedo(history),
    scenarioProblems: scenarioCheck.problems,
    scenarioValid: scenarioCheck.valid,
    /** Why the core could not check a document at all (not a problem of the document). */
    checkFailure: scenarioCheck.failure ?? modelCheck.failure,
    modelProblems: modelCheck.problems,
    modelValid: modelCheck.valid,
    modelDirty,
    modelJson,
    modelVersion: savedModel.version,
    modelRevision,
    dirty,
    status,
    save,
    saveModel,
  };
}

export type DesignerState = ReturnType<typeof useDesignerState>;
