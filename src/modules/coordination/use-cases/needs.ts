/**
 * Needs (COORD-2): a team member reports what is missing in an area; the list and the page of a need
 * with its routings, the departments' answers and the overall status derived from them.
 */
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can, type Scope, scopeOf } from '../../../platform/authz.ts';
import { type Db, newId } from '../../../platform/db/index.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { needs } from '../db/schema.ts';
import { awaitsAnswer, listOrder, needOverdue } from '../domain/status.ts';
import type { NeedStatus } from '../domain/vocab.ts';
import { canSeeNeed, loadNeed, ownDepartmentIds, READ, REPORT, ROUTE } from '../policies.ts';
import {
  type Department,
  listDepartments,
  listNeeds,
  listNeedsRoutedTo,
  listRoutingsOf,
  type Need,
} from '../queries.ts';
import { type NeedInput, needInput, parse } from '../schemas.ts';
import { areaIdsOf, type NeedSummary, summarise, worksIn } from './shared.ts';

/** Reports a need from an area the member works in (their team area, or anywhere as coordination). */
export async function reportNeed(actor: Actor, db: Db, input: NeedInput): Promise<Need> {
  authorize(actor, REPORT);
  const v = parse(needInput, input);
  const areaIds = await areaIdsOf(db, actor.tenantId, v.areaId);
  authorize(actor, REPORT, areaIds);
  return db.transaction(async (tx) => {
    const [need] = await tx
      .insert(needs)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        title: v.title,
        description: v.description,
        areaId: v.areaId,
        areaIds,
        topic: v.topic,
        evidence: v.evidence,
        urgency: v.urgency,
        sourceKind: 'team',
        reporterUserId: actor.userId ?? null,
        createdBy: actor.userId ?? null,
      })
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'create',
      entityType: 'coordination_need',
      entityId: need.id,
      details: { status: 'reported', areaId: v.areaId, topic: v.topic, urgency: v.urgency },
    });
    return need;
  });
}

const byId = (list: readonly Department[]) => new Map(list.map((d) => [d.id, d]));

export interface NeedView {
  need: NeedSummary;
  /** Active departments that work in the need's area and have no routing of it yet (route form). */
  routable: Department[];
  mayRoute: boolean;
  /** Overdue routings can go to a steering round. */
  mayEscalate: boolean;
}

/** A need with its routings and answers; 404 when it does not exist for the member. */
export async function needFor(
  actor: Actor,
  db: Db,
  id: string,
  o: { today?: string } = {},
): Promise<NeedView> {
  const { need, routings, own } = await loadNeed(actor, db, id);
  const all = await listDepartments(db, actor.tenantId, { archived: true });
  const today = o.today ?? todayLocal();
  const summary = summarise(actor, need, routings, byId(all), own, today);
  const mayRoute = can(actor, ROUTE, need.areaIds);
  return {
    need: summary,
    routable: mayRoute
      ? all.filter((d) => !d.archivedAt && worksIn(d, need) && !routings.some((r) => r.departmentId === d.id))
      : [],
    mayRoute,
    mayEscalate: mayRoute && needOverdue(routings, today),
  };
}

export interface NeedFilter {
  status?: NeedStatus;
  areaId?: string;
  departmentId?: string;
  overdue?: boolean;
  /** Only needs waiting for the answer of one of the member's own departments. */
  mine?: boolean;
  today?: string;
}

/** The union of two scopes (null: the whole tenant). */
const union = (a: Scope, b: Scope): Scope => (a === null || b === null ? null : [...new Set([...a, ...b])]);

/**
 * The needs the member may see, filtered, overdue first: district coordination and the area's team
 * see their areas' needs; department staff the needs routed to their department in their areas.
 */
export async function listNeedsFor(actor: Actor, db: Db, f: NeedFilter = {}): Promise<NeedSummary[]> {
  authorize(actor, READ);
  const today = f.today ?? todayLocal();
  const own = await ownDepartmentIds(actor, db);
  const areaScope = union(scopeOf(actor, ROUTE), scopeOf(actor, REPORT));
  const [inAreas, routedToOwn] = await Promise.all([
    areaScope !== null && areaScope.length === 0 ? [] : listNeeds(db, actor.tenantId, areaScope),
    listNeedsRoutedTo(db, actor.tenantId, own, scopeOf(actor, READ)),
  ]);
  const seen = new Set<string>();
  const list = [...inAreas, ...routedToOwn].filter((n) => !seen.has(n.id) && !!seen.add(n.id));
  const routings = await listRoutingsOf(
    db,
    actor.tenantId,
    list.map((n) => n.id),
  );
  const departments = byId(await listDepartments(db, actor.tenantId, { archived: true }));
  return list
    .map((n) => {
      const rs = routings.filter((r) => r.needId === n.id);
      return { n, rs };
    })
    .filter(({ n, rs }) =>
      canSeeNeed(
        actor,
        n,
        rs.map((r) => r.departmentId),
        own,
      ),
    )
    .map(({ n, rs }) => summarise(actor, n, rs, departments, own, today))
    .filter(
      (s) =>
        (!f.status || s.status === f.status) &&
        (!f.areaId || s.areaIds.includes(f.areaId)) &&
        (!f.departmentId || s.routings.some((r) => r.departmentId === f.departmentId)) &&
        (!f.overdue || s.overdueDays > 0) &&
        (!f.mine || s.routings.some((r) => own.includes(r.departmentId) && awaitsAnswer(r))),
    )
    .sort(listOrder);
}
