import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';
import { demoLoginLink, seedDemo } from '../src/app/seed-demo.ts';
import { type Database, openDatabase } from '../src/platform/db/index.ts';
import type { Services } from '../src/platform/http/context.ts';
import { createServices, startServer } from '../src/server.ts';
import { openTestDatabase, testConfig } from '../src/test/kit.ts';

/** The browser the journeys drive; Debian's chromium unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);

/** Call at the top of every e2e file: says loudly why the browser tests did not run. */
export function warnIfNoBrowser(): void {
  if (!HAVE_CHROMIUM)
    console.warn(`browser tests skipped: no chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
}

export const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;

export const SCREENSHOT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2eApp {
  url: string;
  services: Services;
  /** Path of the demo administrator's one-time sign-in link (/magic/…). */
  loginPath: string;
  close(): Promise<void>;
}

/**
 * The seeded demo, saved once per test run: the first browser test file seeds it and dumps the
 * database, the others (also the one that starts beside it) load that dump (the demo seed costs
 * seconds, loading the dump well under one).
 * Keyed by the test run's main process (the parent of every test worker) and removed by the global
 * setup's teardown.
 */
const demoDump = join(tmpdir(), `quartier-e2e-demo-${process.ppid}.tar`);
/** Held (its content: the process id) by the one test file that seeds the demo of this run. */
const seedLock = `${demoDump}.lock`;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * True when this process is to seed the demo, false once another file's dump is there. The first
 * files of both workers start at once: the second waits for the first one's dump instead of seeding
 * the same demo a second time beside it. A holder that died leaves its lock behind: it is taken over.
 */
async function takeSeeding(): Promise<boolean> {
  for (;;) {
    if (existsSync(demoDump)) return false;
    try {
      writeFileSync(seedLock, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(seedLock, 'utf8'));
      } catch {
        continue; // released in between: look again
      }
      if (holder && !isAlive(holder)) rmSync(seedLock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The real app (HTTP server, jobs) on 127.0.0.1 and a random port, on a fresh database with the demo tenant. */
export async function startApp(): Promise<E2eApp> {
  const seeding = await takeSeeding();
  let database: Database;
  try {
    database = seeding
      ? await openTestDatabase()
      : await openDatabase({ loadDataDir: new Blob([readFileSync(demoDump)]) });
  } catch (err) {
    if (seeding) rmSync(seedLock, { force: true });
    throw err;
  }
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    if (seeding) {
      try {
        // Seed before the server starts its jobs, so the dump holds the demo and nothing else.
        const services = await createServices(testConfig(), { database });
        await seedDemo(services);
        services.mailer.close();
        const dump = await database.pglite!.dumpDataDir('none');
        const tmp = `${demoDump}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
        renameSync(tmp, demoDump);
      } finally {
        rmSync(seedLock, { force: true });
      }
    }
    server = await startServer(testConfig({ port: 0, host: '127.0.0.1' }), { database, quiet: true });
    const loginLink = await demoLoginLink(server.services);
    const running = server;
    return {
      url: running.url,
      services: running.services,
      loginPath: new URL(loginLink).pathname,
      async close() {
        await running.close();
        await database.close();
      },
    };
  } catch (err) {
    await server?.close();
    await database.close();
    throw err;
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export function newContext(
  browser: Browser,
  app: E2eApp,
  opts: BrowserContextOptions = {},
): Promise<BrowserContext> {
  // A German visitor by default (Accept-Language), like most of Quartier's public.
  return browser.newContext({ baseURL: app.url, viewport: VIEWPORTS[1], locale: 'de-DE', ...opts });
}

/** Signs in through the demo magic link (open it, press the confirm button) and returns the session state. */
export async function signInState(
  browser: Browser,
  app: E2eApp,
): Promise<Awaited<ReturnType<BrowserContext['storageState']>>> {
  const context = await newContext(browser, app);
  try {
    const page = await context.newPage();
    await page.goto(app.loginPath);
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL(/\/staff\/berlin$/);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** WCAG 2.1 A/AA violations on the current page, flattened for readable failure messages. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
  }));
}

/** Horizontal overflow in CSS pixels (0 when the page fits the viewport width). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const file = `${SCREENSHOT_DIR}${name}-${width}.png`;
  await page.screenshot({ path: file, fullPage: !!process.env.E2E_FULL_PAGE });
  return file;
}

/** Fails the test with one line per WCAG 2.1 A/AA violation axe-core finds on the page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.targets.join(' | ')}`)).toEqual([]);
}

/** A page a journey revisits at desktop width: its path, the screenshot name, the status expected. */
export interface KeyPage {
  path: string;
  /** Screenshot name (the width is appended); none when left out. */
  shot?: string;
  /** HTTP status expected (200 unless given). */
  status?: number;
}

/**
 * The desktop half of a journey: a journey runs once at 360 px (the phone, the harder width) and
 * then opens its key pages again at 1280 px, each with axe and no sideways scrolling (and its
 * screenshot), in one browser context.
 */
export async function revisitWide(
  browser: Browser,
  app: E2eApp,
  pages: readonly (string | KeyPage)[],
  opts: BrowserContextOptions = {},
): Promise<void> {
  const context = await newContext(browser, app, { viewport: VIEWPORTS[1], ...opts });
  try {
    const page = await context.newPage();
    for (const p of pages) {
      const { path, shot, status = 200 } = typeof p === 'string' ? { path: p } : p;
      expect((await page.goto(path))?.status(), path).toBe(status);
      expect(await horizontalOverflow(page), `${path} scrolls sideways at 1280px`).toBe(0);
      const violations = await axeViolations(page);
      expect(
        violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.targets.join(' | ')}`),
        `axe at 1280px on ${path}`,
      ).toEqual([]);
      if (shot) await screenshot(page, shot);
    }
  } finally {
    await context.close();
  }
}

/**
 * The page in front of a 360 px journey once more at 1280 px, resized in place (for a key page that
 * answers a form, which a revisit could not open again): no sideways scrolling, axe, its screenshot;
 * then back to the journey's width.
 */
export async function checkWideToo(page: Page, shot?: string): Promise<void> {
  const narrow = page.viewportSize();
  await page.setViewportSize(VIEWPORTS[1]);
  try {
    expect(await horizontalOverflow(page), `${page.url()} scrolls sideways at 1280px`).toBe(0);
    await expectNoAxeViolations(page);
    if (shot) await screenshot(page, shot);
  } finally {
    if (narrow) await page.setViewportSize(narrow);
  }
}

/** A local Berlin date (YYYY-MM-DD) some days ahead. */
export const daysAhead = (days: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
