// The shape of a distribution, for the small preview drawn next to a `ParamInput`: density
// functions of the six distributions the documents accept, in the parameterisation they use
// (lognormal by median and P90, PERT by min, mode and max). For plotting only: the engine
// samples on its own; nothing here feeds a forecast.
import type { Dist, Param } from '../api/bindings';

export type DistKind = Dist['dist'];
export const DIST_KINDS: readonly DistKind[] = ['normal', 'lognormal', 'beta', 'triangular', 'pert', 'uniform'];

export const DIST_LABELS: Record<DistKind, string> = {
  normal: 'Normal',
  lognormal: 'Lognormal',
  beta: 'Beta',
  triangular: 'Triangular',
  pert: 'PERT',
  uniform: 'Uniform',
};

/** The parameters of each kind, in the order people state them. */
export const DIST_FIELDS: { [K in DistKind]: { key: Exclude<keyof Extract<Dist, { dist: K }>, 'dist'>; label: string }[] } = {
  normal: [
    { key: 'mean', label: 'mean' },
    { key: 'sd', label: 'sd' },
  ],
  lognormal: [
    { key: 'median', label: 'median' },
    { key: 'p90', label: 'P90' },
  ],
  beta: [
    { key: 'alpha', label: 'α' },
    { key: 'beta', label: 'β' },
  ],
  triangular: [
    { key: 'min', label: 'min' },
    { key: 'mode', label: 'mode' },
    { key: 'max', label: 'max' },
  ],
  pert: [
    { key: 'min', label: 'min' },
    { key: 'mode', label: 'mode' },
    { key: 'max', label: 'max' },
  ],
  uniform: [
    { key: 'min', label: 'min' },
    { key: 'max', label: 'max' },
  ],
};

/** z of the 90th percentile of the standard normal. */
const Z90 = 1.2815515655446004;

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = 0.99999999999980993;
  const t = y + 7.5;
  LANCZOS.forEach((c, i) => (a += c / (y + i + 1)));
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaPdf(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return 0;
  const lnB = lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB);
}

/** PERT as a beta on [min, max] with the classic weight 4 on the mode. */
function pertShape(min: number, mode: number, max: number): [number, number] {
  const w = max - min;
  return [1 + (4 * (mode - min)) / w, 1 + (4 * (max - mode)) / w];
}

/** Whether the parameters describe a proper distribution (what the plot can draw). */
export function isDrawable(d: Dist): boolean {
  const ok = (...xs: number[]) => xs.every(Number.isFinite);
  switch (d.dist) {
    case 'normal':
      return ok(d.mean, d.sd) && d.sd > 0;
    case 'lognormal':
      return ok(d.median, d.p90) && d.median > 0 && d.p90 > d.median;
    case 'beta':
      return ok(d.alpha, d.beta) && d.alpha > 0 && d.beta > 0;
    case 'triangular':
    case 'pert':
      return ok(d.min, d.mode, d.max) && d.min < d.max && d.mode >= d.min && d.mode <= d.max;
    case 'uniform':
      return ok(d.min, d.max) && d.min < d.max;
  }
}

/** The density of `d` at `x` (assumes `isDrawable(d)`). */
export function pdf(d: Dist, x: number): number {
  switch (d.dist) {
    case 'normal': {
      const z = (x - d.mean) / d.sd;
      return Math.exp(-0.5 * z * z) / (d.sd * Math.sqrt(2 * Math.PI));
    }
    case 'lognormal': {
      if (x <= 0) return 0;
      const mu = Math.log(d.median);
      const sigma = Math.log(d.p90 / d.median) / Z90;
      const z = (Math.log(x) - mu) / sigma;
      return Math.exp(-0.5 * z * z) / (x * sigma * Math.sqrt(2 * Math.PI));
    }
    case 'beta':
      return betaPdf(x, d.alpha, d.beta);
    case 'triangular': {
      if (x < d.min || x > d.max) return 0;
      const w = d.max - d.min;
      if (x < d.mode) return (2 * (x - d.min)) / (w * (d.mode - d.min));
      if (x > d.mode) return (2 * (d.max - x)) / (w * (d.max - d.mode));
      return 2 / w;
    }
    case 'pert': {
      const [a, b] = pertShape(d.min, d.mode, d.max);
      return betaPdf((x - d.min) / (d.max - d.min), a, b) / (d.max - d.min);
    }
    case 'uniform':
      return x >= d.min && x <= d.max ? 1 / (d.max - d.min) : 0;
  }
}

