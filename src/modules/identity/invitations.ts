import { z } from 'zod';
import { writeAudit } from '../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../platform/authz.ts';
import { type Db, isUuid } from '../../platform/db/index.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { queueMail } from '../../platform/mail/index.ts';
import {
  addMembership,
  canonicalDepartment,
  DEPARTMENT_MAX,
  normaliseDepartment,
  ROLES,
  type Role,
} from '../access/index.ts';
import { getArea } from '../areas/index.ts';
import { getTenant, type Tenant } from '../tenancy/index.ts';
import { sha256 } from './crypto.ts';
import { PERMS } from './policies.ts';
import { mailLang, textsFor } from './texts.ts';
import {
  type AuthToken,
  consumeToken,
  inspectToken,
  issueToken,
  LIFETIME_MINUTES,
  type TokenState,
} from './tokens.ts';
import {
  createUser,
  findUserByEmail,
  markEmailVerified,
  setPassword,
  type User,
  updateUserName,
} from './users.ts';

export const emailSchema = z.string().trim().toLowerCase().email().max(254);

export const isRole = (v: unknown): v is Role =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export interface InviteInput {
  email: string;
  role: string;
  scopeAreaId?: string | null;
  /** The department (Fachamt) for the role `department`, where it is required; ignored for other roles. */
  department?: string | null;
  baseUrl: string;
  /** Language of the invitation mail (de or en). */
  lang: string;
  /** Shown in the audit log when the system invites (the command line: "cli"). */
  actorLabel?: string;
  ip?: string | null;
}

/**
 * Invites a person (new or existing account) into the actor's tenant with a role: issues a one-time
 * invitation token, queues the mail with the link and returns the link. Only members who manage
 * users for the whole tenant may (an area-limited administrator could otherwise grant tenant-wide
 * roles). Field problems are reported as a ValidationError with translation keys.
 */
export async function inviteUser(actor: Actor, db: Db, input: InviteInput): Promise<string> {
  authorizeTenantWide(actor, PERMS.users);
  const invitedBy = actor.userId ?? null;
  const tenant = await getTenant(db, actor.tenantId);
  if (!tenant) throw new AppError(404, 'tenant_not_found', 'Unknown tenant');
  const fields: Record<string, string> = {};
  const email = emailSchema.safeParse(input.email ?? '');
  if (!email.success) fields.email = (input.email ?? '').trim() ? 'validation.email' : 'validation.required';
  if (!isRole(input.role)) fields.role = 'validation.choice';
  const scopeAreaId = input.scopeAreaId || null;
  let areaName: string | undefined;
  if (scopeAreaId) {
    const area = isUuid(scopeAreaId) ? await getArea(db, tenant.id, scopeAreaId) : undefined;
    if (!area) fields.scopeAreaId = 'validation.choice';
    else areaName = area.name;
  }
  let department: string | null = null;
  if (input.role === 'department') {
    department = normaliseDepartment(input.department);
    if (!department) fields.department = 'identity:users.departmentRequired';
    else if (department.length > DEPARTMENT_MAX) fields.department = 'validation.tooLong';
  }
  if (!email.success || !isRole(input.role) || Object.keys(fields).length) throw new ValidationError(fields);
  if (department) department = await canonicalDepartment(db, tenant.id, department);

  const existing = await findUserByEmail(db, email.data);
  const token = await issueToken(db, {
    purpose: 'invitation',
    email: email.data,
    userId: existing?.id ?? null,
    tenantId: tenant.id,
    data: { role: input.role, scopeAreaId, department, tenantId: tenant.id, invitedBy },
  });
  const link = `${input.baseUrl.replace(/\/$/, '')}/invite/${token}`;
  const lang = mailLang(input.lang);
  const t = textsFor(lang);
  const roleName = t(`access:roles.${input.role}`);
  const role = department ? `${roleName}: ${department}` : roleName;
  await queueMail(db, {
    tenantId: tenant.id,
    to: email.data,
    subject: t('identity:invite.mailSubject', { tenant: tenant.name }),
    text: t('identity:invite.mailBody', {
      tenant: tenant.name,
      role: areaName ? `${role} (${areaName})` : role,
      link,
      days: LIFETIME_MINUTES.invitation / 1440,
    }),
  });
  await writeAudit(db, {
    tenantId: tenant.id,
    actorUserId: invitedBy,
    actorLabel: input.actorLabel ?? null,
    action: 'create',
    entityType: 'invitation',
    entityId: sha256(token),
    personal: true,
    details: { email: email.data, role: input.role, scopeAreaId, department },
    ip: input.ip ?? null,
  });
  return link;
}

