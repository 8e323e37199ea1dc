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
import type { OpeningHours } from '../domain/hours.ts';
import type { AccessMode, Cost, ReviewAnswer, ReviewDecision, Source, TopicKind } from '../domain/vocab.ts';

/** Full-text vector; written by the module (unaccent is not IMMUTABLE, so no generated column). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const tstz = (name: string) => timestamp(name, { withTimezone: true });
const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const areaList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);

/**
 * Topics a service helps with: the books of the social code (SGB II, III, V, VIII, IX, XI, XII),
 * housing benefit, child benefit … (`social_code`) and themes (debt, addiction, violence …). A
 * tenant's list starts from the module's seed (domain/situations.ts) and staff may add to it.
 */
export const helpTopics = pgTable(
  'help_topics',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    key: text('key').notNull(),
    kind: text('kind').$type<TopicKind>().notNull(),
    label: text('label').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('help_topics_key').on(t.tenantId, t.key),
    check('help_topics_kind_check', sql`${t.kind} in ('social_code', 'theme')`),
  ],
);

/**
 * Life situations in residents' words ("Ich kann meine Miete nicht bezahlen"): a label, the words
 * and phrases that point to it (synonyms, other languages), and the topics it leads to
 * (help_situation_topics). Staff edit them; search reads them.
 */
export const helpLifeSituations = pgTable(
  'help_life_situations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    terms: textList('terms'),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('help_life_situations_key').on(t.tenantId, t.key),
  ],
);

export const helpSituationTopics = pgTable(
  'help_situation_topics',
  {
    tenantId: tenantIdColumn(),
    situationId: uuid('situation_id').notNull(),
    topicId: uuid('topic_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.situationId, t.topicId] }),
    foreignKey({
      columns: [t.tenantId, t.situationId],
      foreignColumns: [helpLifeSituations.tenantId, helpLifeSituations.id],
      name: 'help_situation_topics_situation_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.topicId],
      foreignColumns: [helpTopics.tenantId, helpTopics.id],
      name: 'help_situation_topics_topic_fk',
    }).onDelete('cascade'),
    index('help_situation_topics_topic_idx').on(t.tenantId, t.topicId),
  ],
);

/**
 * A service: a counselling offer or other help, run by a provider (a network actor, referred to by
 * id only, or a provider name as imported). Contact data are the service's own (a desk, a line, a
 * functional mailbox) — no named person. `area_ids` is the union of its locations' areas and their
 * ancestors (scope of staff; area filter of the search). `reviewed_at` is the date someone last
 * checked the entry; `review_months` after it, the entry is flagged.
 */
export const helpServices = pgTable(
  'help_services',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    providerActorId: uuid('provider_actor_id'),
    providerName: text('provider_name').notNull().default(''),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The same in easy German (Leichte Sprache), where written. */
    descriptionEasy: text('description_easy').notNull().default(''),
    targetGroups: textList('target_groups'),
    languages: textList('languages'),
    cost: text('cost').$type<Cost>().notNull().default('unknown'),
    costNote: text('cost_note').notNull().default(''),
    eligibility: text('eligibility').notNull().default(''),
    access: text('access').$type<AccessMode>().notNull().default('unknown'),
    channels: textList('channels'),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    areaIds: areaList('area_ids'),
    /** Keywords an import brought along (the Berlin file's "Schlagworte"), searched like the text. */
    keywords: textList('keywords'),
    source: text('source').$type<Source>().notNull().default('manual'),
    sourceKey: text('source_key'),
    reviewedAt: tstz('reviewed_at'),
    reviewedBy: uuid('reviewed_by'),
    /** Last checked by the provider through their private link (help_review_links), not by staff. */
    reviewedByProvider: boolean('reviewed_by_provider').notNull().default(false),
    /** Who checks it (a member of staff by user id); null: the team of its area. */
    reviewerId: uuid('reviewer_id'),
    reviewMonths: integer('review_months').notNull().default(12),
    archivedAt: tstz('archived_at'),
    search: tsvector('search'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('help_services_source_key').on(t.tenantId, t.source, t.sourceKey),
    index('help_services_areas_idx').using('gin', t.areaIds),
    index('help_services_search_idx').using('gin', t.search),
    index('help_services_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    check('help_services_cost_check', sql`${t.cost} in ('free', 'reduced', 'fee', 'unknown')`),
    check('help_services_access_check', sql`${t.access} in ('appointment', 'walk_in', 'both', 'unknown')`),
    check('help_services_review_months_check', sql`${t.reviewMonths} between 1 and 60`),
  ],
);

export const helpServiceTopics = pgTable(
  'help_service_topics',
  {
    tenantId: tenantIdColumn(),
    serviceId: uuid('service_id').notNull(),
    topicId: uuid('topic_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.serviceId, t.topicId] }),
    foreignKey({
      columns: [t.tenantId, t.serviceId],
      foreignColumns: [helpServices.tenantId, helpServices.id],
      name: 'help_service_topics_service_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.topicId],
      foreignColumns: [helpTopics.tenantId, helpTopics.id],
      name: 'help_service_topics_topic_fk',
    }).onDelete('cascade'),
    index('help_service_topics_topic_idx').on(t.tenantId, t.topicId),
  ],
);

/**
 * A place where a service is offered, placed in areas by its point or address (areas module), with
 * its opening hours (domain/hours.ts: weekly intervals, "24/7", appointments only, exceptions by
 * date). A network venue may be named by id.
 */
export const helpLocations = pgTable(
  'help_locations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    serviceId: uuid('service_id').notNull(),
    venueId: uuid('venue_id'),
    name: text('name').notNull().default(''),
    street: text('street'),
    houseNumber: text('house_number'),
    postcode: text('postcode'),
    city: text('city'),
    district: text('district'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    areaId: uuid('area_id'),
    areaIds: areaList('area_ids'),
    stepFree: boolean('step_free'),
    accessibility: textList('accessibility'),
    hours: jsonb('hours').$type<OpeningHours>().notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.serviceId],
      foreignColumns: [helpServices.tenantId, helpServices.id],
      name: 'help_locations_service_fk',
    }).onDelete('cascade'),
    index('help_locations_service_idx').on(t.tenantId, t.serviceId),
    index('help_locations_areas_idx').using('gin', t.areaIds),
  ],
);

