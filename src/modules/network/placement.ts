import proj4 from 'proj4';
import type { Db } from '../../platform/db/index.ts';
import { areaPath, placeAddress, placePoint } from '../areas/index.ts';

export interface PlacementInput {
  /** Area chosen by hand (e.g. the team's programme area). */
  areaId?: string | null;
  lon?: number | null;
  lat?: number | null;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
}

export interface Placement {
  /** The main area: the chosen one, else the finest area found by coordinates or address. */
  areaId: string | null;
  /** Every area the record lies in, with all ancestors (for scope and filters). */
  areaIds: string[];
  placedBy: 'coordinates' | 'address' | 'manual' | null;
}

/**
 * Places a record in areas through the areas module: by coordinates (point in polygon), else by
 * address (address list), plus the area chosen by hand. Never fails: unknown places stay unplaced.
 */
export async function place(db: Db, tenantId: string, p: PlacementInput): Promise<Placement> {
  const ids = new Set<string>();
  let main: string | null = null;
  let placedBy: Placement['placedBy'] = null;
  if (p.lon != null && p.lat != null) {
    const hits = await placePoint(db, tenantId, p.lon, p.lat);
    for (const a of hits) ids.add(a.id);
    const finest = hits.filter((a) => a.direct).at(-1);
    if (finest) {
      main = finest.id;
      placedBy = 'coordinates';
    }
  }
  if (!placedBy && p.street && p.houseNumber) {
    const hit = await placeAddress(db, tenantId, {
      street: p.street,
      houseNumber: p.houseNumber,
      postcode: p.postcode ?? null,
    });
    if (hit) {
      for (const a of hit.path) ids.add(a.id);
      main = hit.area.id;
      placedBy = 'address';
    }
  }
  if (p.areaId) {
    const path = await areaPath(db, tenantId, p.areaId);
    if (path.length) {
      for (const a of path) ids.add(a.id);
      main = p.areaId;
      placedBy ??= 'manual';
    }
  }
  return { areaId: main, areaIds: [...ids], placedBy };
}

// Projected CRSs found in German open data (ETRS89 treated as WGS84: sub-metre difference).
const CRS: Record<string, string> = {
  '25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  '25833': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  '3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
};

/** "EPSG:25833", "urn:ogc:def:crs:EPSG::25833", "CRS84" … → EPSG code, or null. */
export function epsgOf(name: string): string | null {
  const n = name.trim();
  if (/crs84$/i.test(n)) return '4326';
  const m = /epsg(?::|::|:[\d.]*:|\/[\d.]+\/)(\d+)$/i.exec(n) ?? /^(\d{4,5})$/.exec(n);
  return m ? m[1] : null;
}

/** A point in a supported CRS (EPSG:4326, 25832, 25833, 3857) as WGS84 lon/lat; null when invalid. */
export function toWgs84(x: number, y: number, crs: string): [number, number] | null {
  const code = epsgOf(crs);
  if (!code || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  let lonlat: [number, number];
  if (code === '4326') lonlat = [x, y];
  else if (CRS[code]) lonlat = proj4(CRS[code], 'WGS84', [x, y]) as [number, number];
  else return null;
  const [lon, lat] = lonlat;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90)
    return null;
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}
