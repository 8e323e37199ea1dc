import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkWideToo,
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
 * A visitor without an account: from the public navigation to the councils,
 * the demo Quartiersrat's page with its members (names only as consented), the next meetings and the
 * resolutions of the past year; the closed jury is not there. At phone width, each page again at
 * desktop width, with axe.
 */
describe.skipIf(!HAVE_CHROMIUM)('councils: the public body page', () => {
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

  // Once at 360 px; each page again at 1280 px where it stands.
  it("at 360px (and each page at 1280px): the list of public bodies and the Quartiersrat's page", async () => {
    const context = await newContext(browser, app, { viewport: VIEWPORTS[0] });
    try {
      const page = await context.newPage();
      expect((await page.goto('/berlin'))?.status()).toBe(200);
      await page.goto('/berlin/councils');
      const list = await page.locator('main').innerText();
      expect(list).toContain('Quartiersrat Soldiner Kiez');
      expect(list).not.toContain('Aktionsfondsjury');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-public-list');
      await checkWideToo(page, 'councils-public-list');

      await page.locator('main a', { hasText: 'Quartiersrat Soldiner Kiez' }).click();
      await page.waitForURL(/\/berlin\/councils\/quartiersrat-soldiner-kiez$/);
      expect(await page.locator('h1').innerText()).toBe('Quartiersrat Soldiner Kiez');
      const main = await page.locator('main').innerText();
      expect(main).toContain('Aylin Demir (Demo)');
      expect(main).not.toContain('Peter Schulz');
      expect(main).not.toContain('@');
      expect(main).toContain('Nächste Sitzungen');
      expect(main).toContain('Beschlüsse');
      expect(main).toMatch(/Ja: \d+, Nein: \d+, Enthaltungen: \d+/);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-public-body');
      await checkWideToo(page, 'councils-public-body');
    } finally {
      await context.close();
    }
  }, 180_000);
});
