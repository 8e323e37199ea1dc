/**
 * Text search in the public calendar: a GET form (no script) finds the words in titles and
 * descriptions, says how many dates it found, works together with the other filters and in the
 * month view, in every public language; typed wildcards are only characters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { publishEvent } from './test/fixtures.ts';

let ctx: TestContext;
let slug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services);
  slug = tenant.slug;
  const day = addDays(todayLocal(), 3);
  const at = (d: string) => ({ startsAt: localToInstant(d, '18:00'), endsAt: localToInstant(d, '19:00') });
  await publishEvent(ctx.services, tenant.id, { title: 'Yoga im Park', cost: 'free', ...at(day) });
  await publishEvent(ctx.services, tenant.id, {
    title: 'Bewegung für alle',
    descriptionHtml: '<p>Sanftes <strong>Yoga</strong> und Gymnastik</p>',
    cost: 'paid',
    ...at(addDays(day, 1)),
  });
  await publishEvent(ctx.services, tenant.id, { title: 'Repair-Café', ...at(day) });
  await publishEvent(ctx.services, tenant.id, { title: '100% Spaß', ...at(day) });
});
afterAll(() => ctx?.close());

const get = async (path: string) => {
  const res = await ctx.app.request(`/${slug}${path}`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('public calendar text search', () => {
  it('finds the words in the title or the description and says how many dates it found', async () => {
    const html = await get('/events?q=yoga&lang=de');
    expect(html).toContain('Yoga im Park');
    expect(html).toContain('Bewegung für alle');
    expect(html).not.toContain('Repair-Café');
    expect(html).toContain('2 Termine mit „yoga“ in den nächsten Wochen');
    // the form keeps the words, as a search field with a label
    expect(html).toMatch(/<input[^>]*name="q"[^>]*value="yoga"/);
    expect(html).toMatch(/<label[^>]*for="[^"]*q"[^>]*>Suchen in Titel und Beschreibung/);
  });

  it('works together with the other filters', async () => {
    const html = await get('/events?q=yoga&free=1&lang=de');
    expect(html).toContain('Yoga im Park');
    expect(html).not.toContain('Bewegung für alle');
    expect(html).toContain('1 Termin mit „yoga“');
  });

  it('finds nothing for words nobody wrote, and % is a character, not a wildcard', async () => {
    expect(await get('/events?q=Schach&lang=de')).toContain('0 Termine mit „Schach“');
    const pct = await get('/events?q=%25&lang=de');
    expect(pct).toContain('100% Spaß');
    expect(pct).not.toContain('Repair-Café');
    expect(pct).toContain('1 Termin mit „%“');
  });

  it('searches the month view too, and keeps the words in the view and page links', async () => {
    const month = addDays(todayLocal(), 3).slice(0, 7);
    const html = await get(`/events?view=month&month=${month}&q=yoga&lang=en`);
    expect(html).toContain('Yoga im Park');
    expect(html).not.toContain('Repair-Café');
    expect(html).toContain('2 dates with “yoga” this month');
    expect(html).toMatch(/href="[^"]*view=month[^"]*q=yoga|href="[^"]*q=yoga[^"]*view=month/);
  });

  it.each([
    ['tr', 'Başlık ve açıklamada ara', 'Önümüzdeki haftalarda “yoga” içeren 2 tarih'],
    // Arabic says two with the dual form, without the digit
    ['ar', 'البحث في العنوان والوصف', 'موعدان يحتويان على «yoga»'],
    ['de-x-ls', 'Suchen', 'Wir haben 2 Termine mit „yoga“ gefunden.'],
    ['en', 'Search titles and descriptions', '2 dates with “yoga” in the coming weeks'],
  ])('speaks %s', async (lang, label, found) => {
    const html = await get(`/events?q=yoga&lang=${lang}`);
    expect(html).toContain(label);
    expect(html).toContain('Yoga im Park');
    expect(html).toContain(`role="status" class="q-result-count">${found}`);
  });
});
