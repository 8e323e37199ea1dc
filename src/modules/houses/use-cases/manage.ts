import { and, count, eq, gt, inArray, isNull, min, ne, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { fromForm, parseFields, slugify } from '../../../platform/forms/index.ts';
import { PLANNING } from '../../../platform/http/limits.ts';
import { localParts, localToInstant } from '../../../platform/time/index.ts';
import {
  bookingRequests,
  bookings,
  type ClosureKind,
  closures,
  type HouseKind,
  houses,
  type OpeningHours,
  rooms,
} from '../db/schema.ts';
import { centsToInput } from '../domain/format.ts';
import { formatDayHours, parseDayHours, WEEKDAYS } from '../domain/opening-hours.ts';
import type { House, Room } from '../queries.ts';
import {
  asMessages,
  CLOSURE_FORM,
  closureFields,
  HOUSE_FORM,
  houseFields,
  ROOM_FORM,
  roomFields,
  SLUG,
} from '../schemas.ts';
import type { FieldErrors } from './booking.ts';

/** Path words the public pages use below /houses/. */
const RESERVED_SLUGS = new Set(['requests', 'new', 'photos']);
const autoSlug = (name: string) => slugify(name).slice(0, 40).replace(/-+$/, '');

type Body = Record<string, unknown>;
const s = (b: Body, k: string): string => {
  const v = b[k];
  return typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '';
};
const list = (b: Body, k: string): string[] => {
  const v = b[k];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
};
const flag = (b: Body, k: string) => b[k] === 'on' || b[k] === 'true' || b[k] === true;

// ── Houses ──────────────────────────────────────────────────────────────────────────────────

export type HouseForm = Record<string, string> & { published: string };

export function houseToForm(h?: House): HouseForm {
  const f: HouseForm = {
    name: h?.name ?? '',
    slug: h?.slug ?? '',
    kind: h?.kind ?? 'own',
    areaId: h?.areaId ?? '',
    ownerName: h?.ownerName ?? '',
    externalBookingUrl: h?.externalBookingUrl ?? '',
    street: h?.street ?? '',
    postcode: h?.postcode ?? '',
    city: h?.city ?? '',
    description: h?.description ?? '',
    houseRules: h?.houseRules ?? '',
    contactName: h?.contactName ?? '',
    contactEmail: h?.contactEmail ?? '',
    contactPhone: h?.contactPhone ?? '',
    keyHandover: h?.keyHandover ?? '',
    published: h ? (h.published ? 'on' : '') : 'on',
  };
  for (const d of WEEKDAYS) f[`hours${d}`] = formatDayHours(h?.openingHours[d]).replace(/–/g, '-');
  return f;
}

export function readHouseForm(b: Body): HouseForm {
  const f = houseToForm();
  for (const k of Object.keys(f)) f[k] = s(b, k);
  f.published = flag(b, 'published') ? 'on' : '';
  return f;
}

/**
 * Checks a house form. `allowedAreaIds` is the caller's scope (null = whole tenant): a scoped team
 * member may only place houses inside their own area.
 */
export function validateHouse(f: HouseForm, allowedAreaIds: string[] | null) {
  const { data: d, errors } = parseFields(houseFields, fromForm(f, HOUSE_FORM).input);
  const e: FieldErrors = asMessages(errors);
  const slug = d.slug || autoSlug(d.name ?? f.name);
  if (!e.slug && (!SLUG.test(slug) || RESERVED_SLUGS.has(slug))) e.slug = { key: 'validation.slug' };
  if (allowedAreaIds && (!d.areaId || !allowedAreaIds.includes(d.areaId)))
    e.areaId = { key: 'houses:errors.areaOutsideScope' };
  const openingHours: OpeningHours = {};
  for (const day of WEEKDAYS) {
    const name = `hours${day}` as const;
    if (e[name]) continue;
    const parsed = parseDayHours(d[name] ?? '');
    if (parsed === null) e[name] = { key: 'houses:errors.hours' };
    else if (parsed.length) openingHours[day] = parsed;
  }
  const kind: HouseKind = d.kind ?? 'own';
  const values = {
    name: d.name ?? '',
    slug,
    kind,
    areaId: d.areaId || null,
    ownerName: d.ownerName ?? '',
    externalBookingUrl: d.externalBookingUrl || null,
    street: d.street ?? '',
    postcode: d.postcode ?? '',
    city: d.city ?? '',
    description: d.description ?? '',
    openingHours,
    houseRules: d.houseRules ?? '',
    contactName: d.contactName ?? '',
    contactEmail: d.contactEmail || '',
    contactPhone: d.contactPhone ?? '',
    keyHandover: d.keyHandover ?? '',
    published: d.published ?? false,
  };
  return { errors: e, values };
}

export type HouseValues = ReturnType<typeof validateHouse>['values'];

/** Creates or updates a house; a taken slug becomes a field error, not a 500. */
export async function saveHouse(
  db: Db,
  tenantId: string,
  id: string | null,
  v: HouseValues,
  actor: string | null,
) {
  const [clash] = await db
    .select({ id: houses.id })
    .from(houses)
    .where(and(ofTenant(houses, tenantId), eq(houses.slug, v.slug), ...(id ? [ne(houses.id, id)] : [])))
    .limit(1);
  if (clash) return { errors: { slug: { key: 'houses:errors.slugTaken' } } as FieldErrors, id: null };
  const houseId = id ?? newId();
  await db.transaction(async (tx) => {
    if (id) {
      await tx
        .update(houses)
        .set({ ...v, updatedAt: new Date() })
        .where(and(ofTenant(houses, tenantId), eq(houses.id, id)));
    } else {
      await tx.insert(houses).values({ tenantId, id: houseId, ...v });
    }
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor,
      action: id ? 'update' : 'create',
      entityType: 'house',
      entityId: houseId,
    });
  });
  return { errors: null, id: houseId };
}

