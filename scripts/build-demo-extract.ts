/**
 * Builds the compact Berlin demo extract in src/modules/areas/demo-data/ from
 * the shared open-data files in ../shared/data/berlin-lor/.
 *
 *   npx tsx scripts/build-demo-extract.ts
 *
 * Geometries go through the same validation as user uploads, are simplified
 * together (shared borders stay shared) and rounded; the result is validated
 * again so the extract can never ship a broken ring.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  type DemoAreaFeature,
  type DemoFeatureCollection,
  LOR_COLUMNS,
  type LorRow,
} from '../src/modules/areas/demo-data/index.ts';
import {
  type AreaGeometry,
  analyseFeatureCollection,
  type ParsedArea,
  type Position,
  simplifyCollection,
} from '../src/modules/areas/geo/index.ts';

/** Degrees; about 11 m north-south and 7 m east-west in Berlin. */
const SIMPLIFY_TOLERANCE = 0.0001;
/** 5 decimals ≈ 1.1 m north-south, 0.7 m east-west: below the simplification error. */
const COORDINATE_DECIMALS = 5;

const SOURCE_DIR = resolve(process.cwd(), '../shared/data/berlin-lor');
const OUT_DIR = fileURLToPath(new URL('../src/modules/areas/demo-data/', import.meta.url));

function fail(message: string): never {
  console.error(`build-demo-extract: ${message}`);
  process.exit(1);
}

