// Figures of the network module (manifest `figures`): the neighbourhood office's work, per area and period.
import { and, eq } from 'drizzle-orm';
import { countRows, inPeriodAndAreas } from '../../platform/figures.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { networkActors, networkConcerns, networkContacts } from './db/schema.ts';

export const networkFigures: FigureDefinition[] = [
  {
    key: 'network.concerns',
    label: 'network:figures.concerns',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    compute: ({ db }, tenantId, q) =>
      countRows(
        db,
        networkConcerns,
        inPeriodAndAreas(
          networkConcerns,
          tenantId,
          q,
          { column: networkConcerns.recordedAt },
          networkConcerns.areaIds,
        ),
      ),
  },
  {
    key: 'network.contacts',
    label: 'network:figures.contacts',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    compute: ({ db }, tenantId, q) =>
      countRows(
        db,
        networkContacts,
        inPeriodAndAreas(
          networkContacts,
          tenantId,
          q,
          { column: networkContacts.happenedAt },
          networkContacts.areaIds,
        ),
      ),
  },
  {
    key: 'network.organisations',
    label: 'network:figures.organisations',
    unit: 'count',
    // An organisation may work in several areas: counted again for the union.
    areas: 'recompute',
    time: 'last',
    // A stock: the organisations in the directory at the end of the period.
    compute: ({ db }, tenantId, q) =>
      countRows(
        db,
        networkActors,
        and(
          eq(networkActors.kind, 'organisation'),
          inPeriodAndAreas(
            networkActors,
            tenantId,
            q,
            { column: networkActors.createdAt, from: false },
            networkActors.areaIds,
          ),
        ),
      ),
  },
];
