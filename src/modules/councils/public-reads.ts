// What the public may read of the councils: the one place that says which bodies, meetings, agenda
// items, votes and member records are public. The public body pages and the OParl API read only
// through here; every query is scoped to one tenant (ofTenant).
//
// Public means: the body meets in public (`councils_bodies.public`); of its meetings only the public
// ones; of their agenda items only the public ones (votes and resolution texts with them). Member
// records of public bodies are public as records (kind, role, vote, term) — their names only with
// recorded consent (domain/public.ts), their contact data never.
import {
  and,
  asc,
  count,
  eq,
  gte,
  inArray,
  isNotNull,
  ne,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { type Db, isUuid, ofTenant, rowsVersion } from '../../platform/db/index.ts';
import { agendaItems, bodies, itemFiles, meetings, members, oparlTombstones, votes } from './db/schema.ts';
import type { AgendaItem, Body, ItemFile, Meeting, Member, Vote } from './queries.ts';

/** The OParl filters: objects created or modified in a window (both ends included). */
export interface Changed {
  createdSince?: Date;
  createdUntil?: Date;
  modifiedSince?: Date;
  modifiedUntil?: Date;
}

/** A page of a list. */
export interface Window {
  limit: number;
  offset: number;
}

export interface Listed<T> {
  rows: T[];
  total: number;
}

/** A row with the time it (or something shown inside it) last changed. */
export type WithModified<T> = T & { modified: Date };

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

function changedWhere(created: SQLWrapper, modified: SQLWrapper, f: Changed): SQL | undefined {
  return and(
    f.createdSince ? sql`${created} >= ${at(f.createdSince)}` : undefined,
    f.createdUntil ? sql`${created} <= ${at(f.createdUntil)}` : undefined,
    f.modifiedSince ? sql`${modified} >= ${at(f.modifiedSince)}` : undefined,
    f.modifiedUntil ? sql`${modified} <= ${at(f.modifiedUntil)}` : undefined,
  );
}

// ── Conditions (the rule, written once) ──────────────────────────────────────────────────────

const publicBody = (tenantId: string) => and(ofTenant(bodies, tenantId), eq(bodies.public, true));
const publicMeeting = (tenantId: string) =>
  and(publicBody(tenantId), ofTenant(meetings, tenantId), eq(meetings.public, true));
const publicItem = (tenantId: string) =>
  and(publicMeeting(tenantId), ofTenant(agendaItems, tenantId), eq(agendaItems.public, true));

const bodyOfMeeting = and(eq(bodies.tenantId, meetings.tenantId), eq(bodies.id, meetings.bodyId));
const meetingOfItem = and(
  eq(meetings.tenantId, agendaItems.tenantId),
  eq(meetings.id, agendaItems.meetingId),
);
const bodyOfMember = and(eq(bodies.tenantId, members.tenantId), eq(bodies.id, members.bodyId));

/** When a meeting last changed, its public agenda items and their votes included. */
const meetingModified = sql`greatest(${meetings.updatedAt},
  (select max(i.updated_at) from councils_agenda_items i
    where i.tenant_id = ${meetings.tenantId} and i.meeting_id = ${meetings.id} and i.public),
  (select max(v.created_at) from councils_votes v
    where v.tenant_id = ${meetings.tenantId} and v.agenda_item_id in (select i.id from councils_agenda_items i
      where i.tenant_id = ${meetings.tenantId} and i.meeting_id = ${meetings.id} and i.public)))`;

/** When an agenda item last changed, its votes included. */
const itemModified = sql`greatest(${agendaItems.updatedAt},
  (select max(v.created_at) from councils_votes v
    where v.tenant_id = ${agendaItems.tenantId} and v.agenda_item_id = ${agendaItems.id}))`;

// ── Bodies (OParl: Organization) ─────────────────────────────────────────────────────────────

export async function listPublicBodies(
  db: Db,
  tenantId: string,
  f: Changed = {},
  w: Window = { limit: 1000, offset: 0 },
): Promise<Listed<Body>> {
  const where = and(publicBody(tenantId), changedWhere(bodies.createdAt, bodies.updatedAt, f));
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(bodies)
      .where(where)
      .orderBy(asc(bodies.name), asc(bodies.id))
      .limit(w.limit)
      .offset(w.offset),
    db.select({ n: count() }).from(bodies).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function getPublicBody(db: Db, tenantId: string, id: string): Promise<Body | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(bodies)
    .where(and(publicBody(tenantId), eq(bodies.id, id)))
    .limit(1);
  return row;
}

export async function getPublicBodyBySlug(db: Db, tenantId: string, slug: string): Promise<Body | undefined> {
  const [row] = await db
    .select()
    .from(bodies)
    .where(and(publicBody(tenantId), eq(bodies.slug, slug)))
    .limit(1);
  return row;
}

// ── Member records (OParl: Person and Membership) ────────────────────────────────────────────

/** Member records of public bodies (all terms, the history included), oldest first. */
export async function listPublicMembers(
  db: Db,
  tenantId: string,
  o: { bodyId?: string; ids?: string[] } = {},
  f: Changed = {},
  w: Window = { limit: 10_000, offset: 0 },
): Promise<Listed<Member>> {
  const ids = o.ids?.filter(isUuid);
  if (ids?.length === 0 || (o.bodyId !== undefined && !isUuid(o.bodyId))) return { rows: [], total: 0 };
  const where = and(
    publicBody(tenantId),
    ofTenant(members, tenantId),
    o.bodyId ? eq(members.bodyId, o.bodyId) : undefined,
    ids ? inArray(members.id, ids) : undefined,
    changedWhere(members.createdAt, members.updatedAt, f),
  );
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ member: members })
      .from(members)
      .innerJoin(bodies, bodyOfMember)
      .where(where)
      .orderBy(asc(members.createdAt), asc(members.id))
      .limit(w.limit)
      .offset(w.offset),
    db.select({ n: count() }).from(members).innerJoin(bodies, bodyOfMember).where(where),
  ]);
  return { rows: rows.map((r) => r.member), total: Number(n) };
}

