import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { listAudit, writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { eraseMailsTo, mailOutbox } from '../../../platform/mail/index.ts';
import type {
  DataSubject,
  PrivacyErasure,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { laterDate, normaliseEmail } from '../../../platform/privacy/index.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { bookingRequests, bookings, houseSettings, houses, rooms } from '../db/schema.ts';
import { requirePrivacy } from '../policies.ts';
import type { BookingRequest } from '../queries.ts';
import { reference } from './documents.ts';

/** Who acts, for the audit log. */
export interface Who {
  userId: string | null;
  ip?: string | null;
}

// ── Group keys ──────────────────────────────────────────────────────────────────────────────

/** A group for "distinct groups": the organisation (case and spaces normalised), else the e-mail. */
export const normalisedGroup = (organisation: string, email: string): string => {
  const org = organisation.toLowerCase().replace(/\s+/g, ' ').trim();
  return org ? `org:${org}` : `mail:${email.toLowerCase().trim()}`;
};

/** The tenant's secret for group keys, created on first use. */
export async function groupKeySalt(db: Db, tenantId: string): Promise<string> {
  const [found] = await db
    .select({ salt: houseSettings.groupKeySalt })
    .from(houseSettings)
    .where(ofTenant(houseSettings, tenantId));
  if (found) return found.salt;
  const salt = createHash('sha256')
    .update(crypto.getRandomValues(new Uint8Array(32)))
    .digest('hex');
  await db.insert(houseSettings).values({ tenantId, groupKeySalt: salt }).onConflictDoNothing();
  const [row] = await db
    .select({ salt: houseSettings.groupKeySalt })
    .from(houseSettings)
    .where(ofTenant(houseSettings, tenantId));
  return row.salt;
}

/** SHA-256 of salt + group, hex — the same as migration 0008 computes in SQL. */
export const saltedGroupKey = (salt: string, organisation: string, email: string): string =>
  createHash('sha256')
    .update(salt + normalisedGroup(organisation, email), 'utf8')
    .digest('hex');

/**
 * The key under which a request and its bookings count as one group. Only the salted hash is stored,
 * so it stays meaningful (and the count correct) after name and e-mail were erased.
 */
export async function groupKeyFor(db: Db, tenantId: string, organisation: string, email: string) {
  return saltedGroupKey(await groupKeySalt(db, tenantId), organisation, email);
}

// ── Erasure ─────────────────────────────────────────────────────────────────────────────────

/**
 * Removes the personal details of requests: name, e-mail, phone, organisation, purpose, the free
 * texts exchanged with staff, the account link and the private link. What stays is anonymous and
 * keeps the statistics right: room, dates, category, participants, tariff, fee and payment status,
 * the salted group key. The booking titles (the group's name) go too.
 */
async function anonymise(tx: Db, tenantId: string, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(bookingRequests)
    .set({
      requesterName: '',
      requesterEmail: '',
      requesterPhone: '',
      organisation: '',
      purpose: '',
      staffMessage: '',
      declineReason: '',
      paymentNote: '',
      userId: null,
      // Unique per row and never the SHA-256 of a token: the private link stops working.
      cancelTokenHash: sql`'erased:' || ${bookingRequests.id}::text`,
      erasedAt: now,
      updatedAt: now,
    })
    .where(and(ofTenant(bookingRequests, tenantId), inArray(bookingRequests.id, ids)));
  await tx
    .update(bookings)
    .set({ title: '' })
    .where(and(ofTenant(bookings, tenantId), inArray(bookings.requestId, ids)));
}

/**
 * Mails about these requests still in the outbox: to the requester (the subject carries the
 * reference) and the notices to the house (the text carries the request's staff link).
 */
function mailsOf(tenantId: string, reqs: { id: string; email: string }[]): SQL {
  const parts = reqs.map(
    (r) =>
      sql`((lower(${mailOutbox.to}) = lower(${r.email}) and ${mailOutbox.subject} like ${`%${reference(r.id)}%`}) or ${mailOutbox.text} like ${`%/houses/requests/${r.id}%`})`,
  );
  return and(ofTenant(mailOutbox, tenantId), sql`(${sql.join(parts, sql` or `)})`)!;
}

export interface ExpiredRequest {
  id: string;
  houseId: string;
  roomId: string;
  status: BookingRequest['status'];
  startsAt: Date;
  repeatUntil: string | null;
  retentionUntil: string;
  paymentStatus: BookingRequest['paymentStatus'];
  feeCents: number;
}

/** Requests whose retention date has passed and whose personal details are still there. */
export async function expiredRequests(
  db: Db,
  tenantId: string,
  today = todayLocal(),
  limit = 500,
): Promise<ExpiredRequest[]> {
  return db
    .select({
      id: bookingRequests.id,
      houseId: bookingRequests.houseId,
      roomId: bookingRequests.roomId,
      status: bookingRequests.status,
      startsAt: bookingRequests.startsAt,
      repeatUntil: bookingRequests.repeatUntil,
      retentionUntil: bookingRequests.retentionUntil,
      paymentStatus: bookingRequests.paymentStatus,
      feeCents: bookingRequests.feeCents,
    })
    .from(bookingRequests)
    .where(
      and(
        ofTenant(bookingRequests, tenantId),
        isNull(bookingRequests.erasedAt),
        lt(bookingRequests.retentionUntil, today),
      ),
    )
    .orderBy(asc(bookingRequests.retentionUntil), asc(bookingRequests.id))
    .limit(limit);
}

/**
 * Erases the personal details of the given requests whose retention date has passed (others in the
 * list are left alone), and their mails still in the outbox. One transaction; one audit entry each.
 */
export async function eraseExpiredRequests(
  db: Db,
  tenantId: string,
  ids: string[],
  who: Who,
  today = todayLocal(),
): Promise<{ erased: number; mailsDeleted: number }> {
  if (ids.length === 0) return { erased: 0, mailsDeleted: 0 };
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: bookingRequests.id, email: bookingRequests.requesterEmail })
      .from(bookingRequests)
      .where(
        and(
          ofTenant(bookingRequests, tenantId),
          inArray(bookingRequests.id, ids),
          isNull(bookingRequests.erasedAt),
          lt(bookingRequests.retentionUntil, today),
        ),
      )
      .for('update');
    const mailsDeleted = due.length
      ? (await tx.delete(mailOutbox).where(mailsOf(tenantId, due)).returning({ id: mailOutbox.id })).length
      : 0;
    const now = new Date();
    await anonymise(
      tx,
      tenantId,
      due.map((r) => r.id),
      now,
    );
    for (const r of due) {
      await writeAudit(tx, {
        tenantId,
        actorUserId: who.userId,
        action: 'erase',
        entityType: 'booking_request',
        entityId: r.id,
        personal: true,
        details: { reason: 'retention' },
        ip: who.ip ?? null,
      });
    }
    return { erased: due.length, mailsDeleted };
  });
}