// ── Rooms ───────────────────────────────────────────────────────────────────────────────────

export interface RoomForm {
  name: string;
  slug: string;
  description: string;
  capacity: string;
  sizeSqm: string;
  equipment: string;
  accessibility: string;
  stepFree: boolean;
  allowedCategories: string[];
  feeHour: string;
  feeHalfDay: string;
  feeDay: string;
  nonprofitPct: string;
  residentPct: string;
  bufferMinutes: string;
  active: boolean;
  sort: string;
}

export function roomToForm(r?: Room): RoomForm {
  return {
    name: r?.name ?? '',
    slug: r?.slug ?? '',
    description: r?.description ?? '',
    capacity: r ? String(r.capacity) : '',
    sizeSqm: r?.sizeSqm ? String(r.sizeSqm) : '',
    equipment: (r?.equipment ?? []).join(', '),
    accessibility: r?.accessibility ?? '',
    stepFree: r?.stepFree ?? false,
    allowedCategories: r?.allowedCategories ?? [],
    feeHour: centsToInput(r?.feeHourCents),
    feeHalfDay: centsToInput(r?.feeHalfDayCents),
    feeDay: centsToInput(r?.feeDayCents),
    nonprofitPct: r ? String(r.nonprofitReductionPct) : '0',
    residentPct: r ? String(r.residentReductionPct) : '0',
    bufferMinutes: r ? String(r.bufferMinutes) : '0',
    active: r?.active ?? true,
    sort: r ? String(r.sort) : '0',
  };
}

export function readRoomForm(b: Body): RoomForm {
  return {
    name: s(b, 'name'),
    slug: s(b, 'slug'),
    description: s(b, 'description'),
    capacity: s(b, 'capacity'),
    sizeSqm: s(b, 'sizeSqm'),
    equipment: s(b, 'equipment'),
    accessibility: s(b, 'accessibility'),
    stepFree: flag(b, 'stepFree'),
    allowedCategories: list(b, 'allowedCategories'),
    feeHour: s(b, 'feeHour'),
    feeHalfDay: s(b, 'feeHalfDay'),
    feeDay: s(b, 'feeDay'),
    nonprofitPct: s(b, 'nonprofitPct'),
    residentPct: s(b, 'residentPct'),
    bufferMinutes: s(b, 'bufferMinutes'),
    active: flag(b, 'active'),
    sort: s(b, 'sort'),
  };
}

export function validateRoom(f: RoomForm) {
  const posted = fromForm(
    {
      ...f,
      stepFree: f.stepFree ? 'on' : '',
      active: f.active ? 'on' : '',
    },
    ROOM_FORM,
  );
  const { data: d, errors } = parseFields(roomFields, posted.input);
  const e: FieldErrors = asMessages(errors);
  const slug = d.slug || autoSlug(d.name ?? f.name);
  if (!e.slug && !SLUG.test(slug)) e.slug = { key: 'validation.slug' };
  const values = {
    name: d.name ?? '',
    slug,
    description: d.description ?? '',
    capacity: d.capacity ?? 0,
    sizeSqm: d.sizeSqm ?? null,
    equipment: (d.equipment ?? '')
      .split(/[,\n]/)
      .map((x) => x.trim())
      .filter(Boolean)
      .slice(0, 50),
    accessibility: d.accessibility ?? '',
    stepFree: d.stepFree ?? false,
    allowedCategories: d.allowedCategories ?? [],
    feeHourCents: d.feeHour ?? null,
    feeHalfDayCents: d.feeHalfDay ?? null,
    feeDayCents: d.feeDay ?? null,
    nonprofitReductionPct: d.nonprofitPct ?? 0,
    residentReductionPct: d.residentPct ?? 0,
    bufferMinutes: d.bufferMinutes ?? 0,
    active: d.active ?? false,
    sort: d.sort ?? 0,
  };
  return { errors: e, values };
}

