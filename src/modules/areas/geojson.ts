import type { AreaGeometry, AreaKind } from './db/schema.ts';

/** RFC 7946 media type; browsers and GIS tools recognise it. */
export const GEOJSON_TYPE = 'application/geo+json';

export interface AreaFeatureInput {
  id: string;
  kind: AreaKind;
  key: string;
  name: string;
  slug: string;
  parentId?: string | null;
  geometry: AreaGeometry | null;
  minLon?: number | null;
  minLat?: number | null;
  maxLon?: number | null;
  maxLat?: number | null;
}

export interface AreaFeature {
  type: 'Feature';
  id: string;
  bbox?: [number, number, number, number];
  properties: {
    key: string;
    name: string;
    kind: AreaKind;
    slug: string;
    parentId: string | null;
    url?: string;
  };
  geometry: AreaGeometry | null;
}

/**
 * An area as an RFC 7946 Feature: WGS84 lon/lat, exterior rings counter-clockwise (the import
 * rewinds them), bbox as [west, south, east, north]; no legacy `crs` member.
 */
export function areaFeature(a: AreaFeatureInput, url?: string): AreaFeature {
  const hasBbox = a.minLon != null && a.minLat != null && a.maxLon != null && a.maxLat != null;
  return {
    type: 'Feature',
    id: a.id,
    ...(a.geometry && hasBbox
      ? { bbox: [a.minLon!, a.minLat!, a.maxLon!, a.maxLat!] as [number, number, number, number] }
      : {}),
    properties: {
      key: a.key,
      name: a.name,
      kind: a.kind,
      slug: a.slug,
      parentId: a.parentId ?? null,
      ...(url ? { url } : {}),
    },
    geometry: a.geometry,
  };
}

export function featureCollection(features: AreaFeature[]) {
  return { type: 'FeatureCollection' as const, features };
}
