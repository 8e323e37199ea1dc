/**
 * Matching (ENGAGE-1) both ways: suggestions for a need ranked by fit with their reasons; staff
 * propose a match for the organisation; the volunteer accepts or declines through their private link;
 * only then are contact details exchanged (both sides agreed); staff confirm it — for work with
 * children or vulnerable people only with a seen, valid extended certificate. A declined or expired
 * proposal leaves no trace the other side can see.
 */
import { and, asc, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { type Actor, authorize, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { type Db, isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { localDate } from '../../../platform/time/index.ts';
import { hours, matches, needs, volunteers } from '../db/schema.ts';
import { type Fit, rankNeeds, rankOffers, scoreMatch } from '../domain/matching.ts';
import { safeguardingAllows } from '../domain/safeguarding.ts';
import {
  canMove,
  contactVisible,
  PROPOSAL_DAYS,
  shownToOrganisation,
  shownToVolunteer,
} from '../domain/status.ts';
import type { MatchStatus } from '../domain/vocab.ts';
import { MANAGE, READ } from '../policies.ts';
import { getMatch, getNeed, getVolunteer, type Match, type Need, type Volunteer } from '../queries.ts';
import { mail } from './mails.ts';
import { needFor } from './needs.ts';
import { audit, DEFAULT_SETTINGS } from './shared.ts';
import { cardOf, type VolunteerCard, volunteerByToken, volunteerFor } from './volunteers.ts';

export interface Suggestion extends Fit {
  volunteer: VolunteerCard;
}

/**
 * Volunteers of the member's areas who could help with a need, best fit first, with the reasons.
 * Left out: paused entries, those already proposed or agreed, and those who declined this need
 * (without saying so).
 */
export async function suggestionsFor(
  actor: Actor,
  db: Db,
  needId: string,
  limit = 20,
): Promise<Suggestion[]> {
  const need = await needFor(actor, db, needId, READ);
  const taken = await db
    .select({ id: matches.volunteerId })
    .from(matches)
    .where(and(ofTenant(matches, actor.tenantId), eq(matches.needId, need.id)));
  const skip = new Set(taken.map((t) => t.id));
  const list = await db
    .select()
    .from(volunteers)
    .where(
      and(
        ofTenant(volunteers, actor.tenantId),
        scopeFilter(volunteers.areaIds, scopeOf(actor, READ)),
        eq(volunteers.status, 'active'),
        isNull(volunteers.erasedAt),
      ),
    )
    .limit(2000);
  const ranked = rankOffers(
    need,
    list.filter((v) => !skip.has(v.id)),
  );
  return ranked.slice(0, limit).map((r) => ({ volunteer: cardOf(r), score: r.score, reasons: r.reasons }));
}

/** Open needs that fit a volunteer best (for their own page: "needs that may suit you"). */
export async function needsForVolunteer(db: Db, tenantId: string, v: Volunteer, limit = 5) {
  const list = await db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), eq(needs.status, 'open')))
    .limit(500);
  return rankNeeds(v, list).slice(0, limit);
}

/** Staff propose a match for a need (in their areas) to a volunteer of their areas. */
export async function proposeMatch(
  actor: Actor,
  db: Db,
  needId: string,
  volunteerId: string,
  o: { message?: string; now?: Date } = {},
): Promise<Match> {
  const need = await needFor(actor, db, needId, MANAGE);
  // A form sent without a choice names the field instead of failing on the id.
  if (!isUuid(volunteerId)) throw new ValidationError({ volunteerId: 'volunteering:errors.chooseVolunteer' });
  const v = await volunteerFor(actor, db, volunteerId, READ);
  if (need.status !== 'open') throw new ValidationError({ needId: 'volunteering:errors.needClosed' });
  if (v.status !== 'active')
    throw new ValidationError({ volunteerId: 'volunteering:errors.volunteerPaused' });
  const now = o.now ?? new Date();
  const fit = scoreMatch(need, v);
  return db.transaction(async (tx) => {
    const open = await tx
      .select({ id: matches.id, status: matches.status })
      .from(matches)
      .where(
        and(ofTenant(matches, actor.tenantId), eq(matches.needId, need.id), eq(matches.volunteerId, v.id)),
      );
    // Proposed, agreed or declined before: not again (a decline is final for this need).
    if (open.some((m) => m.status !== 'expired'))
      throw new ValidationError({ volunteerId: 'volunteering:errors.alreadyProposed' });
    const [row] = await tx
      .insert(matches)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        needId: need.id,
        volunteerId: v.id,
        status: 'proposed',
        score: fit.score,
        reasons: fit.reasons.map((r) => r.key),
        message: (o.message ?? '').trim().slice(0, 2000),
        proposedBy: actor.userId ?? null,
        proposedAt: now,
        expiresAt: new Date(now.getTime() + PROPOSAL_DAYS * 86_400_000),
      })
      .returning();
    await audit(tx, actor, actor.tenantId, 'create', 'match', row.id, { needId: need.id, score: fit.score });
    await mail(tx, actor.tenantId, v.email, v.lang, 'proposal', {
      name: v.name,
      title: need.title,
      organisation: need.organisation,
      days: PROPOSAL_DAYS,
    });
    return row;
  });
}

