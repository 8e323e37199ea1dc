import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
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

/** Full-text vector; filled by the module (unaccent is not IMMUTABLE, so no generated column). */
const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const areaList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);
const day = (name: string) => date(name, { mode: 'string' });

/**
 * Organisations and people of the local network. People carry their legal basis and a retention
 * date (checked by the database, so no person record can exist without them). `area_ids` holds
 * every area the actor is placed in plus their ancestors: scope checks and area filters use it.
 */
export const networkActors = pgTable(
  'network_actors',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').$type<'organisation' | 'person'>().notNull(),
    orgType: text('org_type'),
    name: text('name').notNull(),
    description: text('description'),
    fields: textList('fields'),
    targetGroups: textList('target_groups'),
    languages: textList('languages'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    street: text('street'),
    houseNumber: text('house_number'),
    postcode: text('postcode'),
    city: text('city'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    areaId: uuid('area_id'),
    areaIds: areaList('area_ids'),
    placedBy: text('placed_by').$type<'address' | 'coordinates' | 'manual'>(),
    isMultiplier: boolean('is_multiplier').notNull().default(false),
    isSeismograph: boolean('is_seismograph').notNull().default(false),
    sharedDepartments: textList('shared_departments'),
    legalBasis: text('legal_basis').$type<'consent' | 'contract' | 'public_task'>(),
    consentTextVersion: text('consent_text_version'),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    retentionUntil: day('retention_until'),
    source: text('source'),
    sourceKey: text('source_key'),
    search: tsvector('search'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('network_actors_source_key').on(t.tenantId, t.sourceKey),
    index('network_actors_kind_idx').on(t.tenantId, t.kind, t.name),
    index('network_actors_areas_idx').using('gin', t.areaIds),
    index('network_actors_search_idx').using('gin', t.search),
    index('network_actors_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    check('network_actors_kind_check', sql`${t.kind} in ('organisation', 'person')`),
    check(
      'network_actors_person_basis_check',
      sql`${t.kind} <> 'person' or (${t.legalBasis} in ('consent', 'contract', 'public_task') and ${t.retentionUntil} is not null)`,
    ),
    check(
      'network_actors_consent_check',
      sql`${t.legalBasis} is distinct from 'consent' or (${t.consentTextVersion} is not null and ${t.consentAt} is not null)`,
    ),
  ],
);

/** Relations between actors: member of, runs, partner of, funds. */
export const networkRelations = pgTable(
  'network_relations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    fromActorId: uuid('from_actor_id').notNull(),
    toActorId: uuid('to_actor_id').notNull(),
    type: text('type').$type<'member_of' | 'runs' | 'partner_of' | 'funds'>().notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('network_relations_unique').on(t.tenantId, t.fromActorId, t.toActorId, t.type),
    foreignKey({
      columns: [t.tenantId, t.fromActorId],
      foreignColumns: [networkActors.tenantId, networkActors.id],
      name: 'network_relations_from_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.toActorId],
      foreignColumns: [networkActors.tenantId, networkActors.id],
      name: 'network_relations_to_fk',
    }).onDelete('cascade'),
    index('network_relations_to_idx').on(t.tenantId, t.toActorId),
  ],
);

/** Places where consultation hours and events happen, with accessibility details (null = unknown). */
export const networkVenues = pgTable(
  'network_venues',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    actorId: uuid('actor_id'),
    street: text('street'),
    houseNumber: text('house_number'),
    postcode: text('postcode'),
    city: text('city'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    areaId: uuid('area_id'),
    areaIds: areaList('area_ids'),
    openingHours: text('opening_hours'),
    stepFree: boolean('step_free'),
    accessibleToilet: boolean('accessible_toilet'),
    hearingLoop: boolean('hearing_loop'),
    accessibilityNotes: text('accessibility_notes'),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    source: text('source'),
    sourceKey: text('source_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('network_venues_source_key').on(t.tenantId, t.sourceKey),
    foreignKey({
      columns: [t.tenantId, t.actorId],
      foreignColumns: [networkActors.tenantId, networkActors.id],
      name: 'network_venues_actor_fk',
    }),
    index('network_venues_areas_idx').using('gin', t.areaIds),
  ],
);

/**
 * Contact log: visits, calls, meetings, e-mails. The author is kept by id and name (no foreign key)
 * so the history survives a change of staff. Erasing a person blanks the actor and the notes and
 * sets `anonymised_at`; kind, time and areas stay for counts.
 */
export const networkContacts = pgTable(
  'network_contacts',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    actorId: uuid('actor_id'),
    kind: text('kind').$type<'visit' | 'call' | 'meeting' | 'email' | 'other'>().notNull(),
    happenedAt: timestamp('happened_at', { withTimezone: true }).notNull(),
    authorUserId: uuid('author_user_id'),
    authorName: text('author_name'),
    summary: text('summary'),
    notes: text('notes'),
    areaIds: areaList('area_ids'),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.actorId],
      foreignColumns: [networkActors.tenantId, networkActors.id],
      name: 'network_contacts_actor_fk',
    }),
    index('network_contacts_actor_idx').on(t.tenantId, t.actorId, t.happenedAt),
  ],
);

/** Follow-up tasks (from a contact, an actor or a concern) with a due date and an e-mail reminder. */
export const networkTasks = pgTable(
  'network_tasks',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    actorId: uuid('actor_id'),
    contactId: uuid('contact_id'),
    concernId: uuid('concern_id'),
    title: text('title').notNull(),
    dueOn: day('due_on').notNull(),
    assigneeUserId: uuid('assignee_user_id'),
    createdBy: uuid('created_by'),
    areaIds: areaList('area_ids'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.actorId],
      foreignColumns: [networkActors.tenantId, networkActors.id],
      name: 'network_tasks_actor_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.contactId],
      foreignColumns: [networkContacts.tenantId, networkContacts.id],
      name: 'network_tasks_contact_fk',
    }).onDelete('cascade'),
    index('network_tasks_due_idx').on(t.tenantId, t.assigneeUserId, t.dueOn),
  ],
);

