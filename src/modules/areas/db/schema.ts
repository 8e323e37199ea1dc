import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';

export const AREA_KINDS = [
  'district',
  'prognoseraum',
  'bezirksregion',
  'planungsraum',
  'programme',
  'stadtteil',
  'free',
] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export type AreaGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** Areas of every kind in one hierarchy (parent_id); boundary as GeoJSON with its bbox for prefiltering. */
export const areas = pgTable(
  'areas',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').$type<AreaKind>().notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    parentId: uuid('parent_id'),
    geometry: jsonb('geometry').$type<AreaGeometry>(),
    minLon: doublePrecision('min_lon'),
    minLat: doublePrecision('min_lat'),
    maxLon: doublePrecision('max_lon'),
    maxLat: doublePrecision('max_lat'),
    description: text('description'),
    source: text('source'),
    /** Shown on public pages, feeds and lists. A boundary import creates areas unpublished: staff publish them. */
    published: boolean('published').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('areas_kind_key').on(t.tenantId, t.kind, t.key),
    unique('areas_slug_key').on(t.tenantId, t.slug),
    foreignKey({
      columns: [t.tenantId, t.parentId],
      foreignColumns: [t.tenantId, t.id],
      name: 'areas_parent_fk',
    }),
    index('areas_parent_idx').on(t.tenantId, t.parentId),
    index('areas_bbox_idx').on(t.tenantId, t.minLon, t.maxLon, t.minLat, t.maxLat),
    index('areas_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** Addresses mapped to an area key (for Berlin: the Planungsraum), for placing things by address. */
export const areaAddresses = pgTable(
  'area_addresses',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    streetNorm: text('street_norm').notNull(),
    street: text('street').notNull(),
    houseNumber: text('house_number').notNull(),
    postcode: text('postcode'),
    areaKind: text('area_kind').$type<AreaKind>().notNull(),
    areaKey: text('area_key').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('area_addresses_lookup_idx').on(t.tenantId, t.streetNorm, t.houseNumber),
  ],
);

/** One row per import run: the report a data coordinator reads afterwards. */
export const areaImports = pgTable(
  'area_imports',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').$type<AreaKind>().notNull(),
    fileName: text('file_name').notNull(),
    created: integer('created').notNull(),
    updated: integer('updated').notNull(),
    unchanged: integer('unchanged').notNull(),
    rejected: integer('rejected').notNull(),
    report: jsonb('report').$type<unknown>().notNull(),
    userId: uuid('user_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
