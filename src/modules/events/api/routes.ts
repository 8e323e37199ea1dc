// The events API's route definitions (OpenAPI): parameters, bodies, responses.
import { createRoute, z } from '@hono/zod-openapi';
import { offsetQuery } from '../../../platform/http/paging.ts';
import { isDate } from '../../../platform/time/index.ts';
import { EVENT_KINDS, EVENT_STATUSES } from '../db/schema.ts';
import { AGE_GROUPS, GENDERS } from '../domain/vocab.ts';
import { PERMS } from '../policies.ts';
import { attendanceFields, eventFields as eventSchemaFields } from '../schemas.ts';
import type { Attendance } from '../use-cases/attendance.ts';
import { DECISIONS } from '../use-cases/moderation.ts';
import { EventDetail, EventSummary } from './present.ts';
import { needs } from './request.ts';

// ── Shared route parts ──────────────────────────────────────────────────────────────────────

export const ErrorBody = z
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

export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
export const errors = {
  401: { description: 'Not signed in', content: json(ErrorBody) },
  403: { description: 'Missing permission', content: json(ErrorBody) },
  422: {
    description: 'Invalid input (one message per field, in the caller’s language)',
    content: json(ErrorBody),
  },
};
export const notFound = {
  404: { description: 'Not found (or outside your areas)', content: json(ErrorBody) },
};
export const security = [{ bearer: [] }];
export const TAG = 'Events';
export const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const etagHeader = {
  ETag: { schema: { type: 'string' as const }, description: 'The event’s version' },
};

export const text = () => z.string().nullable().optional();
export const flag = () => z.boolean().nullable().optional();

/**
 * The event's fields as the API takes them: the event schema's own fields (schemas.ts, the same the
 * forms read), so each limit, format and message is the form's, and `null` clears a field. Date
 * windows depend on the app's clock and are checked when the event is read (readEventForm).
 */
const field = eventSchemaFields({ staff: true });
const clearable = <T extends z.ZodType>(s: T) => s.nullable().optional();
export const eventFields = {
  kind: field.kind.openapi({ description: 'Default `event`' }),
  title: field.title.openapi({ description: 'Required' }),
  description: clearable(field.description).openapi({
    description: 'Plain text (paragraphs by blank lines) or HTML; sanitised on save.',
  }),
  allDay: clearable(field.allDay),
  date: field.date.openapi({
    example: '2025-06-14',
    description: 'Local start date (Berlin), at most five years back or ahead',
  }),
  startTime: clearable(field.startTime).openapi({ description: 'Local time; required unless allDay' }),
  endDate: clearable(field.endDate).openapi({ description: 'Only when the event ends on a later day' }),
  endTime: clearable(field.endTime).openapi({
    description: 'Local time; empty or left out: no end time (an open end). Required with endDate',
  }),
  repeat: field.repeat.openapi({
    description: '`custom` keeps an imported rule (only when the event has one)',
  }),
  until: clearable(field.until).openapi({ description: 'Last date of the series; required when repeating' }),
  exdates: clearable(field.exdates).openapi({
    description: 'Local dates (YYYY-MM-DD) left out of the series',
  }),
  areaId: clearable(field.areaId).openapi({ description: 'Team members: one of their areas' }),
  venueId: clearable(field.venueId).openapi({ description: 'A venue of the network module' }),
  locationName: clearable(field.locationName).openapi({
    description: 'A venue, a place name or an online link is required',
  }),
  locationAddress: clearable(field.locationAddress),
  onlineUrl: clearable(field.onlineUrl),
  organiserActorId: clearable(field.organiserActorId).openapi({
    description: 'An organisation of the network module',
  }),
  organiserName: clearable(field.organiserName),
  contactEmail: clearable(field.contactEmail),
  categoryIds: clearable(field.categoryIds).openapi({ description: 'Ids of the tenant’s categories' }),
  targetGroups: clearable(field.targetGroups),
  languages: clearable(field.languages),
  stepFree: field.stepFree.openapi({ description: 'null = unknown' }),
  accessibleToilet: field.accessibleToilet,
  hearingLoop: field.hearingLoop,
  signLanguage: clearable(field.signLanguage),
  accessibilityNotes: clearable(field.accessibilityNotes),
  cost: field.cost.openapi({ description: 'Default `free`; `paid` needs costNote' }),
  costNote: clearable(field.costNote),
  imageAlt: clearable(field.imageAlt).openapi({
    description: 'Required while the event has an image (images are uploaded on the screen)',
  }),
  registrationRequired: clearable(field.registrationRequired),
  capacity: clearable(field.capacity).openapi({ description: 'Places; required with registration' }),
  waitlistEnabled: clearable(field.waitlistEnabled).openapi({ description: 'Default true' }),
  registrationMode: field.registrationMode.openapi({
    description: 'Series only: register per date (default for a new series) or for the whole series',
  }),
};

