import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf, authorize } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { NUMBER_LIMITS } from '../../platform/http/limits.ts';
import { addDays, isDate, localToInstant, todayLocal, weekdayOf } from '../../platform/time/index.ts';
import { daySegments } from './domain/availability.ts';
import { CATEGORIES } from './domain/categories.ts';
import { describeDay } from './domain/opening-hours.ts';
import { MANAGE, READ, REQUESTS, requireHouse, scopeAreaIds } from './policies.ts';
import { tm } from './presenters.ts';
import {
  type BookingRequest,
  busyIntervals,
  getHouse,
  getRequest,
  getRoom,
  type House,
  listClosures,
  listHouses,
  listRoomPhotos,
  listRooms,
  type Room,
  type RoomPhotoRow,
} from './queries.ts';
import { REQUEST_LIMITS } from './schemas.ts';
import { prepareRequest, readInput, submitRequest } from './use-cases/booking.ts';
import { setProblem } from './use-cases/check-availability.ts';
import { reference } from './use-cases/documents.ts';
import { photoSrc } from './use-cases/photos.ts';
import type { FieldErrors } from './use-cases/request-input.ts';
import { approveBookingRequest, declineBookingRequest } from './use-cases/staff-requests.ts';

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('HousesError');

const errors = {
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'Missing permission', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorBody } } },
  422: {
    description: 'Invalid input, one message per field in the caller’s language',
    content: { 'application/json': { schema: ErrorBody } },
  },
};
const security = [{ bearer: [] }];
const needs = (permission: string) => async (c: Context<AppEnv>, next: () => Promise<void>) => {
  authorize(actorOf(c), permission);
  await next();
};

const Rates = z.object({
  hourCents: z.number().int().nullable(),
  halfDayCents: z.number().int().nullable(),
  dayCents: z.number().int().nullable(),
  nonprofitReductionPct: z.number().int(),
  residentReductionPct: z.number().int(),
});

const RoomOut = z
  .object({
    id: z.string().uuid(),
    houseId: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    capacity: z.number().int(),
    sizeSqm: z.number().int().nullable(),
    equipment: z.array(z.string()),
    accessibility: z.string(),
    stepFree: z.boolean(),
    allowedCategories: z.array(z.string()).openapi({ description: 'Empty = every category of use' }),
    bufferMinutes: z.number().int(),
    fees: Rates,
    photos: z
      .array(
        z.object({
          url: z.string().openapi({ description: 'Path on this server (uploaded) or the address given' }),
          alt: z.string(),
          width: z.number().int().nullable(),
          height: z.number().int().nullable(),
        }),
      )
      .openapi({ description: 'In display order; every photo has a text alternative' }),
  })
  .openapi('Room');

const HouseOut = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    kind: z
      .enum(['own', 'partner'])
      .openapi({ description: '`partner`: another owner’s rooms, booked at `externalBookingUrl`' }),
    areaId: z.string().uuid().nullable(),
    address: z.object({ street: z.string(), postcode: z.string(), city: z.string() }),
    openingHours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).openapi({
      description: 'ISO weekday ("1" = Monday) → local intervals ["09:00","22:00"], Europe/Berlin',
    }),
    houseRules: z.string(),
    keyHandover: z.string(),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    externalBookingUrl: z.string().nullable(),
    rooms: z.array(RoomOut),
  })
  .openapi('House');

const Segment = z.object({
  from: z.string(),
  to: z.string(),
  state: z.enum(['free', 'busy', 'closed', 'past']).openapi({
    description: "'past': before the time of the request, so no longer to be asked for",
  }),
  reason: z.string().optional(),
});

const RequestBody = z
  .object({
    houseId: z.string().uuid(),
    roomId: z.string().uuid(),
    date: z
      .string()
      .openapi({ example: '2026-03-03', description: 'Local date (Europe/Berlin) of the (first) date' }),
    start: z.string().openapi({ example: '18:00' }),
    end: z.string().openapi({ example: '20:00' }),
    repeat: z.enum(['none', 'weekly', 'biweekly']).default('none'),
    until: z.string().optional().openapi({ description: 'Last local date of a series' }),
    skipConflicts: z
      .boolean()
      .default(false)
      .openapi({ description: 'Leave out dates of a series that are not bookable instead of refusing' }),
    name: z.string().max(REQUEST_LIMITS.name),
    email: z.string().max(REQUEST_LIMITS.email).openapi({ format: 'email' }),
    phone: z.string().max(REQUEST_LIMITS.phone).optional(),
    organisation: z.string().max(REQUEST_LIMITS.organisation).optional(),
    tariff: z.enum(['standard', 'nonprofit', 'resident']).default('standard'),
    purpose: z.string().max(REQUEST_LIMITS.purpose),
    category: z.enum(CATEGORIES),
    participants: z
      .number()
      .int()
      .openapi({ minimum: NUMBER_LIMITS.persons.min, maximum: NUMBER_LIMITS.persons.max }),
    dryRun: z.boolean().default(false).openapi({ description: 'Only check dates and fee; nothing is saved' }),
  })
  .openapi('BookingRequestInput');

