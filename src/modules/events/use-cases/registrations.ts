import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { writeCalendar } from '../../../platform/calendar/ical.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant, rows } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { formatDate, formatRange, todayLocal } from '../../../platform/time/index.ts';
import { events, occurrencePlaces, registrations } from '../db/schema.ts';
import { type Occurrence, occurrenceAt, occurrenceOn, occurrencesBetween } from '../domain/recurrence.ts';
import { FormReader, type RawForm } from '../forms.ts';
import { REGISTRATION_FORM, REGISTRATION_LIMITS, registrationFields } from '../schemas.ts';
import { type Event, getEvent } from './events.ts';
import { eventsChanged } from './listing.ts';
import { mailLang, publicLink } from './moderation.ts';

export type Registration = typeof registrations.$inferSelect;

/** The most places one registration takes (its form offers 1 to this). */
export const MAX_PLACES = REGISTRATION_LIMITS.places;
/** How many upcoming dates of a series registered per date the registration page offers. */
export const REGISTRATION_DATES = 12;
/** How far ahead (days) dates of a series can be chosen. */
export const REGISTRATION_HORIZON_DAYS = 366;

export interface RegistrationInput {
  name: string;
  email: string;
  phone: string;
  places: number;
  lang: string;
  /** The chosen date (local, YYYY-MM-DD) when the event is registered per date; ignored otherwise. */
  date?: string | null;
}

/**
 * Reads the public registration form with its schema (schemas.ts): every field's message at once and
 * the values as typed. For an event registered per date the chosen date must be one still open.
 */
export function readRegistrationForm(
  body: RawForm,
  e: Event,
  now = new Date(),
): { input: Omit<RegistrationInput, 'lang'>; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(registrationFields, REGISTRATION_FORM);
  const perDate = isPerDate(e);
  const date = perDate ? d.date || null : null;
  // An event registered as a whole has no date field: a posted one is ignored, as before.
  if (!perDate) delete f.errors.date;
  if (perDate && !f.errors.date) {
    const why = dateClosedReason(e, date, now);
    if (why) f.fail('date', `events:registration.errors.${why}`);
  }
  return {
    input: { name: d.name ?? '', email: d.email ?? '', phone: d.phone ?? '', places: d.places ?? 1, date },
    form: f,
  };
}

/** Is the event registered per date (one date of a series), rather than as a whole? */
export const isPerDate = (e: Pick<Event, 'registrationMode' | 'rrule'>): boolean =>
  e.registrationMode === 'per_date' && !!e.rrule;

const regLink = (services: Services, tenant: RequestTenant, token: string) =>
  `${services.config.baseUrl}/${tenant.slug}/events/registrations/${token}`;

/** Dates of a series still to come (start after `now`), left-out dates excluded. */
export function upcomingDates(
  e: Event,
  now = new Date(),
  limit = REGISTRATION_DATES,
  horizonDays = REGISTRATION_HORIZON_DAYS,
): Occurrence[] {
  return occurrencesBetween(e, now, new Date(now.getTime() + horizonDays * 86_400_000))
    .filter((o) => o.start.getTime() > now.getTime())
    .slice(0, limit);
}

/** Why registration is not possible right now (null = open). For events registered per date: for any date. */
export function registrationClosedReason(e: Event, now = new Date()): string | null {
  if (!e.registrationRequired || e.capacity === null) return 'not_required';
  if (e.status !== 'published') return 'not_published';
  if (e.cancelledAt) return 'cancelled';
  if (isPerDate(e)) {
    if (e.registrationClosesAt && e.registrationClosesAt.getTime() <= now.getTime()) return 'closed';
    return upcomingDates(e, now, 1).length ? null : 'closed';
  }
  const closes = e.registrationClosesAt ?? e.startsAt;
  if (closes.getTime() <= now.getTime()) return 'closed';
  return null;
}

/**
 * Why one date of a series registered per date cannot be chosen (null = it can): `date_cancelled`
 * for a left-out date, `no_date` when the series has no such date, `date_past` once it has begun.
 */
