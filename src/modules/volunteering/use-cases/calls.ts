/**
 * Sign-ups for calls (ENGAGE-3): a name and an address, a private link to cancel, and a reminder the
 * day before the call (daily job). Sign-ups are deleted 30 days after the call.
 */
import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { addDays, formatDate } from '../../../platform/time/index.ts';
import { needs, signups } from '../db/schema.ts';
import { READ } from '../policies.ts';
import { getNeed, type Signup } from '../queries.ts';
import { type SignupInput, signupInput } from '../schemas.ts';
import { mail, mailLang } from './mails.ts';
import { needFor } from './needs.ts';
import { audit } from './shared.ts';

export async function signUpForCall(
  db: Db,
  tenantId: string,
  needId: string,
  input: SignupInput,
  o: { lang?: string; linkOf: (token: string) => string },
): Promise<Signup> {
  const call = await getNeed(db, tenantId, needId);
  if (!call || call.kind !== 'call' || call.status !== 'open') throw new AppError(404, 'need_not_found');
  const v = parseInput(signupInput, input);
  const token = randomToken(24);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(signups)
      .values({
        tenantId,
        id: newId(),
        needId: call.id,
        name: v.name,
        email: v.email,
        lang: o.lang ?? 'de',
        tokenHash: hashToken(token),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ValidationError({ email: 'volunteering:errors.signedUp' });
    await audit(tx, null, tenantId, 'create', 'signup', row.id);
    await mail(tx, tenantId, row.email, row.lang, 'signup', {
      name: row.name,
      title: call.title,
      date: call.startsOn ? formatDate(call.startsOn, mailLang(row.lang)) : '',
      place: call.place,
      link: o.linkOf(token),
    });
    return row;
  });
}

/** The sign-up behind a private link with its call's title (404 when unknown or cancelled). */
export async function signupByToken(db: Db, tenantId: string, token: string) {
  if (!token || token.length > 100) throw new AppError(404, 'signup_not_found');
  const [row] = await db
    .select({ signup: signups, title: needs.title, startsOn: needs.startsOn })
    .from(signups)
    .innerJoin(needs, and(eq(needs.tenantId, signups.tenantId), eq(needs.id, signups.needId)))
    .where(and(ofTenant(signups, tenantId), eq(signups.tokenHash, hashToken(token))));
  if (!row) throw new AppError(404, 'signup_not_found');
  return row;
}

/** Cancels a sign-up through its private link (404 when unknown or cancelled before). */
export async function cancelSignup(db: Db, tenantId: string, token: string): Promise<void> {
  if (!token || token.length > 100) throw new AppError(404, 'signup_not_found');
  const [row] = await db
    .delete(signups)
    .where(and(ofTenant(signups, tenantId), eq(signups.tokenHash, hashToken(token))))
    .returning();
  if (!row) throw new AppError(404, 'signup_not_found');
  await audit(db, null, tenantId, 'delete', 'signup', row.id, { by: 'person' });
}

/** Staff see who signed up for a call (names and addresses: they need to reach them). */
export async function signupsOf(actor: Actor, db: Db, needId: string): Promise<Signup[]> {
  const call = await needFor(actor, db, needId, READ);
  return db
    .select()
    .from(signups)
    .where(and(ofTenant(signups, actor.tenantId), eq(signups.needId, call.id)))
    .orderBy(asc(signups.createdAt));
}

/** The day before a call, every sign-up gets its reminder once. */
export async function remindSignups(db: Db, tenantId: string, today: string): Promise<number> {
  const tomorrow = addDays(today, 1);
  const due = await db
    .select({ signup: signups, call: needs })
    .from(signups)
    .innerJoin(needs, and(eq(needs.tenantId, signups.tenantId), eq(needs.id, signups.needId)))
    .where(
      and(
        ofTenant(signups, tenantId),
        isNull(signups.remindedAt),
        eq(needs.startsOn, tomorrow),
        eq(needs.status, 'open'),
      ),
    );
  for (const { signup: s, call } of due)
    await db.transaction(async (tx) => {
      await tx
        .update(signups)
        .set({ remindedAt: new Date() })
        .where(and(ofTenant(signups, tenantId), eq(signups.id, s.id)));
      await mail(tx, tenantId, s.email, s.lang, 'reminder', {
        name: s.name,
        title: call.title,
        date: formatDate(tomorrow, mailLang(s.lang)),
        place: call.place,
        note: call.scheduleNote,
      });
    });
  return due.length;
}

/** Sign-ups of calls that ended more than 30 days before `today`. */
export async function expiredSignups(db: Db, tenantId: string, today: string) {
  return db
    .select({ id: signups.id })
    .from(signups)
    .innerJoin(needs, and(eq(needs.tenantId, signups.tenantId), eq(needs.id, signups.needId)))
    .where(and(ofTenant(signups, tenantId), lt(needs.startsOn, addDays(today, -30))));
}
