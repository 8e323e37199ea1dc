/**
 * JSON API of the events module (OpenAPI, tag "Events"), mounted at /api/v1/tenants/:tenant.
 *
 * Every operation uses the same use cases, form readers and permission checks as the staff screens:
 * JSON bodies are turned into the form's fields and read by `readEventForm` / `readAttendanceForm` /
 * `readDecisionForm`, so the API accepts exactly what the screens accept and answers 422 with one
 * message per field in the caller's language.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf, authorize, can } from '../../platform/authz.ts';
import { isUuid } from '../../platform/db/index.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { isDate, zoned } from '../../platform/time/index.ts';
import { getArea, getAreaBySlug } from '../areas/index.ts';
import { COSTS, EVENT_KINDS, EVENT_STATUSES, REGISTRATION_MODES } from './db/schema.ts';
import { rruleToRepeat } from './domain/recurrence.ts';
import { AGE_GROUPS, EVENT_LANGUAGES, GENDERS, REPEATS, TARGET_GROUPS } from './domain/vocab.ts';
import { FormReader, type RawForm } from './forms.ts';
import { eventHref, imageHref } from './links.ts';
import { PERMS } from './policies.ts';
import { type Attendance, listAttendance, readAttendanceForm } from './use-cases/attendance.ts';
import {
  type Category,
  type Event,
  eventVersion,
  formValuesOf,
  listCategories,
  readEventForm,
} from './use-cases/events.ts';
import {
  cancelStaffEvent,
  createStaffEvent,
  decideEvent,
  eventFor,
  listEventsFor,
  mayPlaceEvent,
  publishStaffEvent,
  reviewQueueFor,
  saveAttendance,
  saveStaffEvent,
} from './use-cases/manage.ts';
import { DECISIONS, readDecisionForm, reviveRevision } from './use-cases/moderation.ts';
import { placesByDate } from './use-cases/registrations.ts';
import { listResultFiles } from './use-cases/results.ts';

type C = Context<AppEnv>;

// ── Permissions ─────────────────────────────────────────────────────────────────────────────

/** The permission is checked before the input is validated (403 beats 422); the use case checks again. */
const needs = (permission: string) => async (c: C, next: () => Promise<void>) => {
  authorize(actorOf(c), permission);
  await next();
};

/**
 * The event, when the caller may read it (else 404: events outside one's areas do not exist for
 * one), and 403 when they may read but not do `permission` with it.
 */
const loadEvent = (c: C, permission: string = PERMS.read): Promise<Event> =>
  eventFor(actorOf(c), c.get('services').db, c.req.param('id') ?? '', permission);

// ── Validation in the caller's language ─────────────────────────────────────────────────────

const translate = (c: C, fields: Record<string, string>): Record<string, string> => {
  const t = c.get('t');
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v)]));
};

/** Schema problems (wrong JSON types, unknown options) → the same i18n messages the forms use. */
function schemaHook(result: { success: boolean; error?: z.ZodError }, c: C): undefined {
  if (result.success || !result.error) return undefined;
  const fields: Record<string, string> = {};
  for (const i of result.error.issues) {
    const name = i.path.map(String).join('.') || '_';
    const key =
      i.message.startsWith('events:') || i.message.startsWith('validation.')
        ? i.message
        : i.code === 'invalid_type' && /received undefined/.test(i.message)
          ? 'validation.required'
          : i.code === 'invalid_value' || (i.code === 'invalid_format' && i.format === 'uuid')
            ? 'validation.choice'
            : i.code === 'too_big' || i.code === 'too_small'
              ? 'events:errors.numberRange'
              : 'validation.invalid';
    fields[name] ??= key;
  }
  throw new ValidationError(translate(c, fields));
}

/** A use case's field errors (i18n keys) → messages in the caller's language. */
async function translated<T>(c: C, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError(translate(c, err.fields));
    throw err;
  }
}

function failIfInvalid(c: C, form: FormReader, rename: (field: string, key: string) => string = (f) => f) {
  if (form.ok) return;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(form.errors)) fields[rename(k, v)] ??= v;
  throw new ValidationError(translate(c, fields));
}

const triState = (b: boolean | null | undefined) => (b === true ? 'yes' : b === false ? 'no' : 'unknown');

/** JSON values as the event form sees them (null clears a field). */
function eventForm(body: Record<string, unknown>): RawForm {
  const out: RawForm = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    if (k === 'stepFree' || k === 'accessibleToilet' || k === 'hearingLoop')
      out[k] = triState(v as boolean | null);
    else if (k === 'exdates') out[k] = Array.isArray(v) ? v.map(String).join(' ') : '';
    else if (v === null) out[k] = '';
    else if (Array.isArray(v)) out[k] = v.map(String);
    else if (typeof v === 'boolean') out[k] = v ? 'on' : '';
    else out[k] = String(v);
  }
  return out;
}