const DateCheck = z.object({
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  problems: z.array(z.string()).openapi({
    description: 'Codes: past, outside_opening_hours, closed, booked',
  }),
  messages: z.array(z.string()).openapi({ description: 'The same problems in the caller’s language' }),
});

const RequestOut = z
  .object({
    id: z.string().uuid(),
    reference: z.string(),
    status: z.enum(['pending', 'proposed', 'approved', 'declined', 'cancelled']),
    houseId: z.string().uuid(),
    roomId: z.string().uuid(),
    startsAt: z.string(),
    endsAt: z.string(),
    rrule: z.string().nullable(),
    exceptions: z.array(z.string()),
    category: z.string(),
    participants: z.number().int(),
    tariff: z.string(),
    feeCents: z.number().int(),
    paymentStatus: z.string(),
    declineReason: z.string(),
  })
  .openapi('BookingRequest');

const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const houseOut = (h: House, rooms: Room[], photos: RoomPhotoRow[], tenantSlug: string) => ({
  id: h.id,
  slug: h.slug,
  name: h.name,
  kind: h.kind,
  areaId: h.areaId,
  address: { street: h.street, postcode: h.postcode, city: h.city },
  openingHours: h.openingHours as Record<string, [string, string][]>,
  houseRules: h.houseRules,
  keyHandover: h.keyHandover,
  contact: { name: h.contactName, email: h.contactEmail, phone: h.contactPhone },
  externalBookingUrl: h.externalBookingUrl,
  rooms: rooms
    .filter((r) => r.houseId === h.id)
    .map((r) => ({
      id: r.id,
      houseId: r.houseId,
      slug: r.slug,
      name: r.name,
      description: r.description,
      capacity: r.capacity,
      sizeSqm: r.sizeSqm,
      equipment: r.equipment,
      accessibility: r.accessibility,
      stepFree: r.stepFree,
      allowedCategories: r.allowedCategories,
      bufferMinutes: r.bufferMinutes,
      fees: {
        hourCents: r.feeHourCents,
        halfDayCents: r.feeHalfDayCents,
        dayCents: r.feeDayCents,
        nonprofitReductionPct: r.nonprofitReductionPct,
        residentReductionPct: r.residentReductionPct,
      },
      photos: photos
        .filter((p) => p.roomId === r.id)
        .map((p) => ({ url: photoSrc(tenantSlug, p) ?? '', alt: p.alt, width: p.width, height: p.height })),
    })),
});

const requestOut = (r: BookingRequest) => ({
  id: r.id,
  reference: reference(r.id),
  status: r.status,
  houseId: r.houseId,
  roomId: r.roomId,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  rrule: r.rrule,
  exceptions: r.exceptions,
  category: r.category,
  participants: r.participants,
  tariff: r.tariff,
  feeCents: r.feeCents,
  paymentStatus: r.paymentStatus,
  declineReason: r.declineReason,
});

const listRoute = createRoute({
  method: 'get',
  path: '/houses',
  tags: ['Houses'],
  summary: 'Community houses with their rooms, opening hours and fees',
  security,
  middleware: [needs(READ)] as const,
  responses: {
    200: {
      description: 'Houses',
      content: { 'application/json': { schema: z.object({ items: z.array(HouseOut) }) } },
    },
    ...errors,
  },
});

const availabilityRoute = createRoute({
  method: 'get',
  path: '/rooms/{id}/availability',
  tags: ['Houses'],
  summary: 'Free, booked, closed and past times of a room per day (local time, buffers included)',
  security,
  middleware: [needs(READ)] as const,
  request: {
    params: IdParam,
    query: z.object({
      from: z.string().optional().openapi({ description: 'First local date (default today)' }),
      days: z.coerce.number().int().min(1).max(62).default(7),
    }),
  },
  responses: {
    200: {
      description: 'One entry per day',
      content: {
        'application/json': {
          schema: z.object({
            roomId: z.string().uuid(),
            days: z.array(z.object({ date: z.string(), segments: z.array(Segment) })),
          }),
        },
      },
    },
    ...errors,
  },
});

