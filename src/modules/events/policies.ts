import { type Actor, authorize, can } from '../../platform/authz.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Permissions of the events module. */
export const PERMS = {
  read: 'events.read',
  manage: 'events.manage',
  moderate: 'events.moderate',
  importData: 'events.import',
  settings: 'events.settings',
  /** Find, export and erase one person's registrations and submissions (whole tenant only). */
  privacy: 'events.privacy',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.read]: ['admin', 'coordinator', 'team', 'department'],
  [PERMS.manage]: ['admin', 'coordinator', 'team'],
  [PERMS.moderate]: ['admin', 'coordinator', 'team'],
  [PERMS.importData]: ['admin', 'coordinator'],
  [PERMS.settings]: ['admin', 'coordinator'],
  [PERMS.privacy]: ['admin', 'coordinator'],
};

/**
 * An event belongs to its area and that area's ancestors (`areaIds`; [] = the whole tenant). A
 * member may do something with it where they hold the permission for those areas.
 */
export const canForEvent = (actor: Actor, e: { areaIds: string[] }, permission: string): boolean =>
  can(actor, permission, e.areaIds);

/**
 * Events the member may not read do not exist for them (404); events they read but may not change
 * are refused (403). Screens and API give the same answer.
 */
export function authorizeEvent(actor: Actor, e: { areaIds: string[] }, permission: string): void {
  if (!canForEvent(actor, e, PERMS.read)) throw new AppError(404, 'event_not_found');
  authorize(actor, permission, e.areaIds);
}

/**
 * An import source brings its events into its area (`areaIds`: that area and its ancestors; [] =
 * for the whole tenant). A member sees, changes and runs only sources of the areas they import
 * into; other sources do not exist for them (404), like events outside their areas.
 */
export function authorizeSource(actor: Actor, s: { areaIds: string[] }): void {
  authorize(actor, PERMS.importData);
  if (!can(actor, PERMS.importData, s.areaIds)) throw new AppError(404, 'not_found');
}
