// Test factory of the profiles module (see TestFactoryContext): a published indicator with a value in
// the tenant's test area, and an import with its report. It names them for the staff and API routes.
import { newId } from '../../../platform/db/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { imports, indicators, values } from '../db/schema.ts';

export async function createProfilesTestEntities(ctx: TestFactoryContext): Promise<TestParams> {
  const { services, tenant, marker } = ctx;
  const db = services.db;
  const areaId = ctx.params['areas/:id']?.[0]?.value;
  if (!areaId) throw new Error('profiles factory: the areas factory runs first');
  const indicatorId = newId();
  const importId = newId();
  await db.insert(indicators).values({
    tenantId: tenant.id,
    id: indicatorId,
    key: 'test_indicator',
    nameDe: `${marker} Indikator`,
    nameEn: `${marker} indicator`,
    unit: 'count',
    source: `${marker} Quelle`,
    published: true,
  });
  await db.insert(imports).values({
    tenantId: tenant.id,
    id: importId,
    fileName: `${marker}.csv`,
    report: {
      format: { layout: 'wide', separator: ';', decimal: ',', encoding: 'utf-8', bom: false },
      period: '2021',
      indicators: ['test_indicator'],
      rows: 1,
      imported: 1,
      updated: 0,
      derived: 0,
      skipped: [{ line: 3, area: `${marker} Gebiet`, column: '', reason: 'unknownArea' }],
    },
    imported: 1,
  });
  await db
    .insert(values)
    .values({ tenantId: tenant.id, indicatorId, areaId, period: '2021', value: 42, importId });
  return {
    'indicators/:id': [{ value: indicatorId, table: 'profiles_indicators' }],
    'indicators/:indicatorId': [{ value: indicatorId, table: 'profiles_indicators' }],
    'imports/:importId': [{ value: importId, table: 'profiles_imports' }],
  };
}