export function dateClosedReason(e: Event, date: string | null | undefined, now = new Date()): string | null {
  if (!date) return 'date_required';
  if (e.exdates.includes(date)) return 'date_cancelled';
  const occ = occurrenceOn(e, date);
  if (!occ) return 'no_date';
  if (occ.start.getTime() <= now.getTime()) return 'date_past';
  return null;
}

/** The start and end a registration is about: its date, or the event (the first date of a series). */
export function registrationTimes(
  e: Event,
  r: Pick<Registration, 'occurrenceDate'>,
): { start: Date; end: Date; date: string | null } {
  if (!r.occurrenceDate) return { start: e.startsAt, end: e.endsAt, date: null };
  const o = occurrenceOn(e, r.occurrenceDate) ?? occurrenceAt(e, r.occurrenceDate);
  return { start: o.start, end: o.end, date: r.occurrenceDate };
}

function icsFor(services: Services, tenant: RequestTenant, e: Event, date: string | null): string {
  const host = new URL(services.config.baseUrl).host || 'quartier';
  const one = date ? registrationTimes(e, { occurrenceDate: date }) : null;
  return writeCalendar({
    product: 'Events',
    name: e.title,
    events: [
      {
        // One date of a series gets its own UID, so it never replaces the whole series in a calendar.
        uid: one ? `event-${e.id}-${date}@${host}` : `event-${e.id}@${host}`,
        sequence: e.sequence,
        stamp: new Date(),
        start: one ? one.start : e.startsAt,
        end: one ? one.end : e.endsAt,
        allDay: e.allDay,
        rrule: one ? null : e.rrule,
        repeatUntil: one ? null : e.repeatUntil,
        exdates: one ? [] : e.exdates,
        summary: e.title,
        location: [e.locationName, e.locationAddress].filter(Boolean).join(', ') || undefined,
        url: publicLink(services, tenant, e.id),
        status: e.cancelledAt ? 'CANCELLED' : 'CONFIRMED',
      },
    ],
  });
}

type RegMail =
  | 'registered'
  | 'waitlisted'
  | 'promoted'
  | 'cancelled'
  | 'reminder'
  | 'eventCancelled'
  | 'dateCancelled';

async function mailRegistrant(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  e: Event,
  r: Pick<Registration, 'name' | 'email' | 'lang' | 'places' | 'occurrenceDate'>,
  kind: RegMail,
  link: string,
  extra: Record<string, unknown> = {},
) {
  const lang = mailLang(r.lang);
  const t = services.i18n.t(lang, 'events');
  const times = registrationTimes(e, r);
  const vars = {
    name: r.name,
    title: e.title,
    when: formatRange(times.start, times.end, lang, e.allDay),
    // " – Dienstag, 3. März 2026" in subjects of mails about one date of a series.
    onDate: times.date ? ` – ${formatDate(times.start, lang)}` : '',
    where: [e.locationName, e.locationAddress].filter(Boolean).join(', ') || e.onlineUrl || '',
    places: r.places,
    // "2 Plätze", "1 place": the plural the language needs, never "Platz/Plätze".
    placesText: t('registration.placesOf', { count: r.places }),
    link,
    page: publicLink(services, tenant, e.id),
    tenant: tenant.name,
    reason: e.cancelReason,
    ...extra,
  };
  const withIcs = kind === 'registered' || kind === 'promoted';
  await queueMail(tx, {
    tenantId: tenant.id,
    to: r.email,
    subject: t(`mail.${kind}.subject`, vars),
    text: t(`mail.${kind}.body`, vars),
    attachments: withIcs
      ? [
          {
            filename: 'termin.ics',
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            content: Buffer.from(icsFor(services, tenant, e, times.date)).toString('base64'),
          },
        ]
      : undefined,
  });
}

const pgCode = (err: unknown): { code?: string; constraint?: string; message: string } => {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: unknown };
  const c = (e?.cause ?? {}) as { code?: string; constraint?: string; message?: string };
  return {
    code: e?.code ?? c.code,
    constraint: e?.constraint ?? c.constraint,
    message: `${e?.message ?? ''} ${c.message ?? ''}`,
  };
};
const isUniqueViolation = (err: unknown): boolean => pgCode(err).code === '23505';

