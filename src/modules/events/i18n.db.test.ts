import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../platform/mail/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { isPublic, type Tree } from '../../test/translations.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import { publicTranslations } from './i18n/public.ts';
import { eventsFixture, publishEvent } from './test/fixtures.ts';

// Which keys the public sees is declared in i18n/public.ts; test/public-translations.test.ts checks
// that each is translated into all five languages and that the public pages use no other.
const PUBLIC_KEYS = publicTranslations.keys;

describe('public translations of the events module', () => {
  it('Arabic has all six plural forms of a counted text', () => {
    const forms = Object.keys((ar as Tree).registration as Tree).filter((k) => k.startsWith('placesLeft_'));
    expect(forms.sort()).toEqual(
      ['few', 'many', 'one', 'other', 'two', 'zero'].map((f) => `placesLeft_${f}`),
    );
  });

  it('every mail to submitters and registrants is declared public', () => {
    const kinds = (file: string, type: string) => {
      const src = readFileSync(new URL(`./use-cases/${file}`, import.meta.url), 'utf8');
      const union = new RegExp(`type ${type} =([^;]+);`).exec(src)?.[1] ?? '';
      return [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]);
    };
    const mails = [...kinds('moderation.ts', 'SubmitterMail'), ...kinds('registrations.ts', 'RegMail')];
    expect(mails).toContain('registered');
    expect(mails).toContain('accepted');
    for (const kind of mails) {
      expect(isPublic(`mail.${kind}.subject`, PUBLIC_KEYS), kind).toBe(true);
      expect(isPublic(`mail.${kind}.body`, PUBLIC_KEYS), kind).toBe(true);
    }
  });
});

describe('event pages and mails in the visitor language', () => {
  let ctx: TestContext;
  let fx: Awaited<ReturnType<typeof eventsFixture>>;
  beforeAll(async () => {
    ctx = await createTestContext({ config: { trustProxy: true } });
    fx = await eventsFixture(ctx);
  });
  afterAll(() => ctx.close());

  it('shows the calendar in Turkish, in Arabic right to left, and in easy German', async () => {
    await publishEvent(ctx.services, fx.tenant.id, { title: 'Hoffest' });
    const a = new Agent(ctx.app);
    const trHtml = await (await a.get(`/${fx.tenant.slug}/events?lang=tr`)).text();
    expect(trHtml).toContain('<html lang="tr" dir="ltr"');
    expect(trHtml).toContain('<h1>Etkinlikler</h1>');
    expect(trHtml).toContain('Etkinlik bildir');
    expect(trHtml).toContain('Hoffest');

    const arHtml = await (await a.get(`/${fx.tenant.slug}/events?lang=ar`)).text();
    expect(arHtml).toContain('<html lang="ar" dir="rtl"');
    expect(arHtml).toContain('<h1>الفعاليات</h1>');

    const lsHtml = await (await a.get(`/${fx.tenant.slug}/events?lang=de-x-ls`)).text();
    expect(lsHtml).toContain('<html lang="de" dir="ltr"');
    expect(lsHtml).toContain('Was ist los im Stadt-Teil?');
  });

  it('registers an Arabic visitor on an Arabic page and writes the confirmation mail in Arabic', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Kochabend',
      registrationRequired: true,
      capacity: 10,
    });
    const a = new Agent(ctx.app);
    const page = await (await a.get(`/${fx.tenant.slug}/events/${e.id}?lang=ar`)).text();
    expect(page).toContain('dir="rtl"');
    expect(page).toContain('بقيت 10 أماكن شاغرة.');
    expect(page).toContain('سجّل الآن');

    // The language is remembered (cookie): the form and the post that follows stay Arabic.
    const form = await (await a.get(`/${fx.tenant.slug}/events/${e.id}/register`)).text();
    expect(form).toContain('التسجيل: Kochabend');
    const res = await a.post(
      `/${fx.tenant.slug}/events/${e.id}/register`,
      { name: 'Amal', email: 'amal@example.org', phone: '', places: '2' },
      { csrfFrom: `/${fx.tenant.slug}/events/${e.id}/register` },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('تم تسجيلك');
    const [mail] = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, 'amal@example.org')));
    expect(mail.subject).toBe('تم تسجيلك: Kochabend');
    expect(mail.text).toContain('مرحبًا Amal،');
    expect(mail.text).toContain('(مكانان)');
    expect(mail.text).toMatch(/\/events\/registrations\/[\w-]{20,}/);
  });

  it('counts places in the confirmation mail with the plural the language needs', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Lesecafé',
      registrationRequired: true,
      capacity: 10,
    });
    const mailTo = async (email: string) =>
      (
        await ctx.services.db
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, email)))
      )[0].text;
    const register = async (lang: string, email: string, places: string) => {
      const a = new Agent(ctx.app);
      const path = `/${fx.tenant.slug}/events/${e.id}/register`;
      await a.get(`${path}?lang=${lang}`);
      const res = await a.post(path, { name: 'Kim', email, phone: '', places }, { csrfFrom: path });
      expect(res.status).toBe(200);
      return mailTo(email);
    };
    const one = await register('de', 'kim1@example.org', '1');
    expect(one).toContain('angemeldet (1 Platz).');
    const three = await register('de', 'kim3@example.org', '3');
    expect(three).toContain('angemeldet (3 Plätze).');
    expect(`${one}${three}`).not.toContain('Platz/Plätze');
    expect(await register('en', 'kim-en@example.org', '1')).toContain('(1 place).');
  });

  it('says on an event page in another language that event texts are shown as the organisers wrote them', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, { title: 'Flohmarkt im Hof' });
    const page = async (lang: string) =>
      (await (await new Agent(ctx.app).get(`/${fx.tenant.slug}/events/${e.id}?lang=${lang}`)).text()).replace(
        /&#x27;|&#39;/g,
        "'",
      );
    expect(await page('en')).toContain('Event descriptions are shown as the organisers wrote them');
    expect(await page('tr')).toContain('Etkinlik açıklamaları');
    expect(await page('de')).not.toContain('q-translation-note');
  });
});
