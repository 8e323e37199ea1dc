/** Small hand-made GeoJSON builders shared by the geo tests. */

export function feature(properties: Record<string, unknown>, geometry: unknown): Record<string, unknown> {
  return { type: 'Feature', properties, geometry };
}

export function polygon(...rings: unknown[]): Record<string, unknown> {
  return { type: 'Polygon', coordinates: rings };
}

export function collection(features: unknown[], crsName?: string): Record<string, unknown> {
  return crsName === undefined
    ? { type: 'FeatureCollection', features }
    : { type: 'FeatureCollection', crs: { type: 'name', properties: { name: crsName } }, features };
}

/** Axis-aligned closed ring, counter-clockwise. */
export function square(lon: number, lat: number, size = 0.01): number[][] {
  return [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
}

/** A valid small area in Berlin-Mitte. */
export function validArea(key: unknown = 'A', name: unknown = 'Area A'): Record<string, unknown> {
  return feature({ key, name }, polygon(square(13.4, 52.5)));
}

export const OPTS = { keyProperty: 'key', nameProperty: 'name' } as const;
