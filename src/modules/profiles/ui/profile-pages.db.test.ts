/**
 * The area profile pages over HTTP (both engines): staff see every indicator of an area beside its
 * district and the city, and the choropleth of a level; the public sees only published indicators of
 * published areas, in five languages without script; the profile comes as CSV and PDF; another
 * tenant's area is not found through this tenant's address.
 */
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/index.ts';
import { Agent, createTestContext, makeUser, type TestContext } from '../../../test/kit.ts';
import { pdfStrings } from '../../../test/pdf.ts';
import { getArea, setAreasPublished, upsertAreas } from '../../areas/index.ts';
import { indicators, values } from '../db/schema.ts';
import { profilesFixture } from '../testing/fixture.ts';
import { setIndicatorPublished } from '../use-cases/indicators.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const square = (lon: number, lat: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon, lat],
      [lon + 0.01, lat],
      [lon + 0.01, lat + 0.01],
      [lon, lat + 0.01],
      [lon, lat],
    ],
  ],
});

async function setup() {
  const f = await profilesFixture(ctx);
  const db = ctx.services.db;
  const t = f.tenant.id;
  const plr = [
    f.areas.stueler,
    f.areas.tiergarten,
    f.areas.luetzow,
    f.areas.koerner,
    f.areas.wilhelm,
    f.areas.linden,
    f.areas.leipziger,
  ];
  // Boundaries for the planning areas (squares in a row); Leipziger Straße stays off the public pages.
  for (const [i, id] of plr.entries()) {
    const a = (await getArea(db, t, id))!;
    await upsertAreas(db, t, 'planungsraum', [
      {
        kind: 'planungsraum',
        key: a.key,
        name: a.name,
        parentId: a.parentId,
        geometry: square(13.35 + i * 0.01, 52.5),
      },
    ]);
  }
  await setAreasPublished(f.actors.admin, db, plr, true);
  await setAreasPublished(f.actors.admin, db, [f.areas.leipziger], false);
  const alq = newId();
  const secret = newId();
  await db.insert(indicators).values([
    {
      tenantId: t,
      id: alq,
      key: 'alq',
      nameDe: 'Arbeitslosigkeit',
      nameEn: 'Unemployment',
      unit: 'percent',
      source: 'Amt für Statistik Berlin-Brandenburg, MSS',
      licence: 'CC BY 3.0 DE',
      direction: 'higher_worse',
      published: true,
    },
    { tenantId: t, id: secret, key: 'secret', nameDe: 'Geheimindikator', unit: 'count', published: false },
  ]);
  const v = (indicatorId: string, areaId: string, period: string, value: number, derived = false) => ({
    tenantId: t,
    indicatorId,
    areaId,
    period,
    value,
    derived,
  });
  await db
    .insert(values)
    .values([
      v(alq, f.areas.stueler, '2019', 9.5),
      v(alq, f.areas.stueler, '2021', 8.25),
      v(alq, f.areas.mitte, '2019', 7, true),
      v(alq, f.areas.mitte, '2021', 6.5, true),
      v(alq, t, '2019', 6, true),
      v(alq, t, '2021', 5.5, true),
      v(alq, f.areas.tiergarten, '2021', 2),
      v(alq, f.areas.luetzow, '2021', 12),
      v(alq, f.areas.koerner, '2021', 10),
      v(alq, f.areas.wilhelm, '2021', 4),
      v(alq, f.areas.leipziger, '2021', 3),
      v(secret, f.areas.stueler, '2021', 42),
    ]);
  const slugOf = async (id: string) => (await getArea(db, t, id))!.slug;
  const admin = await makeUser(ctx.services, { tenantId: t, role: 'admin' });
  const staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
  return {
    ...f,
    alq,
    secret,
    staff,
    stuelerSlug: await slugOf(f.areas.stueler),
    leipzigerSlug: await slugOf(f.areas.leipziger),
  };
}

let s: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  s = await setup();
});

const rowsOf = (html: string, caption: string) => {
  const table = parse(html)
    .querySelectorAll('table')
    .find((x) => x.querySelector('caption')?.text.includes(caption));
  return table!
    .querySelectorAll('tbody tr')
    .map((r) => r.querySelectorAll('th, td').map((c) => c.text.trim()));
};

