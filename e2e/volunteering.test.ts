import { and, desc, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAreaByKey } from '../src/modules/areas/index.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { mailOutbox } from '../src/platform/mail/index.ts';
import { pdfText } from '../src/test/pdf.ts';
import {
  type E2eApp,
  expectNoAxeViolations,
  HAVE_CHROMIUM,
  horizontalOverflow,
  launchBrowser,
  newContext,
  screenshot,
  signInState,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

const PHONE = VIEWPORTS[0];
const DESKTOP = VIEWPORTS[1];

/**
 * Getting involved, both sides at phone width: the team posts a need; a resident offers help on the
 * public form without an account and confirms the address with the private link from the mail; the
 * team proposes a match from the suggestions, the volunteer accepts — and only then each side sees
 * the other's contact; the volunteer confirms hours (their own and the ones the team suggested),
 * asks for the certificate of engagement, the team signs it, and the volunteer downloads the PDF
 * with the hours. Axe on every page visited. The team's need list once more at desktop width.
 */
describe.skipIf(!HAVE_CHROMIUM)(
  'volunteering: need → offer → match with consent → hours → certificate',
  () => {
    let app: E2eApp;
    let browser: Browser;
    let staffState: Awaited<ReturnType<typeof signInState>>;
    let areaId: string;

    beforeAll(async () => {
      app = await startApp();
      browser = await launchBrowser();
      staffState = await signInState(browser, app);
      const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
      areaId = (await getAreaByKey(app.services.db, tenant.id, 'programme', 'QM-DEMO-1'))!.id;
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    const text = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    const check = async (page: Page, name?: string) => {
      expect(await horizontalOverflow(page), `${page.url()} scrolls sideways`).toBe(0);
      await expectNoAxeViolations(page);
      if (name) await screenshot(page, name);
    };

    it(`at ${PHONE.width}px: the whole journey, contact only after both agreed`, async () => {
      const email = `e2e-mitmachen-${Date.now()}@example.org`;
      const staffCtx = await newContext(browser, app, { viewport: PHONE, storageState: staffState });
      const publicCtx = await newContext(browser, app, { viewport: PHONE });
      try {
        const staff = await staffCtx.newPage();
        const pub = await publicCtx.newPage();

        // 1. The team posts a need (help with homework, Wednesdays in the afternoon).
        expect((await staff.goto('/staff/berlin/volunteering/needs/new'))?.status()).toBe(200);
        await check(staff);
        await staff.fill('#title', 'Hausaufgabenhilfe im Jugendclub');
        await staff.fill(
          '#description',
          'Zwei Stunden in der Woche mit Kindern der 5. und 6. Klasse lernen.',
        );
        await staff.selectOption('#areaId', areaId);
        await staff.fill('#place', 'Jugendclub am Beispielpark');
        await staff.check('input[name="weekdays"][value="wed"]');
        await staff.check('input[name="dayParts"][value="afternoon"]');
        await staff.check('input[name="skills"][value="tutoring"]');
        await staff.fill('#contactName', 'Kemal Jugendclub');
        await staff.fill('#contactEmail', 'jugendclub-e2e@example.org');
        await staff.fill('#contactPhone', '030 5550188');
        await staff.locator('main form button[type="submit"]').last().click();
        await staff.waitForURL(/\/volunteering\/needs\/[0-9a-f-]{36}\?done=saved$/);
        const needUrl = staff.url().replace(/\?.*$/, '');
        expect(await text(staff)).toContain('Hausaufgabenhilfe im Jugendclub');
        await check(staff);

        // 2. A resident offers help on the public form (no account, no script in the page).
        expect((await pub.goto('/berlin/volunteering/offer'))?.status()).toBe(200);
        expect(await pub.locator('script').count()).toBe(0);
        await check(pub, 'volunteering-offer-form');
        await pub.fill('#name', 'Lina Lernfreude');
        await pub.fill('#email', email);
        await pub.fill('#phone', '0176 5550144');
        await pub.check('input[name="skills"][value="tutoring"]');
        await pub.check('input[name="weekdays"][value="wed"]');
        await pub.check('input[name="dayParts"][value="afternoon"]');
        await pub.check(`input[name="areaIds"][value="${areaId}"]`);
        await pub.check('input[name="consent"]');
        await pub.locator('main form button[type="submit"]').click();
        await expect.poll(() => pub.locator('h1').textContent()).toBe('Danke für Ihr Angebot!');
        expect(await text(pub)).toContain(email);
        await check(pub);

        // 3. The private link from the mail confirms the address.
        const [mail] = await app.services.db
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.to, email)))
          .orderBy(desc(mailOutbox.createdAt));
        const link = /https?:\/\/[^\s]+(\/berlin\/volunteering\/me\/[A-Za-z0-9_-]+)/.exec(mail.text)![1];
        expect((await pub.goto(link))?.status()).toBe(200);
        expect(await text(pub)).toContain('Hallo Lina Lernfreude');
        await check(pub);

        // 4. The team finds her among the suggestions, with the reasons, and proposes the match.
        await staff.goto(needUrl);
        const suggestion = staff.locator('article.q-card', { hasText: 'Lina Lernfreude' });
        expect(await suggestion.innerText()).toContain('Kann, was gebraucht wird: Lernhilfe');
        await suggestion.locator('input[name="message"]').fill('Mittwochs passt es gut zu Ihnen.');
        await suggestion.locator('button[type="submit"]').click();
        await staff.waitForURL(/\?done=proposed$/);
        const proposed = await text(staff);
        expect(proposed).toContain('Kontaktdaten erst, wenn beide Seiten einverstanden sind.');
        expect(proposed).not.toContain(email);
        expect(proposed).not.toContain('5550144');
        await check(staff);

        // 5. She sees the proposal without the team's contact, and accepts.
        await pub.goto(link);
        const proposal = await text(pub);
        expect(proposal).toContain('Hausaufgabenhilfe im Jugendclub');
        expect(proposal).toContain('Mittwochs passt es gut zu Ihnen.');
        expect(proposal).not.toContain('jugendclub-e2e@example.org');
        expect(proposal).not.toContain('5550188');
        await check(pub);
        await pub.locator('button[value="accept"]').click();
        await pub.waitForURL(/\?done=accepted$/);
        // Both agreed: she sees the team's contact …
        const agreed = await text(pub);
        expect(agreed).toContain('Kemal Jugendclub');
        expect(agreed).toContain('jugendclub-e2e@example.org');
        expect(agreed).toContain('030 5550188');
        await check(pub);

        // … and the team sees hers; the team confirms the match and suggests two hours.
        await staff.goto(needUrl);
        const match = staff.locator('article.q-card', { hasText: 'Lina Lernfreude' }).first();
        expect(await match.innerText()).toContain(email);
        expect(await match.innerText()).toContain('0176 5550144');
        await match.locator('form[action$="/confirm"] button').click();
        await staff.waitForURL(/\?done=confirmed$/);
        await staff
          .locator('article.q-card', { hasText: 'Lina Lernfreude' })
          .first()
          .locator('input[name="hours"]')
          .fill('2');
        await staff
          .locator('article.q-card', { hasText: 'Lina Lernfreude' })
          .first()
          .locator('form[action$="/hours"] button')
          .click();
        await staff.waitForURL(/\?done=hoursSuggested$/);
        await check(staff);

        // 6. Hours count only when she confirms them: her own 1,5 and the team's 2.
        await pub.goto(link);
        await pub.locator('input[name="hours"]').fill('1,5');
        await pub.locator('form[action*="/hours"] button', { hasText: 'Stunden speichern' }).click();
        await pub.waitForURL(/\?done=hours$/);
        expect(await text(pub)).toContain('1,5 Stunden');
        await pub.locator('button[value="confirm"]').click();
        await pub.waitForURL(/\?done=hoursConfirmed$/);
        expect(await text(pub)).toContain('3,5 Stunden');
        await check(pub);
        await pub.locator('form[action$="/certificates"] button').click();
        await pub.waitForURL(/\?done=requested$/);
        await check(pub);

        // 7. The team signs the certificate of engagement on her page.
        await staff.goto('/staff/berlin/volunteering');
        await staff.locator('#requests + ul a', { hasText: 'Lina Lernfreude' }).click();
        await staff.waitForURL(/\/volunteering\/volunteers\/[0-9a-f-]{36}$/);
        await check(staff);
        await staff.fill('input[name="signerName"]', 'Tina Team');
        await staff.locator('form[action*="/sign"] button').click();
        await staff.waitForURL(/\?done=signed$/);
        await check(staff);

        // 8. She downloads it: a PDF that names the engagement and the hours she confirmed.
        await pub.goto(link);
        const pdfLink = pub.locator('a[href*="/certificates/"]');
        const res = await publicCtx.request.get((await pdfLink.getAttribute('href'))!);
        expect(res.status()).toBe(200);
        expect(res.headers()['content-type']).toBe('application/pdf');
        const pdf = await res.body();
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        const shown = pdfText(pdf);
        expect(shown).toContain('Engagementnachweis');
        expect(shown).toContain('Lina Lernfreude');
        expect(shown).toContain('Hausaufgabenhilfe im Jugendclub');
        expect(shown).toContain('Zusammen: 3,5 bestätigte Stunden');
        expect(shown).toContain('Unterschrieben von Tina Team');
        await check(pub);

        // The team's volunteer list, filtered: her entry without her contact (that is on the match).
        expect(
          (await staff.goto('/staff/berlin/volunteering/volunteers?q=Lina&skill=tutoring'))?.status(),
        ).toBe(200);
        const volunteers = await text(staff);
        expect(volunteers).toContain('1 Eintrag');
        expect(volunteers).toContain('Lina Lernfreude');
        expect(volunteers).not.toContain(email);
        await check(staff, 'volunteering-staff-volunteers');

        // The team's list with its filter: the need is found, and it says who agreed.
        expect((await staff.goto('/staff/berlin/volunteering?q=Hausaufgaben&status=open'))?.status()).toBe(
          200,
        );
        const listed = await text(staff);
        expect(listed).toContain('Hausaufgabenhilfe im Jugendclub');
        expect(listed).toContain('1 von 1');
        await check(staff, 'volunteering-staff-needs');
      } finally {
        await staffCtx.close();
        await publicCtx.close();
      }
    }, 240_000);

    it(`at ${DESKTOP.width}px: the team's need list with its filter`, async () => {
      const context = await newContext(browser, app, { viewport: DESKTOP, storageState: staffState });
      try {
        const page = await context.newPage();
        expect((await page.goto('/staff/berlin/volunteering?status=open&kind=need'))?.status()).toBe(200);
        const main = await text(page);
        expect(main).toContain('Lesepatin oder Lesepate für die Grundschule');
        expect(main).not.toContain('Kiezputz im Beispielpark');
        await check(page, 'volunteering-staff-needs');
      } finally {
        await context.close();
      }
    }, 60_000);
  },
);
