import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { bookingRequests } from '../db/schema.ts';
import { kickMail, queueRequestMail } from './request-mail.ts';
import { auditEntry, loadParts, lockRequest } from './request-records.ts';

/** Staff decline with a reason the requester reads in the mail. */
export async function declineRequest(
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  actor: string | null,
  reason: string,
) {
  if (!reason.trim()) throw new AppError(422, 'reason_required');
  await services.db.transaction(async (tx) => {
    const req = await lockRequest(tx, tenant.id, requestId);
    if (req.status !== 'pending' && req.status !== 'proposed')
      throw new AppError(409, 'not_pending', `The request is ${req.status}.`);
    const { house, room } = await loadParts(tx, tenant.id, req);
    const now = new Date();
    const [updated] = await tx
      .update(bookingRequests)
      .set({
        status: 'declined',
        declineReason: reason.trim().slice(0, 2000),
        decidedBy: actor,
        decidedAt: now,
        updatedAt: now,
      })
      .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)))
      .returning();
    await writeAudit(tx, auditEntry(tenant.id, actor, 'decline', req.id));
    await queueRequestMail(tx, services, { tenant, kind: 'declined', request: updated, house, room });
  });
  await kickMail(services);
}
