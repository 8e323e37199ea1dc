/**
 * What staff do with areas: each use case takes the acting member first and checks first. The
 * screens, the JSON API and any later caller get the same rule; the functions wrapped here store
 * without asking who acts (the command line, seeds, tests).
 */
import { and, inArray } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, authorizeTenantWide } from '../../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { areas } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import { type Area, areaPath, getArea } from '../queries.ts';
import {
  type BoundaryImportOptions,
  type BoundaryImportRun,
  runBoundaryImport,
} from './import-boundaries.ts';
import { type AreaEdit, updateArea } from './update-area.ts';

/**
 * Changes name, description and parent of an area the member manages. A new parent must lie in the
 * member's scope too: an area may not be moved out of reach of those who manage it, or into
 * another administrator's part of the tenant.
 */
export async function editArea(actor: Actor, db: Db, id: string, input: AreaEdit): Promise<Area> {
  authorize(actor, PERMS.manage);
  if (!isUuid(id) || !(await getArea(db, actor.tenantId, id))) throw new AppError(404, 'area_not_found');
  authorize(
    actor,
    PERMS.manage,
    (await areaPath(db, actor.tenantId, id)).map((a) => a.id),
  );
  if (isUuid(input.parentId) && (await getArea(db, actor.tenantId, input.parentId)))
    authorize(
      actor,
      PERMS.manage,
      (await areaPath(db, actor.tenantId, input.parentId)).map((a) => a.id),
    );
  return updateArea(db, actor.tenantId, id, input);
}

/**
 * Imports (or previews, with `dryRun`) a GeoJSON file of boundaries. An import creates and changes
 * areas anywhere in the tenant's hierarchy, so it needs the permission for the whole tenant.
 */
export async function importAreaBoundaries(
  actor: Actor,
  db: Db,
  o: Omit<BoundaryImportOptions, 'userId'>,
): Promise<BoundaryImportRun> {
  authorizeTenantWide(actor, PERMS.manage);
  return runBoundaryImport(db, actor.tenantId, { ...o, userId: actor.userId ?? null });
}

/** Most areas one publish request may name (a page of the staff list is 50). */
export const PUBLISH_MAX = 500;

/**
 * Publishes (or withdraws from the public) one or several areas the member manages. Every area
 * is checked before any changes: one unknown or outside the member's scope refuses the whole
 * request. Each area whose state changes gets its own audit entry; returns how many changed.
 */
export async function setAreasPublished(
  actor: Actor,
  db: Db,
  ids: readonly string[],
  published: boolean,
): Promise<{ changed: number }> {
  authorize(actor, PERMS.manage);
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) throw new AppError(422, 'areas_none_chosen');
  if (wanted.length > PUBLISH_MAX || wanted.some((id) => !isUuid(id)))
    throw new AppError(404, 'area_not_found');
  const found = await db
    .select({ id: areas.id, published: areas.published, name: areas.name })
    .from(areas)
    .where(and(ofTenant(areas, actor.tenantId), inArray(areas.id, wanted)));
  if (found.length !== wanted.length) throw new AppError(404, 'area_not_found');
  for (const a of found)
    authorize(
      actor,
      PERMS.manage,
      (await areaPath(db, actor.tenantId, a.id)).map((p) => p.id),
    );
  const changing = found.filter((a) => a.published !== published);
  if (changing.length === 0) return { changed: 0 };
  await db.transaction(async (tx) => {
    await tx
      .update(areas)
      .set({ published, updatedAt: new Date() })
      .where(
        and(
          ofTenant(areas, actor.tenantId),
          inArray(
            areas.id,
            changing.map((a) => a.id),
          ),
        ),
      );
    for (const a of changing)
      await writeAudit(tx as unknown as Db, {
        tenantId: actor.tenantId,
        actorUserId: actor.userId ?? null,
        action: published ? 'publish' : 'unpublish',
        entityType: 'area',
        entityId: a.id,
        details: { name: a.name },
      });
  });
  return { changed: changing.length };
}
