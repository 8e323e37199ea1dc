// Test factory of the coordination module (see TestFactoryContext): a department working in the
// tenant's test area, and a need there routed to it and answered (so the figures count one need and
// one answer). It names the need, its routing and the department for the staff routes.
import { newId } from '../../../platform/db/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { addDays, todayLocal } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import { departments, needs, routings } from '../db/schema.ts';

export async function createCoordinationTestEntities({
  services,
  tenant,
  marker,
  userId,
  params,
}: TestFactoryContext): Promise<TestParams> {
  const { db } = services;
  const areaId = params['areas/:id']?.[0]?.value;
  if (!areaId) return {};
  const areaIds = (await areaPath(db, tenant.id, areaId)).map((a) => a.id);
  const departmentId = newId();
  await db.insert(departments).values({
    tenantId: tenant.id,
    id: departmentId,
    name: `${marker} Jugendamt`,
    shortName: `${marker} JugA`,
    areaIds: [areaId],
  });
  const needId = newId();
  await db.insert(needs).values({
    tenantId: tenant.id,
    id: needId,
    title: `${marker} Bedarf`,
    description: `${marker} Beschreibung`,
    areaId,
    areaIds,
    topic: 'youth',
    evidence: `${marker} Beleg`,
    sourceKind: 'team',
    reporterUserId: userId,
    createdBy: userId,
  });
  const routingId = newId();
  await db.insert(routings).values({
    tenantId: tenant.id,
    id: routingId,
    needId,
    departmentId,
    deadline: addDays(todayLocal(), 14),
    status: 'answered',
    answer: `${marker} Antwort`,
    answeredAt: new Date(),
    answeredBy: userId,
    routedBy: userId,
  });
  return {
    'needs/:needId': [{ value: needId, table: 'coordination_needs' }],
    'routings/:routingId': [{ value: routingId, table: 'coordination_routings' }],
    'departments/:id': [{ value: departmentId, table: 'coordination_departments' }],
  };
}
