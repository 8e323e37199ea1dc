import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_DIR, migrate, openDatabase } from '../platform/db/index.ts';

/** Where migrated PGlite templates are kept between runs (ignored by git, removed by `npm ci`). */
const CACHE_DIR = join(process.cwd(), 'node_modules', '.cache', 'quartier-test');

/** A hash of everything the template depends on: every migration file and the PGlite version. */
function templateKey(): string {
  const h = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(MIGRATIONS_DIR);
  for (const f of files.sort()) h.update(f.slice(MIGRATIONS_DIR.length)).update(readFileSync(f));
  const pglite = JSON.parse(
    readFileSync(join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  h.update(pglite.version);
  return h.digest('hex').slice(0, 16);
}

/**
 * Runs once per test run and provides a migrated PGlite database as a template that every test file
 * loads (a fresh PGlite plus migrations costs seconds; loading the dump well under one). The template
 * is cached under node_modules/.cache by a hash of the migrations, so a run after the first (and a
 * run of pure tests) does not build it again. With TEST_DATABASE_URL, also migrates a template
 * database on the PostgreSQL server.
 */
export default async function setup(project: TestProject) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const key = templateKey();
  const file = join(CACHE_DIR, `pglite-${key}.tar`);
  if (!existsSync(file)) {
    const database = await openDatabase({});
    await migrate(database);
    const dump = await database.pglite!.dumpDataDir('none');
    // Written under a temporary name and renamed, so a run that stops half-way leaves no broken cache.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    renameSync(tmp, file);
    // Old templates go, but only after a day: a run started a moment ago (another checkout's branch,
    // or a run beside this one with other migrations) may still be loading its own.
    const dayAgo = Date.now() - 24 * 3600_000;
    for (const old of readdirSync(CACHE_DIR)) {
      const path = join(CACHE_DIR, old);
      if (old.startsWith('pglite-') && old !== `pglite-${key}.tar` && old.endsWith('.tar')) {
        if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY) < dayAgo)
          rmSync(path, { force: true });
      }
    }
  }
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
