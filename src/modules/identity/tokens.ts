import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { newToken, sha256 } from './crypto.ts';
import { authTokens } from './db/schema.ts';
import { normaliseEmail } from './users.ts';

/**
 * 'oidc_state' keeps the state of a single sign-on round trip (nonce, PKCE verifier, provider) on the
 * server; the schema's column type lists only the first three, so rows are cast when written.
 */
export type TokenPurpose = 'magic_link' | 'password_reset' | 'invitation' | 'oidc_state';
type StoredPurpose = (typeof authTokens.$inferInsert)['purpose'];

export const LIFETIME_MINUTES: Record<TokenPurpose, number> = {
  magic_link: 20,
  password_reset: 60,
  invitation: 14 * 24 * 60,
  oidc_state: 10,
};

export async function issueToken(
  db: Db,
  t: {
    purpose: TokenPurpose;
    email: string;
    userId?: string | null;
    tenantId?: string | null;
    data?: Record<string, unknown>;
    minutes?: number;
  },
): Promise<string> {
  const token = newToken();
  await db.insert(authTokens).values({
    id: sha256(token),
    purpose: t.purpose as StoredPurpose,
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
export async function peekToken(
  db: Db,
  purpose: TokenPurpose,
  token: string,
): Promise<AuthToken | undefined> {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(
      and(
        eq(authTokens.id, sha256(token)),
        eq(authTokens.purpose, purpose as StoredPurpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row;
}

/** Uses a token exactly once: the update only succeeds for the first caller. */
export async function consumeToken(
  db: Db,
  purpose: TokenPurpose,
  token: string,
): Promise<AuthToken | undefined> {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.id, sha256(token)),
        eq(authTokens.purpose, purpose as StoredPurpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .returning();
  return row;
}

export type TokenState = 'valid' | 'used' | 'expired' | 'unknown';

/** Why a token cannot be used (or that it can), so pages can say "expired" rather than just "invalid". */
export async function inspectToken(
  db: Db,
  purpose: TokenPurpose,
  token: string,
): Promise<{ state: TokenState; row?: AuthToken }> {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.id, sha256(token)), eq(authTokens.purpose, purpose as StoredPurpose)))
    .limit(1);
  if (!row) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used', row };
  if (new Date(row.expiresAt).getTime() <= Date.now()) return { state: 'expired', row };
  return { state: 'valid', row };
}

/** Housekeeping: expired tokens are kept a week (so a late click still hears "expired"), then deleted. */
export async function pruneAuthTokens(db: Db): Promise<number> {
  const r = await db
    .delete(authTokens)
    .where(lt(authTokens.expiresAt, new Date(Date.now() - 7 * 86400_000)))
    .returning({ id: authTokens.id });
  return r.length;
}