/** `If-Match: "<version>"` (or a list; `*` matches anything). */
function ifMatch(c: C): string | undefined {
  const h = c.req.header('if-match')?.trim();
  if (!h || h === '*') return undefined;
  return h.replace(/^W\//, '').replace(/^"|"$/g, '');
}

const setEtag = (c: C, e: Event) => c.header('ETag', `"${eventVersion(e)}"`);

// ── Output ──────────────────────────────────────────────────────────────────────────────────

/** An instant as ISO 8601 with the Berlin offset, e.g. 2025-06-14T18:00:00+02:00. */
const berlin = (d: Date): string => zoned(d).toString({ timeZoneName: 'never', smallestUnit: 'second' });
const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

interface Lookups {
  categories: Map<string, Category>;
  areas: Map<string, { id: string; slug: string; name: string }>;
}

async function lookups(c: C, areaIds: (string | null)[]): Promise<Lookups> {
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const ids = [...new Set(areaIds.filter((x): x is string => !!x))];
  const [cats, areas] = await Promise.all([
    listCategories(db, tenantId),
    Promise.all(ids.map((id) => getArea(db, tenantId, id))),
  ]);
  return {
    categories: new Map(cats.map((x) => [x.id, x])),
    areas: new Map(
      areas.filter((a) => !!a).map((a) => [a!.id, { id: a!.id, slug: a!.slug, name: a!.name }] as const),
    ),
  };
}

const AreaRef = z.object({ id: z.string().uuid(), slug: z.string(), name: z.string() }).openapi('EventArea');
const CategoryRef = z
  .object({ id: z.string().uuid(), slug: z.string(), name: z.string() })
  .openapi('EventCategoryRef');
const Recurrence = z
  .object({
    repeat: z.enum(['weekly', 'biweekly', 'monthly', 'custom']).openapi({
      description: '`custom`: a rule kept from an import (not one of the simple patterns)',
    }),
    rrule: z
      .string()
      .openapi({ description: 'RFC 5545 RRULE on local Berlin wall-clock time, without UNTIL' }),
    repeatUntil: z.string().nullable().openapi({ description: 'Last date of the series (local date)' }),
    exdates: z.array(z.string()).openapi({ description: 'Local dates left out of the series' }),
  })
  .openapi('EventRecurrence');

const EventSummary = z
  .object({
    id: z.string().uuid(),
    title: z.string(),
    kind: z.enum(EVENT_KINDS),
    status: z.enum(EVENT_STATUSES),
    source: z.enum(['staff', 'public', 'import']),
    area: AreaRef.nullable(),
    start: z.string().openapi({ example: '2025-06-14T18:00:00+02:00', description: 'Europe/Berlin offset' }),
    end: z.string().openapi({ example: '2025-06-14T20:00:00+02:00' }),
    allDay: z.boolean(),
    recurrence: Recurrence.nullable(),
    venueId: z.string().uuid().nullable(),
    locationName: z.string(),
    organiserActorId: z.string().uuid().nullable(),
    organiserName: z.string(),
    categories: z.array(CategoryRef),
    registration: z.object({
      required: z.boolean(),
      capacity: z.number().int().nullable(),
      confirmedPlaces: z
        .number()
        .int()
        .openapi({ description: 'Whole event or series; per-date places are counted per date' }),
      waitlistEnabled: z.boolean(),
      mode: z
        .enum(REGISTRATION_MODES)
        .openapi({ description: 'Series: `per_date` (one date each) or `series` (the whole series)' }),
    }),
    cancelled: z.boolean(),
    cancelledAt: z.string().nullable(),
    revisionPending: z
      .boolean()
      .openapi({ description: 'A submitter’s change to the published event waits for moderation' }),
    publicUrl: z.string().nullable().openapi({ description: 'Only for published events' }),
    version: z.string().openapi({ description: 'Changes with every change; send it back in If-Match' }),
    updatedAt: z.string(),
  })
  .openapi('EventSummary');

const Revision = z
  .object({
    title: z.string(),
    descriptionHtml: z.string(),
    start: z.string(),
    end: z.string(),
    allDay: z.boolean(),
    rrule: z.string().nullable(),
    repeatUntil: z.string().nullable(),
    locationName: z.string(),
    locationAddress: z.string(),
    onlineUrl: z.string().nullable(),
    organiserName: z.string(),
    contactEmail: z.string(),
    categoryIds: z.array(z.string()),
    cost: z.enum(COSTS),
    costNote: z.string(),
  })
  .openapi('EventRevision');

const EventDetail = EventSummary.extend({
  descriptionHtml: z.string().openapi({ description: 'Sanitised HTML as stored' }),
  dates: z
    .array(
      z.object({
        date: z.string().openapi({ format: 'date' }),
        start: z.string(),
        end: z.string(),
        capacity: z.number().int(),
        confirmedPlaces: z.number().int(),
        placesLeft: z.number().int(),
        waiting: z.number().int().openapi({ description: 'Registrations on the waiting list of this date' }),
      }),
    )
    .openapi({
      description:
        'Registration per date (`registration.mode` = `per_date`): the next dates people can pick, with their places. Empty otherwise.',
    }),
  local: z
    .object({ date: z.string(), startTime: z.string(), endDate: z.string(), endTime: z.string() })
    .openapi({
      description: 'Start and end as the form fields (local Berlin time; endDate empty = same day)',
    }),
  sequence: z.number().int().openapi({ description: 'iCalendar SEQUENCE' }),
  locationAddress: z.string(),
  onlineUrl: z.string().nullable(),
  contactEmail: z.string(),
  targetGroups: z.array(z.string()),
  languages: z.array(z.string()),
  accessibility: z.object({
    stepFree: z.boolean().nullable(),
    accessibleToilet: z.boolean().nullable(),
    hearingLoop: z.boolean().nullable(),
    signLanguage: z.boolean(),
    notes: z.string(),
  }),
  cost: z.enum(COSTS),
  costNote: z.string(),
  image: z.object({ url: z.string(), alt: z.string() }).nullable(),
  cancelReason: z.string(),
  results: z.object({
    html: z.string(),
    publishedAt: z.string().nullable(),
    files: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        filename: z.string(),
        contentType: z.string(),
        size: z.number(),
      }),
    ),
  }),
  moderation: z.object({ note: z.string(), moderatedAt: z.string().nullable() }),
  submitter: z
    .object({ name: z.string(), email: z.string() })
    .nullable()
    .openapi({ description: 'Public submissions, only for members who may moderate the event' }),
  revision: Revision.nullable().openapi({ description: 'The waiting change (moderators only)' }),
  importSourceId: z.string().uuid().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
}).openapi('Event');

