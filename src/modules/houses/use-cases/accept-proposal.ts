import { and, eq } from 'drizzle-orm';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { localParts } from '../../../platform/time/index.ts';
import { bookingRequests } from '../db/schema.ts';
import { buildRrule, describeRule } from '../domain/recurrence.ts';
import { retentionUntilFor } from '../domain/retention.ts';
import { confirmInTx } from './confirm-request.ts';
import { requestByToken } from './request-links.ts';
import { kickMail } from './request-mail.ts';
import { asSlotTaken, loadParts, lockRequest } from './request-records.ts';

/** The requester takes the proposed time: the request moves there and is confirmed at once. */
export async function acceptProposal(services: Services, tenant: RequestTenant, token: string) {
  try {
    const result = await services.db.transaction(async (tx) => {
      const found = await requestByToken(tx, tenant.id, token);
      if (!found) throw new AppError(404, 'request_not_found');
      const req = await lockRequest(tx, tenant.id, found.id);
      if (req.status !== 'proposed' || !req.proposedStartsAt || !req.proposedEndsAt)
        throw new AppError(409, 'not_proposed');
      const { house, room } = await loadParts(tx, tenant.id, req);
      const rule = describeRule(req.rrule);
      const start = localParts(req.proposedStartsAt);
      const end = localParts(req.proposedEndsAt);
      const until = rule.until && rule.until >= start.date ? rule.until : start.date;
      const rrule = buildRrule({
        date: start.date,
        start: start.time,
        end: end.time,
        repeat: rule.repeat,
        until,
      });
      const last = rule.repeat === 'none' ? start.date : until;
      const retention = retentionUntilFor(last);
      const [moved] = await tx
        .update(bookingRequests)
        .set({
          startsAt: req.proposedStartsAt,
          endsAt: req.proposedEndsAt,
          rrule,
          repeatUntil: rule.repeat === 'none' ? null : until,
          retentionUntil: retention > req.retentionUntil ? retention : req.retentionUntil,
          status: 'pending',
        })
        .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)))
        .returning();
      return confirmInTx(tx, services, tenant, moved, house, room, req.decidedBy, {
        skipConflicts: false,
        keepToken: token,
      });
    });
    await kickMail(services);
    return result;
  } catch (err) {
    throw asSlotTaken(err);
  }
}
