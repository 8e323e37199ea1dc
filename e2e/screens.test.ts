import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * The screens every release must keep accessible, in German and English at phone width and in
 * German at desktop width.
 */
const SCREENS = [
  { name: 'public-tenant', path: '/berlin', signedIn: false, heading: { de: 'Berlin', en: 'Berlin' } },
  {
    name: 'public-area',
    path: '/berlin/areas/mitte',
    signedIn: false,
    heading: { de: 'Mitte', en: 'Mitte' },
  },
  { name: 'login', path: '/login', signedIn: false, heading: { de: 'Anmelden', en: 'Sign in' } },
  {
    name: 'staff-home',
    path: '/staff/berlin',
    signedIn: true,
    heading: { de: 'Demo-Administration', en: 'Demo-Administration' },
  },
] as const;
const LANGS = ['de', 'en'] as const;

describe.skipIf(!HAVE_CHROMIUM)('screens: accessibility (axe, WCAG 2.1 AA), layout and screenshots', () => {
  let app: E2eApp;
  let browser: Browser;
  let staffState: Awaited<ReturnType<typeof signInState>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    staffState = await signInState(browser, app);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.close();
  });

  // Every screen in both languages at 360 px (the phone, the harder width); in German at 1280 px.
  for (const screen of SCREENS) {
    for (const lang of LANGS) {
      for (const viewport of lang === 'de' ? VIEWPORTS : VIEWPORTS.slice(0, 1)) {
        it(`${screen.name} (${screen.path}) in ${lang} at ${viewport.width}px: no axe violations, no sideways scrolling`, async () => {
          const context = await newContext(browser, app, {
            viewport,
            storageState: screen.signedIn ? staffState : undefined,
          });
          contexts.push(context);
          const page = await context.newPage();
          const res = await page.goto(`${screen.path}?lang=${lang}`);
          expect(res?.status()).toBe(200);
          expect(new URL(page.url()).pathname).toBe(screen.path);
          await expect.soft(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
          expect(await page.locator('h1').first().textContent()).toContain(screen.heading[lang]);

          const violations = await axeViolations(page);
          if (violations.length > 0) {
            console.warn(
              `axe ${screen.name} ${lang} ${viewport.width}px:\n${JSON.stringify(violations, null, 2)}`,
            );
          }
          expect(
            violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.targets.join(' | ')}`),
          ).toEqual([]);

          expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);

          // German is the screenshot language of the README.
          if (lang === 'de') await screenshot(page, screen.name);
          await context.close();
        });
      }
    }
  }

  it('shows the public page in Arabic right-to-left', async () => {
    for (const viewport of VIEWPORTS) {
      const context = await newContext(browser, app, { viewport });
      contexts.push(context);
      const page = await context.newPage();
      const res = await page.goto('/berlin?lang=ar');
      expect(res?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      expect(await horizontalOverflow(page), 'page scrolls sideways').toBe(0);
      await screenshot(page, 'public-tenant-ar');
      await context.close();
    }
  });
});
