import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';

/** Local opening intervals per ISO weekday ("1" = Monday … "7" = Sunday), e.g. {"2": [["09:00","22:00"]]}. */
export type OpeningHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;

export const HOUSE_KINDS = ['own', 'partner'] as const;
export type HouseKind = (typeof HOUSE_KINDS)[number];

/**
 * A community house (Gemeinschaftshaus, Nachbarschaftshaus). `partner` houses belong to other owners
 * (e.g. a housing co-operative): they are listed with a link to their own booking, not booked here.
 * area_id refers to the areas module by id only (no cross-module foreign key).
 */
export const houses = pgTable(
  'houses',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<HouseKind>().notNull().default('own'),
    areaId: uuid('area_id'),
    ownerName: text('owner_name').notNull().default(''),
    externalBookingUrl: text('external_booking_url'),
    street: text('street').notNull().default(''),
    postcode: text('postcode').notNull().default(''),
    city: text('city').notNull().default(''),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    description: text('description').notNull().default(''),
    openingHours: jsonb('opening_hours').$type<OpeningHours>().notNull().default({}),
    houseRules: text('house_rules').notNull().default(''),
    contactName: text('contact_name').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    keyHandover: text('key_handover').notNull().default(''),
    published: boolean('published').notNull().default(true),
    /** Deleted by staff: hidden everywhere, kept so past bookings and reports stay correct. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('houses_slug_key').on(t.tenantId, t.slug),
    index('houses_area_idx').on(t.tenantId, t.areaId),
  ],
);

/** A bookable room. Fees are integer cents; a null rate means "not offered at this unit". */
export const rooms = pgTable(
  'rooms',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    houseId: uuid('house_id').notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    capacity: integer('capacity').notNull().default(0),
    sizeSqm: integer('size_sqm'),
    equipment: jsonb('equipment').$type<string[]>().notNull().default([]),
    accessibility: text('accessibility').notNull().default(''),
    stepFree: boolean('step_free').notNull().default(false),
    /** Categories of use this room may be booked for; empty = all. */
    allowedCategories: jsonb('allowed_categories').$type<string[]>().notNull().default([]),
    feeHourCents: integer('fee_hour_cents'),
    feeHalfDayCents: integer('fee_half_day_cents'),
    feeDayCents: integer('fee_day_cents'),
    nonprofitReductionPct: integer('nonprofit_reduction_pct').notNull().default(0),
    residentReductionPct: integer('resident_reduction_pct').notNull().default(0),
    /** Minutes kept free after every booking (cleaning, airing, key handover). */
    bufferMinutes: integer('buffer_minutes').notNull().default(0),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    /** Deleted by staff: no longer shown or bookable; open hours count until this moment in reports. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('rooms_slug_key').on(t.tenantId, t.houseId, t.slug),
    foreignKey({
      columns: [t.tenantId, t.houseId],
      foreignColumns: [houses.tenantId, houses.id],
      name: 'rooms_house_fk',
    }),
    check(
      'rooms_reductions',
      sql`${t.nonprofitReductionPct} between 0 and 100 and ${t.residentReductionPct} between 0 and 100`,
    ),
    check('rooms_buffer', sql`${t.bufferMinutes} between 0 and 1440`),
  ],
);

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/**
 * Photos of a room. Uploaded pictures live in the file storage (`file_id`, type detected from the
 * bytes, pixel size for the <img> attributes); `source_url` holds the web addresses entered before
 * uploads existed. Every photo has a text alternative.
 */
export const roomPhotos = pgTable(
  'room_photos',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    roomId: uuid('room_id').notNull(),
    fileId: uuid('file_id'),
    sourceUrl: text('source_url'),
    contentType: text('content_type').$type<PhotoType>(),
    bytes: integer('bytes'),
    width: integer('width'),
    height: integer('height'),
    alt: text('alt').notNull(),
    sort: integer('sort').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.roomId],
      foreignColumns: [rooms.tenantId, rooms.id],
      name: 'room_photos_room_fk',
    }),
    index('room_photos_room_idx').on(t.tenantId, t.roomId, t.sort),
    check(
      'room_photos_source',
      sql`(${t.fileId} is not null and ${t.contentType} in ('image/jpeg', 'image/png', 'image/webp') and ${t.width} > 0 and ${t.height} > 0) or (${t.fileId} is null and ${t.sourceUrl} is not null)`,
    ),
  ],
);

export const CLOSURE_KINDS = ['holiday', 'maintenance', 'other'] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

