import { type Actor, authorize, can } from '../../platform/authz.ts';

/** Permissions of the website module. */
export const PERMS = {
  /** Write, translate, publish and delete news and pages (in the member's areas). */
  manage: 'website.manage',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.manage]: ['admin', 'coordinator', 'team'],
};

/**
 * News and pages are managed where the member holds `website.manage`: content of an area (its
 * `areaIds`: the area and its ancestors) within their scope; content for the whole tenant (no
 * area, `[]`) only with a tenant-wide grant.
 */
export const canManageContent = (actor: Actor, areaIds: string[]): boolean =>
  can(actor, PERMS.manage, areaIds);

export const authorizeContent = (actor: Actor, areaIds: string[]): void =>
  authorize(actor, PERMS.manage, areaIds);
