import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { chooseEncoding, weakEtag } from './compress.ts';
import type { AppEnv } from './context.ts';

/** Does an If-None-Match header (a list, possibly weak tags or *) match this ETag? */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

export const hashEtag = (body: string | Uint8Array): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

export interface CacheOptions {
  /** Seconds shared caches and browsers may reuse without asking (default 60). */
  maxAge?: number;
  /** A precomputed ETag (e.g. from the data version); else a hash of the body. */
  etag?: string;
  /** Pages whose content depends on the visitor's cookie (CSRF token): private. */
  private?: boolean;
}

/**
 * Answers a public page or feed with Cache-Control and an ETag, and with 304 when the client already
 * has it. For HTML the per-request CSP nonce is left out of the hash, so identical pages get identical
 * tags. Pages depend on the language (cookie, Accept-Language), so caches must vary on those.
 */
export async function withCaching(
  c: Context<AppEnv>,
  res: Response,
  o: CacheOptions = {},
): Promise<Response> {
  if (res.status !== 200) return res;
  const body = await res.text();
  const nonce = c.get('nonce');
  const etag = o.etag ?? hashEtag(nonce ? body.split(nonce).join('') : body);
  const headers = new Headers(res.headers);
  headers.set('ETag', etag);
  headers.set(
    'Cache-Control',
    `${o.private ? 'private' : 'public'}, max-age=${o.maxAge ?? 60}, must-revalidate`,
  );
  headers.set('Vary', 'Cookie, Accept-Language');
  if (etagMatches(c.req.header('if-none-match'), etag)) {
    headers.delete('Content-Type');
    headers.delete('Content-Length');
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}

/** A feed or document body (iCalendar, RSS, Atom, PDF) with caching headers and 304 support. */
export function feedResponse(
  c: Context<AppEnv>,
  body: string | Uint8Array,
  contentType: string,
  o: CacheOptions & { filename?: string } = {},
): Response {
  const etag = o.etag ?? hashEtag(body);
  const headers: Record<string, string> = {
    ETag: etag,
    'Cache-Control': `public, max-age=${o.maxAge ?? 300}, must-revalidate`,
    'Access-Control-Allow-Origin': '*',
    Vary: 'Accept-Language',
  };
  if (o.filename) headers['Content-Disposition'] = `inline; filename="${o.filename}"`;
  if (etagMatches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  return new Response(payload, { status: 200, headers: { ...headers, 'Content-Type': contentType } });
}

/** A rendered body kept in memory with its ETag and, once asked for, its brotli and gzip forms. */
export interface CachedBody {
  body: Uint8Array;
  etag: string;
  gzip?: Uint8Array;
  br?: Uint8Array;
}

export function cachedBody(body: string | Uint8Array, etag?: string): CachedBody {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return { body: bytes, etag: etag ?? hashEtag(bytes) };
}

/**
 * Answers from a cached body: ETag/304, Cache-Control, and brotli or gzip as the client's
 * `Accept-Encoding` asks (compressed once per cached body and encoding; the tag of a compressed
 * answer is weak, see compress.ts). Headers already set on the context (cookies) are kept.
 */
export function sendCached(
  c: Context<AppEnv>,
  entry: CachedBody,
  contentType: string,
  o: { maxAge?: number; page?: boolean; filename?: string } = {},
): Response {
  c.header('ETag', entry.etag);
  c.header('Cache-Control', `public, max-age=${o.maxAge ?? 60}, must-revalidate`);
  c.header('Vary', o.page ? 'Cookie, Accept-Language, Accept-Encoding' : 'Accept-Language, Accept-Encoding');
  if (!o.page) c.header('Access-Control-Allow-Origin', '*');
  if (o.filename) c.header('Content-Disposition', `inline; filename="${o.filename}"`);
  if (etagMatches(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304);
  c.header('Content-Type', contentType);
  const encoding = entry.body.length > 1024 ? chooseEncoding(c.req.header('accept-encoding')) : null;
  if (encoding === 'br') {
    entry.br ??= new Uint8Array(
      brotliCompressSync(entry.body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length,
        },
      }),
    );
    c.header('Content-Encoding', 'br');
    c.header('ETag', weakEtag(entry.etag));
    return c.body(entry.br as Uint8Array<ArrayBuffer>);
  }
  if (encoding === 'gzip') {
    entry.gzip ??= new Uint8Array(gzipSync(entry.body, { level: 6 }));
    c.header('Content-Encoding', 'gzip');
    c.header('ETag', weakEtag(entry.etag));
    return c.body(entry.gzip as Uint8Array<ArrayBuffer>);
  }
  return c.body(entry.body as Uint8Array<ArrayBuffer>);
}
