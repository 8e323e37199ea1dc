import { and, desc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { mailOutbox } from '../src/platform/mail/index.ts';
import {
  daysAhead,
  type E2eApp,
  expectNoAxeViolations,
  HAVE_CHROMIUM,
  horizontalOverflow,
  launchBrowser,
  newContext,
  revisitWide,
  screenshot,
  signInState,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

const ahead = daysAhead;

describe.skipIf(!HAVE_CHROMIUM)(
  'events: public submission → moderation → publication → submitter e-mail',
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

    /** The demo event's page, as the listing at 360 px led to it (revisited at 1280 px). */
    let eventPath: string;

    it('the listing and the demo event pages at 360px: accessible, no script, no sideways scrolling', async () => {
      const context = await newContext(browser, app, { viewport: VIEWPORTS[0] });
      try {
        const page = await context.newPage();
        const res = await page.goto('/berlin/events');
        expect(res?.status()).toBe(200);
        expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
        expect(await page.locator('link[rel="alternate"][type="text/calendar"]').count()).toBe(1);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'listing scrolls sideways').toBe(0);
        await screenshot(page, 'events-listing');
        await page.click('a:has-text("Fahrrad-Reparaturworkshop (Demo)")');
        await page.waitForURL(/\/berlin\/events\/[0-9a-f-]{36}$/);
        expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'event page scrolls sideways').toBe(0);
        await screenshot(page, 'events-event-page');
        eventPath = new URL(page.url()).pathname;
      } finally {
        await context.close();
      }
    });

    it('the area website at 360px: start page, news in Arabic (right to left), welcome guide — accessible', async () => {
      const context = await newContext(browser, app, { viewport: VIEWPORTS[0] });
      try {
        const page = await context.newPage();
        const res = await page.goto('/berlin/areas/beispiel-quartier-soldiner-kiez');
        expect(res?.status()).toBe(200);
        expect(await page.locator('h1').textContent()).toBe('Beispiel-Quartier Soldiner Kiez');
        expect(
          await page.locator('#events ~ .q-agenda li, section[aria-labelledby="events"] li').count(),
        ).toBeGreaterThan(0);
        expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'area website scrolls sideways').toBe(0);
        await screenshot(page, 'events-area-website');
        await page.goto('/berlin/news/neuer-spielplatz-beispielplatz?lang=ar');
        expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'Arabic news scrolls sideways').toBe(0);
        await screenshot(page, 'events-news-arabic');
        await page.goto('/berlin/areas/beispiel-quartier-soldiner-kiez/welcome?lang=de');
        await expectNoAxeViolations(page);
        await screenshot(page, 'events-welcome-guide');
      } finally {
        await context.close();
      }
    });

    it('the same public pages at 1280px: accessible, no sideways scrolling', async () => {
      expect(eventPath).toMatch(/^\/berlin\/events\/[0-9a-f-]{36}$/);
      await revisitWide(browser, app, [
        { path: '/berlin/events', shot: 'events-listing' },
        { path: eventPath, shot: 'events-event-page' },
        { path: '/berlin/areas/beispiel-quartier-soldiner-kiez', shot: 'events-area-website' },
        { path: '/berlin/news/neuer-spielplatz-beispielplatz?lang=ar', shot: 'events-news-arabic' },
        {
          path: '/berlin/areas/beispiel-quartier-soldiner-kiez/welcome?lang=de',
          shot: 'events-welcome-guide',
        },
      ]);
    }, 120_000);

    it('a resident submits an event on a phone; staff accept it; it is public and the submitter has the outcome with a private link', async () => {
      const email = `e2e-events-${Date.now()}@example.org`;
      const title = `Kiez-Picknick ${Date.now() % 100000}`;
      const resident = await newContext(browser, app, { viewport: VIEWPORTS[0] });
      try {
        const page = await resident.newPage();
        await page.goto('/berlin/events');
        await page.click('a:has-text("Veranstaltung melden")');
        await page.waitForURL(/\/berlin\/events\/submit$/);
        expect(await page.locator('script').count()).toBe(0);
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page), 'form scrolls sideways').toBe(0);
        await screenshot(page, 'events-submit-form');
        // First an incomplete form: clear messages, nothing lost.
        await page.fill('#title', title);
        await page.click('button[type="submit"]:has-text("Veranstaltung melden")');
        await expect.poll(() => page.locator('.q-error-summary').count()).toBe(1);
        expect(await page.inputValue('#title')).toBe(title);
        await expectNoAxeViolations(page);
        await page.fill('#description', 'Alle bringen etwas mit. Decken sind da.');
        await page.fill('#date', ahead(20));
        await page.fill('#startTime', '15:00');
        await page.fill('#endTime', '18:00');
        await page.selectOption('#areaId', { label: 'Beispiel-Quartier Soldiner Kiez' });
        await page.fill('#locationName', 'Wiese am Beispielplatz');
        await page.fill('#organiserName', 'Nachbarschaftsinitiative (fiktiv)');
        await page.check('#languages');
        await page.fill('#submitterName', 'Erika Beispiel');
        await page.fill('#submitterEmail', email);
        await page.check('#criteria');
        await page.click('button[type="submit"]:has-text("Veranstaltung melden")');
        await expect.poll(() => page.locator('h1').textContent()).toBe('Danke für Ihre Veranstaltung');
        await expectNoAxeViolations(page);
      } finally {
        await resident.close();
      }

      const staff = await browser.newContext({
        baseURL: app.url,
        storageState: staffState,
        locale: 'de-DE',
        viewport: VIEWPORTS[1],
      });
      try {
        const page = await staff.newPage();
        await page.goto('/staff/berlin/events/queue');
        await page.click(`a:has-text("${title}")`);
        await page.waitForURL(/\/moderate$/);
        await expectNoAxeViolations(page);
        await screenshot(page, 'events-moderation');
        await page.check('input[name="decision"][value="accept"]');
        await page.fill('#note', 'Schön, dass Sie dabei sind!');
        await page.click('button:has-text("Entscheidung senden")');
        // The queue confirms the decision and offers to undo it for a few minutes.
        await page.waitForURL(/\/staff\/berlin\/events\/queue\?decided=1/);
        expect(await page.locator(`a:has-text("${title}")`).count()).toBe(0);
        expect(await page.locator('button:has-text("Rückgängig")').isVisible()).toBe(true);
        await expectNoAxeViolations(page);
        await screenshot(page, 'events-decision-undo');
        await page.setViewportSize(VIEWPORTS[0]);
        await screenshot(page, 'events-decision-undo');
      } finally {
        await staff.close();
      }

      const visitor = await newContext(browser, app, { viewport: VIEWPORTS[0] });
      try {
        const page = await visitor.newPage();
        await page.goto('/berlin/events');
        await page.click(`a:has-text("${title}")`);
        await page.waitForURL(/\/berlin\/events\/[0-9a-f-]{36}$/);
        expect(await page.locator('h1').textContent()).toBe(title);
        const ld = JSON.parse(
          (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
        );
        expect(ld['@type']).toBe('Event');
        expect(ld.name).toBe(title);
        await expectNoAxeViolations(page);

        const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
        const mails = await app.services.db
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.tenantId, tenant.id), eq(mailOutbox.to, email)))
          .orderBy(desc(mailOutbox.createdAt));
        expect(mails.map((m) => m.subject)).toEqual([
          `Ihre Veranstaltung ist veröffentlicht: ${title}`,
          `Wir haben Ihre Veranstaltung erhalten: ${title}`,
        ]);
        expect(mails[0].text).toContain('Schön, dass Sie dabei sind!');
        const link = /https?:\/\/[^\s]+\/berlin\/events\/edit\/[A-Za-z0-9_-]+/.exec(mails[0].text)![0];
        await page.goto(new URL(link).pathname);
        expect(await page.locator('h1').textContent()).toContain(title);
        expect(await page.locator('main').textContent()).toContain('Veröffentlicht');
        await expectNoAxeViolations(page);
      } finally {
        await visitor.close();
      }
    });
  },
);
