import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../platform/db/index.ts';
import { newId, ofTenant } from '../../platform/db/index.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newToken, sha256 } from './crypto.ts';
import { apiTokens, users } from './db/schema.ts';

const PREFIX = 'qrt_';

/** Creates a personal API token for one tenant; the plain token is returned once and never stored. */
export async function createApiToken(db: Db, tenantId: string, userId: string, name: string) {
  const secret = `${PREFIX}${newToken(30)}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      tenantId,
      id: newId(),
      userId,
      name: name.trim().slice(0, 100),
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 10),
    })
    .returning({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
    });
  return { ...row, token: secret };
}

export async function listApiTokens(db: Db, tenantId: string, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(ofTenant(apiTokens, tenantId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, tenantId: string, userId: string, id: string): Promise<boolean> {
  const r = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        ofTenant(apiTokens, tenantId),
        eq(apiTokens.userId, userId),
        eq(apiTokens.id, id),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  return r.length > 0;
}

/** How exactly a token's "last used" time is kept (it is shown to its owner). */
export const LAST_USED_PRECISION_MS = 60_000;

/** `Authorization: Bearer qrt_…` → the token's user, bound to the token's tenant; no cookies, so no CSRF. */
export function apiTokenMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.req.header('authorization');
    if (auth?.startsWith('Bearer ')) {
      const secret = auth.slice(7).trim();
      if (!secret.startsWith(PREFIX)) throw new AppError(401, 'invalid_token');
      const db = c.get('services').db;
      const [row] = await db
        .select({
          id: apiTokens.id,
          tenantId: apiTokens.tenantId,
          userId: users.id,
          email: users.email,
          name: users.name,
          locale: users.locale,
          lastUsedAt: apiTokens.lastUsedAt,
        })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(
          and(
            sql`${apiTokens.tokenHash} = ${sha256(secret)}`,
            isNull(apiTokens.revokedAt),
            isNull(users.disabledAt),
          ),
        )
        .limit(1);
      if (!row) throw new AppError(401, 'invalid_token');
      c.set('user', { id: row.userId, email: row.email, name: row.name, locale: row.locale });
      c.set('tokenAuth', true);
      c.set('tokenTenantId', row.tenantId);
      // "Last used" to the minute: not a write on every request of a client walking pages.
      const now = new Date();
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS)
        await db
          .update(apiTokens)
          .set({ lastUsedAt: now })
          .where(and(ofTenant(apiTokens, row.tenantId), eq(apiTokens.id, row.id)));
    }
    await next();
  };
}
