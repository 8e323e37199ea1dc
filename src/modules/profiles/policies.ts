import { type Actor, authorize } from '../../platform/authz.ts';

/** Read every indicator (published or not), its values and the import reports. */
export const READ = 'profiles.read';
/** Define indicators, import indicator tables, publish indicators (tenant-wide: statistics cover every area). */
export const MANAGE = 'profiles.manage';

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team', 'department'],
  [MANAGE]: ['admin', 'coordinator'],
};

/**
 * Indicator tables cover every area of the tenant, so managing them needs a tenant-wide grant
 * (an area coordinator of one district may not overwrite another district's statistics).
 */
export const authorizeManage = (actor: Actor) => authorize(actor, MANAGE, []);
export const authorizeRead = (actor: Actor) => authorize(actor, READ, []);
