// Colours of the studio's charts and graph: the Okabe–Ito palette (distinguishable with the
// common colour-vision deficiencies), used so that each chart also reads in greyscale: one
// hue in steps of lightness for ordered things (fan bands, heat map), distinct lightness or
// line dashes where colours name categories.
import type { PatternKind } from '../api/bindings';

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

/** Categorical series in an order that alternates light and dark. */
export const CATEGORICAL = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.green,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.purple,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
];

export const INK = '#1f2933';
export const MUTED = '#5f6b7a';
export const GRID = '#e3e7ec';
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Sequential blues, light to dark (monotone in lightness, so greyscale keeps the order). */
export const SEQUENTIAL = ['#f0f6fb', '#c6dbef', '#85b8dc', '#3d8bc4', '#0072B2', '#08306b'];

/** Each pattern kind: a colour and a dash, so edges differ without colour too. */
export const PATTERN_KIND_STYLE: Record<PatternKind, { color: string; dash?: string }> = {
  referral: { color: OKABE_ITO.orange, dash: '6 4' },
  co_sell: { color: OKABE_ITO.blue },
  joint_implementation: { color: OKABE_ITO.green, dash: '2 3' },
  integration: { color: OKABE_ITO.purple, dash: '10 3 2 3' },
  two_tier: { color: OKABE_ITO.vermillion, dash: '12 4' },
  marketplace: { color: OKABE_ITO.black, dash: '4 2' },
};
