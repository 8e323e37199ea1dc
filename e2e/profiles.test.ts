import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfStrings, pdfText } from '../src/test/pdf.ts';
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

/**
 * A small indicator table as a statistics office sends it: semicolons, decimal commas, keys without
 * the leading zero, a missing mark, an area the tenant does not have. One known indicator (the MSS
 * unemployment share, for a new year) and one new one.
 */
const FIXTURE = [
  'PLR-ID;s1_percentage_unemployed;Kitaplätze je 100 Kinder',
  '1100101;4,1;63,5',
  '1100102;2,9;.',
  '1100103;7,25;48,25',
  '99999999;1,0;50,0',
].join('\r\n');

describe.skipIf(!HAVE_CHROMIUM)(
  'area profiles: import a table, the map, an area profile, its PDF and CSV',
  () => {
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

    const [narrow, wide] = VIEWPORTS;

    it(`at ${narrow.width}px: a staff member imports a table, reads the map and the profile, downloads both files`, async () => {
      const context = await newContext(browser, app, { viewport: narrow, storageState: staffState });
      try {
        const page = await context.newPage();
        const check = async (name: string) => {
          expect(await horizontalOverflow(page)).toBe(0);
          await expectNoAxeViolations(page);
          await screenshot(page, name);
        };

        // Upload → the mapping step with the detected format.
        expect((await page.goto('/staff/berlin/profiles/import'))?.status()).toBe(200);
        await check('profiles-import');
        await page.locator('#file').setInputFiles({
          name: 'kita-2023.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(FIXTURE, 'utf8'),
        });
        await page.locator('main form button[type="submit"]').click();
        await page.waitForURL(/\/profiles\/import$/);
        const preview = await page.locator('main').innerText();
        expect(preview).toContain('Spalten zuordnen');
        expect(preview).toContain('Komma');
        await page.locator('#period').fill('2023');
        await page.locator('#col1').selectOption('s1_percentage_unemployed');
        await page.locator('#col2').selectOption('new:kitaplaetze_je_100_kinder');
        await check('profiles-import-mapping');
        await page.locator('main form button[type="submit"]').first().click();

        // The report: what was stored, the unknown area named.
        await page.waitForURL(/\/profiles\/imports\/[0-9a-f-]{36}$/);
        const report = await page.locator('main').innerText();
        expect(report).toContain('Import von kita-2023.csv');
        expect(report).toContain('99999999');
        expect(report).toContain('Gebiet unbekannt');
        await check('profiles-import-report');

        // The map: the new indicator, planning areas, three classes.
        await page.goto('/staff/berlin/profiles');
        await page
          .locator('#indicator')
          .selectOption({ label: 'Kitaplätze je 100 Kinder (nicht veröffentlicht)' });
        await page.locator('#level').selectOption('planungsraum');
        await page.locator('#classes').selectOption('3');
        await page.locator('form.q-profile-chooser button[type="submit"]').click();
        await page.waitForURL(/classes=3/);
        expect(await page.locator('main h2').nth(1).innerText()).toContain('Kitaplätze je 100 Kinder');
        const stueler = page.locator('main table tr', { hasText: 'Stülerstraße' });
        expect(await stueler.innerText()).toContain('63,5');
        expect(await page.locator('main table tr', { hasText: 'Lützowstraße' }).innerText()).toContain(
          '48,25',
        );
        // Most planning areas have no value for it: they are counted as missing in the legend.
        expect(await page.locator('.q-choropleth__classes li[data-class="missing"]').count()).toBe(1);
        await check('profiles-map');

        // Another level: the districts, drawn as a map, with the unemployment share.
        await page.locator('#indicator').selectOption({ label: 'Arbeitslosigkeit (Anteil in %)' });
        await page.locator('#level').selectOption('district');
        await page.locator('form.q-profile-chooser button[type="submit"]').click();
        await page.waitForURL(/level=district/);
        expect(await page.locator('.q-choropleth__map svg path[data-area]').count()).toBe(12);
        expect(await page.locator('main table').last().innerText()).toContain('Mitte');

        // The profile of Stülerstraße, from the table's link.
        await page.goto(
          `/staff/berlin/profiles?indicator=${new URL(page.url()).searchParams.get('indicator')}&level=planungsraum&period=2023`,
        );
        await page.locator('main table a', { hasText: 'Stülerstraße' }).click();
        await page.waitForURL(/\/profiles\/areas\/[0-9a-f-]{36}$/);
        expect(await page.locator('h1').innerText()).toBe('Gebietsprofil Stülerstraße');
        const kita = page.locator('section.q-profile-indicator', { hasText: 'Kitaplätze je 100 Kinder' });
        expect(await kita.locator('table').innerText()).toMatch(/2023\s+63,5/);
        const s1 = page.locator('section.q-profile-indicator', { hasText: 'Arbeitslosigkeit (Anteil in %)' });
        expect(await s1.locator('table').innerText()).toMatch(/2023\s+4,1/);
        await check('profiles-area');

        // Both downloads, fetched with the page's session.
        const pdfHref = await page.locator('main a', { hasText: 'Profil als PDF' }).getAttribute('href');
        const pdf = await page.request.get(pdfHref!);
        expect(pdf.headers()['content-type']).toBe('application/pdf');
        const bytes = await pdf.body();
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
        // The page text, read back through the fonts: the new indicator's heading and its value.
        const text = pdfText(bytes);
        expect(text).toContain('Kitaplätze je 100 Kinder');
        expect(text).toContain('63,5');
        const strings = pdfStrings(bytes);
        expect(strings).toContain('Gebietsprofil Stülerstraße');
        // The unemployment chart's alternative text: the indicator and the fixture's value for 2023.
        expect(
          strings.some((s) => s.startsWith('Arbeitslosigkeit (Anteil in %): Stülerstraße: 4,1 (2023)')),
        ).toBe(true);
        const csvHref = await page
          .locator('main a', { hasText: 'Profil als Tabelle (CSV)' })
          .getAttribute('href');
        const csv = (await (await page.request.get(csvHref!)).text()).replace(/^\uFEFF/, '').split('\r\n');
        expect(csv[0]).toMatch(/^Indikator;Einheit;Zeitraum;Stülerstraße;Mitte;Gesamtstadt;/);
        expect(csv.some((l) => l.startsWith('Kitaplätze je 100 Kinder;Anzahl;2023;63,5;'))).toBe(true);
        expect(csv.some((l) => l.startsWith('Arbeitslosigkeit (Anteil in %);Prozent;2023;4,1;'))).toBe(true);
      } finally {
        await context.close();
      }
    }, 180_000);

    it(`at ${wide.width}px: the map page fits and passes axe`, async () => {
      const context = await newContext(browser, app, { viewport: wide, storageState: staffState });
      try {
        const page = await context.newPage();
        expect((await page.goto('/staff/berlin/profiles?level=district&period=2021'))?.status()).toBe(200);
        expect(await page.locator('.q-choropleth__map svg path[data-area]').count()).toBe(12);
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);
        await screenshot(page, 'profiles-map');
      } finally {
        await context.close();
      }
    }, 120_000);
  },
);
