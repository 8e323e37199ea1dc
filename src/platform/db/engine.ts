import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';

/** The database handle every module uses; a transaction handle has the same type. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Raw SQL access for libraries that speak plain SQL (pg-boss). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  executor: SqlExecutor;
  /** Connection string for libraries that open their own pool (postgres only). */
  connectionString?: string;
  /** PGlite only: the embedded instance (for dumps in tests and backups). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/**
 * SQL statements sent by this process (every query through drizzle and the raw executor): the bench
 * divides it by the requests it made, a figure that stays stable on a busy machine. Counting is one
 * increment per statement, so it is always on.
 */
let statements = 0;
export const sqlStatementCount = (): number => statements;
const countingLogger = {
  logQuery() {
    statements++;
  },
};

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));
export const pgliteExtensions = { btree_gist, pg_trgm, unaccent };

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data folder; undefined = in memory. */
  dataDir?: string;
  /** PGlite: start from a dump (test template). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /** PGlite with a data folder: who opens it, for the lock's message (see data-dir-lock.ts). */
  lock?: { purpose: string; baseUrl?: string };
  /**
   * PGlite: PostgreSQL's buffer pool, e.g. '32MB'. It lives in the engine's WebAssembly memory, which
   * never shrinks, so PostgreSQL's default of 128MB costs that much resident memory from the start.
   */
  sharedBuffers?: string;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // Fail fast with a clear message when the server is unreachable.
    const client = await pool.connect().catch((err: Error) => {
      throw new Error(`Cannot connect to PostgreSQL at ${redact(opts.databaseUrl!)}: ${err.message}`);
    });
    client.release();
    const db = drizzlePg({ client: pool, logger: countingLogger }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      connectionString: opts.databaseUrl,
      executor: {
        async executeSql(text, values) {
          statements++;
          const r = await pool.query(text, values as unknown[]);
          return { rows: r.rows, rowCount: r.rowCount ?? 0 };
        },
      },
      close: () => pool.end(),
    };
  }
  let lock: DataDirLock | undefined;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    // One process per data folder: a second one would work on its own copy of the pages.
    lock = lockDataDir(`${opts.dataDir.replace(/\/+$/, '')}.lock`, opts.lock ?? { purpose: 'command' });
  }
  const client = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: pgliteExtensions,
    ...(opts.sharedBuffers && {
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${opts.sharedBuffers}`],
    }),
  }).catch((err) => {
    lock?.release();
    throw err;
  });
  const db = drizzlePglite({ client, logger: countingLogger }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    executor: {
      async executeSql(text, values) {
        statements++;
        // PGlite's extended protocol takes one statement; multi-statement scripts go through exec.
        if (!values || values.length === 0) {
          const results = await client.exec(text);
          const last = results[results.length - 1];
          return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
        }
        const r = await client.query(text, values);
        return { rows: r.rows as any[], rowCount: r.affectedRows ?? r.rows.length };
      },
    },
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Applies all committed migrations; on PostgreSQL under an advisory lock so parallel instances wait. */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as any, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', ['quartier.migrate']);
    await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', ['quartier.migrate']).catch(() => {});
    await client.end();
  }
}

/** Name (tag) of the newest applied migration, for /healthz. */
export async function appliedMigration(database: Database): Promise<string | null> {
  const { readFileSync } = await import('node:fs');
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as {
    entries: { idx: number; when: number; tag: string }[];
  };
  try {
    const r = await database.db.execute(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    const when = Number((r as unknown as { rows: { created_at: string | number }[] }).rows[0]?.created_at);
    return journal.entries.find((e) => e.when === when)?.tag ?? null;
  } catch {
    return null;
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