/**
 * Registers for an event — the whole event (or series), or one date of a series registered per date.
 *
 * The counter of places (the event's own, or for one date the row of that date in
 * `events_occurrence_places`) is locked first, so registrations, cancellations and changes of the
 * same event (date) happen one after another. Then the one allocation rule runs (`allocatePlaces`):
 * the waiting list, in order, gets every place that fits — normally nobody, as the rule ran after
 * every earlier change —, and this registration, last in line, is confirmed when its places fit in
 * what is free; otherwise it joins the waiting list (or is refused without one). A place is taken by
 * a conditional UPDATE (`confirmed_places + n <= capacity`), backed by a CHECK constraint, so there
 * are never more confirmed places than capacity (per date), however many people press the button.
 */
export async function register(
  services: Services,
  tenant: RequestTenant,
  eventId: string,
  input: RegistrationInput,
  now = new Date(),
): Promise<{ registration: Registration; link: string; position: number }> {
  const e = await getEvent(services.db, tenant.id, eventId);
  if (!e) throw new AppError(404, 'event_not_found');
  const closed = registrationClosedReason(e, now);
  if (closed) throw new AppError(409, `registration_${closed}`);
  const perDate = isPerDate(e);
  const date = perDate ? (input.date ?? null) : null;
  if (perDate) {
    const why = dateClosedReason(e, date, now);
    if (why) throw new AppError(409, `registration_${why}`);
  }
  const token = randomToken(24);
  const email = input.email.trim().toLowerCase();
  try {
    const made = await services.db.transaction(async (tx) => {
      // The event row, locked against changes of its registration settings while this registration
      // is made: shared for one date (registrations for dates do not write the event row), exclusive
      // for the whole event (its counter is updated next anyway).
      const [fresh] = await tx
        .select()
        .from(events)
        .where(and(ofTenant(events, tenant.id), eq(events.id, eventId)))
        .for(perDate ? 'share' : 'update');
      if (!fresh) throw new AppError(404, 'event_not_found');
      if (isPerDate(fresh) !== perDate) throw new AppError(409, 'registration_changed');
      const closedNow =
        registrationClosedReason(fresh, now) ?? (perDate ? dateClosedReason(fresh, date, now) : null);
      if (closedNow) throw new AppError(409, `registration_${closedNow}`);

      // Those waiting first (a repair after a change made elsewhere; normally nobody fits), then this one.
      await allocatePlaces(tx, services, tenant, fresh, date);
      const confirmed = await takePlaces(tx, tenant.id, eventId, date, input.places);
      // Full and no waiting list: refused after the commit, so people moved up above stay moved up.
      if (!confirmed && !fresh.waitlistEnabled) return null;
      const [registration] = await tx
        .insert(registrations)
        .values({
          tenantId: tenant.id,
          id: newId(),
          eventId,
          occurrenceDate: date,
          status: confirmed ? 'confirmed' : 'waitlisted',
          name: input.name.trim(),
          email,
          phone: input.phone.trim(),
          places: input.places,
          lang: input.lang,
          tokenHash: hashToken(token),
        })
        .returning();
      const position = confirmed ? 0 : await waitlistPosition(tx, registration);
      const link = regLink(services, tenant, token);
      await mailRegistrant(
        tx,
        services,
        tenant,
        fresh,
        registration,
        confirmed ? 'registered' : 'waitlisted',
        link,
        { position },
      );
      return { registration, link, position };
    });
    if (!made) throw new AppError(409, 'registration_full');
    return made;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, 'registration_duplicate');
    throw err;
  } finally {
    eventsChanged(tenant.id);
  }
}

/** Same event and same date (or both for the whole event). */
const sameDate = (date: string | null) =>
  date === null ? isNull(registrations.occurrenceDate) : eq(registrations.occurrenceDate, date);