// ── One requester (GDPR Art. 15 and 17) ─────────────────────────────────────────────────────

const byEmail = (email: string) => sql`lower(${bookingRequests.requesterEmail}) = lower(${email.trim()})`;

/** The requests (with personal details still present) sent from this e-mail address. */
export async function requestsOfRequester(db: Db, tenantId: string, email: string) {
  if (!email.trim()) return [];
  return db
    .select()
    .from(bookingRequests)
    .where(and(ofTenant(bookingRequests, tenantId), byEmail(email), isNull(bookingRequests.erasedAt)))
    .orderBy(asc(bookingRequests.createdAt));
}

const LEGAL_BASIS_TEXT = {
  contract: 'Art. 6(1)(b) GDPR — steps prior to and performance of the room rental',
} as const;

/**
 * Everything the houses module holds about one requester e-mail: the requests with every field,
 * their booked dates, the mails about them still in the outbox, and who looked at or changed them.
 */
export async function exportRequester(db: Db, tenantId: string, email: string, who: Who) {
  const list = await requestsOfRequester(db, tenantId, email);
  const ids = list.map((r) => r.id);
  const [houseRows, roomRows, bookingRows, mails] = await Promise.all([
    ids.length
      ? db
          .select({ id: houses.id, name: houses.name })
          .from(houses)
          .where(
            and(
              ofTenant(houses, tenantId),
              inArray(
                houses.id,
                list.map((r) => r.houseId),
              ),
            ),
          )
      : [],
    ids.length
      ? db
          .select({ id: rooms.id, name: rooms.name })
          .from(rooms)
          .where(
            and(
              ofTenant(rooms, tenantId),
              inArray(
                rooms.id,
                list.map((r) => r.roomId),
              ),
            ),
          )
      : [],
    ids.length
      ? db
          .select()
          .from(bookings)
          .where(and(ofTenant(bookings, tenantId), inArray(bookings.requestId, ids)))
          .orderBy(asc(bookings.startsAt))
      : [],
    ids.length
      ? db
          .select()
          .from(mailOutbox)
          .where(
            mailsOf(
              tenantId,
              list.map((r) => ({ id: r.id, email: r.requesterEmail })),
            ),
          )
          .orderBy(asc(mailOutbox.createdAt))
      : [],
  ]);
  const accessLog = [];
  for (const id of ids) {
    for (const a of (
      await listAudit(db, tenantId, { entityType: 'booking_request', entityId: id, limit: 500 })
    )
      .slice()
      .reverse()) {
      accessLog.push({
        reference: reference(id),
        at: a.at,
        action: a.action,
        by: a.actorLabel ?? a.actorUserId,
      });
    }
  }
  const houseName = new Map(houseRows.map((h) => [h.id, h.name]));
  const roomName = new Map(roomRows.map((r) => [r.id, r.name]));
  const data = {
    exportedAt: new Date().toISOString(),
    email: email.trim().toLowerCase(),
    controller: 'houses',
    requests: list.map((r) => ({
      reference: reference(r.id),
      id: r.id,
      status: r.status,
      source: r.source,
      house: houseName.get(r.houseId) ?? '',
      room: roomName.get(r.roomId) ?? '',
      name: r.requesterName,
      email: r.requesterEmail,
      phone: r.requesterPhone,
      organisation: r.organisation,
      purpose: r.purpose,
      category: r.category,
      participants: r.participants,
      tariff: r.tariff,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      rrule: r.rrule,
      exceptions: r.exceptions,
      feeCents: r.feeCents,
      paymentStatus: r.paymentStatus,
      paymentNote: r.paymentNote,
      paidAt: r.paidAt?.toISOString() ?? null,
      staffMessage: r.staffMessage,
      declineReason: r.declineReason,
      language: r.lang,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
      legalBasis: r.legalBasis,
      legalBasisText: LEGAL_BASIS_TEXT[r.legalBasis],
      retentionUntil: r.retentionUntil,
      bookings: bookingRows
        .filter((b) => b.requestId === r.id)
        .map((b) => ({
          startsAt: b.startsAt.toISOString(),
          endsAt: b.endsAt.toISOString(),
          status: b.status,
        })),
    })),
    mails: mails.map((m) => ({
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      status: m.status,
      to: m.to,
      subject: m.subject,
      text: m.text,
      attachments: m.attachments.map((a) => a.filename),
    })),
    accessLog: accessLog.map((a) => ({ ...a, at: a.at instanceof Date ? a.at.toISOString() : String(a.at) })),
  };
  for (const id of ids) {
    await writeAudit(db, {
      tenantId,
      actorUserId: who.userId,
      action: 'export',
      entityType: 'booking_request',
      entityId: id,
      personal: true,
      details: {},
      ip: who.ip ?? null,
    });
  }
  return data;
}

