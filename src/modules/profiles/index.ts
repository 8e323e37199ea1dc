// Public surface of the profiles module (AREA-2, AREA-3): indicators of the official statistics, their
// values per area and period (imported or derived for higher levels), the import of indicator tables,
// and the area profile pages. Other modules import only from here.

export {
  AGGREGATIONS,
  type Aggregation,
  DIRECTIONS,
  type Direction,
  type ImportReport,
  type SkippedRow,
  UNITS,
  type Unit,
} from './domain/vocab.ts';
export { profilesManifest } from './manifest.ts';
export {
  type Indicator,
  type IndicatorValue,
  listIndicators,
  periodsOf,
  profilesVersion,
  type SeriesPoint,
  seriesOf,
  valuesOf,
} from './queries.ts';
export { type IndicatorInput, indicatorInput } from './schemas.ts';
export { type ImportInput, type ImportResult, importIndicatorFile } from './use-cases/import.ts';
export {
  type AreaValue,
  importReportFor,
  importsFor,
  indicatorFor,
  indicatorsFor,
  publicValues,
  publishedIndicator,
  setIndicatorPublished,
  updateIndicator,
} from './use-cases/indicators.ts';
export {
  type AreaProfile,
  areaProfile,
  type ChoroplethData,
  type ChoroplethQuery,
  choropleth,
  hasPublicProfile,
} from './use-cases/profile.ts';