const createRequestRoute = createRoute({
  method: 'post',
  path: '/booking-requests',
  tags: ['Houses'],
  summary: 'Request a room (one-off or a standing weekly slot)',
  description:
    'Validates and checks every date against opening hours, closures and confirmed bookings. With `dryRun` nothing is saved and the dates and fee are returned. The requester gets the same e-mails as with the public form.',
  security,
  middleware: [needs(READ)] as const,
  request: { body: { required: true, content: { 'application/json': { schema: RequestBody } } } },
  responses: {
    200: {
      description: 'Dry run: the dates with their problems and the fee',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.boolean(),
            feeCents: z.number().int(),
            perDateCents: z.number().int(),
            fields: z.record(z.string(), z.string()).openapi({
              description:
                'Why the request could not be sent as it is: one message per field, as the form says it',
            }),
            dates: z.array(DateCheck),
          }),
        },
      },
    },
    201: { description: 'Saved (status pending)', content: { 'application/json': { schema: RequestOut } } },
    409: {
      description: 'The time was taken meanwhile',
      content: { 'application/json': { schema: ErrorBody } },
    },
    ...errors,
  },
});

const getRequestRoute = createRoute({
  method: 'get',
  path: '/booking-requests/{id}',
  tags: ['Houses'],
  summary: 'One booking request',
  security,
  middleware: [needs(READ)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The request', content: { 'application/json': { schema: RequestOut } } },
    ...errors,
  },
});

const approveRoute = createRoute({
  method: 'post',
  path: '/booking-requests/{id}/approve',
  tags: ['Houses'],
  summary: 'Approve a pending request: confirmed bookings, confirmation e-mail with iCalendar file',
  description:
    'Exactly one of several approvals for the same time succeeds; the others answer 409 `slot_taken` (guaranteed by a database exclusion constraint).',
  security,
  middleware: [needs(MANAGE)] as const,
  request: {
    params: IdParam,
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ skipConflicts: z.boolean().default(false) }) } },
    },
  },
  responses: {
    200: {
      description: 'Approved',
      content: {
        'application/json': {
          schema: z.object({ request: RequestOut, bookings: z.number().int(), skipped: z.array(z.string()) }),
        },
      },
    },
    409: {
      description: 'Slot taken, not bookable, or not pending',
      content: { 'application/json': { schema: ErrorBody } },
    },
    ...errors,
  },
});

const declineRoute = createRoute({
  method: 'post',
  path: '/booking-requests/{id}/decline',
  tags: ['Houses'],
  summary: 'Decline a request with a reason (mailed to the requester)',
  security,
  middleware: [needs(MANAGE)] as const,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ reason: z.string().min(1).max(2000) }) } },
    },
  },
  responses: {
    200: { description: 'Declined', content: { 'application/json': { schema: RequestOut } } },
    409: { description: 'Not pending', content: { 'application/json': { schema: ErrorBody } } },
    ...errors,
  },
});

async function scopedHouse(
  c: Context<AppEnv>,
  id: string,
  permission: string,
  o: { allowArchived?: boolean } = {},
): Promise<House> {
  const house = await getHouse(c.get('services').db, c.get('tenant')!.id, id);
  if (!house || (house.archivedAt && !o.allowArchived)) throw new AppError(404, 'house_not_found');
  await requireHouse(actorOf(c), c.get('services').db, house, permission);
  return house;
}

async function scopedRequest(c: Context<AppEnv>, id: string, permission: string): Promise<BookingRequest> {
  const req = await getRequest(c.get('services').db, c.get('tenant')!.id, id);
  if (!req) throw new AppError(404, 'request_not_found');
  // Whoever sent a request may always read it; everything else follows the house's area.
  if (permission === REQUESTS && req.userId === c.get('user')?.id) return req;
  // Requests of a deleted house stay readable (and payable); new ones cannot be made there.
  await scopedHouse(c, req.houseId, permission, { allowArchived: true });
  return req;
}

