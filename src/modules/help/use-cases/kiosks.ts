// Kiosk screens in community houses (HELP-3): staff configure one per screen — the house it stands
// in, the venue under which the calendar lists the house's events, the languages offered and the
// rotation of the start screen's panels. A kiosk belongs to its house's area: staff who manage the
// directory there configure it. The public kiosk page reads a configuration by its id only.
import { and, asc, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, scopeOf } from '../../../platform/authz.ts';
import { type Db, isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import { areaPath } from '../../areas/index.ts';
import { getHouse, type House, listHouses } from '../../houses/index.ts';
import { getVenue, listVenues } from '../../network/index.ts';
import { helpKiosks } from '../db/schema.ts';
import { MANAGE, READ } from '../policies.ts';
import { type KioskInput, kioskSchema } from '../schemas.ts';

export type Kiosk = typeof helpKiosks.$inferSelect;
const ENTITY = 'help_kiosk';

/** The areas a house's kiosk belongs to: the house's area and those above it (none: the whole tenant). */
async function houseAreas(db: Db, tenantId: string, house: House): Promise<string[]> {
  return house.areaId ? (await areaPath(db, tenantId, house.areaId)).map((a) => a.id) : [];
}

/** Every kiosk of the tenant with its house's name (members who read the directory see them all). */
export async function listKiosksFor(actor: Actor, db: Db): Promise<(Kiosk & { houseName: string })[]> {
  authorize(actor, READ);
  const [list, houses] = await Promise.all([
    db.select().from(helpKiosks).where(ofTenant(helpKiosks, actor.tenantId)).orderBy(asc(helpKiosks.name)),
    listHouses(db, actor.tenantId, { includeArchived: true }),
  ]);
  const names = new Map(houses.map((h) => [h.id, h.name]));
  return list.map((k) => ({ ...k, houseName: names.get(k.houseId) ?? '' }));
}

/** One kiosk to edit: only for members who manage the directory in its house's area. */
export async function kioskFor(actor: Actor, db: Db, id: string): Promise<Kiosk> {
  authorize(actor, MANAGE);
  const k = isUuid(id)
    ? (
        await db
          .select()
          .from(helpKiosks)
          .where(and(ofTenant(helpKiosks, actor.tenantId), eq(helpKiosks.id, id)))
      )[0]
    : undefined;
  if (!k) throw new AppError(404, 'not_found');
  const house = await getHouse(db, actor.tenantId, k.houseId);
  authorize(actor, MANAGE, house ? await houseAreas(db, actor.tenantId, house) : []);
  return k;
}

/** The houses and venues the form offers: houses in the member's areas, venues they may see. */
export async function kioskChoices(actor: Actor, db: Db) {
  authorize(actor, MANAGE);
  const scope = scopeOf(actor, MANAGE);
  const all = await listHouses(db, actor.tenantId);
  const houses: House[] = [];
  for (const h of all) {
    const areas = await houseAreas(db, actor.tenantId, h);
    if (scope === null || areas.some((a) => scope.includes(a))) houses.push(h);
  }
  const venues = await listVenues(db, actor.tenantId, { scope: null });
  return {
    houses: houses.map((h) => ({ value: h.id, label: h.name })),
    venues: venues.map((v) => ({ value: v.id, label: v.name })),
  };
}

/**
 * Saves a kiosk (new without `id`): every field checked by the schema, the house must be one of
 * this tenant's current houses in the member's areas, the venue one of this tenant's venues.
 */
export async function saveKiosk(actor: Actor, db: Db, id: string | null, input: KioskInput): Promise<Kiosk> {
  authorize(actor, MANAGE);
  const before = id ? await kioskFor(actor, db, id) : undefined;
  const v = parseInput(kioskSchema, input);
  const house = await getHouse(db, actor.tenantId, v.houseId);
  if (!house || house.archivedAt) throw new ValidationError({ houseId: 'help:errors.kioskHouse' });
  authorize(actor, MANAGE, await houseAreas(db, actor.tenantId, house));
  if (v.venueId && !(await getVenue(db, actor.tenantId, v.venueId)))
    throw new ValidationError({ venueId: 'help:errors.kioskVenue' });
  const values = {
    name: v.name,
    houseId: v.houseId,
    venueId: v.venueId || null,
    languages: [...new Set(v.languages)],
    rotateSeconds: v.rotateSeconds,
  };
  return db.transaction(async (tx) => {
    const [row] = before
      ? await tx
          .update(helpKiosks)
          .set({ ...values, updatedAt: new Date() })
          .where(and(ofTenant(helpKiosks, actor.tenantId), eq(helpKiosks.id, before.id)))
          .returning()
      : await tx
          .insert(helpKiosks)
          .values({ tenantId: actor.tenantId, id: newId(), ...values })
          .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: before ? 'update' : 'create',
      entityType: ENTITY,
      entityId: row.id,
      details: { houseId: row.houseId },
    });
    return row;
  });
}

export async function deleteKiosk(actor: Actor, db: Db, id: string): Promise<void> {
  const k = await kioskFor(actor, db, id);
  await db.transaction(async (tx) => {
    await tx.delete(helpKiosks).where(and(ofTenant(helpKiosks, actor.tenantId), eq(helpKiosks.id, k.id)));
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'delete',
      entityType: ENTITY,
      entityId: k.id,
      details: { houseId: k.houseId },
    });
  });
}

export interface PublicKiosk {
  kiosk: Kiosk;
  house: House;
  languages: Lang[];
}

/** A kiosk for its screen: unknown, or standing in a house that is gone, is not found. */
export async function publicKiosk(db: Db, tenantId: string, id: string): Promise<PublicKiosk | undefined> {
  if (!isUuid(id)) return undefined;
  const [k] = await db
    .select()
    .from(helpKiosks)
    .where(and(ofTenant(helpKiosks, tenantId), eq(helpKiosks.id, id)));
  if (!k) return undefined;
  const house = await getHouse(db, tenantId, k.houseId);
  if (!house || house.archivedAt) return undefined;
  return { kiosk: k, house, languages: k.languages as Lang[] };
}
