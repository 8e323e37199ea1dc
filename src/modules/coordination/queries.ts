// Reads of the coordination module: every query is scoped to one tenant (ofTenant); no rules here.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { type Scope, scopeFilter } from '../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../platform/db/index.ts';
import { departments, needs, routings } from './db/schema.ts';

export type Department = typeof departments.$inferSelect;
export type Need = typeof needs.$inferSelect;
export type Routing = typeof routings.$inferSelect;

export async function getDepartment(db: Db, tenantId: string, id: string): Promise<Department | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(departments)
    .where(and(ofTenant(departments, tenantId), eq(departments.id, id)));
  return row;
}

/** The tenant's departments by name (archived ones only when asked). */
export async function listDepartments(
  db: Db,
  tenantId: string,
  o: { archived?: boolean } = {},
): Promise<Department[]> {
  return db
    .select()
    .from(departments)
    .where(and(ofTenant(departments, tenantId), o.archived ? undefined : isNull(departments.archivedAt)))
    .orderBy(asc(departments.name));
}

export async function getNeed(db: Db, tenantId: string, id: string): Promise<Need | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), eq(needs.id, id)));
  return row;
}

/** Needs in the scope (null: the whole tenant), newest first. */
export async function listNeeds(db: Db, tenantId: string, scope: Scope): Promise<Need[]> {
  return db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), scopeFilter(needs.areaIds, scope)))
    .orderBy(desc(needs.createdAt));
}

/** Needs routed to one of the departments, in the scope. */
export async function listNeedsRoutedTo(
  db: Db,
  tenantId: string,
  departmentIds: readonly string[],
  scope: Scope,
): Promise<Need[]> {
  if (departmentIds.length === 0) return [];
  const ids = db
    .select({ id: routings.needId })
    .from(routings)
    .where(and(ofTenant(routings, tenantId), inArray(routings.departmentId, [...departmentIds])));
  return db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), scopeFilter(needs.areaIds, scope), inArray(needs.id, ids)))
    .orderBy(desc(needs.createdAt));
}

/** The needs a body reported (its recommendations), newest first. */
export async function listNeedsOfBody(db: Db, tenantId: string, bodyId: string): Promise<Need[]> {
  if (!isUuid(bodyId)) return [];
  return db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), eq(needs.sourceKind, 'body'), eq(needs.sourceBodyId, bodyId)))
    .orderBy(desc(needs.createdAt));
}

export async function getRouting(db: Db, tenantId: string, id: string): Promise<Routing | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), eq(routings.id, id)));
  return row;
}

/** The routing's row, locked until the transaction ends (one status change at a time). */
export async function lockRouting(db: Db, tenantId: string, id: string): Promise<Routing | undefined> {
  const [row] = await db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), eq(routings.id, id)))
    .for('update');
  return row;
}

export async function listRoutings(db: Db, tenantId: string, needId: string): Promise<Routing[]> {
  return db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), eq(routings.needId, needId)))
    .orderBy(asc(routings.createdAt), asc(routings.id));
}

/** The routings of several needs at once (for lists). */
export async function listRoutingsOf(
  db: Db,
  tenantId: string,
  needIds: readonly string[],
): Promise<Routing[]> {
  if (needIds.length === 0) return [];
  return db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), inArray(routings.needId, [...needIds])))
    .orderBy(asc(routings.createdAt), asc(routings.id));
}
