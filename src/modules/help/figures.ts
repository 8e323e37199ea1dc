// Figures of the help module (manifest `figures`): the services of the areas (a service belongs to
// the areas of its places), how many were checked in the 12 months before the period's end, and
// the searches of the tenant with and without a result (search counts are kept per tenant, not per
// area: a search names no place, so an area query counts them only for the whole tenant).
import { and, count, gte, isNull, lt, or, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { addMonths, dayStart, localDate } from '../../platform/time/index.ts';
import { helpSearchCounts, helpServices } from './db/schema.ts';

const searches = (key: string, label: string, withoutResult: boolean): FigureDefinition => ({
  key,
  label,
  unit: 'count',
  areas: 'recompute',
  time: 'sum',
  async compute({ db }, tenantId, q) {
    if (q.areaIds !== null) return 0;
    const [r] = await db
      .select({ n: sql<number>`coalesce(sum(${helpSearchCounts.count}), 0)::int` })
      .from(helpSearchCounts)
      .where(
        and(
          ofTenant(helpSearchCounts, tenantId),
          gte(helpSearchCounts.day, localDate(q.from)),
          lt(helpSearchCounts.day, localDate(q.to)),
          withoutResult ? sql`${helpSearchCounts.found} = false` : undefined,
        ),
      );
    return Number(r.n);
  },
});

export const helpFigures: FigureDefinition[] = [
  {
    key: 'help.services',
    label: 'help:figures.services',
    unit: 'count',
    areas: 'recompute',
    time: 'last',
    // Services that existed at the period's end and were not archived by then.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(helpServices)
        .where(
          and(
            ofTenant(helpServices, tenantId),
            lt(helpServices.createdAt, q.to),
            or(isNull(helpServices.archivedAt), gte(helpServices.archivedAt, q.to)),
            scopeFilter(helpServices.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'help.servicesChecked',
    label: 'help:figures.servicesChecked',
    unit: 'count',
    areas: 'recompute',
    time: 'last',
    // Of those, the ones checked in the 12 months before the period's end.
    async compute({ db }, tenantId, q) {
      const since = dayStart(addMonths(localDate(new Date(q.to.getTime() - 1)), -12));
      const [r] = await db
        .select({ n: count() })
        .from(helpServices)
        .where(
          and(
            ofTenant(helpServices, tenantId),
            lt(helpServices.createdAt, q.to),
            or(isNull(helpServices.archivedAt), gte(helpServices.archivedAt, q.to)),
            gte(helpServices.reviewedAt, since),
            lt(helpServices.reviewedAt, q.to),
            scopeFilter(helpServices.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  searches('help.searches', 'help:figures.searches', false),
  searches('help.searchesWithoutResult', 'help:figures.searchesWithoutResult', true),
];