export type RoomValues = ReturnType<typeof validateRoom>['values'];

export async function saveRoom(
  db: Db,
  tenantId: string,
  houseId: string,
  id: string | null,
  v: RoomValues,
  actor: string | null,
) {
  const [clash] = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(
      and(
        ofTenant(rooms, tenantId),
        eq(rooms.houseId, houseId),
        eq(rooms.slug, v.slug),
        ...(id ? [ne(rooms.id, id)] : []),
      ),
    )
    .limit(1);
  if (clash) return { errors: { slug: { key: 'houses:errors.slugTaken' } } as FieldErrors, id: null };
  const roomId = id ?? newId();
  await db.transaction(async (tx) => {
    if (id) {
      await tx
        .update(rooms)
        .set({ ...v, updatedAt: new Date() })
        .where(and(ofTenant(rooms, tenantId), eq(rooms.id, id), eq(rooms.houseId, houseId)));
    } else {
      await tx.insert(rooms).values({ tenantId, id: roomId, houseId, ...v });
    }
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor,
      action: id ? 'update' : 'create',
      entityType: 'room',
      entityId: roomId,
    });
  });
  return { errors: null, id: roomId };
}

// ── Closures ────────────────────────────────────────────────────────────────────────────────

export interface ClosureForm {
  roomId: string;
  kind: string;
  fromDate: string;
  fromTime: string;
  toDate: string;
  toTime: string;
  reason: string;
}

export const readClosureForm = (b: Body): ClosureForm => ({
  roomId: s(b, 'roomId'),
  kind: s(b, 'kind') || 'holiday',
  fromDate: s(b, 'fromDate'),
  fromTime: s(b, 'fromTime'),
  toDate: s(b, 'toDate'),
  toTime: s(b, 'toTime'),
  reason: s(b, 'reason'),
});

/**
 * A closure from a local date/time to a local date/time; without times it covers whole days. Both
 * dates lie within five years of today (`PLANNING`), so a typo cannot close a house until 9999.
 */
export function validateClosure(f: ClosureForm, roomIds: string[], now: Date = new Date()) {
  const shape = closureFields({ window: PLANNING, now: () => now });
  const { data: d, errors } = parseFields(shape, fromForm({ ...f }, CLOSURE_FORM).input);
  const e: FieldErrors = asMessages(errors);
  if (d.roomId && !roomIds.includes(d.roomId)) e.roomId = { key: 'validation.choice' };
  if (Object.keys(e).length || !d.kind || !d.fromDate || !d.toDate || d.reason === undefined)
    return { errors: e, values: null };
  const startsAt = localToInstant(d.fromDate, d.fromTime || '00:00');
  const endsAt = localToInstant(d.toDate, d.toTime || '24:00');
  if (endsAt <= startsAt)
    return { errors: { toDate: { key: 'houses:errors.endBeforeStart' } } as FieldErrors, values: null };
  return {
    errors: e,
    values: { roomId: d.roomId || null, kind: d.kind, startsAt, endsAt, reason: d.reason },
  };
}

export async function addClosure(
  db: Db,
  tenantId: string,
  houseId: string,
  v: { roomId: string | null; kind: ClosureKind; startsAt: Date; endsAt: Date; reason: string },
  actor: string | null,
) {
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(closures).values({ tenantId, id, houseId, ...v });
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor,
      action: 'create',
      entityType: 'house_closure',
      entityId: id,
    });
  });
  return id;
}

export async function deleteClosure(
  db: Db,
  tenantId: string,
  houseId: string,
  id: string,
  actor: string | null,
) {
  await db.transaction(async (tx) => {
    await tx
      .delete(closures)
      .where(and(ofTenant(closures, tenantId), eq(closures.houseId, houseId), eq(closures.id, id)));
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor,
      action: 'delete',
      entityType: 'house_closure',
      entityId: id,
    });
  });
}

/** "Mo 2.3.2026 00:00 – Fr 6.3.2026 24:00" style inputs back from a stored closure. */
export function closureLocal(c: { startsAt: Date; endsAt: Date }) {
  const a = localParts(c.startsAt);
  const b = localParts(c.endsAt);
  return { from: a, to: b };
}

// ── Deleting houses and rooms (archived, never removed) ─────────────────────────────────────

export interface DeletionBlockers {
  /** Confirmed bookings still ahead, and the first of them. */
  futureBookings: number;
  firstFuture: Date | null;
  /** Requests still waiting for a decision or for the requester's answer. */
  openRequests: number;
}

export const isBlocked = (b: DeletionBlockers): boolean => b.futureBookings > 0 || b.openRequests > 0;

