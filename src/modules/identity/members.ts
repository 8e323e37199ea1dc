import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit/index.ts';
import { type Db, isUuid } from '../../platform/db/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { memberships, type Role } from '../access/index.ts';
import { authTokens, sessions, users } from './db/schema.ts';

export interface Member {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  scopeAreaId: string | null;
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
      disabledAt: users.disabledAt,
      lastSignIn: sql<
        string | Date | null
      >`(select max(s.created_at) from ${sessions} s where s.user_id = ${users.id})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
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
        eq(authTokens.tenantId, tenantId),
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
            eq(memberships.tenantId, input.tenantId),
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
      .where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.id, member.membershipId)))
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
