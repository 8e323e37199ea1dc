import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayLocal } from '../src/platform/time/index.ts';
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

describe.skipIf(!HAVE_CHROMIUM)('councils: meetings, invitation, attendance, a vote and the minutes', () => {
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
    it(`at ${viewport.width}px: schedule, agenda, invitation, attendance, a vote with its quorum, the minutes`, async () => {
      const context = await newContext(browser, app, { viewport, storageState: staffState });
      try {
        const page = await context.newPage();
        await page.goto('/staff/berlin/councils');
        await page.locator('main a', { hasText: 'Quartiersrat Soldiner Kiez' }).click();
        await page.waitForURL(/\/councils\/[0-9a-f-]{36}$/);
        await page.locator('main a', { hasText: 'Sitzung planen' }).click();
        // A meeting tonight (started shortly after midnight, so it can be held and voted on now).
        await page.locator('#title').fill(`Sondersitzung ${viewport.width}`);
        await page.locator('#startsOn').fill(todayLocal());
        await page.locator('#startTime').fill('00:05');
        await page.locator('#endTime').fill('');
        await page.locator('#onlineUrl').fill('kein Link');
        await page.locator('main form button[type="submit"]').click();
        await page.locator('.q-error-summary').waitFor();
        expect(await page.locator('.q-error-summary').innerText()).toContain('Link zur Online-Sitzung');
        expect(await page.locator('#title').inputValue()).toBe(`Sondersitzung ${viewport.width}`);
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, 'councils-meeting-form');
        await page.locator('#onlineUrl').fill('');
        await page.locator('#locationName').fill('Stadtteilladen Soldiner Straße');
        await page.locator('main form button[type="submit"]').click();
        await page.waitForURL(/\/councils\/meetings\/[0-9a-f-]{36}\?/);

        // The agenda: the approval of the last minutes comes first by itself when they await approval.
        await page.locator('#title').fill('Antrag: Bänke für den Nettelbeckplatz');
        await page.locator('#kind').selectOption('decision');
        await page.locator('#text').fill('Der Quartiersrat empfiehlt zwei Bänke.');
        await page.locator('form[action$="/items"] button[type="submit"]').click();
        await page.waitForURL(/saved=item/);
        expect(await page.locator('.q-agenda').innerText()).toContain('Bänke für den Nettelbeckplatz');
        await page.locator('form[action$="/invite"] button[type="submit"]').click();
        await page.waitForURL(/saved=invited/);
        expect(await page.locator('main').innerText()).toContain('eingeladen');

        // Attendance: everyone present.
        await page.locator('main a', { hasText: 'Anwesenheit erfassen' }).click();
        const selects = page.locator('select[name^="status."]');
        for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption('present');
        await page.locator('#guests').fill('Frau Nachbarin');
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, 'councils-attendance');
        await page.locator('main form button[type="submit"]').click();
        await page.waitForURL(/saved=attendance/);

        // The vote on the decision, with the quorum in numbers.
        const item = page.locator('.q-agenda li', { hasText: 'Bänke für den Nettelbeckplatz' });
        await item.locator('a', { hasText: 'Abstimmung erfassen' }).click();
        expect(await page.locator('#quorum').innerText()).toContain('beschlussfähig');
        await page.locator('#yes').fill('9');
        await page.locator('#no').fill('1');
        await page.locator('#resolution').fill('Zwei Bänke werden beantragt.');
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, 'councils-vote');
        await page.locator('main form button[type="submit"]').click();
        await page.waitForURL(/saved=vote/);
        expect(await page.locator('.q-agenda').innerText()).toContain('9 Ja, 1 Nein, 0 Enthaltungen');
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, 'councils-meeting');

        // The minutes: drafted, a text, circulated.
        await page.locator('main a', { hasText: /^Protokoll$/ }).click();
        await page.locator('main form[action$="/minutes/draft"] button').click();
        await page.waitForURL(/saved=draft/);
        await page.locator('textarea[name^="minutes."]').last().fill('Der Antrag wurde kurz beraten.');
        await page.locator('main form button', { hasText: 'Protokoll speichern' }).click();
        await page.waitForURL(/saved=saved/);
        await page.locator('main form[action$="/minutes/circulate"] button').click();
        await page.waitForURL(/saved=circulated/);
        expect(await page.locator('main').innerText()).toContain('an die Mitglieder verschickt');
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, 'councils-minutes');
      } finally {
        await context.close();
      }
    }, 180_000);
  }
});
