import { and, asc, desc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/index.ts';
import { ofTenant, rows, rowsVersion } from '../../platform/db/index.ts';
import { type AreaKind, areaImports, areas } from './db/schema.ts';

export type Area = typeof areas.$inferSelect;

/** The recursive step of the area walks reads `areas` as `a`: its tenant condition goes through the alias. */
const step = alias(areas, 'a');
export type AreaSummary = Pick<Area, 'id' | 'kind' | 'key' | 'name' | 'slug' | 'parentId' | 'published'> & {
  hasBoundary: boolean;
};

const summaryColumns = {
  id: areas.id,
  kind: areas.kind,
  key: areas.key,
  name: areas.name,
  slug: areas.slug,
  parentId: areas.parentId,
  published: areas.published,
  hasBoundary: sql<boolean>`${areas.geometry} is not null`,
};

export interface AreaFilter {
  kinds?: AreaKind[];
  parentId?: string;
  q?: string;
  ids?: string[];
  /** true: only areas shown to the public (every public page, feed and list passes it). */
  published?: boolean;
}

function areaWhere(tenantId: string, f: AreaFilter): SQL[] {
  const where: SQL[] = [ofTenant(areas, tenantId)];
  if (f.kinds?.length) where.push(inArray(areas.kind, f.kinds));
  if (f.parentId) where.push(eq(areas.parentId, f.parentId));
  if (f.ids) where.push(f.ids.length ? inArray(areas.id, f.ids) : sql`false`);
  if (f.published !== undefined) where.push(eq(areas.published, f.published));
  if (f.q)
    where.push(sql`(${ilike(areas.name, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`)} or ${areas.key} = ${f.q})`);
  return where;
}

export async function listAreas(
  db: Db,
  tenantId: string,
  f: AreaFilter & { limit?: number; offset?: number } = {},
): Promise<AreaSummary[]> {
  const where = areaWhere(tenantId, f);
  return db
    .select(summaryColumns)
    .from(areas)
    .where(and(...where))
    .orderBy(asc(areas.kind), asc(areas.key))
    .limit(f.limit ?? 1000)
    .offset(f.offset ?? 0);
}

/** Number of areas matching the same filter as listAreas (for paging). */
export async function countMatchingAreas(db: Db, tenantId: string, f: AreaFilter = {}): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(areas)
    .where(and(...areaWhere(tenantId, f)));
  return Number(r?.n ?? 0);
}

export async function countAreas(db: Db, tenantId: string): Promise<Record<string, number>> {
  const r = await db
    .select({ kind: areas.kind, n: sql<number>`count(*)::int` })
    .from(areas)
    .where(ofTenant(areas, tenantId))
    .groupBy(areas.kind);
  return Object.fromEntries(r.map((x) => [x.kind, Number(x.n)]));
}

export async function getArea(db: Db, tenantId: string, id: string): Promise<Area | undefined> {
  const [a] = await db
    .select()
    .from(areas)
    .where(and(ofTenant(areas, tenantId), eq(areas.id, id)))
    .limit(1);
  return a;
}

export async function getAreaBySlug(db: Db, tenantId: string, slug: string): Promise<Area | undefined> {
  const [a] = await db
    .select()
    .from(areas)
    .where(and(ofTenant(areas, tenantId), eq(areas.slug, slug)))
    .limit(1);
  return a;
}

/** An area as the public may see it: unpublished areas (fresh from an import) are not found. */
export async function getPublicAreaBySlug(db: Db, tenantId: string, slug: string): Promise<Area | undefined> {
  const a = await getAreaBySlug(db, tenantId, slug);
  return a?.published ? a : undefined;
}

export async function getAreaByKey(
  db: Db,
  tenantId: string,
  kind: AreaKind,
  key: string,
): Promise<Area | undefined> {
  const [a] = await db
    .select()
    .from(areas)
    .where(and(ofTenant(areas, tenantId), eq(areas.kind, kind), eq(areas.key, key)))
    .limit(1);
  return a;
}

/** The area and its ancestors, nearest first (used for breadcrumbs and scope checks). */
export async function areaPath(db: Db, tenantId: string, id: string): Promise<AreaSummary[]> {
  const r = rows<{
    id: string;
    kind: AreaKind;
    key: string;
    name: string;
    slug: string;
    parent_id: string | null;
    published: boolean;
    has_boundary: boolean;
    depth: number;
  }>(
    await db.execute(sql`
      with recursive up as (
        select id, kind, key, name, slug, parent_id, published, geometry is not null as has_boundary, 0 as depth
        from areas where ${ofTenant(areas, tenantId)} and id = ${id}
        union all
        select a.id, a.kind, a.key, a.name, a.slug, a.parent_id, a.published, a.geometry is not null, up.depth + 1
        from areas a join up on a.id = up.parent_id
        where ${ofTenant(step, tenantId)} and up.depth < 20
      )
      select * from up order by depth`),
  );
  return r.map((x) => ({
    id: x.id,
    kind: x.kind,
    key: x.key,
    name: x.name,
    slug: x.slug,
    parentId: x.parent_id,
    published: x.published,
    hasBoundary: x.has_boundary,
  }));
}

/** Ids of the area and all its descendants (for scoping lists to a team's area). */
export async function descendantIds(db: Db, tenantId: string, id: string): Promise<string[]> {
  const r = rows<{ id: string }>(
    await db.execute(sql`
      with recursive down as (
        select id, 0 as depth from areas where ${ofTenant(areas, tenantId)} and id = ${id}
        union all
        select a.id, down.depth + 1 from areas a join down on a.parent_id = down.id
        where ${ofTenant(step, tenantId)} and down.depth < 20
      )
      select id from down`),
  );
  return r.map((x) => x.id);
}

export type Boundary = Pick<
  Area,
  'id' | 'key' | 'name' | 'slug' | 'kind' | 'parentId' | 'minLon' | 'minLat' | 'maxLon' | 'maxLat'
> & {
  geometry: NonNullable<Area['geometry']>;
};

export async function boundaries(
  db: Db,
  tenantId: string,
  f: { kinds?: AreaKind[]; ids?: string[]; parentId?: string; published?: boolean },
): Promise<Boundary[]> {
  const where: SQL[] = [ofTenant(areas, tenantId), sql`${areas.geometry} is not null`];
  if (f.published !== undefined) where.push(eq(areas.published, f.published));
  if (f.kinds?.length) where.push(inArray(areas.kind, f.kinds));
  if (f.ids) where.push(f.ids.length ? inArray(areas.id, f.ids) : sql`false`);
  if (f.parentId) where.push(eq(areas.parentId, f.parentId));
  const r = await db
    .select({
      id: areas.id,
      key: areas.key,
      name: areas.name,
      slug: areas.slug,
      kind: areas.kind,
      parentId: areas.parentId,
      geometry: areas.geometry,
      minLon: areas.minLon,
      minLat: areas.minLat,
      maxLon: areas.maxLon,
      maxLat: areas.maxLat,
    })
    .from(areas)
    .where(and(...where))
    .orderBy(asc(areas.key));
  return r as Boundary[];
}

export type AreaImport = typeof areaImports.$inferSelect;

/** Past boundary imports, newest first. */
export async function listImports(db: Db, tenantId: string, limit = 20): Promise<AreaImport[]> {
  return db
    .select()
    .from(areaImports)
    .where(ofTenant(areaImports, tenantId))
    .orderBy(desc(areaImports.createdAt), desc(areaImports.id))
    .limit(limit);
}

export async function getImport(db: Db, tenantId: string, id: string): Promise<AreaImport | undefined> {
  const [r] = await db
    .select()
    .from(areaImports)
    .where(and(ofTenant(areaImports, tenantId), eq(areaImports.id, id)))
    .limit(1);
  return r;
}

/** The version of a tenant's areas (names, hierarchy, boundaries) for cached pages: one subquery. */
export const areasVersion = (tenantId: string): SQL => rowsVersion(areas, tenantId);
