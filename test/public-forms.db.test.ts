/**
 * Every public form, sent without JavaScript with one bad field: the error summary names that field
 * by its label, links to its id, states the limit where there is one, and every other value typed
 * comes back. (Staff forms share the same summary and fields: src/ui/components.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsFixture, publishEvent } from '../src/modules/events/test/fixtures.ts';
import { futureWeekday, makeHouse, requestForm } from '../src/modules/houses/test-helpers.ts';
import { addDays, todayLocal } from '../src/platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
let slug: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { trustProxy: true } });
  fx = await eventsFixture(ctx);
  slug = fx.tenant.slug;
});
afterAll(() => ctx.close());

/** The error summary's list, as one string. */
function summaryOf(html: string): string {
  const start = html.indexOf('class="q-error-summary"');
  expect(start, 'the page has an error summary').toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</ul>', start));
}

/** One entry: a link to the field's id that names the field and says what is wrong. */
function expectNamedLink(html: string, id: string, label: string, message: string) {
  const summary = summaryOf(html);
  const entries = [...summary.matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => ({
    id: m[1],
    text: m[2].replace(/<[^>]+>/g, ''),
  }));
  expect(entries).toEqual([{ id, text: `${label}: ${message}` }]);
  // The link goes somewhere: the field with that id is on the page.
  expect(html).toContain(`id="${id}"`);
}

const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

describe('public forms with one bad field', () => {
  it('room request: a too long purpose is named, with the limit, and nothing else typed is lost', async () => {
    const { house, hall } = await makeHouse(ctx.services, fx.tenant.id, { slug: 'formhaus' });
    const url = `/${slug}/houses/${house.slug}/request`;
    const date = futureWeekday(3);
    const form = requestForm(hall.id, date, {
      purpose: 'x'.repeat(2001),
      phone: '030 1234567',
      organisation: 'Kiezchor "Nord" & Co',
      participants: '17',
      tariff: 'resident',
      category: 'education',
      start: '17:15',
      end: '19:45',
    });
    const a = new Agent(ctx.app);
    const res = await a.post(url, form, { csrfFrom: url });
    expect(res.status).toBe(422);
    const html = await res.text();
    expectNamedLink(
      html,
      'purpose',
      'Was ist geplant?',
      'Bitte kürzen Sie den Text auf höchstens 2000 Zeichen.',
    );
    for (const v of [date, '17:15', '19:45', 'Rosa Beispiel', 'rosa@example.org', '030 1234567', '17'])
      expect(html).toContain(`value="${v}"`);
    expect(html).toContain(`value="${htmlEscape('Kiezchor "Nord" & Co')}"`);
    expect(html).toContain(`>${'x'.repeat(2001)}</textarea>`);
    expect(html).toMatch(/checked="" value="resident"/);
    expect(html).toMatch(/<option value="education" selected=""/);
    expect(html).toMatch(/name="rules" checked="" value="on"/);
  });

  it('event submission: a too long title is named, with the limit, and nothing else typed is lost', async () => {
    const a = new Agent(ctx.app);
    const url = `/${slug}/events/submit`;
    await a.get(url);
    const date = addDays(todayLocal(), 9);
    const fields: Record<string, string> = {
      title: 'T'.repeat(201),
      description: 'Wir feiern im Hof.\n\nAlle sind willkommen.',
      date,
      startTime: '15:00',
      endTime: '18:00',
      repeat: 'none',
      areaId: fx.qmA,
      locationName: 'Hof Beispielstraße 3',
      organiserName: 'Hausgemeinschaft',
      cost: 'free',
      submitterName: 'Sam Sender',
      submitterEmail: 'sam@example.org',
      criteria: 'on',
    };
    const body = new FormData();
    body.append('_csrf', a.csrfToken() ?? '');
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    const res = await a.request(url, { method: 'POST', body });
    expect(res.status).toBe(422);
    const html = await res.text();
    expectNamedLink(html, 'title', 'Titel', 'Bitte kürzen Sie den Text auf höchstens 200 Zeichen.');
    for (const v of [
      'T'.repeat(201),
      date,
      '15:00',
      '18:00',
      'Hof Beispielstraße 3',
      'Hausgemeinschaft',
      'Sam Sender',
      'sam@example.org',
    ])
      expect(html).toContain(`value="${v}"`);
    expect(html).toContain('Wir feiern im Hof.');
    expect(html).toMatch(new RegExp(`<option value="${fx.qmA}" selected=""`));
    expect(html).toMatch(/name="criteria" checked="" value="on"/);
  });

  it('registration: a wrong e-mail address is named and the name, phone and places come back', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Kochabend',
      registrationRequired: true,
      capacity: 10,
    });
    const url = `/${slug}/events/${e.id}/register`;
    const a = new Agent(ctx.app);
    const res = await a.post(
      url,
      { name: 'Amal Beispiel', email: 'amal-at-example', phone: '0176 555', places: '3' },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expectNamedLink(
      html,
      'email',
      'E-Mail-Adresse',
      'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.',
    );
    for (const v of ['Amal Beispiel', 'amal-at-example', '0176 555']) expect(html).toContain(`value="${v}"`);
    expect(html).toMatch(/<option value="3" selected=""/);
  });

  it('newsletter sign-up: a wrong e-mail address is named and the chosen language, topics and consent stay', async () => {
    const url = `/${slug}/newsletter`;
    const a = new Agent(ctx.app);
    const res = await a.post(
      url,
      { email: 'kein-at', language: 'tr', topics: ['culture', 'youth'], consent: 'on' },
      { csrfFrom: url },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expectNamedLink(
      html,
      'email',
      'E-Mail-Adresse',
      'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.',
    );
    expect(html).toContain('value="kein-at"');
    expect(html).toMatch(/checked="" value="tr"/);
    expect(html).toMatch(/checked="" value="culture"/);
    expect(html).toMatch(/checked="" value="youth"/);
    expect(html).toMatch(/name="consent" checked="" value="on"/);
  });
});
