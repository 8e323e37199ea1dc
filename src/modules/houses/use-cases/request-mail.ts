import type { Db } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { type Lang, PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { formatSlot } from '../domain/format.ts';
import { occurrencesOf } from '../domain/recurrence.ts';
import type { BookingRequest, House, Room } from '../queries.ts';
import { addressLine, reference } from './documents.ts';

/** The language of the requester's mails: the one they asked in, if it is a public one. */
export const mailLang = (lang: string): Lang =>
  (PUBLIC_LANGS as readonly string[]).includes(lang) ? (lang as Lang) : 'de';

type MailKind = 'received' | 'approved' | 'proposed' | 'declined' | 'cancelled';

export async function queueRequestMail(
  tx: Db,
  services: Services,
  o: {
    tenant: RequestTenant;
    kind: MailKind;
    request: BookingRequest;
    house: House;
    room: Room;
    link?: string;
    dates?: { id?: string; startsAt: Date; endsAt: Date }[];
    attachments?: { filename: string; contentType: string; content: string }[];
  },
) {
  const lang = mailLang(o.request.lang);
  const t = services.i18n.t(lang, 'houses');
  const r = o.request;
  const when = (o.dates ?? occurrencesOf(r))
    .map((d) => `- ${formatSlot(d.startsAt, d.endsAt, lang)}`)
    .join('\n');
  const vars = {
    name: r.requesterName,
    house: o.house.name,
    room: o.room.name,
    address: addressLine(o.house),
    ref: reference(r.id),
    dates: when,
    link: o.link ?? '',
    reason: r.declineReason,
    message: r.staffMessage,
    proposed:
      r.proposedStartsAt && r.proposedEndsAt ? formatSlot(r.proposedStartsAt, r.proposedEndsAt, lang) : '',
    tenant: o.tenant.name,
    keys: o.house.keyHandover,
    contact: [o.house.contactName, o.house.contactEmail, o.house.contactPhone].filter(Boolean).join(', '),
  };
  await queueMail(tx, {
    tenantId: o.tenant.id,
    to: r.requesterEmail,
    subject: t(`mail.${o.kind}.subject`, vars),
    text: t(`mail.${o.kind}.body`, vars),
    attachments: o.attachments,
  });
}

/** Sends queued mail right away (the job also sweeps every minute). */
export async function kickMail(services: Services) {
  await services.jobs.send('mail.deliver', {}).catch(() => null);
}
