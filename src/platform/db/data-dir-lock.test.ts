import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts';
import { openDatabase } from './engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'quartier-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
});

const holderFile = (name: string, holder: object) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(holder));
  return file;
};

describe('one process per embedded data folder', () => {
  it('refuses a second holder in the same process and names the first; free again after release', () => {
    const file = join(dir, 'same.lock');
    const first = lockDataDir(file, { purpose: 'server', baseUrl: 'https://quartier.example.org' });
    let err: unknown;
    try {
      lockDataDir(file, { purpose: 'user login-link' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirInUseError);
    const message = (err as Error).message;
    expect(message).toContain('in use by a running Quartier server');
    expect(message).toContain(`process ${process.pid}`);
    expect(message).toContain('Stop the server (Ctrl+C) and run the command again');
    expect(message).toContain('https://quartier.example.org/login/magic');
    first.release();
    expect(existsSync(file)).toBe(false);
    lockDataDir(file, { purpose: 'user login-link' }).release();
  });

  it('refuses while another process that holds the lock runs, and takes over once it is gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(child);
    const file = holderFile('other.lock', {
      pid: child.pid,
      host: hostname(),
      purpose: 'server',
      startedAt: new Date().toISOString(),
      baseUrl: 'http://localhost:3000',
    });
    expect(() => lockDataDir(file, { purpose: 'backup' })).toThrow(
      /in use by a running Quartier server \(process \d+, since .*\)[\s\S]*staff screens of http:\/\/localhost:3000/,
    );
    expect(() => lockDataDir(file, { purpose: 'server' })).toThrow(/give this one its own DATA_DIR/);

    await new Promise((done) => {
      child.once('exit', done);
      child.kill();
    });
    const lock = lockDataDir(file, { purpose: 'backup' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'backup' });
    lock.release();
  });

  it('on a folder shared with another host, counts that host’s lock only while its heartbeat is fresh', () => {
    const file = holderFile('foreign.lock', {
      pid: 4242,
      host: `${hostname()}-elsewhere`,
      purpose: 'server',
      startedAt: new Date().toISOString(),
    });
    expect(() => lockDataDir(file, { purpose: 'migrate' })).toThrow(/process 4242 on .*-elsewhere/);
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(file, old, old);
    lockDataDir(file, { purpose: 'migrate' }).release();
  });

  it('openDatabase holds the folder until it is closed', async () => {
    const pgdata = join(dir, 'pgdata');
    const first = await openDatabase({ dataDir: pgdata, lock: { purpose: 'server' } });
    await expect(openDatabase({ dataDir: pgdata, lock: { purpose: 'user login-link' } })).rejects.toThrow(
      DataDirInUseError,
    );
    // The refused open did not disturb the first one.
    expect((await first.executor.executeSql('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await first.close();
    expect(existsSync(`${pgdata}.lock`)).toBe(false);
    const again = await openDatabase({ dataDir: pgdata, lock: { purpose: 'user login-link' } });
    await again.close();
  }, 60_000);
});
