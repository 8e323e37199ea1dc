import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { AreaGeometry, BBox, Position } from './types.ts';

function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Bounding box over all rings; holes cannot extend it but are cheap to include. */
export function bboxOf(geometry: AreaGeometry): BBox {
  let minLon = Number.POSITIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring as [number, number][]) {
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** Inclusive on the edges, matching pointInArea's boundary rule. */
export function bboxContains(bbox: BBox, lon: number, lat: number): boolean {
  return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
}

/**
 * True if (lon, lat) lies inside the area or on its boundary (a venue exactly
 * on a border belongs to both neighbouring areas). Holes are respected.
 * Pass the area's bbox, if known, to skip the polygon test for far-away points.
 */
export function pointInArea(lon: number, lat: number, geometry: AreaGeometry, bbox?: BBox): boolean {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  if (bbox && !bboxContains(bbox, lon, lat)) return false;
  return booleanPointInPolygon([lon, lat], geometry, { ignoreBoundary: false });
}
