/**
 * The kiosk and the referral slip over HTTP without JavaScript: the kiosk has no script, no way out
 * (every link stays in the kiosk), never caches, goes back to the start in German after a while
 * without a touch (meta refresh), shows life-situation tiles, finds services with a QR code to the
 * slip, in five languages; the slip names every opening hour and the contact, and is there only for
 * services of this tenant that are not archived; as PDF in the page's language, with a small map of
 * each place whose point is known.
 */
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../platform/authz.ts';
import { createTestContext, makeTenant, type TestContext } from '../../../test/kit.ts';
import { archiveService, createService, getService } from '../index.ts';
import { helpFixture } from '../testing/fixture.ts';
import { referralSlipPdf } from '../use-cases/slip-pdf.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let debt: string;
let archived: string;
let foreign: string;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  debt = (
    await createService(fx.sys, ctx.services.db, {
      name: 'Schuldnerberatung im Kiez',
      description: 'Hilfe bei Schulden',
      topics: ['debt'],
      cost: 'free',
      phone: '030 1234567',
      website: 'https://example.org',
      eligibility: 'Menschen aus dem Kiez',
      locations: [
        {
          name: 'Stadtteilladen',
          areaId: fx.qmA,
          street: 'Koloniestraße',
          houseNumber: '1',
          hours: {
            mode: 'weekly',
            intervals: [
              { day: 1, from: '09:00', to: '12:00' },
              { day: 1, from: '13:00', to: '16:00' },
              { day: 4, from: '14:00', to: '18:00' },
            ],
            exceptions: [{ date: '2026-12-24', closed: true }],
            note: 'Bitte Unterlagen mitbringen',
          },
        },
      ],
    })
  ).id;
  archived = (await createService(fx.sys, ctx.services.db, { name: 'Alte Schuldnerberatung' })).id;
  await archiveService(fx.sys, ctx.services.db, archived);
  const other = await makeTenant(ctx.services);
  foreign = (await createService(systemActor(other.id), ctx.services.db, { name: 'Fremde Beratung' })).id;
});
afterAll(() => ctx?.close());

const kiosk = () => `/${fx.tenant.slug}/help/kiosk`;
const get = (path: string) => ctx.app.request(path);

describe('help kiosk', () => {
  it('starts with tiles, no script, never cached, back to the start in German after a while', async () => {
    const res = await get(kiosk());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const page = parse(html);
    expect(page.querySelectorAll('script')).toHaveLength(0);
    const refresh = page.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content');
    expect(refresh).toMatch(new RegExp(`^\\d+; url=${kiosk()}\\?lang=de$`));
    expect(page.querySelectorAll('.q-kiosk__tiles a').length).toBeGreaterThan(5);
    expect(page.querySelector('input[name="q"]')?.getAttribute('autocomplete')).toBe('off');
    // No way out of the kiosk: no main navigation, every link stays in it.
    for (const a of page.querySelectorAll('a'))
      expect(a.getAttribute('href')).toMatch(new RegExp(`^${kiosk()}`));
  });

  it('a tile finds the services, each with a QR code to its slip; still no way out', async () => {
    const start = parse(await (await get(kiosk())).text());
    const tile = start
      .querySelectorAll('.q-kiosk__tiles a')
      .find((a) => /Schulden/.test(a.text))!
      .getAttribute('href')!;
    const page = parse(await (await get(tile)).text());
    const hits = page.querySelectorAll('.q-kiosk__hit');
    expect(hits.map((h) => h.querySelector('h3')?.text)).toContain('Schuldnerberatung im Kiez');
    expect(page.text).not.toContain('Alte Schuldnerberatung');
    const qr = hits[0].querySelector('svg.q-qr');
    expect(qr?.getAttribute('role')).toBe('img');
    expect(qr?.querySelector('path')?.getAttribute('d')?.length).toBeGreaterThan(100);
    // The phone number and the website are text, not links.
    for (const a of page.querySelectorAll('a'))
      expect(a.getAttribute('href')).toMatch(new RegExp(`^${kiosk()}`));
  });

  it('speaks five languages (Arabic right to left)', async () => {
    for (const [lang, word] of [
      ['de', 'Hier finden Sie Hilfe'],
      ['en', 'Find help here'],
      ['tr', 'Burada yardım bulabilirsiniz'],
      ['ar', 'هنا تجد المساعدة'],
      ['de-x-ls', 'Hier finden Sie Hilfe'],
    ] as const) {
      const html = await (await get(`${kiosk()}?lang=${lang}`)).text();
      expect(parse(html).querySelector('h1')?.text, lang).toBe(word);
      if (lang === 'ar') expect(html).toContain('dir="rtl"');
    }
  });
});

