/**
 * One Zod schema per input of the coordination module, built from the platform's builders
 * (src/platform/forms): the use cases parse with them, the staff forms post into them. Messages are
 * translation keys (`validation.*`, `coordination:errors.*`).
 */
import { z } from 'zod';
import {
  choice,
  decimal,
  emptyOr,
  euroCents,
  localDate,
  localTime,
  requiredText as required,
  text,
  uuid,
  wholeNumber,
} from '../../platform/forms/index.ts';
import { PLANNING, RECORD } from '../../platform/http/limits.ts';
import { FUNDING_KINDS, MEASURE_STATUSES, TOPICS, URGENCIES } from './domain/vocab.ts';

const id = uuid();
const deadline = localDate({ window: PLANNING, label: 'coordination:fields.deadline' });

/** A department: its name is the one department memberships carry (access module). */
export const departmentInput = z.object({
  name: required(120),
  shortName: text(30).default(''),
  /** The areas it works in; none: the whole tenant. */
  areaIds: z.array(id).max(100).default([]),
});
export type DepartmentInput = z.input<typeof departmentInput>;

/** A need as a team member reports it. No personal data of residents (the form says so). */
export const needInput = z.object({
  title: required(200),
  description: required(5000),
  areaId: id,
  topic: choice(TOPICS),
  evidence: text(5000).default(''),
  urgency: choice(URGENCIES).default('normal'),
});
export type NeedInput = z.input<typeof needInput>;

/** Routing a need: one or more departments, each with its own deadline. */
export const routeInput = z.object({
  routes: z
    .array(z.object({ departmentId: id, deadline }))
    .min(1, { error: 'coordination:errors.noDepartment' })
    .max(30),
});
export type RouteInput = z.input<typeof routeInput>;

/** A department's answer and its status there. */
export const answerInput = z.object({
  status: choice(['in_progress', 'answered', 'closed'] as const),
  answer: text(10_000).default(''),
});
export type AnswerInput = z.input<typeof answerInput>;

/**
 * Escalation to a steering round: an agenda item on the chosen body's next meeting; when the body has
 * none planned, a meeting on the date given (at the time given, default 18:00).
 */
export const escalateInput = z.object({
  bodyId: id,
  date: localDate({ window: PLANNING, label: 'coordination:fields.meetingDate' }).optional(),
  time: localTime().default('18:00'),
});
export type EscalateInput = z.input<typeof escalateInput>;

/**
 * A recommendation to the administration (BODY-3): a need whose source is a body's carried resolution,
 * addressed to departments by the body itself (routed at once, one deadline for all). The councils
 * module checks the body, the agenda item and the vote before it calls.
 */
export const recommendationInput = z.object({
  bodyId: id,
  agendaItemId: id,
  voteId: id,
  /** The body's name, kept with the need as its source. */
  bodyName: required(200),
  areaId: id,
  title: required(200),
  description: required(5000),
  topic: choice(TOPICS),
  departmentIds: z.array(id).min(1, { error: 'coordination:errors.noDepartment' }).max(30),
  deadline,
});
export type RecommendationInput = z.input<typeof recommendationInput>;

/** An integrated action plan of an area for a period (PLAN-1, PLAN-3). */
export const planInput = z.object({
  title: required(200),
  areaId: id,
  periodFrom: localDate({ window: PLANNING, label: 'coordination:plan.periodFrom' }),
  periodTo: localDate({ window: PLANNING, label: 'coordination:plan.periodTo' }),
  summary: text(5000).default(''),
  /** What continues after the funding ends (Verstetigung). */
  continuation: text(5000).default(''),
});
export type PlanInput = z.input<typeof planInput>;

/** A field of action (Handlungsfeld). */
export const fieldInput = z.object({
  name: required(200),
  description: text(2000).default(''),
});
export type FieldInput = z.input<typeof fieldInput>;

/** A goal (Handlungsziel) in a field of action. */
export const goalInput = z.object({
  fieldId: id,
  title: required(300),
  description: text(2000).default(''),
});
export type GoalInput = z.input<typeof goalInput>;

