/**
 * Attendance at a meeting (BODY-2): who was present, excused or absent, who came late or left early
 * (by agenda position), and the guests by name. Quorum is computed per vote from this.
 */
import { and, eq, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { attendance, meetings } from '../db/schema.ts';
import { inTermOn } from '../domain/members.ts';
import { loadMeeting, MANAGE, meetingDate } from '../policies.ts';
import { type Attendance, listAttendance, listMembers } from '../queries.ts';
import { type AttendanceInput, attendanceInput, parse } from '../schemas.ts';

/** How far ahead a meeting may lie and still be recorded as held (a meeting that runs late at night). */
const AHEAD_MS = 86_400_000;

/**
 * Records attendance (each entry replaces the member's earlier one) and the guests' names; the
 * meeting counts as held from then on. Every member named must belong to the body on the meeting's
 * date. A meeting more than a day ahead, or cancelled, takes no attendance.
 */
export async function recordAttendance(
  actor: Actor,
  db: Db,
  meetingId: string,
  input: AttendanceInput,
): Promise<Attendance[]> {
  authorize(actor, MANAGE);
  const { meeting } = await loadMeeting(actor, db, meetingId, MANAGE);
  const v = parse(attendanceInput, input);
  if (meeting.status === 'cancelled')
    throw new ValidationError({ entries: 'councils:errors.meetingCancelled' });
  if (meeting.startsAt.getTime() > Date.now() + AHEAD_MS)
    throw new ValidationError({ entries: 'councils:errors.meetingNotYet' });
  const date = meetingDate(meeting);
  const inBody = new Map(
    (await listMembers(db, actor.tenantId, meeting.bodyId))
      .filter((m) => inTermOn(m, date))
      .map((m) => [m.id, m]),
  );
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  v.entries.forEach((e, i) => {
    if (!inBody.has(e.memberId)) errors[`entries.${i}.memberId`] = 'councils:errors.notAMember';
    else if (seen.has(e.memberId)) errors[`entries.${i}.memberId`] = 'councils:errors.memberTwice';
    seen.add(e.memberId);
    const partial = e.status === 'present' || e.status === 'late' || e.status === 'left_early';
    if (!partial && (e.fromPosition !== null || e.untilPosition !== null))
      errors[`entries.${i}.fromPosition`] = 'councils:errors.positionsOnlyWhenThere';
    if (e.fromPosition !== null && e.untilPosition !== null && e.untilPosition < e.fromPosition)
      errors[`entries.${i}.untilPosition`] = 'councils:errors.positionOrder';
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.transaction(async (tx) => {
    for (const e of v.entries)
      await tx
        .insert(attendance)
        .values({
          tenantId: actor.tenantId,
          id: newId(),
          meetingId: meeting.id,
          memberId: e.memberId,
          status: e.status,
          fromPosition: e.fromPosition,
          untilPosition: e.untilPosition,
          recordedBy: actor.userId ?? null,
        })
        .onConflictDoUpdate({
          target: [attendance.tenantId, attendance.meetingId, attendance.memberId],
          set: {
            status: sql`excluded.status`,
            fromPosition: sql`excluded.from_position`,
            untilPosition: sql`excluded.until_position`,
            recordedBy: sql`excluded.recorded_by`,
            updatedAt: new Date(),
          },
        });
    await tx
      .update(meetings)
      .set({
        guestNames: v.guests.filter(Boolean),
        status: 'held',
        updatedAt: new Date(),
      })
      .where(and(ofTenant(meetings, actor.tenantId), eq(meetings.id, meeting.id)));
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'update',
      entityType: 'councils.attendance',
      entityId: meeting.id,
      details: { entries: v.entries.length, guests: v.guests.length },
    });
  });
  return listAttendance(db, actor.tenantId, meeting.id);
}
