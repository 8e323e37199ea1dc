import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { bookingRequests, bookings } from '../db/schema.ts';
import { quoteFee } from '../domain/fees.ts';
import { occurrencesOf } from '../domain/recurrence.ts';
import type { BookingRequest, House, Room } from '../queries.ts';
import { checkAvailability } from './check-availability.ts';
import { buildConfirmationPdf, buildIcs, reference } from './documents.ts';
import { roomRates } from './request-input.ts';
import { issueLink } from './request-links.ts';
import { mailLang, queueRequestMail } from './request-mail.ts';
import { auditEntry, lockRoom } from './request-records.ts';

/**
 * Turns a request into confirmed bookings. A friendly check first names the dates that do not work;
 * the exclusion constraint then decides races: of two approvals for the same time, one commits and
 * the other fails with 23P01, which becomes "slot_taken".
 */
export async function confirmInTx(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  req: BookingRequest,
  house: House,
  room: Room,
  actor: string | null,
  opts: { skipConflicts: boolean; now?: Date; keepToken?: string },
) {
  const now = opts.now ?? new Date();
  await lockRoom(tx, tenant.id, room.id);
  const all = occurrencesOf(req).filter((o) => o.startsAt.getTime() > now.getTime());
  if (all.length === 0)
    throw new AppError(409, 'nothing_to_book', 'None of the requested dates lies in the future.');
  const checked = await checkAvailability(tx, tenant.id, { house, room, occurrences: all, now });
  const bad = checked.filter((c) => c.problems.length > 0);
  if (bad.length > 0 && !opts.skipConflicts) {
    const taken = bad.some((b) => b.problems.some((p) => p.code === 'booked'));
    throw new AppError(
      409,
      taken ? 'slot_taken' : 'not_bookable',
      taken ? 'This time is already booked.' : 'Some dates are not bookable.',
      {
        dates: bad.map((b) => b.date),
      },
    );
  }
  const good = checked.filter((c) => c.problems.length === 0);
  if (good.length === 0)
    throw new AppError(409, 'nothing_to_book', 'None of the requested dates can be booked.');
  const minutes = Math.round((req.endsAt.getTime() - req.startsAt.getTime()) / 60_000);
  const quote = quoteFee(roomRates(room), req.tariff, minutes);
  const rows = good.map((o) => ({
    tenantId: tenant.id,
    id: newId(),
    houseId: house.id,
    roomId: room.id,
    requestId: req.id,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    blockedUntil: new Date(o.endsAt.getTime() + room.bufferMinutes * 60_000),
    status: 'confirmed' as const,
    category: req.category,
    groupKey: req.groupKey,
    title: req.organisation || req.requesterName,
    participants: req.participants,
    feeCents: quote.cents,
  }));
  await tx.insert(bookings).values(rows);
  const exceptions = [...new Set([...req.exceptions, ...bad.map((b) => b.date)])].sort();
  const [updated] = await tx
    .update(bookingRequests)
    .set({
      status: 'approved',
      exceptions,
      feeCents: quote.cents * rows.length,
      decidedBy: actor,
      decidedAt: now,
      updatedAt: now,
    })
    .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)))
    .returning();
  await writeAudit(
    tx,
    auditEntry(tenant.id, actor, 'approve', req.id, {
      bookings: rows.length,
      skipped: bad.map((b) => b.date),
    }),
  );
  const link = await issueLink(tx, services, tenant, req.id, opts.keepToken);
  const t = services.i18n.t(mailLang(updated.lang), 'houses');
  const ics = buildIcs({
    tenantName: tenant.name,
    house,
    room,
    title: t('ics.summary', { room: room.name, house: house.name }),
    description: t('ics.description', { ref: reference(req.id), purpose: req.purpose, link }),
    events: rows,
    url: link,
  });
  const pdf = await buildConfirmationPdf({
    t,
    lang: updated.lang,
    tenantName: tenant.name,
    house,
    room,
    request: updated,
    dates: rows,
  });
  await queueRequestMail(tx, services, {
    tenant,
    kind: 'approved',
    request: updated,
    house,
    room,
    link,
    dates: rows,
    attachments: [
      {
        filename: `buchung-${reference(req.id)}.ics`,
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: Buffer.from(ics).toString('base64'),
      },
      {
        filename: `bestaetigung-${reference(req.id)}.pdf`,
        contentType: 'application/pdf',
        content: pdf.toString('base64'),
      },
    ],
  });
  return { request: updated, bookings: rows, skipped: bad.map((b) => b.date) };
}
