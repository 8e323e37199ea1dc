// Figures of the councils module (manifest `figures`): how often the bodies of an area met and what
// they decided, per area and period (a body belongs to its area and that area's ancestors).
import { and, count, eq, gte, lt, ne } from 'drizzle-orm';
import { scopeFilter } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { FigureDefinition } from '../../platform/modules.ts';
import { agendaItems, bodies, meetings, votes } from './db/schema.ts';

export const councilFigures: FigureDefinition[] = [
  {
    key: 'councils.meetings',
    label: 'councils:figures.meetingsHeld',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    // Meetings held that started in the period, of bodies in the areas.
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(meetings)
        .innerJoin(bodies, and(eq(bodies.tenantId, meetings.tenantId), eq(bodies.id, meetings.bodyId)))
        .where(
          and(
            ofTenant(meetings, tenantId),
            eq(meetings.status, 'held'),
            gte(meetings.startsAt, q.from),
            lt(meetings.startsAt, q.to),
            scopeFilter(bodies.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
  {
    key: 'councils.resolutions',
    label: 'councils:figures.resolutions',
    unit: 'count',
    areas: 'sum',
    time: 'sum',
    // Carried votes in meetings that started in the period (the approval of minutes not counted).
    async compute({ db }, tenantId, q) {
      const [r] = await db
        .select({ n: count() })
        .from(votes)
        .innerJoin(
          agendaItems,
          and(eq(agendaItems.tenantId, votes.tenantId), eq(agendaItems.id, votes.agendaItemId)),
        )
        .innerJoin(
          meetings,
          and(eq(meetings.tenantId, agendaItems.tenantId), eq(meetings.id, agendaItems.meetingId)),
        )
        .innerJoin(bodies, and(eq(bodies.tenantId, meetings.tenantId), eq(bodies.id, meetings.bodyId)))
        .where(
          and(
            ofTenant(votes, tenantId),
            eq(votes.result, 'accepted'),
            ne(agendaItems.kind, 'approval_of_minutes'),
            gte(meetings.startsAt, q.from),
            lt(meetings.startsAt, q.to),
            scopeFilter(bodies.areaIds, q.areaIds),
          ),
        );
      return r.n;
    },
  },
];
