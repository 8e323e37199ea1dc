import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, authorize, can, inScope, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import {
  expandRrule,
  NTH,
  normaliseRrule,
  SIMPLE_REPEATS,
  type SimpleRepeat,
  simpleRrule,
  WEEKDAYS,
  type Weekday,
} from '../../../platform/calendar/recurrence.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant, rowsVersion } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { addDays, localToInstant, TIME_ZONE, todayLocal } from '../../../platform/time/index.ts';
import {
  networkSeries,
  networkSeriesExceptions,
  networkSeriesExtras,
  networkSeriesSlots,
  networkVenues,
} from '../db/schema.ts';
import { FormReader, type RawForm } from '../forms.ts';
import { place } from '../placement.ts';
import { PERMS, requireVenueFor } from '../policies.ts';
import { SERIES_FORM, SLOT_FORM, seriesFields, slotFields } from '../schemas.ts';

export type Series = typeof networkSeries.$inferSelect;
export type Slot = typeof networkSeriesSlots.$inferSelect;
export type SeriesException = typeof networkSeriesExceptions.$inferSelect;
export type SeriesExtra = typeof networkSeriesExtras.$inferSelect;

export { NTH, WEEKDAYS, type Weekday };
/** The rhythms the slot form offers (the platform's simple rules). */
export const PATTERNS = SIMPLE_REPEATS;
export type Pattern = SimpleRepeat;

/**
 * A slot's rule: one the platform can expand and publish, in its stored form, and without COUNT or
 * UNTIL (the slot's own first and last day bound it).
 */
export function validRrule(rrule: string): boolean {
  return !/(^|;)(UNTIL|COUNT)=/.test(rrule) && normaliseRrule(rrule) === rrule;
}

// ── Expansion ───────────────────────────────────────────────────────────────────────────────

export interface Occurrence {
  /** Stable per occurrence: slot id + original local date, or the extra date's id. */
  key: string;
  seriesId: string;
  slotId: string | null;
  extraId: string | null;
  /** Local date (in the series' time zone) as planned, before any change. */
  originalDate: string;
  /** Local date and times as they happen. */
  date: string;
  startTime: string;
  endTime: string;
  start: Date;
  end: Date;
  venueId: string;
  status: 'scheduled' | 'changed' | 'cancelled';
  note: string | null;
  /** Grows with every change to the occurrence (iCalendar SEQUENCE). */
  sequence: number;
}

const seq = (d: Date | null | undefined) => (d ? Math.floor(d.getTime() / 60000) - 29_000_000 : 0);

/**
 * All occurrences of a series whose local date lies in [fromDate, toDate], with exceptions and
 * extra dates applied. Recurrence is computed on local wall-clock time in the series' time zone
 * (platform/calendar/recurrence), so "Tuesday 10:00" stays 10:00 across the change to
 * and from summer time.
 */
