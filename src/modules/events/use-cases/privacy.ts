/**
 * The events module's part in data-subject requests (GDPR Art. 15/17) and retention: registrations
 * (name, e-mail, phone), the submitter's name and e-mail of public submissions, and an event's
 * public contact address when it is the person's. Matched by e-mail address only: every
 * registration and submission has one, and a phone number alone names no registration.
 */
import { and, asc, eq, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type {
  DataSubject,
  LegalBasis,
  PrivacyErasure,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { laterDate, sameEmail } from '../../../platform/privacy/index.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { getTenant } from '../../tenancy/index.ts';
import { events, registrations } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import { eventsChanged } from './listing.ts';
import { cancelRegistrationIn, deleteExpiredPersonalData, RETENTION_DAYS } from './registrations.ts';

const r = alias(registrations, 'r');
const DAYS = sql.raw(String(RETENTION_DAYS));
const e = alias(events, 'e');

/**
 * The last day a registration is kept (the housekeeping deletes it after that): RETENTION_DAYS after
 * its date, else after the event's end or the series' last date; null while a series has no end.
 */
const registrationKeptUntil = sql<string | null>`(case
  when ${r.occurrenceDate} is not null then ${r.occurrenceDate} + ${DAYS}
  when ${e.rrule} is null then (${e.endsAt} at time zone 'Europe/Berlin')::date + ${DAYS}
  else ${e.repeatUntil} + ${DAYS} end)::text`;

const eventKeptUntil = sql<string | null>`(case
  when ${e.rrule} is null then (${e.endsAt} at time zone 'Europe/Berlin')::date + ${DAYS}
  else ${e.repeatUntil} + ${DAYS} end)::text`;

async function registrationsOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select({
      id: r.id,
      eventId: r.eventId,
      event: e.title,
      startsAt: e.startsAt,
      occurrenceDate: r.occurrenceDate,
      status: r.status,
      name: r.name,
      email: r.email,
      phone: r.phone,
      places: r.places,
      lang: r.lang,
      createdAt: r.createdAt,
      promotedAt: r.promotedAt,
      cancelledAt: r.cancelledAt,
      reminderSentAt: r.reminderSentAt,
      keptUntil: registrationKeptUntil,
      // Still to come: its date, or the event (the series) is not over.
      upcoming: sql<boolean>`(case
        when ${r.occurrenceDate} is not null then ${r.occurrenceDate} >= ${todayLocal()}::date
        when ${e.rrule} is null then ${e.endsAt} >= now()
        else ${e.repeatUntil} is null or ${e.repeatUntil} >= ${todayLocal()}::date end)`,
    })
    .from(r)
    .innerJoin(e, and(eq(e.tenantId, r.tenantId), eq(e.id, r.eventId)))
    .where(and(ofTenant(r, tenantId), sameEmail(r.email, subject)))
    .orderBy(asc(r.createdAt));
}

async function submissionsOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select({
      id: e.id,
      title: e.title,
      status: e.status,
      startsAt: e.startsAt,
      submitterName: e.submitterName,
      submitterEmail: e.submitterEmail,
      submitterLang: e.submitterLang,
      moderationNote: e.moderationNote,
      createdAt: e.createdAt,
      keptUntil: eventKeptUntil,
    })
    .from(e)
    .where(and(ofTenant(e, tenantId), sameEmail(e.submitterEmail, subject)))
    .orderBy(asc(e.createdAt));
}

/** Events that show the person's address as their contact (or will, in a revision waiting for review). */
const contactMatch = (subject: DataSubject): SQL =>
  or(sameEmail(e.contactEmail, subject), sameEmail(sql`${e.revision} ->> 'contactEmail'`, subject))!;

async function contactsOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select({
      id: e.id,
      title: e.title,
      status: e.status,
      source: e.source,
      startsAt: e.startsAt,
      contactEmail: e.contactEmail,
      revisionContactEmail: sql<string | null>`${e.revision} ->> 'contactEmail'`,
    })
    .from(e)
    .where(and(ofTenant(e, tenantId), contactMatch(subject)))
    .orderBy(asc(e.startsAt));
}

/** Latest of the dates; null as soon as one record has no fixed date. */
const keptUntil = (list: { keptUntil: string | null }[]): string | null =>
  list.some((x) => !x.keptUntil)
    ? null
    : list.reduce<string | null>((a, x) => laterDate(a, x.keptUntil), null);

/** A contact address typed by a submitter was given for publication; staff enter it as part of their task. */
const contactBases = (list: { source: string }[]): LegalBasis[] => [
  ...new Set(list.map((x): LegalBasis => (x.source === 'public' ? 'consent' : 'public_task'))),
];

