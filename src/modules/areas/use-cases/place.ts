import { and, eq, gte, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { normaliseHouseNumber, normaliseStreet } from '../addresses.ts';
import { AREA_KINDS, type AreaKind, areaAddresses, areas } from '../db/schema.ts';
import { pointInArea } from '../geo/index.ts';
import { type AreaSummary, areaPath, getAreaByKey } from '../queries.ts';

export interface PlacedArea extends AreaSummary {
  /** True when the point lies inside this area's own boundary; false for ancestors of such areas. */
  direct: boolean;
}

const rank = (k: AreaKind) => AREA_KINDS.indexOf(k);

/**
 * The areas a point lies in (boundaries tested by point in polygon after a bbox prefilter in SQL),
 * plus all their ancestors, from the broadest kind to the finest. A point on a shared border
 * belongs to both neighbours.
 */
export async function placePoint(
  db: Db,
  tenantId: string,
  lon: number,
  lat: number,
  opts: { kinds?: AreaKind[] } = {},
): Promise<PlacedArea[]> {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return [];
  const where: SQL[] = [
    ofTenant(areas, tenantId),
    isNotNull(areas.geometry),
    lte(areas.minLon, lon),
    gte(areas.maxLon, lon),
    lte(areas.minLat, lat),
    gte(areas.maxLat, lat),
  ];
  if (opts.kinds?.length) where.push(inArray(areas.kind, opts.kinds));
  const candidates = await db
    .select({ id: areas.id, geometry: areas.geometry })
    .from(areas)
    .where(and(...where));
  const hits = candidates.filter((a) => a.geometry && pointInArea(lon, lat, a.geometry));
  const direct = new Set(hits.map((h) => h.id));
  const out = new Map<string, PlacedArea>();
  for (const h of hits) {
    for (const a of await areaPath(db, tenantId, h.id)) {
      if (!out.has(a.id)) out.set(a.id, { ...a, direct: direct.has(a.id) });
    }
  }
  return [...out.values()].sort((a, b) => rank(a.kind) - rank(b.kind) || a.key.localeCompare(b.key));
}

export interface AddressMatch {
  street: string;
  houseNumber: string;
  postcode: string | null;
  areaKind: AreaKind;
  areaKey: string;
}

/**
 * Stored addresses matching street and house number, tolerant of spelling ("Str." / "Straße",
 * "12 a" / "12A", spaces); falls back to the number without its letter. A postcode narrows the
 * result (a street name may exist in several districts).
 */
export async function lookupAddress(
  db: Db,
  tenantId: string,
  q: { street: string; houseNumber: string; postcode?: string | null },
): Promise<AddressMatch[]> {
  const street = normaliseStreet(q.street);
  const number = normaliseHouseNumber(q.houseNumber);
  if (!street) return [];
  const columns = {
    street: areaAddresses.street,
    houseNumber: areaAddresses.houseNumber,
    postcode: areaAddresses.postcode,
    areaKind: areaAddresses.areaKind,
    areaKey: areaAddresses.areaKey,
  };
  const find = async (streetCond: SQL, houseNumber: string) => {
    const where: SQL[] = [
      ofTenant(areaAddresses, tenantId),
      streetCond,
      eq(areaAddresses.houseNumber, houseNumber),
    ];
    if (q.postcode) where.push(eq(areaAddresses.postcode, q.postcode.trim()));
    return db
      .select(columns)
      .from(areaAddresses)
      .where(and(...where))
      .limit(50);
  };
  // Only the number's first part ("12A" → "12", "12-14" → "12") when the exact number is unknown.
  const base = /^\d+/.exec(number)?.[0];
  const numbers = base && base !== number ? [number, base] : [number];
  for (const n of numbers) {
    const exact = await find(eq(areaAddresses.streetNorm, street), n);
    if (exact.length) return exact;
    // "Soldinerstr." vs "Soldiner Str.": compare without spaces (slower, only as a fallback).
    const loose = await find(
      sql`replace(${areaAddresses.streetNorm}, ' ', '') = ${street.replace(/ /g, '')}`,
      n,
    );
    if (loose.length) return loose;
  }
  return [];
}

export interface AddressPlacement {
  address: { street: string; houseNumber: string; postcode: string | null };
  /** The area the address list points to (in Berlin the Planungsraum). */
  area: AreaSummary;
  /** The area and its ancestors, nearest first. */
  path: AreaSummary[];
}

/**
 * The Planungsraum of an address and its ancestors, via the imported address list. Null when the
 * address is unknown, or when it exists in several areas and no postcode tells them apart.
 */
export async function placeAddress(
  db: Db,
  tenantId: string,
  q: { street: string; houseNumber: string; postcode?: string | null },
): Promise<AddressPlacement | null> {
  const matches = await lookupAddress(db, tenantId, q);
  const keys = new Set(matches.map((m) => `${m.areaKind}:${m.areaKey}`));
  if (keys.size !== 1) return null;
  const m = matches[0];
  const area = await getAreaByKey(db, tenantId, m.areaKind, m.areaKey);
  if (!area) return null;
  const path = await areaPath(db, tenantId, area.id);
  return {
    address: { street: m.street, houseNumber: m.houseNumber, postcode: m.postcode },
    area: path[0],
    path,
  };
}
