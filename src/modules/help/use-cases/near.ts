/**
 * "Near an address" for the public search, without any outside geocoder: the address is looked up
 * in the tenant's address register (areas module: address → planning area); the register has no
 * coordinates, so the point searched from is a point inside that area. A place's point is its own
 * coordinates, else a point inside its area. Distances are straight lines — good for "which is
 * closer", not for a route.
 */
import { sql } from 'drizzle-orm';
import { type Db, ofTenant, rows } from '../../../platform/db/index.ts';
import { getArea, interiorPoint, listAreas, parseAddress, placeAddress } from '../../areas/index.ts';
import { helpServices } from '../db/schema.ts';

export interface Point {
  lon: number;
  lat: number;
}

/** Where an address lies: its area and a point inside it; null when the register does not know it. */
export async function locateAddress(
  db: Db,
  tenantId: string,
  address: string,
): Promise<(Point & { areaId: string; areaName: string }) | null> {
  const parsed = parseAddress(address);
  if (!parsed) return null;
  const placed = await placeAddress(db, tenantId, {
    street: parsed.street,
    houseNumber: parsed.houseNumber,
    postcode: parsed.postcode,
  });
  if (!placed) return null;
  const point = await areaPoint(db, tenantId, placed.area.id, new Map());
  return point ? { ...point, areaId: placed.area.id, areaName: placed.area.name } : null;
}

/**
 * A point inside an area, remembered in `cache` for one search — as a promise, so the places of many
 * services in one area, measured at the same time, load the area once.
 */
export function areaPoint(
  db: Db,
  tenantId: string,
  areaId: string,
  cache: Map<string, Promise<Point | null>>,
): Promise<Point | null> {
  let point = cache.get(areaId);
  if (!point) {
    point = getArea(db, tenantId, areaId).then((area) => {
      const p = area?.geometry ? interiorPoint(area.geometry) : null;
      return p ? { lon: p[0], lat: p[1] } : null;
    });
    cache.set(areaId, point);
  }
  return point;
}

/** Straight-line distance in kilometres (haversine). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/**
 * The areas residents can narrow the search to: those where a service that is not archived has a
 * place (with the areas around them), by name; areas not shown to the public are left out.
 */
export async function serviceAreas(db: Db, tenantId: string): Promise<{ id: string; name: string }[]> {
  const ids = rows<{ id: string }>(
    await db.execute(sql`
      select distinct unnest(area_ids) as id from help_services
       where ${ofTenant(helpServices, tenantId)} and archived_at is null`),
  ).map((r) => r.id);
  if (!ids.length) return [];
  const found = await listAreas(db, tenantId, { ids });
  return found
    .filter((a) => (a as { published?: boolean }).published !== false)
    .map((a) => ({ id: a.id, name: a.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
}
