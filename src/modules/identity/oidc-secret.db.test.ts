/**
 * OpenID Connect client secrets are sealed at rest (AES-256-GCM, key from SECRET_KEY or the key file
 * of the embedded engine, never in the database): the stored value is not the secret, sign-in opens
 * it, a secret stored in plain text before is sealed on its first use, a secret sealed under another
 * key fails with a message that says so (and the sign-in gives its failure page, no 500), and on
 * PostgreSQL without SECRET_KEY a provider cannot be added — the form says why.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { SecretKeyError, seal, sealingKey, setSealingSettings } from '../../platform/secrets/sealed.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { oidcProviders } from './db/schema.ts';
import { providerSecret } from './oidc.ts';
import { providersNeedingSecret } from './oidc-secrets.ts';
import { startTestIdp, type TestIdp } from './test/idp.ts';

let ctx: TestContext;
let idp: TestIdp;

beforeAll(async () => {
  ctx = await createTestContext({ config: { outbound: { allowPrivate: false, allowHosts: ['127.0.0.1'] } } });
  idp = await startTestIdp('http://localhost/sso/callback');
  idp.accounts.set('sub-vera', { email: 'vera.siegel@example.org', email_verified: true, name: 'Vera' });
  idp.accounts.set('sub-uwe', { email: 'uwe.siegel@example.org', email_verified: true, name: 'Uwe' });
});
afterAll(async () => {
  setSealingSettings(ctx.services.config);
  await idp?.close();
  await ctx?.close();
});

const rowOf = async (tenantId: string, id: string) =>
  (
    await ctx.services.db
      .select()
      .from(oidcProviders)
      .where(and(eq(oidcProviders.tenantId, tenantId), eq(oidcProviders.id, id)))
  )[0];

async function insertProvider(tenantId: string, clientSecret: string) {
  const id = newId();
  await ctx.services.db.insert(oidcProviders).values({
    tenantId,
    id,
    name: 'Stadt-Login',
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret,
  });
  return id;
}

async function signIn(slug: string, providerId: string, sub: string) {
  const agent = new Agent(ctx.app);
  const start = await agent.get(`/sso/${slug}/${providerId}`);
  if (start.status !== 302) return start;
  idp.loginAs(sub);
  return agent.get(await idp.authorize(start.headers.get('location')!));
}

describe('OIDC client secrets at rest', () => {
  it('a provider added on the screen is stored sealed, and sign-in works with it', async () => {
    const tenant = await makeTenant(ctx.services, 'siegel-neu');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    await makeUser(ctx.services, { tenantId: tenant.id, role: 'team', email: 'vera.siegel@example.org' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const base = `/staff/${tenant.slug}/sso`;
    const added = await agent.post(
      base,
      { name: 'Stadt-Login', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret },
      { csrfFrom: base },
    );
    expect(added.status).toBe(303);
    const [row] = await ctx.services.db
      .select()
      .from(oidcProviders)
      .where(eq(oidcProviders.tenantId, tenant.id));
    expect(row.clientSecret).toMatch(/^v1:/);
    expect(row.clientSecret).not.toContain(idp.clientSecret);
    expect(await providerSecret(ctx.services.db, row)).toBe(idp.clientSecret);
    const done = await signIn(tenant.slug, row.id, 'sub-vera');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/staff/${tenant.slug}`);
  });

  it('a secret stored in plain text before is read and sealed on its first use', async () => {
    const tenant = await makeTenant(ctx.services, 'siegel-alt');
    await makeUser(ctx.services, { tenantId: tenant.id, role: 'team', email: 'uwe.siegel@example.org' });
    const id = await insertProvider(tenant.id, idp.clientSecret);
    const done = await signIn(tenant.slug, id, 'sub-uwe');
    expect(done.status).toBe(303);
    const row = await rowOf(tenant.id, id);
    expect(row.clientSecret).toMatch(/^v1:/);
    expect(row.clientSecret).not.toContain(idp.clientSecret);
    expect(await providerSecret(ctx.services.db, row)).toBe(idp.clientSecret);
  });

  it('a secret sealed under another key is a clear error, and the sign-in a failure page', async () => {
    const tenant = await makeTenant(ctx.services, 'siegel-fremd');
    const elsewhere = sealingKey({ secretKey: 'ein-anderer-server-'.repeat(3), dataDir: '/nonexistent' });
    const id = await insertProvider(tenant.id, seal(elsewhere, idp.clientSecret));
    const err = await providerSecret(ctx.services.db, await rowOf(tenant.id, id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretKeyError);
    expect((err as SecretKeyError).problem).toBe('wrong_key');
    expect((err as Error).message).toMatch(/cannot be opened with this server’s key.*enter the secret again/);
    const res = await new Agent(ctx.app).get(`/sso/${tenant.slug}/${id}`);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(idp.clientSecret);
    // What the restore command names after a restore on another server: this provider, not one of ours.
    await insertProvider(tenant.id, seal(sealingKey(ctx.services.config), 'eigenes-geheimnis'));
    await ctx.services.db
      .update(oidcProviders)
      .set({ name: 'Aus dem Backup' })
      .where(eq(oidcProviders.id, id));
    expect(await providersNeedingSecret(ctx.services.db, tenant.id)).toEqual(['Aus dem Backup']);
  });

  it('on PostgreSQL without SECRET_KEY a provider cannot be added: the form names the setting', async () => {
    const tenant = await makeTenant(ctx.services, 'siegel-pg');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const base = `/staff/${tenant.slug}/sso`;
    setSealingSettings({
      dataDir: ctx.services.config.dataDir,
      databaseUrl: 'postgres://db.example/quartier',
    });
    try {
      const refused = await agent.post(
        base,
        { name: 'Stadt-Login', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret },
        { csrfFrom: base },
      );
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain('SECRET_KEY');
      expect(html).not.toContain(idp.clientSecret);
      expect(
        await ctx.services.db.select().from(oidcProviders).where(eq(oidcProviders.tenantId, tenant.id)),
      ).toEqual([]);
    } finally {
      setSealingSettings(ctx.services.config);
    }
  });
});
