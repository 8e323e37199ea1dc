import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;

// scrypt parameters (N=2^15, r=8, p=1): OWASP's recommended minimum; stored with the hash so they can grow.
const N_DEFAULT = 32768;
let N = N_DEFAULT;
const R = 8;
const P = 1;
const KEYLEN = 32;

/**
 * A cheaper cost for new hashes, for the test runner only (refused elsewhere): the suite creates and
 * checks hundreds of passwords, and each full-cost hash takes 100–200 ms of a core. Checking reads
 * the cost stored with each hash, so the same code path runs; `null` restores the real cost.
 */
export function setPasswordCostForTest(n: number | null): void {
  if (!process.env.VITEST) throw new Error('setPasswordCostForTest is for the test runner only');
  N = n ?? N_DEFAULT;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, {
    N,
    r: R,
    p: P,
    maxmem: 64 * 1024 * 1024,
  });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so unknown accounts can't be told apart by timing.
    await hashPassword(password);
    return false;
  }
  const [algo, n, r, p, salt, hash] = stored.split('$');
  if (algo !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

export const newToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');
