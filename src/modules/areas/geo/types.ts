/**
 * Minimal GeoJSON geometry types (RFC 7946). Defined here instead of importing
 * `geojson` so the module does not depend on a transitive @types package; they
 * are structurally compatible with @types/geojson.
 */

/** [lon, lat] in WGS84 degrees after validation; raw input may carry more values. */
export type Position = number[];

export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

export type AreaGeometry = Polygon | MultiPolygon;

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

export type RejectionCode =
  | 'not_a_feature_collection'
  | 'missing_geometry'
  | 'unsupported_geometry'
  | 'unclosed_ring'
  | 'too_few_points'
  | 'coordinates_out_of_range'
  | 'lat_lon_swapped'
  | 'missing_key'
  | 'duplicate_key'
  | 'missing_name'
  | 'unknown_crs'
  | 'self_intersection'
  | 'invalid_coordinates';

export interface Rejection {
  /** Index in the input `features` array; -1 for whole-file rejections. */
  index: number;
  key?: string;
  code: RejectionCode;
  /** Machine-readable facts for the caller's i18n message (ring index, coordinate, crs, ...). */
  detail: Record<string, string | number>;
}

export interface ParsedArea {
  index: number;
  key: string;
  name: string;
  parentKey?: string;
  geometry: AreaGeometry;
  bbox: BBox;
  properties: Record<string, unknown>;
}

export interface AnalyseOptions {
  keyProperty: string;
  nameProperty: string;
  parentKeyProperty?: string;
  /**
   * Explicit source CRS (e.g. chosen by the user after a `projected_coordinates`
   * hint). Takes precedence over the file's legacy `crs` member.
   */
  sourceCrs?: string;
}

export interface AnalyseResult {
  /** Canonical source CRS that was used (e.g. 'EPSG:25833'), or the unrecognised name / 'unknown'. */
  crs: string;
  features: ParsedArea[];
  rejections: Rejection[];
}
