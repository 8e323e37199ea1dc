import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { randomToken } from '../../../platform/http/security.ts';
import { type Lang, PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import {
  daysBetween,
  isDate,
  isEndTime,
  isTime,
  localParts,
  localToInstant,
  timeToMinutes,
  todayLocal,
  weekdayOf,
} from '../../../platform/time/index.ts';
import { bookingRequests, bookings, rooms, TARIFFS, type Tariff } from '../db/schema.ts';
import { isCategory } from '../domain/categories.ts';
import { type CheckedOccurrence, checkOccurrences, type Problem } from '../domain/conflicts.ts';
import { type FeeQuote, quoteFee, type RoomRates } from '../domain/fees.ts';
import { formatSlot } from '../domain/format.ts';
import { describeDay } from '../domain/opening-hours.ts';
import {
  buildRrule,
  describeRule,
  expandPattern,
  MAX_OCCURRENCES,
  MAX_SERIES_DAYS,
  type Occurrence,
  occurrencesOf,
  REPEATS,
  type Repeat,
  type SlotPattern,
} from '../domain/recurrence.ts';
import { retentionUntilFor } from '../domain/retention.ts';
import {
  type BookingRequest,
  busyIntervals,
  getHouse,
  getRequest,
  getRequestByTokenHash,
  getRoom,
  type House,
  listClosures,
  type Room,
} from '../queries.ts';
import { addressLine, buildConfirmationPdf, buildIcs, reference } from './documents.ts';
import { groupKeyFor } from './privacy.ts';

/** A message for one field: a key in the houses namespace and its values. */
export interface Msg {
  key: string;
  params?: Record<string, unknown>;
}
export type FieldErrors = Record<string, Msg>;

/** What a request form (or API body) sends; all strings as typed, so nothing is lost on re-render. */
export interface RequestInput {
  room: string;
  date: string;
  start: string;
  end: string;
  repeat: string;
  until: string;
  name: string;
  email: string;
  phone: string;
  organisation: string;
  tariff: string;
  purpose: string;
  category: string;
  participants: string;
  rules: boolean;
  skipConflicts: boolean;
  /** Staff only: local dates to leave out of a series, separated by commas, spaces or new lines. */
  exceptions: string;
}

export const emptyInput = (over: Partial<RequestInput> = {}): RequestInput => ({
  room: '',
  date: '',
  start: '',
  end: '',
  repeat: 'none',
  until: '',
  name: '',
  email: '',
  phone: '',
  organisation: '',
  tariff: 'standard',
  purpose: '',
  category: '',
  participants: '',
  rules: false,
  skipConflicts: false,
  exceptions: '',
  ...over,
});

/** Reads a urlencoded form (or JSON object) into a RequestInput. */
export function readInput(body: Record<string, unknown>): RequestInput {
  const s = (k: string) => {
    const v = body[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return String(v[0] ?? '');
    return '';
  };
  const b = (k: string) => body[k] === true || body[k] === 'on' || body[k] === 'true' || body[k] === '1';
  return {
    room: s('room').trim(),
    date: s('date').trim(),
    start: s('start').trim(),
    end: s('end').trim(),
    repeat: s('repeat').trim() || 'none',
    until: s('until').trim(),
    name: s('name').trim(),
    email: s('email').trim(),
    phone: s('phone').trim(),
    organisation: s('organisation').trim(),
    tariff: s('tariff').trim() || 'standard',
    purpose: s('purpose').trim(),
    category: s('category').trim(),
    participants: s('participants').trim(),
    rules: b('rules'),
    skipConflicts: b('skipConflicts'),
    exceptions: s('exceptions').trim(),
  };
}

export const roomRates = (r: Room): RoomRates => ({
  hourCents: r.feeHourCents,
  halfDayCents: r.feeHalfDayCents,
  dayCents: r.feeDayCents,
  nonprofitReductionPct: r.nonprofitReductionPct,
  residentReductionPct: r.residentReductionPct,
});

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The furthest ahead anyone may ask for a room. */
export const MAX_DAYS_AHEAD = 550;

export interface Prepared {
  input: RequestInput;
  fields: FieldErrors;
  room?: Room;
  pattern?: SlotPattern;
  /** Every date of the pattern with its problems (empty = bookable). */
  checked: CheckedOccurrence[];
  /** The dates that would be requested: pattern minus exceptions minus skipped conflicts. */
  bookable: Occurrence[];
  exceptions: string[];
  quote?: FeeQuote;
  totalCents: number;
  ok: boolean;
}

/**
 * Validates a request and checks every date against opening hours, closures and confirmed bookings,
 * without saving anything — the same answer for the "check" button, the send button and the API.
 */
export async function prepareRequest(
  db: Db,
  o: {
    tenantId: string;
    house: House;
    rooms: Room[];
    input: RequestInput;
    mode: 'public' | 'staff' | 'api';
    now?: Date;
  },
): Promise<Prepared> {
  const { input, house } = o;
  const now = o.now ?? new Date();
  const f: FieldErrors = {};
  const req = (k: keyof RequestInput) => {
    if (!String(input[k]).trim()) f[k] = { key: 'validation.required' };
  };

  if (house.kind !== 'own') f.room = { key: 'houses:errors.partnerHouse' };
  const room = o.rooms.find(
    (r) => (r.id === input.room || r.slug === input.room) && r.houseId === house.id && r.active,
  );
  if (!input.room) f.room = { key: 'validation.required' };
  else if (!room) f.room = { key: 'validation.choice' };

  const today = todayLocal(now);
  if (!input.date) f.date = { key: 'validation.required' };
  else if (!isDate(input.date)) f.date = { key: 'houses:errors.date' };
  else if (input.date < today) f.date = { key: 'houses:errors.past' };
  else if (daysBetween(today, input.date) > MAX_DAYS_AHEAD)
    f.date = { key: 'houses:errors.tooFarAhead', params: { days: MAX_DAYS_AHEAD } };
  if (!input.start) f.start = { key: 'validation.required' };
  else if (!isTime(input.start)) f.start = { key: 'houses:errors.time' };
  if (!input.end) f.end = { key: 'validation.required' };
  else if (!isEndTime(input.end)) f.end = { key: 'houses:errors.time' };
  else if (!f.start && timeToMinutes(input.end) <= timeToMinutes(input.start))
    f.end = { key: 'houses:errors.endBeforeStart' };

  const repeat = input.repeat as Repeat;
  if (!(REPEATS as readonly string[]).includes(repeat)) f.repeat = { key: 'validation.choice' };
  else if (repeat !== 'none') {
    if (!input.until) f.until = { key: 'houses:errors.untilRequired' };
    else if (!isDate(input.until)) f.until = { key: 'houses:errors.date' };
    else if (!f.date && input.until < input.date) f.until = { key: 'houses:errors.untilBeforeDate' };
    else if (!f.date && daysBetween(input.date, input.until) > MAX_SERIES_DAYS)
      f.until = { key: 'houses:errors.seriesTooLong' };
  }

  let exceptions: string[] = [];
  if (o.mode === 'staff' && input.exceptions) {
    const parts = input.exceptions.split(/[\s,;]+/).filter(Boolean);
    const bad = parts.filter((p) => !isDate(p));
    if (bad.length) f.exceptions = { key: 'houses:errors.exceptions', params: { values: bad.join(', ') } };
    exceptions = parts.filter(isDate);
  }

  req('name');
  if (input.name.length > 200) f.name = { key: 'validation.tooLong', params: { max: 200 } };
  if (!input.email) f.email = { key: 'validation.required' };
  else if (input.email.length > 254 || !EMAIL_RE.test(input.email)) f.email = { key: 'validation.email' };
  if (input.phone.length > 50) f.phone = { key: 'validation.tooLong', params: { max: 50 } };
  if (input.organisation.length > 200) f.organisation = { key: 'validation.tooLong', params: { max: 200 } };
  req('purpose');
  if (input.purpose.length > 2000) f.purpose = { key: 'validation.tooLong', params: { max: 2000 } };
  if (!(TARIFFS as readonly string[]).includes(input.tariff)) f.tariff = { key: 'validation.choice' };
  if (!input.category) f.category = { key: 'validation.required' };
  else if (!isCategory(input.category)) f.category = { key: 'validation.choice' };
  else if (room && room.allowedCategories.length > 0 && !room.allowedCategories.includes(input.category)) {
    f.category = { key: 'houses:errors.categoryNotAllowed', params: { room: room.name } };
  }
  if (!input.participants) f.participants = { key: 'validation.required' };
  else if (!/^\d{1,5}$/.test(input.participants) || Number(input.participants) < 1)
    f.participants = { key: 'houses:errors.participants' };
  else if (room && room.capacity > 0 && Number(input.participants) > room.capacity) {
    f.participants = { key: 'houses:errors.overCapacity', params: { capacity: room.capacity } };
  }
  if (o.mode === 'public' && !input.rules) f.rules = { key: 'houses:errors.rules' };

  const result: Prepared = {
    input,
    fields: f,
    room,
    checked: [],
    bookable: [],
    exceptions,
    totalCents: 0,
    ok: false,
  };
  const timeOk = room && !f.room && !f.date && !f.start && !f.end && !f.repeat && !f.until;
  if (!timeOk || !room) return result;

  const pattern: SlotPattern = {
    date: input.date,
    start: input.start,
    end: input.end,
    repeat,
    until: repeat === 'none' ? null : input.until,
    exceptions,
  };
  result.pattern = pattern;
  const all = expandPattern(pattern);
  if (all.length > MAX_OCCURRENCES) {
    f.until = { key: 'houses:errors.tooManyDates', params: { max: MAX_OCCURRENCES } };
    return result;
  }
  if (all.length === 0) {
    f.date = { key: 'houses:errors.noDatesLeft' };
    return result;
  }
  const from = all[0].startsAt;
  const to = new Date(all[all.length - 1].endsAt.getTime() + room.bufferMinutes * 60_000);
  const [busy, cls] = await Promise.all([
    busyIntervals(db, o.tenantId, room.id, from, to),
    listClosures(db, o.tenantId, [house.id], { roomId: room.id, from, to }),
  ]);
  result.checked = checkOccurrences(all, {
    openingHours: house.openingHours,
    closures: cls.map((c) => ({
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      reason: c.reason,
      kind: c.kind,
      roomId: c.roomId,
    })),
    busy,
    bufferMinutes: room.bufferMinutes,
    now,
  });
  const bad = result.checked.filter((c) => c.problems.length > 0);
  const hours = describeDay(house.openingHours, weekdayOf(input.date));
  if (repeat === 'none') {
    const p = bad[0]?.problems ?? [];
    for (const problem of p) setProblem(f, problem, hours);
  } else if (
    bad.length === result.checked.length &&
    bad.every((b) => b.problems.some((p) => p.code === 'outside_opening_hours'))
  ) {
    // Same weekday and time every week: outside the hours means never possible.
    setProblem(f, { code: 'outside_opening_hours' }, hours);
  } else if (bad.length > 0 && !input.skipConflicts) {
    f.date = {
      key: 'houses:errors.seriesConflicts',
      params: { count: bad.length, total: result.checked.length },
    };
  }
  result.exceptions = [
    ...new Set([...exceptions, ...(input.skipConflicts ? bad.map((b) => b.date) : [])]),
  ].sort();
  result.bookable = result.checked.filter((c) => !result.exceptions.includes(c.date));
  if (result.bookable.length === 0 && !f.date && !f.start) f.date = { key: 'houses:errors.noDatesLeft' };

  const minutes = timeToMinutes(input.end) - timeToMinutes(input.start);
  if ((TARIFFS as readonly string[]).includes(input.tariff)) {
    result.quote = quoteFee(roomRates(room), input.tariff as Tariff, minutes);
    result.totalCents = result.quote.cents * result.bookable.length;
  }
  result.ok = Object.keys(f).length === 0;
  return result;
}

function setProblem(f: FieldErrors, p: Problem, hours: string) {
  if (p.code === 'past') f.date = { key: 'houses:errors.past' };
  else if (p.code === 'outside_opening_hours')
    f.start = {
      key: hours ? 'houses:errors.outsideHours' : 'houses:errors.closedThatDay',
      params: { hours },
    };
  else if (p.code === 'closed') f.date = { key: 'houses:errors.closed', params: { reason: p.reason } };
  else if (p.code === 'booked') f.start = { key: 'houses:errors.booked' };
}

// ── Links, mails ────────────────────────────────────────────────────────────────────────────

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const mailLang = (lang: string): Lang =>
  (PUBLIC_LANGS as readonly string[]).includes(lang) ? (lang as Lang) : 'de';

/**
 * Issues a fresh private link for the requester and stores only its hash. Every mail that needs the
 * link carries a new one and the older links stop working — the newest mail is always the valid one.
 * `keep`: the requester has just used this token (accepting a proposal), so it stays valid.
 */
async function issueLink(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  keep?: string,
): Promise<string> {
  if (keep) return `${services.config.baseUrl}/${tenant.slug}/houses/requests/${keep}`;
  const token = randomToken(24);
  await tx
    .update(bookingRequests)
    .set({ cancelTokenHash: hashToken(token), updatedAt: new Date() })
    .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, requestId)));
  return `${services.config.baseUrl}/${tenant.slug}/houses/requests/${token}`;
}

