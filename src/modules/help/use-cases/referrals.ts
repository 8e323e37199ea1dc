/**
 * How many concerns the teams referred to a service: the network module's concern statistics
 * (counts by referral, never a note, a name or a contact), in the member's areas, over the last
 * twelve months. A concern names the service it was referred to as typed ("service: <name>"), so a
 * count belongs to the service of that name (case and spaces aside).
 */
import { and, isNull } from 'drizzle-orm';
import { type Actor, authorize, can, scopeOf } from '../../../platform/authz.ts';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { addMonths, todayLocal } from '../../../platform/time/index.ts';
import { concernStats } from '../../network/index.ts';
import { helpServices } from '../db/schema.ts';
import { READ } from '../policies.ts';

/** The network module's permission to see concerns (its scope is the member's areas). */
const CONCERNS = 'network.concerns';
const SERVICE_PREFIX = 'service: ';

/** The form of a name a referral and a service are compared in. */
export const referralKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');

/**
 * Concerns referred to each service (by id) in the member's areas over the last twelve months;
 * `null` when the member does not see concerns at all (then the screens show no column).
 */
export async function concernReferrals(
  actor: Actor,
  db: Db,
  services: { id: string; name: string }[],
  now = new Date(),
): Promise<Map<string, number> | null> {
  authorize(actor, READ);
  if (!can(actor, CONCERNS)) return null;
  const today = todayLocal(now);
  const rows = await concernStats(db, actor.tenantId, {
    scope: scopeOf(actor, CONCERNS),
    from: addMonths(today, -12),
    to: today,
  });
  const byName = new Map<string, number>();
  for (const r of rows)
    if (r.referral.startsWith(SERVICE_PREFIX)) {
      const key = referralKey(r.referral.slice(SERVICE_PREFIX.length));
      byName.set(key, (byName.get(key) ?? 0) + r.count);
    }
  return new Map(services.map((s) => [s.id, byName.get(referralKey(s.name)) ?? 0]));
}

/**
 * The names of the directory's current services, for the concern form's referral suggestions
 * (manifest `referralTargets`): a referral typed as one of them is counted for that service.
 */
export async function referralTargetNames(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: helpServices.name })
    .from(helpServices)
    .where(and(ofTenant(helpServices, tenantId), isNull(helpServices.archivedAt)));
  return rows.map((r) => r.name);
}
