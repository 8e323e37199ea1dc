import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { listMemberships } from '../src/modules/access/index.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import type { TestParams } from '../src/platform/modules.ts';
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

describe.skipIf(!HAVE_CHROMIUM)('data-subject screen: find, read the export, erase with confirmation', () => {
  let app: E2eApp;
  let browser: Browser;
  let staffState: Awaited<ReturnType<typeof signInState>>;
  const params: TestParams = {};

  /** Puts a person into every module of the demo tenant (the modules' own test factories). */
  async function person(email: string) {
    const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
    const admin = (await listMemberships(app.services.db, tenant.id)).find((m) => m.role === 'admin')!;
    const ctx = { services: app.services, tenant, marker: 'E2E', userId: admin.userId, params };
    if (Object.keys(params).length === 0)
      for (const m of MODULES)
        if (m.testFactory)
          for (const [k, v] of Object.entries(await m.testFactory(ctx)))
            params[k] = [...(params[k] ?? []), ...v];
    for (const m of MODULES)
      if (m.testPerson)
        await m.testPerson({ ...ctx, params }, { email, name: 'Ilka Tilgerova', phone: '0176 5550199' });
  }

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    staffState = await signInState(browser, app);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  // The journey once at 360 px; its key screens (the found data, the confirmation, the report)
  // again at 1280 px where they stand, since each answers a form.
  it('at 360px (key screens at 1280px too): every step accessible, no sideways scrolling', async () => {
    const email = 'ilka.360@example.org';
    await person(email);
    const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
    try {
      const page = await context.newPage();
      const check = async (name?: string) => {
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);
        if (name) await screenshot(page, name);
      };
      expect((await page.goto('/staff/berlin/admin/privacy?lang=de'))?.status()).toBe(200);
      await check();
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByRole('button', { name: 'Daten suchen' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Gefundene Daten');
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(
        expect.arrayContaining(['Häuser', 'Netzwerk und mobiles Büro', 'Veranstaltungen', 'Newsletter']),
      );
      await check('admin-privacy-found');
      await checkWideToo(page, 'admin-privacy-found');

      await page.getByRole('button', { name: 'Als lesbare Seite öffnen' }).click();
      await expect
        .poll(() => page.locator('h1').textContent())
        .toBe('Auskunft über gespeicherte personenbezogene Daten');
      expect(await page.locator('main').textContent()).toContain('Ilka Tilgerova');
      await check();
      await page.goBack();

      await page.getByRole('button', { name: 'Alles löschen …' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Daten dieser Person löschen?');
      await check('admin-privacy-confirm');
      await checkWideToo(page, 'admin-privacy-confirm');
      await page.getByLabel('Ich habe geprüft, wer fragt').check();
      await page.getByRole('button', { name: 'Jetzt löschen' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Löschbericht');
      expect(await page.locator('main').textContent()).toContain('Alles wurde gelöscht.');
      await check('admin-privacy-report');
      await checkWideToo(page, 'admin-privacy-report');
    } finally {
      await context.close();
    }
  });
});
