import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingRequests } from '../src/modules/houses/index.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { mailOutbox } from '../src/platform/mail/index.ts';
import {
  axeViolations,
  type E2eApp,
  HAVE_CHROMIUM,
  horizontalOverflow,
  launchBrowser,
  newContext,
  SCREENSHOT_DIR,
  screenshot,
  signInState,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

/** A Thursday at least three weeks ahead (local date), when the demo seminar room is free in the morning. */
function thursdayAhead(): string {
  const d = new Date(Date.now() + 21 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((4 - ((d.getUTCDay() + 6) % 7) - 1 + 7) % 7));
  return d.toISOString().slice(0, 10);
}

async function expectNoAxeViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.targets.join(' | ')}`)).toEqual([]);
}

describe.skipIf(!HAVE_CHROMIUM)(
  'community houses: public request → staff approval → confirmation with iCalendar',
  () => {
    let app: E2eApp;
    let browser: Browser;
    let staffState: Awaited<ReturnType<typeof signInState>>;

    beforeAll(async () => {
      app = await startApp();
      browser = await launchBrowser();
      staffState = await signInState(browser, app);
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    for (const viewport of VIEWPORTS) {
      it(`public house page with its week view at ${viewport.width}px: accessible, no sideways scrolling`, async () => {
        const context = await newContext(browser, app, { viewport });
        try {
          const page = await context.newPage();
          const res = await page.goto('/berlin/houses/beispielstrasse');
          expect(res?.status()).toBe(200);
          expect(await page.locator('h1').textContent()).toBe('Nachbarschaftshaus Beispielstraße');
          expect(await page.locator('#availability ~ div table tbody tr').count()).toBe(7);
          // Works without JavaScript: the page ships none (axe below injects its own).
          expect(await page.locator('script').count()).toBe(0);
          await expectNoAxeViolations(page);
          expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);
          await screenshot(page, 'houses-public-house');
          // The week view itself, however long: the section as one image.
          await page
            .locator('section[aria-labelledby="availability"]')
            .screenshot({ path: `${SCREENSHOT_DIR}houses-week-view-${viewport.width}.png` });
          await page.goto('/berlin/houses');
          await expectNoAxeViolations(page);
        } finally {
          await context.close();
        }
      });
    }

    it('a resident requests a room on a phone (no script on the page), staff approve, the confirmation mail carries a valid .ics', async () => {
      const date = thursdayAhead();
      const email = `e2e-${Date.now()}@example.org`;
      const context = await newContext(browser, app, { viewport: VIEWPORTS[0] });
      try {
        const page = await context.newPage();
        await page.goto('/berlin/houses/beispielstrasse');
        await page.click('a:has-text("Seminarraum anfragen")');
        await page.waitForURL(/\/request\?room=/);
        expect(await page.locator('script').count()).toBe(0);
        await expectNoAxeViolations(page);
        await page.fill('#date', date);
        await page.fill('#start', '10:00');
        await page.fill('#end', '12:00');
        await page.fill('#name', 'Erika Beispiel');
        await page.fill('#email', email);
        await page.fill('#organisation', 'Lesekreis Beispielkiez');
        await page.check('#tariff-2');
        await page.fill('#purpose', 'Lesekreis');
        await page.selectOption('#category', 'culture');
        await page.fill('#participants', '8');
        await page.check('#rules');
        // Check first: the fee is shown before anything is sent (2 h × 15 €, 50 % off = 15 €).
        await page.click('button[name="intent"][value="check"]');
        await expect.poll(() => page.locator('.kern-alert--success').textContent()).toContain('15,00');
        expect(await page.inputValue('#name')).toBe('Erika Beispiel');
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'form scrolls sideways').toBe(0);
        await screenshot(page, 'houses-request-form');
        await page.click('button[name="intent"][value="send"]');
        await expect.poll(() => page.locator('h1').textContent()).toBe('Anfrage gesendet');
        await expectNoAxeViolations(page);
      } finally {
        await context.close();
      }

      const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
      const [req] = await app.services.db
        .select()
        .from(bookingRequests)
        .where(and(eq(bookingRequests.tenantId, tenant.id), eq(bookingRequests.requesterEmail, email)));
      expect(req.status).toBe('pending');

      const staff = await newContext(browser, app, { viewport: VIEWPORTS[1], storageState: staffState });
      try {
        const page = await staff.newPage();
        await page.goto('/staff/berlin/houses/requests');
        await page.click('a:has-text("' + req.id.replace(/-/g, '').slice(-8).toUpperCase() + '")');
        await page.waitForURL(/\/houses\/requests\/[0-9a-f-]+$/);
        await expectNoAxeViolations(page);
        await screenshot(page, 'houses-staff-request');
        await page.click('button:has-text("Zusagen und Bestätigung senden")');
        await expect.poll(() => page.locator('.kern-alert--success').textContent()).toContain('Zugesagt');
        await page.goto('/staff/berlin/houses/utilisation');
        await expectNoAxeViolations(page);
        await screenshot(page, 'houses-report');
      } finally {
        await staff.close();
      }

      const mails = await app.services.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.tenantId, tenant.id), eq(mailOutbox.to, email)));
      const confirmation = mails.find((m) => m.subject.startsWith('Bestätigt'));
      expect(confirmation, 'confirmation mail in the outbox').toBeDefined();
      const ics = confirmation!.attachments.find((a) => a.filename.endsWith('.ics'))!;
      const cal = new ICAL.Component(ICAL.parse(Buffer.from(ics.content, 'base64').toString('utf8')));
      const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events).toHaveLength(1);
      expect(events[0].startDate.toJSDate().toISOString()).toBe(req.startsAt.toISOString());
      expect(events[0].endDate.toJSDate().toISOString()).toBe(req.endsAt.toISOString());
      expect(events[0].summary).toContain('Seminarraum');
    });
  },
);
