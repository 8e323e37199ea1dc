import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { localToInstant } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { networkFixture } from './test/fixtures.ts';
import { listOutreach } from './use-cases/outreach.ts';

// The app's clock, fixed: planning dates may lie from 1 June 2021 to 1 June 2031.
const NOW = localToInstant('2026-06-01', '12:00');

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
let token: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.now = () => new Date(NOW);
  fx = await networkFixture(ctx);
  token = (await createApiToken(ctx.services.db, fx.tenant.id, fx.admin.id, 'ranges')).token;
});
afterAll(() => ctx.close());

const api = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/network${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('the network refuses absurd dates and numbers, saying the field and the range', () => {
  it('outreach form: planned for 31.12.9999 with a million people reached comes back with both ranges', async () => {
    const a = await fx.agent(fx.admin.id);
    const res = await a.post(
      `${fx.base}/outreach`,
      {
        areaId: fx.qmA,
        targetGroup: 'families',
        place: 'Spielplatz Beispielstraße',
        plannedOn: '9999-12-31',
        occasion: 'Sommerfest',
        reached: '1000000',
      },
      { csrfFrom: `${fx.base}/outreach/new` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      'Datum: Bitte geben Sie ein Datum zwischen dem 1. Juni 2021 und dem 1. Juni 2031 an.',
    );
    expect(html).toContain('Erreichte Personen: Bitte geben Sie eine ganze Zahl von 0 bis 100.000 an.');
    expect(html).toContain('value="Spielplatz Beispielstraße"');
    expect(await listOutreach(ctx.services.db, fx.tenant.id, null)).toEqual([]);
  });

  it('API: a follow-up on 31.12.9999 and a latitude of 200 are refused in the caller’s language', async () => {
    const concern = await api(
      '/concerns',
      { topic: 'sgb2', language: 'tr', areaId: fx.qmA, followUpOn: '9999-12-31' },
      { 'Idempotency-Key': newId(), 'accept-language': 'en' },
    );
    expect(concern.status).toBe(422);
    expect((await concern.json()).error.fields.followUpOn).toBe(
      'Follow up on: Please enter a date between 1 June 2021 and 1 June 2031.',
    );

    const venue = await api(
      '/venues',
      { name: 'Café am Pol', areaId: fx.qmA, lat: 200, lon: 13.4 },
      { 'accept-language': 'de' },
    );
    expect(venue.status).toBe(422);
    expect((await venue.json()).error.fields.lat).toBe(
      'Breitengrad (WGS84): Bitte geben Sie eine Zahl von -90 bis 90 an.',
    );
  });
});