/** The house (room_id null) or one room is closed: holidays, maintenance, events of the house itself. */
export const closures = pgTable(
  'house_closures',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    houseId: uuid('house_id').notNull(),
    roomId: uuid('room_id'),
    kind: text('kind').$type<ClosureKind>().notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.houseId],
      foreignColumns: [houses.tenantId, houses.id],
      name: 'house_closures_house_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.roomId],
      foreignColumns: [rooms.tenantId, rooms.id],
      name: 'house_closures_room_fk',
    }),
    index('house_closures_time_idx').on(t.tenantId, t.houseId, t.startsAt),
    check('house_closures_order', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const REQUEST_STATUSES = ['pending', 'proposed', 'approved', 'declined', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const PAYMENT_STATUSES = ['open', 'paid', 'waived', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const TARIFFS = ['standard', 'nonprofit', 'resident'] as const;
export type Tariff = (typeof TARIFFS)[number];
/** Art. 6(1)(b) GDPR: the requester's details are needed to take steps before and to perform the rental. */
export const LEGAL_BASES = ['contract'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/**
 * A booking request and, once approved, the rental it becomes (one-off or a standing slot with an
 * RRULE). Payment status and fee belong here; the occupied times are the rows in `bookings`.
 */
export const bookingRequests = pgTable(
  'booking_requests',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    houseId: uuid('house_id').notNull(),
    roomId: uuid('room_id').notNull(),
    status: text('status').$type<RequestStatus>().notNull().default('pending'),
    source: text('source').$type<'public' | 'api' | 'staff'>().notNull(),
    requesterName: text('requester_name').notNull(),
    requesterEmail: text('requester_email').notNull(),
    requesterPhone: text('requester_phone').notNull().default(''),
    organisation: text('organisation').notNull().default(''),
    /**
     * Salted SHA-256 of the normalised organisation (or e-mail), so "distinct groups" counts a group
     * once — and still does after the personal details were erased (see `groupKeyFor`).
     */
    groupKey: text('group_key').notNull(),
    purpose: text('purpose').notNull(),
    category: text('category').notNull(),
    participants: integer('participants').notNull(),
    tariff: text('tariff').$type<Tariff>().notNull().default('standard'),
    /** First (or only) occurrence. */
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** RFC 5545 rule with DTSTART;TZID=Europe/Berlin for standing slots; null for one-off requests. */
    rrule: text('rrule'),
    repeatUntil: date('repeat_until'),
    /** Local dates (YYYY-MM-DD) left out of a series. */
    exceptions: jsonb('exceptions').$type<string[]>().notNull().default([]),
    feeCents: integer('fee_cents').notNull().default(0),
    paymentStatus: text('payment_status').$type<PaymentStatus>().notNull().default('open'),
    paymentNote: text('payment_note').notNull().default(''),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    proposedStartsAt: timestamp('proposed_starts_at', { withTimezone: true }),
    proposedEndsAt: timestamp('proposed_ends_at', { withTimezone: true }),
    staffMessage: text('staff_message').notNull().default(''),
    declineReason: text('decline_reason').notNull().default(''),
    cancelTokenHash: text('cancel_token_hash').notNull(),
    lang: text('lang').notNull().default('de'),
    userId: uuid('user_id'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Why the requester's details may be processed (GDPR Art. 6). */
    legalBasis: text('legal_basis').$type<LegalBasis>().notNull().default('contract'),
    /** Local date after which the personal details are due for erasure (see RETENTION in README). */
    retentionUntil: date('retention_until').notNull(),
    /** When name, contact, purpose and notes were erased; the anonymous rest stays for statistics. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.houseId],
      foreignColumns: [houses.tenantId, houses.id],
      name: 'booking_requests_house_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.roomId],
      foreignColumns: [rooms.tenantId, rooms.id],
      name: 'booking_requests_room_fk',
    }),
    index('booking_requests_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('booking_requests_house_idx').on(t.tenantId, t.houseId, t.startsAt),
    unique('booking_requests_token_key').on(t.tenantId, t.cancelTokenHash),
    index('booking_requests_email_idx').on(t.tenantId, sql`lower(${t.requesterEmail})`),
    index('booking_requests_retention_idx').on(t.tenantId, t.retentionUntil),
    check('booking_requests_order', sql`${t.endsAt} > ${t.startsAt}`),
    check('booking_requests_legal_basis', sql`${t.legalBasis} in ('contract')`),
    check('booking_requests_fee', sql`${t.feeCents} >= 0`),
  ],
);

/**
 * Occupied time of a room. `blocked_until` = ends_at + the room's buffer; confirmed rows can never
 * overlap on [starts_at, blocked_until) — enforced by the exclusion constraint bookings_no_overlap
 * (custom migration), not only by code.
 */
export const bookings = pgTable(
  'bookings',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    houseId: uuid('house_id').notNull(),
    roomId: uuid('room_id').notNull(),
    requestId: uuid('request_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }).notNull(),
    status: text('status').$type<'confirmed' | 'cancelled'>().notNull().default('confirmed'),
    category: text('category').notNull(),
    groupKey: text('group_key').notNull(),
    title: text('title').notNull(),
    participants: integer('participants').notNull().default(0),
    feeCents: integer('fee_cents').notNull().default(0),
    createdAt: createdAt(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.roomId],
      foreignColumns: [rooms.tenantId, rooms.id],
      name: 'bookings_room_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.houseId],
      foreignColumns: [houses.tenantId, houses.id],
      name: 'bookings_house_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.requestId],
      foreignColumns: [bookingRequests.tenantId, bookingRequests.id],
      name: 'bookings_request_fk',
    }),
    index('bookings_room_time_idx').on(t.tenantId, t.roomId, t.startsAt),
    index('bookings_house_time_idx').on(t.tenantId, t.houseId, t.startsAt),
    index('bookings_request_idx').on(t.tenantId, t.requestId),
    check('bookings_order', sql`${t.endsAt} > ${t.startsAt} and ${t.blockedUntil} >= ${t.endsAt}`),
  ],
);

/**
 * Per-tenant settings of the houses module. `group_key_salt` is a random secret mixed into the
 * group keys, so the kept hashes cannot be matched against a list of guessed names or addresses
 * without access to the database.
 */
export const houseSettings = pgTable('house_settings', {
  tenantId: tenantIdColumn().primaryKey(),
  groupKeySalt: text('group_key_salt').notNull(),
  createdAt: createdAt(),
});
