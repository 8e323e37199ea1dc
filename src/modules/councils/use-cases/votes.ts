/**
 * Votes in a meeting (BODY-2, and the jury decisions of FUND-3): recorded per agenda item with yes,
 * no and abstain counts (open or secret) or each member's ballot (by name), refused without quorum,
 * with the result by the body's majority rule and the resolution text.
 */
import { and, eq, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { withParams } from '../../../platform/i18n/index.ts';
import { agendaItems, ballots, meetings, votes } from '../db/schema.ts';
import { countBallots, itemQuorum, voteErrors, voteOutcome } from '../domain/votes.ts';
import { isMember, loadItem, MANAGE, meetingDate, READ } from '../policies.ts';
import {
  type AgendaItem,
  type Ballot,
  getAgendaItem,
  getVote,
  listAttendance,
  listBallots,
  listConflicts,
  listMembers,
  type Vote,
} from '../queries.ts';
import { parse, type VoteInputData, voteInput } from '../schemas.ts';

/** How far ahead a meeting may lie and still take votes (a meeting that runs late at night). */
const AHEAD_MS = 86_400_000;

export interface RecordedVote extends Vote {
  ballots: Ballot[];
}

/**
 * Records a vote on an agenda item. The quorum is counted for this item: the voting members in term
 * on the meeting's date, less those who declared a conflict of interest on it, against those of them
 * who were there for the item. Without quorum the vote is refused and the message says how many were
 * present and needed. A vote by name refuses the ballot of a member with a conflict of interest, of a
 * member who was not there, and a second ballot. A carried vote on the approval of minutes approves
 * them and publishes the public part of a public meeting's minutes.
 */
export async function recordVote(
  actor: Actor,
  db: Db,
  agendaItemId: string,
  input: VoteInputData,
): Promise<RecordedVote> {
  authorize(actor, MANAGE);
  const { item, meeting, body } = await loadItem(actor, db, agendaItemId, MANAGE);
  const v = parse(voteInput, input);
  if (meeting.status === 'cancelled') throw new ValidationError({ kind: 'councils:errors.meetingCancelled' });
  if (meeting.startsAt.getTime() > Date.now() + AHEAD_MS)
    throw new ValidationError({ kind: 'councils:errors.meetingNotYet' });
  return db.transaction(async (tx) => {
    // One vote or conflict declaration at a time per item: the conflicts read here stay true.
    await tx
      .select({ id: agendaItems.id })
      .from(agendaItems)
      .where(and(ofTenant(agendaItems, actor.tenantId), eq(agendaItems.id, item.id)))
      .for('update');
    const conflicted = new Set(
      (await listConflicts(tx, actor.tenantId, { agendaItemId: item.id })).map((c) => c.memberId),
    );
    const quorum = itemQuorum({
      rules: body,
      members: await listMembers(tx, actor.tenantId, body.id),
      date: meetingDate(meeting),
      attendance: await listAttendance(tx, actor.tenantId, meeting.id),
      conflicted,
      position: item.position,
    });
    const errors = voteErrors(v, {
      itemKind: item.kind,
      voteByNameRequired: body.voteByNameRequired,
      quorum,
      conflicted,
      rules: body,
    });
    if (errors.quorum)
      errors.quorum = withParams(errors.quorum, {
        present: quorum.present.length,
        entitled: quorum.entitled.length,
        needed: quorum.needed,
      });
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const counts = v.kind === 'by_name' ? countBallots(v.ballots ?? []) : v.counts!;
    const outcome = voteOutcome(counts, body, v.chairCasting);
    const [vote] = await tx
      .insert(votes)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        agendaItemId: item.id,
        kind: v.kind,
        subject: v.subject,
        ...counts,
        entitled: quorum.entitled.length,
        presentMemberIds: quorum.present,
        quorum: quorum.needed,
        chairCasting: outcome.casting ? v.chairCasting : null,
        result: outcome.result!,
        resolution: v.resolution,
        recordedBy: actor.userId ?? null,
      })
      .returning();
    const recorded =
      v.kind === 'by_name' && v.ballots?.length
        ? await tx
            .insert(ballots)
            .values(
              v.ballots.map((b) => ({
                tenantId: actor.tenantId,
                id: newId(),
                voteId: vote.id,
                memberId: b.memberId,
                choice: b.choice,
              })),
            )
            .returning()
        : [];
    if (item.kind === 'approval_of_minutes' && item.minutesOf && vote.result === 'accepted')
      await tx
        .update(meetings)
        .set({
          minutesStatus: 'approved',
          minutesApprovedIn: meeting.id,
          // The public part of a public meeting's minutes is published with the approval.
          minutesPublishedAt: sql`case when ${meetings.public} then now() end`,
          updatedAt: new Date(),
        })
        .where(and(ofTenant(meetings, actor.tenantId), eq(meetings.id, item.minutesOf)));
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'create',
      entityType: 'councils.vote',
      entityId: vote.id,
      details: {
        agendaItemId: item.id,
        result: vote.result,
        yes: vote.yes,
        no: vote.no,
        abstain: vote.abstain,
      },
    });
    return { ...vote, ballots: recorded };
  });
}

/**
 * A vote with its ballots and agenda item, for a member who may read the body. Votes on closed items
 * only for the staff who manage the body and its members.
 */
export async function voteFor(
  actor: Actor,
  db: Db,
  voteId: string,
): Promise<RecordedVote & { item: AgendaItem }> {
  authorize(actor, READ);
  const vote = await getVote(db, actor.tenantId, voteId);
  const item = vote && (await getAgendaItem(db, actor.tenantId, vote.agendaItemId));
  if (!vote || !item) throw new AppError(404, 'vote_not_found');
  const { body, meeting } = await loadItem(actor, db, item.id, READ);
  const inner = can(actor, MANAGE, body.areaIds) || (await isMember(actor, db, body.id));
  if (!inner && (!item.public || !meeting.public)) throw new AppError(403, 'forbidden');
  return { ...vote, item, ballots: await listBallots(db, actor.tenantId, vote.id) };
}
