// The JSON API of funds (OpenAPI): the open calls (public content, for every member), and for readers
// of a fund its years with balances, applications, decisions, ledger and report. The applicant (name,
// group, e-mail, phone) only for members who process the fund's applications; the jury reads the
// projects, never their contact. Thin: parse → use case → present.
import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type Actor, actorOf, can } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { enforceLimit, honeypotFilled } from '../../platform/http/public-form.ts';
import { randomToken } from '../../platform/http/security.ts';
import { localDate } from '../../platform/time/index.ts';
import { APPLICATION_STATUSES, COST_KINDS, FUND_KINDS, LEDGER_KINDS, PAYMENT_KINDS } from './domain/vocab.ts';
import { PROCESS } from './policies.ts';
import type { Application, Fund, FundYear } from './queries.ts';
import { type ApplicationInput, applicationInput, parse } from './schemas.ts';
import { applicationByToken, applicationFor, startApplication } from './use-cases/applications.ts';
import { fundYearFor, listFundsFor } from './use-cases/funds.ts';
import {
  APPLY_LIMIT,
  applicantRuleProblems,
  LINK_LIMIT,
  openCalls,
  type PublicCall,
  publicCall,
  ruleProblemMessages,
} from './use-cases/public.ts';
import { fundReportFor, type ReportRow } from './use-cases/reports.ts';

const TAG = 'Funds';
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
  .openapi('FundsError');
const notFound = {
  404: { description: 'No such fund, year or application (or outside your areas)', content: json(ErrorBody) },
};
const uuidParam = (name: string) =>
  z
    .string()
    .uuid()
    .openapi({ param: { name, in: 'path' } });
const FundParam = z.object({ fundId: uuidParam('fundId') });
const YearParam = z.object({ yearId: uuidParam('yearId') });
const ApplicationParam = z.object({ applicationId: uuidParam('applicationId') });
const cents = (description: string) =>
  z
    .number()
    .int()
    .openapi({ description: `${description}, in cents` });
const date = () => z.string().nullable().openapi({ format: 'date' });
const dateTime = () => z.string().nullable().openapi({ format: 'date-time' });

const Rules = z
  .object({
    capCents: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Most one application may get, in cents; null: none' }),
    allowedCostKinds: z.array(z.enum(COST_KINDS)).openapi({ description: 'Empty: every cost kind' }),
    ownContributionPercent: z.number().int(),
    volunteerHourRateCents: z.number().int().nullable(),
    noStartBeforeDecision: z.boolean(),
    deadlineDaysBeforeSession: z.number().int().nullable(),
    yearEndRule: z.enum(['lapse', 'carry_over']),
  })
  .openapi('FundsRules');

const Call = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    kind: z.enum(FUND_KINDS),
    areaId: z.string().uuid().nullable(),
    areaName: z.string().nullable(),
    goals: z.string(),
    criteria: z.array(z.string()),
    rules: Rules,
    year: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The year that takes applications; null: none now' }),
    availableCents: z.number().int().nullable().openapi({
      description: 'What is left of the year’s budget, in cents; null where the fund does not show it',
    }),
    deadlines: z
      .array(
        z.object({
          sessionOn: z.string().openapi({ format: 'date' }),
          deadline: z.string().openapi({ format: 'date' }),
        }),
      )
      .openapi({ description: 'The coming sessions of the deciding body with the last day to apply' }),
    funded: z
      .array(
        z.object({
          title: z.string(),
          grantedCents: z.number().int(),
          areaName: z.string().nullable(),
          year: z.number().int().nullable(),
        }),
      )
      .openapi({ description: 'Projects funded so far (never the applicant)' }),
  })
  .openapi('FundsCall');

const FundOut = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    kind: z.enum(FUND_KINDS),
    areaId: z.string().uuid().nullable(),
    decidingBodyId: z.string().uuid().nullable(),
    workingGroupId: z.string().uuid().nullable(),
    parentFundId: z.string().uuid().nullable(),
    fundingSource: z.string(),
    programme: z.string(),
    criteria: z.array(z.string()),
    rules: Rules,
    archivedAt: dateTime(),
  })
  .openapi('FundsFund');

