import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeTenant, type TestContext } from '../../../test/kit.ts';
import { loadBerlinDistricts, loadBerlinLor2021, loadBerlinPrognoseraeume } from '../demo-data/index.ts';
import {
  GEOJSON_SPEC_DIR,
  loadGeoJsonSchema,
  rfc7946Problems,
  validateSchema,
} from '../testing/geojson-conformance.ts';
import { importLorHierarchy } from '../use-cases/import-lor-hierarchy.ts';
import { upsertAreas } from '../use-cases/upsert-areas.ts';

let ctx: TestContext;
let slug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const { db } = ctx.services;
  const tenant = await makeTenant(ctx.services);
  slug = tenant.slug;
  await importLorHierarchy(db, tenant.id, await loadBerlinLor2021());
  const [districts, pgr] = await Promise.all([loadBerlinDistricts(), loadBerlinPrognoseraeume()]);
  await upsertAreas(
    db,
    tenant.id,
    'district',
    districts.features.map((f) => ({
      kind: 'district',
      key: f.properties.key,
      name: f.properties.name,
      geometry: f.geometry,
    })),
  );
  await upsertAreas(
    db,
    tenant.id,
    'prognoseraum',
    pgr.features.map((f) => ({
      kind: 'prognoseraum',
      key: f.properties.key,
      name: f.properties.name,
      geometry: f.geometry,
    })),
  );
});
afterAll(() => ctx.close());

describe('the schema check itself', () => {
  // Proves the small validator against the official fixtures before trusting it with our output.
  const fixtures = (kind: 'valid' | 'invalid', type: string) => {
    const dir = resolve(GEOJSON_SPEC_DIR, 'test/fixtures', kind, type);
    return readdirSync(dir).map((f) => [f, JSON.parse(readFileSync(resolve(dir, f), 'utf8'))] as const);
  };
  const cases = [
    ['feature', 'Feature'],
    ['featurecollection', 'FeatureCollection'],
    ['polygon', 'Polygon'],
    ['multipolygon', 'MultiPolygon'],
  ] as const;
  for (const [dir, schema] of cases) {
    it(`accepts the valid and rejects the invalid ${schema} fixtures`, () => {
      for (const [name, doc] of fixtures('valid', dir))
        expect(validateSchema(loadGeoJsonSchema(schema), doc), name).toEqual([]);
      for (const [name, doc] of fixtures('invalid', dir))
        expect(validateSchema(loadGeoJsonSchema(schema), doc), name).not.toEqual([]);
    });
  }
});

describe('public GeoJSON', () => {
  it('serves the districts as a valid RFC 7946 FeatureCollection', async () => {
    const res = await ctx.app.request(`/${slug}/areas.geojson?kind=district`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const fc = await res.json();
    expect(validateSchema(loadGeoJsonSchema('FeatureCollection'), fc)).toEqual([]);
    expect(validateSchema(loadGeoJsonSchema('GeoJSON'), fc)).toEqual([]);
    expect(rfc7946Problems(fc)).toEqual([]);
    expect(fc.features).toHaveLength(12);
    const mitte = fc.features.find((f: { properties: { key: string } }) => f.properties.key === '01');
    expect(mitte.properties).toMatchObject({ name: 'Mitte', kind: 'district', slug: 'mitte' });
    expect(mitte.properties.url).toMatch(new RegExp(`/${slug}/areas/mitte$`));
    expect(mitte.bbox).toHaveLength(4);
  });

  it('serves one area as a valid Feature', async () => {
    const res = await ctx.app.request(`/${slug}/areas/zentrum.geojson`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    const f = await res.json();
    expect(validateSchema(loadGeoJsonSchema('Feature'), f)).toEqual([]);
    expect(rfc7946Problems(f)).toEqual([]);
    expect(f.properties).toMatchObject({ key: '0110', kind: 'prognoseraum' });
    expect(f.geometry.type).toBe('MultiPolygon');
  });

  it('serves an area without boundary as a Feature with null geometry, and 404 for unknown slugs', async () => {
    const f = await (await ctx.app.request(`/${slug}/areas/tiergarten-sued.geojson`)).json();
    expect(f.geometry).toBeNull();
    expect(validateSchema(loadGeoJsonSchema('Feature'), f)).toEqual([]);
    expect((await ctx.app.request(`/${slug}/areas/nowhere.geojson`)).status).toBe(404);
    expect((await ctx.app.request(`/${slug}/areas.geojson?kind=county`)).status).toBe(400);
  });

  it('still serves the HTML area page next to it', async () => {
    const res = await ctx.app.request(`/${slug}/areas/zentrum`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
