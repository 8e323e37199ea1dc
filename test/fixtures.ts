import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Where the tests find their data files.
 *
 * Every test reads the fixtures in test/fixtures/ (small extracts of real open data and copies of
 * official schemas, see test/fixtures/SOURCES.md), so `npm test` needs nothing outside the clone.
 *
 * A few tests also run, as an optional extra, on the full data sets the extracts were cut from, when
 * the shared data folder next to the project exists (as on the machines the project is developed on).
 * That folder is named only here.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The test fixtures folder. */
export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** A file in test/fixtures/. */
export const fixture = (...path: string[]) => join(FIXTURES, ...path);

const FULL_DATA = join(ROOT, '..', 'shared', 'data');

/** A file of the full open data sets (shared data folder next to the project), or null where it is absent. */
export function fullData(...path: string[]): string | null {
  const file = join(FULL_DATA, ...path);
  return existsSync(file) ? file : null;
}

/** The Berlin data files the area tests read: the vendored extracts. */
export const BERLIN = {
  lorTable: fixture('berlin-lor', 'LOR_2021_plr_bzr_pgr_bez.csv'),
  /** 5 of the 58 Prognoseräume 2021, unchanged. */
  prognoseraeume: fixture('berlin-lor', 'forecast-areas-from-2021.extract.geojson'),
  /** 3 of the 12 districts (01, 09, 12), unchanged. */
  districts: fixture('berlin-lor', 'districts.extract.geojson'),
  /** 11 of the 448 features of the old (until 2020) Planungsräume, among them the one duplicated key. */
  oldPlanningAreas: fixture('berlin-lor', 'planning-areas-until-2020.extract.geojson'),
  /** 699 of the 401,032 addresses: three whole streets and every 2000th row. */
  addresses: fixture('berlin-lor', 'addresses_2023-06_to_plr2021.extract.csv.gz'),
  /** All 407 youth centres, unchanged. */
  youthCentres: fixture('berlin-services', 'jugendfreizeiteinrichtungen_2022_epsg25833.geojson'),
  /** All 252 psychosocial services of the hilf-mir Berlin file (with its blank rows), unchanged. */
  services: fixture('berlin-services', 'hilf-mir_berlin_psychosocial_services_utf8.csv'),
};

/** The same files in full, where the shared data folder is present; null otherwise. */
export function fullBerlinData(): typeof BERLIN | null {
  const files = {
    lorTable: fullData('berlin-lor', 'LOR_2021_plr_bzr_pgr_bez.csv'),
    prognoseraeume: fullData('berlin-lor', 'odp-berlin-lor-forecast-areas-from-2021.geojson'),
    districts: fullData('berlin-lor', 'odp-berlin-lor-districts.geojson'),
    oldPlanningAreas: fullData('berlin-lor', 'odp-berlin-lor-planning-areas-until-2020.geojson'),
    addresses: fullData('berlin-lor', 'adressen_berlin_2023-06_to_plr2021.csv.gz'),
    youthCentres: fullData('berlin-services', 'jugendfreizeiteinrichtungen_2022_epsg25833.geojson'),
    services: fullData('berlin-services', 'hilf-mir_berlin_psychosocial_services_utf8.csv'),
  };
  return Object.values(files).every((f) => f !== null) ? (files as typeof BERLIN) : null;
}
