import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFund, setYearBudget } from '../src/modules/funds/index.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import { todayLocal } from '../src/platform/time/index.ts';
import {
  type E2eApp,
  expectNoAxeViolations,
  HAVE_CHROMIUM,
  horizontalOverflow,
  launchBrowser,
  newContext,
  signInState,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

/**
 * Staff set up a fund: from the list to the new fund's form (first refused: the messages at the
 * fields, nothing typed lost; then created), its page with the budget form, the year's page with
 * the budget and the year end. The screens carry no script; at phone width with axe on every page,
 * the key screens again at desktop width. Screenshots go to /tmp (funds-staff-*.png) when
 * E2E_SHOTS is set.
 */
describe.skipIf(!HAVE_CHROMIUM)('funds: staff create a fund, give it a budget and close its year', () => {
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

  /** No script, no sideways scrolling, axe; the screenshot when E2E_SHOTS is set. */
  const check = async (page: Page, name: string) => {
    expect(await page.locator('script').count()).toBe(0);
    const width = page.viewportSize()!.width;
    expect(await horizontalOverflow(page), `${name} scrolls sideways at ${width}px`).toBe(0);
    await expectNoAxeViolations(page);
    if (process.env.E2E_SHOTS)
      await page.screenshot({ path: `/tmp/funds-staff-${name}-${width}.png`, fullPage: true });
  };
  /** A key screen of the 360 px journey once more at 1280 px, where it stands (it answers a form). */
  const checkWide = async (page: Page, name: string) => {
    await page.setViewportSize(VIEWPORTS[1]);
    await check(page, name);
    await page.setViewportSize(VIEWPORTS[0]);
  };

  it('at 360px (key screens at 1280px too): new fund (refused, then created) → budget → year end', async () => {
    const viewport = VIEWPORTS[0];
    const context = await newContext(browser, app, { viewport, storageState: staffState });
    try {
      const page = await context.newPage();
      const name = `Aktionsfonds Test ${viewport.width}`;
      expect((await page.goto('/staff/berlin/funds'))?.status()).toBe(200);
      await page.locator('main a', { hasText: 'Neuer Fonds' }).click();
      await page.waitForURL(/\/funds\/new$/);
      await check(page, 'new');

      // Refused: no name and an amount that is none; what was typed stays.
      await page.fill('#fund-programme', 'Sozialer Zusammenhalt 2026');
      await page.fill('#fund-goals', 'Nachbarschaft stärken\nGrün im Kiez');
      await page.fill('#fund-cap', 'zweitausend');
      await page.locator('main button[type="submit"]').click();
      await page.waitForLoadState();
      const summary = await page.locator('#error-summary').innerText();
      expect(summary).toContain('Name');
      expect(summary).toContain('Obergrenze je Antrag');
      expect(await page.inputValue('#fund-programme')).toBe('Sozialer Zusammenhalt 2026');
      expect(await page.inputValue('#fund-goals')).toBe('Nachbarschaft stärken\nGrün im Kiez');
      expect(await page.inputValue('#fund-cap')).toBe('zweitausend');
      await check(page, 'new-refused');
      await checkWide(page, 'new-refused');

      await page.fill('#fund-name', name);
      await page.fill('#fund-cap', '1.200');
      await page.locator('main button[type="submit"]').click();
      await page.waitForURL(/\/funds\/[0-9a-f-]{36}$/);
      expect(await page.locator('h1').innerText()).toBe(name);
      expect(await page.locator('main').innerText()).toContain('1.200,00');
      await check(page, 'fund');
      await checkWide(page, 'fund');

      await page.fill('#budget-budget', '8.000');
      await page.fill('#budget-reason', 'Zuwendungsbescheid');
      await page.locator('main form[action$="/budget"] button').click();
      await page.waitForLoadState();
      await page
        .locator('main table a', { hasText: /^\d{4}$/ })
        .first()
        .click();
      await page.waitForURL(/\/funds\/years\/[0-9a-f-]{36}$/);
      expect(await page.locator('main').innerText()).toContain('Zuwendungsbescheid');
      await check(page, 'year');
      await checkWide(page, 'year');

      await page.locator('main form[action$="/close"] button').click();
      await page.waitForLoadState();
      expect(await page.locator('#error-summary').innerText()).toContain('abschließen');
      await page.check('#close-confirm');
      await page.locator('main form[action$="/close"] button').click();
      await page.waitForLoadState();
      expect(await page.locator('main').innerText()).toContain('Das Jahr ist abgeschlossen');
      await check(page, 'year-closed');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('splits a city-wide fund’s year across its working groups (refused above the budget, then saved)', async () => {
    const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
    const sys = systemActor(tenant.id);
    const db = app.services.db;
    const year = Number(todayLocal().slice(0, 4));
    const parent = await createFund(sys, db, { name: 'Initiativfonds GWA', kind: 'initiative' });
    const fy = await setYearBudget(sys, db, parent.id, {
      year,
      budgetCents: 2_000_000,
      reason: 'Ratsbeschluss',
    });
    const groups = [];
    for (const name of ['AG Nord', 'AG Süd', 'AG Altstadt'])
      groups.push(await createFund(sys, db, { name, kind: 'initiative', parentFundId: parent.id }));
    const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
    try {
      const page = await context.newPage();
      expect((await page.goto(`/staff/berlin/funds/years/${fy.id}`))?.status()).toBe(200);
      await page.fill(`#split-share_${groups[0].id}`, '10.000');
      await page.fill(`#split-share_${groups[1].id}`, '8.000');
      await page.fill(`#split-share_${groups[2].id}`, '5.000');
      await page.fill('#split-reason', 'Beschluss vom März');
      await page.locator('main form[action$="/split"] button').click();
      await page.waitForLoadState();
      expect(await page.locator('#error-summary').innerText()).toContain('stadtweite Budget');
      expect(await page.inputValue(`#split-share_${groups[2].id}`)).toBe('5.000');
      expect(await page.inputValue('#split-reason')).toBe('Beschluss vom März');
      await check(page, 'split-refused');
      await checkWide(page, 'split-refused');
      await page.fill(`#split-share_${groups[2].id}`, '2.000');
      await page.locator('main form[action$="/split"] button').click();
      await page.waitForLoadState();
      expect(await page.locator('#error-summary').count()).toBe(0);
      expect(await page.locator('main').innerText()).toContain('2.000,00');
    } finally {
      await context.close();
    }
  }, 180_000);
});
