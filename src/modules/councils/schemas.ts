/**
 * One Zod schema per input of the councils module, built from the platform's builders
 * (src/platform/forms): the use cases parse with them, and the forms and the API (later) share them.
 * Messages are translation keys — common `validation.*` or `councils:errors.*` — so a refusal names
 * the field in the user's language.
 */
import { z } from 'zod';
import {
  choice,
  email,
  emptyOr,
  httpUrl,
  instant,
  localDate,
  requiredText as required,
  slug,
  text,
  uuid,
} from '../../platform/forms/index.ts';
import { type DateWindow, PLANNING } from '../../platform/http/limits.ts';
import {
  AGENDA_KINDS,
  ATTENDANCE_STATUSES,
  BODY_KINDS,
  CHOICES,
  COMPOSITION_RULES,
  MAJORITY_RULES,
  MEMBER_KINDS,
  MEMBER_ROLES,
  QUORUM_RULES,
  TIE_RULES,
  VOTE_KINDS,
} from './domain/vocab.ts';

/**
 * Terms and elections reach further back than plans (a long-standing member's term may have begun
 * decades ago) and run some years ahead. Meetings and circulation votes use the planning window.
 */
export const TERMS: DateWindow = { pastYears: 40, futureYears: 15 };

const id = uuid();
const termDate = localDate({ window: TERMS, error: 'councils:errors.date' });
const when = instant({ window: PLANNING, error: 'councils:errors.dateTime' });
const count = z.number({ error: 'councils:errors.count' }).int({ error: 'councils:errors.count' }).min(0, {
  error: 'councils:errors.count',
});
const optionalEmail = emptyOr(email());
const webLink = httpUrl({ error: 'councils:errors.url' });

/** A body and its rules. Rules left out take the defaults of the body's kind (`defaultRules`). */
export const bodyInput = z.object({
  name: required(200),
  slug: slug(60).optional(),
  kind: choice(BODY_KINDS),
  purpose: text(5000).default(''),
  areaId: id.nullable().default(null),
  public: z.boolean().optional(),
  quorumRule: choice(QUORUM_RULES).optional(),
  quorumFixed: z.number().int().min(1, { error: 'councils:errors.count' }).max(500).nullable().optional(),
  majorityRule: choice(MAJORITY_RULES).optional(),
  tieRule: choice(TIE_RULES).optional(),
  compositionRule: choice(COMPOSITION_RULES).optional(),
  invitationDays: z
    .number()
    .int()
    .min(0, { error: 'councils:errors.days' })
    .max(60, { error: 'councils:errors.days' })
    .optional(),
  voteByNameRequired: z.boolean().optional(),
  circulationQuorumRule: z
    .enum(['more_than_half', 'at_least_half', 'at_least_third', 'none'], { error: 'validation.choice' })
    .optional(),
  termYears: z
    .number()
    .int()
    .min(1, { error: 'councils:errors.years' })
    .max(10, { error: 'councils:errors.years' })
    .nullable()
    .optional(),
});
export type BodyInput = z.input<typeof bodyInput>;

/** A new member record (one term). */
export const memberInput = z.object({
  kind: choice(MEMBER_KINDS),
  name: required(200),
  /** The person agreed that their name is shown publicly (recorded with the time of saving). */
  publishName: z.boolean().default(false),
  email: optionalEmail.default(''),
  actorId: id.nullable().default(null),
  organisation: text(200).default(''),
  department: text(200).default(''),
  userId: id.nullable().default(null),
  role: choice(MEMBER_ROLES).default('member'),
  /** Default: a vote unless the role is advisory or guest. */
  voting: z.boolean().optional(),
  termFrom: termDate,
  /** Default: the body's usual term length from `termFrom`. */
  termTo: termDate.nullable().optional(),
  electedOn: termDate.nullable().default(null),
  electionVoteId: id.nullable().default(null),
});
export type MemberInput = z.input<typeof memberInput>;

export const endTermInput = z.object({
  endedOn: termDate,
  reason: z.enum(['term_ended', 'removed', 'role_changed'], { error: 'validation.choice' }),
});
export type EndTermInput = z.input<typeof endTermInput>;

export const resignInput = z.object({
  resignedOn: termDate,
  /** The successor (Nachrücker*in) takes the rest of the term from the next day. */
  successor: memberInput.omit({ termFrom: true, termTo: true }).partial({ kind: true }).optional(),
});
export type ResignInput = z.input<typeof resignInput>;

