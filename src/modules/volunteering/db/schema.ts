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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';
import {
  CERTIFICATE_STATUSES,
  type CertificateStatus,
  JOIN_MODES,
  type JoinMode,
  MATCH_STATUSES,
  type MatchStatus,
  NEED_KINDS,
  NEED_STATUSES,
  type NeedKind,
  type NeedStatus,
  SCHEDULES,
  type Schedule,
  VOLUNTEER_STATUSES,
  type VolunteerStatus,
} from '../domain/vocab.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true });
const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);
const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A need (help wanted, ENGAGE-1) or a call (one concrete project day with sign-up, ENGAGE-3), posted
 * by staff for themselves or for a local actor of the network module (`actor_id`, by id only). It
 * belongs to an area (`area_ids`: the area and its ancestors, for scope checks). The contact
 * (`contact_*`) is given to a volunteer only once both sides agreed to a match. `safeguarding`: the
 * work is with children or vulnerable people — a match needs a seen extended certificate.
 */
export const needs = pgTable(
  'volunteering_needs',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').$type<NeedKind>().notNull().default('need'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    forWhom: text('for_whom').notNull().default(''),
    areaId: uuid('area_id').notNull(),
    areaIds: uuidList('area_ids'),
    actorId: uuid('actor_id'),
    /** Who posts it, as shown publicly (the actor's or the team's name). */
    organisation: text('organisation').notNull().default(''),
    place: text('place').notNull().default(''),
    schedule: text('schedule').$type<Schedule>().notNull().default('regular'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    weekdays: textList('weekdays'),
    dayParts: textList('day_parts'),
    scheduleNote: text('schedule_note').notNull().default(''),
    peopleNeeded: integer('people_needed').notNull().default(1),
    skills: textList('skills'),
    languages: textList('languages'),
    safeguarding: boolean('safeguarding').notNull().default(false),
    contactName: text('contact_name').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    status: text('status').$type<NeedStatus>().notNull().default('open'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('volunteering_needs_area_idx').on(t.tenantId, t.areaId),
    check('volunteering_needs_kind', sql`${t.kind} in (${inList(NEED_KINDS)})`),
    check('volunteering_needs_schedule', sql`${t.schedule} in (${inList(SCHEDULES)})`),
    check('volunteering_needs_status', sql`${t.status} in (${inList(NEED_STATUSES)})`),
    check('volunteering_needs_people', sql`${t.peopleNeeded} between 1 and 1000`),
    check(
      'volunteering_needs_dates',
      sql`${t.endsOn} is null or ${t.startsOn} is null or ${t.endsOn} >= ${t.startsOn}`,
    ),
  ],
);

/**
 * A volunteer's offer (ENGAGE-1), made without an account: the private link (only its SHA-256 is
 * stored) confirms the e-mail address on first use and lets them pause, change, export and delete
 * the entry. Consent is recorded with its time and text version. `area_ids` holds the chosen areas
 * (`chosen_area_ids`) with their ancestors, so staff see a volunteer only in the areas they work in.
 * An organisation's offer (a company's volunteering day) names the organisation. The extended
 * criminal-record certificate is never stored: staff record that they have seen it and its issue
 * date (`certificate_*`). `last_active_at` drives the deletion after months without activity, with
 * a warning mail first (`retention_warned_at`).
 */
export const volunteers = pgTable(
  'volunteering_volunteers',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull().default(''),
    organisation: text('organisation').notNull().default(''),
    about: text('about').notNull().default(''),
    skills: textList('skills'),
    weekdays: textList('weekdays'),
    dayParts: textList('day_parts'),
    chosenAreaIds: uuidList('chosen_area_ids'),
    areaIds: uuidList('area_ids'),
    languages: textList('languages'),
    status: text('status').$type<VolunteerStatus>().notNull().default('unconfirmed'),
    tokenHash: text('token_hash'),
    lang: text('lang').notNull().default('de'),
    consentAt: tstz('consent_at').notNull(),
    consentVersion: text('consent_version').notNull(),
    emailConfirmedAt: tstz('email_confirmed_at'),
    lastActiveAt: tstz('last_active_at').notNull().defaultNow(),
    retentionWarnedAt: tstz('retention_warned_at'),
    certificateIssuedOn: date('certificate_issued_on'),
    certificateSeenAt: tstz('certificate_seen_at'),
    certificateSeenBy: uuid('certificate_seen_by'),
    /** Erased on request or by retention: the row stays without anything personal, for the counts. */
    erasedAt: tstz('erased_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('volunteering_volunteers_token_key').on(t.tenantId, t.tokenHash),
    index('volunteering_volunteers_email_idx').on(t.tenantId, t.email),
    check('volunteering_volunteers_status', sql`${t.status} in (${inList(VOLUNTEER_STATUSES)})`),
  ],
);

/**
 * A match between a need and a volunteer: proposed by staff (for the organisation) with the fit's
 * score and reasons, accepted or declined by the volunteer through their private link, expired when
 * left unanswered, confirmed by staff (safeguarding checked), ended. Contact details are exchanged
 * only from `accepted` on. One open match per need and volunteer.
 */
export const matches = pgTable(
  'volunteering_matches',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    needId: uuid('need_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    status: text('status').$type<MatchStatus>().notNull().default('proposed'),
    score: integer('score').notNull().default(0),
    reasons: textList('reasons'),
    message: text('message').notNull().default(''),
    proposedBy: uuid('proposed_by'),
    proposedAt: tstz('proposed_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    answeredAt: tstz('answered_at'),
    confirmedAt: tstz('confirmed_at'),
    confirmedBy: uuid('confirmed_by'),
    endedAt: tstz('ended_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.needId],
      foreignColumns: [needs.tenantId, needs.id],
      name: 'volunteering_matches_need_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.volunteerId],
      foreignColumns: [volunteers.tenantId, volunteers.id],
      name: 'volunteering_matches_volunteer_fk',
    }).onDelete('cascade'),
    uniqueIndex('volunteering_matches_open_key')
      .on(t.tenantId, t.needId, t.volunteerId)
      .where(sql`status in ('proposed', 'accepted', 'confirmed')`),
    index('volunteering_matches_volunteer_idx').on(t.tenantId, t.volunteerId),
    check('volunteering_matches_status', sql`${t.status} in (${inList(MATCH_STATUSES)})`),
    check('volunteering_matches_confirmed', sql`${t.status} <> 'confirmed' or ${t.confirmedAt} is not null`),
  ],
);

/**
 * Hours of a match. They count only once the volunteer confirmed them (`confirmed_at`): entered on
 * their own page (confirmed at once) or suggested by staff and confirmed there. Nothing is tracked
 * without them.
 */
export const hours = pgTable(
  'volunteering_hours',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    matchId: uuid('match_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    day: date('day').notNull(),
    minutes: integer('minutes').notNull(),
    note: text('note').notNull().default(''),
    suggestedBy: uuid('suggested_by'),
    confirmedAt: tstz('confirmed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.matchId],
      foreignColumns: [matches.tenantId, matches.id],
      name: 'volunteering_hours_match_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.volunteerId],
      foreignColumns: [volunteers.tenantId, volunteers.id],
      name: 'volunteering_hours_volunteer_fk',
    }).onDelete('cascade'),
    index('volunteering_hours_match_idx').on(t.tenantId, t.matchId),
    check('volunteering_hours_minutes', sql`${t.minutes} between 1 and 1440`),
  ],
);

