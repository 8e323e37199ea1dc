/**
 * Volunteers' offers (ENGAGE-1): made without an account, confirmed by the private link the offer
 * mails (only its hash is stored; the first visit confirms the address), then paused, changed,
 * exported or deleted through that link at any time. Staff see volunteers of their areas with what
 * they offer — never their contact: that is given only once both sides agreed to a match.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { type Db, isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { localDate, todayLocal } from '../../../platform/time/index.ts';
import { certificates, hours, matches, needs, thanks, volunteers } from '../db/schema.ts';
import { certificateState } from '../domain/safeguarding.ts';
import { contactVisible } from '../domain/status.ts';
import { CONSENT_TEXT_VERSION } from '../domain/vocab.ts';
import { authorizeIn, MANAGE, READ } from '../policies.ts';
import { getVolunteer, type Volunteer, volunteerByTokenHash } from '../queries.ts';
import { type CertificateSeenInput, certificateSeenInput, type OfferInput, offerInput } from '../schemas.ts';
import { mail } from './mails.ts';
import { audit, DEFAULT_SETTINGS, pathOf } from './shared.ts';

/** The chosen areas with all their ancestors (for scope), each checked to exist. */
async function areasOf(db: Db, tenantId: string, chosen: string[]): Promise<string[]> {
  const all = new Set<string>();
  for (const id of chosen) for (const a of await pathOf(db, tenantId, id, 'areaIds')) all.add(a);
  return [...all];
}

async function content(db: Db, tenantId: string, input: OfferInput) {
  const v = parseInput(offerInput, input);
  const chosenAreaIds = [...new Set(v.areaIds)];
  return {
    name: v.name,
    email: v.email,
    phone: v.phone,
    organisation: v.organisation,
    about: v.about,
    skills: v.skills,
    weekdays: v.weekdays,
    dayParts: v.dayParts,
    languages: v.languages,
    chosenAreaIds,
    areaIds: await areasOf(db, tenantId, chosenAreaIds),
  };
}

/**
 * A volunteer offers help without an account: consent is recorded with its time and text version,
 * the entry waits unconfirmed, and the private link goes to the address given (the link confirms it).
 */
export async function offerHelp(
  db: Db,
  tenantId: string,
  input: OfferInput & { consent: boolean },
  o: { lang?: string; linkOf: (token: string) => string; now?: Date },
): Promise<{ volunteer: Volunteer; token: string }> {
  const v = await content(db, tenantId, input);
  if (!input.consent) throw new ValidationError({ consent: 'volunteering:errors.consent' });
  const token = randomToken(24);
  const now = o.now ?? new Date();
  const volunteer = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(volunteers)
      .values({
        ...v,
        tenantId,
        id: newId(),
        status: 'unconfirmed',
        tokenHash: hashToken(token),
        lang: o.lang ?? 'de',
        consentAt: now,
        consentVersion: CONSENT_TEXT_VERSION,
        lastActiveAt: now,
      })
      .returning();
    await audit(tx, null, tenantId, 'create', 'volunteer', row.id, { by: 'volunteer' });
    await mail(tx, tenantId, row.email, row.lang, 'link', { name: row.name, link: o.linkOf(token) });
    return row;
  });
  return { volunteer, token };
}

/**
 * The volunteer behind a private link (404 for an unknown or deleted one). The first visit confirms
 * the e-mail address; every visit counts as activity (the retention clock starts again).
 */
export async function volunteerByToken(
  db: Db,
  tenantId: string,
  token: string,
  now = new Date(),
): Promise<Volunteer> {
  const found = await volunteerByTokenHash(db, tenantId, token);
  if (!found || found.erasedAt) throw new AppError(404, 'volunteer_not_found');
  const [row] = await db
    .update(volunteers)
    .set({
      lastActiveAt: now,
      retentionWarnedAt: null,
      ...(found.status === 'unconfirmed' ? { status: 'active' as const, emailConfirmedAt: now } : {}),
    })
    .where(and(ofTenant(volunteers, tenantId), eq(volunteers.id, found.id)))
    .returning();
  if (found.status === 'unconfirmed')
    await audit(db, null, tenantId, 'update', 'volunteer', found.id, { confirmed: true });
  return row;
}

export async function updateOfferByToken(
  db: Db,
  tenantId: string,
  token: string,
  input: OfferInput,
): Promise<Volunteer> {
  const found = await volunteerByToken(db, tenantId, token);
  const v = await content(db, tenantId, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(volunteers)
      .set({
        ...v,
        // A changed address is confirmed by the link it came with (the link is the credential).
        updatedAt: new Date(),
      })
      .where(and(ofTenant(volunteers, tenantId), eq(volunteers.id, found.id)))
      .returning();
    await audit(tx, null, tenantId, 'update', 'volunteer', found.id, { by: 'volunteer' });
    return row;
  });
}

