import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { eventsFixture } from './test/fixtures.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());

describe('event poster (NET-7)', () => {
  it('offers a PDF poster in German plus English, Turkish or Arabic for a published event, not for a draft', async () => {
    const a = await fx.agent(fx.teamA.id);
    const base = `/staff/${fx.tenant.slug}/events`;
    const form = {
      kind: 'event',
      title: 'Hoffest am Brunnen',
      description: 'Musik und Kuchen',
      date: addDays(todayLocal(), 20),
      startTime: '15:00',
      endTime: '18:00',
      repeat: 'none',
      areaId: fx.qmA,
      locationName: 'Innenhof',
      cost: 'free',
      categoryIds: [fx.culture.id],
    };
    const draft = await a.post(`${base}/new`, form, { csrfFrom: `${base}/new` });
    expect(draft.status).toBe(302);
    const draftId = /events\/([0-9a-f-]{36})/.exec(draft.headers.get('location')!)![1];
    expect((await a.get(`${base}/${draftId}/poster.pdf?lang=en`)).status).toBe(404);

    const published = await a.post(`${base}/new`, { ...form, publish: 'on' }, { csrfFrom: `${base}/new` });
    const id = /events\/([0-9a-f-]{36})/.exec(published.headers.get('location')!)![1];
    const page = await (await a.get(`${base}/${id}`)).text();
    expect(page).toContain(`${base}/${id}/poster.pdf?lang=tr`);
    expect(page).toContain(`${base}/${id}/poster.pdf?lang=ar`);
    for (const lang of ['en', 'tr', 'ar']) {
      const res = await a.get(`${base}/${id}/poster.pdf?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(2000);
      // Arabic text is set in the Arabic font (embedded only when used).
      expect(bytes.toString('latin1').includes('+IBMPlexSansArabic-')).toBe(lang === 'ar');
    }
    // Another area's team may not print it (the event does not exist for them).
    const b = await fx.agent(fx.teamB.id);
    expect((await b.get(`${base}/${id}/poster.pdf?lang=en`)).status).toBe(404);
  });
});