type SummaryRow = Awaited<ReturnType<typeof listEventsFor>>['items'][number];

function summaryOut(c: C, e: SummaryRow | Event, l: Lookups) {
  const { config } = c.get('services');
  const slug = c.get('tenant')!.slug;
  return {
    id: e.id,
    title: e.title,
    kind: e.kind,
    status: e.status,
    source: e.source,
    area: (e.areaId && l.areas.get(e.areaId)) || null,
    start: berlin(e.startsAt),
    end: berlin(e.endsAt),
    allDay: e.allDay,
    recurrence: e.rrule
      ? {
          repeat: rruleToRepeat(e.rrule) as 'weekly' | 'biweekly' | 'monthly' | 'custom',
          rrule: e.rrule,
          repeatUntil: e.repeatUntil,
          exdates: e.exdates,
        }
      : null,
    venueId: e.venueId,
    locationName: e.locationName,
    organiserActorId: e.organiserActorId,
    organiserName: e.organiserName,
    categories: e.categoryIds
      .map((id) => l.categories.get(id))
      .filter((x): x is Category => !!x)
      .map((x) => ({ id: x.id, slug: x.slug, name: x.name })),
    registration: {
      required: e.registrationRequired,
      capacity: e.capacity,
      confirmedPlaces: e.confirmedPlaces,
      waitlistEnabled: e.waitlistEnabled,
      mode: e.registrationMode,
    },
    cancelled: !!e.cancelledAt,
    cancelledAt: iso(e.cancelledAt),
    revisionPending: !!e.revision,
    publicUrl: e.status === 'published' ? `${config.baseUrl}${eventHref(slug, e.id)}` : null,
    version: eventVersion(e),
    updatedAt: e.updatedAt.toISOString(),
  };
}

