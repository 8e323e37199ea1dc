import { and, desc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../src/platform/mail/index.ts';
import {
  daysAhead,
  type E2eApp,
  expectNoAxeViolations,
  HAVE_CHROMIUM,
  horizontalOverflow,
  launchBrowser,
  newContext,
  screenshot,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

/**
 * A resident without an account and without JavaScript: from the public navigation to the demo
 * Aktionsfonds' call, the application form (first incomplete: messages at the fields, nothing lost;
 * then more cost rows; then sent), the private link from the mail, and the status page. At phone
 * width with axe on every page (in several languages); the key pages again at desktop width.
 */
describe.skipIf(!HAVE_CHROMIUM)('funds: apply for money, get the link, see the status', () => {
  let app: E2eApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('at 360px: call → form → mail with the link → status; the same pages at 1280px', async () => {
    const viewport = VIEWPORTS[0];
    const email = `e2e-funds-${viewport.width}-${Date.now()}@example.org`;
    const context = await newContext(browser, app, { viewport, javaScriptEnabled: false });
    const pages = ['/berlin/funds', '/berlin/funds?lang=tr'];
    try {
      const page = await context.newPage();
      const check = async (name: string) => {
        expect(await page.locator('script').count()).toBe(0);
        expect(await horizontalOverflow(page), `${name} scrolls sideways`).toBe(0);
        await screenshot(page, name);
      };
      await page.goto('/berlin');
      await page.locator('nav.q-mainnav a', { hasText: 'Förderung' }).click();
      await page.waitForURL(/\/berlin\/funds$/);
      expect(await page.locator('main').innerText()).toContain('Aktionsfonds Soldiner Kiez');
      await check('funds-public-list');

      await page.locator('main a', { hasText: 'Aktionsfonds Soldiner Kiez' }).click();
      await page.waitForURL(/\/berlin\/funds\/[0-9a-f-]{36}$/);
      const call = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      expect(call).toContain('höchstens 1.500,00 € je Antrag');
      expect(call).toContain('Bisher geförderte Projekte');
      expect(call).not.toContain('@');
      await check('funds-public-call');
      const callPath = new URL(page.url()).pathname;
      pages.push(callPath, `${callPath}?lang=ar`, `${callPath}/apply`);

      await page.locator('main a', { hasText: 'Antrag stellen' }).click();
      await page.waitForURL(/\/apply$/);
      await check('funds-public-form');
      // First incomplete: the messages name the fields, and what was typed stays.
      await page.fill('#title', 'Hofflohmarkt mit Kaffeetafel');
      await page.fill('#item_0', 'Tische und Bänke leihen');
      await page.fill('#amount_0', 'zweihundert');
      // Enter in a field sends the form (not "more rows").
      await page.locator('#title').press('Enter');
      await expect.poll(() => page.locator('.q-error-summary').count()).toBe(1);
      expect(await page.locator('#item_3').count()).toBe(0);
      const summary = await page.locator('.q-error-summary').innerText();
      expect(summary).toContain('Ihr Name');
      expect(summary).toContain('E-Mail-Adresse');
      expect(summary).toContain('Betrag in Euro – Ausgabe 1');
      expect(await page.inputValue('#title')).toBe('Hofflohmarkt mit Kaffeetafel');
      expect(await page.inputValue('#amount_0')).toBe('zweihundert');
      await check('funds-public-form-errors');

      await page.fill('#applicantName', 'Erika Beispiel');
      await page.fill('#email', email);
      await page.fill('#amount_0', '250');
      // More rows without script: the form comes back with three more, everything kept.
      await page.locator('button', { hasText: 'weitere Zeilen' }).click();
      await expect.poll(() => page.locator('#item_5').count()).toBe(1);
      expect(await page.inputValue('#email')).toBe(email);
      await page.fill('#item_3', 'Plakate');
      await page.fill('#amount_3', '49,90');
      await page.fill('#ownMoney', '30');
      // Far enough ahead for any coming jury session (no start before the decision).
      await page.fill('#startsOn', daysAhead(150));
      await page.check('#consent');
      await page.locator('.q-form__actions button[value="submit"]').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Ihr Antrag ist angekommen');
      await check('funds-public-thanks');

      const mails = await app.services.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.to, email)))
        .orderBy(desc(mailOutbox.createdAt));
      expect(mails.map((m) => m.subject)).toEqual([
        'Ihr Antrag „Hofflohmarkt mit Kaffeetafel“ ist angekommen',
      ]);
      const link = /https?:\/\/[^\s]+(\/berlin\/funds\/applications\/[A-Za-z0-9_-]+)/.exec(mails[0].text)![1];
      await page.goto(link);
      const status = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      expect(status).toContain('Eingereicht');
      expect(status).toContain('Wie es weitergeht');
      expect(status).toContain('Plakate');
      expect(status).toContain('299,90 €');
      await check('funds-public-status');
      pages.push(link, `${link}?lang=ar`, `${link}?lang=de-x-ls`);
    } finally {
      await context.close();
    }
    // axe needs script in the page: the same pages with JavaScript on (they ship none themselves).
    const withJs = await newContext(browser, app, { viewport });
    try {
      const page = await withJs.newPage();
      for (const path of pages) {
        expect((await page.goto(path))?.status(), path).toBe(200);
        await expectNoAxeViolations(page);
        if (path.endsWith('/apply')) {
          // (in Arabic: the language chosen on the call page is remembered)
          await page.fill('#amount_0', 'zweihundert');
          await page.locator('.q-form__actions button[value="submit"]').click();
          await expect.poll(() => page.locator('.q-error-summary').count()).toBe(1);
          await expectNoAxeViolations(page);
        }
      }
    } finally {
      await withJs.close();
    }
    // The desktop layout of the key pages, German, with the refused form once more.
    const [list, , call, , apply, status] = pages;
    const wide = await newContext(browser, app, { viewport: VIEWPORTS[1] });
    try {
      const page = await wide.newPage();
      for (const [path, name] of [
        [list, 'funds-public-list'],
        [call, 'funds-public-call'],
        [status, 'funds-public-status'],
        [apply, 'funds-public-form'],
      ]) {
        expect((await page.goto(path))?.status(), path).toBe(200);
        expect(await horizontalOverflow(page), `${name} scrolls sideways at 1280px`).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, name);
      }
      await page.fill('#amount_0', 'zweihundert');
      await page.locator('.q-form__actions button[value="submit"]').click();
      await expect.poll(() => page.locator('.q-error-summary').count()).toBe(1);
      expect(await horizontalOverflow(page), 'refused form scrolls sideways at 1280px').toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'funds-public-form-errors');
    } finally {
      await wide.close();
    }
  }, 180_000);
});
