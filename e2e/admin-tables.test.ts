import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { writeAudit } from '../src/platform/audit/index.ts';
import { newId } from '../src/platform/db/index.ts';
import { mailOutbox, queueMail } from '../src/platform/mail/index.ts';
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

describe.skipIf(!HAVE_CHROMIUM)('administration tables on a phone and on a desktop', () => {
  let app: E2eApp;
  let browser: Browser;
  let staffState: Awaited<ReturnType<typeof signInState>>;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    staffState = await signInState(browser, app);
    const { db } = app.services;
    const tenant = (await getTenantBySlug(db, 'berlin'))!;
    // What made the status column disappear: long addresses, subjects and error messages.
    for (let i = 0; i < 4; i++) {
      const id = await queueMail(db, {
        tenantId: tenant.id,
        to: `verwaltung.quartiersmanagement.soldiner-strasse-${i}@bezirksamt-mitte-von-berlin.example.org`,
        subject: `Ihre Raumanfrage QM-2026-${1000 + i} für den Gemeinschaftsraum im Nachbarschaftshaus Prinzenallee (Saal, Erdgeschoss)`,
        text: 'Hallo',
      });
      if (i % 2 === 0)
        await db
          .update(mailOutbox)
          .set({
            status: 'failed',
            attempts: 5,
            lastError: `Error: Invalid login: 535-5.7.8 https://support.example.org/mail/?p=BadCredentials_${'x'.repeat(60)}`,
          })
          .where(eq(mailOutbox.id, id));
    }
    await writeAudit(db, {
      tenantId: tenant.id,
      action: 'update',
      entityType: 'membership',
      entityId: newId(),
      actorLabel: 'cli',
      details: { role: 'team', department: { from: 'Jugendamt Mitte', to: 'Sozialamt Mitte' } },
      ip: '203.0.113.7',
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`outbox at ${viewport.width}px: the status of every mail is on screen`, async () => {
      const context = await newContext(browser, app, { viewport, storageState: staffState });
      try {
        const page = await context.newPage();
        expect((await page.goto('/staff/berlin/admin/outbox'))?.status()).toBe(200);
        expect(await horizontalOverflow(page)).toBe(0);
        const rows = page.locator('main table tbody tr');
        expect(await rows.count()).toBeGreaterThanOrEqual(4);
        // Every status cell lies inside the viewport, not beyond a sideways scroll.
        const statusCells = page.locator('main table tbody td:nth-child(2)');
        for (let i = 0; i < (await statusCells.count()); i++) {
          const box = (await statusCells.nth(i).boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        }
        const wrap = page.locator('main .q-table-wrap');
        const [scrollWidth, clientWidth] = await wrap.evaluate((el) => [el.scrollWidth, el.clientWidth]);
        expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
        if (viewport.width < 640) {
          // Stacked: the column names stand in front of the values.
          expect(await page.locator('main table thead').boundingBox()).toMatchObject({ width: 1, height: 1 });
          expect(await statusCells.first().evaluate((el) => getComputedStyle(el, '::before').content)).toBe(
            '"Status: "',
          );
        }
        await expectNoAxeViolations(page);
        await screenshot(page, 'admin-outbox');
      } finally {
        await context.close();
      }
    });

    it(`audit log at ${viewport.width}px: words instead of codes, no sideways scrolling`, async () => {
      const context = await newContext(browser, app, { viewport, storageState: staffState });
      try {
        const page = await context.newPage();
        expect((await page.goto('/staff/berlin/admin/audit'))?.status()).toBe(200);
        expect(await horizontalOverflow(page)).toBe(0);
        // Reads of the outbox and other lists are logged too, so the change need not be the newest row.
        const rows = page.locator('main table tbody tr');
        await expect
          .poll(() => rows.allTextContents())
          .toEqual(
            expect.arrayContaining([expect.stringContaining('Fachamt: Jugendamt Mitte → Sozialamt Mitte')]),
          );
        const wrap = page.locator('main .q-table-wrap');
        const [scrollWidth, clientWidth] = await wrap.evaluate((el) => [el.scrollWidth, el.clientWidth]);
        expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
        await expectNoAxeViolations(page);
        await screenshot(page, 'admin-audit');
      } finally {
        await context.close();
      }
    });
  }
});