/** A proposal past its time is expired (the step is written when it is next touched, or by the daily job). */
const isPast = (m: Match, now: Date) => m.status === 'proposed' && m.expiresAt.getTime() <= now.getTime();

/**
 * The volunteer accepts or declines a proposal through their link. On acceptance both sides agreed:
 * the organisation's contact is mailed to the volunteer and the volunteer's to the need's contact.
 */
export async function answerByToken(
  db: Db,
  tenantId: string,
  token: string,
  matchId: string,
  answer: 'accept' | 'decline',
  now = new Date(),
): Promise<Match> {
  const v = await volunteerByToken(db, tenantId, token, now);
  return db.transaction(async (tx) => {
    const m = await getMatch(tx, tenantId, matchId, { lock: true });
    if (!m || m.volunteerId !== v.id || !shownToVolunteer(m.status))
      throw new AppError(404, 'match_not_found');
    if (isPast(m, now)) {
      await tx
        .update(matches)
        .set({ status: 'expired', updatedAt: now })
        .where(and(ofTenant(matches, tenantId), eq(matches.id, m.id)));
      throw new ValidationError({ match: 'volunteering:errors.expired' });
    }
    const to: MatchStatus = answer === 'accept' ? 'accepted' : 'declined';
    if (!canMove(m.status, to)) throw new ValidationError({ match: 'volunteering:errors.answered' });
    const [row] = await tx
      .update(matches)
      .set({
        status: to,
        answeredAt: now,
        updatedAt: now,
        ...(to === 'declined' ? { message: '', reasons: [] } : {}),
      })
      .where(and(ofTenant(matches, tenantId), eq(matches.id, m.id)))
      .returning();
    await audit(tx, null, tenantId, 'update', 'match', m.id, { to, by: 'volunteer' });
    if (to === 'accepted') {
      const need = (await getNeed(tx, tenantId, m.needId))!;
      await mail(tx, tenantId, v.email, v.lang, 'agreed', {
        name: v.name,
        title: need.title,
        organisation: need.organisation,
        contact: [need.contactName, need.contactEmail, need.contactPhone].filter(Boolean).join(', '),
      });
      await mail(tx, tenantId, need.contactEmail, 'de', 'agreedOrganisation', {
        title: need.title,
        volunteer: v.name,
        contact: [v.email, v.phone].filter(Boolean).join(', '),
      });
    }
    return row;
  });
}

/**
 * Staff confirm an agreed match. Work with children or vulnerable people needs a seen extended
 * certificate that is still valid today; the volunteer's row is locked so a certificate cannot be
 * changed in between.
 */
export async function confirmMatch(
  actor: Actor,
  db: Db,
  matchId: string,
  o: { certificateYears?: number; now?: Date } = {},
): Promise<Match> {
  authorize(actor, MANAGE);
  const found = await getMatch(db, actor.tenantId, matchId);
  if (!found || !shownToOrganisation(found.status)) throw new AppError(404, 'match_not_found');
  const need = await needFor(actor, db, found.needId, MANAGE);
  const now = o.now ?? new Date();
  return db.transaction(async (tx) => {
    const m = (await getMatch(tx, actor.tenantId, matchId, { lock: true }))!;
    if (!canMove(m.status, 'confirmed'))
      throw new ValidationError({ match: 'volunteering:errors.notAgreed' });
    const v = (await getVolunteer(tx, actor.tenantId, m.volunteerId, { lock: true }))!;
    if (
      !safeguardingAllows(
        need.safeguarding,
        v.certificateIssuedOn,
        localDate(now),
        o.certificateYears ?? DEFAULT_SETTINGS.certificateYears,
      )
    )
      throw new ValidationError({ certificate: 'volunteering:errors.certificateNeeded' });
    const [row] = await tx
      .update(matches)
      .set({ status: 'confirmed', confirmedAt: now, confirmedBy: actor.userId ?? null, updatedAt: now })
      .where(and(ofTenant(matches, actor.tenantId), eq(matches.id, m.id)))
      .returning();
    await audit(tx, actor, actor.tenantId, 'update', 'match', m.id, { to: 'confirmed' });
    await mail(tx, actor.tenantId, v.email, v.lang, 'confirmed', {
      name: v.name,
      title: need.title,
      organisation: need.organisation,
    });
    return row;
  });
}