const Balances = z
  .object({
    budgetCents: cents('The year’s own budget'),
    carriedInCents: cents('Carried over from the year before'),
    committedCents: cents('Granted, less corrections'),
    paidCents: cents('Paid out'),
    returnedCents: cents('Paid back'),
    lapsedCents: cents('Lapsed at the year end'),
    carriedOutCents: cents('Carried over to the next year'),
    availableCents: cents('Free to commit'),
    outstandingCents: cents('Committed, not yet paid'),
  })
  .openapi('FundsBalances');

const FundYearOut = z
  .object({
    id: z.string().uuid(),
    fundId: z.string().uuid(),
    fundName: z.string(),
    year: z.number().int(),
    closedAt: dateTime(),
    balances: Balances,
  })
  .openapi('FundsFundYear');

const Applicant = z
  .object({
    kind: z.enum(['person', 'group']),
    name: z.string(),
    groupName: z.string(),
    email: z.string(),
    phone: z.string(),
  })
  .nullable()
  .openapi('FundsApplicant', {
    description: 'Only for members who process the fund’s applications (never the jury); empty after erasure',
  });

const ApplicationOut = z
  .object({
    id: z.string().uuid(),
    fundId: z.string().uuid(),
    fundYearId: z.string().uuid(),
    status: z.enum(APPLICATION_STATUSES),
    title: z.string(),
    startsOn: date(),
    endsOn: date(),
    areaId: z.string().uuid().nullable(),
    targetGroups: z.array(z.string()),
    criteria: z.array(z.string()),
    expectedParticipants: z.number().int().nullable(),
    actualParticipants: z.number().int().nullable(),
    totalCents: cents('The cost plan’s sum'),
    ownMoneyCents: cents('Own money'),
    volunteerHours: z.number().int(),
    requestedCents: cents('Asked of the fund'),
    grantedCents: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Granted, in cents; null until granted' }),
    submittedAt: dateTime(),
    decidedAt: dateTime(),
    applicant: Applicant,
  })
  .openapi('FundsApplication');

const ApplicationDetail = ApplicationOut.extend({
  description: z.string(),
  conditions: z.string(),
  refusalReasons: z.string(),
  costLines: z.array(
    z.object({
      item: z.string(),
      costKind: z.enum(COST_KINDS),
      amountCents: z.number().int(),
      actualCents: z.number().int().nullable(),
    }),
  ),
  history: z.array(
    z.object({ status: z.enum(APPLICATION_STATUSES), at: z.string().openapi({ format: 'date-time' }) }),
  ),
}).openapi('FundsApplicationDetail');

const DecisionOut = z
  .object({
    applicationId: z.string().uuid(),
    title: z.string(),
    outcome: z.enum(['granted', 'refused']),
    requestedCents: cents('Asked of the fund'),
    grantedCents: z.number().int().nullable(),
    conditions: z.string(),
    refusalReasons: z.string(),
    decidedAt: z.string().openapi({ format: 'date-time' }),
    meetingId: z.string().uuid().nullable().openapi({ description: 'The session of the deciding body' }),
    voteId: z.string().uuid().nullable().openapi({ description: 'The body’s vote on the agenda item' }),
  })
  .openapi('FundsDecision');

const LedgerOut = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(LEDGER_KINDS),
    paymentKind: z.enum(PAYMENT_KINDS).nullable(),
    amountCents: z.number().int(),
    applicationId: z.string().uuid().nullable(),
    bookedOn: z.string().openapi({ format: 'date' }),
    note: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('FundsLedgerEntry');

