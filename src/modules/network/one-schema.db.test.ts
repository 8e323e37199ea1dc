/**
 * One schema per input: the staff forms, the JSON API and the OpenAPI document of venues, actors and
 * concerns all come from schemas.ts, so the limits cannot drift apart and a bad value gets the same
 * message whichever way it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { dateWindow, PLANNING } from '../../platform/http/limits.ts';
import { addDays } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { NETWORK_LIMITS } from './schemas.ts';
import { networkFixture } from './test/fixtures.ts';
import { createActor } from './use-cases/actors.ts';
import { todayIn } from './use-cases/consultation.ts';
import { createVenue } from './use-cases/venues.ts';

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

/** The German message for a text over its limit (numbers with the German thousands point). */
const tooLong = (max: number) =>
  `Bitte kürzen Sie den Text auf höchstens ${max.toLocaleString('de-DE')} Zeichen.`;

describe('the contact log, outreach and consultation hours read their fields with their schema', () => {
  const today = () => todayIn('Europe/Berlin');
  const label = (key: string) => ctx.services.i18n.t('de', 'network')(key);

  it('contact log: a summary over its limit and a follow-up beyond the planning window are named, the rest kept; at the limit it is saved', async () => {
    const org = await createActor(ctx.services.db, fx.tenant.id, {
      kind: 'organisation',
      name: 'Elternverein Beispiel',
      areaId: fx.qmA,
    });
    const a = await fx.agent(fx.admin.id);
    const url = `${fx.base}/actors/${org.id}`;
    const far = addDays(dateWindow(PLANNING, new Date()).max, 1);
    const refused = await a.post(
      `${url}/contacts`,
      {
        kind: 'call',
        date: today(),
        time: '09:30',
        summary: 's'.repeat(NETWORK_LIMITS.contactSummary + 1),
        notes: 'Rückruf erbeten',
        followUpTitle: 'Termin ausmachen',
        followUpDue: far,
      },
      { csrfFrom: url },
    );
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(tooLong(NETWORK_LIMITS.contactSummary));
    expect(html).toContain(`${label('network:tasks.due')}: Bitte geben Sie ein Datum zwischen dem`);
    for (const v of ['09:30', 'Termin ausmachen', far]) expect(html).toContain(`value="${v}"`);
    expect(html).toContain('Rückruf erbeten');

    const saved = await a.post(
      `${url}/contacts`,
      { kind: 'call', date: today(), summary: 's'.repeat(NETWORK_LIMITS.contactSummary) },
      { csrfFrom: url },
    );
    expect(saved.status).toBe(303);
  });

  it('outreach: a place over its limit and more people reached than allowed are named, the rest kept', async () => {
    const a = await fx.agent(fx.admin.id);
    const day = addDays(today(), 2);
    const res = await a.post(
      `${fx.base}/outreach`,
      {
        areaId: fx.qmA,
        targetGroup: 'families',
        place: 'p'.repeat(NETWORK_LIMITS.outreachPlace + 1),
        plannedOn: day,
        occasion: 'Einschulung',
        outcome: 'Viele Fragen zum Kitaplatz',
        reached: String(NETWORK_LIMITS.reached + 1),
      },
      { csrfFrom: `${fx.base}/outreach/new` },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(tooLong(NETWORK_LIMITS.outreachPlace));
    expect(html).toContain(
      `${label('network:outreach.reached')}: Bitte geben Sie eine ganze Zahl von 0 bis ${NETWORK_LIMITS.reached.toLocaleString('de-DE')} an.`,
    );
    for (const v of [day, 'Einschulung', String(NETWORK_LIMITS.reached + 1)])
      expect(html).toContain(`value="${v}"`);
    expect(html).toContain('Viele Fragen zum Kitaplatz');
  });

  it('consultation hours: a series title, the start of a regular time and the note of an extra date each over their limits are named, the rest kept', async () => {
    const a = await fx.agent(fx.admin.id);
    const base = `${fx.base}/consultation-hours`;
    const series = await a.post(
      base,
      {
        title: 't'.repeat(NETWORK_LIMITS.seriesTitle + 1),
        areaId: fx.qmA,
        contact: 'Frau Yıldız, 030 123456',
        languages: ['de', 'tr'],
        published: 'on',
      },
      { csrfFrom: `${base}/new` },
    );
    expect(series.status).toBe(422);
    const form = await series.text();
    expect(form).toContain(tooLong(NETWORK_LIMITS.seriesTitle));
    expect(form).toContain('value="Frau Yıldız, 030 123456"');
    expect(form).toMatch(/name="languages" checked="" value="tr"/);

    const ok = await a.post(
      base,
      { title: 'Sprechstunde Schema', areaId: fx.qmA, published: 'on' },
      { csrfFrom: `${base}/new` },
    );
    expect(ok.status).toBe(303);
    const seriesUrl = ok.headers.get('location')!.split('?')[0];
    const venueId = (
      await createVenue(systemActor(fx.tenant.id), ctx.services.db, { name: 'Café Schema', areaId: fx.qmA })
    ).id;

    const late = addDays(dateWindow(PLANNING, new Date()).max, 1);
    const slot = await a.post(
      `${seriesUrl}/slots`,
      { venueId, pattern: 'weekly', weekday: 'TU', startTime: '10:00', endTime: '12:00', startsOn: late },
      { csrfFrom: seriesUrl },
    );
    expect(slot.status).toBe(422);
    const slotHtml = await slot.text();
    expect(slotHtml).toContain(`${label('network:series.startsOn')}: Bitte geben Sie ein Datum zwischen dem`);
    for (const v of ['10:00', '12:00', late]) expect(slotHtml).toContain(`value="${v}"`);

    const extra = await a.post(
      `${seriesUrl}/extras`,
      {
        venueId,
        date: addDays(today(), 3),
        startTime: '18:00',
        endTime: '19:30',
        note: 'n'.repeat(NETWORK_LIMITS.dateNote + 1),
      },
      { csrfFrom: seriesUrl },
    );
    expect(extra.status).toBe(422);
    const extraHtml = await extra.text();
    expect(extraHtml).toContain(tooLong(NETWORK_LIMITS.dateNote));
    for (const v of ['18:00', '19:30', addDays(today(), 3)]) expect(extraHtml).toContain(`value="${v}"`);
  });
});
