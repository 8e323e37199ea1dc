import { and, eq, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { localParts } from '../../../platform/time/index.ts';
import { bookingRequests, bookings } from '../db/schema.ts';
import { auditEntry, lockRequest } from './request-records.ts';

/** Staff cancel one date of a standing slot (an exception after approval). */
export async function cancelOccurrence(
  services: Services,
  tenant: RequestTenant,
  bookingId: string,
  actor: string | null,
) {
  await services.db.transaction(async (tx) => {
    const [b] = await tx
      .update(bookings)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(and(ofTenant(bookings, tenant.id), eq(bookings.id, bookingId), eq(bookings.status, 'confirmed')))
      .returning();
    if (!b) throw new AppError(404, 'booking_not_found');
    const req = await lockRequest(tx, tenant.id, b.requestId);
    const date = localParts(b.startsAt).date;
    await tx
      .update(bookingRequests)
      .set({
        exceptions: [...new Set([...req.exceptions, date])].sort(),
        feeCents: sql`greatest(${bookingRequests.feeCents} - ${b.feeCents}, 0)`,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)));
    await writeAudit(tx, auditEntry(tenant.id, actor, 'cancel_date', req.id, { date }));
  });
}
