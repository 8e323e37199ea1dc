/**
 * The agenda of a meeting (BODY-2): items in order; the approval of the last minutes is put first by
 * itself when those minutes await approval (`minutesToApprove`).
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { agendaItems, attendance, meetings } from '../db/schema.ts';
import { minutesToApprove, nextPosition } from '../domain/agenda.ts';
import { loadMeeting, MANAGE } from '../policies.ts';
import { type AgendaItem, getMeeting, listAgendaItems, listMeetings } from '../queries.ts';
import { type AgendaItemInput, agendaItemInput, parse } from '../schemas.ts';

/**
 * Adds an item at the end of a meeting's agenda. When the body's last meeting held before this one
 * has minutes that await approval and the agenda does not approve them yet, the approval item
 * ("Genehmigung des Protokolls der Sitzung vom …") goes first and the other items move down one place
 * (with the attendance noted by position). Returns every item added, the approval first.
 */
export async function addAgendaItem(
  actor: Actor,
  db: Db,
  meetingId: string,
  input: AgendaItemInput,
): Promise<AgendaItem[]> {
  authorize(actor, MANAGE);
  const { meeting } = await loadMeeting(actor, db, meetingId, MANAGE);
  const v = parse(agendaItemInput, input);
  if (meeting.status === 'cancelled')
    throw new ValidationError({ title: 'councils:errors.meetingCancelled' });
  return db.transaction(async (tx) => {
    // One agenda change at a time per meeting: positions stay unique and gap-free.
    await tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(ofTenant(meetings, actor.tenantId), eq(meetings.id, meeting.id)))
      .for('update');
    const items = await listAgendaItems(tx, actor.tenantId, meeting.id);
    const earlier = await listMeetings(tx, actor.tenantId, meeting.bodyId, { before: meeting.startsAt });
    const approve = minutesToApprove(earlier, meeting, items);
    const added: AgendaItem[] = [];
    if (approve) {
      const of = (await getMeeting(tx, actor.tenantId, approve))!;
      await tx
        .update(agendaItems)
        .set({ position: sql`${agendaItems.position} + 1` })
        .where(and(ofTenant(agendaItems, actor.tenantId), eq(agendaItems.meetingId, meeting.id)));
      await tx
        .update(attendance)
        .set({
          fromPosition: sql`${attendance.fromPosition} + 1`,
          untilPosition: sql`${attendance.untilPosition} + 1`,
        })
        .where(and(ofTenant(attendance, actor.tenantId), eq(attendance.meetingId, meeting.id)));
      const [approval] = await tx
        .insert(agendaItems)
        .values({
          tenantId: actor.tenantId,
          id: newId(),
          meetingId: meeting.id,
          position: 1,
          title: `Genehmigung des Protokolls der Sitzung vom ${formatDate(of.startsAt, 'de', { weekday: undefined, day: '2-digit', month: '2-digit' })}`,
          kind: 'approval_of_minutes',
          public: meeting.public,
          minutesOf: of.id,
        })
        .returning();
      added.push(approval);
    }
    const positions = [...items.map((i) => ({ position: i.position + (approve ? 1 : 0) })), ...added];
    const [item] = await tx
      .insert(agendaItems)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        meetingId: meeting.id,
        position: nextPosition(positions),
        title: v.title,
        kind: v.kind,
        public: v.public ?? meeting.public,
        presenter: v.presenter,
        text: v.text,
      })
      .returning();
    added.push(item);
    return added;
  });
}
