import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BERLIN } from '../../../../test/fixtures.ts';
import { createTestContext, makeTenant, type TestContext } from '../../../test/kit.ts';
import { areaImports, areas } from '../db/schema.ts';
import type { AreaGeometry } from '../geo/index.ts';
import { rejectionMessage } from '../rejection-messages.ts';
import { importBoundaries, isWholeFileRejection } from './import-boundaries.ts';

// Real boundaries, unchanged: an extract of the Prognoseräume 2021 and of the districts (test/fixtures).
const PGR = BERLIN.prognoseraeume;
const DISTRICTS = BERLIN.districts;
const PGR_FILE = basename(PGR);
const DISTRICT_FILE = basename(DISTRICTS);
const readText = (file: string) => readFileSync(file, 'utf8');
/** Features in a file, counted here rather than taken from the import. */
const featureCount = (file: string) =>
  (JSON.parse(readText(file)) as { features: unknown[] }).features.length;
const PGR_COUNT = featureCount(PGR);
const DISTRICT_COUNT = featureCount(DISTRICTS);

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const db = () => ctx.services.db;
const de = () => ctx.services.i18n.t('de');

async function areasOf(tenantId: string, kind: 'district' | 'prognoseraum' | 'free') {
  return db()
    .select()
    .from(areas)
    .where(and(eq(areas.tenantId, tenantId), eq(areas.kind, kind)));
}

async function importCount(tenantId: string) {
  const r = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(areaImports)
    .where(eq(areaImports.tenantId, tenantId));
  return Number(r[0].n);
}

const square = (lon: number, lat: number, d = 0.01) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

describe('importBoundaries with real Prognoseräume', () => {
  it('creates one area per feature, and a re-import of the same file changes nothing', async () => {
    const tenant = await makeTenant(ctx.services);
    const opts = {
      kind: 'prognoseraum' as const,
      fileName: PGR_FILE,
      content: readText(PGR),
      keyProperty: 'id',
      nameProperty: 'name',
    };
    const first = await importBoundaries(db(), tenant.id, opts);
    expect(first).toMatchObject({
      crs: 'EPSG:4326',
      created: PGR_COUNT,
      updated: 0,
      unchanged: 0,
      rejected: [],
      accepted: PGR_COUNT,
    });
    expect(first.importId).toBeDefined();
    const stored = await areasOf(tenant.id, 'prognoseraum');
    expect(stored).toHaveLength(PGR_COUNT);
    const treptow = stored.find((a) => a.key === '0930')!;
    expect(treptow.name).toBe('Treptow-Köpenick 3');
    expect(treptow.geometry?.type).toBe('MultiPolygon');
    expect(treptow.minLon).toBeGreaterThan(13.5);
    expect(treptow.maxLat).toBeLessThan(52.43);

    const again = await importBoundaries(db(), tenant.id, opts);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: PGR_COUNT, rejected: [] });
    expect(await importCount(tenant.id)).toBe(2);
    const [row] = await db().select().from(areaImports).where(eq(areaImports.id, again.importId!));
    expect(row).toMatchObject({
      kind: 'prognoseraum',
      fileName: PGR_FILE,
      created: 0,
      unchanged: PGR_COUNT,
      rejected: 0,
    });
  });
});

