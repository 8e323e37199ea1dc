import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  type PgColumn,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';
import {
  FUNDING_KINDS,
  type FundingKind,
  MEASURE_STATUSES,
  type MeasureStatus,
  PLAN_STATUSES,
  type PlanStatus,
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

const number = (name: string) => numeric(name, { mode: 'number' });
const planFk = (name: string, t: { tenantId: PgColumn; planId: PgColumn }) =>
  foreignKey({ columns: [t.tenantId, t.planId], foreignColumns: [plans.tenantId, plans.id], name }).onDelete(
    'cascade',
  );

/**
 * An integrated action plan (Integriertes Handlungs- und Entwicklungskonzept, PLAN-1…3) of one area
 * for a period. `version` is the version being worked on (draft) or the one in force (adopted); what
 * each adoption decided is kept in `coordination_plan_versions`. `continuation` says what continues
 * after the funding ends (Verstetigung, PLAN-3).
 */
export const plans = pgTable(
  'coordination_plans',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    title: text('title').notNull(),
    areaId: uuid('area_id').notNull(),
    areaIds: uuidList('area_ids'),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    summary: text('summary').notNull().default(''),
    continuation: text('continuation').notNull().default(''),
    version: integer('version').notNull().default(1),
    status: text('status').$type<PlanStatus>().notNull().default('draft'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('coordination_plans_area_idx').on(t.tenantId, t.areaId),
    check('coordination_plans_status', sql`${t.status} in (${inList(PLAN_STATUSES)})`),
    check('coordination_plans_period', sql`${t.periodTo} >= ${t.periodFrom}`),
    check('coordination_plans_version', sql`${t.version} >= 1`),
  ],
);

/**
 * One adoption of a plan: the date, the body that adopted it, what changed against the version before,
 * and the plan as adopted (fields, goals, indicators, measures) — the public page shows this.
 */
export const planVersions = pgTable(
  'coordination_plan_versions',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    version: integer('version').notNull(),
    adoptedOn: date('adopted_on', { mode: 'string' }).notNull(),
    adoptedBy: text('adopted_by').notNull(),
    changeNote: text('change_note').notNull().default(''),
    snapshot: jsonb('snapshot').notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_plan_versions_key').on(t.tenantId, t.planId, t.version),
    planFk('coordination_plan_versions_plan_fk', t),
  ],
);

/** A field of action (Handlungsfeld) of a plan. */
export const planFields = pgTable(
  'coordination_plan_fields',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_plan_fields_plan_key').on(t.tenantId, t.planId, t.id),
    planFk('coordination_plan_fields_plan_fk', t),
  ],
);

/** A goal (Handlungsziel) within a field of action. */
export const planGoals = pgTable(
  'coordination_plan_goals',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    fieldId: uuid('field_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_plan_goals_plan_key').on(t.tenantId, t.planId, t.id),
    // The goal's field belongs to the same plan.
    foreignKey({
      columns: [t.tenantId, t.planId, t.fieldId],
      foreignColumns: [planFields.tenantId, planFields.planId, planFields.id],
      name: 'coordination_plan_goals_field_fk',
    }).onDelete('cascade'),
  ],
);

/** An indicator of a goal: what is measured, in which unit, from which baseline to which target. */
export const planIndicators = pgTable(
  'coordination_plan_indicators',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    goalId: uuid('goal_id').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    baseline: number('baseline').notNull(),
    target: number('target').notNull(),
    /**
     * The measure of the same goal whose success it measures (PLAN-2), none: the goal as a whole. No
     * foreign key (a composite one could not set only this column null): removing a measure clears it.
     */
    measureId: uuid('measure_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_plan_indicators_plan_key').on(t.tenantId, t.planId, t.id),
    foreignKey({
      columns: [t.tenantId, t.planId, t.goalId],
      foreignColumns: [planGoals.tenantId, planGoals.planId, planGoals.id],
      name: 'coordination_plan_indicators_goal_fk',
    }).onDelete('cascade'),
    check('coordination_plan_indicators_moves', sql`${t.target} <> ${t.baseline}`),
  ],
);

/** A measured value of an indicator on a day (progress). */
export const planProgress = pgTable(
  'coordination_plan_progress',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    indicatorId: uuid('indicator_id').notNull(),
    measuredOn: date('measured_on', { mode: 'string' }).notNull(),
    value: number('value').notNull(),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.planId, t.indicatorId],
      foreignColumns: [planIndicators.tenantId, planIndicators.planId, planIndicators.id],
      name: 'coordination_plan_progress_indicator_fk',
    }).onDelete('cascade'),
    index('coordination_plan_progress_indicator_idx').on(t.tenantId, t.indicatorId, t.measuredOn),
  ],
);

