import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { loadBerlinDistricts, loadBerlinLor2021, loadBerlinPrognoseraeume } from './demo-data/index.ts';
import { loadGeoJsonSchema, rfc7946Problems, validateSchema } from './testing/geojson-conformance.ts';
import { importAddresses } from './use-cases/import-addresses.ts';
import { importLorHierarchy } from './use-cases/import-lor-hierarchy.ts';
import { upsertAreas } from './use-cases/upsert-areas.ts';

let ctx: TestContext;
let slug: string;
let adminToken: string;
let teamToken: string;
let otherTenantToken: string;

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
  const csv =
    'hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID\n12,,Soldiner Straße,13359,Gesundbrunnen,Soldiner Straße,01300732\n';
  await importAddresses(systemActor(tenant.id), db, Readable.from([csv]));
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  const team = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
  adminToken = (await createApiToken(db, tenant.id, admin.id, 'test')).token;
  teamToken = (await createApiToken(db, tenant.id, team.id, 'test')).token;
  const other = await makeTenant(ctx.services);
  const stranger = await makeUser(ctx.services, { tenantId: other.id, role: 'admin' });
  otherTenantToken = (await createApiToken(db, other.id, stranger.id, 'test')).token;
});
afterAll(() => ctx.close());

const api = (path: string, token?: string, init: RequestInit = {}) =>
  ctx.app.request(`/api/v1/tenants/${slug}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });

const post = (path: string, token: string, body: unknown) =>
  api(path, token, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

describe('GET /areas', () => {
  it('needs authentication and a membership of this tenant', async () => {
    expect((await api('/areas')).status).toBe(401);
    expect((await api('/areas', otherTenantToken)).status).toBe(403);
  });

  it('lists areas filtered by kind, with paging', async () => {
    const res = await api('/areas?kind=district&limit=5&offset=10', teamToken);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBe(12);
    expect(body.items.map((a: { key: string }) => a.key)).toEqual(['11', '12']);
    expect(body.items[0]).toMatchObject({
      kind: 'district',
      name: 'Lichtenberg',
      hasBoundary: true,
      parentId: null,
    });
  });

  it('filters by parent and by a name fragment', async () => {
    const mitte = (await (await api('/areas?kind=district&q=Mitte', teamToken)).json()).items[0];
    const children = await (await api(`/areas?parent=${mitte.id}`, teamToken)).json();
    expect(children.items.map((a: { key: string }) => a.key)).toEqual(['0110', '0120', '0130', '0140']);
  });

  it('answers 422 with the field for bad parameters', async () => {
    const res = await api('/areas?kind=county&limit=0', teamToken);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields).sort()).toEqual(['kind', 'limit']);
  });
});

describe('GET /areas/{id} and its boundary', () => {
  it('returns the area with its ancestors', async () => {
    const list = await (await api('/areas?kind=planungsraum&q=01300732', teamToken)).json();
    const res = await api(`/areas/${list.items[0].id}`, teamToken);
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(a).toMatchObject({ key: '01300732', name: 'Soldiner Straße', bbox: null });
    expect(a.ancestors.map((x: { key: string }) => x.key)).toEqual(['013007', '0130', '01']);
  });

  it('returns the boundary as an RFC 7946 Feature with the geo+json media type', async () => {
    const list = await (await api('/areas?kind=district&q=01', teamToken)).json();
    const res = await api(`/areas/${list.items[0].id}/boundary`, teamToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    const feature = await res.json();
    expect(feature.properties).toMatchObject({ key: '01', name: 'Mitte', kind: 'district' });
    expect(validateSchema(loadGeoJsonSchema('Feature'), feature)).toEqual([]);
    expect(rfc7946Problems(feature)).toEqual([]);
  });

  it('answers 404 for unknown areas and areas without a boundary, 422 for a malformed id', async () => {
    expect((await api('/areas/0190a4d2-0000-7000-8000-000000000000', teamToken)).status).toBe(404);
    const plr = (await (await api('/areas?kind=planungsraum&limit=1', teamToken)).json()).items[0];
    const res = await api(`/areas/${plr.id}/boundary`, teamToken);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('boundary_not_found');
    expect((await api('/areas/not-a-uuid', teamToken)).status).toBe(422);
  });
});

describe('GET /places', () => {
  it('places a point', async () => {
    const res = await api('/places?lon=13.37765&lat=52.51628', teamToken);
    const body = await res.json();
    expect(body.found).toBe(true);
    expect(body.areas.map((a: { key: string; direct: boolean }) => [a.key, a.direct])).toEqual([
      ['01', true],
      ['0110', true],
    ]);
  });

  it('places an address through the address list', async () => {
    const res = await api(
      `/places?address=${encodeURIComponent('Soldiner Str. 12a, 13359 Berlin')}`,
      teamToken,
    );
    const body = await res.json();
    expect(body).toMatchObject({
      found: true,
      address: { street: 'Soldiner Straße', houseNumber: '12', postcode: '13359' },
    });
    expect(body.areas.map((a: { key: string }) => a.key)).toEqual(['01', '0130', '013007', '01300732']);
    const unknown = await (
      await api(`/places?address=${encodeURIComponent('Nirgendwo 1')}`, teamToken)
    ).json();
    expect(unknown).toEqual({ found: false, areas: [] });
  });

  it('wants lon with lat, or an address', async () => {
    const none = await api('/places', teamToken);
    expect(none.status).toBe(422);
    expect((await none.json()).error.fields).toHaveProperty('address');
    const half = await api('/places?lon=13.4', teamToken);
    // Answered in the caller's language (German by default), on the field that is missing.
    expect((await half.json()).error.fields).toEqual({ lat: 'Bitte füllen Sie dieses Feld aus.' });
    const bad = await api('/places?address=Soldiner%20Stra%C3%9Fe', teamToken);
    expect(bad.status).toBe(422);
  });
});

describe('POST /areas/import', () => {
  const geojson = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { id: 'F1', name: 'Testfläche' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [13.36, 52.51],
              [13.37, 52.51],
              [13.37, 52.52],
              [13.36, 52.52],
              [13.36, 52.51],
            ],
          ],
        },
      },
      { type: 'Feature', properties: { name: 'ohne Schlüssel' }, geometry: null },
    ],
  };

  it('is refused to a team member (403) before the body is even looked at', async () => {
    const res = await post('/areas/import', teamToken, { nonsense: true });
    expect(res.status).toBe(403);
  });

  it('validates the body per field', async () => {
    const res = await post('/areas/import', adminToken, {
      geojson,
      kind: 'county',
      keyProperty: '',
      nameProperty: 'name',
      sourceCrs: 'EPSG:31468',
    });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(Object.keys(error.fields).sort()).toEqual(['keyProperty', 'kind', 'sourceCrs']);
  });

  it('reports a dry run by default and imports when asked, with translated rejections', async () => {
    const body = { geojson, kind: 'free', keyProperty: 'id', nameProperty: 'name', parentKind: 'district' };
    const dry = await post('/areas/import?lang=de', adminToken, body);
    expect(dry.status).toBe(200);
    const report = await dry.json();
    expect(report).toMatchObject({ dryRun: true, created: 1, parentsAssigned: 1, parentsMissing: 0 });
    expect(report.importId).toBeUndefined();
    expect(report.rejected).toEqual([
      {
        index: 1,
        code: 'missing_key',
        detail: { property: 'id' },
        message: 'Die Eigenschaft „id“ mit dem Schlüssel fehlt oder ist leer.',
      },
    ]);
    expect((await (await api('/areas?kind=free', adminToken)).json()).total).toBe(0);

    const real = await (
      await post('/areas/import', adminToken, { ...body, dryRun: false, fileName: 'test.geojson' })
    ).json();
    expect(real).toMatchObject({ dryRun: false, created: 1, fileName: 'test.geojson' });
    expect(real.importId).toMatch(/^[0-9a-f-]{36}$/);
    const created = (await (await api('/areas?kind=free', adminToken)).json()).items[0];
    expect(created).toMatchObject({ key: 'F1', name: 'Testfläche' });
    const detail = await (await api(`/areas/${created.id}`, adminToken)).json();
    expect(detail.ancestors.map((a: { key: string }) => a.key)).toEqual(['01']);
  });
});

describe('OpenAPI', () => {
  it('documents the area routes', async () => {
    const doc = await (await ctx.app.request('/api/v1/openapi.json')).json();
    for (const p of ['/areas', '/areas/{id}', '/areas/{id}/boundary', '/places', '/areas/import']) {
      expect(Object.keys(doc.paths)).toContain(`/tenants/{tenant}${p}`);
    }
    expect(doc.paths['/tenants/{tenant}/areas/import'].post.responses).toHaveProperty('403');
    expect(doc.components.schemas).toHaveProperty('BoundaryImportReport');
  });
});
