/**
 * Hours of engagement, recorded only with the volunteer's confirmation (no surveillance): the volunteer
 * enters them on their own page (confirmed at once), or staff suggest them and the volunteer confirms
 * or removes the suggestion there. Only confirmed hours count (figures, certificate).
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hours } from '../db/schema.ts';
import { takesHours } from '../domain/status.ts';
import { MANAGE } from '../policies.ts';
import { getMatch, type HoursEntry } from '../queries.ts';
import { type HoursInput, hoursInput } from '../schemas.ts';
import { needFor } from './needs.ts';
import { audit } from './shared.ts';
import { volunteerByToken } from './volunteers.ts';

const minutesOf = (h: number) => Math.round(h * 60);

/** The volunteer records hours of one of their agreed matches: they count at once. */
export async function recordHoursByToken(
  db: Db,
  tenantId: string,
  token: string,
  matchId: string,
  input: HoursInput,
): Promise<HoursEntry> {
  const v = await volunteerByToken(db, tenantId, token);
  const m = await getMatch(db, tenantId, matchId);
  if (!m || m.volunteerId !== v.id) throw new AppError(404, 'match_not_found');
  if (!takesHours(m.status)) throw new ValidationError({ hours: 'volunteering:errors.notAgreed' });
  const h = parseInput(hoursInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(hours)
      .values({
        tenantId,
        id: newId(),
        matchId: m.id,
        volunteerId: v.id,
        day: h.day,
        minutes: minutesOf(h.hours),
        note: h.note,
        confirmedAt: new Date(),
      })
      .returning();
    await audit(tx, null, tenantId, 'create', 'hours', row.id, { by: 'volunteer' });
    return row;
  });
}

/** Staff suggest hours for an agreed match; they count only once the volunteer confirms them. */
export async function suggestHours(
  actor: Actor,
  db: Db,
  matchId: string,
  input: HoursInput,
): Promise<HoursEntry> {
  authorize(actor, MANAGE);
  const m = await getMatch(db, actor.tenantId, matchId);
  if (!m) throw new AppError(404, 'match_not_found');
  await needFor(actor, db, m.needId, MANAGE);
  if (!takesHours(m.status)) throw new ValidationError({ hours: 'volunteering:errors.notAgreed' });
  const h = parseInput(hoursInput, input);
  const [row] = await db
    .insert(hours)
    .values({
      tenantId: actor.tenantId,
      id: newId(),
      matchId: m.id,
      volunteerId: m.volunteerId,
      day: h.day,
      minutes: minutesOf(h.hours),
      note: h.note,
      suggestedBy: actor.userId ?? null,
    })
    .returning();
  await audit(db, actor, actor.tenantId, 'create', 'hours', row.id, { suggested: true });
  return row;
}

/** The volunteer confirms (or removes) hours staff suggested. */
export async function answerHoursByToken(
  db: Db,
  tenantId: string,
  token: string,
  hoursId: string,
  answer: 'confirm' | 'remove',
): Promise<void> {
  const v = await volunteerByToken(db, tenantId, token);
  const where = and(
    ofTenant(hours, tenantId),
    eq(hours.id, hoursId),
    eq(hours.volunteerId, v.id),
    isNull(hours.confirmedAt),
  );
  const [row] =
    answer === 'confirm'
      ? await db.update(hours).set({ confirmedAt: new Date() }).where(where).returning()
      : await db.delete(hours).where(where).returning();
  if (!row) throw new AppError(404, 'hours_not_found');
  await audit(db, null, tenantId, answer === 'confirm' ? 'update' : 'delete', 'hours', hoursId, {
    by: 'volunteer',
  });
}

/** The volunteer's hours, confirmed and waiting, oldest first. */
export async function hoursOfVolunteer(db: Db, tenantId: string, volunteerId: string): Promise<HoursEntry[]> {
  return db
    .select()
    .from(hours)
    .where(and(ofTenant(hours, tenantId), eq(hours.volunteerId, volunteerId)))
    .orderBy(asc(hours.day), asc(hours.createdAt));
}
