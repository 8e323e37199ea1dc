/**
 * The event input, one schema for the staff form, the public submission, the JSON API and the
 * calendar import: each field's limit and message is written here once. The form reads posted
 * strings with `fromForm(body, EVENT_FORM)`, the API's body schema (api/routes.ts) is built from the
 * same fields, so the OpenAPI document states these limits. Rules between fields (an end after the
 * start, a place or a link, a cost note for paid events) are in `readEventForm`.
 */
import { z } from 'zod';
import {
  choice,
  email,
  emptyOr,
  type FormShape,
  httpUrl,
  localDate,
  localTime,
  phone,
  requiredText,
  text,
  triState,
  uuid,
  wholeNumber,
} from '../../platform/forms/index.ts';
import { NUMBER_LIMITS, PLANNING } from '../../platform/http/limits.ts';
import { type Lang, PUBLIC_LANGS } from '../../platform/i18n/index.ts';
import { isDate } from '../../platform/time/index.ts';
import { COSTS, EVENT_KINDS, REGISTRATION_MODES } from './db/schema.ts';
import { EVENT_LANGUAGES, REPEATS, TARGET_GROUPS } from './domain/vocab.ts';

/** Longest texts of an event, in characters. */
export const EVENT_LIMITS = {
  title: 200,
  description: 20_000,
  locationName: 200,
  locationAddress: 300,
  onlineUrl: 500,
  organiserName: 200,
  accessibilityNotes: 1000,
  costNote: 200,
  imageAlt: 300,
  /** Dates left out of a series. */
  exdates: 400,
} as const;

/** A list of ids: a wrong one is "choose one of the offered". */
const ids = () =>
  z
    .array(z.string())
    .max(100)
    .superRefine((a, ctx) => {
      if (!a.every((s) => uuid().safeParse(s).success))
        ctx.addIssue({ code: 'custom', message: 'validation.choice' });
    })
    .transform((a) => [...new Set(a.map((s) => s.toLowerCase()))]);
/** Some of the offered values; one unknown is named, the known ones are kept. */
const someOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .array(choice(values))
    .max(values.length * 2)
    .transform((a) => [...new Set(a)]);

export interface EventFieldOptions {
  /** Staff (the form and the API) or a public submission: staff dates lie in the planning window. */
  staff: boolean;
  /** The app's clock for the date windows; without it no window is checked (the API's static schema). */
  now?: () => Date;
}

/**
 * Every field of the event input, each checked on its own. Empty text is '' or left out (the form
 * sends nothing, JSON may send ''); required fields say so.
 */
export function eventFields(o: EventFieldOptions) {
  const window = o.now ? { window: PLANNING, now: o.now } : {};
  const day = (label: string) =>
    localDate({ error: 'events:errors.date', label, ...(o.staff ? window : {}) });
  const time = () => emptyOr(localTime({ error: 'events:errors.time' })).optional();
  return {
    kind: choice(EVENT_KINDS).optional(),
    title: requiredText(EVENT_LIMITS.title),
    description: text(EVENT_LIMITS.description).optional(),
    allDay: z.boolean().optional(),
    date: day('events:fields.date'),
    startTime: time(),
    endDate: emptyOr(
      localDate({ error: 'events:errors.date', label: 'events:fields.endDate', ...window }),
    ).optional(),
    endTime: time(),
    repeat: choice([...REPEATS, 'custom']).optional(),
    until: emptyOr(localDate({ error: 'events:errors.date' })).optional(),
    exdates: z
      .array(z.string())
      .max(EVENT_LIMITS.exdates, { error: 'events:errors.exdates' })
      .superRefine((a, ctx) => {
        if (!a.every(isDate)) ctx.addIssue({ code: 'custom', message: 'events:errors.exdates' });
      })
      .optional(),
    areaId: emptyOr(uuid()).optional(),
    venueId: emptyOr(uuid()).optional(),
    locationName: text(EVENT_LIMITS.locationName).optional(),
    locationAddress: text(EVENT_LIMITS.locationAddress).optional(),
    onlineUrl: emptyOr(httpUrl({ error: 'events:errors.url', max: EVENT_LIMITS.onlineUrl })).optional(),
    organiserActorId: emptyOr(uuid()).optional(),
    organiserName: text(EVENT_LIMITS.organiserName).optional(),
    contactEmail: emptyOr(email()).optional(),
    categoryIds: ids().optional(),
    targetGroups: someOf(TARGET_GROUPS).optional(),
    languages: someOf(EVENT_LANGUAGES).optional(),
    stepFree: triState().optional(),
    accessibleToilet: triState().optional(),
    hearingLoop: triState().optional(),
    signLanguage: z.boolean().optional(),
    accessibilityNotes: text(EVENT_LIMITS.accessibilityNotes).optional(),
    cost: choice(COSTS).optional(),
    costNote: text(EVENT_LIMITS.costNote).optional(),
    imageAlt: text(EVENT_LIMITS.imageAlt).optional(),
    registrationRequired: z.boolean().optional(),
    capacity: wholeNumber(NUMBER_LIMITS.persons.min, NUMBER_LIMITS.persons.max, {
      label: 'events:fields.capacity',
    }).optional(),
    waitlistEnabled: z.boolean().optional(),
    registrationMode: choice(REGISTRATION_MODES).optional(),
  };
}
export type EventFields = ReturnType<typeof eventFields>;