export async function findPersonInEvents(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyRecord[]> {
  authorizeTenantWide(actor, PERMS.privacy);
  const db = services.db;
  const [regs, subs, contacts] = await Promise.all([
    registrationsOf(db, actor.tenantId, subject),
    submissionsOf(db, actor.tenantId, subject),
    contactsOf(db, actor.tenantId, subject),
  ]);
  const out: PrivacyRecord[] = [];
  if (regs.length)
    out.push({
      category: 'events.registrations',
      label: 'events:dataSubject.registrations',
      description: 'events:dataSubject.registrationsDescription',
      count: regs.length,
      legalBasis: ['contract'],
      retention: 'events:dataSubject.registrationsRetention',
      retentionUntil: keptUntil(regs),
    });
  if (subs.length)
    out.push({
      category: 'events.submissions',
      label: 'events:dataSubject.submissions',
      description: 'events:dataSubject.submissionsDescription',
      count: subs.length,
      legalBasis: ['contract'],
      retention: 'events:dataSubject.submissionsRetention',
      retentionUntil: keptUntil(subs),
    });
  if (contacts.length)
    out.push({
      category: 'events.contacts',
      label: 'events:dataSubject.contacts',
      description: 'events:dataSubject.contactsDescription',
      count: contacts.length,
      legalBasis: contactBases(contacts),
      retention: 'events:dataSubject.contactsRetention',
      retentionUntil: null,
    });
  return out;
}

export async function exportPersonFromEvents(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  authorizeTenantWide(actor, PERMS.privacy);
  const db = services.db;
  const [regs, subs, contacts] = await Promise.all([
    registrationsOf(db, actor.tenantId, subject),
    submissionsOf(db, actor.tenantId, subject),
    contactsOf(db, actor.tenantId, subject),
  ]);
  const out: PrivacyExportSection[] = [];
  if (regs.length)
    out.push({
      category: 'events.registrations',
      label: 'events:dataSubject.registrations',
      legalBasis: ['contract'],
      retentionUntil: keptUntil(regs),
      records: regs.map(({ id: _id, eventId: _e, upcoming: _u, ...x }) => x),
    });
  if (subs.length)
    out.push({
      category: 'events.submissions',
      label: 'events:dataSubject.submissions',
      legalBasis: ['contract'],
      retentionUntil: keptUntil(subs),
      records: subs.map(({ id: _id, ...x }) => x),
    });
  if (contacts.length)
    out.push({
      category: 'events.contacts',
      label: 'events:dataSubject.contacts',
      legalBasis: contactBases(contacts),
      retentionUntil: null,
      records: contacts.map(({ id: _id, ...x }) => x),
    });
  return out;
}

/**
 * Erases the person from the calendar, in one transaction: registrations for dates still ahead are
 * cancelled first (their places go to the waiting list, without a mail to the person), then every
 * registration of theirs is deleted; the submitter's name, e-mail and private link go from their
 * submissions (the events stay, staff decide on them as before); their address goes from events
 * that show it as contact (also from a revision waiting for review). Attendance counts hold no names
 * and stay; registered places of past events drop by theirs, as the 30-day deletion does.
 */
export async function erasePersonFromEvents(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyErasure> {
  authorizeTenantWide(actor, PERMS.privacy);
  const tenantId = actor.tenantId;
  const t = await getTenant(services.db, tenantId);
  const tenant = { id: tenantId, slug: t?.slug ?? '', name: t?.name ?? '', settings: t?.settings ?? {} };
  const result = await services.db.transaction(async (tx) => {
    const regs = await registrationsOf(tx, tenantId, subject);
    const ahead = regs.filter((x) => (x.status === 'confirmed' || x.status === 'waitlisted') && x.upcoming);
    for (const x of ahead) await cancelRegistrationIn(tx, services, tenant, x.id, { notify: false });
    if (regs.length)
      await tx.delete(registrations).where(
        and(
          ofTenant(registrations, tenantId),
          inArray(
            registrations.id,
            regs.map((x) => x.id),
          ),
        ),
      );
    const subs = await tx
      .update(events)
      .set({ submitterName: '', submitterEmail: '', editTokenHash: null })
      .where(and(ofTenant(events, tenantId), sameEmail(events.submitterEmail, subject)))
      .returning({ id: events.id });
    const contacts = await tx
      .update(events)
      .set({
        contactEmail: sql`case when ${sameEmail(events.contactEmail, subject)} then '' else ${events.contactEmail} end`,
        revision: sql`case when ${isNotNull(events.revision)} and ${sameEmail(sql`${events.revision} ->> 'contactEmail'`, subject)}
          then jsonb_set(${events.revision}, '{contactEmail}', '""'::jsonb) else ${events.revision} end`,
        updatedAt: new Date(),
      })
      .where(
        and(
          ofTenant(events, tenantId),
          or(
            sameEmail(events.contactEmail, subject),
            sameEmail(sql`${events.revision} ->> 'contactEmail'`, subject),
          ),
        ),
      )
      .returning({ id: events.id });
    const entries = [
      ...regs.map((x) => ({
        type: 'events.registration',
        id: x.id,
        details: { cancelled: ahead.includes(x) },
      })),
      ...subs.map((x) => ({ type: 'events.submitter', id: x.id, details: {} })),
      ...contacts.map((x) => ({ type: 'events.contact', id: x.id, details: {} })),
    ];
    for (const a of entries)
      await writeAudit(tx, {
        tenantId,
        actorUserId: actor.userId ?? null,
        action: 'erase',
        entityType: a.type,
        entityId: a.id,
        personal: true,
        details: { reason: 'request', ...a.details },
      });
    return {
      erased: entries.length,
      details: {
        'events.registrations': regs.length,
        'events.submissions': subs.length,
        'events.contacts': contacts.length,
      },
    };
  });
  eventsChanged(tenantId);
  return result;
}

/** The daily deletion 30 days after an event (see deleteExpiredPersonalData), for one tenant. */
export async function eventsRetention(
  services: Services,
  tenantId: string,
  now: Date,
): Promise<{ due: number; erased: number }> {
  const r = await deleteExpiredPersonalData(services.db, now, tenantId);
  const n = r.registrations + r.submitters;
  if (n > 0) eventsChanged(tenantId);
  return { due: n, erased: n };
}

export const eventsPrivacy: PrivacyHook = {
  find: findPersonInEvents,
  export: exportPersonFromEvents,
  erase: erasePersonFromEvents,
  retention: eventsRetention,
};
