import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { getArea } from '../areas/index.ts';
import { posterDateLine, renderPoster } from './index.ts';
import { networkFixture } from './test/fixtures.ts';
import { addSlot, createSeries, todayIn } from './use-cases/consultation.ts';
import { createVenue } from './use-cases/venues.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
let slug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
  const db = ctx.services.db;
  const t = fx.tenant.id;
  slug = (await getArea(db, t, fx.qmA))!.slug;
  const venue = await createVenue(systemActor(t), db, {
    name: 'Café Kiezecke',
    areaId: fx.qmA,
    stepFree: true,
  });
  const series = await createSeries(systemActor(t), db, {
    title: 'Sprechstunde Quartier A',
    areaId: fx.qmA,
    published: true,
  });
  await addSlot(systemActor(t), db, series.id, {
    venueId: venue.id,
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    startTime: '10:00',
    endTime: '12:00',
    startsOn: addDays(todayIn('Europe/Berlin'), -7),
  });
});
afterAll(() => ctx.close());

/**
 * A one-page PDF whose link annotation leads to `url` (the QR code encodes the same address); the
 * Arabic font is embedded exactly when the second language is Arabic.
 */
function expectPoster(bytes: Buffer, url: string, lang = 'en') {
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const raw = bytes.toString('latin1');
  expect(raw.match(/\/Type \/Page\b/g)?.length).toBe(1);
  expect(raw).toContain(`/URI (${url})`);
  // The cross-reference table is where the trailer says.
  const xref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(raw)![1]);
  expect(raw.slice(xref, xref + 4)).toBe('xref');
  expect(/\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic-(Regular|Bold)/.test(raw)).toBe(lang === 'ar');
}

describe('posters (NET-7)', () => {
  it('makes an area poster from the staff screen: German plus the language chosen on the form', async () => {
    const a = await fx.agent(fx.teamA.id);
    // Reachable from the consultation-hours screen.
    expect(await (await a.get(`${fx.base}/consultation-hours`)).text()).toContain(`${fx.base}/posters`);
    const form = await a.get(`${fx.base}/posters`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Aushang für ein Gebiet');
    expect(html).toMatch(/type="radio"[^>]*name="with"[^>]*value="tr"/);
    expect(html).toContain('Sprechstunde Quartier A');

    expect(html).toMatch(/type="radio"[^>]*name="with"[^>]*value="ar"/);

    for (const lang of ['en', 'tr', 'ar']) {
      const res = await a.get(`${fx.base}/posters/area.pdf?area=${fx.qmA}&with=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expectPoster(
        Buffer.from(await res.arrayBuffer()),
        `http://localhost/${fx.tenant.slug}/areas/${slug}`,
        lang,
      );
    }

    // Missing area and an unknown language: the form again, with the errors.
    const bad = await a.get(`${fx.base}/posters/area.pdf?area=&with=fr`);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Bitte füllen Sie dieses Feld aus.');
    expect(badHtml).toContain('Bitte wählen Sie einen der angebotenen Werte.');
    // Team A cannot pick area B.
    expect((await a.get(`${fx.base}/posters/area.pdf?area=${fx.qmB}&with=en`)).status).toBe(422);
  });

  it('offers the area poster on the public page too, in both languages', async () => {
    const pub = new Agent(ctx.app);
    const page = await (await pub.get(`/${fx.tenant.slug}/consultation-hours?area=${slug}`)).text();
    expect(page).toContain(`/consultation-hours/area-poster/${slug}.pdf?with=tr`);
    expect(page).toContain(`/consultation-hours/area-poster/${slug}.pdf?with=en`);
    expect(page).toContain(`/consultation-hours/area-poster/${slug}.pdf?with=ar`);
    for (const lang of ['tr', 'ar']) {
      const res = await pub.get(`/${fx.tenant.slug}/consultation-hours/area-poster/${slug}.pdf?with=${lang}`);
      expect(res.status).toBe(200);
      expectPoster(
        Buffer.from(await res.arrayBuffer()),
        `http://localhost/${fx.tenant.slug}/areas/${slug}`,
        lang,
      );
    }
    // The public page in Arabic names the poster languages in Arabic.
    const ar = await (await pub.get(`/${fx.tenant.slug}/consultation-hours?area=${slug}&lang=ar`)).text();
    expect(ar).toContain('ملصق لهذه المنطقة (بالألمانية والعربية، PDF)');
  });

  it('renders a poster for a single date, for the events module to reuse', async () => {
    const i18n = ctx.services.i18n;
    const start = new Date('2025-06-14T13:00:00Z');
    const end = new Date('2025-06-14T16:00:00Z');
    const line = posterDateLine(i18n, 'tr', start, end);
    // Wall-clock time in Berlin (summer time), the weekday in each language.
    expect(line.de).toBe('Samstag, 14. Juni 2025, 15:00–18:00 Uhr');
    expect(line.other).toContain('Cumartesi');
    expect(line.other).toContain('15:00–18:00');
    expect(posterDateLine(i18n, 'en', start).other).toMatch(/^Saturday,? 14 June 2025, 15:00$/);
    const url = 'http://localhost/berlin/events/kiezfest';
    const pdf = await renderPoster(i18n, {
      title: 'Kiezfest am Leopoldplatz',
      dateLine: line,
      place: 'Leopoldplatz, 13353 Berlin',
      url,
      lang: 'tr',
      tenantName: 'Berlin',
      notes: ['Eintritt frei'],
    });
    expectPoster(pdf, url);
    // The document title (metadata) is the event's title.
    expect(pdf.toString('latin1')).toContain('(Kiezfest am Leopoldplatz)');
    await expect(
      renderPoster(i18n, { title: 'x', dateLine: 'y', url, lang: 'fr' as 'tr', tenantName: 'B' }),
    ).rejects.toThrow();

    // German and Arabic: the Arabic date line (weekday and month in Arabic, Berlin time).
    const ar = posterDateLine(i18n, 'ar', start, end);
    expect(ar.other).toContain('السبت');
    expect(ar.other).toContain('يونيو');
    expect(ar.other).toContain('15:00–18:00');
    const arPdf = await renderPoster(i18n, {
      title: 'Kiezfest',
      dateLine: ar,
      place: 'Leopoldplatz',
      url,
      lang: 'ar',
      tenantName: 'Berlin',
    });
    expectPoster(arPdf, url, 'ar');
  });
});