async function waitlistPosition(
  db: Db,
  r: Pick<Registration, 'tenantId' | 'eventId' | 'id' | 'occurrenceDate'>,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(registrations)
    .where(
      and(
        eq(registrations.tenantId, r.tenantId),
        eq(registrations.eventId, r.eventId),
        sameDate(r.occurrenceDate),
        eq(registrations.status, 'waitlisted'),
        lte(registrations.id, r.id),
      ),
    );
  return Number(row?.n ?? 0);
}

export async function registrationByToken(db: Db, tenantId: string, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [r] = await db
    .select()
    .from(registrations)
    .where(and(ofTenant(registrations, tenantId), eq(registrations.tokenHash, hashToken(token))))
    .limit(1);
  return r;
}

export async function positionOf(db: Db, r: Registration): Promise<number> {
  return r.status === 'waitlisted' ? waitlistPosition(db, r) : 0;
}

/**
 * Runs the allocation rule (`allocatePlaces`) after a change: for the whole event, or for an event
 * registered per date on `date` when given, else on every date still to come with people waiting.
 */
export async function promoteWaitlist(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  eventId: string,
  date?: string | null,
  now = new Date(),
): Promise<number> {
  const e = await getEvent(tx, tenant.id, eventId);
  if (!e || e.capacity === null || e.cancelledAt) return 0;
  if (!isPerDate(e)) return allocatePlaces(tx, services, tenant, e, null);
  let dates: string[];
  if (date) dates = [date];
  else {
    const waiting = await tx
      .selectDistinct({ d: registrations.occurrenceDate })
      .from(registrations)
      .where(
        and(
          ofTenant(registrations, tenant.id),
          eq(registrations.eventId, eventId),
          eq(registrations.status, 'waitlisted'),
          isNotNull(registrations.occurrenceDate),
        ),
      );
    dates = waiting.map((w) => w.d!).sort();
  }
  let promoted = 0;
  for (const d of dates) {
    const occ = occurrenceOn(e, d);
    if (!occ || occ.start.getTime() <= now.getTime()) continue;
    promoted += await allocatePlaces(tx, services, tenant, e, d);
  }
  return promoted;
}

/**
 * Locks the counter of places of the event (`date` null) or of one of its dates, for the rest of the
 * transaction; the row of a date is made on first use with a copy of the event's capacity. Every
 * change of registrations takes this lock before it locks a registration, so changes of the same
 * counter run one after another and cannot deadlock.
 */
async function lockPlaces(
  tx: Db,
  tenantId: string,
  e: Pick<Event, 'id' | 'capacity'>,
  date: string | null,
): Promise<{ capacity: number; confirmed: number } | null> {
  if (date) {
    await tx
      .insert(occurrencePlaces)
      .values({ tenantId, eventId: e.id, occurrenceDate: date, capacity: e.capacity ?? 0 })
      .onConflictDoNothing();
    const [row] = await tx
      .select({ capacity: occurrencePlaces.capacity, confirmed: occurrencePlaces.confirmedPlaces })
      .from(occurrencePlaces)
      .where(
        and(
          ofTenant(occurrencePlaces, tenantId),
          eq(occurrencePlaces.eventId, e.id),
          eq(occurrencePlaces.occurrenceDate, date),
        ),
      )
      .for('update');
    return row ?? null;
  }
  const [row] = await tx
    .select({ capacity: events.capacity, confirmed: events.confirmedPlaces })
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.id, e.id)))
    .for('update');
  return row && row.capacity !== null ? { capacity: row.capacity, confirmed: row.confirmed } : null;
}

/**
 * Takes `places` from the counter when they fit: one conditional UPDATE, so the database itself
 * re-checks `confirmed_places + n <= capacity` (and its CHECK constraint refuses anything else).
 */
async function takePlaces(
  tx: Db,
  tenantId: string,
  eventId: string,
  date: string | null,
  places: number,
): Promise<boolean> {
  const taken = rows<{ n: number }>(
    await tx.execute(
      date
        ? sql`
        update events_occurrence_places set confirmed_places = confirmed_places + ${places}
        where ${ofTenant(occurrencePlaces, tenantId)} and event_id = ${eventId} and occurrence_date = ${date}::date
          and confirmed_places + ${places} <= capacity
        returning confirmed_places as n`
        : sql`
        update events_events set confirmed_places = confirmed_places + ${places}
        where ${ofTenant(events, tenantId)} and id = ${eventId}
          and capacity is not null and confirmed_places + ${places} <= capacity
        returning confirmed_places as n`,
    ),
  );
  return taken.length > 0;
}

