import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { backupPlan } from './cli.ts';
import { addMembership } from './modules/access/index.ts';
import { upsertAreas } from './modules/areas/index.ts';
import { createUser, findUserByEmail } from './modules/identity/index.ts';
import { backupTenant, createTenant, getTenantBySlug, restoreTenant } from './modules/tenancy/index.ts';
import { writeAudit } from './platform/audit/index.ts';
import type { BackupPlan } from './platform/backup/index.ts';
import { type Database, newId, openDatabase, rows } from './platform/db/index.ts';
import { AppError } from './platform/http/errors.ts';
import { engine, openTestDatabase } from './test/kit.ts';

const plan: BackupPlan = backupPlan();
const square = (x: number, y: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ],
  ],
});

let source: Database;
let dir: string;
let file: string;
let tenantId: string;

/** One tenant with areas (a child older than its parent), members, audit entries; plus a second tenant that must stay out. */
async function seed(db: Database['db']) {
  const tenant = await createTenant(db, {
    slug: 'nordkiez',
    name: 'Nordkiez',
    settings: {
      imprint: { de: 'Bezirksamt Mitte\n\nKarl-Marx-Allee 31', en: 'District office' },
      contactEmail: 'kiez@example.org',
    },
  });
  const child = await upsertAreas(db, tenant.id, 'prognoseraum', [
    { kind: 'prognoseraum', key: '0110', name: 'Zentrum', geometry: square(13.4, 52.5), source: 'LOR 2021' },
  ]);
  const parent = await upsertAreas(db, tenant.id, 'district', [
    { kind: 'district', key: '01', name: 'Mitte', geometry: square(13.3, 52.4) },
  ]);
  await upsertAreas(db, tenant.id, 'prognoseraum', [
    { kind: 'prognoseraum', key: '0110', name: 'Zentrum', parentId: parent.ids.get('01') },
  ]);
  await upsertAreas(db, tenant.id, 'free', [
    {
      kind: 'free',
      key: 'spielplatz',
      name: 'Spielplatz Ost',
      parentId: child.ids.get('0110'),
      geometry: null,
    },
  ]);
  const anna = await createUser(db, {
    email: 'anna@example.org',
    name: 'Anna Admin',
    password: 'anna secret password',
    verified: true,
  });
  const bert = await createUser(db, { email: 'bert@example.org', name: 'Bert Team', locale: 'en' });
  await addMembership(db, { tenantId: tenant.id, userId: anna.id, role: 'admin' });
  await addMembership(db, {
    tenantId: tenant.id,
    userId: bert.id,
    role: 'team',
    scopeAreaId: parent.ids.get('01'),
    createdBy: anna.id,
  });
  await writeAudit(db, {
    tenantId: tenant.id,
    actorUserId: anna.id,
    action: 'create',
    entityType: 'membership',
    entityId: bert.id,
    details: { role: 'team', nested: { a: [1, 2] } },
    ip: '10.0.0.1',
  });
  await writeAudit(db, {
    tenantId: tenant.id,
    actorUserId: anna.id,
    action: 'read',
    entityType: 'person',
    entityId: newId(),
    personal: true,
  });

  const other = await createTenant(db, { slug: 'suedkiez', name: 'Südkiez' });
  const carla = await createUser(db, { email: 'carla@example.org', name: 'Carla' });
  await addMembership(db, { tenantId: other.id, userId: carla.id, role: 'admin' });
  await upsertAreas(db, other.id, 'district', [{ kind: 'district', key: '02', name: 'Friedrichshain' }]);
  await writeAudit(db, { tenantId: other.id, action: 'create', entityType: 'tenant' });
  return tenant;
}

/** A tenant's rows per table as objects, timestamps in UTC, in primary-key order. */
async function dump(database: Database, id: string) {
  const out: Record<string, unknown[]> = {};
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    for (const t of plan.tables) {
      const r = rows<{ j: string }>(
        await tx.execute(
          sql`select row_to_json(x)::text as j from ${sql.identifier(t.name)} x where ${sql.identifier(t.tenantColumn)} = ${id} order by 1`,
        ),
      );
      out[t.name] = r.map((x) => JSON.parse(x.j));
    }
  });
  return out;
}

async function usersOf(database: Database, id: string) {
  return rows<Record<string, unknown>>(
    await database.db.execute(sql`
      select u.email, u.name, u.locale, u.password_hash, u.email_verified_at is not null as verified
      from users u where u.id in (select user_id from memberships where tenant_id = ${id}) order by u.email`),
  );
}

