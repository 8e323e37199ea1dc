import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { actorOf, authorize } from '../../platform/authz.ts';
import type { AppEnv } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { offsetQuery } from '../../platform/http/paging.ts';
import { parseAddress } from './addresses.ts';
import { AREA_KINDS } from './db/schema.ts';
import { resolveCrs } from './geo/index.ts';
import { areaFeature, GEOJSON_TYPE } from './geojson.ts';
import { PERMS } from './policies.ts';
import { areaPath, countMatchingAreas, getArea, listAreas } from './queries.ts';
import { rejectionMessage } from './rejection-messages.ts';
import { placeAddress, placePoint } from './use-cases/place.ts';
import { importAreaBoundaries } from './use-cases/staff.ts';

/** JSON bodies of boundary imports: real district files are a few MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const Kind = z.enum(AREA_KINDS).openapi({ description: 'Area kind' });

const AreaSummary = z
  .object({
    id: z.string().uuid(),
    kind: Kind,
    key: z.string(),
    name: z.string(),
    slug: z.string(),
    parentId: z.string().uuid().nullable(),
    hasBoundary: z.boolean(),
  })
  .openapi('AreaSummary');

const AreaDetail = AreaSummary.extend({
  description: z.string().nullable(),
  source: z.string().nullable(),
  bbox: z
    .array(z.number())
    .length(4)
    .nullable()
    .openapi({ description: '[west, south, east, north] in WGS84' }),
  ancestors: z.array(AreaSummary).openapi({ description: 'Parent first, up to the top of the hierarchy' }),
}).openapi('AreaDetail');

const PlacedArea = AreaSummary.extend({
  direct: z
    .boolean()
    .openapi({ description: 'The point lies inside this area’s own boundary (else: an ancestor)' }),
}).openapi('PlacedArea');

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .openapi('Error');

const Rejection = z
  .object({
    index: z.number().int().openapi({ description: 'Feature index in the file; -1 = the whole file' }),
    key: z.string().optional(),
    code: z.string(),
    detail: z.record(z.string(), z.union([z.string(), z.number()])),
    message: z.string().openapi({ description: 'The rejection in the caller’s language' }),
  })
  .openapi('ImportRejection');

const ImportReport = z
  .object({
    kind: Kind,
    fileName: z.string(),
    dryRun: z.boolean(),
    crs: z.string(),
    accepted: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(Rejection),
    parentsAssigned: z.number().int(),
    parentsMissing: z.number().int(),
    importId: z.string().uuid().optional(),
  })
  .openapi('BoundaryImportReport');

const errors = {
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'Missing permission', content: { 'application/json': { schema: ErrorBody } } },
  422: {
    description: 'Invalid parameters (per field)',
    content: { 'application/json': { schema: ErrorBody } },
  },
};
const notFound = {
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorBody } } },
};

const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const security = [{ bearer: [] }];

/** A middleware so the permission is checked before the body is validated (403 beats 422). */
const needs = (permission: string) => async (c: Context<AppEnv>, next: () => Promise<void>) => {
  authorize(actorOf(c), permission);
  await next();
};

const listRoute = createRoute({
  method: 'get',
  path: '/areas',
  tags: ['Areas'],
  summary: 'List areas',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: {
    query: z.object({
      kind: Kind.optional(),
      parent: z.string().uuid().optional().openapi({ description: 'Only direct children of this area' }),
      q: z.string().trim().max(100).optional().openapi({ description: 'Part of the name, or the exact key' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: offsetQuery(),
    }),
  },
  responses: {
    200: {
      description: 'A page of areas',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(AreaSummary),
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
        },
      },
    },
    ...errors,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/areas/{id}',
  tags: ['Areas'],
  summary: 'One area with its ancestors',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The area', content: { 'application/json': { schema: AreaDetail } } },
    ...errors,
    ...notFound,
  },
});

const boundaryRoute = createRoute({
  method: 'get',
  path: '/areas/{id}/boundary',
  tags: ['Areas'],
  summary: 'Boundary of an area as a GeoJSON Feature (RFC 7946)',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'GeoJSON Feature with a Polygon or MultiPolygon in WGS84',
      content: { [GEOJSON_TYPE]: { schema: z.record(z.string(), z.unknown()).openapi('GeoJSONFeature') } },
    },
    ...errors,
    ...notFound,
  },
});

const placesRoute = createRoute({
  method: 'get',
  path: '/places',
  tags: ['Areas'],
  summary: 'Areas containing a point (lon, lat) or an address',
  description:
    'Either `lon` and `lat` (WGS84): every area whose boundary contains the point, with its ancestors. Or `address` ("Soldiner Straße 12a, 13359 Berlin"): the Planungsraum from the address list and its ancestors.',
  security,
  middleware: [needs(PERMS.read)] as const,
  request: {
    query: z
      .object({
        lon: z.coerce.number().min(-180).max(180).optional(),
        lat: z.coerce.number().min(-90).max(90).optional(),
        address: z.string().trim().max(200).optional(),
      })
      .superRefine((q, ctx) => {
        if (q.address) return;
        if (q.lon === undefined && q.lat === undefined) {
          ctx.addIssue({ code: 'custom', path: ['address'], message: 'validation.required' });
          return;
        }
        if (q.lon === undefined)
          ctx.addIssue({ code: 'custom', path: ['lon'], message: 'validation.required' });
        if (q.lat === undefined)
          ctx.addIssue({ code: 'custom', path: ['lat'], message: 'validation.required' });
      }),
  },
  responses: {
    200: {
      description: 'The areas (broadest first); empty when the place lies in no known area',
      content: {
        'application/json': {
          schema: z.object({
            found: z.boolean(),
            address: z
              .object({ street: z.string(), houseNumber: z.string(), postcode: z.string().nullable() })
              .optional(),
            areas: z.array(PlacedArea),
          }),
        },
      },
    },
    ...errors,
  },
});

