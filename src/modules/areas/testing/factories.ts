// Test factory of the areas module (see TestFactoryContext): one area with a boundary, one import run.
import { newId } from '../../../platform/db/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { areaImports } from '../db/schema.ts';
import { getAreaByKey } from '../queries.ts';
import { upsertAreas } from '../use-cases/upsert-areas.ts';

export async function createAreaTestEntities({ services, tenant, marker, userId }: TestFactoryContext) {
  const { db } = services;
  const lon = 13.3 + Math.random() * 0.2;
  const ring = [
    [lon, 52.5],
    [lon + 0.01, 52.5],
    [lon + 0.01, 52.51],
    [lon, 52.51],
    [lon, 52.5],
  ];
  await upsertAreas(db, tenant.id, 'district', [
    {
      kind: 'district',
      key: 'T1',
      name: `${marker} area`,
      geometry: { type: 'Polygon', coordinates: [ring] },
    },
  ]);
  const area = (await getAreaByKey(db, tenant.id, 'district', 'T1'))!;
  const importId = newId();
  await db.insert(areaImports).values({
    tenantId: tenant.id,
    id: importId,
    kind: 'district',
    fileName: `${marker}.geojson`,
    created: 1,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    report: { rejected: [] },
    userId,
  });
  const t = 'areas';
  const params: TestParams = {
    'areas/:id': [{ value: area.id, table: t }],
    'areas/:slug': [{ value: area.slug, table: t }],
    'areas/:area': [{ value: area.slug, table: t }],
    'areas/:file': [{ value: `${area.slug}.geojson`, table: t }],
    'import/:importId': [{ value: importId, table: 'area_imports' }],
  };
  return params;
}
