// Periods of the dashboard and the annual report: a month, a quarter, a year or a range of days,
// always as local dates in Berlin (the end exclusive), and the same period a year before. Pure.
import { Temporal } from 'temporal-polyfill';

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A resolved period: local dates, `from` inclusive, `to` exclusive. */
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

const plain = (d: string) => Temporal.PlainDate.from(d);
const ymd = (y: number, m: number, d = 1) => new Temporal.PlainDate(y, m, d).toString();

export const yearPeriod = (year: number): Period => ({
  kind: 'year',
  from: ymd(year, 1),
  to: ymd(year + 1, 1),
});

export function monthPeriod(year: number, month: number): Period {
  const from = ymd(year, month);
  return { kind: 'month', from, to: plain(from).add({ months: 1 }).toString() };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const from = ymd(year, (quarter - 1) * 3 + 1);
  return { kind: 'quarter', from, to: plain(from).add({ months: 3 }).toString() };
}

/** A range of days as people pick it: both days included. */
export const rangePeriod = (first: string, last: string): Period => ({
  kind: 'range',
  from: first,
  to: plain(last).add({ days: 1 }).toString(),
});

/**
 * The same period a year before. A month, quarter or year is the whole one of the year before; a
 * range keeps its days (29 February becomes 28 February, the day after stays the day after).
 */
export function yearBefore(p: Period): Period {
  if (p.kind === 'range') {
    const last = plain(p.to).subtract({ days: 1 }).subtract({ years: 1 });
    return {
      kind: 'range',
      from: plain(p.from).subtract({ years: 1 }).toString(),
      to: last.add({ days: 1 }).toString(),
    };
  }
  return {
    kind: p.kind,
    from: plain(p.from).subtract({ years: 1 }).toString(),
    to: plain(p.to).subtract({ years: 1 }).toString(),
  };
}

/** The four quarters of a year (the annual report's columns). */
export const quartersOf = (year: number): Period[] => [1, 2, 3, 4].map((q) => quarterPeriod(year, q));

/** The last day that belongs to the period (for showing it). */
export const lastDay = (p: Period): string => plain(p.to).subtract({ days: 1 }).toString();

/** A short, stable name of the period for file names and CSV: 2026, 2026-Q2, 2026-05, 2026-01-01_2026-03-15. */
export function periodSlug(p: Period): string {
  if (p.kind === 'year') return p.from.slice(0, 4);
  if (p.kind === 'month') return p.from.slice(0, 7);
  if (p.kind === 'quarter') return `${p.from.slice(0, 4)}-Q${(Number(p.from.slice(5, 7)) + 2) / 3}`;
  return `${p.from}_${lastDay(p)}`;
}

/** The period's question as the query parameters of the dashboard (the inverse of `readPeriod`). */
export function periodParams(p: Period): Record<string, string> {
  if (p.kind === 'year') return { period: 'year', year: p.from.slice(0, 4) };
  if (p.kind === 'month') return { period: 'month', month: p.from.slice(0, 7) };
  if (p.kind === 'quarter') return { period: 'quarter', quarter: periodSlug(p) };
  return { period: 'range', from: p.from, to: lastDay(p) };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => {
  if (!isoDate.test(s)) return false;
  try {
    return plain(s).toString() === s;
  } catch {
    return false;
  }
};
/** Years a period may lie in: wide enough for every record the modules keep. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const yearOk = (y: number) => Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;

/**
 * The period a query asks for (`period` = month | quarter | year | range with `month=2026-05`,
 * `quarter=2026-Q2`, `year=2026`, `from`/`to` = first and last day). Nothing given: the current
 * year. Returns the field with a message key for a value that is not a period.
 */
export function readPeriod(
  q: Record<string, string | undefined>,
  today: string,
): { period: Period } | { field: string; error: string } {
  const kind = q.period || 'year';
  if (kind === 'year') {
    const y = Number(q.year || today.slice(0, 4));
    return yearOk(y) ? { period: yearPeriod(y) } : { field: 'year', error: 'impact:errors.year' };
  }
  if (kind === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(q.month || today.slice(0, 7));
    if (!m || !yearOk(Number(m[1])) || Number(m[2]) < 1 || Number(m[2]) > 12)
      return { field: 'month', error: 'impact:errors.month' };
    return { period: monthPeriod(Number(m[1]), Number(m[2])) };
  }
  if (kind === 'quarter') {
    const fallback = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    const m = /^(\d{4})-Q([1-4])$/i.exec(q.quarter || fallback);
    if (!m || !yearOk(Number(m[1]))) return { field: 'quarter', error: 'impact:errors.quarter' };
    return { period: quarterPeriod(Number(m[1]), Number(m[2])) };
  }
  if (kind === 'range') {
    const from = q.from ?? '';
    const to = q.to ?? '';
    if (!validDate(from) || !yearOk(Number(from.slice(0, 4))))
      return { field: 'from', error: 'impact:errors.date' };
    if (!validDate(to) || !yearOk(Number(to.slice(0, 4))))
      return { field: 'to', error: 'impact:errors.date' };
    if (to < from) return { field: 'to', error: 'impact:errors.rangeOrder' };
    // A dashboard over more than ten years answers nobody's question and only costs.
    if (
      plain(from)
        .until(plain(to))
        .total({ unit: 'days', relativeTo: plain(from) }) > 3660
    )
      return { field: 'to', error: 'impact:errors.rangeLength' };
    return { period: rangePeriod(from, to) };
  }
  return { field: 'period', error: 'impact:errors.period' };
}
