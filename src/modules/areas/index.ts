import type { Db } from '../../platform/db/index.ts';
import { areaChoices } from './policies.ts';

export { normaliseHouseNumber, normaliseStreet, type ParsedAddress, parseAddress } from './addresses.ts';
export { AREA_KINDS, type AreaGeometry, type AreaKind } from './db/schema.ts';
export { areaFeature, featureCollection, GEOJSON_TYPE } from './geojson.ts';
export { interiorPoint } from './interior-point.ts';
export { areasManifest } from './manifest.ts';
export { type AreaChoice, areaChoices, expandScope, publicAreaChoices, TEAM_AREA_KINDS } from './policies.ts';
export {
  type Area,
  type AreaSummary,
  areaPath,
  areasVersion,
  boundaries,
  countMatchingAreas,
  descendantIds,
  getArea,
  getAreaByKey,
  getAreaBySlug,
  getPublicAreaBySlug,
  listAreas,
} from './queries.ts';
export { rejectionMessage } from './rejection-messages.ts';
export { AreaMap, displayPaths, type MapMarker, placeMarkers } from './ui/map.tsx';
export { areaPageContext } from './ui/public.tsx';
export { type AddressImportResult, importAddresses, openCsvFile } from './use-cases/import-addresses.ts';
export {
  type BoundaryImportOptions,
  type BoundaryImportReport,
  type ImportRejection,
  importBoundaries,
  isWholeFileRejection,
} from './use-cases/import-boundaries.ts';
export { importLorHierarchy, type LorHierarchyRow } from './use-cases/import-lor-hierarchy.ts';
export {
  type AddressMatch,
  type AddressPlacement,
  lookupAddress,
  type PlacedArea,
  placeAddress,
  placePoint,
} from './use-cases/place.ts';
export { readLorCsv } from './use-cases/read-lor-csv.ts';
// What staff do with areas: each takes the acting member first.
export { editArea, importAreaBoundaries, setAreasPublished } from './use-cases/staff.ts';
export { type AreaInput, upsertAreas } from './use-cases/upsert-areas.ts';

/** Areas a staff member can switch between: the team areas and districts. */
export async function areaSwitchOptions(db: Db, tenantId: string) {
  return (await areaChoices(db, tenantId, null)).map(({ value, label }) => ({ value, label }));
}

/** The bundled Berlin extract (districts, Prognoseräume, LOR 2021 table) for the demo tenant. */
export async function loadDemoData() {
  const m = await import('./demo-data/index.ts');
  const [districts, prognoseraeume, lor] = await Promise.all([
    m.loadBerlinDistricts(),
    m.loadBerlinPrognoseraeume(),
    m.loadBerlinLor2021(),
  ]);
  return { districts, prognoseraeume, lor };
}