/**
 * The allocation rule, the same after every change (a registration, a cancellation, a new capacity,
 * a date of a series): with the counter locked, walk the waiting list of the event (or of one date)
 * in the order people registered and confirm every group whose places fit in what is free. A group
 * that needs more than is free keeps its place in the list but does not hold up smaller groups behind
 * it. Afterwards nobody waiting fits in the free places, so "n places left" on the public page is
 * what a person asking for up to n gets. Each person moved up is told by e-mail (with a new private
 * link and the calendar entry). Returns how many moved up.
 */
export async function allocatePlaces(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  e: Event,
  date: string | null,
): Promise<number> {
  const counter = await lockPlaces(tx, tenant.id, e, date);
  if (!counter) return 0;
  let free = counter.capacity - counter.confirmed;
  if (free <= 0) return 0;
  const waiting = await tx
    .select()
    .from(registrations)
    .where(
      and(
        ofTenant(registrations, tenant.id),
        eq(registrations.eventId, e.id),
        sameDate(date),
        eq(registrations.status, 'waitlisted'),
        lte(registrations.places, free),
      ),
    )
    .orderBy(asc(registrations.id));
  let promoted = 0;
  for (const w of waiting) {
    if (w.places > free) continue;
    if (!(await takePlaces(tx, tenant.id, e.id, date, w.places))) break;
    free -= w.places;
    const token = randomToken(24);
    await tx
      .update(registrations)
      .set({ status: 'confirmed', promotedAt: new Date(), tokenHash: hashToken(token) })
      .where(and(ofTenant(registrations, tenant.id), eq(registrations.id, w.id)));
    await mailRegistrant(tx, services, tenant, e, w, 'promoted', regLink(services, tenant, token));
    promoted++;
    if (free === 0) break;
  }
  return promoted;
}

/** Gives a confirmed registration's places back to its counter (the event's, or its date's). */
async function releasePlaces(tx: Db, tenantId: string, reg: Registration) {
  if (reg.occurrenceDate) {
    await tx
      .update(occurrencePlaces)
      .set({ confirmedPlaces: sql`greatest(0, ${occurrencePlaces.confirmedPlaces} - ${reg.places})` })
      .where(
        and(
          ofTenant(occurrencePlaces, tenantId),
          eq(occurrencePlaces.eventId, reg.eventId),
          eq(occurrencePlaces.occurrenceDate, reg.occurrenceDate),
        ),
      );
  } else {
    await tx
      .update(events)
      .set({ confirmedPlaces: sql`greatest(0, ${events.confirmedPlaces} - ${reg.places})` })
      .where(and(ofTenant(events, tenantId), eq(events.id, reg.eventId)));
  }
}

/** Cancels a registration (by its private link or by staff); freed places go to the waiting list (of the same date) at once. */
export async function cancelRegistration(
  services: Services,
  tenant: RequestTenant,
  registrationId: string,
  o: { notify: boolean } = { notify: true },
): Promise<{ cancelled: boolean; promoted: number }> {
  return services.db
    .transaction((tx) => cancelRegistrationIn(tx, services, tenant, registrationId, o))
    .finally(() => eventsChanged(tenant.id));
}

/**
 * The cancellation inside the caller's transaction: the row locked and marked, a confirmed
 * registration's places given back, the person told (unless `notify` is false), the waiting list
 * moved up. The caller clears the listing cache (`eventsChanged`) after its commit.
 */
