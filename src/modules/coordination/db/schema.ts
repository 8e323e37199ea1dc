import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';
import {
  ROUTING_STATUSES,
  type RoutingStatus,
  SOURCE_KINDS,
  type SourceKind,
  TOPICS,
  type Topic,
  URGENCIES,
  type Urgency,
} from '../domain/vocab.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true });
const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A department of the district administration (Fachamt: Jugendamt, Sozialamt, Schulamt …). Its `name`
 * is the department name the access module keeps on a `department` membership (same normalised
 * spelling): the members with that role and that department name are its staff. `area_ids` are the
 * areas it works in (as chosen, each with everything below it); empty means the whole tenant.
 */
export const departments = pgTable(
  'coordination_departments',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull().default(''),
    areaIds: uuidList('area_ids'),
    archivedAt: tstz('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_departments_name_key').on(t.tenantId, t.name),
  ],
);

/**
 * A need (Bedarfsmeldung): what is missing where (`area_id`, with its ancestors in `area_ids` for scope
 * checks), the topic, the evidence and how urgent it is, and who reported it: a team member
 * (`reporter_user_id`) or a body of the councils module (`source_body_id` with the agenda item and the
 * vote of the resolution; `source_label` keeps the body's name as it was). Never personal data of
 * residents. Bodies, agenda items and votes are referred to by id only (no cross-module foreign key).
 * Its overall status is derived from its routings and not stored.
 */
export const needs = pgTable(
  'coordination_needs',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    areaId: uuid('area_id').notNull(),
    areaIds: uuidList('area_ids'),
    topic: text('topic').$type<Topic>().notNull(),
    evidence: text('evidence').notNull().default(''),
    urgency: text('urgency').$type<Urgency>().notNull().default('normal'),
    sourceKind: text('source_kind').$type<SourceKind>().notNull(),
    reporterUserId: uuid('reporter_user_id'),
    sourceBodyId: uuid('source_body_id'),
    sourceItemId: uuid('source_item_id'),
    sourceVoteId: uuid('source_vote_id'),
    sourceLabel: text('source_label').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('coordination_needs_body_idx').on(t.tenantId, t.sourceBodyId),
    check('coordination_needs_topic', sql`${t.topic} in (${inList(TOPICS)})`),
    check('coordination_needs_urgency', sql`${t.urgency} in (${inList(URGENCIES)})`),
    check('coordination_needs_source_kind', sql`${t.sourceKind} in (${inList(SOURCE_KINDS)})`),
    check('coordination_needs_body_source', sql`${t.sourceKind} <> 'body' or ${t.sourceBodyId} is not null`),
  ],
);

/**
 * A need routed to one department, with its own deadline, status and answer. Escalation to a steering
 * round notes the body, meeting and agenda item it went to (councils ids, no foreign key).
 */
export const routings = pgTable(
  'coordination_routings',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    needId: uuid('need_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: text('status').$type<RoutingStatus>().notNull().default('sent'),
    answer: text('answer').notNull().default(''),
    answeredAt: tstz('answered_at'),
    answeredBy: uuid('answered_by'),
    routedBy: uuid('routed_by'),
    escalatedAt: tstz('escalated_at'),
    escalationBodyId: uuid('escalation_body_id'),
    escalationMeetingId: uuid('escalation_meeting_id'),
    escalationItemId: uuid('escalation_item_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_routings_department_key').on(t.tenantId, t.needId, t.departmentId),
    foreignKey({
      columns: [t.tenantId, t.needId],
      foreignColumns: [needs.tenantId, needs.id],
      name: 'coordination_routings_need_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
      name: 'coordination_routings_department_fk',
    }),
    index('coordination_routings_department_idx').on(t.tenantId, t.departmentId),
    check('coordination_routings_status', sql`${t.status} in (${inList(ROUTING_STATUSES)})`),
    check('coordination_routings_answered', sql`${t.status} <> 'answered' or length(${t.answer}) > 0`),
  ],
);
