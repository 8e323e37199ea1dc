import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('password sign-in', () => {
  it('signs in with the right password and reaches the staff start page of the only tenant', async () => {
    const tenant = await makeTenant(ctx.services, 'alpha');
    await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'admin',
      email: 'anna@example.org',
      name: 'Anna',
      password: 'correct horse battery',
    });
    const agent = new Agent(ctx.app);
    const res = await agent.post(
      '/login',
      { email: 'Anna@Example.org ', password: 'correct horse battery' },
      { csrfFrom: '/login' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff');
    const chooser = await agent.get('/staff');
    expect(chooser.headers.get('location')).toBe('/staff/alpha');
    const home = await agent.get('/staff/alpha');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Anna');
  });

  it('rejects a wrong password with a message and keeps the e-mail typed', async () => {
    await makeUser(ctx.services, { email: 'bert@example.org', password: 'right password 1' });
    const agent = new Agent(ctx.app);
    const res = await agent.post(
      '/login',
      { email: 'bert@example.org', password: 'wrong' },
      { csrfFrom: '/login' },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('E-Mail-Adresse oder Passwort ist falsch.');
    expect(html).toContain('value="bert@example.org"');
    expect(agent.cookie('q_session')).toBeUndefined();
  });

  it('locks the account after five failures, even for the right password, and says so', async () => {
    await makeUser(ctx.services, { email: 'carla@example.org', password: 'carla secret pw' });
    const agent = new Agent(ctx.app);
    for (let i = 0; i < 4; i++) {
      const r = await agent.post(
        '/login',
        { email: 'carla@example.org', password: `nope${i}` },
        { csrfFrom: '/login' },
      );
      expect(r.status).toBe(422);
    }
    const fifth = await agent.post(
      '/login',
      { email: 'carla@example.org', password: 'nope5' },
      { csrfFrom: '/login' },
    );
    expect(fifth.status).toBe(429);
    const right = await agent.post(
      '/login',
      { email: 'carla@example.org', password: 'carla secret pw' },
      { csrfFrom: '/login' },
    );
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('gesperrt');
  });

  it('refuses a form post without the CSRF token', async () => {
    const agent = new Agent(ctx.app);
    await agent.get('/login');
    const res = await agent.post(
      '/login',
      { email: 'x@example.org', password: 'y' },
      { csrf: 'forged-token-value-000000' },
    );
    expect(res.status).toBe(403);
  });

  it('answers validation errors per field in English when asked', async () => {
    const agent = new Agent(ctx.app);
    const res = await agent.post(
      '/login?lang=en',
      { email: 'not-an-address', password: '' },
      { csrfFrom: '/login?lang=en' },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Please enter a valid e-mail address');
    expect(html).toContain('Please fill in this field.');
    expect(html).toContain('value="not-an-address"');
  });
});
