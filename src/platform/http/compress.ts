import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';

/**
 * Response compression for every route, chosen by `Accept-Encoding`: brotli where the client takes
 * it (smaller than gzip), else gzip, else the body as it is.
 *
 * Compressed: HTML, CSS, JSON (also GeoJSON and `+json`), XML feeds (RSS, Atom), iCalendar, CSV,
 * JavaScript and SVG — never images, fonts, PDFs or archives, which are compressed already. Bodies
 * under 1 KB, non-200 answers, HEAD, a body another handler already encoded (cached pages and feeds
 * keep their own compressed copy, see caching.ts) and `Cache-Control: no-transform` pass untouched.
 *
 * A compressed answer says `Vary: Accept-Encoding` and its ETag becomes weak (`W/"…"`): the bytes
 * differ from the uncompressed answer's, while `If-None-Match` still matches (caching.ts compares
 * weakly). Static files (`/static/…`, immutable per build) are compressed once at the highest
 * brotli level and kept in memory; everything else at a fast level, per request.
 */
const COMPRESSIBLE =
  /^(text\/|application\/(json|geo\+json|[a-z.-]+\+json|xml|[a-z.-]+\+xml|javascript|ecmascript)|image\/svg\+xml)/i;
const MIN_BYTES = 1024;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** The encoding to answer with: the highest q-value the client accepts, brotli before gzip on a tie. */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const v = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(v) ? v : 0);
  }
  const of = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gz = of('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

/** Compresses a body; `best` for bodies compressed once and kept (static files). */
export async function compressBody(body: Uint8Array, encoding: Encoding, best = false): Promise<Uint8Array> {
  const out =
    encoding === 'br'
      ? await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: best ? 11 : 4,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : await gzipAsync(body, { level: best ? 9 : 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** `"x"` → `W/"x"` (a weak tag stays as it is). */
export const weakEtag = (etag: string): string => (etag.startsWith('W/') ? etag : `W/${etag}`);

export function addVary(headers: Headers, value: string): void {
  const current = headers.get('Vary');
  if (!current) headers.set('Vary', value);
  else if (
    current !== '*' &&
    !current
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(value.toLowerCase())
  )
    headers.set('Vary', `${current}, ${value}`);
}

// Static files compressed once: key = path, size, mtime and encoding.
const staticCache = new Map<string, Uint8Array>();
const STATIC_CACHE_MAX = 64;

export function compression(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type') ?? '';
    if (res.status === 304) {
      // A 304 repeats the tag the client holds: weak when it got the compressed answer.
      const etag = res.headers.get('ETag');
      if (etag && !etag.startsWith('W/') && c.req.header('if-none-match')?.includes(`W/${etag}`))
        res.headers.set('ETag', weakEtag(etag));
      return;
    }
    if (res.status !== 200 || c.req.method === 'HEAD' || !res.body || !COMPRESSIBLE.test(type)) return;
    if (
      res.headers.has('Content-Encoding') ||
      /\bno-transform\b/i.test(res.headers.get('Cache-Control') ?? '')
    )
      return;
    const length = Number(res.headers.get('Content-Length') ?? Number.NaN);
    if (length < MIN_BYTES) return;
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    if (!encoding) {
      addVary(res.headers, 'Accept-Encoding');
      return;
    }
    const isStatic = c.req.path.startsWith('/static/');
    const key = isStatic ? `${c.req.path}|${length}|${res.headers.get('Last-Modified')}|${encoding}` : '';
    let out = isStatic ? staticCache.get(key) : undefined;
    if (out) await res.body.cancel();
    else {
      const body = new Uint8Array(await res.arrayBuffer());
      if (body.length < MIN_BYTES) {
        c.res = new Response(body, res);
        addVary(c.res.headers, 'Accept-Encoding');
        return;
      }
      out = await compressBody(body, encoding, isStatic);
      if (isStatic) {
        staticCache.set(key, out);
        if (staticCache.size > STATIC_CACHE_MAX)
          staticCache.delete(staticCache.keys().next().value as string);
      }
    }
    // Hono copies the previous answer's headers onto the new one, so they are changed afterwards.
    c.res = new Response(out as Uint8Array<ArrayBuffer>, res);
    const h = c.res.headers;
    addVary(h, 'Accept-Encoding');
    h.set('Content-Encoding', encoding);
    h.set('Content-Length', String(out.length));
    const etag = h.get('ETag');
    if (etag) h.set('ETag', weakEtag(etag));
  };
}
