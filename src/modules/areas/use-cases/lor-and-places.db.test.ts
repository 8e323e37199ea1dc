import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BERLIN, fullBerlinData } from '../../../../test/fixtures.ts';
import { systemActor } from '../../../platform/authz.ts';
import { createTestContext, makeTenant, type TestContext } from '../../../test/kit.ts';
import { areaAddresses, areas } from '../db/schema.ts';
import { loadBerlinDistricts, loadBerlinPrognoseraeume } from '../demo-data/index.ts';
import { reprojectPoint } from '../geo/index.ts';
import { importAddresses, openCsvFile } from './import-addresses.ts';
import { importLorHierarchy } from './import-lor-hierarchy.ts';
import { placeAddress, placePoint } from './place.ts';
import { readLorCsv } from './read-lor-csv.ts';
import { upsertAreas } from './upsert-areas.ts';

const LOR_RAW = BERLIN.lorTable;
const LOR_DEMO = resolve(process.cwd(), 'src/modules/areas/demo-data/berlin-lor-2021.csv');
/** An extract of the official address list (test/fixtures): whole streets and a sample of all Berlin. */
const ADDRESSES = BERLIN.addresses;
const YOUTH_CENTRES = BERLIN.youthCentres;
/** Postcodes of the address slice used here (Wedding, Lichtenrade, Mitte, Prenzlauer Berg). */
const POSTCODES = new Set(['13359', '12305', '10115', '10435']);

/** Rows of a gzipped address CSV whose postcode `keep` accepts, counted without the importer. */
function countAddressRows(file: string, keep: (plz: string) => boolean): number {
  const [header, ...lines] = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
  const plz = header.split(',').indexOf('plz');
  return lines.filter((line) => keep(line.split(',')[plz])).length;
}

let ctx: TestContext;
let tenantId: string;
const db = () => ctx.services.db;

beforeAll(async () => {
  ctx = await createTestContext();
  tenantId = (await makeTenant(ctx.services)).id;
});
afterAll(() => ctx.close());

describe('LOR hierarchy', () => {
  it('reads the official raw CSV (BOM, German headers) and the demo extract to the same rows', () => {
    const raw = readLorCsv(readFileSync(LOR_RAW, 'utf8'));
    const demo = readLorCsv(readFileSync(LOR_DEMO, 'utf8'));
    expect(raw).toHaveLength(542);
    expect(raw[0]).toEqual({
      plr_key: '01100101',
      plr_name: 'Stülerstraße',
      bzr_key: '011001',
      bzr_name: 'Tiergarten Süd',
      pgr_key: '0110',
      pgr_name: 'Zentrum',
      district_name: 'Mitte',
      district_key: '01',
    });
    expect(demo).toEqual(raw);
  });

  it('rejects a CSV with other columns', () => {
    expect(() => readLorCsv('a,b\n1,2\n')).toThrow(/Unknown columns/);
  });

  it('imports 12 districts, 58 Prognoseräume, 143 Bezirksregionen and 542 Planungsräume; a re-import changes nothing', async () => {
    const rows = readLorCsv(readFileSync(LOR_RAW, 'utf8'));
    const first = await importLorHierarchy(db(), tenantId, rows);
    expect(first).toEqual({
      district: { created: 12, updated: 0, unchanged: 0 },
      prognoseraum: { created: 58, updated: 0, unchanged: 0 },
      bezirksregion: { created: 143, updated: 0, unchanged: 0 },
      planungsraum: { created: 542, updated: 0, unchanged: 0 },
    });
    const again = await importLorHierarchy(db(), tenantId, rows);
    expect(again).toEqual({
      district: { created: 0, updated: 0, unchanged: 12 },
      prognoseraum: { created: 0, updated: 0, unchanged: 58 },
      bezirksregion: { created: 0, updated: 0, unchanged: 143 },
      planungsraum: { created: 0, updated: 0, unchanged: 542 },
    });
    const [plr] = await db()
      .select()
      .from(areas)
      .where(and(eq(areas.tenantId, tenantId), eq(areas.kind, 'planungsraum'), eq(areas.key, '01300732')));
    expect(plr.name).toBe('Soldiner Straße');
  });
});

