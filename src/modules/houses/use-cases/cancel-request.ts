import { and, eq, gt } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { bookingRequests, bookings } from '../db/schema.ts';
import { buildIcs, reference } from './documents.ts';
import { kickMail, mailLang, queueRequestMail } from './request-mail.ts';
import { auditEntry, loadParts, lockRequest } from './request-records.ts';

/**
 * Cancels a request (by the requester's link or by staff): future bookings are released at once,
 * past ones stay (they happened and count in the statistics).
 */
export async function cancelRequest(
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  by: { actor: string | null; reason?: string },
) {
  await services.db.transaction(async (tx) => {
    const req = await lockRequest(tx, tenant.id, requestId);
    if (req.status === 'cancelled' || req.status === 'declined') throw new AppError(409, 'already_closed');
    const { house, room } = await loadParts(tx, tenant.id, req);
    const now = new Date();
    const released = await tx
      .update(bookings)
      .set({ status: 'cancelled', cancelledAt: now })
      .where(
        and(
          ofTenant(bookings, tenant.id),
          eq(bookings.requestId, req.id),
          eq(bookings.status, 'confirmed'),
          gt(bookings.startsAt, now),
        ),
      )
      .returning({ id: bookings.id, startsAt: bookings.startsAt, endsAt: bookings.endsAt });
    const [updated] = await tx
      .update(bookingRequests)
      .set({
        status: 'cancelled',
        cancelledAt: now,
        updatedAt: now,
        staffMessage: by.reason?.trim().slice(0, 2000) ?? req.staffMessage,
      })
      .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)))
      .returning();
    await writeAudit(
      tx,
      auditEntry(tenant.id, by.actor, 'cancel', req.id, {
        released: released.length,
        byRequester: by.actor === null,
      }),
    );
    const t = services.i18n.t(mailLang(updated.lang), 'houses');
    const attachments =
      released.length > 0
        ? [
            {
              filename: `storno-${reference(req.id)}.ics`,
              contentType: 'text/calendar; charset=utf-8; method=CANCEL',
              content: Buffer.from(
                buildIcs({
                  tenantName: tenant.name,
                  house,
                  room,
                  title: t('ics.summary', { room: room.name, house: house.name }),
                  description: '',
                  events: released,
                  cancelled: true,
                }),
              ).toString('base64'),
            },
          ]
        : undefined;
    await queueRequestMail(tx, services, {
      tenant,
      kind: 'cancelled',
      request: updated,
      house,
      room,
      dates: released.length ? released : undefined,
      attachments,
    });
  });
  await kickMail(services);
}
