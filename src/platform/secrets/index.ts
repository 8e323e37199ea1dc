/**
 * Installation secrets and keyed hashes. A keyed hash (HMAC-SHA-256) lets the database hold a
 * stable, comparable stand-in for an e-mail or IP address — a rate-limit counter, the subject of an
 * audit entry — without the address itself, and without the stand-in being recomputable from a list
 * of guessed addresses by someone who does not also hold the secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/engine.ts';
import { platformSecrets } from './schema.ts';

export { platformSecrets } from './schema.ts';

/** Secrets already read, per database handle (a transaction's handle reads it again: one indexed row). */
const cache = new WeakMap<object, Map<string, Promise<string>>>();

async function load(db: Db, name: string): Promise<string> {
  await db
    .insert(platformSecrets)
    .values({ name, value: randomBytes(32).toString('hex') })
    .onConflictDoNothing();
  const [row] = await db
    .select({ value: platformSecrets.value })
    .from(platformSecrets)
    .where(eq(platformSecrets.name, name));
  return row.value;
}

/** The installation's secret for this purpose (32 random bytes, hex), made on first use. */
export function secretOf(db: Db, name: string): Promise<string> {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let found = perDb.get(name);
  if (!found) {
    found = load(db, name);
    perDb.set(name, found);
    // A failed read (e.g. a rolled-back transaction) is not remembered.
    found.catch(() => perDb.delete(name));
  }
  return found;
}

/** HMAC-SHA-256 of the value under the named secret, hex. */
export async function keyedHash(db: Db, name: string, value: string): Promise<string> {
  return createHmac('sha256', await secretOf(db, name))
    .update(value, 'utf8')
    .digest('hex');
}
