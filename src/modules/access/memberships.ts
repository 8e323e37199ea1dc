import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/db/index.ts';
import type { Principal } from '../../platform/http/context.ts';
import { memberships, type Role } from './db/schema.ts';

export type Membership = typeof memberships.$inferSelect;

export async function addMembership(
  db: Db,
  m: { tenantId: string; userId: string; role: Role; scopeAreaId?: string | null; createdBy?: string | null },
): Promise<Membership> {
  const scope = m.scopeAreaId ?? null;
  const existing = await db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.tenantId, m.tenantId),
        eq(memberships.userId, m.userId),
        eq(memberships.role, m.role),
        scope ? eq(memberships.scopeAreaId, scope) : isNull(memberships.scopeAreaId),
      ),
    )
    .limit(1);
  if (existing[0]) return existing[0];
  const [row] = await db
    .insert(memberships)
    .values({
      tenantId: m.tenantId,
      id: newId(),
      userId: m.userId,
      role: m.role,
      scopeAreaId: scope,
      createdBy: m.createdBy ?? null,
    })
    .returning();
  return row;
}

export async function removeMembership(db: Db, tenantId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, id)))
    .returning({ id: memberships.id });
  return r.length > 0;
}

export async function listMemberships(db: Db, tenantId: string): Promise<Membership[]> {
  return db.select().from(memberships).where(eq(memberships.tenantId, tenantId));
}

/** Departments known in a tenant: the distinct `department` values of its memberships (sorted). */
export async function listDepartments(db: Db, tenantId: string): Promise<string[]> {
  const r = await db
    .selectDistinct({ department: memberships.department })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), isNotNull(memberships.department)))
    .orderBy(asc(memberships.department));
  return r.map((x) => x.department as string).filter((d) => d.trim() !== '');
}

/** Tenants a user belongs to (for the tenant chooser after sign-in). */
export async function tenantIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const r = await db
    .selectDistinct({ tenantId: memberships.tenantId })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  return r.map((x) => x.tenantId);
}

export async function principalFor(db: Db, tenantId: string, userId: string): Promise<Principal | undefined> {
  const grants = await db
    .select({ role: memberships.role, scopeAreaId: memberships.scopeAreaId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return grants.length ? { tenantId, userId, grants } : undefined;
}
