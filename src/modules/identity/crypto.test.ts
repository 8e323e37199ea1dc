/**
 * Password hashes: the real cost (scrypt N=2^15) is what new hashes get outside the test runner's
 * cheaper setting, and a check reads the cost stored with each hash, so hashes of either cost verify.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, setPasswordCostForTest, verifyPassword } from './crypto.ts';

afterAll(() => setPasswordCostForTest(1024));

describe('password hashes', () => {
  it('uses N=2^15, r=8, p=1 unless the test runner asks for less, and checks either', async () => {
    setPasswordCostForTest(null);
    const real = await hashPassword('Kiezgarten 2026');
    expect(real).toMatch(/^scrypt\$32768\$8\$1\$/);
    setPasswordCostForTest(1024);
    const cheap = await hashPassword('Kiezgarten 2026');
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    for (const stored of [real, cheap]) {
      expect(await verifyPassword('Kiezgarten 2026', stored)).toBe(true);
      expect(await verifyPassword('Kiezgarten 2027', stored)).toBe(false);
    }
  });
});
