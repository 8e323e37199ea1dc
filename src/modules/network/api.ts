import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { writeAudit } from '../../platform/audit/index.ts';
import { actorOf, authorize, can, inScope, scopeOf } from '../../platform/authz.ts';
import { fieldErrors } from '../../platform/forms/index.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { offsetQuery } from '../../platform/http/paging.ts';
import { listDepartments } from '../access/index.ts';
import { getArea } from '../areas/index.ts';
import { type FormReader, isDate, type RawForm, translateErrors } from './forms.ts';
import { place } from './placement.ts';
import { departmentsOf, PERMS } from './policies.ts';
import { actorFields, concernFields, venueFields } from './schemas.ts';
import { type Actor, type ActorListItem, actorFormValues, readActorForm } from './use-cases/actors.ts';
import {
  type Concern,
  type ConcernAccess,
  canSeeConcern,
  concernStats,
  getConcern,
  listConcerns,
  mayPlaceConcern,
  readConcernForm,
  recordConcern,
} from './use-cases/concerns.ts';
import { loadSeries, upcoming } from './use-cases/consultation.ts';
import {
  actorFor,
  createDirectoryActor,
  listDirectory,
  mayPlaceActor,
  updateDirectoryActor,
} from './use-cases/directory.ts';
import { auditPersonRead, type Who } from './use-cases/people.ts';
import {
  createVenue,
  getVenue,
  listVenues,
  readVenueForm,
  type Venue,
  venueAddress,
  venuesByIds,
} from './use-cases/venues.ts';
import {
  ACTOR_KINDS,
  CONCERN_STATUSES,
  FIELDS,
  LEGAL_BASES,
  REFERRAL_KINDS,
  TARGET_GROUPS,
  TOPICS,
} from './vocab.ts';

type C = Context<AppEnv>;

// ── Shared schema parts ─────────────────────────────────────────────────────────────────────

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
  .openapi('NetworkError');

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  401: { description: 'Not signed in', content: json(ErrorBody) },
  403: { description: 'Missing permission', content: json(ErrorBody) },
  422: { description: 'Invalid input (one message per field)', content: json(ErrorBody) },
};
const notFound = { 404: { description: 'Not found (or outside your areas)', content: json(ErrorBody) } };
const security = [{ bearer: [] }];
const TAG = 'Network';

const uuid = () => z.string().uuid();
const day = () =>
  z.string().refine(isDate, 'A date as YYYY-MM-DD').openapi({ example: '2025-06-14', format: 'date' });
const IdParam = z.object({ id: uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** The permission is checked before the input is validated (403 beats 422). */
const needs =
  (...anyOf: string[]) =>
  async (c: C, next: () => Promise<void>) => {
    if (!anyOf.some((p) => can(actorOf(c), p))) throw new AppError(403, 'forbidden');
    await next();
  };

const whoOf = (c: C): Who => ({ userId: c.get('user')!.id, label: c.get('user')!.name, ip: null });

/** Domain validation (i18n keys) → field messages in the caller's language. */
async function translated<T>(c: C, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError(translateErrors(c.get('t'), err.fields));
    throw err;
  }
}

function failIfInvalid(c: C, form: FormReader): void {
  if (!form.ok) throw new ValidationError(translateErrors(c.get('t'), form.errors));
}

/** JSON values as the form readers see them, so the API checks exactly what the screens check. */
function asForm(body: Record<string, unknown>): RawForm {
  const out: RawForm = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    if (v === null) out[k] = '';
    else if (Array.isArray(v)) out[k] = v.map(String);
    else if (typeof v === 'boolean') out[k] = v ? 'on' : '';
    else out[k] = String(v);
  }
  return out;
}

const tri = (b: unknown) => (b === true ? 'yes' : b === false ? 'no' : 'unknown');

/**
 * A body the schema refuses is read the way the form reads it all the same, so one answer names
 * every field the form would — the schema's limits and the rules between fields (a point needs both
 * coordinates, contact data a legal basis) — in the caller's language.
 */
