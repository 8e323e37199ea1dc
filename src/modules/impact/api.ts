// The JSON API of impact (OpenAPI): every module's key figures for an area (with everything below it)
// or the whole tenant in a period against the same period a year before, as JSON and as CSV. Thin:
// parse → use case → present.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../platform/authz.ts';
import { CSV_MEDIA_TYPE, csvResponse, toCsv } from '../../platform/csv/index.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { todayLocal } from '../../platform/time/index.ts';
import { lastDay, PERIOD_KINDS, periodSlug, readPeriod } from './domain/period.ts';
import { dashboardCsv } from './present.ts';
import { dashboardFor } from './use-cases/dashboard.ts';

const TAG = 'Impact';
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
  .openapi('ImpactError');
const errors = {
  401: { description: 'Not signed in', content: json(ErrorBody) },
  403: {
    description: 'Missing permission (the whole tenant needs a tenant-wide grant)',
    content: json(ErrorBody),
  },
  404: { description: 'Area not found (or outside your areas)', content: json(ErrorBody) },
  422: { description: 'Not a period', content: json(ErrorBody) },
};

const KpiQuery = z.object({
  area: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'The area (with everything below it); none: the whole tenant' }),
  period: z.enum(PERIOD_KINDS).default('year').openapi({ description: 'Kind of period' }),
  year: z.string().max(4).optional().openapi({ example: '2026', description: 'With period=year' }),
  quarter: z.string().max(7).optional().openapi({ example: '2026-Q2', description: 'With period=quarter' }),
  month: z.string().max(7).optional().openapi({ example: '2026-05', description: 'With period=month' }),
  from: z
    .string()
    .max(10)
    .optional()
    .openapi({ format: 'date', description: 'First day, with period=range' }),
  to: z.string().max(10).optional().openapi({ format: 'date', description: 'Last day, with period=range' }),
});

const PeriodOut = z.object({
  kind: z.enum(PERIOD_KINDS),
  from: z.string().openapi({ format: 'date', description: 'First day' }),
  to: z.string().openapi({ format: 'date', description: 'Last day' }),
});

const Kpis = z
  .object({
    area: z.object({ id: z.string().uuid(), name: z.string(), kind: z.string() }).nullable(),
    period: PeriodOut,
    previous: PeriodOut.openapi({ description: 'The same period a year before' }),
    figures: z.array(
      z.object({
        key: z.string().openapi({ example: 'events.published' }),
        module: z.string(),
        unit: z.enum(['count', 'hours', 'people', 'percent', 'cents']),
        areas: z.enum(['sum', 'recompute']).openapi({ description: 'How values of several areas combine' }),
        time: z
          .enum(['sum', 'last', 'recompute'])
          .openapi({ description: 'How values of several periods combine' }),
        current: z.number(),
        previous: z.number(),
        delta: z.number(),
        percent: z
          .number()
          .nullable()
          .openapi({ description: 'Change in percent; null when the year before was 0' }),
      }),
    ),
  })
  .openapi('ImpactKpis');

const kpisRoute = createRoute({
  method: 'get',
  path: '/impact/kpis',
  tags: [TAG],
  summary: 'Key figures of an area or the tenant',
  description:
    "Every module's figures for the period and the same period a year before. Amounts (unit cents) are in cents.",
  security,
  request: { query: KpiQuery },
  responses: { 200: { description: 'The key figures', content: json(Kpis) }, ...errors },
});

const kpisCsvRoute = createRoute({
  method: 'get',
  path: '/impact/kpis.csv',
  tags: [TAG],
  summary: 'Key figures as CSV',
  description: 'The same table as the dashboard download: semicolons, UTF-8 with BOM, amounts in euros.',
  security,
  request: { query: KpiQuery },
  responses: {
    200: { description: 'The key figures', content: { [CSV_MEDIA_TYPE]: { schema: z.string() } } },
    ...errors,
  },
});

type KpiParams = z.infer<typeof KpiQuery>;

function periodOf(q: KpiParams, today: string) {
  const r = readPeriod(q as Record<string, string | undefined>, today);
  if ('field' in r) throw new ValidationError({ [r.field]: r.error });
  return r.period;
}

export function mountImpactApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(kpisRoute, async (c) => {
    const q = c.req.valid('query');
    const services = c.get('services');
    const d = await dashboardFor(actorOf(c), services, {
      areaId: q.area ?? null,
      period: periodOf(q, todayLocal(services.now())),
    });
    const out = (p: typeof d.period) => ({ kind: p.kind, from: p.from, to: lastDay(p) });
    return c.json(
      {
        area: d.area,
        period: out(d.period),
        previous: out(d.previous),
        figures: d.rows.map(({ label: _label, ...r }) => r),
      },
      200,
    );
  });
  api.openapi(kpisCsvRoute, async (c) => {
    const q = c.req.valid('query');
    const services = c.get('services');
    const d = await dashboardFor(actorOf(c), services, {
      areaId: q.area ?? null,
      period: periodOf(q, todayLocal(services.now())),
    });
    const { header, rows } = dashboardCsv(d, c.get('t'), c.get('lang'));
    return csvResponse(toCsv(header, rows), `kpis-${periodSlug(d.period)}.csv`) as never;
  });
}
