import { describe, expect, it } from 'vitest';
import { change, combineAreas, combineTime, mapLimit } from './figures.ts';
import {
  lastDay,
  monthPeriod,
  periodParams,
  periodSlug,
  quarterPeriod,
  quartersOf,
  rangePeriod,
  readPeriod,
  yearBefore,
  yearPeriod,
} from './period.ts';

describe('periods', () => {
  it('are local dates with the end exclusive', () => {
    expect(yearPeriod(2026)).toEqual({ kind: 'year', from: '2026-01-01', to: '2027-01-01' });
    expect(monthPeriod(2026, 12)).toEqual({ kind: 'month', from: '2026-12-01', to: '2027-01-01' });
    expect(monthPeriod(2024, 2)).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-03-01' });
    expect(quarterPeriod(2026, 4)).toEqual({ kind: 'quarter', from: '2026-10-01', to: '2027-01-01' });
    expect(rangePeriod('2026-03-05', '2026-03-05')).toEqual({
      kind: 'range',
      from: '2026-03-05',
      to: '2026-03-06',
    });
    expect(quartersOf(2026).map((q) => q.from)).toEqual([
      '2026-01-01',
      '2026-04-01',
      '2026-07-01',
      '2026-10-01',
    ]);
    expect(lastDay(quarterPeriod(2026, 1))).toBe('2026-03-31');
  });

  it('a year before: the whole month, quarter or year; a range keeps its days (29 February → 28)', () => {
    expect(yearBefore(monthPeriod(2024, 2))).toEqual({ kind: 'month', from: '2023-02-01', to: '2023-03-01' });
    expect(yearBefore(quarterPeriod(2026, 1))).toEqual({
      kind: 'quarter',
      from: '2025-01-01',
      to: '2025-04-01',
    });
    expect(yearBefore(yearPeriod(2026))).toEqual(yearPeriod(2025));
    expect(yearBefore(rangePeriod('2024-02-10', '2024-02-29'))).toEqual({
      kind: 'range',
      from: '2023-02-10',
      to: '2023-03-01',
    });
    expect(lastDay(yearBefore(rangePeriod('2024-02-29', '2024-03-10')))).toBe('2023-03-10');
  });

  it('are read from a query, with the current year by default and a message for bad input', () => {
    const today = '2026-05-17';
    expect(readPeriod({}, today)).toEqual({ period: yearPeriod(2026) });
    expect(readPeriod({ period: 'quarter' }, today)).toEqual({ period: quarterPeriod(2026, 2) });
    expect(readPeriod({ period: 'month' }, today)).toEqual({ period: monthPeriod(2026, 5) });
    expect(readPeriod({ period: 'quarter', quarter: '2025-q4' }, today)).toEqual({
      period: quarterPeriod(2025, 4),
    });
    expect(readPeriod({ period: 'range', from: '2026-01-01', to: '2026-01-31' }, today)).toEqual({
      period: { kind: 'range', from: '2026-01-01', to: '2026-02-01' },
    });
    expect(readPeriod({ period: 'year', year: '1999' }, today)).toEqual({
      field: 'year',
      error: 'impact:errors.year',
    });
    expect(readPeriod({ period: 'month', month: '2026-13' }, today)).toMatchObject({ field: 'month' });
    expect(readPeriod({ period: 'quarter', quarter: '2026-Q5' }, today)).toMatchObject({ field: 'quarter' });
    expect(readPeriod({ period: 'range', from: '2026-02-30', to: '2026-03-01' }, today)).toMatchObject({
      field: 'from',
    });
    expect(readPeriod({ period: 'range', from: '2026-03-02', to: '2026-03-01' }, today)).toEqual({
      field: 'to',
      error: 'impact:errors.rangeOrder',
    });
    expect(readPeriod({ period: 'range', from: '2000-01-01', to: '2026-03-01' }, today)).toMatchObject({
      error: 'impact:errors.rangeLength',
    });
    expect(readPeriod({ period: 'week' }, today)).toMatchObject({ field: 'period' });
  });

  it('round-trip through their query parameters and have stable names', () => {
    for (const p of [
      yearPeriod(2025),
      monthPeriod(2026, 3),
      quarterPeriod(2026, 3),
      rangePeriod('2026-01-05', '2026-02-07'),
    ])
      expect(readPeriod(periodParams(p), '2030-01-01')).toEqual({ period: p });
    expect(periodSlug(quarterPeriod(2026, 3))).toBe('2026-Q3');
    expect(periodSlug(rangePeriod('2026-01-05', '2026-02-07'))).toBe('2026-01-05_2026-02-07');
  });
});

describe('figures combine and compare', () => {
  it('change: absolute and percent of the year before, none without a base', () => {
    expect(change(2, 1)).toEqual({ current: 2, previous: 1, delta: 1, percent: 100 });
    expect(change(12, 16)).toEqual({ current: 12, previous: 16, delta: -4, percent: -25 });
    expect(change(1, 3).percent).toBe(-66.7);
    expect(change(5, 0)).toEqual({ current: 5, previous: 0, delta: 5, percent: null });
    expect(change(0, 0).percent).toBeNull();
    expect(change(1.1, 0.2).delta).toBe(0.9);
  });

  it('over areas: added up for sum, asked again for recompute', () => {
    expect(combineAreas([5, 7, 0], 'sum')).toBe(12);
    expect(combineAreas([5, 7], 'recompute')).toBeNull();
    expect(combineAreas([], 'sum')).toBe(0);
  });

  it('over time: flows added, stocks the last part, recompute asked again', () => {
    expect(combineTime([1, 2, 3, 4], 'sum')).toBe(10);
    expect(combineTime([10, 12, 11, 15], 'last')).toBe(15);
    expect(combineTime([1, 2], 'recompute')).toBeNull();
    expect(combineTime([0.5, 0.25], 'sum')).toBe(0.75);
  });

  it('mapLimit keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      for (let i = 0; i < n; i++) await Promise.resolve();
      running--;
      return n * 2;
    });
    expect(out).toEqual([10, 2, 8, 4, 6, 0, 12]);
    expect(most).toBe(3);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