/** What stands in the way of deleting a house (or one of its rooms): future bookings, open requests. */
export async function deletionBlockers(
  db: Db,
  tenantId: string,
  target: { houseId: string; roomId?: string },
  now = new Date(),
): Promise<DeletionBlockers> {
  const [ahead] = await db
    .select({ n: count(), first: min(bookings.startsAt) })
    .from(bookings)
    .where(
      and(
        ofTenant(bookings, tenantId),
        eq(bookings.houseId, target.houseId),
        ...(target.roomId ? [eq(bookings.roomId, target.roomId)] : []),
        eq(bookings.status, 'confirmed'),
        gt(bookings.endsAt, now),
      ),
    );
  const [open] = await db
    .select({ n: count() })
    .from(bookingRequests)
    .where(
      and(
        ofTenant(bookingRequests, tenantId),
        eq(bookingRequests.houseId, target.houseId),
        ...(target.roomId ? [eq(bookingRequests.roomId, target.roomId)] : []),
        inArray(bookingRequests.status, ['pending', 'proposed']),
      ),
    );
  const first = ahead?.first ? new Date(ahead.first as unknown as string | Date) : null;
  return { futureBookings: Number(ahead?.n ?? 0), firstFuture: first, openRequests: Number(open?.n ?? 0) };
}

/** The slug of a deleted house or room is freed, so a new one may take the name again. */
const archivedSlug = (slug: string, id: string) => `${slug}~${id.slice(-8)}`;

/**
 * Deletes a room: refused (with the blockers) while confirmed bookings lie ahead or requests wait;
 * otherwise archived — hidden and not bookable, but its past bookings and open hours until now stay
 * in the reports. The room row is locked, so an approval running at the same time either finishes
 * first (and then blocks the deletion) or sees the room archived.
 */
export async function archiveRoom(
  db: Db,
  tenantId: string,
  houseId: string,
  roomId: string,
  actor: string | null,
): Promise<{ archived: true } | { archived: false; blockers: DeletionBlockers }> {
  return db.transaction(async (tx) => {
    const [room] = await tx
      .select()
      .from(rooms)
      .where(
        and(
          ofTenant(rooms, tenantId),
          eq(rooms.houseId, houseId),
          eq(rooms.id, roomId),
          isNull(rooms.archivedAt),
        ),
      )
      .for('update');
    if (!room)
      return {
        archived: false as const,
        blockers: { futureBookings: 0, firstFuture: null, openRequests: 0 },
      };
    const blockers = await deletionBlockers(tx, tenantId, { houseId, roomId });
    if (isBlocked(blockers)) return { archived: false as const, blockers };
    const now = new Date();
    await tx
      .update(rooms)
      .set({ archivedAt: now, active: false, slug: archivedSlug(room.slug, room.id), updatedAt: now })
      .where(and(ofTenant(rooms, tenantId), eq(rooms.id, roomId)));
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor,
      action: 'delete',
      entityType: 'room',
      entityId: roomId,
    });
    return { archived: true as const };
  });
}

/** Deletes a house with all its rooms, under the same rules as a room. */
export async function archiveHouse(
  db: Db,
  tenantId: string,
  houseId: string,
  actor: string | null,
): Promise<{ archived: true } | { archived: false; blockers: DeletionBlockers }> {
  return db.transaction(async (tx) => {
    const [house] = await tx
      .select()
      .from(houses)
      .where(and(ofTenant(houses, tenantId), eq(houses.id, houseId), isNull(houses.archivedAt)))
      .for('update');
    if (!house)
      return {
        archived: false as const,
        blockers: { futureBookings: 0, firstFuture: null, openRequests: 0 },
      };
    // Lock the rooms too: approvals take a share lock on their room.
    await tx
      .select({ id: rooms.id })
      .from(rooms)
      .where(and(ofTenant(rooms, tenantId), eq(rooms.houseId, houseId)))
      .for('update');
    const blockers = await deletionBlockers(tx, tenantId, { houseId });
    if (isBlocked(blockers)) return { archived: false as const, blockers };
    const now = new Date();
    await tx
      .update(rooms)
      .set({
        archivedAt: now,
        active: false,
        slug: sql`${rooms.slug} || '~' || right(${rooms.id}::text, 8)`,
        updatedAt: now,
      })
      .where(and(ofTenant(rooms, tenantId), eq(rooms.houseId, houseId), isNull(rooms.archivedAt)));
    await tx
      .update(houses)
      .set({ archivedAt: now, published: false, slug: archivedSlug(house.slug, house.id), updatedAt: now })
      .where(and(ofTenant(houses, tenantId), eq(houses.id, houseId)));
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor,
      action: 'delete',
      entityType: 'house',
      entityId: houseId,
    });
    return { archived: true as const };
  });
}
