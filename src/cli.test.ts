import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/quartier.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'quartier-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// A clean environment: the test runner sets variables (BASE_URL, DATABASE_URL …) the app would read.
const cleanEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TMPDIR: tmpdir(),
  DATA_DIR: dataDir,
  SEED_DEMO: '0',
  LOG_LEVEL: 'warn',
});

/** Runs the real command in a child process on its own embedded database. */
function quartier(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = cleanEnv();
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

  it('refuses to open the embedded database while the server runs on it, with what to do instead', async () => {
    const baseUrl = 'http://127.0.0.1:3999';
    const server = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...cleanEnv(), HOST: '127.0.0.1', PORT: '0', BASE_URL: baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (d) => {
      output += d;
    });
    server.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((done) => server.once('exit', done));
    try {
      for (let i = 0; i < 600 && !output.includes('listening at'); i++) {
        if (server.exitCode !== null) throw new Error(`serve ended early:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain('listening at');

      // Before the lock, this printed a link the server had never heard of.
      const link = await quartier('user', 'login-link', '--email', 'admin@example.org');
      expect(link.code).toBe(1);
      expect(link.stdout).toBe('');
      expect(link.stderr).toContain('is in use by a running Quartier server');
      expect(link.stderr).toContain('Stop the server (Ctrl+C) and run the command again');
      expect(link.stderr).toContain(`${baseUrl}/login/magic`);

      const list = await quartier('tenant', 'list');
      expect(list.code).toBe(1);
      expect(list.stderr).toContain('is in use by a running Quartier server');
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    // Stopped cleanly, the server leaves the folder free.
    const after = await quartier('tenant', 'list');
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/wedding\s+Wedding/);
  }, 180_000);
});
