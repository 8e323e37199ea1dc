import { type Actor, authorize, can } from '../../platform/authz.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { localDate, todayLocal } from '../../platform/time/index.ts';
import { inTermOn } from './domain/members.ts';
import {
  type AgendaItem,
  type Body,
  type Circulation,
  getAgendaItem,
  getBody,
  getCirculation,
  getMeeting,
  getMember,
  type Meeting,
  type Member,
  membersOfUser,
} from './queries.ts';

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

// ── Loading a record with its body, checked ─────────────────────────────────────────────────
// The one place where "may this member see or change this body" is asked: each use case calls
// `authorize(actor, PERMISSION)` first and then one of these.

type Permission = typeof READ | typeof MANAGE;

/** The actor's own member records in a body (through their account). */
export async function ownRecords(actor: Actor, db: Db, bodyId: string): Promise<Member[]> {
  if (!actor.userId) return [];
  return (await membersOfUser(db, actor.tenantId, actor.userId)).filter((m) => m.bodyId === bodyId);
}

/** Is the actor a member of the body today? */
export async function isMember(actor: Actor, db: Db, bodyId: string): Promise<boolean> {
  return isMemberToday(actor, await ownRecords(actor, db, bodyId), todayLocal());
}

/** The body, checked: 404 when it does not exist for the actor, 403 when they may not do this. */
export async function checkedBody(actor: Actor, db: Db, body: Body | undefined, permission: Permission) {
  if (!body) throw new AppError(404, 'body_not_found');
  authorizeBody(actor, body, permission, await isMember(actor, db, body.id));
  return body;
}

export async function loadBody(actor: Actor, db: Db, id: string, permission: Permission): Promise<Body> {
  return checkedBody(actor, db, await getBody(db, actor.tenantId, id), permission);
}

export async function loadMeeting(
  actor: Actor,
  db: Db,
  id: string,
  permission: Permission,
): Promise<{ meeting: Meeting; body: Body }> {
  const meeting = await getMeeting(db, actor.tenantId, id);
  if (!meeting) throw new AppError(404, 'meeting_not_found');
  const body = await checkedBody(actor, db, await getBody(db, actor.tenantId, meeting.bodyId), permission);
  return { meeting, body };
}

export async function loadItem(
  actor: Actor,
  db: Db,
  id: string,
  permission: Permission,
): Promise<{ item: AgendaItem; meeting: Meeting; body: Body }> {
  const item = await getAgendaItem(db, actor.tenantId, id);
  if (!item) throw new AppError(404, 'agenda_item_not_found');
  const { meeting, body } = await loadMeeting(actor, db, item.meetingId, permission);
  return { item, meeting, body };
}

export async function loadMember(
  actor: Actor,
  db: Db,
  id: string,
  permission: Permission,
): Promise<{ member: Member; body: Body }> {
  const member = await getMember(db, actor.tenantId, id);
  if (!member) throw new AppError(404, 'member_not_found');
  const body = await checkedBody(actor, db, await getBody(db, actor.tenantId, member.bodyId), permission);
  return { member, body };
}

export async function loadCirculation(
  actor: Actor,
  db: Db,
  id: string,
  permission: Permission,
): Promise<{ circulation: Circulation; body: Body }> {
  const circulation = await getCirculation(db, actor.tenantId, id);
  if (!circulation) throw new AppError(404, 'circulation_not_found');
  const body = await checkedBody(
    actor,
    db,
    await getBody(db, actor.tenantId, circulation.bodyId),
    permission,
  );
  return { circulation, body };
}

/** The meeting's local date (Berlin): terms are counted in whole days. */
export const meetingDate = (m: Pick<Meeting, 'startsAt'>): string => localDate(m.startsAt);
