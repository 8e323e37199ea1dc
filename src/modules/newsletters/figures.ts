// Figures of the newsletters module (manifest `figures`).
import { and, eq } from 'drizzle-orm';
import { countRows, inPeriodAndAreas } from '../../platform/figures.ts';
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
    compute: ({ db }, tenantId, q) =>
      countRows(
        db,
        subscribers,
        and(
          eq(subscribers.status, 'active'),
          inPeriodAndAreas(
            subscribers,
            tenantId,
            q,
            { column: subscribers.consentAt, from: false },
            subscribers.areaIds,
          ),
        ),
      ),
  },
];
