/**
 * One Zod schema per input of the coordination module, built from the platform's builders
 * (src/platform/forms): the use cases parse with them, the staff forms post into them. Messages are
 * translation keys (`validation.*`, `coordination:errors.*`).
 */
import { z } from 'zod';
import {
  choice,
  localDate,
  localTime,
  requiredText as required,
  text,
  uuid,
} from '../../platform/forms/index.ts';
import { PLANNING } from '../../platform/http/limits.ts';
import { TOPICS, URGENCIES } from './domain/vocab.ts';

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

/** Parses an input or throws a ValidationError naming each field that failed. */
export { parseInput as parse } from '../../platform/forms/index.ts';
