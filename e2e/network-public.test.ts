import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMemberships, setMembershipDepartment } from '../src/modules/access/index.ts';
import { getAreaByKey } from '../src/modules/areas/index.ts';
import { listActors, loadSeries, upcoming } from '../src/modules/network/index.ts';
import { setException } from '../src/modules/network/use-cases/consultation.ts';
import { getTenantBySlug } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import {
  axeViolations,
  type E2eApp,
  HAVE_CHROMIUM,
  horizontalOverflow,
  launchBrowser,
  newContext,
  signInState,
  startApp,
  VIEWPORTS,
  warnIfNoBrowser,
} from './harness.ts';

warnIfNoBrowser();

/**
 * Every public page of the network module (and the staff screens added for NET-7 and sharing)
 * passes axe at phone width, in German and the other public languages, with a cancelled date on the
 * page; the main ones again at desktop width.
 */
describe.skipIf(!HAVE_CHROMIUM)('network: public consultation-hour pages and poster screens', () => {
  let app: E2eApp;
  let browser: Browser;
  let staffState: Awaited<ReturnType<typeof signInState>>;
  /** The pages to check; `wide` ones are checked again at 1280 px (the others at 360 px only). */
  const pages: { name: string; path: string; signedIn: boolean; wide?: boolean }[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    staffState = await signInState(browser, app);
    const db = app.services.db;
    const tenant = (await getTenantBySlug(db, 'berlin'))!;
    const area = (await getAreaByKey(db, tenant.id, 'programme', 'QM-DEMO-1'))!;
    const [bundle] = await loadSeries(db, tenant.id, { publishedOnly: true, areaId: area.id });
    // A cancelled date, so the pages show how a cancellation looks.
    const next = upcoming([bundle], new Date(), 21).find((o) => o.slotId);
    await setException(systemActor(tenant.id), db, bundle.series.id, {
      slotId: next!.slotId!,
      date: next!.date,
      status: 'cancelled',
      note: 'Krankheit',
    });
    const series = `/berlin/consultation-hours/${bundle.series.id}`;
    // A department known in the tenant, so the actor form shows the sharing control.
    const [first] = await listMemberships(db, tenant.id);
    await setMembershipDepartment(db, tenant.id, first.id, 'Jugendamt Mitte');
    const { items } = await listActors(db, tenant.id, { kind: 'organisation', scope: null, limit: 1 });
    pages.push(
      { name: 'series', path: series, signedIn: false, wide: true },
      { name: 'series-tr', path: `${series}?lang=tr`, signedIn: false },
      { name: 'series-ar', path: `${series}?lang=ar`, signedIn: false, wide: true },
      { name: 'area', path: `/berlin/consultation-hours?area=${area.slug}`, signedIn: false, wide: true },
      { name: 'area-en', path: `/berlin/consultation-hours?area=${area.slug}&lang=en`, signedIn: false },
      { name: 'list-de-x-ls', path: '/berlin/consultation-hours?lang=de-x-ls', signedIn: false },
      { name: 'staff-posters', path: '/staff/berlin/network/posters', signedIn: true, wide: true },
      {
        name: 'staff-actor-edit',
        path: `/staff/berlin/network/actors/${items[0].id}/edit`,
        signedIn: true,
        wide: true,
      },
      {
        name: 'staff-posters-errors',
        path: '/staff/berlin/network/posters/area.pdf?area=&with=xx',
        signedIn: true,
      },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('has the pages to check', () => {
    expect(pages.length).toBeGreaterThan(0);
  });

  /**
   * Opens each page in one browser context per kind (visitor, staff), forgetting the language the
   * page before chose (a `?lang=` is remembered), and lists what axe and the width find.
   */
  async function sweep(viewport: (typeof VIEWPORTS)[number], list: typeof pages): Promise<string[]> {
    const problems: string[] = [];
    for (const signedIn of [false, true]) {
      const context = await newContext(browser, app, {
        viewport,
        storageState: signedIn ? staffState : undefined,
      });
      try {
        const page = await context.newPage();
        for (const s of list.filter((p) => p.signedIn === signedIn)) {
          await context.clearCookies({ name: 'q_lang' });
          const res = await page.goto(s.path);
          expect([200, 422], s.path).toContain(res?.status());
          for (const v of await axeViolations(page))
            problems.push(`${s.name}: ${v.id} (${v.impact}): ${v.help} → ${v.targets.join(' | ')}`);
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) problems.push(`${s.name}: scrolls sideways by ${overflow}px`);
        }
      } finally {
        await context.close();
      }
    }
    return problems;
  }

  it(`no axe violations and no sideways scrolling at ${VIEWPORTS[0].width}px, every page`, async () => {
    expect(await sweep(VIEWPORTS[0], pages)).toEqual([]);
  }, 180_000);

  it(`no axe violations and no sideways scrolling at ${VIEWPORTS[1].width}px, the main pages`, async () => {
    const wide = pages.filter((p) => p.wide);
    expect(wide.length).toBeGreaterThan(0);
    expect(await sweep(VIEWPORTS[1], wide)).toEqual([]);
  }, 120_000);

  it('shows the cancellation on the series page without any script', async () => {
    const context = await newContext(browser, app, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(pages[0].path);
      await expect(page.locator('.q-cancelled').first().textContent()).resolves.toContain('fällt aus');
      expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
