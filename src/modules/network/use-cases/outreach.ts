import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { type Actor, authorize, can, inScope, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { networkOutreach } from '../db/schema.ts';
import { FormReader, type RawForm } from '../forms.ts';
import { place } from '../placement.ts';
import { PERMS, requireVenueFor } from '../policies.ts';
import { OUTREACH_FORM, outreachFields } from '../schemas.ts';

export type Outreach = typeof networkOutreach.$inferSelect;

export interface OutreachInput {
  areaId: string | null;
  targetGroup: string;
  place: string;
  venueId?: string | null;
  plannedOn: string;
  occasion: string;
  outcome?: string | null;
  reached?: number | null;
}

export function readOutreachForm(
  body: RawForm,
  now: Date = new Date(),
): { input: OutreachInput; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(outreachFields({ now: () => now }), OUTREACH_FORM);
  const input: OutreachInput = {
    areaId: d.areaId ?? null,
    targetGroup: d.targetGroup ?? '',
    place: d.place ?? '',
    venueId: d.venueId || null,
    plannedOn: d.plannedOn ?? '',
    occasion: d.occasion ?? '',
    outcome: d.outcome ?? null,
    reached: d.reached ?? null,
  };
  return { input, form: f };
}

/**
 * Plans an outreach (or, with `id`, saves one) in the member's areas: a plan of another area is not
 * found (404), a plan placed outside their areas is refused (403), and a venue must be one of their
 * areas' (a field message).
 */
export async function saveOutreach(actor: Actor, db: Db, i: OutreachInput, id?: string): Promise<Outreach> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  const scope = scopeOf(actor, PERMS.manage);
  if (id !== undefined) {
    const current = isUuid(id) ? await getOutreach(db, tenantId, id) : undefined;
    if (!current || !can(actor, PERMS.manage, current.areaIds)) throw new AppError(404, 'not_found');
  }
  if (!i.areaId) throw new ValidationError({ areaId: 'validation.required' });
  const p = await place(db, tenantId, { areaId: i.areaId });
  if (p.areaIds.length === 0 || !inScope(p.areaIds, scope)) throw new AppError(403, 'forbidden');
  if (i.venueId) await requireVenueFor(db, tenantId, i.venueId, scope);
  const values = {
    areaId: p.areaId,
    areaIds: p.areaIds,
    targetGroup: i.targetGroup,
    place: i.place,
    venueId: i.venueId ?? null,
    plannedOn: i.plannedOn,
    occasion: i.occasion,
    outcome: i.outcome ?? null,
    reached: i.reached ?? null,
  };
  if (id) {
    const [row] = await db
      .update(networkOutreach)
      .set({ ...values, updatedAt: new Date() })
      .where(and(ofTenant(networkOutreach, tenantId), eq(networkOutreach.id, id)))
      .returning();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }
  const [row] = await db
    .insert(networkOutreach)
    .values({ tenantId, id: newId(), ...values, createdBy: actor.userId ?? null })
    .returning();
  return row;
}

export async function getOutreach(db: Db, tenantId: string, id: string): Promise<Outreach | undefined> {
  const [o] = await db
    .select()
    .from(networkOutreach)
    .where(and(ofTenant(networkOutreach, tenantId), eq(networkOutreach.id, id)))
    .limit(1);
  return o;
}

const outreachWhere = (tenantId: string, scope: string[] | null) =>
  and(
    ...[ofTenant(networkOutreach, tenantId), scopeFilter(networkOutreach.areaIds, scope)].filter(
      (x): x is SQL => !!x,
    ),
  );

/** Outreach in the areas, latest date first: one page of `limit` (200 unless said) from `offset`. */
export async function listOutreach(
  db: Db,
  tenantId: string,
  scope: string[] | null,
  o: { limit?: number; offset?: number } = {},
): Promise<Outreach[]> {
  return db
    .select()
    .from(networkOutreach)
    .where(outreachWhere(tenantId, scope))
    .orderBy(desc(networkOutreach.plannedOn), desc(networkOutreach.id))
    .limit(o.limit ?? 200)
    .offset(o.offset ?? 0);
}

/** How many outreach records lie in the areas (for the list's pages). */
export async function countOutreach(db: Db, tenantId: string, scope: string[] | null): Promise<number> {
  const [r] = await db.select({ n: count() }).from(networkOutreach).where(outreachWhere(tenantId, scope));
  return r.n;
}
