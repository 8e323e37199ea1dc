import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { AreaGeometry } from '../geo/index.ts';

/*
 * Loader for the bundled Berlin demo extract (built by
 * scripts/build-demo-extract.ts; sources and changes in SOURCES.md).
 */

export interface DemoAreaProperties {
  key: string;
  name: string;
  /** Set on Prognoseräume: the district they belong to. */
  district_key?: string;
}

export interface DemoAreaFeature {
  type: 'Feature';
  properties: DemoAreaProperties;
  geometry: AreaGeometry;
}

export interface DemoFeatureCollection {
  type: 'FeatureCollection';
  features: DemoAreaFeature[];
}

/** One LOR 2021 Planungsraum with its parents; all keys are zero-padded strings. */
export interface LorRow {
  plr_key: string;
  plr_name: string;
  bzr_key: string;
  bzr_name: string;
  pgr_key: string;
  pgr_name: string;
  district_name: string;
  district_key: string;
}

export const LOR_COLUMNS = [
  'plr_key',
  'plr_name',
  'bzr_key',
  'bzr_name',
  'pgr_key',
  'pgr_name',
  'district_name',
  'district_key',
] as const satisfies readonly (keyof LorRow)[];

export const demoDataFiles = {
  districts: new URL('./berlin-districts.geojson', import.meta.url),
  prognoseraeume: new URL('./berlin-prognoseraeume.geojson', import.meta.url),
  lor2021: new URL('./berlin-lor-2021.csv', import.meta.url),
} as const;

async function readFeatureCollection(url: URL): Promise<DemoFeatureCollection> {
  return JSON.parse(await readFile(url, 'utf8')) as DemoFeatureCollection;
}

/** The 12 Berlin districts (Bezirke), keys "01".."12". */
export function loadBerlinDistricts(): Promise<DemoFeatureCollection> {
  return readFeatureCollection(demoDataFiles.districts);
}

/** The 58 Prognoseräume (LOR 2021), keys like "0930", with `district_key`. */
export function loadBerlinPrognoseraeume(): Promise<DemoFeatureCollection> {
  return readFeatureCollection(demoDataFiles.prognoseraeume);
}

/** The 542 Planungsräume of LOR 2021 with Bezirksregion, Prognoseraum and district. */
export async function loadBerlinLor2021(): Promise<LorRow[]> {
  const text = await readFile(demoDataFiles.lor2021, 'utf8');
  // Every value stays a string, so leading zeros in keys survive.
  return parse(text, { columns: true, skip_empty_lines: true }) as LorRow[];
}
