/**
 * Withdrawing members' private links to a meeting's papers (staff who manage the body). A link is
 * signed, not stored, so a withdrawal is a row (meeting, member) that `papersByLink` refuses; a new
 * invitation to that meeting sends the member no link. `withdrawAllPaperLinks` covers every meeting
 * of the body whose links still open (up to 30 days after it) — later meetings get new links as
 * usual. Restoring removes the row: the same link opens again.
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { paperLinkWithdrawals } from '../db/schema.ts';
import { loadMeeting, loadMember, MANAGE } from '../policies.ts';
import { getMember, listMeetings, listPaperLinkWithdrawals, type Member } from '../queries.ts';
import { paperLinkExpiry } from './papers.ts';

const audit = (
  db: Db,
  actor: Actor,
  change: 'withdrawn' | 'restored',
  member: Member,
  meetingIds: string[],
) =>
  writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'update',
    entityType: 'councils.member',
    entityId: member.id,
    personal: true,
    details: { paperLinks: change, meetingIds },
  });

async function memberOfMeetingBody(actor: Actor, db: Db, meetingId: string, memberId: string) {
  const { meeting, body } = await loadMeeting(actor, db, meetingId, MANAGE);
  const member = await getMember(db, actor.tenantId, memberId);
  if (!member || member.bodyId !== body.id) throw new AppError(404, 'member_not_found');
  return { meeting, member };
}

/** Withdraws one member's private link to one meeting's papers (again: nothing changes). */
export async function withdrawPaperLink(
  actor: Actor,
  db: Db,
  meetingId: string,
  memberId: string,
): Promise<void> {
  authorize(actor, MANAGE);
  const { meeting, member } = await memberOfMeetingBody(actor, db, meetingId, memberId);
  const [row] = await db
    .insert(paperLinkWithdrawals)
    .values({
      tenantId: actor.tenantId,
      id: newId(),
      meetingId: meeting.id,
      memberId: member.id,
      withdrawnBy: actor.userId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (row) await audit(db, actor, 'withdrawn', member, [meeting.id]);
}

/** Opens a withdrawn link again. */
export async function restorePaperLink(
  actor: Actor,
  db: Db,
  meetingId: string,
  memberId: string,
): Promise<void> {
  authorize(actor, MANAGE);
  const { meeting, member } = await memberOfMeetingBody(actor, db, meetingId, memberId);
  const gone = await db
    .delete(paperLinkWithdrawals)
    .where(
      and(
        ofTenant(paperLinkWithdrawals, actor.tenantId),
        eq(paperLinkWithdrawals.meetingId, meeting.id),
        eq(paperLinkWithdrawals.memberId, member.id),
      ),
    )
    .returning();
  if (gone.length) await audit(db, actor, 'restored', member, [meeting.id]);
}

/**
 * Withdraws every private link of a member that still opens: one per meeting of the body up to 30
 * days past. Returns the meetings now withdrawn.
 */
export async function withdrawAllPaperLinks(
  actor: Actor,
  db: Db,
  memberId: string,
  now: Date = new Date(),
): Promise<string[]> {
  authorize(actor, MANAGE);
  const { member, body } = await loadMember(actor, db, memberId, MANAGE);
  const open = (await listMeetings(db, actor.tenantId, body.id)).filter(
    (m) => paperLinkExpiry(m).getTime() > now.getTime(),
  );
  const done: string[] = [];
  for (const m of open) {
    const [row] = await db
      .insert(paperLinkWithdrawals)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        meetingId: m.id,
        memberId: member.id,
        withdrawnBy: actor.userId ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (row) done.push(m.id);
  }
  if (done.length) await audit(db, actor, 'withdrawn', member, done);
  return done;
}

/** The members whose link to this meeting is withdrawn (ids). */
export async function withdrawnPaperLinks(db: Db, tenantId: string, meetingId: string): Promise<Set<string>> {
  return new Set((await listPaperLinkWithdrawals(db, tenantId, meetingId)).map((w) => w.memberId));
}
