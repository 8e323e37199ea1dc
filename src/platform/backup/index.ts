import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { type SQL, sql } from 'drizzle-orm';
import { appliedMigration, type Database, type Db, MIGRATIONS_DIR, rows } from '../db/engine.ts';
import { isUuid, newId } from '../db/ids.ts';
import { listStoredFiles, readStoredFile } from '../files/index.ts';
import { AppError } from '../http/errors.ts';
import type { BackupTable } from '../modules.ts';

/**
 * Backup of one tenant as gzip'd JSON lines, engine-neutral (PGlite ⇄ PostgreSQL):
 *   line 1   {"type":"header", format, formatVersion, appVersion, migration, createdAt, tenant, tables, shared}
 *   then     {"t":"<table>","r":{…row as PostgreSQL's row_to_json, timestamps in UTC…}}
 *            shared rows (accounts) first, then the tenant tables in insert order
 *   then     {"f":"<file id>","size":<bytes>,"sha256":"<hex>","b":"<base64>"}   one per uploaded file
 *            (images, documents) in the tenant's folder of the file store (format version 2)
 *   last     {"type":"end","rows":<number of row lines>,"files":<number of file lines>}
 *            (a missing end line means a truncated file)
 */
export const BACKUP_FORMAT = 'quartier-tenant-backup';
export const BACKUP_FORMAT_VERSION = 2;

/**
 * A global table (no tenant column) whose rows the tenant's rows point to, e.g. accounts. The backup
 * carries the rows referenced by `referencedBy`; a restore matches them by the natural `key`: an
 * existing row with the same key is used as it is (never changed), otherwise the row is inserted
 * with its id, or a new id when that id is taken. References in the restored tenant rows are then
 * rewritten to the ids in the target database. The table must have an `id` column.
 */
export interface SharedTable {
  name: string;
  key: string;
  /** Columns carried in the backup (must include `id` and `key`). */
  columns: string[];
  referencedBy: { table: string; column: string }[];
}

export interface BackupPlan {
  /** Tenant-owned tables in insert order (the manifests' `backup` arrays). */
  tables: BackupTable[];
  shared?: SharedTable[];
}

export interface BackupHeader {
  type: 'header';
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  migration: string | null;
  createdAt: string;
  tenant: { id: string; slug: string };
  tables: { name: string; tenantColumn: string; rows: number }[];
  shared: { name: string; key: string; rows: number }[];
}

/** What a written backup holds besides the header's tables: the tenant's stored files. */
export interface BackupWritten extends BackupHeader {
  files: { count: number; bytes: number };
}

export interface RestoreResult {
  tenantId: string;
  tables: Record<string, number>;
  shared: Record<string, { created: number; matched: number }>;
  /** Files written to the restore's `filesDir` (the caller moves them into the store after commit). */
  files: { count: number; bytes: number };
  /** Restored as a copy: rows of `notInCopy` tables left behind, and secrets re-issued per `table.column`. */
  copy?: { left: Record<string, number>; reissued: Record<string, number> };
}

/** A value that opens nothing: the hex SHA-256 of random bytes, in the form the modules store hashes. */
const unknowable = () => createHash('sha256').update(randomBytes(32)).digest('hex');

type Row = Record<string, unknown>;

const IDENT = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): SQL {
  if (!IDENT.test(name)) throw new Error(`Invalid table or column name "${name}"`);
  return sql`${sql.identifier(name)}`;
}
const list = (names: string[]) =>
  sql.join(
    names.map((n) => ident(n)),
    sql`, `,
  );

async function primaryKeyColumns(db: Db, table: string): Promise<string[]> {
  const r = rows<{ name: string }>(
    await db.execute(sql`
      select a.attname as name
      from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = ${table}::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`),
  );
  return r.map((x) => x.name);
}

/** Columns a restore may write (generated columns are computed by the database). */
async function insertableColumns(db: Db, table: string): Promise<Set<string>> {
  const r = rows<{ name: string }>(
    await db.execute(sql`
      select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'`),
  );
  if (r.length === 0) throw new Error(`Table "${table}" does not exist in this database`);
  return new Set(r.map((x) => x.name));
}

