import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';

/**
 * Input every route would otherwise have to guard against, refused once for all of them:
 *
 * - a form body that cannot be parsed (a broken multipart body, a multipart type without boundary)
 *   is a 400 `malformed_body`, not an exception in whichever middleware reads it first;
 * - a NUL character (U+0000) anywhere in the path, the query, a form field (also a file name) or a
 *   JSON body is a 400 `nul_character`: PostgreSQL cannot store it in text (`invalid byte sequence
 *   for encoding "UTF8": 0x00`), so it used to become a 500 wherever such a value reached a query.
 *   No form or API value has a use for it; refusing is clearer than silently changing the input.
 */

export type FormBody = Record<string, string | File | (string | File)[]>;

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];
const mediaType = (c: Context) => (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();

/** True when the body is a form (urlencoded or multipart). */
export const isFormBody = (c: Context): boolean => FORM_TYPES.includes(mediaType(c));
/** True when the body is declared as JSON (`application/json`, `application/…+json`). */
export const isJsonBody = (c: Context): boolean => /^application\/([\w.-]+\+)?json$/.test(mediaType(c));

/**
 * The parsed form body (every value of repeated names), parsed once per request (Hono caches it);
 * an unparsable body is a 400 `malformed_body`. An empty object for other content types.
 */
export async function readFormBody(c: Context): Promise<FormBody> {
  if (!isFormBody(c)) return {};
  try {
    return (await c.req.parseBody({ all: true })) as FormBody;
  } catch {
    throw new AppError(400, 'malformed_body', 'The form data could not be read');
  }
}

const hasNul = (s: string): boolean => s.includes('\u0000');

/** Whether any string (key or value) in a parsed JSON value holds a NUL. */
function jsonHasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return hasNul(v);
  if (depth > 64 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => jsonHasNul(x, depth + 1));
  return Object.entries(v).some(([k, x]) => hasNul(k) || jsonHasNul(x, depth + 1));
}

function formHasNul(body: FormBody): boolean {
  return Object.entries(body).some(
    ([k, v]) =>
      hasNul(k) ||
      (Array.isArray(v) ? v : [v]).some((x) => (typeof x === 'string' ? hasNul(x) : hasNul(x.name))),
  );
}

/** The raw request target (path and query) as sent, still percent-encoded. */
function rawTarget(url: string): string {
  const at = url.indexOf('/', url.indexOf('//') + 2);
  return at < 0 ? '' : url.slice(at);
}

/**
 * The body has been read (Hono keeps it for the route's own readers); a fresh stream of the same
 * bytes replaces the consumed one, so middleware that reads the raw stream later (a route's own
 * `bodyLimit`) still can.
 */
async function rearm(c: Context): Promise<void> {
  const bytes = await c.req.arrayBuffer();
  c.req.raw = new Request(c.req.raw, { body: bytes });
}

const nul = () => new AppError(400, 'nul_character', 'NUL characters are not accepted');

/**
 * Refuses a NUL in the path, the query or the body (forms and JSON), and an unreadable form body.
 * Runs after the size limit and before the CSRF check (which reads forms too).
 */
export function inputGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const target = rawTarget(c.req.url);
    if (/%00/i.test(target) || hasNul(target)) throw nul();
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && c.req.raw.body) {
      if (isFormBody(c)) {
        if (formHasNul(await readFormBody(c))) throw nul();
        await rearm(c);
      } else if (isJsonBody(c)) {
        const text = await c.req.text();
        await rearm(c);
        if (text.includes('\u0000') || /\\u0000/i.test(text)) {
          // A literal NUL, or an escaped one once parsed (not `\\u0000`, an escaped backslash).
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined; // Broken JSON: the API's validator answers 400 for it.
          }
          if (hasNul(text) || jsonHasNul(parsed)) throw nul();
        }
      }
    }
    await next();
  };
}
