import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../../platform/db/index.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { clientIp, isHttps } from '../../platform/http/security.ts';
import { newToken, sha256 } from './crypto.ts';
import { sessions, users } from './db/schema.ts';

export const SESSION_COOKIE = 'q_session';
const SESSION_DAYS = 14;
const IDLE_HOURS = 12;

export async function createSession(
  db: Db,
  userId: string,
  meta: { ip?: string; userAgent?: string; method: string },
): Promise<string> {
  const token = newToken();
  await db.insert(sessions).values({
    id: sha256(token),
    userId,
    csrfToken: newToken(24),
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    authMethod: meta.method,
  });
  return token;
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c, c.get('services').config.trustProxy),
    maxAge: SESSION_DAYS * 86400,
  });
}

export async function destroySession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token)
    await c
      .get('services')
      .db.delete(sessions)
      .where(eq(sessions.id, sha256(token)));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

export async function destroyUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** After a password change: every other device has to sign in again. */
export async function destroyOtherSessions(db: Db, userId: string, keepSessionId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)));
}

/**
 * Starts a session for the user in this browser. A session the browser already had is ended first,
 * so a session id planted before sign-in can never become an authenticated one.
 */
export async function signIn(c: Context<AppEnv>, userId: string, method: string): Promise<void> {
  const { db, config } = c.get('services');
  const old = getCookie(c, SESSION_COOKIE);
  if (old) await db.delete(sessions).where(eq(sessions.id, sha256(old)));
  const token = await createSession(db, userId, {
    ip: clientIp(c, config.trustProxy),
    userAgent: c.req.header('user-agent'),
    method,
  });
  setSessionCookie(c, token);
}

/** Loads the signed-in user from the session cookie; expired or idle sessions are dropped. */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && !c.get('tokenAuth')) {
      const db = c.get('services').db;
      const id = sha256(token);
      const idleCutoff = new Date(Date.now() - IDLE_HOURS * 3600_000);
      const [row] = await db
        .select({
          id: sessions.id,
          csrfToken: sessions.csrfToken,
          lastSeenAt: sessions.lastSeenAt,
          userId: users.id,
          email: users.email,
          name: users.name,
          locale: users.locale,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            eq(sessions.id, id),
            gt(sessions.expiresAt, new Date()),
            gt(sessions.lastSeenAt, idleCutoff),
            sql`${users.disabledAt} is null`,
          ),
        )
        .limit(1);
      if (row) {
        c.set('session', { id: row.id, csrfToken: row.csrfToken });
        c.set('user', { id: row.userId, email: row.email, name: row.name, locale: row.locale });
        // Touch at most every 5 minutes to keep writes low.
        if (Date.now() - new Date(row.lastSeenAt).getTime() > 300_000) {
          await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
        }
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    await next();
  };
}

export async function pruneSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
