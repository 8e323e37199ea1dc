import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';
import { hitLimit } from './rate-limit.ts';
import { clientIp } from './security.ts';

/** Rate limit for a route (per client address unless a key function says otherwise); only unsafe methods count. */
export function rateLimit(opts: {
  name: string;
  limit: number;
  windowSeconds: number;
  key?: (c: Context<AppEnv>) => string;
  methods?: string[];
}): MiddlewareHandler<AppEnv> {
  const methods = opts.methods ?? ['POST', 'PUT', 'PATCH', 'DELETE'];
  return async (c, next) => {
    if (!methods.includes(c.req.method)) return next();
    const services = c.get('services');
    const who = opts.key ? opts.key(c) : clientIp(c, services.config.trustProxy);
    const r = await hitLimit(services.db, `${opts.name}:${who}`, opts.limit, opts.windowSeconds);
    if (!r.allowed) {
      c.header('Retry-After', String(r.retryAfterSeconds));
      throw new AppError(429, 'rate_limited', undefined, { seconds: r.retryAfterSeconds });
    }
    return next();
  };
}
