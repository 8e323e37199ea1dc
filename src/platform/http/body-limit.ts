import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';

/**
 * Largest request body the app reads at all (the biggest upload a screen takes is a 20 MB boundary
 * file). Routes keep their own, smaller limits with friendly form messages; this one stops a huge or
 * endless body before anything — the CSRF check included — buffers or parses it.
 */
export const MAX_REQUEST_BYTES = 25 * 1024 * 1024;
/** Plain forms (no file) are small; 1 MB is far above any text a person types. */
export const MAX_FORM_BYTES = 1024 * 1024;

const tooLarge = (maxBytes: number) => () => {
  throw new AppError(413, 'too_large', 'Payload too large', { mb: Math.round(maxBytes / (1024 * 1024)) });
};
const forUploads = bodyLimit({ maxSize: MAX_REQUEST_BYTES, onError: tooLarge(MAX_REQUEST_BYTES) });
const forForms = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: tooLarge(MAX_FORM_BYTES) });

/** Refuses oversized bodies with 413 (declared by Content-Length or counted while streaming). */
export function requestSizeLimit(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const type = c.req.header('content-type') ?? '';
    return type.startsWith('application/x-www-form-urlencoded') ? forForms(c, next) : forUploads(c, next);
  };
}
