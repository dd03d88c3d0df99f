// How numbers read in the studio: money with thousands separators and its currency, short
// money ("$42.5M") where space is tight, shares as percentages, durations in words. One
// locale for every screen and chart so a figure reads the same everywhere.
import type { Dist, Param } from '../api/bindings';

const LOCALE = 'en-US';

const cache = new Map<string, Intl.NumberFormat>();
function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

function currencyFormatter(currency: string, compact: boolean): Intl.NumberFormat | null {
  try {
    return formatter(`${currency}:${compact}`, () =>
      compact
        ? new Intl.NumberFormat(LOCALE, { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 })
        : new Intl.NumberFormat(LOCALE, { style: 'currency', currency, maximumFractionDigits: 0 }),
    );
  } catch {
    return null; // not an ISO code Intl knows: fall back to "XYZ 1,234"
  }
}

/** "$42,473,245" — exact, for tables and tooltips. */
export function money(value: number, currency: string): string {
  if (!Number.isFinite(value)) return '—';
  const f = currencyFormatter(currency, false);
  return f ? f.format(value) : `${currency} ${integer(value)}`;
}

/** "$42.5M" — short, for cards, axes and captions. */
export function moneyShort(value: number, currency: string): string {
  if (!Number.isFinite(value)) return '—';
  const f = currencyFormatter(currency, true);
  return f ? f.format(value) : `${currency} ${compact(value)}`;
}

/** "12,345" */
export function integer(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatter('int', () => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 })).format(value);
}

/** "12.3K" */
export function compact(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatter('compact', () => new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 })).format(value);
}

/** A plain number with up to `digits` decimals: "0.055", "1,500". */
export function decimal(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '—';
  return formatter(`dec${digits}`, () => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits })).format(value);
}

/** A share as a percentage: 0.2643 → "26.4%". */
export function percent(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(digits)}%`;
}

/** A multiplier: 1.384 → "1.38×". */
export function multiplier(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return `${value.toFixed(2)}×`;
}

/** A stored ISO timestamp as a short local date and time: "25 Nov 2025, 17:10". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Seconds in words: 75 → "1 min 15 s", 4.2 → "4 s". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A distribution in the words people write it: "pert(0.03, 0.055, 0.08)". */
export function dist(d: Dist, fmt: (x: number) => string = (x) => decimal(x, 4)): string {
  switch (d.dist) {
    case 'normal':
      return `normal(mean ${fmt(d.mean)}, sd ${fmt(d.sd)})`;
    case 'lognormal':
      return `lognormal(median ${fmt(d.median)}, P90 ${fmt(d.p90)})`;
    case 'beta':
      return `beta(${decimal(d.alpha)}, ${decimal(d.beta)})`;
    case 'triangular':
    case 'pert':
      return `${d.dist}(${fmt(d.min)}, ${fmt(d.mode)}, ${fmt(d.max)})`;
    case 'uniform':
      return `uniform(${fmt(d.min)}, ${fmt(d.max)})`;
  }
}

/** A number-or-distribution, formatted with `fmt` for its values. */
export function param(p: Param, fmt: (x: number) => string = (x) => decimal(x, 4)): string {
  return typeof p === 'number' ? fmt(p) : dist(p, fmt);
}
