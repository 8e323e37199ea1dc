/**
 * OParl 1.1 keeps an object that is no longer public as `deleted: true` (with its id, type, created
 * and the time of deletion as modified), so that a client syncing with `modified_since` learns of
 * it. What is public of a body, a meeting's agenda item and an uploaded file is computed before and
 * after a change; what went away is written to `councils_oparl_tombstones`, what came back is taken
 * out. Changes that leave a record public (a member's name erased, a meeting cancelled) are ordinary
 * modifications, not deletions.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { oparlTombstones } from '../db/schema.ts';
import {
  type AgendaItem,
  type Body,
  type ItemFile,
  listAgendaItems,
  listItemFiles,
  listMeetings,
  listMembers,
  type Meeting,
} from '../queries.ts';

export type OParlType =
  | 'Organization'
  | 'Person'
  | 'Membership'
  | 'Meeting'
  | 'AgendaItem'
  | 'Paper'
  | 'Consultation'
  | 'File';

export interface OParlObject {
  type: OParlType;
  id: string;
  createdAt: Date;
  meetingId?: string;
}

/** The OParl objects an agenda item (with its uploaded files) gives the public now. */
export function itemObjects(
  body: Pick<Body, 'public'>,
  meeting: Pick<Meeting, 'public' | 'id'>,
  item: Pick<AgendaItem, 'id' | 'public' | 'text' | 'createdAt'>,
  files: Pick<ItemFile, 'id' | 'createdAt'>[],
): OParlObject[] {
  if (!body.public || !meeting.public || !item.public) return [];
  const at = { createdAt: item.createdAt, meetingId: meeting.id };
  const out: OParlObject[] = [{ type: 'AgendaItem', id: item.id, ...at }];
  if (item.text.trim())
    out.push(
      { type: 'Paper', id: item.id, ...at },
      { type: 'Consultation', id: item.id, ...at },
      { type: 'File', id: item.id, ...at },
    );
  for (const f of files) out.push({ type: 'File', id: f.id, createdAt: f.createdAt, meetingId: meeting.id });
  return out;
}

/** Everything a body gives the public now: itself, its members' records, meetings and items. */
export async function bodyObjects(db: Db, tenantId: string, body: Body): Promise<OParlObject[]> {
  if (!body.public) return [];
  const out: OParlObject[] = [{ type: 'Organization', id: body.id, createdAt: body.createdAt }];
  for (const m of await listMembers(db, tenantId, body.id))
    out.push(
      { type: 'Person', id: m.id, createdAt: m.createdAt },
      { type: 'Membership', id: m.id, createdAt: m.createdAt },
    );
  for (const meeting of await listMeetings(db, tenantId, body.id)) {
    if (!meeting.public) continue;
    out.push({ type: 'Meeting', id: meeting.id, createdAt: meeting.createdAt });
    const items = await listAgendaItems(db, tenantId, meeting.id);
    const files = await listItemFiles(
      db,
      tenantId,
      items.map((i) => i.id),
    );
    for (const i of items)
      out.push(
        ...itemObjects(
          body,
          meeting,
          i,
          files.filter((f) => f.agendaItemId === i.id),
        ),
      );
  }
  return out;
}

const keyOf = (o: Pick<OParlObject, 'type' | 'id'>) => `${o.type}:${o.id}`;

/** Records what was public before and is not after; takes back what is public again. */
export async function recordOParlChange(
  db: Db,
  tenantId: string,
  bodyId: string,
  before: OParlObject[],
  after: OParlObject[],
  now = new Date(),
): Promise<void> {
  const still = new Set(after.map(keyOf));
  const gone = before.filter((o) => !still.has(keyOf(o)));
  if (gone.length)
    await db
      .insert(oparlTombstones)
      .values(
        gone.map((o) => ({
          tenantId,
          objectType: o.type,
          objectId: o.id,
          bodyId,
          meetingId: o.meetingId ?? null,
          createdAt: o.createdAt,
          deletedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [oparlTombstones.tenantId, oparlTombstones.objectType, oparlTombstones.objectId],
        set: { deletedAt: now },
      });
  for (const type of new Set(after.map((o) => o.type)))
    await db.delete(oparlTombstones).where(
      and(
        ofTenant(oparlTombstones, tenantId),
        eq(oparlTombstones.objectType, type),
        inArray(
          oparlTombstones.objectId,
          after.filter((o) => o.type === type).map((o) => o.id),
        ),
      ),
    );
}
