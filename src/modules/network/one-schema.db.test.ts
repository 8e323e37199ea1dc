/**
 * One schema per input: the staff forms, the JSON API and the OpenAPI document of venues, actors and
 * concerns all come from schemas.ts, so the limits cannot drift apart and a bad value gets the same
 * message whichever way it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { NETWORK_LIMITS } from './schemas.ts';
import { networkFixture } from './test/fixtures.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
let token: string;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
  token = (await createApiToken(ctx.services.db, fx.tenant.id, fx.admin.id, 'one-schema')).token;
});
afterAll(() => ctx.close());

type Props = Record<string, { maxLength?: number; pattern?: string; anyOf?: Props[string][] }>;
/** A property's own schema, or the non-empty branch of `'' | value`, or the non-null one. */
const branch = (p: Props[string], has: 'maxLength' | 'pattern'): Props[string] | undefined =>
  p[has] !== undefined ? p : p.anyOf?.map((b) => branch(b, has)).find(Boolean);

async function apiPost(path: string, body: object, headers: Record<string, string> = {}) {
  return ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/network${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'accept-language': 'de',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe('the network inputs have one schema for the forms, the API and the OpenAPI document', () => {
  it('the OpenAPI document states the limits the forms check', async () => {
    const doc = await (await ctx.app.request('/api/v1/openapi.json')).json();
    const venue: Props = doc.components.schemas.NetworkVenueInput.properties;
    expect(branch(venue.name, 'maxLength')?.maxLength).toBe(NETWORK_LIMITS.name);
    expect(branch(venue.houseNumber, 'maxLength')?.maxLength).toBe(NETWORK_LIMITS.houseNumber);
    expect(branch(venue.postcode, 'pattern')?.pattern).toContain('\\d{5}');
    const actor: Props = doc.components.schemas.NetworkActorInput.properties;
    expect(branch(actor.name, 'maxLength')?.maxLength).toBe(NETWORK_LIMITS.name);
    expect(branch(actor.description, 'maxLength')?.maxLength).toBe(NETWORK_LIMITS.description);
    expect(JSON.stringify(actor.email)).toContain('"format":"email"');
    const concern: Props = doc.components.schemas.NetworkConcernInput.properties;
    expect(branch(concern.note, 'maxLength')?.maxLength).toBe(NETWORK_LIMITS.note);
    expect(JSON.stringify(concern.followUpOn)).toContain('"format":"date"');
  });

  it('the same bad venue gets the same message per field from the staff form and the API', async () => {
    const bad = {
      name: 'x'.repeat(NETWORK_LIMITS.name + 1),
      postcode: '1234',
      email: 'kein-at',
      website: 'javascript:alert(1)',
      lat: 52.5,
    };
    const res = await apiPost('/venues', bad);
    expect(res.status).toBe(422);
    const fields: Record<string, string> = (await res.json()).error.fields;
    // The schema's limits and the rule between fields (a latitude needs its longitude) in one answer.
    expect(Object.keys(fields).sort()).toEqual(['email', 'lon', 'name', 'postcode', 'website']);
    expect(fields.name).toBe('Bitte kürzen Sie den Text auf höchstens 200 Zeichen.');

    const agent = await fx.agent(fx.admin.id);
    const screen = await agent.post(
      `${fx.base}/venues`,
      { ...bad, lat: '52,5', houseNumber: '12a' },
      { csrfFrom: `${fx.base}/venues/new` },
    );
    expect(screen.status).toBe(422);
    const html = await screen.text();
    for (const message of Object.values(fields)) expect(html).toContain(message);
    // Nothing typed is lost.
    for (const v of ['1234', 'kein-at', '52,5', '12a']) expect(html).toContain(`value="${v}"`);
  });

  it('a concern with contact data but no legal basis is refused the same way by the form rules and the API', async () => {
    const res = await apiPost(
      '/concerns',
      {
        topic: 'housing_benefit',
        language: 'de',
        areaId: fx.qmA,
        contactName: 'Frau K.',
        note: 'n'.repeat(NETWORK_LIMITS.note + 1),
      },
      { 'Idempotency-Key': 'one-schema-concern-0001' },
    );
    expect(res.status).toBe(422);
    const fields: Record<string, string> = (await res.json()).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['legalBasis', 'note']);
    expect(fields.note).toBe('Bitte kürzen Sie den Text auf höchstens 2.000 Zeichen.');
  });
});
