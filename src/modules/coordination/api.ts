// The JSON API of coordination (OpenAPI, staff with a bearer token): needs with their routings and
// answers, reporting a need and a department's answer, and the integrated action plans with their
// fields, goals, indicators, measures (projects) and progress. Thin: parse → use case → present. Who
// sees and does what is decided inside the use cases, as on the staff screens.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import {
  FUNDING_KINDS,
  MEASURE_STATUSES,
  NEED_STATUSES,
  ROUTING_STATUSES,
  TOPICS,
  URGENCIES,
} from './domain/vocab.ts';
import { listNeedsFor, needFor, reportNeed } from './use-cases/needs.ts';
import { listPlansFor, planFor } from './use-cases/plans.ts';
import { answerRouting } from './use-cases/routing.ts';
import type { NeedSummary } from './use-cases/shared.ts';

const TAG = 'Coordination';
const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .openapi('CoordinationError');
const errors = {
  401: { description: 'Not signed in', content: json(ErrorBody) },
  403: { description: 'Missing permission', content: json(ErrorBody) },
  404: { description: 'Not found (or not visible to you)', content: json(ErrorBody) },
  422: { description: 'Invalid input, one message per field', content: json(ErrorBody) },
};
const date = () => z.string().openapi({ format: 'date' });
const uuid = () => z.string().uuid();

