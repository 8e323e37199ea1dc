import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { newId, rows } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { randomToken } from '../../../platform/http/security.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { events, registrations } from '../db/schema.ts';
import { formatRange } from '../domain/time.ts';
import { writeCalendar } from '../feeds/ical.ts';
import { type Event, getEvent } from './events.ts';
import { eventsChanged } from './listing.ts';
import { hashToken, mailLang, publicLink } from './moderation.ts';

export type Registration = typeof registrations.$inferSelect;

export const MAX_PLACES = 4;

export interface RegistrationInput {
  name: string;
  email: string;
  phone: string;
  places: number;
  lang: string;
}

const regLink = (services: Services, tenant: RequestTenant, token: string) =>
  `${services.config.baseUrl}/${tenant.slug}/events/registrations/${token}`;

/** Why registration is not possible right now (null = open). */
export function registrationClosedReason(e: Event, now = new Date()): string | null {
  if (!e.registrationRequired || e.capacity === null) return 'not_required';
  if (e.status !== 'published') return 'not_published';
  if (e.cancelledAt) return 'cancelled';
  const closes = e.registrationClosesAt ?? e.startsAt;
  if (closes.getTime() <= now.getTime()) return 'closed';
  return null;
}

function icsFor(services: Services, tenant: RequestTenant, e: Event): string {
  const host = new URL(services.config.baseUrl).host || 'quartier';
  return writeCalendar({
    name: e.title,
    events: [
      {
        uid: `event-${e.id}@${host}`,
        sequence: e.sequence,
        stamp: new Date(),
        start: e.startsAt,
        end: e.endsAt,
        allDay: e.allDay,
        rrule: e.rrule,
        repeatUntil: e.repeatUntil,
        exdates: e.exdates,
        summary: e.title,
        location: [e.locationName, e.locationAddress].filter(Boolean).join(', ') || undefined,
        url: publicLink(services, tenant, e.id),
        status: e.cancelledAt ? 'CANCELLED' : 'CONFIRMED',
      },
    ],
  });
}

type RegMail = 'registered' | 'waitlisted' | 'promoted' | 'cancelled' | 'reminder' | 'eventCancelled';

async function mailRegistrant(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  e: Event,
  r: Pick<Registration, 'name' | 'email' | 'lang' | 'places'>,
  kind: RegMail,
  link: string,
  extra: Record<string, unknown> = {},
) {
  const lang = mailLang(r.lang);
  const t = services.i18n.t(lang, 'events');
  const vars = {
    name: r.name,
    title: e.title,
    when: formatRange(e.startsAt, e.endsAt, lang, e.allDay),
    where: [e.locationName, e.locationAddress].filter(Boolean).join(', ') || e.onlineUrl || '',
    places: r.places,
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
            content: Buffer.from(icsFor(services, tenant, e)).toString('base64'),
          },
        ]
      : undefined,
  });
}

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/**
 * Registers for an event. The place is taken by one conditional UPDATE of the event's counter
 * (confirmed_places + n <= capacity): PostgreSQL serialises concurrent updates of the row and
 * re-checks the condition, and a CHECK constraint backs it, so there are never more confirmed places
 * than capacity, however many people press the button at once. When nobody is waiting and the
 * places fit, the registration is confirmed; otherwise it joins the waiting list (or is refused).
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
  const token = randomToken(24);
  const email = input.email.trim().toLowerCase();
  try {
    return await services.db.transaction(async (tx) => {
      const taken = rows<{ confirmed_places: number }>(
        await tx.execute(sql`
          update events_events set confirmed_places = confirmed_places + ${input.places}
          where tenant_id = ${tenant.id} and id = ${eventId}
            and capacity is not null and confirmed_places + ${input.places} <= capacity
            and not exists (select 1 from events_registrations w
                            where w.tenant_id = ${tenant.id} and w.event_id = ${eventId} and w.status = 'waitlisted')
          returning confirmed_places`),
      );
      const confirmed = taken.length > 0;
      if (!confirmed && !e.waitlistEnabled) throw new AppError(409, 'registration_full');
      const [registration] = await tx
        .insert(registrations)
        .values({
          tenantId: tenant.id,
          id: newId(),
          eventId,
          status: confirmed ? 'confirmed' : 'waitlisted',
          name: input.name.trim(),
          email,
          phone: input.phone.trim(),
          places: input.places,
          lang: input.lang,
          tokenHash: hashToken(token),
        })
        .returning();
      const position = confirmed ? 0 : await waitlistPosition(tx, tenant.id, eventId, registration.id);
      const link = regLink(services, tenant, token);
      await mailRegistrant(
        tx,
        services,
        tenant,
        e,
        registration,
        confirmed ? 'registered' : 'waitlisted',
        link,
        {
          position,
        },
      );
      return { registration, link, position };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, 'registration_duplicate');
    throw err;
  } finally {
    eventsChanged(tenant.id);
  }
}

async function waitlistPosition(db: Db, tenantId: string, eventId: string, id: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(registrations)
    .where(
      and(
        eq(registrations.tenantId, tenantId),
        eq(registrations.eventId, eventId),
        eq(registrations.status, 'waitlisted'),
        lte(registrations.id, id),
      ),
    );
  return Number(r?.n ?? 0);
}

export async function registrationByToken(db: Db, tenantId: string, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [r] = await db
    .select()
    .from(registrations)
    .where(and(eq(registrations.tenantId, tenantId), eq(registrations.tokenHash, hashToken(token))))
    .limit(1);
  return r;
}

export async function positionOf(db: Db, r: Registration): Promise<number> {
  return r.status === 'waitlisted' ? waitlistPosition(db, r.tenantId, r.eventId, r.id) : 0;
}

/**
 * Moves people up from the waiting list while places are free, in order; someone who needs more
 * places than are free is skipped for now (smaller groups behind them may fit). Each promotion takes
 * its places with the same conditional update as a registration and is told by e-mail.
 */
