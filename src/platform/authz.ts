/**
 * One authorization path. A use case takes the `Actor` (who acts, in which tenant, under which
 * policy) as its first argument and calls `authorize` before it reads input or writes anything;
 * staff screens, the JSON API, jobs and the command line all call the same use case. Modules keep
 * their permission names and their own rules in `policies.ts`; the checks themselves are here.
 *
 * Area scope, one rule in two forms: a grant holds in its scope area and everything below it. A
 * record stores its area and that area's ancestors (`area_ids`), so it is in scope when that list
 * contains one of the scope areas — `scopeFilter` says so in SQL, `inScope` for a loaded record.
 * A scope is `null` for the whole tenant and `[]` for nowhere; never turn one into the other.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import type { AppEnv, PolicyPort, Principal } from './http/context.ts';
import { AppError } from './http/errors.ts';

/** Who acts: the member (their grants in this tenant), the policy that reads the grants, the tenant. */
export interface Actor {
  readonly principal: Principal;
  readonly policy: PolicyPort;
  readonly tenantId: string;
  /** The signed-in user (for "created by" and the audit log); absent for the system actor. */
  readonly userId?: string;
}

/** null = the whole tenant; [] = nowhere; otherwise the scope area ids (each with everything below it). */
export type Scope = string[] | null;

/** The actor of a request (staff screen or API). 401 without a signed-in member, 403 without a policy. */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = actorOrNull(c);
  if (actor) return actor;
  if (!c.get('principal')) throw new AppError(401, 'unauthenticated');
  throw new AppError(403, 'forbidden');
}

/** The actor of a request when there is one (public pages that show staff links to members). */
export function actorOrNull(c: Context<AppEnv>): Actor | null {
  const principal = c.get('principal');
  const policy = c.get('policy');
  if (!principal || !policy) return null;
  const tenantId = c.get('tenant')?.id ?? principal.tenantId;
  if (principal.tenantId !== tenantId) return null;
  return { principal, policy, tenantId, userId: c.get('user')?.id ?? principal.userId };
}

const EVERYTHING: PolicyPort = { can: () => true, scopeFor: () => null };

/**
 * The system itself (scheduled jobs, the command line run by an operator on the server): allowed
 * everything in one tenant. Only jobs and the CLI use it; a request never does.
 */
export function systemActor(tenantId: string): Actor {
  return {
    principal: { userId: 'system', tenantId, grants: [{ role: 'admin', scopeAreaId: null }] },
    policy: EVERYTHING,
    tenantId,
  };
}

/** May the actor do this? `areaPath` is the target's area with its ancestors; without it: anywhere in the tenant. */
export function can(
  actor: Actor | null | undefined,
  permission: string,
  areaPath?: string[] | null,
): boolean {
  return !!actor && actor.policy.can(actor.principal, permission, areaPath);
}

/** Refuses (403 forbidden) unless the actor may do this; call it before anything else happens. */
export function authorize(actor: Actor, permission: string, areaPath?: string[] | null): void {
  if (!can(actor, permission, areaPath)) throw new AppError(403, 'forbidden');
}

/** Where the permission holds: null = the whole tenant, [] = nowhere, else the scope areas. */
export function scopeOf(actor: Actor | null | undefined, permission: string): Scope {
  if (!actor) return [];
  return actor.policy.scopeFor(actor.principal, permission);
}

/** Does the permission hold for the whole tenant (not only some areas)? */
export function canTenantWide(actor: Actor | null | undefined, permission: string): boolean {
  return can(actor, permission) && scopeOf(actor, permission) === null;
}

/** Refuses (403) unless the permission holds for the whole tenant. */
export function authorizeTenantWide(actor: Actor, permission: string): void {
  if (!canTenantWide(actor, permission)) throw new AppError(403, 'forbidden');
}

/**
 * The scope rule in SQL: `areaIds` is a record's uuid[] of its area and that area's ancestors.
 * undefined = no condition (the whole tenant); `false` = nothing.
 */
export function scopeFilter(areaIds: AnyPgColumn | SQL, scope: Scope): SQL | undefined {
  if (scope === null) return undefined;
  if (scope.length === 0) return sql`false`;
  return sql`${areaIds} && array[${sql.join(
    scope.map((s) => sql`${s}`),
    sql`, `,
  )}]::uuid[]`;
}

/** The same rule for a loaded record (its area and that area's ancestors). */
export function inScope(areaIds: readonly string[], scope: Scope): boolean {
  return scope === null || scope.some((s) => areaIds.includes(s));
}
