// The JSON API of funds (OpenAPI): the open calls (public content, for every member), and for readers
// of a fund its years with balances, applications, decisions, ledger and report. The applicant (name,
// group, e-mail, phone) only for members who process the fund's applications; the jury reads the
// projects, never their contact. Thin: parse → use case → present.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type Actor, actorOf, can } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { APPLICATION_STATUSES, COST_KINDS, FUND_KINDS, LEDGER_KINDS, PAYMENT_KINDS } from './domain/vocab.ts';
import { PROCESS } from './policies.ts';
import type { Application, Fund, FundYear } from './queries.ts';
import { applicationFor } from './use-cases/applications.ts';
import { fundYearFor, listFundsFor } from './use-cases/funds.ts';
import { openCalls, type PublicCall, publicCall } from './use-cases/public.ts';
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
