// Figures of the coordination module (manifest `figures`): needs reported and answers given, per area
// (the need's area and its ancestors) and period.
import { and, count, eq, gte, isNotNull, lt } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { needs, routings } from './db/schema.ts';

export const coordinationFigures: FigureDefinition[] = [
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
