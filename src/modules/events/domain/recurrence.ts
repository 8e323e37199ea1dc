import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { instantToLocal, localDate, localToInstant, TIME_ZONE, zoned } from '../../../platform/time/index.ts';
import type { Repeat } from './vocab.ts';

/** What expansion needs of an event. */
export interface RecurringFields {
  id: string;
  startsAt: Date;
  endsAt: Date;
  rrule: string | null;
  repeatUntil: string | null;
  exdates: string[];
}

export interface Occurrence {
  eventId: string;
  /** Local date (Europe/Berlin) of this occurrence's start; identifies it within a series. */
  date: string;
  start: Date;
  end: Date;
}

/** Occurrences in any window are capped, so a rule like FREQ=MINUTELY cannot flood a page. */
export const MAX_OCCURRENCES_PER_WINDOW = 400;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const RRULE_SAFE = /^[A-Z0-9=;,+-]+$/;
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

/**
 * Normalises an RRULE for storage: upper case, no "RRULE:" prefix, only parts we can both expand and
 * publish (no DTSTART/UNTIL — those live in their own columns; no sub-daily frequencies). Returns
 * null when the rule cannot be used.
 */
export function normaliseRrule(input: string): string | null {
  const s = input
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!s || !RRULE_SAFE.test(s)) return null;
  const parts = s.split(';').filter(Boolean);
  const kept: string[] = [];
  let freq = '';
  for (const p of parts) {
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
    const r = new RRuleTemporal({
      rruleString: rule,
      dtstart: Temporal.ZonedDateTime.from('2025-01-07T10:00:00[Europe/Berlin]'),
    });
    r.all((_, i) => i < 2);
  } catch {
    return null;
  }
  return rule;
}

/** The UNTIL of a stored rule's local end date: the end of that day in Berlin, in UTC (RFC 5545 3.3.10). */
export function untilUtc(repeatUntil: string): Date {
  const z = Temporal.PlainDate.from(repeatUntil).add({ days: 1 }).toZonedDateTime({ timeZone: TIME_ZONE });
  return new Date(z.epochMilliseconds - 1000);
}

/** The RRULE the simple form offers for a start date. Monthly = the same weekday of the month ("2nd Tuesday", "last Friday"). */
export function repeatToRrule(repeat: Repeat, start: Date): string | null {
  if (repeat === 'none') return null;
  const z = zoned(start);
  const day = WEEKDAYS[z.dayOfWeek - 1];
  if (repeat === 'weekly') return `FREQ=WEEKLY;BYDAY=${day}`;
  if (repeat === 'biweekly') return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`;
  const nth = z.day + 7 > z.daysInMonth ? -1 : Math.ceil(z.day / 7);
  return `FREQ=MONTHLY;BYDAY=${nth}${day}`;
}

/** The form's view of a stored rule ('custom' when the form cannot show it, e.g. from an import). */
export function rruleToRepeat(rrule: string | null): Repeat | 'custom' {
  if (!rrule) return 'none';
  if (/^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.test(rrule)) return 'weekly';
  if (/^FREQ=WEEKLY;INTERVAL=2;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.test(rrule)) return 'biweekly';
  if (/^FREQ=MONTHLY;BYDAY=(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.test(rrule)) return 'monthly';
  return 'custom';
}

/**
 * Occurrences of an event that overlap [from, to). Series are expanded on local wall-clock time in
 * Berlin, so "Tuesday 18:00" stays 18:00 across daylight-saving changes; each occurrence keeps the
 * first one's duration. Left-out dates (exdates) and the series' last date are respected.
 */
export function occurrencesBetween(e: RecurringFields, from: Date, to: Date): Occurrence[] {
  const duration = e.endsAt.getTime() - e.startsAt.getTime();
  if (!e.rrule) {
    if (e.endsAt.getTime() > from.getTime() && e.startsAt.getTime() < to.getTime()) {
      return [{ eventId: e.id, date: localDate(e.startsAt), start: e.startsAt, end: e.endsAt }];
    }
    // Zero-length events at exactly `from` still count.
    if (duration === 0 && e.startsAt.getTime() === from.getTime())
      return [{ eventId: e.id, date: localDate(e.startsAt), start: e.startsAt, end: e.endsAt }];
    return [];
  }
  const untilEnd = e.repeatUntil ? untilUtc(e.repeatUntil).getTime() : Number.POSITIVE_INFINITY;
  const windowStart = Math.max(from.getTime() - duration, e.startsAt.getTime());
  const windowEnd = Math.min(to.getTime(), untilEnd);
  if (windowEnd < windowStart) return [];
  let rule: RRuleTemporal;
  try {
    rule = new RRuleTemporal({ rruleString: e.rrule, dtstart: zoned(e.startsAt) });
  } catch {
    return [];
  }
  const ex = new Set(e.exdates);
  const out: Occurrence[] = [];
  for (const z of rule.between(new Date(windowStart), new Date(windowEnd), true)) {
    const start = new Date(z.epochMilliseconds);
    const end = new Date(start.getTime() + duration);
    if (end.getTime() <= from.getTime() && !(duration === 0 && start.getTime() === from.getTime())) continue;
    if (start.getTime() >= to.getTime()) continue;
    const date = z.withTimeZone(TIME_ZONE).toPlainDate().toString();
    if (ex.has(date)) continue;
    out.push({ eventId: e.id, date, start, end });
    if (out.length >= MAX_OCCURRENCES_PER_WINDOW) break;
  }
  return out;
}

/** The next occurrence that has not ended at `now` (or null when the series is over). */
export function nextOccurrence(e: RecurringFields, now: Date, horizonDays = 400): Occurrence | null {
  const list = occurrencesBetween(e, now, new Date(now.getTime() + horizonDays * 86_400_000));
  return list[0] ?? null;
}

/** The occurrence starting on a local date (null when the event does not take place that day, e.g. a left-out date). */
export function occurrenceOn(e: RecurringFields, date: string): Occurrence | null {
  const from = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: TIME_ZONE });
  const to = from.add({ days: 1 });
  return (
    occurrencesBetween(e, new Date(from.epochMilliseconds), new Date(to.epochMilliseconds)).find(
      (o) => o.date === date,
    ) ?? null
  );
}

/**
 * Start and end of an event on a local date at the event's wall-clock time, whether or not the series
 * still produces that date (mails about a date that was called off still name its time).
 */
export function occurrenceAt(e: RecurringFields & { allDay?: boolean }, date: string): Occurrence {
  const duration = e.endsAt.getTime() - e.startsAt.getTime();
  const start = localToInstant(date, e.allDay ? '00:00' : instantToLocal(e.startsAt).time);
  return { eventId: e.id, date, start, end: new Date(start.getTime() + duration) };
}

/** Does the series produce the given local date? (for attendance per date). */
export function hasOccurrenceOn(e: RecurringFields, date: string): boolean {
  return occurrenceOn(e, date) !== null;
}
