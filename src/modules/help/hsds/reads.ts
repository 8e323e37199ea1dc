/**
 * Reads of the HSDS API: public information only (services not archived), every query scoped by
 * tenant, pages counted in the database. No account; nothing is written and no search is counted.
 */
import { and, asc, count, eq, getTableColumns, gte, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Db, isUuid, ofTenant } from '../../../platform/db/index.ts';
import { helpLocations, helpServices, helpServiceTopics } from '../db/schema.ts';
import type { LocationRow } from '../use-cases/services.ts';
import { listTopics, type Topic } from '../use-cases/vocabulary.ts';
import { organizationIdOf, type ServiceRow } from './present.ts';

export interface ServiceQuery {
  page: number;
  perPage: number;
  search?: string;
  taxonomyTermId?: string;
  organizationId?: string;
  modifiedAfter?: Date;
}

export interface Page<T> {
  total: number;
  items: T[];
}

type Row = ServiceRow;
const { search: _search, ...serviceColumns } = getTableColumns(helpServices);

/** Active services of the tenant: the condition every read shares. */
const active = (tenantId: string) => and(ofTenant(helpServices, tenantId), isNull(helpServices.archivedAt));

/** Organizations: one per provider (actor or name), with the ids of their services. */
export async function organizations(
  db: Db,
  tenantId: string,
): Promise<{ id: string; name: string; serviceIds: string[] }[]> {
  const rows = await db
    .select({
      id: helpServices.id,
      providerActorId: helpServices.providerActorId,
      providerName: helpServices.providerName,
    })
    .from(helpServices)
    .where(active(tenantId))
    .orderBy(asc(helpServices.providerName), asc(helpServices.id));
  const byId = new Map<string, { id: string; name: string; serviceIds: string[] }>();
  for (const r of rows) {
    const id = organizationIdOf(tenantId, r);
    if (!id) continue;
    const o = byId.get(id) ?? { id, name: r.providerName.trim() || 'Träger', serviceIds: [] };
    o.serviceIds.push(r.id);
    byId.set(id, o);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
}

export async function servicesPage(db: Db, tenantId: string, q: ServiceQuery): Promise<Page<Row>> {
  const where: (SQL | undefined)[] = [active(tenantId)];
  if (q.search?.trim())
    where.push(
      sql`(${helpServices.search} @@ plainto_tsquery('german', unaccent(${q.search.trim()})) or ${helpServices.name} ilike ${`%${q.search.trim().replace(/[\\%_]/g, '\\$&')}%`})`,
    );
  if (q.modifiedAfter) where.push(gte(helpServices.updatedAt, q.modifiedAfter));
  if (q.taxonomyTermId) {
    if (!isUuid(q.taxonomyTermId)) return { total: 0, items: [] };
    where.push(
      inArray(
        helpServices.id,
        db
          .select({ id: helpServiceTopics.serviceId })
          .from(helpServiceTopics)
          .where(and(ofTenant(helpServiceTopics, tenantId), eq(helpServiceTopics.topicId, q.taxonomyTermId))),
      ),
    );
  }
  if (q.organizationId) {
    const org = (await organizations(db, tenantId)).find((o) => o.id === q.organizationId);
    if (!org) return { total: 0, items: [] };
    where.push(inArray(helpServices.id, org.serviceIds));
  }
  const [{ n }] = await db
    .select({ n: count() })
    .from(helpServices)
    .where(and(...where));
  const items = await db
    .select(serviceColumns)
    .from(helpServices)
    .where(and(...where))
    .orderBy(asc(helpServices.name), asc(helpServices.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  return { total: Number(n), items };
}

export async function serviceById(db: Db, tenantId: string, id: string): Promise<Row | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select(serviceColumns)
    .from(helpServices)
    .where(and(active(tenantId), eq(helpServices.id, id)));
  return row;
}

/** The places of the services, in their order. */
export async function locationsOf(
  db: Db,
  tenantId: string,
  serviceIds: string[],
): Promise<Map<string, LocationRow[]>> {
  const out = new Map<string, LocationRow[]>();
  if (!serviceIds.length) return out;
  const rows = await db
    .select()
    .from(helpLocations)
    .where(and(ofTenant(helpLocations, tenantId), inArray(helpLocations.serviceId, serviceIds)))
    .orderBy(asc(helpLocations.serviceId), asc(helpLocations.sort));
  for (const r of rows) out.set(r.serviceId, [...(out.get(r.serviceId) ?? []), r]);
  return out;
}

/** The topics of the services. */
export async function topicsOf(
  db: Db,
  tenantId: string,
  serviceIds: string[],
): Promise<Map<string, Topic[]>> {
  const out = new Map<string, Topic[]>();
  if (!serviceIds.length) return out;
  const topics = new Map((await listTopics(db, tenantId)).map((t) => [t.id, t]));
  const links = await db
    .select()
    .from(helpServiceTopics)
    .where(and(ofTenant(helpServiceTopics, tenantId), inArray(helpServiceTopics.serviceId, serviceIds)));
  for (const l of links) {
    const t = topics.get(l.topicId);
    if (t) out.set(l.serviceId, [...(out.get(l.serviceId) ?? []), t]);
  }
  return out;
}

/** Places of active services, a page of them, with their service. */
export async function serviceAtLocationsPage(
  db: Db,
  tenantId: string,
  q: { page: number; perPage: number; serviceIds?: string[] },
): Promise<Page<{ location: LocationRow; service: Row }>> {
  const where = and(
    ofTenant(helpLocations, tenantId),
    ...(q.serviceIds ? [inArray(helpLocations.serviceId, q.serviceIds.length ? q.serviceIds : [''])] : []),
  );
  const join = and(
    eq(helpServices.tenantId, helpLocations.tenantId),
    eq(helpServices.id, helpLocations.serviceId),
    isNull(helpServices.archivedAt),
  );
  const [{ n }] = await db
    .select({ n: count() })
    .from(helpLocations)
    .innerJoin(helpServices, join)
    .where(where);
  const rows = await db
    .select({ location: helpLocations, service: serviceColumns })
    .from(helpLocations)
    .innerJoin(helpServices, join)
    .where(where)
    .orderBy(asc(helpServices.name), asc(helpLocations.sort), asc(helpLocations.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  return { total: Number(n), items: rows };
}

export async function serviceAtLocationById(
  db: Db,
  tenantId: string,
  id: string,
): Promise<{ location: LocationRow; service: Row } | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ location: helpLocations, service: serviceColumns })
    .from(helpLocations)
    .innerJoin(
      helpServices,
      and(
        eq(helpServices.tenantId, helpLocations.tenantId),
        eq(helpServices.id, helpLocations.serviceId),
        isNull(helpServices.archivedAt),
      ),
    )
    .where(and(ofTenant(helpLocations, tenantId), eq(helpLocations.id, id)));
  return row;
}
