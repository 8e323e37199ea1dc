import { type Actor, authorize, authorizeTenantWide, can, canTenantWide } from '../../platform/authz.ts';

/** Permissions of the newsletters module. */
export const PERMS = {
  /** Write, test and send issues (for the member's areas). */
  manage: 'newsletters.manage',
  /** The subscriber list, erasure and bounces: personal data of the whole tenant. */
  subscribers: 'newsletters.subscribers',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.manage]: ['admin', 'coordinator', 'team'],
  [PERMS.subscribers]: ['admin', 'coordinator'],
};

/**
 * An issue goes to the subscribers of its area (`areaPath`: the area and its ancestors) or, without
 * an area (`[]`), to the whole tenant: the member needs `newsletters.manage` there — for the whole
 * tenant a tenant-wide grant.
 */
export const canManageIssue = (actor: Actor, areaPath: string[]): boolean =>
  can(actor, PERMS.manage, areaPath);

export const authorizeIssue = (actor: Actor, areaPath: string[]): void =>
  authorize(actor, PERMS.manage, areaPath);

/**
 * Subscribers belong to the whole tenant (one address may get issues of several areas): their list,
 * erasure and bounce reports need the permission without an area limit.
 */
export const canManageSubscribers = (actor: Actor): boolean => canTenantWide(actor, PERMS.subscribers);

export const authorizeSubscribers = (actor: Actor): void => authorizeTenantWide(actor, PERMS.subscribers);