async function detailOut(c: C, e: Event, l?: Lookups) {
  const { config, db } = c.get('services');
  const slug = c.get('tenant')!.slug;
  const moderator = can(actorOf(c), PERMS.moderate, e.areaIds);
  const files = await listResultFiles(db, e.tenantId, e.id);
  const local = formValuesOf(e);
  const image = imageHref(slug, e);
  const r = e.revision && moderator ? reviveRevision(e.revision).input : null;
  const perDate =
    e.registrationRequired && e.registrationMode === 'per_date' && e.rrule ? await placesByDate(db, e) : [];
  return {
    ...summaryOut(c, e, l ?? (await lookups(c, [e.areaId]))),
    descriptionHtml: e.descriptionHtml,
    dates: perDate.map((d) => ({
      date: d.date,
      start: berlin(d.start),
      end: berlin(d.end),
      capacity: d.capacity,
      confirmedPlaces: d.confirmed,
      placesLeft: d.left,
      waiting: d.waiting,
    })),
    local: {
      date: String(local.date),
      startTime: String(local.startTime),
      endDate: String(local.endDate),
      endTime: String(local.endTime),
    },
    sequence: e.sequence,
    locationAddress: e.locationAddress,
    onlineUrl: e.onlineUrl,
    contactEmail: e.contactEmail,
    targetGroups: e.targetGroups,
    languages: e.languages,
    accessibility: {
      stepFree: e.stepFree,
      accessibleToilet: e.accessibleToilet,
      hearingLoop: e.hearingLoop,
      signLanguage: e.signLanguage,
      notes: e.accessibilityNotes,
    },
    cost: e.cost,
    costNote: e.costNote,
    image: image
      ? {
          url:
            e.status === 'published'
              ? `${config.baseUrl}${image}`
              : `${config.baseUrl}/staff/${slug}/events/${e.id}/image`,
          alt: e.imageAlt,
        }
      : null,
    cancelReason: e.cancelReason,
    results: {
      html: e.resultsHtml,
      publishedAt: iso(e.resultsPublishedAt),
      files: files.map((f) => ({
        id: f.id,
        title: f.title,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
      })),
    },
    moderation: { note: e.moderationNote, moderatedAt: iso(e.moderatedAt) },
    submitter:
      moderator && (e.submitterName || e.submitterEmail)
        ? { name: e.submitterName, email: e.submitterEmail }
        : null,
    revision: r
      ? {
          title: r.title,
          descriptionHtml: r.descriptionHtml,
          start: berlin(r.startsAt),
          end: berlin(r.endsAt),
          allDay: r.allDay,
          rrule: r.rrule,
          repeatUntil: r.repeatUntil,
          locationName: r.locationName,
          locationAddress: r.locationAddress,
          onlineUrl: r.onlineUrl,
          organiserName: r.organiserName,
          contactEmail: r.contactEmail,
          categoryIds: r.categoryIds,
          cost: r.cost,
          costNote: r.costNote,
        }
      : null,
    importSourceId: e.importSourceId,
    createdAt: e.createdAt.toISOString(),
    publishedAt: iso(e.publishedAt),
  };
}

// ── Shared route parts ──────────────────────────────────────────────────────────────────────

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .openapi({ description: 'Field name → message in the caller’s language' }),
    }),
  })
  .openapi('EventsError');

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  401: { description: 'Not signed in', content: json(ErrorBody) },
  403: { description: 'Missing permission', content: json(ErrorBody) },
  422: {
    description: 'Invalid input (one message per field, in the caller’s language)',
    content: json(ErrorBody),
  },
};
const notFound = { 404: { description: 'Not found (or outside your areas)', content: json(ErrorBody) } };
const security = [{ bearer: [] }];
const TAG = 'Events';
const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const etagHeader = { ETag: { schema: { type: 'string' as const }, description: 'The event’s version' } };

