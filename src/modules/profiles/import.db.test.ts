/**
 * Importing indicator tables into the database (both engines): values stored once per indicator,
 * area and period (a re-import updates), every row not imported reported with its reason, old LOR
 * keys carried over, higher levels derived (never over an imported value), only tenant-wide managers
 * may import, and one tenant's import never touches another's values.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { values } from './db/schema.ts';
import { getIndicatorByKey, listIndicators, periodsOf, seriesOf, valuesOf } from './queries.ts';
import { csv, profilesFixture } from './testing/fixture.ts';
import { importIndicatorFile } from './use-cases/import.ts';
import { setIndicatorPublished } from './use-cases/indicators.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;

// A wide table as a spreadsheet exports it: ';', decimal comma, a thousands space, keys without
// leading zero, a name instead of a key, a missing mark, a text cell and an unknown area.
const WIDE_2021 = [
  'PLR;Einwohner;Arbeitslose',
  '1100101;3 419;4,2',
  '1100102;1 791;2,0',
  'Lützowstraße;8 000;5,5',
  '01100104;1 000;-',
  '01100205;2 000;abc',
  '01100206;3 000;1,0',
  '01100207;4 000;3,0',
  '99999999;5;1,0',
].join('\r\n');

const countValues = async (tenantId: string) =>
  Number(
    (await db().select({ n: sql<number>`count(*)::int` }).from(values).where(ofTenant(values, tenantId)))[0]
      .n,
  );

async function setUpIndicators(f: Awaited<ReturnType<typeof profilesFixture>>) {
  // Definitions as staff would set them: inhabitants summed, unemployment weighted by inhabitants.
  const { report } = await importIndicatorFile(f.actors.admin, db(), {
    fileName: 'bezirk.csv',
    bytes: csv(WIDE_2021),
    mapping: {
      layout: 'wide',
      keyColumn: 0,
      period: '2021',
      columns: [
        { index: 1, indicatorKey: 'inhabitants' },
        { index: 2, indicatorKey: 's1_percentage_unemployed' },
      ],
    },
  });
  return report;
}

describe('import of a wide table', () => {
  it('stores the values, reports what it left out and why, and derives the higher levels', async () => {
    const f = await profilesFixture(ctx);
    const report = await setUpIndicators(f);
    expect(report.format).toEqual({
      layout: 'wide',
      separator: ';',
      decimal: ',',
      encoding: 'utf-8',
      bom: false,
    });
    expect(report.imported).toBe(12);
    expect(report.skipped.map((s) => [s.line, s.reason, s.column])).toEqual([
      [5, 'missingValue', 'Arbeitslose'],
      [6, 'notANumber', 'Arbeitslose'],
      [9, 'unknownArea', ''],
    ]);
    const inhabitants = await getIndicatorByKey(db(), f.tenant.id, 'inhabitants');
    const s1 = await getIndicatorByKey(db(), f.tenant.id, 's1_percentage_unemployed');
    if (!inhabitants || !s1) throw new Error('indicators missing');
    // Created from the Berlin catalogue (the keys are the MSS ones).
    expect(inhabitants).toMatchObject({ aggregation: 'sum', unit: 'people', published: false });
    expect(s1).toMatchObject({ aggregation: 'weighted', weightIndicatorKey: 'inhabitants' });

    const byArea = async (indicatorId: string) =>
      Object.fromEntries((await valuesOf(db(), f.tenant.id, indicatorId)).map((v) => [v.areaId, v]));
    const inh = await byArea(inhabitants.id);
    expect(inh[f.areas.stueler]).toMatchObject({ value: 3419, derived: false, period: '2021' });
    expect(inh[f.areas.luetzow].value).toBe(8000);
    expect(inh[f.areas.tiergartenSued]).toMatchObject({ value: 3419 + 1791 + 8000 + 1000, derived: true });
    expect(inh[f.areas.regierungsviertel].value).toBe(9000);
    expect(inh[f.areas.zentrum].value).toBe(23210);
    expect(inh[f.areas.mitte].value).toBe(23210);
    expect(inh[f.tenant.id]).toMatchObject({ value: 23210, derived: true });

    const un = await byArea(s1.id);
    // Weighted by inhabitants over the areas that have a value (Körnerstraße and Wilhelmstraße have none).
    const sued = (4.2 * 3419 + 2.0 * 1791 + 5.5 * 8000) / (3419 + 1791 + 8000);
    expect(un[f.areas.tiergartenSued].value).toBeCloseTo(sued, 10);
    expect(un[f.areas.regierungsviertel].value).toBeCloseTo((1 * 3000 + 3 * 4000) / 7000, 10);
    expect(un[f.areas.zentrum].value).toBeCloseTo((sued * 14210 + (15000 / 7000) * 9000) / 23210, 10);
    expect(un[f.areas.koerner]).toBeUndefined();

    expect(await periodsOf(db(), f.tenant.id, s1.id)).toEqual(['2021']);
    const series = await seriesOf(db(), f.tenant.id, f.areas.stueler);
    expect(series.map((p) => [p.indicatorId, p.period, p.value]).sort()).toEqual(
      [
        [inhabitants.id, '2021', 3419],
        [s1.id, '2021', 4.2],
      ].sort(),
    );
  });

  it('updates on a re-import instead of duplicating, and never puts a derived value over an imported one', async () => {
    const f = await profilesFixture(ctx);
    await setUpIndicators(f);
    const before = await countValues(f.tenant.id);
    const { report } = await importIndicatorFile(f.actors.coordinator, db(), {
      fileName: 'bezirk.csv',
      bytes: csv(WIDE_2021.replace('1100101;3 419;4,2', '1100101;3 500;4,2')),
      period: '2021',
      mapping: {
        layout: 'wide',
        keyColumn: 0,
        period: '2021',
        columns: [
          { index: 1, indicatorKey: 'inhabitants' },
          { index: 2, indicatorKey: 's1_percentage_unemployed' },
        ],
      },
    });
    expect(report.imported).toBe(0);
    expect(report.updated).toBe(12);
    expect(await countValues(f.tenant.id)).toBe(before);
    const inhabitants = await getIndicatorByKey(db(), f.tenant.id, 'inhabitants');
    const v = async (areaId: string) =>
      (await valuesOf(db(), f.tenant.id, inhabitants!.id, { areaIds: [areaId] }))[0];
    expect((await v(f.areas.stueler)).value).toBe(3500);
    expect((await v(f.areas.tiergartenSued)).value).toBe(3500 + 1791 + 8000 + 1000);

    // The official figure of a Bezirksregion, imported in a long table, replaces the derived one …
    await importIndicatorFile(f.actors.admin, db(), {
      fileName: 'long.csv',
      bytes: csv('Gebiet,Indikator,Jahr,Wert\n011001,inhabitants,2021,15000\n'),
    });
    expect(await v(f.areas.tiergartenSued)).toMatchObject({ value: 15000, derived: false });
    expect((await v(f.areas.zentrum)).value).toBe(15000 + 9000);
    // … and a later import of the planning areas does not overwrite it.
    await importIndicatorFile(f.actors.admin, db(), {
      fileName: 'bezirk.csv',
      bytes: csv(WIDE_2021),
      period: '2021',
    });
    expect(await v(f.areas.tiergartenSued)).toMatchObject({ value: 15000, derived: false });
  });
});

describe('old LOR keys', () => {
  it('are carried over to the 2021 planning areas, and the report says how', async () => {
    const f = await profilesFixture(ctx);
    await setUpIndicators(f);
    // 01011101 → 01100101 one to one; 01011102 and 01011105 merged into 01100102.
    const { report } = await importIndicatorFile(f.actors.admin, db(), {
      fileName: 'mss-2019.csv',
      bytes: csv(
        'id,inhabitants,s1_percentage_unemployed\n01011101,3000,5.0\n01011102,100,10.0\n01011105,300,2.0\n',
      ),
      period: '2019',
    });
    expect(report.oldKeys).toEqual([
      { oldKey: '01011101', kind: 'one_to_one', targets: [{ key: '01100101', share: 1 }] },
      { oldKey: '01011102', kind: 'merged', targets: [{ key: '01100102', share: 1 }] },
      { oldKey: '01011105', kind: 'merged', targets: [{ key: '01100102', share: 1 }] },
    ]);
    const inh = await getIndicatorByKey(db(), f.tenant.id, 'inhabitants');
    const s1 = await getIndicatorByKey(db(), f.tenant.id, 's1_percentage_unemployed');
    const at = async (id: string, areaId: string) =>
      (await valuesOf(db(), f.tenant.id, id, { areaIds: [areaId], periods: ['2019'] }))[0]?.value;
    expect(await at(inh!.id, f.areas.stueler)).toBe(3000);
    expect(await at(inh!.id, f.areas.tiergarten)).toBe(400);
    expect(await at(s1!.id, f.areas.tiergarten)).toBe(6);
    expect(report.skipped).toEqual([]);
  });
});

describe('who may import', () => {
  it('refuses team, jury and a district coordinator, with every table unchanged', async () => {
    const f = await profilesFixture(ctx);
    for (const actor of [f.actors.team, f.actors.jury, f.actors.districtCoordinator]) {
      await expect(
        importIndicatorFile(actor, db(), { fileName: 'x.csv', bytes: csv(WIDE_2021), period: '2021' }),
      ).rejects.toMatchObject({ status: 403 });
    }
    expect(await countValues(f.tenant.id)).toBe(0);
    expect(await listIndicators(db(), f.tenant.id)).toEqual([]);
  });

  it('asks for the year of a wide table, naming the field', async () => {
    const f = await profilesFixture(ctx);
    await expect(
      importIndicatorFile(f.actors.admin, db(), { fileName: 'x.csv', bytes: csv(WIDE_2021) }),
    ).rejects.toMatchObject({ fields: { period: 'profiles:errors.periodRequired' } });
  });
});

describe('tenants', () => {
  it("one tenant's import never touches another's values, and reads stay in their tenant", async () => {
    const a = await profilesFixture(ctx);
    const b = await profilesFixture(ctx);
    await setUpIndicators(a);
    const aCount = await countValues(a.tenant.id);
    await setUpIndicators(b);
    expect(await countValues(a.tenant.id)).toBe(aCount);
    const aInh = await getIndicatorByKey(db(), a.tenant.id, 'inhabitants');
    expect(await valuesOf(db(), b.tenant.id, aInh!.id)).toEqual([]);
    expect(await seriesOf(db(), b.tenant.id, a.areas.stueler)).toEqual([]);
    expect(await getIndicatorByKey(db(), b.tenant.id, 'inhabitants')).not.toMatchObject({ id: aInh!.id });
    const rows = await db()
      .select()
      .from(values)
      .where(and(ofTenant(values, b.tenant.id), eq(values.areaId, a.areas.stueler)));
    expect(rows).toEqual([]);
  });
});

describe('the screens and the API', () => {
  it('upload → preview with the detected format → mapping → report; then the values as JSON and CSV', async () => {
    const f = await profilesFixture(ctx);
    const staff = await new Agent(ctx.app).loginAs(ctx.services, f.actors.admin.userId!);
    const base = `/staff/${f.tenant.slug}/profiles`;
    await staff.get(`${base}/import`);
    const form = new FormData();
    form.append('_csrf', staff.csrfToken() ?? '');
    form.append('file', new File([csv(WIDE_2021)], 'bezirk.csv', { type: 'text/csv' }));
    const preview = await staff.request(`${base}/import`, { method: 'POST', body: form });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('eine Spalte je Indikator');
    expect(html).toContain('„;“');
    const upload = /name="upload" value="([^"]+)"/.exec(html)?.[1] ?? '';
    // Without a year the form comes back naming the field, with the choices kept.
    const again = await staff.post(`${base}/import/run`, {
      upload,
      fileName: 'bezirk.csv',
      keyColumn: '0',
      period: '',
      col1: 'new:einwohner',
      col2: 'new:arbeitslose',
    });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Jahr oder den Stichtag');
    const run = await staff.post(`${base}/import/run`, {
      upload,
      fileName: 'bezirk.csv',
      keyColumn: '0',
      period: '2021',
      col1: 'new:einwohner',
      col2: '',
    });
    expect(run.status).toBe(303);
    const report = await staff.get(run.headers.get('location') ?? '');
    const text = await report.text();
    expect(text).toContain('Gebiet unbekannt');
    expect(text).toContain('99999999');
    const ind = await getIndicatorByKey(db(), f.tenant.id, 'einwohner');
    expect(ind).toMatchObject({ nameDe: 'Einwohner', published: false });
    expect(await getIndicatorByKey(db(), f.tenant.id, 'arbeitslose')).toBeUndefined();

    const api = `/api/v1/tenants/${f.tenant.slug}/indicators/${ind!.id}/values`;
    expect((await staff.get(api)).status).toBe(404);
    await setIndicatorPublished(f.actors.admin, db(), ind!.id, true);
    const body = (await (await staff.get(`${api}?area=${f.areas.stueler}`)).json()) as {
      items: { areaKey: string; value: number; derived: boolean }[];
    };
    expect(body.items).toEqual([
      expect.objectContaining({ areaKey: '01100101', value: 3419, derived: false }),
    ]);
    const csvRes = await staff.get(`${api}.csv?period=2021`);
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    const lines = (await csvRes.text()).split('\r\n');
    expect(lines[0]).toBe('indicator;area_key;area_name;area_kind;period;value;derived;unit;source;licence');
    expect(lines).toContain('einwohner;01100101;Stülerstraße;planungsraum;2021;3419;nein;count;;');
    // A new indicator from a heading is not aggregated until staff say how: no derived rows.
    expect(lines.filter((l) => l.includes(';ja;'))).toEqual([]);
  });
});
