import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../../platform/authz.ts';
import { normaliseRrule } from '../../../platform/calendar/recurrence.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant, TtlMemo } from '../../../platform/db/index.ts';
import {
  checkImage,
  deleteFile,
  keptImage,
  MAX_IMAGE_BYTES,
  pendingImageValue,
  saveFile,
} from '../../../platform/files/index.ts';
import { fromForm, parseFields, slugify } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { rangeMessage } from '../../../platform/http/form-reader.ts';
import { dateWindow, PLANNING } from '../../../platform/http/limits.ts';
import { withParams } from '../../../platform/i18n/index.ts';
import { richText } from '../../../platform/richtext/index.ts';
import { addDays, instantToLocal, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import { type Actor, getActor, listVenues, type Venue } from '../../network/index.ts';
import {
  type Cost,
  type EventKind,
  type EventSource,
  type EventStatus,
  eventCategories,
  events,
  occurrencePlaces,
  type RegistrationMode,
  registrations,
} from '../db/schema.ts';
import { hasEnd, repeatToRrule, rruleToRepeat } from '../domain/recurrence.ts';
import type { Repeat } from '../domain/vocab.ts';
import { FormReader, type RawForm } from '../forms.ts';
import { EVENT_FORM, EVENT_LIMITS, eventFields } from '../schemas.ts';
import { hasWaitlist } from './inbox.ts';
import { eventsChanged } from './listing.ts';

export type Event = typeof events.$inferSelect;
export type Category = typeof eventCategories.$inferSelect;

/** Everything a person can set on an event (staff form, public form, import, API). */
export interface EventInput {
  kind: EventKind;
  title: string;
  descriptionHtml: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  rrule: string | null;
  repeatUntil: string | null;
  exdates: string[];
  areaId: string | null;
  venueId: string | null;
  locationName: string;
  locationAddress: string;
  onlineUrl: string | null;
  organiserActorId: string | null;
  organiserName: string;
  contactEmail: string;
  categoryIds: string[];
  targetGroups: string[];
  languages: string[];
  stepFree: boolean | null;
  accessibleToilet: boolean | null;
  hearingLoop: boolean | null;
  signLanguage: boolean;
  accessibilityNotes: string;
  cost: Cost;
  costNote: string;
  imageAlt: string;
  registrationRequired: boolean;
  capacity: number | null;
  waitlistEnabled: boolean;
  /**
   * Registration for a series: `per_date` (one date, capacity per date) or `series` (the whole
   * series). One-off events are always `series`. Left out: a new series gets `per_date`, a change
   * keeps the event's mode.
   */
  registrationMode?: RegistrationMode;
}

export interface UploadedImage {
  id: string;
  type: string;
}

export interface EventFormResult {
  input: EventInput;
  form: FormReader;
  /** A new image (already stored, so it survives a re-render after another field's error). */
  image: UploadedImage | null;
  removeImage: boolean;
}

export const MAX_DESCRIPTION = EVENT_LIMITS.description;
/** A series may run at most this long (the public month view and feeds expand it). */
export const MAX_SERIES_DAYS = 3 * 366;

/** Fields only staff set: a public submission leaves them out. */
const STAFF_ONLY = [
  'kind',
  'exdates',
  'organiserActorId',
  'registrationRequired',
  'capacity',
  'waitlistEnabled',
  'registrationMode',
] as const;

/**
 * Reads the event form (staff or public). Times are local (Europe/Berlin). An uploaded image is
 * checked by its bytes (JPEG/PNG/WebP, ≤ 5 MB) and stored at once; its key travels in a hidden field
 * so a page re-rendered for another error keeps it.
 */
export async function readEventForm(
  body: RawForm,
  o: {
    mode: 'staff' | 'public';
    storageDir: string;
    /** Asked whether an image kept from an earlier attempt already belongs to an event. */
    db: Db;
    tenantId: string;
    categoryIds: string[];
    existing?: Event;
    now?: Date;
  },
): Promise<EventFormResult> {
  const staff = o.mode === 'staff';
  // Each field by the one event schema (schemas.ts): a bad field is named, every other stays typed.
  const shape = eventFields({ staff, now: () => o.now ?? new Date() });
  const posted = fromForm(body, EVENT_FORM);
  const { data: d, errors } = parseFields(shape, posted.input);
  const f = new FormReader(body);
  Object.assign(f.values, posted.values);
  // A public submission cannot set what only staff set: those fields are not read at all.
  if (!staff) for (const name of STAFF_ONLY) delete errors[name];
  const allDay = d.allDay ?? false;
  // An all-day event has no times: what was typed there is kept, not checked.
  if (allDay) for (const name of ['startTime', 'endTime']) delete errors[name];
  for (const [name, key] of Object.entries(errors)) f.fail(name, key);

  const kind = staff ? (d.kind ?? 'event') : 'event';
  const title = d.title ?? '';
  const description = d.description ?? '';
  // A date five years back or ahead at most (the schema's window): a typo such as 31.12.9999 is not
  // an event. A public submission lies between today and five years ahead (an earlier date has its
  // own message below).
  const window = dateWindow(PLANNING, o.now);
  let date = d.date ?? null;
  if (!staff && date && date > window.max) {
    f.fail('date', rangeMessage('validation.dateRange', todayLocal(o.now), window.max, 'events:fields.date'));
    date = null;
  }
  const startTime = allDay ? null : d.startTime || null;
  if (!allDay && !startTime && !f.errors.startTime) f.fail('startTime', 'validation.required');
  const endDateRaw = d.endDate || null;
  // The end time is optional: many neighbourhood events have none (domain/recurrence.ts: hasEnd).
  const endTime = allDay ? null : d.endTime || null;
  let startsAt = new Date(0);
  let endsAt = new Date(0);
  const haveTimes = !!date && (allDay || !!startTime);
  if (haveTimes && date) {
    const endDate = endDateRaw ?? date;
    if (allDay) {
      startsAt = localToInstant(date, '00:00');
      endsAt = localToInstant(addDays(endDate, 1), '00:00');
    } else {
      startsAt = localToInstant(date, startTime!);
      // Without an end time the event ends when it starts (an open end); a later last day needs one.
      endsAt = endTime ? localToInstant(endDate, endTime) : startsAt;
      if (!endTime && endDateRaw && !f.errors.endTime) f.fail('endTime', 'validation.required');
    }
    const endGiven = allDay || !!endTime;
    if (endGiven && endsAt.getTime() <= startsAt.getTime())
      f.fail(endDateRaw ? 'endDate' : 'endTime', 'events:errors.endBeforeStart');
    else if (endsAt.getTime() - startsAt.getTime() > 31 * 86_400_000)
      f.fail('endDate', 'events:errors.tooLongEvent');
    const today = todayLocal(o.now);
    if (!staff && date < today) f.fail('date', 'events:errors.past');
  }

  // Recurrence: the simple patterns, or a rule kept from an import ('custom').
  let repeat = d.repeat ?? 'none';
  if (repeat === 'custom' && !o.existing?.rrule) repeat = 'none';
  const until = d.until || null;
  let rrule: string | null = null;
  if (repeat === 'custom') rrule = o.existing?.rrule ?? null;
  else if (repeat !== 'none' && haveTimes) rrule = repeatToRrule(repeat as Repeat, startsAt);
  if (repeat !== 'none' && !f.errors.until) {
    if (!until) f.fail('until', 'events:errors.untilRequired');
    else if (date && until < date) f.fail('until', 'events:errors.untilBeforeStart');
    else if (date && until > addDays(date, MAX_SERIES_DAYS)) f.fail('until', 'events:errors.untilTooFar');
  }
  const exdates = staff ? (d.exdates ?? []) : [];

  const areaId = d.areaId || null;
  const venueId = d.venueId || null;
  const locationName = d.locationName ?? '';
  const locationAddress = d.locationAddress ?? '';
  const onlineUrl = d.onlineUrl || null;
  if (!venueId && !locationName && !onlineUrl && !f.errors.venueId && !f.errors.onlineUrl)
    f.fail('locationName', 'events:errors.location');
  const organiserActorId = staff ? d.organiserActorId || null : null;
  const organiserName = d.organiserName ?? '';
  if (!staff && !organiserName) f.fail('organiserName', 'validation.required');
  const contactEmail = d.contactEmail ?? '';
  const categoryIds = (d.categoryIds ?? []).filter((id) => o.categoryIds.includes(id));
  const targetGroups = d.targetGroups ?? [];
  const languages = d.languages ?? [];
  const stepFree = d.stepFree ?? null;
  const accessibleToilet = d.accessibleToilet ?? null;
  const hearingLoop = d.hearingLoop ?? null;
  const signLanguage = d.signLanguage ?? false;
  const accessibilityNotes = d.accessibilityNotes ?? '';
  const cost = d.cost ?? 'free';
  const costNote = d.costNote ?? '';
  if (cost === 'paid' && !costNote && !f.errors.costNote) f.fail('costNote', 'events:errors.costNote');
  const imageAlt = d.imageAlt ?? '';

  let registrationRequired = false;
  let capacity: number | null = null;
  let waitlistEnabled = true;
  let registrationMode: RegistrationMode | undefined = o.existing?.registrationMode;
  if (staff) {
    registrationRequired = d.registrationRequired ?? false;
    capacity = d.capacity ?? null;
    if (registrationRequired && capacity === null && !f.errors.capacity)
      f.fail('capacity', 'validation.required');
    waitlistEnabled = d.waitlistEnabled ?? false;
    registrationMode = d.registrationMode ?? (o.existing?.rrule ? o.existing.registrationMode : 'per_date');
    if (o.existing && capacity !== null && capacity < o.existing.confirmedPlaces)
      f.fail('capacity', 'events:errors.capacityBelowConfirmed');
  } else if (o.existing) {
    registrationRequired = o.existing.registrationRequired;
    capacity = o.existing.capacity;
    waitlistEnabled = o.existing.waitlistEnabled;
  }

  // Image: a new upload, one kept from a previous attempt, or removal.
  let image: UploadedImage | null = null;
  const upload = f.file('image');
  if (upload) {
    const check = await checkImage(upload);
    if (!check.ok)
      f.fail(
        'image',
        check.reason === 'too_large'
          ? withParams('validation.imageTooLarge', { mb: MAX_IMAGE_BYTES / 1024 / 1024 })
          : check.reason === 'too_many_pixels'
            ? 'validation.imagePixels'
            : 'validation.imageType',
      );
    else {
      image = { id: newId(), type: check.type };
      await saveFile(o.storageDir, o.tenantId, image.id, check.bytes);
    }
  } else {
    image = await keptImage(o.storageDir, o.tenantId, f.raw('pendingImage'), async (id) => {
      const [owner] = await o.db
        .select({ id: events.id })
        .from(events)
        .where(and(ofTenant(events, o.tenantId), eq(events.imageId, id)))
        .limit(1);
      return !!owner;
    });
  }
  if (image) f.values.pendingImage = pendingImageValue(image);
  const removeImage = f.bool('removeImage');
  const hasImage = !!image || (!!o.existing?.imageId && !removeImage);
  if (hasImage && !imageAlt) f.fail('imageAlt', 'validation.imageAlt');

  const input: EventInput = {
    kind,
    title,
    descriptionHtml: richText(description),
    startsAt,
    endsAt,
    allDay,
    rrule: repeat === 'none' ? null : rrule,
    repeatUntil: repeat === 'none' ? null : until,
    exdates: repeat === 'none' ? [] : exdates,
    areaId,
    venueId,
    locationName,
    locationAddress,
    onlineUrl,
    organiserActorId,
    organiserName,
    contactEmail,
    categoryIds,
    targetGroups,
    languages,
    stepFree,
    accessibleToilet,
    hearingLoop,
    signLanguage,
    accessibilityNotes,
    cost,
    costNote,
    imageAlt,
    registrationRequired,
    capacity: registrationRequired ? capacity : null,
    waitlistEnabled,
    registrationMode: repeat === 'none' ? 'series' : registrationMode,
  };
  return { input, form: f, image, removeImage };
}

/** The form's values for an existing event (local times). */
export function formValuesOf(e: Event, description?: string): Record<string, string | string[]> {
  const s = instantToLocal(e.startsAt);
  const endInstant = e.allDay ? new Date(e.endsAt.getTime() - 1) : e.endsAt;
  const en = instantToLocal(endInstant);
  const open = !hasEnd(e.allDay, e.startsAt, e.endsAt);
  const tri = (v: boolean | null) => (v === true ? 'yes' : v === false ? 'no' : 'unknown');
  return {
    kind: e.kind,
    title: e.title,
    description: description ?? e.descriptionHtml,
    allDay: e.allDay ? 'on' : '',
    date: s.date,
    startTime: e.allDay ? '' : s.time,
    endDate: open || en.date === s.date ? '' : en.date,
    endTime: e.allDay || open ? '' : en.time,
    repeat: rruleToRepeat(e.rrule),
    until: e.repeatUntil ?? '',
    exdates: e.exdates.join(' '),
    areaId: e.areaId ?? '',
    venueId: e.venueId ?? '',
    locationName: e.venueId ? '' : e.locationName,
    locationAddress: e.venueId ? '' : e.locationAddress,
    onlineUrl: e.onlineUrl ?? '',
    organiserActorId: e.organiserActorId ?? '',
    organiserName: e.organiserActorId ? '' : e.organiserName,
    contactEmail: e.contactEmail,
    categoryIds: e.categoryIds,
    targetGroups: e.targetGroups,
    languages: e.languages,
    stepFree: tri(e.stepFree),
    accessibleToilet: tri(e.accessibleToilet),
    hearingLoop: tri(e.hearingLoop),
    signLanguage: e.signLanguage ? 'on' : '',
    accessibilityNotes: e.accessibilityNotes,
    cost: e.cost,
    costNote: e.costNote,
    imageAlt: e.imageAlt,
    registrationRequired: e.registrationRequired ? 'on' : '',
    capacity: e.capacity === null ? '' : String(e.capacity),
    waitlistEnabled: e.waitlistEnabled ? 'on' : '',
    // One-off events are always registered as a whole; should one become a series, per date is the default.
    registrationMode: e.rrule ? e.registrationMode : 'per_date',
  };
}

// ── Persistence ─────────────────────────────────────────────────────────────────────────────

export const venueAddressOf = (v: Pick<Venue, 'street' | 'houseNumber' | 'postcode' | 'city'>): string =>
  [[v.street, v.houseNumber].filter(Boolean).join(' '), [v.postcode, v.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');

/** The area and its ancestors (for scope and area filters); [] without an area. */
export async function areaIdsOf(db: Db, tenantId: string, areaId: string | null): Promise<string[]> {
  if (!areaId) return [];
  const path = await areaPath(db, tenantId, areaId);
  if (path.length === 0) throw new AppError(422, 'area_not_found');
  return path.map((a) => a.id);
}

/**
 * Columns from an input. Venue and organiser names are copied from the network module, so public
 * pages and feeds need no lookup there (a re-save refreshes them).
 */
async function columnsOf(db: Db, tenantId: string, i: EventInput, existing?: Event) {
  let locationName = i.locationName;
  let locationAddress = i.locationAddress;
  let venueId = i.venueId;
  if (venueId) {
    const venue = (await listVenues(db, tenantId, { scope: null, limit: 2000 })).find(
      (v) => v.id === venueId,
    );
    if (!venue) venueId = null;
    else {
      locationName = venue.name;
      locationAddress = venueAddressOf(venue);
    }
  }
  let organiserName = i.organiserName;
  let organiserActorId = i.organiserActorId;
  if (organiserActorId) {
    const actor: Actor | undefined = await getActor(db, tenantId, organiserActorId);
    if (actor?.kind !== 'organisation') organiserActorId = null;
    else organiserName = actor.name;
  }
  return {
    kind: i.kind,
    title: i.title.trim(),
    descriptionHtml: i.descriptionHtml,
    startsAt: i.startsAt,
    endsAt: i.endsAt,
    allDay: i.allDay,
    rrule: i.rrule ? normaliseRrule(i.rrule) : null,
    repeatUntil: i.rrule ? i.repeatUntil : null,
    exdates: i.rrule ? [...new Set(i.exdates)].sort() : [],
    areaId: i.areaId,
    areaIds: await areaIdsOf(db, tenantId, i.areaId),
    venueId,
    locationName,
    locationAddress,
    onlineUrl: i.onlineUrl,
    organiserActorId,
    organiserName,
    contactEmail: i.contactEmail,
    categoryIds: i.categoryIds,
    targetGroups: i.targetGroups,
    languages: i.languages,
    stepFree: i.stepFree,
    accessibleToilet: i.accessibleToilet,
    hearingLoop: i.hearingLoop,
    signLanguage: i.signLanguage,
    accessibilityNotes: i.accessibilityNotes,
    cost: i.cost,
    costNote: i.costNote,
    imageAlt: i.imageAlt,
    registrationRequired: i.registrationRequired,
    capacity: i.registrationRequired ? i.capacity : null,
    waitlistEnabled: i.waitlistEnabled,
    registrationMode: (i.rrule
      ? (i.registrationMode ?? existing?.registrationMode ?? 'per_date')
      : 'series') as RegistrationMode,
  };
}

export interface CreateOptions {
  status: EventStatus;
  source: EventSource;
  createdBy?: string | null;
  image?: UploadedImage | null;
  submitter?: { name: string; email: string; lang: string; tokenHash: string };
  importSourceId?: string | null;
  importUid?: string | null;
  importHash?: string | null;
  id?: string;
}

export async function createEvent(db: Db, tenantId: string, i: EventInput, o: CreateOptions): Promise<Event> {
  const cols = await columnsOf(db, tenantId, i);
  const now = new Date();
  const [row] = await db
    .insert(events)
    .values({
      tenantId,
      id: o.id ?? newId(),
      ...cols,
      status: o.status,
      source: o.source,
      createdBy: o.createdBy ?? null,
      imageId: o.image?.id ?? null,
      imageType: o.image?.type ?? null,
      submitterName: o.submitter?.name ?? '',
      submitterEmail: o.submitter?.email ?? '',
      submitterLang: o.submitter?.lang ?? 'de',
      editTokenHash: o.submitter?.tokenHash ?? null,
      importSourceId: o.importSourceId ?? null,
      importUid: o.importUid ?? null,
      importHash: o.importHash ?? null,
      publishedAt: o.status === 'published' ? now : null,
    })
    .returning();
  eventsChanged(tenantId);
  return row;
}

/**
 * Saves changes. SEQUENCE grows so subscribed calendars take the new version; a new or removed
 * image replaces the stored file.
 */
export async function updateEvent(
  db: Db,
  tenantId: string,
  id: string,
  i: EventInput,
  o: {
    image?: UploadedImage | null;
    removeImage?: boolean;
    storageDir?: string;
    importHash?: string | null;
    /**
     * Optimistic locking (API `If-Match`): the row is locked and the change refused with 409
     * `version_mismatch` unless it is still at this `eventVersion`. Call inside a transaction.
     */
    expectedVersion?: string;
  } = {},
): Promise<Event> {
  const before =
    o.expectedVersion === undefined
      ? await getEvent(db, tenantId, id)
      : (
          await db
            .select()
            .from(events)
            .where(and(ofTenant(events, tenantId), eq(events.id, id)))
            .for('update')
        )[0];
  if (!before) throw new AppError(404, 'event_not_found');
  if (o.expectedVersion !== undefined && eventVersion(before) !== o.expectedVersion)
    throw new AppError(409, 'version_mismatch');
  const cols = await columnsOf(db, tenantId, i, before);
  const image =
    o.image !== undefined && o.image !== null
      ? { imageId: o.image.id, imageType: o.image.type }
      : o.removeImage
        ? { imageId: null, imageType: null }
        : {};
  const row = await db.transaction(async (tx) => {
    let saved: Event;
    try {
      [saved] = await tx
        .update(events)
        .set({
          ...cols,
          ...image,
          ...(o.importHash !== undefined ? { importHash: o.importHash } : {}),
          sequence: sql`${events.sequence} + 1`,
          updatedAt: new Date(),
        })
        .where(and(ofTenant(events, tenantId), eq(events.id, id)))
        .returning();
    } catch (err) {
      if (checkViolated(err, 'events_events_capacity'))
        throw new ValidationError({ capacity: 'events:errors.capacityBelowConfirmed' });
      throw err;
    }
    await checkRegistrationChange(tx, tenantId, before, saved);
    return saved;
  });
  if (o.storageDir && before.imageId && 'imageId' in image && image.imageId !== before.imageId)
    await deleteFile(o.storageDir, tenantId, before.imageId);
  eventsChanged(tenantId);
  return row;
}

const checkViolated = (err: unknown, constraint: string): boolean => {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: unknown };
  const c = (e?.cause ?? {}) as { code?: string; constraint?: string; message?: string };
  const code = e?.code ?? c.code;
  return (
    code === '23514' &&
    (e?.constraint ?? c.constraint ?? `${e?.message ?? ''} ${c.message ?? ''}`).includes(constraint)
  );
};

/**
 * The registration settings of a saved event must fit what is registered (runs after the event row
 * was updated, so it is locked and no registration can slip in meanwhile): the mode changes only
 * while nobody is registered the old way, and the capacity of a series registered per date is
 * copied to each date still to come — refused (per-field error, never a 500) where more places are
 * already confirmed on a date.
 */
async function checkRegistrationChange(db: Db, tenantId: string, before: Event, saved: Event) {
  if (saved.registrationMode !== before.registrationMode) {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(registrations)
      .where(
        and(
          ofTenant(registrations, tenantId),
          eq(registrations.eventId, saved.id),
          sql`${registrations.status} <> 'cancelled'`,
          before.registrationMode === 'per_date'
            ? isNotNull(registrations.occurrenceDate)
            : isNull(registrations.occurrenceDate),
        ),
      );
    if (Number(r?.n ?? 0) > 0)
      throw new ValidationError({ registrationMode: 'events:errors.registrationModeLocked' });
  }
  if (saved.capacity !== null && saved.capacity !== before.capacity) {
    try {
      await db
        .update(occurrencePlaces)
        .set({ capacity: saved.capacity })
        .where(
          and(
            ofTenant(occurrencePlaces, tenantId),
            eq(occurrencePlaces.eventId, saved.id),
            sql`${occurrencePlaces.occurrenceDate} >= ${todayLocal()}::date`,
          ),
        );
    } catch (err) {
      if (checkViolated(err, 'events_occurrence_places_capacity'))
        throw new ValidationError({ capacity: 'events:errors.capacityBelowConfirmedDate' });
      throw err;
    }
  }
}

/**
 * A short token that changes with every change of the event (last change + iCalendar SEQUENCE +
 * status + pending revision); the API sends it as ETag and accepts it in `If-Match`.
 */
export const eventVersion = (
  e: Pick<Event, 'updatedAt' | 'sequence' | 'status'> & { revision?: unknown; cancelledAt?: Date | null },
): string =>
  [
    e.updatedAt.getTime().toString(36),
    e.sequence,
    e.status,
    e.revision ? 'r' : '',
    e.cancelledAt ? 'c' : '',
  ].join('.');

export async function getEvent(db: Db, tenantId: string, id: string): Promise<Event | undefined> {
  if (!isUuid(id)) return undefined;
  const [e] = await db
    .select()
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.id, id)))
    .limit(1);
  return e;
}

