/**
 * Undoing a moderation decision for a short time after it was made ("Rückgängig" on the queue's
 * confirmation). The decision's audit entry holds the state before it (moderation.ts); undoing
 * puts that back, and the decision's mail to the submitter is withdrawn while it still waits in the
 * outbox. A mail already sent cannot be called back: the submitter then gets a short mail that the
 * decision was withdrawn and their submission is being looked at again.
 */
import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { auditLog, writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { mailOutbox } from '../../../platform/mail/index.ts';
import { events } from '../db/schema.ts';
import { authorizeEvent, PERMS } from '../policies.ts';
import { getEvent } from './events.ts';
import { eventsChanged } from './listing.ts';
import { type DecisionUndo, mailSubmitter } from './moderation.ts';

/** How long a decision can be undone (checked on the server, from the decision's audit entry). */
export const UNDO_MINUTES = 10;

export interface UndoResult {
  undone: string[];
  /** Decision mails taken back from the outbox before they went out. */
  mailsWithdrawn: number;
  /** Submitters who had their mail already and are told the decision was withdrawn. */
  noticesSent: number;
}

/**
 * The member's own latest decision on each event, if it can still be undone: made by them, within
 * UNDO_MINUTES, on a new submission, not undone yet, and nothing decided on the event since.
 */
async function undoableDecision(db: Db, actor: Actor, eventId: string, now: Date) {
  const [latest] = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      actorUserId: auditLog.actorUserId,
      details: auditLog.details,
    })
    .from(auditLog)
    .where(
      and(
        ofTenant(auditLog, actor.tenantId),
        eq(auditLog.entityType, 'event'),
        eq(auditLog.entityId, eventId),
        like(auditLog.action, 'moderate.%'),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  const undo = (latest?.details as { undo?: DecisionUndo } | null)?.undo;
  if (!latest || latest.action === 'moderate.undo' || !undo) return undefined;
  if (!actor.userId || latest.actorUserId !== actor.userId) return undefined;
  if (now.getTime() - new Date(undo.at).getTime() > UNDO_MINUTES * 60_000) return undefined;
  return { id: latest.id, undo };
}

/** Which of these events the member may still undo their decision on (for the confirmation). */
export async function undoableDecisions(actor: Actor, db: Db, eventIds: string[]): Promise<string[]> {
  authorize(actor, PERMS.moderate);
  const now = new Date();
  const out: string[] = [];
  for (const id of [...new Set(eventIds)].filter(isUuid).slice(0, 200)) {
    const e = await getEvent(db, actor.tenantId, id);
    if (!e) continue;
    try {
      authorizeEvent(actor, e, PERMS.moderate);
    } catch {
      continue;
    }
    if (await undoableDecision(db, actor, id, now)) out.push(id);
  }
  return out;
}

/**
 * Undoes the member's decisions on the given events. Every event must be theirs to moderate and
 * every decision still undoable (checked for all before anything changes): otherwise 404 for an
 * event they cannot see, 403 outside their areas, 409 'undo_expired' when the time is over or
 * someone acted on the event since.
 */
export async function undoDecisions(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  eventIds: string[],
): Promise<UndoResult> {
  authorize(actor, PERMS.moderate);
  if (actor.tenantId !== tenant.id) throw new AppError(403, 'forbidden');
  const db = services.db;
  const ids = [...new Set(eventIds)];
  if (ids.length === 0 || ids.length > 200 || !ids.every(isUuid)) throw new AppError(404, 'event_not_found');
  const now = new Date();
  const plan: { eventId: string; decisionId: string; undo: DecisionUndo }[] = [];
  for (const id of ids) {
    const e = await getEvent(db, tenant.id, id);
    if (!e) throw new AppError(404, 'event_not_found');
    authorizeEvent(actor, e, PERMS.moderate);
    const d = await undoableDecision(db, actor, id, now);
    if (!d || e.moderatedAt?.toISOString() !== d.undo.at) throw new AppError(409, 'undo_expired');
    plan.push({ eventId: id, decisionId: d.id, undo: d.undo });
  }
  const result: UndoResult = { undone: [], mailsWithdrawn: 0, noticesSent: 0 };
  await db
    .transaction(async (tx) => {
      for (const p of plan) {
        // The event as the decision left it, locked: a second undo (or a new decision) waits and
        // then finds the moderation time changed.
        const [row] = await tx
          .select({ moderatedAt: events.moderatedAt })
          .from(events)
          .where(and(ofTenant(events, tenant.id), eq(events.id, p.eventId)))
          .for('update');
        if (row?.moderatedAt?.toISOString() !== p.undo.at) throw new AppError(409, 'undo_expired');
        let withdrawn = false;
        if (p.undo.mailId) {
          // Only a mail still waiting: one being sent or sent already is not taken back.
          const gone = await tx
            .delete(mailOutbox)
            .where(
              and(
                eq(mailOutbox.tenantId, tenant.id),
                inArray(mailOutbox.id, [p.undo.mailId]),
                eq(mailOutbox.status, 'pending'),
                sql`${mailOutbox.attempts} = 0`,
              ),
            )
            .returning({ id: mailOutbox.id });
          withdrawn = gone.length > 0;
        }
        await tx
          .update(events)
          .set({
            status: p.undo.status,
            moderationNote: p.undo.moderationNote ?? '',
            moderatedBy: p.undo.moderatedBy,
            moderatedAt: p.undo.moderatedAt ? new Date(p.undo.moderatedAt) : null,
            publishedAt: p.undo.publishedAt ? new Date(p.undo.publishedAt) : null,
            // The link of the withdrawn mail was never seen: the one mailed before works again.
            ...(withdrawn ? { editTokenHash: p.undo.linkHash } : {}),
            updatedAt: new Date(),
          })
          .where(and(ofTenant(events, tenant.id), eq(events.id, p.eventId)));
        let notice = false;
        if (p.undo.mailId && !withdrawn) {
          const e = (await getEvent(tx, tenant.id, p.eventId))!;
          notice = !!(await mailSubmitter(tx, services, tenant, e, 'decisionWithdrawn', ''));
        }
        await writeAudit(tx, {
          tenantId: tenant.id,
          actorUserId: actor.userId ?? null,
          action: 'moderate.undo',
          entityType: 'event',
          entityId: p.eventId,
          details: { undoes: p.decisionId, mailWithdrawn: withdrawn, noticeSent: notice },
        });
        result.undone.push(p.eventId);
        if (withdrawn) result.mailsWithdrawn++;
        if (notice) result.noticesSent++;
      }
    })
    .finally(() => eventsChanged(tenant.id));
  return result;
}
