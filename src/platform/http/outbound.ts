/**
 * Requests the server makes on its own to addresses someone typed (partners' calendar feeds, an
 * OpenID Connect issuer and the endpoints its discovery document names). Without care such a
 * request reaches what only the server can reach — the database port on loopback, the admin
 * interface of a router, a cloud's metadata service at 169.254.169.254 — and shows the answer back.
 *
 * One guarded fetch for every module:
 * - only http and https, no user name or password in the address;
 * - the host name is resolved, EVERY address it resolves to is checked, and the connection goes to
 *   a checked address: the check runs inside the socket's own `lookup`, at connect time, so a name
 *   that answers differently the second time (DNS rebinding) gains nothing;
 * - addresses written as literals (also decimal or hex IPv4, IPv4-mapped IPv6) are checked the same;
 * - redirects are followed by hand, at most a few, and every hop is checked again;
 * - a time limit for the whole exchange and a size limit for the (decoded) body.
 * Refused: loopback, private (RFC 1918), carrier-grade NAT, link-local (cloud metadata), unique-local
 * and site-local IPv6, multicast, reserved and documentation ranges, 0.0.0.0/8 and `::`, and IPv6
 * forms that carry such an IPv4 address (mapped, NAT64, 6to4, Teredo).
 *
 * Operators who really need an internal host allow it by name or range (`OUTBOUND_ALLOW_HOSTS`), or
 * switch the address check off altogether (`OUTBOUND_ALLOW_PRIVATE=true`, for development).
 */
import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

/** The operator's setting: which internal destinations outbound requests may reach anyway. */
export interface OutboundPolicy {
  /** Switches the address check off (development, tests that serve from this machine). */
  allowPrivate: boolean;
  /** Host names (exact, lower case), IP addresses or CIDR ranges that may be internal. */
  allowHosts: readonly string[];
}

export const DEFAULT_OUTBOUND: OutboundPolicy = { allowPrivate: false, allowHosts: [] };

export type OutboundErrorCode =
  /** Not an absolute http(s) URL, or one with credentials in it. */
  | 'invalid_url'
  /** The host is, or resolves to, an address the server must not reach. */
  | 'address_refused'
  /** The host name does not resolve. */
  | 'not_found'
  | 'too_many_redirects'
  | 'timeout'
  | 'too_large'
  /** Connection refused, reset, TLS failure … */
  | 'network';

/** Why an outbound request was not made or not finished; `message` is for logs and staff reports. */
export class OutboundError extends Error {
  constructor(
    public readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

// ── Addresses ──────────────────────────────────────────────────────────────────────────────

// Two lists: a BlockList also matches an IPv4 address against IPv6 rules (as ::ffff:a.b.c.d) and the
// other way round, which would put every IPv4 address into ::ffff:0:0/96.
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked4.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0', 96], // IPv4-mapped: never what a resolver hands out, refused whatever it carries
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blocked6.addSubnet(net, bits, 'ipv6');

/** Expands an IPv6 address (without brackets or zone) to its eight 16-bit groups; null if it is not one. */
function ipv6Groups(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  let s = ip;
  const v4 = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    s = `${s.slice(0, -v4[1].length)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  const groups = [...h, ...fill, ...t].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 ? groups : null;
}

/** The IPv4 address an IPv6 address carries (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`). */
function embeddedIpv4(ip: string): string | null {
  const g = ipv6Groups(ip);
  if (!g) return null;
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !nat64) return null;
  return [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff].join('.');
}

const bare = (host: string) => host.replace(/^\[|\]$/g, '').replace(/%.*$/, '');

/** Is this an address on the public internet (not loopback, private, link-local, multicast, reserved …)? */
export function isPublicAddress(address: string): boolean {
  const ip = bare(address);
  const family = isIP(ip);
  if (family === 4) return !blocked4.check(ip, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(ip);
  if (v4 && blocked4.check(v4, 'ipv4')) return false;
  return !blocked6.check(ip, 'ipv6');
}

/** The allow-list split into names and address ranges (entries are checked by the config loader). */
function allowListOf(policy: OutboundPolicy) {
  const names = new Set<string>();
  const ranges = new BlockList();
  for (const raw of policy.allowHosts) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [addr, bits] = entry.split('/');
    const ip = bare(addr);
    const family = isIP(ip);
    if (family === 4 || family === 6) {
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) ranges.addAddress(ip, type);
      else ranges.addSubnet(ip, Number(bits), type);
    } else names.add(entry.replace(/\.$/, ''));
  }
  return { names, ranges };
}

