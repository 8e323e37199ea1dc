import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { createIssue, renderIssue } from './use-cases/issues.ts';

// Which keys the public sees is declared in i18n/public.ts; test/public-translations.test.ts checks
// that each is translated into all five languages and that the public pages and mails use no other.

describe('newsletter pages and mails in the visitor language', () => {
  let ctx: TestContext;
  let tenant: { id: string; slug: string; name: string; settings: object };
  beforeAll(async () => {
    ctx = await createTestContext({ config: { trustProxy: true } });
    const t = await makeTenant(ctx.services);
    tenant = { id: t.id, slug: t.slug, name: t.name, settings: {} };
  });
  afterAll(() => ctx.close());

  it('signs up on a Turkish page; the confirmation mail comes in the chosen language (Arabic)', async () => {
    const a = new Agent(ctx.app);
    const page = await (await a.get(`/${tenant.slug}/newsletter?lang=tr`)).text();
    expect(page).toContain('<html lang="tr" dir="ltr"');
    expect(page).toContain('<h1>Bültene abone ol</h1>');
    expect(page).toContain(`Evet, ${tenant.name} bana bülteni e-postayla gönderebilir.`);

    const missing = await a.post(`/${tenant.slug}/newsletter`, { email: 'ayse@example.org', language: 'tr' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Size bülteni gönderebilmemiz için lütfen onay verin.');

    const res = await a.post(
      `/${tenant.slug}/newsletter`,
      { email: 'ayse@example.org', language: 'ar', consent: 'on' },
      { csrfFrom: `/${tenant.slug}/newsletter` },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Lütfen e-postalarınızı kontrol edin');
    const [mail] = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, tenant.id), eq(mailOutbox.to, 'ayse@example.org')));
    expect(mail.subject).toBe(`يُرجى التأكيد: النشرة الإخبارية من ${tenant.name}`);
    const link = /https?:\/\/\S+\/newsletter\/confirm\/[\w-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();

    const confirm = await (await a.get(`${new URL(link!).pathname}?lang=ar`)).text();
    expect(confirm).toContain('<html lang="ar" dir="rtl"');
    expect(confirm).toContain('نعم، أريد الاشتراك');
  });

  it('renders an Arabic issue right to left with Arabic headings and footer links', async () => {
    const issue = await createIssue(systemActor(tenant.id), ctx.services.db, {
      subject: 'نشرة الحي',
      introHtml: '<p>مرحبًا</p>',
      lang: 'ar',
      segmentLangs: ['ar'],
      areaId: null,
      topic: null,
      postIds: [],
      eventIds: [],
    });
    const r = await renderIssue(ctx.services, tenant, issue);
    expect(r.html).toContain('<html lang="ar" dir="rtl">');
    expect(r.html).toContain('إلغاء الاشتراك');
    expect(r.text).toContain(`تصلك هذه النشرة لأنك اشتركت فيها لدى ${tenant.name}.`);
  });
});
