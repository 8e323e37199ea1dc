/**
 * A tenant restored under another identity (`quartier restore --as`) never shares a secret with the
 * original: API tokens and sign-in providers stay behind, every private link gets a new value.
 *
 * Setup: tenant A with an administrator, an API token and one of every module's entities (the
 * modules' test factories, which also hand out the plain tokens of private links), backed up and
 * restored as B on the same database. Restored as itself into an empty database, A keeps them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { backupPlan } from '../src/cli.ts';
import { createApiToken, revokeApiToken } from '../src/modules/identity/index.ts';
import { backupTenant, restoreTenant } from '../src/modules/tenancy/index.ts';
import { newId, rows } from '../src/platform/db/index.ts';
import type { TestParams } from '../src/platform/modules.ts';
import {
  createTestContext,
  makeTenant,
  makeUser,
  openTestDatabase,
  type TestContext,
} from '../src/test/kit.ts';

/** Column names that look like a credential: each must be declared in its table's `secrets`. */
const SECRET_LIKE = /token|secret|salt|password|hash/;
/** Public pages behind a token that answer without looking the token up (with the reason). */
const NO_LOOKUP_ON_GET: Record<string, string> = {
  '/:tenant/newsletter/confirm/:token':
    'shows only a button (mail scanners open links); the token is checked on POST — its hash is compared below',
};

const plan = backupPlan();
let ctx: TestContext;
let dir: string;
let file: string;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let adminA: string;
let tokenA: { id: string; token: string };
let params: TestParams;

async function tableRows(table: string, tenantId: string): Promise<Record<string, unknown>[]> {
  return rows<Record<string, unknown>>(
    await ctx.services.db.execute(
      sql`select * from ${sql.identifier(table)} where ${sql.identifier(table === 'tenants' ? 'id' : 'tenant_id')} = ${tenantId}`,
    ),
  );
}

