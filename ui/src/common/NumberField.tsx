// A number input that lets a person type freely: the text is kept as typed ("0.", "-", "")
// and a value is committed whenever the text reads as a finite number. Text that is not a
// number is marked on the field and commits nothing (the document keeps its value, and the
// message says so) until it reads as a number. Range and whole-number rules are the
// document's to judge, so any finite number commits.
import { useEffect, useId, useState } from 'react';
import { FieldError } from './FieldError';

export interface NumberFieldProps {
  value: number;
  onCommit: (value: number) => void;
  label: string;
  /** Show the label visibly (otherwise it is only the accessible name). */
  showLabel?: boolean;
  invalid?: boolean;
  testId?: string;
  className?: string;
  /** A reading aid shown after the field, such as "$45.0M" or "26%". */
  hint?: string;
  disabled?: boolean;
  placeholder?: string;
}

/** The number a person typed, or null: spaces, thousands separators and underscores allowed. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/[,_\s]/g, '');
  if (t === '' || t === '-' || t === '+' || t === '.') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function NumberField({ value, onCommit, label, showLabel, invalid, testId, className, hint, disabled, placeholder }: NumberFieldProps) {
  const [text, setText] = useState(() => String(value));
  const id = useId();

  // A new value from outside (undo, another editor of the same figure) replaces the text,
  // unless the text already reads as that value ("0." while typing "0.5").
  useEffect(() => {
    setText((t) => (parseNumber(t) === value ? t : String(value)));
  }, [value]);

  const parsed = parseNumber(text);
  const notANumber = parsed === null;

  return (
    <span className={`number-field ${className ?? ''}`}>
      {showLabel && (
        <label htmlFor={id} className="field-label">
          {label}
        </label>
      )}
      <span className="number-field-row">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          aria-label={showLabel ? undefined : label}
          aria-invalid={invalid || notANumber || undefined}
          className={invalid || notANumber ? 'invalid' : undefined}
          data-testid={testId}
          value={text}
          disabled={disabled}
          placeholder={placeholder}
          onChange={(e) => {
            setText(e.target.value);
            const n = parseNumber(e.target.value);
            if (n !== null && n !== value) onCommit(n);
          }}
          onBlur={() => setText((t) => (parseNumber(t) === null ? t : String(value)))}
        />
        {hint && <span className="field-hint">{hint}</span>}
      </span>
      {notANumber && <FieldError messages={[`${label}: enter a number (it stays ${value} until then).`]} />}
    </span>
  );
}
