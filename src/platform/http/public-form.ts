/**
 * The guard of a public form (no account): a rate limit per client or address, answered with 429 and
 * Retry-After, and the honeypot — a field people never see that bots fill in. A filled honeypot is
 * answered as if all went well and nothing is kept (`honeypotFilled`), so a bot learns nothing.
 */
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';
import { hitLimit } from './rate-limit.ts';
import { clientIp } from './security.ts';

/** The honeypot field's name (the shared `Honeypot` component of src/ui draws it). */
export const HONEYPOT_FIELD = 'homepage';

export const honeypotFilled = (body: Record<string, unknown>, name = HONEYPOT_FIELD): boolean =>
  typeof body[name] === 'string' && (body[name] as string).trim() !== '';

/**
 * Counts one use of `name` for `who` (the client's address when left out) and refuses with 429 once
 * `max` uses fall in `windowSeconds`.
 */
export async function enforceLimit(
  c: Context<AppEnv>,
  name: string,
  max: number,
  windowSeconds: number,
  who?: string,
): Promise<void> {
  const services = c.get('services');
  const key = `${name}:${who ?? clientIp(c, services.config.trustProxy)}`;
  const r = await hitLimit(services.db, key, max, windowSeconds);
  if (!r.allowed) {
    c.header('Retry-After', String(r.retryAfterSeconds));
    throw new AppError(429, 'rate_limited', undefined, { seconds: r.retryAfterSeconds });
  }
}