const readAllOf =
  (read: (sent: Record<string, unknown>, c: C) => FormReader) =>
  (result: { success: boolean; error?: z.ZodError }, c: C): undefined => {
    if (result.success || !result.error) return undefined;
    const fields = fieldErrors(result.error.issues);
    // The body as sent (the validator passes it along with a failed result); headers and query as they are.
    const { data: sent, target } = result as { data?: unknown; target?: string };
    if (target === 'json' && sent && typeof sent === 'object' && !Array.isArray(sent))
      for (const [name, key] of Object.entries(read(sent as Record<string, unknown>, c).errors))
        fields[name] ??= key;
    throw new ValidationError(translateErrors(c.get('t'), fields));
  };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// ── Actors ──────────────────────────────────────────────────────────────────────────────────

const Address = z.object({
  street: z.string().nullable(),
  houseNumber: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
});

const ActorSummary = z
  .object({
    id: uuid(),
    kind: z.enum(ACTOR_KINDS),
    orgType: z.string().nullable(),
    name: z.string(),
    fields: z.array(z.string()),
    targetGroups: z.array(z.string()),
    languages: z.array(z.string()),
    areaId: uuid().nullable(),
    lon: z.number().nullable(),
    lat: z.number().nullable(),
    isMultiplier: z.boolean(),
    isSeismograph: z.boolean(),
    address: Address.omit({ city: true }),
  })
  .openapi('NetworkActorSummary');

