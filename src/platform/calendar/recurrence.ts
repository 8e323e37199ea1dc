import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { addDays, localDate, localToInstant, TIME_ZONE, zoned } from '../time/index.ts';

/**
 * Recurrence rules (RFC 5545 RRULE) for every module, on rrule-temporal (the only place that imports
 * it). Series are expanded on local wall-clock time in the zone of their first date, so "Tuesday
 * 18:00" stays 18:00 across the changes to and from summer time. A rule that cannot be expanded has
 * no dates (never an error page).
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Which week of the month a monthly rule means (-1 = the last). */
export const NTH = ['1', '2', '3', '4', '-1'] as const;
/** The rhythms the forms offer. */
export const SIMPLE_REPEATS = ['weekly', 'biweekly', 'monthly'] as const;
export type SimpleRepeat = (typeof SIMPLE_REPEATS)[number];

/** RRULE (without DTSTART/UNTIL) of every week, every other week, or the nth weekday of the month. */
export function simpleRrule(repeat: SimpleRepeat, day: Weekday, nth?: string | null): string {
  if (repeat === 'weekly') return `FREQ=WEEKLY;BYDAY=${day}`;
  if (repeat === 'biweekly') return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`;
  return `FREQ=MONTHLY;BYDAY=${nth ?? '1'}${day}`;
}

/** The form's view of a stored rule (null when it is something the form cannot show). */
export function readSimpleRrule(
  rrule: string | null | undefined,
): { repeat: SimpleRepeat; day: Weekday; nth: string | null } | null {
  if (!rrule) return null;
  let m = /^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.exec(rrule);
  if (m) return { repeat: 'weekly', day: m[1] as Weekday, nth: null };
  m = /^FREQ=WEEKLY;INTERVAL=2;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.exec(rrule);
  if (m) return { repeat: 'biweekly', day: m[1] as Weekday, nth: null };
  m = /^FREQ=MONTHLY;BYDAY=(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(rrule);
  if (m) return { repeat: 'monthly', day: m[2] as Weekday, nth: m[1] };
  return null;
}

/** Weekday of a start and which one of the month it is ("2nd Tuesday"; "-1" when it is the last). */
export function weekdayInMonth(start: Date, tz = TIME_ZONE): { day: Weekday; nth: string } {
  const z = zoned(start, tz);
  const nth = z.day + 7 > z.daysInMonth ? -1 : Math.ceil(z.day / 7);
  return { day: WEEKDAYS[z.dayOfWeek - 1], nth: String(nth) };
}

const RRULE_SAFE = /^[A-Z0-9=;,+-]+$/;
/** Parts we can both expand and publish; no BYHOUR/BYMINUTE/BYSECOND (several dates a day). */
const ALLOWED_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);
const PROBE_START = '2025-01-07T10:00:00[Europe/Berlin]';

/**
 * Normalises an RRULE for storage: upper case, no "RRULE:" prefix, FREQ first, only parts we can both
 * expand and publish (no DTSTART/UNTIL — those belong to the record's own dates; UNTIL is dropped;
 * no sub-daily frequencies). Returns null when the rule cannot be used, including a rule that never
 * produces a date (e.g. 30 February).
 */
export function normaliseRrule(input: string): string | null {
  const s = input
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!s || !RRULE_SAFE.test(s)) return null;
  const kept: string[] = [];
  let freq = '';
  for (const p of s.split(';').filter(Boolean)) {
    const [k, v] = p.split('=');
    if (!k || v === undefined || v === '') return null;
    if (k === 'UNTIL') continue;
    if (!ALLOWED_PARTS.has(k)) return null;
    if (k === 'FREQ') freq = v;
    kept.push(`${k}=${v}`);
  }
  if (!['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq)) return null;
  kept.sort((a, b) => (a.startsWith('FREQ=') ? -1 : b.startsWith('FREQ=') ? 1 : 0));
  const rule = kept.join(';');
  try {
    const r = new RRuleTemporal({ rruleString: rule, dtstart: Temporal.ZonedDateTime.from(PROBE_START) });
    if (r.all((_, i) => i < 2).length === 0) return null;
  } catch {
    return null;
  }
  return rule;
}

/** The UNTIL of a series' last local date: the end of that day, in UTC (RFC 5545 3.3.10). */
export function untilUtc(lastDate: string, tz = TIME_ZONE): Date {
  return new Date(localToInstant(addDays(lastDate, 1), '00:00', tz).getTime() - 1000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** An instant as an RFC 5545 UTC DATE-TIME ("20250325T170000Z"). */
export function utcStamp(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(
    d.getUTCMinutes(),
  )}${pad(d.getUTCSeconds())}Z`;
}

/**
 * A self-contained rule: "DTSTART;TZID=Europe/Berlin:20260106T180000\nRRULE:…;UNTIL=…Z", for
 * records that keep the whole series in one column.
 */
export function ruleWithStart(
  o: { date: string; time: string; rrule: string; until?: string | null },
  tz = TIME_ZONE,
) {
  const compact = (s: string) => s.replace(/[-:]/g, '');
  const until = o.until ? `;UNTIL=${utcStamp(untilUtc(o.until, tz))}` : '';
  return `DTSTART;TZID=${tz}:${compact(o.date)}T${compact(o.time)}00\nRRULE:${o.rrule}${until}`;
}

/** The last local date of a rule with UNTIL (null without one). */
export function untilDate(rule: string, tz = TIME_ZONE): string | null {
  const m = /UNTIL=(\d{8})(?:T(\d{6})Z)?/.exec(rule);
  if (!m) return null;
  const d = `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6, 8)}`;
  if (!m[2]) return d;
  const t = m[2];
  const at = new Date(`${d}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`);
  return zoned(at, tz).toPlainDate().toString();
}

export type Window = { from: Date; to: Date } | { count: number };

export interface RuleDate {
  /** Local date (in the rule's zone) of the occurrence's start. */
  date: string;
  start: Date;
}

/**
 * The occurrences of a rule: those starting in [from, to] (both inclusive), or the first `count`.
 * `start` is the first date (an instant, or a local date and time in `tz`); null when the rule
 * carries its own DTSTART (see ruleWithStart).
 */
export function expandRrule(
  rrule: string,
  start: Date | { date: string; time: string } | null,
  window: Window,
  tz = TIME_ZONE,
): RuleDate[] {
  try {
    const dtstart =
      start === null
        ? undefined
        : start instanceof Date
          ? zoned(start, tz)
          : Temporal.PlainDate.from(start.date).toZonedDateTime({
              timeZone: tz,
              plainTime: Temporal.PlainTime.from(start.time),
            });
    const rule = new RRuleTemporal(dtstart ? { rruleString: rrule, dtstart } : { rruleString: rrule });
    const found =
      'count' in window ? rule.all((_, i) => i < window.count) : rule.between(window.from, window.to, true);
    return found.map((z) => {
      const at = new Date(z.epochMilliseconds);
      return { date: localDate(at, tz), start: at };
    });
  } catch {
    return [];
  }
}