/** Pairs (column → referenced column) of foreign keys from a table to itself, e.g. areas.parent_id → areas.id. */
async function selfReferences(db: Db, table: string): Promise<{ cols: string[]; refs: string[] }[]> {
  const r = rows<{ conname: string; col: string; ref: string }>(
    await db.execute(sql`
      select c.conname, a.attname as col, af.attname as ref
      from pg_constraint c
      cross join lateral unnest(c.conkey, c.confkey) with ordinality as k(att, fatt, ord)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.att
      join pg_attribute af on af.attrelid = c.confrelid and af.attnum = k.fatt
      where c.contype = 'f' and c.conrelid = ${table}::regclass and c.confrelid = c.conrelid
      order by c.conname, k.ord`),
  );
  const byName = new Map<string, { cols: string[]; refs: string[] }>();
  for (const x of r) {
    const fk = byName.get(x.conname) ?? { cols: [], refs: [] };
    fk.cols.push(x.col);
    fk.refs.push(x.ref);
    byName.set(x.conname, fk);
  }
  return [...byName.values()];
}

/** Parents before children for tables that reference themselves (the insert would fail otherwise). */
function sortByParents(list: Row[], fks: { cols: string[]; refs: string[] }[]): Row[] {
  if (fks.length === 0) return list;
  const keyOf = (r: Row, cols: string[]) =>
    cols.some((c) => r[c] == null) ? null : JSON.stringify(cols.map((c) => r[c]));
  const out: Row[] = [];
  const state = new Map<Row, 'visiting' | 'done'>();
  const indexes = fks.map((fk) => new Map(list.map((r) => [keyOf(r, fk.refs), r])));
  const visit = (r: Row) => {
    if (state.get(r)) return; // done, or a cycle (left to the database to report)
    state.set(r, 'visiting');
    fks.forEach((fk, i) => {
      const k = keyOf(r, fk.cols);
      const parent = k ? indexes[i].get(k) : undefined;
      if (parent && parent !== r) visit(parent);
    });
    state.set(r, 'done');
    out.push(r);
  };
  for (const r of list) visit(r);
  return out;
}

function readJournal(): { idx: number; tag: string }[] {
  return (
    JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as {
      entries: { idx: number; tag: string }[];
    }
  ).entries;
}

/**
 * Writes one tenant's rows (and the shared rows they reference) to `file`, from one consistent
 * snapshot, then every file of the tenant's folder in the file store `storageDir`. A file uploaded
 * while the backup runs may come along without a row pointing to it; one deleted meanwhile is left out.
 */
