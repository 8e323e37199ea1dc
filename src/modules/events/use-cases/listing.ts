import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant, rows } from '../../../platform/db/index.ts';
import { localDate } from '../../../platform/time/index.ts';
import { type EventKind, events, occurrencePlaces } from '../db/schema.ts';
import { type Occurrence, occurrencesBetween } from '../domain/recurrence.ts';
import type { Event } from './events.ts';

/** Filters of the public listing and the feeds (all optional, combined with AND). */
export interface PublicFilter {
  /** Events placed in this area or below it. */
  areaId?: string | null;
  categoryId?: string | null;
  venueId?: string | null;
  organiserId?: string | null;
  targetGroup?: string | null;
  language?: string | null;
  free?: boolean;
  kind?: EventKind | null;
  /** Words in the title or the description (case-insensitive, as typed). */
  q?: string | null;
}

/** The columns a listing needs (no description: it can be long). */
const listColumns = {
  id: events.id,
  tenantId: events.tenantId,
  kind: events.kind,
  title: events.title,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  allDay: events.allDay,
  rrule: events.rrule,
  repeatUntil: events.repeatUntil,
  exdates: events.exdates,
  areaId: events.areaId,
  locationName: events.locationName,
  locationAddress: events.locationAddress,
  onlineUrl: events.onlineUrl,
  organiserName: events.organiserName,
  categoryIds: events.categoryIds,
  targetGroups: events.targetGroups,
  languages: events.languages,
  cost: events.cost,
  costNote: events.costNote,
  stepFree: events.stepFree,
  signLanguage: events.signLanguage,
  imageId: events.imageId,
  imageType: events.imageType,
  imageAlt: events.imageAlt,
  registrationRequired: events.registrationRequired,
  registrationMode: events.registrationMode,
  capacity: events.capacity,
  confirmedPlaces: events.confirmedPlaces,
  waitlistEnabled: events.waitlistEnabled,
  cancelledAt: events.cancelledAt,
  updatedAt: events.updatedAt,
};
export type ListedEvent = Pick<Event, keyof typeof listColumns>;
export interface Listed {
  event: ListedEvent;
  occ: Occurrence;
  /**
   * Confirmed places of this date when the event is a series registered per date (its counter in
   * `events_occurrence_places`, 0 before the first registration); unset otherwise, where the event's
   * own `confirmedPlaces` counts.
   */
  datePlaces?: number;
}

/** A series registered per date with a capacity: its places are counted per date (see registrations.ts). */
const countsPerDate = (e: ListedEvent): boolean =>
  e.registrationRequired && e.capacity !== null && e.registrationMode === 'per_date' && !!e.rrule;

/**
 * Places still free for a listed date (or the whole event); null when the event takes no
 * registrations or has no capacity.
 */
export function placesLeft(item: Listed): number | null {
  const e = item.event;
  if (!e.registrationRequired || e.capacity === null) return null;
  return Math.max(0, e.capacity - (item.datePlaces ?? e.confirmedPlaces));
}

/**
 * Fills `datePlaces` of the listed dates of series registered per date with one query for all of
 * them (no query when the list has none).
 */
async function addDatePlaces(db: Db, tenantId: string, items: Listed[]): Promise<void> {
  const perDate = items.filter((it) => countsPerDate(it.event));
  if (perDate.length === 0) return;
  let min = perDate[0].occ.date;
  let max = min;
  for (const it of perDate) {
    if (it.occ.date < min) min = it.occ.date;
    if (it.occ.date > max) max = it.occ.date;
  }
  const counters = await db
    .select({
      eventId: occurrencePlaces.eventId,
      date: occurrencePlaces.occurrenceDate,
      confirmed: occurrencePlaces.confirmedPlaces,
    })
    .from(occurrencePlaces)
    .where(
      and(
        ofTenant(occurrencePlaces, tenantId),
        inArray(occurrencePlaces.eventId, [...new Set(perDate.map((it) => it.event.id))]),
        gte(occurrencePlaces.occurrenceDate, min),
        lte(occurrencePlaces.occurrenceDate, max),
      ),
    );
  const byDate = new Map(counters.map((c) => [`${c.eventId}|${c.date}`, c.confirmed]));
  for (const it of perDate) it.datePlaces = byDate.get(`${it.event.id}|${it.occ.date}`) ?? 0;
}

export function filterConditions(tenantId: string, f: PublicFilter): SQL[] {
  const where: SQL[] = [ofTenant(events, tenantId), eq(events.status, 'published')];
  if (f.areaId) where.push(sql`${events.areaIds} @> array[${f.areaId}]::uuid[]`);
  if (f.categoryId) where.push(sql`${events.categoryIds} @> array[${f.categoryId}]::uuid[]`);
  if (f.venueId) where.push(eq(events.venueId, f.venueId));
  if (f.organiserId) where.push(eq(events.organiserActorId, f.organiserId));
  if (f.targetGroup) where.push(sql`${events.targetGroups} @> array[${f.targetGroup}]::text[]`);
  if (f.language) where.push(sql`${events.languages} @> array[${f.language}]::text[]`);
  if (f.free) where.push(eq(events.cost, 'free'));
  if (f.kind) where.push(eq(events.kind, f.kind));
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(sql`(${events.title} ilike ${like} or ${events.descriptionHtml} ilike ${like})`);
  }
  return where;
}

const iso = (d: Date) => d.toISOString();

