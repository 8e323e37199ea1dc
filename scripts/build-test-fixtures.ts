/**
 * Builds the test fixtures in test/fixtures/ from the open data and specification files in the
 * shared folder next to the project (../shared/data, ../shared/specs). The tests read only
 * test/fixtures/; this script is how the files there were made and how to make them again.
 *
 *   npx tsx scripts/build-test-fixtures.ts
 *
 * Small files are copied unchanged; big ones are cut down to the features, rows or keys the tests
 * need (see test/fixtures/SOURCES.md for what was taken from where, under which licence).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared');
const DATA = join(SHARED, 'data');
const SPECS = join(SHARED, 'specs');
const OUT = join(ROOT, 'test', 'fixtures');

/** Prognoseräume 2021 kept: in the districts kept below; 0930 is a MultiPolygon of several parts. */
const PGR_KEYS = new Set(['0930', '1260', '0130', '0140', '1210']);
/** Districts kept: Mitte, Treptow-Köpenick, Reinickendorf (the parents of the Prognoseräume above). */
const DISTRICT_KEYS = new Set(['01', '09', '12']);
/** Old (until 2020) Planungsräume kept: the first ones of Steglitz, with the one key the source has twice. */
const OLD_PLR_PREFIX = '06010';
/** Streets kept whole in the address extract (the tests place addresses in them). */
const STREETS = new Set(['Soldiner Straße', 'Ackerstraße', 'Schwedter Straße']);
/** Plus every n-th row of the whole list, for addresses from all over Berlin. */
const EVERY_NTH_ADDRESS = 2000;
/** The GeoJSON schemas and conformance fixtures the tests use. */
const GEOJSON_SCHEMAS = ['Feature', 'FeatureCollection', 'GeoJSON', 'Polygon', 'MultiPolygon'];
const GEOJSON_FIXTURE_TYPES = ['feature', 'featurecollection', 'polygon', 'multipolygon'];
/** What the schema.org check needs of each vocabulary node (no comments, labels or provenance). */
const SCHEMAORG_KEYS = ['@id', '@type', 'rdfs:subClassOf', 'schema:domainIncludes', 'schema:rangeIncludes'];

const written: string[] = [];
function out(path: string): string {
  const file = join(OUT, path);
  mkdirSync(dirname(file), { recursive: true });
  written.push(file);
  return file;
}
const copy = (from: string, to: string) => copyFileSync(from, out(to));

interface Collection {
  features: { properties: Record<string, unknown> }[];
  [key: string]: unknown;
}

/** The collection with only the features `keep` accepts, in source order; one feature per line. */
function extractFeatures(from: string, to: string, keep: (id: string) => boolean) {
  const source = JSON.parse(readFileSync(from, 'utf8')) as Collection;
  const { features, ...rest } = source;
  const kept = features.filter((f) => keep(String(f.properties.id)));
  const head = JSON.stringify(rest).slice(0, -1);
  const body = kept.map((f) => JSON.stringify(f)).join(',\n');
  writeFileSync(out(to), `${head},"features":[\n${body}\n]}\n`);
  return kept.length;
}

// The folders this script writes (SOURCES.md next to them is written by hand).
for (const dir of [
  'berlin-lor',
  'berlin-services',
  'geojson',
  'icalendar',
  'schemaorg',
  'oparl-1.1',
  'hsds-3.0',
])
  rmSync(join(OUT, dir), { recursive: true, force: true });

