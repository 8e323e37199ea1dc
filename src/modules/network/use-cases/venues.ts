import { and, asc, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, authorize, can, inScope, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { networkVenues } from '../db/schema.ts';
import { checkCoordinates, FormReader, type RawForm } from '../forms.ts';
import { type Placement, place } from '../placement.ts';
import { PERMS } from '../policies.ts';
import { VENUE_FORM, venueFields } from '../schemas.ts';

export type Venue = typeof networkVenues.$inferSelect;

export interface VenueInput {
  name: string;
  actorId?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  lon?: number | null;
  lat?: number | null;
  areaId?: string | null;
  openingHours?: string | null;
  stepFree?: boolean | null;
  accessibleToilet?: boolean | null;
  hearingLoop?: boolean | null;
  accessibilityNotes?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  source?: string | null;
  sourceKey?: string | null;
}

export function readVenueForm(body: RawForm): { input: VenueInput; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(venueFields(), VENUE_FORM);
  const input: VenueInput = {
    name: d.name ?? '',
    street: d.street ?? null,
    houseNumber: d.houseNumber ?? null,
    postcode: d.postcode || null,
    city: d.city ?? null,
    lat: d.lat ?? null,
    lon: d.lon ?? null,
    areaId: d.areaId || null,
    openingHours: d.openingHours ?? null,
    stepFree: d.stepFree ?? null,
    accessibleToilet: d.accessibleToilet ?? null,
    hearingLoop: d.hearingLoop ?? null,
    accessibilityNotes: d.accessibilityNotes ?? null,
    phone: d.phone || null,
    email: d.email || null,
    website: d.website || null,
  };
  checkCoordinates(input, f);
  return { input, form: f };
}

function columnsOf(i: VenueInput) {
  return {
    name: i.name.trim(),
    actorId: i.actorId ?? null,
    street: i.street ?? null,
    houseNumber: i.houseNumber ?? null,
    postcode: i.postcode ?? null,
    city: i.city ?? null,
    lon: i.lon ?? null,
    lat: i.lat ?? null,
    openingHours: i.openingHours ?? null,
    stepFree: i.stepFree ?? null,
    accessibleToilet: i.accessibleToilet ?? null,
    hearingLoop: i.hearingLoop ?? null,
    accessibilityNotes: i.accessibilityNotes ?? null,
    phone: i.phone ?? null,
    email: i.email ?? null,
    website: i.website ?? null,
  };
}

/**
 * Where the member may put a venue: with a tenant-wide grant anywhere, a team member only in their
 * own areas (never without an area) — 403, as the screens' field message says.
 */
async function placeVenue(actor: Actor, db: Db, i: VenueInput, known?: Placement): Promise<Placement> {
  const p = known ?? (await place(db, actor.tenantId, i));
  if (!inScope(p.areaIds, scopeOf(actor, PERMS.manage))) throw new AppError(403, 'forbidden');
  return p;
}

/** A new venue in the member's areas (`known`: the placement the caller already worked out). */
export async function createVenue(actor: Actor, db: Db, i: VenueInput, known?: Placement): Promise<Venue> {
  authorize(actor, PERMS.manage);
  const p = await placeVenue(actor, db, i, known);
  if (!i.name?.trim()) throw new ValidationError({ name: 'validation.required' });
  const [row] = await db
    .insert(networkVenues)
    .values({
      tenantId: actor.tenantId,
      id: newId(),
      ...columnsOf(i),
      areaId: p.areaId,
      areaIds: p.areaIds,
      source: i.source ?? null,
      sourceKey: i.sourceKey ?? null,
    })
    .returning();
  return row;
}

/** Saves a venue of the member's areas (404 for another area's), moving it only into their areas. */
export async function updateVenue(
  actor: Actor,
  db: Db,
  id: string,
  i: VenueInput,
  known?: Placement,
): Promise<Venue> {
  authorize(actor, PERMS.manage);
  const current = isUuid(id) ? await getVenue(db, actor.tenantId, id) : undefined;
  if (!current || !can(actor, PERMS.manage, current.areaIds)) throw new AppError(404, 'not_found');
  const p = await placeVenue(actor, db, i, known);
  if (!i.name?.trim()) throw new ValidationError({ name: 'validation.required' });
  const [row] = await db
    .update(networkVenues)
    .set({
      ...columnsOf(i),
      areaId: p.areaId,
      areaIds: p.areaIds,
      updatedAt: new Date(),
      ...(i.source !== undefined ? { source: i.source } : {}),
    })
    .where(and(ofTenant(networkVenues, actor.tenantId), eq(networkVenues.id, current.id)))
    .returning();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

export async function getVenue(db: Db, tenantId: string, id: string): Promise<Venue | undefined> {
  const [v] = await db
    .select()
    .from(networkVenues)
    .where(and(ofTenant(networkVenues, tenantId), eq(networkVenues.id, id)))
    .limit(1);
  return v;
}

export async function venuesByIds(db: Db, tenantId: string, ids: string[]): Promise<Map<string, Venue>> {
  if (ids.length === 0) return new Map();
  const list = await db
    .select()
    .from(networkVenues)
    .where(and(ofTenant(networkVenues, tenantId), inArray(networkVenues.id, [...new Set(ids)])));
  return new Map(list.map((v) => [v.id, v]));
}

type VenueFilter = { scope: string[] | null; areaId?: string; q?: string };

function venuesWhere(tenantId: string, f: VenueFilter): SQL | undefined {
  const where: (SQL | undefined)[] = [
    ofTenant(networkVenues, tenantId),
    scopeFilter(networkVenues.areaIds, f.scope),
  ];
  if (f.areaId) where.push(sql`${networkVenues.areaIds} @> array[${f.areaId}]::uuid[]`);
  if (f.q)
    where.push(
      sql`(${networkVenues.name} ilike ${`%${f.q.replace(/[%_\\]/g, '\\$&')}%`} or word_similarity(lower(${f.q}), lower(${networkVenues.name})) >= 0.5)`,
    );
  return and(...where.filter((x): x is SQL => !!x));
}

/** Venues in name order. Without a limit all of them: the pickers of the forms must offer every venue. */
export async function listVenues(
  db: Db,
  tenantId: string,
  f: VenueFilter & { limit?: number; offset?: number },
): Promise<Venue[]> {
  const query = db
    .select()
    .from(networkVenues)
    .where(venuesWhere(tenantId, f))
    .orderBy(asc(networkVenues.name), asc(networkVenues.id))
    .$dynamic();
  if (f.limit !== undefined) query.limit(f.limit).offset(f.offset ?? 0);
  return query;
}

/** How many venues the list's filter finds (for its pages). */
export async function countVenues(db: Db, tenantId: string, f: VenueFilter): Promise<number> {
  const [r] = await db.select({ n: count() }).from(networkVenues).where(venuesWhere(tenantId, f));
  return r.n;
}

export const venueAddress = (v: Pick<Venue, 'street' | 'houseNumber' | 'postcode' | 'city'>): string =>
  [[v.street, v.houseNumber].filter(Boolean).join(' '), [v.postcode, v.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');

/** Insert or update by source key (imports are repeatable; they run as the system actor). */
export async function upsertVenue(
  actor: Actor,
  db: Db,
  i: VenueInput & { sourceKey: string },
  known?: Placement,
): Promise<{ venue: Venue; created: boolean }> {
  authorize(actor, PERMS.manage);
  const [existing] = await db
    .select({ id: networkVenues.id })
    .from(networkVenues)
    .where(and(ofTenant(networkVenues, actor.tenantId), eq(networkVenues.sourceKey, i.sourceKey)))
    .limit(1);
  if (existing) return { venue: await updateVenue(actor, db, existing.id, i, known), created: false };
  return { venue: await createVenue(actor, db, i, known), created: true };
}
