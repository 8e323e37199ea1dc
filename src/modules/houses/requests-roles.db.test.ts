/**
 * Requesters' personal data (name, e-mail, phone, the confirmation PDF and the payments export) only
 * for the roles that handle rentals. Jury members and department staff see houses, rooms and
 * availability, not who asked (security review: they could read all of it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { createHouseTestEntities } from './testing/factories.ts';

let ctx: TestContext;
let slug: string;
let requestId: string;
const agents: Record<string, Agent> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  const t = await makeTenant(ctx.services);
  slug = t.slug;
  for (const role of ['admin', 'team', 'jury', 'department'] as const) {
    const u = await makeUser(ctx.services, { tenantId: t.id, role });
    agents[role] = await new Agent(ctx.app).loginAs(ctx.services, u.id);
    tokens[role] = (await createApiToken(ctx.services.db, t.id, u.id, role)).token;
  }
  const made = await createHouseTestEntities({
    services: ctx.services,
    tenant: { id: t.id, slug: t.slug },
    marker: 'Erika Mustermann',
    userId: (await makeUser(ctx.services, { tenantId: t.id, role: 'admin' })).id,
    params: {},
  });
  requestId = made['requests/:id'][0].value;
});
afterAll(() => ctx?.close());

const screens = () => [
  '/houses/requests',
  `/houses/requests/${requestId}`,
  `/houses/requests/${requestId}/confirmation.pdf`,
  '/houses/payments',
  '/houses/payments.csv',
];

describe('who reads booking requests', () => {
  it('rental staff open the requests, the confirmation and the payments', async () => {
    for (const role of ['admin', 'team']) {
      for (const p of screens())
        expect((await agents[role].get(`/staff/${slug}${p}`)).status, `${role} ${p}`).toBe(200);
      const api = await ctx.app.request(`/api/v1/tenants/${slug}/booking-requests/${requestId}`, {
        headers: { authorization: `Bearer ${tokens[role]}` },
      });
      expect(api.status, `${role} API`).toBe(200);
    }
  });

  it('jury members and department staff see the houses, but not the requesters', async () => {
    for (const role of ['jury', 'department']) {
      expect((await agents[role].get(`/staff/${slug}/houses`)).status, `${role} houses`).toBe(200);
      for (const p of screens()) {
        const res = await agents[role].get(`/staff/${slug}${p}`);
        expect(res.status, `${role} ${p}`).toBe(403);
        expect(await res.text()).not.toContain('Erika Mustermann requester');
      }
      const api = await ctx.app.request(`/api/v1/tenants/${slug}/booking-requests/${requestId}`, {
        headers: { authorization: `Bearer ${tokens[role]}` },
      });
      expect(api.status, `${role} API`).toBe(403);
      expect(await api.text()).not.toContain('Erika Mustermann');
    }
  });
});
