/**
 * Recommendations to the administration (BODY-3): a body's carried resolution becomes a need whose
 * source is the body, its agenda item and the vote, addressed by the body to one or more departments
 * (routed at once, one deadline). The councils module checks the body, the item and the vote, then
 * calls `reportRecommendation`; its body pages list them with `recommendationsOfBody` (staff) and
 * `publicRecommendations` (the public page of a public body).
 */
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { needs, routings } from '../db/schema.ts';
import { overallStatus } from '../domain/status.ts';
import type { NeedStatus, RoutingStatus } from '../domain/vocab.ts';
import { canSeeNeed, ownDepartmentIds, READ, REPORT } from '../policies.ts';
import { getDepartment, listDepartments, listNeedsOfBody, listRoutingsOf, type Need } from '../queries.ts';
import { parse, type RecommendationInput, recommendationInput } from '../schemas.ts';
import { areaIdsOf, type NeedSummary, summarise, worksIn } from './shared.ts';

/**
 * Records the recommendation of a body's resolution as a need routed to the departments it names.
 * The caller (councils) has checked that the member manages the body and that the vote carried; here
 * the member must be allowed to report needs in the body's area.
 */
export async function reportRecommendation(actor: Actor, db: Db, input: RecommendationInput): Promise<Need> {
  authorize(actor, REPORT);
  const v = parse(recommendationInput, input);
  const areaIds = await areaIdsOf(db, actor.tenantId, v.areaId);
  authorize(actor, REPORT, areaIds);
  const departmentIds = [...new Set(v.departmentIds)];
  for (const id of departmentIds) {
    const d = await getDepartment(db, actor.tenantId, id);
    if (!d || d.archivedAt) throw new ValidationError({ departmentIds: 'validation.choice' });
    if (!worksIn(d, { areaIds }))
      throw new ValidationError({ departmentIds: 'coordination:errors.departmentNotInArea' });
  }
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
        urgency: 'normal',
        sourceKind: 'body',
        sourceBodyId: v.bodyId,
        sourceItemId: v.agendaItemId,
        sourceVoteId: v.voteId,
        sourceLabel: v.bodyName,
        createdBy: actor.userId ?? null,
      })
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'create',
      entityType: 'coordination_need',
      entityId: need.id,
      details: {
        status: 'reported',
        source: 'body',
        bodyId: v.bodyId,
        agendaItemId: v.agendaItemId,
        voteId: v.voteId,
      },
    });
    const made = await tx
      .insert(routings)
      .values(
        departmentIds.map((departmentId) => ({
          tenantId: actor.tenantId,
          id: newId(),
          needId: need.id,
          departmentId,
          deadline: v.deadline,
          status: 'sent' as const,
          routedBy: actor.userId ?? null,
        })),
      )
      .returning();
    for (const r of made)
      await writeAudit(tx, {
        tenantId: actor.tenantId,
        actorUserId: actor.userId,
        action: 'update',
        entityType: 'coordination_routing',
        entityId: r.id,
        details: { needId: need.id, departmentId: r.departmentId, deadline: r.deadline, status: 'sent' },
      });
    return need;
  });
}

/** A body's recommendations the member may see, with their routings and answers (newest first). */
export async function recommendationsOfBody(actor: Actor, db: Db, bodyId: string): Promise<NeedSummary[]> {
  authorize(actor, READ);
  const list = await listNeedsOfBody(db, actor.tenantId, bodyId);
  const rs = await listRoutingsOf(
    db,
    actor.tenantId,
    list.map((n) => n.id),
  );
  const own = await ownDepartmentIds(actor, db);
  const departments = new Map(
    (await listDepartments(db, actor.tenantId, { archived: true })).map((d) => [d.id, d]),
  );
  const today = todayLocal();
  return list
    .map((n) => ({ n, r: rs.filter((x) => x.needId === n.id) }))
    .filter(({ n, r }) =>
      canSeeNeed(
        actor,
        n,
        r.map((x) => x.departmentId),
        own,
      ),
    )
    .map(({ n, r }) => summarise(actor, n, r, departments, own, today));
}

/** What the public page of a body shows of one recommendation: no names of staff, no internal notes. */
export interface PublicRecommendation {
  id: string;
  title: string;
  description: string;
  createdAt: Date;
  status: NeedStatus;
  answers: {
    department: string;
    shortName: string;
    status: RoutingStatus;
    /** The department's answer once it answered (empty before). */
    answer: string;
    answeredAt: Date | null;
  }[];
}

/**
 * A body's recommendations for its public page (no member asks: the councils module shows them only
 * for a public body). The departments' answers once given, with the department's name, never a person.
 */
export async function publicRecommendations(
  db: Db,
  tenantId: string,
  bodyId: string,
): Promise<PublicRecommendation[]> {
  const list = await listNeedsOfBody(db, tenantId, bodyId);
  const rs = await listRoutingsOf(
    db,
    tenantId,
    list.map((n) => n.id),
  );
  const departments = new Map(
    (await listDepartments(db, tenantId, { archived: true })).map((d) => [d.id, d]),
  );
  return list.map((n) => {
    const mine = rs.filter((r) => r.needId === n.id);
    return {
      id: n.id,
      title: n.title,
      description: n.description,
      createdAt: n.createdAt,
      status: overallStatus(mine),
      answers: mine.map((r) => ({
        department: departments.get(r.departmentId)?.name ?? '',
        shortName: departments.get(r.departmentId)?.shortName ?? '',
        status: r.status,
        answer: r.status === 'answered' || r.status === 'closed' ? r.answer : '',
        answeredAt: r.status === 'answered' || r.status === 'closed' ? r.answeredAt : null,
      })),
    };
  });
}