/** The x range worth drawing: the support, or where nearly all the mass is. */
export function plotRange(d: Dist): [number, number] {
  switch (d.dist) {
    case 'normal':
      return [d.mean - 3.5 * d.sd, d.mean + 3.5 * d.sd];
    case 'lognormal': {
      const sigma = Math.log(d.p90 / d.median) / Z90;
      return [d.median * Math.exp(-3 * sigma), d.median * Math.exp(3 * sigma)];
    }
    case 'beta':
      return [0, 1];
    case 'triangular':
    case 'pert':
    case 'uniform':
      return [d.min, d.max];
  }
}

/** `n` points [x, density] at the midpoints of `n` equal steps over the plot range; null if not drawable. */
export function densityCurve(d: Dist, n = 48): [number, number][] | null {
  if (!isDrawable(d)) return null;
  const [lo, hi] = plotRange(d);
  const step = (hi - lo) / n;
  return Array.from({ length: n }, (_, i) => {
    const x = lo + (i + 0.5) * step;
    return [x, pdf(d, x)];
  });
}

/** An SVG area path of the curve in a `width` × `height` box (y grows downwards). */
export function densityPath(points: readonly [number, number][], width: number, height: number): string {
  if (points.length === 0) return '';
  const finite = points.map(([, y]) => y).filter(Number.isFinite);
  const top = Math.max(...finite, Number.MIN_VALUE);
  const x0 = points[0]![0];
  const span = points[points.length - 1]![0] - x0 || 1;
  const px = (x: number) => ((x - x0) / span) * width;
  const py = (y: number) => height - (Math.min(Number.isFinite(y) ? y : top, top) / top) * (height - 1);
  const line = points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' L');
  return `M0,${height} L${line} L${width},${height} Z`;
}

/** The value a person thinks of as "the" number of a distribution. */
export function centralValue(d: Dist): number {
  switch (d.dist) {
    case 'normal':
      return d.mean;
    case 'lognormal':
      return d.median;
    case 'beta':
      return d.alpha / (d.alpha + d.beta);
    case 'triangular':
    case 'pert':
      return d.mode;
    case 'uniform':
      return (d.min + d.max) / 2;
  }
}

const round = (x: number) => Number(x.toPrecision(6));

/** A distribution of `kind` centred on `v`, ±20 % around it (what switching a number to a distribution starts from). */
export function distAround(kind: DistKind, v: number): Dist {
  const spread = Math.abs(v) * 0.2 || 1;
  switch (kind) {
    case 'normal':
      return { dist: 'normal', mean: v, sd: round(spread / 2) };
    case 'lognormal':
      return v > 0 ? { dist: 'lognormal', median: v, p90: round(v * 1.5) } : { dist: 'lognormal', median: 1, p90: 1.5 };
    case 'beta': {
      // Mean v with the weight of ten observations, when v is a share.
      const m = v > 0 && v < 1 ? v : 0.5;
      return { dist: 'beta', alpha: round(m * 10), beta: round((1 - m) * 10) };
    }
    case 'triangular':
    case 'pert':
      return { dist: kind, min: round(v - spread), mode: v, max: round(v + spread) };
    case 'uniform':
      return { dist: 'uniform', min: round(v - spread), max: round(v + spread) };
  }
}

/** `p` as the given kind: a number becomes a distribution around it, a distribution its central value. */
export function convertParam(p: Param, kind: DistKind | 'number'): Param {
  const v = typeof p === 'number' ? p : centralValue(p);
  if (kind === 'number') return round(v);
  if (typeof p !== 'number' && p.dist === kind) return p;
  return distAround(kind, v);
}
