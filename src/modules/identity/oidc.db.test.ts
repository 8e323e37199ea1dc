import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { listMemberships, tenantIdsOfUser } from '../access/index.ts';
import { oidcIdentities, oidcProviders, sessions } from './db/schema.ts';
import { createProvider } from './oidc.ts';
import { auditOf } from './test/helpers.ts';
import { startTestIdp, type TestIdp } from './test/idp.ts';
import { findUserByEmail } from './users.ts';

let ctx: TestContext;
let idp: TestIdp;
beforeAll(async () => {
  // The test provider runs on this machine: the operator's allow-list lets the server reach it.
  ctx = await createTestContext({ config: { outbound: { allowPrivate: false, allowHosts: ['127.0.0.1'] } } });
  idp = await startTestIdp('http://localhost/sso/callback');
  idp.accounts.set('sub-alice', { email: 'alice@example.org', email_verified: true, name: 'Alice IdP' });
  idp.accounts.set('sub-bob', { email: 'bob@example.org', email_verified: true, name: 'Bob Nobody' });
  idp.accounts.set('sub-carol', { email: 'Carol@Example.org', email_verified: true, name: 'Carol Neu' });
  idp.accounts.set('sub-dave', { email: 'dave@example.org', email_verified: false, name: 'Dave' });
  idp.accounts.set('sub-erin', { email: 'erin@example.org', email_verified: true, name: 'Erin' });
});
afterAll(async () => {
  await idp?.close();
  await ctx?.close();
});

async function providerFor(tenantId: string, autoProvisionRole: string | null = null) {
  return createProvider(
    systemActor(tenantId),
    ctx.services.db,
    {
      name: 'Stadt-Login',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      autoProvisionRole,
    },
    ctx.services.config.outbound,
  );
}

/** Starts at the app, signs in at the provider as `sub`, and returns the app's answer to the callback. */
async function signInVia(agent: Agent, slug: string, providerId: string, sub: string) {
  const start = await agent.get(`/sso/${slug}/${providerId}`);
  expect(start.status).toBe(302);
  const authUrl = new URL(start.headers.get('location')!);
  expect(authUrl.origin).toBe(idp.issuer);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authUrl.searchParams.get('redirect_uri')).toBe('http://localhost/sso/callback');
  idp.loginAs(sub);
  const callback = await idp.authorize(authUrl.toString());
  expect(callback).toMatch(/^\/sso\/callback\?/);
  return { callback, res: await agent.get(callback) };
}

const identitiesOf = (tenantId: string) =>
  ctx.services.db.select().from(oidcIdentities).where(eq(oidcIdentities.tenantId, tenantId));

