/**
 * What waits for an administrator in the admin module (staff start page): mails the outbox could
 * not send. The outbox holds every module's mail, so only those who read it for the whole tenant.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, canTenantWide } from '../../../platform/authz.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { mailOutbox } from '../../../platform/mail/index.ts';
import type { InboxItem } from '../../../platform/modules.ts';
import { PERMS } from '../policies.ts';

export async function adminInbox(services: Services, actor: Actor): Promise<InboxItem[]> {
  if (!canTenantWide(actor, PERMS.read)) return [];
  const [r] = await services.db
    .select({ n: sql<number>`count(*)::int` })
    .from(mailOutbox)
    .where(and(ofTenant(mailOutbox, actor.tenantId), eq(mailOutbox.status, 'failed')));
  return [
    {
      key: 'admin.failedMails',
      label: 'inbox.failedMails',
      count: Number(r?.n ?? 0),
      href: '/admin/outbox?status=failed',
    },
  ];
}
