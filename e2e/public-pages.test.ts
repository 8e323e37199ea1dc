import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type E2eApp,
  HAVE_CHROMIUM,
  launchBrowser,
  newContext,
  startApp,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

const PUBLIC_PATHS = [
  '/berlin',
  '/berlin/areas/mitte',
  '/berlin/imprint',
  '/berlin/privacy',
  '/berlin/accessibility',
  '/login',
];

/** Regression guard, not a target: the first HTML response of the tenant page must stay light. */
const MAX_HTML_BYTES = 200 * 1024;

describe.skipIf(!HAVE_CHROMIUM)(
  'public pages: no JavaScript needed, none shipped, small first response',
  () => {
    let app: E2eApp;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp();
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('switches the language by link with JavaScript disabled, and remembers it', async () => {
      const context = await newContext(browser, app, { javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto('/berlin');
        expect(await page.locator('html').getAttribute('lang')).toBe('de');
        await page
          .getByRole('navigation', { name: /Sprache/ })
          .getByRole('link', { name: 'English' })
          .click();
        await page.waitForURL(/lang=en/);
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        // The choice is kept in a cookie: the next page comes in English without ?lang.
        await page.goto('/berlin/areas/mitte');
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        // And back to German the same way.
        await page
          .getByRole('navigation', { name: /language/i })
          .getByRole('link', { name: 'Deutsch' })
          .click();
        await page.waitForURL(/lang=de/);
        expect(await page.locator('html').getAttribute('lang')).toBe('de');
      } finally {
        await context.close();
      }
    });

    it('ships no script to public pages (JSON-LD data blocks aside) and requests no script', async () => {
      const context = await newContext(browser, app);
      try {
        const page = await context.newPage();
        const scriptRequests: string[] = [];
        page.on('request', (r) => {
          if (r.resourceType() === 'script') scriptRequests.push(r.url());
        });
        for (const path of PUBLIC_PATHS) {
          const res = await page.goto(path);
          expect(res?.status(), path).toBe(200);
          const scripts = await page.locator('script:not([type="application/ld+json"])').count();
          expect(scripts, `<script> elements on ${path}`).toBe(0);
        }
        expect(scriptRequests).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('keeps the first response of /berlin small (HTML and CSS sizes are logged)', async () => {
      const context = await newContext(browser, app);
      try {
        const page = await context.newPage();
        const sizes: { url: string; type: string; bytes: number; encoding: string }[] = [];
        const pending: Promise<void>[] = [];
        page.on('response', (res) => {
          pending.push(
            res
              .body()
              .then((body) => {
                sizes.push({
                  url: new URL(res.url()).pathname,
                  type: res.request().resourceType(),
                  bytes: body.length,
                  encoding: res.headers()['content-encoding'] ?? 'identity',
                });
              })
              .catch(() => {}),
          );
        });
        await page.goto('/berlin', { waitUntil: 'load' });
        await Promise.all(pending);
        const sum = (type: string) => sizes.filter((s) => s.type === type).reduce((a, s) => a + s.bytes, 0);
        const htmlBytes = sum('document');
        const cssBytes = sum('stylesheet');
        const fontBytes = sum('font');
        console.log(
          `/berlin first load: HTML ${(htmlBytes / 1024).toFixed(1)} KB, CSS ${(cssBytes / 1024).toFixed(1)} KB, ` +
            `fonts ${(fontBytes / 1024).toFixed(1)} KB, other ${sizes.filter((s) => !['document', 'stylesheet', 'font'].includes(s.type)).length} request(s)` +
            ` (body sizes before any transfer encoding: ${[...new Set(sizes.map((s) => s.encoding))].join(', ')})`,
        );
        expect(htmlBytes).toBeGreaterThan(0);
        expect(htmlBytes).toBeLessThan(MAX_HTML_BYTES);
        expect(cssBytes).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    });
  },
);
