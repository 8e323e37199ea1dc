/**
 * A new embedded database comes from the migrated template: the services open a new data folder with
 * every migration already applied (no migration runs), say so while they start, and a folder that
 * already holds a database is opened as it is.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../server.ts';
import { testConfig } from '../../test/kit.ts';
import { appliedMigration, MIGRATIONS_DIR, openDatabase } from './engine.ts';
import { ensureTemplate, isNewDataDir, readTemplate, templateFile, templateKey } from './template.ts';

const dir = mkdtempSync(join(tmpdir(), 'quartier-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const latest = () =>
  (
    JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] }
  ).entries.at(-1)!.tag;

describe('the migrated template of the embedded database', () => {
  it('is keyed by the migrations and holds all of them', async () => {
    const file = await ensureTemplate();
    expect(file).toBe(templateFile());
    expect(file).toContain(templateKey());
    const database = await openDatabase({ loadDataDir: readTemplate() });
    try {
      // Nothing migrated here: the template alone is at the newest migration.
      expect(await appliedMigration(database)).toBe(latest());
    } finally {
      await database.close();
    }
  });

  it('fills a new data folder when the services start, and says so', async () => {
    await ensureTemplate();
    const dataDir = join(dir, 'first-start');
    expect(isNewDataDir(`${dataDir}/pgdata`)).toBe(true);
    const said: string[] = [];
    const services = await createServices(testConfig({ dataDir, databaseUrl: undefined }), {
      progress: (m) => said.push(m),
    });
    try {
      expect(said).toEqual([
        `Creating the embedded database in ${dataDir}/pgdata from the migrated template …`,
      ]);
      expect(await appliedMigration(services.database)).toBe(latest());
    } finally {
      await services.database.close();
      services.mailer.close();
    }
    expect(isNewDataDir(`${dataDir}/pgdata`)).toBe(false);

    // The second start opens the folder as it is, without a word about creating it.
    const again: string[] = [];
    const second = await createServices(testConfig({ dataDir, databaseUrl: undefined }), {
      progress: (m) => again.push(m),
    });
    await second.database.close();
    second.mailer.close();
    expect(again).toEqual([]);
  });

  it('counts an empty folder as new and one with a file in it as not', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(isNewDataDir(empty)).toBe(true);
    writeFileSync(join(empty, 'PG_VERSION'), '17');
    expect(isNewDataDir(empty)).toBe(false);
    expect(isNewDataDir(join(dir, 'missing'))).toBe(true);
  });
});