describe('referral slip', () => {
  it('names every opening hour of the week, exceptions, contact and who can come', async () => {
    const res = await get(`/${fx.tenant.slug}/help/services/${debt}/slip`);
    expect(res.status).toBe(200);
    const page = parse(await res.text());
    const rows = page.querySelectorAll('.q-slip__hours tr').map((r) => r.text.replace(/\s+/g, ' ').trim());
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatch(/^Montag ?09:00–12:00, 13:00–16:00$/);
    expect(rows[1]).toContain('geschlossen');
    expect(rows[3]).toContain('14:00–18:00');
    const text = page.querySelector('.q-slip')!.text;
    expect(text).toContain('Bitte Unterlagen mitbringen');
    expect(text).toContain('24. Dezember 2026');
    expect(text).toContain('030 1234567');
    expect(text).toContain('Menschen aus dem Kiez');
    expect(page.querySelector('.q-slip svg.q-qr')).not.toBeNull();
    const en = parse(await (await get(`/${fx.tenant.slug}/help/services/${debt}/slip?lang=en`)).text());
    expect(en.querySelectorAll('.q-slip__hours th').map((th) => th.text)[0]).toBe('Monday');
  });

  it('is not there for an archived service or another tenant’s', async () => {
    expect((await get(`/${fx.tenant.slug}/help/services/${archived}/slip`)).status).toBe(404);
    expect((await get(`/${fx.tenant.slug}/help/services/${foreign}/slip`)).status).toBe(404);
    expect((await get(`/${fx.tenant.slug}/help/services/nonsense/slip`)).status).toBe(404);
  });

  it('the public search links each result to its slip', async () => {
    const html = await (await get(`/${fx.tenant.slug}/help?q=Schulden`)).text();
    expect(html).toContain(`/${fx.tenant.slug}/help/services/${debt}/slip`);
  });
});

describe('referral slip as PDF', () => {
  /** The fill colour of the place's dot on the map (#c0392b) in uncompressed page content. */
  const DOT = /0\.75294\d* 0\.22352\d* 0\.16862\d* scn/;

  it('is a PDF in the page’s language, linking back to the slip; Arabic with its font', async () => {
    const slip = `http://localhost/${fx.tenant.slug}/help/services/${debt}/slip`;
    for (const lang of ['de', 'ar']) {
      const res = await get(`/${fx.tenant.slug}/help/services/${debt}/slip.pdf?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const raw = Buffer.from(await res.arrayBuffer()).toString('latin1');
      expect(raw.startsWith('%PDF-')).toBe(true);
      expect(raw).toContain(`/URI (${slip})`);
      expect(/\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic-(Regular|Bold)/.test(raw), lang).toBe(lang === 'ar');
    }
    const html = await (await get(`/${fx.tenant.slug}/help/services/${debt}/slip?lang=tr`)).text();
    expect(html).toContain(`/${fx.tenant.slug}/help/services/${debt}/slip.pdf?lang=tr`);
    expect(html).toContain('PDF olarak indir');
  });

  it('draws a map for a place whose point is known, none without', async () => {
    const placed = await createService(fx.sys, ctx.services.db, {
      name: 'Migrationsberatung mit Karte',
      locations: [
        {
          name: 'Beratungsladen',
          areaId: fx.qmA,
          lat: 52.5605,
          lon: 13.3795,
          hours: { mode: 'appointment', intervals: [], exceptions: [], note: '' },
        },
      ],
    });
    const draw = async (id: string) =>
      (
        await referralSlipPdf({
          t: (await import('../../../platform/i18n/index.ts')).createI18n({}).t('de', 'help'),
          lang: 'de',
          tenantName: 'T',
          service: await getService(fx.actors.admin, ctx.services.db, id),
          url: 'http://localhost/x',
          areas: new Map(),
          compress: false,
        })
      ).toString('latin1');
    expect(await draw(placed.id)).toMatch(DOT);
    expect(await draw(debt)).not.toMatch(DOT);
  });

  it('is not there for an archived service or another tenant’s', async () => {
    expect((await get(`/${fx.tenant.slug}/help/services/${archived}/slip.pdf`)).status).toBe(404);
    expect((await get(`/${fx.tenant.slug}/help/services/${foreign}/slip.pdf`)).status).toBe(404);
  });
});
