import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../platform/db/index.ts';

/**
 * Runs once per test run: migrates one PGlite database and saves it as a template every test file
 * loads (a fresh PGlite plus migrations costs seconds; loading the dump well under one). With
 * TEST_DATABASE_URL, also migrates a template database on the PostgreSQL server.
 */
export default async function setup(project: TestProject) {
  const dir = join(tmpdir(), `quartier-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'template.tar');
  const database = await openDatabase({});
  await migrate(database);
  const dump = await database.pglite!.dumpDataDir('none');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);

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
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${template}`);
      await c.end();
    };
  }
  project.provide('pgTemplate', '');
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
  }
}