/** Pause (no new proposals) or take up again. */
export async function pauseByToken(
  db: Db,
  tenantId: string,
  token: string,
  paused: boolean,
): Promise<Volunteer> {
  const found = await volunteerByToken(db, tenantId, token);
  const [row] = await db
    .update(volunteers)
    .set({ status: paused ? 'paused' : 'active', updatedAt: new Date() })
    .where(and(ofTenant(volunteers, tenantId), eq(volunteers.id, found.id)))
    .returning();
  await audit(db, null, tenantId, 'update', 'volunteer', found.id, { paused });
  return row;
}

/** Everything kept about the volunteer, as plain JSON values (GDPR Art. 15, from their own link). */
export async function exportVolunteer(db: Db, tenantId: string, v: Volunteer) {
  const ms = await db
    .select({ match: matches, title: needs.title, organisation: needs.organisation })
    .from(matches)
    .innerJoin(needs, and(eq(needs.tenantId, matches.tenantId), eq(needs.id, matches.needId)))
    .where(and(ofTenant(matches, tenantId), eq(matches.volunteerId, v.id)))
    .orderBy(asc(matches.proposedAt));
  const hs = await db
    .select()
    .from(hours)
    .where(and(ofTenant(hours, tenantId), eq(hours.volunteerId, v.id)))
    .orderBy(asc(hours.day));
  const cs = await db
    .select()
    .from(certificates)
    .where(and(ofTenant(certificates, tenantId), eq(certificates.volunteerId, v.id)));
  const ts = await db
    .select()
    .from(thanks)
    .where(and(ofTenant(thanks, tenantId), eq(thanks.volunteerId, v.id)));
  return {
    offer: {
      name: v.name,
      email: v.email,
      phone: v.phone,
      organisation: v.organisation,
      about: v.about,
      skills: v.skills,
      weekdays: v.weekdays,
      dayParts: v.dayParts,
      areaIds: v.chosenAreaIds,
      languages: v.languages,
      status: v.status,
      lang: v.lang,
      createdAt: v.createdAt,
      lastActiveAt: v.lastActiveAt,
    },
    consent: {
      legalBasis: 'consent',
      givenAt: v.consentAt,
      textVersion: v.consentVersion,
      emailConfirmedAt: v.emailConfirmedAt,
    },
    extendedCertificateSeen: v.certificateIssuedOn
      ? { issuedOn: v.certificateIssuedOn, seenAt: v.certificateSeenAt }
      : null,
    matches: ms.map(({ match: m, title, organisation }) => ({
      need: title,
      organisation,
      status: m.status,
      proposedAt: m.proposedAt,
      answeredAt: m.answeredAt,
      confirmedAt: m.confirmedAt,
      endedAt: m.endedAt,
    })),
    hours: hs.map((h) => ({ day: h.day, minutes: h.minutes, note: h.note, confirmedAt: h.confirmedAt })),
    certificates: cs.map((c) => ({
      status: c.status,
      requestedAt: c.requestedAt,
      signedAt: c.signedAt,
      content: c.content,
    })),
    thanks: ts.map((x) => ({ text: x.text, at: x.createdAt })),
  };
}

export async function exportByToken(db: Db, tenantId: string, token: string) {
  const v = await volunteerByToken(db, tenantId, token);
  await audit(db, null, tenantId, 'export', 'volunteer', v.id, { by: 'volunteer' });
  return exportVolunteer(db, tenantId, v);
}

/**
 * Removes everything personal of a volunteer in the caller's transaction: the entry stays without
 * name, address, phone, text and link (its areas and the hours' counts stay for the figures); thanks,
 * certificates and notes go; open proposals end.
 */
