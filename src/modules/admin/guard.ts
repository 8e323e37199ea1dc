import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';

export function can(c: Context<AppEnv>, permission: string): boolean {
  const policy = c.get('policy');
  return !!policy && policy.can(c.get('principal'), permission);
}

/** Throws 403 unless the signed-in member holds the permission (checked by the access Policy only). */
export function requirePermission(c: Context<AppEnv>, permission: string): void {
  if (!can(c, permission)) throw new AppError(403, 'forbidden');
}

/** Date and time for staff tables, in Berlin time as the offices work in it. */
export function formatDateTime(lang: string, d: Date | string | null | undefined): string {
  if (!d) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'Europe/Berlin',
  }).format(new Date(d));
}
