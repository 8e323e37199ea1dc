import { expandRrule, ruleWithStart, untilDate } from '../../../platform/calendar/recurrence.ts';
import { localParts, localToInstant } from '../../../platform/time/index.ts';

export const REPEATS = ['none', 'weekly', 'biweekly'] as const;
export type Repeat = (typeof REPEATS)[number];

/** A standing slot can run for at most a year and this many dates (a term is about 26 weeks). */
export const MAX_OCCURRENCES = 60;
export const MAX_SERIES_DAYS = 366;

export interface SlotPattern {
  /** Local date of the first occurrence. */
  date: string;
  /** Local clock times "HH:MM". */
  start: string;
  end: string;
  repeat: Repeat;
  /** Last local date a series may fall on (inclusive). */
  until?: string | null;
  /** Local dates left out. */
  exceptions?: readonly string[];
}

export interface Occurrence {
  date: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * RFC 5545 rule of a series: DTSTART with TZID=Europe/Berlin, so every occurrence keeps its local
 * wall-clock time across the changes to and from summer time. UNTIL is the end of the last day in UTC.
 */
export function buildRrule(p: SlotPattern): string | null {
  if (p.repeat === 'none' || !p.until) return null;
  const rrule = p.repeat === 'biweekly' ? 'FREQ=WEEKLY;INTERVAL=2' : 'FREQ=WEEKLY';
  return ruleWithStart({ date: p.date, time: p.start, rrule, until: p.until });
}

/** Occurrences of a stored rule; the end of each is the same local clock time as the first one's. */
function occurrencesOfRule(
  rrule: string,
  endTime: string,
  exceptions: readonly string[] = [],
  limit = MAX_OCCURRENCES + 1,
): Occurrence[] {
  const skip = new Set(exceptions);
  return expandRrule(rrule, null, { count: limit })
    .filter((o) => !skip.has(o.date))
    .map((o) => ({ date: o.date, startsAt: o.start, endsAt: localToInstant(o.date, endTime) }));
}

/** Every occurrence of a pattern (one-off: exactly one), exceptions left out. */
export function expandPattern(p: SlotPattern, limit = MAX_OCCURRENCES + 1): Occurrence[] {
  const rrule = buildRrule(p);
  if (!rrule) {
    if (p.exceptions?.includes(p.date)) return [];
    return [
      { date: p.date, startsAt: localToInstant(p.date, p.start), endsAt: localToInstant(p.date, p.end) },
    ];
  }
  return occurrencesOfRule(rrule, p.end, p.exceptions ?? [], limit);
}

/** Occurrences of a stored request: its rule, or its single time. */
export function occurrencesOf(r: {
  startsAt: Date;
  endsAt: Date;
  rrule: string | null;
  exceptions: readonly string[];
}): Occurrence[] {
  const end = localParts(r.endsAt);
  const start = localParts(r.startsAt);
  // A booking that ends at midnight has the end time "24:00" of its own day.
  const endTime = end.date !== start.date && end.minutes === 0 ? '24:00' : end.time;
  if (!r.rrule) {
    if (r.exceptions.includes(start.date)) return [];
    return [{ date: start.date, startsAt: r.startsAt, endsAt: r.endsAt }];
  }
  return occurrencesOfRule(r.rrule, endTime, r.exceptions);
}

/** Repeat kind and last date of a stored rule (to show it, or to move the series to another time). */
export function describeRule(rrule: string | null): { repeat: Repeat; until: string | null } {
  if (!rrule) return { repeat: 'none', until: null };
  const repeat: Repeat = /INTERVAL=2/.test(rrule) ? 'biweekly' : 'weekly';
  return { repeat, until: untilDate(rrule) };
}