describe('rejections', () => {
  it('rejects each broken feature with its own code and a German message that says what is wrong', async () => {
    const tenant = await makeTenant(ctx.services);
    const ok = square(13.4, 52.5);
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { key: 'A1', name: 'Gut' }, geometry: ok },
        {
          type: 'Feature',
          properties: { key: 'U1', name: 'Offen' },
          geometry: { type: 'Polygon', coordinates: [ok.coordinates[0].slice(0, 4)] },
        },
        {
          type: 'Feature',
          properties: { key: 'R1', name: 'Weit weg' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [13.4, 52.5],
                [200, 52.5],
                [200, 52.6],
                [13.4, 52.6],
                [13.4, 52.5],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { key: 'S1', name: 'Vertauscht' },
          geometry: { type: 'Polygon', coordinates: [ok.coordinates[0].map(([x, y]) => [y, x])] },
        },
        { type: 'Feature', properties: { name: 'Ohne Schlüssel' }, geometry: square(13.45, 52.5) },
        { type: 'Feature', properties: { key: 'A1', name: 'Doppelt' }, geometry: square(13.5, 52.5) },
      ],
    };
    const report = await importBoundaries(db(), tenant.id, {
      kind: 'free',
      fileName: 'kaputt.geojson',
      content: JSON.stringify(file),
      keyProperty: 'key',
      nameProperty: 'name',
    });
    expect(report.created).toBe(1);
    expect(isWholeFileRejection(report)).toBe(false);
    const byIndex = new Map(report.rejected.map((r) => [r.index, r]));
    expect(report.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'unclosed_ring'],
      [2, 'coordinates_out_of_range'],
      [3, 'lat_lon_swapped'],
      [4, 'missing_key'],
      [5, 'duplicate_key'],
    ]);
    const msg = (i: number) => rejectionMessage(de(), byIndex.get(i)!);
    expect(msg(1)).toBe(
      'Ring 1 von Teilfläche 1 ist nicht geschlossen: Der erste und der letzte Punkt müssen gleich sein (4 Punkte).',
    );
    expect(msg(2)).toContain('Die Koordinate (200, 52.5) in Ring 1 von Teilfläche 1, Punkt 2');
    expect(msg(3)).toContain('vertauscht (erster Punkt 52.5, 13.4)');
    expect(msg(4)).toBe('Die Eigenschaft „key“ mit dem Schlüssel fehlt oder ist leer.');
    expect(msg(5)).toBe('Der Schlüssel „A1“ kommt doppelt vor (zuerst bei Eintrag 1).');
    for (const r of report.rejected) expect(rejectionMessage(de(), r)).not.toMatch(/\{\{|areas:|\?/);
    // Only the good one was written.
    expect((await areasOf(tenant.id, 'free')).map((a) => a.key)).toEqual(['A1']);
  });

  it('rejects a file in an unknown CRS as a whole, naming the CRS', async () => {
    const tenant = await makeTenant(ctx.services);
    const file = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::31468' } },
      features: [
        { type: 'Feature', properties: { key: 'X', name: 'X' }, geometry: square(4590000, 5820000, 100) },
      ],
    };
    const report = await importBoundaries(db(), tenant.id, {
      kind: 'free',
      fileName: 'gk4.geojson',
      content: JSON.stringify(file),
      keyProperty: 'key',
      nameProperty: 'name',
    });
    expect(isWholeFileRejection(report)).toBe(true);
    expect(report.rejected).toEqual([
      { index: -1, code: 'unknown_crs', detail: { crs: 'urn:ogc:def:crs:EPSG::31468' } },
    ]);
    expect(rejectionMessage(de(), report.rejected[0])).toContain(
      'Das Koordinatensystem „urn:ogc:def:crs:EPSG::31468“ wird nicht unterstützt',
    );
    expect(report.created).toBe(0);
    // The attempt is on record.
    expect(await importCount(tenant.id)).toBe(1);
  });

  it('rejects text that is not JSON with a clear code and the position', async () => {
    const tenant = await makeTenant(ctx.services);
    const report = await importBoundaries(db(), tenant.id, {
      kind: 'free',
      fileName: 'broken.json',
      content: '{"type": "FeatureCollection",\n "features": [}',
      keyProperty: 'key',
      nameProperty: 'name',
    });
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]).toMatchObject({
      index: -1,
      code: 'invalid_json',
      detail: { line: 2, column: 15 },
    });
    expect(rejectionMessage(de(), report.rejected[0])).toMatch(
      /^Die Datei ist kein gültiges JSON: Fehler in Zeile 2, Spalte 15 /,
    );
    const empty = await importBoundaries(db(), tenant.id, {
      kind: 'free',
      fileName: 'empty.json',
      content: '  ',
      keyProperty: 'key',
      nameProperty: 'name',
    });
    expect(rejectionMessage(de(), empty.rejected[0])).toBe('Die Datei ist leer.');
  });
});

