export { bboxContains, bboxOf, pointInArea } from './contains.ts';
export { isGeographic, reprojectPoint, resolveCrs, type SupportedCrs } from './crs.ts';
export { fitProjection, type SvgPath, type SvgPaths, toSvgPaths } from './project.ts';
export { findSelfIntersection, type SelfIntersection } from './rings.ts';
export { simplifyCollection, simplifyGeometry } from './simplify.ts';
export type {
  AnalyseOptions,
  AnalyseResult,
  AreaGeometry,
  BBox,
  MultiPolygon,
  ParsedArea,
  Polygon,
  Position,
  Rejection,
  RejectionCode,
} from './types.ts';
export { analyseFeatureCollection } from './validate.ts';
