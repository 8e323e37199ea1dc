/**
 * The staff inputs of houses, one schema each — a house, a room, a closure: every field's limit and
 * message is written here once, and a text over its limit is refused with the limit, never cut.
 * The readers in `use-cases/manage.ts` add what needs more than one field or the member (a slug taken,
 * opening hours per weekday, the area scope, an end after the start).
 */
import { z } from 'zod';
import {
  choice,
  choices,
  email,
  emptyOr,
  euroCents,
  type FormField,
  type FieldErrors as KeyErrors,
  localDate,
  localTime,
  requiredText,
  text,
  uuid,
  wholeNumber,
} from '../../platform/forms/index.ts';
import { type DateWindow, NUMBER_LIMITS } from '../../platform/http/limits.ts';
import { CLOSURE_KINDS, HOUSE_KINDS } from './db/schema.ts';
import { CATEGORIES } from './domain/categories.ts';
import { WEEKDAYS, type WeekdayKey } from './domain/opening-hours.ts';
import type { FieldErrors } from './use-cases/request-input.ts';

export const HOUSE_LIMITS = {
  name: 200,
  line: 200,
  longText: 5000,
  accessibility: 2000,
  url: 500,
  hours: 200,
  reason: 300,
  equipment: 2000,
} as const;

/** Longest texts of a booking request (the public form, the staff form and the API). */
export const REQUEST_LIMITS = { name: 200, email: 254, phone: 50, organisation: 200, purpose: 2000 } as const;

/** A house's or room's address word (also checked on the slug made from the name). */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
/** Left out or '' is "none" (forms send nothing for an empty field). */
const optional = <S extends z.ZodType>(schema: S) => emptyOr(schema).optional();
const slug = () => optional(text(40).regex(SLUG, { error: 'validation.slug' }));
const line = () => text(HOUSE_LIMITS.line).optional();
const long = () => text(HOUSE_LIMITS.longText).optional();

export const houseFields = {
  name: requiredText(HOUSE_LIMITS.name),
  slug: slug(),
  kind: choice(HOUSE_KINDS),
  areaId: optional(uuid()),
  ownerName: line(),
  externalBookingUrl: optional(
    text(HOUSE_LIMITS.url).regex(/^https?:\/\/\S+$/, { error: 'houses:errors.url' }),
  ),
  street: line(),
  postcode: line(),
  city: line(),
  description: long(),
  houseRules: long(),
  contactName: line(),
  contactEmail: optional(email()),
  contactPhone: line(),
  keyHandover: long(),
  published: z.boolean().optional(),
  // One weekday's opening hours as typed ("9-13, 14-18"), read by parseDayHours; Monday is 1.
  ...(Object.fromEntries(WEEKDAYS.map((d) => [`hours${d}`, text(HOUSE_LIMITS.hours).optional()])) as Record<
    `hours${WeekdayKey}`,
    z.ZodOptional<ReturnType<typeof text>>
  >),
};

export const HOUSE_FORM = {
  ...(Object.fromEntries(Object.keys(houseFields).map((k) => [k, 'text'])) as Record<
    keyof typeof houseFields,
    'text'
  >),
  published: 'checkbox',
} as const satisfies Record<keyof typeof houseFields, FormField>;

const euros = (label: string) =>
  euroCents({ ...NUMBER_LIMITS.euros, error: 'houses:errors.money', label }).optional();
const whole = (min: number, max: number, label: string) => wholeNumber(min, max, { label }).optional();

export const roomFields = {
  name: requiredText(HOUSE_LIMITS.name),
  slug: slug(),
  description: long(),
  capacity: whole(0, 10_000, 'houses:room.capacity'),
  sizeSqm: whole(1, 100_000, 'houses:room.sizeSqm'),
  equipment: text(HOUSE_LIMITS.equipment).optional(),
  accessibility: text(HOUSE_LIMITS.accessibility).optional(),
  stepFree: z.boolean().optional(),
  allowedCategories: choices(CATEGORIES).optional(),
  feeHour: euros('houses:room.feeHour'),
  feeHalfDay: euros('houses:room.feeHalfDay'),
  feeDay: euros('houses:room.feeDay'),
  nonprofitPct: whole(0, 100, 'houses:room.nonprofitPct'),
  residentPct: whole(0, 100, 'houses:room.residentPct'),
  bufferMinutes: whole(0, 240, 'houses:room.buffer'),
  active: z.boolean().optional(),
  sort: whole(0, 1000, 'houses:room.sort'),
};

/** How the room form posts its fields (numbers as typed; the schema refuses what is no number). */
export const ROOM_FORM = {
  name: 'text',
  slug: 'text',
  description: 'text',
  capacity: 'number',
  sizeSqm: 'number',
  equipment: 'text',
  accessibility: 'text',
  stepFree: 'checkbox',
  allowedCategories: 'list',
  feeHour: 'text',
  feeHalfDay: 'text',
  feeDay: 'text',
  nonprofitPct: 'number',
  residentPct: 'number',
  bufferMinutes: 'number',
  active: 'checkbox',
  sort: 'number',
} as const satisfies Record<keyof typeof roomFields, FormField>;

/** A closure's fields; its dates lie within the planning window of the app's clock. */
export const closureFields = (window: { window: DateWindow; now: () => Date }) => ({
  roomId: optional(uuid()),
  kind: choice(CLOSURE_KINDS),
  fromDate: localDate({ error: 'houses:errors.date', label: 'houses:staff.fromDate', ...window }),
  fromTime: optional(localTime({ error: 'houses:errors.time' })),
  toDate: localDate({ error: 'houses:errors.date', label: 'houses:staff.toDate', ...window }),
  /** "24:00" is the end of the day. */
  toTime: optional(z.union([z.literal('24:00'), localTime({ error: 'houses:errors.time' })])),
  reason: requiredText(HOUSE_LIMITS.reason),
});

export const CLOSURE_FORM = {
  roomId: 'text',
  kind: 'text',
  fromDate: 'text',
  fromTime: 'text',
  toDate: 'text',
  toTime: 'text',
  reason: 'text',
} as const satisfies Record<keyof ReturnType<typeof closureFields>, FormField>;

/** The schema's messages (keys with their values joined, as `t` reads them) in the houses screens' shape. */
export const asMessages = (errors: KeyErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, { key }]));
