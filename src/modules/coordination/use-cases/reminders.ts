/**
 * What waits for the member in coordination (the staff start page's inbox): overdue routings — the
 * deadline passed and the department has not answered — as reminders; needs not yet routed for
 * district coordination; needs waiting for the answer of one's own department. Nothing is stored: read
 * from the routings as they are, so a line clears itself once the answer is there.
 */
import { type Actor, can } from '../../../platform/authz.ts';
import type { Services } from '../../../platform/http/context.ts';
import type { InboxItem, InboxQuery } from '../../../platform/modules.ts';
import { awaitsAnswer } from '../domain/status.ts';
import { ownDepartmentIds, READ, REPORT, ROUTE } from '../policies.ts';
import { listNeedsFor } from './needs.ts';

export async function coordinationInbox(
  services: Services,
  actor: Actor,
  q: InboxQuery,
): Promise<InboxItem[]> {
  if (!can(actor, READ)) return [];
  const route = can(actor, ROUTE);
  // Department staff: only when they work for one of the tenant's departments.
  const own = route || can(actor, REPORT) ? [] : await ownDepartmentIds(actor, services.db);
  if (!route && !can(actor, REPORT) && own.length === 0) return [];
  const all = await listNeedsFor(actor, services.db, {
    today: q.today,
    areaId: q.currentAreaId ?? undefined,
  });
  const items: InboxItem[] = [
    {
      key: 'coordination.overdue',
      label: 'inbox.overdue',
      count: all.filter((n) => n.overdueDays > 0).length,
      href: '/coordination?overdue=1',
    },
  ];
  if (route)
    items.push({
      key: 'coordination.toRoute',
      label: 'inbox.toRoute',
      count: all.filter((n) => n.status === 'reported').length,
      href: '/coordination?status=reported',
    });
  if (own.length)
    items.push({
      key: 'coordination.toAnswer',
      label: 'inbox.toAnswer',
      count: all.filter((n) => n.routings.some((r) => own.includes(r.departmentId) && awaitsAnswer(r)))
        .length,
      href: '/coordination?mine=1',
    });
  return items;
}
