import { eq, getTableName, type SQL, sql, type Table } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** A tenant-owned table (or an alias of one): anything with a `tenantId` column. */
export type TenantOwned = { tenantId: AnyPgColumn };

/**
 * Tables whose tenant condition the isolation self-test has switched off. Empty in a running app:
 * `breakTenantConditionForTest` refuses to run outside the test runner.
 */
const broken = new Set<string>();

/**
 * The condition every per-tenant read and write uses: `table.tenant_id = tenantId`. One helper
 * instead of hand-written filters, so the tenant-isolation self-test can remove the condition for one
 * table and prove that the isolation walk then finds the leak (test/tenant-isolation.db.test.ts).
 */
export function ofTenant(table: TenantOwned, tenantId: string | SQL): SQL {
  if (broken.size > 0 && broken.has(getTableName(table as unknown as Table))) return sql`true`;
  return eq(table.tenantId, tenantId);
}

/**
 * Fault injection for the isolation self-test only: `ofTenant` stops filtering the named tables
 * (null restores every table). Throws outside Vitest, so no configuration can switch it on in a
 * running app.
 */
export function breakTenantConditionForTest(tables: string[] | null): void {
  if (!process.env.VITEST) throw new Error('breakTenantConditionForTest is for the test runner only');
  broken.clear();
  for (const t of tables ?? []) broken.add(t);
}
