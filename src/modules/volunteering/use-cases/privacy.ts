/**
 * The volunteering module's part in data-subject requests (GDPR Art. 15 and 17) and its retention.
 * Volunteers' entries (consent, Art. 6(1)(a)) are found by e-mail address or phone; sign-ups for calls
 * (steps at the person's request, (b)) by address. Erasure removes everything personal of an entry
 * (the row stays without it, so the figures' counts and hours stay) and deletes sign-ups.
 * Retention (daily): proposals past their time expire; unconfirmed offers go after 7 days; an entry
 * without activity for the set months gets a warning mail and is erased 30 days later unless the
 * volunteer opens their link; sign-ups go 30 days after the call.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type {
  DataSubject,
  PrivacyErasure,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { sameEmail, samePhone } from '../../../platform/privacy/index.ts';
import { addDays, formatDate, localDate } from '../../../platform/time/index.ts';
import { needs, signups, volunteers } from '../db/schema.ts';
import { PRIVACY } from '../policies.ts';
import { expiredSignups } from './calls.ts';
import { mail, mailLang } from './mails.ts';
import { expireProposals } from './matches.ts';
import { DEFAULT_SETTINGS, UNCONFIRMED_DAYS, type VolunteeringSettings, WARNING_DAYS } from './shared.ts';
import { eraseVolunteerRows, exportVolunteer } from './volunteers.ts';

const VOLUNTEERS = 'volunteering.volunteers';
const SIGNUPS = 'volunteering.signups';

async function volunteersOf(db: Db, tenantId: string, subject: DataSubject) {
  const match = subject.phone
    ? or(sameEmail(volunteers.email, subject), samePhone(volunteers.phone, subject))
    : sameEmail(volunteers.email, subject);
  return db
    .select()
    .from(volunteers)
    .where(and(ofTenant(volunteers, tenantId), isNull(volunteers.erasedAt), match))
    .orderBy(asc(volunteers.createdAt));
}

async function signupsOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select({ signup: signups, title: needs.title, startsOn: needs.startsOn })
    .from(signups)
    .innerJoin(needs, and(eq(needs.tenantId, signups.tenantId), eq(needs.id, signups.needId)))
    .where(and(ofTenant(signups, tenantId), sameEmail(signups.email, subject)));
}

/** The date an entry is erased by retention if nothing happens (YYYY-MM-DD). */
const retentionDate = (lastActiveAt: Date, months: number) =>
  addDays(localDate(new Date(lastActiveAt.getTime() + months * 30.44 * 86_400_000)), WARNING_DAYS);

const settingsOf = (services: Services): VolunteeringSettings =>
  (services.config.modules?.volunteering as VolunteeringSettings | undefined) ?? DEFAULT_SETTINGS;

async function find(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyRecord[]> {
  authorizeTenantWide(actor, PRIVACY);
  const vs = await volunteersOf(services.db, actor.tenantId, subject);
  const ss = await signupsOf(services.db, actor.tenantId, subject);
  const months = settingsOf(services).retentionMonths;
  const out: PrivacyRecord[] = [];
  if (vs.length)
    out.push({
      category: VOLUNTEERS,
      label: 'volunteering:dataSubject.volunteers',
      description: 'volunteering:dataSubject.volunteersDescription',
      count: vs.length,
      legalBasis: ['consent'],
      retention: 'volunteering:dataSubject.volunteersRetention',
      retentionUntil:
        vs
          .map((v) => retentionDate(v.lastActiveAt, months))
          .sort()
          .at(-1) ?? null,
    });
  if (ss.length)
    out.push({
      category: SIGNUPS,
      label: 'volunteering:dataSubject.signups',
      description: 'volunteering:dataSubject.signupsDescription',
      count: ss.length,
      legalBasis: ['contract'],
      retention: 'volunteering:dataSubject.signupsRetention',
      retentionUntil:
        ss
          .map((s) => (s.startsOn ? addDays(s.startsOn, 30) : ''))
          .sort()
          .at(-1) || null,
    });
  return out;
}

async function exportData(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  authorizeTenantWide(actor, PRIVACY);
  const { db } = services;
  const vs = await volunteersOf(db, actor.tenantId, subject);
  const ss = await signupsOf(db, actor.tenantId, subject);
  const out: PrivacyExportSection[] = [];
  if (vs.length) {
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'export',
      entityType: 'volunteering.volunteer',
      personal: true,
      details: { records: vs.map((v) => v.id) },
    });
    const months = settingsOf(services).retentionMonths;
    out.push({
      category: VOLUNTEERS,
      label: 'volunteering:dataSubject.volunteers',
      legalBasis: ['consent'],
      retentionUntil:
        vs
          .map((v) => retentionDate(v.lastActiveAt, months))
          .sort()
          .at(-1) ?? null,
      records: await Promise.all(vs.map((v) => exportVolunteer(db, actor.tenantId, v))),
    });
  }
  if (ss.length)
    out.push({
      category: SIGNUPS,
      label: 'volunteering:dataSubject.signups',
      legalBasis: ['contract'],
      retentionUntil: null,
      records: ss.map((s) => ({
        call: s.title,
        date: s.startsOn,
        name: s.signup.name,
        email: s.signup.email,
        signedUpAt: s.signup.createdAt,
      })),
    });
  return out;
}