/**
 * Published occurrences overlapping [from, to), sorted by start: single events straight from the
 * index on (tenant, status, starts_at), series expanded in the app (only those that can reach the
 * window are loaded). Cancelled events are included (and shown as cancelled).
 */
export async function publishedOccurrences(
  db: Db,
  tenantId: string,
  f: PublicFilter,
  from: Date,
  to: Date,
  o: { limit?: number } = {},
): Promise<Listed[]> {
  const base = filterConditions(tenantId, f);
  const fromDate = localDate(from);
  const [single, series] = await Promise.all([
    db
      .select(listColumns)
      .from(events)
      .where(
        and(
          ...base,
          isNull(events.rrule),
          sql`${events.startsAt} < ${iso(to)}::timestamptz`,
          sql`${events.endsAt} > ${iso(from)}::timestamptz`,
        ),
      )
      .orderBy(asc(events.startsAt))
      .limit(o.limit ?? 5000),
    db
      .select(listColumns)
      .from(events)
      .where(
        and(
          ...base,
          isNotNull(events.rrule),
          sql`${events.startsAt} < ${iso(to)}::timestamptz`,
          sql`(${events.repeatUntil} is null or ${events.repeatUntil} >= ${fromDate}::date)`,
        ),
      )
      .limit(2000),
  ]);
  const out: Listed[] = single.map((event) => ({
    event,
    occ: { eventId: event.id, date: localDate(event.startsAt), start: event.startsAt, end: event.endsAt },
  }));
  for (const event of series) {
    for (const occ of occurrencesBetween(event, from, to)) out.push({ event, occ });
  }
  out.sort(
    (a, b) => a.occ.start.getTime() - b.occ.start.getTime() || a.event.title.localeCompare(b.event.title),
  );
  const listed = o.limit ? out.slice(0, o.limit) : out;
  await addDatePlaces(db, tenantId, listed);
  return listed;
}

/**
 * Published events for a feed: everything that has not ended before `from` (series while they run),
 * each once (series with their RRULE), with the full description.
 */
export async function feedEvents(db: Db, tenantId: string, f: PublicFilter, from: Date, limit = 20_000) {
  const fromDate = localDate(from);
  return db
    .select()
    .from(events)
    .where(
      and(
        ...filterConditions(tenantId, f),
        sql`((${events.rrule} is null and ${events.endsAt} >= ${iso(from)}::timestamptz) or (${events.rrule} is not null and (${events.repeatUntil} is null or ${events.repeatUntil} >= ${fromDate}::date)))`,
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(limit);
}

/**
 * A cheap fingerprint of what a feed or listing would contain (count, last change and confirmed
 * places of the matching events, and the tenant's places per date of series registered per date):
 * feeds compute their ETag from it and answer 304 without rendering anything. Remembered for a few
 * seconds per filter, so a busy listing asks the database once per interval, not per request; a
 * change shows up at most VERSION_TTL_MS later (the pages say max-age=60 anyway).
 */
export const VERSION_TTL_MS = 3000;
const versions = new Map<string, { at: number; v: string }>();

/** Forgets the remembered versions of a tenant (called after every change in this process). */
export function eventsChanged(tenantId: string): void {
  for (const k of versions.keys()) if (k.startsWith(`${tenantId}|`)) versions.delete(k);
}

export async function dataVersion(
  db: Db,
  tenantId: string,
  f: PublicFilter,
  now = Date.now(),
): Promise<string> {
  const key = `${tenantId}|${JSON.stringify(f)}`;
  const hit = versions.get(key);
  if (hit && now - hit.at < VERSION_TTL_MS) return hit.v;
  // Places per date of series registered per date (a registration there changes no event row): their
  // sum, and a sum weighted by the date, so a place given back on one date and taken on another also
  // changes the version. Taken over the whole tenant, not just the matching events: a few more
  // renders after a registration, but an index range scan of the tenant's rows instead of a second
  // pass over the matching events (which doubled the cost of this query with 10,000 events).
  const r = rows<{ n: number | string; m: string | Date | null; p: number | string; d: string | null }>(
    await db.execute(
      sql`select count(*)::int as n, max(${events.updatedAt}) as m, coalesce(sum(${events.confirmedPlaces}), 0)::int as p,
        (select coalesce(sum(op.confirmed_places), 0)::text || '.' ||
            coalesce(sum(op.confirmed_places::bigint * (op.occurrence_date - date '2000-01-01' + 1)), 0)::text
          from ${occurrencePlaces} op where ${ofTenant(alias(occurrencePlaces, 'op'), tenantId)}) as d
        from ${events} where ${and(...filterConditions(tenantId, f))}`,
    ),
  )[0];
  const m = r?.m ? new Date(r.m).getTime() : 0;
  // Confirmed places count too: a full event (or date) shows "waiting list" in listings.
  const v = `${r?.n ?? 0}-${m}-${r?.p ?? 0}-${r?.d ?? 0}`;
  versions.set(key, { at: now, v });
  if (versions.size > 1000) versions.delete(versions.keys().next().value as string);
  return v;
}

/** A published event for its public page (cancelled ones too; drafts and queue entries are not public). */
export async function getPublishedEvent(db: Db, tenantId: string, id: string): Promise<Event | undefined> {
  const [e] = await db
    .select()
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.id, id), eq(events.status, 'published')))
    .limit(1);
  return e;
}
