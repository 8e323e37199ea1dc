/**
 * One schema per input: the staff form, the JSON API and the OpenAPI document all come from the
 * event schema (schemas.ts), so the limits cannot drift apart and a bad value gets the same message
 * whichever way it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { NUMBER_LIMITS } from '../../platform/http/limits.ts';
import { localToInstant } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import {
  EVENT_LIMITS,
  REGISTRATION_LIMITS,
  RESULTS_LIMITS,
  SETTINGS_LIMITS,
  SOURCE_LIMITS,
} from './schemas.ts';
import { eventsFixture, publishEvent } from './test/fixtures.ts';
import { createImportSource } from './use-cases/manage.ts';

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

/** The message for a text over its limit, in German (numbers with the German thousands point). */
const tooLong = (max: number) =>
  `Bitte kürzen Sie den Text auf höchstens ${max.toLocaleString('de-DE')} Zeichen.`;
const PDF = '%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF';

describe('the smaller event forms read their fields with their schema', () => {
  it('registration: the limits of the schema, each named at its field, everything else kept; at the limit it is taken', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Kochabend',
      registrationRequired: true,
      capacity: 20,
    });
    const url = `/${fx.tenant.slug}/events/${e.id}/register`;
    const a = new Agent(ctx.app);
    const long = 'N'.repeat(REGISTRATION_LIMITS.name + 1);
    const res = await a.post(
      url,
      {
        name: long,
        email: 'amal@example.org',
        phone: '0176 555',
        places: String(REGISTRATION_LIMITS.places + 1),
      },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(tooLong(REGISTRATION_LIMITS.name));
    expect(html).toContain(
      `Plätze: Bitte geben Sie eine ganze Zahl von 1 bis ${REGISTRATION_LIMITS.places} an.`,
    );
    for (const v of [long, 'amal@example.org', '0176 555']) expect(html).toContain(`value="${v}"`);
    // The form offers what the schema allows.
    expect(html).toMatch(new RegExp(`maxlength="${REGISTRATION_LIMITS.name}"`, 'i'));
    expect(html).toContain(`<option value="${REGISTRATION_LIMITS.places}"`);
    expect(html).not.toContain(`<option value="${REGISTRATION_LIMITS.places + 1}"`);

    const ok = await a.post(
      url,
      {
        name: 'N'.repeat(REGISTRATION_LIMITS.name),
        email: 'amal@example.org',
        places: String(REGISTRATION_LIMITS.places),
      },
      { csrfFrom: url },
    );
    expect(ok.status).toBe(200);
  });

  it('settings: criteria over their limit and a wrong address are named, the other languages kept; a category name too', async () => {
    const a = await fx.agent(fx.admin.id);
    const url = `/staff/${fx.tenant.slug}/events/settings`;
    const res = await a.post(
      url,
      {
        criteria_de: 'k'.repeat(SETTINGS_LIMITS.criteria + 1),
        criteria_en: 'Open to everyone in the neighbourhood',
        notifyEmail: 'kein-at',
      },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(tooLong(SETTINGS_LIMITS.criteria));
    expect(html).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    expect(html).toContain('Open to everyone in the neighbourhood');
    expect(html).toContain('value="kein-at"');

    const cat = await a.post(
      `${url}/categories`,
      { name: 'c'.repeat(SETTINGS_LIMITS.category + 1), en: 'Gardening' },
      { csrfFrom: url },
    );
    expect(cat.status).toBe(422);
    const page = await cat.text();
    expect(page).toContain(tooLong(SETTINGS_LIMITS.category));
    expect(page).toContain('value="Gardening"');
    expect(page).toMatch(new RegExp(`maxlength="${SETTINGS_LIMITS.category}"`, 'i'));
  });

  it('results: a text over its limit and a document title over its limit are refused with the limit, the text kept', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      kind: 'forum',
      title: 'Forum',
      areaId: fx.qmA,
    });
    const a = await fx.agent(fx.admin.id);
    const url = `/staff/${fx.tenant.slug}/events/${e.id}/results`;
    const long = `Beschluss ${'r'.repeat(RESULTS_LIMITS.text)}`;
    const res = await a.post(url, { results: long, publish: 'on' }, { csrfFrom: url });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(tooLong(RESULTS_LIMITS.text));
    expect(html).toContain(long);
    expect(html).toMatch(/name="publish"[^>]*checked/);

    await a.get(url);
    const body = new FormData();
    body.append('_csrf', a.csrfToken()!);
    body.append('title', 't'.repeat(RESULTS_LIMITS.fileTitle + 1));
    body.append(
      'file',
      new File([new TextEncoder().encode(PDF)], 'protokoll.pdf', { type: 'application/pdf' }),
    );
    const file = await a.request(`${url}/files`, { method: 'POST', body });
    expect(file.status).toBe(422);
    const page = await file.text();
    expect(page).toContain(tooLong(RESULTS_LIMITS.fileTitle));
    expect(page).toContain(`value="${'t'.repeat(RESULTS_LIMITS.fileTitle + 1)}"`);
  });

  it('import source: the form and the command line refuse the same name with the same message', async () => {
    const a = await fx.agent(fx.admin.id);
    const url = `/staff/${fx.tenant.slug}/events/sources/new`;
    const name = 's'.repeat(SOURCE_LIMITS.name + 1);
    const res = await a.post(
      url,
      {
        name,
        kind: 'url',
        url: 'https://kiez.example/kalender.ics',
        areaId: fx.qmA,
        attribution: 'Kiezverein',
        publishMode: 'review',
        intervalMinutes: String(SOURCE_LIMITS.interval.min - 1),
      },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(tooLong(SOURCE_LIMITS.name));
    expect(html).toContain(
      `Abstand: Bitte geben Sie eine ganze Zahl von ${SOURCE_LIMITS.interval.min} bis ${SOURCE_LIMITS.interval.max.toLocaleString('de-DE')} an.`,
    );
    for (const v of [
      'https://kiez.example/kalender.ics',
      'Kiezverein',
      String(SOURCE_LIMITS.interval.min - 1),
    ])
      expect(html).toContain(`value="${v}"`);
    expect(html).toMatch(new RegExp(`maxlength="${SOURCE_LIMITS.name}"`, 'i'));

    // The command line creates its source through the use case, which checks the same schema.
    const refused = await createImportSource(systemActor(fx.tenant.id), ctx.services, {
      name,
      kind: 'file',
      url: null,
      areaId: fx.qmA,
      categoryIds: [],
      attribution: 'a'.repeat(SOURCE_LIMITS.attribution + 1),
      attributionUrl: null,
      publishMode: 'review',
      intervalMinutes: 360,
      enabled: true,
    }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields).toEqual({
      name: expect.stringContaining('validation.tooLong'),
      attribution: expect.stringContaining('validation.tooLong'),
    });
    const t = ctx.services.i18n.t('de', 'events');
    expect(t((refused as ValidationError).fields.name)).toBe(tooLong(SOURCE_LIMITS.name));
  });
});
