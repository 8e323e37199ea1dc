/**
 * The optional background map (MAP_TILE_URL): staff maps of areas draw the tiles under the areas with
 * the licence notice, and only staff pages allow images from the tile server; public pages never
 * load them, so no third party learns of residents' visits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { upsertAreas } from '../use-cases/upsert-areas.ts';

const TILES = {
  url: 'https://tiles.example.org/{z}/{x}/{y}.png',
  attribution: '© OpenStreetMap-Mitwirkende',
};
const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon' as const,
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

let ctx: TestContext;
let plain: TestContext;
let slug: string;
let tenantId: string;
let areaId: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { mapTiles: TILES } });
  const tenant = await makeTenant(ctx.services);
  [slug, tenantId] = [tenant.slug, tenant.id];
  const made = await upsertAreas(ctx.services.db, tenant.id, 'district', [
    { kind: 'district', key: 'D1', name: 'Bezirk Kachel', geometry: square(13.35, 52.5, 0.05) },
  ]);
  areaId = made.ids.get('D1')!;
  plain = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
  await plain?.close();
});

const signedIn = async (c: TestContext) =>
  new Agent(c.app).loginAs(c.services, (await makeUser(c.services, { tenantId, role: 'admin' })).id);

describe('background tiles on staff maps', () => {
  it('draws the tiles and their notice under the staff maps, and allows their origin there only', async () => {
    const admin = await signedIn(ctx);
    for (const path of [`/staff/${slug}/areas`, `/staff/${slug}/areas/${areaId}`]) {
      const res = await admin.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<image href="https:\/\/tiles\.example\.org\/1[2-4]\/\d+\/\d+\.png"/);
      expect(html).toContain('© OpenStreetMap-Mitwirkende');
      expect(res.headers.get('content-security-policy')).toContain(
        "img-src 'self' data: https://tiles.example.org",
      );
    }
    const pub = await new Agent(ctx.app).get(`/${slug}`);
    expect(pub.status).toBe(200);
    expect(await pub.text()).not.toContain('tiles.example.org');
    expect(pub.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
  });

  it('draws no tiles without the setting', async () => {
    const tenant = await makeTenant(plain.services);
    const made = await upsertAreas(plain.services.db, tenant.id, 'district', [
      { kind: 'district', key: 'D1', name: 'Bezirk Ohne', geometry: square(13.35, 52.5, 0.05) },
    ]);
    const user = await makeUser(plain.services, { tenantId: tenant.id, role: 'admin' });
    const admin = await new Agent(plain.app).loginAs(plain.services, user.id);
    const res = await admin.get(`/staff/${tenant.slug}/areas/${made.ids.get('D1')}`);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('<image');
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
  });
});
