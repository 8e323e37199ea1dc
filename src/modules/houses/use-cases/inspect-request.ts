import type { Db } from '../../../platform/db/index.ts';
import { occurrencesOf } from '../domain/recurrence.ts';
import type { BookingRequest, House, Room } from '../queries.ts';
import { checkAvailability } from './check-availability.ts';

/** The dates of a request as they stand now (for the staff decision screen). */
export async function inspectRequest(
  db: Db,
  tenantId: string,
  req: BookingRequest,
  house: House,
  room: Room,
  now = new Date(),
) {
  // The request's own confirmed dates are not a conflict with itself.
  return checkAvailability(db, tenantId, {
    house,
    room,
    occurrences: occurrencesOf(req),
    now,
    ignoreRequestId: req.id,
  });
}
