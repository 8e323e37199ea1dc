import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import type { AppEnv, Principal } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { listMemberships } from '../access/index.ts';

/** Permissions of this module (granted to roles in manifest.ts). */
export const PERMS = {
  read: 'network.read',
  manage: 'network.manage',
  people: 'network.people',
  importData: 'network.import',
  erase: 'network.erase',
  concerns: 'network.concerns',
  shared: 'network.shared',
  /** Opens the directory and the concern list; what they show follows `read`/`concerns` scope or sharing. */
  view: 'network.view',
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

/** Departments the signed-in member belongs to as department staff (for shared actors and concerns). */
export async function departmentsOf(c: Context<AppEnv>): Promise<string[]> {
  const user = c.get('user');
  if (!user || !can(c, PERMS.shared)) return [];
  const list = await listMemberships(c.get('services').db, c.get('tenant')!.id);
  return [
    ...new Set(
      list
        .filter((m) => m.userId === user.id && m.role === 'department' && m.department)
        .map((m) => m.department as string),
    ),
  ];
}

/** What of the directory a member may see: by area scope, and organisations shared with their departments. */
export interface ActorAccess {
  scope: string[] | null;
  peopleScope: string[] | null;
  departments: string[];
}

export async function actorAccess(c: Context<AppEnv>): Promise<ActorAccess> {
  return {
    scope: scopeOf(c, PERMS.read),
    peopleScope: scopeOf(c, PERMS.people),
    departments: await departmentsOf(c),
  };
}

/** Only organisations are ever shared: a person's data stays with the team that holds the legal basis. */
export function sharedWith(
  a: { kind: string; sharedDepartments: readonly string[] },
  departments: readonly string[],
): boolean {
  return a.kind === 'organisation' && a.sharedDepartments.some((d) => departments.includes(d));
}

/** May the member see this actor at all (list, detail, map, API)? */
export function canSeeActor(
  a: { kind: string; areaIds: readonly string[]; sharedDepartments: readonly string[] },
  x: ActorAccess,
): boolean {
  if (a.kind === 'person') return inScope(a.areaIds, x.scope) && inScope(a.areaIds, x.peopleScope);
  return inScope(a.areaIds, x.scope) || sharedWith(a, x.departments);
}
