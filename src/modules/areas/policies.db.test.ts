import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { expandScope } from './policies.ts';
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