export async function getPublicMember(db: Db, tenantId: string, id: string): Promise<Member | undefined> {
  if (!isUuid(id)) return undefined;
  return (await listPublicMembers(db, tenantId, { ids: [id] })).rows[0];
}

// ── Meetings ─────────────────────────────────────────────────────────────────────────────────

export interface MeetingQuery {
  bodyId?: string;
  id?: string;
  /** Only meetings starting at or after this time (upcoming), or before it (past). */
  from?: Date;
  before?: Date;
  /** Only meetings whose minutes have been approved. */
  minutesApproved?: boolean;
  newestFirst?: boolean;
}

export async function listPublicMeetings(
  db: Db,
  tenantId: string,
  o: MeetingQuery = {},
  f: Changed = {},
  w: Window = { limit: 1000, offset: 0 },
): Promise<Listed<WithModified<Meeting>>> {
  if (o.id !== undefined && !isUuid(o.id)) return { rows: [], total: 0 };
  if (o.bodyId !== undefined && !isUuid(o.bodyId)) return { rows: [], total: 0 };
  const where = and(
    publicMeeting(tenantId),
    o.bodyId ? eq(meetings.bodyId, o.bodyId) : undefined,
    o.id ? eq(meetings.id, o.id) : undefined,
    o.from ? gte(meetings.startsAt, o.from) : undefined,
    o.before ? sql`${meetings.startsAt} < ${at(o.before)}` : undefined,
    o.minutesApproved ? eq(meetings.minutesStatus, 'approved') : undefined,
    changedWhere(meetings.createdAt, meetingModified, f),
  );
  const order = o.newestFirst
    ? sql`${meetings.startsAt} desc, ${meetings.id} desc`
    : sql`${meetings.startsAt} asc, ${meetings.id} asc`;
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ meeting: meetings, modified: meetingModified.mapWith(asDate) })
      .from(meetings)
      .innerJoin(bodies, bodyOfMeeting)
      .where(where)
      .orderBy(order)
      .limit(w.limit)
      .offset(w.offset),
    db.select({ n: count() }).from(meetings).innerJoin(bodies, bodyOfMeeting).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.meeting, modified: r.modified })), total: Number(n) };
}

export async function getPublicMeeting(
  db: Db,
  tenantId: string,
  id: string,
): Promise<WithModified<Meeting> | undefined> {
  return (await listPublicMeetings(db, tenantId, { id })).rows[0];
}

/** The venues public meetings of the tenant take place at (network venue ids). */
export async function publicVenueIds(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ venueId: meetings.venueId })
    .from(meetings)
    .innerJoin(bodies, bodyOfMeeting)
    .where(and(publicMeeting(tenantId), isNotNull(meetings.venueId)));
  return rows.map((r) => r.venueId).filter((v): v is string => !!v);
}

