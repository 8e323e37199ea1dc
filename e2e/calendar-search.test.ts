/**
 * The public calendar's text search on a phone and a desktop, without JavaScript: the search field is
 * part of the GET filter form, the result says how many dates it found, axe finds nothing and the
 * page does not scroll sideways. The month view's calendar grid likewise.
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
  SCREENSHOT_DIR,
  screenshot,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

describe.skipIf(!HAVE_CHROMIUM)('public calendar search', () => {
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

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}px without JavaScript: search by a word of an event's title`, async () => {
      const context = await newContext(browser, app, { viewport, javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        expect((await page.goto('/berlin/events'))?.status()).toBe(200);
        const title = (await page.locator('.q-event-list__title a').first().textContent())!.trim();
        const word = title.split(/\s+/).find((w) => w.length >= 4) ?? title;
        await page.locator('input[name="q"]').fill(word);
        await page.locator('form.q-filter button[type="submit"]').click();
        await page.waitForURL(/[?&]q=/);
        const status = page.locator('p[role="status"].q-result-count');
        expect(await status.textContent()).toMatch(/^\d+ Termine? mit „/);
        expect(await page.locator('.q-event-list__title a', { hasText: title }).count()).toBeGreaterThan(0);
        expect(await page.locator('input[name="q"]').inputValue()).toBe(word);
        expect(await horizontalOverflow(page)).toBe(0);
        await screenshot(page, 'events-search');
      } finally {
        await context.close();
      }
      // axe needs script in the page: the same result page with JavaScript on.
      const withJs = await newContext(browser, app, { viewport });
      try {
        const page = await withJs.newPage();
        expect((await page.goto('/berlin/events?q=a&lang=ar'))?.status()).toBe(200);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page)).toBe(0);
        // The month as a calendar grid: accessible, fits the phone, a busy day leads to its dates.
        expect((await page.goto('/berlin/events?view=month&lang=de'))?.status()).toBe(200);
        const grid = page.locator('table.q-month-grid');
        expect(await grid.locator('thead th').count()).toBe(7);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page)).toBe(0);
        await grid.screenshot({ path: `${SCREENSHOT_DIR}events-month-grid-${viewport.width}.png` });
        const day = grid.locator('a.q-month-grid__day').first();
        if ((await day.count()) > 0) {
          const target = (await day.getAttribute('href'))!;
          await day.click();
          expect(await page.locator(target).isVisible()).toBe(true);
        }
      } finally {
        await withJs.close();
      }
    });
  }
});
