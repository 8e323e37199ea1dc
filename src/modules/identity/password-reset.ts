import type { Db } from '../../platform/db/index.ts';
import { hitLimit, resetKey } from '../../platform/http/rate-limit.ts';
import { queueMail } from '../../platform/mail/index.ts';
import { destroyUserSessions } from './sessions.ts';
import { mailLang, textsFor } from './texts.ts';
import { consumeToken, issueToken, LIFETIME_MINUTES } from './tokens.ts';
import {
  findUserByEmail,
  getUser,
  markEmailVerified,
  normaliseEmail,
  setPassword,
  type User,
} from './users.ts';

/** Mails per address and hour, so nobody can flood an inbox through the form. */
export const RESET_MAILS_PER_HOUR = 3;

/**
 * Sends a reset link if there is an active account with the address. Says nothing about whether
 * there is one: the caller shows the same answer either way. Returns whether a mail was queued
 * (for tests and logs only).
 */
export async function requestPasswordReset(
  db: Db,
  input: { email: string; baseUrl: string },
): Promise<boolean> {
  const email = normaliseEmail(input.email);
  // Counted before the lookup, so known and unknown addresses cost the same.
  const perAddress = await hitLimit(db, `reset-addr:${email}`, RESET_MAILS_PER_HOUR, 3600);
  if (!perAddress.allowed) return false;
  const user = await findUserByEmail(db, email);
  if (!user || user.disabledAt) return false;
  const token = await issueToken(db, { purpose: 'password_reset', email: user.email, userId: user.id });
  const t = textsFor(mailLang(user.locale));
  await queueMail(db, {
    to: user.email,
    subject: t('identity:reset.mailSubject'),
    text: t('identity:reset.mailBody', {
      link: `${input.baseUrl.replace(/\/$/, '')}/reset/${token}`,
      minutes: LIFETIME_MINUTES.password_reset,
    }),
  });
  return true;
}

/**
 * Sets the new password with a reset token (once) and ends every session of the account, so
 * whoever knew the old password is signed out everywhere. Undefined when the token is not usable.
 */
export async function resetPassword(db: Db, token: string, password: string): Promise<User | undefined> {
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const row = await consumeToken(tx, 'password_reset', token);
    const user = row?.userId ? await getUser(tx, row.userId) : undefined;
    if (!row || !user || user.disabledAt) return undefined;
    await setPassword(tx, user.id, password);
    await markEmailVerified(tx, user.id);
    await destroyUserSessions(tx, user.id);
    await resetKey(tx, `login-lock:${user.email}`);
    await resetKey(tx, `login-fail:${user.email}`);
    return user;
  });
}
