// Helpers the volunteering use cases share: the audit entry, an area's path, the module's settings.
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { areaPath } from '../../areas/index.ts';

export const audit = (
  db: Db,
  actor: Actor | null,
  tenantId: string,
  action: string,
  entityType: 'need' | 'volunteer' | 'match' | 'hours' | 'certificate' | 'initiative' | 'signup' | 'thanks',
  entityId: string,
  details: Record<string, unknown> = {},
) =>
  writeAudit(db, {
    tenantId,
    actorUserId: actor?.userId ?? null,
    action,
    entityType: `volunteering.${entityType}`,
    entityId,
    // Everything about a volunteer or a sign-up is personal data (GDPR Art. 30 trail).
    personal: !['need', 'initiative'].includes(entityType),
    details,
  });

/** The area with its ancestors (for scope checks); a field message when the area does not exist. */
export async function pathOf(db: Db, tenantId: string, areaId: string, field = 'areaId'): Promise<string[]> {
  const path = (await areaPath(db, tenantId, areaId)).map((a) => a.id);
  if (path.length === 0) throw new ValidationError({ [field]: 'validation.choice' });
  return path;
}

/** The module's settings (README "Configuration"); the defaults when none were set. */
export interface VolunteeringSettings {
  /** Years an extended certificate counts from its issue date. */
  certificateYears: number;
  /** Months without activity after which a volunteer's entry is deleted (after a warning mail). */
  retentionMonths: number;
}
export const DEFAULT_SETTINGS: VolunteeringSettings = { certificateYears: 5, retentionMonths: 24 };
/** Days between the warning mail and the deletion. */
export const WARNING_DAYS = 30;
/** An offer whose e-mail address was never confirmed is deleted after these days. */
export const UNCONFIRMED_DAYS = 7;
