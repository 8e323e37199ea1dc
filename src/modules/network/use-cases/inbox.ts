/**
 * What waits for a member in the network module (staff start page): follow-ups due today or
 * overdue — the open tasks assigned to them and the follow-up days of open concerns in their areas,
 * as "My week" lists them.
 */
import { and, eq, isNull, lte, ne, sql } from 'drizzle-orm';
import { type Actor, can, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type { InboxItem, InboxQuery } from '../../../platform/modules.ts';
import { networkConcerns, networkTasks } from '../db/schema.ts';
import { PERMS } from '../policies.ts';

export async function networkInbox(services: Services, actor: Actor, q: InboxQuery): Promise<InboxItem[]> {
  // "My week" is where follow-ups are done; it needs the directory's read permission.
  if (!can(actor, PERMS.read) || !actor.userId) return [];
  const { db } = services;
  const [tasks] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(networkTasks)
    .where(
      and(
        ofTenant(networkTasks, actor.tenantId),
        eq(networkTasks.assigneeUserId, actor.userId),
        isNull(networkTasks.doneAt),
        lte(networkTasks.dueOn, q.today),
      ),
    );
  let concerns = 0;
  if (can(actor, PERMS.concerns)) {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(networkConcerns)
      .where(
        and(
          ofTenant(networkConcerns, actor.tenantId),
          scopeFilter(networkConcerns.areaIds, scopeOf(actor, PERMS.concerns)),
          ne(networkConcerns.status, 'done'),
          lte(networkConcerns.followUpOn, q.today),
        ),
      );
    concerns = Number(r?.n ?? 0);
  }
  return [
    {
      key: 'network.followUps',
      label: 'inbox.followUps',
      count: Number(tasks?.n ?? 0) + concerns,
      href: '/network/week#followups',
    },
  ];
}