type MailKind = 'received' | 'approved' | 'proposed' | 'declined' | 'cancelled';

async function queueRequestMail(
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

function auditEntry(
  tenantId: string,
  actor: string | null,
  action: string,
  requestId: string,
  details: Record<string, unknown> = {},
) {
  return {
    tenantId,
    actorUserId: actor,
    action,
    entityType: 'booking_request',
    entityId: requestId,
    personal: true,
    details,
  };
}

/** Sends queued mail right away (the job also sweeps every minute). */
async function kickMail(services: Services) {
  await services.jobs.send('mail.deliver', {}).catch(() => null);
}

// ── Submit ──────────────────────────────────────────────────────────────────────────────────

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

// ── Decisions ───────────────────────────────────────────────────────────────────────────────

/** True when PostgreSQL refused a row because of an exclusion constraint (SQLSTATE 23P01). */
export function isExclusionViolation(err: unknown): boolean {
  let e = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (e.code === '23P01') return true;
    e = e.cause as typeof e;
  }
  return false;
}

const asSlotTaken = (err: unknown) =>
  isExclusionViolation(err)
    ? new AppError(409, 'slot_taken', 'This time has just been booked by someone else.')
    : err;

/**
 * Share lock on the room for the rest of the transaction: deleting (archiving) a room takes an update
 * lock, so a request or approval and a deletion never overlap. A deleted room takes nothing new.
 */