const figure = (label: string) => decimal(-1_000_000_000, 1_000_000_000, { label });

/** An indicator of a goal: name, unit, baseline and target (numbers; the target differs from the baseline). */
export const indicatorInput = z.object({
  goalId: id,
  name: required(200),
  unit: text(40).default(''),
  baseline: figure('coordination:plan.baseline'),
  target: figure('coordination:plan.target'),
  /** The measure of the same goal it measures (PLAN-2); empty: the goal as a whole. */
  measureId: emptyOr(id).optional(),
});
export type IndicatorInput = z.input<typeof indicatorInput>;

/**
 * A measure (Maßnahme) towards a goal: a responsible department or another actor (one of them at
 * least), the budget line (which fund or programme, in words) with an optional amount, the schedule
 * and the status.
 */
export const measureInput = z.object({
  goalId: id,
  title: required(300),
  description: text(5000).default(''),
  departmentId: emptyOr(id).optional(),
  responsible: text(200).default(''),
  budgetLine: text(300).default(''),
  fundingKind: emptyOr(choice(FUNDING_KINDS)).optional(),
  /** A building or public-space measure: it gets participation steps. */
  investive: z.boolean().default(false),
  budget: euroCents({
    min: 0,
    max: 100_000_000,
    error: 'coordination:errors.euros',
    label: 'coordination:plan.budget',
  }).optional(),
  startsOn: localDate({ window: PLANNING, label: 'coordination:plan.startsOn' }).optional(),
  endsOn: localDate({ window: PLANNING, label: 'coordination:plan.endsOn' }).optional(),
  status: choice(MEASURE_STATUSES).default('planned'),
  continuation: text(2000).default(''),
});
export type MeasureInput = z.input<typeof measureInput>;

const euros = (label: string) =>
  euroCents({ min: 0, max: 100_000_000, error: 'coordination:errors.euros', label });

/** A milestone of a measure: what and by when. */
export const milestoneInput = z.object({
  title: required(300),
  dueOn: localDate({ window: PLANNING, label: 'coordination:plan.dueOn' }),
});
export type MilestoneInput = z.input<typeof milestoneInput>;

/** A milestone reached: on which day (not in the future). */
export const milestoneDoneInput = z.object({
  doneOn: localDate({ window: RECORD, label: 'coordination:plan.doneOn' }),
});
export type MilestoneDoneInput = z.input<typeof milestoneDoneInput>;

/** A participation step of an investive measure: what, when, with whom (groups, no names). */
export const stepInput = z.object({
  what: required(300),
  takesPlaceOn: localDate({ window: PLANNING, label: 'coordination:plan.takesPlaceOn' }),
  withWhom: required(300),
});
export type StepInput = z.input<typeof stepInput>;

/** A measure's budget in one year. */
export const budgetYearInput = z.object({
  year: wholeNumber(2000, 2100, { label: 'coordination:plan.year' }),
  amount: euros('coordination:plan.amount'),
});
export type BudgetYearInput = z.input<typeof budgetYearInput>;

/** Where a measure stands now (its department's staff may set it too). */
export const measureStatusInput = z.object({ status: choice(MEASURE_STATUSES) });
export type MeasureStatusInput = z.input<typeof measureStatusInput>;

/** A value of an indicator measured on a day (not in the future). */
export const progressInput = z.object({
  measuredOn: localDate({ window: RECORD, label: 'coordination:plan.measuredOn' }),
  value: figure('coordination:plan.value'),
  note: text(500).default(''),
});
export type ProgressInput = z.input<typeof progressInput>;

/** The adoption of a plan's version: when, by which body, and (from the second version) what changed. */
export const adoptInput = z.object({
  adoptedOn: localDate({ window: RECORD, label: 'coordination:plan.adoptedOn' }),
  adoptedBy: required(200),
  changeNote: text(2000).default(''),
});
export type AdoptInput = z.input<typeof adoptInput>;

/** Parses an input or throws a ValidationError naming each field that failed. */
export { parseInput as parse } from '../../platform/forms/index.ts';
