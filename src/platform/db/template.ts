/**
 * A migrated, empty embedded database kept as a file, so that a new data folder (the first start, a
 * test file, a restore onto a fresh installation) is unpacked from it instead of running PostgreSQL's
 * initdb and every migration: about 1.5 s instead of about 10 s. Made by `npm ci` (postinstall) and
 * `npm run build`, or by the first test run; keyed by a hash of the migrations and the PGlite version,
 * so a checkout with other migrations never loads a template that does not fit it.
 */
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
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS_DIR, migrate, openDatabase } from './engine.ts';

/** Where the templates are kept: ignored by git, removed by `npm ci` (which makes a new one). */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/quartier', import.meta.url));

/** A hash of everything the template depends on: every migration file and the PGlite version. */
export function templateKey(): string {
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
  h.update(pgliteVersion());
  return h.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  const pkg = fileURLToPath(
    new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
  );
  return existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version : 'unknown';
}

/** The template file for the migrations of this checkout (it may not exist yet). */
export function templateFile(): string {
  return join(TEMPLATE_DIR, `pglite-${templateKey()}.tar`);
}

/** The template as a Blob for PGlite's `loadDataDir`, or undefined when there is none for these migrations. */
export function readTemplate(): Blob | undefined {
  const file = templateFile();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Is this data folder new (missing or empty), so that a template may fill it? */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/** Makes the template for these migrations unless it exists; returns its path. */
export async function ensureTemplate(): Promise<string> {
  const file = templateFile();
  if (existsSync(file)) return file;
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const database = await openDatabase({});
  try {
    await migrate(database);
    const dump = await database.pglite!.dumpDataDir('none');
    // Written under a temporary name and renamed, so a run that stops half-way leaves no broken file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  } finally {
    await database.close();
  }
  // Templates of other migrations go, but only after a day: a run started a moment ago (another
  // branch's checkout sharing node_modules, or a test run beside this one) may still be loading its own.
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const old of readdirSync(TEMPLATE_DIR)) {
    const path = join(TEMPLATE_DIR, old);
    if (!old.startsWith('pglite-') || path === file) continue;
    if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY) < dayAgo)
      rmSync(path, { force: true });
  }
  return file;
}