function readAreas(file: string, normaliseKey: (key: string) => string): ParsedArea[] {
  const input: unknown = JSON.parse(readFileSync(resolve(SOURCE_DIR, file), 'utf8'));
  const result = analyseFeatureCollection(input, { keyProperty: 'id', nameProperty: 'name' });
  if (result.rejections.length > 0) fail(`${file}: ${JSON.stringify(result.rejections)}`);
  return result.features
    .map((area) => ({ ...area, key: normaliseKey(area.key) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function roundRing(ring: Position[]): Position[] {
  const factor = 10 ** COORDINATE_DECIMALS;
  const out: Position[] = [];
  for (const [lon, lat] of ring as [number, number][]) {
    const p: Position = [Math.round(lon * factor) / factor, Math.round(lat * factor) / factor];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function roundGeometry(geometry: AreaGeometry): AreaGeometry {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(roundRing) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(roundRing)) };
}

function buildCollection(
  areas: ParsedArea[],
  extraProperties: (area: ParsedArea) => Partial<DemoAreaFeature['properties']> = () => ({}),
): DemoFeatureCollection {
  const simplified = simplifyCollection(
    areas.map((area) => area.geometry),
    SIMPLIFY_TOLERANCE,
  );
  return {
    type: 'FeatureCollection',
    features: areas.map((area, i) => ({
      type: 'Feature',
      properties: { key: area.key, name: area.name, ...extraProperties(area) },
      geometry: roundGeometry(simplified[i] as AreaGeometry),
    })),
  };
}

/** One feature per line: small, yet diffs stay readable. */
function serialiseCollection(collection: DemoFeatureCollection): string {
  const lines = collection.features.map((feature) => JSON.stringify(feature));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

function checkExtract(file: string, collection: DemoFeatureCollection, expectedCount: number): void {
  const check = analyseFeatureCollection(JSON.parse(serialiseCollection(collection)), {
    keyProperty: 'key',
    nameProperty: 'name',
  });
  if (check.rejections.length > 0) fail(`${file} would not validate: ${JSON.stringify(check.rejections)}`);
  if (check.features.length !== expectedCount)
    fail(`${file}: expected ${expectedCount} areas, got ${check.features.length}`);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function readLorTable(): LorRow[] {
  const records = parse(readFileSync(resolve(SOURCE_DIR, 'LOR_2021_plr_bzr_pgr_bez.csv')), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const column = (record: Record<string, string>, name: string): string => {
    const value = record[name];
    if (value === undefined || value === '') fail(`LOR table: column "${name}" missing or empty`);
    return value;
  };
  const key = (record: Record<string, string>, name: string, digits: number): string => {
    const value = column(record, name).padStart(digits, '0');
    if (!new RegExp(`^\\d{${digits}}$`).test(value)) fail(`LOR table: bad ${name} "${value}"`);
    return value;
  };
  return records
    .map((record) => {
      const plrKey = key(record, 'Planungsraum (Nummer)', 8);
      return {
        plr_key: plrKey,
        plr_name: column(record, 'Planungsraum (Name)'),
        bzr_key: key(record, 'Bezirksregion (Nummer)', 6),
        bzr_name: column(record, 'Bezirksregion (Name)'),
        pgr_key: key(record, 'Prognoseraum (Nummer)', 4),
        pgr_name: column(record, 'Prognoseraum (Name)'),
        district_name: column(record, 'Bezirk'),
        district_key: plrKey.slice(0, 2),
      };
    })
    .sort((a, b) => a.plr_key.localeCompare(b.plr_key));
}

function checkHierarchy(rows: LorRow[], districts: ParsedArea[], prognoseraeume: ParsedArea[]): string[] {
  const warnings: string[] = [];
  for (const row of rows) {
    if (!row.bzr_key.startsWith(row.pgr_key) || !row.plr_key.startsWith(row.bzr_key)) {
      fail(
        `LOR table: keys of ${row.plr_key} do not nest (${row.pgr_key} > ${row.bzr_key} > ${row.plr_key})`,
      );
    }
  }
  const districtNames = new Map(districts.map((d) => [d.key, d.name]));
  const pgrNames = new Map(prognoseraeume.map((p) => [p.key, p.name]));
  const tableDistricts = new Map(rows.map((r) => [r.district_key, r.district_name]));
  const tablePgr = new Map(rows.map((r) => [r.pgr_key, r.pgr_name]));
  for (const [key, name] of tableDistricts) {
    if (!districtNames.has(key)) fail(`district ${key} (${name}) is in the LOR table but has no geometry`);
    if (districtNames.get(key) !== name)
      warnings.push(`district ${key}: table "${name}", geometry "${districtNames.get(key)}"`);
  }
  if (tableDistricts.size !== districtNames.size) fail('district geometries without LOR rows');
  for (const [key, name] of tablePgr) {
    if (!pgrNames.has(key)) fail(`Prognoseraum ${key} (${name}) is in the LOR table but has no geometry`);
    if (pgrNames.get(key) !== name)
      warnings.push(`Prognoseraum ${key}: table "${name}", geometry "${pgrNames.get(key)}"`);
  }
  if (tablePgr.size !== pgrNames.size) fail('Prognoseraum geometries without LOR rows');
  return warnings;
}

function main(): void {
  const districts = readAreas('odp-berlin-lor-districts.geojson', (key) => key.padStart(2, '0'));
  const prognoseraeume = readAreas('odp-berlin-lor-forecast-areas-from-2021.geojson', (key) =>
    key.padStart(4, '0'),
  );
  if (districts.length !== 12) fail(`expected 12 districts, got ${districts.length}`);
  if (prognoseraeume.length !== 58) fail(`expected 58 Prognoseräume, got ${prognoseraeume.length}`);
  for (const p of prognoseraeume) if (!/^\d{4}$/.test(p.key)) fail(`unexpected Prognoseraum key ${p.key}`);

  const rows = readLorTable();
  if (rows.length !== 542) fail(`expected 542 Planungsräume, got ${rows.length}`);
  const warnings = checkHierarchy(rows, districts, prognoseraeume);

  const outputs: [string, string][] = [];
  const districtCollection = buildCollection(districts);
  checkExtract('berlin-districts.geojson', districtCollection, 12);
  outputs.push(['berlin-districts.geojson', serialiseCollection(districtCollection)]);

  const pgrCollection = buildCollection(prognoseraeume, (area) => ({ district_key: area.key.slice(0, 2) }));
  checkExtract('berlin-prognoseraeume.geojson', pgrCollection, 58);
  outputs.push(['berlin-prognoseraeume.geojson', serialiseCollection(pgrCollection)]);

  const csvLines = [
    LOR_COLUMNS.join(','),
    ...rows.map((row) => LOR_COLUMNS.map((c) => csvField(row[c])).join(',')),
  ];
  outputs.push(['berlin-lor-2021.csv', `${csvLines.join('\n')}\n`]);

  for (const [file, content] of outputs) {
    const path = resolve(OUT_DIR, file);
    writeFileSync(path, content);
    console.log(`${file}: ${statSync(path).size} bytes`);
  }
  for (const warning of warnings) console.warn(`note: ${warning}`);
}

main();