/** Staff publish a draft (or their own event) directly. */
export async function publishEvent(db: Db, tenantId: string, id: string): Promise<void> {
  await db
    .update(events)
    .set({ status: 'published', publishedAt: new Date(), updatedAt: new Date() })
    .where(and(ofTenant(events, tenantId), eq(events.id, id)));
  eventsChanged(tenantId);
}

/** Cancels (or un-cancels) an event; a cancelled event stays listed and in feeds with STATUS:CANCELLED. */
export async function setCancelled(db: Db, tenantId: string, id: string, cancelled: boolean, reason = '') {
  await db
    .update(events)
    .set({
      cancelledAt: cancelled ? new Date() : null,
      cancelReason: cancelled ? reason : '',
      sequence: sql`${events.sequence} + 1`,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(events, tenantId), eq(events.id, id)));
  eventsChanged(tenantId);
}

// ── Lists ───────────────────────────────────────────────────────────────────────────────────

export interface StaffFilter {
  scope: string[] | null;
  status?: EventStatus | 'queue';
  areaIds?: string[] | null;
  q?: string;
  when?: 'upcoming' | 'past' | 'all';
  /** Local dates (Europe/Berlin): events with a date in [from, to] (series while they run). */
  from?: string | null;
  to?: string | null;
  kind?: EventKind | null;
  categoryId?: string | null;
  /** Only events with somebody on their waiting list. */
  waitlist?: boolean;
  /** Keyset paging: only events after this one in the list's order (start, id). */
  after?: { startsAt: Date; id: string } | null;
  /** The total already counted for the first page (keyset paging carries it): no count again. */
  knownTotal?: number | null;
  limit?: number;
  offset?: number;
  now?: Date;
}

