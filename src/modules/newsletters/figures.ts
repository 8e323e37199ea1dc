// Figures of the newsletters module (manifest `figures`).
import { and, count, eq, lt } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { subscribers } from './db/schema.ts';

export const newsletterFigures: FigureDefinition[] = [
  {
    key: 'newsletters.subscribers',
    label: 'newsletters:figures.subscribers',
    unit: 'people',
    // A subscriber may follow several areas: counted again for the union.
    areas: 'recompute',
    time: 'last',
    // A stock: active subscribers who had confirmed before the end of the period. Subscribers who
    // chose no area follow the whole tenant and count only for it.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(subscribers)
        .where(
          and(
            ofTenant(subscribers, tenantId),
            eq(subscribers.status, 'active'),
            lt(subscribers.consentAt, q.to),
            scopeFilter(subscribers.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
];