/** A problem with one entry of `OUTBOUND_ALLOW_HOSTS`, or null when the entry is fine. */
export function allowHostProblem(entry: string): string | null {
  const [addr, bits, extra] = entry.trim().split('/');
  if (extra !== undefined) return `"${entry}" is neither a host name, an IP address nor a CIDR range`;
  const ip = bare(addr);
  const family = isIP(ip);
  if (family) {
    if (bits === undefined) return null;
    const n = Number(bits);
    return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128) ? null : `"${entry}": bad prefix length`;
  }
  if (bits !== undefined) return `"${entry}" is not a CIDR range`;
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(addr)
    ? null
    : `"${entry}" is not a host name`;
}

/** Has the operator allowed this host name (and so whatever it resolves to)? */
function nameAllowed(policy: OutboundPolicy, hostname: string): boolean {
  return allowListOf(policy).names.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/** May the server connect to this address, reached through this host name? */
export function addressAllowed(policy: OutboundPolicy, hostname: string, address: string): boolean {
  if (policy.allowPrivate || isPublicAddress(address)) return true;
  const list = allowListOf(policy);
  if (list.names.has(hostname.toLowerCase().replace(/\.$/, ''))) return true;
  const ip = bare(address);
  const family = isIP(ip);
  return family !== 0 && list.ranges.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Has the operator allowed this internal host — named or in a range in `OUTBOUND_ALLOW_HOSTS`, or any
 * internal address or local name with `OUTBOUND_ALLOW_PRIVATE`? (Plain http is acceptable only there.)
 */
export function internalHostAllowed(policy: OutboundPolicy, hostname: string): boolean {
  const host = bare(hostname).toLowerCase().replace(/\.$/, '');
  const family = isIP(host);
  const list = allowListOf(policy);
  if (family) {
    if (list.ranges.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true;
    return policy.allowPrivate && !isPublicAddress(host);
  }
  return list.names.has(host) || (policy.allowPrivate && LOCAL_NAME.test(host));
}

// ── URLs ───────────────────────────────────────────────────────────────────────────────────

/** Names that always mean this machine or the local network, refused without asking DNS. */
const LOCAL_NAME = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)$/i;

/**
 * Checks what can be checked without DNS: an absolute http(s) URL without credentials whose host,
 * if written as an address (the URL parser has already turned `2130706433` or `0x7f.1` into
 * 127.0.0.1), is one the server may reach, and which is not a local name (`localhost`, `*.local`,
 * `*.internal`). For the moment a form saves an address; fetching checks again, after DNS.
 */
export function checkOutboundUrl(input: string | URL, policy: OutboundPolicy = DEFAULT_OUTBOUND): URL {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : new URL(input.href);
  } catch {
    throw new OutboundError('invalid_url', 'not a valid address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundError('invalid_url', `only http and https addresses are fetched, not ${url.protocol}`);
  if (url.username || url.password)
    throw new OutboundError('invalid_url', 'addresses with a user name or password are not fetched');
  const host = bare(url.hostname);
  if (!host) throw new OutboundError('invalid_url', 'address without a host');
  if (isIP(host)) {
    if (!addressAllowed(policy, host, host))
      throw new OutboundError('address_refused', `${host} is an internal address`);
  } else if (LOCAL_NAME.test(host.replace(/\.$/, '')) && !policy.allowPrivate && !nameAllowed(policy, host)) {
    throw new OutboundError('address_refused', `${host} is a name of the local network`);
  }
  return url;
}

// ── The request ────────────────────────────────────────────────────────────────────────────

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (replaceable in tests to play a DNS server). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface OutboundOptions {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string | Uint8Array | URLSearchParams | null;
  signal?: AbortSignal | null;
  /** 'follow' (default): redirects are followed by hand, each hop checked; 'manual': returned as they are. */
  redirect?: 'follow' | 'manual' | 'error';
  /** Time for the whole exchange, redirects and body included (default 20 s). */
  timeoutMs?: number;
  /** Largest body (after decompression) read before the exchange is cut off (default 5 MB). */
  maxBytes?: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /** Tests only: answers DNS instead of the system resolver. */
  resolver?: Resolver;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);

/** The socket's `lookup`: resolve, refuse if ANY address is refused, hand over the checked addresses. */
function guardedLookup(policy: OutboundPolicy, resolver: Resolver): LookupFunction {
  type Callback = (err: Error | null, address?: string | ResolvedAddress[], family?: number) => void;
  return ((hostname: string, options: { family?: number; all?: boolean }, callback: Callback) => {
    resolver(hostname).then(
      (found) => {
        if (!found.length) return callback(new OutboundError('not_found', `${hostname} does not resolve`));
        const refused = found.find((a) => !addressAllowed(policy, hostname, a.address));
        if (refused)
          return callback(
            new OutboundError(
              'address_refused',
              `${hostname} resolves to ${refused.address}, an internal address`,
            ),
          );
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? found.filter((a) => a.family === family) : found;
        if (!usable.length)
          return callback(new OutboundError('not_found', `${hostname} has no usable address`));
        if (options.all) return callback(null, usable);
        callback(null, usable[0].address, usable[0].family);
      },
      (err: NodeJS.ErrnoException) =>
        callback(
          err.code === 'ENOTFOUND' || err.code === 'ENODATA' || err.code === 'EAI_AGAIN'
            ? new OutboundError('not_found', `${hostname} does not resolve`)
            : err,
        ),
    );
  }) as unknown as LookupFunction;
}

/**
 * The answer's body as a web stream that stops with `too_large` past the limit (counted after
 * decompression, so a small compressed bomb stops too) and with `timeout` when time runs out.
 */
function limitedBody(
  res: http.IncomingMessage,
  decoder: Transform | null,
  maxBytes: number,
  timedOut: () => boolean,
): ReadableStream<Uint8Array> {
  const source: Readable = decoder ? res.pipe(decoder) : res;
  let finished = false;
  let seen = 0;
  const stop = () => {
    finished = true;
    res.destroy();
    decoder?.destroy();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.pause();
      source.on('data', (chunk: Buffer) => {
        if (finished) return;
        seen += chunk.length;
        if (seen > maxBytes) {
          stop();
          controller.error(new OutboundError('too_large', `the answer is larger than ${maxBytes} bytes`));
          return;
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.on('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      const fail = (err: unknown) => {
        if (finished) return;
        stop();
        controller.error(toError(err, timedOut()));
      };
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('connection closed early')));
      decoder?.on('error', fail);
    },
    pull() {
      if (!finished) source.resume();
    },
    cancel() {
      stop();
    },
  });
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

function toError(err: unknown, timedOut: boolean): OutboundError {
  if (err instanceof OutboundError) return err;
  if (timedOut) return new OutboundError('timeout', 'no complete answer in time');
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return new OutboundError('network', 'the request was cancelled');
  return new OutboundError('network', String(e?.code ?? e?.message ?? err).slice(0, 200));
}

/** One exchange with one checked URL; the answer's body streams through the size limit. */
function exchange(
  url: URL,
  policy: OutboundPolicy,
  o: {
    method: string;
    headers: Headers;
    body: Buffer | null;
    signal: AbortSignal;
    timedOut: () => boolean;
    maxBytes: number;
    resolver: Resolver;
  },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    o.headers.forEach((v, k) => {
      headers[k] = v;
    });
    headers['accept-encoding'] ??= 'gzip, deflate, br';
    if (o.body) headers['content-length'] = String(o.body.length);
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: o.method,
      headers,
      signal: o.signal,
      agent: false,
      lookup: guardedLookup(policy, o.resolver),
    });
    req.on('error', (err) => reject(toError(err, o.timedOut())));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const out = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        try {
          out.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        } catch {
          // a header value fetch would refuse is left out
        }
      }
      if (status < 200 || status > 599) {
        res.destroy();
        return reject(new OutboundError('network', `unexpected status ${status}`));
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      const decoder = decoderFor(res.headers['content-encoding']);
      if (!decoder && declared > o.maxBytes) {
        res.destroy();
        return reject(new OutboundError('too_large', `the answer is larger than ${o.maxBytes} bytes`));
      }
      if (NULL_BODY.has(status) || o.method === 'HEAD') {
        res.resume();
        return resolve(new Response(null, { status, statusText: res.statusMessage, headers: out }));
      }
      if (decoder) {
        out.delete('content-encoding');
        out.delete('content-length');
      }
      resolve(
        new Response(limitedBody(res, decoder, o.maxBytes, o.timedOut), {
          status,
          statusText: res.statusMessage,
          headers: out,
        }),
      );
    });
    req.end(o.body ?? undefined);
  });
}

