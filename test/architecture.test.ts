/**
 * The boundary rules of docs/ARCHITECTURE.md, checked on the source text (no build needed):
 * module imports only through index.ts and without cycles, platform/ui independent of modules,
 * drivers and protocol libraries behind their one owner, and "tenant first" in every key of every
 * tenant-owned table of the migrations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CITUS_LAYOUT } from '../src/platform/db/citus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const MODULES_DIR = join(SRC, 'modules');

/**
 * Tables that are global by design (accounts, sign-in, mail queue, rate limits) — no tenant_id key:
 * the ones the Citus layout does not distribute by tenant (src/platform/db/citus.ts, one list for both).
 */
const GLOBAL_TABLES = new Set(
  Object.entries(CITUS_LAYOUT)
    .filter(([, l]) => l.placement !== 'distributed')
    .map(([name]) => name),
);

/** Packages only one place may import (the place is a folder below src/, or the test kit). */
const PACKAGE_OWNERS: { pkg: string; owners: string[] }[] = [
  { pkg: '@electric-sql/pglite', owners: ['platform/db', 'test'] },
  { pkg: 'pg', owners: ['platform/db', 'test'] },
  { pkg: 'pg-boss', owners: ['platform/jobs'] },
  { pkg: 'nodemailer', owners: ['platform/mail'] },
  { pkg: 'openid-client', owners: ['modules/identity'] },
  // One shared piece per concern (src/platform): recurrence and HTML sanitising have one home each.
  { pkg: 'rrule-temporal', owners: ['platform/calendar'] },
  { pkg: 'sanitize-html', owners: ['platform/richtext'] },
  // Every CSV export goes through one writer, which neutralises formula-like cells.
  { pkg: 'csv-stringify', owners: ['platform/csv'] },
];

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts)$/.test(e.name)) out.push(p);
  }
  return out;
}

const rel = (file: string) => relative(SRC, file).split(sep).join('/');

/** Import/export specifiers of a file: static, side-effect, re-export and dynamic `import('…')`. */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

interface Edge {
  from: string;
  /** Resolved path relative to src/ for relative specifiers; the bare package name otherwise. */
  to: string;
  spec: string;
  relative: boolean;
}

const FILES = walk(SRC);
const EDGES: Edge[] = FILES.flatMap((file) =>
  specifiers(readFileSync(file, 'utf8')).map((spec) => {
    const isRel = spec.startsWith('.');
    return { from: rel(file), to: isRel ? rel(resolve(dirname(file), spec)) : spec, spec, relative: isRel };
  }),
);

