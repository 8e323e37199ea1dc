import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { getOutboxMail, retryMail } from '../../../platform/mail/index.ts';
import { PERMS } from '../policies.ts';

/**
 * Sends a failed mail of the outbox again (for the whole tenant: the outbox holds every module's
 * mail). False when the mail is not failed (nothing to retry); audited when it is queued again.
 */
export async function retryOutboxMail(
  actor: Actor,
  services: Services,
  id: string,
  meta: { ip?: string | null } = {},
): Promise<boolean> {
  authorizeTenantWide(actor, PERMS.retryMail);
  if (!isUuid(id) || !(await getOutboxMail(services.db, actor.tenantId, id)))
    throw new AppError(404, 'not_found');
  const retried = await retryMail(services.db, actor.tenantId, id);
  if (!retried) return false;
  await writeAudit(services.db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'update',
    entityType: 'mail',
    entityId: id,
    details: { retry: true },
    ip: meta.ip ?? null,
  });
  await services.jobs.send('mail.deliver', {});
  return true;
}