export interface Invitation {
  token: AuthToken;
  tenant: Tenant;
  role: Role;
  scopeAreaId: string | null;
  scopeAreaName: string | null;
  /** The department (Fachamt) of a `department` invitation. */
  department: string | null;
  /** The account with the invited address, if there already is one. */
  user: User | undefined;
}

/** What an invitation link offers, or why it cannot be used. */
export async function loadInvitation(
  db: Db,
  token: string,
): Promise<{ state: TokenState; invitation?: Invitation }> {
  const { state, row } = await inspectToken(db, 'invitation', token);
  if (state !== 'valid' || !row) return { state };
  const data = row.data as {
    role?: unknown;
    scopeAreaId?: unknown;
    department?: unknown;
    tenantId?: unknown;
  };
  const tenantId = row.tenantId ?? (typeof data.tenantId === 'string' ? data.tenantId : '');
  const tenant = isUuid(tenantId) ? await getTenant(db, tenantId) : undefined;
  if (!tenant || !isRole(data.role)) return { state: 'unknown' };
  const scopeAreaId =
    typeof data.scopeAreaId === 'string' && isUuid(data.scopeAreaId) ? data.scopeAreaId : null;
  const area = scopeAreaId ? await getArea(db, tenant.id, scopeAreaId) : undefined;
  return {
    state,
    invitation: {
      token: row,
      tenant,
      role: data.role,
      scopeAreaId: area ? area.id : null,
      scopeAreaName: area?.name ?? null,
      department:
        data.role === 'department' && typeof data.department === 'string'
          ? normaliseDepartment(data.department)
          : null,
      user: await findUserByEmail(db, row.email),
    },
  };
}

/**
 * Accepts an invitation: uses the token (once), creates the account if there is none (the address
 * counts as verified, the mail reached it), sets the password if the account has none yet, and adds
 * the membership. All or nothing.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name: string; password?: string; ip?: string | null },
): Promise<{ user: User; tenant: Tenant }> {
  const loaded = await loadInvitation(db, token);
  const inv = loaded.invitation;
  if (!inv) throw new AppError(409, `invitation_${loaded.state}`, 'This invitation cannot be used');
  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const row = await consumeToken(tx, 'invitation', token);
    if (!row) throw new AppError(409, 'invitation_used', 'This invitation has already been used');
    let user = await findUserByEmail(tx, row.email);
    if (!user) {
      user = await createUser(tx, {
        email: row.email,
        name: input.name,
        password: input.password,
        verified: true,
      });
    } else {
      if (input.name.trim() && input.name.trim() !== user.name) await updateUserName(tx, user.id, input.name);
      if (!user.passwordHash && input.password) await setPassword(tx, user.id, input.password);
      await markEmailVerified(tx, user.id);
    }
    const invitedBy = typeof row.data.invitedBy === 'string' ? row.data.invitedBy : null;
    const membership = await addMembership(tx, {
      tenantId: inv.tenant.id,
      userId: user.id,
      role: inv.role,
      scopeAreaId: inv.scopeAreaId,
      department: inv.department,
      createdBy: invitedBy,
    });
    await writeAudit(tx, {
      tenantId: inv.tenant.id,
      actorUserId: user.id,
      action: 'create',
      entityType: 'membership',
      entityId: membership.id,
      personal: true,
      details: {
        via: 'invitation',
        role: inv.role,
        scopeAreaId: inv.scopeAreaId,
        department: membership.department,
        email: user.email,
      },
      ip: input.ip ?? null,
    });
    return { user, tenant: inv.tenant };
  });
}
