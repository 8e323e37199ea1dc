import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit/index.ts';
import { type Db, isUuid, ofTenant } from '../../platform/db/index.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import {
  canonicalDepartment,
  DEPARTMENT_MAX,
  memberships,
  normaliseDepartment,
  type Role,
  setMembershipDepartment,
} from '../access/index.ts';
import { authTokens, sessions, users } from './db/schema.ts';

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
  const r = await db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      scopeAreaId: memberships.scopeAreaId,
      department: memberships.department,
      disabledAt: users.disabledAt,
      lastSignIn: sql<
        string | Date | null
      >`(select max(s.created_at) from ${sessions} s where s.user_id = ${users.id})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(ofTenant(memberships, tenantId))
    .orderBy(asc(users.name), asc(users.email), asc(memberships.role));
  return r.map(({ disabledAt, lastSignIn, ...m }) => ({
    ...m,
    disabled: !!disabledAt,
    lastSignIn: lastSignIn ? new Date(lastSignIn) : null,
  }));
}

export async function getMember(db: Db, tenantId: string, membershipId: string): Promise<Member | undefined> {
  if (!isUuid(membershipId)) return undefined;
  return (await listMembers(db, tenantId)).find((m) => m.membershipId === membershipId);
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
  db: Db,
  input: { tenantId: string; membershipId: string; actorUserId: string; ip?: string | null },
): Promise<Member> {
  const member = await getMember(db, input.tenantId, input.membershipId);
  if (!member) throw new AppError(404, 'membership_not_found');
  await db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    if (member.role === 'admin' && member.scopeAreaId === null) {
      // Locks the tenant's administrator rows, so two removals at once cannot both pass the check.
      const admins = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            ofTenant(memberships, input.tenantId),
            eq(memberships.role, 'admin'),
            isNull(memberships.scopeAreaId),
          ),
        )
        .for('update');
      if (admins.filter((a) => a.id !== member.membershipId).length === 0)
        throw new AppError(409, 'last_admin');
    }
    const removed = await tx
      .delete(memberships)
      .where(and(ofTenant(memberships, input.tenantId), eq(memberships.id, member.membershipId)))
      .returning({ id: memberships.id });
    if (removed.length === 0) throw new AppError(404, 'membership_not_found');
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actorUserId,
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
  db: Db,
  input: {
    tenantId: string;
    membershipId: string;
    department: string;
    actorUserId: string;
    ip?: string | null;
  },
): Promise<{ member: Member; changed: boolean }> {
  const member = await getMember(db, input.tenantId, input.membershipId);
  if (!member) throw new AppError(404, 'membership_not_found');
  if (member.role !== 'department') throw new AppError(409, 'not_department_membership');
  let department = normaliseDepartment(input.department);
  if (!department) throw new ValidationError({ department: 'identity:users.departmentRequired' });
  if (department.length > DEPARTMENT_MAX) throw new ValidationError({ department: 'validation.tooLong' });
  department = await canonicalDepartment(db, input.tenantId, department);
  if (department === member.department) return { member, changed: false };
  // The department is part of what makes a membership: the same person must not hold it twice.
  const [twin] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        ofTenant(memberships, input.tenantId),
        eq(memberships.userId, member.userId),
        eq(memberships.role, 'department'),
        member.scopeAreaId
          ? eq(memberships.scopeAreaId, member.scopeAreaId)
          : isNull(memberships.scopeAreaId),
        eq(memberships.department, department),
        ne(memberships.id, member.membershipId),
      ),
    )
    .limit(1);
  if (twin) throw new ValidationError({ department: 'identity:users.departmentTaken' });
  const from = member.department;
  await db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const row = await setMembershipDepartment(tx, input.tenantId, member.membershipId, department);
    if (!row) throw new AppError(404, 'membership_not_found');
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actorUserId,
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