export async function writeBackup(
  database: Database,
  opts: {
    file: string;
    tenantId: string;
    tenantSlug: string;
    plan: BackupPlan;
    appVersion: string;
    storageDir: string;
  },
): Promise<BackupWritten> {
  if (!isUuid(opts.tenantId)) throw new Error('Invalid tenant id');
  const migration = await appliedMigration(database);
  const tmp = `${opts.file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(tmp);
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    const { header, lines } = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      // Timestamps as UTC in the file, whatever the server's time zone.
      await tx.execute(sql`set local timezone = 'UTC'`);
      const shared = opts.plan.shared ?? [];
      const sharedSelect = (s: SharedTable, what: SQL) => {
        const refs = sql.join(
          s.referencedBy.map((r) => {
            const tenantColumn =
              opts.plan.tables.find((t) => t.name === r.table)?.tenantColumn ?? 'tenant_id';
            return sql`select ${ident(r.column)} from ${ident(r.table)} where ${ident(tenantColumn)} = ${opts.tenantId}`;
          }),
          sql` union `,
        );
        return sql`select ${what} from (select ${list(s.columns)} from ${ident(s.name)} where id in (${refs})) x`;
      };
      const count = async (q: SQL) => Number(rows<{ n: number | string }>(await tx.execute(q))[0].n);
      const h: BackupHeader = {
        type: 'header',
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        appVersion: opts.appVersion,
        migration,
        createdAt: new Date().toISOString(),
        tenant: { id: opts.tenantId, slug: opts.tenantSlug },
        tables: [],
        shared: [],
      };
      for (const s of shared)
        h.shared.push({ name: s.name, key: s.key, rows: await count(sharedSelect(s, sql`count(*) as n`)) });
      for (const t of opts.plan.tables) {
        const n = await count(
          sql`select count(*) as n from ${ident(t.name)} where ${ident(t.tenantColumn)} = ${opts.tenantId}`,
        );
        h.tables.push({ name: t.name, tenantColumn: t.tenantColumn, rows: n });
      }
      await write(JSON.stringify(h));
      let lines = 0;
      for (const s of shared) {
        const r = rows<{ j: string }>(
          await tx.execute(sql`${sharedSelect(s, sql`row_to_json(x)::text as j`)} order by x.id`),
        );
        for (const x of r) await write(`{"t":${JSON.stringify(s.name)},"r":${x.j}}`);
        lines += r.length;
      }
      for (const t of opts.plan.tables) {
        const pk = await primaryKeyColumns(tx, t.name);
        const order = pk.length ? sql` order by ${list(pk)}` : sql``;
        // A cursor keeps memory flat for big tables (addresses); the tenant id is a checked UUID.
        await tx.execute(
          sql`declare backup_rows no scroll cursor for select row_to_json(x)::text as j from ${ident(t.name)} x where ${ident(t.tenantColumn)} = ${sql.raw(`'${opts.tenantId}'`)}${order}`,
        );
        for (;;) {
          const batch = rows<{ j: string }>(await tx.execute(sql`fetch 1000 from backup_rows`));
          for (const x of batch) await write(`{"t":${JSON.stringify(t.name)},"r":${x.j}}`);
          lines += batch.length;
          if (batch.length < 1000) break;
        }
        await tx.execute(sql`close backup_rows`);
      }
      return { header: h, lines };
    });
    const files = { count: 0, bytes: 0 };
    for (const id of await listStoredFiles(opts.storageDir, opts.tenantId)) {
      const bytes = await readStoredFile(opts.storageDir, opts.tenantId, id);
      if (!bytes) continue; // deleted since it was listed
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await write(JSON.stringify({ f: id, size: bytes.length, sha256, b: bytes.toString('base64') }));
      files.count++;
      files.bytes += bytes.length;
    }
    await write(JSON.stringify({ type: 'end', rows: lines, files: files.count }));
    gzip.end();
    await once(out, 'close');
    renameSync(tmp, opts.file);
    return { ...header, files };
  } catch (err) {
    gzip.destroy();
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}

async function* readLines(file: string): AsyncGenerator<string> {
  const raw = createReadStream(file);
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err)); // pipe() does not pass errors on
  const rl = createInterface({ input: raw.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of rl) if (line) yield line;
  } catch (err) {
    throw new AppError(
      400,
      'backup_unreadable',
      `Cannot read the backup file ${file}: ${(err as Error).message}`,
    );
  } finally {
    rl.close();
    raw.destroy();
  }
}

function checkHeader(h: BackupHeader | undefined, file: string): BackupHeader {
  if (h?.type !== 'header' || h.format !== BACKUP_FORMAT) {
    throw new AppError(400, 'backup_invalid', `${file} is not a Quartier tenant backup`);
  }
  if (h.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new AppError(
      400,
      'backup_format_newer',
      `The backup format version ${h.formatVersion} is newer than this Quartier understands`,
    );
  }
  return h;
}

export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const line of readLines(file)) {
    try {
      return checkHeader(JSON.parse(line), file);
    } catch (err) {
      if (err instanceof AppError) throw err;
      break;
    }
  }
  return checkHeader(undefined, file);
}

/** Refuses a backup made on a newer database migration than this database has. */
export async function assertCompatibleMigration(database: Database, header: BackupHeader): Promise<void> {
  const journal = readJournal();
  const current = await appliedMigration(database);
  const pos = (tag: string | null) => journal.find((e) => e.tag === tag)?.idx ?? -1;
  if (header.migration && pos(header.migration) > pos(current)) {
    throw new AppError(
      409,
      'backup_newer',
      `The backup was made at database migration ${header.migration}, newer than this database (${current}); update Quartier first`,
    );
  }
  if (header.migration && pos(header.migration) < 0) {
    throw new AppError(
      409,
      'backup_newer',
      `The backup was made at database migration ${header.migration}, which this version of Quartier does not know; update Quartier first`,
    );
  }
}

/** Deletes a tenant's rows from every table of the plan, in reverse insert order. */
export async function deleteTenantRows(db: Db, tables: BackupTable[], tenantId: string): Promise<void> {
  // Append-only tables (the funds ledger) let their rows go only when the transaction says it removes
  // the whole tenant (transaction-local, so it ends with the restore's transaction).
  await db.execute(sql`select set_config('quartier.purge_tenant', ${tenantId}, true)`);
  for (const t of [...tables].reverse()) {
    await db.execute(sql`delete from ${ident(t.name)} where ${ident(t.tenantColumn)} = ${tenantId}`);
  }
}

/**
 * Restores a backup file into `db` (pass a transaction handle: the caller decides what else is part
 * of the restore). Tenant rows get `tenantId` (ids of accounts that already exist are mapped, see
 * SharedTable); `rewrite` may change a row before it is inserted. Every top-level column value equal
 * to a mapped id is replaced (UUIDs are unique, so this catches user_id, created_by, actor_user_id …).
 *
 * `copy`: the tenant is restored under another identity than the one it was backed up as, so none of
 * the original's secrets may come along: rows of tables marked `notInCopy` are left out, and columns
 * marked `reissue` get a new random value (see BackupTable).
 *
 * `filesDir`: an empty folder that receives the backup's files, each checked against its size and
 * SHA-256 and named by its id. The caller moves them into the file store once the database
 * transaction has committed (and removes the folder when it fails).
 */
export async function restoreBackup(
  db: Db,
  opts: {
    file: string;
    plan: BackupPlan;
    tenantId: string;
    filesDir: string;
    copy?: boolean;
    rewrite?: (table: string, row: Row) => Row;
  },
): Promise<RestoreResult> {
  const tables = new Map(opts.plan.tables.map((t) => [t.name, t]));
  const shared = new Map((opts.plan.shared ?? []).map((s) => [s.name, s]));
  const idMap = new Map<string, string>();
  const result: RestoreResult = {
    tenantId: opts.tenantId,
    tables: {},
    shared: {},
    files: { count: 0, bytes: 0 },
  };
  const copy = opts.copy
    ? { left: {} as Record<string, number>, reissued: {} as Record<string, number> }
    : null;
  if (copy) result.copy = copy;
  const columnsOf = new Map<string, Set<string>>();
  const columns = async (table: string) => {
    let c = columnsOf.get(table);
    if (!c) {
      c = await insertableColumns(db, table);
      columnsOf.set(table, c);
    }
    return c;
  };

  const insertRows = async (table: string, batch: Row[]) => {
    if (batch.length === 0) return;
    const allowed = await columns(table);
    const cols = [...new Set(batch.flatMap((r) => Object.keys(r)))].filter((c) => allowed.has(c));
    // json_populate_recordset converts each JSON value with the column's own type (jsonb, arrays, timestamptz …).
    await db.execute(
      sql`insert into ${ident(table)} (${list(cols)}) select ${list(cols)} from json_populate_recordset(null::${ident(table)}, ${JSON.stringify(batch)}::json)`,
    );
    result.tables[table] = (result.tables[table] ?? 0) + batch.length;
  };

  const mapIds = (row: Row): Row => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? (idMap.get(v) ?? v) : v;
    return out;
  };

  const restoreShared = async (s: SharedTable, row: Row) => {
    result.shared[s.name] ??= { created: 0, matched: 0 };
    const stats = result.shared[s.name];
    const oldId = String(row.id);
    const found = rows<{ id: string }>(
      await db.execute(
        sql`select id from ${ident(s.name)} where ${ident(s.key)} = ${row[s.key] as string} limit 1`,
      ),
    );
    if (found[0]) {
      if (found[0].id !== oldId) idMap.set(oldId, found[0].id);
      stats.matched++;
      return;
    }
    const taken =
      rows(await db.execute(sql`select 1 from ${ident(s.name)} where id = ${oldId} limit 1`)).length > 0;
    const id = taken ? newId() : oldId;
    if (id !== oldId) idMap.set(oldId, id);
    const allowed = await columns(s.name);
    const clean = Object.fromEntries(
      Object.entries({ ...row, id }).filter(([k]) => s.columns.includes(k) && allowed.has(k)),
    );
    const cols = Object.keys(clean);
    await db.execute(
      sql`insert into ${ident(s.name)} (${list(cols)}) select ${list(cols)} from json_populate_record(null::${ident(s.name)}, ${JSON.stringify(clean)}::json)`,
    );
    stats.created++;
  };

  let header: BackupHeader | undefined;
  let ended = false;
  let lines = 0;
  let current: string | null = null;
  let buffer: Row[] = [];
  let selfFks: { cols: string[]; refs: string[] }[] = [];
  const flush = async () => {
    // Sorted, parents land in an earlier (or the same) batch than their children.
    const sorted = sortByParents(buffer, selfFks);
    for (let i = 0; current && i < sorted.length; i += 500)
      await insertRows(current, sorted.slice(i, i + 500));
    buffer = [];
  };

  for await (const line of readLines(opts.file)) {
    let entry: {
      type?: string;
      t?: string;
      r?: Row;
      rows?: number;
      files?: number;
      f?: string;
      size?: number;
      sha256?: string;
      b?: string;
    };
    try {
      entry = JSON.parse(line);
    } catch {
      throw new AppError(400, 'backup_invalid', `Damaged line in the backup file after ${lines} rows`);
    }
    if (!header) {
      header = checkHeader(entry as BackupHeader, opts.file);
      if (header.tenant.id !== opts.tenantId) idMap.set(header.tenant.id, opts.tenantId);
      continue;
    }
    if (entry.type === 'end') {
      if (entry.rows !== lines || (entry.files ?? 0) !== result.files.count)
        throw new AppError(400, 'backup_incomplete', 'The backup file is incomplete');
      ended = true;
      break;
    }
    if (entry.f !== undefined) {
      const bytes = Buffer.from(entry.b ?? '', 'base64');
      if (
        !isUuid(entry.f) ||
        bytes.length !== entry.size ||
        createHash('sha256').update(bytes).digest('hex') !== entry.sha256
      )
        throw new AppError(
          400,
          'backup_invalid',
          `Damaged file in the backup after ${result.files.count} files (${String(entry.f).slice(0, 40)})`,
        );
      await writeFile(join(opts.filesDir, entry.f), bytes);
      result.files.count++;
      result.files.bytes += bytes.length;
      continue;
    }
    const name = entry.t ?? '';
    const row = entry.r ?? {};
    lines++;
    const s = shared.get(name);
    if (s) {
      await restoreShared(s, row);
      continue;
    }
    const t = tables.get(name);
    if (!t)
      throw new AppError(
        400,
        'backup_unknown_table',
        `The backup contains table "${name}", which this version of Quartier does not restore`,
      );
    if (name !== current) {
      await flush();
      current = name;
      selfFks = await selfReferences(db, name);
    }
    if (copy && t.notInCopy) {
      copy.left[name] = (copy.left[name] ?? 0) + 1;
      continue;
    }
    let r = mapIds(row);
    r[t.tenantColumn] = opts.tenantId;
    if (copy) {
      for (const [column, what] of Object.entries(t.secrets ?? {})) {
        if (what !== 'reissue' || r[column] == null) continue;
        r[column] = unknowable();
        const key = `${name}.${column}`;
        copy.reissued[key] = (copy.reissued[key] ?? 0) + 1;
      }
    }
    if (opts.rewrite) r = opts.rewrite(name, r);
    buffer.push(r);
    // Self-referencing tables are collected to be sorted; others go in batches as they come.
    if (selfFks.length === 0 && buffer.length >= 500) await flush();
  }
  await flush();
  if (!header) checkHeader(undefined, opts.file);
  if (!ended) throw new AppError(400, 'backup_incomplete', 'The backup file is incomplete (no end marker)');
  for (const t of header!.tables) {
    const read = (result.tables[t.name] ?? 0) + (copy?.left[t.name] ?? 0);
    if (read !== t.rows) {
      throw new AppError(
        400,
        'backup_incomplete',
        `Table ${t.name}: ${read} rows restored, ${t.rows} expected`,
      );
    }
  }
  return result;
}
