// Helpers the impact use cases share: the audit entry and an area's path.
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { areaPath } from '../../areas/index.ts';

export const audit = (
  db: Db,
  actor: Actor,
  action: string,
  entityType: 'activity' | 'report',
  entityId: string,
  details: Record<string, unknown> = {},
) =>
  writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action,
    entityType: `impact.${entityType}`,
    entityId,
    // Activities and reports name no resident: counts and the team's own texts.
    personal: false,
    details,
  });

/** The area with its ancestors (for scope checks); a field message when the area does not exist. */
export async function pathOf(db: Db, tenantId: string, areaId: string, field = 'areaId'): Promise<string[]> {
  const path = (await areaPath(db, tenantId, areaId)).map((a) => a.id);
  if (path.length === 0) throw new ValidationError({ [field]: 'validation.choice' });
  return path;
}
