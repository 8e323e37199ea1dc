import type { Context } from 'hono';
import { isUuid } from '../../platform/db/index.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { areaPath, descendantIds } from '../areas/index.ts';
import type { House } from './queries.ts';

export const READ = 'houses.read';
export const MANAGE = 'houses.manage';
/** Retention review, export and erasure of requesters' personal data (for the whole tenant). */
export const PRIVACY = 'houses.privacy';

function policyOf(c: Context<AppEnv>) {
  const policy = c.get('policy');
  if (!policy) throw new AppError(403, 'forbidden');
  return policy;
}

/** Throws 403 unless the member holds the permission anywhere in the tenant. */
export function requirePermission(c: Context<AppEnv>, permission: string): void {
  if (!policyOf(c).can(c.get('principal'), permission)) throw new AppError(403, 'forbidden');
}

export function can(c: Context<AppEnv>, permission: string, path?: string[] | null): boolean {
  const policy = c.get('policy');
  return !!policy && policy.can(c.get('principal'), permission, path);
}

/**
 * The area ids whose houses the member may see or manage (the scope areas and everything below
 * them); null = the whole tenant.
 */
export async function scopeAreaIds(c: Context<AppEnv>, permission: string): Promise<string[] | null> {
  const scope = policyOf(c).scopeFor(c.get('principal'), permission);
  if (scope === null) return null;
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const ids = new Set<string>();
  for (const a of scope) for (const id of await descendantIds(db, tenantId, a)) ids.add(id);
  return [...ids];
}

/**
 * The area ids for list screens: the permission's scope, narrowed to the area chosen in the staff
 * area switcher (that area and below). null = no restriction.
 */
export async function listAreaIds(c: Context<AppEnv>, permission: string): Promise<string[] | null> {
  const scope = await scopeAreaIds(c, permission);
  const current = c.get('currentAreaId');
  if (!current || !isUuid(current)) return scope;
  const chosen = await descendantIds(c.get('services').db, c.get('tenant')!.id, current);
  if (chosen.length === 0) return scope;
  return scope === null ? chosen : chosen.filter((id) => scope.includes(id));
}

/** Throws 403 unless the member holds the permission for this house's area. */
export async function requireHouse(c: Context<AppEnv>, house: House, permission: string): Promise<void> {
  const db = c.get('services').db;
  const path = house.areaId ? (await areaPath(db, house.tenantId, house.areaId)).map((a) => a.id) : [];
  if (!policyOf(c).can(c.get('principal'), permission, path)) throw new AppError(403, 'forbidden');
}

export async function canHouse(c: Context<AppEnv>, house: House, permission: string): Promise<boolean> {
  try {
    await requireHouse(c, house, permission);
    return true;
  } catch {
    return false;
  }
}

/**
 * Data-protection work on requesters needs the permission for the whole tenant: one requester's
 * requests may lie in houses of several areas, and an erasure must reach all of them.
 */
export function canPrivacy(c: Context<AppEnv>): boolean {
  const policy = c.get('policy');
  return (
    !!policy &&
    policy.scopeFor(c.get('principal'), PRIVACY) === null &&
    policy.can(c.get('principal'), PRIVACY)
  );
}

export function requirePrivacy(c: Context<AppEnv>): void {
  if (!canPrivacy(c)) throw new AppError(403, 'forbidden');
}
