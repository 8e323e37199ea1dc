/**
 * What waits for a member in the houses module (staff start page): room requests to decide, in the
 * houses of their areas (narrowed to the area chosen in the switcher), as the request list shows them.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, can } from '../../../platform/authz.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type { InboxItem, InboxQuery } from '../../../platform/modules.ts';
import { bookingRequests } from '../db/schema.ts';
import { listAreaIds, REQUESTS } from '../policies.ts';
import { listHouses } from '../queries.ts';

export async function housesInbox(services: Services, actor: Actor, q: InboxQuery): Promise<InboxItem[]> {
  if (!can(actor, REQUESTS)) return [];
  const { db } = services;
  const scope = await listAreaIds(actor, db, REQUESTS, q.currentAreaId ?? undefined);
  const houseIds = (await listHouses(db, actor.tenantId, { areaIds: scope, includeArchived: true })).map(
    (h) => h.id,
  );
  let count = 0;
  if (houseIds.length) {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(bookingRequests)
      .where(
        and(
          ofTenant(bookingRequests, actor.tenantId),
          eq(bookingRequests.status, 'pending'),
          inArray(bookingRequests.houseId, houseIds),
        ),
      );
    count = Number(r?.n ?? 0);
  }
  return [
    { key: 'houses.requests', label: 'inbox.requests', count, href: '/houses/requests?status=pending' },
  ];
}
