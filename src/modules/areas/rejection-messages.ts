import type { TFunction } from '../../platform/i18n/index.ts';
import type { ImportRejection } from './use-cases/import-boundaries.ts';

const num = (v: string | number | undefined): number | undefined =>
  v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);

/** Rings and parts are counted from 1 for people; the detail holds array indices. */
const human = (v: string | number | undefined): number | string => {
  const n = num(v);
  return n === undefined ? '?' : n + 1;
};

/** Picks the message variant that fits the details present and fills it in. */
function keyAndValues(r: ImportRejection): [string, Record<string, string | number>] {
  const d = r.detail;
  const where = { polygon: human(d.polygon), ring: human(d.ring) };
  switch (r.code) {
    case 'invalid_json':
      if (d.reason === 'empty') return ['invalid_json_empty', {}];
      return d.line !== undefined
        ? ['invalid_json_at', { line: d.line, column: d.column ?? '?', message: d.message ?? '' }]
        : ['invalid_json', { message: d.message ?? '' }];
    case 'not_a_feature_collection':
      return ['not_a_feature_collection', { type: d.type ?? '?' }];
    case 'missing_geometry':
      if (d.reason === 'not_a_feature') return ['missing_geometry_not_feature', { type: d.type ?? '?' }];
      if (d.reason === 'empty') return ['missing_geometry_empty', {}];
      return ['missing_geometry', {}];
    case 'unsupported_geometry':
      return ['unsupported_geometry', { type: d.type ?? '?' }];
    case 'unclosed_ring':
      return ['unclosed_ring', { ...where, count: d.count ?? '?' }];
    case 'too_few_points':
      return [
        d.reason === 'degenerate' ? 'too_few_points_degenerate' : 'too_few_points',
        { ...where, count: d.count ?? '?' },
      ];
    case 'coordinates_out_of_range':
      return [
        'coordinates_out_of_range',
        { ...where, point: human(d.position), x: d.x ?? '?', y: d.y ?? '?' },
      ];
    case 'lat_lon_swapped':
      return ['lat_lon_swapped', { ...where, x: d.x ?? '?', y: d.y ?? '?' }];
    case 'missing_key':
      return ['missing_key', { property: d.property ?? '?' }];
    case 'duplicate_key':
      return ['duplicate_key', { key: d.key ?? r.key ?? '?', first: human(d.firstIndex) }];
    case 'missing_name':
      return ['missing_name', { property: d.property ?? '?' }];
    case 'unknown_crs':
      if (d.hint === 'projected_coordinates')
        return ['unknown_crs_projected', { x: d.x ?? '?', y: d.y ?? '?' }];
      if (d.hint === 'geographic_coordinates')
        return ['unknown_crs_geographic', { x: d.x ?? '?', y: d.y ?? '?', crs: d.crs ?? '?' }];
      return ['unknown_crs', { crs: d.crs ?? '?' }];
    case 'self_intersection':
      return [
        'self_intersection',
        { ...where, lon: d.lon ?? '?', lat: d.lat ?? '?', a: human(d.segmentA), b: human(d.segmentB) },
      ];
    case 'invalid_coordinates':
      if (d.position !== undefined)
        return ['invalid_coordinates_at', { ...where, point: human(d.position), value: d.value ?? '?' }];
      return ['invalid_coordinates', {}];
    default:
      return ['unknown', { code: String(r.code) }];
  }
}

/** The rejection as one sentence in the user's language, with the facts needed to fix the file. */
export function rejectionMessage(t: TFunction, rejection: ImportRejection): string {
  const [key, values] = keyAndValues(rejection);
  return t(`areas:rejections.${key}`, values);
}
