/**
 * Reads of closed papers by accounts (staff and members signed in): every page or PDF that shows a
 * closed item's paper — its text, its uploaded files or its minutes — writes one audit entry `read`
 * with the account, the way it was read and the ids of the closed items it held. One entry per view,
 * not per item, so a meeting page with twelve closed items is one line of the log. Reads through a
 * member's private link are logged in `papers.ts` the same way, with the member record.
 */
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import type { AgendaItem, Meeting } from '../queries.ts';

/** How a closed paper was read on the staff side (the audit entry's `via`). */
export type PaperReadVia =
  | 'meeting_page'
  | 'agenda_pdf'
  | 'minutes_page'
  | 'minutes_pdf'
  | 'item_page'
  | 'item_file';

export interface PaperRead {
  via: PaperReadVia;
  ip?: string | null;
}

/** An item is closed when it or its meeting is not public. */
export const isClosedItem = (meeting: Pick<Meeting, 'public'>, item: Pick<AgendaItem, 'public'>): boolean =>
  !meeting.public || !item.public;

/** Whether an item carries anything to read: a text, minutes or an uploaded file. */
export const holdsPaper = (item: Pick<AgendaItem, 'text' | 'minutes'>, files = 0): boolean =>
  item.text.trim().length > 0 || item.minutes.trim().length > 0 || files > 0;

/**
 * Writes one entry when the view held closed papers; nothing for public ones. `entity` is what was
 * opened (the meeting, or one item or file).
 */
export async function auditPaperRead(
  db: Db,
  actor: Actor,
  o: {
    read: PaperRead;
    meeting: Meeting;
    items: (AgendaItem & { files?: readonly unknown[] })[];
    entity?: { type: 'councils.agenda_item' | 'councils.item_file'; id: string };
  },
): Promise<void> {
  const closed = o.items.filter((i) => isClosedItem(o.meeting, i) && holdsPaper(i, i.files?.length ?? 0));
  if (closed.length === 0) return;
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'read',
    entityType: o.entity?.type ?? 'councils.meeting',
    entityId: o.entity?.id ?? o.meeting.id,
    details: {
      via: o.read.via,
      meetingId: o.meeting.id,
      closedItemIds: closed.map((i) => i.id),
    },
    ip: o.read.ip ?? null,
  });
}