export async function promoteWaitlist(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  eventId: string,
): Promise<number> {
  const e = await getEvent(tx, tenant.id, eventId);
  if (!e || e.capacity === null || e.cancelledAt) return 0;
  const waiting = await tx
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.tenantId, tenant.id),
        eq(registrations.eventId, eventId),
        eq(registrations.status, 'waitlisted'),
      ),
    )
    .orderBy(asc(registrations.id));
  let promoted = 0;
  for (const w of waiting) {
    const taken = rows<{ n: number }>(
      await tx.execute(sql`
        update events_events set confirmed_places = confirmed_places + ${w.places}
        where tenant_id = ${tenant.id} and id = ${eventId} and confirmed_places + ${w.places} <= capacity
        returning confirmed_places as n`),
    );
    if (taken.length === 0) continue;
    const token = randomToken(24);
    await tx
      .update(registrations)
      .set({ status: 'confirmed', promotedAt: new Date(), tokenHash: hashToken(token) })
      .where(and(eq(registrations.tenantId, tenant.id), eq(registrations.id, w.id)));
    await mailRegistrant(tx, services, tenant, e, w, 'promoted', regLink(services, tenant, token));
    promoted++;
  }
  return promoted;
}

/** Cancels a registration (by its private link or by staff); freed places go to the waiting list at once. */
export async function cancelRegistration(
  services: Services,
  tenant: RequestTenant,
  registrationId: string,
  o: { notify: boolean } = { notify: true },
): Promise<{ cancelled: boolean; promoted: number }> {
  return services.db
    .transaction(async (tx) => {
      const [r] = rows<{ status: string }>(
        await tx.execute(sql`
        select status from events_registrations
        where tenant_id = ${tenant.id} and id = ${registrationId} for update`),
      );
      if (!r || r.status === 'cancelled') return { cancelled: false, promoted: 0 };
      const [reg] = await tx
        .update(registrations)
        .set({ status: 'cancelled', cancelledAt: new Date() })
        .where(and(eq(registrations.tenantId, tenant.id), eq(registrations.id, registrationId)))
        .returning();
      if (r.status === 'confirmed') {
        await tx
          .update(events)
          .set({ confirmedPlaces: sql`greatest(0, ${events.confirmedPlaces} - ${reg.places})` })
          .where(and(eq(events.tenantId, tenant.id), eq(events.id, reg.eventId)));
      }
      const e = await getEvent(tx, tenant.id, reg.eventId);
      if (o.notify && e)
        await mailRegistrant(tx, services, tenant, e, reg, 'cancelled', publicLink(services, tenant, e.id));
      const promoted = await promoteWaitlist(tx, services, tenant, reg.eventId);
      return { cancelled: true, promoted };
    })
    .finally(() => eventsChanged(tenant.id));
}

export async function listRegistrations(db: Db, tenantId: string, eventId: string): Promise<Registration[]> {
  return db
    .select()
    .from(registrations)
    .where(and(eq(registrations.tenantId, tenantId), eq(registrations.eventId, eventId)))
    .orderBy(asc(registrations.id));
}

/** Confirmed registrations of events starting within the next day that have had no reminder yet. */
export async function sendReminders(
  services: Services,
  tenantOf: (id: string) => Promise<RequestTenant | undefined>,
  now = new Date(),
) {
  const db = services.db;
  const soon = new Date(now.getTime() + 26 * 3_600_000);
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
        gt(events.startsAt, now),
        lte(events.startsAt, soon),
      ),
    )
    .limit(500);
  let sent = 0;
  for (const { r, e } of due) {
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

/** When an event is cancelled, everyone registered or waiting is told. */
export async function notifyCancellation(services: Services, tenant: RequestTenant, e: Event) {
  const list = (await listRegistrations(services.db, tenant.id, e.id)).filter(
    (r) => r.status !== 'cancelled',
  );
  await services.db.transaction(async (tx) => {
    for (const r of list)
      await mailRegistrant(tx, services, tenant, e, r, 'eventCancelled', publicLink(services, tenant, e.id));
  });
  return list.length;
}

/** Days after an event (the last date of a series) until registrations and submitter details are deleted. */
export const RETENTION_DAYS = 30;

/**
 * Data protection housekeeping (daily): registrations, and the submitter's name and e-mail address,
 * are deleted RETENTION_DAYS after the event is over. Attendance counts stay (they hold no names).
 */
export async function deleteExpiredPersonalData(
  db: Db,
  now = new Date(),
): Promise<{ registrations: number; submitters: number }> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000).toISOString();
  const over = sql`(case when e.rrule is null then e.ends_at < ${cutoff}::timestamptz
                     else e.repeat_until is not null and (e.repeat_until + 1)::timestamp at time zone 'Europe/Berlin' < ${cutoff}::timestamptz end)`;
  const r = rows<{ n: number }>(
    await db.execute(sql`
      with gone as (
        delete from events_registrations r using events_events e
        where e.tenant_id = r.tenant_id and e.id = r.event_id and ${over}
        returning 1)
      select count(*)::int as n from gone`),
  );
  const s = rows<{ n: number }>(
    await db.execute(sql`
      with cleared as (
        update events_events e set submitter_name = '', submitter_email = '', edit_token_hash = null
        where e.submitter_email <> '' and ${over}
        returning 1)
      select count(*)::int as n from cleared`),
  );
  return { registrations: Number(r[0]?.n ?? 0), submitters: Number(s[0]?.n ?? 0) };
}
