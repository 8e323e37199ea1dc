import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';

describe('the site start page (/) is public; the staff sign-in is a link', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    // Its own database: it looks at every tenant, or at state other files change.
    ctx = await createTestContext({ fresh: true });
  });
  afterAll(() => ctx.close());

  it('before any tenant exists: says so, with the sign-in in the footer', async () => {
    const res = await new Agent(ctx.app).get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Diese Website ist noch nicht eingerichtet.');
    expect(html).toContain('<a href="/login">Anmeldung für Mitarbeitende</a>');
  });

  it('one tenant: / is its public start page, in the chosen language, with the sign-in linked', async () => {
    await makeTenant(ctx.services, 'kiez', 'Kiez Mitte');
    const visitor = new Agent(ctx.app);
    const res = await visitor.get('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/kiez');
    expect((await visitor.get('/?lang=tr')).headers.get('location')).toBe('/kiez?lang=tr');

    const start = await visitor.get('/kiez');
    expect(start.status).toBe(200);
    const html = await start.text();
    expect(html).toContain('Kiez Mitte');
    expect(html).toContain('href="/login?tenant=kiez"');
    // Signed in or not, / never imposes the sign-in.
    const admin = await makeUser(ctx.services, { role: 'admin' });
    const member = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    expect((await member.get('/')).headers.get('location')).toBe('/kiez');
  });

  it('several tenants: a list linking to each public start page, in every language', async () => {
    await makeTenant(ctx.services, 'nord', 'Nordkiez');
    const res = await new Agent(ctx.app).get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Willkommen</h1>');
    expect(html).toContain('<a href="/kiez">Kiez Mitte</a>');
    expect(html).toContain('<a href="/nord">Nordkiez</a>');
    expect(html).toContain('<a href="/login">Anmeldung für Mitarbeitende</a>');
    expect(html).not.toContain('type="password"');

    const ar = await (await new Agent(ctx.app).get('/?lang=ar')).text();
    expect(ar).toContain('<html lang="ar" dir="rtl"');
    expect(ar).toContain('<h1>أهلًا وسهلًا</h1>');
    expect(ar).toContain('<a href="/nord">Nordkiez</a>');
    const ls = await (await new Agent(ctx.app).get('/?lang=de-x-ls')).text();
    expect(ls).toContain('Bitte wählen Sie eine Gruppe aus.');
  });
});
