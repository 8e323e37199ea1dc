// Figures of the funds module (manifest `figures`, FUND-5): applications that came in, grants and
// refusals and the amounts granted, per area (the fund's area and its ancestors) and period.
import { and, count, eq, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import type { Db } from '../../platform/db/index.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition, FigureQuery } from '../../platform/modules.ts';
import { applications, funds } from './db/schema.ts';

const ofFund = and(eq(funds.tenantId, applications.tenantId), eq(funds.id, applications.fundId));

async function decided(db: Db, tenantId: string, q: FigureQuery, status: 'granted' | 'refused') {
  const [r] = await db
    .select({ n: count() })
    .from(applications)
    .innerJoin(funds, ofFund)
    .where(
      and(
        ofTenant(applications, tenantId),
        // Decided in the period: with a granted amount (also when settled or closed since), or without.
        status === 'granted' ? isNotNull(applications.grantedCents) : isNull(applications.grantedCents),
        gte(applications.decidedAt, q.from),
        lt(applications.decidedAt, q.to),
        scopeFilter(funds.areaIds, q.areaIds),
      ),
    );
  return r.n;
}

export const fundFigures: FigureDefinition[] = [
  {
    key: 'funds.applications',
    label: 'funds:figures.applications',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    // Applications submitted in the period, to funds of the areas.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(applications)
        .innerJoin(funds, ofFund)
        .where(
          and(
            ofTenant(applications, tenantId),
            gte(applications.submittedAt, q.from),
            lt(applications.submittedAt, q.to),
            scopeFilter(funds.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'funds.granted',
    label: 'funds:figures.granted',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    compute: ({ db }, tenantId, q) => decided(db, tenantId, q, 'granted'),
  },
  {
    key: 'funds.refused',
    label: 'funds:figures.refused',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    compute: ({ db }, tenantId, q) => decided(db, tenantId, q, 'refused'),
  },
  {
    key: 'funds.granted_amount',
    label: 'funds:figures.grantedAmount',
    unit: 'cents',
    areas: 'sum',
    time: 'sum',
    // The amounts granted by the decisions of the period (corrections later do not change it).
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: sql<string>`coalesce(sum(${applications.grantedCents}), 0)` })
        .from(applications)
        .innerJoin(funds, ofFund)
        .where(
          and(
            ofTenant(applications, tenantId),
            isNotNull(applications.grantedCents),
            gte(applications.decidedAt, q.from),
            lt(applications.decidedAt, q.to),
            scopeFilter(funds.areaIds, q.areaIds),
          ),
        );
      return Number(r.n);
    },
  },
];
