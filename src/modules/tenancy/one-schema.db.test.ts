/**
 * The tenant's settings have one schema (schemas.ts): the settings screen and its use case refuse
 * the same values with the same messages, and a refused form keeps everything typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { SETTINGS_LIMITS } from './schemas.ts';
import { saveTenantSettings, validateTenantSettings } from './tenants.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const tooLong = (max: number) =>
  `Bitte kürzen Sie den Text auf höchstens ${max.toLocaleString('de-DE')} Zeichen.`;

describe('tenant settings are read with their schema', () => {
  it('a name too short, a legal text over its limit and a wrong address are named; the rest comes back; the use case refuses them too', async () => {
    const tenant = await makeTenant(ctx.services);
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const url = `/staff/${tenant.slug}/settings`;
    const bad = {
      name: 'K',
      imprintDe: 'i'.repeat(SETTINGS_LIMITS.legalText + 1),
      imprintEn: 'Imprint of the neighbourhood office',
      privacyDe: '',
      privacyEn: '',
      contactEmail: 'kein-at',
      attribution: 'Karten: OpenStreetMap',
    };
    const res = await a.post(url, bad, { csrfFrom: url });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`mindestens ${SETTINGS_LIMITS.name.min} Zeichen`);
    expect(html).toContain(tooLong(SETTINGS_LIMITS.legalText));
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    expect(html).toContain('Imprint of the neighbourhood office');
    for (const v of ['K', 'kein-at', 'Karten: OpenStreetMap']) expect(html).toContain(`value="${v}"`);

    expect(Object.keys(validateTenantSettings(bad)).sort()).toEqual(['contactEmail', 'imprintDe', 'name']);
    await expect(saveTenantSettings(systemActor(tenant.id), ctx.services.db, bad)).rejects.toMatchObject({
      status: 422,
    });
    // At the limits it is saved.
    const ok = await a.post(
      url,
      {
        ...bad,
        name: 'K'.repeat(SETTINGS_LIMITS.name.max),
        imprintDe: 'i'.repeat(SETTINGS_LIMITS.legalText),
        contactEmail: 'kiez@example.org',
      },
      { csrfFrom: url },
    );
    expect(ok.status).toBe(303);
  });
});
