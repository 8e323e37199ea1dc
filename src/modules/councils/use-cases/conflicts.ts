/**
 * Conflicts of interest (Befangenheit, BODY-2 and FUND-3): a member who declares one on an agenda
 * item or a circulation vote does not vote on it and is not counted for its quorum. Staff who manage
 * the body record it, or the member declares it themselves through their account.
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { agendaItems, circulations, conflicts } from '../db/schema.ts';
import { inTermOn } from '../domain/members.ts';
import { loadCirculation, loadItem, MANAGE, meetingDate, READ } from '../policies.ts';
import {
  type Body,
  type Conflict,
  getMember,
  listCirculationBallots,
  listConflicts,
  listVotes,
} from '../queries.ts';
import { type ConflictInput, conflictInput, parse } from '../schemas.ts';

/** The member of this body the conflict is about; only staff or the member themselves declare it. */
async function memberOf(actor: Actor, db: Db, body: Body, memberId: string, date: string) {
  const member = await getMember(db, actor.tenantId, memberId);
  if (!member || member.bodyId !== body.id || !inTermOn(member, date))
    throw new ValidationError({ memberId: 'councils:errors.notAMember' });
  if (!can(actor, MANAGE, body.areaIds) && !(actor.userId && member.userId === actor.userId))
    throw new AppError(403, 'forbidden');
  return member;
}

/**
 * Declares a member's conflict of interest on an agenda item (before a vote on it is recorded) or in
 * a circulation vote (while it is open and before they voted: they leave the members entitled to
 * vote in it). Declaring the same conflict again changes nothing.
 */
export async function declareConflict(actor: Actor, db: Db, input: ConflictInput): Promise<Conflict> {
  authorize(actor, READ);
  const v = parse(conflictInput, input);
  if (v.agendaItemId) {
    const { item, meeting, body } = await loadItem(actor, db, v.agendaItemId, READ);
    const member = await memberOf(actor, db, body, v.memberId, meetingDate(meeting));
    const existing = (await listConflicts(db, actor.tenantId, { agendaItemId: item.id })).find(
      (c) => c.memberId === member.id,
    );
    if (existing) return existing;
    return db.transaction(async (tx) => {
      // Serialised with the votes on this item (recordVote locks the same row).
      await tx
        .select({ id: agendaItems.id })
        .from(agendaItems)
        .where(and(ofTenant(agendaItems, actor.tenantId), eq(agendaItems.id, item.id)))
        .for('update');
      if ((await listVotes(tx, actor.tenantId, item.id)).length > 0)
        throw new ValidationError({ memberId: 'councils:errors.conflictAfterVote' });
      return insert(tx, actor, { memberId: member.id, agendaItemId: item.id, note: v.note });
    });
  }
  const { circulation, body } = await loadCirculation(actor, db, v.circulationId!, READ);
  const member = await memberOf(actor, db, body, v.memberId, meetingDate({ startsAt: circulation.opensAt }));
  const existing = (await listConflicts(db, actor.tenantId, { circulationId: circulation.id })).find(
    (c) => c.memberId === member.id,
  );
  if (existing) return existing;
  if (circulation.closedAt) throw new ValidationError({ memberId: 'councils:errors.circulationClosed' });
  return db.transaction(async (tx) => {
    // Serialised with the ballots of this circulation (they lock the same row).
    const [locked] = await tx
      .select()
      .from(circulations)
      .where(and(ofTenant(circulations, actor.tenantId), eq(circulations.id, circulation.id)))
      .for('update');
    if (locked.closedAt) throw new ValidationError({ memberId: 'councils:errors.circulationClosed' });
    const ballots = await listCirculationBallots(tx, actor.tenantId, circulation.id);
    if (ballots.some((b) => b.memberId === member.id))
      throw new ValidationError({ memberId: 'councils:errors.conflictAfterBallot' });
    await tx
      .update(circulations)
      .set({ entitledMemberIds: locked.entitledMemberIds.filter((id) => id !== member.id) })
      .where(and(ofTenant(circulations, actor.tenantId), eq(circulations.id, circulation.id)));
    return insert(tx, actor, { memberId: member.id, circulationId: circulation.id, note: v.note });
  });
}

async function insert(
  db: Db,
  actor: Actor,
  c: { memberId: string; agendaItemId?: string; circulationId?: string; note: string },
): Promise<Conflict> {
  const [row] = await db
    .insert(conflicts)
    .values({
      tenantId: actor.tenantId,
      id: newId(),
      memberId: c.memberId,
      agendaItemId: c.agendaItemId ?? null,
      circulationId: c.circulationId ?? null,
      note: c.note,
      declaredBy: actor.userId ?? null,
    })
    .returning();
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'create',
    entityType: 'councils.conflict',
    entityId: row.id,
    details: { memberId: c.memberId, agendaItemId: c.agendaItemId, circulationId: c.circulationId },
  });
  return row;
}
