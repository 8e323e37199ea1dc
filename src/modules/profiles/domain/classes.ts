/**
 * Classes of a choropleth map: which class each area's value falls into, and the colour of each
 * class. Pure functions, no database, no rendering.
 *
 * One rule for both methods: class k holds the values v with `lower_k <= v < lower_{k+1}` (the
 * first class has no lower bound, the last no upper one). Equal values therefore always share a
 * class, whatever their rank.
 */

/** How an indicator reads: is a higher value better, worse, or neither? */
export type Direction = 'higher_better' | 'higher_worse' | 'neutral';

export type ClassMethod = 'quantile' | 'breaks';

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 7;

export interface ValueClass {
  index: number;
  /** Inclusive lower bound (null for the first class). */
  lower: number | null;
  /** Exclusive upper bound (null for the last class). */
  upper: number | null;
  /** Smallest and largest value that fell into the class (null when it is empty: set breaks). */
  min: number | null;
  max: number | null;
  count: number;
}

export interface Classification {
  method: ClassMethod;
  classes: ValueClass[];
  /** How many values were missing (null, undefined, not a finite number). */
  missing: number;
  /** The class of a value, or null when it is missing. */
  classOf: (value: number | null | undefined) => number | null;
}

export const isPresent = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

const clampClasses = (n: number) =>
  Math.max(MIN_CLASSES, Math.min(MAX_CLASSES, Math.round(Number.isFinite(n) ? n : 5)));

/**
 * Lower bounds of classes 1…n-1 for quantiles: the value at rank ⌊k·m/n⌋ of the m sorted values.
 * Repeated bounds (many equal values) and a bound at the minimum (an empty first class) are
 * dropped, so there may be fewer classes than asked for — never an empty one.
 */
export function quantileBreaks(values: readonly (number | null | undefined)[], n: number): number[] {
  const xs = values.filter(isPresent).sort((a, b) => a - b);
  if (xs.length === 0) return [];
  const classes = clampClasses(n);
  const out: number[] = [];
  for (let k = 1; k < classes; k++) {
    const t = xs[Math.floor((k * xs.length) / classes)];
    if (t > xs[0] && t !== out[out.length - 1]) out.push(t);
  }
  return out;
}

/** Set breaks as typed: sorted, finite, without repeats, at most MAX_CLASSES - 1 of them. */
export function normaliseBreaks(breaks: readonly number[]): number[] {
  const sorted = [...new Set(breaks.filter(isPresent))].sort((a, b) => a - b);
  return sorted.slice(0, MAX_CLASSES - 1);
}

/**
 * Classifies values. `quantile`: about equally many areas per class (n classes asked for, fewer
 * when the values do not allow it). `breaks`: the lower bounds of classes 2…n given by the tenant;
 * a class may then be empty, and it is still shown in the legend.
 */
export function classify(
  values: readonly (number | null | undefined)[],
  options: { method: 'quantile'; classes: number } | { method: 'breaks'; breaks: readonly number[] },
): Classification {
  const present = values.filter(isPresent);
  const bounds =
    options.method === 'quantile'
      ? quantileBreaks(present, options.classes)
      : normaliseBreaks(options.breaks);
  const noClasses = options.method === 'quantile' && present.length === 0;
  const classOf = (v: number | null | undefined): number | null => {
    if (!isPresent(v) || noClasses) return null;
    let k = 0;
    while (k < bounds.length && v >= bounds[k]) k++;
    return k;
  };
  const classes: ValueClass[] = noClasses
    ? []
    : Array.from({ length: bounds.length + 1 }, (_, k) => ({
        index: k,
        lower: k === 0 ? null : bounds[k - 1],
        upper: k === bounds.length ? null : bounds[k],
        min: null,
        max: null,
        count: 0,
      }));
  for (const v of present) {
    const c = classes[classOf(v)!];
    c.count++;
    c.min = c.min === null ? v : Math.min(c.min, v);
    c.max = c.max === null ? v : Math.max(c.max, v);
  }
  return { method: options.method, classes, missing: values.length - present.length, classOf };
}

// ── Colours ─────────────────────────────────────────────────────────────────────────────────────

type Rgb = [number, number, number];

const hexToRgb = (hex: string): Rgb => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const toHex = ([r, g, b]: Rgb) =>
  `#${[r, g, b]
    .map((c) =>
      Math.round(Math.max(0, Math.min(255, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

const toLinear = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (l: number) => 255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055);

// OKLab: interpolating there keeps the steps between classes evenly spaced in lightness.
function rgbToOklab(rgb: Rgb): Rgb {
  const [r, g, b] = rgb.map(toLinear);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}
function oklabToRgb([L, a, b]: Rgb): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.707815416 * s),
  ];
}

/**
 * The two ends of each ramp, light to dark. Lightness alone carries the order (a single-hue
 * sequential ramp), so the classes stay distinguishable with any colour-vision deficiency and in
 * greyscale print. "Need" (yellow → dark violet) marks the unfavourable end; "neutral" is blue.
 */
const RAMPS = {
  need: ['#fcf0b4', '#3d0f4f'],
  neutral: ['#e3eef9', '#0b2f5e'],
} as const;

/** Grey of areas without a value (drawn hatched as well, so it is not read as a class). */
export const MISSING_FILL = '#d9d9d9';
export const MISSING_HATCH = '#595959';

/**
 * The fill of each of `n` classes, lowest values first. Darker always means less favourable:
 * when higher is worse the ramp runs light → dark, when higher is better dark → light; a neutral
 * indicator runs light → dark in blue.
 */
export function classColours(n: number, direction: Direction): string[] {
  if (n <= 0) return [];
  const [light, dark] = (direction === 'neutral' ? RAMPS.neutral : RAMPS.need).map((h) =>
    rgbToOklab(hexToRgb(h)),
  );
  const colours = Array.from({ length: n }, (_, k) => {
    const t = n === 1 ? 0.5 : k / (n - 1);
    return toHex(oklabToRgb(light.map((c, i) => c + (dark[i] - c) * t) as Rgb));
  });
  return direction === 'higher_better' ? colours.reverse() : colours;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map(toLinear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours (1 … 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the fill (text drawn on a class's colour). */
export function textColourOn(fill: string): '#000000' | '#ffffff' {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}
