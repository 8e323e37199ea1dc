import {
  type Actor,
  authorize,
  authorizeTenantWide,
  can,
  canTenantWide,
  scopeOf,
} from '../../platform/authz.ts';
import { type Db, isUuid } from '../../platform/db/index.ts';
import { areaPath, descendantIds, expandScope } from '../areas/index.ts';
import type { House } from './queries.ts';

export const READ = 'houses.read';
export const MANAGE = 'houses.manage';
/**
 * Booking requests and payments: requesters' names, addresses and phone numbers. Only the roles that
 * handle rentals; jury members and department staff see houses, rooms and availability, not who asked.
 */
export const REQUESTS = 'houses.requests';
/** Retention review, export and erasure of requesters' personal data (for the whole tenant). */
export const PRIVACY = 'houses.privacy';

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team', 'department', 'jury'],
  [MANAGE]: ['admin', 'coordinator', 'team'],
  [REQUESTS]: ['admin', 'coordinator', 'team'],
  [PRIVACY]: ['admin', 'coordinator'],
};

/**
 * The area ids whose houses the member may see or manage: a house stores only its own area, so the
 * scope with everything below it. null = the whole tenant.
 */
export function scopeAreaIds(actor: Actor, db: Db, permission: string): Promise<string[] | null> {
  return expandScope(db, actor.tenantId, scopeOf(actor, permission));
}

/**
 * The area ids for list screens: the permission's scope, narrowed to the area chosen in the staff
 * area switcher (that area and below). null = no restriction.
 */
export async function listAreaIds(
  actor: Actor,
  db: Db,
  permission: string,
  currentAreaId: string | undefined,
): Promise<string[] | null> {
  const scope = await scopeAreaIds(actor, db, permission);
  if (!currentAreaId || !isUuid(currentAreaId)) return scope;
  const chosen = await descendantIds(db, actor.tenantId, currentAreaId);
  if (chosen.length === 0) return scope;
  return scope === null ? chosen : chosen.filter((id) => scope.includes(id));
}

/** A house belongs to its area and that area's ancestors ([] for a house without an area). */
async function housePath(db: Db, house: House): Promise<string[]> {
  return house.areaId ? (await areaPath(db, house.tenantId, house.areaId)).map((a) => a.id) : [];
}

/** Throws 403 unless the member holds the permission for this house's area. */
export async function requireHouse(actor: Actor, db: Db, house: House, permission: string): Promise<void> {
  authorize(actor, permission, await housePath(db, house));
}

export async function canHouse(actor: Actor, db: Db, house: House, permission: string): Promise<boolean> {
  return can(actor, permission, await housePath(db, house));
}

/**
 * Data-protection work on requesters needs the permission for the whole tenant: one requester's
 * requests may lie in houses of several areas, and an erasure must reach all of them.
 */
export const canPrivacy = (actor: Actor): boolean => canTenantWide(actor, PRIVACY);

export const requirePrivacy = (actor: Actor): void => authorizeTenantWide(actor, PRIVACY);
