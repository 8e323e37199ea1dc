// Test factory of the coordination module (see TestFactoryContext): a department working in the
// tenant's test area, and a need there routed to it and answered (so the figures count one need and
// one answer). It names the need, its routing and the department for the staff routes.
import { newId } from '../../../platform/db/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { addDays, todayLocal } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import { budgets, pruefsteinRatings } from '../db/resources.ts';
import {
  departments,
  needs,
  planFields,
  planGoals,
  planIndicators,
  planMeasures,
  planMilestones,
  planProgress,
  plans,
  planVersions,
  routings,
} from '../db/schema.ts';

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
  // An integrated action plan of the area (adopted, now being revised): a field, a goal with an indicator (measured once)
  // and a running measure of the department, so the public page and the figures find it.
  const planId = newId();
  const fieldId = newId();
  const goalId = newId();
  const indicatorId = newId();
  const measureId = newId();
  const period = { periodFrom: todayLocal(), periodTo: addDays(todayLocal(), 700) };
  await db.insert(plans).values({
    tenantId: tenant.id,
    id: planId,
    title: `${marker} Handlungskonzept`,
    areaId,
    areaIds,
    ...period,
    summary: `${marker} Zusammenfassung`,
    // Adopted once (version 1 below) and now drafted again as version 2: the public pages show the
    // adopted version, and the draft's fields and goals can be opened on their edit forms (a plan
    // only adopted answers 409 there, which would hide a missing tenant condition from the walk).
    status: 'draft',
    version: 2,
    createdBy: userId,
  });
  await db.insert(planFields).values({ tenantId: tenant.id, id: fieldId, planId, name: `${marker} Bildung` });
  await db
    .insert(planGoals)
    .values({ tenantId: tenant.id, id: goalId, planId, fieldId, title: `${marker} Ziel` });
  await db.insert(planIndicators).values({
    tenantId: tenant.id,
    id: indicatorId,
    planId,
    goalId,
    name: `${marker} Plätze`,
    baseline: 10,
    target: 20,
  });
  await db.insert(planProgress).values({
    tenantId: tenant.id,
    id: newId(),
    planId,
    indicatorId,
    measuredOn: todayLocal(),
    value: 15,
    note: `${marker} Messung`,
  });
  await db.insert(planMeasures).values({
    tenantId: tenant.id,
    id: measureId,
    planId,
    goalId,
    title: `${marker} Maßnahme`,
    departmentId,
    status: 'running',
  });
  await db.insert(planVersions).values({
    tenantId: tenant.id,
    id: newId(),
    planId,
    version: 1,
    adoptedOn: todayLocal(),
    adoptedBy: `${marker} Quartiersrat`,
    snapshot: {
      title: `${marker} Handlungskonzept`,
      areaId,
      ...period,
      summary: `${marker} Zusammenfassung`,
      continuation: '',
      fields: [
        {
          id: fieldId,
          name: `${marker} Bildung`,
          description: '',
          goals: [
            {
              id: goalId,
              title: `${marker} Ziel`,
              description: '',
              indicators: [{ id: indicatorId, name: `${marker} Plätze`, unit: '', baseline: 10, target: 20 }],
              measures: [
                {
                  id: measureId,
                  title: `${marker} Maßnahme`,
                  description: '',
                  department: `${marker} Jugendamt`,
                  responsible: '',
                  budgetLine: '',
                  budgetCents: null,
                  startsOn: null,
                  endsOn: null,
                  continuation: '',
                },
              ],
            },
          ],
        },
      ],
    },
  });
  // A budget line of the area this year (resources per area), and the district's rating of a Prüfstein
  // in the year the isolation walk asks for (2030), with a comment and evidence that carry the marker.
  const budgetId = newId();
  await db.insert(budgets).values({
    tenantId: tenant.id,
    id: budgetId,
    areaId,
    areaIds,
    year: Number(todayLocal().slice(0, 4)),
    source: `${marker} Sozialer Zusammenhalt`,
    kind: 'programme',
    amountCents: 12_345_00,
    reference: `${marker} Bescheid`,
  });
  await db.insert(pruefsteinRatings).values({
    tenantId: tenant.id,
    year: 2030,
    pruefstein: 3,
    rating: 2,
    comment: `${marker} Kommentar`,
    evidence: [{ label: `${marker} Beleg`, scope: 'staff', path: `/coordination/needs/${needId}` }],
  });
  // A milestone of the measure (reached on its own form).
  const milestoneId = newId();
  await db.insert(planMilestones).values({
    tenantId: tenant.id,
    id: milestoneId,
    planId,
    measureId,
    title: `${marker} Meilenstein`,
    dueOn: addDays(todayLocal(), 30),
  });
  return {
    'resources/:budgetId': [{ value: budgetId, table: 'coordination_budgets' }],
    'fields/:partId': [{ value: fieldId, table: 'coordination_plan_fields' }],
    'goals/:partId': [{ value: goalId, table: 'coordination_plan_goals' }],
    'milestones/:milestoneId': [{ value: milestoneId, table: 'coordination_plan_milestones' }],
    'plans/:planId': [{ value: planId, table: 'coordination_plans' }],
    'indicators/:indicatorId': [{ value: indicatorId, table: 'coordination_plan_indicators' }],
    'measures/:measureId': [{ value: measureId, table: 'coordination_plan_measures' }],
    'needs/:needId': [{ value: needId, table: 'coordination_needs' }],
    'routings/:routingId': [{ value: routingId, table: 'coordination_routings' }],
    'departments/:id': [{ value: departmentId, table: 'coordination_departments' }],
  };
}