/** The staff list's page query and its count (null when the total is known), unsent. */
export function staffListQueries(db: Db, tenantId: string, f: StaffFilter) {
  const where: (SQL | undefined)[] = [ofTenant(events, tenantId), scopeFilter(events.areaIds, f.scope)];
  // The area switcher's choice (an area and what lies below it) narrows like a scope.
  if (f.areaIds) where.push(scopeFilter(events.areaIds, f.areaIds));
  if (f.status === 'queue') where.push(or(eq(events.status, 'pending'), isNotNull(events.revision)));
  else if (f.status) where.push(eq(events.status, f.status));
  const now = f.now ?? new Date();
  const lastEnd = sql`coalesce((${events.repeatUntil} + 1)::timestamp at time zone 'Europe/Berlin', ${events.endsAt})`;
  const at = now.toISOString();
  if (f.when === 'upcoming')
    where.push(
      sql`((${events.rrule} is not null and (${events.repeatUntil} is null or ${lastEnd} >= ${at}::timestamptz)) or ${events.endsAt} >= ${at}::timestamptz)`,
    );
  if (f.when === 'past')
    where.push(
      sql`(${events.endsAt} < ${at}::timestamptz and (${events.rrule} is null or ${lastEnd} < ${at}::timestamptz))`,
    );
  const q = f.q?.trim().slice(0, 100);
  if (q) where.push(ilike(events.title, `%${q.replace(/[%_\\]/g, '\\$&')}%`));
  if (f.kind) where.push(eq(events.kind, f.kind));
  if (f.categoryId) where.push(sql`${events.categoryIds} @> array[${f.categoryId}]::uuid[]`);
  if (f.waitlist) where.push(hasWaitlist());
  // Events taking place in [from, to]: [start, end] overlaps the open interval (from 00:00, the day
  // after `to` 00:00) — one test the GiST index events_events_during_idx answers (the expression must
  // stay as in the index) — or a series that runs past `from` and started before the end.
  const from = f.from ? localToInstant(f.from, '00:00').toISOString() : null;
  const to = f.to ? localToInstant(addDays(f.to, 1), '00:00').toISOString() : null;
  if (from && to && to <= from) where.push(sql`false`);
  else if (from || to) {
    const during = sql`tstzrange(${events.startsAt}, ${events.endsAt}, '[]') && tstzrange(${from}::timestamptz, ${to}::timestamptz, '()')`;
    where.push(
      f.from
        ? sql`(${during} or (${events.rrule} is not null and (${events.repeatUntil} is null or ${events.repeatUntil} >= ${f.from}::date)${to ? sql` and ${events.startsAt} < ${to}::timestamptz` : sql``}))`
        : during,
    );
  }
  const cond = and(...where.filter((x): x is SQL => !!x));
  const backwards = f.when === 'past';
  const page = f.after
    ? backwards
      ? sql`(${events.startsAt}, ${events.id}) < (${f.after.startsAt.toISOString()}::timestamptz, ${f.after.id}::uuid)`
      : sql`(${events.startsAt}, ${events.id}) > (${f.after.startsAt.toISOString()}::timestamptz, ${f.after.id}::uuid)`
    : undefined;
  const limit = Math.min(f.limit ?? 50, 200);
  const offset = f.after ? 0 : (f.offset ?? 0);
  return {
    items: db
      .select({
        id: events.id,
        title: events.title,
        kind: events.kind,
        status: events.status,
        source: events.source,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        allDay: events.allDay,
        rrule: events.rrule,
        areaId: events.areaId,
        cancelledAt: events.cancelledAt,
        revision: sql<boolean>`${events.revision} is not null`,
        registrationRequired: events.registrationRequired,
        capacity: events.capacity,
        confirmedPlaces: events.confirmedPlaces,
        waitlistEnabled: events.waitlistEnabled,
        registrationMode: events.registrationMode,
        repeatUntil: events.repeatUntil,
        exdates: events.exdates,
        venueId: events.venueId,
        locationName: events.locationName,
        organiserActorId: events.organiserActorId,
        organiserName: events.organiserName,
        categoryIds: events.categoryIds,
        sequence: events.sequence,
        createdAt: events.createdAt,
        updatedAt: events.updatedAt,
      })
      .from(events)
      .where(page ? and(cond, page) : cond)
      .orderBy(
        ...(backwards ? [desc(events.startsAt), desc(events.id)] : [asc(events.startsAt), asc(events.id)]),
      )
      .limit(limit)
      .offset(offset),
    // Counted once: not again for the pages after the first (the cursor carries the total).
    count:
      typeof f.knownTotal === 'number'
        ? null
        : db.select({ n: sql<number>`count(*)::int` }).from(events).where(cond),
  };
}