const text = () => z.string().nullable().optional();
const flag = () => z.boolean().nullable().optional();
const eventFields = {
  kind: z.enum(EVENT_KINDS).optional().openapi({ description: 'Default `event`' }),
  title: z.string().openapi({ description: 'At most 200 characters' }),
  description: text().openapi({
    description:
      'Plain text (paragraphs by blank lines) or HTML; sanitised on save. At most 20,000 characters.',
  }),
  allDay: flag(),
  date: z
    .string()
    .openapi({ format: 'date', example: '2025-06-14', description: 'Local start date (Berlin)' }),
  startTime: text().openapi({ example: '18:00', description: 'Local time; required unless allDay' }),
  endDate: text().openapi({ format: 'date', description: 'Only when the event ends on a later day' }),
  endTime: text().openapi({ example: '20:00', description: 'Required unless allDay' }),
  repeat: z
    .enum([...REPEATS, 'custom'])
    .optional()
    .openapi({ description: '`custom` keeps an imported rule (only when the event has one)' }),
  until: text().openapi({ format: 'date', description: 'Last date of the series; required when repeating' }),
  exdates: z
    .array(z.string())
    .nullable()
    .optional()
    .openapi({ description: 'Local dates left out of the series' }),
  areaId: z.string().nullable().optional().openapi({ description: 'Team members: one of their areas' }),
  venueId: z.string().nullable().optional().openapi({ description: 'A venue of the network module' }),
  locationName: text().openapi({ description: 'A venue, a place name or an online link is required' }),
  locationAddress: text(),
  onlineUrl: text(),
  organiserActorId: z
    .string()
    .nullable()
    .optional()
    .openapi({ description: 'An organisation of the network module' }),
  organiserName: text(),
  contactEmail: text(),
  categoryIds: z.array(z.string()).nullable().optional(),
  targetGroups: z.array(z.enum(TARGET_GROUPS)).nullable().optional(),
  languages: z.array(z.enum(EVENT_LANGUAGES)).nullable().optional(),
  stepFree: flag().openapi({ description: 'null = unknown' }),
  accessibleToilet: flag(),
  hearingLoop: flag(),
  signLanguage: flag(),
  accessibilityNotes: text(),
  cost: z.enum(COSTS).optional().openapi({ description: 'Default `free`; `paid` needs costNote' }),
  costNote: text(),
  imageAlt: text().openapi({
    description: 'Required while the event has an image (images are uploaded on the screen)',
  }),
  registrationRequired: flag(),
  capacity: z.number().nullable().optional().openapi({ description: 'Places; required with registration' }),
  waitlistEnabled: flag().openapi({ description: 'Default true' }),
  registrationMode: z.enum(REGISTRATION_MODES).optional().openapi({
    description: 'Series only: register per date (default for a new series) or for the whole series',
  }),
};

const EventCreate = z
  .object({
    ...eventFields,
    publish: z.boolean().optional().openapi({ description: 'Publish at once (else a draft)' }),
  })
  .openapi('EventInput');
const EventPatch = z
  .object({
    ...eventFields,
    title: eventFields.title.optional(),
    date: eventFields.date.optional(),
    removeImage: z.boolean().optional(),
  })
  .openapi('EventPatch');

// ── Routes ──────────────────────────────────────────────────────────────────────────────────

