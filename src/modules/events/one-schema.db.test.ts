/**
 * One schema per input: the staff form, the JSON API and the OpenAPI document all come from the
 * event schema (schemas.ts), so the limits cannot drift apart and a bad value gets the same message
 * whichever way it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUMBER_LIMITS } from '../../platform/http/limits.ts';
import { localToInstant } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { EVENT_LIMITS } from './schemas.ts';
import { eventsFixture } from './test/fixtures.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
let token: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.now = () => localToInstant('2026-06-01', '12:00');
  fx = await eventsFixture(ctx);
  token = (await createApiToken(ctx.services.db, fx.tenant.id, fx.admin.id, 'one-schema')).token;
});
afterAll(() => ctx.close());

const good = () => ({
  title: 'Kiezfest',
  date: '2026-07-04',
  startTime: '15:00',
  endTime: '19:00',
  areaId: fx.qmA,
  locationName: 'Hof der Schule',
});

describe('the event input has one schema for the form, the API and the OpenAPI document', () => {
  it('the OpenAPI document states the limits the form checks', async () => {
    const doc = await (await ctx.app.request('/api/v1/openapi.json')).json();
    const props = doc.components.schemas.EventInput.properties;
    expect(props.title.maxLength).toBe(EVENT_LIMITS.title);
    expect(props.title.minLength).toBe(1);
    expect(props.locationName.anyOf?.[0]?.maxLength ?? props.locationName.maxLength).toBe(
      EVENT_LIMITS.locationName,
    );
    const capacity =
      props.capacity.anyOf?.find((s: { type?: string }) => s.type === 'integer') ?? props.capacity;
    expect([capacity.minimum, capacity.maximum]).toEqual([
      NUMBER_LIMITS.persons.min,
      NUMBER_LIMITS.persons.max,
    ]);
    expect(props.date.format).toBe('date');
    expect(JSON.stringify(props.contactEmail)).toContain('"format":"email"');
    expect(JSON.stringify(props.onlineUrl)).toContain(`"maxLength":${EVENT_LIMITS.onlineUrl}`);
  });

  it('the same bad values get the same message per field from the staff form and the API', async () => {
    const bad = {
      title: 'x'.repeat(EVENT_LIMITS.title + 1),
      contactEmail: 'nicht-erreichbar',
      onlineUrl: 'javascript:alert(1)',
      accessibilityNotes: 'y'.repeat(EVENT_LIMITS.accessibilityNotes + 1),
    };
    const res = await ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'accept-language': 'de',
      },
      body: JSON.stringify({ ...good(), ...bad, registrationRequired: true, capacity: 0 }),
    });
    expect(res.status).toBe(422);
    const fields: Record<string, string> = (await res.json()).error.fields;
    expect(Object.keys(fields).sort()).toEqual(
      ['accessibilityNotes', 'capacity', 'contactEmail', 'onlineUrl', 'title'].sort(),
    );
    expect(fields.title).toBe('Bitte kürzen Sie den Text auf höchstens 200 Zeichen.');

    const agent = await fx.agent(fx.admin.id);
    const url = `/staff/${fx.tenant.slug}/events/new`;
    const screen = await agent.post(
      url,
      { kind: 'event', ...good(), ...bad, registrationRequired: 'on', capacity: '0' },
      { csrfFrom: url },
    );
    expect(screen.status).toBe(422);
    const html = await screen.text();
    for (const message of Object.values(fields)) expect(html).toContain(message.replace(/^Plätze: /, ''));
  });

  it('a form with one bad field comes back with every other value as typed', async () => {
    const agent = await fx.agent(fx.admin.id);
    const url = `/staff/${fx.tenant.slug}/events/new`;
    const res = await agent.post(
      url,
      { kind: 'event', ...good(), contactEmail: 'kein-at', costNote: 'Spende', organiserName: 'Elternrat' },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    for (const v of [
      'Kiezfest',
      '2026-07-04',
      '15:00',
      '19:00',
      'Hof der Schule',
      'kein-at',
      'Spende',
      'Elternrat',
    ])
      expect(html).toContain(`value="${v}"`);
  });
});
