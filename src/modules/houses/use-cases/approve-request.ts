import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { confirmInTx } from './confirm-request.ts';
import { kickMail } from './request-mail.ts';
import { asSlotTaken, loadParts, lockRequest } from './request-records.ts';

/** Staff approve a pending request (optionally leaving out dates that no longer work). */
export async function approveRequest(
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  actor: string | null,
  opts: { skipConflicts?: boolean; now?: Date } = {},
) {
  try {
    const result = await services.db.transaction(async (tx) => {
      const req = await lockRequest(tx, tenant.id, requestId);
      if (req.status !== 'pending') throw new AppError(409, 'not_pending', `The request is ${req.status}.`);
      const { house, room } = await loadParts(tx, tenant.id, req);
      return confirmInTx(tx, services, tenant, req, house, room, actor, {
        skipConflicts: !!opts.skipConflicts,
        now: opts.now,
      });
    });
    await kickMail(services);
    return result;
  } catch (err) {
    throw asSlotTaken(err);
  }
}
