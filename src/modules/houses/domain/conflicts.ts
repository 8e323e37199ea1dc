import { localParts } from '../../../platform/time/index.ts';
import type { OpeningHours } from '../db/schema.ts';
import { withinOpeningHours } from './opening-hours.ts';
import type { Occurrence } from './recurrence.ts';

export interface BusyInterval {
  startsAt: Date;
  /** End including the buffer of that booking. */
  blockedUntil: Date;
}

export interface ClosureInterval {
  startsAt: Date;
  endsAt: Date;
  reason: string;
  kind: string;
  roomId: string | null;
}

export type Problem =
  | { code: 'past' }
  | { code: 'outside_opening_hours' }
  | { code: 'closed'; reason: string; kind: string }
  | { code: 'booked' };

export interface CheckedOccurrence extends Occurrence {
  problems: Problem[];
}

export interface ScheduleContext {
  openingHours: OpeningHours;
  closures: readonly ClosureInterval[];
  busy: readonly BusyInterval[];
  bufferMinutes: number;
  now?: Date;
}

/**
 * Why an occurrence cannot be booked: in the past, outside the house's opening hours, during a
 * closure, or overlapping a confirmed booking (both buffers included). Empty = bookable now. This is
 * the friendly answer; the exclusion constraint in the database is the guarantee.
 */
export function checkOccurrence(o: Occurrence, ctx: ScheduleContext): Problem[] {
  const problems: Problem[] = [];
  const now = ctx.now ?? new Date();
  if (o.startsAt.getTime() <= now.getTime()) problems.push({ code: 'past' });
  const s = localParts(o.startsAt);
  const e = localParts(o.endsAt);
  const endMinutes = e.date === s.date ? e.minutes : e.minutes === 0 ? 1440 : -1;
  if (endMinutes < 0 || !withinOpeningHours(ctx.openingHours, s.weekday, s.minutes, endMinutes)) {
    problems.push({ code: 'outside_opening_hours' });
  }
  for (const c of ctx.closures) {
    if (c.startsAt < o.endsAt && o.startsAt < c.endsAt) {
      problems.push({ code: 'closed', reason: c.reason, kind: c.kind });
      break;
    }
  }
  const blockedUntil = o.endsAt.getTime() + ctx.bufferMinutes * 60_000;
  if (
    ctx.busy.some(
      (b) => b.startsAt.getTime() < blockedUntil && o.startsAt.getTime() < b.blockedUntil.getTime(),
    )
  ) {
    problems.push({ code: 'booked' });
  }
  return problems;
}

export function checkOccurrences(list: readonly Occurrence[], ctx: ScheduleContext): CheckedOccurrence[] {
  return list.map((o) => ({ ...o, problems: checkOccurrence(o, ctx) }));
}
