import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/db/index.ts';
import { hashPassword } from './crypto.ts';
import { users } from './db/schema.ts';

export type User = typeof users.$inferSelect;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return u;
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u;
}

export async function createUser(
  db: Db,
  input: { email: string; name: string; password?: string; locale?: string; verified?: boolean },
): Promise<User> {
  const [u] = await db
    .insert(users)
    .values({
      id: newId(),
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      passwordHash: input.password ? await hashPassword(input.password) : null,
      locale: input.locale ?? 'de',
      emailVerifiedAt: input.verified ? new Date() : null,
    })
    .returning();
  return u;
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(users.id, userId));
}

export async function markEmailVerified(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
    .where(eq(users.id, userId));
}

export async function updateUserName(db: Db, userId: string, name: string): Promise<void> {
  await db.update(users).set({ name: name.trim() }).where(eq(users.id, userId));
}
