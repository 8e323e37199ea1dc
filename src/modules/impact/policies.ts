import { type Actor, authorize, can, type Scope, scopeOf } from '../../platform/authz.ts';
import { AppError } from '../../platform/http/errors.ts';

/** See the team's activities, the dashboard and the annual reports of one's areas. */
export const READ = 'impact.read';
/** Record, change and delete activities; write the annual report's texts. */
export const MANAGE = 'impact.manage';
/** Finalise an annual report (its figures are kept as they are then) and open it again. */
export const FINALISE = 'impact.finalise';

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team'],
  [MANAGE]: ['admin', 'coordinator', 'team'],
  [FINALISE]: ['admin', 'coordinator'],
};

/**
 * The one rule for a record with an area (an activity, a report): outside every area the member may
 * read it does not exist for them (404); one they read but may not change this way is refused (403).
 */
export function authorizeIn(actor: Actor, areaIds: readonly string[], permission: string) {
  if (!can(actor, READ, [...areaIds])) throw new AppError(404, 'not_found');
  authorize(actor, permission, [...areaIds]);
}

export const readScope = (actor: Actor): Scope => scopeOf(actor, READ);
