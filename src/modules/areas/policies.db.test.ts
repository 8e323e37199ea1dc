import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { areaChoices, expandScope } from './policies.ts';
import { upsertAreas } from './use-cases/upsert-areas.ts';

let ctx: TestContext;
let tenantId: string;
let ids: Map<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  tenantId = (await makeTenant(ctx.services)).id;
  const db = ctx.services.db;
  const d = await upsertAreas(db, tenantId, 'district', [
    { kind: 'district', key: '01', name: 'Mitte' },
    { kind: 'district', key: '02', name: 'Kreuzberg' },
  ]);
  const r = await upsertAreas(db, tenantId, 'bezirksregion', [
    { kind: 'bezirksregion', key: '0101', name: 'Wedding', parentId: d.ids.get('01') },
    { kind: 'bezirksregion', key: '0201', name: 'Südliche Friedrichstadt', parentId: d.ids.get('02') },
  ]);
  ids = new Map([...d.ids, ...r.ids]);
});
afterAll(async () => {
  await ctx?.close();
});

describe('expandScope: a grant holds in its area and everything below it', () => {
  it('the whole tenant stays the whole tenant, nowhere stays nowhere', async () => {
    expect(await expandScope(ctx.services.db, tenantId, null)).toBeNull();
    expect(await expandScope(ctx.services.db, tenantId, [])).toEqual([]);
  });

  it('one district: the district and its regions, not the other district', async () => {
    const got = await expandScope(ctx.services.db, tenantId, [ids.get('01')!]);
    expect(got?.sort()).toEqual([ids.get('01'), ids.get('0101')].sort());
  });

  it('two scope areas: both with their regions, once each', async () => {
    const got = await expandScope(ctx.services.db, tenantId, [
      ids.get('01')!,
      ids.get('0101')!,
      ids.get('02')!,
    ]);
    expect(got?.sort()).toEqual([...ids.values()].sort());
  });

  it('areas of another tenant are not expanded', async () => {
    const other = await makeTenant(ctx.services);
    expect(await expandScope(ctx.services.db, other.id, [ids.get('01')!])).toEqual([]);
  });
});

describe('areaChoices: what a form’s area field offers', () => {
  it('the whole tenant: every area of the asked kinds, districts only by default', async () => {
    const db = ctx.services.db;
    expect((await areaChoices(db, tenantId, null)).map((a) => [a.label, a.kind])).toEqual([
      ['Mitte', 'district'],
      ['Kreuzberg', 'district'],
    ]);
    const all = await areaChoices(db, tenantId, null, ['district', 'bezirksregion']);
    expect(all.map((a) => a.value).sort()).toEqual([...ids.values()].sort());
  });

  it('a district’s grant: that district and the regions below it, nothing of the other', async () => {
    const got = await areaChoices(ctx.services.db, tenantId, [ids.get('01')!], ['district', 'bezirksregion']);
    expect(got.map((a) => a.label).sort()).toEqual(['Mitte', 'Wedding']);
  });

  it('nowhere offers nothing, and another tenant’s scope finds nothing here', async () => {
    expect(await areaChoices(ctx.services.db, tenantId, [])).toEqual([]);
    const other = await makeTenant(ctx.services);
    expect(await areaChoices(ctx.services.db, other.id, [ids.get('01')!])).toEqual([]);
    expect(await areaChoices(ctx.services.db, other.id, null)).toEqual([]);
  });
});