async function lockRoom(tx: Db, tenantId: string, roomId: string): Promise<void> {
  const [r] = await tx
    .select({ archivedAt: rooms.archivedAt })
    .from(rooms)
    .where(and(ofTenant(rooms, tenantId), eq(rooms.id, roomId)))
    .for('share');
  if (!r || r.archivedAt) throw new AppError(409, 'room_archived', 'This room has been removed.');
}

async function lockRequest(tx: Db, tenantId: string, id: string): Promise<BookingRequest> {
  const [r] = await tx
    .select()
    .from(bookingRequests)
    .where(and(ofTenant(bookingRequests, tenantId), eq(bookingRequests.id, id)))
    .for('update');
  if (!r) throw new AppError(404, 'request_not_found');
  return r;
}

/**
 * Turns a request into confirmed bookings. A friendly check first names the dates that do not work;
 * the exclusion constraint then decides races: of two approvals for the same time, one commits and
 * the other fails with 23P01, which becomes "slot_taken".
 */
async function confirmInTx(
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
  const from = all[0].startsAt;
  const to = new Date(all[all.length - 1].endsAt.getTime() + room.bufferMinutes * 60_000);
  const [busy, cls] = await Promise.all([
    busyIntervals(tx, tenant.id, room.id, from, to),
    listClosures(tx, tenant.id, [house.id], { roomId: room.id, from, to }),
  ]);
  const checked = checkOccurrences(all, {
    openingHours: house.openingHours,
    closures: cls.map((c) => ({
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      reason: c.reason,
      kind: c.kind,
      roomId: c.roomId,
    })),
    busy,
    bufferMinutes: room.bufferMinutes,
    now,
  });
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

async function loadParts(db: Db, tenantId: string, req: BookingRequest) {
  const [house, room] = await Promise.all([
    getHouse(db, tenantId, req.houseId),
    getRoom(db, tenantId, req.roomId),
  ]);
  if (!house || !room) throw new AppError(404, 'room_not_found');
  return { house, room };
}

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

/** Staff decline with a reason the requester reads in the mail. */
export async function declineRequest(
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  actor: string | null,
  reason: string,
) {
  if (!reason.trim()) throw new AppError(422, 'reason_required');
  await services.db.transaction(async (tx) => {
    const req = await lockRequest(tx, tenant.id, requestId);
    if (req.status !== 'pending' && req.status !== 'proposed')
      throw new AppError(409, 'not_pending', `The request is ${req.status}.`);
    const { house, room } = await loadParts(tx, tenant.id, req);
    const now = new Date();
    const [updated] = await tx
      .update(bookingRequests)
      .set({
        status: 'declined',
        declineReason: reason.trim().slice(0, 2000),
        decidedBy: actor,
        decidedAt: now,
        updatedAt: now,
      })
      .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)))
      .returning();
    await writeAudit(tx, auditEntry(tenant.id, actor, 'decline', req.id));
    await queueRequestMail(tx, services, { tenant, kind: 'declined', request: updated, house, room });
  });
  await kickMail(services);
}

