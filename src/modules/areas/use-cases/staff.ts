/**
 * What staff do with areas: each use case takes the acting member first and checks first. The
 * screens, the JSON API and any later caller get the same rule; the functions wrapped here store
 * without asking who acts (the command line, seeds, tests).
 */
import { type Actor, authorize, authorizeTenantWide } from '../../../platform/authz.ts';
import { type Db, isUuid } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
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
