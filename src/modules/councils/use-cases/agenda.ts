/**
 * The agenda of a meeting (BODY-2): items in order; the approval of the last minutes is put first by
 * itself when those minutes await approval (`minutesToApprove`).
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { agendaItems, attendance, conflicts, meetings } from '../db/schema.ts';
import { minutesToApprove, nextPosition } from '../domain/agenda.ts';
import { isMember, loadItem, loadMeeting, MANAGE, READ } from '../policies.ts';
import {
  type AgendaItem,
  type Body,
  getMeeting,
  type ItemFile,
  listAgendaItems,
  listItemFiles,
  listMeetings,
  listVotes,
  type Meeting,
} from '../queries.ts';
import {
  type AgendaItemInput,
  type AgendaItemUpdateInput,
  type AgendaMoveInput,
  agendaItemInput,
  agendaItemUpdateInput,
  agendaMoveInput,
  parse,
} from '../schemas.ts';
import { itemObjects, recordOParlChange } from './oparl-tombstones.ts';
import { auditPaperRead, type PaperRead } from './paper-reads.ts';

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

/**
 * An agenda item with its meeting and body, for a member who may read the body (the item's forms).
 * Closed items and meetings only for the staff who manage the body and its members.
 */
export async function agendaItemFor(
  actor: Actor,
  db: Db,
  itemId: string,
  read?: PaperRead,
): Promise<{ item: AgendaItem; meeting: Meeting; body: Body; files: ItemFile[] }> {
  authorize(actor, READ);
  const found = await loadItem(actor, db, itemId, READ);
  const inner = can(actor, MANAGE, found.body.areaIds) || (await isMember(actor, db, found.body.id));
  if (!inner && (!found.item.public || !found.meeting.public)) throw new AppError(403, 'forbidden');
  const files = await listItemFiles(db, actor.tenantId, [found.item.id]);
  if (read)
    await auditPaperRead(db, actor, {
      read,
      meeting: found.meeting,
      items: [{ ...found.item, files }],
      entity: { type: 'councils.agenda_item', id: found.item.id },
    });
  return { ...found, files };
}

/** Holds the meeting's row: one agenda change at a time per meeting. */
async function lockMeeting(tx: Db, tenantId: string, meetingId: string) {
  await tx
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(ofTenant(meetings, tenantId), eq(meetings.id, meetingId)))
    .for('update');
}

const audit = (db: Db, actor: Actor, action: string, item: AgendaItem, details: Record<string, unknown>) =>
  writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action,
    entityType: 'councils.agenda_item',
    entityId: item.id,
    details: { meetingId: item.meetingId, ...details },
  });

/**
 * Changes an item's title, kind, presenter, text and whether it is public. The approval of the
 * minutes keeps its kind, and no other item becomes one; an item that was voted on cannot become an
 * item for information.
 */
export async function updateAgendaItem(
  actor: Actor,
  db: Db,
  itemId: string,
  input: AgendaItemUpdateInput,
): Promise<AgendaItem> {
  authorize(actor, MANAGE);
  const { item, meeting, body } = await loadItem(actor, db, itemId, MANAGE);
  const v = parse(agendaItemUpdateInput, input);
  const approval = item.kind === 'approval_of_minutes';
  if (!approval && v.kind === 'approval_of_minutes')
    throw new ValidationError({ kind: 'councils:errors.approvalByItself' });
  const kind = approval ? item.kind : v.kind;
  if (kind === 'information' && (await listVotes(db, actor.tenantId, item.id)).length > 0)
    throw new ValidationError({ kind: 'councils:errors.itemHasVotes' });
  const [row] = await db
    .update(agendaItems)
    .set({
      title: v.title,
      kind,
      public: v.public ?? meeting.public,
      presenter: v.presenter,
      text: v.text,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(agendaItems, actor.tenantId), eq(agendaItems.id, item.id)))
    .returning();
  // Made closed, or its text removed: OParl lists what the public had as deleted.
  const files = await listItemFiles(db, actor.tenantId, [item.id]);
  await recordOParlChange(
    db,
    actor.tenantId,
    body.id,
    itemObjects(body, meeting, item, files),
    itemObjects(body, meeting, row, files),
  );
  await audit(db, actor, 'update', row, { title: row.title, kind: row.kind });
  return row;
}