describe('placement', () => {
  beforeAll(async () => {
    // Boundaries of the demo extract (as the demo seed loads them) on top of the hierarchy.
    const [districts, pgr] = await Promise.all([loadBerlinDistricts(), loadBerlinPrognoseraeume()]);
    await upsertAreas(
      db(),
      tenantId,
      'district',
      districts.features.map((f) => ({
        kind: 'district',
        key: f.properties.key,
        name: f.properties.name,
        geometry: f.geometry,
      })),
    );
    await upsertAreas(
      db(),
      tenantId,
      'prognoseraum',
      pgr.features.map((f) => ({
        kind: 'prognoseraum',
        key: f.properties.key,
        name: f.properties.name,
        geometry: f.geometry,
      })),
    );
  });

  it('places a point in Mitte in the district Mitte and its Prognoseraum', async () => {
    // Brandenburger Tor
    const placed = await placePoint(db(), tenantId, 13.37765, 52.51628);
    expect(placed.map((a) => [a.kind, a.key, a.name, a.direct])).toEqual([
      ['district', '01', 'Mitte', true],
      ['prognoseraum', '0110', 'Zentrum', true],
    ]);
    expect(placed[1].parentId).toBe(placed[0].id);
  });

  it('returns nothing for a point outside Berlin, and can be limited to kinds', async () => {
    expect(await placePoint(db(), tenantId, 11.58, 48.14)).toEqual([]);
    const onlyDistricts = await placePoint(db(), tenantId, 13.37765, 52.51628, { kinds: ['district'] });
    expect(onlyDistricts.map((a) => a.key)).toEqual(['01']);
  });

  it('places the real youth centres (EPSG:25833 points) in the district the source names', async () => {
    const file = JSON.parse(readFileSync(YOUTH_CENTRES, 'utf8')) as {
      features: { properties: { e_bez_nr: string }; geometry: { coordinates: [number, number] } }[];
    };
    const sample = file.features.filter((_, i) => i % 10 === 0);
    let matches = 0;
    for (const f of sample) {
      const [lon, lat] = reprojectPoint(f.geometry.coordinates[0], f.geometry.coordinates[1], 'EPSG:25833');
      const placed = await placePoint(db(), tenantId, lon, lat, { kinds: ['district'] });
      if (placed.some((a) => a.kind === 'district' && a.key === f.properties.e_bez_nr)) matches++;
    }
    expect(matches / sample.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('addresses', () => {
  beforeAll(async () => {
    const r = await importAddresses(systemActor(tenantId), db(), await openCsvFile(ADDRESSES), {
      filter: (row) => POSTCODES.has(row.plz),
    });
    expect(r.rows).toBe(countAddressRows(ADDRESSES, (plz) => POSTCODES.has(plz)));
    expect(r.rows).toBeGreaterThan(300);
    expect(r.skipped).toBe(0);
    expect(r.unknownAreaKeys).toBe(0);
  });

  it('stores normalised street names and house numbers', async () => {
    const rows = await db()
      .select()
      .from(areaAddresses)
      .where(
        and(
          eq(areaAddresses.tenantId, tenantId),
          eq(areaAddresses.street, 'Ackerstraße'),
          eq(areaAddresses.houseNumber, '1B'),
        ),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      streetNorm: 'ackerstr',
      postcode: '10115',
      areaKind: 'planungsraum',
      areaKey: '01100415',
    });
  });

  it('places real addresses in their Planungsraum with all ancestors, whatever the spelling', async () => {
    const expected = ['planungsraum:01300732', 'bezirksregion:013007', 'prognoseraum:0130', 'district:01'];
    const keys = (p: Awaited<ReturnType<typeof placeAddress>>) => p?.path.map((a) => `${a.kind}:${a.key}`);
    expect(
      keys(
        await placeAddress(db(), tenantId, {
          street: 'Soldiner Straße',
          houseNumber: '12',
          postcode: '13359',
        }),
      ),
    ).toEqual(expected);
    // "12a" does not exist: the house falls back to number 12.
    expect(
      keys(
        await placeAddress(db(), tenantId, {
          street: 'Soldiner Str.',
          houseNumber: '12a',
          postcode: '13359',
        }),
      ),
    ).toEqual(expected);
    expect(
      keys(
        await placeAddress(db(), tenantId, {
          street: 'soldinerstrasse',
          houseNumber: '12 A',
          postcode: '13359',
        }),
      ),
    ).toEqual(expected);
    // A letter that exists wins over the plain number (1B lies in another Planungsraum than 1).
    const b = await placeAddress(db(), tenantId, { street: 'Ackerstr', houseNumber: '1 b' });
    expect(b?.area.key).toBe('01100415');
    const plain = await placeAddress(db(), tenantId, { street: 'Ackerstraße', houseNumber: '1' });
    expect(plain?.area.key).toBe('01100309');
    const pankow = await placeAddress(db(), tenantId, {
      street: 'Schwedter Strasse',
      houseNumber: '43B',
      postcode: '10435',
    });
    expect(pankow?.path.map((a) => a.key)).toEqual(['03701554', '037015', '0370', '03']);
    expect(pankow?.address).toEqual({ street: 'Schwedter Straße', houseNumber: '43B', postcode: '10435' });
  });

  it('returns null for unknown addresses and for a street name found in two districts without postcode', async () => {
    expect(await placeAddress(db(), tenantId, { street: 'Gibtsnichtweg', houseNumber: '1' })).toBeNull();
    expect(await placeAddress(db(), tenantId, { street: 'Soldiner Straße', houseNumber: '999' })).toBeNull();
    // Soldiner Straße 12 exists in Gesundbrunnen (13359) and in Lichtenrade (12305).
    expect(await placeAddress(db(), tenantId, { street: 'Soldiner Straße', houseNumber: '12' })).toBeNull();
    const lichtenrade = await placeAddress(db(), tenantId, {
      street: 'Soldiner Straße',
      houseNumber: '12',
      postcode: '12305',
    });
    expect(lichtenrade?.path.at(-1)?.name).toBe('Tempelhof-Schöneberg');
  });

  it("replaces the tenant's previous address list on re-import", async () => {
    const count = async () =>
      Number(
        (
          await db()
            .select({ n: sql<number>`count(*)::int` })
            .from(areaAddresses)
            .where(eq(areaAddresses.tenantId, tenantId))
        )[0].n,
      );
    const before = await count();
    const wedding = countAddressRows(ADDRESSES, (plz) => plz === '13359');
    const r = await importAddresses(systemActor(tenantId), db(), await openCsvFile(ADDRESSES), {
      filter: (row) => row.plz === '13359',
      batchSize: 50,
    });
    expect(r.rows).toBe(wedding);
    expect(await count()).toBe(wedding);
    expect(before).toBeGreaterThan(wedding);
  });
});

// Optional extra: the same slice read from the full list of 401,032 addresses (a 1.2 MB gzip file),
// where the full data set is next to the project. Runs last: it replaces the tenant's addresses.
const full = fullBerlinData();
describe.skipIf(!full)('addresses from the full list (full data set)', () => {
  it('imports the slice of four postcodes from all 401,032 rows and places an address in it', async () => {
    const file = full!.addresses;
    const r = await importAddresses(systemActor(tenantId), db(), await openCsvFile(file), {
      filter: (row) => POSTCODES.has(row.plz),
    });
    expect(r.rows).toBe(countAddressRows(file, (plz) => POSTCODES.has(plz)));
    expect(r.rows).toBeGreaterThan(7000);
    expect(r.skipped).toBe(0);
    expect(r.unknownAreaKeys).toBe(0);
    const placed = await placeAddress(db(), tenantId, {
      street: 'Soldiner Straße',
      houseNumber: '12',
      postcode: '13359',
    });
    expect(placed?.area.key).toBe('01300732');
  }, 120_000);
});
