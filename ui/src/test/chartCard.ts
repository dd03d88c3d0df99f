// For component tests: what a chart card shows around a (stubbed) chart.
import { screen } from '@testing-library/react';

/** The title and caption on the card of the chart with test id `testId`. */
export function wordsOn(testId: string): { title: string | null; caption: string | null } {
  const card = screen.getByTestId(testId).closest('figure');
  return { title: card?.querySelector('.chart-title')?.textContent ?? null, caption: card?.querySelector('.caption')?.textContent ?? null };
}