/**
 * A measure (Maßnahme) towards a goal: the responsible department (or another actor, named), the budget
 * line (free text: which fund or programme, and an amount), the schedule and the status; `continuation`
 * says whether and how it continues after the funding (PLAN-3).
 */
export const planMeasures = pgTable(
  'coordination_plan_measures',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    goalId: uuid('goal_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    departmentId: uuid('department_id'),
    responsible: text('responsible').notNull().default(''),
    budgetLine: text('budget_line').notNull().default(''),
    /** Where the money comes from: a funding programme, a fund, the regular budget (none: not said). */
    fundingKind: text('funding_kind').$type<FundingKind>(),
    budgetCents: integer('budget_cents'),
    /** A building or public-space measure: it has participation steps (PLAN-2). */
    investive: boolean('investive').notNull().default(false),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    status: text('status').$type<MeasureStatus>().notNull().default('planned'),
    continuation: text('continuation').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_plan_measures_plan_key').on(t.tenantId, t.planId, t.id),
    foreignKey({
      columns: [t.tenantId, t.planId, t.goalId],
      foreignColumns: [planGoals.tenantId, planGoals.planId, planGoals.id],
      name: 'coordination_plan_measures_goal_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
      name: 'coordination_plan_measures_department_fk',
    }),
    index('coordination_plan_measures_plan_idx').on(t.tenantId, t.planId),
    check('coordination_plan_measures_status', sql`${t.status} in (${inList(MEASURE_STATUSES)})`),
    check(
      'coordination_plan_measures_schedule',
      sql`${t.endsOn} is null or ${t.startsOn} is null or ${t.endsOn} >= ${t.startsOn}`,
    ),
    check('coordination_plan_measures_budget', sql`${t.budgetCents} is null or ${t.budgetCents} >= 0`),
    check(
      'coordination_plan_measures_funding_kind',
      sql`${t.fundingKind} is null or ${t.fundingKind} in (${inList(FUNDING_KINDS)})`,
    ),
  ],
);

const measureFk = (name: string, t: { tenantId: PgColumn; planId: PgColumn; measureId: PgColumn }) =>
  foreignKey({
    columns: [t.tenantId, t.planId, t.measureId],
    foreignColumns: [planMeasures.tenantId, planMeasures.planId, planMeasures.id],
    name,
  }).onDelete('cascade');

/** A milestone of a measure: what, due when, and the day it was reached (none: still open). */
export const planMilestones = pgTable(
  'coordination_plan_milestones',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    measureId: uuid('measure_id').notNull(),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    measureFk('coordination_plan_milestones_measure_fk', t),
    index('coordination_plan_milestones_plan_idx').on(t.tenantId, t.planId, t.dueOn),
  ],
);

/**
 * A participation step of an investive measure (Beteiligung): what happens, when, and with whom —
 * groups and bodies ("Kinder der Grundschule", "Quartiersrat"), never a person's name.
 */
export const planSteps = pgTable(
  'coordination_plan_steps',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    measureId: uuid('measure_id').notNull(),
    what: text('what').notNull(),
    takesPlaceOn: date('takes_place_on', { mode: 'string' }).notNull(),
    withWhom: text('with_whom').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    measureFk('coordination_plan_steps_measure_fk', t),
    index('coordination_plan_steps_plan_idx').on(t.tenantId, t.planId),
  ],
);

/** A measure's budget in one year (amount in cents); one row per year. */
export const planBudgetYears = pgTable(
  'coordination_plan_budget_years',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    planId: uuid('plan_id').notNull(),
    measureId: uuid('measure_id').notNull(),
    year: integer('year').notNull(),
    amountCents: integer('amount_cents').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_plan_budget_years_key').on(t.tenantId, t.measureId, t.year),
    measureFk('coordination_plan_budget_years_measure_fk', t),
    index('coordination_plan_budget_years_plan_idx').on(t.tenantId, t.planId),
    check('coordination_plan_budget_years_amount', sql`${t.amountCents} >= 0`),
    check('coordination_plan_budget_years_year', sql`${t.year} between 2000 and 2100`),
  ],
);

// Resources per area (COORD-3) and the Prüfsteine (COORD-5), kept in their own file.
export { budgets, pruefsteinRatings } from './resources.ts';
