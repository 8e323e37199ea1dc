/**
 * What waits for a member in the events module (staff start page): submissions and revisions to
 * review where they moderate, and people on waiting lists of coming events where they manage events.
 * Counted with the permission's area scope and the area chosen in the switcher, as the lists they
 * link to show them.
 */
import { and, eq, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, can, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { isUuid, ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type { InboxItem, InboxQuery } from '../../../platform/modules.ts';
import { events, registrations } from '../db/schema.ts';
import { PERMS } from '../policies.ts';

/** Events that still take place at `now`: not ended, or a series that runs on. */
export const stillRunning = (now: Date): SQL => {
  const at = now.toISOString();
  const lastEnd = sql`coalesce((${events.repeatUntil} + 1)::timestamp at time zone 'Europe/Berlin', ${events.endsAt})`;
  return sql`((${events.rrule} is not null and (${events.repeatUntil} is null or ${lastEnd} >= ${at}::timestamptz)) or ${events.endsAt} >= ${at}::timestamptz)`;
};

/** Somebody waits on the event's waiting list (for the event or one of its dates). */
export const hasWaitlist = (): SQL =>
  sql`exists (select 1 from ${registrations} where ${registrations.tenantId} = ${events.tenantId} and ${registrations.eventId} = ${events.id} and ${registrations.status} = 'waitlisted')`;

const narrowed = (q: InboxQuery) =>
  q.currentAreaId && isUuid(q.currentAreaId) ? scopeFilter(events.areaIds, [q.currentAreaId]) : undefined;

export async function eventsInbox(services: Services, actor: Actor, q: InboxQuery): Promise<InboxItem[]> {
  const { db } = services;
  const items: InboxItem[] = [];
  if (can(actor, PERMS.moderate)) {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(
        and(
          ofTenant(events, actor.tenantId),
          or(eq(events.status, 'pending'), isNotNull(events.revision)),
          scopeFilter(events.areaIds, scopeOf(actor, PERMS.moderate)),
          narrowed(q),
        ),
      );
    items.push({
      key: 'events.moderation',
      label: 'inbox.moderation',
      count: Number(r?.n ?? 0),
      href: '/events/queue',
    });
  }
  if (can(actor, PERMS.manage)) {
    const [r] = await db
      .select({
        events: sql<number>`count(distinct ${events.id})::int`,
        people: sql<number>`count(${registrations.id})::int`,
      })
      .from(registrations)
      .innerJoin(
        events,
        and(eq(events.tenantId, registrations.tenantId), eq(events.id, registrations.eventId)),
      )
      .where(
        and(
          ofTenant(registrations, actor.tenantId),
          eq(registrations.status, 'waitlisted'),
          eq(events.status, 'published'),
          isNull(events.cancelledAt),
          stillRunning(q.now),
          scopeFilter(events.areaIds, scopeOf(actor, PERMS.manage)),
          narrowed(q),
        ),
      );
    items.push({
      key: 'events.waitlist',
      label: 'inbox.waitlist',
      count: Number(r?.people ?? 0),
      href: '/events?when=upcoming&waitlist=1',
    });
  }
  return items;
}