const importRoute = createRoute({
  method: 'post',
  path: '/areas/import',
  tags: ['Areas'],
  summary: 'Import area boundaries from a GeoJSON FeatureCollection',
  description:
    'Validates every feature, reprojects to WGS84 and writes all accepted areas in one transaction. `dryRun` (default true) only reports. Rejections come with a message in the caller’s language.',
  security,
  middleware: [
    needs(PERMS.manage),
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: () => {
        throw new AppError(413, 'too_large');
      },
    }),
  ] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              geojson: z
                .record(z.string(), z.unknown())
                .openapi({ description: 'GeoJSON FeatureCollection' }),
              kind: Kind,
              keyProperty: z.string().trim().min(1).max(100),
              nameProperty: z.string().trim().min(1).max(100),
              parentKind: Kind.optional(),
              parentKeyProperty: z.string().trim().min(1).max(100).optional(),
              sourceCrs: z
                .string()
                .trim()
                .max(100)
                .refine(
                  (v) => resolveCrs(v) !== null,
                  'Unsupported CRS (EPSG:4326, EPSG:25833, EPSG:25832, EPSG:3857)',
                )
                .optional(),
              fileName: z.string().trim().min(1).max(200).default('api.geojson'),
              dryRun: z.boolean().default(true),
            })
            .superRefine((b, ctx) => {
              if (b.parentKind && b.parentKind === b.kind)
                ctx.addIssue({ code: 'custom', path: ['parentKind'], message: 'Must differ from kind' });
              if (b.parentKeyProperty && !b.parentKind)
                ctx.addIssue({
                  code: 'custom',
                  path: ['parentKind'],
                  message: 'Required with parentKeyProperty',
                });
            }),
        },
      },
    },
  },
  responses: {
    200: { description: 'The import report', content: { 'application/json': { schema: ImportReport } } },
    ...errors,
  },
});

export function mountAreasApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(listRoute, async (c) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const q = c.req.valid('query');
    const filter = { kinds: q.kind ? [q.kind] : undefined, parentId: q.parent, q: q.q || undefined };
    const [items, total] = await Promise.all([
      listAreas(db, tenant.id, { ...filter, limit: q.limit, offset: q.offset }),
      countMatchingAreas(db, tenant.id, filter),
    ]);
    return c.json({ items, total, limit: q.limit, offset: q.offset }, 200);
  });

  api.openapi(getRoute, async (c) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const area = await getArea(db, tenant.id, c.req.valid('param').id);
    if (!area) throw new AppError(404, 'area_not_found');
    const path = await areaPath(db, tenant.id, area.id);
    const hasBbox =
      area.minLon !== null && area.minLat !== null && area.maxLon !== null && area.maxLat !== null;
    return c.json(
      {
        ...path[0],
        description: area.description,
        source: area.source,
        bbox: hasBbox ? [area.minLon!, area.minLat!, area.maxLon!, area.maxLat!] : null,
        ancestors: path.slice(1),
      },
      200,
    );
  });

  api.openapi(boundaryRoute, async (c) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const area = await getArea(db, tenant.id, c.req.valid('param').id);
    if (!area) throw new AppError(404, 'area_not_found');
    if (!area.geometry) throw new AppError(404, 'boundary_not_found');
    // Not c.json: the media type of RFC 7946 is application/geo+json (the typed helpers only know JSON).
    const res = new Response(JSON.stringify(areaFeature(area)), {
      status: 200,
      headers: { 'Content-Type': GEOJSON_TYPE },
    });
    return res as never;
  });

  api.openapi(placesRoute, async (c) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const q = c.req.valid('query');
    if (q.address) {
      const parsed = parseAddress(q.address);
      if (!parsed) {
        return c.json(
          {
            error: {
              code: 'validation_failed',
              message: 'Validation failed',
              fields: { address: 'Street and house number expected' },
            },
          },
          422,
        );
      }
      const placed = await placeAddress(db, tenant.id, parsed);
      if (!placed) return c.json({ found: false, areas: [] }, 200);
      const areas = [...placed.path].reverse().map((a) => ({ ...a, direct: a.id === placed.area.id }));
      return c.json({ found: true, address: placed.address, areas }, 200);
    }
    const areas = await placePoint(db, tenant.id, q.lon!, q.lat!);
    return c.json({ found: areas.length > 0, areas }, 200);
  });

  api.openapi(importRoute, async (c) => {
    const db = c.get('services').db;
    const t = c.get('t');
    const b = c.req.valid('json');
    const { report } = await importAreaBoundaries(actorOf(c), db, {
      kind: b.kind,
      fileName: b.fileName,
      content: b.geojson,
      keyProperty: b.keyProperty,
      nameProperty: b.nameProperty,
      parentKind: b.parentKind,
      parentKeyProperty: b.parentKeyProperty,
      sourceCrs: b.sourceCrs,
      dryRun: b.dryRun,
    });
    return c.json(
      { ...report, rejected: report.rejected.map((r) => ({ ...r, message: rejectionMessage(t, r) })) },
      200,
    );
  });
}