export const EventCreate = z
  .object({
    ...eventFields,
    publish: z.boolean().optional().openapi({ description: 'Publish at once (else a draft)' }),
  })
  .openapi('EventInput');
export const EventPatch = z
  .object({
    ...eventFields,
    title: eventFields.title.optional(),
    date: eventFields.date.optional(),
    removeImage: z.boolean().optional(),
  })
  .openapi('EventPatch');

// ── Routes ──────────────────────────────────────────────────────────────────────────────────

export const listRoute = createRoute({
  method: 'get',
  path: '/events',
  tags: [TAG],
  summary: 'Events visible to the caller',
  description:
    'All statuses (drafts, queue, published …) within the caller’s areas, sorted by start. Page with limit/offset, or with the `nextCursor` of the previous page (cheaper: the pages after the first are not counted again). `from`/`to` select the events taking place in those days through the time-range index.',
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
      offset: offsetQuery(),
      cursor: z.string().max(200).optional().openapi({ description: '`nextCursor` of the previous page' }),
    }),
  },
  responses: {
    200: {
      description: 'A page of events',
      content: json(
        z.object({
          items: z.array(EventSummary),
          total: z.number().int().openapi({
            description:
              'Events matching the filter. Pages reached with a cursor repeat the total counted for the first page (the cursor carries it).',
          }),
          limit: z.number().int(),
          offset: z.number().int(),
          nextCursor: z.string().nullable(),
        }),
      ),
    },
    ...errors,
  },
});

export const queueRoute = createRoute({
  method: 'get',
  path: '/events/review-queue',
  tags: [TAG],
  summary: 'Submissions and revisions waiting for a decision',
  security,
  middleware: [needs(PERMS.moderate)] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: offsetQuery(),
    }),
  },
  responses: {
    200: {
      description:
        'Oldest first; `revision` holds a submitter’s change to a published event. Page with limit/offset; `total` counts the whole queue.',
      content: json(
        z.object({
          items: z.array(EventDetail),
          total: z.number().int(),
          limit: z.number().int(),
          offset: z.number().int(),
        }),
      ),
    },
    ...errors,
  },
});

export const getRoute = createRoute({
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

export const createRouteDef = createRoute({
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

export const updateRoute = createRoute({
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

export const publishRoute = createRoute({
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

export const cancelRoute = createRoute({
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

export const decisionRoute = createRoute({
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

export const ageCounts = z
  .strictObject(
    Object.fromEntries(AGE_GROUPS.map((g) => [g, attendanceFields.count.optional()])) as Record<
      (typeof AGE_GROUPS)[number],
      z.ZodOptional<typeof attendanceFields.count>
    >,
  )
  .openapi({ description: 'Optional split by age group; must add up to total' });
export const genderCounts = z
  .strictObject(
    Object.fromEntries(GENDERS.map((g) => [g, attendanceFields.count.optional()])) as Record<
      (typeof GENDERS)[number],
      z.ZodOptional<typeof attendanceFields.count>
    >,
  )
  .openapi({ description: 'Optional split by gender; must add up to total' });

export const AttendanceOut = z
  .object({
    date: z.string(),
    total: z.number().int(),
    byAge: z.record(z.string(), z.number()),
    byGender: z.record(z.string(), z.number()),
    note: z.string(),
    recordedAt: z.string(),
  })
  .openapi('EventAttendance');

export const attendanceOut = (a: Attendance) => ({
  date: a.occurrenceDate,
  total: a.total,
  byAge: a.byAge,
  byGender: a.byGender,
  note: a.note,
  recordedAt: a.recordedAt.toISOString(),
});

export const listAttendanceRoute = createRoute({
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

export const putAttendanceRoute = createRoute({
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
            total: attendanceFields.total,
            byAge: ageCounts.optional(),
            byGender: genderCounts.optional(),
            note: attendanceFields.note.nullable().optional(),
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
