import { describe, expect, it } from 'vitest';
import {
  classColours,
  classify,
  contrastRatio,
  luminance,
  normaliseBreaks,
  quantileBreaks,
  textColourOn,
} from './classes.ts';

const counts = (c: ReturnType<typeof classify>) => c.classes.map((x) => x.count);

describe('quantile classes', () => {
  it('splits ten values into five classes of two, each bound the first value of its class', () => {
    const values = [7, 3, 10, 1, 5, 2, 9, 4, 8, 6];
    expect(quantileBreaks(values, 5)).toEqual([3, 5, 7, 9]);
    const c = classify(values, { method: 'quantile', classes: 5 });
    expect(counts(c)).toEqual([2, 2, 2, 2, 2]);
    expect([1, 2, 3, 8, 9, 10].map(c.classOf)).toEqual([0, 0, 1, 3, 4, 4]);
    expect(c.classes[0]).toMatchObject({ lower: null, upper: 3, min: 1, max: 2 });
    expect(c.classes[4]).toMatchObject({ lower: 9, upper: null, min: 9, max: 10 });
  });

  it('keeps equal values in one class and drops the classes ties leave empty', () => {
    const values = [1, 1, 1, 1, 1, 2, 3, 4, 5, 6];
    const c = classify(values, { method: 'quantile', classes: 5 });
    expect(c.classes.map((x) => x.lower)).toEqual([null, 3, 5]);
    expect(counts(c)).toEqual([6, 2, 2]);
    expect(new Set(values.filter((v) => v === 1).map(c.classOf)).size).toBe(1);
    expect(c.classes.every((x) => x.count > 0)).toBe(true);
  });

  it('makes no more classes than there are distinct values', () => {
    const c = classify([2, 7, 2, 7, 7], { method: 'quantile', classes: 5 });
    expect(c.classes).toHaveLength(2);
    expect(counts(c)).toEqual([2, 3]);
    const one = classify([4, 4, 4], { method: 'quantile', classes: 4 });
    expect(one.classes).toHaveLength(1);
    expect(one.classOf(4)).toBe(0);
  });

  it('counts missing values apart and gives them no class', () => {
    const c = classify([null, Number.NaN, undefined, 3, Number.POSITIVE_INFINITY, 8], {
      method: 'quantile',
      classes: 3,
    });
    expect(c.missing).toBe(4);
    expect(counts(c)).toEqual([1, 1]);
    expect(c.classOf(null)).toBeNull();
    expect(c.classOf(Number.NaN)).toBeNull();
    const none = classify([null, null], { method: 'quantile', classes: 5 });
    expect(none.classes).toEqual([]);
    expect(none.missing).toBe(2);
    expect(none.classOf(1)).toBeNull();
  });

  it('keeps the number of classes between 2 and 7', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    expect(classify(values, { method: 'quantile', classes: 12 }).classes).toHaveLength(7);
    expect(classify(values, { method: 'quantile', classes: 1 }).classes).toHaveLength(2);
  });
});

describe('set breaks', () => {
  it('puts a value on a bound into the upper class and keeps empty classes', () => {
    const c = classify([5, 10, 15, 25, null], { method: 'breaks', breaks: [20, 10, 10, 30] });
    expect(c.classes.map((x) => [x.lower, x.upper])).toEqual([
      [null, 10],
      [10, 20],
      [20, 30],
      [30, null],
    ]);
    expect(counts(c)).toEqual([1, 2, 1, 0]);
    expect(c.classes[3]).toMatchObject({ min: null, max: null });
    expect(c.missing).toBe(1);
  });

  it('sorts, deduplicates and caps the breaks', () => {
    expect(normaliseBreaks([3, 1, 2, 2, Number.NaN, 9, 8, 7, 6, 5, 4])).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('class colours', () => {
  it('gets darker towards the unfavourable end, whichever way the indicator reads', () => {
    const worse = classColours(5, 'higher_worse').map(luminance);
    const better = classColours(5, 'higher_better').map(luminance);
    for (let k = 1; k < 5; k++) {
      expect(worse[k]).toBeLessThan(worse[k - 1]);
      expect(better[k]).toBeGreaterThan(better[k - 1]);
    }
    expect(classColours(5, 'higher_better')).toEqual([...classColours(5, 'higher_worse')].reverse());
    expect(classColours(3, 'neutral')).not.toEqual(classColours(3, 'higher_worse'));
  });

  it('separates neighbouring classes by lightness alone (readable without colour vision)', () => {
    for (const n of [2, 5, 7]) {
      const l = classColours(n, 'neutral').map(luminance);
      for (let k = 1; k < n; k++) expect(l[k - 1] / l[k]).toBeGreaterThan(1.25);
    }
  });

  it('picks black or white text on every class colour with at least 4.5:1 contrast', () => {
    for (const dir of ['higher_worse', 'neutral'] as const)
      for (const fill of classColours(7, dir))
        expect(contrastRatio(fill, textColourOn(fill))).toBeGreaterThanOrEqual(4.5);
    expect(textColourOn('#ffffff')).toBe('#000000');
    expect(textColourOn('#000000')).toBe('#ffffff');
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
});
