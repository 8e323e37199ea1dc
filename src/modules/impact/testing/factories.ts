// Test factory of the impact module (see TestFactoryContext): one activity today in the tenant's test
// area with four participants, and a draft annual report of the area for this year. It names them
// for the staff routes.
import { systemActor } from '../../../platform/authz.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { createActivity } from '../use-cases/activities.ts';
import { openReport, saveReportTexts } from '../use-cases/reports.ts';

export async function createImpactTestEntities(ctx: TestFactoryContext): Promise<TestParams> {
  const { services, tenant, marker, params } = ctx;
  const areaId = params['areas/:id']?.[0]?.value;
  if (!areaId) throw new Error('impact factory: the areas factory runs first');
  const sys = systemActor(tenant.id);
  const today = todayLocal();
  const activity = await createActivity(sys, services.db, {
    title: `${marker} Runder Tisch`,
    heldOn: today,
    areaId,
    partners: `${marker} Schule am Park`,
    participants: 4,
    note: `${marker} Notiz`,
  });
  const report = await openReport(sys, services.db, { areaId, year: Number(today.slice(0, 4)) });
  await saveReportTexts(sys, services.db, report.id, { situation: `${marker} Ausgangslage` });
  return {
    'activities/:id': [{ value: activity.id, table: 'impact_activities' }],
    'reports/:id': [{ value: report.id, table: 'impact_reports' }],
  };
}
