import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSealed, keyFileOf, SecretKeyError, seal, sealingKey, unseal } from './sealed.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'quartier-sealed-'));
const problem = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return 'no error';
};

describe('sealed secrets', () => {
  it('seals with AES-256-GCM: the stored value is not the secret, differs each time, and opens again', () => {
    const key = sealingKey({ secretKey: 'k'.repeat(40), dataDir: dir() })!;
    const a = seal(key, 'client-secret-123');
    const b = seal(key, 'client-secret-123');
    expect(a).not.toContain('client-secret-123');
    expect(a).not.toBe(b);
    expect(isSealed(a)).toBe(true);
    expect(unseal(key, a)).toEqual({ value: 'client-secret-123', legacy: false });
  });

  it('reads a value stored before sealing as legacy plain text', () => {
    expect(unseal(null, 'old-plain-secret')).toEqual({ value: 'old-plain-secret', legacy: true });
  });

  it('a wrong key, no key or a damaged value is a clear error, never the secret', () => {
    const sealed = seal(sealingKey({ secretKey: 'a'.repeat(40), dataDir: dir() }), 'geheim');
    const other = sealingKey({ secretKey: 'b'.repeat(40), dataDir: dir() });
    const wrong = problem(() => unseal(other, sealed));
    expect(wrong).toBeInstanceOf(SecretKeyError);
    expect((wrong as SecretKeyError).problem).toBe('wrong_key');
    expect((wrong as Error).message).toMatch(/SECRET_KEY .*differs.*enter the secret again/);
    expect((problem(() => unseal(null, sealed)) as SecretKeyError).problem).toBe('missing');
    expect((problem(() => unseal(other, 'v1:abc')) as SecretKeyError).problem).toBe('damaged');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(
      (
        problem(() =>
          unseal(sealingKey({ secretKey: 'a'.repeat(40), dataDir: dir() }), tampered),
        ) as SecretKeyError
      ).problem,
    ).toBe('wrong_key');
  });

  it('without SECRET_KEY the embedded engine makes a key file (0600) and keeps using it; PostgreSQL has no key', () => {
    const d = dir();
    const key = sealingKey({ dataDir: d })!;
    expect(key).toHaveLength(32);
    expect(statSync(keyFileOf(d)).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFileOf(d), 'utf8').trim()).toBe(key.toString('hex'));
    expect(sealingKey({ dataDir: d })!.equals(key)).toBe(true);
    expect(sealingKey({ dataDir: dir(), databaseUrl: 'postgres://db/quartier' })).toBeNull();
    const refused = problem(() => seal(null, 'x'));
    expect(refused).toBeInstanceOf(SecretKeyError);
    expect((refused as Error).message).toContain('SECRET_KEY');
    // SECRET_KEY wins over the file, on either engine.
    expect(
      sealingKey({ secretKey: 'z'.repeat(40), dataDir: d, databaseUrl: 'postgres://db/q' })!.equals(key),
    ).toBe(false);
    const damaged = dir();
    writeFileSync(keyFileOf(damaged), 'nonsense');
    expect((problem(() => sealingKey({ dataDir: damaged })) as SecretKeyError).problem).toBe('damaged');
  });
});

describe('SECRET_KEY setting', () => {
  it('is checked at start: too short or with spaces stops with a message naming it', async () => {
    const { loadConfig, ConfigError } = await import('../config.ts');
    expect(loadConfig({ SECRET_KEY: 'f'.repeat(64) }).secretKey).toBe('f'.repeat(64));
    expect(loadConfig({}).secretKey).toBeUndefined();
    for (const bad of ['short', `${'x'.repeat(20)} ${'y'.repeat(20)}`]) {
      const err = problem(() => loadConfig({ SECRET_KEY: bad }));
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('SECRET_KEY');
    }
  });
});
