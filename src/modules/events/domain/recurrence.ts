import {
  expandRrule,
  readSimpleRrule,
  simpleRrule,
  untilUtc,
  weekdayInMonth,
} from '../../../platform/calendar/recurrence.ts';
import {
  addDays,
  dayStart,
  instantToLocal,
  localDate,
  localToInstant,
} from '../../../platform/time/index.ts';
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
  /** Equals `start` for an event without an end time (see hasEnd). */
  end: Date;
}

/**
 * Many neighbourhood events have no end time ("ab 18 Uhr"). Such an event is stored with its end at
 * its start (ends_at = starts_at): that is how RFC 5545 reads an event without DTEND, and every query
 * on ends_at (lists, feeds, retention, import clean-up) stays valid without a null. An end that is
 * given always lies after the start (the forms refuse anything else), so the two never mix up.
 * All-day events always have their end (the next midnight).
 */
export const hasEnd = (allDay: boolean, start: Date, end: Date): boolean =>
  allDay || end.getTime() > start.getTime();

/** Occurrences in any window are capped, so a rule like FREQ=DAILY over years cannot flood a page. */
export const MAX_OCCURRENCES_PER_WINDOW = 400;

/** The RRULE the simple form offers for a start date. Monthly = the same weekday of the month ("2nd Tuesday", "last Friday"). */
export function repeatToRrule(repeat: Repeat, start: Date): string | null {
  if (repeat === 'none') return null;
  const { day, nth } = weekdayInMonth(start);
  return simpleRrule(repeat, day, nth);
}

/** The form's view of a stored rule ('custom' when the form cannot show it, e.g. from an import). */
export function rruleToRepeat(rrule: string | null): Repeat | 'custom' {
  if (!rrule) return 'none';
  return readSimpleRrule(rrule)?.repeat ?? 'custom';
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
  const ex = new Set(e.exdates);
  const out: Occurrence[] = [];
  for (const r of expandRrule(e.rrule, e.startsAt, {
    from: new Date(windowStart),
    to: new Date(windowEnd),
  })) {
    const start = r.start;
    const end = new Date(start.getTime() + duration);
    if (end.getTime() <= from.getTime() && !(duration === 0 && start.getTime() === from.getTime())) continue;
    if (start.getTime() >= to.getTime()) continue;
    if (ex.has(r.date)) continue;
    out.push({ eventId: e.id, date: r.date, start, end });
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
  return (
    occurrencesBetween(e, dayStart(date), dayStart(addDays(date, 1))).find((o) => o.date === date) ?? null
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
