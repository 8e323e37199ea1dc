import { writeAudit } from '../../../platform/audit/index.ts';
import { newId } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { localToInstant } from '../../../platform/time/index.ts';
import { bookingRequests, type Tariff } from '../db/schema.ts';
import { formatSlot } from '../domain/format.ts';
import { buildRrule } from '../domain/recurrence.ts';
import { retentionUntilFor } from '../domain/retention.ts';
import type { House } from '../queries.ts';
import { confirmInTx } from './confirm-request.ts';
import { reference } from './documents.ts';
import type { Prepared } from './prepare-request.ts';
import { groupKeyFor } from './privacy.ts';
import { issueLink } from './request-links.ts';
import { kickMail, mailLang, queueRequestMail } from './request-mail.ts';
import { asSlotTaken, auditEntry, lockRoom } from './request-records.ts';

export interface SubmitMeta {
  source: 'public' | 'api' | 'staff';
  lang: string;
  userId?: string | null;
  /** Staff booking a standing slot: create and confirm in one step. */
  confirm?: boolean;
}

/** Saves a prepared request, mails the requester (and the house) in the same transaction. */
export async function submitRequest(
  services: Services,
  tenant: RequestTenant,
  house: House,
  p: Prepared,
  meta: SubmitMeta,
) {
  if (!p.ok || !p.room || !p.pattern) throw new AppError(422, 'validation_failed');
  const room = p.room;
  const first = p.bookable[0];
  const id = newId();
  const rrule = buildRrule({ ...p.pattern, exceptions: [] });
  const groupKey = await groupKeyFor(services.db, tenant.id, p.input.organisation, p.input.email);
  const values = {
    tenantId: tenant.id,
    id,
    houseId: house.id,
    roomId: room.id,
    status: 'pending' as const,
    source: meta.source,
    requesterName: p.input.name,
    requesterEmail: p.input.email.toLowerCase(),
    requesterPhone: p.input.phone,
    organisation: p.input.organisation,
    groupKey,
    purpose: p.input.purpose,
    category: p.input.category,
    participants: Number(p.input.participants),
    tariff: p.input.tariff as Tariff,
    // A series keeps the first date of its rule here; its end gives the local end time of every date.
    startsAt: rrule ? localToInstant(p.pattern.date, p.pattern.start) : first.startsAt,
    endsAt: rrule ? localToInstant(p.pattern.date, p.pattern.end) : first.endsAt,
    rrule,
    repeatUntil: p.pattern.until ?? null,
    exceptions: p.exceptions,
    feeCents: p.totalCents,
    cancelTokenHash: hashToken(randomToken(24)),
    lang: mailLang(meta.lang),
    userId: meta.userId ?? null,
    legalBasis: 'contract' as const,
    retentionUntil: retentionUntilFor(p.pattern.until ?? p.pattern.date),
  };
  try {
    const request = await services.db.transaction(async (tx) => {
      await lockRoom(tx, tenant.id, room.id);
      const [row] = await tx.insert(bookingRequests).values(values).returning();
      await writeAudit(tx, auditEntry(tenant.id, meta.userId ?? null, 'create', id, { source: meta.source }));
      if (meta.confirm) {
        await confirmInTx(tx, services, tenant, row, house, room, meta.userId ?? null, {
          skipConflicts: false,
        });
      } else {
        const link = await issueLink(tx, services, tenant, id);
        await queueRequestMail(tx, services, {
          tenant,
          kind: 'received',
          request: row,
          house,
          room,
          link,
          dates: p.bookable,
        });
        if (house.contactEmail) {
          const t = services.i18n.t('de', 'houses');
          await queueMail(tx, {
            tenantId: tenant.id,
            to: house.contactEmail,
            subject: t('mail.staffNotice.subject', { house: house.name, ref: reference(id) }),
            text: t('mail.staffNotice.body', {
              room: room.name,
              name: row.requesterName,
              organisation: row.organisation || '–',
              dates: p.bookable.map((d) => `- ${formatSlot(d.startsAt, d.endsAt, 'de')}`).join('\n'),
              link: `${services.config.baseUrl}/staff/${tenant.slug}/houses/requests/${id}`,
            }),
          });
        }
      }
      return row;
    });
    await kickMail(services);
    return request;
  } catch (err) {
    throw asSlotTaken(err);
  }
}