export async function cancelRegistrationIn(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  registrationId: string,
  o: { notify: boolean },
): Promise<{ cancelled: boolean; promoted: number }> {
  // Locks in the order every change of registrations takes them: the event (shared for one date, as
  // a registration for a date does), the counter of places, then the registration.
  const [which] = await tx
    .select({ eventId: registrations.eventId, date: registrations.occurrenceDate })
    .from(registrations)
    .where(and(ofTenant(registrations, tenant.id), eq(registrations.id, registrationId)));
  if (!which) return { cancelled: false, promoted: 0 };
  const [event] = await tx
    .select()
    .from(events)
    .where(and(ofTenant(events, tenant.id), eq(events.id, which.eventId)))
    .for(which.date ? 'share' : 'update');
  if (event) await lockPlaces(tx, tenant.id, event, which.date);
  const [r] = rows<{ status: string }>(
    await tx.execute(sql`
    select status from events_registrations
    where ${ofTenant(registrations, tenant.id)} and id = ${registrationId} for update`),
  );
  if (!r || r.status === 'cancelled') return { cancelled: false, promoted: 0 };
  const [reg] = await tx
    .update(registrations)
    .set({ status: 'cancelled', cancelledAt: new Date() })
    .where(and(ofTenant(registrations, tenant.id), eq(registrations.id, registrationId)))
    .returning();
  if (r.status === 'confirmed') await releasePlaces(tx, tenant.id, reg);
  const e = await getEvent(tx, tenant.id, reg.eventId);
  if (o.notify && e)
    await mailRegistrant(tx, services, tenant, e, reg, 'cancelled', publicLink(services, tenant, e.id));
  const promoted = await promoteWaitlist(tx, services, tenant, reg.eventId, reg.occurrenceDate);
  return { cancelled: true, promoted };
}

/**
 * After staff changed an event: registrations for dates of a series that no longer take place (a
 * left-out date, a shorter series, another weekday) are cancelled and the people told, and the
 * waiting lists move up where there are more places now. Call in the transaction of the change.
 */
export async function reconcileRegistrations(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  eventId: string,
  now = new Date(),
): Promise<{ dropped: number; promoted: number }> {
  const e = await getEvent(tx, tenant.id, eventId);
  if (!e) return { dropped: 0, promoted: 0 };
  let dropped = 0;
  if (isPerDate(e) && !e.cancelledAt) {
    const active = await tx
      .select()
      .from(registrations)
      .where(
        and(
          ofTenant(registrations, tenant.id),
          eq(registrations.eventId, eventId),
          isNotNull(registrations.occurrenceDate),
          sql`${registrations.occurrenceDate} >= ${todayLocal(now)}::date`,
          inArray(registrations.status, ['confirmed', 'waitlisted']),
        ),
      );
    for (const r of active) {
      if (occurrenceOn(e, r.occurrenceDate!)) continue;
      await lockPlaces(tx, tenant.id, e, r.occurrenceDate);
      await tx
        .update(registrations)
        .set({ status: 'cancelled', cancelledAt: now })
        .where(and(ofTenant(registrations, tenant.id), eq(registrations.id, r.id)));
      if (r.status === 'confirmed') await releasePlaces(tx, tenant.id, r);
      await mailRegistrant(tx, services, tenant, e, r, 'dateCancelled', publicLink(services, tenant, e.id));
      dropped++;
    }
  }
  const promoted = e.registrationRequired
    ? await promoteWaitlist(tx, services, tenant, eventId, undefined, now)
    : 0;
  if (dropped + promoted > 0) eventsChanged(tenant.id);
  return { dropped, promoted };
}

export async function listRegistrations(
  db: Db,
  tenantId: string,
  eventId: string,
  o: { date?: string | null } = {},
): Promise<Registration[]> {
  return db
    .select()
    .from(registrations)
    .where(
      and(
        ofTenant(registrations, tenantId),
        eq(registrations.eventId, eventId),
        o.date ? eq(registrations.occurrenceDate, o.date) : undefined,
      ),
    )
    .orderBy(asc(registrations.occurrenceDate), asc(registrations.id));
}

export interface DatePlaces {
  date: string;
  start: Date;
  end: Date;
  /** Confirmed places (the race-proof counter of the date). */
  confirmed: number;
  capacity: number;
  /** Places free now (capacity − confirmed, never below 0). */
  left: number;
  /** People (registrations) waiting for this date. */
  waiting: number;
  /** Places asked for on the waiting list. */
  waitingPlaces: number;
  /**
   * A new registration of up to `left` places would be confirmed: places are free, and the
   * allocation rule leaves nobody waiting whose group would fit in them.
   */
  open: boolean;
}

