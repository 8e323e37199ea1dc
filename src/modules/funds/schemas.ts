/**
 * One Zod schema per input of the funds module, built from the platform's builders
 * (src/platform/forms): the use cases parse with them; forms and the API share them when they come.
 * Money is whole cents. Messages are translation keys (`validation.*`, `funds:errors.*`).
 */
import { z } from 'zod';
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
import { PLANNING } from '../../platform/http/limits.ts';
import {
  APPLICANT_KINDS,
  COST_KINDS,
  ELIGIBILITY_RULES,
  FUND_KINDS,
  PAYMENT_KINDS,
  YEAR_END_RULES,
} from './domain/vocab.ts';

const id = uuid();
/** Up to 100 million € in cents. */
const MAX_CENTS = 10_000_000_000;
const money = (label: string) => wholeNumber(0, MAX_CENTS, { label });
const positiveMoney = (label: string) => wholeNumber(1, MAX_CENTS, { label });
const planDate = localDate({ window: PLANNING, error: 'funds:errors.date' });
const year = wholeNumber(2000, 2100, { label: 'funds:fields.year' });

/** A fund and its rules. Rules left out take the defaults of the fund's kind (`defaultRules`). */
export const fundInput = z.object({
  name: required(200),
  kind: choice(FUND_KINDS),
  areaId: id.nullable().default(null),
  workingGroupId: id.nullable().default(null),
  decidingBodyId: id.nullable().default(null),
  parentFundId: id.nullable().default(null),
  fundingSource: text(300).default(''),
  programme: text(300).default(''),
  goals: text(5000).default(''),
  criteria: z.array(required(200)).max(30).default([]),
  /** Target groups an application may name (the public form offers them). */
  targetGroups: z.array(required(100)).max(30).default([]),
  capCents: positiveMoney('funds:fields.cap').nullable().optional(),
  allowedCostKinds: choices(COST_KINDS).optional(),
  ownContributionPercent: wholeNumber(0, 100, { label: 'funds:fields.ownShare' }).optional(),
  volunteerHourRateCents: wholeNumber(0, 100_000, { label: 'funds:fields.hourRate' }).nullable().optional(),
  noStartBeforeDecision: z.boolean().optional(),
  deadlineDaysBeforeSession: wholeNumber(0, 120, { label: 'funds:fields.deadlineDays' })
    .nullable()
    .optional(),
  yearEndRule: choice(YEAR_END_RULES).default('lapse'),
  /** The public call page shows what is left of this year's budget. */
  publicBalance: z.boolean().default(true),
});
export type FundInput = z.input<typeof fundInput>;

/** A year's budget (a change is recorded with its reason). */
export const yearBudgetInput = z.object({
  year,
  budgetCents: money('funds:fields.budget'),
  reason: text(1000).default(''),
});
export type YearBudgetInput = z.input<typeof yearBudgetInput>;

/** The split of a parent fund's year budget across its working groups' funds. */
export const splitInput = z.object({
  shares: z
    .array(z.object({ fundId: id, budgetCents: money('funds:fields.budget') }))
    .min(1, { error: 'validation.required' })
    .max(100),
  reason: text(1000).default(''),
});
export type SplitInput = z.input<typeof splitInput>;

const costLine = z.object({
  item: required(300),
  costKind: choice(COST_KINDS),
  amountCents: positiveMoney('funds:fields.amount'),
});

/** An application: the applicant, the project, its cost plan and own contribution. */
export const applicationInput = z.object({
  applicantKind: choice(APPLICANT_KINDS).default('person'),
  applicantName: required(200),
  groupName: text(200).default(''),
  email: emptyOr(email()).default(''),
  phone: emptyOr(phone()).default(''),
  title: required(300),
  description: text(20_000).default(''),
  startsOn: planDate.nullable().default(null),
  endsOn: planDate.nullable().default(null),
  areaId: id.nullable().default(null),
  targetGroups: z.array(required(100)).max(30).default([]),
  expectedParticipants: wholeNumber(0, 1_000_000, { label: 'funds:fields.participants' })
    .nullable()
    .default(null),
  criteria: z.array(required(200)).max(30).default([]),
  costLines: z.array(costLine).max(100).default([]),
  ownMoneyCents: money('funds:fields.ownMoney').default(0),
  volunteerHours: wholeNumber(0, 100_000, { label: 'funds:fields.hours' }).default(0),
});
export type ApplicationInput = z.input<typeof applicationInput>;

/** A note of the eligibility check. */
export const eligibilityNoteInput = z.object({
  rule: choice(ELIGIBILITY_RULES),
  ok: z.boolean({ error: 'validation.choice' }),
  note: text(2000).default(''),
});

/** The eligibility check: the notes staff add to the rules the fund checks by itself. */
export const eligibilityInput = z.object({
  notes: z.array(eligibilityNoteInput).max(20).default([]),
});
export type EligibilityInput = z.input<typeof eligibilityInput>;

export const noteInput = z.object({ note: text(5000).default('') });
export type NoteInput = z.input<typeof noteInput>;

/** Put on the agenda: of the meeting given, else of the deciding body's next session it can reach. */
export const agendaInput = z.object({ meetingId: id.nullable().default(null) });
export type AgendaInput = z.input<typeof agendaInput>;

/** Payments, returns and corrections. */
export const bookingInput = z.object({
  kind: choice(['payment', 'return', 'correction'] as const),
  amountCents: wholeNumber(-MAX_CENTS, MAX_CENTS, { label: 'funds:fields.amount' }),
  paymentKind: choice(PAYMENT_KINDS).nullable().default(null),
  bookedOn: planDate.optional(),
  note: text(1000).default(''),
});
export type BookingInput = z.input<typeof bookingInput>;

/** Parses an input or throws a ValidationError naming each field that failed. */
export { parseInput as parse } from '../../platform/forms/index.ts';

/**
 * The deciding body's decision. The vote is recorded on the application's agenda item through the
 * councils module (`vote`, its input there) or an existing vote on that item is named (`voteId`).
 * Members named in `conflictedMemberIds` declared a conflict of interest and do not vote.
 */
export const decisionInput = z.object({
  outcome: choice(['granted', 'refused'] as const),
  grantedCents: wholeNumber(1, MAX_CENTS, { label: 'funds:fields.granted' }).nullable().default(null),
  conditions: text(5000).default(''),
  refusalReasons: text(5000).default(''),
  voteId: id.nullable().default(null),
  conflictedMemberIds: z.array(id).max(100).default([]),
  vote: z.unknown().optional(),
});