describe('OpenID Connect single sign-on', () => {
  it('the first sign-in links the identity to the member with that address and starts an oidc session', async () => {
    const tenant = await makeTenant(ctx.services, 'sso-link', 'SSO Stadt');
    const alice = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'team',
      email: 'alice@example.org',
      name: 'Alice',
    });
    const provider = await providerFor(tenant.id);

    const login = await (await new Agent(ctx.app).get(`/login?tenant=${tenant.slug}`)).text();
    expect(login).toContain(`href="/sso/${tenant.slug}/${provider.id}"`);
    expect(login).toContain('Anmelden mit Stadt-Login');

    const agent = new Agent(ctx.app);
    const { res } = await signInVia(agent, tenant.slug, provider.id, 'sub-alice');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/staff/${tenant.slug}`);
    const home = await agent.get(`/staff/${tenant.slug}`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Alice');

    const [session] = await ctx.services.db.select().from(sessions).where(eq(sessions.userId, alice.id));
    expect(session.authMethod).toBe('oidc');
    const me = await agent.get(`/api/v1/tenants/${tenant.slug}/me`);
    expect((await me.json()).email).toBe('alice@example.org');
    const linked = await identitiesOf(tenant.id);
    expect(linked).toMatchObject([
      { issuer: idp.issuer, subject: 'sub-alice', userId: alice.id, loginCount: 1 },
    ]);

    // The next sign-in finds the account through the linked identity.
    const again = await signInVia(new Agent(ctx.app), tenant.slug, provider.id, 'sub-alice');
    expect(again.res.status).toBe(303);
    expect((await identitiesOf(tenant.id))[0].loginCount).toBe(2);
    expect((await auditOf(ctx, tenant.id, 'user')).filter((a) => a.action === 'login')).toHaveLength(2);
  });

  it('rejects a wrong or replayed state, and a callback finished in another browser', async () => {
    const tenant = await makeTenant(ctx.services, 'sso-state');
    const user = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'team',
      email: 'erin@example.org',
    });
    const provider = await providerFor(tenant.id);

    const agent = new Agent(ctx.app);
    const start = await agent.get(`/sso/${tenant.slug}/${provider.id}`);
    idp.loginAs('sub-erin');
    const callback = new URL(await idp.authorize(start.headers.get('location')!), 'http://localhost');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state-we-sent');
    const wrong = await agent.get(`${forged.pathname}${forged.search}`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('in einem anderen Browser begonnen');
    expect(agent.cookie('q_session')).toBeUndefined();

    // The real callback, opened by another browser (login CSRF): refused, without spoiling it for its owner.
    const otherBrowser = new Agent(ctx.app);
    const stolen = await otherBrowser.get(`${callback.pathname}${callback.search}`);
    expect(stolen.status).toBe(400);
    expect(otherBrowser.cookie('q_session')).toBeUndefined();
    expect(await ctx.services.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect(await identitiesOf(tenant.id)).toHaveLength(0);

    const browserKey = agent.cookie('q_sso');
    expect(browserKey).toBeTruthy();
    const own = await agent.get(`${callback.pathname}${callback.search}`);
    expect(own.status).toBe(303);
    // A state works once, even in the browser it belongs to.
    const replay = await new Agent(ctx.app).get(`${callback.pathname}${callback.search}`, {
      cookie: `q_sso=${browserKey}`,
    });
    expect(replay.status).toBe(400);
    expect(await identitiesOf(tenant.id)).toHaveLength(1);
  });

  it('refuses a person without membership when the provider does not create accounts', async () => {
    const tenant = await makeTenant(ctx.services, 'sso-refuse');
    const provider = await providerFor(tenant.id, null);
    const agent = new Agent(ctx.app);
    const { res } = await signInVia(agent, tenant.slug, provider.id, 'sub-bob');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Bitten Sie Ihre Administration um eine Einladung');
    expect(agent.cookie('q_session')).toBeUndefined();
    expect(await findUserByEmail(ctx.services.db, 'bob@example.org')).toBeUndefined();
    expect(await identitiesOf(tenant.id)).toHaveLength(0);
  });

  it('never matches an account by an address the provider marks as unverified', async () => {
    const tenant = await makeTenant(ctx.services, 'sso-unverified');
    await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin', email: 'dave@example.org' });
    const provider = await providerFor(tenant.id, 'team');
    const { res } = await signInVia(new Agent(ctx.app), tenant.slug, provider.id, 'sub-dave');
    // Not linked to the member with that address, and no second account made from it either.
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('keine bestätigte E-Mail-Adresse');
    expect(await identitiesOf(tenant.id)).toHaveLength(0);
    expect(await listMemberships(ctx.services.db, tenant.id)).toHaveLength(1);
  });

  it('with automatic accounts, creates the account and the membership with the configured role', async () => {
    const tenant = await makeTenant(ctx.services, 'sso-auto');
    const provider = await providerFor(tenant.id, 'department');
    const agent = new Agent(ctx.app);
    const { res } = await signInVia(agent, tenant.slug, provider.id, 'sub-carol');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/staff/${tenant.slug}`);
    const carol = (await findUserByEmail(ctx.services.db, 'carol@example.org'))!;
    expect(carol).toMatchObject({ name: 'Carol Neu', email: 'carol@example.org' });
    expect(carol.emailVerifiedAt).not.toBeNull();
    const ms = await listMemberships(ctx.services.db, tenant.id, { userId: carol.id });
    // The provider does not know the department: it stays empty until an administrator sets it.
    expect(ms).toMatchObject([{ role: 'department', scopeAreaId: null, department: null }]);
    expect(await identitiesOf(tenant.id)).toMatchObject([{ subject: 'sub-carol', userId: carol.id }]);
    expect((await agent.get(`/staff/${tenant.slug}`)).status).toBe(200);

    // An account that exists elsewhere is not taken over by another tenant's provider.
    const other = await makeTenant(ctx.services, 'sso-auto-other');
    const otherProvider = await providerFor(other.id, 'admin');
    const { res: refused } = await signInVia(new Agent(ctx.app), other.slug, otherProvider.id, 'sub-carol');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Es gibt schon ein Quartier-Konto');
    expect(await tenantIdsOfUser(ctx.services.db, carol.id)).toEqual([tenant.id]);
  });

  it('explains a cancelled sign-in and an unreachable provider instead of failing', async () => {
    const tenant = await makeTenant(ctx.services, 'sso-errors');
    const provider = await providerFor(tenant.id);
    const agent = new Agent(ctx.app);
    const start = await agent.get(`/sso/${tenant.slug}/${provider.id}`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cancelled = await agent.get(`/sso/callback?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(cancelled.status).toBe(400);
    expect(await cancelled.text()).toContain('abgebrochen oder abgelehnt');

    const down = await createProvider(
      systemActor(tenant.id),
      ctx.services.db,
      {
        name: 'Kaputt',
        issuer: 'http://127.0.0.1:9',
        clientId: 'x',
        clientSecret: 'y',
      },
      ctx.services.config.outbound,
    );
    const res = await new Agent(ctx.app).get(`/sso/${tenant.slug}/${down.id}?lang=en`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('cannot be reached right now');
  });

  it('administrators add and disable providers; the secret is never shown again', async () => {
    const tenant = await makeTenant(ctx.services, 'sso-admin');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const team = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
    expect(
      (await (await new Agent(ctx.app).loginAs(ctx.services, team.id)).get(`/staff/${tenant.slug}/sso`))
        .status,
    ).toBe(403);

    const agent = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const base = `/staff/${tenant.slug}/sso`;
    const page = await (await agent.get(base)).text();
    expect(page).toContain('http://localhost/sso/callback');

    const invalid = await agent.post(base, {
      name: 'Bezirk',
      issuer: 'http://idp.example.org',
      clientId: '',
      clientSecret: 'topsecret-1',
      autoProvisionRole: 'king',
    });
    expect(invalid.status).toBe(422);
    const html = await invalid.text();
    expect(html).toContain('Bitte geben Sie eine https-Adresse ohne Parameter an.');
    expect(html).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(html).toContain('value="Bezirk"');
    expect(html).not.toContain('topsecret-1');

    const added = await agent.post(base, {
      name: 'Bezirk',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: 'topsecret-1',
      autoProvisionRole: '',
    });
    expect(added.status).toBe(303);
    const list = await (await agent.get(base)).text();
    expect(list).toContain('Bezirk');
    expect(list).toContain(idp.clientId);
    expect(list).not.toContain('topsecret-1');
    const [row] = await ctx.services.db
      .select()
      .from(oidcProviders)
      .where(eq(oidcProviders.tenantId, tenant.id));
    expect(row).toMatchObject({ autoProvisionRole: null, enabled: true });
    // Stored sealed, never as typed (oidc-secret.db.test.ts).
    expect(row.clientSecret).toMatch(/^v1:/);
    expect(row.clientSecret).not.toContain('topsecret-1');
    expect((await new Agent(ctx.app).get(`/sso/${tenant.slug}/${row.id}`)).status).toBe(302);

    const disabled = await agent.post(`${base}/${row.id}/disable`, {}, { csrfFrom: base });
    expect(disabled.status).toBe(303);
    expect(await (await new Agent(ctx.app).get(`/login?tenant=${tenant.slug}`)).text()).not.toContain(
      `/sso/${tenant.slug}/${row.id}`,
    );
    expect((await new Agent(ctx.app).get(`/sso/${tenant.slug}/${row.id}`)).status).toBe(404);
    expect((await auditOf(ctx, tenant.id, 'oidc_provider')).map((a) => a.action)).toEqual([
      'update',
      'create',
    ]);
  });
});
