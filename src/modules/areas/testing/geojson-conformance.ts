import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Test support: checks GeoJSON output against the official GeoJSON JSON Schemas
 * (test/fixtures/geojson, geojson-schema 1.0.5) plus the RFC 7946 rules a JSON Schema cannot
 * express (closed rings, right-hand rule, no legacy `crs` member, a bbox that encloses the
 * coordinates). No JSON Schema library is installed, so this implements exactly the keywords
 * those schema files use: type, enum, required, properties, items, minItems, oneOf.
 */

/** The vendored schemas and their conformance fixtures (a path, not an import: this file is in src/). */
export const GEOJSON_SPEC_DIR = fileURLToPath(new URL('../../../../test/fixtures/geojson/', import.meta.url));

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minItems?: number;
  oneOf?: Schema[];
};

export function loadGeoJsonSchema(
  name: 'Feature' | 'FeatureCollection' | 'GeoJSON' | 'Polygon' | 'MultiPolygon',
): Schema {
  return JSON.parse(
    readFileSync(resolve(GEOJSON_SPEC_DIR, 'geojson-schema-1.0.5', `${name}.json`), 'utf8'),
  ) as Schema;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(v: unknown, type: string): boolean {
  const actual = typeOf(v);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Error paths of `value` against `schema` (empty = valid). */
export function validateSchema(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t)))
      return [`${path}: expected ${types.join('|')}, got ${typeOf(value)}`];
  }
  if (schema.enum && !schema.enum.some((e) => e === value))
    errors.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((s) => validateSchema(s, value, path).length === 0).length;
    if (matching !== 1) errors.push(`${path}: matches ${matching} of oneOf (exactly 1 required)`);
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${path}: missing "${r}"`);
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      if (k in obj) errors.push(...validateSchema(s, obj[k], `${path}.${k}`));
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push(`${path}: fewer than ${schema.minItems} items`);
    const items = schema.items;
    if (items)
      for (const [i, v] of value.entries()) errors.push(...validateSchema(items, v, `${path}[${i}]`));
  }
  return errors;
}

function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

/** RFC 7946 rules beyond the schema, for Polygon/MultiPolygon features. */
export function rfc7946Problems(value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const obj = value as Record<string, unknown>;
  if ('crs' in obj) errors.push(`${path}: legacy "crs" member (RFC 7946 §4: WGS84 only)`);
  if (obj.type === 'FeatureCollection') {
    for (const [i, f] of (obj.features as unknown[]).entries()) {
      errors.push(...rfc7946Problems(f, `${path}.features[${i}]`));
    }
    return errors;
  }
  if (obj.type !== 'Feature') return errors;
  const g = obj.geometry as { type: string; coordinates: number[][][] | number[][][][] } | null;
  if (!g) return errors;
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [p, rings] of polygons.entries()) {
    for (const [r, ring] of rings.entries()) {
      const where = `${path}.geometry polygon ${p} ring ${r}`;
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < 4) errors.push(`${where}: fewer than 4 positions`);
      if (first[0] !== last[0] || first[1] !== last[1]) errors.push(`${where}: not closed`);
      const area = signedArea(ring);
      if (r === 0 && area <= 0) errors.push(`${where}: exterior ring not counter-clockwise`);
      if (r > 0 && area >= 0) errors.push(`${where}: hole not clockwise`);
      for (const [x, y] of ring) {
        if (x < -180 || x > 180 || y < -90 || y > 90)
          errors.push(`${where}: position ${x},${y} out of range`);
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    }
  }
  if (obj.bbox !== undefined) {
    const b = obj.bbox as number[];
    if (!Array.isArray(b) || b.length !== 4) errors.push(`${path}.bbox: must have 4 numbers`);
    else if (b[0] > minX || b[1] > minY || b[2] < maxX || b[3] < maxY)
      errors.push(`${path}.bbox: does not enclose the geometry`);
  }
  return errors;
}
