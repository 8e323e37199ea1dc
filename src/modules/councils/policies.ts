import { type Actor, authorize, can } from '../../platform/authz.ts';
import { AppError } from '../../platform/http/errors.ts';
import { inTermOn } from './domain/members.ts';

/** Read bodies, members, meetings and votes (closed bodies only as staff of the area or as a member). */
export const READ = 'councils.read';
/** Create and change bodies, members, meetings, agendas, attendance, votes and circulation votes. */
export const MANAGE = 'councils.manage';
/** Vote online in a circulation vote, as a member of the body with one's own account. */
export const VOTE = 'councils.vote';
/** Find, export and erase one person's member records (for the whole tenant). */
export const PRIVACY = 'councils.privacy';

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team', 'department', 'jury'],
  [MANAGE]: ['admin', 'coordinator', 'team'],
  [VOTE]: ['admin', 'coordinator', 'team', 'department', 'jury'],
  [PRIVACY]: ['admin', 'coordinator'],
};

/** What the access rules need of a body: its area with the ancestors, and whether it meets in public. */
export interface BodyScope {
  areaIds: string[];
  public: boolean;
}

/** What they need of the acting member's own member records in that body. */
export interface OwnRecord {
  userId: string | null;
  termFrom: string;
  termTo: string | null;
  endedOn: string | null;
}

/** Is the actor, through their account, a member of the body today (a term that runs)? */
export const isMemberToday = (actor: Actor, records: readonly OwnRecord[], today: string): boolean =>
  !!actor.userId && records.some((r) => r.userId === actor.userId && inTermOn(r, today));

/**
 * Who may read a body, its members, meetings and votes — one rule:
 * - the staff who manage bodies in its area (administrators, coordinators, the area's team);
 * - its members with an account, while their term runs (jury and council members read closed papers);
 * - anyone holding `councils.read` for its area when the body meets in public (department staff read
 *   public bodies only).
 */
export function canReadBody(actor: Actor, body: BodyScope, member: boolean): boolean {
  return can(actor, MANAGE, body.areaIds) || member || (body.public && can(actor, READ, body.areaIds));
}

/**
 * Refuses unless the actor may do `permission` with the body. A body outside the areas the actor may
 * read (and not theirs as a member) does not exist for them (404); one they may see but not use this
 * way is refused (403). `READ` follows `canReadBody`; `MANAGE` needs the grant for the body's area.
 */
export function authorizeBody(
  actor: Actor,
  body: BodyScope,
  permission: typeof READ | typeof MANAGE,
  member: boolean,
): void {
  if (!member && !can(actor, READ, body.areaIds) && !can(actor, MANAGE, body.areaIds))
    throw new AppError(404, 'body_not_found');
  if (permission === MANAGE) authorize(actor, MANAGE, body.areaIds);
  else if (!canReadBody(actor, body, member)) throw new AppError(403, 'forbidden');
}
