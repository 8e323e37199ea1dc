import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import {
  Agent,
  actorOfUser,
  createTestContext,
  makeTenant,
  makeUser,
  type TestContext,
} from '../../test/kit.ts';
import { listMemberships, tenantIdsOfUser } from '../access/index.ts';
import { upsertAreas } from '../areas/index.ts';
import { authTokens } from './db/schema.ts';
import { inviteUser } from './invitations.ts';
import { removeMember } from './members.ts';
import { auditOf, lastMailTo, linkPath } from './test/helpers.ts';
import { findUserByEmail } from './users.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function adminOf(slug: string) {
  const tenant = await makeTenant(ctx.services, slug, `Quartier ${slug}`);
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin', name: 'Ada Admin' });
  const agent = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
  return { tenant, admin, agent };
}

/** A person's memberships in every tenant. */
async function membershipsOf(userId: string) {
  const db = ctx.services.db;
  const tenants = await tenantIdsOfUser(db, userId);
  return (await Promise.all(tenants.map((t) => listMemberships(db, t, { userId })))).flat();
}

const tokenCount = async (tenantId: string) =>
  (await ctx.services.db.select().from(authTokens).where(eq(authTokens.tenantId, tenantId))).length;

describe('invitations', () => {
  it('an administrator invites a new person, who accepts, gets an account and lands in the tenant', async () => {
    const { tenant, admin, agent } = await adminOf('inv-new');
    const { ids } = await upsertAreas(ctx.services.db, tenant.id, 'programme', [
      { kind: 'programme', key: 'QM-1', name: 'Soldiner Kiez' },
    ]);
    const areaId = ids.get('QM-1')!;

    const form = await agent.get(`/staff/${tenant.slug}/users`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Soldiner Kiez');
    const sent = await agent.post(`/staff/${tenant.slug}/users/invite`, {
      email: 'Nora@Example.org',
      role: 'team',
      scopeAreaId: areaId,
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Einladung an nora@example.org verschickt');

    const mail = await lastMailTo(ctx, 'nora@example.org');
    expect(mail.subject).toContain('Quartier inv-new');
    expect(mail.tenantId).toBe(tenant.id);
    const path = linkPath(mail.text, '/invite');
    const audit = await auditOf(ctx, tenant.id, 'invitation');
    expect(audit[0]).toMatchObject({ actorUserId: admin.id, action: 'create' });
    expect(audit[0].details).toMatchObject({ email: 'nora@example.org', role: 'team', scopeAreaId: areaId });

    const invitee = new Agent(ctx.app);
    const page = await invitee.get(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Quartier inv-new');
    expect(html).toContain('Quartiersteam');
    expect(html).toContain('Soldiner Kiez');
    expect(html).toContain('name="password"');

    const short = await invitee.post(path, { name: 'Nora Neu', password: 'kurz' });
    expect(short.status).toBe(422);
    const shortHtml = await short.text();
    expect(shortHtml).toContain('mindestens 10 Zeichen');
    expect(shortHtml).toContain('value="Nora Neu"');

    const ok = await invitee.post(path, { name: 'Nora Neu', password: 'ein langes passwort' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/staff/${tenant.slug}`);
    const user = (await findUserByEmail(ctx.services.db, 'nora@example.org'))!;
    expect(user.name).toBe('Nora Neu');
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await membershipsOf(user.id)).toMatchObject([
      { tenantId: tenant.id, role: 'team', scopeAreaId: areaId },
    ]);
    const home = await invitee.get(`/staff/${tenant.slug}`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Nora Neu');

    // The new password works for a normal sign-in.
    const again = await new Agent(ctx.app).post(
      '/login',
      { email: 'nora@example.org', password: 'ein langes passwort' },
      { csrfFrom: '/login' },
    );
    expect(again.status).toBe(303);
  });

  it('an existing account confirms with its password (name prefilled) and gets the extra membership', async () => {
    const { tenant } = await adminOf('inv-existing');
    const other = await makeTenant(ctx.services, 'inv-other');
    const existing = await makeUser(ctx.services, {
      tenantId: other.id,
      role: 'team',
      email: 'olaf@example.org',
      name: 'Olaf Alt',
      password: 'olafs altes passwort',
    });
    const link = await inviteUser(systemActor(tenant.id), ctx.services.db, {
      email: 'olaf@example.org',
      role: 'coordinator',
      baseUrl: 'http://localhost',
      lang: 'en',
    });
    const path = new URL(link).pathname;
    expect((await lastMailTo(ctx, 'olaf@example.org')).subject).toBe(
      'Invitation to Quartier inv-existing on Quartier',
    );

    const agent = new Agent(ctx.app);
    const html = await (await agent.get(path)).text();
    expect(html).toContain('value="Olaf Alt"');
    expect(html).toContain('name="currentPassword"');
    expect(html).not.toContain('name="password"');

    const wrong = await agent.post(path, { name: 'Olaf Alt', currentPassword: 'falsch falsch' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Das Passwort ist falsch.');
    expect(await membershipsOf(existing.id)).toHaveLength(1);

    const ok = await agent.post(path, { name: 'Olaf Alt', currentPassword: 'olafs altes passwort' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/staff/${tenant.slug}`);
    const roles = (await membershipsOf(existing.id))
      .map((m) => `${m.tenantId === tenant.id ? 'new' : 'old'}:${m.role}`)
      .sort();
    expect(roles).toEqual(['new:coordinator', 'old:team']);
    expect((await agent.get(`/staff/${tenant.slug}`)).status).toBe(200);
  });

  it('an existing account that is signed in accepts without a password; a password-less one must sign in first', async () => {
    const { tenant } = await adminOf('inv-signed');
    const paula = await makeUser(ctx.services, { email: 'paula@example.org', name: 'Paula' });
    const link = await inviteUser(systemActor(tenant.id), ctx.services.db, {
      email: 'paula@example.org',
      role: 'jury',
      baseUrl: 'http://localhost',
      lang: 'de',
    });
    const path = new URL(link).pathname;

    // Not signed in: the link alone (which the inviter may have seen) is not enough for an existing account.
    const stranger = new Agent(ctx.app);
    const first = await (await stranger.get(path)).text();
    expect(first).toContain('Bitte melden Sie sich zuerst damit an');
    await stranger.get('/login');
    const refused = await stranger.post(path, { name: 'Mallory', password: 'mallorys passwort' });
    expect(refused.status).toBe(422);
    expect(await membershipsOf(paula.id)).toHaveLength(0);

    const own = await new Agent(ctx.app).loginAs(ctx.services, paula.id);
    const page = await (await own.get(path)).text();
    expect(page).not.toContain('name="currentPassword"');
    const ok = await own.post(path, { name: 'Paula Pohl' });
    expect(ok.status).toBe(303);
    expect(await membershipsOf(paula.id)).toMatchObject([
      { tenantId: tenant.id, role: 'jury', scopeAreaId: null },
    ]);
    expect((await findUserByEmail(ctx.services.db, 'paula@example.org'))!.name).toBe('Paula Pohl');
  });

  it('says clearly when an invitation was already used, has expired or does not exist', async () => {
    const { tenant } = await adminOf('inv-stale');
    const link = await inviteUser(systemActor(tenant.id), ctx.services.db, {
      email: 'quinn@example.org',
      role: 'department',
      department: 'Jugendamt Mitte',
      baseUrl: 'http://localhost',
      lang: 'de',
    });
    const path = new URL(link).pathname;
    const a = new Agent(ctx.app);
    await a.get(path);
    expect((await a.post(path, { name: 'Quinn', password: 'quinns passwort' })).status).toBe(303);

    const b = new Agent(ctx.app);
    const used = await b.get(path);
    expect(used.status).toBe(400);
    expect(await used.text()).toContain('bereits angenommen');
    await b.get('/login');
    const usedPost = await b.post(path, { name: 'Quinn 2', password: 'anderes passwort' });
    expect(usedPost.status).toBe(400);

    const late = await inviteUser(systemActor(tenant.id), ctx.services.db, {
      email: 'rita@example.org',
      role: 'team',
      baseUrl: 'http://localhost',
      lang: 'en',
    });
    await ctx.services.db
      .update(authTokens)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(authTokens.email, 'rita@example.org'));
    const expired = await new Agent(ctx.app).get(`${new URL(late).pathname}?lang=en`);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('This invitation has expired');
    expect(await findUserByEmail(ctx.services.db, 'rita@example.org')).toBeUndefined();

    const unknown = await new Agent(ctx.app).get('/invite/doesnotexist123');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Diese Einladung gibt es nicht');
  });

  it('validates the invitation form per field and keeps what was typed', async () => {
    const { tenant, agent } = await adminOf('inv-valid');
    const res = await agent.post(
      `/staff/${tenant.slug}/users/invite`,
      { email: 'kein-at', role: 'boss', scopeAreaId: '' },
      { csrfFrom: `/staff/${tenant.slug}/users` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    expect(html).toContain('Bitte wählen Sie einen der angebotenen Werte.');
    expect(html).toContain('value="kein-at"');
    await expect(
      inviteUser(systemActor(tenant.id), ctx.services.db, {
        email: 'x@example.org',
        role: 'team',
        scopeAreaId: '0190a000-0000-7000-8000-000000000000',
        baseUrl: 'http://localhost',
        lang: 'de',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('the use cases themselves refuse an administrator of one area: users are managed for the whole tenant', async () => {
    const { tenant } = await adminOf('inv-area-admin');
    const { ids } = await upsertAreas(ctx.services.db, tenant.id, 'programme', [
      { kind: 'programme', key: 'QM-A', name: 'Kiez A' },
    ]);
    const areaAdmin = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'admin',
      scopeAreaId: ids.get('QM-A')!,
    });
    const actor = await actorOfUser(ctx, tenant.id, areaAdmin.id);
    const invite = inviteUser(actor, ctx.services.db, {
      email: 'chef@example.org',
      role: 'admin',
      baseUrl: 'http://localhost',
      lang: 'de',
    });
    await expect(invite).rejects.toMatchObject({ status: 403 });
    const [own] = await membershipsOf(areaAdmin.id);
    await expect(removeMember(actor, ctx.services.db, { membershipId: own.id })).rejects.toMatchObject({
      status: 403,
    });
    expect(await membershipsOf(areaAdmin.id)).toHaveLength(1);
    expect(await tokenCount(tenant.id)).toBe(0);
  });

  it('only administrators see the users screen; a membership is removed after confirmation, never the last admin', async () => {
    const { tenant, admin, agent } = await adminOf('inv-remove');
    const member = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'team',
      name: 'Tina Team',
      email: 'tina@example.org',
    });
    const teamAgent = await new Agent(ctx.app).loginAs(ctx.services, member.id);
    expect((await teamAgent.get(`/staff/${tenant.slug}/users`)).status).toBe(403);
    const nav = await (await agent.get(`/staff/${tenant.slug}`)).text();
    expect(nav).toContain(`/staff/${tenant.slug}/users`);

    const list = await (await agent.get(`/staff/${tenant.slug}/users`)).text();
    expect(list).toContain('tina@example.org');
    const [m] = await membershipsOf(member.id);
    const confirm = await agent.get(`/staff/${tenant.slug}/users/${m.id}/remove`);
    expect(await confirm.text()).toContain('Tina Team');
    const removed = await agent.post(`/staff/${tenant.slug}/users/${m.id}/remove`, {});
    expect(removed.status).toBe(303);
    expect(await membershipsOf(member.id)).toHaveLength(0);
    expect((await teamAgent.get(`/staff/${tenant.slug}`)).status).toBe(403);
    const audit = await auditOf(ctx, tenant.id, 'membership');
    expect(audit[0]).toMatchObject({ action: 'delete', entityId: m.id, actorUserId: admin.id });

    const [own] = await membershipsOf(admin.id);
    const last = await agent.post(
      `/staff/${tenant.slug}/users/${own.id}/remove`,
      {},
      { csrfFrom: `/staff/${tenant.slug}/users/${own.id}/remove` },
    );
    expect(last.status).toBe(409);
    expect(await last.text()).toContain('letzte Administration');
    expect(await membershipsOf(admin.id)).toHaveLength(1);
  });
});
