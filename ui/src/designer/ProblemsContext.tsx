// The problems of the document being edited, for the fields to find their own. The market
// model tab provides the model's problems; every other tab the scenario's.
import { createContext, useContext, useMemo } from 'react';
import type { Problem } from '../api/bindings';
import { NumberField, type NumberFieldProps } from '../common/NumberField';
import { FieldError } from '../common/FieldError';
import { problemsAt } from './problems';

const ProblemsContext = createContext<readonly Problem[]>([]);

export const ProblemsProvider = ProblemsContext.Provider;

/** Messages of the problems at `path` (with `subtree`, also below it). */
export function useProblemsAt(path: string, subtree = false): string[] {
  const problems = useContext(ProblemsContext);
  return useMemo(() => problemsAt(problems, path, subtree), [problems, path, subtree]);
}

/** A number field of the document at `path`: outlined and explained when the core objects. */
export function DocNumberField({ path, ...props }: Omit<NumberFieldProps, 'invalid'> & { path: string }) {
  const messages = useProblemsAt(path);
  return (
    <span className="doc-field">
      <NumberField {...props} invalid={messages.length > 0} />
      <FieldError messages={messages} />
    </span>
  );
}

/** A text field of the document at `path` (a name, a description), marked like the numbers. */
export function DocTextField({ path, label, value, onChange, testId }: { path: string; label: string; value: string; onChange: (v: string) => void; testId?: string }) {
  const messages = useProblemsAt(path);
  return (
    <span className="doc-field">
      <input type="text" aria-label={label} title={value} value={value} className={messages.length ? 'invalid' : undefined} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      <FieldError messages={messages} />
    </span>
  );
}
