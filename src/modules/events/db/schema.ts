import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';

const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);
const tstz = (name: string) => timestamp(name, { withTimezone: true });

export const EVENT_KINDS = ['event', 'forum', 'conference', 'future_workshop'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** Public meetings whose results (text, files) are published afterwards (CAL-8). */
export const MEETING_KINDS: readonly EventKind[] = ['forum', 'conference', 'future_workshop'];

export const EVENT_STATUSES = [
  'draft',
  'pending',
  'changes_requested',
  'published',
  'rejected',
  'withdrawn',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_SOURCES = ['staff', 'public', 'import'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
export const COSTS = ['free', 'paid', 'donation'] as const;
export type Cost = (typeof COSTS)[number];
/**
 * How people register for a recurring event: `series` — one registration for the whole series (a
 * course; the only mode of one-off events), `per_date` — for one date of the series, capacity per date.
 */
export const REGISTRATION_MODES = ['series', 'per_date'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** Categories of a tenant's calendar (Kultur, Sport, Beteiligung …); names per language in `labels`. */
export const eventCategories = pgTable(
  'events_categories',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('events_categories_slug_key').on(t.tenantId, t.slug),
  ],
);

/** Partner calendars polled on a schedule (url) or uploaded as files; events keep the source for attribution. */
export const eventSources = pgTable(
  'events_sources',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    kind: text('kind').$type<'url' | 'file'>().notNull(),
    url: text('url'),
    areaId: uuid('area_id'),
    categoryIds: uuidList('category_ids'),
    attribution: text('attribution').notNull().default(''),
    attributionUrl: text('attribution_url'),
    publishMode: text('publish_mode').$type<'publish' | 'review'>().notNull().default('review'),
    intervalMinutes: integer('interval_minutes').notNull().default(360),
    enabled: boolean('enabled').notNull().default(true),
    etag: text('etag'),
    lastModified: text('last_modified'),
    lastPolledAt: tstz('last_polled_at'),
    lastStatus: text('last_status'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check('events_sources_interval', sql`${t.intervalMinutes} between 15 and 10080`),
  ],
);

/**
 * An event, a recurring event (RRULE on local wall-clock time in Europe/Berlin) or a public meeting.
 * `confirmed_places` counts confirmed registration places; the CHECK keeps it within `capacity`, so
 * no race can ever confirm more places than there are (CAL-3).
 */
export const events = pgTable(
  'events_events',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').$type<EventKind>().notNull().default('event'),
    status: text('status').$type<EventStatus>().notNull().default('draft'),
    source: text('source').$type<EventSource>().notNull().default('staff'),
    title: text('title').notNull(),
    descriptionHtml: text('description_html').notNull().default(''),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    allDay: boolean('all_day').notNull().default(false),
    /** RFC 5545 RRULE without DTSTART/UNTIL (those are starts_at and repeat_until). */
    rrule: text('rrule'),
    repeatUntil: date('repeat_until', { mode: 'string' }),
    /** Local dates (YYYY-MM-DD) left out of the series. */
    exdates: textList('exdates'),
    areaId: uuid('area_id'),
    /** The area and all its ancestors (scope checks and area filters). */
    areaIds: uuidList('area_ids'),
    venueId: uuid('venue_id'),
    locationName: text('location_name').notNull().default(''),
    locationAddress: text('location_address').notNull().default(''),
    onlineUrl: text('online_url'),
    organiserActorId: uuid('organiser_actor_id'),
    organiserName: text('organiser_name').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    categoryIds: uuidList('category_ids'),
    targetGroups: textList('target_groups'),
    languages: textList('languages'),
    stepFree: boolean('step_free'),
    accessibleToilet: boolean('accessible_toilet'),
    hearingLoop: boolean('hearing_loop'),
    signLanguage: boolean('sign_language').notNull().default(false),
    accessibilityNotes: text('accessibility_notes').notNull().default(''),
    cost: text('cost').$type<Cost>().notNull().default('free'),
    costNote: text('cost_note').notNull().default(''),
    imageId: uuid('image_id'),
    imageType: text('image_type'),
    imageAlt: text('image_alt').notNull().default(''),
    registrationRequired: boolean('registration_required').notNull().default(false),
    /** `per_date`: places are counted per occurrence date in `events_occurrence_places` (series only). */
    registrationMode: text('registration_mode').$type<RegistrationMode>().notNull().default('series'),
    capacity: integer('capacity'),
    confirmedPlaces: integer('confirmed_places').notNull().default(0),
    waitlistEnabled: boolean('waitlist_enabled').notNull().default(true),
    registrationClosesAt: tstz('registration_closes_at'),
    resultsHtml: text('results_html').notNull().default(''),
    resultsPublishedAt: tstz('results_published_at'),
    cancelledAt: tstz('cancelled_at'),
    cancelReason: text('cancel_reason').notNull().default(''),
    submitterName: text('submitter_name').notNull().default(''),
    submitterEmail: text('submitter_email').notNull().default(''),
    submitterLang: text('submitter_lang').notNull().default('de'),
    editTokenHash: text('edit_token_hash'),
    /** The reason or request sent to the submitter with the last moderation decision. */
    moderationNote: text('moderation_note').notNull().default(''),
    moderatedBy: uuid('moderated_by'),
    moderatedAt: tstz('moderated_at'),
    /** Changes a submitter made to a published event, waiting for moderation (the public sees the old version). */
    revision: jsonb('revision').$type<Record<string, unknown>>(),
    importSourceId: uuid('import_source_id'),
    importUid: text('import_uid'),
    importHash: text('import_hash'),
    /** iCalendar SEQUENCE: grows with every change a subscriber should notice. */
    sequence: integer('sequence').notNull().default(0),
    createdBy: uuid('created_by'),
    publishedAt: tstz('published_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.importSourceId],
      foreignColumns: [eventSources.tenantId, eventSources.id],
      name: 'events_events_source_fk',
    }),
    unique('events_events_import_key').on(t.tenantId, t.importSourceId, t.importUid),
    unique('events_events_token_key').on(t.tenantId, t.editTokenHash),
    index('events_events_start_idx').on(t.tenantId, t.status, t.startsAt),
    index('events_events_areas_idx').using('gin', t.areaIds),
    index('events_events_recurring_idx').on(t.tenantId, t.startsAt).where(sql`${t.rrule} is not null`),
    // Events overlapping a time range (API lists by from/to): GiST over the tenant and [start, end].
    index('events_events_during_idx').using(
      'gist',
      t.tenantId,
      sql`tstzrange(${t.startsAt}, ${t.endsAt}, '[]')`,
    ),
    check('events_events_order', sql`${t.endsAt} >= ${t.startsAt}`),
    check(
      'events_events_capacity',
      sql`${t.confirmedPlaces} >= 0 and (${t.capacity} is null or (${t.capacity} >= 0 and ${t.confirmedPlaces} <= ${t.capacity}))`,
    ),
    check('events_events_registration_mode', sql`${t.registrationMode} in ('series', 'per_date')`),
  ],
);

/**
 * Confirmed places of one date of a series registered per date (`registration_mode = 'per_date'`).
 * A row is made on the first registration for the date with a copy of the event's capacity (kept in
 * step when the capacity changes); the CHECK keeps `confirmed_places` within it, so the same
 * conditional UPDATE as for whole events makes the count race-proof per date (CAL-3).
 */
export const occurrencePlaces = pgTable(
  'events_occurrence_places',
  {
    tenantId: tenantIdColumn(),
    eventId: uuid('event_id').notNull(),
    occurrenceDate: date('occurrence_date', { mode: 'string' }).notNull(),
    confirmedPlaces: integer('confirmed_places').notNull().default(0),
    capacity: integer('capacity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId, t.occurrenceDate] }),
    foreignKey({
      columns: [t.tenantId, t.eventId],
      foreignColumns: [events.tenantId, events.id],
      name: 'events_occurrence_places_event_fk',
    }).onDelete('cascade'),
    check(
      'events_occurrence_places_capacity',
      sql`${t.confirmedPlaces} >= 0 and ${t.capacity} >= 0 and ${t.confirmedPlaces} <= ${t.capacity}`,
    ),
  ],
);

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * A registration for an event: the whole series (`occurrence_date` null) or, when the event is
 * registered per date, one date of it (local Berlin date). Waiting list in order of id (UUIDv7 =
 * time), per date. One e-mail address has one active registration per event and date.
 */
export const registrations = pgTable(
  'events_registrations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    eventId: uuid('event_id').notNull(),
    /** The chosen date of a series registered per date (local Berlin date); null = the whole event/series. */
    occurrenceDate: date('occurrence_date', { mode: 'string' }),
    status: text('status').$type<RegistrationStatus>().notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull().default(''),
    places: integer('places').notNull().default(1),
    lang: text('lang').notNull().default('de'),
    tokenHash: text('token_hash').notNull(),
    reminderSentAt: tstz('reminder_sent_at'),
    promotedAt: tstz('promoted_at'),
    cancelledAt: tstz('cancelled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.eventId],
      foreignColumns: [events.tenantId, events.id],
      name: 'events_registrations_event_fk',
    }).onDelete('cascade'),
    unique('events_registrations_token_key').on(t.tenantId, t.tokenHash),
    uniqueIndex('events_registrations_email_key')
      .on(t.tenantId, t.eventId, t.email)
      .where(sql`${t.status} <> 'cancelled' and ${t.occurrenceDate} is null`),
    uniqueIndex('events_registrations_date_email_key')
      .on(t.tenantId, t.eventId, t.occurrenceDate, t.email)
      .where(sql`${t.status} <> 'cancelled' and ${t.occurrenceDate} is not null`),
    index('events_registrations_event_idx').on(t.tenantId, t.eventId, t.status),
    index('events_registrations_date_idx')
      .on(t.tenantId, t.eventId, t.occurrenceDate, t.status)
      .where(sql`${t.occurrenceDate} is not null`),
    check('events_registrations_places', sql`${t.places} between 1 and 10`),
  ],
);

