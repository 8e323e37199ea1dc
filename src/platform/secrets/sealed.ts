/**
 * Secrets the server must be able to read again (an OpenID Connect client secret), sealed at rest with
 * AES-256-GCM under a key that is NOT in the database: a stolen database dump or backup alone does
 * not give them away.
 *
 * The key comes from `SECRET_KEY` (at least 32 characters, e.g. `openssl rand -hex 32`; every
 * instance of an installation needs the same), else — on the embedded engine only — from the file
 * `DATA_DIR/secret.key`, made with 32 random bytes and mode 0600 on first use. On PostgreSQL without
 * `SECRET_KEY` there is no key (several instances could not share a file): sealing is refused with
 * a message that names the setting.
 *
 * A sealed value reads `v1:` + base64url(12-byte IV ‖ 16-byte tag ‖ ciphertext). Anything else is a
 * value stored before sealing existed (legacy plain text): it is read as it is and the caller seals
 * it on the next occasion.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PREFIX = 'v1:';

export interface SecretKeySettings {
  secretKey?: string;
  dataDir: string;
  databaseUrl?: string;
}

export type SecretKeyProblem = 'missing' | 'wrong_key' | 'damaged';

export class SecretKeyError extends Error {
  constructor(
    public readonly problem: SecretKeyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** The file that holds the embedded engine's key when SECRET_KEY is not set. */
export const keyFileOf = (dataDir: string) => join(dataDir, 'secret.key');

const keys = new Map<string, Buffer | null>();

/**
 * The sealing key of this installation, or null when there is none (PostgreSQL without SECRET_KEY).
 * The key file of the embedded engine is made on first use (0600) and read once per process.
 */
export function sealingKey(s: SecretKeySettings): Buffer | null {
  if (s.secretKey) return createHash('sha256').update(s.secretKey, 'utf8').digest();
  if (s.databaseUrl) return null;
  const file = keyFileOf(s.dataDir);
  const known = keys.get(file);
  if (known !== undefined) return known;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      // 'wx': a second process starting at the same moment keeps the first one's key.
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new SecretKeyError(
      'damaged',
      `The key file ${file} is damaged: it must hold 64 hexadecimal digits.`,
    );
  const key = Buffer.from(hex, 'hex');
  keys.set(file, key);
  return key;
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** Seals a secret; refuses without a key (the message names SECRET_KEY). */
export function seal(key: Buffer | null, plain: string): string {
  if (!key)
    throw new SecretKeyError(
      'missing',
      'No key to seal secrets with: set SECRET_KEY (at least 32 characters, the same on every instance) when the database is PostgreSQL.',
    );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * Opens a stored secret. A legacy plain value comes back as it is (`legacy: true`). A sealed value
 * that this key cannot open — another SECRET_KEY or key file than the one it was sealed with, e.g.
 * after a restore on another server — is a SecretKeyError that says so.
 */
export function unseal(key: Buffer | null, stored: string): { value: string; legacy: boolean } {
  if (!isSealed(stored)) return { value: stored, legacy: true };
  if (!key)
    throw new SecretKeyError(
      'missing',
      'This secret was sealed with a key this server does not have: set the SECRET_KEY it was sealed with, or enter the secret again.',
    );
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < 29) throw new SecretKeyError('damaged', 'The stored secret is damaged: enter it again.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return {
      value: Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'),
      legacy: false,
    };
  } catch {
    throw new SecretKeyError(
      'wrong_key',
      'The stored secret cannot be opened with this server’s key (SECRET_KEY or DATA_DIR/secret.key differs from the one it was sealed with, e.g. after a restore on another server): set that key again, or enter the secret again.',
    );
  }
}

/** The installation's settings for its key, set once when the services start (createServices). */
let installation: SecretKeySettings | undefined;

export function setSealingSettings(s: SecretKeySettings): void {
  installation = { secretKey: s.secretKey, dataDir: s.dataDir, databaseUrl: s.databaseUrl };
}

/** The installation's sealing key (see sealingKey); null before the services started or without one. */
export function installationKey(): Buffer | null {
  return installation ? sealingKey(installation) : null;
}
