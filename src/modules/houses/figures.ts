// Figures of the houses module (manifest `figures`): what the rooms were used for, per area and period.
import { and, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { type Db, ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition, FigureQuery } from '../../platform/modules.ts';
import { bookings, houses } from './db/schema.ts';

/** Confirmed bookings that start in the period, in houses of the areas. */
function where(db: Db, tenantId: string, q: FigureQuery) {
  return and(
    ofTenant(bookings, tenantId),
    eq(bookings.status, 'confirmed'),
    gte(bookings.startsAt, q.from),
    lt(bookings.startsAt, q.to),
    q.areaIds
      ? inArray(
          bookings.houseId,
          db
            .select({ id: houses.id })
            .from(houses)
            .where(and(ofTenant(houses, tenantId), scopeFilter(sql`array[${houses.areaId}]`, q.areaIds))),
        )
      : undefined,
  );
}

export const houseFigures: FigureDefinition[] = [
  {
    key: 'houses.bookings',
    label: 'houses:figures.bookings',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(bookings)
        .where(where(db, tenantId, q));
      return r.n;
    },
  },
  {
    key: 'houses.booked_hours',
    label: 'houses:figures.bookedHours',
    unit: 'hours',
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({
          h: sql<string>`coalesce(sum(extract(epoch from ${bookings.endsAt} - ${bookings.startsAt})), 0) / 3600`,
        })
        .from(bookings)
        .where(where(db, tenantId, q));
      return Number(r.h);
    },
  },
  {
    key: 'houses.groups',
    label: 'houses:figures.groups',
    unit: 'count',
    // The same group may book in several areas and months: distinct groups are counted again.
    areas: 'recompute',
    time: 'recompute',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: sql<number>`count(distinct ${bookings.groupKey})::int` })
        .from(bookings)
        .where(where(db, tenantId, q));
      return r.n;
    },
  },
];
