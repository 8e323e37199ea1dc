import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToInstant } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { events } from './db/schema.ts';
import { eventsFixture } from './test/fixtures.ts';

// The app's clock, fixed: the allowed dates are 1 June 2021 … 1 June 2031.
const NOW = localToInstant('2026-06-01', '12:00');

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
let token: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.now = () => new Date(NOW);
  fx = await eventsFixture(ctx);
  token = (await createApiToken(ctx.services.db, fx.tenant.id, fx.admin.id, 'limits')).token;
});
afterAll(() => ctx.close());

const form = (over: Record<string, string>) => ({
  kind: 'event',
  title: 'Silvesterparty',
  date: '2026-12-31',
  startTime: '20:00',
  endTime: '23:30',
  areaId: fx.qmA,
  locationName: 'Nachbarschaftshaus',
  registrationRequired: 'on',
  capacity: '40',
  ...over,
});

const api = (body: unknown, lang: string) =>
  ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'accept-language': lang,
    },
    body: JSON.stringify(body),
  });

describe('events refuse absurd dates and numbers, saying the field and the range', () => {
  it('staff form: an event on 31.12.9999 and a million places come back with the range, nothing saved, nothing lost', async () => {
    const agent = await fx.agent(fx.admin.id);
    const res = await agent.post(
      `/staff/${fx.tenant.slug}/events/new`,
      form({ date: '9999-12-31', capacity: '1000000' }),
      { csrfFrom: `/staff/${fx.tenant.slug}/events/new` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      'Datum: Bitte geben Sie ein Datum zwischen dem 1. Juni 2021 und dem 1. Juni 2031 an.',
    );
    expect(html).toContain('Plätze: Bitte geben Sie eine ganze Zahl von 1 bis 100.000 an.');
    // What was typed comes back.
    expect(html).toContain('value="Silvesterparty"');
    expect(html).toContain('value="9999-12-31"');
    expect(html).toContain('value="1000000"');
    expect(
      await ctx.services.db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, 'Silvesterparty'))),
    ).toHaveLength(0);

    // The same form inside the window is accepted.
    const ok = await agent.post(`/staff/${fx.tenant.slug}/events/new`, form({ date: '2031-06-01' }), {
      csrfFrom: `/staff/${fx.tenant.slug}/events/new`,
    });
    expect(ok.status).toBe(302);
    expect(
      await ctx.services.db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, 'Silvesterparty'))),
    ).toHaveLength(1);
  });

  it('public submission: a date five years and a day ahead is refused in the visitor’s language', async () => {
    const { Agent } = await import('../../test/kit.ts');
    const visitor = new Agent(ctx.app);
    const url = `/${fx.tenant.slug}/events/submit?lang=en`;
    const res = await visitor.post(
      url,
      {
        title: 'Hoffest',
        date: '2031-06-02',
        startTime: '15:00',
        endTime: '18:00',
        locationName: 'Hof',
        organiserName: 'Hofgemeinschaft',
        submitterName: 'Ida',
        submitterEmail: 'ida@example.org',
        criteria: 'on',
      },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Date: Please enter a date between 1 June 2026 and 1 June 2031.');
  });

  it('API: the same limits with the same messages, in the caller’s language', async () => {
    const res = await api(
      {
        title: 'Silvesterparty',
        date: '9999-12-31',
        startTime: '20:00',
        endTime: '23:30',
        areaId: fx.qmA,
        locationName: 'Nachbarschaftshaus',
        registrationRequired: true,
        capacity: 1_000_000,
      },
      'en',
    );
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.fields.date).toBe('Date: Please enter a date between 1 June 2021 and 1 June 2031.');
    expect(error.fields.capacity).toBe('Places: Please enter a whole number from 1 to 100,000.');

    // A schema limit of the API itself speaks the caller's language too, with the limit.
    const list = await ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events?limit=5000`, {
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'de' },
    });
    expect(list.status).toBe(422);
    expect((await list.json()).error.fields.limit).toBe('Bitte geben Sie höchstens 200 an.');
  });
});
