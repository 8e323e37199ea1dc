import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
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
  AGGREGATIONS,
  type Aggregation,
  DIRECTIONS,
  type Direction,
  type ImportReport,
  UNITS,
  type Unit,
} from '../domain/vocab.ts';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * An indicator of the official statistics (AREA-2): what is measured, in which unit, from which
 * source under which licence, and whether more is better. `key` is stable per tenant (an import
 * finds its indicator by it). `aggregation` says how values of higher levels are derived from
 * lower ones: `sum` (counts), `weighted` (shares and indices, weighted by `weight_indicator_key`,
 * e.g. inhabitants) or `none`.
 */
export const indicators = pgTable(
  'profiles_indicators',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    key: text('key').notNull(),
    nameDe: text('name_de').notNull(),
    nameEn: text('name_en').notNull().default(''),
    unit: text('unit').$type<Unit>().notNull().default('count'),
    source: text('source').notNull().default(''),
    licence: text('licence').notNull().default(''),
    direction: text('direction').$type<Direction>().notNull().default('neutral'),
    aggregation: text('aggregation').$type<Aggregation>().notNull().default('none'),
    weightIndicatorKey: text('weight_indicator_key'),
    description: text('description').notNull().default(''),
    /** Shown on public profile pages and in the public API. */
    published: boolean('published').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('profiles_indicators_key').on(t.tenantId, t.key),
    check('profiles_indicators_unit', sql`${t.unit} in (${inList(UNITS)})`),
    check('profiles_indicators_direction', sql`${t.direction} in (${inList(DIRECTIONS)})`),
    check('profiles_indicators_aggregation', sql`${t.aggregation} in (${inList(AGGREGATIONS)})`),
  ],
);

/**
 * One import of an indicator table: the file, what was detected and mapped, and the report of every
 * row or cell not imported and why (`report`).
 */
export const imports = pgTable(
  'profiles_imports',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    fileName: text('file_name').notNull(),
    report: jsonb('report').$type<ImportReport>().notNull(),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    derived: integer('derived').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('profiles_imports_created_idx').on(t.tenantId, t.createdAt),
  ],
);

/**
 * The value of an indicator in one area for one period ('2021' for a year, '2022-06-30' for a
 * reference date). Re-imports update the row (one per tenant, indicator, area and period).
 * `derived`: computed from the areas below (never overwrites an imported value).
 * `area_id` names an area of the areas module (by id only).
 */
export const values = pgTable(
  'profiles_values',
  {
    tenantId: tenantIdColumn(),
    indicatorId: uuid('indicator_id').notNull(),
    areaId: uuid('area_id').notNull(),
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
    derived: boolean('derived').notNull().default(false),
    importId: uuid('import_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.indicatorId, t.areaId, t.period], name: 'profiles_values_pkey' }),
    index('profiles_values_area_idx').on(t.tenantId, t.areaId),
    foreignKey({
      columns: [t.tenantId, t.indicatorId],
      foreignColumns: [indicators.tenantId, indicators.id],
      name: 'profiles_values_indicator_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.importId],
      foreignColumns: [imports.tenantId, imports.id],
      name: 'profiles_values_import_fk',
    }),
    check('profiles_values_period', sql`${t.period} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`),
  ],
);
