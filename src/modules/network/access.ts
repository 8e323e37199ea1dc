import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import type { AppEnv, Principal } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Permissions of this module (granted to roles in manifest.ts). */
export const PERMS = {
  read: 'network.read',
  manage: 'network.manage',
  people: 'network.people',
  importData: 'network.import',
  erase: 'network.erase',
  concerns: 'network.concerns',
  shared: 'network.shared',
} as const;

/** Does the member hold the permission (for the record's areas, when given)? Only through the access policy. */
export function can(c: Context<AppEnv>, permission: string, areaIds?: string[] | null): boolean {
  const policy = c.get('policy');
  return !!policy && policy.can(c.get('principal'), permission, areaIds);
}

export function requirePerm(c: Context<AppEnv>, permission: string, areaIds?: string[] | null): void {
  if (!can(c, permission, areaIds)) throw new AppError(403, 'forbidden');
}

/** null = the whole tenant; [] = nowhere; otherwise the scope area ids. */
export function scopeOf(c: Context<AppEnv>, permission: string): string[] | null {
  const policy = c.get('policy');
  if (!policy) return [];
  return policy.scopeFor(c.get('principal'), permission);
}

/**
 * A record is visible when the scope is the whole tenant or the record's areas (with their
 * ancestors) contain one of the scope areas.
 */
export function scopeFilter(areaIdsColumn: AnyPgColumn | SQL, scope: string[] | null): SQL | undefined {
  if (scope === null) return undefined;
  if (scope.length === 0) return sql`false`;
  return sql`${areaIdsColumn} && array[${sql.join(
    scope.map((s) => sql`${s}`),
    sql`, `,
  )}]::uuid[]`;
}

/** In scope? (plain check on a loaded record). */
export function inScope(areaIds: readonly string[], scope: string[] | null): boolean {
  return scope === null || scope.some((s) => areaIds.includes(s));
}

export const principalOf = (c: Context<AppEnv>): Principal => {
  const p = c.get('principal');
  if (!p) throw new AppError(401, 'unauthenticated');
  return p;
};