const ReportRowOut = z
  .object({
    key: z
      .string()
      .openapi({ description: 'The criterion or target group; empty: the applications that name none' }),
    applications: z.number().int(),
    granted: z.number().int(),
    refused: z.number().int(),
    grantedCents: z.number().int(),
    paidCents: z.number().int().openapi({ description: 'Paid out less returns, in cents' }),
    expectedParticipants: z.number().int(),
    actualParticipants: z.number().int(),
  })
  .openapi('FundsReportRow');

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const rulesOut = (f: Fund) => ({
  capCents: f.capCents,
  allowedCostKinds: f.allowedCostKinds,
  ownContributionPercent: f.ownContributionPercent,
  volunteerHourRateCents: f.volunteerHourRateCents,
  noStartBeforeDecision: f.noStartBeforeDecision,
  deadlineDaysBeforeSession: f.deadlineDaysBeforeSession,
  yearEndRule: f.yearEndRule,
});
const callOut = (c: PublicCall) => ({
  id: c.fund.id,
  name: c.fund.name,
  kind: c.fund.kind,
  areaId: c.fund.areaId,
  areaName: c.areaName,
  goals: c.fund.goals,
  criteria: c.fund.criteria,
  rules: rulesOut(c.fund),
  year: c.year?.year ?? null,
  availableCents: c.availableCents,
  deadlines: c.deadlines.map((d) => ({ sessionOn: d.date, deadline: d.deadline })),
  funded: c.funded.map((f) => ({
    title: f.title,
    grantedCents: f.grantedCents,
    areaName: f.areaName,
    year: f.year,
  })),
});
const fundOut = (f: Fund) => ({
  id: f.id,
  name: f.name,
  kind: f.kind,
  areaId: f.areaId,
  decidingBodyId: f.decidingBodyId,
  workingGroupId: f.workingGroupId,
  parentFundId: f.parentFundId,
  fundingSource: f.fundingSource,
  programme: f.programme,
  criteria: f.criteria,
  rules: rulesOut(f),
  archivedAt: iso(f.archivedAt),
});
/** The applicant only for those who process the fund's applications. */
const applicationOut = (actor: Actor, fund: Fund, a: Application) => ({
  id: a.id,
  fundId: a.fundId,
  fundYearId: a.fundYearId,
  status: a.status,
  title: a.title,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  areaId: a.areaId,
  targetGroups: a.targetGroups,
  criteria: a.criteria,
  expectedParticipants: a.expectedParticipants,
  actualParticipants: a.actualParticipants,
  totalCents: a.totalCents,
  ownMoneyCents: a.ownMoneyCents,
  volunteerHours: a.volunteerHours,
  requestedCents: a.requestedCents,
  grantedCents: a.grantedCents,
  submittedAt: iso(a.submittedAt),
  decidedAt: iso(a.decidedAt),
  applicant: can(actor, PROCESS, fund.areaIds)
    ? { kind: a.applicantKind, name: a.applicantName, groupName: a.groupName, email: a.email, phone: a.phone }
    : null,
});
const yearOut = (fund: Fund, fy: FundYear, balances: z.infer<typeof Balances>) => ({
  id: fy.id,
  fundId: fund.id,
  fundName: fund.name,
  year: fy.year,
  closedAt: iso(fy.closedAt),
  balances,
});
const rowOut = (r: ReportRow) => ({ ...r });

const db = (c: Context<AppEnv>) => c.get('services').db;

const staffNote = 'For members who read the fund (in its area, or tenant-wide for a city-wide fund).';

const listCallsRoute = createRoute({
  method: 'get',
  path: '/funds/calls',
  tags: [TAG],
  summary: 'Open calls',
  description:
    'What the public "Funding" page shows: the funds that take applications now, with their rules, next deadline and money left.',
  security,
  responses: { 200: { description: 'Open calls', content: json(z.object({ items: z.array(Call) })) } },
});

const getCallRoute = createRoute({
  method: 'get',
  path: '/funds/calls/{fundId}',
  tags: [TAG],
  summary: 'One fund’s call',
  description:
    'Purpose, criteria, rules, the next deadlines, money left and the projects funded so far (archived funds: 404).',
  security,
  request: { params: FundParam },
  responses: { 200: { description: 'The call', content: json(Call) }, ...notFound },
});

