/**
 * Tenant-level administration needs a tenant-wide grant. An administrator limited to one area may
 * administer that area, but not the tenant's members, single sign-on, legal texts, outbox, audit log
 * or boundary imports — otherwise they could invite a tenant-wide administrator and so lift their own
 * limit. (Found in a review: these screens checked the permission "anywhere in the tenant".)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAreaByKey, upsertAreas } from '../src/modules/areas/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let slug: string;
let wide: Agent;
let limited: Agent;

const SCREENS = ['/users', '/sso', '/settings', '/admin/outbox', '/admin/audit', '/areas/import'];

beforeAll(async () => {
  ctx = await createTestContext();
  const t = await makeTenant(ctx.services);
  slug = t.slug;
  await upsertAreas(ctx.services.db, t.id, 'district', [{ kind: 'district', key: 'D1', name: 'Bezirk' }]);
  const area = (await getAreaByKey(ctx.services.db, t.id, 'district', 'D1'))!;
  const a = await makeUser(ctx.services, { tenantId: t.id, role: 'admin' });
  const b = await makeUser(ctx.services, { tenantId: t.id, role: 'admin', scopeAreaId: area.id });
  wide = await new Agent(ctx.app).loginAs(ctx.services, a.id);
  limited = await new Agent(ctx.app).loginAs(ctx.services, b.id);
});
afterAll(() => ctx?.close());

describe('tenant-level administration', () => {
  it('opens for a tenant-wide administrator', async () => {
    for (const p of SCREENS) expect((await wide.get(`/staff/${slug}${p}`)).status, p).toBe(200);
  });

  it('is refused to an administrator limited to one area', async () => {
    for (const p of SCREENS) expect((await limited.get(`/staff/${slug}${p}`)).status, p).toBe(403);
  });

  it('refuses the writes too: inviting a tenant-wide administrator, changing the legal texts', async () => {
    await limited.get(`/staff/${slug}`);
    const invite = await limited.post(`/staff/${slug}/users/invite`, {
      email: 'new-admin@example.org',
      name: 'Neue Verwaltung',
      role: 'admin',
      scopeAreaId: '',
    });
    expect(invite.status).toBe(403);
    const settings = await limited.post(`/staff/${slug}/settings`, { name: 'Übernommen' });
    expect(settings.status).toBe(403);
    const outbox = await ctx.services.database.executor.executeSql(
      `select count(*)::int as n from mail_outbox where "to" = 'new-admin@example.org'`,
    );
    expect((outbox.rows[0] as { n: number }).n).toBe(0);
  });
});