/** Head count after an event (per occurrence date for series); feeds the reports (IMPACT-1). */
export const attendance = pgTable(
  'events_attendance',
  {
    tenantId: tenantIdColumn(),
    eventId: uuid('event_id').notNull(),
    occurrenceDate: date('occurrence_date', { mode: 'string' }).notNull(),
    total: integer('total').notNull(),
    byAge: jsonb('by_age').$type<Record<string, number>>().notNull().default({}),
    byGender: jsonb('by_gender').$type<Record<string, number>>().notNull().default({}),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by'),
    recordedAt: tstz('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId, t.occurrenceDate] }),
    foreignKey({
      columns: [t.tenantId, t.eventId],
      foreignColumns: [events.tenantId, events.id],
      name: 'events_attendance_event_fk',
    }).onDelete('cascade'),
    check('events_attendance_total', sql`${t.total} >= 0`),
  ],
);

/** Documents of a meeting's results (minutes, photos of flip charts); the bytes live in the file storage. */
export const resultFiles = pgTable(
  'events_result_files',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    eventId: uuid('event_id').notNull(),
    title: text('title').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.eventId],
      foreignColumns: [events.tenantId, events.id],
      name: 'events_result_files_event_fk',
    }).onDelete('cascade'),
  ],
);

export interface ImportProblem {
  /** Where in the file (line of BEGIN:VEVENT), when known. */
  line?: number;
  uid?: string;
  summary?: string;
  /** i18n key in the events namespace. */
  code: string;
  detail?: string;
}

/** One import of a source: what was created, updated, recognised and what could not be read. */
export const importRuns = pgTable(
  'events_import_runs',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    sourceId: uuid('source_id').notNull(),
    trigger: text('trigger').$type<'schedule' | 'manual' | 'file' | 'cli'>().notNull(),
    fileName: text('file_name'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    status: text('status').$type<'ok' | 'partial' | 'failed' | 'not_modified'>().notNull().default('ok'),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    problems: jsonb('problems').$type<ImportProblem[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.sourceId],
      foreignColumns: [eventSources.tenantId, eventSources.id],
      name: 'events_import_runs_source_fk',
    }).onDelete('cascade'),
    index('events_import_runs_source_idx').on(t.tenantId, t.sourceId, t.startedAt),
  ],
);

/** Per-tenant settings of the calendar: the published listing criteria (per language). */
export const eventSettings = pgTable('events_settings', {
  tenantId: tenantIdColumn().primaryKey(),
  criteria: jsonb('criteria').$type<Record<string, string>>().notNull().default({}),
  /** Where notices of new submissions go (empty: nobody is mailed; the queue is still there). */
  notifyEmail: text('notify_email').notNull().default(''),
  updatedAt: updatedAt(),
});