/** How the event form posts each field. */
export const EVENT_FORM = {
  kind: 'text',
  title: 'text',
  description: 'text',
  allDay: 'checkbox',
  date: 'text',
  startTime: 'text',
  endDate: 'text',
  endTime: 'text',
  repeat: 'text',
  until: 'text',
  exdates: 'words',
  areaId: 'text',
  venueId: 'text',
  locationName: 'text',
  locationAddress: 'text',
  onlineUrl: 'text',
  organiserActorId: 'text',
  organiserName: 'text',
  contactEmail: 'text',
  categoryIds: 'list',
  targetGroups: 'list',
  languages: 'list',
  stepFree: 'triState',
  accessibleToilet: 'triState',
  hearingLoop: 'triState',
  signLanguage: 'checkbox',
  accessibilityNotes: 'text',
  cost: 'text',
  costNote: 'text',
  imageAlt: 'text',
  registrationRequired: 'checkbox',
  capacity: 'number',
  waitlistEnabled: 'checkbox',
  registrationMode: 'text',
} as const satisfies Record<keyof EventFields, FormShape[string]>;

/** Longest texts and the places one registration may take. */
export const REGISTRATION_LIMITS = { name: 200, places: 4 } as const;

/**
 * A registration for an event (the public form). The chosen date of a series registered per date is
 * checked against the event by the reader (`readRegistrationForm`), since only the event knows its dates.
 */
export const registrationFields = {
  name: requiredText(REGISTRATION_LIMITS.name),
  email: email(),
  phone: emptyOr(phone({ error: 'events:errors.phone' })).optional(),
  places: wholeNumber(1, REGISTRATION_LIMITS.places, { label: 'events:registration.places' }).optional(),
  date: emptyOr(localDate({ error: 'events:errors.date' })).optional(),
};

export const REGISTRATION_FORM = {
  name: 'text',
  email: 'text',
  phone: 'text',
  places: 'number',
  date: 'text',
} as const satisfies Record<keyof typeof registrationFields, FormShape[string]>;

/** Longest texts of a forum's or meeting's results and its documents. */
export const RESULTS_LIMITS = { text: 50_000, fileTitle: 200 } as const;

/** The results of an event: the text, and whether it is shown on the event's page (which needs a text). */
export const resultsFields = {
  results: text(RESULTS_LIMITS.text).optional(),
  publish: z.boolean().optional(),
};
export const RESULTS_FORM = { results: 'text', publish: 'checkbox' } as const satisfies Record<
  keyof typeof resultsFields,
  FormShape[string]
>;

