import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { newToken, sha256 } from './crypto.ts';
import { authTokens } from './db/schema.ts';
import { normaliseEmail } from './users.ts';

export type TokenPurpose = 'magic_link' | 'password_reset' | 'invitation';

const LIFETIME_MINUTES: Record<TokenPurpose, number> = {
  magic_link: 20,
  password_reset: 60,
  invitation: 14 * 24 * 60,
};

export async function issueToken(
  db: Db,
  t: { purpose: TokenPurpose; email: string; userId?: string | null; tenantId?: string | null; data?: Record<string, unknown>; minutes?: number },
): Promise<string> {
  const token = newToken();
  await db.insert(authTokens).values({
    id: sha256(token),
    purpose: t.purpose,
    email: normaliseEmail(t.email),
    userId: t.userId ?? null,
    tenantId: t.tenantId ?? null,
    data: t.data ?? {},
    expiresAt: new Date(Date.now() + (t.minutes ?? LIFETIME_MINUTES[t.purpose]) * 60_000),
  });
  return token;
}

export type AuthToken = typeof authTokens.$inferSelect;

/** Looks a token up without using it (to show the confirmation page). */
export async function peekToken(db: Db, purpose: TokenPurpose, token: string): Promise<AuthToken | undefined> {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.id, sha256(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, new Date())))
    .limit(1);
  return row;
}

/** Uses a token exactly once: the update only succeeds for the first caller. */
export async function consumeToken(db: Db, purpose: TokenPurpose, token: string): Promise<AuthToken | undefined> {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.id, sha256(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, new Date())))
    .returning();
  return row;
}
