import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/quartier.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'quartier-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real command in a child process on its own embedded database. */
function quartier(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // A clean environment: the test runner sets variables (BASE_URL, DATABASE_URL …) the app would read.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: tmpdir(),
    DATA_DIR: dataDir,
    SEED_DEMO: '0',
    LOG_LEVEL: 'warn',
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('quartier command line', () => {
  it('prints help for the program and for subcommands', async () => {
    const main = await quartier('--help');
    expect(main.code).toBe(0);
    for (const cmd of ['serve', 'worker', 'backup', 'restore', 'tenant']) expect(main.stdout).toContain(cmd);
    const create = await quartier('tenant', 'create', '--help');
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('--slug <slug>');
    const restore = await quartier('restore', '--help');
    expect(restore.stdout).toContain('--replace');
  }, 60_000);

  it('creates a tenant, refuses the same slug again with one clear line, and lists it', async () => {
    const first = await quartier('tenant', 'create', '--slug', 'wedding', '--name', 'Wedding');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Tenant "wedding" (Wedding) created');

    const again = await quartier('tenant', 'create', '--slug', 'wedding', '--name', 'Wedding 2');
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual(['Error: Tenant "wedding" already exists']);

    const bad = await quartier('tenant', 'create', '--slug', 'Nicht gut', '--name', 'Gut');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'Error: slug: Only lower-case letters, digits and hyphens, 2 to 40 characters.',
    );

    const list = await quartier('tenant', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/wedding\s+Wedding/);
  }, 120_000);
});
