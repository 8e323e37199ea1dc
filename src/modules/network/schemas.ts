/**
 * The network module's inputs, one schema per input: each field's limit and message is written here
 * once. The forms read posted strings through them (`FormReader.schema` with the `*_FORM` shapes),
 * and the JSON API declares its bodies with the same field schemas (api.ts), so the OpenAPI document
 * states the limits the screens apply. Rules between fields (a postcode needs no partner, but a
 * latitude needs its longitude; people need a legal basis) are in the readers of `use-cases/`.
 */
import { z } from 'zod';
import {
  choice,
  choices,
  decimal,
  email,
  emptyOr,
  type FormShape,
  localDate,
  phone,
  requiredText,
  text,
  triState,
  uuid,
} from '../../platform/forms/index.ts';
import type { DateWindow } from '../../platform/http/limits.ts';
import {
  ACTOR_KINDS,
  FIELDS,
  LANGUAGES,
  LEGAL_BASES,
  ORG_TYPES,
  REFERRAL_KINDS,
  TARGET_GROUPS,
  TOPICS,
} from './vocab.ts';

/** Longest texts, in characters. */
export const NETWORK_LIMITS = {
  name: 200,
  description: 4000,
  street: 200,
  houseNumber: 20,
  postcode: 10,
  city: 100,
  website: 300,
  openingHours: 1000,
  accessibilityNotes: 1000,
  referralTarget: 200,
  note: 2000,
  contactName: 200,
} as const;

const POSTCODE = /^\d{5}$/;
const WEB = /^https?:\/\/[^\s]+\.[^\s]+$/i;

/** '' or left out is "none" (forms send nothing, JSON may send ''). */
const optional = <S extends z.ZodType>(schema: S) => emptyOr(schema).optional();

/** Where a record is: address, coordinates (both or neither — checked by the reader), area; how to reach it. */
function placeFields() {
  return {
    street: text(NETWORK_LIMITS.street).optional(),
    houseNumber: text(NETWORK_LIMITS.houseNumber).optional(),
    postcode: optional(
      text(NETWORK_LIMITS.postcode).regex(POSTCODE, { error: 'network:errors.postcode' }),
    ).meta({ example: '13357' }),
    city: text(NETWORK_LIMITS.city).optional(),
    lat: decimal(-90, 90, { label: 'network:place.lat' }).optional(),
    lon: decimal(-180, 180, { label: 'network:place.lon' }).optional(),
    areaId: optional(uuid()),
    phone: optional(phone({ error: 'network:errors.phone' })),
    email: optional(email()),
    website: optional(
      text(NETWORK_LIMITS.website).regex(WEB, { error: 'network:errors.url' }).meta({ format: 'uri' }),
    ),
  };
}

/** A venue (consultation hours and events take place there). */
export function venueFields() {
  return {
    name: requiredText(NETWORK_LIMITS.name),
    ...placeFields(),
    openingHours: text(NETWORK_LIMITS.openingHours).optional(),
    stepFree: triState().optional(),
    accessibleToilet: triState().optional(),
    hearingLoop: triState().optional(),
    accessibilityNotes: text(NETWORK_LIMITS.accessibilityNotes).optional(),
  };
}

export const VENUE_FORM = {
  name: 'text',
  street: 'text',
  houseNumber: 'text',
  postcode: 'text',
  city: 'text',
  lat: 'number',
  lon: 'number',
  areaId: 'text',
  phone: 'text',
  email: 'text',
  website: 'text',
  openingHours: 'text',
  stepFree: 'triState',
  accessibleToilet: 'triState',
  hearingLoop: 'triState',
  accessibilityNotes: 'text',
} as const satisfies Record<keyof ReturnType<typeof venueFields>, FormShape[string]>;

/**
 * An organisation or a person of the directory. The departments an organisation is shared with are
 * the tenant's own list (a checkbox group whose options the reader knows), the retention date's
 * window the app's clock: both are checked by the reader.
 */
export function actorFields() {
  return {
    kind: choice(ACTOR_KINDS),
    orgType: optional(choice(ORG_TYPES)),
    name: requiredText(NETWORK_LIMITS.name),
    description: text(NETWORK_LIMITS.description).optional(),
    fields: choices(FIELDS, { max: FIELDS.length * 2 }).optional(),
    targetGroups: choices(TARGET_GROUPS, { max: TARGET_GROUPS.length * 2 }).optional(),
    languages: choices(LANGUAGES, { max: LANGUAGES.length * 2 }).optional(),
    ...placeFields(),
    isMultiplier: z.boolean().optional(),
    isSeismograph: z.boolean().optional(),
    legalBasis: optional(choice(LEGAL_BASES)),
    consentGiven: z.boolean().optional(),
    retentionUntil: optional(localDate({ error: 'network:errors.date' })),
  };
}

export const ACTOR_FORM = {
  kind: 'text',
  orgType: 'text',
  name: 'text',
  description: 'text',
  fields: 'list',
  targetGroups: 'list',
  languages: 'list',
  street: 'text',
  houseNumber: 'text',
  postcode: 'text',
  city: 'text',
  lat: 'number',
  lon: 'number',
  areaId: 'text',
  phone: 'text',
  email: 'text',
  website: 'text',
  isMultiplier: 'checkbox',
  isSeismograph: 'checkbox',
  legalBasis: 'text',
  consentGiven: 'checkbox',
  retentionUntil: 'text',
} as const satisfies Record<keyof ReturnType<typeof actorFields>, FormShape[string]>;

/**
 * A resident's concern noted at a consultation hour (also from the offline queue and the API).
 * `followUp`: the follow-up date's window and the app's clock (none: any real date, as the API's
 * static schema declares it).
 */
export function concernFields(o: { followUp?: { window: DateWindow; now: () => Date } } = {}) {
  return {
    topic: choice(TOPICS),
    language: choice(LANGUAGES),
    venueId: optional(uuid()),
    seriesId: optional(uuid()),
    areaId: optional(uuid()),
    referralKind: optional(choice(REFERRAL_KINDS)),
    referralTarget: text(NETWORK_LIMITS.referralTarget).optional(),
    referralUserId: optional(uuid()),
    note: text(NETWORK_LIMITS.note).optional(),
    followUpOn: optional(
      localDate({ error: 'network:errors.date', label: 'network:concern.followUpOn', ...o.followUp }),
    ),
    contactName: text(NETWORK_LIMITS.contactName).optional(),
    contactPhone: optional(phone({ error: 'network:errors.phone' })),
    contactEmail: optional(email()),
    legalBasis: optional(choice(LEGAL_BASES)),
    consentGiven: z.boolean().optional(),
  };
}

export const CONCERN_FORM = {
  topic: 'text',
  language: 'text',
  venueId: 'text',
  seriesId: 'text',
  areaId: 'text',
  referralKind: 'text',
  referralTarget: 'text',
  referralUserId: 'text',
  note: 'text',
  followUpOn: 'text',
  contactName: 'text',
  contactPhone: 'text',
  contactEmail: 'text',
  legalBasis: 'text',
  consentGiven: 'checkbox',
} as const satisfies Record<keyof ReturnType<typeof concernFields>, FormShape[string]>;
