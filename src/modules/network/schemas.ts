/**
 * The network module's inputs, one schema per input: each field's limit and message is written here
 * once. The forms read posted strings through them (`FormReader.schema` with the `*_FORM` shapes),
 * and the JSON API declares its bodies with the same field schemas (api.ts), so the OpenAPI document
 * states the limits the screens apply. Rules between fields (a postcode needs no partner, but a
 * latitude needs its longitude; people need a legal basis) are in the readers of `use-cases/`.
 */
import { z } from 'zod';
import { NTH, SIMPLE_REPEATS, WEEKDAYS } from '../../platform/calendar/recurrence.ts';
import {
  choice,
  choices,
  decimal,
  email,
  emptyOr,
  type FormShape,
  localDate,
  localTime,
  phone,
  requiredText,
  text,
  triState,
  uuid,
  wholeNumber,
} from '../../platform/forms/index.ts';
import { type DateWindow, PLANNING } from '../../platform/http/limits.ts';
import {
  ACTOR_KINDS,
  CONTACT_KINDS,
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
  contactSummary: 300,
  contactNotes: 4000,
  taskTitle: 200,
  outreachPlace: 200,
  occasion: 300,
  outcome: 2000,
  /** People reached by one outreach. */
  reached: 100_000,
  seriesTitle: 200,
  seriesDescription: 2000,
  seriesContact: 300,
  dateNote: 300,
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

/** The app's clock for the date windows of a form (read at parse time). */
export interface Clock {
  now: () => Date;
}
const planned = (clock: Clock, label?: string) =>
  localDate({ error: 'network:errors.date', window: PLANNING, now: clock.now, ...(label ? { label } : {}) });
const time = () => localTime({ error: 'network:errors.time' });

/**
 * A contact with an actor, and optionally its follow-up task. Title and due date come together and a
 * contact lies not after today: the reader checks those.
 */
export const contactFields = (clock: Clock) => ({
  kind: choice(CONTACT_KINDS),
  date: planned(clock, 'network:contacts.date'),
  time: optional(time()),
  summary: requiredText(NETWORK_LIMITS.contactSummary),
  notes: text(NETWORK_LIMITS.contactNotes).optional(),
  followUpTitle: text(NETWORK_LIMITS.taskTitle).optional(),
  followUpDue: optional(planned(clock, 'network:tasks.due')),
  followUpAssignee: optional(uuid()),
});

export const CONTACT_FORM = {
  kind: 'text',
  date: 'text',
  time: 'text',
  summary: 'text',
  notes: 'text',
  followUpTitle: 'text',
  followUpDue: 'text',
  followUpAssignee: 'text',
} as const satisfies Record<keyof ReturnType<typeof contactFields>, FormShape[string]>;

/** An outreach planned (and later its outcome): where, for whom, when, how many were reached. */
export const outreachFields = (clock: Clock) => ({
  areaId: uuid(),
  targetGroup: choice(TARGET_GROUPS),
  place: requiredText(NETWORK_LIMITS.outreachPlace),
  venueId: optional(uuid()),
  plannedOn: planned(clock, 'network:outreach.date'),
  occasion: requiredText(NETWORK_LIMITS.occasion),
  outcome: text(NETWORK_LIMITS.outcome).optional(),
  reached: wholeNumber(0, NETWORK_LIMITS.reached, { label: 'network:outreach.reached' }).optional(),
});

export const OUTREACH_FORM = {
  areaId: 'text',
  targetGroup: 'text',
  place: 'text',
  venueId: 'text',
  plannedOn: 'text',
  occasion: 'text',
  outcome: 'text',
  reached: 'number',
} as const satisfies Record<keyof ReturnType<typeof outreachFields>, FormShape[string]>;

/** A series of consultation hours. */
export const seriesFields = {
  title: requiredText(NETWORK_LIMITS.seriesTitle),
  description: text(NETWORK_LIMITS.seriesDescription).optional(),
  areaId: uuid(),
  languages: choices(LANGUAGES, { max: LANGUAGES.length * 2 }).optional(),
  contact: text(NETWORK_LIMITS.seriesContact).optional(),
  published: z.boolean().optional(),
};

export const SERIES_FORM = {
  title: 'text',
  description: 'text',
  areaId: 'text',
  languages: 'list',
  contact: 'text',
  published: 'checkbox',
} as const satisfies Record<keyof typeof seriesFields, FormShape[string]>;

/**
 * A regular time of a series (weekly, every other week, a weekday of the month). A monthly one needs
 * its week and the end lies after the start: the reader checks those.
 */
export const slotFields = (clock: Clock) => ({
  venueId: uuid(),
  pattern: choice(SIMPLE_REPEATS),
  weekday: choice(WEEKDAYS),
  nth: optional(choice(NTH)),
  startTime: time(),
  endTime: time(),
  startsOn: planned(clock, 'network:series.startsOn'),
  endsOn: optional(planned(clock, 'network:series.endsOn')),
});

export const SLOT_FORM = {
  venueId: 'text',
  pattern: 'text',
  weekday: 'text',
  nth: 'text',
  startTime: 'text',
  endTime: 'text',
  startsOn: 'text',
  endsOn: 'text',
} as const satisfies Record<keyof ReturnType<typeof slotFields>, FormShape[string]>;

/** One date of a series cancelled, changed or restored. */
export const occurrenceFields = (clock: Clock) => ({
  action: choice(['cancel', 'change', 'restore']),
  slotId: optional(uuid()),
  date: planned(clock),
  note: text(NETWORK_LIMITS.dateNote).optional(),
  venueId: optional(uuid()),
  startTime: optional(time()),
  endTime: optional(time()),
});

export const OCCURRENCE_FORM = {
  action: 'text',
  slotId: 'text',
  date: 'text',
  note: 'text',
  venueId: 'text',
  startTime: 'text',
  endTime: 'text',
} as const satisfies Record<keyof ReturnType<typeof occurrenceFields>, FormShape[string]>;

/** A date of a series outside its regular times. */
export const extraFields = (clock: Clock) => ({
  venueId: uuid(),
  date: planned(clock),
  startTime: time(),
  endTime: time(),
  note: text(NETWORK_LIMITS.dateNote).optional(),
});

export const EXTRA_FORM = {
  venueId: 'text',
  date: 'text',
  startTime: 'text',
  endTime: 'text',
  note: 'text',
} as const satisfies Record<keyof ReturnType<typeof extraFields>, FormShape[string]>;
