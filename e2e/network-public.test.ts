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
 * passes axe at phone and desktop width, in German and the other public languages, with a
 * cancelled date on the page.
 */
describe.skipIf(!HAVE_CHROMIUM)('network: public consultation-hour pages and poster screens', () => {
  let app: E2eApp;
  let browser: Browser;
  let staffState: Awaited<ReturnType<typeof signInState>>;
  const pages: { name: string; path: string; signedIn: boolean }[] = [];

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
      { name: 'series', path: series, signedIn: false },
      { name: 'series-tr', path: `${series}?lang=tr`, signedIn: false },
      { name: 'series-ar', path: `${series}?lang=ar`, signedIn: false },
      { name: 'area', path: `/berlin/consultation-hours?area=${area.slug}`, signedIn: false },
      { name: 'area-en', path: `/berlin/consultation-hours?area=${area.slug}&lang=en`, signedIn: false },
      { name: 'list-de-x-ls', path: '/berlin/consultation-hours?lang=de-x-ls', signedIn: false },
      { name: 'staff-posters', path: '/staff/berlin/network/posters', signedIn: true },
      { name: 'staff-actor-edit', path: `/staff/berlin/network/actors/${items[0].id}/edit`, signedIn: true },
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

  for (const viewport of VIEWPORTS) {
    it(`no axe violations and no sideways scrolling at ${viewport.width}px`, async () => {
      const problems: string[] = [];
      for (const s of pages) {
        const context = await newContext(browser, app, {
          viewport,
          storageState: s.signedIn ? staffState : undefined,
        });
        try {
          const page = await context.newPage();
          const res = await page.goto(s.path);
          expect([200, 422], s.path).toContain(res?.status());
          for (const v of await axeViolations(page))
            problems.push(`${s.name}: ${v.id} (${v.impact}): ${v.help} → ${v.targets.join(' | ')}`);
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) problems.push(`${s.name}: scrolls sideways by ${overflow}px`);
        } finally {
          await context.close();
        }
      }
      expect(problems).toEqual([]);
      // Every page of the section, each in a fresh browser context with axe: more than a minute on a busy machine.
    }, 180_000);
  }

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