const listRoute = createRoute({
  method: 'get',
  path: '/events',
  tags: [TAG],
  summary: 'Events visible to the caller',
  description:
    'All statuses (drafts, queue, published …) within the caller’s areas, sorted by start. Page with limit/offset, or with the `nextCursor` of the previous page.',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: {
    query: z.object({
      area: z.string().max(200).optional().openapi({ description: 'Area slug: events in it or below it' }),
      status: z.enum(EVENT_STATUSES).optional(),
      kind: z.enum(EVENT_KINDS).optional(),
      category: z.string().max(200).optional().openapi({ description: 'Category slug (or id)' }),
      from: z.string().refine(isDate, 'events:errors.date').optional().openapi({
        format: 'date',
        description: 'Events taking place on or after this local date (series while they run)',
      }),
      to: z
        .string()
        .refine(isDate, 'events:errors.date')
        .optional()
        .openapi({ format: 'date', description: 'Events starting on or before this local date' }),
      q: z.string().max(100).optional().openapi({ description: 'Part of the title' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
      cursor: z.string().max(200).optional().openapi({ description: '`nextCursor` of the previous page' }),
    }),
  },
  responses: {
    200: {
      description: 'A page of events',
      content: json(
        z.object({
          items: z.array(EventSummary),
          total: z.number().int(),
          limit: z.number().int(),
          offset: z.number().int(),
          nextCursor: z.string().nullable(),
        }),
      ),
    },
    ...errors,
  },
});

const queueRoute = createRoute({
  method: 'get',
  path: '/events/review-queue',
  tags: [TAG],
  summary: 'Submissions and revisions waiting for a decision',
  security,
  middleware: [needs(PERMS.moderate)] as const,
  responses: {
    200: {
      description: 'Oldest first; `revision` holds a submitter’s change to a published event',
      content: json(z.object({ items: z.array(EventDetail) })),
    },
    ...errors,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/events/{id}',
  tags: [TAG],
  summary: 'One event with all fields',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The event', headers: etagHeader, content: json(EventDetail) },
    ...errors,
    ...notFound,
  },
});

const createRouteDef = createRoute({
  method: 'post',
  path: '/events',
  tags: [TAG],
  summary: 'Create an event',
  description:
    'The fields of the staff form, read by the same code: local Berlin date and times, a repeat pattern, a place. Images are uploaded on the screen.',
  security,
  middleware: [needs(PERMS.manage)] as const,
  request: { body: { required: true, content: json(EventCreate) } },
  responses: {
    201: { description: 'Created', headers: etagHeader, content: json(EventDetail) },
    ...errors,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/events/{id}',
  tags: [TAG],
  summary: 'Change an event (only the fields sent; null clears)',
  description:
    'The stored event with the sent fields laid over it goes through the form’s checks. Send `If-Match` with the version (ETag) you read to refuse the change when someone else changed the event meanwhile (412).',
  security,
  middleware: [needs(PERMS.manage)] as const,
  request: {
    params: IdParam,
    headers: z.object({ 'if-match': z.string().max(200).optional() }),
    body: { required: true, content: json(EventPatch) },
  },
  responses: {
    200: { description: 'The changed event', headers: etagHeader, content: json(EventDetail) },
    ...errors,
    ...notFound,
    412: { description: 'The event was changed since the version in If-Match', content: json(ErrorBody) },
  },
});

const publishRoute = createRoute({
  method: 'post',
  path: '/events/{id}/publish',
  tags: [TAG],
  summary: 'Publish a draft (a queued submission is accepted, and its submitter told)',
  security,
  middleware: [needs(PERMS.manage)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The published event', headers: etagHeader, content: json(EventDetail) },
    ...errors,
    ...notFound,
  },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/events/{id}/cancel',
  tags: [TAG],
  summary: 'Cancel an event (or take the cancellation back)',
  description:
    'A cancelled event stays listed, marked as cancelled, and in the feeds with STATUS:CANCELLED. Registered people are told by e-mail unless notifyRegistrants is false.',
  security,
  middleware: [needs(PERMS.manage)] as const,
  request: {
    params: IdParam,
    body: {
      required: false,
      content: json(
        z.object({
          reason: z
            .string()
            .nullable()
            .optional()
            .openapi({ description: 'Shown on the event page; at most 500 characters' }),
          notifyRegistrants: z.boolean().optional().openapi({ description: 'Default true' }),
          undo: z.boolean().optional().openapi({ description: 'Take a cancellation back' }),
        }),
      ),
    },
  },
  responses: {
    200: { description: 'The event', headers: etagHeader, content: json(EventDetail) },
    ...errors,
    ...notFound,
  },
});

const decisionRoute = createRoute({
  method: 'post',
  path: '/events/{id}/decision',
  tags: [TAG],
  summary: 'Decide on a submission or revision',
  description:
    '`accept` publishes (or applies the revision); `changes` and `reject` need a reason, which is sent to the submitter. The submitter gets an e-mail with the outcome.',
  security,
  middleware: [needs(PERMS.moderate)] as const,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: json(
        z
          .object({
            decision: z.enum(DECISIONS),
            reason: z
              .string()
              .nullable()
              .optional()
              .openapi({ description: 'Required unless accepting; at most 2,000 characters' }),
          })
          .openapi('EventDecision'),
      ),
    },
  },
  responses: {
    200: { description: 'The event after the decision', headers: etagHeader, content: json(EventDetail) },
    ...errors,
    ...notFound,
    409: { description: 'The event no longer waits for a decision', content: json(ErrorBody) },
  },
});

const ageCounts = z
  .strictObject(
    Object.fromEntries(AGE_GROUPS.map((g) => [g, z.number().optional()])) as Record<
      (typeof AGE_GROUPS)[number],
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .openapi({ description: 'Optional split by age group; must add up to total' });
const genderCounts = z
  .strictObject(
    Object.fromEntries(GENDERS.map((g) => [g, z.number().optional()])) as Record<
      (typeof GENDERS)[number],
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .openapi({ description: 'Optional split by gender; must add up to total' });

const AttendanceOut = z
  .object({
    date: z.string(),
    total: z.number().int(),
    byAge: z.record(z.string(), z.number()),
    byGender: z.record(z.string(), z.number()),
    note: z.string(),
    recordedAt: z.string(),
  })
  .openapi('EventAttendance');

const attendanceOut = (a: Attendance) => ({
  date: a.occurrenceDate,
  total: a.total,
  byAge: a.byAge,
  byGender: a.byGender,
  note: a.note,
  recordedAt: a.recordedAt.toISOString(),
});

const listAttendanceRoute = createRoute({
  method: 'get',
  path: '/events/{id}/attendance',
  tags: [TAG],
  summary: 'Recorded head counts of an event (per date for series)',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'Newest date first', content: json(z.object({ items: z.array(AttendanceOut) })) },
    ...errors,
    ...notFound,
  },
});

const putAttendanceRoute = createRoute({
  method: 'put',
  path: '/events/{id}/attendance/{date}',
  tags: [TAG],
  summary: 'Record the head count of one date',
  description: 'Replaces what was recorded for that date. The date must be a date of the event (or series).',
  security,
  middleware: [needs(PERMS.manage)] as const,
  request: {
    params: IdParam.extend({
      date: z
        .string()
        .refine(isDate, 'events:errors.date')
        .openapi({ param: { name: 'date', in: 'path' }, format: 'date', example: '2025-06-14' }),
    }),
    body: {
      required: true,
      content: json(
        z
          .object({
            total: z.number(),
            byAge: ageCounts.optional(),
            byGender: genderCounts.optional(),
            note: z.string().nullable().optional(),
          })
          .openapi('EventAttendanceInput'),
      ),
    },
  },
  responses: {
    200: { description: 'Stored', content: json(AttendanceOut) },
    ...errors,
    ...notFound,
  },
});

// ── Handlers ────────────────────────────────────────────────────────────────────────────────

const encodeCursor = (e: { startsAt: Date; id: string }) =>
  Buffer.from(`${e.startsAt.toISOString()}|${e.id}`).toString('base64url');

function decodeCursor(s: string): { startsAt: Date; id: string } | null {
  const [at, id] = Buffer.from(s, 'base64url').toString().split('|');
  const startsAt = new Date(at ?? '');
  return id && isUuid(id) && !Number.isNaN(startsAt.getTime()) ? { startsAt, id } : null;
}

/** New events start from the staff form's defaults (free, not repeating, waiting list on). */
const NEW_EVENT_DEFAULTS: RawForm = { kind: 'event', cost: 'free', repeat: 'none', waitlistEnabled: 'on' };

async function readEvent(c: C, body: RawForm, existing?: Event) {
  const services = c.get('services');
  const tenant = c.get('tenant')!;
  const categories = await listCategories(services.db, tenant.id);
  const r = await readEventForm(body, {
    mode: 'staff',
    storageDir: services.config.storageDir,
    tenantId: tenant.id,
    categoryIds: categories.map((x) => x.id),
    existing,
  });
  // The same area rule as the screens (the use case enforces it), asked first for a field message.
  if (r.form.ok) {
    try {
      if (!(await mayPlaceEvent(actorOf(c), services.db, r.input.areaId)))
        r.form.fail('areaId', 'events:errors.areaNotAllowed');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'area_not_found') throw err;
      r.form.fail('areaId', 'validation.choice');
    }
  }
  failIfInvalid(c, r.form);
  return r;
}

