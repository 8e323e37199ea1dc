import { and, asc, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { isUuid, newId, ofTenant } from '../../platform/db/index.ts';
import type { Principal } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { memberships, type Role } from './db/schema.ts';

export type Membership = typeof memberships.$inferSelect;

/** Longest department name (Fachamt) a membership may carry. */
export const DEPARTMENT_MAX = 120;

/** A department name as stored: trimmed, inner runs of whitespace made one space; empty means none. */
export function normaliseDepartment(v: string | null | undefined): string | null {
  const s = (v ?? '').replace(/\s+/g, ' ').trim();
  return s || null;
}

/**
 * The spelling a tenant already uses for a department ("jugendamt mitte" → "Jugendamt Mitte"), so one
 * office does not turn into two because of capitalisation; unknown names stay as given.
 */
export async function canonicalDepartment(db: Db, tenantId: string, department: string): Promise<string> {
  const key = department.toLocaleLowerCase('de');
  const known = (await listDepartments(db, tenantId)).find((d) => d.toLocaleLowerCase('de') === key);
  return known ?? department;
}

/**
 * Adds a membership unless the same one exists (same user, role, scope and department). The department
 * is kept only for the role `department` and is normalised there; that it is required for this role is
 * checked by the callers that ask a person for it (invitations, the command line, the users screen):
 * accounts made by single sign-on get the role without one, and an administrator sets it afterwards.
 */
export async function addMembership(
  db: Db,
  m: {
    tenantId: string;
    userId: string;
    role: Role;
    scopeAreaId?: string | null;
    department?: string | null;
    createdBy?: string | null;
  },
): Promise<Membership> {
  const scope = m.scopeAreaId ?? null;
  let department = m.role === 'department' ? normaliseDepartment(m.department) : null;
  if (department && department.length > DEPARTMENT_MAX)
    throw new ValidationError({ department: 'validation.tooLong' });
  if (department) department = await canonicalDepartment(db, m.tenantId, department);
  const existing = await db
    .select()
    .from(memberships)
    .where(
      and(
        ofTenant(memberships, m.tenantId),
        eq(memberships.userId, m.userId),
        eq(memberships.role, m.role),
        scope ? eq(memberships.scopeAreaId, scope) : isNull(memberships.scopeAreaId),
        department ? eq(memberships.department, department) : isNull(memberships.department),
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
      department,
      createdBy: m.createdBy ?? null,
    })
    .returning();
  return row;
}

/** Sets the department of one membership (callers validate and audit); undefined if there is no such row. */
export async function setMembershipDepartment(
  db: Db,
  tenantId: string,
  id: string,
  department: string | null,
): Promise<Membership | undefined> {
  const [row] = await db
    .update(memberships)
    .set({ department })
    .where(and(ofTenant(memberships, tenantId), eq(memberships.id, id)))
    .returning();
  return row;
}

export async function removeMembership(db: Db, tenantId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(memberships)
    .where(and(ofTenant(memberships, tenantId), eq(memberships.id, id)))
    .returning({ id: memberships.id });
  return r.length > 0;
}

/** The memberships of a tenant; with `userId`, only that person's. */
export async function listMemberships(
  db: Db,
  tenantId: string,
  filter: { userId?: string } = {},
): Promise<Membership[]> {
  return db
    .select()
    .from(memberships)
    .where(
      and(ofTenant(memberships, tenantId), filter.userId ? eq(memberships.userId, filter.userId) : undefined),
    )
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
}

/** One membership of a tenant, or undefined. */
export async function getMembership(db: Db, tenantId: string, id: string): Promise<Membership | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(ofTenant(memberships, tenantId), eq(memberships.id, id)))
    .limit(1);
  return row;
}

/**
 * Removes one membership, but never the last tenant-wide administrator, so a tenant cannot lock itself
 * out (AppError 409 `last_admin`). Call it inside the caller's transaction: the administrator rows are
 * locked, so two removals at once cannot both pass the check. False if there was no such membership.
 */
export async function removeMembershipKeepingAnAdmin(db: Db, tenantId: string, id: string): Promise<boolean> {
  const member = await getMembership(db, tenantId, id);
  if (!member) return false;
  if (member.role === 'admin' && member.scopeAreaId === null) {
    const admins = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(ofTenant(memberships, tenantId), eq(memberships.role, 'admin'), isNull(memberships.scopeAreaId)),
      )
      .for('update');
    if (admins.filter((a) => a.id !== id).length === 0) throw new AppError(409, 'last_admin');
  }
  return removeMembership(db, tenantId, id);
}

/**
 * Whether the person of membership `m` already holds the department role for `department` in the same
 * scope through another membership: the department is part of what makes a membership.
 */
export async function holdsDepartmentElsewhere(
  db: Db,
  tenantId: string,
  m: Pick<Membership, 'id' | 'userId' | 'scopeAreaId'>,
  department: string,
): Promise<boolean> {
  const [twin] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        ofTenant(memberships, tenantId),
        eq(memberships.userId, m.userId),
        eq(memberships.role, 'department'),
        m.scopeAreaId ? eq(memberships.scopeAreaId, m.scopeAreaId) : isNull(memberships.scopeAreaId),
        eq(memberships.department, department),
        ne(memberships.id, m.id),
      ),
    )
    .limit(1);
  return !!twin;
}

/** Departments known in a tenant: the distinct `department` values of its memberships (sorted). */
export async function listDepartments(db: Db, tenantId: string): Promise<string[]> {
  const r = await db
    .selectDistinct({ department: memberships.department })
    .from(memberships)
    .where(and(ofTenant(memberships, tenantId), isNotNull(memberships.department)))
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
    .where(and(ofTenant(memberships, tenantId), eq(memberships.userId, userId)));
  return grants.length ? { tenantId, userId, grants } : undefined;
}