async function erase(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyErasure> {
  authorizeTenantWide(actor, PRIVACY);
  const { db } = services;
  const vs = await volunteersOf(db, actor.tenantId, subject);
  const ss = await signupsOf(db, actor.tenantId, subject);
  await db.transaction(async (tx) => {
    await eraseVolunteerRows(
      tx,
      actor.tenantId,
      vs.map((v) => v.id),
    );
    if (ss.length)
      await tx.delete(signups).where(
        and(
          ofTenant(signups, actor.tenantId),
          inArray(
            signups.id,
            ss.map((s) => s.signup.id),
          ),
        ),
      );
    for (const [id, type] of [
      ...vs.map((v) => [v.id, 'volunteer']),
      ...ss.map((s) => [s.signup.id, 'signup']),
    ])
      await writeAudit(tx, {
        tenantId: actor.tenantId,
        actorUserId: actor.userId ?? null,
        action: 'erase',
        entityType: `volunteering.${type}`,
        entityId: id,
        personal: true,
        details: { category: type === 'volunteer' ? VOLUNTEERS : SIGNUPS },
      });
  });
  const details: Record<string, number> = {};
  if (vs.length) details[VOLUNTEERS] = vs.length;
  if (ss.length) details[SIGNUPS] = ss.length;
  return { erased: vs.length + ss.length, details };
}

/** The daily retention of one tenant (see the file's comment). */
export async function retention(
  services: Services,
  tenantId: string,
  now: Date,
): Promise<{ due: number; erased: number }> {
  const { db } = services;
  const months = settingsOf(services).retentionMonths;
  await expireProposals(db, tenantId, now);
  const day = 86_400_000;
  // Never confirmed: nothing was ever agreed with this address.
  const unconfirmed = await db
    .delete(volunteers)
    .where(
      and(
        ofTenant(volunteers, tenantId),
        eq(volunteers.status, 'unconfirmed'),
        lt(volunteers.createdAt, new Date(now.getTime() - UNCONFIRMED_DAYS * day)),
      ),
    )
    .returning({ id: volunteers.id });
  const inactiveSince = new Date(now.getTime() - months * 30.44 * day);
  const toWarn = await db
    .select()
    .from(volunteers)
    .where(
      and(
        ofTenant(volunteers, tenantId),
        ne(volunteers.status, 'unconfirmed'),
        isNull(volunteers.erasedAt),
        isNull(volunteers.retentionWarnedAt),
        lt(volunteers.lastActiveAt, inactiveSince),
      ),
    );
  for (const v of toWarn)
    await db.transaction(async (tx) => {
      await tx
        .update(volunteers)
        .set({ retentionWarnedAt: now })
        .where(and(ofTenant(volunteers, tenantId), eq(volunteers.id, v.id)));
      await mail(tx, tenantId, v.email, v.lang, 'retentionWarning', {
        name: v.name,
        date: formatDate(addDays(localDate(now), WARNING_DAYS), mailLang(v.lang)),
        months,
      });
    });
  // Warned long enough ago and still not back (opening the link clears the warning).
  const due = await db
    .select({ id: volunteers.id })
    .from(volunteers)
    .where(
      and(
        ofTenant(volunteers, tenantId),
        isNull(volunteers.erasedAt),
        isNotNull(volunteers.retentionWarnedAt),
        lt(volunteers.retentionWarnedAt, new Date(now.getTime() - WARNING_DAYS * day)),
      ),
    );
  const oldSignups = await expiredSignups(db, tenantId, localDate(now));
  await db.transaction(async (tx) => {
    await eraseVolunteerRows(
      tx,
      tenantId,
      due.map((d) => d.id),
      now,
    );
    if (oldSignups.length)
      await tx.delete(signups).where(
        and(
          ofTenant(signups, tenantId),
          inArray(
            signups.id,
            oldSignups.map((s) => s.id),
          ),
        ),
      );
    for (const d of due)
      await writeAudit(tx, {
        tenantId,
        actorUserId: null,
        action: 'erase',
        entityType: 'volunteering.volunteer',
        entityId: d.id,
        personal: true,
        details: { reason: 'retention' },
      });
  });
  const erased = unconfirmed.length + due.length + oldSignups.length;
  return { due: erased + toWarn.length, erased };
}

export const volunteeringPrivacy: PrivacyHook = { find, export: exportData, erase, retention };
