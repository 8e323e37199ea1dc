// Figures of the network module (manifest `figures`): the neighbourhood office's work, per area and period.
import { and, count, eq, gte, lt } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { networkActors, networkConcerns, networkContacts } from './db/schema.ts';

export const networkFigures: FigureDefinition[] = [
  {
    key: 'network.concerns',
    label: 'network:figures.concerns',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(networkConcerns)
        .where(
          and(
            ofTenant(networkConcerns, tenantId),
            gte(networkConcerns.recordedAt, q.from),
            lt(networkConcerns.recordedAt, q.to),
            scopeFilter(networkConcerns.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'network.contacts',
    label: 'network:figures.contacts',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(networkContacts)
        .where(
          and(
            ofTenant(networkContacts, tenantId),
            gte(networkContacts.happenedAt, q.from),
            lt(networkContacts.happenedAt, q.to),
            scopeFilter(networkContacts.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'network.organisations',
    label: 'network:figures.organisations',
    unit: 'count',
    // An organisation may work in several areas: counted again for the union.
    areas: 'recompute',
    time: 'last',
    // A stock: the organisations in the directory at the end of the period.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(networkActors)
        .where(
          and(
            ofTenant(networkActors, tenantId),
            eq(networkActors.kind, 'organisation'),
            lt(networkActors.createdAt, q.to),
            scopeFilter(networkActors.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
];
