import type { MembershipGrant, Principal } from '../../platform/http/context.ts';
import { ROLES, type Role } from './db/schema.ts';

/**
 * All permission checks in one place. Modules declare which roles hold a permission (manifest
 * `permissions`); a grant applies to the tenant or to its scope area and everything below it.
 */
export class Policy {
  private readonly byPermission = new Map<string, Set<string>>();

  register(permissions: Record<string, string[]>): void {
    for (const [perm, roles] of Object.entries(permissions)) {
      for (const r of roles) {
        if (!(ROLES as readonly string[]).includes(r))
          throw new Error(`Unknown role "${r}" for permission ${perm}`);
      }
      const set = this.byPermission.get(perm) ?? new Set<string>();
      for (const r of roles) set.add(r);
      this.byPermission.set(perm, set);
    }
  }

  knows(permission: string): boolean {
    return this.byPermission.has(permission);
  }

  /** Grants of the principal that carry the permission (administrators hold every permission). */
  grantsFor(principal: Principal | undefined, permission: string): MembershipGrant[] {
    if (!principal) return [];
    const roles = this.byPermission.get(permission);
    if (!roles) throw new Error(`Unknown permission "${permission}"`);
    return principal.grants.filter((g) => g.role === 'admin' || roles.has(g.role));
  }

  /**
   * May the principal do this? `areaPath` is the target's area and its ancestors (ids); without it
   * the question is "anywhere in the tenant" (e.g. may open the list at all).
   */
  can(principal: Principal | undefined, permission: string, areaPath?: string[] | null): boolean {
    const grants = this.grantsFor(principal, permission);
    if (grants.length === 0) return false;
    if (areaPath === undefined) return true;
    return grants.some((g) => g.scopeAreaId === null || (areaPath ?? []).includes(g.scopeAreaId));
  }

  /** null = the whole tenant; otherwise the scope area ids within which the permission holds. */
  scopeFor(principal: Principal | undefined, permission: string): string[] | null {
    const grants = this.grantsFor(principal, permission);
    if (grants.some((g) => g.scopeAreaId === null)) return null;
    return grants.map((g) => g.scopeAreaId as string);
  }
}

export const roleLabelKey = (role: Role | string) => `access:roles.${role}`;
