import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { bookingRequests } from '../db/schema.ts';
import { auditEntry, lockRequest } from './request-records.ts';

/** Payment status of a rental (open, paid, waived, refunded) with a note for accounting. */
export async function setPayment(
  db: Db,
  tenantId: string,
  requestId: string,
  actor: string | null,
  p: { status: string; note: string },
) {
  const allowed = ['open', 'paid', 'waived', 'refunded'] as const;
  if (!(allowed as readonly string[]).includes(p.status)) throw new AppError(422, 'invalid_payment_status');
  const status = p.status as (typeof allowed)[number];
  await db.transaction(async (tx) => {
    const req = await lockRequest(tx, tenantId, requestId);
    await tx
      .update(bookingRequests)
      .set({
        paymentStatus: status,
        paymentNote: p.note.trim().slice(0, 500),
        paidAt: status === 'paid' ? (req.paidAt ?? new Date()) : req.paidAt,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(bookingRequests, tenantId), eq(bookingRequests.id, requestId)));
    await writeAudit(tx, auditEntry(tenantId, actor, 'payment', requestId, { status }));
  });
}
