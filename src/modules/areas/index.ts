import type { Db } from '../../platform/db/index.ts';
import { listAreas } from './queries.ts';

export { AREA_KINDS, type AreaGeometry, type AreaKind, areas } from './db/schema.ts';
export { areasManifest } from './manifest.ts';
export {
  type Area,
  type AreaSummary,
  areaPath,
  boundaries,
  descendantIds,
  getArea,
  getAreaByKey,
  getAreaBySlug,
  listAreas,
  slugify,
} from './queries.ts';

/** Areas a staff member can switch between: the team areas and districts. */
export async function areaSwitchOptions(db: Db, tenantId: string) {
  const list = await listAreas(db, tenantId, { kinds: ['programme', 'district'] });
  return list.map((a) => ({ value: a.id, label: a.name }));
}
export { importLorHierarchy, type LorHierarchyRow } from './use-cases/import-lor-hierarchy.ts';
export { type AreaInput, upsertAreas } from './use-cases/upsert-areas.ts';

/** The bundled Berlin extract (districts, Prognoseräume, LOR 2021 table) for the demo tenant. */
export async function loadDemoData() {
  const m = await import('./demo-data/index.ts');
  const [districts, prognoseraeume, lor] = await Promise.all([m.loadBerlinDistricts(), m.loadBerlinPrognoseraeume(), m.loadBerlinLor2021()]);
  return { districts, prognoseraeume, lor };
}