// ── Berlin open data ──
copy(join(DATA, 'berlin-lor/LOR_2021_plr_bzr_pgr_bez.csv'), 'berlin-lor/LOR_2021_plr_bzr_pgr_bez.csv');
copy(
  join(DATA, 'berlin-services/jugendfreizeiteinrichtungen_2022_epsg25833.geojson'),
  'berlin-services/jugendfreizeiteinrichtungen_2022_epsg25833.geojson',
);
copy(
  join(DATA, 'berlin-services/hilf-mir_berlin_psychosocial_services_utf8.csv'),
  'berlin-services/hilf-mir_berlin_psychosocial_services_utf8.csv',
);
const pgr = extractFeatures(
  join(DATA, 'berlin-lor/odp-berlin-lor-forecast-areas-from-2021.geojson'),
  'berlin-lor/forecast-areas-from-2021.extract.geojson',
  (id) => PGR_KEYS.has(id),
);
const districts = extractFeatures(
  join(DATA, 'berlin-lor/odp-berlin-lor-districts.geojson'),
  'berlin-lor/districts.extract.geojson',
  (id) => DISTRICT_KEYS.has(id),
);
const oldPlr = extractFeatures(
  join(DATA, 'berlin-lor/odp-berlin-lor-planning-areas-until-2020.geojson'),
  'berlin-lor/planning-areas-until-2020.extract.geojson',
  (id) => id.startsWith(OLD_PLR_PREFIX),
);
const lines = gunzipSync(readFileSync(join(DATA, 'berlin-lor/adressen_berlin_2023-06_to_plr2021.csv.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean);
const rows = lines
  .slice(1)
  .filter((line, i) => STREETS.has(line.split(',')[2]) || i % EVERY_NTH_ADDRESS === 0);
// Node writes no time stamp or file name into the gzip header: the same rows give the same bytes.
writeFileSync(
  out('berlin-lor/addresses_2023-06_to_plr2021.extract.csv.gz'),
  gzipSync(`${[lines[0], ...rows].join('\n')}\n`, { level: 9 }),
);

// ── Specifications ──
const geojson = join(SPECS, 'geojson');
copy(join(geojson, 'LICENSE.md'), 'geojson/LICENSE.md');
for (const name of GEOJSON_SCHEMAS)
  copy(join(geojson, 'geojson-schema-1.0.5', `${name}.json`), `geojson/geojson-schema-1.0.5/${name}.json`);
for (const kind of ['valid', 'invalid'])
  for (const type of GEOJSON_FIXTURE_TYPES) {
    const dir = join(geojson, 'test/fixtures', kind, type);
    for (const f of readdirSync(dir)) copy(join(dir, f), `geojson/test/fixtures/${kind}/${type}/${f}`);
  }

const samples = join(SPECS, 'icalendar/ical.js-samples');
copy(join(SPECS, 'icalendar/LICENSE-ical.js'), 'icalendar/LICENSE-ical.js');
for (const f of readdirSync(samples).filter((x) => x.endsWith('.ics')))
  copy(join(samples, f), `icalendar/ical.js-samples/${f}`);

// OParl 1.1: the official JSON schemas (release on master) and the licence, unchanged.
const oparl = join(SPECS, 'oparl-1.1');
copy(join(oparl, 'LICENSE'), 'oparl-1.1/LICENSE');
for (const f of readdirSync(join(oparl, 'schema')).filter((x) => x.endsWith('.json')))
  copy(join(oparl, 'schema', f), `oparl-1.1/schema/${f}`);

// HSDS 3.0: the official JSON schemas of each object, the API's OpenAPI file, the three compiled
// list schemas (self-contained, small) and the licence, unchanged. The compiled full schemas
// (2–3.5 MB each) are left out: the per-object schemas reference each other instead.
const hsds = join(SPECS, 'hsds-3.0');
copy(join(hsds, 'LICENSE'), 'hsds-3.0/LICENSE');
for (const f of readdirSync(join(hsds, 'schema')).filter((x) => x.endsWith('.json')))
  copy(join(hsds, 'schema', f), `hsds-3.0/schema/${f}`);
for (const f of ['service_list.json', 'service_at_location_list.json', 'organization_list.json'])
  copy(join(hsds, 'schema/compiled', f), `hsds-3.0/schema/compiled/${f}`);

const vocabulary = JSON.parse(
  readFileSync(join(SPECS, 'schemaorg/schemaorg-current-https.jsonld'), 'utf8'),
) as { '@context': Record<string, unknown>; '@graph': Record<string, unknown>[] };
const context = Object.fromEntries(['rdf', 'rdfs', 'schema'].map((k) => [k, vocabulary['@context'][k]]));
const nodes = vocabulary['@graph'].map((n) =>
  JSON.stringify(Object.fromEntries(SCHEMAORG_KEYS.filter((k) => k in n).map((k) => [k, n[k]]))),
);
writeFileSync(
  out('schemaorg/schemaorg-current-https.structure.jsonld'),
  `{"@context":${JSON.stringify(context)},"@graph":[\n${nodes.join(',\n')}\n]}\n`,
);

console.log(
  `build-test-fixtures: ${pgr} Prognoseräume, ${districts} districts, ${oldPlr} old Planungsräume, ${rows.length} addresses, ${nodes.length} schema.org nodes`,
);
for (const file of written.sort()) {
  const bytes = readFileSync(file);
  const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  console.log(`${relative(OUT, file)}\t${bytes.length}\t${sha}`);
}