/** Staff propose another time (same room, same repeat and end of a series); the requester accepts by link. */
export async function proposeTime(
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  actor: string | null,
  p: { date: string; start: string; end: string; message: string },
): Promise<FieldErrors | null> {
  const f: FieldErrors = {};
  if (!isDate(p.date)) f.proposeDate = { key: p.date ? 'houses:errors.date' : 'validation.required' };
  if (!isTime(p.start)) f.proposeStart = { key: p.start ? 'houses:errors.time' : 'validation.required' };
  if (!isEndTime(p.end)) f.proposeEnd = { key: p.end ? 'houses:errors.time' : 'validation.required' };
  else if (!f.proposeStart && timeToMinutes(p.end) <= timeToMinutes(p.start))
    f.proposeEnd = { key: 'houses:errors.endBeforeStart' };
  if (Object.keys(f).length) return f;
  const db = services.db;
  const req = await getRequest(db, tenant.id, requestId);
  if (!req) throw new AppError(404, 'request_not_found');
  const { house, room } = await loadParts(db, tenant.id, req);
  const rule = describeRule(req.rrule);
  const pattern: SlotPattern = {
    date: p.date,
    start: p.start,
    end: p.end,
    repeat: rule.repeat,
    until: rule.repeat === 'none' ? null : rule.until && rule.until >= p.date ? rule.until : p.date,
    exceptions: req.exceptions,
  };
  const occ = expandPattern(pattern);
  if (occ.length === 0) return { proposeDate: { key: 'houses:errors.noDatesLeft' } };
  const from = occ[0].startsAt;
  const to = new Date(occ[occ.length - 1].endsAt.getTime() + room.bufferMinutes * 60_000);
  const [busy, cls] = await Promise.all([
    busyIntervals(db, tenant.id, room.id, from, to),
    listClosures(db, tenant.id, [house.id], { roomId: room.id, from, to }),
  ]);
  const checked = checkOccurrences(occ, {
    openingHours: house.openingHours,
    closures: cls.map((c) => ({
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      reason: c.reason,
      kind: c.kind,
      roomId: c.roomId,
    })),
    busy,
    bufferMinutes: room.bufferMinutes,
  });
  const firstBad = checked.find((c) => c.problems.length > 0);
  if (firstBad && pattern.repeat === 'none') {
    const ff: FieldErrors = {};
    setProblem(ff, firstBad.problems[0], describeDay(house.openingHours, weekdayOf(p.date)));
    return Object.fromEntries(
      Object.entries(ff).map(([k, v]) => [k === 'date' ? 'proposeDate' : 'proposeStart', v]),
    );
  }
  await db.transaction(async (tx) => {
    const locked = await lockRequest(tx, tenant.id, requestId);
    if (locked.status !== 'pending' && locked.status !== 'proposed')
      throw new AppError(409, 'not_pending', `The request is ${locked.status}.`);
    const now = new Date();
    const [updated] = await tx
      .update(bookingRequests)
      .set({
        status: 'proposed',
        proposedStartsAt: occ[0].startsAt,
        proposedEndsAt: occ[0].endsAt,
        staffMessage: p.message.trim().slice(0, 2000),
        decidedBy: actor,
        decidedAt: now,
        updatedAt: now,
      })
      .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, req.id)))
      .returning();
    await writeAudit(tx, auditEntry(tenant.id, actor, 'propose', req.id));
    const link = await issueLink(tx, services, tenant, req.id);
    await queueRequestMail(tx, services, {
      tenant,
      kind: 'proposed',
      request: updated,
      house,
      room,
      link,
      dates: occ,
    });
  });
  await kickMail(services);
  return null;
}

/** Finds a request by its private link. */
export async function requestByToken(
  db: Db,
  tenantId: string,
  token: string,
): Promise<BookingRequest | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  return getRequestByTokenHash(db, tenantId, hashToken(token));
}

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

/** The dates of a request as they stand now (for the staff decision screen). */
export async function inspectRequest(
  db: Db,
  tenantId: string,
  req: BookingRequest,
  house: House,
  room: Room,
  now = new Date(),
) {
  const all = occurrencesOf(req);
  if (all.length === 0) return [];
  const from = all[0].startsAt;
  const to = new Date(all[all.length - 1].endsAt.getTime() + room.bufferMinutes * 60_000);
  const [busy, cls] = await Promise.all([
    busyIntervals(db, tenantId, room.id, from, to),
    listClosures(db, tenantId, [house.id], { roomId: room.id, from, to }),
  ]);
  return checkOccurrences(all, {
    openingHours: house.openingHours,
    closures: cls.map((c) => ({
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      reason: c.reason,
      kind: c.kind,
      roomId: c.roomId,
    })),
    // The request's own confirmed dates are not a conflict with itself.
    busy: busy.filter((b) => b.requestId !== req.id),
    bufferMinutes: room.bufferMinutes,
    now,
  });
}
