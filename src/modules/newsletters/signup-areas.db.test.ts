/**
 * A reader follows only areas the sign-up form offers (the tenant's programme areas). The rule is in
 * the use cases, not only in the form: an area of another tenant or a district, posted to the form
 * or handed to signUp / updatePreferences directly, is a field message and nothing is stored.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { getAreaByKey, upsertAreas } from '../areas/index.ts';
import { subscribers } from './db/schema.ts';
import { signUp, updatePreferences } from './use-cases/subscribers.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let own: string;
let district: string;
let foreign: string;

async function programme(tenantId: string, key: string) {
  await upsertAreas(ctx.services.db, tenantId, 'programme', [
    { kind: 'programme', key, name: `Quartier ${key}` },
  ]);
  return (await getAreaByKey(ctx.services.db, tenantId, 'programme', key))!.id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await makeTenant(ctx.services, 'brief-a');
  const other = await makeTenant(ctx.services, 'brief-b');
  own = await programme(tenant.id, 'QM-1');
  foreign = await programme(other.id, 'QM-9');
  await upsertAreas(ctx.services.db, tenant.id, 'district', [
    { kind: 'district', key: 'B1', name: 'Bezirk' },
  ]);
  district = (await getAreaByKey(ctx.services.db, tenant.id, 'district', 'B1'))!.id;
});
afterAll(() => ctx?.close());

const stored = async (email: string) =>
  ctx.services.db
    .select()
    .from(subscribers)
    .where(and(ofTenant(subscribers, tenant.id), eq(subscribers.email, email)));

const input = (email: string, areaIds: string[]) => ({
  email,
  lang: 'de' as const,
  areaIds,
  topics: [],
  consentText: 'Ja',
});

async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (err) {
    return err;
  }
  return 'not refused';
}

describe('newsletter areas are checked in the use cases', () => {
  it('signUp refuses another tenant’s area and a district, and stores nothing', async () => {
    for (const [i, area] of [foreign, district, '00000000-0000-7000-8000-000000000000'].entries()) {
      const email = `fremd${i}@example.org`;
      const err = await refusal(() => signUp(ctx.services, tenant, input(email, [own, area])));
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fields).toEqual({ areas: 'validation.choice' });
      expect(await stored(email)).toEqual([]);
    }
    await signUp(ctx.services, tenant, input('eigen@example.org', [own]));
    expect((await stored('eigen@example.org'))[0].areaIds).toEqual([own]);
  });

  it('updatePreferences refuses them too and keeps the old choice', async () => {
    const [s] = await stored('eigen@example.org');
    const err = await refusal(() =>
      updatePreferences(ctx.services.db, tenant.id, s.id, { lang: 'de', areaIds: [foreign], topics: [] }),
    );
    expect((err as ValidationError).fields).toEqual({ areas: 'validation.choice' });
    expect((await stored('eigen@example.org'))[0].areaIds).toEqual([own]);
  });

  it('a foreign area posted to the public form is a field message, nothing stored', async () => {
    const visitor = new Agent(ctx.app);
    const res = await visitor.post(
      `/${tenant.slug}/newsletter`,
      { email: 'formular@example.org', consent: 'on', language: 'de', areas: [foreign] },
      { csrfFrom: `/${tenant.slug}/newsletter` },
    );
    expect(res.status).toBe(422);
    expect(visitor.lastHtml).toContain('href="#areas');
    expect(await stored('formular@example.org')).toEqual([]);
  });
});