/** The years (Berlin time) in which public meetings took or take place, in order. */
export async function publicMeetingYears(db: Db, tenantId: string): Promise<number[]> {
  const year = sql<number>`extract(year from ${meetings.startsAt} at time zone 'Europe/Berlin')::int`;
  const rows = await db
    .selectDistinct({ year })
    .from(meetings)
    .innerJoin(bodies, bodyOfMeeting)
    .where(publicMeeting(tenantId))
    .orderBy(year);
  return rows.map((r) => Number(r.year));
}

/** Public meetings of public bodies in a window, with their body: for the public calendar of an area. */
export async function publicMeetingDates(
  db: Db,
  tenantId: string,
  q: { areaId: string | null; from: Date; to: Date; limit: number },
): Promise<{ meeting: Meeting; body: Body }[]> {
  if (q.areaId !== null && !isUuid(q.areaId)) return [];
  return db
    .select({ meeting: meetings, body: bodies })
    .from(meetings)
    .innerJoin(bodies, bodyOfMeeting)
    .where(
      and(
        publicMeeting(tenantId),
        // The body's area and its ancestors are stored with it: an area's calendar shows the bodies
        // of the area and of the areas below it, like its events.
        q.areaId ? sql`${bodies.areaIds} @> array[${q.areaId}]::uuid[]` : undefined,
        gte(meetings.startsAt, q.from),
        sql`${meetings.startsAt} < ${at(q.to)}`,
      ),
    )
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .limit(q.limit);
}

/** Changes with every body and meeting of the tenant (the area page keeps its rendering by it). */
export const publicMeetingsVersionSql = (tenantId: string): SQL =>
  sql`(${rowsVersion(bodies, tenantId)} || '|' || ${rowsVersion(meetings, tenantId)})`;

// ── Agenda items and their votes ─────────────────────────────────────────────────────────────

export type PublicItem = WithModified<AgendaItem> & {
  bodyId: string;
  meetingStartsAt: Date;
  meetingCreatedAt: Date;
  /** Its uploaded papers, when the reader asked for them (`listPublicItemFiles`). */
  files?: ItemFile[];
};

export interface ItemQuery {
  id?: string;
  meetingIds?: string[];
  bodyId?: string;
  /** Only items with a text (OParl: the ones that are a Paper with a File). */
  withText?: boolean;
}

export async function listPublicItems(
  db: Db,
  tenantId: string,
  o: ItemQuery = {},
  f: Changed = {},
  w: Window = { limit: 100_000, offset: 0 },
): Promise<Listed<PublicItem>> {
  if (o.id !== undefined && !isUuid(o.id)) return { rows: [], total: 0 };
  if (o.meetingIds && o.meetingIds.length === 0) return { rows: [], total: 0 };
  const where = and(
    publicItem(tenantId),
    o.id ? eq(agendaItems.id, o.id) : undefined,
    o.meetingIds ? inArray(agendaItems.meetingId, o.meetingIds) : undefined,
    o.bodyId ? eq(meetings.bodyId, o.bodyId) : undefined,
    o.withText ? ne(sql`btrim(${agendaItems.text})`, '') : undefined,
    changedWhere(agendaItems.createdAt, itemModified, f),
  );
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        item: agendaItems,
        modified: itemModified.mapWith(asDate),
        bodyId: meetings.bodyId,
        meetingStartsAt: meetings.startsAt,
        meetingCreatedAt: meetings.createdAt,
      })
      .from(agendaItems)
      .innerJoin(meetings, meetingOfItem)
      .innerJoin(bodies, bodyOfMeeting)
      .where(where)
      .orderBy(asc(meetings.startsAt), asc(meetings.id), asc(agendaItems.position), asc(agendaItems.id))
      .limit(w.limit)
      .offset(w.offset),
    db
      .select({ n: count() })
      .from(agendaItems)
      .innerJoin(meetings, meetingOfItem)
      .innerJoin(bodies, bodyOfMeeting)
      .where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r.item,
      modified: r.modified,
      bodyId: r.bodyId,
      meetingStartsAt: r.meetingStartsAt,
      meetingCreatedAt: r.meetingCreatedAt,
    })),
    total: Number(n),
  };
}

export async function getPublicItem(db: Db, tenantId: string, id: string): Promise<PublicItem | undefined> {
  return (await listPublicItems(db, tenantId, { id })).rows[0];
}

/**
 * The votes of agenda items, by item, in the order they were taken. Call only with public items
 * (from listPublicItems): the votes carry no names, only counts, result and resolution.
 */
