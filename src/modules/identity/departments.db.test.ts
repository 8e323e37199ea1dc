import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { addMembership, listDepartments, listMemberships } from '../access/index.ts';
import { inviteCommand } from './cli.ts';
import { authTokens } from './db/schema.ts';
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

const membershipsOf = (tenantId: string, userId: string) =>
  listMemberships(ctx.services.db, tenantId, { userId });

/** A department member whose membership has no department yet (as single sign-on creates them). */
async function departmentMemberWithout(tenantId: string, name: string) {
  const user = await makeUser(ctx.services, { tenantId, role: 'department', name });
  const [m] = await membershipsOf(tenantId, user.id);
  return { user, membership: m };
}

describe('department (Fachamt) of department staff', () => {
  it('an invitation carries the department into the membership, and the tenant then knows it', async () => {
    const { tenant, admin, agent } = await adminOf('dep-invite');
    const form = await (await agent.get(`/staff/${tenant.slug}/users`)).text();
    expect(form).toContain('id="invite-department"');
    expect(form).toContain('list="known-departments"');
    expect(form).toContain('Nur für die Rolle „Fachamt“');

    const sent = await agent.post(`/staff/${tenant.slug}/users/invite`, {
      email: 'jana@example.org',
      role: 'department',
      scopeAreaId: '',
      department: '  Jugendamt   Mitte ',
    });
    expect(sent.status).toBe(200);
    const sentHtml = await sent.text();
    expect(sentHtml).toContain('Einladung an jana@example.org verschickt');
    // The open invitation shows its department.
    expect(sentHtml).toMatch(/<td[^>]*>Jugendamt Mitte<\/td>/);

    const [token] = await ctx.services.db
      .select()
      .from(authTokens)
      .where(
        and(
          eq(authTokens.tenantId, tenant.id),
          eq(authTokens.email, 'jana@example.org'),
          eq(authTokens.purpose, 'invitation'),
        ),
      );
    expect(token.data).toMatchObject({ role: 'department', department: 'Jugendamt Mitte' });
    const mail = await lastMailTo(ctx, 'jana@example.org');
    expect(mail.text).toContain('Fachamt: Jugendamt Mitte');
    const [created] = await auditOf(ctx, tenant.id, 'invitation');
    expect(created).toMatchObject({ actorUserId: admin.id, action: 'create' });
    expect(created.details).toMatchObject({ role: 'department', department: 'Jugendamt Mitte' });

    const path = linkPath(mail.text, '/invite');
    const invitee = new Agent(ctx.app);
    const page = await (await invitee.get(path)).text();
    expect(page).toContain('Jugendamt Mitte');
    const ok = await invitee.post(path, { name: 'Jana Jugendamt', password: 'ein langes passwort' });
    expect(ok.status).toBe(303);

    const jana = (await findUserByEmail(ctx.services.db, 'jana@example.org'))!;
    expect(await membershipsOf(tenant.id, jana.id)).toMatchObject([
      { role: 'department', scopeAreaId: null, department: 'Jugendamt Mitte', createdBy: admin.id },
    ]);
    expect(await listDepartments(ctx.services.db, tenant.id)).toEqual(['Jugendamt Mitte']);

    // The users screen lists the department and offers it for the next invitation.
    const list = await (await agent.get(`/staff/${tenant.slug}/users`)).text();
    expect(list).toContain('<option value="Jugendamt Mitte">');
    expect(list).toContain('value="Jugendamt Mitte"');
    expect(list).toContain(`action="/staff/${tenant.slug}/users/`);

    // Typed in other capitals, a known department keeps the tenant's spelling.
    await agent.post(`/staff/${tenant.slug}/users/invite`, {
      email: 'jonas@example.org',
      role: 'department',
      department: 'JUGENDAMT mitte',
    });
    const [second] = await ctx.services.db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.tenantId, tenant.id), eq(authTokens.email, 'jonas@example.org')));
    expect(second.data).toMatchObject({ department: 'Jugendamt Mitte' });
  });

  it('requires the department for department staff, keeps what was typed, and ignores it for other roles', async () => {
    const { tenant, agent } = await adminOf('dep-valid');
    const res = await agent.post(
      `/staff/${tenant.slug}/users/invite`,
      { email: 'kai@example.org', role: 'department', scopeAreaId: '', department: '   ' },
      { csrfFrom: `/staff/${tenant.slug}/users` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Fachamt: Bitte geben Sie das Fachamt an');
    expect(html).toContain('href="#invite-department"');
    expect(html).toContain('value="kai@example.org"');
    expect(html).toContain('<option value="department" selected="">');
    expect(
      await ctx.services.db
        .select()
        .from(authTokens)
        .where(and(eq(authTokens.tenantId, tenant.id), eq(authTokens.email, 'kai@example.org'))),
    ).toEqual([]);

    // In English, and a name that is too long is refused with the limit, the typed text kept.
    await agent.get(`/staff/${tenant.slug}/users?lang=en`);
    const long = 'Amt '.repeat(31).trim();
    const tooLong = await agent.post(`/staff/${tenant.slug}/users/invite`, {
      email: 'kai@example.org',
      role: 'department',
      department: long,
    });
    expect(tooLong.status).toBe(422);
    const longHtml = await tooLong.text();
    expect(longHtml).toContain('at most 120 characters');
    expect(longHtml).toContain(`value="${long}"`);
    const missing = await agent.post(`/staff/${tenant.slug}/users/invite`, {
      email: 'kai@example.org',
      role: 'department',
      department: '',
    });
    expect(await missing.text()).toContain('Please enter the department, for example “Jugendamt Mitte”.');

    // Another role: the department is not stored.
    const team = await agent.post(`/staff/${tenant.slug}/users/invite`, {
      email: 'tom@example.org',
      role: 'team',
      department: 'Jugendamt Mitte',
    });
    expect(team.status).toBe(200);
    const [token] = await ctx.services.db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.tenantId, tenant.id), eq(authTokens.email, 'tom@example.org')));
    expect(token.data).toMatchObject({ role: 'team', department: null });
  });

  it('an administrator changes the department of a member; the change is audited', async () => {
    const { tenant, admin, agent } = await adminOf('dep-change');
    const { user, membership } = await departmentMemberWithout(tenant.id, 'Sami Sozialamt');
    const users = `/staff/${tenant.slug}/users`;
    const before = await (await agent.get(users)).text();
    expect(before).toContain(`id="department-${membership.id}"`);
    expect(before).toContain('Noch nicht festgelegt');

    const empty = await agent.post(`${users}/${membership.id}/department`, { department: ' ' });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Bitte geben Sie das Fachamt an');
    expect(emptyHtml).toContain(`href="#department-${membership.id}"`);

    const saved = await agent.post(
      `${users}/${membership.id}/department`,
      { department: 'Sozialamt Neukölln' },
      { csrfFrom: users },
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${users}?department=1`);
    expect(await membershipsOf(tenant.id, user.id)).toMatchObject([
      { id: membership.id, department: 'Sozialamt Neukölln' },
    ]);
    expect(await (await agent.get(`${users}?department=1`)).text()).toContain('Das Fachamt wurde geändert.');
    const [audit] = await auditOf(ctx, tenant.id, 'membership');
    expect(audit).toMatchObject({ action: 'update', entityId: membership.id, actorUserId: admin.id });
    expect(audit.details).toMatchObject({
      userId: user.id,
      department: { from: null, to: 'Sozialamt Neukölln' },
    });
    expect(await listDepartments(ctx.services.db, tenant.id)).toEqual(['Sozialamt Neukölln']);

    // The same person cannot hold the role twice for one department.
    const second = await addMembership(ctx.services.db, {
      tenantId: tenant.id,
      userId: user.id,
      role: 'department',
      department: 'Jugendamt Mitte',
    });
    const twin = await agent.post(
      `${users}/${second.id}/department`,
      { department: 'sozialamt neukölln' },
      { csrfFrom: users },
    );
    expect(twin.status).toBe(422);
    const twinHtml = await twin.text();
    expect(twinHtml).toContain('Die Person hat diese Rolle für dieses Fachamt schon.');
    expect(twinHtml).toContain('value="sozialamt neukölln"');

    // Only department memberships have a department; only administrators change it.
    const [own] = await membershipsOf(tenant.id, admin.id);
    const notDept = await agent.post(
      `${users}/${own.id}/department`,
      { department: 'X' },
      { csrfFrom: users },
    );
    expect(notDept.status).toBe(409);
    const teamUser = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
    const team = await new Agent(ctx.app).loginAs(ctx.services, teamUser.id);
    const refused = await team.post(
      `${users}/${membership.id}/department`,
      { department: 'Jugendamt Mitte' },
      { csrfFrom: `/staff/${tenant.slug}` },
    );
    expect(refused.status).toBe(403);
    const after = await membershipsOf(tenant.id, user.id);
    expect(after.find((m) => m.id === membership.id)?.department).toBe('Sozialamt Neukölln');
  });

  it('the command line needs --department for department staff and passes it on', async () => {
    const tenant = await makeTenant(ctx.services, 'dep-cli');
    const base = { tenant: 'dep-cli', email: 'cli-dep@example.org', role: 'department' };
    const missing = inviteCommand(ctx.services, base);
    await expect(missing).rejects.toBeInstanceOf(AppError);
    await expect(missing).rejects.toThrow('The role "department" needs --department');
    await expect(inviteCommand(ctx.services, { ...base, department: '  ' })).rejects.toThrow(
      'needs --department',
    );
    await expect(inviteCommand(ctx.services, { ...base, department: 'x'.repeat(121) })).rejects.toThrow(
      '--department: Please shorten the text to at most 120 characters.',
    );

    const link = await inviteCommand(ctx.services, { ...base, department: 'Jugendamt Mitte' });
    const agent = new Agent(ctx.app);
    const path = new URL(link).pathname;
    await agent.get(path);
    expect((await agent.post(path, { name: 'Cleo', password: 'cleos passwort 1' })).status).toBe(303);
    const cleo = (await findUserByEmail(ctx.services.db, 'cli-dep@example.org'))!;
    expect(await membershipsOf(tenant.id, cleo.id)).toMatchObject([
      { role: 'department', department: 'Jugendamt Mitte' },
    ]);
  });
});
