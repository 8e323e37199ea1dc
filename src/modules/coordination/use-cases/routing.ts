/**
 * Routing (COORD-2): district coordination sends a need to one or more departments, each with its own
 * deadline; each department answers and sets its status there; overdue routings go to a steering round
 * (an agenda item of a body, through the platform's agenda hook). Every status change is audited.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { agendaHookOf } from '../../../platform/agenda.ts';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import type { AgendaBody } from '../../../platform/modules.ts';
import { formatDate, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import { routings } from '../db/schema.ts';
import { canMove, isOverdue } from '../domain/status.ts';
import { ANSWER, loadNeed, loadRoutingToAnswer, ROUTE } from '../policies.ts';
import { getDepartment, listDepartments, lockRouting, type Routing } from '../queries.ts';
import {
  type AnswerInput,
  answerInput,
  type EscalateInput,
  escalateInput,
  parse,
  type RouteInput,
  routeInput,
} from '../schemas.ts';
import { worksIn } from './shared.ts';

/** Routes the need to departments, each with its deadline (a department at most once per need). */
export async function routeNeed(actor: Actor, db: Db, needId: string, input: RouteInput): Promise<Routing[]> {
  authorize(actor, ROUTE);
  const { need, routings: existing } = await loadNeed(actor, db, needId);
  authorize(actor, ROUTE, need.areaIds);
  const v = parse(routeInput, input);
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [i, r] of v.routes.entries()) {
    const d = await getDepartment(db, actor.tenantId, r.departmentId);
    if (!d || d.archivedAt) errors[`routes.${i}.departmentId`] = 'validation.choice';
    else if (!worksIn(d, need))
      errors[`routes.${i}.departmentId`] = 'coordination:errors.departmentNotInArea';
    else if (seen.has(d.id) || existing.some((x) => x.departmentId === d.id))
      errors[`routes.${i}.departmentId`] = 'coordination:errors.alreadyRouted';
    seen.add(r.departmentId);
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const made = await tx
      .insert(routings)
      .values(
        v.routes.map((r) => ({
          tenantId: actor.tenantId,
          id: newId(),
          needId: need.id,
          departmentId: r.departmentId,
          deadline: r.deadline,
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
    return made;
  });
}

/**
 * A department's answer and its status there (in progress, answered, closed): forward only; an answer
 * needs its text. Without a status change the text of the answer may still be corrected (until closed).
 */
export async function answerRouting(
  actor: Actor,
  db: Db,
  routingId: string,
  input: AnswerInput,
): Promise<Routing> {
  authorize(actor, ANSWER);
  const { routing } = await loadRoutingToAnswer(actor, db, routingId);
  const v = parse(answerInput, input);
  return db.transaction(async (tx) => {
    const current = (await lockRouting(tx, actor.tenantId, routing.id))!;
    const same = current.status === v.status;
    if (!same && !canMove(current.status, v.status))
      throw new ValidationError({ status: `coordination:errors.move.${current.status}` });
    if (same && current.status === 'closed')
      throw new ValidationError({ status: 'coordination:errors.move.closed' });
    const answer = v.answer || current.answer;
    if (v.status === 'answered' && !answer)
      throw new ValidationError({ answer: 'coordination:errors.answerRequired' });
    const answeredNow = v.answer && v.answer !== current.answer;
    const [row] = await tx
      .update(routings)
      .set({
        status: v.status,
        answer,
        answeredAt: answeredNow ? new Date() : current.answeredAt,
        answeredBy: answeredNow ? (actor.userId ?? null) : current.answeredBy,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(routings, actor.tenantId), eq(routings.id, current.id)))
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'coordination_routing',
      entityId: row.id,
      details: { needId: row.needId, from: current.status, status: row.status, answerChanged: !!answeredNow },
    });
    return row;
  });
}

/** Bodies the member may escalate to (steering rounds they manage), with each one's next meeting. */
export async function escalationTargetsFor(
  actor: Actor,
  services: Services,
  now = new Date(),
): Promise<AgendaBody[]> {
  authorize(actor, ROUTE);
  const hook = agendaHookOf(services);
  return hook ? hook.bodies(services, actor, now) : [];
}

/**
 * Escalates the need's overdue routings to a steering round: one agenda item on the chosen body's next
 * meeting (or a new meeting on the date given when none is planned) naming each overdue department and
 * its deadline. The routings note where they went.
 */
export async function escalateNeed(
  actor: Actor,
  services: Services,
  needId: string,
  input: EscalateInput,
  o: { now?: Date } = {},
): Promise<{ meetingId: string; itemId: string; path: string }> {
  authorize(actor, ROUTE);
  const { db } = services;
  const { need, routings: list } = await loadNeed(actor, db, needId);
  authorize(actor, ROUTE, need.areaIds);
  const v = parse(escalateInput, input);
  const now = o.now ?? new Date();
  const today = todayLocal(now);
  const overdue = list.filter((r) => isOverdue(r, today));
  if (overdue.length === 0) throw new ValidationError({ bodyId: 'coordination:errors.nothingOverdue' });
  const hook = agendaHookOf(services);
  if (!hook) throw new AppError(409, 'no_agenda_module');
  const body = (await hook.bodies(services, actor, now)).find((b) => b.id === v.bodyId);
  if (!body) throw new ValidationError({ bodyId: 'validation.choice' });
  if (!body.nextMeeting && !v.date) throw new ValidationError({ date: 'coordination:errors.noNextMeeting' });
  const names = new Map(
    (await listDepartments(db, actor.tenantId, { archived: true })).map((d) => [d.id, d.name]),
  );
  const lines = overdue.map(
    (r) =>
      `– ${names.get(r.departmentId) ?? ''}: Frist ${formatDate(r.deadline, 'de')}, ${r.status === 'sent' ? 'keine Rückmeldung' : 'in Bearbeitung, keine Antwort'}`,
  );
  const placed = await hook.addItem(services, actor, {
    bodyId: v.bodyId,
    title: `Bedarfsmeldung ohne Antwort: ${need.title}`.slice(0, 300),
    text: [need.description, '', 'Überfällige Rückmeldungen der Fachämter:', ...lines]
      .join('\n')
      .slice(0, 20_000),
    startsAt: v.date ? localToInstant(v.date, v.time) : null,
    now,
  });
  await db.transaction(async (tx) => {
    await tx
      .update(routings)
      .set({
        escalatedAt: now,
        escalationBodyId: v.bodyId,
        escalationMeetingId: placed.meetingId,
        escalationItemId: placed.itemId,
        updatedAt: now,
      })
      .where(
        and(
          ofTenant(routings, actor.tenantId),
          inArray(
            routings.id,
            overdue.map((r) => r.id),
          ),
        ),
      );
    for (const r of overdue)
      await writeAudit(tx, {
        tenantId: actor.tenantId,
        actorUserId: actor.userId,
        action: 'update',
        entityType: 'coordination_routing',
        entityId: r.id,
        details: {
          needId: need.id,
          escalated: true,
          bodyId: v.bodyId,
          meetingId: placed.meetingId,
          itemId: placed.itemId,
        },
      });
  });
  return placed;
}