const ActorOut = z
  .object({
    id: uuid(),
    kind: z.enum(ACTOR_KINDS),
    orgType: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    fields: z.array(z.string()),
    targetGroups: z.array(z.string()),
    languages: z.array(z.string()),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    address: Address,
    lon: z.number().nullable(),
    lat: z.number().nullable(),
    areaId: uuid().nullable(),
    areaIds: z.array(uuid()).openapi({ description: 'Every area the actor lies in, with their ancestors' }),
    placedBy: z.enum(['address', 'coordinates', 'manual']).nullable(),
    isMultiplier: z.boolean(),
    isSeismograph: z.boolean(),
    sharedDepartments: z
      .array(z.string())
      .openapi({ description: 'Departments whose staff may read this organisation (never people)' }),
    legalBasis: z.enum(LEGAL_BASES).nullable().openapi({ description: 'People only' }),
    consentTextVersion: z.string().nullable(),
    consentAt: z.string().nullable(),
    retentionUntil: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('NetworkActor');

const actorSummary = (a: ActorListItem) => ({
  id: a.id,
  kind: a.kind,
  orgType: a.orgType,
  name: a.name,
  fields: a.fields,
  targetGroups: a.targetGroups,
  languages: a.languages,
  areaId: a.areaId,
  lon: a.lon,
  lat: a.lat,
  isMultiplier: a.isMultiplier,
  isSeismograph: a.isSeismograph,
  address: { street: a.street, houseNumber: a.houseNumber, postcode: a.postcode },
});

const actorOut = (a: Actor) => ({
  id: a.id,
  kind: a.kind,
  orgType: a.orgType,
  name: a.name,
  description: a.description,
  fields: a.fields,
  targetGroups: a.targetGroups,
  languages: a.languages,
  email: a.email,
  phone: a.phone,
  website: a.website,
  address: { street: a.street, houseNumber: a.houseNumber, postcode: a.postcode, city: a.city },
  lon: a.lon,
  lat: a.lat,
  areaId: a.areaId,
  areaIds: a.areaIds,
  placedBy: a.placedBy,
  isMultiplier: a.isMultiplier,
  isSeismograph: a.isSeismograph,
  sharedDepartments: a.sharedDepartments,
  legalBasis: a.legalBasis,
  consentTextVersion: a.consentTextVersion,
  consentAt: iso(a.consentAt),
  retentionUntil: a.retentionUntil,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

/**
 * The actor's fields as the API takes them: the schemas the form reads (schemas.ts), so each limit
 * and message is the screen's, and `null` clears a field. Rules between fields (people need a legal
 * basis, a point both coordinates) and the retention window are checked when the actor is read.
 */
const actorField = actorFields();
const clearable = <T extends z.ZodType>(s: T) => s.nullable().optional();
const actorBody = {
  orgType: clearable(actorField.orgType),
  name: actorField.name,
  description: clearable(actorField.description),
  fields: clearable(actorField.fields),
  targetGroups: clearable(actorField.targetGroups),
  languages: clearable(actorField.languages),
  email: clearable(actorField.email),
  phone: clearable(actorField.phone),
  website: clearable(actorField.website),
  street: clearable(actorField.street),
  houseNumber: clearable(actorField.houseNumber),
  postcode: clearable(actorField.postcode),
  city: clearable(actorField.city),
  lat: clearable(actorField.lat),
  lon: clearable(actorField.lon),
  areaId: clearable(actorField.areaId).openapi({
    description: 'Area chosen by hand (team members: one of their areas)',
  }),
  isMultiplier: actorField.isMultiplier,
  isSeismograph: actorField.isSeismograph,
  sharedDepartments: z
    .array(z.string().max(200))
    .max(50)
    .optional()
    .openapi({ description: 'Organisations only: departments known in the tenant' }),
  legalBasis: clearable(actorField.legalBasis).openapi({ description: 'Required for people' }),
  consentGiven: actorField.consentGiven.openapi({
    description: 'People with legal basis consent: the consent text was agreed to',
  }),
  retentionUntil: clearable(actorField.retentionUntil).openapi({
    description: 'People: default three years, at most thirty years ahead',
  }),
};

const ActorCreate = z.object({ kind: actorField.kind, ...actorBody }).openapi('NetworkActorInput');
const ActorPatch = z
  .object({ kind: actorField.kind.optional(), ...actorBody, name: actorBody.name.optional() })
  .openapi('NetworkActorPatch');

const listActorsRoute = createRoute({
  method: 'get',
  path: '/network/actors',
  tags: [TAG],
  summary: 'Search the directory of local actors',
  description:
    'German full text with stemming plus typo-tolerant name matching, ranked; filters as on the screen. Team members see their areas; department staff see the organisations shared with their department. People only for members allowed to see people.',
  security,
  middleware: [needs(PERMS.read, PERMS.shared)] as const,
  request: {
    query: z.object({
      q: z.string().trim().max(200).optional(),
      kind: z.enum(ACTOR_KINDS).optional(),
      area: uuid().optional().openapi({ description: 'Only actors in this area (or below it)' }),
      field: z.enum(FIELDS).optional(),
      targetGroup: z.enum(TARGET_GROUPS).optional(),
      flag: z.enum(['multiplier', 'seismograph']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: offsetQuery(),
    }),
  },
  responses: {
    200: {
      description: 'A page of actors, best match first',
      content: json(
        z.object({
          items: z.array(ActorSummary),
          total: z.number().int(),
          limit: z.number().int(),
          offset: z.number().int(),
        }),
      ),
    },
    ...errors,
  },
});

const getActorRoute = createRoute({
  method: 'get',
  path: '/network/actors/{id}',
  tags: [TAG],
  summary: 'One actor (reading a person is written to the audit log)',
  security,
  middleware: [needs(PERMS.read, PERMS.shared)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The actor', content: json(ActorOut) },
    ...errors,
    ...notFound,
  },
});

const createActorRoute = createRoute({
  method: 'post',
  path: '/network/actors',
  tags: [TAG],
  summary: 'Create an organisation or a person',
  description:
    'The same checks as the form: a person needs a legal basis (and documented consent when that is the basis) and a retention date; placement by coordinates, address or the chosen area.',
  security,
  middleware: [needs(PERMS.manage, PERMS.people)] as const,
  request: { body: { required: true, content: json(ActorCreate) } },
  responses: {
    201: { description: 'Created', content: json(ActorOut) },
    ...errors,
  },
});

const updateActorRoute = createRoute({
  method: 'patch',
  path: '/network/actors/{id}',
  tags: [TAG],
  summary: 'Change an actor (only the fields sent; null clears)',
  security,
  middleware: [needs(PERMS.manage)] as const,
  request: { params: IdParam, body: { required: true, content: json(ActorPatch) } },
  responses: {
    200: { description: 'The changed actor', content: json(ActorOut) },
    ...errors,
    ...notFound,
  },
});

// ── Venues ──────────────────────────────────────────────────────────────────────────────────

const VenueOut = z
  .object({
    id: uuid(),
    name: z.string(),
    address: Address,
    addressLine: z.string(),
    lon: z.number().nullable(),
    lat: z.number().nullable(),
    areaId: uuid().nullable(),
    areaIds: z.array(uuid()),
    openingHours: z.string().nullable(),
    stepFree: z.boolean().nullable().openapi({ description: 'null = unknown' }),
    accessibleToilet: z.boolean().nullable(),
    hearingLoop: z.boolean().nullable(),
    accessibilityNotes: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
  })
  .openapi('NetworkVenue');

const venueOut = (v: Venue) => ({
  id: v.id,
  name: v.name,
  address: { street: v.street, houseNumber: v.houseNumber, postcode: v.postcode, city: v.city },
  addressLine: venueAddress(v),
  lon: v.lon,
  lat: v.lat,
  areaId: v.areaId,
  areaIds: v.areaIds,
  openingHours: v.openingHours,
  stepFree: v.stepFree,
  accessibleToilet: v.accessibleToilet,
  hearingLoop: v.hearingLoop,
  accessibilityNotes: v.accessibilityNotes,
  phone: v.phone,
  email: v.email,
  website: v.website,
});

const venueField = venueFields();
const VenueCreate = z
  .object({
    name: venueField.name,
    street: clearable(venueField.street),
    houseNumber: clearable(venueField.houseNumber),
    postcode: clearable(venueField.postcode),
    city: clearable(venueField.city),
    lat: clearable(venueField.lat),
    lon: clearable(venueField.lon),
    areaId: clearable(venueField.areaId),
    openingHours: clearable(venueField.openingHours),
    stepFree: venueField.stepFree,
    accessibleToilet: venueField.accessibleToilet,
    hearingLoop: venueField.hearingLoop,
    accessibilityNotes: clearable(venueField.accessibilityNotes),
    phone: clearable(venueField.phone),
    email: clearable(venueField.email),
    website: clearable(venueField.website),
  })
  .openapi('NetworkVenueInput');

const listVenuesRoute = createRoute({
  method: 'get',
  path: '/network/venues',
  tags: [TAG],
  summary: 'Venues with accessibility details',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: {
    query: z.object({
      q: z.string().trim().max(100).optional().openapi({ description: 'Part of the name (typos tolerated)' }),
      area: uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: { description: 'Venues by name', content: json(z.object({ items: z.array(VenueOut) })) },
    ...errors,
  },
});

const getVenueRoute = createRoute({
  method: 'get',
  path: '/network/venues/{id}',
  tags: [TAG],
  summary: 'One venue',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The venue', content: json(VenueOut) },
    ...errors,
    ...notFound,
  },
});

const createVenueRoute = createRoute({
  method: 'post',
  path: '/network/venues',
  tags: [TAG],
  summary: 'Create a venue',
  security,
  middleware: [needs(PERMS.manage)] as const,
  request: { body: { required: true, content: json(VenueCreate) } },
  responses: {
    201: { description: 'Created', content: json(VenueOut) },
    ...errors,
  },
});

// ── Consultation-hour dates ─────────────────────────────────────────────────────────────────

const DateOut = z
  .object({
    key: z.string().openapi({ description: 'Stable per occurrence (slot + original date, or extra date)' }),
    seriesId: uuid(),
    seriesTitle: z.string(),
    published: z.boolean(),
    slotId: uuid().nullable(),
    extraId: uuid().nullable(),
    originalDate: z.string(),
    date: z.string().openapi({ description: 'Local date (Europe/Berlin)' }),
    startTime: z.string(),
    endTime: z.string(),
    start: z.string().openapi({ format: 'date-time' }),
    end: z.string().openapi({ format: 'date-time' }),
    status: z.enum(['scheduled', 'changed', 'cancelled']),
    note: z.string().nullable(),
    venue: VenueOut.nullable(),
  })
  .openapi('NetworkConsultationDate');

const datesRoute = createRoute({
  method: 'get',
  path: '/network/consultation-hours/dates',
  tags: [TAG],
  summary: 'Upcoming consultation-hour dates (cancelled and changed ones included and marked)',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: {
    query: z.object({
      area: uuid().optional().openapi({ description: 'Only series of this area (or below it)' }),
      days: z.coerce.number().int().min(1).max(180).default(42),
    }),
  },
  responses: {
    200: { description: 'Dates, soonest first', content: json(z.object({ items: z.array(DateOut) })) },
    ...errors,
    ...notFound,
  },
});

// ── Concerns ────────────────────────────────────────────────────────────────────────────────

const ConcernOut = z
  .object({
    id: uuid(),
    topic: z.enum(TOPICS),
    language: z.string(),
    venueId: uuid().nullable(),
    seriesId: uuid().nullable(),
    areaId: uuid().nullable(),
    referralKind: z.enum(REFERRAL_KINDS),
    referralTarget: z.string().nullable(),
    status: z.enum(CONCERN_STATUSES),
    followUpOn: z.string().nullable(),
    note: z.string().nullable(),
    recordedAt: z.string(),
    closedAt: z.string().nullable(),
    hasContact: z
      .boolean()
      .openapi({ description: 'Contact data stored (shown only on the single concern)' }),
  })
  .openapi('NetworkConcern');

const ConcernDetail = ConcernOut.extend({
  contact: z
    .object({
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      legalBasis: z.string().nullable(),
      retentionUntil: z.string().nullable(),
    })
    .nullable()
    .openapi({ description: 'Only for members allowed to see people; the read is audited' }),
}).openapi('NetworkConcernDetail');

const concernOut = (x: Concern) => ({
  id: x.id,
  topic: x.topic as (typeof TOPICS)[number],
  language: x.language,
  venueId: x.venueId,
  seriesId: x.seriesId,
  areaId: x.areaId,
  referralKind: x.referralKind,
  referralTarget: x.referralTarget,
  status: x.status,
  followUpOn: x.followUpOn,
  note: x.note,
  recordedAt: x.recordedAt.toISOString(),
  closedAt: iso(x.closedAt),
  hasContact: !!(x.contactName || x.contactPhone || x.contactEmail),
});

const concernField = concernFields();
const ConcernCreate = z
  .object({
    topic: concernField.topic,
    language: concernField.language,
    venueId: clearable(concernField.venueId),
    seriesId: clearable(concernField.seriesId),
    areaId: clearable(concernField.areaId).openapi({
      description: 'At least one of venueId, seriesId, areaId says where it came up',
    }),
    referralKind: concernField.referralKind,
    referralTarget: clearable(concernField.referralTarget),
    referralUserId: clearable(concernField.referralUserId),
    note: clearable(concernField.note),
    followUpOn: clearable(concernField.followUpOn).openapi({
      description: 'Local date, at most five years back or ahead',
    }),
    contactName: clearable(concernField.contactName),
    contactPhone: clearable(concernField.contactPhone),
    contactEmail: clearable(concernField.contactEmail),
    legalBasis: clearable(concernField.legalBasis).openapi({ description: 'Required with contact data' }),
    consentGiven: concernField.consentGiven,
    recordedAt: z
      .string()
      .datetime({ offset: true })
      .nullable()
      .optional()
      .openapi({ description: 'When it was recorded on the device (default: now)' }),
  })
  .openapi('NetworkConcernInput');

const concernAccess = async (c: C): Promise<ConcernAccess> => ({
  scope: scopeOf(actorOf(c), PERMS.concerns),
  departments: await departmentsOf(actorOf(c), c.get('services').db),
});

const createConcernRoute = createRoute({
  method: 'post',
  path: '/network/concerns',
  tags: [TAG],
  summary: 'Record a concern exactly once per Idempotency-Key',
  description:
    'Send a fresh `Idempotency-Key` (16–64 letters, digits or dashes, e.g. a UUID) with each new concern and the same key when retrying: the first request stores it (201), every repetition — also concurrent ones — answers 200 with the stored concern and `Idempotent-Replayed: true`. A key reused for a different concern answers 409.',
  security,
  middleware: [needs(PERMS.concerns)] as const,
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .regex(/^[A-Za-z0-9-]{16,64}$/, '16–64 letters, digits or dashes')
        .openapi({
          description: 'Client-made key of this concern (send it again on every retry)',
          example: '0190f5c4-1d2e-7a3b-9c4d-5e6f7a8b9c0d',
        }),
    }),
    body: { required: true, content: json(ConcernCreate) },
  },
  responses: {
    200: { description: 'Already stored under this key (a retry)', content: json(ConcernOut) },
    201: { description: 'Stored', content: json(ConcernOut) },
    409: { description: 'The key was used for a different concern', content: json(ErrorBody) },
    ...errors,
  },
});

const listConcernsRoute = createRoute({
  method: 'get',
  path: '/network/concerns',
  tags: [TAG],
  summary: 'Concerns in your areas (department staff: those referred to their department)',
  security,
  middleware: [needs(PERMS.concerns, PERMS.shared)] as const,
  request: {
    query: z.object({
      status: z.enum(CONCERN_STATUSES).optional(),
      topic: z.enum(TOPICS).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Newest first, without contact data',
      content: json(z.object({ items: z.array(ConcernOut) })),
    },
    ...errors,
  },
});

const getConcernRoute = createRoute({
  method: 'get',
  path: '/network/concerns/{id}',
  tags: [TAG],
  summary: 'One concern (contact data only with the permission for people; that read is audited)',
  security,
  middleware: [needs(PERMS.concerns, PERMS.shared)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The concern', content: json(ConcernDetail) },
    ...errors,
    ...notFound,
  },
});

const StatRow = z
  .object({
    month: z.string().openapi({ example: '2025-06' }),
    topic: z.string(),
    language: z.string(),
    venue: z.string(),
    referral: z
      .string()
      .openapi({ description: 'Kind, plus the organisation for services, departments, funds' }),
    count: z.number().int(),
  })
  .openapi('NetworkConcernStat');

const statsRoute = createRoute({
  method: 'get',
  path: '/network/concerns/stats',
  tags: [TAG],
  summary: 'Anonymous concern statistics (counts only; never notes, names or contact data)',
  security,
  middleware: [needs(PERMS.concerns, PERMS.shared)] as const,
  request: {
    query: z.object({
      from: day().optional().openapi({ description: 'First day (recorded at, inclusive)' }),
      to: day().optional().openapi({ description: 'Last day (inclusive)' }),
    }),
  },
  responses: {
    200: {
      description: 'Counts by month, topic, language, venue and referral',
      content: json(z.object({ items: z.array(StatRow) })),
    },
    ...errors,
  },
});

// ── Handlers ────────────────────────────────────────────────────────────────────────────────

async function departmentChoices(c: C, current: readonly string[] = []): Promise<string[]> {
  const known = await listDepartments(c.get('services').db, c.get('tenant')!.id);
  return [...new Set([...known, ...current])];
}

async function visibleConcern(c: C, id: string): Promise<Concern> {
  const x = await getConcern(c.get('services').db, c.get('tenant')!.id, id);
  if (!x || !canSeeConcern(x, await concernAccess(c))) throw new AppError(404, 'not_found');
  return x;
}

export function mountNetworkApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(listActorsRoute, async (c) => {
    const q = c.req.valid('query');
    // The same list as the staff screen.
    const { items, total } = await listDirectory(actorOf(c), c.get('services').db, {
      q: q.q,
      kind: q.kind,
      areaId: q.area,
      field: q.field,
      targetGroup: q.targetGroup,
      flag: q.flag,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json({ items: items.map(actorSummary), total, ...page(q) }, 200);
  });

  api.openapi(getActorRoute, async (c) => {
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const a = await actorFor(actorOf(c), db, c.req.valid('param').id);
    await auditPersonRead(db, tenant.id, a, whoOf(c), 'api');
    return c.json(actorOut(a), 200);
  });

  api.openapi(
    createActorRoute,
    async (c) => {
      const db = c.get('services').db;
      const _tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const member = actorOf(c);
      authorize(member, body.kind === 'person' ? PERMS.people : PERMS.manage);
      const { input, form } = readActorForm(asForm(body), new Date(), await departmentChoices(c));
      if (body.kind === 'person' && body.sharedDepartments?.length)
        form.fail('sharedDepartments', 'network:errors.personNotShared');
      failIfInvalid(c, form);
      // The rule the use case enforces, asked first for the field message (as on the form).
      if (!(await translated(c, () => mayPlaceActor(member, db, input))))
        throw new ValidationError({ areaId: c.get('t')('network:errors.areaInScope') });
      const actor = await translated(c, () =>
        createDirectoryActor(member, db, input, { who: whoOf(c), via: 'api' }),
      );
      return c.json(actorOut(actor), 201);
    },
    readAllOf((sent) => readActorForm(asForm(sent)).form),
  );

  api.openapi(updateActorRoute, async (c) => {
    const db = c.get('services').db;
    const _tenant = c.get('tenant')!;
    const current = await actorFor(actorOf(c), db, c.req.valid('param').id, PERMS.manage);
    const patch = c.req.valid('json');
    // The stored record with the sent fields laid over it goes through the form's checks.
    const merged = { ...actorFormValues(current), ...asForm(patch) };
    const { input, form } = readActorForm(
      merged,
      new Date(),
      await departmentChoices(c, current.sharedDepartments),
    );
    if (input.kind !== current.kind) form.fail('kind', 'network:errors.kindFixed');
    if (current.kind === 'person' && patch.sharedDepartments?.length)
      form.fail('sharedDepartments', 'network:errors.personNotShared');
    // An unchanged consent needs no new tick.
    if (current.kind === 'person' && input.legalBasis === 'consent' && current.consentAt)
      delete form.errors.consentGiven;
    failIfInvalid(c, form);
    if (!(await translated(c, () => mayPlaceActor(actorOf(c), db, input))))
      throw new ValidationError({ areaId: c.get('t')('network:errors.areaInScope') });
    const actor = await translated(c, () =>
      updateDirectoryActor(actorOf(c), db, current.id, input, {
        who: whoOf(c),
        fields: Object.keys(patch),
        via: 'api',
      }),
    );
    return c.json(actorOut(actor), 200);
  });

  api.openapi(listVenuesRoute, async (c) => {
    const q = c.req.valid('query');
    const list = await listVenues(c.get('services').db, c.get('tenant')!.id, {
      scope: scopeOf(actorOf(c), PERMS.read),
      areaId: q.area,
      q: q.q || undefined,
      limit: q.limit,
    });
    return c.json({ items: list.map(venueOut) }, 200);
  });

  api.openapi(getVenueRoute, async (c) => {
    const v = await getVenue(c.get('services').db, c.get('tenant')!.id, c.req.valid('param').id);
    if (!v || !can(actorOf(c), PERMS.read, v.areaIds)) throw new AppError(404, 'not_found');
    return c.json(venueOut(v), 200);
  });

  api.openapi(
    createVenueRoute,
    async (c) => {
      const db = c.get('services').db;
      const tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const { input, form } = readVenueForm({
        ...asForm(body),
        stepFree: tri(body.stepFree),
        accessibleToilet: tri(body.accessibleToilet),
        hearingLoop: tri(body.hearingLoop),
      });
      failIfInvalid(c, form);
      const placement = await place(db, tenant.id, input);
      if (!inScope(placement.areaIds, scopeOf(actorOf(c), PERMS.manage)))
        throw new ValidationError({ areaId: c.get('t')('network:errors.areaInScope') });
      const venue = await translated(c, () => createVenue(actorOf(c), db, input, placement));
      return c.json(venueOut(venue), 201);
    },
    readAllOf(
      (sent) =>
        readVenueForm({
          ...asForm(sent),
          stepFree: tri(sent.stepFree),
          accessibleToilet: tri(sent.accessibleToilet),
          hearingLoop: tri(sent.hearingLoop),
        }).form,
    ),
  );

  api.openapi(datesRoute, async (c) => {
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const q = c.req.valid('query');
    if (q.area && !(await getArea(db, tenant.id, q.area))) throw new AppError(404, 'area_not_found');
    const bundles = await loadSeries(db, tenant.id, {
      scope: scopeOf(actorOf(c), PERMS.read),
      areaId: q.area,
    });
    const dates = upcoming(bundles, new Date(), q.days);
    const venues = await venuesByIds(
      db,
      tenant.id,
      dates.map((d) => d.venueId),
    );
    return c.json(
      {
        items: dates.map((o) => {
          const v = venues.get(o.venueId);
          return {
            key: o.key,
            seriesId: o.seriesId,
            seriesTitle: o.series.title,
            published: o.series.published,
            slotId: o.slotId,
            extraId: o.extraId,
            originalDate: o.originalDate,
            date: o.date,
            startTime: o.startTime,
            endTime: o.endTime,
            start: o.start.toISOString(),
            end: o.end.toISOString(),
            status: o.status,
            note: o.note,
            venue: v ? venueOut(v) : null,
          };
        }),
      },
      200,
    );
  });

  api.openapi(
    createConcernRoute,
    async (c) => {
      const db = c.get('services').db;
      const key = c.req.valid('header')['idempotency-key'];
      const body = c.req.valid('json');
      const { input, form } = readConcernForm(
        { ...asForm(body), idempotencyKey: key },
        c.get('services').now(),
      );
      failIfInvalid(c, form);
      const member = actorOf(c);
      const { concern, created } = await translated(c, async () => {
        // Another area's venue, consultation hour or area: a field message (the use case refuses it too).
        if (!(await mayPlaceConcern(member, db, input)))
          throw new ValidationError({ areaId: 'network:errors.areaInScope' });
        return recordConcern(member, db, input);
      });
      if (!created) {
        // Same key, different concern: a client bug that must not pass silently as "stored".
        if (concern.topic !== input.topic || concern.language !== input.language)
          throw new AppError(409, 'idempotency_key_reused', c.get('t')('network:errors.keyReused'));
        c.header('Idempotent-Replayed', 'true');
        return c.json(concernOut(concern), 200);
      }
      return c.json(concernOut(concern), 201);
    },
    readAllOf((sent, c) => readConcernForm(asForm(sent), c.get('services').now()).form),
  );

  api.openapi(listConcernsRoute, async (c) => {
    const q = c.req.valid('query');
    const list = await listConcerns(c.get('services').db, c.get('tenant')!.id, {
      ...(await concernAccess(c)),
      status: q.status,
      topic: q.topic,
      limit: q.limit,
    });
    return c.json({ items: list.map(concernOut) }, 200);
  });

  api.openapi(statsRoute, async (c) => {
    const q = c.req.valid('query');
    const items = await concernStats(c.get('services').db, c.get('tenant')!.id, {
      ...(await concernAccess(c)),
      from: q.from,
      to: q.to,
    });
    return c.json({ items }, 200);
  });

  api.openapi(getConcernRoute, async (c) => {
    const x = await visibleConcern(c, c.req.valid('param').id);
    const hasContact = !!(x.contactName || x.contactPhone || x.contactEmail);
    const showContact = hasContact && can(actorOf(c), PERMS.people, x.areaIds);
    if (showContact)
      await writeAudit(c.get('services').db, {
        tenantId: c.get('tenant')!.id,
        actorUserId: c.get('user')!.id,
        actorLabel: c.get('user')!.name,
        action: 'read',
        entityType: 'network.concern',
        entityId: x.id,
        personal: true,
        details: { via: 'api' },
      });
    return c.json(
      {
        ...concernOut(x),
        contact: showContact
          ? {
              name: x.contactName,
              phone: x.contactPhone,
              email: x.contactEmail,
              legalBasis: x.legalBasis,
              retentionUntil: x.retentionUntil,
            }
          : null,
      },
      200,
    );
  });
}

const page = (q: { limit: number; offset: number }) => ({ limit: q.limit, offset: q.offset });
