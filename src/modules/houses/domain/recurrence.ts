import { RRuleTemporal } from 'rrule-temporal';
import type { Temporal } from 'temporal-polyfill';
import { addDays, localParts, localToInstant, TIME_ZONE } from '../../../platform/time/index.ts';

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

const compact = (s: string) => s.replace(/[-:]/g, '');

/**
 * RFC 5545 rule of a series: DTSTART with TZID=Europe/Berlin, so every occurrence keeps its local
 * wall-clock time across the changes to and from summer time. UNTIL is the end of the last day in UTC.
 */
export function buildRrule(p: SlotPattern): string | null {
  if (p.repeat === 'none' || !p.until) return null;
  const until = new Date(localToInstant(addDays(p.until, 1), '00:00').getTime() - 1000);
  const untilUtc = `${until.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
  const interval = p.repeat === 'biweekly' ? ';INTERVAL=2' : '';
  return `DTSTART;TZID=${TIME_ZONE}:${compact(p.date)}T${compact(p.start)}00\nRRULE:FREQ=WEEKLY${interval};UNTIL=${untilUtc}`;
}

/** Occurrences of a stored rule; the end of each is the same local clock time as the first one's. */
export function expandRrule(
  rrule: string,
  endTime: string,
  exceptions: readonly string[] = [],
  limit = MAX_OCCURRENCES + 1,
): Occurrence[] {
  const rule = new RRuleTemporal({ rruleString: rrule });
  const skip = new Set(exceptions);
  const out: Occurrence[] = [];
  for (const zdt of rule.all((_, i) => i < limit)) {
    const z = zdt as unknown as Temporal.ZonedDateTime;
    const date = z.toPlainDate().toString();
    if (skip.has(date)) continue;
    out.push({ date, startsAt: new Date(z.epochMilliseconds), endsAt: localToInstant(date, endTime) });
  }
  return out;
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
  return expandRrule(rrule, p.end, p.exceptions ?? [], limit);
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
  return expandRrule(r.rrule, endTime, r.exceptions);
}

/** Repeat kind and last date of a stored rule (to show it, or to move the series to another time). */
export function describeRule(rrule: string | null): { repeat: Repeat; until: string | null } {
  if (!rrule) return { repeat: 'none', until: null };
  const repeat: Repeat = /INTERVAL=2/.test(rrule) ? 'biweekly' : 'weekly';
  const m = /UNTIL=(\d{8}T\d{6}Z)/.exec(rrule);
  if (!m) return { repeat, until: null };
  const iso = `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6, 8)}T${m[1].slice(9, 11)}:${m[1].slice(11, 13)}:${m[1].slice(13, 15)}Z`;
  return { repeat, until: localParts(new Date(iso)).date };
}