describe('projected files', () => {
  const utm33 = '+proj=utm +zone=33 +ellps=GRS80 +units=m +no_defs';
  const mitte = () => {
    const districts = JSON.parse(readText(DISTRICTS)) as {
      features: { properties: { id: string; name: string }; geometry: AreaGeometry }[];
    };
    return districts.features.find((f) => f.properties.id === '01')!;
  };
  /** The real Mitte boundary, projected to EPSG:25833 like files from the Berlin geoportal. */
  const projected = (withCrs: boolean) => {
    const f = mitte();
    const project = (ring: number[][]) => ring.map(([lon, lat]) => proj4('WGS84', utm33, [lon, lat]));
    const geometry =
      f.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: f.geometry.coordinates.map(project) }
        : { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((p) => p.map(project)) };
    return JSON.stringify({
      type: 'FeatureCollection',
      ...(withCrs ? { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } } } : {}),
      features: [{ type: 'Feature', properties: { id: '01', name: 'Mitte' }, geometry }],
    });
  };

  it('reprojects an EPSG:25833 file to WGS84', async () => {
    const tenant = await makeTenant(ctx.services);
    const report = await importBoundaries(db(), tenant.id, {
      kind: 'district',
      fileName: 'mitte-25833.geojson',
      content: projected(true),
      keyProperty: 'id',
      nameProperty: 'name',
    });
    expect(report).toMatchObject({ crs: 'EPSG:25833', created: 1, rejected: [] });
    const [stored] = await areasOf(tenant.id, 'district');
    const original = mitte().geometry;
    const ring = (g: AreaGeometry) => (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0]);
    const a = ring(stored.geometry!);
    const b = ring(original);
    // Same shape back to within a few centimetres, whatever winding the import chose.
    expect(a).toHaveLength(b.length);
    const same = (r: number[][]) =>
      r.every(([x, y], i) => Math.abs(x - a[i][0]) < 1e-6 && Math.abs(y - a[i][1]) < 1e-6);
    expect(same(b) || same([...b].reverse())).toBe(true);
    expect(stored.minLon).toBeCloseTo(13.3, 1);
    expect(stored.maxLat).toBeCloseTo(52.57, 1);
  });

  it('says the coordinates look projected when the file does not declare its CRS, and imports with the chosen one', async () => {
    const tenant = await makeTenant(ctx.services);
    const opts = {
      kind: 'district' as const,
      fileName: 'mitte.geojson',
      content: projected(false),
      keyProperty: 'id',
      nameProperty: 'name',
    };
    const report = await importBoundaries(db(), tenant.id, { ...opts, dryRun: true });
    expect(report.rejected[0]).toMatchObject({
      index: -1,
      code: 'unknown_crs',
      detail: { hint: 'projected_coordinates' },
    });
    expect(rejectionMessage(de(), report.rejected[0])).toContain('bitte wählen Sie die Quellprojektion');
    expect(rejectionMessage(ctx.services.i18n.t('en'), report.rejected[0])).toContain('look projected');
    const fixed = await importBoundaries(db(), tenant.id, { ...opts, sourceCrs: 'EPSG:25833' });
    expect(fixed).toMatchObject({ crs: 'EPSG:25833', created: 1, rejected: [] });
  });
});

