/**
 * The public search's place filters, without JavaScript: the area as a choice (only areas where a
 * service has a place), and "near an address" — looked up in the tenant's address register, nearest
 * first, far places left out, an unknown address said so and not sorted.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/kit.ts';
import { importAddresses, upsertAreas } from '../../areas/index.ts';
import { createService } from '../index.ts';
import { helpFixture, POINT_A, POINT_B } from '../testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
const hours = { mode: 'unknown' as const, intervals: [], exceptions: [], note: '' };
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const get = async (q: string) => text(await (await ctx.app.request(`/${fx.tenant.slug}/help?${q}`)).text());

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  // A planning area around point A and one address of the register in it.
  const d = 0.002;
  await upsertAreas(ctx.services.db, fx.tenant.id, 'planungsraum', [
    {
      kind: 'planungsraum',
      key: '01100101',
      name: 'Koloniestraße',
      parentId: fx.qmA,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [POINT_A.lon - d, POINT_A.lat - d],
            [POINT_A.lon + d, POINT_A.lat - d],
            [POINT_A.lon + d, POINT_A.lat + d],
            [POINT_A.lon - d, POINT_A.lat + d],
            [POINT_A.lon - d, POINT_A.lat - d],
          ],
        ],
      },
    },
  ]);
  await importAddresses(
    fx.sys,
    ctx.services.db,
    Readable.from(
      'hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID\n10,,Koloniestraße,13359,Berlin,Koloniestraße,01100101\n',
    ),
  );
  const place = (name: string, lat: number, lon: number) =>
    createService(fx.sys, ctx.services.db, { name, locations: [{ name: `${name} Ort`, lat, lon, hours }] });
  await place('Beratung nebenan', POINT_A.lat + 0.001, POINT_A.lon);
  await place('Beratung zwei Kilometer', POINT_A.lat + 0.018, POINT_A.lon);
  await place('Beratung in Neukölln', POINT_B.lat, POINT_B.lon);
  await createService(fx.sys, ctx.services.db, { name: 'Beratung am Telefon', channels: ['phone'] });
});
afterAll(() => ctx?.close());

describe('public help search near an address', () => {
  it('lists the nearest first with its distance, leaves far places out and keeps phone lines after', async () => {
    const html = await get('near=Koloniestra%C3%9Fe+10');
    expect(html).toContain('Angebote bis 3 km um die Adresse (Gebiet Koloniestraße)');
    const order = ['Beratung nebenan', 'Beratung zwei Kilometer', 'Beratung am Telefon'].map((n) =>
      html.indexOf(n),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).not.toContain('Beratung in Neukölln');
    expect(html).toMatch(/Beratung nebenan Ort .*ca\. 0,1 km/);
    expect(html).toMatch(/ca\. 2(,\d)? km/);
  });

  it('says when the register does not know the address, and does not sort by distance', async () => {
    const html = await get('near=Nirgendwostra%C3%9Fe+99');
    expect(html).toContain('Diese Adresse kennen wir nicht');
    expect(html).toContain('Beratung in Neukölln');
    expect(html).not.toMatch(/ca\. \d/);
  });
});

describe('public help search by area', () => {
  it('offers the areas where services have places, and narrows to the one chosen', async () => {
    const res = await ctx.app.request(`/${fx.tenant.slug}/help`);
    const html = await res.text();
    expect(html).toMatch(/<select[^>]*name="area"/);
    expect(html).toContain(`value="${fx.qmB}"`);
    expect(html).not.toMatch(/<script/i);
    const inB = await get(`area=${fx.qmB}`);
    expect(inB).toContain('Beratung in Neukölln');
    expect(inB).not.toContain('Beratung nebenan');
    // An id the choice does not offer (another tenant's, made up) filters nothing.
    const other = await get(`area=00000000-0000-4000-8000-000000000000&q=Beratung`);
    expect(other).toContain('Beratung nebenan');
    expect(other).toContain('Beratung in Neukölln');
  });
});