export function expandSeries(
  series: Pick<Series, 'id' | 'timeZone'>,
  slots: Slot[],
  exceptions: SeriesException[],
  extras: SeriesExtra[],
  fromDate: string,
  toDate: string,
): Occurrence[] {
  const tz = series.timeZone || TIME_ZONE;
  const out: Occurrence[] = [];
  const exByKey = new Map(exceptions.map((e) => [`${e.slotId}:${e.occurrenceDate}`, e]));
  for (const slot of slots) {
    const first = slot.startsOn > fromDate ? slot.startsOn : fromDate;
    const last = slot.endsOn && slot.endsOn < toDate ? slot.endsOn : toDate;
    if (first > last) continue;
    // Window in instants, generous by a day on each side; the local date decides below.
    const window = {
      from: localToInstant(addDays(first, -1), '00:00', tz),
      to: localToInstant(addDays(last, 2), '00:00', tz),
    };
    for (const { date } of expandRrule(
      slot.rrule,
      { date: slot.startsOn, time: slot.startTime },
      window,
      tz,
    )) {
      if (date < first || date > last) continue;
      const ex = exByKey.get(`${slot.id}:${date}`);
      const startTime = ex?.status === 'changed' && ex.startTime ? ex.startTime : slot.startTime;
      const endTime = ex?.status === 'changed' && ex.endTime ? ex.endTime : slot.endTime;
      out.push({
        key: `${slot.id}:${date}`,
        seriesId: series.id,
        slotId: slot.id,
        extraId: null,
        originalDate: date,
        date,
        startTime,
        endTime,
        start: localToInstant(date, startTime, tz),
        end: localToInstant(date, endTime, tz),
        venueId: (ex?.status === 'changed' && ex.venueId) || slot.venueId,
        status: ex ? (ex.status === 'cancelled' ? 'cancelled' : 'changed') : 'scheduled',
        note: ex?.note ?? null,
        sequence: seq(ex?.updatedAt),
      });
    }
  }
  for (const x of extras) {
    if (x.onDate < fromDate || x.onDate > toDate) continue;
    out.push({
      key: `extra:${x.id}`,
      seriesId: series.id,
      slotId: null,
      extraId: x.id,
      originalDate: x.onDate,
      date: x.onDate,
      startTime: x.startTime,
      endTime: x.endTime,
      start: localToInstant(x.onDate, x.startTime, tz),
      end: localToInstant(x.onDate, x.endTime, tz),
      venueId: x.venueId,
      status: x.cancelled ? 'cancelled' : 'scheduled',
      note: x.note,
      sequence: x.cancelled ? seq(x.updatedAt) : 0,
    });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.key.localeCompare(b.key));
}

// ── Persistence ─────────────────────────────────────────────────────────────────────────────

export interface SeriesInput {
  title: string;
  description?: string | null;
  areaId?: string | null;
  languages?: string[];
  contact?: string | null;
  published?: boolean;
}

export function readSeriesForm(body: RawForm): { input: SeriesInput; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(seriesFields, SERIES_FORM);
  const input: SeriesInput = {
    title: d.title ?? '',
    description: d.description ?? null,
    areaId: d.areaId ?? null,
    languages: d.languages ?? [],
    contact: d.contact ?? null,
    published: d.published ?? false,
  };
  return { input, form: f };
}

/**
 * A series for a member who manages consultation hours: 403 without the permission, 404 when it
 * does not exist or lies outside the member's areas (the screens do not confirm it either).
 */
async function seriesFor(actor: Actor, db: Db, id: string): Promise<Series> {
  authorize(actor, PERMS.manage);
  const series = isUuid(id) ? await getSeries(db, actor.tenantId, id) : undefined;
  if (!series || !can(actor, PERMS.manage, series.areaIds)) throw new AppError(404, 'not_found');
  return series;
}

/** A series lies in an area, and a member puts it only into their own areas (403). */
async function placeSeries(actor: Actor, db: Db, areaId: string | null | undefined) {
  if (!areaId) throw new ValidationError({ areaId: 'validation.required' });
  const p = await place(db, actor.tenantId, { areaId });
  if (p.areaIds.length === 0 || !inScope(p.areaIds, scopeOf(actor, PERMS.manage)))
    throw new AppError(403, 'forbidden');
  return p;
}

/** The venue a date is held at: one of the tenant's, and of the member's areas (a field message). */
const requireVenue = (actor: Actor, db: Db, venueId: string) =>
  requireVenueFor(db, actor.tenantId, venueId, scopeOf(actor, PERMS.manage));

export async function createSeries(actor: Actor, db: Db, i: SeriesInput): Promise<Series> {
  authorize(actor, PERMS.manage);
  const p = await placeSeries(actor, db, i.areaId);
  if (!i.title.trim()) throw new ValidationError({ title: 'validation.required' });
  const [row] = await db
    .insert(networkSeries)
    .values({
      tenantId: actor.tenantId,
      id: newId(),
      title: i.title.trim(),
      description: i.description ?? null,
      areaId: p.areaId,
      areaIds: p.areaIds,
      languages: i.languages ?? [],
      contact: i.contact ?? null,
      published: i.published ?? true,
      timeZone: TIME_ZONE,
    })
    .returning();
  return row;
}

