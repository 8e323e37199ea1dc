// Figures of the events module (manifest `figures`): what happened in the calendar, per area and period.
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import { countRows, inPeriodAndAreas } from '../../platform/figures.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { attendance, events, registrations } from './db/schema.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

export const eventFigures: FigureDefinition[] = [
  {
    key: 'events.published',
    label: 'events:figures.published',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    // A series counts once, in the period of its first date.
    compute: ({ db }, tenantId, q) =>
      countRows(
        db,
        events,
        and(
          eq(events.status, 'published'),
          inPeriodAndAreas(events, tenantId, q, { column: events.startsAt }, events.areaIds),
        ),
      ),
  },
  {
    key: 'events.attendance',
    label: 'events:figures.attendance',
    unit: 'people',
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: sql<number>`coalesce(sum(${attendance.total}), 0)::int` })
        .from(attendance)
        .innerJoin(events, and(eq(events.tenantId, attendance.tenantId), eq(events.id, attendance.eventId)))
        .where(
          and(
            ofTenant(attendance, tenantId),
            gte(attendance.occurrenceDate, day(q.from)),
            lt(attendance.occurrenceDate, day(q.to)),
            scopeFilter(events.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'events.registered_places',
    label: 'events:figures.registeredPlaces',
    unit: 'people',
    areas: 'sum',
    time: 'sum',
    // Confirmed places of events that start in the period (registrations belong to their event's date).
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: sql<number>`coalesce(sum(${registrations.places}), 0)::int` })
        .from(registrations)
        .innerJoin(
          events,
          and(eq(events.tenantId, registrations.tenantId), eq(events.id, registrations.eventId)),
        )
        .where(
          and(
            ofTenant(registrations, tenantId),
            eq(registrations.status, 'confirmed'),
            gte(events.startsAt, q.from),
            lt(events.startsAt, q.to),
            scopeFilter(events.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
];
