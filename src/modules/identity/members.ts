import { and, asc, eq, gt, inArray, isNull, max } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../platform/authz.ts';
import { type Db, ofTenant } from '../../platform/db/index.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import {
  canonicalDepartment,
  DEPARTMENT_MAX,
  getMembership,
  holdsDepartmentElsewhere,
  listMemberships,
  type Membership,
  normaliseDepartment,
  type Role,
  removeMembershipKeepingAnAdmin,
  setMembershipDepartment,
} from '../access/index.ts';
import { authTokens, sessions, users } from './db/schema.ts';
import { PERMS } from './policies.ts';

export interface Member {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  scopeAreaId: string | null;
  /** The department (Fachamt) of a `department` membership; null until an administrator sets it. */
  department: string | null;
  disabled: boolean;
  /** Start of the newest session that still exists (sessions end on sign-out, so this is a lower bound). */
  lastSignIn: Date | null;
}

export async function listMembers(db: Db, tenantId: string): Promise<Member[]> {
  return toMembers(db, await listMemberships(db, tenantId));
}

/** Joins memberships (from `access`) with the accounts and their newest session. */
async function toMembers(db: Db, ms: Membership[]): Promise<Member[]> {
  const ids = [...new Set(ms.map((m) => m.userId))];
  if (ids.length === 0) return [];
  const people = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(inArray(users.id, ids));
  const signIns = await db
    .select({ userId: sessions.userId, last: max(sessions.createdAt) })
    .from(sessions)
    .where(inArray(sessions.userId, ids))
    .groupBy(sessions.userId);
  const lastSignIn = new Map(signIns.map((x) => [x.userId, x.last]));
  const byId = new Map(people.map((p) => [p.id, p]));
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return ms
    .flatMap((m) => {
      const p = byId.get(m.userId);
      if (!p) return [];
      return [
        {
          membershipId: m.id,
          userId: m.userId,
          name: p.name,
          email: p.email,
          role: m.role,
          scopeAreaId: m.scopeAreaId,
          department: m.department,
          disabled: !!p.disabledAt,
          lastSignIn: lastSignIn.get(m.userId) ? new Date(lastSignIn.get(m.userId) as Date) : null,
        },
      ];
    })
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.email, b.email) || cmp(a.role, b.role));
}

export async function getMember(db: Db, tenantId: string, membershipId: string): Promise<Member | undefined> {
  const m = await getMembership(db, tenantId, membershipId);
  return m ? (await toMembers(db, [m]))[0] : undefined;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: string;
  scopeAreaId: string | null;
  department: string | null;
  expiresAt: Date;
}

/** Invitations of the tenant that can still be accepted. */
export async function listPendingInvitations(db: Db, tenantId: string): Promise<PendingInvitation[]> {
  const r = await db
    .select({
      id: authTokens.id,
      email: authTokens.email,
      data: authTokens.data,
      expiresAt: authTokens.expiresAt,
    })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.purpose, 'invitation'),
        ofTenant(authTokens, tenantId),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(authTokens.email));
  return r.map((x) => ({
    id: x.id,
    email: x.email,
    role: typeof x.data.role === 'string' ? x.data.role : '',
    scopeAreaId: typeof x.data.scopeAreaId === 'string' ? x.data.scopeAreaId : null,
    department: typeof x.data.department === 'string' ? x.data.department : null,
    expiresAt: new Date(x.expiresAt),
  }));
}

/**
 * Removes one membership (a role of a person in the tenant). The last tenant-wide administrator
 * cannot be removed, so a tenant never locks itself out.
 */
export async function removeMember(
  actor: Actor,
  db: Db,
  input: { membershipId: string; ip?: string | null },
): Promise<Member> {
  authorizeTenantWide(actor, PERMS.users);
  const tenantId = actor.tenantId;
  const member = await getMember(db, tenantId, input.membershipId);
  if (!member) throw new AppError(404, 'membership_not_found');
  await db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const removed = await removeMembershipKeepingAnAdmin(tx, tenantId, member.membershipId);
    if (!removed) throw new AppError(404, 'membership_not_found');
    await writeAudit(tx, {
      tenantId: tenantId,
      actorUserId: actor.userId ?? null,
      action: 'delete',
      entityType: 'membership',
      entityId: member.membershipId,
      personal: true,
      details: {
        userId: member.userId,
        email: member.email,
        role: member.role,
        scopeAreaId: member.scopeAreaId,
      },
      ip: input.ip ?? null,
    });
  });
  return member;
}

/**
 * Changes the department (Fachamt) of a department membership. Required for this role; the tenant's
 * existing spelling of a department is kept. Audited with the old and the new value.
 */
export async function changeMemberDepartment(
  actor: Actor,
  db: Db,
  input: { membershipId: string; department: string; ip?: string | null },
): Promise<{ member: Member; changed: boolean }> {
  authorizeTenantWide(actor, PERMS.users);
  const tenantId = actor.tenantId;
  const member = await getMember(db, tenantId, input.membershipId);
  if (!member) throw new AppError(404, 'membership_not_found');
  if (member.role !== 'department') throw new AppError(409, 'not_department_membership');
  let department = normaliseDepartment(input.department);
  if (!department) throw new ValidationError({ department: 'identity:users.departmentRequired' });
  if (department.length > DEPARTMENT_MAX) throw new ValidationError({ department: 'validation.tooLong' });
  department = await canonicalDepartment(db, tenantId, department);
  if (department === member.department) return { member, changed: false };
  // The department is part of what makes a membership: the same person must not hold it twice.
  if (await holdsDepartmentElsewhere(db, tenantId, { id: member.membershipId, ...member }, department))
    throw new ValidationError({ department: 'identity:users.departmentTaken' });
  const from = member.department;
  await db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const row = await setMembershipDepartment(tx, tenantId, member.membershipId, department);
    if (!row) throw new AppError(404, 'membership_not_found');
    await writeAudit(tx, {
      tenantId: tenantId,
      actorUserId: actor.userId ?? null,
      action: 'update',
      entityType: 'membership',
      entityId: member.membershipId,
      personal: true,
      details: {
        userId: member.userId,
        email: member.email,
        role: member.role,
        department: { from, to: department },
      },
      ip: input.ip ?? null,
    });
  });
  return { member: { ...member, department }, changed: true };
}
