import { and, eq, like } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkConcerns } from '../src/modules/network/db/schema.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import {
  axeViolations,
  type E2eApp,
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

describe.skipIf(!HAVE_CHROMIUM)(
  'network: offline concern capture on a phone, and the main network screens',
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

    const stored = async (note: string) => {
      const tenant = await getTenantBySlug(app.services.db, 'berlin');
      return app.services.db
        .select()
        .from(networkConcerns)
        .where(and(eq(networkConcerns.tenantId, tenant!.id), like(networkConcerns.note, note)));
    };

    it('records a concern while offline at 360 px, keeps it on the device, and stores it exactly once when back online', async () => {
      const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
      try {
        const page = await context.newPage();
        const res = await page.goto('/staff/berlin/network/concerns/new');
        expect(res?.status()).toBe(200);
        // The script is served from our origin and has wired up the form.
        await page.waitForFunction(
          () => !!document.querySelector('script[src$="/network/concerns/offline.js"]'),
        );
        await page.waitForLoadState('load');
        expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);

        await context.setOffline(true);
        const note = `Offline erfasst ${Date.now()}`;
        await page.selectOption('#topic', 'sgb2');
        await page.selectOption('#language', 'ar');
        await page.selectOption('#venueId', { index: 1 });
        await page.fill('#note', note);
        await page.click('form[data-offline-queue] button[type="submit"]');

        // Still on the same page, the concern waits on the device.
        const queue = page.locator('#concern-queue');
        await expect.poll(() => queue.isVisible()).toBe(true);
        expect(await queue.textContent()).toContain('Noch nicht gesendet: 1');
        expect(await page.locator('#concern-status').textContent()).toContain('Keine Verbindung');
        expect(await stored(note)).toHaveLength(0);
        // The form is ready for the next concern, with the place and language kept.
        expect(await page.inputValue('#note')).toBe('');
        expect(await page.inputValue('#language')).toBe('ar');
        await screenshot(page, 'network-concern-offline');

        await context.setOffline(false);
        await expect.poll(async () => (await stored(note)).length, { timeout: 15_000 }).toBe(1);
        await expect.poll(() => queue.isVisible()).toBe(false);
        expect(await page.locator('#concern-status').textContent()).toContain('Gesendet');

        // A reload sends whatever is left (nothing) – still exactly one.
        await page.reload();
        await page.waitForLoadState('load');
        expect(
          await page.evaluate(() =>
            Object.keys(localStorage)
              .filter((k) => k.startsWith('quartier.concerns.'))
              .map((k) => localStorage.getItem(k)),
          ),
        ).toEqual(['[]']);
        const rows = await stored(note);
        expect(rows).toHaveLength(1);
        expect(rows[0].topic).toBe('sgb2');
        expect(rows[0].language).toBe('ar');
        expect(rows[0].venueId).toBeTruthy();
      } finally {
        await context.close();
      }
    });

    it('sends a queued concern only once even when the same key is posted again (a retry after a lost answer)', async () => {
      const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
      try {
        const page = await context.newPage();
        await page.goto('/staff/berlin/network/concerns/new');
        const note = `Doppelt ${Date.now()}`;
        await page.selectOption('#topic', 'debt');
        await page.selectOption('#venueId', { index: 1 });
        await page.fill('#note', note);
        const key = await page.inputValue('input[name="idempotencyKey"]');
        await page.click('form[data-offline-queue] button[type="submit"]');
        await expect.poll(async () => (await stored(note)).length, { timeout: 15_000 }).toBe(1);
        // The same request once more, as a retry would send it.
        const status = await page.evaluate(async (k) => {
          const form = document.querySelector('form[data-offline-queue]') as HTMLFormElement;
          const body = new URLSearchParams({
            _csrf: (form.querySelector('[name=_csrf]') as HTMLInputElement).value,
            idempotencyKey: k,
            topic: 'debt',
            language: 'de',
            venueId: (form.querySelector('#venueId option:nth-child(2)') as HTMLOptionElement).value,
          });
          const r = await fetch(form.action, {
            method: 'POST',
            body,
            headers: { Accept: 'application/json' },
          });
          return r.status;
        }, key);
        expect(status).toBe(200);
        expect(await stored(note)).toHaveLength(1);
      } finally {
        await context.close();
      }
    });

    it('keeps every typed value with the problem at its field when the server refuses a concern, and lets a refused queued one be corrected or discarded', async () => {
      const context = await newContext(browser, app, { viewport: VIEWPORTS[0], storageState: staffState });
      try {
        const page = await context.newPage();
        page.on('dialog', (d) => d.accept());
        await page.goto('/staff/berlin/network/concerns/new');
        await page.waitForLoadState('load');
        const note = `Abgelehnt ${Date.now()}`;
        const openAll = () =>
          page.evaluate(() => {
            for (const d of document.querySelectorAll('form[data-offline-queue] details'))
              (d as HTMLDetailsElement).open = true;
          });
        const fillBad = async () => {
          await page.selectOption('#topic', 'housing');
          await page.selectOption('#venueId', { index: 1 });
          await page.fill('#note', note);
          await openAll();
          // A name without a legal basis: refused by the server.
          await page.fill('#contactName', 'Frau Beispiel');
          await page.fill('#contactPhone', '030 1234567');
        };

        // Online: the server's refusal leaves everything in the form, the problem at its field.
        await fillBad();
        await page.click('form[data-offline-queue] button[type="submit"]');
        const summary = page.locator('#concern-errors');
        await expect.poll(() => summary.isVisible()).toBe(true);
        expect(await summary.textContent()).toMatch(/Rechtsgrundlage/);
        expect(await page.inputValue('#note')).toBe(note);
        expect(await page.inputValue('#contactName')).toBe('Frau Beispiel');
        expect(await page.inputValue('#contactPhone')).toBe('030 1234567');
        expect(await page.inputValue('#topic')).toBe('housing');
        expect(await page.locator('#concern-queue').isVisible()).toBe(false);
        expect(await stored(note)).toHaveLength(0);
        await screenshot(page, 'network-concern-refused');
        const violations = await axeViolations(page);
        expect(violations.map((v) => `${v.id}: ${v.targets.join(' | ')}`)).toEqual([]);

        // Corrected, it is stored once.
        await page.check('input[name="legalBasis"][value="consent"]');
        await page.check('input[name="consentGiven"]');
        await page.click('form[data-offline-queue] button[type="submit"]');
        await expect.poll(async () => (await stored(note)).length, { timeout: 15_000 }).toBe(1);
        expect(await summary.count()).toBe(0);

        // Offline, the same mistake is queued; back online the server refuses it. The entry can be
        // taken back into the form (with its message) …
        const note2 = `${note} zwei`;
        await context.setOffline(true);
        await page.selectOption('#topic', 'housing');
        await page.fill('#note', note2);
        await openAll();
        await page.fill('#contactName', 'Herr Beispiel');
        await page.click('form[data-offline-queue] button[type="submit"]');
        expect(await page.inputValue('#note')).toBe('');
        await context.setOffline(false);
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        const entry = page.locator('#concern-queue li');
        await expect
          .poll(async () => (await entry.textContent()) ?? '', { timeout: 15_000 })
          .toContain('abgelehnt');
        await entry.locator('button', { hasText: 'Bearbeiten' }).click();
        expect(await page.inputValue('#note')).toBe(note2);
        expect(await page.inputValue('#contactName')).toBe('Herr Beispiel');
        expect(await summary.textContent()).toMatch(/Rechtsgrundlage/);
        expect(await page.locator('#concern-queue').isVisible()).toBe(false);

        // … or discarded.
        await context.setOffline(true);
        await page.click('form[data-offline-queue] button[type="submit"]');
        await context.setOffline(false);
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await expect
          .poll(async () => (await entry.textContent()) ?? '', { timeout: 15_000 })
          .toContain('abgelehnt');
        await entry.locator('button', { hasText: 'Verwerfen' }).click();
        expect(await page.locator('#concern-queue').isVisible()).toBe(false);
        expect(await stored(note2)).toHaveLength(0);
      } finally {
        await context.close();
      }
    });

    const SCREENS = [
      { name: 'network-concern-form', path: '/staff/berlin/network/concerns/new', signedIn: true },
      { name: 'network-actors', path: '/staff/berlin/network/actors', signedIn: true },
      { name: 'network-consultation-hours-public', path: '/berlin/consultation-hours', signedIn: false },
    ] as const;
    for (const s of SCREENS) {
      for (const viewport of VIEWPORTS) {
        it(`${s.name} at ${viewport.width}px: no axe violations, no sideways scrolling`, async () => {
          const context = await newContext(browser, app, {
            viewport,
            storageState: s.signedIn ? staffState : undefined,
          });
          try {
            const page = await context.newPage();
            const res = await page.goto(s.path);
            expect(res?.status()).toBe(200);
            const violations = await axeViolations(page);
            expect(
              violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.targets.join(' | ')}`),
            ).toEqual([]);
            expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);
            await screenshot(page, s.name);
          } finally {
            await context.close();
          }
        });
      }
    }
  },
);