describe('staff profile pages', () => {
  it('shows every indicator of an area over time beside the district and the city', async () => {
    const res = await s.staff.get(`/staff/${s.tenant.slug}/profiles/areas/${s.areas.stueler}`);
    const html = await res.text();
    expect(res.status, html.slice(0, 2000)).toBe(200);
    expect(html).toContain('Gebietsprofil Stülerstraße');
    expect(html).toContain('Geheimindikator (nicht veröffentlicht)');
    expect(rowsOf(html, 'Arbeitslosigkeit: Werte je Zeitraum')).toEqual([
      ['2019', '9,5', '7', '6'],
      ['2021', '8,25', '6,5', '5,5'],
    ]);
    const head = parse(html)
      .querySelectorAll('table')[0]
      .querySelectorAll('thead th')
      .map((c) => c.text);
    expect(head).toEqual(['Zeitraum', 'Stülerstraße', 'Mitte', 'Gesamtstadt']);
    expect(html).toContain('Quelle: Amt für Statistik Berlin-Brandenburg, MSS');
    expect(html).toContain('Lizenz: CC BY 3.0 DE');
    expect(html).toContain('role="img"');
  });

  it('draws the choropleth of a level with a path, a table row and a class for every area', async () => {
    const res = await s.staff.get(
      `/staff/${s.tenant.slug}/profiles?indicator=${s.alq}&level=planungsraum&period=2021&classes=3`,
    );
    const html = await res.text();
    expect(res.status, html.slice(0, 2000)).toBe(200);
    const doc = parse(html);
    expect(doc.querySelectorAll('.q-choropleth__areas path')).toHaveLength(7);
    const rows = rowsOf(html, 'Werte aller Gebiete');
    expect(rows).toHaveLength(7);
    expect(rows.find((r) => r[0] === 'Unter den Linden')).toEqual(['Unter den Linden', '–', 'kein Wert']);
    // Six values 2, 3, 4, 8.25, 10, 12 in three quantile classes: bounds 4 and 10.
    expect(doc.querySelectorAll('.q-choropleth__classes li').map((li) => li.text.trim())).toEqual([
      'unter 4 (2 Gebiete)',
      '4 bis unter 10 (2 Gebiete)',
      'ab 10 (2 Gebiete)',
      'kein Wert (1 Gebiet)',
    ]);
    expect(html).toContain(`href="/staff/${s.tenant.slug}/profiles/areas/${s.areas.stueler}"`);
    // The staff menu leads to the map and to the indicators.
    const menu = doc.querySelectorAll('nav a').map((a) => a.getAttribute('href'));
    expect(menu).toContain(`/staff/${s.tenant.slug}/profiles`);
    expect(menu).toContain(`/staff/${s.tenant.slug}/profiles/indicators`);
  });

  it('keeps a wrong set break in its field with a message and falls back to quantiles', async () => {
    const res = await s.staff.get(
      `/staff/${s.tenant.slug}/profiles?indicator=${s.alq}&method=breaks&breaks=5%3B+zehn`,
    );
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('value="5; zehn"');
    expect(html).toContain('Feste Grenzen: bitte Zahlen mit Semikolon getrennt eingeben.');
    const ok = parse(
      await (
        await s.staff.get(
          `/staff/${s.tenant.slug}/profiles?indicator=${s.alq}&period=2021&method=breaks&breaks=5%3B+10%2C5`,
        )
      ).text(),
    );
    expect(ok.querySelectorAll('.q-choropleth__classes li').map((li) => li.text.trim())[1]).toBe(
      '5 bis unter 10,5 (2 Gebiete)',
    );
  });

  it('exports the profile as CSV and as a tagged PDF', async () => {
    const csv = await s.staff.get(`/staff/${s.tenant.slug}/profiles/areas/${s.areas.stueler}/profile.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Indikator;Einheit;Zeitraum;Stülerstraße;Mitte;Gesamtstadt;abgeleitet;Quelle;Lizenz',
    );
    expect(lines).toContain(
      'Arbeitslosigkeit;Prozent;2021;8,25;6,5;5,5;;Amt für Statistik Berlin-Brandenburg, MSS;CC BY 3.0 DE',
    );
    expect(lines).toContain('Geheimindikator;Anzahl;2021;42;;;;;');
    const pdf = await s.staff.get(`/staff/${s.tenant.slug}/profiles/areas/${s.areas.stueler}/profile.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = bytes.toString('latin1');
    // The document title names the area (UTF-16 in the info dictionary) and the structure is tagged.
    expect(pdfStrings(bytes)).toContain('Gebietsprofil Stülerstraße');
    // The chart's alternative text says which indicator it shows before its last values.
    expect(pdfStrings(bytes)).toContain(
      'Arbeitslosigkeit: Stülerstraße: 8,25 (2021); Mitte: 6,5 (2021); Gesamtstadt: 5,5 (2021)',
    );
    for (const tag of ['/StructTreeRoot', '/H1', '/Table', '/Figure']) expect(raw).toContain(tag);
  });
});

describe('public profile pages', () => {
  it('shows published indicators only, in five languages, without script', async () => {
    const anon = new Agent(ctx.app);
    const path = `/${s.tenant.slug}/areas/${s.stuelerSlug}/profile`;
    const titles: Record<string, string> = {
      de: 'Gebietsprofil Stülerstraße',
      en: 'Area profile Stülerstraße',
      tr: 'Bölge profili Stülerstraße',
      ar: 'ملف المنطقة Stülerstraße',
      'de-x-ls': 'Zahlen über Stülerstraße',
    };
    for (const [lang, title] of Object.entries(titles)) {
      const res = await anon.get(`${path}?lang=${lang}`);
      const html = await res.text();
      expect(res.status, `${lang}: ${html.slice(0, 1000)}`).toBe(200);
      expect(html).toContain(title);
      expect(html).not.toContain('Geheimindikator');
      expect(html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
    }
    const csv = await (await anon.get(`${path}.csv`)).text();
    expect(csv).toContain('Arbeitslosigkeit');
    expect(csv).not.toContain('Geheimindikator');
    const pdf = Buffer.from(await (await anon.get(`${path}.pdf?lang=en`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows the public map with published areas only and refuses what is not published', async () => {
    const anon = new Agent(ctx.app);
    const map = await anon.get(
      `/${s.tenant.slug}/profiles?indicator=${s.secret}&level=planungsraum&period=2021`,
    );
    const html = await map.text();
    expect(map.status).toBe(200);
    // The unpublished indicator is not offered; the map falls back to the published one.
    expect(html).not.toContain('Geheimindikator');
    expect(html).toContain('Arbeitslosigkeit');
    expect(rowsOf(html, 'Werte aller Gebiete').map((r) => r[0])).not.toContain('Leipziger Straße');
    expect(html).toContain(`/${s.tenant.slug}/areas/${s.stuelerSlug}/profile`);
    expect((await anon.get(`/${s.tenant.slug}/areas/${s.leipzigerSlug}/profile`)).status).toBe(404);
    expect((await anon.get(`/${s.tenant.slug}/areas/${s.leipzigerSlug}/profile.pdf`)).status).toBe(404);
  });

  it('has no public profile where the tenant publishes no indicator', async () => {
    const other = await profilesFixture(ctx);
    const slug = (await getArea(ctx.services.db, other.tenant.id, other.areas.stueler))!.slug;
    const anon = new Agent(ctx.app);
    expect((await anon.get(`/${other.tenant.slug}/areas/${slug}/profile`)).status).toBe(404);
    expect((await anon.get(`/${other.tenant.slug}/profiles`)).status).toBe(404);
  });
});

describe("the area's website", () => {
  it('links to the profile while a published indicator has values there, and not once it is hidden', async () => {
    const f = await profilesFixture(ctx);
    const db = ctx.services.db;
    await setAreasPublished(f.actors.admin, db, [f.areas.stueler], true);
    const slug = (await getArea(db, f.tenant.id, f.areas.stueler))!.slug;
    const id = newId();
    await db.insert(indicators).values({
      tenantId: f.tenant.id,
      id,
      key: 'kita',
      nameDe: 'Kitaplätze',
      unit: 'count',
      published: true,
    });
    await db
      .insert(values)
      .values({ tenantId: f.tenant.id, indicatorId: id, areaId: f.areas.stueler, period: '2023', value: 12 });
    const anon = new Agent(ctx.app);
    const page = `/${f.tenant.slug}/areas/${slug}`;
    const link = `href="${page}/profile"`;
    const shown = await anon.get(page);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain(link);
    expect((await anon.get(`${page}/profile`)).status).toBe(200);
    // Hidden again: the page (kept rendered) drops the link at once.
    await setIndicatorPublished(f.actors.admin, db, id, false);
    const hidden = await anon.get(page);
    expect(hidden.status).toBe(200);
    expect(await hidden.text()).not.toContain(link);
  });
});

describe('tenant isolation', () => {
  it("does not open another tenant's area through this tenant's address", async () => {
    const other = await profilesFixture(ctx);
    const admin = await makeUser(ctx.services, { tenantId: other.tenant.id, role: 'admin' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    for (const suffix of ['', '/profile.csv', '/profile.pdf']) {
      const res = await agent.get(`/staff/${other.tenant.slug}/profiles/areas/${s.areas.stueler}${suffix}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('8,25');
    }
    // The public address of another tenant with this tenant's slug finds nothing either.
    expect(
      (await new Agent(ctx.app).get(`/${other.tenant.slug}/areas/${s.stuelerSlug}/profile`)).status,
    ).toBe(404);
    // And this tenant's admin cannot open the other tenant's staff pages.
    expect(
      (await s.staff.get(`/staff/${other.tenant.slug}/profiles/areas/${other.areas.stueler}`)).status,
    ).toBe(403);
  });
});