/**
 * Availability of dates of a series registered per date: the given dates, or those still to come
 * (at most REGISTRATION_DATES).
 */
export async function placesByDate(
  db: Db,
  e: Event,
  o: { dates?: string[]; now?: Date } = {},
): Promise<DatePlaces[]> {
  const now = o.now ?? new Date();
  const occs = o.dates ? o.dates.map((d) => occurrenceOn(e, d) ?? occurrenceAt(e, d)) : upcomingDates(e, now);
  if (occs.length === 0) return [];
  const dates = occs.map((x) => x.date);
  const [counters, waiting] = await Promise.all([
    db
      .select()
      .from(occurrencePlaces)
      .where(
        and(
          eq(occurrencePlaces.tenantId, e.tenantId),
          eq(occurrencePlaces.eventId, e.id),
          inArray(occurrencePlaces.occurrenceDate, dates),
        ),
      ),
    db
      .select({
        d: registrations.occurrenceDate,
        n: sql<number>`count(*)::int`,
        p: sql<number>`coalesce(sum(${registrations.places}), 0)::int`,
      })
      .from(registrations)
      .where(
        and(
          eq(registrations.tenantId, e.tenantId),
          eq(registrations.eventId, e.id),
          eq(registrations.status, 'waitlisted'),
          inArray(registrations.occurrenceDate, dates),
        ),
      )
      .groupBy(registrations.occurrenceDate),
  ]);
  const byDate = new Map(counters.map((c) => [c.occurrenceDate, c]));
  const waitBy = new Map(waiting.map((w) => [w.d, w]));
  const capacity = e.capacity ?? 0;
  return occs.map((x) => {
    const confirmed = byDate.get(x.date)?.confirmedPlaces ?? 0;
    const w = waitBy.get(x.date);
    const left = Math.max(0, capacity - confirmed);
    const n = Number(w?.n ?? 0);
    return {
      date: x.date,
      start: x.start,
      end: x.end,
      confirmed,
      capacity,
      left,
      waiting: n,
      waitingPlaces: Number(w?.p ?? 0),
      open: left > 0,
    };
  });
}

