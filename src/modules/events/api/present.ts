// What the events API answers: the event schemas (OpenAPI components) and the presenters.
import { z } from '@hono/zod-openapi';
import { actorOf, can } from '../../../platform/authz.ts';
import { isoBerlin } from '../../../platform/time/index.ts';
import { listAreas } from '../../areas/index.ts';
import { COSTS, EVENT_KINDS, EVENT_STATUSES, REGISTRATION_MODES } from '../db/schema.ts';
import { rruleToRepeat } from '../domain/recurrence.ts';
import { eventHref, imageHref } from '../links.ts';
import { PERMS } from '../policies.ts';
import {
  type Category,
  type Event,
  eventVersion,
  formValuesOf,
  listCategories,
} from '../use-cases/events.ts';
import type { listEventsFor } from '../use-cases/manage.ts';
import { reviveRevision } from '../use-cases/moderation.ts';
import { placesByDate } from '../use-cases/registrations.ts';
import { listResultFiles } from '../use-cases/results.ts';

import type { C } from './request.ts';

// ── Output ──────────────────────────────────────────────────────────────────────────────────

/** An instant as ISO 8601 with the Berlin offset, e.g. 2025-06-14T18:00:00+02:00 (memoised offsets). */
export const berlin = (d: Date): string => isoBerlin(d);
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export interface Lookups {
  categories: Map<string, Category>;
  areas: Map<string, { id: string; slug: string; name: string }>;
}

/**
 * The categories and areas a page of events names: one query each, none for what the request has
 * loaded already (the categories, the area it filters by).
 */
export async function lookups(
  c: C,
  areaIds: (string | null)[],
  loaded: { categories?: Category[]; areas?: { id: string; slug: string; name: string }[] } = {},
): Promise<Lookups> {
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const known = new Map(
    (loaded.areas ?? []).map((a) => [a.id, { id: a.id, slug: a.slug, name: a.name }] as const),
  );
  const ids = [...new Set(areaIds.filter((x): x is string => !!x && !known.has(x)))];
  const [cats, areas] = await Promise.all([
    loaded.categories ?? listCategories(db, tenantId),
    ids.length ? listAreas(db, tenantId, { ids }) : [],
  ]);
  for (const a of areas) known.set(a.id, { id: a.id, slug: a.slug, name: a.name });
  return { categories: new Map(cats.map((x) => [x.id, x])), areas: known };
}

export const AreaRef = z
  .object({ id: z.string().uuid(), slug: z.string(), name: z.string() })
  .openapi('EventArea');
export const CategoryRef = z
  .object({ id: z.string().uuid(), slug: z.string(), name: z.string() })
  .openapi('EventCategoryRef');
export const Recurrence = z
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

export const EventSummary = z
  .object({
    id: z.string().uuid(),
    title: z.string(),
    kind: z.enum(EVENT_KINDS),
    status: z.enum(EVENT_STATUSES),
    source: z.enum(['staff', 'public', 'import']),
    area: AreaRef.nullable(),
    start: z.string().openapi({ example: '2025-06-14T18:00:00+02:00', description: 'Europe/Berlin offset' }),
    end: z.string().openapi({
      example: '2025-06-14T20:00:00+02:00',
      description: 'Equals start when the event has no end time (an open end, as in iCalendar)',
    }),
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

export const Revision = z
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

export const EventDetail = EventSummary.extend({
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

export type SummaryRow = Awaited<ReturnType<typeof listEventsFor>>['items'][number];

export function summaryOut(c: C, e: SummaryRow | Event, l: Lookups) {
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

export async function detailOut(c: C, e: Event, l?: Lookups) {
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
