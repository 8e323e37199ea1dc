import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';

let ctx: TestContext;
let admin: Agent;
const staff = (path: string) => `/staff/reichweite${path}`;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'reichweite');
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
});
afterAll(() => ctx.close());

describe('website and newsletter forms state their limits', () => {
  it('a page position outside -9999 … 9999 is refused with the range, not silently made 0', async () => {
    const url = staff('/website/pages/new');
    const res = await admin.post(
      url,
      { lang: 'de', kind: 'page', title: 'Über uns', body: 'Wir sind das Team.', sort: '1000000' },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Reihenfolge: Bitte geben Sie eine ganze Zahl von -9.999 bis 9.999 an.');
    expect(html).toContain('value="1000000"');
    expect(html).toContain('value="Über uns"');
    const ok = await admin.post(
      url,
      { lang: 'de', kind: 'page', title: 'Über uns', body: 'Wir sind das Team.', sort: '-5' },
      { csrfFrom: url },
    );
    expect(ok.status).toBe(302);
  });

  it('a title or subject over its length says how long it may be', async () => {
    const page = staff('/website/pages/new');
    const long = await admin.post(
      page,
      { lang: 'de', kind: 'page', title: 'x'.repeat(201), body: 'Text' },
      { csrfFrom: page },
    );
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('Bitte kürzen Sie den Text auf höchstens 200 Zeichen.');

    const issue = staff('/newsletter/issues/new');
    const res = await admin.post(
      `${issue}?lang=en`,
      { subject: 's'.repeat(201), intro: 'Hallo', lang: 'de', areaId: '' },
      { csrfFrom: issue },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Please shorten the text to at most 200 characters.');
  });
});