export async function eraseVolunteerRows(
  tx: Db,
  tenantId: string,
  ids: string[],
  now = new Date(),
): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(volunteers)
    .set({
      name: '',
      email: '',
      phone: '',
      organisation: '',
      about: '',
      skills: [],
      languages: [],
      weekdays: [],
      dayParts: [],
      tokenHash: null,
      status: 'paused',
      certificateIssuedOn: null,
      certificateSeenAt: null,
      certificateSeenBy: null,
      erasedAt: now,
      updatedAt: now,
    })
    .where(and(ofTenant(volunteers, tenantId), inArray(volunteers.id, ids)));
  await tx
    .update(matches)
    .set({ status: 'expired', message: '', updatedAt: now })
    .where(
      and(ofTenant(matches, tenantId), inArray(matches.volunteerId, ids), eq(matches.status, 'proposed')),
    );
  await tx
    .update(matches)
    .set({ status: 'ended', endedAt: now, message: '', updatedAt: now })
    .where(
      and(
        ofTenant(matches, tenantId),
        inArray(matches.volunteerId, ids),
        inArray(matches.status, ['accepted', 'confirmed']),
      ),
    );
  await tx
    .update(matches)
    .set({ message: '' })
    .where(and(ofTenant(matches, tenantId), inArray(matches.volunteerId, ids)));
  await tx
    .update(hours)
    .set({ note: '' })
    .where(and(ofTenant(hours, tenantId), inArray(hours.volunteerId, ids)));
  await tx
    .delete(certificates)
    .where(and(ofTenant(certificates, tenantId), inArray(certificates.volunteerId, ids)));
  await tx.delete(thanks).where(and(ofTenant(thanks, tenantId), inArray(thanks.volunteerId, ids)));
}

/** The volunteer deletes their entry through their link: the link stops working at once. */
export async function deleteByToken(db: Db, tenantId: string, token: string): Promise<void> {
  const v = await volunteerByToken(db, tenantId, token);
  await db.transaction(async (tx) => {
    await eraseVolunteerRows(tx, tenantId, [v.id]);
    await audit(tx, null, tenantId, 'erase', 'volunteer', v.id, { by: 'volunteer' });
  });
}

/**
 * A new private link for a lost one, sent to the address of each entry that has it (the old link
 * stops working). Says nothing about whether the address is known.
 */
export async function resendLink(
  db: Db,
  tenantId: string,
  email: string,
  linkOf: (token: string) => string,
): Promise<void> {
  const address = email.trim().toLowerCase();
  if (!address) return;
  const list = await db
    .select()
    .from(volunteers)
    .where(and(ofTenant(volunteers, tenantId), eq(volunteers.email, address), isNull(volunteers.erasedAt)))
    .limit(5);
  for (const v of list) {
    const token = randomToken(24);
    await db.transaction(async (tx) => {
      await tx
        .update(volunteers)
        .set({ tokenHash: hashToken(token) })
        .where(and(ofTenant(volunteers, tenantId), eq(volunteers.id, v.id)));
      await mail(tx, tenantId, v.email, v.lang, 'newLink', { name: v.name, link: linkOf(token) });
    });
  }
}

// ── Staff ─────────────────────────────────────────────────────────────────────────────────────

/** What staff see of a volunteer before any agreement: what they offer, never how to reach them. */
export interface VolunteerCard {
  id: string;
  name: string;
  organisation: string;
  about: string;
  skills: string[];
  weekdays: string[];
  dayParts: string[];
  chosenAreaIds: string[];
  areaIds: string[];
  languages: string[];
  status: Volunteer['status'];
  certificateIssuedOn: string | null;
  certificateState: ReturnType<typeof certificateState>;
  createdAt: Date;
}

export const cardOf = (
  v: Volunteer,
  today = todayLocal(),
  years = DEFAULT_SETTINGS.certificateYears,
): VolunteerCard => ({
  id: v.id,
  name: v.name,
  organisation: v.organisation,
  about: v.about,
  skills: v.skills,
  weekdays: v.weekdays,
  dayParts: v.dayParts,
  chosenAreaIds: v.chosenAreaIds,
  areaIds: v.areaIds,
  languages: v.languages,
  status: v.status,
  certificateIssuedOn: v.certificateIssuedOn,
  certificateState: certificateState(v.certificateIssuedOn, today, years),
  createdAt: v.createdAt,
});

/** What the staff list of volunteers filters by (kept in the list's address). */
export interface VolunteerListFilter {
  /** Words in the name, the organisation or what they wrote about themselves. */
  q?: string;
  /** Volunteers who chose this area or one below it. */
  areaId?: string;
  skill?: string;
  language?: string;
  status?: 'active' | 'paused';
}

/**
 * The volunteers of the member's areas (confirmed entries only) as the filter finds them, newest
 * first, a page at a time, without contact.
 */