/** A document of the results (the file itself is checked by `checkResultFile`). */
export const resultFileFields = { title: requiredText(RESULTS_LIMITS.fileTitle) };
export const RESULT_FILE_FORM = { title: 'text' } as const satisfies Record<
  keyof typeof resultFileFields,
  FormShape[string]
>;

/** Longest texts of the calendar's settings: the criteria per language, a category's names. */
export const SETTINGS_LIMITS = { criteria: 10_000, category: 80 } as const;

type CriteriaField = `criteria_${Lang}`;
/** The criteria for submissions in each public language, and who is told of new ones. */
export const settingsFields = {
  ...(Object.fromEntries(
    PUBLIC_LANGS.map((l) => [`criteria_${l}`, text(SETTINGS_LIMITS.criteria).optional()]),
  ) as Record<CriteriaField, z.ZodOptional<ReturnType<typeof text>>>),
  notifyEmail: emptyOr(email()).optional(),
};
export const SETTINGS_FORM = Object.fromEntries(
  Object.keys(settingsFields).map((k) => [k, 'text']),
) as Record<keyof typeof settingsFields, 'text'>;

/** A category of the calendar: its name (German, its address word made from it) and English label. */
export const categoryFields = {
  name: requiredText(SETTINGS_LIMITS.category),
  en: text(SETTINGS_LIMITS.category).optional(),
};
export const CATEGORY_FORM = { name: 'text', en: 'text' } as const satisfies Record<
  keyof typeof categoryFields,
  FormShape[string]
>;

/** Where a source's events come from: an address read regularly, or files uploaded by hand. */
export const SOURCE_KINDS = ['url', 'file'] as const;
/** Imported events are published at once, or wait in the review queue. */
export const PUBLISH_MODES = ['publish', 'review'] as const;

/** Longest texts of a calendar import source; how often (minutes) an address is read. */
export const SOURCE_LIMITS = {
  name: 200,
  url: 500,
  attribution: 300,
  interval: { min: 15, max: 10_080 },
} as const;

/**
 * A calendar import source (the staff form, and the command line's import of a file). Whether an
 * address is needed depends on the kind, and which area and categories may be chosen on the member
 * and the tenant: the reader and the use case check those.
 */
export const sourceFields = {
  name: requiredText(SOURCE_LIMITS.name),
  kind: choice(SOURCE_KINDS),
  url: emptyOr(httpUrl({ error: 'events:errors.url', max: SOURCE_LIMITS.url })).optional(),
  areaId: emptyOr(uuid()).optional(),
  categoryIds: ids().optional(),
  attribution: text(SOURCE_LIMITS.attribution).optional(),
  attributionUrl: emptyOr(httpUrl({ error: 'events:errors.url', max: SOURCE_LIMITS.url })).optional(),
  publishMode: choice(PUBLISH_MODES).optional(),
  intervalMinutes: wholeNumber(SOURCE_LIMITS.interval.min, SOURCE_LIMITS.interval.max, {
    label: 'events:import.fields.interval',
  }).optional(),
  enabled: z.boolean().optional(),
};
export const SOURCE_FORM = {
  name: 'text',
  kind: 'text',
  url: 'text',
  areaId: 'text',
  categoryIds: 'list',
  attribution: 'text',
  attributionUrl: 'text',
  publishMode: 'text',
  intervalMinutes: 'number',
  enabled: 'checkbox',
} as const satisfies Record<keyof typeof sourceFields, FormShape[string]>;

/** The head count of one date and its note (staff form and API). */
export const ATTENDANCE_LIMITS = { count: 100_000, note: 1000 } as const;
/**
 * The attendance fields as the API body declares them, so the OpenAPI document states the limits the
 * form reader (`readAttendanceForm`) applies; the split's sum is a rule between fields, checked there.
 */
export const attendanceFields = {
  total: wholeNumber(0, ATTENDANCE_LIMITS.count),
  count: wholeNumber(0, ATTENDANCE_LIMITS.count),
  note: text(ATTENDANCE_LIMITS.note),
};
