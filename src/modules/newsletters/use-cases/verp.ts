// Per-recipient bounce addresses (VERP) and the other marks a newsletter mail carries, so a bounce
// that comes back later names the subscriber without the e-mail address in it.

/** The configured bounce address, split: `bounces@example.org` → local `bounces`, domain `example.org`. */
export interface BounceAddress {
  local: string;
  domain: string;
}

/** A subscriber's bounce key: 32 lower-case hex digits (survives mail servers that lower-case addresses). */
export const BOUNCE_KEY = /^[0-9a-f]{32}$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Parses NEWSLETTER_BOUNCE_ADDRESS. Returns null when unset (mail keeps the usual envelope sender);
 * throws on a value that cannot take a `+key` extension.
 */
export function parseBounceAddress(value: string | undefined | null): BounceAddress | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  const m =
    /^([A-Za-z0-9._-]{1,20})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/.exec(
      v,
    );
  if (!m)
    throw new Error(
      `Invalid setting NEWSLETTER_BOUNCE_ADDRESS: "${v}" is not a plain address like bounces@example.org (letters, digits, . _ - before the @, at most 20; no +)`,
    );
  return { local: m[1].toLowerCase(), domain: m[2].toLowerCase() };
}

/** NEWSLETTER_BOUNCE_ADDRESS from the environment (null when unset). */
export const bounceAddressFromEnv = (env: NodeJS.ProcessEnv = process.env) =>
  parseBounceAddress(env.NEWSLETTER_BOUNCE_ADDRESS);

/** The envelope sender for one subscriber: `bounces+<key>@example.org`. */
export const verpAddress = (b: BounceAddress, key: string): string => `${b.local}+${key}@${b.domain}`;

/** Bounce keys in VERP addresses anywhere in a text (`anything+<key>@domain`). */
export function verpKeysIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z0-9._=-]\+([0-9A-Fa-f]{32})@[A-Za-z0-9.-]+/g))
    out.add(m[1].toLowerCase());
  return [...out];
}

/** Value of the `X-Quartier-Newsletter` header: the issue and the subscriber's bounce key. */
export const newsletterHeader = (issueId: string, key: string): string => `issue=${issueId}; key=${key}`;

/** The DSN envelope id (RFC 3461 ENVID, at most 100 characters): issue and bounce key. */
export const dsnEnvelopeId = (issueId: string, key: string): string => `${issueId}.${key}`;

/** What the marks of our own mails found in a bounce say. */
export interface MailMarks {
  /** Bounce keys (from the header, the DSN envelope id or a VERP address). */
  keys: string[];
  /** Issues named by the header, the envelope id or the Message-ID. */
  issueIds: string[];
  /** Issue and subscriber from our Message-ID `nl-<issue>-<subscriber>@host`. */
  messageRefs: { issueId: string; subscriberId: string }[];
}

/** Reads the marks of a newsletter mail (header, envelope id, Message-ID) from any text. */
export function marksIn(text: string): MailMarks {
  const keys = new Set<string>();
  const issueIds = new Set<string>();
  const messageRefs = new Map<string, { issueId: string; subscriberId: string }>();
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(new RegExp(`issue=(${UUID});\\s*key=([0-9a-f]{32})`, 'g'))) {
    issueIds.add(m[1]);
    keys.add(m[2]);
  }
  for (const m of lower.matchAll(new RegExp(`(?:^|[\\s;:<])(${UUID})\\.([0-9a-f]{32})(?![0-9a-f])`, 'gm'))) {
    issueIds.add(m[1]);
    keys.add(m[2]);
  }
  for (const m of lower.matchAll(new RegExp(`<?nl-(${UUID})-(${UUID})@`, 'g'))) {
    issueIds.add(m[1]);
    messageRefs.set(`${m[1]}/${m[2]}`, { issueId: m[1], subscriberId: m[2] });
  }
  for (const k of verpKeysIn(text)) keys.add(k);
  return { keys: [...keys], issueIds: [...issueIds], messageRefs: [...messageRefs.values()] };
}
