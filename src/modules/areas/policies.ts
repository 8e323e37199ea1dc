import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Does the signed-in member hold the permission (optionally for an area and its ancestors)? */
export function can(c: Context<AppEnv>, permission: string, areaPath?: string[] | null): boolean {
  const policy = c.get('policy');
  return !!policy && policy.can(c.get('principal'), permission, areaPath);
}

/** Throws 403 unless the member holds the permission; every check goes through the access policy. */
export function requirePermission(c: Context<AppEnv>, permission: string, areaPath?: string[] | null): void {
  if (!can(c, permission, areaPath)) throw new AppError(403, 'forbidden');
}
