// Figures of the coordination module (manifest `figures`): needs reported and answers given, per area
// (the need's area and its ancestors) and period.
import { and, count, countDistinct, eq, gte, isNotNull, lt } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { localDate } from '../../platform/time/index.ts';
import { needs, planIndicators, planMeasures, planProgress, plans, routings } from './db/schema.ts';
import { MEASURE_STATUSES, type MeasureStatus } from './domain/vocab.ts';

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Measures of the areas' plans made before the period's end, with this status now (a stock). */
const measuresBy = (status: MeasureStatus): FigureDefinition => ({
  key: `coordination.measures${cap(status)}`,
  label: `coordination:figures.measures${cap(status)}`,
  unit: 'count',
  areas: 'sum',
  time: 'last',
  async compute({ db }, tenantId, q) {
    const [r] = await db
      .select({ n: count() })
      .from(planMeasures)
      .innerJoin(plans, and(eq(plans.tenantId, planMeasures.tenantId), eq(plans.id, planMeasures.planId)))
      .where(
        and(
          ofTenant(planMeasures, tenantId),
          eq(planMeasures.status, status),
          lt(planMeasures.createdAt, q.to),
          scopeFilter(plans.areaIds, q.areaIds),
        ),
      );
    return r.n;
  },
});

export const coordinationFigures: FigureDefinition[] = [
  ...MEASURE_STATUSES.map(measuresBy),
  {
    key: 'coordination.goalsWithProgress',
    label: 'coordination:figures.goalsWithProgress',
    unit: 'count',
    areas: 'sum',
    time: 'recompute',
    // Goals of the areas' plans with at least one indicator value measured in the period.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: countDistinct(planIndicators.goalId) })
        .from(planProgress)
        .innerJoin(
          planIndicators,
          and(
            eq(planIndicators.tenantId, planProgress.tenantId),
            eq(planIndicators.id, planProgress.indicatorId),
          ),
        )
        .innerJoin(plans, and(eq(plans.tenantId, planProgress.tenantId), eq(plans.id, planProgress.planId)))
        .where(
          and(
            ofTenant(planProgress, tenantId),
            gte(planProgress.measuredOn, localDate(q.from)),
            lt(planProgress.measuredOn, localDate(q.to)),
            scopeFilter(plans.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'coordination.needs',
    label: 'coordination:figures.needs',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    // Needs reported in the period (by teams and as recommendations of bodies), in the areas.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(needs)
        .where(
          and(
            ofTenant(needs, tenantId),
            gte(needs.createdAt, q.from),
            lt(needs.createdAt, q.to),
            scopeFilter(needs.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'coordination.answers',
    label: 'coordination:figures.answers',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    // Departments' answers given in the period to needs of the areas.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(routings)
        .innerJoin(needs, and(eq(needs.tenantId, routings.tenantId), eq(needs.id, routings.needId)))
        .where(
          and(
            ofTenant(routings, tenantId),
            isNotNull(routings.answeredAt),
            gte(routings.answeredAt, q.from),
            lt(routings.answeredAt, q.to),
            scopeFilter(needs.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
];
