// Figures of the volunteering module (manifest `figures`): needs posted, offers made (confirmed
// entries, in the areas the volunteers chose), matches confirmed and hours the volunteers confirmed,
// in the period. Needs, matches and hours count in the need's area; offers in the volunteer's areas
// (one offer in two areas counts in each, so areas are asked again for a union).
import { and, count, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { localDate } from '../../platform/time/index.ts';
import { hours, matches, needs, volunteers } from './db/schema.ts';

export const volunteeringFigures: FigureDefinition[] = [
  {
    key: 'volunteering.needs',
    label: 'volunteering:figures.needs',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
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
    key: 'volunteering.offers',
    label: 'volunteering:figures.offers',
    unit: 'count',
    areas: 'recompute',
    time: 'sum',
    // Confirmed offers (an erased entry still counts: the row stays without its personal data).
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(volunteers)
        .where(
          and(
            ofTenant(volunteers, tenantId),
            isNotNull(volunteers.emailConfirmedAt),
            gte(volunteers.emailConfirmedAt, q.from),
            lt(volunteers.emailConfirmedAt, q.to),
            scopeFilter(volunteers.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'volunteering.matches',
    label: 'volunteering:figures.matches',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(matches)
        .innerJoin(needs, and(eq(needs.tenantId, matches.tenantId), eq(needs.id, matches.needId)))
        .where(
          and(
            ofTenant(matches, tenantId),
            gte(matches.confirmedAt, q.from),
            lt(matches.confirmedAt, q.to),
            scopeFilter(needs.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'volunteering.hours',
    label: 'volunteering:figures.hours',
    unit: 'hours',
    areas: 'sum',
    time: 'sum',
    // Only hours the volunteer confirmed, by the day they were given.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ m: sql<number>`coalesce(sum(${hours.minutes}), 0)::int` })
        .from(hours)
        .innerJoin(matches, and(eq(matches.tenantId, hours.tenantId), eq(matches.id, hours.matchId)))
        .innerJoin(needs, and(eq(needs.tenantId, matches.tenantId), eq(needs.id, matches.needId)))
        .where(
          and(
            ofTenant(hours, tenantId),
            isNotNull(hours.confirmedAt),
            gte(hours.day, localDate(q.from)),
            lt(hours.day, localDate(q.to)),
            scopeFilter(needs.areaIds, q.areaIds),
          ),
        );
      return Math.round((Number(r.m) / 60) * 100) / 100;
    },
  },
];