/** Refuses to move or remove items once the meeting was held or cancelled (its agenda is history). */
function agendaOpen(meeting: { status: string }, field: string) {
  if (meeting.status === 'held') throw new ValidationError({ [field]: 'councils:errors.agendaHeld' });
  if (meeting.status === 'cancelled')
    throw new ValidationError({ [field]: 'councils:errors.meetingCancelled' });
}

/**
 * Moves an item one place up or down (it swaps places with its neighbour). Only before the meeting
 * is held: attendance and votes refer to positions. Moving the first item up or the last one down
 * changes nothing.
 */
export async function moveAgendaItem(
  actor: Actor,
  db: Db,
  itemId: string,
  input: AgendaMoveInput,
): Promise<AgendaItem[]> {
  authorize(actor, MANAGE);
  const { item, meeting } = await loadItem(actor, db, itemId, MANAGE);
  const v = parse(agendaMoveInput, input);
  agendaOpen(meeting, 'direction');
  return db.transaction(async (tx) => {
    await lockMeeting(tx, actor.tenantId, meeting.id);
    const items = await listAgendaItems(tx, actor.tenantId, meeting.id);
    const at = items.findIndex((i) => i.id === item.id);
    const other = items[v.direction === 'up' ? at - 1 : at + 1];
    if (at < 0 || !other) return items;
    const mine = items[at];
    const swap = async (id: string, position: number) =>
      tx
        .update(agendaItems)
        .set({ position, updatedAt: new Date() })
        .where(and(ofTenant(agendaItems, actor.tenantId), eq(agendaItems.id, id)));
    await swap(mine.id, other.position);
    await swap(other.id, mine.position);
    await audit(tx, actor, 'update', mine, { position: other.position });
    return listAgendaItems(tx, actor.tenantId, meeting.id);
  });
}

/**
 * Removes an item before the meeting is held; the items after it move up one place. The approval
 * of the minutes stays (it comes back by itself anyway), and an item with a vote stays.
 */
export async function removeAgendaItem(actor: Actor, db: Db, itemId: string): Promise<AgendaItem[]> {
  authorize(actor, MANAGE);
  const { item, meeting, body } = await loadItem(actor, db, itemId, MANAGE);
  agendaOpen(meeting, 'item');
  if (item.kind === 'approval_of_minutes')
    throw new ValidationError({ item: 'councils:errors.approvalStays' });
  return db.transaction(async (tx) => {
    await lockMeeting(tx, actor.tenantId, meeting.id);
    if ((await listVotes(tx, actor.tenantId, item.id)).length > 0)
      throw new ValidationError({ item: 'councils:errors.itemHasVotes' });
    // Uploaded papers go first, each on its own (their bytes are in the file storage).
    if ((await listItemFiles(tx, actor.tenantId, [item.id])).length > 0)
      throw new ValidationError({ item: 'councils:errors.itemHasFiles' });
    await tx
      .delete(conflicts)
      .where(and(ofTenant(conflicts, actor.tenantId), eq(conflicts.agendaItemId, item.id)));
    const [gone] = await tx
      .delete(agendaItems)
      .where(and(ofTenant(agendaItems, actor.tenantId), eq(agendaItems.id, item.id)))
      .returning();
    if (gone)
      await tx
        .update(agendaItems)
        .set({ position: sql`${agendaItems.position} - 1` })
        .where(
          and(
            ofTenant(agendaItems, actor.tenantId),
            eq(agendaItems.meetingId, meeting.id),
            gt(agendaItems.position, item.position),
          ),
        );
    await recordOParlChange(tx, actor.tenantId, body.id, itemObjects(body, meeting, item, []), []);
    await audit(tx, actor, 'delete', item, { title: item.title });
    return listAgendaItems(tx, actor.tenantId, meeting.id);
  });
}