export async function listEventsForStaff(db: Db, tenantId: string, f: StaffFilter) {
  const q = staffListQueries(db, tenantId, f);
  const [items, count] = await Promise.all([q.items, q.count]);
  return { items, total: count ? Number(count[0]?.n ?? 0) : (f.knownTotal ?? 0) };
}

export async function countQueue(db: Db, tenantId: string, scope: string[] | null): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(events)
    .where(
      and(
        ofTenant(events, tenantId),
        or(eq(events.status, 'pending'), isNotNull(events.revision)),
        scopeFilter(events.areaIds, scope),
      ),
    );
  return Number(r?.n ?? 0);
}

// ── Categories ──────────────────────────────────────────────────────────────────────────────

export async function listCategories(db: Db, tenantId: string): Promise<Category[]> {
  return db
    .select()
    .from(eventCategories)
    .where(ofTenant(eventCategories, tenantId))
    .orderBy(asc(eventCategories.sort), asc(eventCategories.name));
}

/**
 * The categories for public pages and feeds, read at most every VERSION_TTL_MS per process (a 304 of
 * a feed should not cost this read); this process's changes are seen at once.
 */
const publicCategories = new TtlMemo<Category[]>(3000);
export function listPublicCategories(db: Db, tenantId: string): Promise<Category[]> {
  return publicCategories.get(db, tenantId, () => listCategories(db, tenantId));
}
const forgetPublicCategories = (tenantId: string) => publicCategories.forget((k) => k === tenantId);