export type RequesterExport = Awaited<ReturnType<typeof exportRequester>>;

/**
 * Requests of a requester that still run: waiting for a decision, or confirmed with dates ahead.
 * Erasing them would leave the house unable to reach the group, so they are cancelled first.
 */
export async function activeRequestsOf(db: Db, tenantId: string, email: string, now = new Date()) {
  const list = await requestsOfRequester(db, tenantId, email);
  const open = list.filter((r) => r.status === 'pending' || r.status === 'proposed');
  const approved = list.filter((r) => r.status === 'approved').map((r) => r.id);
  const ahead = approved.length
    ? await db
        .selectDistinct({ requestId: bookings.requestId })
        .from(bookings)
        .where(
          and(
            ofTenant(bookings, tenantId),
            inArray(bookings.requestId, approved),
            eq(bookings.status, 'confirmed'),
            gt(bookings.startsAt, now),
          ),
        )
    : [];
  const aheadIds = new Set(ahead.map((b) => b.requestId));
  return [...open, ...list.filter((r) => aheadIds.has(r.id))];
}

/**
 * Erases one requester on request (GDPR Art. 17): the personal details of all their requests and
 * every mail to their address still in the outbox. Refused while a request still runs.
 */
export async function eraseRequester(
  db: Db,
  tenantId: string,
  email: string,
  who: Who,
): Promise<{ erased: number; mailsDeleted: number }> {
  const address = email.trim();
  if (!address) throw new AppError(422, 'email_required');
  return db.transaction(async (tx) => {
    const active = await activeRequestsOf(tx, tenantId, address);
    if (active.length > 0)
      throw new AppError(409, 'requester_active', 'Some requests of this requester still run.', {
        references: active.map((r) => reference(r.id)),
      });
    const list = await requestsOfRequester(tx, tenantId, address);
    // The house's notices about these requests name the requester too.
    const notices = list.length
      ? await tx
          .delete(mailOutbox)
          .where(
            mailsOf(
              tenantId,
              list.map((r) => ({ id: r.id, email: r.requesterEmail })),
            ),
          )
          .returning({ id: mailOutbox.id })
      : [];
    await anonymise(
      tx,
      tenantId,
      list.map((r) => r.id),
      new Date(),
    );
    const mailsDeleted = notices.length + (await eraseMailsTo(tx, tenantId, address));
    for (const r of list) {
      await writeAudit(tx, {
        tenantId,
        actorUserId: who.userId,
        action: 'erase',
        entityType: 'booking_request',
        entityId: r.id,
        personal: true,
        details: { reason: 'request' },
        ip: who.ip ?? null,
      });
    }
    return { erased: list.length, mailsDeleted };
  });
}

