import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BERLIN, fullBerlinData } from '../../../../test/fixtures.ts';
import { pointInArea } from './contains.ts';
import { reprojectPoint } from './crs.ts';
import { analyseFeatureCollection } from './validate.ts';

/*
 * Real Berlin open data: the extracts vendored in test/fixtures (always), and the full data sets they
 * were cut from as an optional extra where the shared data folder is next to the project. Expected
 * counts are read from the files themselves, not copied from the code under test.
 */
type Collection = { features: { properties: Record<string, string> }[] };
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const OPTS = { keyProperty: 'id', nameProperty: 'name' };

const full = fullBerlinData();
const sets = [
  { name: 'vendored extract', files: BERLIN, full: false },
  ...(full ? [{ name: 'full data set', files: full, full: true }] : []),
];

describe.each(sets)('real Berlin open data ($name)', ({ files, full }) => {
  it('parses the Prognoseräume (LOR 2021) without rejections, inside Berlin', () => {
    const doc = readJson(files.prognoseraeume) as Collection;
    const result = analyseFeatureCollection(doc, OPTS);
    expect(result.crs).toBe('EPSG:4326');
    expect(result.rejections).toEqual([]);
    expect(result.features).toHaveLength(doc.features.length);
    if (full) expect(result.features).toHaveLength(58);
    const keys = result.features.map((f) => f.key);
    expect(keys).toContain('0930');
    expect(keys.every((k) => /^\d{4}$/.test(k))).toBe(true);
    for (const area of result.features) {
      const [minLon, minLat, maxLon, maxLat] = area.bbox;
      expect(minLon).toBeGreaterThan(13.08);
      expect(maxLon).toBeLessThan(13.77);
      expect(minLat).toBeGreaterThan(52.33);
      expect(maxLat).toBeLessThan(52.68);
    }
  });

  it('finds the one duplicate key in the old (until 2020) planning areas', () => {
    // The source has 448 features for 447 Planungsräume: one key comes twice.
    const doc = readJson(files.oldPlanningAreas) as Collection;
    const ids = doc.features.map((f) => f.properties.id);
    const distinct = new Set(ids).size;
    expect(ids.length - distinct).toBe(1);
    const result = analyseFeatureCollection(doc, OPTS);
    expect(result.features).toHaveLength(distinct);
    if (full) expect(result.features).toHaveLength(447);
    expect(result.rejections.map((r) => r.code)).toEqual(['duplicate_key']);
  });

  it('places youth centres (Points, EPSG:25833) inside their own district', () => {
    const doc = readJson(files.districts) as Collection;
    const districts = analyseFeatureCollection(doc, OPTS);
    expect(districts.rejections).toEqual([]);
    expect(districts.features).toHaveLength(doc.features.length);
    if (full) expect(districts.features).toHaveLength(12);
    const districtKeys = new Set(districts.features.map((d) => d.key));

    const all = readJson(files.youthCentres) as {
      crs: { properties: { name: string } };
      features: {
        properties: { e_bez_nr: string };
        geometry: { type: string; coordinates: [number, number] };
      }[];
    };
    expect(all.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::25833');
    expect(all.features.length).toBeGreaterThan(400);
    // The centres of the districts at hand (all of them with the full data set).
    const centres = all.features.filter((c) => districtKeys.has(c.properties.e_bez_nr));
    expect(centres.length).toBeGreaterThan(50);

    let insideAny = 0;
    let insideOwn = 0;
    for (const centre of centres) {
      expect(centre.geometry.type).toBe('Point');
      const [x, y] = centre.geometry.coordinates;
      const [lon, lat] = reprojectPoint(x, y, all.crs.properties.name);
      const hits = districts.features.filter((d) => pointInArea(lon, lat, d.geometry, d.bbox));
      if (hits.length > 0) insideAny++;
      if (hits.some((d) => d.key === centre.properties.e_bez_nr)) insideOwn++;
    }
    expect(insideAny / centres.length).toBeGreaterThanOrEqual(0.95);
    // Stronger: the district number recorded in the source matches the geometry.
    expect(insideOwn / centres.length).toBeGreaterThanOrEqual(0.95);
  });
});