const moduleOf = (path: string): string | null => /^modules\/([^/]+)\//.exec(path)?.[1] ?? null;
const MODULE_NAMES = readdirSync(MODULES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('architecture: module boundaries', () => {
  it('scans the sources', () => {
    expect(FILES.length).toBeGreaterThan(20);
    expect(EDGES.filter((e) => e.relative).length).toBeGreaterThan(50);
    expect(MODULE_NAMES).toEqual(expect.arrayContaining(['tenancy', 'identity', 'access', 'areas']));
  });

  it('modules import other modules only through their index.ts', () => {
    const bad = EDGES.filter((e) => {
      const from = moduleOf(e.from);
      const to = moduleOf(e.to);
      return e.relative && from && to && from !== to && e.to !== `modules/${to}/index.ts`;
    }).map((e) => `${e.from} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('code outside the modules uses a module only through its index.ts (manifests via index too)', () => {
    // src/test is the test kit; *.test files may reach into their own module's internals anyway.
    const bad = EDGES.filter((e) => {
      const to = moduleOf(e.to);
      return (
        e.relative &&
        to &&
        !moduleOf(e.from) &&
        !e.from.startsWith('test/') &&
        e.to !== `modules/${to}/index.ts`
      );
    }).map((e) => `${e.from} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('has no import cycles between modules', () => {
    const graph = new Map<string, Set<string>>(MODULE_NAMES.map((m) => [m, new Set<string>()]));
    for (const e of EDGES) {
      const from = moduleOf(e.from);
      const to = moduleOf(e.to);
      // Test files are not part of the shipped graph.
      if (e.relative && from && to && from !== to && !/\.test\.tsx?$/.test(e.from)) graph.get(from)?.add(to);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (m: string) => {
      state.set(m, 'open');
      stack.push(m);
      for (const n of graph.get(m) ?? []) {
        if (state.get(n) === 'open') cycles.push([...stack.slice(stack.indexOf(n)), n].join(' → '));
        else if (!state.has(n)) visit(n);
      }
      stack.pop();
      state.set(m, 'done');
    };
    for (const m of graph.keys()) if (!state.has(m)) visit(m);
    console.log(
      `module graph: ${[...graph].map(([m, deps]) => `${m} → ${[...deps].sort().join(', ') || '∅'}`).join('; ')}`,
    );
    expect(cycles).toEqual([]);
  });

  it('platform and ui never import a module', () => {
    const bad = EDGES.filter(
      (e) => e.relative && /^(platform|ui)\//.test(e.from) && (moduleOf(e.to) || e.to === 'modules'),
    ).map((e) => `${e.from} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('database drivers, the job queue, mail, OIDC, recurrence, sanitising and CSV libraries are imported only by their owner', () => {
    const bad: string[] = [];
    for (const { pkg, owners } of PACKAGE_OWNERS) {
      for (const e of EDGES) {
        if (e.relative || (e.spec !== pkg && !e.spec.startsWith(`${pkg}/`))) continue;
        if (!owners.some((o) => e.from.startsWith(`${o}/`)))
          bad.push(`${e.from} imports ${e.spec} (only ${owners.join(', ')})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the server makes its own HTTP requests only through the guarded fetch (platform/http/outbound.ts)', () => {
    // No module calls the global fetch or opens an HTTP connection itself: every outbound request is
    // checked against internal addresses, after DNS and on every redirect (SECURITY.md).
    const bad = FILES.filter(
      (f) => !/\.test\.tsx?$/.test(f) && !/[/\\]test[/\\]/.test(f) && rel(f) !== 'platform/http/outbound.ts',
    )
      .filter((f) => {
        const code = readFileSync(f, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, '');
        return (
          /(^|[^.\w])fetch\s*\(/.test(code) ||
          specifiers(code).some((x) => ['node:http', 'node:https', 'http', 'https', 'undici'].includes(x))
        );
      })
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('CSV downloads are answered only by the platform writer (no module sets text/csv itself)', () => {
    const bad = FILES.filter((f) => !/\.test\.tsx?$/.test(f) && !rel(f).startsWith('platform/csv/'))
      .filter((f) => /['"`]text\/csv/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });
});

// ---- Module anatomy ---------------------------------------------------------------------------

const moduleFile = (m: string, f: string) => FILES.some((x) => rel(x) === `modules/${m}/${f}`);
const moduleText = (m: string, f: string) => readFileSync(join(MODULES_DIR, m, f), 'utf8');

describe('architecture: every module has the same anatomy (docs/ARCHITECTURE.md, "How to add a module")', () => {
  it('has index.ts, manifest.ts, policies.ts and a README; routes.ts where it mounts anything', () => {
    const missing: string[] = [];
    for (const m of MODULE_NAMES) {
      for (const f of ['index.ts', 'manifest.ts', 'policies.ts'])
        if (!moduleFile(m, f)) missing.push(`${m}/${f}`);
      if (!FILES.length || !readdirSync(join(MODULES_DIR, m)).includes('README.md'))
        missing.push(`${m}/README.md`);
      if (/\bmount\b/.test(moduleText(m, 'manifest.ts')) && !moduleFile(m, 'routes.ts'))
        missing.push(`${m}/routes.ts`);
    }
    expect(missing).toEqual([]);
  });

  it('a module with tenant-owned tables brings a test factory for the isolation walk', () => {
    const missing = MODULE_NAMES.filter((m) => {
      const schema = join(MODULES_DIR, m, 'db', 'schema.ts');
      const owned = FILES.includes(schema) && readFileSync(schema, 'utf8').includes('tenantIdColumn()');
      return (
        owned &&
        (!moduleFile(m, 'testing/factories.ts') || !moduleText(m, 'manifest.ts').includes('testFactory'))
      );
    });
    expect(missing).toEqual([]);
  });

  it('manifest, API, policies, queries, figures, domain rules and use cases never import the screens (ui/)', () => {
    const bad = EDGES.filter((e) => {
      const m = moduleOf(e.from);
      if (!m || !e.relative || !e.to.startsWith(`modules/${m}/ui/`)) return false;
      const inModule = e.from.slice(`modules/${m}/`.length);
      return /^(manifest|api|policies|queries|figures|presenters|links)\.ts$|^(use-cases|domain|db)\//.test(
        inModule,
      );
    }).map((e) => `${e.from} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('has no import cycles between files (imports that run; type-only imports are erased)', () => {
    const graph = new Map<string, string[]>();
    for (const file of FILES) {
      if (/\.test\.tsx?$/.test(file)) continue;
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      const runs = [...code.matchAll(/\b(?:import|export)\s+(?!type\s)[^'";]*?\sfrom\s*['"](\.[^'"]+)['"]/g)]
        .filter((m) => !/^(?:import|export)\s*\{\s*(?:type\s+[\w$]+\s*,?\s*)+\}/.test(m[0]))
        .map((m) => rel(resolve(dirname(file), m[1])));
      graph.set(rel(file), runs);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (n: string) => {
      state.set(n, 'open');
      stack.push(n);
      for (const next of graph.get(n) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(n, 'done');
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n);
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });
});

// ---- Migrations --------------------------------------------------------------------------------

interface Table {
  columns: string[];
  pk?: string[];
  /** Unique constraints/indexes, foreign keys and exclusion constraints: name → leading columns. */
  keys: Map<string, string[]>;
}

const cols = (list: string) => list.split(',').map((c) => c.trim().replace(/^"|"$/g, '').split(/\s/)[0]);
const tableName = (s: string) => s.replace(/"/g, '').replace(/^public\./, '');

/** Replays the migrations in order into a map of tables with their keys. */
function schemaFromMigrations(): Map<string, Table> {
  const dir = join(ROOT, 'migrations');
  const tables = new Map<string, Table>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const f of files) {
    const statements = readFileSync(join(dir, f), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.replace(/--[^\n]*$/gm, '').trim())
      .filter(Boolean);
    for (const st of statements) {
      let m = /^CREATE TABLE (?:IF NOT EXISTS )?([^\s(]+)\s*\(([\s\S]*)\)\s*;?$/i.exec(st);
      if (m) {
        const t: Table = { columns: [], keys: new Map() };
        for (const line of m[2].split(/,\n/).map((l) => l.trim())) {
          const pk = /PRIMARY KEY\s*\(([^)]+)\)/i.exec(line);
          const uq = /^CONSTRAINT\s+"([^"]+)"\s+UNIQUE(?:\s+NULLS NOT DISTINCT)?\s*\(([^)]+)\)/i.exec(line);
          const col = /^"([^"]+)"\s/.exec(line);
          if (/^CONSTRAINT/i.test(line)) {
            if (pk) t.pk = cols(pk[1]);
            else if (uq) t.keys.set(uq[1], cols(uq[2]));
          } else if (col) {
            t.columns.push(col[1]);
            if (/\bPRIMARY KEY\b/i.test(line)) t.pk = [col[1]];
            if (/\bUNIQUE\b/i.test(line)) t.keys.set(`${col[1]} unique`, [col[1]]);
          }
        }
        tables.set(tableName(m[1]), t);
        continue;
      }
      m = /^DROP TABLE (?:IF EXISTS )?([^\s;]+)/i.exec(st);
      if (m) {
        tables.delete(tableName(m[1]));
        continue;
      }
      m = /^ALTER TABLE (?:ONLY )?([^\s]+)\s+RENAME TO\s+([^\s;]+)/i.exec(st);
      if (m) {
        const t = tables.get(tableName(m[1]));
        if (t) {
          tables.delete(tableName(m[1]));
          tables.set(tableName(m[2]), t);
        }
        continue;
      }
      m = /^ALTER TABLE (?:ONLY )?([^\s]+)\s+ADD CONSTRAINT\s+"([^"]+)"\s+([\s\S]*)$/i.exec(st);
      if (m) {
        const t = tables.get(tableName(m[1]));
        if (!t) continue;
        const body = m[3];
        const pk = /^PRIMARY KEY\s*\(([^)]+)\)/i.exec(body);
        const key = /^(?:UNIQUE(?:\s+NULLS NOT DISTINCT)?|FOREIGN KEY)\s*\(([^)]+)\)/i.exec(body);
        const ex = /^EXCLUDE USING \w+\s*\(\s*([^\s,]+)/i.exec(body);
        if (pk) t.pk = cols(pk[1]);
        else if (key) t.keys.set(m[2], cols(key[1]));
        else if (ex) t.keys.set(m[2], cols(ex[1]));
        continue;
      }
      m = /^ALTER TABLE (?:ONLY )?([^\s]+)\s+DROP CONSTRAINT (?:IF EXISTS )?"([^"]+)"/i.exec(st);
      if (m) {
        const t = tables.get(tableName(m[1]));
        if (!t) continue;
        if (t.keys.has(m[2])) t.keys.delete(m[2]);
        else if (/_pk$|_pkey$/.test(m[2])) t.pk = undefined;
        continue;
      }
      m =
        /^CREATE UNIQUE INDEX (?:IF NOT EXISTS )?"([^"]+)"\s+ON\s+([^\s]+)\s+(?:USING \w+\s*)?\(([^)]+)\)/i.exec(
          st,
        );
      if (m) tables.get(tableName(m[2]))?.keys.set(m[1], cols(m[3]));
    }
  }
  return tables;
}

describe('architecture: tenant first in the schema', () => {
  const tables = schemaFromMigrations();

  it('parses the migrations', () => {
    expect(tables.size).toBeGreaterThanOrEqual(10);
    for (const g of GLOBAL_TABLES) expect(tables.has(g), g).toBe(true);
  });

  it('every table has a primary key; tenant-owned ones start it with tenant_id', () => {
    const bad: string[] = [];
    for (const [name, t] of tables) {
      if (!t.pk) bad.push(`${name}: no primary key`);
      else if (!GLOBAL_TABLES.has(name) && t.pk[0] !== 'tenant_id')
        bad.push(`${name}: PRIMARY KEY(${t.pk.join(', ')})`);
    }
    expect(bad).toEqual([]);
  });

  it('unique keys, foreign keys and exclusion constraints of tenant-owned tables start with tenant_id', () => {
    const bad: string[] = [];
    for (const [name, t] of tables) {
      if (GLOBAL_TABLES.has(name)) continue;
      for (const [key, columns] of t.keys)
        if (columns[0] !== 'tenant_id') bad.push(`${name}.${key}(${columns.join(', ')})`);
    }
    expect(bad).toEqual([]);
  });
});