export async function updateSeries(actor: Actor, db: Db, id: string, i: SeriesInput): Promise<void> {
  const series = await seriesFor(actor, db, id);
  const p = await placeSeries(actor, db, i.areaId);
  if (!i.title.trim()) throw new ValidationError({ title: 'validation.required' });
  await db
    .update(networkSeries)
    .set({
      title: i.title.trim(),
      description: i.description ?? null,
      areaId: p.areaId,
      areaIds: p.areaIds,
      languages: i.languages ?? [],
      contact: i.contact ?? null,
      published: i.published ?? true,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(networkSeries, actor.tenantId), eq(networkSeries.id, series.id)));
}

export interface SlotInput {
  venueId: string;
  rrule: string;
  startTime: string;
  endTime: string;
  startsOn: string;
  endsOn?: string | null;
}

export function readSlotForm(body: RawForm, now: Date = new Date()): { input: SlotInput; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(slotFields({ now: () => now }), SLOT_FORM);
  const venueId = d.venueId ?? null;
  const pattern = d.pattern ?? null;
  const day = d.weekday ?? null;
  const nth = pattern === 'monthly' ? (d.nth ?? null) : null;
  if (pattern === 'monthly' && !d.nth) f.fail('nth', 'validation.required');
  // The week of the month belongs to a monthly rhythm only; otherwise it is not read.
  if (pattern !== 'monthly') delete f.errors.nth;
  const startTime = d.startTime ?? null;
  const endTime = d.endTime ?? null;
  const startsOn = d.startsOn ?? null;
  const endsOn = d.endsOn || null;
  if (startTime && endTime && endTime <= startTime) f.fail('endTime', 'network:errors.endBeforeStart');
  if (startsOn && endsOn && endsOn < startsOn) f.fail('endsOn', 'network:errors.endBeforeStart');
  return {
    input: {
      venueId: venueId ?? '',
      rrule: pattern && day ? simpleRrule(pattern, day, nth) : '',
      startTime: startTime ?? '',
      endTime: endTime ?? '',
      startsOn: startsOn ?? '',
      endsOn,
    },
    form: f,
  };
}

export async function addSlot(actor: Actor, db: Db, seriesId: string, i: SlotInput): Promise<Slot> {
  const series = await seriesFor(actor, db, seriesId);
  const tenantId = actor.tenantId;
  if (!validRrule(i.rrule)) throw new ValidationError({ pattern: 'network:errors.rrule' });
  if (!(i.endTime > i.startTime)) throw new ValidationError({ endTime: 'network:errors.endBeforeStart' });
  await requireVenue(actor, db, i.venueId);
  const [row] = await db
    .insert(networkSeriesSlots)
    .values({
      tenantId,
      id: newId(),
      seriesId: series.id,
      venueId: i.venueId,
      rrule: i.rrule,
      startTime: i.startTime,
      endTime: i.endTime,
      startsOn: i.startsOn,
      endsOn: i.endsOn ?? null,
    })
    .returning();
  await touch(db, tenantId, series.id);
  return row;
}

export async function removeSlot(actor: Actor, db: Db, seriesId: string, slotId: string): Promise<void> {
  const series = await seriesFor(actor, db, seriesId);
  if (!isUuid(slotId)) throw new AppError(404, 'not_found');
  await db
    .delete(networkSeriesSlots)
    .where(
      and(
        ofTenant(networkSeriesSlots, actor.tenantId),
        eq(networkSeriesSlots.seriesId, series.id),
        eq(networkSeriesSlots.id, slotId),
      ),
    );
  await touch(db, actor.tenantId, series.id);
}

