/**
 * The public search page over HTTP, without JavaScript: the GET form, results for a resident's
 * words, filters, five interface languages, no script, and no search words stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/kit.ts';
import { createService, searchCounts } from '../index.ts';
import { helpFixture } from '../testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  await createService(fx.sys, ctx.services.db, {
    name: 'Schuldnerberatung im Kiez',
    cost: 'free',
    phone: '030 1234567',
    locations: [
      {
        areaId: fx.qmA,
        street: 'Koloniestraße',
        houseNumber: '1',
        hours: { mode: 'always', intervals: [], exceptions: [], note: '' },
      },
    ],
  });
  await createService(fx.sys, ctx.services.db, { name: 'Mieterberatung', cost: 'fee', topics: ['tenancy'] });
});
afterAll(() => ctx?.close());

const get = (path: string) => ctx.app.request(`/${fx.tenant.slug}${path}`);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('public help search', () => {
  it('shows the form without a search, and no script', async () => {
    const res = await get('/help');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('method="get"');
    expect(html).toContain('name="q"');
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).not.toContain('Schuldnerberatung im Kiez');
  });
  it('finds services for the resident’s words, with filters, and stores no words', async () => {
    const html = text(await (await get('/help?q=Schulden')).text());
    expect(html).toContain('Schuldnerberatung im Kiez');
    expect(html).toContain('Koloniestraße 1');
    expect(html).toContain('jetzt geöffnet');
    expect(html).not.toContain('Mieterberatung');
    const rent = text(await (await get('/help?q=Ich+kann+meine+Miete+nicht+bezahlen&free=1')).text());
    expect(rent).not.toContain('Mieterberatung'); // costs a fee
    const rentAll = text(await (await get('/help?q=Ich+kann+meine+Miete+nicht+bezahlen')).text());
    expect(rentAll).toContain('Mieterberatung');
    const counts = await searchCounts(ctx.services.db, fx.tenant.id, '2000-01-01', '2100-01-01');
    expect(JSON.stringify(counts)).not.toMatch(/miete|schulden/i);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(3);
  });
  it('speaks the five interface languages', async () => {
    const words: Record<string, string> = {
      de: 'Hilfe und Beratung finden',
      en: 'Find help and advice',
      tr: 'Yardım ve danışmanlık bulun',
      ar: 'ابحث عن المساعدة والاستشارة',
      'de-x-ls': 'Hilfe finden',
    };
    for (const [lang, title] of Object.entries(words)) {
      const html = await (await get(`/help?lang=${lang}&q=Schulden`)).text();
      expect(html, lang).toContain(title);
      if (lang === 'ar') expect(html).toContain('dir="rtl"');
    }
  });
});
