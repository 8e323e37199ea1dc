import type { Db } from '../../../platform/db/index.ts';
import { type CheckedOccurrence, checkOccurrences, type Problem } from '../domain/conflicts.ts';
import type { Occurrence } from '../domain/recurrence.ts';
import { busyIntervals, type House, listClosures, type Room } from '../queries.ts';
import type { FieldErrors } from './request-input.ts';

/**
 * The one availability rule for a room: each date against the house's opening hours, the closures of
 * the house and of this room, and the room's confirmed bookings (buffers on both sides), and nothing
 * in the past. The check button and a new request (public, API, staff, standing slots), an approval
 * (also of an accepted proposal), a proposal and the staff decision screen all ask here.
 * `ignoreRequestId`: that request's own confirmed dates are no conflict with itself.
 */
export async function checkAvailability(
  db: Db,
  tenantId: string,
  o: {
    house: House;
    room: Room;
    occurrences: readonly Occurrence[];
    now?: Date;
    ignoreRequestId?: string;
  },
): Promise<CheckedOccurrence[]> {
  const { house, room, occurrences } = o;
  if (occurrences.length === 0) return [];
  const from = occurrences[0].startsAt;
  const to = new Date(occurrences[occurrences.length - 1].endsAt.getTime() + room.bufferMinutes * 60_000);
  const [busy, cls] = await Promise.all([
    busyIntervals(db, tenantId, room.id, from, to),
    listClosures(db, tenantId, [house.id], { roomId: room.id, from, to }),
  ]);
  return checkOccurrences(occurrences, {
    openingHours: house.openingHours,
    closures: cls.map((c) => ({
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      reason: c.reason,
      kind: c.kind,
      roomId: c.roomId,
    })),
    busy: o.ignoreRequestId ? busy.filter((b) => b.requestId !== o.ignoreRequestId) : busy,
    bufferMinutes: room.bufferMinutes,
    now: o.now,
  });
}

/** Puts a date's problem on the field the requester changes to fix it. */
export function setProblem(f: FieldErrors, p: Problem, hours: string) {
  if (p.code === 'past') f.date = { key: 'houses:errors.past' };
  else if (p.code === 'outside_opening_hours')
    f.start = {
      key: hours ? 'houses:errors.outsideHours' : 'houses:errors.closedThatDay',
      params: { hours },
    };
  else if (p.code === 'closed') f.date = { key: 'houses:errors.closed', params: { reason: p.reason } };
  else if (p.code === 'booked') f.start = { key: 'houses:errors.booked' };
}