describe('parents', () => {
  it('finds the district of every Prognoseraum by a point inside it', async () => {
    const tenant = await makeTenant(ctx.services);
    const districts = await importBoundaries(db(), tenant.id, {
      kind: 'district',
      fileName: DISTRICT_FILE,
      content: readText(DISTRICTS),
      keyProperty: 'id',
      nameProperty: 'name',
    });
    expect(districts.created).toBe(DISTRICT_COUNT);
    const report = await importBoundaries(db(), tenant.id, {
      kind: 'prognoseraum',
      fileName: PGR_FILE,
      content: readText(PGR),
      keyProperty: 'id',
      nameProperty: 'name',
      parentKind: 'district',
    });
    // The extract holds only Prognoseräume of the districts in the district extract.
    expect(report).toMatchObject({ created: PGR_COUNT, parentsAssigned: PGR_COUNT, parentsMissing: 0 });
    const keyOf = new Map((await areasOf(tenant.id, 'district')).map((d) => [d.id, d.key]));
    const pgr = await areasOf(tenant.id, 'prognoseraum');
    for (const p of pgr) expect([p.key, keyOf.get(p.parentId!)]).toEqual([p.key, p.key.slice(0, 2)]);
  });

  it('assigns parents by a key property and counts the ones it cannot find', async () => {
    const tenant = await makeTenant(ctx.services);
    await importBoundaries(db(), tenant.id, {
      kind: 'district',
      fileName: 'd.geojson',
      content: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { k: '01', n: 'Mitte' }, geometry: square(13.3, 52.5, 0.1) },
        ],
      },
      keyProperty: 'k',
      nameProperty: 'n',
    });
    const report = await importBoundaries(db(), tenant.id, {
      kind: 'prognoseraum',
      fileName: 'p.geojson',
      content: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { k: '0110', n: 'Zentrum', d: '01' },
            geometry: square(13.31, 52.51),
          },
          {
            type: 'Feature',
            properties: { k: '0210', n: 'Anderswo', d: '02' },
            geometry: square(13.42, 52.5),
          },
        ],
      },
      keyProperty: 'k',
      nameProperty: 'n',
      parentKind: 'district',
      parentKeyProperty: 'd',
    });
    expect(report).toMatchObject({ created: 2, parentsAssigned: 1, parentsMissing: 1 });
    const [d] = await areasOf(tenant.id, 'district');
    const pgr = await areasOf(tenant.id, 'prognoseraum');
    expect(pgr.find((p) => p.key === '0110')!.parentId).toBe(d.id);
    expect(pgr.find((p) => p.key === '0210')!.parentId).toBeNull();
  });
});

describe('all or nothing', () => {
  it('writes nothing in a dry run but reports what it would do', async () => {
    const tenant = await makeTenant(ctx.services);
    const report = await importBoundaries(db(), tenant.id, {
      kind: 'prognoseraum',
      fileName: PGR_FILE,
      content: readText(PGR),
      keyProperty: 'id',
      nameProperty: 'name',
      dryRun: true,
    });
    expect(report).toMatchObject({ dryRun: true, created: PGR_COUNT, updated: 0, unchanged: 0 });
    expect(report.importId).toBeUndefined();
    expect(await areasOf(tenant.id, 'prognoseraum')).toHaveLength(0);
    expect(await importCount(tenant.id)).toBe(0);
  });

  it('rolls back every area and the import record when one write fails', async () => {
    const tenant = await makeTenant(ctx.services);
    // A database-level failure in the middle of the import (1260 is not the first area of the file).
    await db().execute(
      sql.raw(`create or replace function q_test_fail() returns trigger language plpgsql as $$
        begin if new.key = '1260' then raise exception 'simulated failure'; end if; return new; end $$`),
    );
    await db().execute(
      sql.raw(
        'create trigger q_test_fail before insert on areas for each row execute function q_test_fail()',
      ),
    );
    try {
      await expect(
        importBoundaries(db(), tenant.id, {
          kind: 'prognoseraum',
          fileName: PGR_FILE,
          content: readText(PGR),
          keyProperty: 'id',
          nameProperty: 'name',
        }),
      ).rejects.toThrow();
    } finally {
      await db().execute(sql.raw('drop trigger q_test_fail on areas'));
    }
    expect(await areasOf(tenant.id, 'prognoseraum')).toHaveLength(0);
    expect(await importCount(tenant.id)).toBe(0);
  });
});