/** A consultation-hour series: one or more recurring slots, each at its own venue. */
export const networkSeries = pgTable(
  'network_series',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    title: text('title').notNull(),
    description: text('description'),
    areaId: uuid('area_id'),
    areaIds: areaList('area_ids'),
    languages: textList('languages'),
    contact: text('contact'),
    published: boolean('published').notNull().default(true),
    timeZone: text('time_zone').notNull().default('Europe/Berlin'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('network_series_areas_idx').using('gin', t.areaIds),
  ],
);

/** One recurring rule of a series (RFC 5545 RRULE without DTSTART), local wall-clock times. */
export const networkSeriesSlots = pgTable(
  'network_series_slots',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    seriesId: uuid('series_id').notNull(),
    venueId: uuid('venue_id').notNull(),
    rrule: text('rrule').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.seriesId],
      foreignColumns: [networkSeries.tenantId, networkSeries.id],
      name: 'network_series_slots_series_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.venueId],
      foreignColumns: [networkVenues.tenantId, networkVenues.id],
      name: 'network_series_slots_venue_fk',
    }),
    index('network_series_slots_series_idx').on(t.tenantId, t.seriesId),
  ],
);

/** A change to one occurrence of a slot: cancelled, or moved to another venue/time. */
export const networkSeriesExceptions = pgTable(
  'network_series_exceptions',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    seriesId: uuid('series_id').notNull(),
    slotId: uuid('slot_id').notNull(),
    occurrenceDate: day('occurrence_date').notNull(),
    status: text('status').$type<'cancelled' | 'changed'>().notNull(),
    venueId: uuid('venue_id'),
    startTime: text('start_time'),
    endTime: text('end_time'),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('network_series_exceptions_occurrence').on(t.tenantId, t.slotId, t.occurrenceDate),
    foreignKey({
      columns: [t.tenantId, t.seriesId],
      foreignColumns: [networkSeries.tenantId, networkSeries.id],
      name: 'network_series_exceptions_series_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.slotId],
      foreignColumns: [networkSeriesSlots.tenantId, networkSeriesSlots.id],
      name: 'network_series_exceptions_slot_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.venueId],
      foreignColumns: [networkVenues.tenantId, networkVenues.id],
      name: 'network_series_exceptions_venue_fk',
    }),
  ],
);

/** One-off extra dates of a series (may be cancelled too). */
export const networkSeriesExtras = pgTable(
  'network_series_extras',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    seriesId: uuid('series_id').notNull(),
    venueId: uuid('venue_id').notNull(),
    onDate: day('on_date').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    cancelled: boolean('cancelled').notNull().default(false),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.seriesId],
      foreignColumns: [networkSeries.tenantId, networkSeries.id],
      name: 'network_series_extras_series_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.venueId],
      foreignColumns: [networkVenues.tenantId, networkVenues.id],
      name: 'network_series_extras_venue_fk',
    }),
  ],
);

/**
 * Concerns recorded in the field. `idempotency_key` comes from the device, so a form sent twice
 * (offline queue, double tap, retry) is stored once. Contact fields only with a legal basis.
 */
export const networkConcerns = pgTable(
  'network_concerns',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    idempotencyKey: text('idempotency_key').notNull(),
    topic: text('topic').notNull(),
    language: text('language').notNull(),
    venueId: uuid('venue_id'),
    seriesId: uuid('series_id'),
    areaId: uuid('area_id'),
    areaIds: areaList('area_ids'),
    referralKind: text('referral_kind')
      .$type<'none' | 'service' | 'department' | 'fund' | 'team_member'>()
      .notNull()
      .default('none'),
    referralTarget: text('referral_target'),
    referralUserId: uuid('referral_user_id'),
    note: text('note'),
    status: text('status').$type<'open' | 'in_progress' | 'referred' | 'done'>().notNull().default('open'),
    followUpOn: day('follow_up_on'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    legalBasis: text('legal_basis').$type<'consent' | 'contract' | 'public_task'>(),
    consentTextVersion: text('consent_text_version'),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    retentionUntil: day('retention_until'),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('network_concerns_idempotency').on(t.tenantId, t.idempotencyKey),
    index('network_concerns_areas_idx').using('gin', t.areaIds),
    index('network_concerns_recorded_idx').on(t.tenantId, t.recordedAt),
    check(
      'network_concerns_contact_basis_check',
      sql`(${t.contactName} is null and ${t.contactPhone} is null and ${t.contactEmail} is null) or (${t.legalBasis} is not null and ${t.retentionUntil} is not null)`,
    ),
  ],
);

/** Outreach planning (NET-6): whom, where, when, on which occasion — and what came of it. */
export const networkOutreach = pgTable(
  'network_outreach',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    areaId: uuid('area_id'),
    areaIds: areaList('area_ids'),
    targetGroup: text('target_group').notNull(),
    place: text('place').notNull(),
    venueId: uuid('venue_id'),
    plannedOn: day('planned_on').notNull(),
    occasion: text('occasion').notNull(),
    outcome: text('outcome'),
    reached: integer('reached'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('network_outreach_planned_idx').on(t.tenantId, t.plannedOn),
  ],
);

/** One row per import run with its report (rejected rows and reasons). */
export const networkImports = pgTable(
  'network_imports',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    created: integer('created').notNull(),
    updated: integer('updated').notNull(),
    rejected: integer('rejected').notNull(),
    report: jsonb('report').$type<unknown>().notNull(),
    userId: uuid('user_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
