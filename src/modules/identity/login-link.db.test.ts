import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { loginLinkCommand } from './cli.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ config: { baseUrl: 'https://quartier.example.org' } });
});
afterAll(() => ctx.close());

describe('quartier user login-link', () => {
  it('prints a link at the configured base URL that signs in on the app', async () => {
    const tenant = await makeTenant(ctx.services, 'link-a');
    await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin', email: 'lena@example.org' });
    const link = await loginLinkCommand(ctx.services, { email: 'lena@example.org' });
    expect(link).toMatch(/^https:\/\/quartier\.example\.org\/magic\/[A-Za-z0-9_-]{40,}$/);

    const agent = new Agent(ctx.app);
    const path = new URL(link).pathname;
    expect((await agent.get(path)).status).toBe(200);
    const used = await agent.post(path, {});
    expect(used.status).toBe(303);
    expect((await agent.get(`/staff/${tenant.slug}`)).status).toBe(200);
    // One time only.
    expect((await new Agent(ctx.app).get(path)).status).toBe(404);
  });
});