/**
 * Fetches a URL someone typed, with every guard above. Resolves to a standard `Response` (its body
 * stops with an `OutboundError` at the size limit or the time limit); rejects with an
 * `OutboundError` when the address is refused, does not resolve, redirects too often, or fails.
 */
export async function outboundFetch(
  policy: OutboundPolicy,
  input: string | URL,
  o: OutboundOptions = {},
): Promise<Response> {
  const timeout = AbortSignal.timeout(o.timeoutMs ?? 20_000);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  const timedOut = () => timeout.aborted;
  const maxRedirects = o.maxRedirects ?? 5;
  let method = (o.method ?? 'GET').toUpperCase();
  const headers = new Headers(o.headers ?? {});
  let body: Buffer | null =
    o.body == null
      ? null
      : Buffer.from(
          typeof o.body === 'string' || o.body instanceof URLSearchParams ? String(o.body) : o.body,
        );
  if (o.body instanceof URLSearchParams && !headers.has('content-type'))
    headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  let url = checkOutboundUrl(input, policy);
  for (let hop = 0; ; hop++) {
    if (signal.aborted) throw toError(signal.reason, timedOut());
    const res = await exchange(url, policy, {
      method,
      headers,
      body,
      signal,
      timedOut,
      maxBytes: o.maxBytes ?? 5 * 1024 * 1024,
      resolver: o.resolver ?? systemResolver,
    });
    const location = res.headers.get('location');
    if (!REDIRECT.has(res.status) || !location || o.redirect === 'manual') return res;
    await res.body?.cancel().catch(() => {});
    if (o.redirect === 'error') throw new OutboundError('too_many_redirects', 'the address redirects');
    if (hop >= maxRedirects)
      throw new OutboundError('too_many_redirects', `more than ${maxRedirects} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new OutboundError('invalid_url', 'the redirect points to an invalid address');
    }
    next = checkOutboundUrl(next, policy);
    if (next.origin !== url.origin) {
      headers.delete('authorization');
      headers.delete('cookie');
    }
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = null;
      headers.delete('content-type');
    }
    url = next;
  }
}

/**
 * The guarded fetch with fetch's signature, for libraries that take one (openid-client's
 * `customFetch`): the same checks, limits and manual redirects.
 */
export function guardedFetch(
  policy: OutboundPolicy,
  defaults: Omit<OutboundOptions, 'method' | 'headers' | 'body' | 'signal' | 'redirect'> = {},
): (url: string | URL, init?: RequestInit) => Promise<Response> {
  return (url, init = {}) =>
    outboundFetch(policy, url, {
      ...defaults,
      method: init.method,
      headers: init.headers as Record<string, string> | Headers | undefined,
      body: init.body as OutboundOptions['body'],
      signal: init.signal,
      redirect: init.redirect ?? 'follow',
    });
}