const listFundsRoute = createRoute({
  method: 'get',
  path: '/funds',
  tags: [TAG],
  summary: 'Funds you may read (staff)',
  description: `The funds in your areas with their rules; archived ones only with \`archived=true\`. ${staffNote}`,
  security,
  request: {
    query: z.object({
      archived: z
        .enum(['true', 'false'])
        .default('false')
        .openapi({ description: 'List the archived funds instead of the current ones' }),
    }),
  },
  responses: { 200: { description: 'Funds', content: json(z.object({ items: z.array(FundOut) })) } },
});

const getYearRoute = createRoute({
  method: 'get',
  path: '/funds/years/{yearId}',
  tags: [TAG],
  summary: 'A fund-year with its balances (staff)',
  description: `Budget, committed, paid, returned, lapsed, carried over and available, as the ledger adds them up. ${staffNote}`,
  security,
  request: { params: YearParam },
  responses: { 200: { description: 'The fund-year', content: json(FundYearOut) }, ...notFound },
});

const listApplicationsRoute = createRoute({
  method: 'get',
  path: '/funds/years/{yearId}/applications',
  tags: [TAG],
  summary: 'Applications of a fund-year (staff)',
  description: `Newest first. The applicant only for members who process the fund’s applications. ${staffNote}`,
  security,
  request: { params: YearParam },
  responses: {
    200: { description: 'Applications', content: json(z.object({ items: z.array(ApplicationOut) })) },
    ...notFound,
  },
});

const listDecisionsRoute = createRoute({
  method: 'get',
  path: '/funds/years/{yearId}/decisions',
  tags: [TAG],
  summary: 'Decisions of a fund-year (staff)',
  description: `Granted and refused applications: amount, conditions or reasons, the session and the vote. ${staffNote}`,
  security,
  request: { params: YearParam },
  responses: {
    200: { description: 'Decisions', content: json(z.object({ items: z.array(DecisionOut) })) },
    ...notFound,
  },
});

const ledgerRoute = createRoute({
  method: 'get',
  path: '/funds/years/{yearId}/ledger',
  tags: [TAG],
  summary: 'The ledger of a fund-year (staff)',
  description: `Every entry in the order it was written (append-only): commitments, payments, returns, corrections, lapse and carry-over. ${staffNote}`,
  security,
  request: { params: YearParam },
  responses: {
    200: { description: 'Ledger entries', content: json(z.object({ items: z.array(LedgerOut) })) },
    ...notFound,
  },
});

const reportRoute = createRoute({
  method: 'get',
  path: '/funds/years/{yearId}/report',
  tags: [TAG],
  summary: 'The report of a fund-year (staff)',
  description: `Applications, grants, refusals, amounts and participants per criterion and per target group (an application naming several counts under each), and the total. No names. ${staffNote}`,
  security,
  request: { params: YearParam },
  responses: {
    200: {
      description: 'Report',
      content: json(
        z.object({
          year: z.number().int(),
          byCriterion: z.array(ReportRowOut),
          byTargetGroup: z.array(ReportRowOut),
          total: ReportRowOut,
        }),
      ),
    },
    ...notFound,
  },
});

const getApplicationRoute = createRoute({
  method: 'get',
  path: '/funds/applications/{applicationId}',
  tags: [TAG],
  summary: 'One application (staff)',
  description: `The project, its cost plan, status path and decision. The applicant only for members who process the fund’s applications. ${staffNote}`,
  security,
  request: { params: ApplicationParam },
  responses: { 200: { description: 'The application', content: json(ApplicationDetail) }, ...notFound },
});

