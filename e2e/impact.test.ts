import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAreaByKey } from '../src/modules/areas/index.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
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

describe.skipIf(!HAVE_CHROMIUM)(
  'impact: key figures, areas side by side, activities, the annual report',
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

    // Once at 360 px; each screen again at 1280 px where it stands.
    it('at 360px (and each screen at 1280px): the dashboard of the demo area, the areas side by side, an activity, the report', async () => {
      const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
      try {
        const page = await context.newPage();
        const check = async (name: string) => {
          expect(await horizontalOverflow(page)).toBe(0);
          await expectNoAxeViolations(page);
          await screenshot(page, name);
          await checkWideToo(page, name);
        };
        expect((await page.goto(`/staff/berlin/impact?area=${areaId}&period=year`))?.status()).toBe(200);
        const main = await page.locator('main').innerText();
        expect(main).toContain('Aktivitäten des Teams');
        await expect(page.locator('svg.q-chart title').count()).resolves.toBe(1);
        await check('impact-dashboard');

        expect((await page.goto('/staff/berlin/impact/areas'))?.status()).toBe(200);
        await check('impact-areas');

        await page.goto('/staff/berlin/impact/activities/new');
        await page.locator('#title').fill('');
        await page.locator('#participants').fill('-3');
        await page.locator('main form button[type="submit"]').first().click();
        expect(await page.locator('.kern-form-input--error').count()).toBeGreaterThan(0);
        await check('impact-activity-errors');

        await page.goto('/staff/berlin/impact/reports');
        await page.locator('main a[href*="/impact/reports/"]').first().click();
        await page.waitForURL(/\/impact\/reports\/[0-9a-f-]{36}$/);
        expect(await page.locator('main').innerText()).toContain('Ausgangslage');
        await check('impact-report');
        const pdf = await context.request.get(`${page.url()}/report.pdf`);
        expect(pdf.headers()['content-type']).toBe('application/pdf');
      } finally {
        await context.close();
      }
    }, 180_000);
  },
);