/**
 * Search statistics as counts only: per day, the life situation the words pointed to ('' = none)
 * and whether anything was found. Never the words themselves, never who searched.
 */
export const helpSearchCounts = pgTable(
  'help_search_counts',
  {
    tenantId: tenantIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    situationKey: text('situation_key').notNull().default(''),
    found: boolean('found').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.situationKey, t.found] })],
);

/**
 * A private link for the provider to confirm or correct their entry. Staff send it by mail; only
 * the SHA-256 of its token is stored (`token_hash`), it ends at `expires_at`, and a newer link for
 * the same service replaces an unanswered older one. The provider answers once: "still correct"
 * (`confirmed`: the entry counts as checked) or a proposed change (`proposed`, kept in `proposal`
 * until staff accept or reject it — never published unreviewed).
 */
export const helpReviewLinks = pgTable(
  'help_review_links',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    serviceId: uuid('service_id').notNull(),
    /** Where it was sent: the service's functional mailbox, or one staff typed. */
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    sentBy: uuid('sent_by'),
    answer: text('answer').$type<ReviewAnswer>(),
    answeredAt: tstz('answered_at'),
    /** The provider's corrections (ProposalValues), only for `proposed`. */
    proposal: jsonb('proposal').$type<Record<string, string>>(),
    decision: text('decision').$type<ReviewDecision>(),
    decidedAt: tstz('decided_at'),
    decidedBy: uuid('decided_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('help_review_links_token_key').on(t.tenantId, t.tokenHash),
    foreignKey({
      columns: [t.tenantId, t.serviceId],
      foreignColumns: [helpServices.tenantId, helpServices.id],
      name: 'help_review_links_service_fk',
    }).onDelete('cascade'),
    index('help_review_links_service_idx').on(t.tenantId, t.serviceId),
    check('help_review_links_answer_check', sql`${t.answer} in ('confirmed', 'proposed')`),
    check('help_review_links_decision_check', sql`${t.decision} in ('accepted', 'rejected')`),
    check(
      'help_review_links_proposal_check',
      sql`${t.answer} is distinct from 'proposed' or ${t.proposal} is not null`,
    ),
  ],
);

/**
 * A kiosk screen in a community house (HELP-3), configured by staff: the house it stands in (its
 * point orders the services nearby; a house of the houses module, by id, as modules do not share
 * tables), the network venue under which the calendar lists the house's events (none: the events of
 * the house's area), the languages offered on it and how many seconds each panel of the start screen
 * shows before the next one.
 */
export const helpKiosks = pgTable(
  'help_kiosks',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    houseId: uuid('house_id').notNull(),
    venueId: uuid('venue_id'),
    languages: textList('languages'),
    rotateSeconds: integer('rotate_seconds').notNull().default(20),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('help_kiosks_house_idx').on(t.tenantId, t.houseId),
    check('help_kiosks_rotate_check', sql`${t.rotateSeconds} between 10 and 300`),
  ],
);