export const categoryLabel = (c: Pick<Category, 'name' | 'labels'>, lang: string): string =>
  c.labels[lang] || (lang === 'de-x-ls' ? c.name : c.labels.en && lang !== 'de' ? c.labels.en : c.name);

export async function upsertCategory(
  db: Db,
  tenantId: string,
  c: { id?: string; name: string; slug?: string; labels?: Record<string, string>; sort?: number },
): Promise<Category> {
  const slug = c.slug || slugify(c.name) || newId().slice(-8);
  const [row] = await db
    .insert(eventCategories)
    .values({ tenantId, id: c.id ?? newId(), slug, name: c.name, labels: c.labels ?? {}, sort: c.sort ?? 0 })
    .onConflictDoUpdate({
      target: [eventCategories.tenantId, eventCategories.slug],
      set: { name: c.name, labels: c.labels ?? {}, sort: c.sort ?? 0 },
    })
    .returning();
  forgetPublicCategories(tenantId);
  return row;
}

export async function deleteCategory(db: Db, tenantId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(events)
      .set({ categoryIds: sql`array_remove(${events.categoryIds}, ${id}::uuid)` })
      .where(and(ofTenant(events, tenantId), sql`${events.categoryIds} @> array[${id}]::uuid[]`));
    await tx
      .delete(eventCategories)
      .where(and(ofTenant(eventCategories, tenantId), eq(eventCategories.id, id)));
  });
  forgetPublicCategories(tenantId);
}

export async function categoriesBySlug(db: Db, tenantId: string, slugs: string[]): Promise<Category[]> {
  if (slugs.length === 0) return [];
  return db
    .select()
    .from(eventCategories)
    .where(and(ofTenant(eventCategories, tenantId), inArray(eventCategories.slug, slugs)));
}

/** Events of a tenant that came from an import source and are not cancelled (for re-import bookkeeping). */
export async function eventsOfSource(db: Db, tenantId: string, sourceId: string) {
  return db
    .select({
      id: events.id,
      importUid: events.importUid,
      importHash: events.importHash,
      startsAt: events.startsAt,
      cancelledAt: events.cancelledAt,
      status: events.status,
    })
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.importSourceId, sourceId)));
}

export const notCancelled = isNull(events.cancelledAt);
