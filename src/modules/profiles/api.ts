// The JSON API of the area profiles (OpenAPI): published indicators and their values per area and
// period, as JSON and as CSV. Thin: parse → read → present.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { CSV_MEDIA_TYPE, csvResponse, toCsv } from '../../platform/csv/index.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { AGGREGATIONS, DIRECTIONS, UNITS } from './domain/vocab.ts';
import { listIndicators } from './queries.ts';
import { type AreaValue, publicValues, publishedIndicator } from './use-cases/indicators.ts';

const TAG = 'Indicators';
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .openapi('IndicatorsError');
const notFound = { 404: { description: 'No such published indicator', content: json(ErrorBody) } };
const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const ValuesQuery = z.object({
  area: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Only this area (the tenant id: the tenant as a whole)' }),
  period: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional()
    .openapi({ description: "Only this period: a year ('2021') or a reference date ('2022-06-30')" }),
});

const IndicatorOut = z
  .object({
    id: z.string().uuid(),
    key: z.string(),
    nameDe: z.string(),
    nameEn: z.string(),
    unit: z.enum(UNITS),
    direction: z.enum(DIRECTIONS),
    aggregation: z.enum(AGGREGATIONS),
    weightIndicatorKey: z.string().nullable(),
    source: z.string(),
    licence: z.string(),
    description: z.string(),
  })
  .openapi('Indicator');

const ValueOut = z
  .object({
    areaId: z.string().uuid(),
    areaKey: z.string(),
    areaName: z.string(),
    areaKind: z.string().openapi({ description: "The area's kind, or 'tenant' for the tenant as a whole" }),
    period: z.string(),
    value: z.number(),
    derived: z.boolean().openapi({ description: 'Computed from the areas below (sum or weighted mean)' }),
  })
  .openapi('IndicatorValue');

const listRoute = createRoute({
  method: 'get',
  path: '/indicators',
  tags: [TAG],
  summary: 'Published indicators',
  description:
    'The indicators of the area profiles with unit, source, licence and how higher levels are derived.',
  responses: {
    200: { description: 'Indicators', content: json(z.object({ items: z.array(IndicatorOut) })) },
  },
});

const valuesRoute = createRoute({
  method: 'get',
  path: '/indicators/{id}/values',
  tags: [TAG],
  summary: 'Values of an indicator per area and period',
  request: { params: IdParam, query: ValuesQuery },
  responses: {
    200: {
      description: 'The indicator and its values',
      content: json(z.object({ indicator: IndicatorOut, items: z.array(ValueOut) })),
    },
    ...notFound,
  },
});

const valuesCsvRoute = createRoute({
  method: 'get',
  path: '/indicators/{id}/values.csv',
  tags: [TAG],
  summary: 'Values of an indicator as CSV',
  description: 'The same values as a CSV file: semicolons, UTF-8 with BOM, decimal comma.',
  request: { params: IdParam, query: ValuesQuery },
  responses: {
    200: { description: 'The values', content: { [CSV_MEDIA_TYPE]: { schema: z.string() } } },
    ...notFound,
  },
});

const indicatorOut = (i: z.infer<typeof IndicatorOut> & Record<string, unknown>) => ({
  id: i.id,
  key: i.key,
  nameDe: i.nameDe,
  nameEn: i.nameEn,
  unit: i.unit,
  direction: i.direction,
  aggregation: i.aggregation,
  weightIndicatorKey: i.weightIndicatorKey,
  source: i.source,
  licence: i.licence,
  description: i.description,
});

/** A decimal for German spreadsheets, as text ("4,22594"). */
const decimalDe = (n: number) => String(n).replace('.', ',');

export function mountProfilesApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listRoute, async (c) => {
    const list = await listIndicators(c.get('services').db, c.get('tenant')!.id, { publishedOnly: true });
    return c.json({ items: list.map(indicatorOut) }, 200);
  });
  const load = async (
    c: Parameters<Parameters<typeof api.openapi>[1]>[0],
    id: string,
    q: z.infer<typeof ValuesQuery>,
  ) => {
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const indicator = await publishedIndicator(db, tenant.id, id);
    const items = indicator
      ? await publicValues(db, tenant.id, id, { areaId: q.area, period: q.period, wholeName: tenant.name })
      : undefined;
    if (!indicator || !items) throw new AppError(404, 'indicator_not_found');
    return { indicator, items };
  };
  api.openapi(valuesRoute, async (c) => {
    const { indicator, items } = await load(c, c.req.valid('param').id, c.req.valid('query'));
    return c.json({ indicator: indicatorOut(indicator), items }, 200);
  });
  api.openapi(valuesCsvRoute, async (c) => {
    const { indicator, items } = await load(c, c.req.valid('param').id, c.req.valid('query'));
    const header = [
      'indicator',
      'area_key',
      'area_name',
      'area_kind',
      'period',
      'value',
      'derived',
      'unit',
      'source',
      'licence',
    ];
    const rows = items.map((v: AreaValue) => [
      indicator.key,
      v.areaKey,
      v.areaName,
      v.areaKind,
      v.period,
      decimalDe(v.value),
      v.derived ? 'ja' : 'nein',
      indicator.unit,
      indicator.source,
      indicator.licence,
    ]);
    return csvResponse(toCsv(header, rows), `${indicator.key}.csv`) as never;
  });
}
