import type { AreaGeometry, Position } from './geo/index.ts';
import { pointInArea } from './geo/index.ts';

type Ring = Position[];

function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(sum / 2);
}

/** Planar area of a polygon (outer ring minus holes) in square degrees; only used to compare parts. */
function polygonArea(rings: Ring[]): number {
  return rings.reduce((sum, ring, i) => sum + (i === 0 ? ringArea(ring) : -ringArea(ring)), 0);
}

/**
 * The widest inside stretch of a horizontal line through the polygon (even–odd rule over all
 * rings, so holes are respected). Half-open edges avoid counting a vertex on the line twice.
 */
function widestStretch(rings: Ring[], lat: number): { lon: number; width: number } | null {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      if (y1 <= lat !== y2 <= lat) xs.push(x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  xs.sort((a, b) => a - b);
  let best: { lon: number; width: number } | null = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const width = xs[i + 1] - xs[i];
    if (width > 0 && (!best || width > best.width)) best = { lon: (xs[i] + xs[i + 1]) / 2, width };
  }
  return best;
}

/** Scan lines from the middle outwards; the middle of the widest inside stretch wins. */
const SCAN_FRACTIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9];

/**
 * A point that is guaranteed to lie inside the area (unlike the centroid of a concave or
 * ring-shaped area): inside its largest polygon, the bbox centre if that is inside, otherwise
 * the middle of the widest stretch on a few horizontal scan lines. Used to find the parent of an
 * area by point-in-polygon without tripping over shared borders.
 */
export function interiorPoint(geometry: AreaGeometry): [number, number] | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let largest: Ring[] | undefined;
  let largestArea = -1;
  for (const p of polygons) {
    if (p.length === 0 || p[0].length < 4) continue;
    const a = polygonArea(p);
    if (a > largestArea) {
      largest = p;
      largestArea = a;
    }
  }
  if (!largest) return null;
  const part: AreaGeometry = { type: 'Polygon', coordinates: largest };
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of largest[0]) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  const centre: [number, number] = [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
  if (isStrictlyInside(centre, part)) return centre;
  let best: { lon: number; lat: number; width: number } | null = null;
  for (const f of SCAN_FRACTIONS) {
    const lat = minLat + (maxLat - minLat) * f;
    const stretch = widestStretch(largest, lat);
    if (stretch && (!best || stretch.width > best.width))
      best = { lon: stretch.lon, lat, width: stretch.width };
  }
  if (best && pointInArea(best.lon, best.lat, part)) return [best.lon, best.lat];
  return null;
}

/** Inside and not on an edge: a point on the boundary would also match the neighbour. */
function isStrictlyInside([lon, lat]: [number, number], geometry: AreaGeometry): boolean {
  if (!pointInArea(lon, lat, geometry)) return false;
  const eps = 1e-9;
  return (
    pointInArea(lon + eps, lat, geometry) &&
    pointInArea(lon - eps, lat, geometry) &&
    pointInArea(lon, lat + eps, geometry) &&
    pointInArea(lon, lat - eps, geometry)
  );
}