/** A database on the other engine (for cross-engine restores), or null when there is none. */
async function openOtherEngine(): Promise<Database | null> {
  if (engine() === 'postgres')
    return openDatabase({ loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('pgTemplate');
  if (!url || !template) return null;
  const name = `quartier_x_${newId().replace(/-/g, '').slice(-16)}`;
  const admin = await openDatabase({ databaseUrl: url, poolSize: 1 });
  await admin.executor.executeSql(`create database ${name} template ${template}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  const close = db.close;
  db.close = async () => {
    await close();
    const c = await openDatabase({ databaseUrl: url, poolSize: 1 });
    await c.executor.executeSql(`drop database if exists ${name} with (force)`);
    await c.close();
  };
  return db;
}

/** A file store of its own for each backup or restore (nothing in these tenants has files). */
const storage = () => join(dir, `files-${newId()}`);

function rewriteFile(from: string, to: string, edit: (lines: string[]) => string[]) {
  const lines = gunzipSync(readFileSync(from)).toString('utf8').trimEnd().split('\n');
  writeFileSync(to, gzipSync(`${edit(lines).join('\n')}\n`));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quartier-backup-'));
  file = join(dir, 'nordkiez.qbak.gz');
  source = await openTestDatabase();
  tenantId = (await seed(source.db)).id;
  await backupTenant(source, { slug: 'nordkiez', file, plan, appVersion: '9.9.9', storageDir: storage() });
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`tenant backup and restore (${engine()})`, () => {
  it('writes a gzip JSON-lines file with a header of tables, row counts and migration', async () => {
    const header = await backupTenant(source, {
      slug: 'nordkiez',
      file,
      plan,
      appVersion: '9.9.9',
      storageDir: storage(),
    });
    const lines = gunzipSync(readFileSync(file))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: 'header',
      format: 'quartier-tenant-backup',
      formatVersion: 2,
      appVersion: '9.9.9',
      tenant: { id: tenantId, slug: 'nordkiez' },
    });
    expect(lines[0].migration).toMatch(/^\d{4}_/);
    expect(Number.isNaN(Date.parse(lines[0].createdAt))).toBe(false);
    expect(header.tables.map((t) => t.name)).toEqual(plan.tables.map((t) => t.name));
    const count = (name: string) => header.tables.find((t) => t.name === name)?.rows;
    expect([count('tenants'), count('areas'), count('memberships'), count('audit_log')]).toEqual([
      1, 3, 2, 2,
    ]);
    expect(header.shared).toEqual([{ name: 'users', key: 'email', rows: 2 }]);
    expect(lines.at(-1)).toEqual({ type: 'end', rows: lines.length - 2, files: 0 });
    // Only this tenant's rows, and only its members' accounts.
    const body = lines.slice(1, -1);
    expect(
      body
        .filter((l) => l.t === 'users')
        .map((l) => l.r.email)
        .sort(),
    ).toEqual(['anna@example.org', 'bert@example.org']);
    expect(
      body.filter((l) => l.t !== 'users' && l.t !== 'tenants').every((l) => l.r.tenant_id === tenantId),
    ).toBe(true);
  });

  it('restores into a fresh database with the same rows and content', async () => {
    const target = await openTestDatabase();
    try {
      const r = await restoreTenant(target, { file, plan, storageDir: storage() });
      expect(r).toMatchObject({
        slug: 'nordkiez',
        tenantId,
        replaced: false,
        shared: { users: { created: 2, matched: 0 } },
      });
      expect(await dump(target, tenantId)).toEqual(await dump(source, tenantId));
      expect(await usersOf(target, tenantId)).toEqual(await usersOf(source, tenantId));
      expect(await getTenantBySlug(target.db, 'suedkiez')).toBeUndefined();
    } finally {
      await target.close();
    }
  });

  it('refuses an existing slug, replaces it with --replace, and copies it --as another slug', async () => {
    await expect(restoreTenant(source, { file, plan, storageDir: storage() })).rejects.toThrow(
      /already exists/,
    );
    const before = await dump(source, tenantId);
    const replaced = await restoreTenant(source, { file, plan, storageDir: storage(), replace: true });
    expect(replaced).toMatchObject({
      replaced: true,
      tenantId,
      shared: { users: { created: 0, matched: 2 } },
    });
    expect(await dump(source, tenantId)).toEqual(before);

    const copy = await restoreTenant(source, { file, plan, storageDir: storage(), as: 'nordkiez-kopie' });
    expect(copy.tenantId).not.toBe(tenantId);
    const copied = await dump(source, copy.tenantId);
    for (const t of plan.tables) expect(copied[t.name]).toHaveLength(before[t.name].length);
    expect((copied.tenants[0] as { slug: string }).slug).toBe('nordkiez-kopie');
    // The copy's members are the same accounts; the original is untouched.
    expect(await usersOf(source, copy.tenantId)).toEqual(await usersOf(source, tenantId));
    expect(await dump(source, tenantId)).toEqual(before);
  });

  it('maps members to accounts that already exist with the same e-mail under another id', async () => {
    const target = await openTestDatabase();
    try {
      const existing = await createUser(target.db, {
        email: 'anna@example.org',
        name: 'Anna (already here)',
      });
      const r = await restoreTenant(target, { file, plan, storageDir: storage() });
      expect(r.shared.users).toEqual({ created: 1, matched: 1 });
      const m = rows<{ user_id: string; role: string; created_by: string | null }>(
        await target.db.execute(
          sql`select user_id, role, created_by from memberships where tenant_id = ${tenantId} order by role`,
        ),
      );
      const bert = await findUserByEmail(target.db, 'bert@example.org');
      expect(m).toEqual([
        { user_id: existing.id, role: 'admin', created_by: null },
        { user_id: bert!.id, role: 'team', created_by: existing.id },
      ]);
      const audit = rows<{ actor_user_id: string }>(
        await target.db.execute(sql`select actor_user_id from audit_log where tenant_id = ${tenantId}`),
      );
      expect(audit.every((a) => a.actor_user_id === existing.id)).toBe(true);
      // The existing account is used as it is.
      expect((await findUserByEmail(target.db, 'anna@example.org'))?.name).toBe('Anna (already here)');
    } finally {
      await target.close();
    }
  });

  it('refuses a backup from a newer migration and a truncated file, leaving nothing behind', async () => {
    const target = await openTestDatabase();
    try {
      const newer = join(dir, 'newer.qbak.gz');
      rewriteFile(file, newer, (l) => [
        JSON.stringify({ ...JSON.parse(l[0]), migration: '9999_from_the_future' }),
        ...l.slice(1),
      ]);
      await expect(restoreTenant(target, { file: newer, plan, storageDir: storage() })).rejects.toThrow(
        /newer|does not know/,
      );

      const truncated = join(dir, 'truncated.qbak.gz');
      rewriteFile(file, truncated, (l) => l.slice(0, -3));
      const err = await restoreTenant(target, { file: truncated, plan, storageDir: storage() }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err.message).toMatch(/incomplete/);
      expect(await getTenantBySlug(target.db, 'nordkiez')).toBeUndefined();
      expect(
        rows(await target.db.execute(sql`select 1 from areas where tenant_id = ${tenantId}`)),
      ).toHaveLength(0);
      expect(await findUserByEmail(target.db, 'bert@example.org')).toBeUndefined();
    } finally {
      await target.close();
    }
  });

  it('restores across engines (PGlite ⇄ PostgreSQL) when both are available', async () => {
    const other = await openOtherEngine();
    if (!other) return; // needs TEST_DATABASE_URL
    try {
      expect(other.kind).not.toBe(source.kind);
      await restoreTenant(other, { file, plan, storageDir: storage() });
      expect(await dump(other, tenantId)).toEqual(await dump(source, tenantId));
      expect(await usersOf(other, tenantId)).toEqual(await usersOf(source, tenantId));
      // And back: a backup written on the other engine restores here as a copy.
      const back = join(dir, 'back.qbak.gz');
      await backupTenant(other, {
        slug: 'nordkiez',
        file: back,
        plan,
        appVersion: 'x',
        storageDir: storage(),
      });
      const r = await restoreTenant(source, {
        file: back,
        plan,
        storageDir: storage(),
        as: 'nordkiez-zurueck',
      });
      const a = await dump(source, r.tenantId);
      const b = await dump(other, tenantId);
      for (const t of plan.tables) expect(a[t.name]).toHaveLength(b[t.name].length);
    } finally {
      await other.close();
    }
  });
});