export function mountFundsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listCallsRoute, async (c) =>
    c.json({ items: (await openCalls(db(c), c.get('tenant')!.id)).map(callOut) }, 200),
  );
  api.openapi(getCallRoute, async (c) =>
    c.json(callOut(await publicCall(db(c), c.get('tenant')!.id, c.req.valid('param').fundId)), 200),
  );
  api.openapi(listFundsRoute, async (c) => {
    const archived = c.req.valid('query').archived === 'true';
    return c.json({ items: (await listFundsFor(actorOf(c), db(c), { archived })).map(fundOut) }, 200);
  });
  api.openapi(getYearRoute, async (c) => {
    const v = await fundYearFor(actorOf(c), db(c), c.req.valid('param').yearId);
    return c.json(yearOut(v.fund, v.fundYear, v.balances), 200);
  });
  api.openapi(listApplicationsRoute, async (c) => {
    const actor = actorOf(c);
    const v = await fundYearFor(actor, db(c), c.req.valid('param').yearId);
    return c.json({ items: v.applications.map((a) => applicationOut(actor, v.fund, a)) }, 200);
  });
  api.openapi(listDecisionsRoute, async (c) => {
    const v = await fundYearFor(actorOf(c), db(c), c.req.valid('param').yearId);
    const items = v.applications
      .filter((a) => a.decidedAt && (a.status === 'refused' || a.grantedCents !== null))
      .sort((x, y) => x.decidedAt!.getTime() - y.decidedAt!.getTime())
      .map((a) => ({
        applicationId: a.id,
        title: a.title,
        outcome: a.status === 'refused' ? ('refused' as const) : ('granted' as const),
        requestedCents: a.requestedCents,
        grantedCents: a.status === 'refused' ? null : a.grantedCents,
        conditions: a.conditions,
        refusalReasons: a.refusalReasons,
        decidedAt: a.decidedAt!.toISOString(),
        meetingId: a.meetingId,
        voteId: a.voteId,
      }));
    return c.json({ items }, 200);
  });
  api.openapi(ledgerRoute, async (c) => {
    const v = await fundYearFor(actorOf(c), db(c), c.req.valid('param').yearId);
    return c.json(
      {
        items: v.ledger.map((e) => ({
          id: e.id,
          kind: e.kind,
          paymentKind: e.paymentKind,
          amountCents: e.amountCents,
          applicationId: e.applicationId,
          bookedOn: e.bookedOn,
          note: e.note,
          createdAt: e.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
  api.openapi(reportRoute, async (c) => {
    const r = await fundReportFor(actorOf(c), db(c), c.req.valid('param').yearId);
    return c.json(
      {
        year: r.fundYear.year,
        byCriterion: r.byCriterion.map(rowOut),
        byTargetGroup: r.byTargetGroup.map(rowOut),
        total: rowOut(r.total),
      },
      200,
    );
  });
  api.openapi(getApplicationRoute, async (c) => {
    const actor = actorOf(c);
    const v = await applicationFor(actor, db(c), c.req.valid('param').applicationId);
    const a = v.application;
    return c.json(
      {
        ...applicationOut(actor, v.fund, a),
        description: a.description,
        conditions: a.conditions,
        refusalReasons: a.refusalReasons,
        costLines: v.costLines.map((l) => ({
          item: l.item,
          costKind: l.costKind,
          amountCents: l.amountCents,
          actualCents: l.actualCents,
        })),
        history: v.history.map((h) => ({ status: h.toStatus, at: h.createdAt.toISOString() })),
      },
      200,
    );
  });
}

// Fields the use case requires are optional here, so that every refusal comes from the same checks
// as the form's (all fields at once) and every attempt counts against the rate limit.

// ── Without an account: an application sent in, and its status by the private token ──────────────

const publicSecurity: { bearer: string[] }[] = [];

const ApplicationCreate = z
  .object({
    applicantKind: z.enum(['person', 'group']).optional(),
    applicantName: z.string().optional().openapi({ description: 'Required' }),
    groupName: z.string().optional(),
    email: z.string().optional().openapi({ description: 'Required: the private link goes to this address' }),
    phone: z.string().optional(),
    title: z.string().optional().openapi({ description: 'Required' }),
    description: z.string().optional(),
    startsOn: z.string().nullable().optional().openapi({ format: 'date' }),
    endsOn: z.string().nullable().optional().openapi({ format: 'date' }),
    areaId: z.string().nullable().optional().openapi({ description: 'Where the project takes place' }),
    targetGroups: z
      .array(z.string())
      .optional()
      .openapi({ description: 'From the fund’s list of target groups' }),
    expectedParticipants: z.number().int().nullable().optional(),
    criteria: z.array(z.string()).optional().openapi({ description: 'From the fund’s list of criteria' }),
    costLines: z
      .array(
        z.object({
          item: z.string(),
          costKind: z.string().openapi({ description: `One of ${COST_KINDS.join(', ')}` }),
          amountCents: z.number().int(),
        }),
      )
      .optional(),
    ownMoneyCents: z.number().int().optional(),
    volunteerHours: z.number().int().optional(),
    consent: z
      .boolean()
      .optional()
      .openapi({ description: 'Required (true): the applicant agrees to the processing of their data' }),
    submit: z.boolean().default(true).openapi({
      description: 'Send it in now (the fund’s rules are checked); false keeps a draft the link can change',
    }),
    homepage: z.string().optional().openapi({ description: 'Leave empty (a field for robots)' }),
  })
  .openapi('FundsApplicationCreate');

const ApplicationCreated = z
  .object({
    id: z.string().uuid(),
    status: z.enum(APPLICATION_STATUSES),
    token: z.string().openapi({
      description: 'The private token, shown this once (only its hash is kept); the link is also mailed',
    }),
    link: z.string().openapi({ description: 'The applicant’s page behind the private link' }),
  })
  .openapi('FundsApplicationCreated');

const ApplicationStatusOut = z
  .object({
    fund: z.object({ id: z.string().uuid(), name: z.string() }),
    title: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    requestedCents: cents('Asked of the fund'),
    grantedCents: z.number().int().nullable(),
    submittedAt: dateTime(),
    decidedAt: dateTime(),
    sessionOn: z
      .string()
      .nullable()
      .openapi({ format: 'date', description: 'The day of the session that decides it, once on an agenda' }),
    history: z.array(
      z.object({
        status: z.enum(APPLICATION_STATUSES),
        at: z.string().openapi({ format: 'date-time' }),
        note: z.string().openapi({ description: 'Staff’s note to the applicant (changes asked for)' }),
      }),
    ),
  })
  .openapi('FundsApplicationStatus');

const createApplicationRoute = createRoute({
  method: 'post',
  path: '/funds/calls/{fundId}/applications',
  tags: [TAG],
  summary: 'Apply to a fund (no account)',
  description:
    'The public application form as JSON, checked the same way: every field and, when sent in, the fund’s rules (cap, cost kinds, own contribution, start after the decision), each refusal at its field in the caller’s language (de, en, tr, ar, de-x-ls; the applicant’s mails speak it). Rate limited per client and per e-mail address like the form; a filled `homepage` is answered as a success and nothing is kept.',
  security: publicSecurity,
  request: { params: FundParam, body: { required: true, content: json(ApplicationCreate) } },
  responses: {
    201: { description: 'Started (or sent in)', content: json(ApplicationCreated) },
    ...notFound,
  },
});

const TokenParam = z.object({
  token: z
    .string()
    .max(100)
    .openapi({ param: { name: 'token', in: 'path' }, description: 'The private token of the application' }),
});

const applicationStatusRoute = createRoute({
  method: 'get',
  path: '/funds/applications/{token}',
  tags: [TAG],
  summary: 'An application’s status by its private token (no account)',
  description:
    'What the applicant’s page shows of the status: the fund, the title, amounts, the session that decides it and the status path with staff’s notes. A wrong token is 404; rate limited per client.',
  security: publicSecurity,
  request: { params: TokenParam },
  responses: { 200: { description: 'The status', content: json(ApplicationStatusOut) }, ...notFound },
});

/** A use case's field messages (translation keys) in the caller's language. */
const translateFields = (c: Context<AppEnv>, fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(c.get('t')(v))]));

async function readApplication(c: Context<AppEnv>, fund: Fund, body: z.infer<typeof ApplicationCreate>) {
  const { consent, submit, homepage: _, ...rest } = body;
  const errors: Record<string, string> = {};
  let input: ApplicationInput = rest as ApplicationInput;
  try {
    input = parse(applicationInput, rest);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    Object.assign(errors, err.fields);
  }
  if (!rest.email?.trim()) errors.email = 'validation.required';
  if (consent !== true) errors.consent = 'funds:errors.consent';
  if (submit && Object.keys(errors).length === 0) {
    const v = input as ApplicationInput & { costLines: CostLineInput[] };
    const problems = await applicantRuleProblems(db(c), c.get('tenant')!.id, fund, {
      costLines: v.costLines ?? [],
      ownMoneyCents: v.ownMoneyCents ?? 0,
      volunteerHours: v.volunteerHours ?? 0,
      startsOn: v.startsOn ?? null,
    });
    Object.assign(errors, ruleProblemMessages(problems, c.get('lang')));
  }
  if (Object.keys(errors).length) throw new ValidationError(translateFields(c, errors));
  return input;
}

type CostLineInput = { item: string; costKind: string; amountCents: number };

export function mountPublicFundsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(createApplicationRoute, async (c) => {
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    const call = await publicCall(db(c), tenant.id, c.req.valid('param').fundId);
    if (!call.year) throw new AppError(404, 'fund_not_found');
    const body = c.req.valid('json');
    c.header('Cache-Control', 'private, no-store');
    await enforceLimit(c, 'funds-apply', APPLY_LIMIT.perIp, APPLY_LIMIT.windowSeconds);
    // A robot filled the honeypot: it learns nothing, nothing is kept or mailed.
    if (honeypotFilled(body as Record<string, unknown>)) {
      services.log.info({ tenant: tenant.slug }, 'funds: honeypot triggered, API application dropped');
      const token = randomToken(24);
      return c.json(
        {
          id: randomUUID(),
          status: body.submit ? ('submitted' as const) : ('draft' as const),
          token,
          link: `${services.config.baseUrl}/${tenant.slug}/funds/applications/${token}`,
        },
        201,
      );
    }
    const input = await readApplication(c, call.fund, body);
    await enforceLimit(
      c,
      'funds-apply-mail',
      APPLY_LIMIT.perEmail,
      APPLY_LIMIT.windowSeconds * 24,
      String(input.email ?? ''),
    );
    const linkOf = (token: string) => `${services.config.baseUrl}/${tenant.slug}/funds/applications/${token}`;
    const started = await startApplication(db(c), tenant.id, call.fund.id, input, {
      lang: c.get('lang'),
      submit: body.submit,
      linkOf,
    }).catch((err) => {
      throw err instanceof ValidationError ? new ValidationError(translateFields(c, err.fields)) : err;
    });
    return c.json(
      {
        id: started.application.id,
        status: started.application.status,
        token: started.token,
        link: linkOf(started.token),
      },
      201,
    );
  });

  api.openapi(applicationStatusRoute, async (c) => {
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    await enforceLimit(c, 'funds-link', LINK_LIMIT.perIp, LINK_LIMIT.windowSeconds);
    const v = await applicationByToken(db(c), c.get('tenant')!.id, c.req.valid('param').token);
    const a = v.application;
    return c.json(
      {
        fund: v.fund,
        title: a.title,
        status: a.status,
        requestedCents: a.requestedCents,
        grantedCents: a.status === 'refused' ? null : a.grantedCents,
        submittedAt: iso(a.submittedAt),
        decidedAt: iso(a.decidedAt),
        sessionOn: v.sessionAt ? localDate(v.sessionAt) : null,
        history: v.history.map((h) => ({ status: h.status, at: h.at.toISOString(), note: h.note })),
      },
      200,
    );
  });
}