// ── The manifest's privacy hook (tenant-wide data-subject screen, retention job) ───────────────

const requestRecords = async (db: Db, tenantId: string, subject: DataSubject) =>
  requestsOfRequester(db, tenantId, normaliseEmail(subject.email));

/** What the houses hold about the e-mail address: requests with their personal details. */
export async function findPersonInHouses(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyRecord[]> {
  requirePrivacy(actor);
  const list = await requestRecords(services.db, actor.tenantId, subject);
  if (list.length === 0) return [];
  return [
    {
      category: 'houses.requests',
      label: 'houses:dataSubject.requests',
      description: 'houses:dataSubject.requestsDescription',
      count: list.length,
      legalBasis: ['contract'],
      retention: 'houses:dataSubject.requestsRetention',
      retentionUntil: list.reduce<string | null>((a, r) => laterDate(a, r.retentionUntil), null),
    },
  ];
}

/** `exportRequester` (audited per request), each request with its own access log. */
export async function exportPersonFromHouses(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  requirePrivacy(actor);
  const data = await exportRequester(services.db, actor.tenantId, normaliseEmail(subject.email), {
    userId: actor.userId ?? null,
  });
  if (data.requests.length === 0) return [];
  const out: PrivacyExportSection[] = [
    {
      category: 'houses.requests',
      label: 'houses:dataSubject.requests',
      legalBasis: ['contract'],
      retentionUntil: data.requests.reduce<string | null>((a, r) => laterDate(a, r.retentionUntil), null),
      records: data.requests.map((r) => ({
        ...r,
        accessLog: data.accessLog.filter((a) => a.reference === r.reference),
      })),
    },
  ];
  if (data.mails.length)
    out.push({
      category: 'houses.mails',
      label: 'houses:dataSubject.mails',
      legalBasis: ['contract'],
      retentionUntil: null,
      records: data.mails,
    });
  return out;
}

/**
 * `eraseRequester`: the personal details of all the person's requests and the mails about them. A
 * request that still runs (waiting, or confirmed dates ahead) keeps everything, as on the houses'
 * own screen: the answer says which, so staff cancel them first.
 */
export async function erasePersonFromHouses(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyErasure> {
  requirePrivacy(actor);
  const email = normaliseEmail(subject.email);
  const active = await activeRequestsOf(services.db, actor.tenantId, email);
  if (active.length > 0)
    return {
      erased: 0,
      details: { 'houses.requests': 0 },
      kept: 'houses:dataSubject.keptActive',
      keptValues: { references: active.map((r) => reference(r.id)).join(', ') },
    };
  const r = await eraseRequester(services.db, actor.tenantId, email, { userId: actor.userId ?? null });
  return { erased: r.erased, details: { 'houses.requests': r.erased, 'houses.mails': r.mailsDeleted } };
}

/** Expired requests wait on the houses' data protection screen for staff to confirm: nothing is erased here. */
export async function housesRetention(
  services: Services,
  tenantId: string,
  now: Date,
): Promise<{ due: number; erased: number }> {
  const due = await expiredRequests(services.db, tenantId, todayLocal(now), 10_000);
  return { due: due.length, erased: 0 };
}

export const housesPrivacy: PrivacyHook = {
  find: findPersonInHouses,
  export: exportPersonFromHouses,
  erase: erasePersonFromHouses,
  retention: housesRetention,
};