/** Staff end an agreed or confirmed match (the engagement is over); its hours stay. */
export async function endMatch(actor: Actor, db: Db, matchId: string): Promise<Match> {
  authorize(actor, MANAGE);
  const found = await getMatch(db, actor.tenantId, matchId);
  if (!found || !shownToOrganisation(found.status)) throw new AppError(404, 'match_not_found');
  await needFor(actor, db, found.needId, MANAGE);
  if (!canMove(found.status, 'ended')) throw new ValidationError({ match: 'volunteering:errors.notAgreed' });
  const [row] = await db
    .update(matches)
    .set({ status: 'ended', endedAt: new Date(), updatedAt: new Date() })
    .where(and(ofTenant(matches, actor.tenantId), eq(matches.id, found.id)))
    .returning();
  await audit(db, actor, actor.tenantId, 'update', 'match', found.id, { to: 'ended' });
  return row;
}

/** A match as staff see it on a need's page: the volunteer's contact only once both agreed. */
export interface StaffMatchView {
  match: Pick<
    Match,
    'id' | 'status' | 'score' | 'reasons' | 'proposedAt' | 'expiresAt' | 'answeredAt' | 'confirmedAt'
  >;
  volunteer: VolunteerCard;
  contact: { email: string; phone: string } | null;
  minutes: number;
}

export async function matchesOfNeed(
  actor: Actor,
  db: Db,
  needId: string,
  now = new Date(),
): Promise<StaffMatchView[]> {
  const need = await needFor(actor, db, needId, READ);
  const rows = await db
    .select({ match: matches, volunteer: volunteers })
    .from(matches)
    .innerJoin(
      volunteers,
      and(eq(volunteers.tenantId, matches.tenantId), eq(volunteers.id, matches.volunteerId)),
    )
    .where(and(ofTenant(matches, actor.tenantId), eq(matches.needId, need.id)))
    .orderBy(desc(matches.proposedAt));
  const minutes = await minutesOf(
    db,
    actor.tenantId,
    rows.map((r) => r.match.id),
  );
  return rows
    .filter((r) => shownToOrganisation(r.match.status) && !isPast(r.match, now))
    .map(({ match: m, volunteer: v }) => ({
      match: m,
      volunteer: cardOf(v),
      contact: contactVisible(m.status) ? { email: v.email, phone: v.phone } : null,
      minutes: minutes.get(m.id) ?? 0,
    }));
}

/** Confirmed minutes per match. */
export async function minutesOf(db: Db, tenantId: string, matchIds: string[]): Promise<Map<string, number>> {
  if (matchIds.length === 0) return new Map();
  const rows = await db
    .select({ matchId: hours.matchId, minutes: hours.minutes, confirmedAt: hours.confirmedAt })
    .from(hours)
    .where(and(ofTenant(hours, tenantId), inArray(hours.matchId, matchIds)));
  const out = new Map<string, number>();
  for (const r of rows) if (r.confirmedAt) out.set(r.matchId, (out.get(r.matchId) ?? 0) + r.minutes);
  return out;
}

/** A match as the volunteer sees it: the need (without contact until both agreed) and the organisation's contact after. */
export interface VolunteerMatchView {
  match: Pick<
    Match,
    'id' | 'status' | 'score' | 'reasons' | 'message' | 'proposedAt' | 'expiresAt' | 'confirmedAt'
  >;
  need: Pick<
    Need,
    'id' | 'title' | 'description' | 'forWhom' | 'organisation' | 'place' | 'scheduleNote' | 'safeguarding'
  >;
  contact: { name: string; email: string; phone: string } | null;
  minutes: number;
}

export async function matchesOfVolunteer(
  db: Db,
  tenantId: string,
  v: Volunteer,
  now = new Date(),
): Promise<VolunteerMatchView[]> {
  const rows = await db
    .select({ match: matches, need: needs })
    .from(matches)
    .innerJoin(needs, and(eq(needs.tenantId, matches.tenantId), eq(needs.id, matches.needId)))
    .where(and(ofTenant(matches, tenantId), eq(matches.volunteerId, v.id)))
    .orderBy(asc(matches.proposedAt));
  const minutes = await minutesOf(
    db,
    tenantId,
    rows.map((r) => r.match.id),
  );
  return rows
    .filter((r) => shownToVolunteer(r.match.status) && !isPast(r.match, now))
    .map(({ match: m, need: n }) => ({
      match: m,
      // Never the need's contact fields here: they go only into `contact`, once both agreed.
      need: {
        id: n.id,
        title: n.title,
        description: n.description,
        forWhom: n.forWhom,
        organisation: n.organisation,
        place: n.place,
        scheduleNote: n.scheduleNote,
        safeguarding: n.safeguarding,
      },
      contact: contactVisible(m.status)
        ? { name: n.contactName, email: n.contactEmail, phone: n.contactPhone }
        : null,
      minutes: minutes.get(m.id) ?? 0,
    }));
}

/** The daily step: proposals past their time expire (nothing is told to either side). */
export async function expireProposals(db: Db, tenantId: string, now = new Date()): Promise<number> {
  const rows = await db
    .update(matches)
    .set({ status: 'expired', message: '', reasons: [], updatedAt: now })
    .where(and(ofTenant(matches, tenantId), eq(matches.status, 'proposed'), lt(matches.expiresAt, now)))
    .returning({ id: matches.id });
  return rows.length;
}
