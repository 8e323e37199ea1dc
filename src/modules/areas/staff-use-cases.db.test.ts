/**
 * The areas' staff use cases check who acts: an administrator of one area edits areas there and
 * may not move one of them under another administrator's area; importing boundaries changes the
 * whole hierarchy and needs the permission for the whole tenant — also through the JSON API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOfUser, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { getArea } from './queries.ts';
import { editArea, importAreaBoundaries } from './use-cases/staff.ts';
import { upsertAreas } from './use-cases/upsert-areas.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('areas: staff use cases', () => {
  it('an area administrator edits below their area, never moves an area out of it, and cannot import', async () => {
    const tenant = await makeTenant(ctx.services, 'areas-uc');
    const db = ctx.services.db;
    const { ids: districts } = await upsertAreas(db, tenant.id, 'district', [
      { kind: 'district', key: 'D1', name: 'Bezirk Eins' },
      { kind: 'district', key: 'D2', name: 'Bezirk Zwei' },
    ]);
    const { ids } = await upsertAreas(db, tenant.id, 'programme', [
      { kind: 'programme', key: 'QM-1', name: 'Kiez Eins', parentId: districts.get('D1')! },
    ]);
    const kiez = ids.get('QM-1')!;
    const admin = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'admin',
      scopeAreaId: districts.get('D1')!,
    });
    const actor = await actorOfUser(ctx, tenant.id, admin.id);

    await editArea(actor, db, kiez, {
      name: 'Kiez Eins Nord',
      description: '',
      parentId: districts.get('D1')!,
    });
    expect((await getArea(db, tenant.id, kiez))?.name).toBe('Kiez Eins Nord');

    await expect(
      editArea(actor, db, kiez, { name: 'Kiez Eins Nord', description: '', parentId: districts.get('D2')! }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      editArea(actor, db, districts.get('D2')!, { name: 'Meins', description: '', parentId: '' }),
    ).rejects.toMatchObject({ status: 403 });
    expect((await getArea(db, tenant.id, kiez))?.parentId).toBe(districts.get('D1'));
    expect((await getArea(db, tenant.id, districts.get('D2')!))?.name).toBe('Bezirk Zwei');

    await expect(
      importAreaBoundaries(actor, db, {
        kind: 'free',
        fileName: 'gebiete.geojson',
        content: JSON.stringify({ type: 'FeatureCollection', features: [] }),
        keyProperty: 'key',
        nameProperty: 'name',
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