export function mountEventsApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    listRoute,
    async (c) => {
      const q = c.req.valid('query');
      const db = c.get('services').db;
      const tenantId = c.get('tenant')!.id;
      const problems: Record<string, string> = {};
      let areaId: string | null = null;
      if (q.area) {
        const a = await getAreaBySlug(db, tenantId, q.area);
        if (a) areaId = a.id;
        else problems.area = 'validation.choice';
      }
      let categoryId: string | null = null;
      if (q.category) {
        const cats = await listCategories(db, tenantId);
        const cat = cats.find((x) => x.slug === q.category || x.id === q.category);
        if (cat) categoryId = cat.id;
        else problems.category = 'validation.choice';
      }
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) problems.cursor = 'validation.invalid';
      if (q.from && q.to && q.to < q.from) problems.to = 'events:errors.untilBeforeStart';
      if (Object.keys(problems).length) throw new ValidationError(translate(c, problems));
      const { items, total } = await listEventsFor(actorOf(c), db, {
        status: q.status,
        areaIds: areaId ? [areaId] : null,
        kind: q.kind,
        categoryId,
        from: q.from,
        to: q.to,
        q: q.q,
        when: 'all',
        after,
        limit: q.limit,
        offset: q.offset,
      });
      const l = await lookups(
        c,
        items.map((x) => x.areaId),
      );
      const last = items.at(-1);
      return c.json(
        {
          items: items.map((x) => summaryOut(c, x, l)),
          total,
          limit: q.limit,
          offset: after ? 0 : q.offset,
          nextCursor: last && items.length === q.limit ? encodeCursor(last) : null,
        },
        200,
      );
    },
    schemaHook,
  );

  api.openapi(
    queueRoute,
    async (c) => {
      const list = await reviewQueueFor(actorOf(c), c.get('services').db);
      const l = await lookups(
        c,
        list.map((x) => x.areaId),
      );
      return c.json({ items: await Promise.all(list.map((e) => detailOut(c, e, l))) }, 200);
    },
    schemaHook,
  );

  api.openapi(
    getRoute,
    async (c) => {
      const e = await loadEvent(c);
      setEtag(c, e);
      return c.json(await detailOut(c, e), 200);
    },
    schemaHook,
  );

  api.openapi(
    createRouteDef,
    async (c) => {
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const { publish, ...fields } = body;
      const r = await readEvent(c, { ...NEW_EVENT_DEFAULTS, ...eventForm(fields) });
      const e = await translated(c, () =>
        createStaffEvent(actorOf(c), services.db, r.input, { publish: !!publish }),
      );
      setEtag(c, e);
      c.header('Location', `/api/v1/tenants/${tenant.slug}/events/${e.id}`);
      return c.json(await detailOut(c, e), 201);
    },
    schemaHook,
  );

  api.openapi(
    updateRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.manage);
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const patch = c.req.valid('json');
      const { removeImage, ...fields } = patch;
      const expected = ifMatch(c);
      if (expected !== undefined && expected !== eventVersion(e)) return versionMismatch(c);
      // The stored event with the sent fields laid over it goes through the form's checks.
      const merged: RawForm = {
        ...formValuesOf(e),
        // Not sent: the stored HTML is kept as it is (below), not read again as form input.
        description: '',
        ...eventForm(fields),
        ...(removeImage ? { removeImage: 'on' } : {}),
      };
      const r = await readEvent(c, merged, e);
      // An unchanged description stays as stored (not re-read from its HTML).
      if (fields.description === undefined) r.input.descriptionHtml = e.descriptionHtml;
      let after: Event;
      try {
        after = await translated(c, () =>
          saveStaffEvent(actorOf(c), services, tenant, e.id, r.input, {
            removeImage: r.removeImage,
            expectedVersion: expected,
          }),
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'version_mismatch') return versionMismatch(c);
        throw err;
      }
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    schemaHook,
  );

  api.openapi(
    publishRoute,
    async (c) => {
      const after = await publishStaffEvent(
        actorOf(c),
        c.get('services'),
        c.get('tenant')!,
        c.req.param('id') ?? '',
      );
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    schemaHook,
  );

  api.openapi(
    cancelRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.manage);
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const body = (c.req.valid('json') ?? {}) as {
        reason?: string | null;
        notifyRegistrants?: boolean;
        undo?: boolean;
      };
      const f = new FormReader({ reason: body.reason ?? '' });
      const reason = f.text('reason', { max: 500 });
      failIfInvalid(c, f);
      const after = await cancelStaffEvent(actorOf(c), services, tenant, e.id, {
        cancelled: !body.undo,
        reason,
        notify: body.notifyRegistrants !== false,
      });
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    schemaHook,
  );

  api.openapi(
    decisionRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.moderate);
      const services = c.get('services');
      const tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const { decision, note, form } = readDecisionForm({ decision: body.decision, note: body.reason ?? '' });
      failIfInvalid(c, form, (field) => (field === 'note' ? 'reason' : field));
      let after: Event;
      try {
        after = await decideEvent(actorOf(c), services, tenant, e.id, { decision: decision!, note });
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_in_queue')
          throw new AppError(409, 'not_in_queue', c.get('t')('events:errors.notInQueue'));
        throw err;
      }
      setEtag(c, after);
      return c.json(await detailOut(c, after), 200);
    },
    schemaHook,
  );

  api.openapi(
    listAttendanceRoute,
    async (c) => {
      const e = await loadEvent(c);
      const list = await listAttendance(c.get('services').db, e.tenantId, e.id);
      return c.json({ items: list.map(attendanceOut) }, 200);
    },
    schemaHook,
  );

  api.openapi(
    putAttendanceRoute,
    async (c) => {
      const e = await loadEvent(c, PERMS.manage);
      const db = c.get('services').db;
      const { date } = c.req.valid('param');
      const body = c.req.valid('json');
      const form: RawForm = { date, total: String(body.total), note: body.note ?? '' };
      for (const [g, n] of Object.entries(body.byAge ?? {}))
        if (n !== undefined) form[`age_${g}`] = String(n);
      for (const [g, n] of Object.entries(body.byGender ?? {}))
        if (n !== undefined) form[`gender_${g}`] = String(n);
      const { input, form: f } = readAttendanceForm(form, e);
      // Form field names → the JSON paths (a split that does not add up names the whole split).
      failIfInvalid(c, f, (field, key) => {
        const m = /^(age|gender)_(.+)$/.exec(field);
        if (!m) return field;
        const group = m[1] === 'age' ? 'byAge' : 'byGender';
        return key === 'events:errors.splitSum' ? group : `${group}.${m[2]}`;
      });
      await saveAttendance(actorOf(c), db, e.id, input);
      const saved = (await listAttendance(db, e.tenantId, e.id)).find(
        (a) => a.occurrenceDate === input.date,
      )!;
      return c.json(attendanceOut(saved), 200);
    },
    schemaHook,
  );
}

function versionMismatch(c: C) {
  return c.json(
    { error: { code: 'version_mismatch', message: c.get('t')('events:errors.versionMismatch') } },
    412,
  );
}