export async function listVolunteersFor(
  actor: Actor,
  db: Db,
  f: VolunteerListFilter & { limit?: number; offset?: number; o?: { certificateYears?: number } } = {},
): Promise<{ items: VolunteerCard[]; total: number }> {
  authorize(actor, READ);
  const where: (SQL | undefined)[] = [
    ofTenant(volunteers, actor.tenantId),
    scopeFilter(volunteers.areaIds, scopeOf(actor, READ)),
    ne(volunteers.status, 'unconfirmed'),
    isNull(volunteers.erasedAt),
  ];
  // The chosen areas and below: a volunteer of a neighbourhood is found under its district too.
  if (f.areaId && isUuid(f.areaId)) where.push(scopeFilter(volunteers.areaIds, [f.areaId]));
  if (f.skill) where.push(sql`${volunteers.skills} @> array[${f.skill}]::text[]`);
  if (f.language) where.push(sql`${volunteers.languages} @> array[${f.language}]::text[]`);
  if (f.status) where.push(eq(volunteers.status, f.status));
  const q = f.q?.trim();
  if (q) {
    const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(
      or(ilike(volunteers.name, like), ilike(volunteers.organisation, like), ilike(volunteers.about, like)),
    );
  }
  const [list, [{ total }]] = await Promise.all([
    db
      .select()
      .from(volunteers)
      .where(and(...where))
      .orderBy(desc(volunteers.createdAt), asc(volunteers.id))
      .limit(Math.min(f.limit ?? 50, 500))
      .offset(f.offset ?? 0),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(volunteers)
      .where(and(...where)),
  ]);
  const today = todayLocal();
  return { items: list.map((v) => cardOf(v, today, f.o?.certificateYears)), total: Number(total) };
}

/** At most this many volunteers in one CSV download. */
export const VOLUNTEERS_CSV_MAX = 10_000;

/**
 * Every volunteer the list's filter finds (all pages, up to VOLUNTEERS_CSV_MAX), for the CSV
 * download: the same entries as the list, still without contact. The download names people, so it
 * goes to the audit log with their ids (no names in the entry).
 */
export async function exportVolunteers(
  actor: Actor,
  db: Db,
  f: VolunteerListFilter & { o?: { certificateYears?: number } } = {},
): Promise<VolunteerCard[]> {
  const all: VolunteerCard[] = [];
  for (let offset = 0; offset < VOLUNTEERS_CSV_MAX; offset += 500) {
    const { items } = await listVolunteersFor(actor, db, { ...f, limit: 500, offset });
    all.push(...items);
    if (items.length < 500) break;
  }
  if (all.length)
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'read',
      entityType: 'volunteering.volunteer',
      entityId: null,
      personal: true,
      details: { view: 'volunteers.csv', count: all.length, ids: all.map((v) => v.id) },
    });
  return all;
}

/** One volunteer for staff (404 outside their areas or unconfirmed). */
export async function volunteerFor(
  actor: Actor,
  db: Db,
  id: string,
  permission: typeof READ | typeof MANAGE = READ,
) {
  authorize(actor, permission);
  if (!isUuid(id)) throw new AppError(404, 'volunteer_not_found');
  const v = await getVolunteer(db, actor.tenantId, id);
  if (!v || v.status === 'unconfirmed' || v.erasedAt) throw new AppError(404, 'volunteer_not_found');
  authorizeIn(actor, v.areaIds, permission);
  return v;
}

/**
 * A volunteer as staff see them, with their contact only when they agreed to a match of a need the
 * member may read (both sides agreed); null otherwise.
 */
export async function volunteerViewFor(
  actor: Actor,
  db: Db,
  id: string,
  o: { certificateYears?: number } = {},
) {
  const v = await volunteerFor(actor, db, id);
  const agreed = await db
    .select({ status: matches.status, needAreaIds: needs.areaIds })
    .from(matches)
    .innerJoin(needs, and(eq(needs.tenantId, matches.tenantId), eq(needs.id, matches.needId)))
    .where(
      and(
        ofTenant(matches, actor.tenantId),
        eq(matches.volunteerId, v.id),
        scopeFilter(needs.areaIds, scopeOf(actor, READ)),
      ),
    );
  const visible = agreed.some((m) => contactVisible(m.status));
  return {
    card: cardOf(v, todayLocal(), o.certificateYears),
    contact: visible ? { email: v.email, phone: v.phone } : null,
  };
}

/**
 * Staff record that they have seen the volunteer's extended criminal-record certificate and its issue
 * date. The document itself is never kept (nor a copy, nor its content).
 */
export async function recordCertificateSeen(
  actor: Actor,
  db: Db,
  id: string,
  input: CertificateSeenInput,
): Promise<Volunteer> {
  const v = await volunteerFor(actor, db, id, MANAGE);
  const { issuedOn } = parseInput(certificateSeenInput, input);
  if (issuedOn > localDate(new Date()))
    throw new ValidationError({ issuedOn: 'volunteering:errors.futureDate' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(volunteers)
      .set({
        certificateIssuedOn: issuedOn,
        certificateSeenAt: new Date(),
        certificateSeenBy: actor.userId ?? null,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(volunteers, actor.tenantId), eq(volunteers.id, v.id)))
      .returning();
    await audit(tx, actor, actor.tenantId, 'update', 'volunteer', v.id, { certificateSeen: issuedOn });
    return row;
  });
}
