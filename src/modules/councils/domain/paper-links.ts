/**
 * Private links to a meeting's papers for members without an account (BODY-1). Stateless: nothing is
 * stored; the token carries the member, the meeting and the expiry, signed with HMAC-SHA-256 over
 * these and the tenant under a key derived from the installation's secret key (SECRET_KEY or
 * DATA_DIR/secret.key, `platform/secrets/sealed.ts`). Whether the member still belongs to the body
 * is checked at every use (`use-cases/papers.ts`), so a resignation ends the link without a table.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long after the meeting's day a link opens the papers. */
export const PAPER_LINK_DAYS = 30;

export interface PaperLinkClaims {
  tenantId: string;
  meetingId: string;
  memberId: string;
  /** Seconds since 1970 after which the link no longer opens. */
  expiresAt: number;
}

// Its own key, so a signature made here means nothing to any other use of the secret key.
const linkKey = (key: Buffer) => createHmac('sha256', key).update('councils.paper-link.v1').digest();

const signatureOf = (key: Buffer, c: PaperLinkClaims) =>
  createHmac('sha256', linkKey(key))
    .update([c.tenantId, c.meetingId, c.memberId, String(c.expiresAt)].join('\n'))
    .digest();

/** `<member>.<meeting>.<expiry, base 36>.<signature, base64url>`; the tenant is in the address. */
export function signPaperLink(key: Buffer, c: PaperLinkClaims): string {
  return [c.memberId, c.meetingId, c.expiresAt.toString(36), signatureOf(key, c).toString('base64url')].join(
    '.',
  );
}

/**
 * The claims of a token for this tenant, or null when it is malformed, signed for something else
 * (another tenant, meeting, member or expiry) or expired. The signature is compared in constant time.
 */
export function verifyPaperLink(
  key: Buffer,
  tenantId: string,
  token: string,
  now: Date = new Date(),
): PaperLinkClaims | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [memberId, meetingId, expiry, signature] = parts;
  if (!memberId || !meetingId || !/^[0-9a-z]{1,10}$/.test(expiry) || !/^[\w-]{43}$/.test(signature))
    return null;
  const claims = { tenantId, meetingId, memberId, expiresAt: Number.parseInt(expiry, 36) };
  const given = Buffer.from(signature, 'base64url');
  // One spelling per signature (base64url decoding ignores the last character's spare bits).
  if (given.toString('base64url') !== signature) return null;
  const wanted = signatureOf(key, claims);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return null;
  if (claims.expiresAt * 1000 <= now.getTime()) return null;
  return claims;
}
