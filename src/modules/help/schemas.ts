/**
 * One Zod schema per input of the help directory (platform/forms builders): staff forms, the import
 * and the API later share them. Messages are translation keys.
 */
import { z } from 'zod';
import {
  choice,
  choices,
  email,
  emptyOr,
  httpUrl,
  localTime,
  phone,
  requiredText,
  text,
  uuid,
} from '../../platform/forms/index.ts';
import { PUBLIC_LANGS } from '../../platform/i18n/index.ts';
import { ACCESS_MODES, ACCESSIBILITY, CHANNELS, COSTS } from './domain/vocab.ts';

const endTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'help:errors.time' });
const interval = z.object({ day: z.number().int().min(1).max(7), from: localTime(), to: endTime });
const dayInterval = z.object({ from: localTime(), to: endTime });

export const hoursSchema = z.object({
  mode: choice(['always', 'weekly', 'appointment', 'unknown'] as const),
  intervals: z.array(interval).max(50).default([]),
  exceptions: z
    .array(
      z.object({
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' }),
        closed: z.boolean(),
        intervals: z.array(dayInterval).max(6).optional(),
        note: text(200).optional(),
      }),
    )
    .max(100)
    .default([]),
  note: text(2000).default(''),
});

/** A place of a service: an address (placed by the areas module) or a point, and its hours. */
export const locationSchema = z.object({
  name: text(200).default(''),
  street: text(200).optional(),
  houseNumber: text(20).optional(),
  postcode: text(10).optional(),
  city: text(100).optional(),
  district: text(100).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  /** The area chosen by staff; without it the place is put in areas by its point or address. */
  areaId: uuid().optional(),
  venueId: uuid().optional(),
  stepFree: z.boolean().nullable().default(null),
  accessibility: choices(ACCESSIBILITY).default([]),
  hours: hoursSchema,
});
export type LocationInput = z.input<typeof locationSchema>;

export const serviceSchema = z.object({
  name: requiredText(300),
  providerActorId: uuid().optional(),
  providerName: text(300).default(''),
  description: text(5000).default(''),
  descriptionEasy: text(5000).default(''),
  topics: z.array(text(40)).max(30).default([]),
  targetGroups: z.array(text(100)).max(30).default([]),
  languages: z.array(text(120)).max(60).default([]),
  cost: choice(COSTS).default('unknown'),
  costNote: text(500).default(''),
  eligibility: text(2000).default(''),
  access: choice(ACCESS_MODES).default('unknown'),
  channels: choices(CHANNELS).default([]),
  phone: emptyOr(phone()).optional(),
  email: emptyOr(email()).optional(),
  website: emptyOr(httpUrl()).optional(),
  keywords: z.array(text(100)).max(60).default([]),
  reviewerId: uuid().optional(),
  reviewMonths: z.number().int().min(1).max(60).default(12),
  locations: z.array(locationSchema).max(50).default([]),
});
export type ServiceInput = z.input<typeof serviceSchema>;
export type ServiceValues = z.output<typeof serviceSchema>;

export const situationSchema = z.object({
  label: requiredText(200),
  terms: z.array(requiredText(100)).max(80).default([]),
  topics: z.array(text(40)).max(30).default([]),
});
export type SituationInput = z.input<typeof situationSchema>;

/** The public search: the words, and filters. */
export const searchSchema = z.object({
  q: text(200).default(''),
  language: text(60).optional(),
  areaId: uuid().optional(),
  /** An address ("Koloniestraße 12"): places near it first, far ones left out (use-cases/near.ts). */
  near: text(200).optional(),
  openNow: z.boolean().default(false),
  free: z.boolean().default(false),
  stepFree: z.boolean().default(false),
  walkIn: z.boolean().default(false),
  limit: z.number().int().min(1).max(100).default(30),
});
export type SearchInput = z.input<typeof searchSchema>;

/** Staff send the provider a private link: to the service's mailbox unless another is typed. */
export const reviewLinkSchema = z.object({ email: emptyOr(email()).optional() });
export type ReviewLinkInput = z.input<typeof reviewLinkSchema>;

/**
 * What a provider proposes through their link: the entry's texts and contact as they should read,
 * and a note for what the form has no field for (places, opening hours). Staff accept or reject it.
 */
export const proposalSchema = z.object({
  name: requiredText(300),
  description: text(5000).default(''),
  eligibility: text(2000).default(''),
  costNote: text(500).default(''),
  phone: emptyOr(phone()).default(''),
  email: emptyOr(email()).default(''),
  website: emptyOr(httpUrl()).default(''),
  note: text(2000).default(''),
});
export type ProposalInput = z.input<typeof proposalSchema>;
export type ProposalValues = z.output<typeof proposalSchema>;

/** Staff's decision on a proposed change. */
export const decisionSchema = z.object({ decision: choice(['accepted', 'rejected'] as const) });
export type DecisionInput = z.input<typeof decisionSchema>;

/** Seconds each panel of a kiosk's start screen shows (the stylesheet has one class for each). */
export const KIOSK_ROTATIONS = [10, 15, 20, 30, 45, 60] as const;

/** A kiosk screen's configuration (staff form): which house, the house's events, languages, rotation. */
export const kioskSchema = z.object({
  name: requiredText(120),
  houseId: uuid({ error: 'help:errors.kioskHouse' }),
  venueId: emptyOr(uuid()).default(''),
  languages: z
    .array(z.enum(PUBLIC_LANGS, { error: 'validation.choice' }))
    .min(1, { error: 'help:errors.kioskLanguages' })
    .max(PUBLIC_LANGS.length),
  rotateSeconds: z
    .number({ error: 'validation.choice' })
    .refine((n) => (KIOSK_ROTATIONS as readonly number[]).includes(n), { error: 'validation.choice' }),
});
export type KioskInput = z.input<typeof kioskSchema>;
