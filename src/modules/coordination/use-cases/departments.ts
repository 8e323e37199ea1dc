/**
 * Departments of the district administration (COORD-1): name (as on department memberships), short
 * name and the areas they work in. District coordination keeps them for the whole tenant.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, authorizeTenantWide } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { canonicalDepartment, normaliseDepartment } from '../../access/index.ts';
import { areaPath } from '../../areas/index.ts';
import { departments } from '../db/schema.ts';
import { READ, ROUTE } from '../policies.ts';
import { type Department, getDepartment, listDepartments } from '../queries.ts';
import { type DepartmentInput, departmentInput, parse } from '../schemas.ts';

/** The name in the tenant's one spelling; refused when another department has it already. */
async function freeName(db: Db, tenantId: string, name: string, self?: string): Promise<string> {
  const canonical = await canonicalDepartment(db, tenantId, normaliseDepartment(name) ?? name);
  const [taken] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(
      and(
        ofTenant(departments, tenantId),
        eq(sql`lower(${departments.name})`, canonical.toLocaleLowerCase('de')),
        self ? ne(departments.id, self) : undefined,
      ),
    );
  if (taken) throw new ValidationError({ name: 'coordination:errors.nameTaken' });
  return canonical;
}

async function checkAreas(db: Db, tenantId: string, areaIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(areaIds)];
  for (const a of unique)
    if ((await areaPath(db, tenantId, a)).length === 0)
      throw new ValidationError({ areaIds: 'validation.choice' });
  return unique;
}

export async function createDepartment(actor: Actor, db: Db, input: DepartmentInput): Promise<Department> {
  authorizeTenantWide(actor, ROUTE);
  const v = parse(departmentInput, input);
  const name = await freeName(db, actor.tenantId, v.name);
  const areaIds = await checkAreas(db, actor.tenantId, v.areaIds);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(departments)
      .values({ tenantId: actor.tenantId, id: newId(), name, shortName: v.shortName, areaIds })
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'create',
      entityType: 'coordination_department',
      entityId: row.id,
      details: { name, areaIds },
    });
    return row;
  });
}

/**
 * Changes a department's short name and areas. The name stays: department memberships carry it, so a
 * new name would leave the department's staff behind (archive it and make a new one instead).
 */
export async function updateDepartment(
  actor: Actor,
  db: Db,
  id: string,
  input: DepartmentInput & { archived?: boolean },
): Promise<Department> {
  authorizeTenantWide(actor, ROUTE);
  const current = await getDepartment(db, actor.tenantId, id);
  if (!current) throw new AppError(404, 'department_not_found');
  const v = parse(departmentInput, input);
  if ((normaliseDepartment(v.name) ?? '').toLocaleLowerCase('de') !== current.name.toLocaleLowerCase('de'))
    throw new ValidationError({ name: 'coordination:errors.nameFixed' });
  const areaIds = await checkAreas(db, actor.tenantId, v.areaIds);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(departments)
      .set({
        shortName: v.shortName,
        areaIds,
        archivedAt: input.archived ? (current.archivedAt ?? new Date()) : null,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(departments, actor.tenantId), eq(departments.id, current.id)))
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: 'update',
      entityType: 'coordination_department',
      entityId: row.id,
      details: { areaIds, archived: !!row.archivedAt },
    });
    return row;
  });
}

/** The tenant's departments (every member who reads needs may see which departments there are). */
export async function departmentsFor(
  actor: Actor,
  db: Db,
  o: { archived?: boolean } = {},
): Promise<Department[]> {
  authorize(actor, READ);
  return listDepartments(db, actor.tenantId, o);
}