/** Cancels one occurrence (or changes its venue/time); effective at once on the public page and in the feed. */
export async function setException(
  actor: Actor,
  db: Db,
  seriesId: string,
  e: {
    slotId: string;
    date: string;
    status: 'cancelled' | 'changed';
    venueId?: string | null;
    startTime?: string | null;
    endTime?: string | null;
    note?: string | null;
  },
): Promise<void> {
  const series = await seriesFor(actor, db, seriesId);
  const tenantId = actor.tenantId;
  if (!isUuid(e.slotId)) throw new AppError(404, 'not_found');
  const [slot] = await db
    .select()
    .from(networkSeriesSlots)
    .where(
      and(
        ofTenant(networkSeriesSlots, tenantId),
        eq(networkSeriesSlots.seriesId, series.id),
        eq(networkSeriesSlots.id, e.slotId),
      ),
    )
    .limit(1);
  if (!slot) throw new AppError(404, 'not_found');
  // Only a real occurrence of the slot can be changed.
  const occ = expandSeries(series, [slot], [], [], e.date, e.date);
  if (occ.length === 0) throw new ValidationError({ date: 'network:errors.noOccurrence' });
  if (e.venueId) await requireVenue(actor, db, e.venueId);
  if (e.startTime && e.endTime && e.endTime <= e.startTime)
    throw new ValidationError({ endTime: 'network:errors.endBeforeStart' });
  const now = new Date();
  await db
    .insert(networkSeriesExceptions)
    .values({
      tenantId,
      id: newId(),
      seriesId: series.id,
      slotId: e.slotId,
      occurrenceDate: e.date,
      status: e.status,
      venueId: e.venueId ?? null,
      startTime: e.startTime ?? null,
      endTime: e.endTime ?? null,
      note: e.note ?? null,
    })
    .onConflictDoUpdate({
      target: [
        networkSeriesExceptions.tenantId,
        networkSeriesExceptions.slotId,
        networkSeriesExceptions.occurrenceDate,
      ],
      set: {
        status: e.status,
        venueId: e.venueId ?? null,
        startTime: e.startTime ?? null,
        endTime: e.endTime ?? null,
        note: e.note ?? null,
        updatedAt: now,
      },
    });
  await touch(db, tenantId, series.id);
}

/** Takes back a cancellation or change: the occurrence is as planned again. */
export async function clearException(
  actor: Actor,
  db: Db,
  seriesId: string,
  slotId: string,
  date: string,
): Promise<void> {
  const series = await seriesFor(actor, db, seriesId);
  if (!isUuid(slotId)) throw new AppError(404, 'not_found');
  await db
    .delete(networkSeriesExceptions)
    .where(
      and(
        ofTenant(networkSeriesExceptions, actor.tenantId),
        eq(networkSeriesExceptions.seriesId, series.id),
        eq(networkSeriesExceptions.slotId, slotId),
        eq(networkSeriesExceptions.occurrenceDate, date),
      ),
    );
  await touch(db, actor.tenantId, series.id);
}

export async function addExtra(
  actor: Actor,
  db: Db,
  seriesId: string,
  x: { venueId: string; date: string; startTime: string; endTime: string; note?: string | null },
): Promise<SeriesExtra> {
  const series = await seriesFor(actor, db, seriesId);
  const tenantId = actor.tenantId;
  if (!(x.endTime > x.startTime)) throw new ValidationError({ endTime: 'network:errors.endBeforeStart' });
  await requireVenue(actor, db, x.venueId);
  const [row] = await db
    .insert(networkSeriesExtras)
    .values({
      tenantId,
      id: newId(),
      seriesId: series.id,
      venueId: x.venueId,
      onDate: x.date,
      startTime: x.startTime,
      endTime: x.endTime,
      note: x.note ?? null,
    })
    .returning();
  await touch(db, tenantId, series.id);
  return row;
}

/** Cancels an extra date (or, with `cancelled` false, holds it again). */
export async function cancelExtra(
  actor: Actor,
  db: Db,
  seriesId: string,
  extraId: string,
  cancelled = true,
): Promise<void> {
  const series = await seriesFor(actor, db, seriesId);
  if (!isUuid(extraId)) throw new AppError(404, 'not_found');
  await db
    .update(networkSeriesExtras)
    .set({ cancelled, updatedAt: new Date() })
    .where(
      and(
        ofTenant(networkSeriesExtras, actor.tenantId),
        eq(networkSeriesExtras.seriesId, series.id),
        eq(networkSeriesExtras.id, extraId),
      ),
    );
  await touch(db, actor.tenantId, series.id);
}

