/**
 * The Citus layout (docs/operations.md, src/platform/db/citus.ts) stays true: every table of the
 * migrated database is classified as distributed, reference or local, nothing classified is gone,
 * the schema keeps what Citus needs for that placement, and the documentation shows the same list.
 * Runs on both engines: the catalog queries are plain PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Catalog,
  CITUS_LAYOUT,
  checkLayout,
  citusLayoutMarkdown,
  citusSql,
  readCatalog,
} from '../src/platform/db/citus.ts';
import type { Database } from '../src/platform/db/index.ts';
import { openTestDatabase } from '../src/test/kit.ts';

let database: Database;
let catalog: Catalog;
beforeAll(async () => {
  database = await openTestDatabase();
  catalog = await readCatalog(database.db);
});
afterAll(() => database.close());

describe('Citus layout', () => {
  it('classifies every table of the migrated database, names no table that is gone, and the schema keeps the rules', () => {
    expect(catalog.tables.length).toBeGreaterThanOrEqual(40);
    expect(catalog.schemas).toContain('drizzle');
    expect(checkLayout(catalog)).toEqual([]);
    const count = (p: string) => Object.values(CITUS_LAYOUT).filter((l) => l.placement === p).length;
    expect(count('distributed') + count('reference') + count('local')).toBe(catalog.tables.length);
  });

  it('docs/operations.md lists the same layout as src/platform/db/citus.ts', () => {
    const doc = readFileSync(fileURLToPath(new URL('../docs/operations.md', import.meta.url)), 'utf8');
    const m = /<!-- citus-layout:begin[^>]*-->\n([\s\S]*?)\n<!-- citus-layout:end -->/.exec(doc);
    expect(m, 'citus-layout markers in docs/operations.md').not.toBeNull();
    expect(m![1]).toBe(citusLayoutMarkdown());
  });

  it('the check finds a new table, a vanished one, a new schema, keys without tenant_id and foreign keys Citus refuses', async () => {
    const rollback = new Error('rollback');
    let problems: string[] = [];
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`create table citus_probe_new (id uuid primary key)`);
        await tx.execute(sql`create schema citus_probe_schema`);
        await tx.execute(
          sql`create table citus_probe_a (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id), constraint citus_probe_a_id unique (id))`,
        );
        await tx.execute(
          sql`create table citus_probe_b (id uuid primary key, tenant_id uuid, a_id uuid, constraint citus_probe_b_a foreign key (a_id) references citus_probe_a (id))`,
        );
        await tx.execute(
          sql`create table citus_probe_ref (id uuid primary key, t uuid, a uuid, constraint citus_probe_ref_a foreign key (t, a) references citus_probe_a (tenant_id, id))`,
        );
        problems = checkLayout(await readCatalog(tx), {
          ...CITUS_LAYOUT,
          citus_probe_a: { placement: 'distributed', reason: '' },
          citus_probe_b: { placement: 'distributed', reason: '' },
          citus_probe_ref: { placement: 'reference', reason: '' },
          citus_probe_gone: { placement: 'distributed', reason: '' },
        });
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
    expect(problems.sort()).toEqual(
      [
        'citus_probe_new: not classified — add it to CITUS_LAYOUT in src/platform/db/citus.ts (distributed, reference or local) and to docs/operations.md',
        'citus_probe_gone: classified in CITUS_LAYOUT but no such table',
        'schema citus_probe_schema: not placed — add it to CITUS_SCHEMAS in src/platform/db/citus.ts',
        'citus_probe_b: distributed but tenant_id may be null',
        'citus_probe_b: primary key (id) does not start with tenant_id',
        'citus_probe_a.citus_probe_a_id: unique key (id) without tenant_id',
        'citus_probe_b.citus_probe_b_a → citus_probe_a: foreign key between distributed tables must pair tenant_id with tenant_id',
        'citus_probe_ref.citus_probe_ref_a → citus_probe_a: a reference table cannot reference a distributed table',
      ].sort(),
    );
    // Rolled back: the real schema is as before.
    expect(checkLayout(await readCatalog(database.db))).toEqual([]);
  });

  it('the SQL places reference tables first, then distributed tables after the ones they reference, then local ones', () => {
    const text = citusSql(catalog);
    const lines = text.split('\n').filter((l) => l.startsWith('SELECT'));
    const table = (l: string) => /\('([a-z_0-9]+)'/.exec(l)![1];
    expect(lines.map(table).sort()).toEqual(catalog.tables.map((t) => t.name).sort());
    const at = new Map(lines.map((l, i) => [table(l), i]));
    for (const l of lines) {
      const placement = CITUS_LAYOUT[table(l)].placement;
      const fn = {
        reference: 'create_reference_table',
        distributed: 'create_distributed_table',
        local: 'citus_add_local_table_to_metadata',
      }[placement];
      expect(l.startsWith(`SELECT ${fn}(`), l).toBe(true);
    }
    const last = (p: string) =>
      Math.max(...lines.filter((l) => CITUS_LAYOUT[table(l)].placement === p).map((l) => at.get(table(l))!));
    const first = (p: string) =>
      Math.min(...lines.filter((l) => CITUS_LAYOUT[table(l)].placement === p).map((l) => at.get(table(l))!));
    expect(last('reference')).toBeLessThan(first('distributed'));
    expect(last('distributed')).toBeLessThan(first('local'));
    for (const c of catalog.constraints)
      if (c.kind === 'foreign' && c.references && c.references.table !== c.table)
        expect(at.get(c.references.table)!, `${c.table} after ${c.references.table}`).toBeLessThan(
          at.get(c.table)!,
        );
    expect(lines.filter((l) => l.includes("'tenant_id'"))).toHaveLength(
      Object.values(CITUS_LAYOUT).filter((l) => l.placement === 'distributed').length,
    );
  });
});
