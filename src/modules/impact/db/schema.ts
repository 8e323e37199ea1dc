import { sql } from 'drizzle-orm';
import {
  check,
  date,
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

const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);

/**
 * An activity of the team that no other module records (IMPACT-3, seed 003: network work "done but
 * not captured"): a round table, a walk through the neighbourhood, a meeting with a housing company.
 * `area_ids` holds the area with its ancestors, so a district's figures include it.
 */
export const activities = pgTable(
  'impact_activities',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    areaId: uuid('area_id').notNull(),
    areaIds: uuidList('area_ids'),
    /** Partners as typed (those not in the network directory). */
    partners: text('partners').notNull().default(''),
    /** Partners from the network module's directory (ids only; names are read from there). */
    partnerActorIds: uuidList('partner_actor_ids'),
    participants: integer('participants').notNull().default(0),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('impact_activities_held_idx').on(t.tenantId, t.heldOn),
    index('impact_activities_area_ids_idx').using('gin', t.areaIds),
    check('impact_activities_participants', sql`${t.participants} >= 0`),
  ],
);

/** Sections of the annual report's texts (keys; the headings are translations). */
export type ReportTexts = Record<string, string>;

/** One figure as the finalised report keeps it: the year and the year before. */
export interface SnapshotFigure {
  key: string;
  module: string;
  label: string;
  unit: string;
  current: number;
  previous: number;
  /** The year's quarters (in order). */
  quarters: number[];
}

/**
 * The annual report (Sachbericht, IMPACT-2) of an area for a year: the team's texts per section
 * and, once finalised, the figures as they were then, so later changes to records never rewrite it.
 */
export const reports = pgTable(
  'impact_reports',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    areaId: uuid('area_id').notNull(),
    areaIds: uuidList('area_ids'),
    year: integer('year').notNull(),
    texts: jsonb('texts').$type<ReportTexts>().notNull().default({}),
    status: text('status').$type<'draft' | 'final'>().notNull().default('draft'),
    snapshot: jsonb('snapshot').$type<SnapshotFigure[]>(),
    finalisedAt: timestamp('finalised_at', { withTimezone: true }),
    finalisedBy: uuid('finalised_by'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('impact_reports_area_year_key').on(t.tenantId, t.areaId, t.year),
    check('impact_reports_status', sql`${t.status} in ('draft', 'final')`),
    check('impact_reports_final', sql`${t.status} = 'draft' or ${t.snapshot} is not null`),
  ],
);
