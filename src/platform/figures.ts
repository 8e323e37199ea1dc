// Small helpers for the modules' figures (manifest `figures`): the same question — rows of one
// tenant in a period and in some areas — asked of different tables.
import { and, count, gte, lt, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { scopeFilter } from './authz.ts';
import { type Db, ofTenant, type TenantOwned } from './db/index.ts';
import type { FigureQuery } from './modules.ts';

/**
 * The tenant's rows whose time `at` lies in the period and whose areas (`areaIds`, the record's area
 * with its ancestors) meet the query's areas; without `at`, rows that existed before the period ended.
 */
export function inPeriodAndAreas(
  table: TenantOwned,
  tenantId: string,
  q: FigureQuery,
  at: { column: AnyPgColumn; from?: boolean },
  areaIds: AnyPgColumn | SQL,
): SQL {
  return and(
    ofTenant(table, tenantId),
    at.from === false ? undefined : gte(at.column, q.from),
    lt(at.column, q.to),
    scopeFilter(areaIds, q.areaIds),
  ) as SQL;
}

/** How many rows of the table match. */
export async function countRows(db: Db, table: PgTable, where: SQL | undefined): Promise<number> {
  const [r] = await db.select({ n: count() }).from(table).where(where);
  return r.n;
}
