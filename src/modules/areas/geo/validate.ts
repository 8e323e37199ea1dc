import { bboxOf } from './contains.ts';
import { isGeographic, resolveCrs, roundCoordinate, type SupportedCrs, transformToWgs84 } from './crs.ts';
import { findSelfIntersection, rewindPolygon, samePosition } from './rings.ts';
import type {
  AnalyseOptions,
  AnalyseResult,
  AreaGeometry,
  ParsedArea,
  Position,
  Rejection,
  RejectionCode,
} from './types.ts';

type Detail = Record<string, string | number>;
type XY = [number, number];

interface GeometryProblem {
  code: RejectionCode;
  detail: Detail;
}

/** Germany with a margin; used to recognise [lat, lon] files from German sources. */
const GERMANY = { minLon: 5.5, minLat: 47, maxLon: 15.5, maxLat: 55.2 };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isRecord(value)) return typeof value.type === 'string' ? value.type : 'object';
  return typeof value;
}

/** Keys may be numbers in some exports; strings are kept verbatim (leading zeros matter: "0930"). */
function normaliseKey(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return undefined;
}

const normaliseName = normaliseKey;

function inGeographicRange(x: number, y: number): boolean {
  return x >= -180 && x <= 180 && y >= -90 && y <= 90;
}

function inGermany(lon: number, lat: number): boolean {
  return lon >= GERMANY.minLon && lon <= GERMANY.maxLon && lat >= GERMANY.minLat && lat <= GERMANY.maxLat;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Yields every well-formed [x, y] of polygonal features, for whole-file CRS plausibility checks. */
function* samplePositions(features: readonly unknown[]): Generator<XY> {
  for (const feature of features) {
    if (!isRecord(feature) || !isRecord(feature.geometry)) continue;
    const { type, coordinates } = feature.geometry;
    if (!Array.isArray(coordinates)) continue;
    const polygons = type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' ? coordinates : [];
    for (const polygon of polygons) {
      if (!Array.isArray(polygon)) continue;
      for (const ring of polygon) {
        if (!Array.isArray(ring)) continue;
        for (const position of ring) {
          if (Array.isArray(position) && isFiniteNumber(position[0]) && isFiniteNumber(position[1])) {
            yield [position[0], position[1]];
          }
        }
      }
    }
  }
}

/**
 * Whole-file check that the coordinates fit the CRS: metre values in a
 * "degrees" file (missing or wrong crs member) or degree values in a projected
 * file. Majority vote, so one broken feature does not condemn the file.
 */
function crsMismatch(features: readonly unknown[], crs: SupportedCrs): Detail | null {
  let total = 0;
  let mismatched = 0;
  let example: XY | undefined;
  const geographic = isGeographic(crs);
  for (const [x, y] of samplePositions(features)) {
    total++;
    // Swapped lon/lat still counts as degrees; that is reported per feature instead.
    const looksGeographic = inGeographicRange(x, y) || inGeographicRange(y, x);
    if (looksGeographic !== geographic) {
      mismatched++;
      example ??= [x, y];
    }
  }
  if (!example || mismatched * 2 <= total) return null;
  return {
    hint: geographic ? 'projected_coordinates' : 'geographic_coordinates',
    x: example[0],
    y: example[1],
  };
}

function wholeFile(crs: string, code: RejectionCode, detail: Detail): AnalyseResult {
  return { crs, features: [], rejections: [{ index: -1, code, detail }] };
}

/** Reads the legacy GeoJSON 2008 `crs` member; `undefined` when absent, `null` when unreadable. */
function declaredCrsName(collection: Record<string, unknown>): string | null | undefined {
  const crs = collection.crs;
  if (crs === undefined || crs === null) return undefined;
  if (isRecord(crs) && isRecord(crs.properties) && typeof crs.properties.name === 'string') {
    return crs.properties.name;
  }
  return null;
}

/**
 * Validates an uploaded GeoJSON FeatureCollection of areas and converts the
 * usable features to RFC 7946 WGS84 geometries. Problems come back as codes
 * with details; the caller turns them into translated messages.
 */
export function analyseFeatureCollection(input: unknown, opts: AnalyseOptions): AnalyseResult {
  if (!isRecord(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    return wholeFile('unknown', 'not_a_feature_collection', { type: describeType(input) });
  }
  const rawFeatures: unknown[] = input.features;

  const declared = declaredCrsName(input);
  if (declared === null && opts.sourceCrs === undefined) {
    return wholeFile('unknown', 'unknown_crs', { crs: JSON.stringify(input.crs).slice(0, 200) });
  }
  const crsName = opts.sourceCrs ?? declared;
  let crs: SupportedCrs = 'EPSG:4326'; // RFC 7946 default
  if (crsName !== undefined && crsName !== null) {
    const resolved = resolveCrs(crsName);
    if (!resolved) return wholeFile(crsName, 'unknown_crs', { crs: crsName });
    crs = resolved;
  }
  const mismatch = crsMismatch(rawFeatures, crs);
  if (mismatch) {
    const detail = crsName ? { crs: crsName, ...mismatch } : mismatch;
    return wholeFile(crs, 'unknown_crs', detail);
  }

  const features: ParsedArea[] = [];
  const rejections: Rejection[] = [];
  const firstIndexByKey = new Map<string, number>();

  rawFeatures.forEach((raw, index) => {
    const reject = (code: RejectionCode, detail: Detail, key?: string) => {
      rejections.push(key === undefined ? { index, code, detail } : { index, key, code, detail });
    };
    if (!isRecord(raw)) {
      reject('missing_geometry', { reason: 'not_a_feature', type: describeType(raw) });
      return;
    }
    const properties = isRecord(raw.properties) ? raw.properties : {};

    const key = normaliseKey(properties[opts.keyProperty]);
    if (key === undefined) {
      reject('missing_key', { property: opts.keyProperty });
      return;
    }
    const firstIndex = firstIndexByKey.get(key);
    if (firstIndex !== undefined) {
      reject('duplicate_key', { key, firstIndex }, key);
      return;
    }
    firstIndexByKey.set(key, index);

    const name = normaliseName(properties[opts.nameProperty]);
    if (name === undefined) {
      reject('missing_name', { property: opts.nameProperty }, key);
      return;
    }

    const result = convertGeometry(raw.geometry, crs);
    if ('code' in result) {
      reject(result.code, result.detail, key);
      return;
    }

    const area: ParsedArea = {
      index,
      key,
      name,
      geometry: result,
      bbox: bboxOf(result),
      properties: { ...properties },
    };
    const parentKey = opts.parentKeyProperty ? normaliseKey(properties[opts.parentKeyProperty]) : undefined;
    if (parentKey !== undefined) area.parentKey = parentKey;
    features.push(area);
  });

  return { crs, features, rejections };
}

/**
 * Runs the geometry checks in fixed passes (structure, rings, coordinates,
 * topology) so a feature with several problems always reports the same one.
 */
function convertGeometry(geometry: unknown, crs: SupportedCrs): AreaGeometry | GeometryProblem {
  if (geometry === undefined || geometry === null) {
    return { code: 'missing_geometry', detail: { reason: geometry === null ? 'null' : 'absent' } };
  }
  if (!isRecord(geometry)) {
    return { code: 'missing_geometry', detail: { reason: 'not_an_object', type: describeType(geometry) } };
  }
  const type = geometry.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return {
      code: 'unsupported_geometry',
      detail: { type: typeof type === 'string' ? type : describeType(type) },
    };
  }

  const structure = readPolygons(geometry.coordinates, type);
  if ('code' in structure) return structure;
  const polygons = structure;
  if (polygons.length === 0) return { code: 'missing_geometry', detail: { reason: 'empty' } };

  // Ring shape on the raw coordinates: these are the mistakes a user can see in the file.
  for (const [p, polygon] of polygons.entries()) {
    if (polygon.length === 0) return { code: 'too_few_points', detail: { polygon: p, ring: 0, count: 0 } };
    for (const [r, ring] of polygon.entries()) {
      if (ring.length > 1 && !samePosition(ring[0], ring[ring.length - 1])) {
        return { code: 'unclosed_ring', detail: { polygon: p, ring: r, count: ring.length } };
      }
      if (ring.length < 4)
        return { code: 'too_few_points', detail: { polygon: p, ring: r, count: ring.length } };
    }
  }

  const transform = transformToWgs84(crs);
  const converted: Position[][][] = [];
  for (const [p, polygon] of polygons.entries()) {
    const rings: Position[][] = [];
    for (const [r, ring] of polygon.entries()) {
      const problem = checkRingRange(ring, crs);
      if (problem) return { code: problem.code, detail: { polygon: p, ring: r, ...problem.detail } };
      const out: Position[] = [];
      for (const [i, [x, y]] of ring.entries()) {
        const [lon, lat] = transform(x, y);
        if (!Number.isFinite(lon) || !Number.isFinite(lat) || !inGeographicRange(lon, lat)) {
          return { code: 'coordinates_out_of_range', detail: { polygon: p, ring: r, position: i, x, y } };
        }
        const rounded: Position = [roundCoordinate(lon), roundCoordinate(lat)];
        // Rounding can merge neighbouring vertices; repeated positions add nothing.
        if (!samePosition(out[out.length - 1], rounded)) out.push(rounded);
      }
      if (out.length < 4) {
        return {
          code: 'too_few_points',
          detail: { polygon: p, ring: r, count: out.length, reason: 'degenerate' },
        };
      }
      rings.push(out);
    }
    converted.push(rewindPolygon(rings));
  }

  for (const [p, polygon] of converted.entries()) {
    for (const [r, ring] of polygon.entries()) {
      const crossing = findSelfIntersection(ring);
      if (crossing) {
        return {
          code: 'self_intersection',
          detail: {
            polygon: p,
            ring: r,
            segmentA: crossing.segmentA,
            segmentB: crossing.segmentB,
            lon: roundCoordinate(crossing.point[0]),
            lat: roundCoordinate(crossing.point[1]),
          },
        };
      }
    }
  }

  return type === 'Polygon'
    ? { type, coordinates: converted[0] as Position[][] }
    : { type, coordinates: converted };
}

/** Checks nesting depth and that every position holds finite numbers; returns plain [x, y] rings. */
function readPolygons(coordinates: unknown, type: 'Polygon' | 'MultiPolygon'): XY[][][] | GeometryProblem {
  const invalid = (detail: Detail): GeometryProblem => ({ code: 'invalid_coordinates', detail });
  if (!Array.isArray(coordinates)) return invalid({ reason: 'not_an_array' });
  const rawPolygons: unknown[] = type === 'Polygon' ? [coordinates] : coordinates;
  const polygons: XY[][][] = [];
  for (const [p, rawPolygon] of rawPolygons.entries()) {
    if (!Array.isArray(rawPolygon)) return invalid({ polygon: p, reason: 'not_an_array' });
    const rings: XY[][] = [];
    for (const [r, rawRing] of rawPolygon.entries()) {
      if (!Array.isArray(rawRing)) return invalid({ polygon: p, ring: r, reason: 'not_an_array' });
      const ring: XY[] = [];
      for (const [i, position] of rawRing.entries()) {
        if (!Array.isArray(position) || !isFiniteNumber(position[0]) || !isFiniteNumber(position[1])) {
          return invalid({
            polygon: p,
            ring: r,
            position: i,
            value: String(JSON.stringify(position)).slice(0, 80),
          });
        }
        ring.push([position[0], position[1]]); // altitude, if any, is dropped
      }
      rings.push(ring);
    }
    polygons.push(rings);
  }
  return polygons;
}

/**
 * Spots swapped axes before reprojection. For degrees: values only valid when
 * swapped, or a ring that lies in Germany only when swapped. For UTM: northings
 * (millions of metres) in the x position.
 */
function checkRingRange(ring: readonly XY[], crs: SupportedCrs): GeometryProblem | null {
  const [x0, y0] = ring[0] as XY;
  const swapped: GeometryProblem = { code: 'lat_lon_swapped', detail: { x: x0, y: y0 } };
  if (crs === 'EPSG:4326') {
    const inRange = ring.every(([x, y]) => inGeographicRange(x, y));
    if (!inRange && ring.every(([x, y]) => inGeographicRange(y, x))) return swapped;
    if (inRange && ring.every(([x, y]) => inGermany(y, x)) && !ring.every(([x, y]) => inGermany(x, y))) {
      return swapped;
    }
    const i = ring.findIndex(([x, y]) => !inGeographicRange(x, y));
    if (i >= 0) {
      const [x, y] = ring[i] as XY;
      return { code: 'coordinates_out_of_range', detail: { position: i, x, y } };
    }
    return null;
  }
  if (crs === 'EPSG:25832' || crs === 'EPSG:25833') {
    // UTM eastings stay below 1,000 km; northings in Germany are 5,200–6,100 km.
    if (ring.every(([x, y]) => x >= 1_000_000 && y > 0 && y < 1_000_000)) return swapped;
  }
  return null;
}
