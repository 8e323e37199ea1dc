import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { auditOf } from './test/helpers.ts';
import { getUser } from './users.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createTokenViaUi(agent: Agent, slug: string, name: string): Promise<string> {
  const res = await agent.post(
    `/staff/${slug}/account/tokens`,
    { tokenName: name },
    { csrfFrom: `/staff/${slug}/account` },
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const token = /<code class="q-secret" id="new-token">(qrt_[A-Za-z0-9_-]+)<\/code>/.exec(
    await res.text(),
  )?.[1];
  expect(token).toBeDefined();
  return token!;
}

describe('personal API tokens', () => {
  it('are created on the account page, shown once, work as Bearer, and stop working when revoked', async () => {
    const tenant = await makeTenant(ctx.services, 'tok-a');
    const user = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'team',
      email: 'wim@example.org',
      name: 'Wim',
    });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const token = await createTokenViaUi(agent, tenant.slug, 'Auswertung');

    const me = await ctx.app.request(`/api/v1/tenants/${tenant.slug}/me`, { headers: bearer(token) });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      id: user.id,
      email: 'wim@example.org',
      name: 'Wim',
      roles: [{ role: 'team', scopeAreaId: null }],
    });

    // Listed afterwards, but never again in full.
    const page = await (await agent.get(`/staff/${tenant.slug}/account`)).text();
    expect(page).toContain('Auswertung');
    expect(page).toContain(token.slice(0, 10));
    expect(page).not.toContain(token);

    const created = await auditOf(ctx, tenant.id, 'api_token');
    expect(created[0]).toMatchObject({ action: 'create', actorUserId: user.id });
    const tokenId = created[0].entityId!;

    const revoked = await agent.post(
      `/staff/${tenant.slug}/account/tokens/${tokenId}/revoke`,
      {},
      { csrfFrom: `/staff/${tenant.slug}/account` },
    );
    expect(revoked.status).toBe(303);
    const after = await ctx.app.request(`/api/v1/tenants/${tenant.slug}/me`, { headers: bearer(token) });
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('invalid_token');
    expect((await auditOf(ctx, tenant.id, 'api_token'))[0]).toMatchObject({
      action: 'delete',
      entityId: tokenId,
    });
  });

  it('a token of tenant A is refused on tenant B, even for a member of both', async () => {
    const a = await makeTenant(ctx.services, 'tok-b1');
    const b = await makeTenant(ctx.services, 'tok-b2');
    const user = await makeUser(ctx.services, { tenantId: a.id, role: 'admin', email: 'xena@example.org' });
    await makeUser(ctx.services, { tenantId: b.id, role: 'admin' });
    const { addMembership } = await import('../access/index.ts');
    await addMembership(ctx.services.db, { tenantId: b.id, userId: user.id, role: 'team' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const token = await createTokenViaUi(agent, a.slug, 'nur A');
    expect((await ctx.app.request(`/api/v1/tenants/${a.slug}/me`, { headers: bearer(token) })).status).toBe(
      200,
    );
    const other = await ctx.app.request(`/api/v1/tenants/${b.slug}/me`, { headers: bearer(token) });
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('token_other_tenant');
    expect(
      (await ctx.app.request(`/api/v1/tenants/${a.slug}/me`, { headers: bearer('qrt_madeup') })).status,
    ).toBe(401);
  });

  it('the /me route is described in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/tenants/{tenant}/me');
  });

  it('the token name is validated', async () => {
    const tenant = await makeTenant(ctx.services, 'tok-c');
    const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'jury' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const res = await agent.post(
      `/staff/${tenant.slug}/account/tokens`,
      { tokenName: '  ' },
      { csrfFrom: `/staff/${tenant.slug}/account` },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Bitte füllen Sie dieses Feld aus.');
  });
});

describe('own account', () => {
  it('changes the name', async () => {
    const tenant = await makeTenant(ctx.services, 'acc-a');
    const user = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'department',
      name: 'Alter Name',
    });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const empty = await agent.post(
      `/staff/${tenant.slug}/account/name`,
      { name: '' },
      { csrfFrom: `/staff/${tenant.slug}/account` },
    );
    expect(empty.status).toBe(422);
    const ok = await agent.post(
      `/staff/${tenant.slug}/account/name`,
      { name: 'Neuer Name' },
      { csrfFrom: `/staff/${tenant.slug}/account` },
    );
    expect(ok.status).toBe(303);
    expect(await (await agent.get(ok.headers.get('location')!)).text()).toContain(
      'Ihr Name wurde gespeichert.',
    );
    expect((await getUser(ctx.services.db, user.id))!.name).toBe('Neuer Name');
  });

  it('changes the password with the current one and signs out the other devices only', async () => {
    const tenant = await makeTenant(ctx.services, 'acc-b');
    const user = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'team',
      email: 'yara@example.org',
      password: 'yaras altes pw',
    });
    const here = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const elsewhere = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const base = `/staff/${tenant.slug}/account`;

    const wrong = await here.post(
      `${base}/password`,
      { currentPassword: 'falsch!', password: 'yaras neues pw' },
      { csrfFrom: base },
    );
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Das bisherige Passwort ist falsch.');
    const short = await here.post(
      `${base}/password`,
      { currentPassword: 'yaras altes pw', password: 'kurz' },
      { csrfFrom: base },
    );
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('mindestens 10 Zeichen');

    const ok = await here.post(
      `${base}/password`,
      { currentPassword: 'yaras altes pw', password: 'yaras neues pw' },
      { csrfFrom: base },
    );
    expect(ok.status).toBe(303);
    expect((await here.get(base)).status).toBe(200);
    expect((await elsewhere.get(base)).status).toBe(302);
    const login = await new Agent(ctx.app).post(
      '/login',
      { email: 'yara@example.org', password: 'yaras neues pw' },
      { csrfFrom: '/login' },
    );
    expect(login.status).toBe(303);
  });

  it('refuses a form post without the session CSRF token', async () => {
    const tenant = await makeTenant(ctx.services, 'acc-c');
    const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const res = await agent.post(
      `/staff/${tenant.slug}/account/tokens`,
      { tokenName: 'x' },
      { csrf: 'forged-token-value-000000' },
    );
    expect(res.status).toBe(403);
  });
});
