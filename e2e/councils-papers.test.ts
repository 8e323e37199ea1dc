import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgendaItem,
  addMember,
  createBody,
  paperLinkUrl,
  scheduleMeeting,
} from '../src/modules/councils/index.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import { addDays, localToInstant, todayLocal } from '../src/platform/time/index.ts';
import {
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

/**
 * A jury member without an account opens the private link of their invitation: the meeting's
 * agenda with the closed item marked, and the closed paper downloads. Without JavaScript at phone
 * width; axe (which needs script in the page) on the same page in Arabic and German, and in German
 * at desktop width.
 */
describe.skipIf(!HAVE_CHROMIUM)('councils: the papers of a meeting through a private link', () => {
  let app: E2eApp;
  let browser: Browser;
  let path: string;
  let meetingId: string;
  let closedItemId: string;
  let staffState: Awaited<ReturnType<typeof signInState>>;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { db } = app.services;
    const tenant = (await getTenantBySlug(db, 'berlin'))!;
    const sys = systemActor(tenant.id);
    const body = await createBody(sys, db, { name: 'Jury Unterlagen', kind: 'aktionsfondsjury' });
    const { member } = await addMember(sys, db, body.id, {
      kind: 'resident',
      name: 'Lena Link',
      email: 'lena@example.org',
      termFrom: addDays(todayLocal(), -30),
      termTo: null,
    });
    const meeting = (
      await scheduleMeeting(sys, db, body.id, {
        startsAt: localToInstant(addDays(todayLocal(), 7), '18:00'),
        title: 'Jurysitzung',
        locationName: 'Stadtteilladen',
      })
    ).meetings[0];
    await addAgendaItem(sys, db, meeting.id, { title: 'Antrag Hoffest', kind: 'decision', text: '500 €' });
    const agenda = await addAgendaItem(sys, db, meeting.id, {
      title: 'Vertrauliche Personalsache',
      kind: 'discussion',
      public: false,
      text: 'Nur für die Jury',
    });
    path = new URL(paperLinkUrl({ baseUrl: app.url, tenant, meeting, memberId: member.id })!).pathname;
    meetingId = meeting.id;
    closedItemId = agenda[agenda.length - 1].id;
    staffState = await signInState(browser, app);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('at 360px without JavaScript: the agenda with the closed paper, which downloads; axe at 360 and 1280px', async () => {
    const context = await newContext(browser, app, { viewport: VIEWPORTS[0], javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const res = await page.goto(path);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['cache-control']).toBe('private, no-store');
      const main = await page.locator('main').innerText();
      expect(main).toContain('Sitzungsunterlagen: Jury Unterlagen');
      expect(main).toContain('Vertrauliche Personalsache');
      expect(main).toContain('nicht öffentlich');
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'councils-papers-link');
      const href = await page.locator('main a', { hasText: 'Unterlage zu TOP 2' }).getAttribute('href');
      const pdf = await context.request.get(href!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
    } finally {
      await context.close();
    }
    const withJs = await newContext(browser, app, { viewport: VIEWPORTS[0] });
    try {
      const page = await withJs.newPage();
      for (const lang of ['de', 'ar']) {
        expect((await page.goto(`${path}?lang=${lang}`))?.status()).toBe(200);
        await expectNoAxeViolations(page);
      }
      expect((await page.goto(`${path.slice(0, -3)}xyz`))?.status()).toBe(404);
    } finally {
      await withJs.close();
    }
    await revisitWide(browser, app, [{ path: `${path}?lang=de`, shot: 'councils-papers-link' }]);
  }, 180_000);

  it("at 360px without JavaScript: staff upload a PDF to the closed item and withdraw Lena's link; axe at 360 and 1280px", async () => {
    const viewport = VIEWPORTS[0];
    const context = await newContext(browser, app, {
      viewport,
      javaScriptEnabled: false,
      storageState: staffState,
    });
    try {
      const page = await context.newPage();
      expect((await page.goto(`/staff/berlin/councils/items/${closedItemId}/edit`))?.status()).toBe(200);
      await page.locator('input[type="file"][name="file"]').setInputFiles({
        name: `Vermerk ${viewport.width}.pdf`,
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% Vermerk\n%%EOF\n'),
      });
      await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click();
      await page.waitForURL(/saved=file/);
      expect(await page.locator('#files').locator('..').innerText()).toContain(
        `Vermerk ${viewport.width}.pdf`,
      );
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: `/tmp/councils-item-files-${viewport.width}.png`, fullPage: true });

      expect((await page.goto(`/staff/berlin/councils/meetings/${meetingId}`))?.status()).toBe(200);
      const links = page.locator('section[aria-labelledby="paper-links"]');
      expect(await links.innerText()).toContain('Lena Link');
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: `/tmp/councils-paper-links-${viewport.width}.png`, fullPage: true });
      // Withdrawn: the link is the plain 404 page; restored for the next run.
      await links.getByRole('button', { name: /Link von Lena Link zurückziehen/ }).click();
      await page.waitForURL(/saved=links/);
      expect(await page.locator('section[aria-labelledby="paper-links"]').innerText()).toContain(
        'zurückgezogen',
      );
      expect((await context.request.get(path)).status()).toBe(404);
      await page
        .locator('section[aria-labelledby="paper-links"]')
        .getByRole('button', { name: /wieder freigeben/ })
        .click();
      await page.waitForURL(/saved=links/);
      expect((await context.request.get(path)).status()).toBe(200);
    } finally {
      await context.close();
    }
    const withJs = await newContext(browser, app, {
      viewport,
      storageState: staffState,
    });
    try {
      const page = await withJs.newPage();
      for (const url of [
        `/staff/berlin/councils/items/${closedItemId}/edit`,
        `/staff/berlin/councils/meetings/${meetingId}`,
      ]) {
        expect((await page.goto(url))?.status()).toBe(200);
        await expectNoAxeViolations(page);
      }
    } finally {
      await withJs.close();
    }
    await revisitWide(
      browser,
      app,
      [`/staff/berlin/councils/items/${closedItemId}/edit`, `/staff/berlin/councils/meetings/${meetingId}`],
      { storageState: staffState },
    );
  }, 180_000);
});
