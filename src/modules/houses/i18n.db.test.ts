import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../platform/i18n/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { bookingRequests } from './db/schema.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { futureWeekday, makeHouse, outbox, requestForm } from './test-helpers.ts';

// Which keys residents see, and that they exist in all five languages: test/public-translations.test.ts.

const keys = (o: object, p = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
const base = (k: string) => k.replace(/_(one|other)$/, '');

const MODULE = fileURLToPath(new URL('.', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.includes('.test.')
        ? [join(dir, e.name)]
        : [],
  );

describe('houses translations', () => {
  it('German and English have the same keys', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it('every fixed key the code uses exists', () => {
    const known = new Set(keys(de).map(base));
    const used = new Set<string>();
    for (const f of sources(MODULE)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/['`]houses:([A-Za-z0-9_.]+)(['`])/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });
});

describe('room booking in the visitor’s language', () => {
  let ctx: TestContext;
  let staff: Agent;
  let setup: Awaited<ReturnType<typeof makeHouse>>;
  const housePath = () => `/sprachstadt/houses/${setup.house.slug}`;

  beforeAll(async () => {
    ctx = await createTestContext({ config: { trustProxy: true } });
    const tenant = await makeTenant(ctx.services, 'sprachstadt', 'Sprachstadt');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    setup = await makeHouse(ctx.services, tenant.id);
  });
  afterAll(() => ctx.close());

  it('shows a house in Arabic right to left, with counts and money in Arabic order and format', async () => {
    const html = await (await new Agent(ctx.app).get(`${housePath()}?lang=ar`)).text();
    expect(html).toContain('<html lang="ar" dir="rtl"');
    expect(html).toContain('بيوت الحي والقاعات');
    expect(html).toContain('<h2>القاعات</h2>');
    // 50 people: the number before the noun in the Arabic sentence, never the English "people 50".
    expect(html).toContain('50 شخصًا');
    // Money formatted by Intl for Arabic (sign and separators of the locale), in an Arabic sentence.
    expect(formatMoney(2000, 'ar')).not.toBe(formatMoney(2000, 'en'));
    expect(html).toContain(`${formatMoney(2000, 'ar')} للساعة`);
    // Reductions joined with the Arabic comma.
    expect(html).toContain('خصم 50% للمجموعات غير الربحية، خصم 25% لسكان الحي');
    expect(html).toContain('<h2 id="availability">الحجوزات</h2>');
    for (const english of ['people', 'per hour', 'non-profit', 'Availability', 'Request'])
      expect(html, english).not.toContain(english);
  });

  it('checks and sends a request in Turkish; the mail comes in Turkish', async () => {
    const visitor = new Agent(ctx.app);
    const form = `${housePath()}/request`;
    const page = await (await visitor.get(`${form}?lang=tr`)).text();
    expect(page).toContain('<html lang="tr" dir="ltr"');
    expect(page).toContain('Müsaitliği ve fiyatı kontrol et');
    const date = futureWeekday(2);
    const check = await visitor.post(form, requestForm(setup.hall.id, date, { intent: 'check' }), {
      csrfFrom: form,
    });
    expect(check.status).toBe(200);
    const checkHtml = await check.text();
    expect(checkHtml).toContain('Bu zaman boş.');
    expect(checkHtml).toContain(`Tahmini kira: tarih başına ${formatMoney(2000, 'tr')}`);

    const bad = await visitor.post(form, requestForm(setup.hall.id, date, { participants: '80' }), {
      csrfFrom: form,
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Salona en fazla 50 kişi sığar.');

    const sent = await visitor.post(form, requestForm(setup.hall.id, date, { email: 'ayse@example.org' }), {
      csrfFrom: form,
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Talep gönderildi');
    const [mail] = await outbox(ctx.services, setup.house.tenantId, 'ayse@example.org');
    expect(mail.subject).toMatch(/^Salon talebiniz /);
    expect(mail.text).toContain('Merhaba Rosa Beispiel,');
  });

  it('confirms an Arabic request with an Arabic mail and calendar file', async () => {
    const visitor = new Agent(ctx.app);
    const form = `${housePath()}/request`;
    await visitor.get(`${form}?lang=ar`);
    const date = futureWeekday(4);
    const sent = await visitor.post(
      form,
      requestForm(setup.seminar.id, date, { email: 'amal@example.org', participants: '5' }),
      { csrfFrom: form },
    );
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('تم إرسال الطلب');
    const [req] = await ctx.services.db
      .select()
      .from(bookingRequests)
      .where(
        and(
          eq(bookingRequests.tenantId, setup.house.tenantId),
          eq(bookingRequests.requesterEmail, 'amal@example.org'),
        ),
      );
    expect(req.lang).toBe('ar');
    const approve = await staff.post(
      `/staff/sprachstadt/houses/requests/${req.id}/approve`,
      {},
      { csrfFrom: `/staff/sprachstadt/houses/requests/${req.id}` },
    );
    expect(approve.status).toBe(303);
    const mails = await outbox(ctx.services, setup.house.tenantId, 'amal@example.org');
    const approved = mails.find((m) => m.subject.startsWith('تم التأكيد:'))!;
    expect(approved.text).toContain('تم تأكيد حجزك:');
    const ics = Buffer.from(approved.attachments.find((a) => a.filename.endsWith('.ics'))!.content, 'base64')
      .toString('utf8')
      .replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('SUMMARY:حجز قاعة: Seminarraum (Testhaus eins)');
  });

  it('shows the houses in easy German: short sentences, everyday words', async () => {
    const html = await (await new Agent(ctx.app).get('/sprachstadt/houses?lang=de-x-ls')).text();
    expect(html).toContain('<html lang="de" dir="ltr"');
    expect(html).toContain('<h1>Räume im Stadt-Teil</h1>');
    expect(html).toContain('Sie brauchen dafür kein Konto.');
    expect(html).not.toContain('Gemeinschaftshäuser');
  });
});
