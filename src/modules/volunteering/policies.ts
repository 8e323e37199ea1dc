import { type Actor, authorize, can, inScope, type Scope, scopeOf } from '../../platform/authz.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Read needs, calls, initiatives and the volunteers of one's areas (their contact only once both agreed). */
export const READ = 'volunteering.read';
/**
 * Post and change needs, calls and initiatives; propose and confirm matches; record a seen extended
 * certificate; suggest hours; sign off certificates of engagement; thank volunteers.
 */
export const MANAGE = 'volunteering.manage';
/** Find, export and erase one volunteer's data (for the whole tenant). */
export const PRIVACY = 'volunteering.privacy';

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team'],
  [MANAGE]: ['admin', 'coordinator', 'team'],
  [PRIVACY]: ['admin', 'coordinator'],
};

/**
 * The one rule for a record with an area (a need, an initiative, a volunteer through the areas they
 * chose): outside every area the member may read it does not exist for them (404); one they read but
 * may not change this way is refused (403).
 */
export function authorizeIn(
  actor: Actor,
  areaIds: readonly string[],
  permission: typeof READ | typeof MANAGE,
) {
  if (!can(actor, READ, [...areaIds]) && !can(actor, MANAGE, [...areaIds]))
    throw new AppError(404, 'not_found');
  authorize(actor, permission, [...areaIds]);
}

/**
 * A volunteer is seen by staff who work in one of the areas they chose. `area_ids` holds the chosen
 * areas with their ancestors, so a district's team sees the volunteers of its neighbourhoods.
 */
export const volunteerInScope = (areaIds: readonly string[], scope: Scope) => inScope(areaIds, scope);

export const readScope = (actor: Actor): Scope => scopeOf(actor, READ);
