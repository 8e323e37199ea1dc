import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';
import { isFormBody, readFormBody } from './input-guard.ts';

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * What is stored of a private link's token: its SHA-256 (hex), so a leaked database gives no working
 * links. One rule for every module's links (requests, registrations, subscriptions, votes, applications).
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export const isHttps = (c: Context, trustProxy: boolean): boolean =>
  new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto') === 'https');

/**
 * Security headers on every answer. Scripts only from our origin or with the per-request nonce — no
 * 'unsafe-inline'. Pages that may be embedded (partner widgets) set `c.set('frameable', …)` themselves.
 */
export function securityHeaders(opts: {
  trustProxy: boolean;
  /** Images staff pages may load from elsewhere: the map tile server's origin (MAP_TILE_URL). */
  staffImageOrigin?: string;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const nonce = randomToken(16);
    c.set('nonce', nonce);
    await next();
    const h = c.res.headers;
    if (!h.has('Content-Security-Policy')) {
      h.set(
        'Content-Security-Policy',
        [
          "default-src 'self'",
          `script-src 'self' 'nonce-${nonce}'`,
          "style-src 'self'",
          opts.staffImageOrigin && c.req.path.startsWith('/staff/')
            ? `img-src 'self' data: ${opts.staffImageOrigin}`
            : "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'",
        ].join('; '),
      );
    }
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (!h.has('X-Frame-Options')) h.set('X-Frame-Options', 'DENY');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(self)');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (isHttps(c, opts.trustProxy))
      h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}

const CSRF_COOKIE = 'q_csrf';

/** Scheme and host of an Origin header, or null when it is not a URL. */
function parseOrigin(origin: string): { protocol: string; host: string } | null {
  try {
    const u = new URL(origin);
    return { protocol: u.protocol, host: u.host };
  } catch {
    return null;
  }
}

/** The first value of a header a proxy may have appended to (`a, b`). */
const firstOf = (v: string | undefined) => v?.split(',')[0].trim() || undefined;

/**
 * Is the Origin of this request our own? Its host must be the host the request was sent to — the
 * `Host` header, or `X-Forwarded-Host` only behind a trusted proxy (TRUST_PROXY); a client cannot
 * name its own host otherwise. Behind a trusted proxy that says `X-Forwarded-Proto`, and for a
 * request that itself came over HTTPS, the scheme must match too. The origin of BASE_URL is always
 * ours (a proxy that rewrites Host without TRUST_PROXY).
 */
export function isOwnOrigin(c: Context<AppEnv>, origin: string): boolean {
  const o = parseOrigin(origin);
  if (!o) return false;
  const { trustProxy, baseUrl } = c.get('services').config;
  if (baseUrl && parseOrigin(baseUrl)?.host === o.host && parseOrigin(baseUrl)?.protocol === o.protocol)
    return true;
  const url = new URL(c.req.url);
  const host = (trustProxy && firstOf(c.req.header('x-forwarded-host'))) || c.req.header('host') || url.host;
  if (o.host !== host) return false;
  const proto = trustProxy ? firstOf(c.req.header('x-forwarded-proto')) : undefined;
  if (proto) return o.protocol === `${proto}:`;
  return url.protocol === 'https:' ? o.protocol === 'https:' : true;
}

/** The token a form must echo: the session's when signed in, else a double-submit cookie. */
export function csrfTokenFor(c: Context<AppEnv>): string {
  const session = c.get('session');
  if (session) return session.csrfToken;
  // One token per request: pages with several forms must not mint several cookies.
  const minted = c.get('csrfToken');
  if (minted) return minted;
  let token = getCookie(c, CSRF_COOKIE);
  if (!token || token.length < 20) {
    token = randomToken(24);
    // Secure whenever the browser came over HTTPS — also through a trusted TLS proxy, where the
    // app itself is reached over plain HTTP (like the session cookie).
    setCookie(c, CSRF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: isHttps(c, c.get('services').config.trustProxy),
    });
  }
  c.set('csrfToken', token);
  return token;
}

/**
 * RFC 8058 one-click unsubscribe: mail providers POST exactly this body to the List-Unsubscribe URL,
 * from their servers, with neither cookie nor CSRF token; the secret token in the URL authorises it.
 * Only that body, only on that path, is let through.
 */
const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';
const ONE_CLICK_PATH = /^\/[a-z0-9-]+\/newsletter\/unsubscribe\/[A-Za-z0-9_-]{20,64}$/;

async function isOneClickUnsubscribe(c: Context<AppEnv>): Promise<boolean> {
  if (c.req.method !== 'POST' || !ONE_CLICK_PATH.test(c.req.path)) return false;
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded')) return false;
  return (await c.req.text()).trim() === ONE_CLICK_BODY;
}

/**
 * CSRF protection for every unsafe request outside the bearer-token API: the Origin (when sent)
 * must be ours and the form field `_csrf` (or header X-CSRF-Token) must match.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || c.get('tokenAuth')) return next();
    // The API without a session carries no one's authority (the members' API answers 401): the
    // public API's JSON writes need no token, as a bearer token's do not.
    if (c.req.path.startsWith('/api/') && !c.get('session')) return next();
    if (await isOneClickUnsubscribe(c)) return next();
    const origin = c.req.header('origin');
    // A malformed Origin is no origin of ours either (and must not become a 500).
    if (origin && origin !== 'null' && !isOwnOrigin(c, origin)) throw new AppError(403, 'csrf_origin');
    let sent = c.req.header('x-csrf-token');
    if (!sent && isFormBody(c)) {
      // A body that cannot be parsed is a 400 (readFormBody), not an exception.
      const v = (await readFormBody(c))._csrf;
      sent = typeof v === 'string' ? v : undefined;
    }
    const session = c.get('session');
    const expected = session ? session.csrfToken : getCookie(c, CSRF_COOKIE);
    if (!sent || !expected || !safeEqual(sent, expected)) throw new AppError(403, 'csrf');
    return next();
  };
}

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for');
    if (fwd) return fwd.split(',')[0].trim();
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
