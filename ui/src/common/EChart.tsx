// A chart on screen: one ECharts instance bound to a div, given a whole option each render
// (no merging, so a chart always shows exactly what its pure option function returned),
// resized with its box and disposed with the component.
import { useEffect, useRef } from 'react';
import { init, type ChartOption } from './echarts';

interface Props {
  option: ChartOption;
  /** Accessible name of the chart (its title). */
  label: string;
  height?: number;
  testId?: string;
}

export function EChart({ option, label, height = 300, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="echart" role="img" aria-label={label} data-testid={testId} style={{ height }} />;
}
