/**
 * What staff do with booking requests: one use case per decision, each taking the acting member
 * first and checking first — the request's house must lie in the member's areas for the permission.
 * The staff screens and the JSON API call these; the functions they wrap decide without asking who
 * acts (the requester's own links, jobs, tests).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { bookingRequests, bookings, type RequestStatus } from '../db/schema.ts';
import { listAreaIds, MANAGE, REQUESTS, requireHouse } from '../policies.ts';
import {
  type BookingRequest,
  getHouse,
  getRequest,
  getRoom,
  type House,
  listHouses,
  listRequests,
  type Room,
} from '../queries.ts';
import { approveRequest } from './approve-request.ts';
import { cancelOccurrence } from './cancel-occurrence.ts';
import { cancelRequest } from './cancel-request.ts';
import { declineRequest } from './decline-request.ts';
import { proposeTime } from './propose-time.ts';
import { setPayment } from './set-payment.ts';

/**
 * A request with its house and room for a member who wants to do `permission` with it: 404 when
 * unknown, 403 when its house lies outside the member's areas. Requests of a deleted house stay
 * readable and payable.
 */
export async function bookingRequestFor(
  actor: Actor,
  db: Db,
  id: string | undefined,
  permission: typeof REQUESTS | typeof MANAGE = REQUESTS,
): Promise<{ req: BookingRequest; house: House; room: Room }> {
  authorize(actor, permission);
  if (!isUuid(id)) throw new AppError(404, 'request_not_found');
  const req = await getRequest(db, actor.tenantId, id);
  if (!req) throw new AppError(404, 'request_not_found');
  const [house, room] = await Promise.all([
    getHouse(db, actor.tenantId, req.houseId),
    getRoom(db, actor.tenantId, req.roomId),
  ]);
  if (!house || !room) throw new AppError(404, 'request_not_found');
  await requireHouse(actor, db, house, permission);
  return { req, house, room };
}

/**
 * The staff list of booking requests: the houses of the member's areas (narrowed to the area chosen
 * in the switcher), their requests of these statuses, newest first, a page of `limit` from `offset`
 * with the total. The list names the requesters (person or group), so the look is audited — one
 * entry per page or CSV download, naming the requests.
 */
export async function listBookingRequestsFor(
  actor: Actor,
  db: Db,
  f: {
    statuses: RequestStatus[];
    houseId?: string;
    currentAreaId?: string;
    limit?: number;
    offset?: number;
    /** What the member looks at, for the audit entry: a page of the list or the CSV download. */
    view?: 'list' | 'csv';
  },
): Promise<{ houses: House[]; requests: BookingRequest[]; total: number }> {
  authorize(actor, REQUESTS);
  const scope = await listAreaIds(actor, db, REQUESTS, f.currentAreaId);
  const houses = await listHouses(db, actor.tenantId, { areaIds: scope, includeArchived: true });
  const houseIds =
    f.houseId && houses.some((h) => h.id === f.houseId) ? [f.houseId] : houses.map((h) => h.id);
  const [requests, [counted]] = await Promise.all([
    listRequests(db, actor.tenantId, {
      statuses: f.statuses,
      houseIds,
      limit: f.limit ?? 300,
      offset: f.offset ?? 0,
    }),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(bookingRequests)
      .where(
        and(
          ofTenant(bookingRequests, actor.tenantId),
          f.statuses.length ? inArray(bookingRequests.status, f.statuses) : undefined,
          houseIds.length ? inArray(bookingRequests.houseId, houseIds) : sql`false`,
        ),
      ),
  ]);
  if (requests.length)
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'read',
      entityType: 'booking_request',
      entityId: null,
      personal: true,
      details: { view: f.view ?? 'list', count: requests.length, ids: requests.map((r) => r.id) },
    });
  return { houses, requests, total: Number(counted?.n ?? 0) };
}

const sameTenant = (actor: Actor, tenant: RequestTenant) => {
  if (tenant.id !== actor.tenantId) throw new AppError(403, 'forbidden');
};

export async function approveBookingRequest(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  opts: { skipConflicts?: boolean } = {},
) {
  sameTenant(actor, tenant);
  const { req } = await bookingRequestFor(actor, services.db, id, MANAGE);
  return approveRequest(services, tenant, req.id, actor.userId ?? null, opts);
}

export async function declineBookingRequest(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  reason: string,
) {
  sameTenant(actor, tenant);
  const { req } = await bookingRequestFor(actor, services.db, id, MANAGE);
  return declineRequest(services, tenant, req.id, actor.userId ?? null, reason);
}

export async function proposeBookingTime(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  p: { date: string; start: string; end: string; message: string },
) {
  sameTenant(actor, tenant);
  const { req } = await bookingRequestFor(actor, services.db, id, MANAGE);
  return proposeTime(services, tenant, req.id, actor.userId ?? null, p);
}

export async function cancelBookingRequest(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  reason: string,
) {
  sameTenant(actor, tenant);
  const { req } = await bookingRequestFor(actor, services.db, id, MANAGE);
  return cancelRequest(services, tenant, req.id, { actor: actor.userId ?? null, reason });
}

export async function setBookingPayment(
  actor: Actor,
  db: Db,
  id: string,
  p: { status: string; note: string },
) {
  const { req } = await bookingRequestFor(actor, db, id, MANAGE);
  return setPayment(db, actor.tenantId, req.id, actor.userId ?? null, p);
}

/** Cancels one date of a request's standing slot; the date must belong to that request. */
export async function cancelBookingDate(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  id: string,
  bookingId: string,
) {
  sameTenant(actor, tenant);
  const { req } = await bookingRequestFor(actor, services.db, id, MANAGE);
  if (!isUuid(bookingId)) throw new AppError(404, 'booking_not_found');
  const [b] = await services.db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(ofTenant(bookings, tenant.id), eq(bookings.id, bookingId), eq(bookings.requestId, req.id)));
  if (!b) throw new AppError(404, 'booking_not_found');
  return cancelOccurrence(services, tenant, bookingId, actor.userId ?? null);
}
