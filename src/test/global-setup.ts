import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../platform/db/index.ts';
import { ensureTemplate } from '../platform/db/template.ts';

/**
 * Runs once per test run and provides a migrated PGlite database as a template that every test file
 * loads (a fresh PGlite plus migrations costs seconds; loading the dump well under one). It is the
 * app's own template (src/platform/db/template.ts), kept under node_modules/.cache by a hash of the
 * migrations: `npm ci` makes it, and a run after the first does not build it again. With
 * TEST_DATABASE_URL, also migrates a template database on the PostgreSQL server.
 */
export default async function setup(project: TestProject) {
  const file = await ensureTemplate();
  project.provide('pgliteTemplate', file);

  // This run's PGlite data folders (the template unpacked, one shared database per worker, private
  // copies), in memory where the machine has a tmpfs; named by this process, so runs beside this one
  // keep theirs, and removed when the run ends.
  const shm = '/dev/shm';
  const base = existsSync(shm) && statSync(shm).isDirectory() ? shm : tmpdir();
  removeAbandonedRunDirs(base);
  const runDir = join(base, `quartier-test-${process.pid}`);
  project.provide('testRunDir', runDir);

  // The browser tests' seeded demo of this run (e2e/harness.ts), removed when the run ends.
  const dropDemoDump = () => {
    rmSync(join(tmpdir(), `quartier-e2e-demo-${process.pid}.tar`), { force: true });
    rmSync(runDir, { recursive: true, force: true });
  };
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const template = `quartier_tpl_${process.pid}`;
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const tplUrl = withDatabase(url, template);
    const tdb = await openDatabase({ databaseUrl: tplUrl, poolSize: 1 });
    await migrate(tdb);
    await tdb.close();
    project.provide('pgTemplate', template);
    // The workers' shared databases (src/test/kit.ts, openWorkerDatabase): this prefix plus the pool id.
    const workerPrefix = `quartier_w_${process.pid}_`;
    project.provide('pgWorkerPrefix', workerPrefix);
    return async () => {
      dropDemoDump();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const workers = await c.query<{ datname: string }>(
        "select datname from pg_database where datname like $1 || '%'",
        [workerPrefix],
      );
      for (const { datname } of workers.rows)
        await c.query(`drop database if exists ${datname} with (force)`);
      await c.query(`drop database if exists ${template}`);
      await c.end();
    };
  }
  project.provide('pgTemplate', '');
  project.provide('pgWorkerPrefix', '');
  return dropDemoDump;
}

/**
 * Data folders of runs that ended without their teardown (killed): only those whose process is gone
 * and that were last touched a day ago, so a run still going (this checkout's or another's) keeps its own.
 */
function removeAbandonedRunDirs(base: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(base)) {
    const m = /^quartier-test-(\d+)$/.exec(name);
    if (!m) continue;
    const path = join(base, name);
    if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY) >= dayAgo) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
    testRunDir: string;
    pgWorkerPrefix: string;
  }
}
