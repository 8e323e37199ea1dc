import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';

let ctx: TestContext;
let token: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'flaechen');
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  token = (await createApiToken(ctx.services.db, tenant.id, user.id, 'ranges')).token;
});
afterAll(() => ctx.close());

const get = (path: string, lang: string) =>
  ctx.app.request(`/api/v1/tenants/flaechen${path}`, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': lang },
  });

describe('areas API limits', () => {
  it('states the limit of a number in the caller’s language instead of the schema library’s English', async () => {
    const many = await get('/areas?limit=100000', 'de');
    expect(many.status).toBe(422);
    expect((await many.json()).error.fields.limit).toBe('Bitte geben Sie höchstens 500 an.');

    const far = await get('/places?lat=200&lon=13.4', 'en');
    expect(far.status).toBe(422);
    expect((await far.json()).error.fields.lat).toBe('Please enter at most 90.');
  });
});
