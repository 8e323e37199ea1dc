import { and, inArray, sql } from 'drizzle-orm';
import { type Actor, authorize, can } from '../../platform/authz.ts';
import { type Db, ofTenant } from '../../platform/db/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { listMemberships } from '../access/index.ts';
import { departments } from './db/schema.ts';
import { getNeed, getPlan, getRouting, listRoutings, type Need, type Plan, type Routing } from './queries.ts';

/** Open the needs list and read needs (what it shows follows the rules below). */
export const READ = 'coordination.read';
/** Report a need from an area (a team member, or the staff of a body for its recommendation). */
export const REPORT = 'coordination.report';
/** District coordination: route needs to departments with deadlines, escalate, keep the departments. */
export const ROUTE = 'coordination.route';
/** Answer a need routed to one's own department and set its status there. */
export const ANSWER = 'coordination.answer';

/**
 * Draft and keep the integrated action plans of an area: fields of action, goals, indicators, measures,
 * progress, adoption and new versions (the area's team and district coordination).
 */
export const PLAN = 'coordination.plan';

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team', 'department'],
  [REPORT]: ['admin', 'coordinator', 'team'],
  [ROUTE]: ['admin', 'coordinator'],
  [ANSWER]: ['admin', 'coordinator', 'department'],
  [PLAN]: ['admin', 'coordinator', 'team'],
};

/**
 * The departments the actor works for as department staff: their `department` memberships name the
 * department, compared with the department's name without regard to case (the access module keeps
 * the tenant's one spelling). Ids of coordination departments; empty for everyone else.
 */
export async function ownDepartmentIds(actor: Actor, db: Db): Promise<string[]> {
  if (!actor.userId || !can(actor, ANSWER)) return [];
  const names = [
    ...new Set(
      (await listMemberships(db, actor.tenantId, { userId: actor.userId }))
        .filter((m) => m.role === 'department' && m.department)
        .map((m) => (m.department as string).toLocaleLowerCase('de')),
    ),
  ];
  if (names.length === 0) return [];
  const rows = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(ofTenant(departments, actor.tenantId), inArray(sql`lower(${departments.name})`, names)));
  return rows.map((r) => r.id);
}

/** May the member read needs at all (the body pages show a body's recommendations only then)? */
export const mayReadNeeds = (actor: Actor): boolean => can(actor, READ);

/** Does the actor work on needs of this area as district coordination or as the area's team? */
export const worksOnArea = (actor: Actor, areaIds: readonly string[]): boolean =>
  can(actor, ROUTE, [...areaIds]) || can(actor, REPORT, [...areaIds]);

/**
 * The one rule for reading a need: district coordination and the area's team read the needs of their
 * areas; department staff read a need only when it is routed to their department and lies in the
 * areas of their grant. Anyone else: the need does not exist (404).
 */
export function canSeeNeed(
  actor: Actor,
  need: Pick<Need, 'areaIds'>,
  routedTo: readonly string[],
  own: readonly string[],
): boolean {
  if (worksOnArea(actor, need.areaIds)) return true;
  return can(actor, READ, need.areaIds) && routedTo.some((d) => own.includes(d));
}

/** The need, checked for reading (404 when it does not exist for the actor). */
export async function loadNeed(
  actor: Actor,
  db: Db,
  id: string,
): Promise<{ need: Need; routings: Routing[]; own: string[] }> {
  authorize(actor, READ);
  const need = await getNeed(db, actor.tenantId, id);
  if (!need) throw new AppError(404, 'need_not_found');
  const routings = await listRoutings(db, actor.tenantId, need.id);
  const own = await ownDepartmentIds(actor, db);
  if (
    !canSeeNeed(
      actor,
      need,
      routings.map((r) => r.departmentId),
      own,
    )
  )
    throw new AppError(404, 'need_not_found');
  return { need, routings, own };
}

/**
 * May the actor answer this routing? District coordination of the need's area (on the department's
 * word), or staff of the routing's own department holding `coordination.answer` there.
 */
export const canAnswer = (
  actor: Actor,
  need: Pick<Need, 'areaIds'>,
  routing: Pick<Routing, 'departmentId'>,
  own: readonly string[],
): boolean =>
  can(actor, ROUTE, need.areaIds) || (can(actor, ANSWER, need.areaIds) && own.includes(routing.departmentId));

/** The routing with its need, checked: 404 when the need is hidden, 403 when the actor may not answer it. */
export async function loadRoutingToAnswer(actor: Actor, db: Db, id: string) {
  const routing = await getRouting(db, actor.tenantId, id);
  if (!routing) throw new AppError(404, 'routing_not_found');
  const { need, routings, own } = await loadNeed(actor, db, routing.needId);
  if (!canAnswer(actor, need, routing, own)) throw new AppError(403, 'forbidden');
  return { routing, need, routings };
}

/**
 * The plan, checked for reading: members who read coordination in the plan's area (the team, district
 * coordination, department staff of that area). Anyone else: the plan does not exist (404).
 */
export async function loadPlan(actor: Actor, db: Db, id: string): Promise<Plan> {
  authorize(actor, READ);
  const plan = await getPlan(db, actor.tenantId, id);
  if (!plan || !can(actor, READ, plan.areaIds)) throw new AppError(404, 'plan_not_found');
  return plan;
}

/** The plan, checked for changing it (403 for a reader who may not). */
export async function loadPlanToChange(actor: Actor, db: Db, id: string): Promise<Plan> {
  const plan = await loadPlan(actor, db, id);
  authorize(actor, PLAN, plan.areaIds);
  return plan;
}

/**
 * May the actor set where a measure stands? Those who keep the plan, or staff of the measure's own
 * department holding `coordination.answer` in the plan's area.
 */
export const canSetMeasureStatus = (
  actor: Actor,
  plan: Pick<Plan, 'areaIds'>,
  measure: { departmentId: string | null },
  own: readonly string[],
): boolean =>
  can(actor, PLAN, plan.areaIds) ||
  (!!measure.departmentId && can(actor, ANSWER, plan.areaIds) && own.includes(measure.departmentId));
