import { and, eq, inArray } from 'drizzle-orm';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import { bookings } from '../db/schema.ts';
import { getRequest } from '../queries.ts';
import { buildConfirmationPdf } from './documents.ts';
import { loadParts } from './request-records.ts';

/** Rebuilds the confirmation PDF of an approved request (download from the staff screen). */
export async function confirmationPdf(
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  lang: Lang,
) {
  const db = services.db;
  const req = await getRequest(db, tenant.id, requestId);
  if (!req) throw new AppError(404, 'request_not_found');
  const { house, room } = await loadParts(db, tenant.id, req);
  const dates = await db
    .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        ofTenant(bookings, tenant.id),
        eq(bookings.requestId, req.id),
        inArray(bookings.status, ['confirmed']),
      ),
    )
    .orderBy(bookings.startsAt);
  const t = services.i18n.t(lang, 'houses');
  return {
    pdf: await buildConfirmationPdf({ t, lang, tenantName: tenant.name, house, room, request: req, dates }),
    request: req,
  };
}
