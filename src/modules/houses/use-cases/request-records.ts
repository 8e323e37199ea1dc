import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { bookingRequests, rooms } from '../db/schema.ts';
import { type BookingRequest, getHouse, getRoom } from '../queries.ts';

/** The audit entry of a change to a booking request. */
export function auditEntry(
  tenantId: string,
  actor: string | null,
  action: string,
  requestId: string,
  details: Record<string, unknown> = {},
) {
  return {
    tenantId,
    actorUserId: actor,
    action,
    entityType: 'booking_request',
    entityId: requestId,
    personal: true,
    details,
  };
}

/** True when PostgreSQL refused a row because of an exclusion constraint (SQLSTATE 23P01). */
export function isExclusionViolation(err: unknown): boolean {
  let e = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (e.code === '23P01') return true;
    e = e.cause as typeof e;
  }
  return false;
}

export const asSlotTaken = (err: unknown) =>
  isExclusionViolation(err)
    ? new AppError(409, 'slot_taken', 'This time has just been booked by someone else.')
    : err;

/**
 * Share lock on the room for the rest of the transaction: deleting (archiving) a room takes an update
 * lock, so a request or approval and a deletion never overlap. A deleted room takes nothing new.
 */
export async function lockRoom(tx: Db, tenantId: string, roomId: string): Promise<void> {
  const [r] = await tx
    .select({ archivedAt: rooms.archivedAt })
    .from(rooms)
    .where(and(ofTenant(rooms, tenantId), eq(rooms.id, roomId)))
    .for('share');
  if (!r || r.archivedAt) throw new AppError(409, 'room_archived', 'This room has been removed.');
}

export async function lockRequest(tx: Db, tenantId: string, id: string): Promise<BookingRequest> {
  const [r] = await tx
    .select()
    .from(bookingRequests)
    .where(and(ofTenant(bookingRequests, tenantId), eq(bookingRequests.id, id)))
    .for('update');
  if (!r) throw new AppError(404, 'request_not_found');
  return r;
}

/** The house and room of a request. */
export async function loadParts(db: Db, tenantId: string, req: BookingRequest) {
  const [house, room] = await Promise.all([
    getHouse(db, tenantId, req.houseId),
    getRoom(db, tenantId, req.roomId),
  ]);
  if (!house || !room) throw new AppError(404, 'room_not_found');
  return { house, room };
}