async function touch(db: Db, tenantId: string, id: string) {
  await db
    .update(networkSeries)
    .set({ updatedAt: new Date() })
    .where(and(ofTenant(networkSeries, tenantId), eq(networkSeries.id, id)));
}

export async function getSeries(db: Db, tenantId: string, id: string): Promise<Series | undefined> {
  const [s] = await db
    .select()
    .from(networkSeries)
    .where(and(ofTenant(networkSeries, tenantId), eq(networkSeries.id, id)))
    .limit(1);
  return s;
}

export interface SeriesBundle {
  series: Series;
  slots: Slot[];
  exceptions: SeriesException[];
  extras: SeriesExtra[];
}

/**
 * The version of what public pages show of consultation hours (series, their slots, exceptions and
 * extra dates, and the venues they name), for cached pages: one subquery.
 */
export const consultationHoursVersion = (tenantId: string): SQL =>
  sql`(${sql.join(
    [networkSeries, networkSeriesSlots, networkSeriesExceptions, networkSeriesExtras, networkVenues].map(
      (t) => rowsVersion(t, tenantId),
    ),
    sql` || '|' || `,
  )})`;

/** Series with their slots, exceptions and extra dates, in as few queries as there are tables. */
export async function loadSeries(
  db: Db,
  tenantId: string,
  f: { ids?: string[]; areaId?: string; scope?: string[] | null; publishedOnly?: boolean },
): Promise<SeriesBundle[]> {
  const where: (SQL | undefined)[] = [
    ofTenant(networkSeries, tenantId),
    scopeFilter(networkSeries.areaIds, f.scope ?? null),
  ];
  if (f.ids) where.push(f.ids.length ? inArray(networkSeries.id, f.ids) : sql`false`);
  if (f.areaId) where.push(sql`${networkSeries.areaIds} @> array[${f.areaId}]::uuid[]`);
  if (f.publishedOnly) where.push(eq(networkSeries.published, true));
  const list = await db
    .select()
    .from(networkSeries)
    .where(and(...where.filter((x): x is SQL => !!x)))
    .orderBy(asc(networkSeries.title));
  if (list.length === 0) return [];
  const ids = list.map((s) => s.id);
  const [slots, exceptions, extras] = await Promise.all([
    db
      .select()
      .from(networkSeriesSlots)
      .where(and(ofTenant(networkSeriesSlots, tenantId), inArray(networkSeriesSlots.seriesId, ids)))
      .orderBy(asc(networkSeriesSlots.createdAt)),
    db
      .select()
      .from(networkSeriesExceptions)
      .where(
        and(ofTenant(networkSeriesExceptions, tenantId), inArray(networkSeriesExceptions.seriesId, ids)),
      ),
    db
      .select()
      .from(networkSeriesExtras)
      .where(and(ofTenant(networkSeriesExtras, tenantId), inArray(networkSeriesExtras.seriesId, ids)))
      .orderBy(asc(networkSeriesExtras.onDate)),
  ]);
  return list.map((series) => ({
    series,
    slots: slots.filter((s) => s.seriesId === series.id),
    exceptions: exceptions.filter((e) => e.seriesId === series.id),
    extras: extras.filter((x) => x.seriesId === series.id),
  }));
}

/** Today in a series' time zone (the platform rules; series keep their zone, Berlin for every one so far). */
export const todayIn = (timeZone: string, now = new Date()): string => todayLocal(now, timeZone);

/** Upcoming occurrences of several series, soonest first (past ones of today dropped). */
export function upcoming(
  bundles: SeriesBundle[],
  from: Date,
  days: number,
): (Occurrence & { series: Series })[] {
  const out: (Occurrence & { series: Series })[] = [];
  for (const b of bundles) {
    const start = todayIn(b.series.timeZone, from);
    for (const o of expandSeries(b.series, b.slots, b.exceptions, b.extras, start, addDays(start, days))) {
      if (o.end.getTime() >= from.getTime()) out.push({ ...o, series: b.series });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}
