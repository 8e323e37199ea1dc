/**
 * A module's public surface is functions and types, never its tables: another module that wrote a
 * query against them would bypass the owner's rules (docs/ARCHITECTURE.md, "Modules by domain").
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';

const MODULES_DIR = fileURLToPath(new URL('../src/modules/', import.meta.url));
const MODULES = readdirSync(MODULES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('module surface', () => {
  it('knows the modules', () => {
    expect(MODULES).toEqual(expect.arrayContaining(['access', 'identity', 'events', 'houses']));
  });

  it.each(MODULES)('%s/index.ts exports no table', async (name) => {
    const surface: Record<string, unknown> = await import(`../src/modules/${name}/index.ts`);
    const tables = Object.entries(surface)
      .filter(([, v]) => is(v, PgTable))
      .map(([k]) => k);
    expect(tables).toEqual([]);
  });
});
