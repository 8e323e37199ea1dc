// Figures of the impact module (manifest `figures`): the team's own activities held in the period and
// the people who took part in them, counted in the activity's area (and its ancestors).
import { and, count, gte, lt, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition, FigureQuery } from '../../platform/modules.ts';
import { localDate } from '../../platform/time/index.ts';
import { activities } from './db/schema.ts';

const where = (tenantId: string, q: FigureQuery) =>
  and(
    ofTenant(activities, tenantId),
    gte(activities.heldOn, localDate(q.from)),
    lt(activities.heldOn, localDate(q.to)),
    scopeFilter(activities.areaIds, q.areaIds),
  );

export const impactFigures: FigureDefinition[] = [
  {
    key: 'impact.activities',
    label: 'impact:figures.activities',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db.select({ n: count() }).from(activities).where(where(tenantId, q));
      return r.n;
    },
  },
  {
    key: 'impact.participants',
    label: 'impact:figures.participants',
    unit: 'people',
    // Head counts of separate activities: the same person at two activities counts twice, as the
    // events module's attendance does.
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: sql<number>`coalesce(sum(${activities.participants}), 0)::int` })
        .from(activities)
        .where(where(tenantId, q));
      return Number(r.n);
    },
  },
];
