// For component tests only: charts as plain boxes (jsdom cannot lay out or draw ECharts; each
// chart's option is tested as a pure function instead). Use with
//   vi.mock('../common/EChart', () => import('../test/EChartStub'));
export function EChart({ label, testId }: { label: string; testId?: string }) {
  return <div role="img" aria-label={label} data-testid={testId} />;
}