const api = (slug: string, token: string) =>
  ctx.app.request(`/api/v1/tenants/${slug}/events`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  ctx = await createTestContext();
  dir = mkdtempSync(join(tmpdir(), 'quartier-restore-copy-'));
  file = join(dir, 'a.qbak.gz');
  const suffix = newId().slice(-6);
  const ta = await makeTenant(ctx.services, `copy-a-${suffix}`, 'Tenant A');
  a = { id: ta.id, slug: ta.slug };
  adminA = (await makeUser(ctx.services, { tenantId: a.id, role: 'admin', name: 'Admin A' })).id;
  tokenA = await createApiToken(ctx.services.db, a.id, adminA, 'integration');
  params = {};
  for (const m of MODULES) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({
      services: ctx.services,
      tenant: a,
      marker: 'Thing of A',
      userId: adminA,
      params,
    });
    for (const [k, v] of Object.entries(made)) params[k] = [...(params[k] ?? []), ...v];
  }
  const storageDir = ctx.services.config.storageDir;
  await backupTenant(ctx.services.database, { slug: a.slug, file, plan, appVersion: 'test', storageDir });
  const r = await restoreTenant(ctx.services.database, { file, plan, storageDir, as: `copy-b-${suffix}` });
  b = { id: r.tenantId, slug: r.slug };
});
afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a tenant restored as another tenant gets none of the original secrets', () => {
  it('declares every credential-like column of every backed-up table: re-issued in a copy, or kept with a reason', async () => {
    const columns = rows<{ table_name: string; column_name: string }>(
      await ctx.services.db.execute(sql`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema()`),
    );
    const undeclared = columns
      .filter((c) => SECRET_LIKE.test(c.column_name))
      .filter((c) => {
        const t = plan.tables.find((x) => x.name === c.table_name);
        return t && !t.notInCopy && !t.secrets?.[c.column_name];
      })
      .map((c) => `${c.table_name}.${c.column_name}`);
    expect(undeclared).toEqual([]);
    // The declarations name real columns.
    for (const t of plan.tables)
      for (const col of Object.keys(t.secrets ?? {}))
        expect(
          columns.some((c) => c.table_name === t.name && c.column_name === col),
          `${t.name}.${col}`,
        ).toBe(true);
  });

  it("keeps A's API token working for A only; B has no API tokens and no sign-in providers", async () => {
    expect(b.id).not.toBe(a.id);
    expect(await tableRows('api_tokens', a.id)).not.toHaveLength(0);
    expect(await tableRows('oidc_providers', a.id)).not.toHaveLength(0);
    expect(await tableRows('api_tokens', b.id)).toEqual([]);
    expect(await tableRows('oidc_providers', b.id)).toEqual([]);
    // The same member is an administrator of the copy, so only the token's tenant decides.
    expect((await tableRows('memberships', b.id)).map((m) => m.user_id)).toContain(adminA);
    for (let i = 0; i < 5; i++) expect((await api(a.slug, tokenA.token)).status).toBe(200);
    expect((await api(b.slug, tokenA.token)).status).toBe(403);

    // Revoked in A, the token opens nothing anywhere: B never had a copy of it.
    expect(await revokeApiToken(ctx.services.db, a.id, adminA, tokenA.id)).toBe(true);
    expect((await api(a.slug, tokenA.token)).status).toBe(401);
    expect((await api(b.slug, tokenA.token)).status).toBe(401);
  });

  it("opens A's private links only in A: B answers 404 for every one of them", async () => {
    const tokenRoutes = ctx.app.routes.filter(
      (r) => r.method === 'GET' && r.path.startsWith('/:tenant/') && r.path.endsWith('/:token'),
    );
    let checked = 0;
    for (const route of tokenRoutes) {
      if (NO_LOOKUP_ON_GET[route.path]) continue;
      const key = route.path.split('/').slice(-2).join('/');
      const values = params[key] ?? [];
      expect(values, `no test token for ${route.path}`).not.toHaveLength(0);
      for (const v of values) {
        const at = (slug: string) => route.path.replace(':tenant', slug).replace(':token', v.value);
        const own = await ctx.app.request(at(a.slug));
        expect(own.status, `${at(a.slug)} in A`).toBe(200);
        const copy = await ctx.app.request(at(b.slug));
        expect(copy.status, `${at(b.slug)} in the copy`).toBe(404);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('gives every re-issued column of B a value A does not have, and keeps the others', async () => {
    let compared = 0;
    for (const t of plan.tables) {
      for (const [column, what] of Object.entries(t.secrets ?? {})) {
        const of = async (id: string) =>
          (await tableRows(t.name, id)).map((r) => r[column]).filter((v): v is string => v != null);
        const [inA, inB] = [await of(a.id), await of(b.id)];
        expect(inB, `${t.name}.${column}`).toHaveLength(inA.length);
        if (what === 'reissue') {
          expect(
            inB.filter((v) => inA.includes(v)),
            `${t.name}.${column}`,
          ).toEqual([]);
          expect(
            inB.every((v) => /^[0-9a-f]{64}$/.test(v)),
            `${t.name}.${column}`,
          ).toBe(true);
        } else expect(inB.sort(), `${t.name}.${column}`).toEqual(inA.sort());
        compared += inA.length;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  it('restores the same tenant (its slug and id, into an empty database) with its secrets', async () => {
    const target = await openTestDatabase();
    try {
      const r = await restoreTenant(target, { file, plan, storageDir: join(dir, 'files') });
      expect(r.tenantId).toBe(a.id);
      expect(r.copy).toBeUndefined();
      const hashes = async (db: typeof target.db, table: string, column: string) =>
        rows<{ v: string }>(
          await db.execute(
            sql`select ${sql.identifier(column)} as v from ${sql.identifier(table)} where tenant_id = ${a.id} order by 1`,
          ),
        ).map((x) => x.v);
      for (const [table, column] of [
        ['api_tokens', 'token_hash'],
        ['events_registrations', 'token_hash'],
        ['booking_requests', 'cancel_token_hash'],
      ]) {
        const there = await hashes(target.db, table, column);
        expect(there, `${table}.${column}`).not.toHaveLength(0);
        expect(there).toEqual(await hashes(ctx.services.db, table, column));
      }
    } finally {
      await target.close();
    }
  });
});