/**
 * A certificate of engagement (Engagementnachweis, ENGAGE-4): requested by the volunteer, signed off
 * by staff. `content` is what was confirmed at the sign-off (engagements and hours), so the PDF
 * stays the same later.
 */
export const certificates = pgTable(
  'volunteering_certificates',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    volunteerId: uuid('volunteer_id').notNull(),
    status: text('status').$type<CertificateStatus>().notNull().default('requested'),
    requestedAt: tstz('requested_at').notNull().defaultNow(),
    signedAt: tstz('signed_at'),
    signedBy: uuid('signed_by'),
    signerName: text('signer_name').notNull().default(''),
    content: jsonb('content').$type<CertificateContent | null>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.volunteerId],
      foreignColumns: [volunteers.tenantId, volunteers.id],
      name: 'volunteering_certificates_volunteer_fk',
    }).onDelete('cascade'),
    check('volunteering_certificates_status', sql`${t.status} in (${inList(CERTIFICATE_STATUSES)})`),
  ],
);

export interface CertificateContent {
  name: string;
  engagements: { title: string; organisation: string; from: string; to: string | null; minutes: number }[];
  totalMinutes: number;
}

/** A thank-you message from the team to a volunteer (mailed and shown on their page). */
export const thanks = pgTable(
  'volunteering_thanks',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    volunteerId: uuid('volunteer_id').notNull(),
    text: text('text').notNull(),
    sentBy: uuid('sent_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.volunteerId],
      foreignColumns: [volunteers.tenantId, volunteers.id],
      name: 'volunteering_thanks_volunteer_fk',
    }).onDelete('cascade'),
  ],
);

/**
 * An initiative in the public directory (ENGAGE-2): a network actor (by id only) with its
 * activities, when and where it meets and how to join. The actor's e-mail address is never shown:
 * the contact form mails it.
 */
export const initiatives = pgTable(
  'volunteering_initiatives',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    actorId: uuid('actor_id').notNull(),
    name: text('name').notNull(),
    areaId: uuid('area_id').notNull(),
    areaIds: uuidList('area_ids'),
    activities: text('activities').notNull().default(''),
    meets: text('meets').notNull().default(''),
    place: text('place').notNull().default(''),
    joinMode: text('join_mode').$type<JoinMode>().notNull().default('contact'),
    published: boolean('published').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('volunteering_initiatives_area_idx').on(t.tenantId, t.areaId),
    check('volunteering_initiatives_join', sql`${t.joinMode} in (${inList(JOIN_MODES)})`),
  ],
);

/** A sign-up for a call (ENGAGE-3): name and address for the reminder the day before; a private link cancels it. */
export const signups = pgTable(
  'volunteering_signups',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    needId: uuid('need_id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    lang: text('lang').notNull().default('de'),
    tokenHash: text('token_hash'),
    remindedAt: tstz('reminded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.needId],
      foreignColumns: [needs.tenantId, needs.id],
      name: 'volunteering_signups_need_fk',
    }).onDelete('cascade'),
    uniqueIndex('volunteering_signups_email_key').on(t.tenantId, t.needId, t.email),
    uniqueIndex('volunteering_signups_token_key').on(t.tenantId, t.tokenHash),
  ],
);
