// Tables of the resources per area (COORD-3) and the Prüfsteine self-assessment (COORD-5). Re-exported
// by db/schema.ts, so drizzle-kit and the migrations see them with the module's other tables.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';
import { type Evidence, RATING_MAX, RATING_MIN } from '../domain/pruefsteine.ts';
import { BUDGET_KINDS, type BudgetKind, YEAR_MAX, YEAR_MIN } from '../domain/resources.ts';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * One budget line: what one source (a department's regular funds, or a funding programme such as
 * "Sozialer Zusammenhalt") puts into one area in one year, in whole cents. `area_ids` holds the area
 * with its ancestors (scope checks and the area filter). A source is written in the tenant's one
 * spelling (the use case matches it without regard to case and spaces), so the same area, year and
 * source is one line: an import of it again updates the amount.
 */
export const budgets = pgTable(
  'coordination_budgets',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    areaId: uuid('area_id').notNull(),
    areaIds: uuid('area_ids').array().notNull().default(sql`'{}'::uuid[]`),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    kind: text('kind').$type<BudgetKind>().notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** Where the figure comes from: a budget title, a decision, a programme's notice. */
    reference: text('reference').notNull().default(''),
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('coordination_budgets_line_key').on(t.tenantId, t.areaId, t.year, t.source),
    index('coordination_budgets_year_idx').on(t.tenantId, t.year),
    check('coordination_budgets_kind', sql`${t.kind} in (${inList(BUDGET_KINDS)})`),
    check(
      'coordination_budgets_year',
      sql`${t.year} between ${sql.raw(String(YEAR_MIN))} and ${sql.raw(String(YEAR_MAX))}`,
    ),
    check('coordination_budgets_amount', sql`${t.amountCents} >= 0`),
  ],
);

/**
 * The district's rating of one Prüfstein (1–10, seed 004) in one year: the rating on the scale of
 * `domain/pruefsteine.ts` (0 not yet … 4 fully), a comment, and the evidence as links to pages of
 * Quartier (label and a path relative to the tenant, staff or public).
 */
export const pruefsteinRatings = pgTable(
  'coordination_pruefstein_ratings',
  {
    tenantId: tenantIdColumn(),
    year: integer('year').notNull(),
    pruefstein: integer('pruefstein').notNull(),
    rating: integer('rating').notNull(),
    comment: text('comment').notNull().default(''),
    evidence: jsonb('evidence').$type<Evidence[]>().notNull().default(sql`'[]'::jsonb`),
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.year, t.pruefstein] }),
    check('coordination_pruefstein_ratings_number', sql`${t.pruefstein} between 1 and 10`),
    check(
      'coordination_pruefstein_ratings_rating',
      sql`${t.rating} between ${sql.raw(String(RATING_MIN))} and ${sql.raw(String(RATING_MAX))}`,
    ),
    check(
      'coordination_pruefstein_ratings_year',
      sql`${t.year} between ${sql.raw(String(YEAR_MIN))} and ${sql.raw(String(YEAR_MAX))}`,
    ),
  ],
);
