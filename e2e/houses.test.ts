import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingRequests, houses, rooms } from '../src/modules/houses/db/schema.ts';
import { futureWeekday } from '../src/modules/houses/test-helpers.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { mailOutbox } from '../src/platform/mail/index.ts';
import {
  type E2eApp,
  expectNoAxeViolations,
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

    /** The public house page: its week view, no script, axe, no sideways scrolling, its screenshots. */
    const housePage = async (page: Page) => {
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
        .screenshot({ path: `${SCREENSHOT_DIR}houses-week-view-${page.viewportSize()!.width}.png` });
    };

    it('public house page with its week view and the room search at 360px, both again at 1280px: accessible, no sideways scrolling', async () => {
      const viewport = VIEWPORTS[0];
      let searchPath: string;
      const context = await newContext(browser, app, { viewport });
      try {
        const page = await context.newPage();
        await housePage(page);
        await page.goto('/berlin/houses');
        await expectNoAxeViolations(page);
        // The room search across houses, as a resident fills it in (a GET form, no script).
        await page.getByLabel('Personen').fill('10');
        await page.getByLabel('Datum').fill(futureWeekday(5));
        await page.getByLabel('Von').fill('18:00');
        await page.getByLabel('Bis').fill('20:00');
        await page.getByRole('button', { name: 'Räume suchen' }).click();
        await page.waitForURL(/participants=10/);
        expect(await page.locator('#room-results').textContent()).toMatch(/\d+ Räume? pass/);
        expect(await page.locator('.q-room-search a[href*="/request?room="]').count()).toBeGreaterThan(0);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'search results scroll sideways').toBe(0);
        await screenshot(page, 'houses-room-search');
        searchPath = new URL(page.url()).pathname + new URL(page.url()).search;
      } finally {
        await context.close();
      }
      const wide = await newContext(browser, app, { viewport: VIEWPORTS[1] });
      try {
        const page = await wide.newPage();
        await housePage(page);
        expect((await page.goto(searchPath))?.status()).toBe(200);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'search results scroll sideways').toBe(0);
        await screenshot(page, 'houses-room-search');
      } finally {
        await wide.close();
      }
    }, 120_000);

    it('staff upload a room photo; residents see it on a phone, described and lazy; the privacy and delete screens are accessible', async () => {
      const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
      const [house] = await app.services.db
        .select()
        .from(houses)
        .where(and(eq(houses.tenantId, tenant.id), eq(houses.slug, 'beispielstrasse')));
      const [room] = await app.services.db
        .select()
        .from(rooms)
        .where(
          and(eq(rooms.tenantId, tenant.id), eq(rooms.houseId, house.id), eq(rooms.name, 'Seminarraum')),
        );
      const staff = await newContext(browser, app, { storageState: staffState });
      try {
        const page = await staff.newPage();
        await page.goto(`/staff/berlin/houses/${house.id}/rooms/${room.id}/edit`);
        // A real JPEG, drawn by the browser (1200 × 800 px).
        const jpeg = await page.evaluate(() => {
          const c = document.createElement('canvas');
          c.width = 1200;
          c.height = 800;
          const g = c.getContext('2d')!;
          const grad = g.createLinearGradient(0, 0, 1200, 800);
          grad.addColorStop(0, '#2a6f97');
          grad.addColorStop(1, '#f4a259');
          g.fillStyle = grad;
          g.fillRect(0, 0, 1200, 800);
          return c.toDataURL('image/jpeg', 0.8).split(',')[1];
        });
        // A GIF is refused with the reason; the description typed stays.
        await page.setInputFiles('#photo', {
          name: 'seminar.jpg',
          mimeType: 'image/jpeg',
          buffer: Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00;', 'binary'),
        });
        await page.fill('#alt', 'Seminarraum mit Tischen in U-Form');
        await page.click('button:has-text("Foto hochladen")');
        await expect
          .poll(() => page.locator('#photo-error').textContent())
          .toContain('kein JPEG-, PNG- oder WebP-Bild');
        expect(await page.inputValue('#alt')).toBe('Seminarraum mit Tischen in U-Form');
        await expectNoAxeViolations(page);
        await page.setInputFiles('#photo', {
          name: 'seminar.jpg',
          mimeType: 'image/jpeg',
          buffer: Buffer.from(jpeg, 'base64'),
        });
        await page.click('button:has-text("Foto hochladen")');
        await page.waitForURL(/#photos$/);
        expect(await page.locator('section[aria-labelledby="photos"] img').count()).toBe(1);
        await expectNoAxeViolations(page);
        await screenshot(page, 'houses-room-photos');

        await page.goto('/staff/berlin/houses/privacy');
        await expectNoAxeViolations(page);
        await page.goto(`/staff/berlin/houses/${house.id}/rooms/${room.id}/delete`);
        await expectNoAxeViolations(page);
      } finally {
        await staff.close();
      }

      const visitor = await newContext(browser, app, { viewport: VIEWPORTS[0] });
      try {
        const page = await visitor.newPage();
        await page.goto('/berlin/houses/beispielstrasse');
        const img = page.locator('img[alt="Seminarraum mit Tischen in U-Form"]');
        expect(await img.getAttribute('loading')).toBe('lazy');
        expect(await img.getAttribute('width')).toBe('1200');
        expect(await img.getAttribute('height')).toBe('800');
        await img.scrollIntoViewIfNeeded();
        await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1200);
        // Scaled to the phone's width, in its proportions.
        const box = (await img.boundingBox())!;
        expect(box.width).toBeLessThanOrEqual(360);
        expect(Math.abs(box.height - (box.width * 800) / 1200)).toBeLessThan(2);
        expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);
        await expectNoAxeViolations(page);
      } finally {
        await visitor.close();
      }
    });

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
