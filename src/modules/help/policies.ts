import { type Actor, authorize, can, canTenantWide } from '../../platform/authz.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Read the directory as staff: the list with its review flags, a service with everything. */
export const READ = 'help.read';
/** Create, change, archive services of one's areas and mark them checked. */
export const MANAGE = 'help.manage';
/** Edit the life situations and topics, and import a whole directory (for the whole tenant). */
export const CURATE = 'help.curate';

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team', 'department'],
  [MANAGE]: ['admin', 'coordinator', 'team'],
  [CURATE]: ['admin', 'coordinator'],
};

/**
 * A service belongs to the areas of its places (and their ancestors); one without a place (online,
 * by phone) belongs to the whole tenant. Staff change it where their grant covers one of those
 * areas — a service without places needs a tenant-wide grant. Services are public information, so
 * every member who reads the directory sees all of them (no 404 by area).
 */
export function authorizeService(
  actor: Actor,
  service: { areaIds: string[] },
  permission: typeof MANAGE,
): void {
  if (!can(actor, READ) && !can(actor, MANAGE)) throw new AppError(403, 'forbidden');
  authorize(actor, permission, service.areaIds);
}

/** Life situations, topics and the import: for the whole tenant. */
export function authorizeCurate(actor: Actor): void {
  if (!canTenantWide(actor, CURATE)) throw new AppError(403, 'forbidden');
}
