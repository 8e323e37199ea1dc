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
  signInState,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

describe.skipIf(!HAVE_CHROMIUM)('councils: the staff screens of bodies and members', () => {
  let app: E2eApp;
  let browser: Browser;
  let staffState: Awaited<ReturnType<typeof signInState>>;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    staffState = await signInState(browser, app);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  // Once at 360 px; each screen again at 1280 px where it stands.
  it('at 360px (and each screen at 1280px): the demo bodies, a Quartiersrat with its members and meetings, a member form with its messages', async () => {
    const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
    try {
      const page = await context.newPage();
      expect((await page.goto('/staff/berlin/councils'))?.status()).toBe(200);
      const list = await page.locator('main').innerText();
      expect(list).toContain('Quartiersrat Soldiner Kiez');
      expect(list).toContain('Aktionsfondsjury Soldiner Kiez');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-list');
      await checkWideToo(page, 'councils-list');

      await page.locator('main a', { hasText: 'Quartiersrat Soldiner Kiez' }).click();
      await page.waitForURL(/\/councils\/[0-9a-f-]{36}$/);
      expect(await page.locator('h1').innerText()).toBe('Quartiersrat Soldiner Kiez');
      expect(await page.locator('#members').isVisible()).toBe(true);
      expect(await page.locator('main').innerText()).toContain('Sitzung des Quartiersrats');
      expect(await page.locator('main table').first().locator('tbody tr').count()).toBeGreaterThanOrEqual(10);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-body');
      await checkWideToo(page, 'councils-body');

      await page.locator('main a', { hasText: 'Mitglied hinzufügen' }).click();
      await page.locator('#name').fill('Neue Bewohnerin');
      await page.locator('#termFrom').fill('');
      await page.locator('main form button[type="submit"]').click();
      await page.locator('.q-error-summary').waitFor();
      expect(await page.locator('.q-error-summary').innerText()).toContain(
        'Amtszeit ab: Bitte füllen Sie dieses Feld aus.',
      );
      expect(await page.locator('#name').inputValue()).toBe('Neue Bewohnerin');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-member-form');
      await checkWideToo(page, 'councils-member-form');
    } finally {
      await context.close();
    }
  }, 180_000);
});
