import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingFor, membersFor, recordAttendance, scheduleMeeting } from '../src/modules/councils/index.ts';
import { listFundsFor, putOnAgenda } from '../src/modules/funds/index.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import { mailOutbox } from '../src/platform/mail/index.ts';
import {
  daysAhead,
  type E2eApp,
  expectNoAxeViolations,
  HAVE_CHROMIUM,
  horizontalOverflow,
  launchBrowser,
  newContext,
  signInState,
  startApp,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

const PHONE = { width: 360, height: 740 } as const;
const DESKTOP = { width: 1280, height: 800 } as const;
const HOUR = 3_600_000;

/**
 * One application from start to end, at phone width: a resident applies to the demo Aktionsfonds
 * without an account; staff record the eligibility check; the jury meets (the session and who came
 * are the councils module's, set up through its use cases) and staff record its decision with the
 * vote; staff book an advance; the applicant settles through the private link with a receipt; staff
 * accept the settlement, and the year's report counts it. axe on every page; the report once more at
 * desktop width.
 */
describe.skipIf(!HAVE_CHROMIUM)(
  'funds: an application from the public form to the accepted settlement',
  () => {
    let app: E2eApp;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp();
      browser = await launchBrowser();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('at 360px: apply → eligibility → decision → payment → settlement with a receipt → accepted', async () => {
      const email = `e2e-journey-${Date.now()}@example.org`;
      const title = 'Kiezgarten: Hochbeete bauen';
      const db = app.services.db;
      const tenant = (await getTenantBySlug(db, 'berlin'))!;
      const sys = systemActor(tenant.id);
      const fund = (await listFundsFor(sys, db)).find((f) => f.name === 'Aktionsfonds Soldiner Kiez')!;
      const check = async (page: Page, name: string) => {
        if (process.env.E2E_SHOTS)
          await page.screenshot({ path: `/tmp/funds-journey-${name}.png`, fullPage: true });
        expect(await horizontalOverflow(page), `${name} scrolls sideways`).toBe(0);
        await expectNoAxeViolations(page);
      };

      // The resident (axe needs script in the page; the pages ship none themselves).
      const resident = await newContext(browser, app, { viewport: PHONE });
      const staffState = await signInState(browser, app);
      const staff = await newContext(browser, app, { viewport: PHONE, storageState: staffState });
      try {
        const pub = await resident.newPage();
        expect((await pub.goto(`/berlin/funds/${fund.id}/apply`))?.status()).toBe(200);
        await pub.fill('#applicantName', 'Erika Beispiel');
        await pub.fill('#email', email);
        await pub.fill('#title', title);
        await pub.fill('#item_0', 'Holz und Erde');
        await pub.fill('#amount_0', '400');
        await pub.fill('#ownMoney', '40');
        await pub.fill('#startsOn', daysAhead(150));
        await pub.check('#consent');
        await pub.locator('.q-form__actions button[value="submit"]').click();
        await expect.poll(() => pub.locator('h1').textContent()).toBe('Ihr Antrag ist angekommen');
        await check(pub, 'thanks');
        const [mail] = (await db.select().from(mailOutbox)).filter((m) => m.to === email);
        const link = /https?:\/\/[^\s]+(\/berlin\/funds\/applications\/[A-Za-z0-9_-]+)/.exec(mail.text)![1];

        // Staff find it in the fund's year and record the eligibility check.
        const page = await staff.newPage();
        expect((await page.goto(`/staff/berlin/funds/${fund.id}`))?.status()).toBe(200);
        await page
          .locator('main table a', { hasText: /^\d{4}$/ })
          .first()
          .click();
        await page.waitForURL(/\/funds\/years\/[0-9a-f-]{36}$/);
        await page.locator('main a', { hasText: title }).click();
        await page.waitForURL(/\/funds\/applications\/[0-9a-f-]{36}$/);
        const appUrl = page.url();
        const applicationId = appUrl.split('/').at(-1)!;
        await check(page, 'application');
        await page.locator('main form[action$="/check"] button').click();
        await page.waitForURL(appUrl);
        expect(await page.locator('main').innerText()).toContain('In Prüfung');

        // The jury meets now, every member present; the application is on its agenda.
        const session = (
          await scheduleMeeting(sys, db, fund.decidingBodyId!, {
            startsAt: new Date(Date.now() - HOUR),
            title: 'Jurysitzung',
          })
        ).meetings[0];
        const members = await membersFor(sys, db, fund.decidingBodyId!);
        await recordAttendance(sys, db, session.id, {
          entries: members.map((m) => ({ memberId: m.id, status: 'present' as const })),
        });
        const placed = await putOnAgenda(sys, db, applicationId, { meetingId: session.id });
        // Those entitled to vote on this item and present (members with a conflict or out of term are not).
        const voters = (await meetingFor(sys, db, session.id)).items.find(
          (i) => i.id === placed.agendaItemId,
        )!.quorum!.present.length;

        // The decision with the jury's vote, counted by hand.
        await page.goto(appUrl);
        await page.fill('#decision-granted', '360');
        await page.fill('#decision-yes', String(voters));
        await page.fill('#decision-no', '0');
        await page.fill('#decision-abstain', '0');
        await page.fill('#decision-conditions', 'Belege bis vier Wochen nach dem Ende einreichen.');
        await page.locator('main form[action$="/decision"] button').click();
        await page.waitForURL(appUrl);
        expect(await page.locator('main').innerText()).toContain('360,00');

        // An advance.
        await page.selectOption('#booking-kind', 'payment');
        await page.selectOption('#booking-paymentKind', 'advance');
        await page.fill('#booking-amount', '200');
        await page.locator('main form[action$="/booking"] button').click();
        await page.waitForURL(appUrl);
        const booked = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
        expect(booked).toContain('Abschlag');
        expect(booked).toContain('200,00');
        await check(page, 'application-paid');
        const grantMail = (await db.select().from(mailOutbox)).filter(
          (m) => m.to === email && m.subject.includes('wird gefördert'),
        );
        expect(grantMail).toHaveLength(1);

        // The applicant settles through the private link: actual cost, a receipt, participants, report.
        await pub.goto(`${link}/settlement`);
        await check(pub, 'settlement');
        await pub.setInputFiles('#up-file', {
          name: 'quittung.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
        });
        await pub.fill('#up-caption', 'Baumarkt');
        await pub.locator('form[action$="/settlement/files"] button').click();
        await expect
          .poll(async () => (await pub.locator('main').innerText()).includes('quittung.pdf'))
          .toBe(true);
        await pub.fill('#actual_0', '380');
        await pub.fill('#participantsAdults', '12');
        await pub.fill('#participantsChildren', '8');
        await pub.fill('#report', 'Vier Hochbeete gebaut, mit zwanzig Nachbarinnen und Nachbarn.');
        await pub.locator('button[name="intent"][value="submit"]').click();
        await expect
          .poll(async () => (await pub.locator('main').innerText()).includes('Vier Hochbeete gebaut'))
          .toBe(true);
        await check(pub, 'settlement-sent');

        // Staff accept it.
        await page.goto(`${appUrl}/settlement`);
        await check(page, 'staff-settlement');
        await page.locator('form[action$="/settlement/accept"] button').click();
        await page.waitForLoadState();
        await page.goto(appUrl);
        expect(await page.locator('main').innerText()).toContain('Abgerechnet');

        // The year's report counts it, without the applicant's name; the same page at desktop width.
        await page.locator('main a', { hasText: 'Aktionsfonds Soldiner Kiez' }).first().click();
        await page.waitForURL(/\/funds\/years\/[0-9a-f-]{36}$/);
        await page.locator('main a', { hasText: 'Bericht und Jahresabschluss' }).click();
        await page.waitForURL(/\/report$/);
        const report = await page.locator('main').innerText();
        expect(report).toContain('Je Zielgruppe');
        expect(report).not.toContain('Erika Beispiel');
        await check(page, 'report');
        await page.setViewportSize(DESKTOP);
        await page.reload();
        await check(page, 'report-desktop');
      } finally {
        await resident.close();
        await staff.close();
      }
    }, 240_000);
  },
);