export function mountHousesApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(listRoute, async (c) => {
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const houses = await listHouses(db, tenant.id, {
      areaIds: await scopeAreaIds(actorOf(c), c.get('services').db, READ),
    });
    const rooms = await listRooms(
      db,
      tenant.id,
      houses.map((h) => h.id),
      { activeOnly: true },
    );
    const photos = await listRoomPhotos(
      db,
      tenant.id,
      rooms.map((r) => r.id),
    );
    return c.json({ items: houses.map((h) => houseOut(h, rooms, photos, tenant.slug)) }, 200);
  });

  api.openapi(availabilityRoute, async (c) => {
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const room = await getRoom(db, tenant.id, c.req.valid('param').id);
    if (!room || room.archivedAt) throw new AppError(404, 'room_not_found');
    const house = await scopedHouse(c, room.houseId, READ);
    const q = c.req.valid('query');
    const now = c.get('services').now();
    const first = q.from && isDate(q.from) ? q.from : todayLocal(now);
    const from = localToInstant(first, '00:00');
    const to = localToInstant(addDays(first, q.days), '00:00');
    const [busy, cls] = await Promise.all([
      busyIntervals(db, tenant.id, room.id, from, to),
      listClosures(db, tenant.id, [house.id], { roomId: room.id, from, to }),
    ]);
    const days = Array.from({ length: q.days }, (_, i) => addDays(first, i)).map((date) => ({
      date,
      segments: daySegments(date, house.openingHours, busy, cls, now).map((s) => ({
        from: `${String(Math.floor(s.from / 60)).padStart(2, '0')}:${String(s.from % 60).padStart(2, '0')}`,
        to: `${String(Math.floor(s.to / 60)).padStart(2, '0')}:${String(s.to % 60).padStart(2, '0')}`,
        state: s.state,
        ...(s.reason ? { reason: s.reason } : {}),
      })),
    }));
    return c.json({ roomId: room.id, days }, 200);
  });

  api.openapi(createRequestRoute, async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const t = c.get('t');
    const b = c.req.valid('json');
    const house = await scopedHouse(c, b.houseId, READ);
    const rooms = await listRooms(services.db, tenant.id, [house.id], { activeOnly: true });
    const input = readInput({ ...b, room: b.roomId, participants: String(b.participants), rules: true });
    const prepared = await prepareRequest(services.db, {
      tenantId: tenant.id,
      house,
      rooms,
      input,
      mode: 'api',
    });
    if (b.dryRun) {
      return c.json(
        {
          ok: prepared.ok,
          feeCents: prepared.totalCents,
          perDateCents: prepared.quote?.cents ?? 0,
          fields: Object.fromEntries(
            Object.entries(prepared.fields).map(([k, m]) => [k === 'room' ? 'roomId' : k, tm(t, m) ?? '']),
          ),
          dates: prepared.checked.map((o) => ({
            date: o.date,
            startsAt: o.startsAt.toISOString(),
            endsAt: o.endsAt.toISOString(),
            problems: o.problems.map((p) => p.code),
            messages: o.problems.map((p) => {
              // The message the request form shows for this problem, with the day's opening hours.
              const f: FieldErrors = {};
              setProblem(f, p, describeDay(house.openingHours, weekdayOf(o.date)));
              const m = Object.values(f)[0];
              return m ? (tm(t, m) ?? p.code) : p.code;
            }),
          })),
        },
        200,
      );
    }
    if (!prepared.ok) {
      const fields = Object.fromEntries(
        Object.entries(prepared.fields).map(([k, m]) => [k === 'room' ? 'roomId' : k, tm(t, m) ?? '']),
      );
      throw new ValidationError(fields);
    }
    const req = await translated(c, () =>
      submitRequest(services, tenant, house, prepared, {
        source: 'api',
        lang: c.get('user')?.locale === 'en' ? 'en' : 'de',
        userId: c.get('user')?.id ?? null,
      }),
    );
    return c.json(requestOut(req), 201);
  });

  api.openapi(getRequestRoute, async (c) => {
    const req = await scopedRequest(c, c.req.valid('param').id, REQUESTS);
    return c.json(requestOut(req), 200);
  });

  api.openapi(approveRoute, async (c) => {
    const req = await scopedRequest(c, c.req.valid('param').id, MANAGE);
    const body = c.req.valid('json') ?? { skipConflicts: false };
    const r = await translated(c, () =>
      approveBookingRequest(actorOf(c), c.get('services'), c.get('tenant')!, req.id, {
        skipConflicts: !!body?.skipConflicts,
      }),
    );
    return c.json({ request: requestOut(r.request), bookings: r.bookings.length, skipped: r.skipped }, 200);
  });

  api.openapi(declineRoute, async (c) => {
    const req = await scopedRequest(c, c.req.valid('param').id, MANAGE);
    await translated(c, () =>
      declineBookingRequest(
        actorOf(c),
        c.get('services'),
        c.get('tenant')!,
        req.id,
        c.req.valid('json').reason,
      ),
    );
    const updated = await getRequest(c.get('services').db, c.get('tenant')!.id, req.id);
    return c.json(requestOut(updated!), 200);
  });
}

/** Conflicts answer in the caller's language, with the code unchanged for programs. */
async function translated<T>(c: Context<AppEnv>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status === 409) {
      throw new AppError(
        409,
        err.code,
        c.get('t')(`houses:apiErrors.${err.code}`, { defaultValue: err.message }),
        err.details,
      );
    }
    throw err;
  }
}
