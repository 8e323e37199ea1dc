/**
 * One Zod schema per input of the volunteering module, built from the platform's builders: the use
 * cases parse with them, the forms read into them (`fromForm`) and the API documents them. Messages
 * are translation keys (`validation.*`, `volunteering:errors.*`).
 */
import { z } from 'zod';
import type { FormShape } from '../../platform/forms/index.ts';
import {
  choice,
  choices,
  email,
  emptyOr,
  localDate,
  phone,
  requiredText as required,
  text,
  uuid,
  wholeNumber,
} from '../../platform/forms/index.ts';
import { PLANNING, RECORD } from '../../platform/http/limits.ts';
import { DAY_PARTS, JOIN_MODES, LANGUAGES, NEED_KINDS, SCHEDULES, SKILLS, WEEKDAYS } from './domain/vocab.ts';

const id = uuid();
const planDate = localDate({ window: PLANNING, error: 'volunteering:errors.date' });
const optionalPhone = emptyOr(phone()).default('');

/** A need or a call, posted by staff (for themselves or a local actor). */
export const needFields = {
  kind: choice(NEED_KINDS).default('need'),
  title: required(200),
  description: text(5000).default(''),
  forWhom: text(300).default(''),
  areaId: id,
  actorId: id.nullable().default(null),
  organisation: text(200).default(''),
  place: text(300).default(''),
  schedule: choice(SCHEDULES).default('regular'),
  startsOn: planDate.nullable().default(null),
  endsOn: planDate.nullable().default(null),
  weekdays: choices(WEEKDAYS).default([]),
  dayParts: choices(DAY_PARTS).default([]),
  scheduleNote: text(300).default(''),
  peopleNeeded: wholeNumber(1, 1000, { label: 'volunteering:fields.peopleNeeded' }).default(1),
  skills: choices(SKILLS).default([]),
  languages: choices(LANGUAGES).default([]),
  safeguarding: z.boolean().default(false),
  contactName: text(200).default(''),
  contactEmail: emptyOr(email()).default(''),
  contactPhone: optionalPhone,
};
export const needInput = z.object(needFields);
export type NeedInput = z.input<typeof needInput>;
export const NEED_FORM: FormShape = {
  kind: 'text',
  title: 'text',
  description: 'text',
  forWhom: 'text',
  areaId: 'text',
  actorId: 'text',
  organisation: 'text',
  place: 'text',
  schedule: 'text',
  startsOn: 'text',
  endsOn: 'text',
  weekdays: 'list',
  dayParts: 'list',
  scheduleNote: 'text',
  peopleNeeded: 'number',
  skills: 'list',
  languages: 'list',
  safeguarding: 'checkbox',
  contactName: 'text',
  contactEmail: 'text',
  contactPhone: 'text',
};

/** A volunteer's offer (public form and the volunteer's own changes). */
export const offerFields = {
  name: required(200),
  email: email(),
  phone: optionalPhone,
  organisation: text(200).default(''),
  about: text(3000).default(''),
  skills: choices(SKILLS).default([]),
  weekdays: choices(WEEKDAYS).default([]),
  dayParts: choices(DAY_PARTS).default([]),
  areaIds: z.array(id).min(1, { error: 'volunteering:errors.areaNeeded' }).max(20),
  languages: choices(LANGUAGES).default([]),
};
export const offerInput = z.object(offerFields);
export type OfferInput = z.input<typeof offerInput>;
export const OFFER_FORM: FormShape = {
  name: 'text',
  email: 'text',
  phone: 'text',
  organisation: 'text',
  about: 'text',
  skills: 'list',
  weekdays: 'list',
  dayParts: 'list',
  areaIds: 'list',
  languages: 'list',
};

/** Staff record that they have seen the extended certificate, with its issue date (never the document). */
export const certificateSeenInput = z.object({
  issuedOn: localDate({
    window: RECORD,
    error: 'volunteering:errors.date',
    label: 'volunteering:fields.issuedOn',
  }),
});
export type CertificateSeenInput = z.input<typeof certificateSeenInput>;

/** Hours of a match (entered by the volunteer, or suggested by staff for the volunteer to confirm). */
export const hoursInput = z.object({
  day: localDate({ window: RECORD, error: 'volunteering:errors.date', label: 'volunteering:fields.day' }),
  hours: z
    .number({ error: 'volunteering:errors.hours' })
    .min(0.25, { error: 'volunteering:errors.hours' })
    .max(24, { error: 'volunteering:errors.hours' }),
  note: text(300).default(''),
});
export type HoursInput = z.input<typeof hoursInput>;

/** An initiative in the public directory: a network actor with its activities and how to join. */
export const initiativeFields = {
  actorId: id,
  areaId: id,
  activities: text(3000).default(''),
  meets: text(300).default(''),
  place: text(300).default(''),
  joinMode: choice(JOIN_MODES).default('contact'),
  published: z.boolean().default(true),
};
export const initiativeInput = z.object(initiativeFields);
export type InitiativeInput = z.input<typeof initiativeInput>;

/** A message to an initiative through its contact form (the initiative answers the sender). */
export const contactInput = z.object({
  name: required(200),
  email: email(),
  message: required(3000),
});
export type ContactInput = z.input<typeof contactInput>;

/** A sign-up for a call. */
export const signupInput = z.object({ name: required(200), email: email() });
export type SignupInput = z.input<typeof signupInput>;

/** A thank-you message. */
export const thanksInput = z.object({ text: required(2000) });
