import { and, asc, desc, eq, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/index.ts';
import { ofTenant, rowsVersion } from '../../platform/db/index.ts';
import {
  bookingRequests,
  bookings,
  closures,
  houses,
  type RequestStatus,
  roomPhotos,
  rooms,
} from './db/schema.ts';

export type House = typeof houses.$inferSelect;
export type Room = typeof rooms.$inferSelect;
export type Closure = typeof closures.$inferSelect;
export type BookingRequest = typeof bookingRequests.$inferSelect;
export type Booking = typeof bookings.$inferSelect;
export type RoomPhotoRow = typeof roomPhotos.$inferSelect;

/** Bookings never last longer than a day, which bounds range scans on starts_at from below. */
const MAX_BOOKING_MS = 24 * 3_600_000;

/**
 * Houses of the tenant; `areaIds` (a scope) limits them to houses placed in those areas. Deleted
 * (archived) houses only with `includeArchived` — for reports, payments and past requests.
 */
export async function listHouses(
  db: Db,
  tenantId: string,
  f: { areaIds?: string[] | null; publishedOnly?: boolean; includeArchived?: boolean } = {},
): Promise<House[]> {
  const where: SQL[] = [ofTenant(houses, tenantId)];
  if (f.areaIds) where.push(f.areaIds.length ? inArray(houses.areaId, f.areaIds) : sql`false`);
  if (f.publishedOnly) where.push(eq(houses.published, true));
  if (!f.includeArchived) where.push(isNull(houses.archivedAt));
  return db
    .select()
    .from(houses)
    .where(and(...where))
    .orderBy(asc(houses.kind), asc(houses.name));
}

export async function getHouse(db: Db, tenantId: string, id: string): Promise<House | undefined> {
  const [h] = await db
    .select()
    .from(houses)
    .where(and(ofTenant(houses, tenantId), eq(houses.id, id)))
    .limit(1);
  return h;
}

export async function getHouseBySlug(db: Db, tenantId: string, slug: string): Promise<House | undefined> {
  const [h] = await db
    .select()
    .from(houses)
    .where(and(ofTenant(houses, tenantId), eq(houses.slug, slug), isNull(houses.archivedAt)))
    .limit(1);
  return h;
}

export async function listRooms(
  db: Db,
  tenantId: string,
  houseIds: string[],
  f: { activeOnly?: boolean; includeArchived?: boolean } = {},
): Promise<Room[]> {
  if (houseIds.length === 0) return [];
  const where: SQL[] = [ofTenant(rooms, tenantId), inArray(rooms.houseId, houseIds)];
  if (f.activeOnly) where.push(eq(rooms.active, true));
  if (!f.includeArchived) where.push(isNull(rooms.archivedAt));
  return db
    .select()
    .from(rooms)
    .where(and(...where))
    .orderBy(asc(rooms.sort), asc(rooms.name));
}

export async function getRoom(db: Db, tenantId: string, id: string): Promise<Room | undefined> {
  const [r] = await db
    .select()
    .from(rooms)
    .where(and(ofTenant(rooms, tenantId), eq(rooms.id, id)))
    .limit(1);
  return r;
}

/** Closures of a house (and, with roomId, only those that affect that room) overlapping [from, to). */
export async function listClosures(
  db: Db,
  tenantId: string,
  houseIds: string[],
  f: { roomId?: string; from?: Date; to?: Date } = {},
): Promise<Closure[]> {
  if (houseIds.length === 0) return [];
  const where: SQL[] = [ofTenant(closures, tenantId), inArray(closures.houseId, houseIds)];
  if (f.roomId) where.push(or(isNull(closures.roomId), eq(closures.roomId, f.roomId))!);
  if (f.from) where.push(gt(closures.endsAt, f.from));
  if (f.to) where.push(lt(closures.startsAt, f.to));
  return db
    .select()
    .from(closures)
    .where(and(...where))
    .orderBy(asc(closures.startsAt));
}

/** Confirmed bookings of a room whose blocked time overlaps [from, to). */
export async function busyIntervals(db: Db, tenantId: string, roomId: string, from: Date, to: Date) {
  return db
    .select({
      id: bookings.id,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      blockedUntil: bookings.blockedUntil,
      requestId: bookings.requestId,
    })
    .from(bookings)
    .where(
      and(
        ofTenant(bookings, tenantId),
        eq(bookings.roomId, roomId),
        eq(bookings.status, 'confirmed'),
        lt(bookings.startsAt, to),
        gt(bookings.blockedUntil, from),
        gt(bookings.startsAt, new Date(from.getTime() - 2 * MAX_BOOKING_MS)),
      ),
    )
    .orderBy(asc(bookings.startsAt));
}

/** Confirmed bookings of houses in [from, to) (for availability views and reports). */
export async function confirmedBookings(db: Db, tenantId: string, houseIds: string[], from: Date, to: Date) {
  if (houseIds.length === 0) return [];
  return db
    .select({
      id: bookings.id,
      houseId: bookings.houseId,
      roomId: bookings.roomId,
      requestId: bookings.requestId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      blockedUntil: bookings.blockedUntil,
      category: bookings.category,
      groupKey: bookings.groupKey,
      title: bookings.title,
      participants: bookings.participants,
    })
    .from(bookings)
    .where(
      and(
        ofTenant(bookings, tenantId),
        inArray(bookings.houseId, houseIds),
        eq(bookings.status, 'confirmed'),
        lt(bookings.startsAt, to),
        gt(bookings.endsAt, from),
        gt(bookings.startsAt, new Date(from.getTime() - MAX_BOOKING_MS)),
      ),
    )
    .orderBy(asc(bookings.startsAt));
}

export async function listRequests(
  db: Db,
  tenantId: string,
  f: { statuses?: RequestStatus[]; houseIds?: string[]; limit?: number; offset?: number } = {},
): Promise<BookingRequest[]> {
  const where: SQL[] = [ofTenant(bookingRequests, tenantId)];
  if (f.statuses?.length) where.push(inArray(bookingRequests.status, f.statuses));
  if (f.houseIds) where.push(f.houseIds.length ? inArray(bookingRequests.houseId, f.houseIds) : sql`false`);
  return db
    .select()
    .from(bookingRequests)
    .where(and(...where))
    .orderBy(desc(bookingRequests.createdAt))
    .limit(f.limit ?? 200)
    .offset(f.offset ?? 0);
}

export async function getRequest(db: Db, tenantId: string, id: string): Promise<BookingRequest | undefined> {
  const [r] = await db
    .select()
    .from(bookingRequests)
    .where(and(ofTenant(bookingRequests, tenantId), eq(bookingRequests.id, id)))
    .limit(1);
  return r;
}

export async function getRequestByTokenHash(
  db: Db,
  tenantId: string,
  hash: string,
): Promise<BookingRequest | undefined> {
  const [r] = await db
    .select()
    .from(bookingRequests)
    .where(and(ofTenant(bookingRequests, tenantId), eq(bookingRequests.cancelTokenHash, hash)))
    .limit(1);
  return r;
}

export async function bookingsOfRequest(db: Db, tenantId: string, requestId: string): Promise<Booking[]> {
  return db
    .select()
    .from(bookings)
    .where(and(ofTenant(bookings, tenantId), eq(bookings.requestId, requestId)))
    .orderBy(asc(bookings.startsAt));
}

/** Photos of rooms, in their order. */
export async function listRoomPhotos(db: Db, tenantId: string, roomIds: string[]): Promise<RoomPhotoRow[]> {
  if (roomIds.length === 0) return [];
  return db
    .select()
    .from(roomPhotos)
    .where(and(ofTenant(roomPhotos, tenantId), inArray(roomPhotos.roomId, roomIds)))
    .orderBy(asc(roomPhotos.sort), asc(roomPhotos.createdAt));
}

export async function getRoomPhoto(db: Db, tenantId: string, id: string): Promise<RoomPhotoRow | undefined> {
  const [p] = await db
    .select()
    .from(roomPhotos)
    .where(and(ofTenant(roomPhotos, tenantId), eq(roomPhotos.id, id)))
    .limit(1);
  return p;
}

/** Pairs of overlapping confirmed bookings (blocked ranges) — must always be zero; used by tests and the bench. */
export async function countOverlaps(db: Db, tenantId?: string): Promise<number> {
  const r = await db.execute(sql`
    select count(*)::int as n from bookings a join bookings b
      on a.tenant_id = b.tenant_id and a.room_id = b.room_id and a.id < b.id
     and tstzrange(a.starts_at, a.blocked_until) && tstzrange(b.starts_at, b.blocked_until)
    where a.status = 'confirmed' and b.status = 'confirmed' ${tenantId ? sql`and ${ofTenant(alias(bookings, 'a'), tenantId)}` : sql``}`);
  return Number((r as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
}

/** The version of the tenant's houses (names, places, published) for cached pages that show them: one subquery. */
export const housesVersion = (tenantId: string): SQL => rowsVersion(houses, tenantId);
