import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { ofTenant, type TenantOwned } from './tenant-scope.ts';

/**
 * A fingerprint of one tenant's rows of a table that changes with every insert, update and delete,
 * as a scalar subquery for a version read: the number of rows and the newest row version's
 * transaction id (`xmin`: every inserted or updated row gets the writing transaction's id, the newest
 * one there is). It needs no `updated_at` kept by hand, so a change that forgets it still counts.
 * Cached pages key on it: several fingerprints go into one statement.
 */
export function rowsVersion(table: PgTable & TenantOwned, tenantId: string): SQL {
  return sql`(select count(*)::text || '.' || coalesce(max(${table}.xmin::text::bigint), 0)::text from ${table} where ${ofTenant(table, tenantId)})`;
}
