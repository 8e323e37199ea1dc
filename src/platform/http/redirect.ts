/**
 * Redirect targets taken from a request (`?next=`, a form's `back` field, the Referer) must stay on
 * this site. They are parsed, never string-checked alone: browsers drop tabs and line breaks inside
 * a URL and read `\` as `/`, so `/\tevil.example` or `/\evil.example` become `//evil.example`
 * (another host), and the URL parser turns `/.//evil.example` into the path `//evil.example`.
 */

/** Anything a browser would drop, turn into `/`, or refuse: control characters, white space, `\`. */
const UNSAFE_CHAR = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s\\]/u;
/** The start of a network-path reference once decoded (`//host`, `/\host`) or a dropped character. */
const UNSAFE_START = /^\/[/\\\p{Cc}\s]/u;
const MAX_LENGTH = 2000;

/** Bytes 0x00–0x1F, 0x7F or `\` (checked on a byte-wise decoded path, where non-ASCII means nothing). */
function hasAsciiControlOrBackslash(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const n = s.charCodeAt(i);
    if (n < 0x20 || n === 0x7f || n === 0x5c) return true;
  }
  return false;
}

/**
 * The input as a path of this site (`/…` with query and fragment, normalised by the URL parser), or
 * null when it is anything else: absolute or protocol-relative URLs, other schemes (`javascript:`),
 * paths starting `//` or `/\` (also percent-encoded, also after normalisation), control characters,
 * white space. `origin` is the app's own origin (config.baseUrl).
 */
export function sameOriginPath(input: unknown, origin: string): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LENGTH) return null;
  if (!input.startsWith('/') || UNSAFE_START.test(input) || UNSAFE_CHAR.test(input)) return null;
  // Encoded forms (`/%2F%2Fevil`, `/%09/evil`, `/%5Cevil`): harmless for a browser, but a proxy or a
  // later decode could make them a network path, so they are refused too.
  let decoded = input;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
    decoded = decoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (UNSAFE_START.test(decoded) || hasAsciiControlOrBackslash(decoded.split(/[?#]/)[0])) return null;
  }
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(input, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !UNSAFE_START.test(path) ? path : null;
}

/** `sameOriginPath(input, origin)` or the fallback (a fixed path of this site). */
export const safeRedirect = (input: unknown, origin: string, fallback: string): string =>
  sameOriginPath(input, origin) ?? fallback;

/**
 * The path of a Referer header when it names a page of this site (the host of the request), for
 * "back to where you were" redirects; null for another site or a header that is not a URL.
 */
export function refererPath(referer: string | undefined, requestUrl: string): string | null {
  if (!referer) return null;
  let ref: URL;
  let own: URL;
  try {
    ref = new URL(referer);
    own = new URL(requestUrl);
  } catch {
    return null;
  }
  if (ref.host !== own.host) return null;
  return sameOriginPath(ref.pathname, own.origin);
}