/** How many registrations wait for the whole event (not for one of its dates). */
export async function waitingCount(db: Db, tenantId: string, eventId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(registrations)
    .where(
      and(
        ofTenant(registrations, tenantId),
        eq(registrations.eventId, eventId),
        isNull(registrations.occurrenceDate),
        eq(registrations.status, 'waitlisted'),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Dates of an event registered per date that have registrations (any status), in order. */
export async function registeredDates(db: Db, tenantId: string, eventId: string): Promise<string[]> {
  const list = await db
    .selectDistinct({ d: registrations.occurrenceDate })
    .from(registrations)
    .where(
      and(
        ofTenant(registrations, tenantId),
        eq(registrations.eventId, eventId),
        isNotNull(registrations.occurrenceDate),
      ),
    );
  return list.map((x) => x.d!).sort();
}

/**
 * Confirmed registrations whose event — or, for a registration for one date, that date — starts
 * within the next day and that have had no reminder yet. Each registration gets one reminder.
 */
export async function sendReminders(
  services: Services,
  tenantOf: (id: string) => Promise<RequestTenant | undefined>,
  now = new Date(),
) {
  const db = services.db;
  const soon = new Date(now.getTime() + 26 * 3_600_000);
  // The start of the chosen date: that local date at the event's local start time (wall clock).
  const dateStart = sql`((${registrations.occurrenceDate} + (${events.startsAt} at time zone 'Europe/Berlin')::time) at time zone 'Europe/Berlin')`;
  const due = await db
    .select({ r: registrations, e: events })
    .from(registrations)
    .innerJoin(events, and(eq(events.tenantId, registrations.tenantId), eq(events.id, registrations.eventId)))
    .where(
      and(
        eq(registrations.status, 'confirmed'),
        isNull(registrations.reminderSentAt),
        isNull(events.cancelledAt),
        eq(events.status, 'published'),
        or(
          and(isNull(registrations.occurrenceDate), gt(events.startsAt, now), lte(events.startsAt, soon)),
          and(
            isNotNull(registrations.occurrenceDate),
            sql`${dateStart} > ${now.toISOString()}::timestamptz and ${dateStart} <= ${soon.toISOString()}::timestamptz`,
          ),
        ),
      ),
    )
    .limit(500);
  let sent = 0;
  for (const { r, e } of due) {
    // A date called off after the registration is not reminded of (its registrations are cancelled).
    if (r.occurrenceDate && !occurrenceOn(e, r.occurrenceDate)) continue;
    const tenant = await tenantOf(r.tenantId);
    if (!tenant) continue;
    await db.transaction(async (tx) => {
      const token = randomToken(24);
      const claimed = await tx
        .update(registrations)
        .set({ reminderSentAt: now, tokenHash: hashToken(token) })
        .where(
          and(
            eq(registrations.tenantId, r.tenantId),
            eq(registrations.id, r.id),
            isNull(registrations.reminderSentAt),
          ),
        )
        .returning({ id: registrations.id });
      if (claimed.length === 0) return;
      await mailRegistrant(tx, services, tenant, e, r, 'reminder', regLink(services, tenant, token));
      sent++;
    });
  }
  return sent;
}

/** When an event is cancelled, everyone registered or waiting is told (for one date: only dates still to come). */
export async function notifyCancellation(services: Services, tenant: RequestTenant, e: Event) {
  const today = todayLocal();
  const list = (await listRegistrations(services.db, tenant.id, e.id)).filter(
    (r) => r.status !== 'cancelled' && (!r.occurrenceDate || r.occurrenceDate >= today),
  );
  await services.db.transaction(async (tx) => {
    for (const r of list)
      await mailRegistrant(tx, services, tenant, e, r, 'eventCancelled', publicLink(services, tenant, e.id));
  });
  return list.length;
}

/** Days after an event (the last date of a series, or the chosen date) until personal data is deleted. */
export const RETENTION_DAYS = 30;

/**
 * Data protection housekeeping (daily, through the events module's privacy hook): registrations are
 * deleted RETENTION_DAYS after the event is over — a registration for one date of a series
 * RETENTION_DAYS after that date —, the submitter's name and e-mail address RETENTION_DAYS after
 * the event. Attendance counts stay (they hold no names). One tenant, or all when none is given.
 */
export async function deleteExpiredPersonalData(
  db: Db,
  now = new Date(),
  tenantId?: string,
): Promise<{ registrations: number; submitters: number }> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000).toISOString();
  // The statements name their tables r and e: the tenant condition goes through aliases of them.
  const ofRegistrations = tenantId ? sql`and ${ofTenant(alias(registrations, 'r'), tenantId)}` : sql``;
  const ofEvents = tenantId ? sql`and ${ofTenant(alias(events, 'e'), tenantId)}` : sql``;
  const over = sql`(case when e.rrule is null then e.ends_at < ${cutoff}::timestamptz
                     else e.repeat_until is not null and (e.repeat_until + 1)::timestamp at time zone 'Europe/Berlin' < ${cutoff}::timestamptz end)`;
  const r = rows<{ n: number }>(
    await db.execute(sql`
      with gone as (
        delete from events_registrations r using events_events e
        where e.tenant_id = r.tenant_id and e.id = r.event_id ${ofRegistrations}
          and (case when r.occurrence_date is not null
                 then (r.occurrence_date + 1)::timestamp at time zone 'Europe/Berlin' < ${cutoff}::timestamptz
                 else ${over} end)
        returning 1)
      select count(*)::int as n from gone`),
  );
  const s = rows<{ n: number }>(
    await db.execute(sql`
      with cleared as (
        update events_events e set submitter_name = '', submitter_email = '', edit_token_hash = null
        where e.submitter_email <> '' ${ofEvents} and ${over}
        returning 1)
      select count(*)::int as n from cleared`),
  );
  return { registrations: Number(r[0]?.n ?? 0), submitters: Number(s[0]?.n ?? 0) };
}
