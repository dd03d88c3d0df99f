// Pieces every analysis view shares: a whole-number field with its rule, a chart card with
// its caption, the core's words of an analysis's chart, and the message for a scenario that
// could not be opened.
import type { ReactNode } from 'react';
import type { ChartWords } from '../api/bindings';
import { EChart } from '../common/EChart';
import type { ChartOption } from '../common/echarts';
import { FieldError } from '../common/FieldError';
import { NumberField } from '../common/NumberField';
import { integer } from '../common/format';

/** The rule of a count field (trials, samples, designs): a whole number from `min` to `max`. */
export function countProblems(value: number, min = 1, max = 10_000_000): string[] {
  return Number.isInteger(value) && value >= min && value <= max ? [] : [`must be a whole number from ${integer(min)} to ${integer(max)}`];
}

export function CountField({ label, value, onCommit, testId, problems, disabled }: { label: string; value: number; onCommit: (v: number) => void; testId: string; problems: string[]; disabled?: boolean }) {
  return (
    <label className="analysis-field">
      <span className="field-label">{label}</span>
      <NumberField value={value} onCommit={onCommit} label={label} testId={testId} invalid={problems.length > 0} className="medium" disabled={disabled} />
      <FieldError messages={problems} />
    </label>
  );
}

export function ChartCard({ title, option, caption, testId, height = 320, children }: { title: string; option: ChartOption; caption: string; testId: string; height?: number; children?: ReactNode }) {
  return (
    <figure className="chart-card">
      <figcaption className="chart-title">{title}</figcaption>
      <EChart option={option} label={title} testId={testId} height={height} />
      <p className="caption">{caption}</p>
      {children}
    </figure>
  );
}

/** The core's title and caption of chart `id` among an analysis's `charts` (empty when it sent none). */
export function wordsOf(charts: ChartWords[], id: string): { title: string; caption: string } {
  const w = charts.find((c) => c.id === id);
  return { title: w?.title ?? '', caption: w?.caption ?? '' };
}

export function LoadFailure({ what, message, testId }: { what: string; message: string; testId: string }) {
  return (
    <div className="screen-message" data-testid={testId}>
      <h2>{what}</h2>
      <p className="field-error" data-testid="error-banner">
        {message}
      </p>
    </div>
  );
}
