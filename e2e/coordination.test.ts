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

describe.skipIf(!HAVE_CHROMIUM)(
  'coordination: needs routed to departments, and a body’s recommendations',
  () => {
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

    for (const viewport of VIEWPORTS) {
      it(`at ${viewport.width}px: the needs list, a need with its routings, the report form with its messages, the departments`, async () => {
        const context = await newContext(browser, app, { viewport, storageState: staffState });
        try {
          const page = await context.newPage();
          const check = async (name: string) => {
            expect(await horizontalOverflow(page)).toBe(0);
            await expectNoAxeViolations(page);
            await screenshot(page, name);
          };
          expect((await page.goto('/staff/berlin/coordination'))?.status()).toBe(200);
          const list = await page.locator('main').innerText();
          expect(list).toContain('Zu wenige Plätze in der Hausaufgabenhilfe');
          expect(list).toContain('überfällig');
          await check('coordination-list');

          await page.locator('main a', { hasText: 'Zu wenige Plätze in der Hausaufgabenhilfe' }).click();
          await page.waitForURL(/\/coordination\/needs\/[0-9a-f-]{36}$/);
          const need = await page.locator('main').innerText();
          expect(need).toContain('Schulamt');
          expect(need).toContain('In die Steuerungsrunde geben');
          await check('coordination-need');

          await page.goto('/staff/berlin/coordination/new');
          await page.locator('#title').fill('Sitzbänke fehlen');
          await page.locator('main form button[type="submit"]').click();
          await page.locator('.q-error-summary').waitFor();
          expect(await page.locator('#title').inputValue()).toBe('Sitzbänke fehlen');
          await check('coordination-report-errors');

          await page.goto('/staff/berlin/coordination/departments');
          expect(await page.locator('main').innerText()).toContain('Straßen- und Grünflächenamt');
          await check('coordination-departments');
        } finally {
          await context.close();
        }
      }, 120_000);

      it(`at ${viewport.width}px: the Quartiersrat’s recommendations on its staff page and its public page`, async () => {
        const context = await newContext(browser, app, { viewport, storageState: staffState });
        try {
          const page = await context.newPage();
          await page.goto('/staff/berlin/councils');
          await page.locator('main a', { hasText: 'Quartiersrat Soldiner Kiez' }).click();
          await page.waitForURL(/\/councils\/[0-9a-f-]{36}$/);
          await page.locator('main a', { hasText: 'Hinweise an die Verwaltung und ihre Antworten' }).click();
          await page.waitForURL(/\/recommendations$/);
          expect(await page.locator('main').innerText()).toContain('vier Bänke');
          expect(await horizontalOverflow(page)).toBe(0);
          await expectNoAxeViolations(page);
          await screenshot(page, 'councils-recommendations');

          // The form from a carried resolution: without a department it comes back with the message.
          await page.locator('main a', { hasText: 'Hinweis an die Verwaltung erstellen' }).first().click();
          await page.waitForURL(/\/items\/[0-9a-f-]{36}\/recommendation$/);
          await page.locator('#title').fill('Mehr Schatten');
          await page.locator('main form button[type="submit"]').click();
          await page.locator('.q-error-summary').waitFor();
          expect(await page.locator('.q-error-summary').innerText()).toContain('Fachämter');
          expect(await page.locator('#title').inputValue()).toBe('Mehr Schatten');
          expect(await horizontalOverflow(page)).toBe(0);
          await expectNoAxeViolations(page);
          await screenshot(page, 'councils-recommendation-form');

          const visitor = await newContext(browser, app, { viewport });
          try {
            const pub = await visitor.newPage();
            for (const lang of ['de', 'ar']) {
              expect(
                (await pub.goto(`/berlin/councils/quartiersrat-soldiner-kiez?lang=${lang}`))?.status(),
              ).toBe(200);
              await pub.locator('#recommendations').waitFor();
              expect(await pub.locator('main').innerText()).toContain('vier Bänke');
              expect(await horizontalOverflow(pub)).toBe(0);
              await expectNoAxeViolations(pub);
            }
            await pub.goto('/berlin/councils/quartiersrat-soldiner-kiez#recommendations');
            await pub.locator('#recommendations').scrollIntoViewIfNeeded();
            await screenshot(pub, 'councils-public-recommendations');
          } finally {
            await visitor.close();
          }
        } finally {
          await context.close();
        }
      }, 120_000);
    }
  },
);
