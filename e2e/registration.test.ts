import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribers as newsletterSubscribers } from '../src/modules/newsletters/db/schema.ts';
import { bounceFixture, mbox } from '../src/modules/newsletters/test-fixtures/bounces.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { newId } from '../src/platform/db/index.ts';
import type { Lang } from '../src/platform/i18n/index.ts';
import { mailOutbox } from '../src/platform/mail/index.ts';
import { formatDate, formatRange, localToInstant } from '../src/platform/time/index.ts';
import {
  daysAhead,
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

const ahead = daysAhead;

/** The local date a number of weeks after another one. */
const weeksAfter = (date: string, weeks: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);

/** The hint under one date of the registration form: "Noch 1 Platz frei." / "ausgebucht – Warteliste". */
const dateHint = (page: Page, date: string) =>
  page.locator(`.kern-form-check:has(input[name="date"][value="${date}"]) .kern-hint`).textContent();

const GUIDE_PDF_AR = '/berlin/areas/beispiel-quartier-soldiner-kiez/welcome.pdf?lang=ar';
const HAVE_PDFTOPPM = existsSync('/usr/bin/pdftoppm');

describe.skipIf(!HAVE_CHROMIUM)(
  'events: a resident registers for one date of a weekly series on a phone, then cancels',
  () => {
    let app: E2eApp;
    let browser: Browser;
    let staffState: Awaited<ReturnType<typeof signInState>>;
    /** Our own weekly series registered per date, like the demo breakfast but one place per date. */
    const series = { id: '', title: 'Frühstück im Hof (E2E)', first: ahead(3) };

    beforeAll(async () => {
      app = await startApp();
      browser = await launchBrowser();
      staffState = await signInState(browser, app);
      // Staff create and publish the series through the JSON API with their session (and its CSRF token).
      const staff = await staffContext();
      try {
        const page = await staff.newPage();
        await page.goto('/staff/berlin/events');
        const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
        const res = await staff.request.post('/api/v1/tenants/berlin/events', {
          headers: { 'X-CSRF-Token': csrf ?? '', 'Accept-Language': 'de' },
          data: {
            title: series.title,
            description: 'Jede Woche: Frühstück für alle im Hof. Ein fiktiver Termin für den Browsertest.',
            date: series.first,
            startTime: '10:00',
            endTime: '12:00',
            repeat: 'weekly',
            until: weeksAfter(series.first, 11),
            locationName: 'Hof der Beispielstraße 12',
            organiserName: 'Quartiersmanagement (Demo)',
            languages: ['de', 'ar'],
            registrationRequired: true,
            capacity: 1,
            registrationMode: 'per_date',
            publish: true,
          },
        });
        expect(res.status(), await res.text()).toBe(201);
        const body = await res.json();
        expect(body.registration).toMatchObject({ mode: 'per_date' });
        series.id = body.id;
      } finally {
        await staff.close();
      }
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    function staffContext(): Promise<BrowserContext> {
      return browser.newContext({
        baseURL: app.url,
        storageState: staffState,
        locale: 'de-DE',
        viewport: VIEWPORTS[1],
      });
    }

    async function mailsTo(email: string) {
      const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
      return app.services.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.tenantId, tenant.id), eq(mailOutbox.to, email)))
        .orderBy(desc(mailOutbox.createdAt));
    }

    // Each run takes its own date (one place each), so a failed run leaves the others their place.
    const RUNS: { lang: Lang; javaScript: boolean; week: number }[] = [
      { lang: 'de', javaScript: true, week: 1 },
      { lang: 'de', javaScript: false, week: 2 },
      { lang: 'ar', javaScript: true, week: 3 },
      { lang: 'ar', javaScript: false, week: 4 },
    ];

    for (const run of RUNS) {
      it(`${run.lang}, JavaScript ${run.javaScript ? 'on' : 'off'}, 360px: event page → date → confirmation and mail → private link → cancel frees the place`, async () => {
        const t = app.services.i18n.t(run.lang, 'events');
        const date = weeksAfter(series.first, run.week);
        const start = localToInstant(date, '10:00');
        const when = formatRange(start, localToInstant(date, '12:00'), run.lang, false);
        const email = `e2e-reg-${run.lang}-${run.javaScript ? 'js' : 'nojs'}-${Date.now()}@example.org`;
        const placeFree = t('registration.placesLeft', { count: 1 });
        const dateTaken = t('registration.dateWaitlist');
        if (run.lang === 'de') {
          expect(placeFree).toBe('Noch 1 Platz frei.');
          expect(dateTaken).toBe('ausgebucht – Warteliste');
        }

        const context = await newContext(browser, app, {
          viewport: VIEWPORTS[0],
          javaScriptEnabled: run.javaScript,
        });
        try {
          const page = await context.newPage();
          // Axe needs script in the page: it runs in the runs with JavaScript (same server-rendered HTML).
          const checkAccessibility = async () => {
            expect(await page.locator('script').count(), 'public page ships script').toBe(0);
            expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);
            if (run.javaScript) await expectNoAxeViolations(page);
          };
          const expectDirection = async () => {
            expect(await page.locator('html').getAttribute('lang')).toBe(run.lang);
            expect(await page.locator('html').getAttribute('dir')).toBe(run.lang === 'ar' ? 'rtl' : 'ltr');
          };

          // The event page lists the next dates with their places; each links to the registration form.
          const res = await page.goto(`/berlin/events/${series.id}${run.lang === 'ar' ? '?lang=ar' : ''}`);
          expect(res?.status()).toBe(200);
          await expectDirection();
          const section = page.locator('section[aria-labelledby="registration"]');
          expect(await section.locator(`a[href$="/register?date=${date}"]`).count()).toBe(1);
          await section.locator('a[href*="/register?date="]').first().click();
          await page.waitForURL(new RegExp(`/berlin/events/${series.id}/register\\?date=${series.first}$`));
          await expectDirection();
          // The date linked from the event page is chosen already; the resident picks another one.
          expect(await page.isChecked(`input[name="date"][value="${series.first}"]`)).toBe(true);
          expect(await page.locator(`.kern-form-check:has(input[value="${date}"]) label`).textContent()).toBe(
            when,
          );
          expect(await dateHint(page, date)).toBe(placeFree);
          await checkAccessibility();
          // The chosen date comes first; the others are behind "choose another date".
          expect(await page.locator('details.q-other-date').getAttribute('open')).toBeNull();
          await page.click('details.q-other-date > summary');
          await page.check(`input[name="date"][value="${date}"]`);
          await page.fill('#name', 'Erika Beispiel');
          await page.fill('#email', email);
          await page.click('form.q-form button[type="submit"]');
          await expect.poll(() => page.locator('h1').textContent()).toBe(t('registration.doneTitle'));
          await expectDirection();
          const done = page.locator('main [role="status"]');
          expect(await done.textContent()).toContain(t('registration.forDate', { when }));
          expect(await done.textContent()).toContain(series.title);
          await checkAccessibility();

          // The date is taken now (one place): the form offers its waiting list.
          await page.goto(`/berlin/events/${series.id}/register?date=${date}`);
          expect(await dateHint(page, date)).toBe(dateTaken);

          // The confirmation mail, in the resident's language, names the date and has the private link.
          const [mail] = await mailsTo(email);
          expect(mail.subject).toBe(
            t('mail.registered.subject', {
              title: series.title,
              onDate: ` – ${formatDate(start, run.lang)}`,
            }),
          );
          expect(mail.text).toContain(when);
          const link = /https?:\/\/\S+\/berlin\/events\/registrations\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
          expect(link, mail.text).toBeDefined();

          await page.goto(new URL(link!).pathname);
          expect(await page.locator('h1').textContent()).toBe(t('registration.statusTitle'));
          expect(await page.locator('main').textContent()).toContain(when);
          expect(await page.locator('main strong').textContent()).toBe(t('registration.statuses.confirmed'));
          await checkAccessibility();
          await page.click(`main form button[type="submit"]:has-text("${t('registration.cancel')}")`);
          await page.waitForURL(/\/berlin\/events\/registrations\/[A-Za-z0-9_-]+\/cancel$/);
          expect(await page.locator('main [role="status"]').textContent()).toContain(
            t('registration.cancelledNotice'),
          );
          expect(await page.locator('main strong').textContent()).toBe(t('registration.statuses.cancelled'));
          expect(await page.locator('main form button[type="submit"]').count()).toBe(0);
          await expectDirection();
          const cancelled = await mailsTo(email);
          expect(cancelled.map((m) => m.subject)).toEqual([
            t('mail.cancelled.subject', { title: series.title, onDate: ` – ${formatDate(start, run.lang)}` }),
            mail.subject,
          ]);

          // The place is free again: the registration form shows the date as open.
          await page.goto(`/berlin/events/${series.id}/register?date=${date}`);
          expect(await page.isChecked(`input[name="date"][value="${date}"]`)).toBe(true);
          expect(await page.isDisabled(`input[name="date"][value="${date}"]`)).toBe(false);
          expect(await dateHint(page, date)).toBe(placeFree);
          await expectDirection();
        } finally {
          await context.close();
        }
      });
    }

    it('screenshots: the demo breakfast’s date choice and its Arabic page (360px), the staff list filtered by date and the bounce report (1280px), the Arabic welcome guide PDF', async () => {
      const resident = await newContext(browser, app, { viewport: VIEWPORTS[0] });
      let breakfast = '';
      let date = '';
      try {
        const page = await resident.newPage();
        await page.goto('/berlin/events');
        await page.click('a:has-text("Nachbarschaftsfrühstück (Demo)") >> nth=0');
        await page.waitForURL(/\/berlin\/events\/[0-9a-f-]{36}$/);
        breakfast = /\/events\/([0-9a-f-]{36})$/.exec(page.url())![1];
        await page
          .locator('section[aria-labelledby="registration"] a[href*="/register?date="]')
          .nth(1)
          .click();
        await page.waitForURL(/\/register\?date=\d{4}-\d{2}-\d{2}$/);
        date = new URL(page.url()).searchParams.get('date')!;
        expect(await dateHint(page, date)).toBe('Noch 20 Plätze frei.');
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page)).toBe(0);
        await screenshot(page, 'events-registration-dates');
        // Three neighbours take places on that date, for the staff list below.
        for (const name of ['Anna Beispiel', 'Bora Muster', 'Chadi Probe']) {
          await page.goto(`/berlin/events/${breakfast}/register?date=${date}`);
          await page.fill('#name', name);
          await page.fill('#email', `${name.split(' ')[0].toLowerCase()}@example.org`);
          await page.click('form.q-form button[type="submit"]');
          await expect.poll(() => page.locator('h1').textContent()).toBe('Sie sind angemeldet');
        }
        await page.goto(`/berlin/events/${breakfast}/register?date=${date}`);
        expect(await dateHint(page, date)).toBe('Noch 17 Plätze frei.');

        await page.goto(`/berlin/events/${breakfast}?lang=ar`);
        expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
        expect(await page.locator('h1').textContent()).toBe('Nachbarschaftsfrühstück (Demo)');
        await expectNoAxeViolations(page);
        expect(await horizontalOverflow(page)).toBe(0);
        await screenshot(page, 'events-event-page-ar');
      } finally {
        await resident.close();
      }

      const staff = await staffContext();
      try {
        const page = await staff.newPage();
        await page.goto(`/staff/berlin/events/${breakfast}/registrations`);
        await page.selectOption('select[name="date"]', date);
        await page.click('main form button[type="submit"]:has-text("Anzeigen")');
        await page.waitForURL(new RegExp(`/registrations\\?date=${date}$`));
        expect(await page.locator('table:has(caption:has-text("3 Anmeldungen")) tbody tr').count()).toBe(3);
        await expectNoAxeViolations(page);
        // The whole screen: the date filter, that date's places and the list of its registrations.
        await page.screenshot({
          path: `${SCREENSHOT_DIR}events-registrations-staff-1280.png`,
          fullPage: true,
        });

        // Bounce mails from a mailbox folder: a hard bounce, a soft one, an out-of-office reply.
        const tenant = (await getTenantBySlug(app.services.db, 'berlin'))!;
        const added = await app.services.db
          .insert(newsletterSubscribers)
          .values(
            ['weg@example.net', 'voll@example.net', 'urlaub@example.net'].map((email) => ({
              tenantId: tenant.id,
              id: newId(),
              email,
              status: 'active' as const,
              consentText: 'Ja, ich möchte den Newsletter.',
              consentVersion: '1',
              // Subscribed a week ago: bounces count from the confirmation on.
              consentAt: new Date(Date.now() - 7 * 86_400_000),
              confirmedAt: new Date(Date.now() - 7 * 86_400_000),
            })),
          )
          .returning();
        const key = (email: string) => added.find((s) => s.email === email)!;
        const bounce = (name: Parameters<typeof bounceFixture>[0], email: string) =>
          bounceFixture(name, {
            VERP: `bounces+${key(email).bounceKey}@quartier.example`,
            EMAIL: email,
            KEY: key(email).bounceKey,
            SUBSCRIBER: key(email).id,
            ID: `${name}-${Date.now()}`,
            DATE: new Date().toUTCString(),
          });
        await page.goto('/staff/berlin/newsletter/bounces');
        await page.setInputFiles('#file', {
          name: 'Rücklaeufer.mbox',
          mimeType: 'application/mbox',
          buffer: mbox([
            bounce('postfix-dsn', 'weg@example.net'),
            bounce('delayed-dsn', 'voll@example.net'),
            bounce('out-of-office', 'urlaub@example.net'),
          ]),
        });
        await page.click('main form button[type="submit"]:has-text("Einlesen und anwenden")');
        await page.locator('h2#report').waitFor();
        expect(await page.locator('main [role="status"]').textContent()).toContain('Gelesene Mails: 3');
        await expectNoAxeViolations(page);
        await screenshot(page, 'newsletters-bounces');
      } finally {
        await staff.close();
      }

      // Page 1 of the printed welcome guide in Arabic, as an image for the docs (needs poppler-utils).
      const visitor = await newContext(browser, app);
      try {
        const res = await visitor.request.get(GUIDE_PDF_AR);
        expect(res.status()).toBe(200);
        expect(res.headers()['content-type']).toBe('application/pdf');
        const pdf = await res.body();
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        if (!HAVE_PDFTOPPM) {
          console.warn('welcome guide screenshot skipped: no pdftoppm (apt-get install poppler-utils)');
          return;
        }
        const dir = mkdtempSync(join(tmpdir(), 'quartier-guide-'));
        try {
          writeFileSync(join(dir, 'guide.pdf'), pdf);
          execFileSync('/usr/bin/pdftoppm', [
            '-png',
            '-r',
            '96',
            '-f',
            '1',
            '-l',
            '1',
            '-singlefile',
            join(dir, 'guide.pdf'),
            `${SCREENSHOT_DIR}website-welcome-guide-ar-pdf-page1`,
          ]);
          expect(existsSync(`${SCREENSHOT_DIR}website-welcome-guide-ar-pdf-page1.png`)).toBe(true);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      } finally {
        await visitor.close();
      }
    });
  },
);
