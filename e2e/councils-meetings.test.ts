import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayLocal } from '../src/platform/time/index.ts';
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

describe.skipIf(!HAVE_CHROMIUM)('councils: meetings, a vote, the minutes and their approval', () => {
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

  // The journey once at 360 px; its key screens again at 1280 px where they stand (most answer a form).
  it('at 360px (key screens at 1280px too): schedule, agenda, invitation, attendance, a vote with its quorum, the minutes, approved at the next meeting and published', async () => {
    const viewport = VIEWPORTS[0];
    const context = await newContext(browser, app, { viewport, storageState: staffState });
    try {
      const page = await context.newPage();
      await page.goto('/staff/berlin/councils');
      await page.locator('main a', { hasText: 'Quartiersrat Soldiner Kiez' }).click();
      await page.waitForURL(/\/councils\/[0-9a-f-]{36}$/);
      const bodyPath = new URL(page.url()).pathname;
      await page.locator('main a', { hasText: 'Sitzung planen' }).click();
      // A meeting tonight (started shortly after midnight, so it can be held and voted on now).
      await page.locator('#title').fill(`Sondersitzung ${viewport.width}`);
      await page.locator('#startsOn').fill(todayLocal());
      const [firstTime, nextTime] = ['00:05', '00:10'];
      await page.locator('#startTime').fill(firstTime);
      await page.locator('#endTime').fill('');
      await page.locator('#onlineUrl').fill('kein Link');
      await page.locator('main form button[type="submit"]').click();
      await page.locator('.q-error-summary').waitFor();
      expect(await page.locator('.q-error-summary').innerText()).toContain('Link zur Online-Sitzung');
      expect(await page.locator('#title').inputValue()).toBe(`Sondersitzung ${viewport.width}`);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-meeting-form');
      await checkWideToo(page, 'councils-meeting-form');
      await page.locator('#onlineUrl').fill('');
      await page.locator('#locationName').fill('Stadtteilladen Soldiner Straße');
      await page.locator('main form button[type="submit"]').click();
      await page.waitForURL(/\/councils\/meetings\/[0-9a-f-]{36}\?/);
      const firstId = new URL(page.url()).pathname.split('/').pop()!;

      // The agenda: the approval of the last minutes comes first by itself when they await approval.
      await page.locator('#title').fill('Antrag: Bänke für den Nettelbeckplatz');
      await page.locator('#kind').selectOption('decision');
      await page.locator('#text').fill('Der Quartiersrat empfiehlt zwei Bänke.');
      await page.locator('form[action$="/items"] button[type="submit"]').click();
      await page.waitForURL(/saved=item/);
      expect(await page.locator('.q-agenda').innerText()).toContain('Bänke für den Nettelbeckplatz');
      // What is due (the start page's inbox links it): readable on a phone too.
      await page.goto('/staff/berlin');
      await page.locator('[data-inbox="councils.invitationsDue"] a').click();
      await page.waitForURL(/\/councils\/due/);
      expect(await page.locator('main h1').innerText()).toBe('Fällig in den Gremien');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-due');
      await checkWideToo(page, 'councils-due');
      await page.goto(`/staff/berlin/councils/meetings/${firstId}`);
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
      await checkWideToo(page, 'councils-meeting');

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
      await checkWideToo(page, 'councils-minutes');

      // The next meeting: the approval of these minutes comes first by itself; its carried vote
      // approves them and publishes the public part on the public body page.
      await page.goto(bodyPath);
      await page.locator('main a', { hasText: 'Sitzung planen' }).click();
      await page.locator('#title').fill(`Nächste Sitzung ${viewport.width}`);
      await page.locator('#startsOn').fill(todayLocal());
      await page.locator('#startTime').fill(nextTime);
      await page.locator('#endTime').fill('');
      await page.locator('#locationName').fill('Stadtteilladen Soldiner Straße');
      await page.locator('main form button[type="submit"]').click();
      await page.waitForURL(/\/councils\/meetings\/[0-9a-f-]{36}\?/);
      await page.locator('#title').fill('Verschiedenes');
      await page.locator('#kind').selectOption('discussion');
      await page.locator('form[action$="/items"] button[type="submit"]').click();
      await page.waitForURL(/saved=item/);
      const approval = page.locator('.q-agenda li', { hasText: 'Genehmigung des Protokolls' });
      expect(await page.locator('.q-agenda li').first().innerText()).toContain('Genehmigung des Protokolls');
      await page.locator('main a', { hasText: 'Anwesenheit erfassen' }).click();
      const present = page.locator('select[name^="status."]');
      for (let i = 0; i < (await present.count()); i++) await present.nth(i).selectOption('present');
      await page.locator('main form button[type="submit"]').click();
      await page.waitForURL(/saved=attendance/);
      await approval.locator('a', { hasText: 'Abstimmung erfassen' }).click();
      await page.locator('#yes').fill('10');
      await page.locator('#no').fill('0');
      await page.locator('main form button[type="submit"]').click();
      await page.waitForURL(/saved=vote/);
      expect(await approval.innerText()).toContain('10 Ja, 0 Nein, 0 Enthaltungen');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await screenshot(page, 'councils-minutes-approval');

      // The public body page (no account) links the published minutes, and the PDF opens.
      const visitor = await newContext(browser, app, { viewport });
      try {
        const pub = await visitor.newPage();
        await pub.goto('/berlin/councils/quartiersrat-soldiner-kiez');
        const link = pub.locator(`#meeting-${firstId} a`, {
          hasText: 'Protokoll, öffentlicher Teil (PDF)',
        });
        expect(await link.count()).toBe(1);
        const pdf = await pub.request.get((await link.getAttribute('href'))!);
        expect(pdf.status()).toBe(200);
        expect(pdf.headers()['content-type']).toBe('application/pdf');
        await link.scrollIntoViewIfNeeded();
        expect(await horizontalOverflow(pub)).toBe(0);
        await expectNoAxeViolations(pub);
        await screenshot(pub, 'councils-public-minutes');
        await checkWideToo(pub, 'councils-public-minutes');
      } finally {
        await visitor.close();
      }
    } finally {
      await context.close();
    }
  }, 240_000);
});