const RoutingOut = z
  .object({
    id: uuid(),
    department: z.object({ id: uuid(), name: z.string(), shortName: z.string() }),
    deadline: date(),
    status: z.enum(ROUTING_STATUSES),
    answer: z.string(),
    answeredAt: z.string().nullable().openapi({ format: 'date-time' }),
    overdue: z.boolean(),
    daysOverdue: z.number().int(),
    escalatedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('CoordinationRouting');

const NeedOut = z
  .object({
    id: uuid(),
    title: z.string(),
    description: z.string(),
    areaId: uuid(),
    topic: z.enum(TOPICS),
    evidence: z.string(),
    urgency: z.enum(URGENCIES),
    source: z.enum(['team', 'body']),
    sourceLabel: z.string().openapi({ description: 'The body’s name for a recommendation' }),
    status: z.enum(NEED_STATUSES).openapi({ description: 'Overall status, derived from the routings' }),
    overdueDays: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    routings: z.array(RoutingOut),
  })
  .openapi('CoordinationNeed');

const presentNeed = (n: NeedSummary) => ({
  id: n.id,
  title: n.title,
  description: n.description,
  areaId: n.areaId,
  topic: n.topic,
  evidence: n.evidence,
  urgency: n.urgency,
  source: n.sourceKind,
  sourceLabel: n.sourceLabel,
  status: n.status,
  overdueDays: n.overdueDays,
  createdAt: n.createdAt.toISOString(),
  routings: n.routings.map((r) => ({
    id: r.id,
    department: r.department,
    deadline: r.deadline,
    status: r.status,
    answer: r.answer,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    overdue: r.overdue,
    daysOverdue: r.daysOverdue,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
  })),
});

const NeedId = z.object({ needId: uuid().openapi({ param: { name: 'needId', in: 'path' } }) });
const PlanId = z.object({ planId: uuid().openapi({ param: { name: 'planId', in: 'path' } }) });
const RoutingId = z.object({ routingId: uuid().openapi({ param: { name: 'routingId', in: 'path' } }) });

const listNeedsRoute = createRoute({
  method: 'get',
  path: '/coordination/needs',
  tags: [TAG],
  summary: 'Needs you may read',
  description:
    'District coordination and the area’s team read the needs of their areas; department staff the needs routed to their department in their areas. Overdue ones first.',
  security,
  request: {
    query: z.object({
      status: z.enum(NEED_STATUSES).optional(),
      area: uuid().optional().openapi({ description: 'An area, with everything below it' }),
    }),
  },
  responses: { 200: { description: 'The needs', content: json(z.array(NeedOut)) }, ...errors },
});

const getNeedRoute = createRoute({
  method: 'get',
  path: '/coordination/needs/{needId}',
  tags: [TAG],
  summary: 'One need with its routings and answers',
  security,
  request: { params: NeedId },
  responses: { 200: { description: 'The need', content: json(NeedOut) }, ...errors },
});

const NeedBody = z
  .object({
    title: z.string().max(200),
    description: z.string().max(5000),
    areaId: z.string().max(36),
    topic: z
      .string()
      .max(40)
      .openapi({ enum: [...TOPICS] }),
    evidence: z.string().max(5000).optional(),
    urgency: z
      .string()
      .max(20)
      .optional()
      .openapi({ enum: [...URGENCIES] }),
  })
  .openapi('CoordinationNeedInput', { description: 'No personal data of residents.' });

const reportNeedRoute = createRoute({
  method: 'post',
  path: '/coordination/needs',
  tags: [TAG],
  summary: 'Report a need from an area',
  description: 'The area’s team, district coordination. Without personal data of residents.',
  security,
  request: { body: { required: true, content: json(NeedBody) } },
  responses: { 201: { description: 'Reported', content: json(NeedOut) }, ...errors },
});

const AnswerBody = z
  .object({
    status: z
      .string()
      .max(20)
      .openapi({ enum: ['in_progress', 'answered', 'closed'] }),
    answer: z.string().max(10_000).optional(),
  })
  .openapi('CoordinationAnswerInput');

const answerRoute = createRoute({
  method: 'post',
  path: '/coordination/routings/{routingId}/answer',
  tags: [TAG],
  summary: 'A department’s answer and status on a need routed to it',
  description:
    'Staff of the routing’s department, or district coordination on the department’s word. Forward only; `answered` needs the answer’s text.',
  security,
  request: { params: RoutingId, body: { required: true, content: json(AnswerBody) } },
  responses: { 200: { description: 'The need with the answer', content: json(NeedOut) }, ...errors },
});

const PlanSummary = z
  .object({
    id: uuid(),
    title: z.string(),
    areaId: uuid(),
    periodFrom: date(),
    periodTo: date(),
    status: z.enum(['draft', 'adopted']),
    version: z.number().int().openapi({ description: 'The version being drafted or in force' }),
  })
  .openapi('CoordinationPlanSummary');

const RollUpOut = z
  .object({
    measures: z.number().int().openapi({ description: 'Measures that count (all but dropped ones)' }),
    done: z.number().int(),
    donePercent: z.number().int().nullable(),
    indicators: z.number().int(),
    measured: z.number().int(),
    indicatorPercent: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Mean of the measured indicators’ way to target, each held within 0–100' }),
  })
  .openapi('CoordinationRollUp');

const MeasureOut = z
  .object({
    id: uuid(),
    title: z.string(),
    description: z.string(),
    status: z.enum(MEASURE_STATUSES),
    department: z.object({ id: uuid(), name: z.string() }).nullable(),
    responsible: z.string(),
    fundingKind: z.enum(FUNDING_KINDS).nullable(),
    budgetLine: z.string(),
    budgetCents: z.number().int().nullable(),
    budgetYears: z.array(z.object({ year: z.number().int(), amountCents: z.number().int() })),
    startsOn: date().nullable(),
    endsOn: date().nullable(),
    investive: z.boolean(),
    continuation: z.string(),
    milestones: z.array(
      z.object({
        id: uuid(),
        title: z.string(),
        dueOn: date(),
        doneOn: date().nullable(),
        overdue: z.boolean(),
      }),
    ),
    participationSteps: z.array(
      z.object({ id: uuid(), what: z.string(), takesPlaceOn: date(), withWhom: z.string() }),
    ),
  })
  .openapi('CoordinationMeasure');

const PlanOut = PlanSummary.extend({
  summary: z.string(),
  continuation: z.string(),
  progress: RollUpOut,
  adoptedVersions: z.array(
    z.object({ version: z.number().int(), adoptedOn: date(), adoptedBy: z.string(), changeNote: z.string() }),
  ),
  fields: z.array(
    z.object({
      id: uuid(),
      name: z.string(),
      description: z.string(),
      progress: RollUpOut,
      goals: z.array(
        z.object({
          id: uuid(),
          title: z.string(),
          description: z.string(),
          progress: RollUpOut,
          indicators: z.array(
            z.object({
              id: uuid(),
              name: z.string(),
              unit: z.string(),
              baseline: z.number(),
              target: z.number(),
              measureId: uuid().nullable(),
              latest: z.object({ value: z.number(), measuredOn: date() }).nullable(),
            }),
          ),
          measures: z.array(MeasureOut),
        }),
      ),
    }),
  ),
}).openapi('CoordinationPlan');

const listPlansRoute = createRoute({
  method: 'get',
  path: '/coordination/plans',
  tags: [TAG],
  summary: 'Integrated action plans you may read',
  security,
  responses: { 200: { description: 'The plans', content: json(z.array(PlanSummary)) }, ...errors },
});

const getPlanRoute = createRoute({
  method: 'get',
  path: '/coordination/plans/{planId}',
  tags: [TAG],
  summary: 'A plan as it stands: fields, goals, indicators, measures (projects) and progress',
  description: 'The current state (a draft included); the adopted versions are listed with their body.',
  security,
  request: { params: PlanId },
  responses: { 200: { description: 'The plan', content: json(PlanOut) }, ...errors },
});

const summaryOf = (p: z.infer<typeof PlanSummary>) => ({
  id: p.id,
  title: p.title,
  areaId: p.areaId,
  periodFrom: p.periodFrom,
  periodTo: p.periodTo,
  status: p.status,
  version: p.version,
});

export function mountCoordinationApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listNeedsRoute, async (c) => {
    const q = c.req.valid('query');
    const list = await listNeedsFor(actorOf(c), c.get('services').db, { status: q.status, areaId: q.area });
    return c.json(list.map(presentNeed), 200);
  });
  api.openapi(getNeedRoute, async (c) => {
    const v = await needFor(actorOf(c), c.get('services').db, c.req.valid('param').needId);
    return c.json(presentNeed(v.need), 200);
  });
  api.openapi(reportNeedRoute, async (c) => {
    const actor = actorOf(c);
    const db = c.get('services').db;
    const need = await reportNeed(actor, db, c.req.valid('json') as never);
    return c.json(presentNeed((await needFor(actor, db, need.id)).need), 201);
  });
  api.openapi(answerRoute, async (c) => {
    const actor = actorOf(c);
    const db = c.get('services').db;
    const r = await answerRouting(actor, db, c.req.valid('param').routingId, c.req.valid('json') as never);
    return c.json(presentNeed((await needFor(actor, db, r.needId)).need), 200);
  });
  api.openapi(listPlansRoute, async (c) => {
    const list = await listPlansFor(actorOf(c), c.get('services').db);
    return c.json(list.map(summaryOf), 200);
  });
  api.openapi(getPlanRoute, async (c) => {
    const v = await planFor(actorOf(c), c.get('services').db, c.req.valid('param').planId);
    const { parts } = v;
    const dept = new Map(v.departments.map((d) => [d.id, d]));
    return c.json(
      {
        ...summaryOf(v.plan),
        summary: v.plan.summary,
        continuation: v.plan.continuation,
        progress: v.rollup.plan,
        adoptedVersions: parts.versions.map(({ version, adoptedOn, adoptedBy, changeNote }) => ({
          version,
          adoptedOn,
          adoptedBy,
          changeNote,
        })),
        fields: parts.fields.map((f) => ({
          id: f.id,
          name: f.name,
          description: f.description,
          progress: v.rollup.fields.get(f.id)!,
          goals: parts.goals
            .filter((g) => g.fieldId === f.id)
            .map((g) => ({
              id: g.id,
              title: g.title,
              description: g.description,
              progress: v.rollup.goals.get(g.id)!,
              indicators: parts.indicators
                .filter((i) => i.goalId === g.id)
                .map((i) => ({
                  id: i.id,
                  name: i.name,
                  unit: i.unit,
                  baseline: i.baseline,
                  target: i.target,
                  measureId: i.measureId,
                  latest: v.latest.get(i.id) ?? null,
                })),
              measures: parts.measures
                .filter((m) => m.goalId === g.id)
                .map((m) => {
                  const d = m.departmentId ? dept.get(m.departmentId) : undefined;
                  return {
                    id: m.id,
                    title: m.title,
                    description: m.description,
                    status: m.status,
                    department: d ? { id: d.id, name: d.name } : null,
                    responsible: m.responsible,
                    fundingKind: m.fundingKind,
                    budgetLine: m.budgetLine,
                    budgetCents: m.budgetCents,
                    budgetYears: parts.budgetYears
                      .filter((b) => b.measureId === m.id)
                      .map(({ year, amountCents }) => ({ year, amountCents })),
                    startsOn: m.startsOn,
                    endsOn: m.endsOn,
                    investive: m.investive,
                    continuation: m.continuation,
                    milestones: parts.milestones
                      .filter((x) => x.measureId === m.id)
                      .map((x) => ({
                        id: x.id,
                        title: x.title,
                        dueOn: x.dueOn,
                        doneOn: x.doneOn,
                        overdue: v.overdue.some((o) => o.id === x.id),
                      })),
                    participationSteps: parts.steps
                      .filter((x) => x.measureId === m.id)
                      .map(({ id, what, takesPlaceOn, withWhom }) => ({ id, what, takesPlaceOn, withWhom })),
                  };
                }),
            })),
        })),
      },
      200,
    );
  });
}
