import { sql } from 'drizzle-orm';
import type { Db } from '../db/engine.ts';
import { rows } from '../db/engine.ts';
import type { JobDefinition } from '../jobs/index.ts';
import { keyedHash } from '../secrets/index.ts';

export interface LimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * The key as stored: callers name a limit and what it counts, `<name>:<who>` (`login-fail:ada@…`,
 * `events-submit:203.0.113.7`). The name stays readable; who — an e-mail address, an IP address, an
 * account — is stored only as a keyed hash (HMAC-SHA-256 with the installation's `rate-limit`
 * secret) of its trimmed, lower-case form, so the table never holds an address and the same address
 * typed in another case counts once.
 */
export async function storedKey(db: Db, key: string): Promise<string> {
  const at = key.indexOf(':');
  const name = at < 0 ? key : key.slice(0, at);
  const who =
    at < 0
      ? ''
      : key
          .slice(at + 1)
          .trim()
          .toLowerCase();
  return `${name}:${await keyedHash(db, 'rate-limit', who)}`;
}

/**
 * Fixed-window counter in the database (shared by all instances). One statement, so concurrent
 * requests cannot both slip under the limit.
 */
export async function hitLimit(
  db: Db,
  plainKey: string,
  limit: number,
  windowSeconds: number,
): Promise<LimitResult> {
  const key = await storedKey(db, plainKey);
  const r = rows<{ count: number; window_start: string | Date; locked_until: string | Date | null }>(
    await db.execute(sql`
      insert into rate_limits (key, count, window_start) values (${key}, 1, now())
      on conflict (key) do update set
        count = case when rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) then 1
                     else rate_limits.count + 1 end,
        window_start = case when rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) then now()
                     else rate_limits.window_start end
      returning count, window_start, locked_until`),
  )[0];
  const count = Number(r.count);
  const windowEnd = new Date(r.window_start).getTime() + windowSeconds * 1000;
  const lockedUntil = r.locked_until ? new Date(r.locked_until).getTime() : 0;
  const now = Date.now();
  if (lockedUntil > now)
    return { allowed: false, count, retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };
  return {
    allowed: count <= limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
  };
}

/** Lock a key (e.g. an account after repeated failed logins) until the given time. */
export async function lockKey(db: Db, plainKey: string, seconds: number): Promise<void> {
  const key = await storedKey(db, plainKey);
  await db.execute(sql`
    insert into rate_limits (key, count, window_start, locked_until)
    values (${key}, 0, now(), now() + make_interval(secs => ${seconds}))
    on conflict (key) do update set locked_until = now() + make_interval(secs => ${seconds})`);
}

export async function lockedFor(db: Db, plainKey: string): Promise<number> {
  const key = await storedKey(db, plainKey);
  const r = rows<{ s: number | null }>(
    await db.execute(
      sql`select extract(epoch from (locked_until - now()))::int as s from rate_limits where key = ${key}`,
    ),
  )[0];
  return r && r.s !== null && Number(r.s) > 0 ? Number(r.s) : 0;
}

export async function resetKey(db: Db, plainKey: string): Promise<void> {
  const key = await storedKey(db, plainKey);
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}

/** Housekeeping: drop windows that ended long ago. */
export async function pruneLimits(db: Db): Promise<number> {
  const r = rows<{ n: number }>(
    await db.execute(
      sql`with gone as (delete from rate_limits where window_start < now() - interval '1 day' and (locked_until is null or locked_until < now()) returning 1) select count(*)::int as n from gone`,
    ),
  );
  return Number(r[0]?.n ?? 0);
}

/** Hourly: counters whose window ended more than a day ago go. */
export function rateLimitPruneJob(db: Db): JobDefinition {
  return {
    name: 'rate-limits.prune',
    schedule: '17 * * * *',
    retryLimit: 0,
    handler: async () => {
      await pruneLimits(db);
    },
  };
}
