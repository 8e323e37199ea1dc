import { sql } from 'drizzle-orm';
import type { Db } from '../db/engine.ts';
import { rows } from '../db/engine.ts';

export interface LimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter in the database (shared by all instances). One statement, so concurrent
 * requests cannot both slip under the limit.
 */
export async function hitLimit(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<LimitResult> {
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
export async function lockKey(db: Db, key: string, seconds: number): Promise<void> {
  await db.execute(sql`
    insert into rate_limits (key, count, window_start, locked_until)
    values (${key}, 0, now(), now() + make_interval(secs => ${seconds}))
    on conflict (key) do update set locked_until = now() + make_interval(secs => ${seconds})`);
}

export async function lockedFor(db: Db, key: string): Promise<number> {
  const r = rows<{ s: number | null }>(
    await db.execute(
      sql`select extract(epoch from (locked_until - now()))::int as s from rate_limits where key = ${key}`,
    ),
  )[0];
  return r && r.s !== null && Number(r.s) > 0 ? Number(r.s) : 0;
}

export async function resetKey(db: Db, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}

/** Housekeeping: drop windows that ended long ago. */
export async function pruneLimits(db: Db): Promise<void> {
  await db.execute(
    sql`delete from rate_limits where window_start < now() - interval '1 day' and (locked_until is null or locked_until < now())`,
  );
}