export const meetingInput = z.object({
  title: text(200).default(''),
  startsAt: when,
  endsAt: when.nullable().default(null),
  venueId: id.nullable().default(null),
  locationName: text(200).default(''),
  onlineUrl: webLink.nullable().default(null),
  /** Default: as public as the body. */
  public: z.boolean().optional(),
  /** Schedule a series: this many meetings, monthly on the same weekday of the month (2nd Tuesday …). */
  repeatMonthly: z
    .number()
    .int()
    .min(2, { error: 'councils:errors.series' })
    .max(24, { error: 'councils:errors.series' })
    .optional(),
});
export type MeetingInput = z.input<typeof meetingInput>;

export const meetingStatusInput = z.object({
  status: z.enum(['planned', 'invited', 'held', 'cancelled'], { error: 'validation.choice' }),
  reason: text(500).default(''),
});
export type MeetingStatusInput = z.input<typeof meetingStatusInput>;

/** An agenda item; the approval of minutes is added by itself and cannot be added by hand. */
export const agendaItemInput = z.object({
  title: required(300),
  kind: z.enum(
    AGENDA_KINDS.filter((k) => k !== 'approval_of_minutes') as [
      'information',
      'discussion',
      'decision',
      'election',
    ],
    { error: 'validation.choice' },
  ),
  /** Default: as public as the meeting. */
  public: z.boolean().optional(),
  presenter: text(200).default(''),
  text: text(20_000).default(''),
});
export type AgendaItemInput = z.input<typeof agendaItemInput>;

/** Changing an item: the approval of minutes keeps its kind (the use case checks). */
export const agendaItemUpdateInput = agendaItemInput.extend({ kind: choice(AGENDA_KINDS) });
export type AgendaItemUpdateInput = z.input<typeof agendaItemUpdateInput>;

/** The text of the minutes per agenda item. */
export const minutesInput = z.object({
  items: z.array(z.object({ itemId: id, minutes: text(20_000) })).max(300),
});
export type MinutesInput = z.input<typeof minutesInput>;

export const agendaMoveInput = z.object({
  direction: z.enum(['up', 'down'], { error: 'validation.choice' }),
});
export type AgendaMoveInput = z.input<typeof agendaMoveInput>;

export const attendanceInput = z.object({
  entries: z
    .array(
      z.object({
        memberId: id,
        status: choice(ATTENDANCE_STATUSES),
        fromPosition: z.number().int().min(1, { error: 'councils:errors.position' }).nullable().default(null),
        untilPosition: z
          .number()
          .int()
          .min(1, { error: 'councils:errors.position' })
          .nullable()
          .default(null),
      }),
    )
    .max(500),
  guests: z.array(text(200)).max(200, { error: 'councils:errors.tooManyGuests' }).default([]),
});
export type AttendanceInput = z.input<typeof attendanceInput>;

export const conflictInput = z
  .object({
    memberId: id,
    agendaItemId: id.nullable().default(null),
    circulationId: id.nullable().default(null),
    note: text(1000).default(''),
  })
  .refine((c) => (c.agendaItemId === null) !== (c.circulationId === null), {
    error: 'validation.required',
    path: ['agendaItemId'],
  });
export type ConflictInput = z.input<typeof conflictInput>;

export const voteInput = z.object({
  kind: choice(VOTE_KINDS),
  subject: text(300).default(''),
  counts: z.object({ yes: count, no: count, abstain: count }).optional(),
  ballots: z
    .array(z.object({ memberId: id, choice: choice(CHOICES) }))
    .max(500)
    .optional(),
  chairCasting: z.enum(['yes', 'no'], { error: 'validation.choice' }).nullable().default(null),
  resolution: text(20_000).default(''),
});
export type VoteInputData = z.input<typeof voteInput>;

export const circulationInput = z.object({
  title: required(300),
  motion: text(20_000).default(''),
  /** Default: now. */
  opensAt: when.optional(),
  closesAt: when,
});
export type CirculationInput = z.input<typeof circulationInput>;

export const ballotInput = z.object({ choice: choice(CHOICES) });

/** Parses an input or throws a ValidationError naming each field that failed. */
export { parseInput as parse } from '../../platform/forms/index.ts';
