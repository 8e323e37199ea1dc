/**
 * The staff side on a phone: the navigation is one menu behind a disclosure button (<details>, no
 * script) instead of a strip of fifteen links; at desktop width the sidebar as before. Both without
 * JavaScript, with no axe violations and no sideways scrolling; the start page's inbox at both widths.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.skipIf(!HAVE_CHROMIUM)('staff navigation on a phone and on a desktop', () => {
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

  it('at 360 px: one menu button; opened, every section is a link; no sideways scrolling', async () => {
    const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
    try {
      const page = await context.newPage();
      expect((await page.goto('/staff/berlin/events'))?.status()).toBe(200);
      const menu = page.locator('details.q-navmenu');
      expect(await page.locator('nav.q-nav').isVisible()).toBe(false);
      const button = menu.locator('summary');
      expect(await button.isVisible()).toBe(true);
      expect(await button.textContent()).toMatch(/Menü.*Veranstaltungen/);
      // Closed, the menu takes one line: the page's heading is on the first screen.
      expect((await button.boundingBox())!.height).toBeLessThan(80);
      expect((await page.locator('main h1').first().boundingBox())!.y).toBeLessThan(VIEWPORTS[0].height / 2);
      const links = menu.locator('nav a');
      expect(await links.first().isVisible()).toBe(false);
      await expectNoAxeViolations(page);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'staff-nav-closed');

      await button.click();
      const count = await links.count();
      expect(count).toBeGreaterThanOrEqual(10);
      for (let i = 0; i < count; i++) {
        expect(await links.nth(i).isVisible()).toBe(true);
        const box = (await links.nth(i).boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORTS[0].width);
        expect(box.height).toBeGreaterThanOrEqual(44);
      }
      expect(await menu.locator('a[aria-current="page"]').textContent()).toBe('Veranstaltungen');
      await expectNoAxeViolations(page);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'staff-nav-open');
    } finally {
      await context.close();
    }
  });

  it('at 360 px without JavaScript the menu opens and its links lead on', async () => {
    const context = await newContext(browser, app, {
      viewport: VIEWPORTS[0],
      storageState: staffState,
      javaScriptEnabled: false,
    });
    try {
      const page = await context.newPage();
      expect((await page.goto('/staff/berlin/events'))?.status()).toBe(200);
      const menu = page.locator('details.q-navmenu');
      const link = menu.locator('nav a[href="/staff/berlin/houses"]');
      expect(await link.isVisible()).toBe(false);
      await menu.locator('summary').click();
      expect(await link.isVisible()).toBe(true);
      await link.click();
      await page.waitForURL(/\/staff\/berlin\/houses$/);
    } finally {
      await context.close();
    }
  });

  it('at 1280 px: the sidebar with every section, no menu button', async () => {
    const context = await newContext(browser, app, { viewport: VIEWPORTS[1], storageState: staffState });
    try {
      const page = await context.newPage();
      expect((await page.goto('/staff/berlin/events'))?.status()).toBe(200);
      expect(await page.locator('details.q-navmenu').isVisible()).toBe(false);
      const links = page.locator('nav.q-nav a');
      expect(await links.count()).toBeGreaterThanOrEqual(10);
      for (let i = 0; i < (await links.count()); i++) expect(await links.nth(i).isVisible()).toBe(true);
      expect(await page.locator('nav.q-nav a[aria-current="page"]').textContent()).toBe('Veranstaltungen');
      await expectNoAxeViolations(page);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'staff-nav');
    } finally {
      await context.close();
    }
  });

  for (const viewport of VIEWPORTS) {
    it(`the start page's inbox at ${viewport.width}px: readable lines, axe clean`, async () => {
      const context = await newContext(browser, app, { viewport, storageState: staffState });
      try {
        const page = await context.newPage();
        expect((await page.goto('/staff/berlin'))?.status()).toBe(200);
        const lines = page.locator('[data-inbox]');
        expect(await lines.count()).toBeGreaterThanOrEqual(4);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page)).toBe(0);
        await screenshot(page, 'staff-inbox');
      } finally {
        await context.close();
      }
    });
  }
});