export async function votesOfItems(
  db: Db,
  tenantId: string,
  itemIds: string[],
): Promise<Map<string, Vote[]>> {
  const out = new Map<string, Vote[]>();
  if (itemIds.length === 0) return out;
  const rows = await db
    .select()
    .from(votes)
    .where(and(ofTenant(votes, tenantId), inArray(votes.agendaItemId, itemIds)))
    .orderBy(asc(votes.createdAt), asc(votes.id));
  for (const v of rows) out.set(v.agendaItemId, [...(out.get(v.agendaItemId) ?? []), v]);
  return out;
}

// ── Uploaded papers (OParl: File) ────────────────────────────────────────────────────────────

const itemOfFile = and(
  eq(agendaItems.tenantId, itemFiles.tenantId),
  eq(agendaItems.id, itemFiles.agendaItemId),
);

export type PublicItemFile = ItemFile & { meetingId: string; bodyId: string; itemCreatedAt: Date };

/** Uploaded papers of public items of public meetings of public bodies, oldest first. */
export async function listPublicItemFiles(
  db: Db,
  tenantId: string,
  o: { id?: string; itemIds?: string[]; bodyId?: string } = {},
  f: Changed = {},
  w: Window = { limit: 100_000, offset: 0 },
): Promise<Listed<PublicItemFile>> {
  if (o.id !== undefined && !isUuid(o.id)) return { rows: [], total: 0 };
  if (o.itemIds && o.itemIds.length === 0) return { rows: [], total: 0 };
  const where = and(
    publicItem(tenantId),
    ofTenant(itemFiles, tenantId),
    o.id ? eq(itemFiles.id, o.id) : undefined,
    o.itemIds ? inArray(itemFiles.agendaItemId, o.itemIds) : undefined,
    o.bodyId ? eq(meetings.bodyId, o.bodyId) : undefined,
    // A file never changes: its row's creation is its last change.
    changedWhere(itemFiles.createdAt, itemFiles.createdAt, f),
  );
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        file: itemFiles,
        meetingId: agendaItems.meetingId,
        bodyId: meetings.bodyId,
        itemCreatedAt: agendaItems.createdAt,
      })
      .from(itemFiles)
      .innerJoin(agendaItems, itemOfFile)
      .innerJoin(meetings, meetingOfItem)
      .innerJoin(bodies, bodyOfMeeting)
      .where(where)
      .orderBy(asc(itemFiles.createdAt), asc(itemFiles.id))
      .limit(w.limit)
      .offset(w.offset),
    db
      .select({ n: count() })
      .from(itemFiles)
      .innerJoin(agendaItems, itemOfFile)
      .innerJoin(meetings, meetingOfItem)
      .innerJoin(bodies, bodyOfMeeting)
      .where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r.file,
      meetingId: r.meetingId,
      bodyId: r.bodyId,
      itemCreatedAt: r.itemCreatedAt,
    })),
    total: Number(n),
  };
}

export async function getPublicItemFile(
  db: Db,
  tenantId: string,
  id: string,
): Promise<PublicItemFile | undefined> {
  return (await listPublicItemFiles(db, tenantId, { id })).rows[0];
}

// ── Objects no longer public (OParl: deleted) ────────────────────────────────────────────────

export type Tombstone = typeof oparlTombstones.$inferSelect;

/** OParl objects of a type that were public and are no longer, by the time they went. */
export async function listTombstones(
  db: Db,
  tenantId: string,
  objectType: string,
  f: Changed = {},
  w: Window = { limit: 100_000, offset: 0 },
): Promise<Listed<Tombstone>> {
  const where = and(
    ofTenant(oparlTombstones, tenantId),
    eq(oparlTombstones.objectType, objectType),
    changedWhere(oparlTombstones.createdAt, oparlTombstones.deletedAt, f),
  );
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(oparlTombstones)
      .where(where)
      .orderBy(asc(oparlTombstones.deletedAt), asc(oparlTombstones.objectId))
      .limit(w.limit)
      .offset(w.offset),
    db.select({ n: count() }).from(oparlTombstones).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function getTombstone(
  db: Db,
  tenantId: string,
  objectType: string,
  id: string,
): Promise<Tombstone | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(oparlTombstones)
    .where(
      and(
        ofTenant(oparlTombstones, tenantId),
        eq(oparlTombstones.objectType, objectType),
        eq(oparlTombstones.objectId, id),
      ),
    )
    .limit(1);
  return row;
}
